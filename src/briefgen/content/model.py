"""The content model: what an auditor writes in `content/<slug>.yaml`.

Every field has a description and an example; the JSON Schema that editors use
for autocompletion is generated from these classes (`briefgen schema`).
Unknown keys are rejected, so a misspelt key is an error and never a blank.
Text fields take inline Markdown (emphasis and links) unless said otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from briefgen.content.blocks import BlockKind, Section, iter_blocks
from briefgen.content.frame import ControlItem, Placements
from briefgen.content.identity import OtherPartnership
from briefgen.content.languages import LanguageTag, untranslated
from briefgen.content.values import (
    MAX_THEMES,
    NUMBER_NOT_TEXT,
    Cohort,
    Date,
    Heading,
    Label,
    LongText,
    NoteStyle,
    OneParagraph,
    PageBudget,
    Period,
    Resource,
    Strict,
    Text,
)
from briefgen.content.values import (
    Count as Count,
)
from briefgen.content.values import (
    FindingKind as FindingKind,
)


class LearningType(StrEnum):
    """The kind of learning a briefing reports."""

    MULTI_AGENCY_AUDIT = "multi-agency audit"
    SINGLE_AGENCY_AUDIT = "single-agency audit"
    RAPID_REVIEW = "rapid review"
    PRACTICE_REVIEW = "practice review"
    THEMATIC_REVIEW = "thematic review"
    SEVEN_MINUTE_BRIEFING = "7-minute briefing"

    @property
    def label(self) -> str:
        """The type in sentence case, as the briefing's label shows it."""
        return self.value[0].upper() + self.value[1:]


BUILT_IN_LAYOUTS = ("audit summary", "7-minute briefing", "learning questions")


# A briefing's name: its file name in content/ without .yaml, as build.SLUG and
# MAX_SLUG_LENGTH allow.
BriefingName = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]


class CheckName(StrEnum):
    """The content checks that `briefgen check` runs; see `briefgen.review.checks`."""

    MARKUP = "markup"
    QUESTIONS = "questions"
    COHORT = "cohort"
    LINKS = "links"
    SENTENCE_LENGTH = "sentence-length"
    CAPITALS = "capitals"
    LOGO_ALT = "logo-alt"
    IMAGE_ALT = "image-alt"
    DATES = "dates"
    PERSONAL_DATA = "personal-data"
    MISSING_GLYPHS = "missing-glyphs"
    REFLECTION = "reflection"
    LAYOUT = "layout"
    REPLACES = "replaces"
    PARTNERSHIP = "partnership"
    NOTES = "notes"


class Method(Strict):
    """How the audit or review was done."""

    text: LongText = Field(
        description="How the sample was chosen and the work done; Markdown paragraphs.",
        examples=["The sample was drawn from children referred between July and December 2019."],
    )
    cohort: Cohort | None = Field(
        default=None,
        description="The cohort in figures, drawn as a chart (optional).",
        examples=[{"total": 20, "unit": "children"}],
    )


class FindingGroup(Strict):
    """A group of findings under one heading, such as the strengths."""

    kind: FindingKind = Field(
        description=(
            "What the group says: 'strengths' (shown with a tick), 'areas to strengthen' "
            "(shown with an arrow) or 'other' (shown with a dot)."
        ),
        examples=["strengths"],
    )
    title: Heading | Literal[False] | None = Field(
        default=None,
        description=(
            "The group's heading; defaults to 'Strengths', 'Areas to strengthen' or "
            "'Findings'; `false` for none, where the section's heading already says it."
        ),
        examples=["Strengths in multi-agency practice"],
    )
    items: list[Text] = Field(
        min_length=1,
        max_length=20,
        description="The findings, one short statement each.",
        examples=[["Immediate safeguarding concerns are referred quickly."]],
    )

    @property
    def heading(self) -> str | None:
        """Its heading: its title, the default of its kind, or none (`title: false`)."""
        if self.title is False:
            return None
        return self.title or self.kind.default_title


class Practice(Strict):
    """Taking the learning into practice: an instruction and reflective questions."""

    instruction: Text | None = Field(
        default=None,
        description="What to do with the learning (optional).",
        examples=["Take the issues raised in this audit into your supervision and team meetings."],
    )
    prompt: Label | None = Field(
        default=None,
        description="A lead-in to the questions (optional).",
        examples=["Consider the following:"],
    )
    questions: list[Text] = Field(
        min_length=1,
        max_length=12,
        description="Reflective questions, in the first person, to discuss in supervision.",
        examples=[["Do I always ask families what other agencies are working with them?"]],
    )


