"""Who publishes a briefing: a partnership's whole identity, never half of one.

A partnership is known by its name, its logo and the logo's text alternative, its
website (the web page's footer link, and the site a link preview names), and the address
its teams send their discussion records to. `briefgen.yaml` gives the project's own
partnership and, under `partnerships:`, the others it publishes for (a regional library
publishing for each of its members). A briefing names one of them, or gives a
partnership of its own in full; a briefing that names none is the project's. What it
gives is all there is: a briefing of another partnership never borrows the project's
logo, website or address, which would present it as the project's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Annotated, Protocol

from pydantic import AnyUrl, Field, UrlConstraints, field_validator

from briefgen.content.languages import LanguageTag, primary_of
from briefgen.content.values import (
    CONTROL_IN_ADDRESS_FIX,
    NO_CONTROLS,
    Label,
    Strict,
    control_in_address,
)

MAX_LANGUAGES = 8  # a partnership publishes in two, at most a handful of community languages
EMAIL_ADDRESS = re.compile(r"[^@\s<>\"'():/?#]+@[^@\s<>\"'():/?#]+\.[A-Za-z]{2,}")
FORM_ADDRESS = re.compile(r"https://[^\s/?#<>\"']+\.[^\s/?#<>\"']+(?:[/?#]\S*)?")
HttpsUrl = Annotated[
    AnyUrl,
    UrlConstraints(allowed_schemes=["https", "http"], max_length=2000),
    NO_CONTROLS,  # before the URL parser, which drops a written line break without a word
]


def check_send_to(value: str | None) -> str | None:
    """An email address or the https:// address of a form, alone: a mailto: link is made
    of it, so a control character in it would add mail headers (a hidden Bcc)."""
    if value is None:
        return None
    if control_in_address(value):
        raise ValueError(CONTROL_IN_ADDRESS_FIX)
    if EMAIL_ADDRESS.fullmatch(value) or (FORM_ADDRESS.fullmatch(value) and value.isprintable()):
        return value
    raise ValueError(
        f"{value!r} is neither an email address nor a web address starting with https://; "
        "write one alone, like learning@example.org or https://www.example.org/record-form"
    )


class Logo(Strict):
    """The partnership's logo, shown in the header band."""

    file: Label = Field(
        description="The logo file (SVG, PNG or JPEG of at most 2 MB), in the project folder.",
        examples=["assets/logo.svg"],
    )
    alt: Label = Field(
        description="The logo's text alternative: usually the partnership's name and 'logo'.",
        examples=["West Sussex Safeguarding Children Partnership logo"],
    )


class DiscussionRecord(Strict):
    """The discussion record built for each briefing, which teams fill in and send back."""

    send_to: Annotated[str, Field(max_length=2000)] | None = Field(
        default=None,
        description=(
            "Where teams send their filled-in discussion records: an email address, or the "
            "https:// address of a web form to upload them; without it, the record asks teams "
            "to send it to the partnership."
        ),
        examples=["learning@westsussexscp.org.uk"],
    )

    _send_to = field_validator("send_to")(check_send_to)


class InLanguage(Strict):
    """The partnership as a version of its briefings in another language shows it."""

    name: Label | None = Field(
        default=None,
        description="Its name in that language (optional).",
        examples=["Bwrdd Diogelu Canolbarth a Gorllewin Cymru"],
    )
    website: HttpsUrl | None = Field(
        default=None,
        description="Its website in that language (optional).",
        examples=["https://www.cysur.cymru"],
    )
    logo_alt: Label | None = Field(
        default=None,
        description="Its logo's text alternative in that language (optional).",
        examples=["Logo Bwrdd Diogelu Canolbarth a Gorllewin Cymru"],
    )


class Partnership(Strict):
    """Who publishes the briefings."""

    name: Label = Field(
        description="The partnership's full name.",
        examples=["West Sussex Safeguarding Children Partnership"],
    )
    website: HttpsUrl | None = Field(
        default=None,
        description="The partnership's website, linked from the briefings.",
        examples=["https://www.westsussexscp.org.uk"],
    )
    logo: Logo | None = Field(
        default=None,
        description="The logo (optional).",
        examples=[
            {"file": "assets/logo.svg", "alt": "West Sussex Safeguarding Children Partnership logo"}
        ],
    )
    translations: dict[LanguageTag, InLanguage] = Field(
        default_factory=dict,
        max_length=MAX_LANGUAGES,
        description=(
            "Its name, website and logo's text alternative in the other languages it publishes "
            "in, by language: what a briefing in that language shows (optional)."
        ),
        examples=[
            {"cy": {"name": "Partneriaeth Diogelu Plant", "logo_alt": "Logo'r bartneriaeth"}}
        ],
    )


