"""The links between a briefing's versions in other languages: a visible link at the top
of each page and fragment, named in its own language ("Cymraeg", "English") so that a
reader who does not read this one finds theirs, and the `hreflang` alternates a search
engine reads to offer each reader their language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.content.config import ProjectConfig
from briefgen.content.languages import autonym, language_of, primary_of
from briefgen.content.load import Version


@dataclass(frozen=True)
class Alternate:
    """Another language's version of a briefing, as its pages link to it."""

    tag: str  # its language's BCP 47 tag, for `hreflang` and the link's `lang`
    name: str  # its language's name in itself: "Cymraeg"
    direction: str  # "ltr" or "rtl": the link's text is in that language
    slug: str  # its folder in the outputs
    page: str  # its web page from this one's: ../NAME-cy/index.html
    address: str | None  # its web page's address, with `site.url`; else None


def alternates_of(versions: Sequence[Version], config: ProjectConfig) -> tuple[Alternate, ...]:
    """The versions a briefing's pages link to, in the order of the project's `languages`
    (the one a reader meets first, first), then by tag; not one that cannot be read (its
    own build fails, so there is no page to link to)."""
    base = None if config.site.url is None else str(config.site.url).rstrip("/") + "/"
    order = [primary_of(tag) for tag in config.languages]

    def rank(version: Version) -> tuple[int, str]:
        primary = primary_of(version.language)
        return (order.index(primary) if primary in order else len(order), version.language)

    return tuple(
        Alternate(
            tag=version.language,
            name=autonym(version.language),
            direction=language_of(version.language).direction,
            slug=version.slug,
            page=f"../{version.slug}/index.html",
            address=None if base is None else f"{base}{version.slug}/index.html",
        )
        for version in sorted(versions, key=rank)
        if version.loaded is not None
    )


__all__ = ["Alternate", "alternates_of"]
