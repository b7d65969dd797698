"""What a manifest may hold: the model a build reads `output/.briefgen-manifest.json` through.

The manifest is the build's record of what it wrote, but it lies in the output folder,
which comes with the project: anyone may have edited it, and a cloned repository may
ship one. So the build reads it as any other input, through a model: its keys are
briefing names (slugs), each briefing's files are names a build writes into its folder,
every value has the type the build writes it with. One that fails is set aside, with a
notice (`briefgen.publish.incremental.Manifest.load`): every briefing is rebuilt, and the build
writes it afresh. A withdrawal or a rebuild then removes only what such a manifest names.

This module imports pydantic; the command line's answer to a build with nothing to do
does without it (`Manifest.glance`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    ValidationError,
    field_validator,
    model_validator,
)

from briefgen.content.languages import TAG
from briefgen.names import written_by_a_build
from briefgen.paths import MAX_SLUG_LENGTH, SLUG

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _matching(pattern: re.Pattern[str], what: str) -> AfterValidator:
    """A check that a text is all of `pattern` (Python's regular expressions, as the rest
    of briefgen writes them, where pydantic's own are Rust's)."""

    def check(value: str) -> str:
        if not pattern.match(value):
            raise ValueError(f"{value!r} is not {what}")
        return value

    return AfterValidator(check)


Slug = Annotated[str, Field(max_length=MAX_SLUG_LENGTH), _matching(SLUG, "a briefing's name")]
IsoDate = Annotated[str, _matching(ISO_DATE, "a date as YYYY-MM-DD")]


class _Record(BaseModel):
    """A part of the manifest: the fields the build writes, of the types it writes them with."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Told(_Record):
    """A warning the briefing's last good build told (a `briefgen.errors.Problem`)."""

    file: str
    message: str
    fix: str
    line: NonNegativeInt | None = None
    column: NonNegativeInt | None = None
    field: str = ""
    value: str | None = None
    severity: Literal["error", "warning", "note"] = "error"
    check: str = ""


class ListedEntry(_Record):
    """One of several entries a briefing's page holds, as the library lists it."""

    title: str
    id: str
    date_text: str
    published: IsoDate
    summary: str


class Listed(_Record):
    """What the library lists of a briefing (`briefgen.steps.listing_of`)."""

    title: str
    summary: str
    type_label: str
    audience: str | None  # none for a briefing without an audience line
    date_text: str
    published: IsoDate | None  # none for an undated briefing
    # The date as written ("2020-05"), for `<time datetime>`; none in a manifest of before.
    written: Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] | None = None
    themes: list[str]
    partnership: str
    replaces: str | None
    entries: list[ListedEntry] = []  # a page of several entries: each of them
    # Its language's BCP 47 tag, which index lists it; none in a manifest of before (the
    # project's `language`, then: briefgen.publish.library.language_in).
    language: Annotated[str, _matching(TAG, "a language tag")] | None = None


class Built(_Record):
    """The last good build of one briefing."""

    inputs: str
    outputs: dict[str, NonNegativeInt]
    pages: NonNegativeInt
    warnings: list[Told] = []
    listing: Listed | None = None

    @field_validator("listing", mode="before")
    @classmethod
    def _none_listed(cls, value: Any) -> Any:
        return None if value == {} else value  # a build that listed nothing writes {}


class ManifestFile(_Record):
    """The whole manifest, of the version this briefgen writes."""

    version: Literal[3]
    index: str
    logo: str | None
    # The logos of briefgen.yaml's other partnerships (`partnerships:`), hashed as the logo is.
    logos: list[str] = []
    notices: list[str]
    library: list[str]  # the index write removes only the filter pages named (build.py)
    entries: dict[Slug, Built]

    @model_validator(mode="after")
    def _names_a_build_writes(self) -> ManifestFile:
        for slug, built in self.entries.items():
            for name in built.outputs:
                if not written_by_a_build(slug, name):
                    raise ValueError(f"{name!r} is not a file a build writes for {slug}")
        return self


def manifest_data(data: dict[str, Any]) -> dict[str, Any]:
    """`data` (a manifest as JSON gives it) if it holds what a build writes; a ValueError
    naming the first value that is not, if not."""
    try:
        return ManifestFile.model_validate(data).model_dump()
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the manifest"
        raise ValueError(f"{where}: {first['msg']}") from None


__all__ = [
    "manifest_data",
]
