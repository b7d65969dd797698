"""What the head of each page tells search engines and link previews: its description,
Open Graph's title, address and image, and the canonical link.

Pure functions of the briefing (or the library's entries) and the settings. Absolute
addresses need `site.url`, where the web team publishes the output folder: without it
there is no canonical link and no Open Graph address or image.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen.content.config import ProjectConfig
from briefgen.names import preview_name
from briefgen.render.present import BriefingView
from briefgen.render.words import ENGLISH_WORDS, Words

if TYPE_CHECKING:
    from briefgen.render.library_pages import LibraryEntry


# Open Graph's preferred size for a link preview (1.91:1): the top of the PDF's first page.
PREVIEW_WIDTH = 1200


PREVIEW_HEIGHT = 630


# Search engines show about 160 characters of a description; link previews a little more.
DESCRIPTION_LIMIT = 300


def site_address(config: ProjectConfig) -> str | None:
    """`site.url` ending in one slash, or None when it is not set."""
    url = config.site.url
    return None if url is None else str(url).rstrip("/") + "/"


def absolute(base: str | None, relative: str) -> str | None:
    """A file of the output folder as published under `base`; None without a base."""
    return None if base is None else base + relative


def shortened(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """`text` cut at the last word that fits in `limit` characters, with an ellipsis: a
    first paragraph can run to hundreds of words, and a description is a line or two."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    words = head.rsplit(maxsplit=1) if " " in text[:limit] else [head]
    # Only spaces before the limit (" 00" cut at 2): the characters that fit, not a word.
    cut = words[0] if len(words) > 1 else head
    return cut.rstrip(" ,;:.") + "…"


@dataclass(frozen=True)
class PageMeta:
    """What a page's head tells search engines and link previews (Open Graph)."""

    title: str
    description: str
    kind: str  # og:type: "article" for a briefing, "website" for the index
    site_name: str  # og:site_name: the partnership that publishes it
    url: str | None = None  # canonical and og:url: only with site.url
    image: str | None = None  # og:image: only with site.url
    image_alt: str = ""
    published: str | None = None  # article:published_time
    image_width: int = PREVIEW_WIDTH
    image_height: int = PREVIEW_HEIGHT


def page_meta(view: BriefingView, config: ProjectConfig, words: Words = ENGLISH_WORDS) -> PageMeta:
    """A briefing page's metadata: its summary (or the one-line description) and, with
    `site.url`, its address and the image of the top of its first page (its text
    alternative in the language of `words`)."""
    base = site_address(config)
    page = f"{view.slug}/index.html"
    return PageMeta(
        title=view.title,
        description=shortened(view.summary or view.description),
        kind="article",
        site_name=view.partnership,
        url=absolute(base, page),
        image=absolute(base, f"{view.slug}/{preview_name(view.slug)}"),
        image_alt=words.gettext("The top of the first page of the briefing %(title)s")
        % {"title": view.title},
        published=view.published.isoformat() if view.published else None,
    )


def index_meta(
    entries: list[LibraryEntry],
    config: ProjectConfig,
    file: str = "index.html",
    chosen: str | None = None,
    words: Words = ENGLISH_WORDS,
) -> PageMeta:
    """The metadata of the index, or of one of its filter pages (`file`, listing the
    briefings of the filter `chosen`); its image is its newest briefing's, if any."""
    base = site_address(config)
    name = config.partnership.name
    newest = next((e for e in entries if preview_name(e.slug) in e.files), None)
    image = None if newest is None else f"{newest.slug}/{preview_name(newest.slug)}"
    what = words.gettext("The learning briefings of %(partnership)s") % {"partnership": name}
    what += f" ({chosen})" if chosen else ""
    title = words.gettext("Learning briefings: %(partnership)s") % {"partnership": name}
    return PageMeta(
        title=f"{chosen}: {title}" if chosen else title,
        description=words.gettext(
            "%(what)s, newest first: what audits and reviews found and what practitioners "
            "can do, each as a web page and a PDF to download."
        )
        % {"what": what},
        kind="website",
        site_name=name,
        url=absolute(base, file),
        image=None if image is None else absolute(base, image),
        image_alt=""
        if newest is None
        else words.gettext("The top of the first page of %(title)s") % {"title": newest.title},
    )


__all__ = [
    "DESCRIPTION_LIMIT",
    "PREVIEW_HEIGHT",
    "PREVIEW_WIDTH",
    "PageMeta",
    "absolute",
    "index_meta",
    "page_meta",
    "shortened",
    "site_address",
]
