"""The content model: what an auditor writes in `content/<slug>.yaml`.

Every field has a description and an example; the JSON Schema that editors use
for autocompletion is generated from these classes (`briefgen schema`).
Unknown keys are rejected, so a misspelt key is an error and never a blank.
Text fields take inline Markdown (emphasis and links) unless said otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AnyUrl,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    UrlConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

PERCENT_TOLERANCE = 1.0  # percentages rounded to whole numbers may sum to 99 or 101
MAX_COUNT = 1_000_000  # people in a cohort: a partnership audits tens, a national review thousands
WRITTEN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Strict(BaseModel):
    """Base of every content class: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, use_enum_values=False
    )


def _refuse_text_and_booleans(value: object) -> object:
    """A number in quotes ("6") or `true` is not a count: the editor underlines both, and so
    does `check`. (Pydantic alone would read "6" as 6 and true as 1.) A whole float such as
    20.0 is a number to the editor too, so it passes."""
    if isinstance(value, str | bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def _refuse_other_date_forms(value: object) -> object:
    """Dates are written YYYY-MM-DD, as the editor checks them: pydantic alone would also
    take a number of seconds (1588291200) or a date and time."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and WRITTEN_DATE.fullmatch(value):
        return value
    raise PydanticCustomError("date_type", "Input should be a date written as YYYY-MM-DD")


# Whole numbers, numbers, yes-or-no values and dates exactly as the editor's schema takes them.
# (Bounds go inside a type that is also optional, before the validator: pydantic then
# writes them into the JSON Schema as minimum and maximum.)
NUMBER_NOT_TEXT = BeforeValidator(_refuse_text_and_booleans)
WholeNumber = Annotated[int, NUMBER_NOT_TEXT]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT), NUMBER_NOT_TEXT]
Date = Annotated[dt.date, BeforeValidator(_refuse_other_date_forms)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
LongText = Annotated[str, Field(min_length=1, max_length=10000)]
Label = Annotated[str, Field(min_length=1, max_length=200)]
PageBudget = Annotated[
    int, Field(ge=1, le=8), NUMBER_NOT_TEXT
]  # A4 pages, per briefing or per project
WebUrl = Annotated[
    AnyUrl, UrlConstraints(allowed_schemes=["https", "http", "mailto", "tel"], max_length=2000)
]


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


class FindingKind(StrEnum):
    """What a group of findings says: it chooses the icon and the default title."""

    STRENGTHS = "strengths"
    AREAS_TO_STRENGTHEN = "areas to strengthen"
    OTHER = "other"

    @property
    def default_title(self) -> str:
        return {"strengths": "Strengths", "areas to strengthen": "Areas to strengthen"}.get(
            self.value, "Findings"
        )


class Layout(StrEnum):
    """The shape of the briefing: which sections, in which order, under which headings."""

    AUDIT_SUMMARY = "audit summary"
    SEVEN_MINUTE = "7-minute briefing"
    LEARNING_QUESTIONS = "learning questions"


class CheckName(StrEnum):
    """The content checks that `briefgen check` runs; see `briefgen.checks`."""

    MARKUP = "markup"
    QUESTIONS = "questions"
    COHORT = "cohort"
    LINKS = "links"
    SENTENCE_LENGTH = "sentence-length"
    CAPITALS = "capitals"
    LOGO_ALT = "logo-alt"
    DATES = "dates"
    PERSONAL_DATA = "personal-data"
    MISSING_GLYPHS = "missing-glyphs"


class Period(Strict):
    """The period a cohort was drawn from."""

    start: Date = Field(description="First day of the period.", examples=["2019-07-01"])
    end: Date = Field(description="Last day of the period.", examples=["2019-12-31"])

    @model_validator(mode="after")
    def _start_before_end(self) -> Period:
        if self.end < self.start:
            raise ValueError("the period ends before it starts; swap start and end")
        return self


class CohortGroup(Strict):
    """One labelled part of a cohort breakdown: give a count or a percentage."""

    label: Label = Field(
        description="What this part of the cohort is, in a few words.",
        examples=["Proceeded to assessment or child protection"],
    )
    count: Count | None = Field(
        default=None,
        description="How many of the cohort are in this part.",
        examples=[8],
    )
    percent: float | None = Field(
        default=None,
        ge=0,
        le=100,
        strict=True,  # "40" is text, and true is not a number
        allow_inf_nan=False,  # .nan and .inf are not percentages
        description="The share of the cohort in this part, from 0 to 100.",
        examples=[40],
    )

    @model_validator(mode="after")
    def _count_or_percent(self) -> CohortGroup:
        if (self.count is None) == (self.percent is None):
            raise ValueError("give either count or percent for this group, not both or neither")
        return self


class Breakdown(Strict):
    """A way the cohort splits into parts, shown as a bar of proportions."""

    title: Label = Field(
        description="What the breakdown shows, as a short phrase.",
        examples=["What happened after the contacts"],
    )
    groups: list[CohortGroup] = Field(
        min_length=2,
        max_length=6,
        description="The parts, in the order they should be shown: all counts or all percentages.",
        examples=[
            [{"label": "Proceeded", "percent": 40}, {"label": "Did not proceed", "percent": 60}]
        ],
    )

    @model_validator(mode="after")
    def _groups_add_up(self) -> Breakdown:
        counts = [group.count for group in self.groups if group.count is not None]
        if counts and len(counts) != len(self.groups):
            raise ValueError("use counts for every group or percentages for every group, not a mix")
        if not counts:
            total = sum(group.percent or 0 for group in self.groups)
            if abs(total - 100) > PERCENT_TOLERANCE:
                raise ValueError(
                    f"the percentages add up to {total:g}, not 100; correct them so they add up"
                )
        return self


class Cohort(Strict):
    """Who was in the audit: a total and how it breaks down."""

    total: WholeNumber = Field(
        ge=1, le=MAX_COUNT, description="How many were in the cohort.", examples=[20]
    )
    unit: Label = Field(
        default="children",
        description="What the total counts, in the plural.",
        examples=["children", "families", "cases"],
    )
    period: Period | None = Field(
        default=None,
        description="The period the cohort was drawn from (optional).",
        examples=[{"start": "2019-07-01", "end": "2019-12-31"}],
    )
    breakdowns: list[Breakdown] = Field(
        default_factory=list,
        max_length=3,
        description="Up to three ways the cohort splits into parts; each is drawn as a bar.",
        examples=[
            [
                {
                    "title": "Outcome of the referral",
                    "groups": [
                        {"label": "Assessed", "count": 8},
                        {"label": "Not assessed", "count": 12},
                    ],
                }
            ]
        ],
    )

    @model_validator(mode="after")
    def _counts_match_total(self) -> Cohort:
        for number, breakdown in enumerate(self.breakdowns, start=1):
            counts = [group.count for group in breakdown.groups if group.count is not None]
            if counts and sum(counts) != self.total:
                raise ValueError(
                    f"the counts of breakdown {number} ({breakdown.title!r}) add up to "
                    f"{sum(counts)}, but the total is {self.total}; make them add up"
                )
        return self


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
    title: Label | None = Field(
        default=None,
        description=(
            "The group's heading; defaults to 'Strengths', 'Areas to strengthen' or 'Findings'."
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
    def heading(self) -> str:
        return self.title or self.kind.default_title


class Practice(Strict):
    """Taking the learning into practice: an instruction and reflective questions."""

    instruction: Text = Field(
        description="What to do with the learning.",
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


class Resource(Strict):
    """A policy, procedure or training offer to follow up."""

    title: Label = Field(
        description="The resource's name, as the link text.", examples=["WSSCP Escalation Policy"]
    )
    url: WebUrl = Field(
        description="Where it is: an https:// address (or mailto: or tel:).",
        examples=[
            "https://www.westsussexscp.org.uk/wp-content/uploads/WSSCP-Escalation-Policy.pdf"
        ],
    )
    description: Text | None = Field(
        default=None,
        description="One line on what it is for (optional).",
        examples=["How to raise and resolve a professional disagreement."],
    )
    format: Label | None = Field(
        default=None,
        description="The kind of file, such as PDF or Word; if left out, taken from the address.",
        examples=["PDF"],
    )


class Acknowledgement(Strict):
    """A reviewed exception to a check, kept in the file so that it stays visible in review."""

    check: CheckName = Field(
        description="The check to switch off: " + ", ".join(repr(c.value) for c in CheckName) + ".",
        examples=["sentence-length"],
    )
    reason: Text = Field(
        min_length=10,
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


class Headings(Strict):
    """The section headings, where a partnership uses other words than the defaults."""

    method: Label = Field(
        default="Method", description="Heading of the method section.", examples=["How we did it"]
    )
    findings: Label = Field(
        default="Key findings",
        description="Heading of the findings.",
        examples=["Key findings from the audit"],
    )
    next_steps: Label = Field(
        default="What the partnership will do next",
        description="Heading of the next steps.",
        examples=["What happens next"],
    )
    practice: Label = Field(
        default="Taking the learning into your practice",
        description="Heading of the reflective questions.",
        examples=["Questions for supervision"],
    )
    resources: Label = Field(
        default="Resources", description="Heading of the resources.", examples=["Find out more"]
    )


class Briefing(Strict):
    """A learning briefing: one YAML file in `content/`."""

    title: Label = Field(
        description="The briefing's title, in sentence case.",
        examples=["Children under two with repeated contacts and referrals"],
    )
    type: LearningType = Field(
        description="The kind of learning: " + ", ".join(repr(t.value) for t in LearningType) + ".",
        examples=["multi-agency audit"],
    )
    audience: Label = Field(
        default="Summary for practitioners and managers",
        description="Who the briefing is for, shown above the title.",
        examples=["Summary for practitioners and managers"],
    )
    published: Date = Field(
        description="The publication date (YYYY-MM-DD); the briefing shows its month and year.",
        examples=["2020-05-01"],
    )
    layout: Layout = Field(
        default=Layout.AUDIT_SUMMARY,
        description=(
            "The briefing's shape: 'audit summary' (the default), '7-minute briefing' (seven "
            "numbered sections) or 'learning questions' (headings asking what we did and found)."
        ),
        examples=["audit summary"],
    )
    partnership: Label | None = Field(
        default=None,
        description="The partnership's name, where it differs from briefgen.yaml (optional).",
        examples=["West Sussex Safeguarding Children Partnership"],
    )
    introduction: LongText = Field(
        description="Why the work was done and what it looked at; Markdown paragraphs.",
        examples=["In May 2020 the partnership completed an audit of children under two."],
    )
    method: Method | None = Field(
        default=None,
        description="How the work was done (optional).",
        examples=[{"text": "The sample was drawn from children referred in 2019."}],
    )
    findings: list[FindingGroup] = Field(
        min_length=1,
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
    practice: Practice = Field(
        description="Taking the learning into practice: an instruction and reflective questions.",
        examples=[
            {
                "instruction": "Take the issues raised into your supervision.",
                "questions": ["Do I always ask families which agencies work with them?"],
            }
        ],
    )
    key_message: Text = Field(
        description="The one thing to remember, shown as a banner.",
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
    headings: Headings = Field(
        default_factory=Headings,
        description="Section headings, where other words than the defaults are wanted (optional).",
        examples=[{"findings": "Key findings from the audit"}],
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
    def _layout_has_its_parts(self) -> Briefing:
        missing = []
        if self.layout is Layout.SEVEN_MINUTE:
            missing = [
                name
                for name, value in (
                    ("why_it_matters", self.why_it_matters),
                    ("things_to_remember", self.things_to_remember),
                    ("resources", self.resources),
                )
                if not value
            ]
        if self.layout is Layout.LEARNING_QUESTIONS:
            kinds = {group.kind for group in self.findings}
            if FindingKind.STRENGTHS not in kinds:
                missing.append("a findings group of kind 'strengths'")
            if not kinds - {FindingKind.STRENGTHS}:
                missing.append("a findings group of another kind")
        if missing:
            raise ValueError(
                f"the layout '{self.layout.value}' needs "
                + " and ".join(name if name.startswith("a ") else f"`{name}`" for name in missing)
                + "; add it, or choose another layout (such as 'audit summary')"
            )
        return self

    @field_validator("title", "audience")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value:
            raise ValueError("write this on one line")
        return value
