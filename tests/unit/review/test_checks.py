"""The content checks: each fires on a bad example, stays quiet on the seed, can be waived."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.content.config import load_project
from briefgen.content.load import load_briefing
from briefgen.engine.system_fonts import system_font_has
from briefgen.errors import Problem
from briefgen.review.checks import check_briefing
from tests.support.project import REPOSITORY, SEED, Runner, copy_example
from tests.support.text import VALID, seed_data, write_briefing

TODAY = dt.date(2026, 11, 25)


def problems_for(tmp_path: Path, data: dict[str, Any], config_change: str = "") -> list[Problem]:
    folder = copy_example(tmp_path / "project", content=False)
    if config_change:
        config = folder / "briefgen.yaml"
        old, new = config_change.split(" => ")
        config.write_text(config.read_text().replace(old, new))
    source = write_briefing(folder, "example", data)
    project = load_project(folder)
    return check_briefing(
        load_briefing(source), project.config, today=TODAY, system_has=system_font_has
    )


def checks_of(problems: list[Problem]) -> set[str]:
    return {problem.check for problem in problems}


def test_the_seed_and_every_example_are_quiet() -> None:
    config = load_project(REPOSITORY).config
    for example in sorted((REPOSITORY / "content").glob("*.yaml")):
        assert check_briefing(load_briefing(example), config, today=TODAY) == [], example.name


def test_the_seed_would_be_flagged_for_long_sentences_without_its_acknowledgement(
    tmp_path: Path,
) -> None:
    data = seed_data()
    data.pop("acknowledge")
    problems = problems_for(tmp_path, data)
    assert checks_of(problems) == {"sentence-length"}
    assert {problem.field for problem in problems} >= {"findings.2.items.1", "findings.2.items.5"}


def set_question(data: dict[str, Any]) -> None:
    data["practice"]["questions"][0] = "Think about who else is working with the family."


def set_percentages(data: dict[str, Any]) -> None:
    groups = data["method"]["cohort"]["breakdowns"][0]["groups"]
    groups[0]["percent"], groups[1]["percent"] = 33, 66


def set_http(data: dict[str, Any]) -> None:
    data["resources"][0]["url"] = "http://www.example.org/policy.pdf"


def set_bare_url_title(data: dict[str, Any]) -> None:
    data["resources"][0]["title"] = "https://www.example.org/policy.pdf"


def set_click_here(data: dict[str, Any]) -> None:
    data["resources"][1]["description"] = "To read it, [click here](https://www.example.org/)."


def set_long_sentence(data: dict[str, Any]) -> None:
    data.pop("acknowledge")
    data["introduction"] = " ".join(["word"] * 30) + "."
    data["findings"][1]["items"] = ["A short finding."]
    data["method"]["text"] = "Short."
    data["practice"]["questions"] = ["Do I ask?"]


def set_capitals(data: dict[str, Any]) -> None:
    data["key_message"] = "SAFEGUARDING IS EVERYONE'S RESPONSIBILITY"


def set_future_date(data: dict[str, Any]) -> None:
    data["published"] = "2027-01-15"


def set_period_after_publication(data: dict[str, Any]) -> None:
    data["method"]["cohort"]["period"]["end"] = "2020-08-31"


def set_raw_html(data: dict[str, Any]) -> None:
    data["key_message"] = "Remember <b>safeguarding</b>."


def set_chinese(data: dict[str, Any]) -> None:
    data["findings"][0]["items"][1] = "Interpreters were booked for families who speak 中文."


CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str, str, str]] = {
    # name: (change, check, field, the message's start)
    "not a question": (
        set_question,
        "questions",
        "practice.questions.1",
        "this reflective question is not a question",
    ),
    "percentages": (
        set_percentages,
        "cohort",
        "method.cohort.breakdowns.1",
        "the percentages of 'What happened after the contacts and referrals' add up to 99, not 100",
    ),
    "http link": (set_http, "links", "resources.1.url", "this link is not secure (http://)"),
    "bare URL title": (
        set_bare_url_title,
        "links",
        "resources.1.title",
        "the link's title does not say where it goes",
    ),
    "click here": (
        set_click_here,
        "links",
        "resources.2.description",
        "the link text 'click here' does not say where the link goes",
    ),
    "long sentence": (
        set_long_sentence,
        "sentence-length",
        "introduction",
        "a sentence of 30 words (plain English keeps to 25 or fewer)",
    ),
    "capitals": (set_capitals, "capitals", "key_message", "text in capitals is hard to read"),
    "future date": (
        set_future_date,
        "dates",
        "published",
        "the publication date 15 January 2027 is in the future",
    ),
    "period after publication": (
        set_period_after_publication,
        "dates",
        "method.cohort.period.end",
        "the audit period ends after the briefing is published",
    ),
    "missing glyphs": (
        set_chinese,
        "missing-glyphs",
        "findings.1.items.2",
        "no font on this computer can draw 中 (U+4E2D), 文 (U+6587): the PDF would show empty "
        "boxes",
    ),
    "raw HTML": (
        set_raw_html,
        "markup",
        "key_message",
        "the HTML tag '<b>' (HTML is shown as text) is shown as plain text",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_check_fires_on_a_bad_example(tmp_path: Path, case: str) -> None:
    change, check, field, message = CASES[case]
    data = seed_data()
    change(data)
    problems = [problem for problem in problems_for(tmp_path, data) if problem.check == check]
    assert problems, case
    first = problems[0]
    assert first.field == field
    assert first.message.startswith(message)
    assert first.severity == "warning"
    assert first.line is not None


def test_a_vague_logo_alt_text_is_flagged(tmp_path: Path) -> None:
    problems = problems_for(
        tmp_path,
        seed_data(),
        "alt: West Sussex Safeguarding Children Partnership logo => alt: logo",
    )
    assert [problem.check for problem in problems] == ["logo-alt"]
    assert (
        problems[0].fix
        == "write, for example: alt: West Sussex Safeguarding Children Partnership logo"
    )


def test_the_logo_alt_checked_is_that_of_the_partnership_the_briefing_is_published_by(
    tmp_path: Path,
) -> None:
    data = seed_data()
    data["partnership"] = "Example Safeguarding Children Partnership"
    problems = problems_for(
        tmp_path / "a", data, "alt: Example Safeguarding Children Partnership logo => alt: logo"
    )
    assert [(problem.check, problem.field) for problem in problems] == [
        ("logo-alt", "partnerships.0.logo.alt")
    ]
    assert (
        problems[0].fix == "write, for example: alt: Example Safeguarding Children Partnership logo"
    )
    own = {"name": "Elsewhere Board", "logo": {"file": "assets/logo.svg", "alt": "image"}}
    data["partnership"] = own
    problems = problems_for(tmp_path / "b", data)
    assert [(problem.check, problem.field) for problem in problems] == [
        ("logo-alt", "partnership.logo.alt")
    ]
    assert problems[0].line is not None  # in the briefing, at its line


@pytest.mark.parametrize(
    ("alt", "said"),
    [
        ("Photo.", "does not say what it shows"),
        ("home-visit.svg", "does not say what it shows"),
        ("Seeing the father at home", "repeats its caption"),
    ],
)
def test_an_image_alt_text_that_says_nothing_of_the_picture_is_flagged(
    tmp_path: Path, alt: str, said: str
) -> None:
    data = seed_data()
    image = {
        "file": "assets/home-visit.svg",
        "alt": alt,
        "caption": "Seeing the father at **home**.",
    }
    data["sections"] = [{"heading": "At home", "blocks": [{"image": image}]}]
    [problem] = problems_for(tmp_path, data)
    assert problem.check == "image-alt"
    assert problem.message.startswith(f"the image's text alternative {said}")
    assert problem.field == "sections.1.blocks.1.image.alt"
    assert problem.severity == "warning"
    assert problem.line is not None


def test_an_acknowledgement_switches_a_check_off_with_its_reason(tmp_path: Path) -> None:
    data = seed_data()
    set_capitals(data)
    data["acknowledge"].append(
        {"check": "capitals", "reason": "The board asked for the key message in capitals."}
    )
    assert problems_for(tmp_path, data) == []


def test_an_acknowledgement_for_one_field_leaves_the_others(tmp_path: Path) -> None:
    data = seed_data()
    data["practice"]["questions"][0] = "Think about who else is working with the family."
    data["practice"]["questions"][1] = "Share what you can."
    data["acknowledge"].append(
        {
            "check": "questions",
            "field": "practice.questions.1",
            "reason": "A prompt, not a question.",
        }
    )
    problems = problems_for(tmp_path, data)
    assert [problem.field for problem in problems] == ["practice.questions.2"]


@pytest.mark.slow
def test_strict_turns_warnings_into_errors(project_folder: Path, briefgen_main: Runner) -> None:
    data = seed_data()
    set_question(data)
    write_briefing(project_folder, SEED.stem, data)
    relaxed = briefgen_main("check", "--project", project_folder)
    assert relaxed.code == 0
    assert "warning: this reflective question is not a question" in relaxed.err
    strict = briefgen_main("check", "--strict", "--project", project_folder)
    assert strict.code == 1
    assert "error: this reflective question is not a question" in strict.err


def test_text_the_fonts_can_draw_gives_no_missing_glyph_warning(tmp_path: Path) -> None:
    """Plain English with typographic punctuation, accents and currency is in the bundled
    typeface; what it lacks here (Greek, Arabic) a system font has (DejaVu, which
    scripts/setup installs), and WeasyPrint draws it with that."""
    data = seed_data()
    data["key_message"] = "Ask “who else lives here?” – it costs £0, and café staff can ask too."
    data["findings"][0]["items"][0] = "Leaflets were offered in Ελληνικά and العربية."
    problems = problems_for(tmp_path, data)
    assert [problem for problem in problems if problem.check == "missing-glyphs"] == []


def test_missing_glyphs_are_named_per_field_with_the_line(tmp_path: Path) -> None:
    data = seed_data()
    set_chinese(data)
    data["key_message"] = "Think family \ue000 first."  # private use: no font draws it
    problems = [p for p in problems_for(tmp_path, data) if p.check == "missing-glyphs"]
    assert [(problem.field, problem.severity) for problem in problems] == [
        ("findings.1.items.2", "warning"),
        ("key_message", "warning"),
    ]
    assert "(U+E000)" in problems[1].message
    assert "中" not in problems[1].message
    assert "fonts-noto-cjk" in problems[0].fix
    assert problems[0].value is not None
    assert "中文" in problems[0].value


@pytest.mark.slow
def test_missing_glyphs_fail_a_strict_check_and_can_be_acknowledged(
    project_folder: Path, briefgen_main: Runner
) -> None:
    data = seed_data()
    set_chinese(data)
    write_briefing(project_folder, SEED.stem, data)
    relaxed = briefgen_main("check", "--project", project_folder)
    assert relaxed.code == 0, relaxed.err
    assert "warning: no font on this computer can draw 中 (U+4E2D), 文 (U+6587)" in relaxed.err
    assert "(findings.1.items.2)" in relaxed.err
    strict = briefgen_main("check", "--strict", "--project", project_folder)
    assert strict.code == 1
    assert "error: no font on this computer can draw 中 (U+4E2D)" in strict.err
    data["acknowledge"].append(
        {"check": "missing-glyphs", "reason": "Printed on a machine with fonts-noto-cjk."}
    )
    write_briefing(project_folder, SEED.stem, data)
    assert briefgen_main("check", "--strict", "--project", project_folder).code == 0


def test_missing_glyphs_in_the_settings_name_the_setting(tmp_path: Path) -> None:
    """The partnership's name is printed on every page of every PDF."""
    problems = problems_for(
        tmp_path,
        seed_data(),
        "name: West Sussex Safeguarding Children Partnership => name: West Sussex 中心",
    )
    assert [(p.check, p.field, p.file.name) for p in problems] == [
        ("missing-glyphs", "partnership.name", "briefgen.yaml")
    ]
    assert problems[0].message.startswith("no font on this computer can draw 中 (U+4E2D), 心")


