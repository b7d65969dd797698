"""A translation's file name gives its language: `NAME.cy.yaml` is in Welsh, whatever the
project's default; a `language:` that says otherwise, or a tag no one knows, is a mistake
told at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.content.load import Loaded, load_briefing
from briefgen.content.versions import as_translation
from briefgen.errors import ContentError

WELSH = "title: Plant dan ddwy oed\nintroduction: Mae diogelu yn gyfrifoldeb ar bawb.\n"


def loaded(folder: Path, name: str, text: str) -> Loaded:
    file = folder / name
    file.write_text(text, encoding="utf-8")
    return as_translation(load_briefing(file, Path(name), within=[folder]), file)


def test_a_translation_is_in_the_language_its_name_gives(tmp_path: Path) -> None:
    assert loaded(tmp_path, "a.cy.yaml", WELSH).briefing.language == "cy"
    assert loaded(tmp_path, "b.cy.yaml", WELSH + "language: cy-GB\n").briefing.language == "cy-GB"


def test_an_original_keeps_its_own_language(tmp_path: Path) -> None:
    assert loaded(tmp_path, "a.yaml", WELSH).briefing.language is None
    assert loaded(tmp_path, "b.yaml", WELSH + "language: cy\n").briefing.language == "cy"


def test_a_language_line_that_contradicts_the_name_is_told_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as raised:
        loaded(tmp_path, "a.cy.yaml", WELSH + "language: pl\n")
    (problem,) = raised.value.problems
    assert (str(problem.file), problem.line, problem.field) == ("a.cy.yaml", 3, "language")
    assert "`cy`" in problem.message
    assert "`pl`" in problem.message
    assert "remove the `language` line" in problem.fix


def test_a_name_with_a_tag_no_one_knows_is_told_with_an_example(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as raised:
        loaded(tmp_path, "a.zz.yaml", WELSH)
    (problem,) = raised.value.problems
    assert "knows no language `zz`" in problem.message
    assert "a.cy.yaml for Welsh" in problem.fix
