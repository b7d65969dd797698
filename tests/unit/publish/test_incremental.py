"""Incremental and parallel builds: only what changed is rebuilt, on every core, same bytes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import briefgen.publish.incremental
from briefgen import gate
from briefgen.content.config import load_project
from briefgen.outcomes import Options, Report
from briefgen.paths import content_sources
from briefgen.pipeline import build
from briefgen.publish.incremental import Fingerprint, Manifest, Plan
from tests.support.project import REPOSITORY, SEED_SLUG, Runner, copy_example
from tests.support.text import seed_data, write_briefing


def build_folder(folder: Path, options: Options = Options()) -> Report:  # noqa: B008
    report = build(load_project(folder), options=options)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return report


def unchanged(report: Report) -> list[bool]:
    return [outcome.unchanged for outcome in report.outcomes]


@pytest.mark.slow
def test_an_unchanged_briefing_is_not_rebuilt(project_folder: Path) -> None:
    first = build_folder(project_folder)
    pdf = project_folder / "output" / SEED_SLUG / f"{SEED_SLUG}.pdf"
    stamp = pdf.stat().st_mtime_ns, pdf.stat().st_ino
    second = build_folder(project_folder)
    assert unchanged(first) == [False]
    assert unchanged(second) == [True]
    assert (pdf.stat().st_mtime_ns, pdf.stat().st_ino) == stamp
    assert second.outcomes[0].pages == 2


def edit_content(folder: Path) -> None:
    seed = folder / "content" / f"{SEED_SLUG}.yaml"
    seed.write_text(seed.read_text().replace("all the time", "all of the time"))


def add_template(folder: Path) -> None:
    override = folder / "templates" / "blocks" / "key_message.html.j2"
    override.parent.mkdir(parents=True)
    shutil.copy(REPOSITORY / "templates" / "blocks" / "key_message.html.j2", override)
    override.write_text(override.read_text().replace("Key message", "Remember"))


def edit_config(folder: Path) -> None:
    config = folder / "briefgen.yaml"
    config.write_text(config.read_text().replace("#00558C", "#1D4F91"))


def change_font(folder: Path) -> None:
    fonts = folder / "templates" / "fonts"
    fonts.mkdir(parents=True)
    source = REPOSITORY / "templates" / "fonts" / "BriefgenSans-Bold.ttf"
    shutil.copy(source, fonts / "BriefgenSans-Regular.ttf")


def change_logo(folder: Path) -> None:
    logo = folder / "assets" / "logo.svg"
    logo.write_text(logo.read_text().replace('r="22"', 'r="21"'))


def change_another_partnerships_logo(folder: Path) -> None:
    """A logo of briefgen.yaml's `partnerships:`: the briefings published for it show it."""
    logo = folder / "assets" / "example-logo.svg"
    logo.write_text(logo.read_text().replace('rx="10"', 'rx="9"'))


def change_image(folder: Path, name: str = "home-visit.svg") -> None:
    """An image of assets/, which a briefing shows (an image block's file)."""
    image = folder / "assets" / name
    image.write_text(image.read_text().replace('fill="#E8F1F8"', 'fill="#EEF4F9"'))


def remove_an_output(folder: Path) -> None:
    (folder / "output" / SEED_SLUG / "fragment.html").unlink()