def test_a_briefing_without_reflective_questions_is_warned_and_can_be_acknowledged(
    tmp_path: Path,
) -> None:
    data = seed_data()
    del data["practice"]
    problems = problems_for(tmp_path, data)
    assert [(problem.check, problem.severity) for problem in problems] == [
        ("reflection", "warning")
    ]
    assert problems[0].message == (
        "the briefing has no reflective questions to take into supervision, so its team "
        "discussion record has no questions to discuss (only a space to write in)"
    )
    data["acknowledge"].append({"check": "reflection", "reason": "A report to the board."})
    assert problems_for(tmp_path / "acknowledged", data) == []


def test_questions_anywhere_count_and_are_checked_as_questions(tmp_path: Path) -> None:
    data = seed_data()
    del data["practice"]
    data["sections"] = [
        {"heading": "Theme", "blocks": [{"questions": {"items": ["Share what you know."]}}]}
    ]
    problems = problems_for(tmp_path, data)
    assert [(problem.check, problem.field) for problem in problems] == [
        ("questions", "sections.1.blocks.1.questions.items.1")
    ]


def test_a_field_the_layout_does_not_show_is_named(tmp_path: Path) -> None:
    data = seed_data()
    data["layout"] = "7-minute briefing"
    data["headings"]["method"] = "How we did it"
    problems = problems_for(tmp_path, data)
    assert [(problem.check, problem.field, problem.message) for problem in problems] == [
        (
            "layout",
            "headings.method",
            "`headings.method` does not apply to the layout '7-minute briefing': it is not shown",
        )
    ]