class OtherPartnership(Partnership):
    """A partnership other than the project's own, given whole: its name, logo, website and
    where its teams send their discussion records. Nothing of the project's is borrowed."""

    name: Label = Field(
        description="The partnership's full name: the header band, the footer, the web page's "
        "site name.",
        examples=["Example Safeguarding Children Partnership"],
    )
    website: HttpsUrl | None = Field(
        default=None,
        description="Its website, linked from the web page (optional: without it, no link).",
        examples=["https://www.example.org"],
    )
    logo: Logo | None = Field(
        default=None,
        description="Its logo, `file` and `alt` (optional: without it, the band shows the name "
        "alone).",
        examples=[{"file": "assets/example-logo.svg", "alt": "Example partnership logo"}],
    )
    discussion_record: DiscussionRecord | None = Field(
        default=None,
        description="Where its teams send their discussion records (`send_to`); without it, "
        "the record asks teams to send it to the partnership.",
        examples=[{"send_to": "learning@example.org"}],
    )


@dataclass(frozen=True)
class Identity:
    """The partnership a briefing is published by, resolved: everything shown of it.

    `logo_is_own`: the logo is the briefing's own (given in the briefing, not in
    briefgen.yaml), so the briefing is rebuilt when that file changes and the logo is
    checked with the briefing. `declared`: the partnership is given whole (in
    briefgen.yaml or in the briefing); a name alone that briefgen.yaml does not know is
    published with its name alone, and `check` says so."""

    name: str
    website: str | None = None
    logo: Logo | None = None
    send_to: str | None = None
    logo_is_own: bool = False
    declared: bool = True


def identity_of(
    given: str | OtherPartnership | None, config: ProjectSettings, language: str | None = None
) -> Identity:
    """The identity a briefing's `partnership:` gives, in the briefing's `language` where
    the partnership has its `translations`."""
    identity = _identity_of(given, config)
    partnership = _partnership_of(given, config)
    if language is None or partnership is None:
        return identity
    shown = partnership_in(partnership, language)
    if shown is partnership:
        return identity
    return replace(identity, name=shown.name, website=_address(shown.website), logo=shown.logo)


def partnership_in(partnership: Partnership, language: str) -> Partnership:
    """The partnership as a page in `language` shows it (a library's index in Welsh): its
    name, website and logo's text alternative in that language, where it gives them."""
    found = _translation(partnership, language)
    if found is None:
        return partnership
    logo = partnership.logo
    if logo is not None and found.logo_alt:
        logo = logo.model_copy(update={"alt": found.logo_alt})
    changes = {"name": found.name or partnership.name, "logo": logo}
    return partnership.model_copy(
        update={**changes, "website": found.website or partnership.website}
    )


def _translation(partnership: Partnership, language: str) -> InLanguage | None:
    translations = partnership.translations.items()
    return next((t for tag, t in translations if primary_of(tag) == primary_of(language)), None)


def _partnership_of(
    given: str | OtherPartnership | None, config: ProjectSettings
) -> Partnership | None:
    """The partnership given whole (briefgen.yaml's, or the briefing's own), if it is."""
    if given is None or given == config.partnership.name:
        return config.partnership
    if isinstance(given, str):
        return declared_partnership(given, config)
    return given


def _identity_of(given: str | OtherPartnership | None, config: ProjectSettings) -> Identity:
    """The identity a briefing's `partnership:` gives: the project's (none, or its name), a
    partnership of briefgen.yaml's `partnerships:` (by name), its own (given in full), or a
    name alone."""
    project = config.partnership
    if given is None or given == project.name:
        return Identity(
            project.name,
            _address(project.website),
            project.logo,
            config.discussion_record.send_to,
        )
    if isinstance(given, str):
        declared = declared_partnership(given, config)
        if declared is None:
            return Identity(given, declared=False)
        return _whole(declared)
    return _whole(given, own_logo=True)


def declared_partnership(name: str, config: ProjectSettings) -> OtherPartnership | None:
    """The partnership of briefgen.yaml's `partnerships:` called `name`, if there is one."""
    return next((other for other in config.partnerships if other.name == name), None)


def _whole(partnership: OtherPartnership, *, own_logo: bool = False) -> Identity:
    record = partnership.discussion_record
    return Identity(
        partnership.name,
        _address(partnership.website),
        partnership.logo,
        record.send_to if record else None,
        logo_is_own=own_logo and partnership.logo is not None,
    )


def _address(url: AnyUrl | None) -> str | None:
    return None if url is None else str(url)


class ProjectSettings(Protocol):
    """What a partnership's identity is resolved against: the part of `briefgen.yaml` that
    names who publishes (`briefgen.content.config.ProjectConfig` is one)."""

    @property
    def partnership(self) -> Partnership: ...

    @property
    def partnerships(self) -> list[OtherPartnership]: ...

    @property
    def discussion_record(self) -> DiscussionRecord: ...


__all__ = [
    "MAX_LANGUAGES",
    "DiscussionRecord",
    "HttpsUrl",
    "Identity",
    "InLanguage",
    "Logo",
    "OtherPartnership",
    "Partnership",
    "ProjectSettings",
    "check_send_to",
    "declared_partnership",
    "identity_of",
    "partnership_in",
]