CHANGES: dict[str, Callable[[Path], None]] = {
    "content": edit_content,
    "template": add_template,
    "configuration": edit_config,
    "font": change_font,
    "logo": change_logo,
    "another partnership's logo": change_another_partnerships_logo,
    "a missing output": remove_an_output,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.slow
def test_any_change_to_what_it_is_made_from_rebuilds_it(project_folder: Path, change: str) -> None:
    build_folder(project_folder)
    CHANGES[change](project_folder)
    assert unchanged(build_folder(project_folder)) == [False]
    assert unchanged(build_folder(project_folder)) == [True]


def shows(title: str, image: str) -> dict[str, object]:
    """A short briefing that shows one image of assets/."""
    block = {"image": {"file": f"assets/{image}", "alt": "A health visitor at home.", "width": 30}}
    return {"title": title, "sections": [{"heading": "At home", "blocks": [block]}]}


def rebuilt(folder: Path) -> set[str]:
    return {outcome.slug for outcome in build_folder(folder).outcomes if not outcome.unchanged}


@pytest.mark.slow
def test_an_image_or_a_briefings_own_logo_rebuilds_the_briefings_that_show_it_only(
    empty_project: Path,
) -> None:
    assets = empty_project / "assets"
    shutil.copy(assets / "home-visit.svg", assets / "other-visit.svg")
    shutil.copy(assets / "logo.svg", assets / "own-logo.svg")
    write_briefing(empty_project, "pictured", shows("A visit", "home-visit.svg"))
    write_briefing(empty_project, "another", shows("Another visit", "other-visit.svg"))
    own = shows("A briefing of its own board", "other-visit.svg")
    own["partnership"] = {
        "name": "Elsewhere Safeguarding Adults Board",
        "logo": {"file": "assets/own-logo.svg", "alt": "Elsewhere board logo"},
    }
    write_briefing(empty_project, "own", own)
    write_briefing(empty_project, "plain", seed_data())
    assert rebuilt(empty_project) == {"pictured", "another", "own", "plain"}
    change_image(empty_project)
    assert rebuilt(empty_project) == {"pictured"}
    change_image(empty_project, "other-visit.svg")
    assert rebuilt(empty_project) == {"another", "own"}
    logo = assets / "own-logo.svg"
    logo.write_text(logo.read_text().replace('r="22"', 'r="21"'))
    assert rebuilt(empty_project) == {"own"}
    shutil.copy(assets / "home-visit.svg", assets / "unused.svg")  # shown by none
    assert rebuilt(empty_project) == set()
    (assets / "home-visit.svg").unlink()  # the briefing that shows it fails, in words
    report = build(load_project(empty_project))
    assert [outcome.slug for outcome in report.failed] == ["pictured"]
    assert "home-visit.svg" in str(report.failed[0].error)


@pytest.mark.slow
def test_a_new_briefgen_version_rebuilds(
    project_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_folder(project_folder)
    monkeypatch.setattr(briefgen.publish.incremental, "__version__", "99.0.0")
    assert unchanged(build_folder(project_folder)) == [False]


@pytest.mark.slow
def test_force_rebuilds_everything(project_folder: Path) -> None:
    build_folder(project_folder)
    assert unchanged(build_folder(project_folder, Options(force=True))) == [False]


@pytest.mark.slow
def test_an_option_that_changes_outputs_rebuilds(project_folder: Path) -> None:
    build_folder(project_folder)
    report = build_folder(project_folder, Options(proof=True))
    assert unchanged(report) == [False]
    assert (project_folder / "output" / SEED_SLUG / "proof-page-1.png").is_file()


@pytest.mark.slow
def test_a_rebuild_removes_what_the_last_build_wrote_and_this_one_does_not(
    project_folder: Path,
) -> None:
    """Proofs of an earlier version of the briefing would be published beside it."""
    folder = project_folder / "output" / SEED_SLUG
    build_folder(project_folder, Options(proof=True))
    assert (folder / "proof-page-1.png").is_file()
    (folder / "notes.txt").write_text("the web team's own file")
    build_folder(project_folder)
    assert not (folder / "proof-page-1.png").exists()
    assert not (folder / "proof-page-2.png").exists()
    assert (folder / f"{SEED_SLUG}.pdf").is_file()
    assert (folder / "notes.txt").is_file(), "a file briefgen did not write stays"


@pytest.mark.slow
def test_a_failed_briefing_is_tried_again(project_folder: Path) -> None:
    build_folder(project_folder)
    seed = project_folder / "content" / f"{SEED_SLUG}.yaml"
    good = seed.read_text()
    seed.write_text(good.replace("title:", "titel:"))
    assert build(load_project(project_folder)).failed
    seed.write_text(good)
    assert unchanged(build_folder(project_folder)) == [True], "its last good outputs still stand"


@pytest.mark.slow
def test_a_no_op_rebuild_imports_neither_weasyprint_nor_the_other_stages(
    project_folder: Path,
) -> None:
    build_folder(project_folder)
    stages = "{'weasyprint', 'jinja2', 'pydantic', 'markdown_it'}"
    probe = (
        "import sys; from briefgen.cli import main; code = main(['build']); "
        f"print(sorted({stages} & set(sys.modules)), code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=project_folder,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(2 pages, unchanged)" in result.stdout
    assert result.stdout.strip().endswith("[] 0")


@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.slow
def test_the_command_line_rebuilds_after_any_change(
    project_folder: Path, change: str, briefgen_main: Runner
) -> None:
    assert "(2 pages)" in briefgen_main("build", "--project", project_folder).out
    assert "(2 pages, unchanged)" in briefgen_main("build", "--project", project_folder).out
    CHANGES[change](project_folder)
    rebuilt = briefgen_main("build", "--project", project_folder)
    assert rebuilt.code == 0, rebuilt.err
    assert f"{SEED_SLUG}.yaml (2 pages)" in rebuilt.out


@pytest.mark.slow
def test_the_command_line_rebuilds_a_missing_index(
    project_folder: Path, briefgen_main: Runner
) -> None:
    briefgen_main("build", "--project", project_folder)
    (project_folder / "output" / "index.html").unlink()
    assert briefgen_main("build", "--project", project_folder).code == 0
    assert (project_folder / "output" / "index.html").is_file()


def digests(output: Path) -> dict[str, str]:
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


@pytest.mark.slow
def test_parallel_and_serial_builds_give_identical_bytes(tmp_path: Path) -> None:
    folders = []
    for name in ("serial", "parallel"):
        folder = copy_example(tmp_path / name)
        for number in range(1, 4):
            data = seed_data()
            data["title"] = f"Briefing number {number}"
            data["published"] = f"2021-0{number}-01"
            write_briefing(folder, f"briefing-{number}", data)
        folders.append(folder)
    serial = build_folder(folders[0], Options(jobs=1))
    parallel = build_folder(folders[1], Options(jobs=2))
    assert [outcome.slug for outcome in serial.outcomes] == [
        outcome.slug for outcome in parallel.outcomes
    ]
    first, second = digests(folders[0] / "output"), digests(folders[1] / "output")
    # A PDF, a discussion record, a page, three fragments and a link-preview image each; the
    # library beside them: the index, its filter pages and fragment, the listing, the feed and
    # the sitemap.
    assert len([name for name in first if "/" in name]) == 4 * 7
    assert {"index.html", "index-fragment.html", "year-2021.html"} <= set(first)
    assert {"briefings.json", "feed.xml", "sitemap.xml"} <= set(first)
    assert first == second


@pytest.mark.slow
def test_a_briefing_whose_latest_edit_fails_stays_listed_in_the_index(project_folder: Path) -> None:
    build_folder(project_folder)
    seed = project_folder / "content" / f"{SEED_SLUG}.yaml"
    seed.write_text(seed.read_text().replace("title:", "titel:"))
    assert build(load_project(project_folder)).failed
    index = (project_folder / "output" / "index.html").read_text()
    assert "Children under two with repeated contacts and referrals" in index
    assert f'href="{SEED_SLUG}/{SEED_SLUG}.pdf"' in index


@pytest.mark.slow
def test_one_plan_decides_for_the_command_line_and_the_build(tmp_path: Path) -> None:
    """The plan made before anything heavy is imported names the briefing that changed
    as stale and the other as fresh; the build then rebuilds exactly that one."""
    folder = copy_example(tmp_path / "project")
    write_briefing(folder, "second-briefing", seed_data())
    build_folder(folder)
    sources = content_sources(folder)
    options = Options()
    assert Plan.make(Manifest.load(folder / "output"), folder, sources, options).done
    edit_content(folder)
    plan = Plan.make(Manifest.load(folder / "output"), folder, sources, options)
    assert [source.stem for source in plan.stale] == [SEED_SLUG]
    assert [source.stem for source in plan.fresh] == ["second-briefing"]
    assert not plan.done
    report = build_folder(folder)
    rebuilt = {outcome.slug: not outcome.unchanged for outcome in report.outcomes}
    assert rebuilt == {SEED_SLUG: True, "second-briefing": False}
    assert Plan.make(Manifest.load(folder / "output"), folder, sources, options).done


@pytest.mark.slow
def test_a_forced_plan_is_never_done(project_folder: Path) -> None:
    build_folder(project_folder)
    sources = content_sources(project_folder)
    plan = Plan.make(
        Manifest.load(project_folder / "output"), project_folder, sources, Options(force=True)
    )
    assert not plan.done
    assert plan.stale == sources


def test_a_shared_file_is_read_once_a_process_until_it_changes(
    empty_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build plans three times before its first layout: the theme is read once."""
    monkeypatch.setattr(briefgen.publish.incremental, "RECENT_NS", 0)
    monkeypatch.setattr(briefgen.publish.incremental, "_DIGESTS", {})
    read: list[Path] = []

    def counting(path: Path, *args: object, **kwargs: object) -> bytes:
        read.append(path)
        return gate.read_bytes(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(briefgen.publish.incremental, "read_bytes", counting)
    root = empty_project.resolve()
    first = Fingerprint(root, "assets/logo.svg", {})
    assert root / "briefgen.yaml" in read
    read.clear()
    assert Fingerprint(root, "assets/logo.svg", {}).shared == first.shared
    assert read == []
    time.sleep(0.05)  # past the file system's step of time
    settings = root / "briefgen.yaml"
    settings.write_text(settings.read_text().replace("#00558C", "#00558D"))  # the same size
    changed = Fingerprint(root, "assets/logo.svg", {})
    assert read == [settings]
    assert changed.shared != first.shared


def test_a_file_changed_in_the_last_seconds_is_never_remembered(tmp_path: Path) -> None:
    path = tmp_path / "new.css"
    path.write_text("p {}")
    assert briefgen.publish.incremental._identity(path, path.stat()) is None
    os.utime(path, ns=(10**18, 10**18))  # far in the future: still "recent"
    assert briefgen.publish.incremental._identity(path, path.stat()) is None
