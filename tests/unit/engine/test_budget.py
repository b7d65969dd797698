"""The page budget: an over-long briefing fails, naming what runs over and how much to cut."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

from briefgen.content.config import load_project
from briefgen.outcomes import Options
from briefgen.steps import Steps
from tests.support.project import Runner
from tests.support.text import long_findings, seed_data, write_briefing

EXTRA_FINDING = (
    "Practitioners should record the reasons for each decision about a referral so that the "
    "next worker can see the history."
)
OVER_BUDGET = re.compile(
    r"over the 2-page budget: (?P<what>.+) runs? (?P<lines>\d+) lines? onto page 3; "
    r"cut about (?P<words>\d+) words"
)


def long_questions() -> dict[str, Any]:
    data = seed_data()
    data["practice"]["questions"] += [
        f"Do I always check with the health visitor and the GP before I close case {number}, "
        "so that nothing they know is missed?"
        for number in range(1, 9)
    ]
    data["findings"][1]["items"] += [EXTRA_FINDING] * 3
    return data


def long_introduction() -> dict[str, Any]:
    data = seed_data()
    paragraph = " ".join(
        ["The partnership looked again at how agencies share information about a baby."] * 8
    )
    data["introduction"] = "\n\n".join([paragraph] * 14)
    return data


def over_budget(result_err: str) -> re.Match[str]:
    match = OVER_BUDGET.search(result_err)
    assert match, result_err
    # The running footer sits in the page margin of page 3 too: it is not content to cut.
    assert "The briefing" not in match["what"], match["what"]
    return match


@pytest.mark.slow
def test_a_long_finding_group_fails_check_and_build_naming_the_group(
    empty_project: Path, briefgen_main: Runner
) -> None:
    write_briefing(empty_project, "long-findings", long_findings())
    checked = briefgen_main("check", "--project", empty_project)
    assert checked.code == 1
    match = over_budget(checked.err)
    assert match["what"].startswith('"Areas to strengthen" (item')
    assert int(match["words"]) > 0
    built = briefgen_main("build", "--project", empty_project)
    assert built.code == 1
    assert over_budget(built.err)["what"] == match["what"]
    assert not (empty_project / "output" / "long-findings").exists(), "nothing written"


@pytest.mark.slow
def test_a_long_question_list_is_named(empty_project: Path, briefgen_main: Runner) -> None:
    write_briefing(empty_project, "long-questions", long_questions())
    result = briefgen_main("check", "--project", empty_project)
    assert result.code == 1
    assert '"Taking the learning into your practice" (question' in over_budget(result.err)["what"]


@pytest.mark.slow
def test_a_long_introduction_is_named(empty_project: Path, briefgen_main: Runner) -> None:
    write_briefing(empty_project, "long-introduction", long_introduction())
    result = briefgen_main("check", "--project", empty_project)
    assert result.code == 1
    assert "over the 2-page budget: The introduction" in result.err
    assert "onto pages 3-" in result.err or "onto page 3" in result.err


@pytest.mark.slow
def test_allow_overflow_builds_it_with_a_warning(
    empty_project: Path, briefgen_main: Runner
) -> None:
    write_briefing(empty_project, "long-findings", long_findings())
    result = briefgen_main("build", "--allow-overflow", "--project", empty_project)
    assert result.code == 0, result.err
    assert "warning: over the 2-page budget" in result.err
    pdf = empty_project / "output" / "long-findings" / "long-findings.pdf"
    assert len(pypdf.PdfReader(pdf).pages) == 3


@pytest.mark.slow
def test_the_page_budget_is_set_per_briefing_or_per_project(
    empty_project: Path, briefgen_main: Runner
) -> None:
    data = seed_data()
    data["page_budget"] = 1
    write_briefing(empty_project, "one-page", data)
    result = briefgen_main("check", "--project", empty_project)
    assert result.code == 1
    assert "over the 1-page budget" in result.err

    data["page_budget"] = None
    del data["page_budget"]
    write_briefing(empty_project, "one-page", long_findings())
    config = empty_project / "briefgen.yaml"
    config.write_text(config.read_text().replace("page_budget: 2", "page_budget: 3"))
    assert briefgen_main("check", "--project", empty_project).code == 0


@pytest.mark.slow
def test_fit_mode_tightens_the_layout_to_fit_and_says_so(
    empty_project: Path, briefgen_main: Runner
) -> None:
    data = seed_data()
    data["findings"][1]["items"] += [EXTRA_FINDING] * 4
    write_briefing(empty_project, "nearly", data)
    assert briefgen_main("check", "--project", empty_project).code == 1

    data["fit"] = True
    write_briefing(empty_project, "nearly", data)
    result = briefgen_main("build", "--project", empty_project)
    assert result.code == 0, result.err
    assert "note: fitted by the fit mode: the space around headings" in result.err
    pdf = empty_project / "output" / "nearly" / "nearly.pdf"
    assert len(pypdf.PdfReader(pdf).pages) == 2
    text = pypdf.PdfReader(pdf).pages[1].extract_text()
    assert "WSSCP Escalation Policy" in text, "nothing was cut to fit"


@pytest.mark.slow
def test_fit_mode_never_goes_below_its_floor(empty_project: Path, briefgen_main: Runner) -> None:
    data = long_findings()
    data["fit"] = True
    write_briefing(empty_project, "too-long", data)
    result = briefgen_main("check", "--project", empty_project)
    assert result.code == 1
    assert "note: the fit mode went as far as it can" in result.err
    assert "body text set at 10 pt" in result.err
    over_budget(result.err)


@pytest.mark.slow
def test_a_mostly_empty_last_page_gets_a_note(empty_project: Path, briefgen_main: Runner) -> None:
    data = seed_data()
    del data["method"]
    data["findings"][1]["items"] = data["findings"][1]["items"][:2]
    data["practice"]["questions"] = data["practice"]["questions"][:1]
    write_briefing(empty_project, "short", data)
    result = briefgen_main("check", "--project", empty_project)
    assert result.code == 0, result.err
    assert re.search(r"note: the last page is only \d+% full", result.err)


@pytest.mark.slow
def test_the_seed_fits_without_notes(project_folder: Path, briefgen_main: Runner) -> None:
    result = briefgen_main("check", "--project", project_folder)
    assert result.code == 0
    assert "(2 pages)" in result.out
    assert result.err == ""


@pytest.mark.slow
def test_the_running_footer_on_the_extra_page_is_not_counted_as_content(
    empty_project: Path,
) -> None:
    """Page 3 carries the running footer too; it is page furniture, not text to cut."""
    source = write_briefing(empty_project, "long-findings", long_findings())
    project = load_project(empty_project)
    steps = Steps.start(project, Options(allow_overflow=True))
    loaded = steps.load(source)
    pages = steps.lay_out(loaded, steps.present(loaded, source.stem))
    overflow = pages.measure.overflow
    assert overflow is not None
    assert overflow.places, "the overflowing content is placed"
    parts = {place.part for place in overflow.places}
    assert "The briefing" not in parts, parts
    pdf = pages.pdf
    assert pdf is not None, "allowed to overflow, it is written"
    third_page = pypdf.PdfReader(io.BytesIO(pdf)).pages[2].extract_text()
    assert "Page 3 of 3" in third_page
    assert project.config.partnership.name in " ".join(third_page.split()), "the footer is there"


@pytest.mark.slow
def test_a_block_outside_any_heading_is_named_by_its_kind(
    empty_project: Path, briefgen_main: Runner
) -> None:
    """A block names itself to the budget (its kind's `budget_name`) and its items."""
    data = seed_data()
    rows = [[f"Agency {number}", number, number * 2] for number in range(1, 31)]
    table = {"caption": "Referrals", "columns": [["Agency", "2023", "2024"]], "rows": rows}
    data["sections"] = [{"blocks": [{"table": table}]}]
    write_briefing(empty_project, "long-table", data)
    result = briefgen_main("check", "--project", empty_project)
    assert result.code == 1
    found = re.search(r"over the 2-page budget: The table \(rows (\d+)-30\)", result.err)
    assert found, result.err
    assert int(found[1]) > 1  # the heading row repeated on page 3 is not a row to cut


def test_an_image_counts_in_the_budget(empty_project: Path, briefgen_main: Runner) -> None:
    """The seed fits its two pages (test_the_seed_fits_without_notes); a full-width image
    after its findings pushes what follows onto page 3, by the image's height."""
    data = seed_data()
    image = {"file": "assets/home-visit.svg", "alt": "A home visit.", "caption": "At home."}
    data["sections"] = [{"blocks": [{"image": image}]}]
    write_briefing(empty_project, "with-image", data)
    result = briefgen_main("check", "--project", empty_project)
    assert result.code == 1
    assert int(over_budget(result.err)["lines"]) >= 10  # an 800 x 420 image, 17 cm wide
