"""What each step of the pipeline does for one briefing, called one by one without the
engine: the briefing read and bounded (a file named as no briefing can be, or with a twin,
refused), presented, its print job made; the notices of what the settings leave out; the
one time stamped into outputs; and the names `briefgen new` may be given."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.content.config import load_project
from briefgen.errors import ContentError, Mistake, OverBudget
from briefgen.outcomes import Options
from briefgen.publish.manifest import manifest_data
from briefgen.steps import (
    Prepared,
    Steps,
    check_name,
    iso_timestamp,
    pinned_epoch,
    remove_stale_library_files,
)
from tests.support.project import SEED_SLUG, drop_settings
from tests.support.text import VALID


def test_the_time_stamped_is_the_publication_date_at_midnight_utc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    epoch = pinned_epoch(dt.date(2020, 5, 29))
    assert iso_timestamp(epoch) == "2020-05-29T00:00:00Z"
    early = pinned_epoch(dt.date(1900, 1, 1))
    assert early is not None
    assert early < 0, "a date before 1970 is a time too"


def test_an_undated_briefing_stamps_no_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert pinned_epoch(None) is None
    assert iso_timestamp(None) is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert pinned_epoch(None) == 1_700_000_000


def test_source_date_epoch_wins_when_it_is_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1700000000 ")
    assert pinned_epoch(dt.date(2020, 5, 29)) == 1_700_000_000
    for ignored in ("", "yesterday", "-5", "1.5"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", ignored)
        assert iso_timestamp(pinned_epoch(dt.date(2020, 5, 29))) == "2020-05-29T00:00:00Z"


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_any_date_is_stamped_as_itself(day: dt.date) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        assert iso_timestamp(pinned_epoch(day)) == f"{day.isoformat()}T00:00:00Z"


def test_a_new_briefing_is_named_by_a_slug_not_a_path() -> None:
    assert check_name("neglect-audit-2025") == "neglect-audit-2025"
    for wrong in ("../neglect", "Neglect", "neglect audit", "", "a" * 81, "a\x1b[31m", "a/b"):
        with pytest.raises(Mistake, match="cannot name a briefing") as raised:
            check_name(wrong)
        assert "\x1b" not in raised.value.message


@pytest.fixture
def steps(project_folder: Path) -> Steps:
    return Steps.start(load_project(project_folder))


def test_the_sources_are_content_s_briefings(steps: Steps) -> None:
    assert [source.stem for source in steps.sources([])] == [SEED_SLUG]
    assert steps.logo_path() == "assets/logo.svg"


def test_a_briefing_is_read_presented_and_prepared_for_the_engine(steps: Steps) -> None:
    source = steps.sources([])[0]
    loaded = steps.read(source)
    view = steps.present(loaded, SEED_SLUG)
    assert view.slug == SEED_SLUG
    prepared = steps.prepare(source, write=False)
    assert isinstance(prepared, Prepared)
    job = prepared.job
    assert not job.write
    assert len(job.htmls) == 1, "one version: the seed does not ask to fit"
    assert "2020-05-01T00:00:00Z" in job.htmls[0], "dated by the briefing (May 2020), not the clock"
    assert job.budget == 2
    assert set(job.links) == {resource.url for resource in view.resources} | {
        f"#{anchor}" for anchor in view.anchors
    }
    assert 0 <= prepared.spent < 20


def test_what_the_library_lists_is_what_the_manifest_may_keep(steps: Steps) -> None:
    view = steps.present(steps.read(steps.sources([])[0]), SEED_SLUG)
    listing = steps.listing(view)
    entry = {"inputs": "x", "outputs": {}, "pages": 2, "listing": listing}
    manifest = {"version": 3, "index": "", "logo": None, "notices": [], "library": []}
    read = manifest_data({**manifest, "entries": {SEED_SLUG: entry}})
    assert read["entries"][SEED_SLUG]["listing"] == listing
    assert (listing["published"], listing["written"]) == ("2020-05-01", "2020-05")
    assert listing["language"] == "en-GB"  # which index lists it


def test_the_sweep_removes_the_library_files_no_longer_made_and_nothing_else(
    tmp_path: Path,
) -> None:
    """Only a name the last write made (the manifest's `library`) and the library gives:
    a Welsh library gone takes its files; a file the manifest names but no build writes
    stays (the manifest is a file anyone may edit), and so does a briefing's folder."""
    made = ["index.html", "index.cy.html", "theme-esgeulustod.cy.html", "feed.cy.xml"]
    crafted = ["notes.html", "cy", "index.cy.html.bak"]
    for name in [*made, *crafted]:
        (tmp_path / name).write_text(name)
    remove_stale_library_files(tmp_path, [*made, *crafted], ["index.html"])
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["index.html", *crafted])


def test_a_file_named_as_no_briefing_can_be_is_refused(steps: Steps) -> None:
    wrong = steps.project.content / "Neglect Audit.yaml"
    wrong.write_text(VALID)
    with pytest.raises(Mistake, match="cannot name a briefing"):
        steps.read(wrong)


def test_two_files_of_one_briefing_are_refused(steps: Steps) -> None:
    source = steps.sources([])[0]
    shutil.copy(source, source.with_suffix(".yml"))
    with pytest.raises(Mistake, match="are two files of one briefing"):
        steps.read(source)


def test_the_review_warns_and_strictly_fails(project_folder: Path) -> None:
    source = project_folder / "content" / "long.yaml"
    long = "This sentence " + "goes on and on " * 12 + "and never seems to end at all."
    source.write_text(VALID.replace("Why we looked.", long))
    project = load_project(project_folder)
    lenient = Steps.start(project)
    warnings = lenient.review(lenient.read(source))
    assert "sentence-length" in {problem.check for problem in warnings}
    strict = Steps.start(project, Options(strict=True))
    with pytest.raises(ContentError):
        strict.review(strict.read(source))


def test_what_the_settings_leave_out_is_told_once_or_strictly_refused(
    project_folder: Path,
) -> None:
    drop_settings(project_folder, "fragment.pdf_base_url", "site.url")
    steps = Steps.start(load_project(project_folder))
    sources = steps.sources([])
    notices = steps.notices(sources)
    assert [notice.split(" is not set")[0] for notice in notices] == [
        "briefgen.yaml: fragment.pdf_base_url",
        "briefgen.yaml: site.url",
    ]
    assert all(". Fix: " in notice for notice in notices)
    assert steps.notices([]) == [], "nothing to build, nothing to say"
    strict = Steps.start(load_project(project_folder), Options(strict=True))
    with pytest.raises(Mistake, match=r"fragment\.pdf_base_url is not set"):
        strict.notices(sources)


def test_going_over_the_budget_names_the_briefing(steps: Steps) -> None:
    error = OverBudget("rendering the templates took too long", "simplify", "time", "rendering")
    told = steps.over_budget(error, Path("content/a.yaml"))
    assert told.message == "content/a.yaml: rendering the templates took too long"
    assert told.fix == "simplify"