class Series(Strict):
    """A newsletter or series that briefings are issues of."""

    name: Label = Field(description="The series' name.", examples=["Learning Lens"])
    issue: Annotated[int, Field(ge=1, le=10000), NUMBER_NOT_TEXT] | None = Field(
        default=None, description="The issue's number (optional).", examples=[12]
    )


class Author(Strict):
    """Who wrote the briefing: a fact of publication, so the personal-data guard allows it."""

    name: Label = Field(description="The author's name.", examples=["Sam Patel"])
    role: Label = Field(
        description="The author's role and agency.", examples=["Learning and development lead"]
    )


class Acknowledgement(Strict):
    """A reviewed exception to a check, kept in the file so that it stays visible in review."""

    check: CheckName = Field(
        description="The check to switch off: " + ", ".join(repr(c.value) for c in CheckName) + ".",
        examples=["sentence-length"],
    )
    # The bound inside the type: a field's own `min_length` is read before its type's
    # (Text's, of 1), which would win.
    reason: Annotated[Text, Field(min_length=10)] = Field(
        description="Why the exception is right, in a sentence: who reviewed it and why.",
        examples=["The wording of the published briefing, kept as the board approved it."],
    )
    field: Label | None = Field(
        default=None,
        description=(
            "Only for this field, as the check's message names it (such as findings.2.items.3); "
            "required for personal-data."
        ),
        examples=["findings.2.items.3"],
    )
    text: Label | None = Field(
        default=None,
        description=(
            "Only for this exact text, as the check's message quotes it; required for "
            "personal-data."
        ),
        examples=["Mrs Hill"],
    )

    @model_validator(mode="after")
    def _personal_data_is_per_field(self) -> Acknowledgement:
        if self.check is CheckName.PERSONAL_DATA and (self.field is None or self.text is None):
            raise ValueError(
                "a personal-data acknowledgement must name the field and the exact text it allows; "
                "add `field:` and `text:` as the check's message gives them"
            )
        return self


MAX_ENTRIES = 8  # entries of one page: more is a library, not a briefing


class Entry(Strict):
    """One of several entries on one page, such as one of a quarter's short audits: its own
    title, date and sections, under its own heading."""

    title: Heading = Field(
        description="The entry's title, shown as its heading.",
        examples=["Strategy discussions"],
    )
    published: Date = Field(
        description="The entry's date (YYYY-MM-DD); it shows its month and year.",
        examples=["2025-03-31"],
    )
    summary: OneParagraph | None = Field(
        default=None,
        description="The entry in a sentence, for the library's list (optional).",
        examples=["Whether every agency took part in strategy discussions."],
    )
    sections: list[Section] = Field(
        min_length=1,
        max_length=8,
        description="The entry's sections, each a heading over blocks, as the briefing's own.",
        examples=[[{"heading": "What we found", "blocks": [{"paragraphs": "We found..."}]}]],
    )

    @field_validator("title")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value:
            raise ValueError("write this on one line")
        return value


class Headings(Strict):
    """The section headings, where a partnership uses other words than the defaults."""

    method: Heading = Field(
        default=untranslated("Method"),
        description="Heading of the method section.",
        examples=["How we did it"],
    )
    findings: Heading = Field(
        default=untranslated("Key findings"),
        description="Heading of the findings.",
        examples=["Key findings from the audit"],
    )
    next_steps: Heading = Field(
        default=untranslated("What the partnership will do next"),
        description="Heading of the next steps.",
        examples=["What happens next"],
    )
    practice: Heading = Field(
        default=untranslated("Taking the learning into your practice"),
        description="Heading of the reflective questions.",
        examples=["Questions for supervision"],
    )
    resources: Heading = Field(
        default=untranslated("Resources"),
        description="Heading of the resources.",
        examples=["Find out more"],
    )


class Numbering(Strict):
    """Whether captions carry a number, "Table 1" or "Figure 2", counted in reading order."""

    tables: bool = Field(
        default=False,
        strict=True,
        description="Number the tables' captions: 'Table 1: ...', 'Table 2: ...'.",
        examples=[True],
    )
    figures: bool = Field(
        default=False,
        strict=True,
        description="Number the captions of the charts and images: 'Figure 1: ...'.",
        examples=[True],
    )
    notes: NoteStyle = Field(
        default=NoteStyle.NUMBERS,
        description="How the notes (`[^1]` in the text, `[^1]: ...` its note) are marked, in "
        "the order they are first referred to: 'numbers' (1, 2, 3), 'roman' (i, ii, iii) or "
        "'symbols' (*, †, ‡).",
        examples=["roman"],
    )