def test_a_link_to_a_section_the_briefing_lacks_is_refused_at_its_line(tmp_path: Path) -> None:
    """`[text](#name)` leads to a heading of the same briefing; one that leads nowhere is an
    error with its line, the likely name and the names there are, and cannot be waived."""
    data = seed_data()
    data["introduction"] = "Read [the method](#method) and [the findings](#key-findings)."
    data["acknowledge"].append({"check": "links", "reason": "The section comes later."})
    problems = problems_for(tmp_path, data)
    [problem] = [problem for problem in problems if problem.check == "links"]
    assert problem.severity == "error"
    assert problem.message == "the link to #key-findings leads to no section of this briefing"
    assert problem.field == "introduction"
    assert problem.fix.startswith("did you mean #key-findings-from-the-audit?")
    assert "#method" in problem.fix
    source = (tmp_path / "project" / "content" / "example.yaml").read_text().splitlines()
    assert problem.line == next(n for n, line in enumerate(source, 1) if "#key-findings" in line)


def test_a_link_to_a_section_the_briefing_has_is_quiet(tmp_path: Path) -> None:
    data = seed_data()
    data["introduction"] = "Read [the method](#method) and [the resources](#resources)."
    assert problems_for(tmp_path, data) == []


# --- The frame's checks: headings, parts placed nowhere, partnerships, authors, links ----------


