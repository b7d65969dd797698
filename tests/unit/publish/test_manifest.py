"""What a manifest may hold, read as any other input: briefing names as keys, only names a
build writes as each briefing's files, every value of the type the build writes it with.
Anything else is a ValueError naming the first value that is not."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.publish.manifest import manifest_data

LISTING = {
    "title": "Fathers",
    "summary": "In short.",
    "type_label": "Rapid review",
    "audience": "All",
    "date_text": "March 2021",
    "published": "2021-03-01",
    "written": "2021-03",
    "themes": ["fathers"],
    "partnership": "Anytown",
    "replaces": None,
    "entries": [
        {
            "title": "Strategy discussions",
            "id": "fathers-2021--strategy-discussions",
            "date_text": "October 2020",
            "published": "2020-10-14",
            "summary": "Who takes part.",
        }
    ],
    "language": "en-GB",
}
WARNING = {
    "file": "content/fathers.yaml",
    "message": "a long sentence",
    "fix": "split it",
    "line": 3,
    "column": 1,
    "field": "introduction",
    "value": None,
    "severity": "warning",
    "check": "sentence-length",
}


def manifest() -> dict[str, Any]:
    return {
        "version": 3,
        "index": "abc",
        "logo": "assets/logo.svg",
        "logos": ["assets/example-logo.svg"],
        "notices": [],
        "library": ["index.html", "theme-fathers.html"],
        "entries": {
            "fathers-2021": {
                "inputs": "0123",
                "outputs": {
                    "fathers-2021.pdf": 120_000,
                    "fathers-2021-discussion-record.docx": 20_000,
                    "index.html": 9_000,
                    "fragment.html": 5_000,
                    "proof-page-1.png": 1,
                },
                "pages": 2,
                "warnings": [WARNING],
                "listing": LISTING,
            }
        },
    }


def changed(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(manifest())
    holder = data
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    return data


def test_a_manifest_as_a_build_writes_it_is_read_as_it_is() -> None:
    assert manifest_data(manifest()) == manifest()


def test_a_listing_written_before_entries_came_lists_none() -> None:
    listing = {key: value for key, value in LISTING.items() if key != "entries"}
    read = manifest_data(changed(("entries", "fathers-2021", "listing"), listing))
    assert read["entries"]["fathers-2021"]["listing"]["entries"] == []


def test_a_listing_written_before_languages_came_has_none() -> None:
    """The library then lists it in the project's language (library.language_in)."""
    listing = {key: value for key, value in LISTING.items() if key != "language"}
    read = manifest_data(changed(("entries", "fathers-2021", "listing"), listing))
    assert read["entries"]["fathers-2021"]["listing"]["language"] is None


def test_a_build_that_listed_nothing_wrote_an_empty_listing() -> None:
    read = manifest_data(changed(("entries", "fathers-2021", "listing"), {}))
    assert read["entries"]["fathers-2021"]["listing"] is None
    minimal = changed(("entries", "fathers-2021"), {"inputs": "x", "outputs": {}, "pages": 1})
    assert manifest_data(minimal)["entries"]["fathers-2021"]["warnings"] == []


@pytest.mark.parametrize(
    ("path", "value", "said"),
    [
        (("version",), 2, "version: Input should be 3"),
        (("entries",), {"../etc": {"inputs": "x", "outputs": {}, "pages": 1}}, "entries.../etc"),
        (("entries",), {"A": {"inputs": "x", "outputs": {}, "pages": 1}}, "entries.A"),
        (("entries", "fathers-2021", "pages"), -1, "pages"),
        (("entries", "fathers-2021", "pages"), "2", "pages"),
        (("entries", "fathers-2021", "pages"), True, "pages"),
        (("entries", "fathers-2021", "outputs"), {"index.html": -5}, "outputs.index.html"),
        (("entries", "fathers-2021", "surprise"), 1, "surprise: Extra inputs"),
        (("entries", "fathers-2021", "listing", "published"), "1 March", "published"),
        (("entries", "fathers-2021", "listing", "language"), "../cy", "a language tag"),
        (("entries", "fathers-2021", "listing", "language"), 7, "language"),
        (("entries", "fathers-2021", "warnings"), [{**WARNING, "severity": "fatal"}], "severity"),
        (("logo",), 7, "logo"),
        (("library",), "index.html", "library"),
    ],
)
def test_a_value_not_of_the_builds_type_is_named(
    path: tuple[str, ...], value: Any, said: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(said)):
        manifest_data(changed(path, value))


def test_a_file_a_build_does_not_write_is_refused() -> None:
    for name in ("../../.bashrc", "other-2021.pdf", ".briefgen-manifest.json", "notes.txt"):
        outputs = {"fathers-2021.pdf": 1, name: 1}
        with pytest.raises(ValueError, match="is not a file a build writes for fathers-2021"):
            manifest_data(changed(("entries", "fathers-2021", "outputs"), outputs))


def test_a_manifest_that_is_not_a_manifest_is_refused() -> None:
    for data in ({}, {"version": 3}):
        with pytest.raises(ValueError, match="Field required"):
            manifest_data(data)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(st.dictionaries(st.sampled_from(list(manifest())), JSON, max_size=6))
def test_any_json_is_read_or_refused_with_a_value_error(data: dict[str, Any]) -> None:
    try:
        read = manifest_data(data)
    except ValueError:
        return
    assert read["version"] == 3