class Briefing(Strict):
    """A learning briefing: one YAML file in `content/`."""

    # Words auditors write for a field, and the field they mean: `date:` asks "did you
    # mean `published`?" where no typing slip would lead from one to the other.
    common_words: ClassVar[dict[str, str]] = {
        "date": "published",
        "dated": "published",
        "publication_date": "published",
        "date_published": "published",
        "published_on": "published",
        "publish_date": "published",
        "issued": "published",
        "author": "authors",
        "by": "authors",
        "byline": "authors",
        "written_by": "authors",
        "writer": "authors",
        "updated": "last_updated",
        "update": "last_updated",
        "last_update": "last_updated",
        "updated_on": "last_updated",
        "date_updated": "last_updated",
        "modified": "last_updated",
        "last_modified": "last_updated",
        "review": "review_date",
        "next_review": "review_date",
        "review_by": "review_date",
        "next_review_date": "review_date",
        "reviewed": "period_reviewed",
        "period": "period_reviewed",
        "audit_period": "period_reviewed",
        "review_period": "period_reviewed",
        "committee": "banner",
        "subcommittee": "banner",
        "subheading": "subtitle",
        "sub_title": "subtitle",
        "strapline": "tagline",
        "motto": "tagline",
        "standfirst": "summary",
        "description": "summary",
        "abstract": "summary",
        "for": "audience",
        "readers": "audience",
        "kind": "type",
        "category": "type",
        "tags": "themes",
        "topics": "themes",
        "keywords": "themes",
        "issue": "series",
        "newsletter": "series",
        "edition": "series",
        "publisher": "partnership",
        "organisation": "partnership",
        "organization": "partnership",
        "intro": "introduction",
        "background": "introduction",
        "questions": "practice",
        "reflective_questions": "practice",
        "links": "resources",
        "further_reading": "resources",
        "document_information": "document_control",
        "doc_control": "document_control",
        "control": "document_control",
        "document_details": "document_control",
        "placement": "frame",
        "masthead": "frame",
        "heading": "title",
        "name": "title",
    }

    title: Heading = Field(
        description="The briefing's title, in sentence case.",
        examples=["Children under two with repeated contacts and referrals"],
    )
    type: Label | None = Field(
        default=None,
        description="The kind of learning, in your own words; the common ones are "
        + ", ".join(repr(t.value) for t in LearningType)
        + " (optional: without it, no type label, and the library files it under no type).",
        examples=[t.value for t in LearningType],
    )
    audience: Label | None = Field(
        default=None,
        description=(
            "Who the briefing is for, shown above the title (optional: without it, no "
            "audience line)."
        ),
        examples=["Summary for practitioners and managers"],
    )
    published: Date | None = Field(
        default=None,
        description=(
            "The publication date, shown as written: a day (YYYY-MM-DD, '11 July 2025'), a "
            "month (YYYY-MM, 'July 2025') or a year (YYYY) (optional: an undated briefing "
            "shows no date, is listed after the dated ones, and its files carry no date)."
        ),
        examples=["2020-05"],
    )
    layout: Label = Field(
        default="audit summary",
        description=(
            "The briefing's shape: 'audit summary' (the default), '7-minute briefing' (seven "
            "numbered sections) or 'learning questions' (headings asking what we did and found); a "
            "project adds its own as templates/layouts/<name>.yaml."
        ),
        examples=list(BUILT_IN_LAYOUTS),
    )
    language: LanguageTag | None = Field(
        default=None,
        description=(
            "The language the briefing is written in, as a BCP 47 tag: 'cy' (Welsh), "
            "'en-GB', 'ur' (Urdu); by default briefgen.yaml's `language`. Every word "
            "briefgen adds (headings, labels, dates) is in it (optional)."
        ),
        examples=["cy"],
    )
    partnership: Label | OtherPartnership | None = Field(
        default=None,
        description=(
            "Who publishes the briefing, where it is not briefgen.yaml's own partnership: the "
            "name of one of briefgen.yaml's `partnerships:`, or a partnership of its own in full "
            "(`name`, `logo`, `website`, `discussion_record`); nothing of the project's is "
            "borrowed (optional)."
        ),
        examples=["Example Safeguarding Children Partnership"],
    )
    summary: OneParagraph | None = Field(
        default=None,
        description=(
            "The briefing in one or two sentences, for the index, search results and link "
            "previews; shown on the page only where the layout or `frame:` places it."
        ),
        examples=["Children under two were referred again and again before anyone assessed."],
    )
    themes: list[Label] = Field(
        default_factory=list,
        max_length=MAX_THEMES,
        description="The themes the briefing is about, for the index's filters (optional).",
        examples=[["neglect", "infants"]],
    )
    replaces: BriefingName | None = Field(
        default=None,
        description=(
            "The name of the briefing this one replaces (its file name in content/ without "
            "'.yaml'); the index links the two both ways (optional)."
        ),
        examples=["under-twos-repeat-referrals-2020"],
    )
    banner: Label | None = Field(
        default=None,
        description="A banner above the title: the committee or group the briefing is from "
        "(optional).",
        examples=["Case review sub-committee"],
    )
    series: Series | None = Field(
        default=None,
        description="The newsletter or series this briefing is an issue of (optional).",
        examples=[{"name": "Learning Lens", "issue": 12}],
    )
    subtitle: Label | None = Field(
        default=None,
        description="A second line to the title, under it (optional).",
        examples=["Annual report of the case review sub-committee, 2024 to 2025"],
    )
    tagline: Label | None = Field(
        default=None,
        description="A line under the title, such as a newsletter's motto (optional).",
        examples=["Learning together to keep children safe"],
    )
    authors: list[Author] = Field(
        default_factory=list,
        max_length=6,
        description=(
            "Who wrote the briefing, by name and role: the byline, at the foot unless the "
            "layout or `frame:` puts it under the title (optional)."
        ),
        examples=[[{"name": "Sam Patel", "role": "Learning and development lead"}]],
    )
    last_updated: Date | None = Field(
        default=None,
        description="When the briefing was last updated, as written: YYYY-MM-DD, YYYY-MM or "
        "YYYY (optional).",
        examples=["2025-12-12"],
    )
    period_reviewed: Period | None = Field(
        default=None,
        description=(
            "The period audited or reviewed: its `start` and `end`, each a day, a month or a "
            "year; a period within one month or year is said once ('March 2025') (optional)."
        ),
        examples=[{"start": "2024-01", "end": "2024-06"}],
    )
    version: Label | None = Field(
        default=None, description="The briefing's version (optional).", examples=["1.1"]
    )
    review_date: Date | None = Field(
        default=None,
        description="When the briefing will be reviewed, as written: YYYY-MM-DD, YYYY-MM or "
        "YYYY (optional).",
        examples=["2026-05"],
    )
    document_control: list[ControlItem] = Field(
        default_factory=list,
        max_length=12,
        description=(
            "A document-control block: each line a `label` and its `value` (index number, "
            "approved by, latest review date...), shown as a table at the foot unless the "
            "layout or `frame:` places it above or under the title (optional)."
        ),
        examples=[[{"label": "Approved by", "value": "Case review sub-committee, 14 May 2025"}]],
    )
    frame: Placements = Field(
        default_factory=Placements,
        description=(
            "Where this briefing puts parts of its masthead and foot, where its layout puts "
            "them elsewhere: each part (`byline`, `document_control`, `audience`...) with "
            "`above_title`, `under_title`, `label`, `foot` or `hidden` (optional)."
        ),
        examples=[{"byline": "under_title", "document_control": "above_title"}],
    )
    introduction: LongText | None = Field(
        default=None,
        description="Why the work was done and what it looked at; Markdown paragraphs.",
        examples=["In May 2020 the partnership completed an audit of children under two."],
    )
    method: Method | None = Field(
        default=None,
        description="How the work was done (optional).",
        examples=[{"text": "The sample was drawn from children referred in 2019."}],
    )
    findings: list[FindingGroup] = Field(
        default_factory=list,
        max_length=6,
        description="The findings in groups, usually the strengths and the areas to strengthen.",
        examples=[
            [
                {"kind": "strengths", "items": ["Concerns are referred quickly."]},
                {"kind": "areas to strengthen", "items": ["Share plans when they end."]},
            ]
        ],
    )
    why_it_matters: LongText | None = Field(
        default=None,
        description="Why this learning matters to practitioners (used by the 7-minute briefing).",
        examples=["Babies are the most vulnerable to harm, and cannot speak for themselves."],
    )
    things_to_remember: list[Text] = Field(
        default_factory=list,
        max_length=8,
        description="Short points to remember (used by the 7-minute briefing).",
        examples=[["Consent to share information is not needed where a child is at risk."]],
    )
    next_steps: list[Text] = Field(
        default_factory=list,
        max_length=12,
        description="What the partnership will do next (optional).",
        examples=[["The partnership will audit this area again in 2021."]],
    )
    practice: Practice | None = Field(
        default=None,
        description="Taking the learning into practice: an instruction and reflective questions.",
        examples=[
            {
                "instruction": "Take the issues raised into your supervision.",
                "questions": ["Do I always ask families which agencies work with them?"],
            }
        ],
    )
    key_message: Text | None = Field(
        default=None,
        description="The one thing to remember, shown as a banner (optional).",
        examples=["Safeguarding is everyone's responsibility, all the time."],
    )
    resources: list[Resource] = Field(
        default_factory=list,
        max_length=12,
        description="Links to policies and procedures.",
        examples=[
            [{"title": "Escalation policy", "url": "https://www.example.org/escalation.pdf"}]
        ],
    )
    anonymisation_note: Text | None = Field(
        default=None,
        description="A note that names and details were changed (optional).",
        examples=["Names and details have been changed to protect the family's identity."],
    )
    sections: list[Section] = Field(
        default_factory=list,
        max_length=20,
        description=(
            "The briefing's own sections, each a heading over blocks, shown where the layout "
            "places them (after the findings in the built-in layouts)."
        ),
        examples=[[{"heading": "What we found", "blocks": [{"paragraphs": "We found..."}]}]],
    )
    entries: list[Entry] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        description=(
            "Several entries on one page, each with its own title, date and sections, such as "
            "a quarter's short audits; shown after the briefing's own sections, each under its "
            "heading, and listed one by one in the library (optional)."
        ),
        examples=[
            [
                {
                    "title": "Strategy discussions",
                    "published": "2025-03-31",
                    "sections": [{"heading": "What we found", "blocks": [{"paragraphs": "..."}]}],
                }
            ]
        ],
    )
    headings: Headings = Field(
        default_factory=Headings,
        description="Section headings, where other words than the defaults are wanted (optional).",
        examples=[{"findings": "Key findings from the audit"}],
    )
    numbering: Numbering = Field(
        default_factory=Numbering,
        description="Whether tables and figures are numbered in their captions, as a report "
        "that refers to 'Table 2' numbers them (optional).",
        examples=[{"tables": True}],
    )
    page_budget: PageBudget | None = Field(
        default=None,
        description="How many A4 pages the PDF may take; defaults to briefgen.yaml (2).",
        examples=[2],
    )
    fit: bool = Field(
        default=False,
        strict=True,  # only true and false: `yes` is text in YAML 1.2, as the editor reads it
        description=(
            "If the PDF runs over its page budget, tighten spacing and type (never below a "
            "legible floor) to fit, and report what changed."
        ),
        examples=[True],
    )
    acknowledge: list[Acknowledgement] = Field(
        default_factory=list,
        max_length=30,
        description="Reviewed exceptions to the content checks, each with its reason.",
        examples=[
            [{"check": "sentence-length", "reason": "The wording the partnership board approved."}]
        ],
    )

    @model_validator(mode="after")
    def _has_content(self) -> Briefing:
        if not (self.introduction or self.findings or self.sections or self.entries):
            raise ValueError(
                "the briefing has no content; add `introduction:`, `findings:`, `sections:` or "
                "`entries:`"
            )
        return self

    def blocks(self) -> Iterator[tuple[tuple[str | int, ...], BlockKind]]:
        """Every block of the briefing's own sections and of its entries', with its path."""
        yield from iter_blocks(self.sections)
        for index, entry in enumerate(self.entries):
            yield from iter_blocks(entry.sections, ("entries", index, "sections"))

    @field_validator("title", "audience", "subtitle", "banner")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        """Any line break ends a line: a carriage return or U+2028 (written as an escape) too."""
        if value is not None and len(value.splitlines()) > 1:
            raise ValueError("write this on one line")
        return value


__all__ = [
    "MAX_ENTRIES",
    "Acknowledgement",
    "Briefing",
    "CheckName",
    "Entry",
    "FindingGroup",
    "Numbering",
]
