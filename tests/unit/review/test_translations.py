"""What is checked of a briefing's versions beyond each one's own checks: a translation
has its original, no language is written twice, every language the project publishes in
has its version, and a version with mistakes of its own is named."""

from __future__ import annotations

from pathlib import Path

from briefgen.content.config import ProjectConfig
from briefgen.content.load import Loaded, Version, load_briefing
from briefgen.content.versions import as_translation
from briefgen.paths import slug_of_file, version_of
from briefgen.review.translations import translation_problems

PARTNERSHIP = {"partnership": {"name": "Mid and West Wales Safeguarding Board"}}
BILINGUAL = ProjectConfig.model_validate({**PARTNERSHIP, "languages": ["cy", "en-GB"]})
ANY = ProjectConfig.model_validate(PARTNERSHIP)


def write(folder: Path, name: str, title: str = "Neglect") -> Path:
    (folder / name).write_text(f"title: {title}\nintroduction: {title}.\n", encoding="utf-8")
    return folder / name


def read(file: Path, others: list[Path], broken: tuple[str, ...] = ()) -> Loaded:
    def one(path: Path) -> Loaded:
        return as_translation(load_briefing(path, Path(path.name), within=[path.parent]), path)

    versions = tuple(
        Version(
            other,
            slug_of_file(other),
            version_of(other)[1] or "en-GB",
            None if other.name in broken else one(other),
            version_of(other)[1] is None,
        )
        for other in others
    )
    loaded = one(file)
    return Loaded(loaded.briefing, loaded.document, versions, file)


def test_a_briefing_with_every_language_the_project_asks_for_has_no_problem(
    tmp_path: Path,
) -> None:
    original, welsh = write(tmp_path, "a.yaml"), write(tmp_path, "a.cy.yaml", "Esgeulustod")
    assert translation_problems(read(original, [welsh]), BILINGUAL) == []
    assert translation_problems(read(welsh, [original]), BILINGUAL) == []


def test_a_missing_version_is_an_error_where_the_project_asks_for_it(tmp_path: Path) -> None:
    original = write(tmp_path, "a.yaml")
    (problem,) = translation_problems(read(original, []), BILINGUAL)
    assert problem.severity == "error"
    assert "no version in `cy`" in problem.message
    assert "content/a.cy.yaml" in problem.fix
    assert translation_problems(read(original, []), ANY) == []  # optional otherwise


def test_a_translation_without_its_original_is_an_error(tmp_path: Path) -> None:
    welsh = write(tmp_path, "a.cy.yaml")
    (problem,) = translation_problems(read(welsh, []), ANY)
    assert "content/ has no a.yaml" in problem.message
    assert "`language: cy`" in problem.fix


def test_two_versions_in_one_language_are_an_error(tmp_path: Path) -> None:
    original, english = write(tmp_path, "a.yaml"), write(tmp_path, "a.en.yaml")
    (problem,) = translation_problems(read(original, [english]), ANY)
    assert "a.en.yaml is in `en` too" in problem.message


def test_a_version_with_mistakes_of_its_own_is_named_and_this_one_still_builds(
    tmp_path: Path,
) -> None:
    original, welsh = write(tmp_path, "a.yaml"), write(tmp_path, "a.cy.yaml")
    (problem,) = translation_problems(read(original, [welsh], broken=("a.cy.yaml",)), ANY)
    assert problem.severity == "warning"
    assert "a.cy.yaml, has mistakes of its own" in problem.message


def test_a_difference_is_told_in_full_at_the_translation_and_counted_at_the_original(
    tmp_path: Path,
) -> None:
    original = tmp_path / "a.yaml"
    original.write_text("title: Neglect\nintroduction: Twenty children, 20 in all.\n")
    welsh = tmp_path / "a.cy.yaml"
    welsh.write_text("title: Esgeulustod\nintroduction: Ugain o blant, 21 i gyd.\n")
    (told,) = translation_problems(read(welsh, [original]), ANY)
    assert told.severity == "error"
    assert (str(told.file), told.line) == ("a.cy.yaml", 2)
    assert "a.yaml:2" in told.message
    (counted,) = translation_problems(read(original, [welsh]), ANY)
    assert str(counted.file) == "a.yaml"
    assert "differs from it in one place" in counted.message


def test_a_link_to_its_counterpart_in_the_other_language_matches(tmp_path: Path) -> None:
    english, welsh = "https://example.org/policy-en.pdf", "https://example.org/polisi-cy.pdf"
    original = tmp_path / "a.yaml"
    original.write_text(f"title: Neglect\nintroduction: See [the policy]({english}).\n")
    translation = tmp_path / "a.cy.yaml"
    translation.write_text(f"title: Esgeulustod\nintroduction: Gweler [y polisi]({welsh}).\n")
    (unpaired,) = translation_problems(read(translation, [original]), ANY)
    assert "translated_links" in unpaired.fix
    paired = ProjectConfig.model_validate({**PARTNERSHIP, "translated_links": [[english, welsh]]})
    assert translation_problems(read(translation, [original]), paired) == []
