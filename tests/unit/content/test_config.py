"""The settings (briefgen.content.config): the addresses in briefgen.yaml hold no control
character."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefgen.content.config import WORDINGS, Safeguards, Wording, load_project
from briefgen.errors import ContentError
from tests.support.project import copy_example

ADDRESS_SETTINGS = ["partnership.website", "site.url", "fragment.pdf_base_url"]
# Written in briefgen.yaml as YAML double-quoted strings, so that \r, \n and \t are real.
WEB_INJECTIONS = [
    r"https://www.example.org/briefings/\r\nSet-Cookie: taken/",
    r"https://www.exa\nmple.org/briefings/",  # the URL parser would drop it without a word
    r"https://www.example.org/brief\tings/",
    "https://www.example.org/%0d%0aSet-Cookie:%20taken/",
    "https://www.example.org/briefings%0A/",
    "https://www.example.org/%00/",
    "https://www.example.org/%7F/",
]


@pytest.mark.parametrize("address", WEB_INJECTIONS)
@pytest.mark.parametrize("setting", ADDRESS_SETTINGS)
def test_a_control_character_in_an_address_setting_is_refused_at_its_line(
    tmp_path: Path, setting: str, address: str
) -> None:
    """Each of these addresses is published (links, the feed, the sitemap, briefings.json,
    which a CMS imports): a line break in it, written or percent-encoded, reaches whatever
    decodes it."""
    folder = copy_example(tmp_path / "project", content=False)
    settings = folder / "briefgen.yaml"
    data = yaml.safe_load(settings.read_text())
    group, name = setting.split(".")
    data[group][name] = "PLACEHOLDER"
    written = yaml.safe_dump(data, sort_keys=False).replace("PLACEHOLDER", f'"{address}"')
    settings.write_text(written)
    with pytest.raises(ContentError) as raised:
        load_project(folder)
    [problem] = raised.value.problems
    assert problem.field == setting
    assert problem.line == next(
        number for number, line in enumerate(written.splitlines(), 1) if address in line
    )
    assert "line break or another control character" in problem.message


@pytest.mark.parametrize("setting", ADDRESS_SETTINGS)
def test_an_address_with_percent_escapes_of_printable_characters_is_kept(
    tmp_path: Path, setting: str
) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    settings = folder / "briefgen.yaml"
    data = yaml.safe_load(settings.read_text())
    group, name = setting.split(".")
    data[group][name] = "https://www.example.org/learning%20briefings/%C3%A9t%C3%A9/"
    settings.write_text(yaml.safe_dump(data, sort_keys=False))
    config = load_project(folder).config
    assert "%20briefings" in str(getattr(getattr(config, group), name))


def test_the_words_briefgen_adds_are_the_childrens_by_default(tmp_path: Path) -> None:
    """The example project keeps the words it has always had."""
    wording = load_project(copy_example(tmp_path / "project")).config.wording
    assert wording == Wording("safeguarding children", "children", "a child or a family")


def test_an_adults_board_gets_its_words_and_may_reword_each(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    settings = folder / "briefgen.yaml"
    settings.write_text(settings.read_text().replace("safeguards: children", "safeguards: adults"))
    assert load_project(folder).config.wording == WORDINGS[Safeguards.ADULTS]
    assert "child" not in " ".join(vars(WORDINGS[Safeguards.ADULTS]).values())
    assert "child" not in " ".join(vars(WORDINGS[Safeguards.EVERYONE]).values())
    settings.write_text(settings.read_text() + "words:\n  counted: residents\n")
    wording = load_project(folder).config.wording
    assert (wording.keyword, wording.counted) == ("safeguarding adults", "residents")


def test_an_unknown_kind_of_partnership_is_refused_with_the_choices(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    settings = folder / "briefgen.yaml"
    settings.write_text(settings.read_text().replace("safeguards: children", "safeguards: elders"))
    with pytest.raises(ContentError) as caught:
        load_project(folder)
    [problem] = caught.value.problems
    assert problem.field == "safeguards"
    assert "children" in problem.fix
    assert "adults" in problem.fix


@pytest.mark.parametrize(
    ("settings", "told"),
    [
        ({"languages": ["cy", "pl"]}, "`languages` leaves out `en-GB`"),
        ({"languages": ["cy", "en-GB", "cy-GB"]}, "`languages` names a language twice"),
        ({"languages": ["en-GB"], "bilingual_pdf": True}, "`bilingual_pdf` needs two languages"),
        ({"languages": ["cy", "xx-nowhere"]}, "briefgen knows no language `xx-nowhere`"),
        ({"translated_links": [["https://example.org/a.pdf"]]}, "translated_links"),
    ],
)
def test_languages_that_cannot_be_published_are_told(
    tmp_path: Path, settings: dict[str, object], told: str
) -> None:
    folder = copy_example(tmp_path / "project")
    config = folder / "briefgen.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    config.write_text(yaml.safe_dump({**data, **settings}), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_project(folder)
    assert told in str(raised.value)


def test_a_project_in_welsh_and_english_loads() -> None:
    project = load_project(Path(__file__).parents[3] / "examples" / "welsh-and-english")
    assert project.config.languages == ["cy", "en-GB"]
    assert project.config.bilingual_pdf
    assert project.config.partnership.translations["cy"].name
