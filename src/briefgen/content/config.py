"""The project configuration (`briefgen.yaml`) and the command-line overrides, merged here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import AnyUrl, Field, field_validator, model_validator

from briefgen.content.identity import (
    MAX_LANGUAGES,
    DiscussionRecord,
    HttpsUrl,
    OtherPartnership,
    Partnership,
)
from briefgen.content.languages import DEFAULT_LANGUAGE, LanguageTag, untranslated
from briefgen.content.load import read_yaml, validate
from briefgen.content.values import Label, PageBudget, Strict, Text, WebUrl, WholeNumber
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
MAX_PARTNERSHIPS = 100  # a regional library publishes for a few dozen members at most
MAX_TRANSLATED_LINKS = 500  # policies, procedures and forms a partnership links to


def _check_colour(value: str) -> str:
    if not HEX_COLOUR.match(value):
        raise ValueError(
            f"{value!r} is not a colour; write it as # and six hex digits, like #00558C"
        )
    return value.upper()


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


class ReturnAcknowledgement(Strict):
    """A reviewed finding of the personal-data guard in a returned record, let through into
    the impact report: the file, the field and the exact text `briefgen collect` gave."""

    file: Label = Field(
        description="The returned record, as `briefgen collect` names it (within its folder).",
        examples=["children-social-care/team-a.docx"],
    )
    field: Label = Field(
        description="The field, as `briefgen collect` names it (answer.2, team, role.3, note.1).",
        examples=["answer.2"],
    )
    text: Label = Field(
        description="The exact text `briefgen collect` quoted.",
        examples=["Mrs Hill"],
    )
    # The bound inside the type, as in a briefing's acknowledgement.
    reason: Annotated[Text, Field(min_length=10)] = Field(
        description="Why the text may stand in the report, in a sentence: who reviewed it.",
        examples=["Mrs Hill is the team's manager, named with her agreement."],
    )


class Collect(Strict):
    """How `briefgen collect` treats the returned discussion records."""

    acknowledge: list[ReturnAcknowledgement] = Field(
        default_factory=list,
        max_length=10_000,
        description=(
            "Findings of the personal-data guard in returned records that were reviewed and "
            "may stand in the impact report; until then their text is held back (optional)."
        ),
        examples=[
            [
                {
                    "file": "children-social-care/team-a.docx",
                    "field": "answer.2",
                    "text": "Mrs Hill",
                    "reason": "Mrs Hill is the team's manager, named with her agreement.",
                }
            ]
        ],
    )


MARKING = r"^[A-Za-z0-9 ,.:;()/+-]+$"  # words a CSS string and a page header hold as they are


class ReportSettings(Strict):
    """The impact report `briefgen collect` writes: internal to the partnership."""

    marking: Annotated[str, Field(min_length=1, max_length=60, pattern=MARKING)] = Field(
        default="OFFICIAL",
        description=(
            "The marking at the top and foot of every page of the impact report, such as the "
            "Government Security Classification the partnership uses (letters, digits, "
            "spaces and , . : ; ( ) / + -)."
        ),
        examples=["OFFICIAL-SENSITIVE"],
    )


class LibrarySettings(Strict):
    """What the learning library shows of each briefing, beyond what the briefing says."""

    show_reach: bool = Field(
        default=False,
        description=(
            "Show under each briefing how many teams in how many agencies discussed it, as "
            "the last `briefgen collect` counted them (counts only, never answers)."
        ),
        examples=[True],
    )


class Safeguards(StrEnum):
    """Whom the partnership safeguards: it chooses the words briefgen adds itself."""

    CHILDREN = "children"  # a safeguarding children partnership
    ADULTS = "adults"  # a safeguarding adults board
    EVERYONE = "everyone"  # a community safety partnership (a domestic homicide review)


@dataclass(frozen=True)
class Wording:
    """The words briefgen adds itself to every briefing, where the briefing gives none."""

    keyword: str  # the subject among the PDF's, the page's and the record's keywords
    counted: str  # what a cohort counts where its `unit:` does not say
    identifies: str  # whom the discussion record asks teams never to identify


# Each kind of partnership's words; the children's are those briefgen has always used.
WORDINGS = {
    Safeguards.CHILDREN: Wording(
        untranslated("safeguarding children"),
        untranslated("children"),
        untranslated("a child or a family"),
    ),
    Safeguards.ADULTS: Wording(
        untranslated("safeguarding adults"),
        untranslated("adults"),
        untranslated("an adult, a carer or a family member"),
    ),
    Safeguards.EVERYONE: Wording(
        untranslated("community safety"),
        untranslated("people"),
        untranslated("a person or a family"),
    ),
}


class Words(Strict):
    """The words briefgen adds itself, where the partnership's are not those of its
    `safeguards:`; each optional."""

    keyword: Label | None = Field(
        default=None,
        description="The subject among the keywords of the PDF, the web page and the "
        "discussion record ('safeguarding children' for a children's partnership).",
        examples=["safeguarding adults"],
    )
    counted: Label | None = Field(
        default=None,
        description="What a cohort counts where a briefing's `cohort.unit` does not say, in "
        "the plural ('children' for a children's partnership).",
        examples=["adults"],
    )
    identifies: Label | None = Field(
        default=None,
        description="Whom the discussion record asks a team never to identify, after "
        "'nothing that could identify' ('a child or a family' for a children's partnership).",
        examples=["an adult, a carer or a family member"],
    )


class ProjectConfig(Strict):
    """The partnership's settings for every briefing of the project: `briefgen.yaml`."""

    partnership: Partnership = Field(
        description="Who publishes the briefings.",
        examples=[{"name": "West Sussex Safeguarding Children Partnership"}],
    )
    partnerships: list[OtherPartnership] = Field(
        default_factory=list,
        max_length=MAX_PARTNERSHIPS,
        description=(
            "Other partnerships the project publishes briefings for, each whole: its `name`, "
            "`logo`, `website` and `discussion_record`. A briefing names one as its "
            "`partnership:`, and is published with that identity, nothing of the project's "
            "borrowed (optional)."
        ),
        examples=[
            [
                {
                    "name": "Example Safeguarding Children Partnership",
                    "website": "https://www.example.org",
                    "logo": {"file": "assets/example-logo.svg", "alt": "Example partnership logo"},
                    "discussion_record": {"send_to": "learning@example.org"},
                }
            ]
        ],
    )
    language: LanguageTag = Field(
        default=DEFAULT_LANGUAGE,
        description=(
            "The language of the briefings, as a BCP 47 tag ('en-GB', 'cy'), where a "
            "briefing does not give its own `language`."
        ),
        examples=["en-GB"],
    )
    languages: list[LanguageTag] = Field(
        default_factory=list,
        max_length=MAX_LANGUAGES,
        description=(
            "The languages every briefing is published in, in the order a reader meets them: "
            "['cy', 'en-GB'] puts Welsh first. Each is a version of its own: "
            "content/NAME.yaml in `language`, content/NAME.cy.yaml in Welsh, checked to say "
            "the same things in the same shape. A version missing is an error. Without this, "
            "translations are optional, and those written are still checked (optional)."
        ),
        examples=[["cy", "en-GB"]],
    )
    bilingual_pdf: bool = Field(
        default=False,
        description=(
            "Also publish each briefing's versions as one PDF, in the order of `languages` "
            "(the Welsh to be read first), each version on its own pages within the page "
            "budget: NAME-bilingual.pdf beside the original's PDF (optional)."
        ),
        examples=[True],
    )
    translated_links: list[Annotated[list[WebUrl], Field(min_length=2, max_length=8)]] = Field(
        default_factory=list,
        max_length=MAX_TRANSLATED_LINKS,
        description=(
            "Addresses that are one document in different languages, a list each: a link "
            "to one in a briefing matches a link to another in its translation (optional)."
        ),
        examples=[
            [
                [
                    "https://www.example.org/escalation-policy.pdf",
                    "https://www.example.org/cy/polisi-uwchgyfeirio.pdf",
                ]
            ]
        ],
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
    safeguards: Safeguards = Field(
        default=Safeguards.CHILDREN,
        description="Whom the partnership safeguards: 'children' (a safeguarding children "
        "partnership), 'adults' (a safeguarding adults board) or 'everyone' (a community "
        "safety partnership). It words what briefgen adds itself: the keywords of the PDF and "
        "the page, what a cohort counts by default, and the discussion record.",
        examples=["adults"],
    )
    words: Words = Field(
        default_factory=Words,
        description="Any of the words briefgen adds itself, in the partnership's own words "
        "rather than those of `safeguards` (optional).",
        examples=[{"keyword": "safeguarding adults", "counted": "people"}],
    )

    @property
    def wording(self) -> Wording:
        """The words briefgen adds itself: those of `safeguards`, each as `words` rewords it."""
        preset = WORDINGS[self.safeguards]
        return Wording(
            self.words.keyword or preset.keyword,
            self.words.counted or preset.counted,
            self.words.identifies or preset.identifies,
        )

    library: LibrarySettings = Field(
        default_factory=LibrarySettings,
        description="What the learning library shows of each briefing.",
        examples=[{"show_reach": True}],
    )
    report: ReportSettings = Field(
        default_factory=ReportSettings,
        description="The impact report of `briefgen collect`.",
        examples=[{"marking": "OFFICIAL-SENSITIVE"}],
    )
    collect: Collect = Field(
        default_factory=Collect,
        description="How `briefgen collect` reads the returned discussion records.",
        examples=[{"acknowledge": []}],
    )

    @model_validator(mode="after")
    def _partnerships_named_once(self) -> ProjectConfig:
        """A briefing names a partnership by its name: two of one name, or one named as the
        project's own, would leave it unclear whose the briefing is."""
        seen = {self.partnership.name}
        for other in self.partnerships:
            if other.name in seen:
                raise ValueError(
                    f"two partnerships are called {other.name!r}; a briefing names its "
                    "partnership by name, so give each its own, or remove the repeated one"
                )
            seen.add(other.name)
        return self

    @model_validator(mode="after")
    def _languages_include_the_default(self) -> ProjectConfig:
        """The originals are in `language`: a list of languages to publish in that leaves it
        out, or names one twice, says something the files cannot do."""
        primaries = [tag.split("-")[0].lower() for tag in self.languages]
        if len(set(primaries)) != len(primaries):
            raise ValueError(
                "`languages` names a language twice; list each language once, in the order "
                "a reader meets them"
            )
        if primaries and self.language.split("-")[0].lower() not in primaries:
            raise ValueError(
                f"`languages` leaves out `{self.language}`, the language of the briefings "
                "(`language`); add it, or set `language` to the one the originals are in"
            )
        if self.bilingual_pdf and len(primaries) < 2:
            raise ValueError(
                "`bilingual_pdf` needs two languages to put together; list them in "
                "`languages`, such as [cy, en-GB]"
            )
        return self

    def required_languages(self) -> list[str]:
        """The languages every briefing must have a version in, besides its own."""
        return list(self.languages)


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
    "WORDINGS",
    "Brand",
    "Collect",
    "LibrarySettings",
    "Project",
    "ProjectConfig",
    "ReportSettings",
    "ReturnAcknowledgement",
    "Safeguards",
    "Wording",
    "Words",
    "load_project",
    "pdf_folder_address",
]