def sections_only() -> dict[str, Any]:
    """A briefing that writes its content as sections: no findings, method or key message."""
    data: dict[str, Any] = yaml.safe_load(VALID)
    data["published"] = "2021-03-01"
    for name in ("findings", "key_message"):
        del data[name]
    data["sections"] = [{"heading": "What we found", "blocks": [{"paragraphs": "We looked."}]}]
    return data


def test_a_heading_for_a_part_the_briefing_does_not_have_is_warned_with_the_fix(
    tmp_path: Path,
) -> None:
    data = sections_only()
    data["headings"] = {"findings": "What we learned", "resources": "Read more"}
    data["resources"] = [{"title": "Escalation policy", "url": "https://example.org/e.pdf"}]
    problems = problems_for(tmp_path, data)
    assert [(problem.check, problem.field) for problem in problems] == [
        ("layout", "headings.findings")
    ]
    problem = problems[0]
    assert problem.message == (
        "`headings.findings` rewords the heading of a section this briefing does not have "
        "(it gives no `findings:`): it is not shown"
    )
    assert problem.fix.startswith("remove `headings.findings`; to head a section of your own")
    assert (problem.line, problem.column) == (23, 15)  # at its value, under `headings:`


def test_a_part_given_that_the_frame_places_nowhere_is_warned_unless_hidden(
    tmp_path: Path,
) -> None:
    (tmp_path / "templates" / "layouts").mkdir(parents=True)
    layout = REPOSITORY / "templates" / "layouts" / "audit-summary.yaml"
    data = sections_only()
    data["banner"] = "Case review sub-committee"
    data["authors"] = [{"name": "Sam Patel", "role": "Lead"}]
    plain = layout.read_text().replace("[banner, series, audience]", "[series, audience]")
    problems = _with_layout(tmp_path / "a", plain, data)
    assert [(problem.check, problem.field) for problem in problems] == [("layout", "banner")]
    assert "places no banner in its frame: it is not shown" in problems[0].message
    assert "`frame: {banner: under_title}`" in problems[0].fix
    data["frame"] = {"banner": "hidden"}
    assert _with_layout(tmp_path / "b", plain, data) == []
    data["frame"] = {"banner": "under_title"}
    assert _with_layout(tmp_path / "c", plain, data) == []


