"""The project configuration (`briefgen.yaml`) and the command-line overrides, merged here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AnyUrl, Field, UrlConstraints, field_validator

from briefgen.content.load import read_yaml, validate
from briefgen.content.values import (
    CONTROL_IN_ADDRESS_FIX,
    NO_CONTROLS,
    Label,
    PageBudget,
    Strict,
    WholeNumber,
    control_in_address,
)
from briefgen.gate import SETTINGS
from briefgen.paths import (
    CONFIG_NAME,
    CONTENT_FOLDER,
    TEMPLATES_FOLDER,
    find_project_root,
    output_folder,
    shown_path,
)

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
EMAIL_ADDRESS = re.compile(r"[^@\s<>\"'():/?#]+@[^@\s<>\"'():/?#]+\.[A-Za-z]{2,}")
FORM_ADDRESS = re.compile(r"https://[^\s/?#<>\"']+\.[^\s/?#<>\"']+(?:[/?#]\S*)?")
HttpsUrl = Annotated[
    AnyUrl,
    UrlConstraints(allowed_schemes=["https", "http"], max_length=2000),
    NO_CONTROLS,  # before the URL parser, which drops a written line break without a word
]


def _check_colour(value: str) -> str:
    if not HEX_COLOUR.match(value):
        raise ValueError(
            f"{value!r} is not a colour; write it as # and six hex digits, like #00558C"
        )
    return value.upper()


def _check_send_to(value: str | None) -> str | None:
    if value is None:
        return None
    if control_in_address(value):  # a mailto: link is made of it: mail headers, a Bcc
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


class Brand(Strict):
    """The partnership's colours: every text colour must contrast with its background."""

    primary: str = Field(
        default="#1D4F91",
        description="The main brand colour: header band, section rules, accents.",
        examples=["#00558C"],
    )
    text: str = Field(
        default="#1B1B1B", description="The colour of body text: near-black.", examples=["#1B1B1B"]
    )

    _colours = field_validator("primary", "text")(_check_colour)


class Fragment(Strict):
    """How the embeddable fragment fits into the host website."""

    heading_level: WholeNumber = Field(
        default=2,
        ge=1,
        le=4,
        description="The level of the fragment's first heading: one below the host page's (h2).",
        examples=[2],
    )
    pdf_base_url: HttpsUrl | None = Field(
        default=None,
        description=(
            "The address of the folder where the PDFs are published: each PDF is linked as "
            "<this address><name>/<name>.pdf, and its discussion record as "
            "<this address><name>/<name>-discussion-record.docx, so that the fragments' "
            "download links work in any page; by default site.url, where the output folder "
            "is published; without either the fragments have no download links."
        ),
        examples=["https://www.westsussexscp.org.uk/briefings/"],
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

    _send_to = field_validator("send_to")(_check_send_to)


class Site(Strict):
    """Where the web team publishes the output folder: the learning library's address."""

    url: HttpsUrl | None = Field(
        default=None,
        description=(
            "The web address of the folder where the output folder is published, so that "
            "<this address>index.html is the learning library and <this address><name>/ each "
            "briefing. The feed, the sitemap, the pages' canonical links and the index "
            "fragment's links need it; without it the build leaves them out."
        ),
        examples=["https://www.westsussexscp.org.uk/briefings/"],
    )

    @field_validator("url")
    @classmethod
    def _a_folder(cls, value: AnyUrl | None) -> AnyUrl | None:
        """Every address is this one with a file's path added: a query or a fragment would
        end up in the middle of them."""
        if value is not None and (value.query or value.fragment):
            raise ValueError(
                "write the address of the folder without ? or # and what follows, "
                "such as https://www.example.org/briefings/"
            )
        return value


class ProjectConfig(Strict):
    """The partnership's settings for every briefing of the project: `briefgen.yaml`."""

    partnership: Partnership = Field(
        description="Who publishes the briefings.",
        examples=[{"name": "West Sussex Safeguarding Children Partnership"}],
    )
    brand: Brand = Field(
        default_factory=Brand,
        description="The brand colours.",
        examples=[{"primary": "#00558C", "text": "#1B1B1B"}],
    )
    footer: Label | None = Field(
        default=None,
        description=(
            "Text for the footer of every PDF page, beside the partnership's name; by default "
            "the briefing's type and date."
        ),
        examples=["Learning from audit"],
    )
    page_budget: PageBudget = Field(
        default=2,
        description="How many A4 pages a briefing's PDF may take.",
        examples=[2],
    )
    fragment: Fragment = Field(
        default_factory=Fragment,
        description="The embeddable fragment.",
        examples=[{"heading_level": 2}],
    )
    site: Site = Field(
        default_factory=Site,
        description="Where the briefings are published on the web.",
        examples=[{"url": "https://www.westsussexscp.org.uk/briefings/"}],
    )
    discussion_record: DiscussionRecord = Field(
        default_factory=DiscussionRecord,
        description="The team discussion record built for each briefing.",
        examples=[{"send_to": "learning@westsussexscp.org.uk"}],
    )


def pdf_folder_address(config: ProjectConfig) -> AnyUrl | None:
    """Where the PDFs are published: `fragment.pdf_base_url`, else `site.url`, since the web
    team publishes the output folder there and each PDF is in it as <name>/<name>.pdf."""
    return config.fragment.pdf_base_url or config.site.url


@dataclass(frozen=True)
class Project:
    """A project folder and its settings, with the command-line overrides applied."""

    root: Path
    config: ProjectConfig
    output: Path

    @property
    def content(self) -> Path:
        return self.root / CONTENT_FOLDER

    @property
    def templates(self) -> Path:
        return self.root / TEMPLATES_FOLDER

    def relative(self, path: Path) -> Path:
        """A path as the user knows it, safe to print (see `briefgen.paths.shown_path`)."""
        return shown_path(path, self.root)


def load_project(start: Path, output: Path | None = None) -> Project:
    """Load the project around `start`; `output` overrides the output folder."""
    root = find_project_root(start)
    settings = read_yaml(root / CONFIG_NAME, Path(CONFIG_NAME), SETTINGS, within=[root])
    config = validate(ProjectConfig, settings)
    return Project(root=root, config=config, output=output_folder(root, output))


__all__ = [
    "Brand",
    "Project",
    "ProjectConfig",
    "load_project",
    "pdf_folder_address",
]