def _with_layout(folder: Path, layout_text: str, data: dict[str, Any]) -> list[Problem]:
    project = copy_example(folder, content=False)
    (project / "templates" / "layouts").mkdir(parents=True, exist_ok=True)
    (project / "templates" / "layouts" / "audit-summary.yaml").write_text(layout_text)
    source = write_briefing(project, "example", data)
    loaded = load_project(project)
    return check_briefing(
        load_briefing(source),
        loaded.config,
        today=TODAY,
        folders=[loaded.templates],
    )


def test_a_partnership_briefgen_yaml_does_not_know_is_named_with_the_fix(tmp_path: Path) -> None:
    data = sections_only()
    data["partnership"] = "Elsewhere Safeguarding Partnership"
    problems = problems_for(tmp_path / "a", data)
    assert [(problem.check, problem.field) for problem in problems] == [
        ("partnership", "partnership")
    ]
    assert "no logo, website or address for its discussion records" in problems[0].message
    assert "under `partnerships:`" in problems[0].fix
    data["partnership"] = "Example Safeguarding Children Partnership"  # in briefgen.yaml
    assert problems_for(tmp_path / "b", data) == []
    data["partnership"] = {"name": "Elsewhere Safeguarding Partnership"}  # given whole
    assert problems_for(tmp_path / "c", data) == []


def test_a_named_author_is_not_flagged_where_their_name_stands_in_the_text(
    tmp_path: Path,
) -> None:
    data = sections_only()
    data["authors"] = [{"name": "Dr Priya Shah", "role": "Designated doctor"}]
    data["introduction"] = "Dr Shah read every referral. Dr Jones did not."
    problems = problems_for(tmp_path / "a", data)
    assert [(problem.check, problem.value) for problem in problems] == [
        ("personal-data", "Dr Jones")
    ]
    # A given name after a family role is a family member's, whoever wrote the briefing.
    data["introduction"] = "We met the mother, Priya, twice."
    assert checks_of(problems_for(tmp_path / "b", data)) == {"personal-data"}
    data["authors"] = []
    data["introduction"] = "Dr Shah read every referral."
    assert checks_of(problems_for(tmp_path / "c", data)) == {"personal-data"}


def test_several_links_in_one_field_are_each_told_at_their_own_line(tmp_path: Path) -> None:
    text = VALID.replace(
        "introduction: Why we looked.\n",
        "introduction: |\n"
        "  Read [the policy](javascript:alert(1)).\n"
        "\n"
        "  Then [click here](https://example.org/a) for the form.\n"
        "\n"
        "  Or [the other form](file:///etc/passwd).\n",
    )
    folder = copy_example(tmp_path, content=False)
    source = folder / "content" / "links.yaml"
    source.write_text(text)
    problems = check_briefing(load_briefing(source), load_project(folder).config, today=TODAY)
    told = sorted((problem.line, problem.column, problem.check) for problem in problems)
    # each at its address (or, for vague words, at the link), not all at the field's start
    assert told == [(5, 21, "markup"), (7, 8, "links"), (9, 23, "markup")]


def test_the_content_checks_read_welsh_and_urdu_sentences(tmp_path: Path) -> None:
    """A vague link is vague in Welsh too ("cliciwch yma"); an Urdu question ends with "؟";
    a Welsh sentence of many words is long as an English one is."""
    data = seed_data()
    data["language"] = "cy"
    data["introduction"] = "Mae’r polisi [yma](https://example.org/polisi) i bawb."
    data["practice"]["questions"] = ["کیا میں ہمیشہ خاندان سے پوچھتا ہوں؟", "A ydw i’n gofyn?"]
    data["key_message"] = " ".join(["Cofiwch"] * 30) + "."
    data["acknowledge"] = []  # the seed waives its long sentences
    problems = problems_for(tmp_path, data)
    told = {(p.check, p.field) for p in problems}
    assert ("links", "introduction") in told
    assert ("sentence-length", "key_message") in told
    assert not any(check == "questions" for check, _ in told)


def test_a_note_referred_to_but_never_written_is_a_mistake_at_its_reference(
    tmp_path: Path,
) -> None:
    data = seed_data()
    data["introduction"] += " The partnership audits twice a year.[^often]"
    data["findings"][0]["items"][0] += "[^1]"
    data["method"]["text"] += "\n\n[^often]: Once in spring, once in autumn.\n"
    problems = [problem for problem in problems_for(tmp_path, data) if problem.check == "notes"]
    assert [(problem.field, problem.severity) for problem in problems] == [
        ("findings.1.items.1", "error")
    ]
    assert "[^1] is referred to but never written" in problems[0].message
    assert "`[^1]: " in problems[0].fix
    assert "[^often]" in problems[0].fix
    assert problems[0].line is not None


def test_a_note_written_but_never_referred_to_is_a_mistake_at_its_text(tmp_path: Path) -> None:
    data = seed_data()
    data["introduction"] += "\n\n[^lost]: A note nothing refers to.\n"
    problems = [problem for problem in problems_for(tmp_path, data) if problem.check == "notes"]
    assert [(problem.field, problem.severity) for problem in problems] == [
        ("introduction", "error")
    ]
    assert "[^lost] is written but never referred to" in problems[0].message
    assert "put [^lost] after the words" in problems[0].fix


def test_a_note_written_in_a_field_of_one_line_is_told(tmp_path: Path) -> None:
    data = seed_data()
    data["key_message"] = "[^a]: Written where no note can be."
    problems = [problem for problem in problems_for(tmp_path, data) if problem.check == "notes"]
    messages = [problem.message for problem in problems]
    assert "the note [^a] is written in a field of one line" in messages
    assert "the note [^a] is referred to but never written" in messages


def test_a_mistake_in_the_notes_cannot_be_acknowledged(tmp_path: Path) -> None:
    data = seed_data()
    data["introduction"] += " An unwritten note.[^x]"
    data["acknowledge"].append({"check": "notes", "reason": "We know the note is not written yet."})
    assert "notes" in checks_of(problems_for(tmp_path, data))


def test_a_heading_with_a_link_is_refused_and_its_emphasis_is_not(tmp_path: Path) -> None:
    data = seed_data()
    data["sections"] = [
        {"heading": "**S**hare information", "blocks": [{"paragraphs": "Share it."}]},
        {
            "heading": "See [the policy](https://www.example.org/)",
            "blocks": [{"paragraphs": "Read it."}],
        },
    ]
    problems = [problem for problem in problems_for(tmp_path, data) if problem.check == "markup"]
    assert [(problem.field, problem.severity) for problem in problems] == [
        ("sections.2.heading", "error")
    ]
    assert "a heading cannot hold the link to 'https://www.example.org/'" in problems[0].message
    assert "put the link or the note in the text under it" in problems[0].fix


def test_emphasis_in_a_field_shown_as_plain_words_is_refused(tmp_path: Path) -> None:
    data = seed_data()
    data["resources"][0]["title"] = "The **missing** children protocol"
    problems = [problem for problem in problems_for(tmp_path, data) if problem.check == "markup"]
    assert [(problem.field, problem.severity) for problem in problems] == [
        ("resources.1.title", "error")
    ]
    assert "shown as plain words" in problems[0].message
    assert "write it without the ** or _" in problems[0].fix
