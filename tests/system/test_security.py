"""Hostile text and templates: nothing runs, nothing outside the project is read, no network."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
import yaml

from briefgen.content.config import load_project
from briefgen.errors import Mistake
from briefgen.outcomes import Options
from briefgen.pipeline import build
from briefgen.steps import slug_of
from tests.support.canary import OPENED, Counter, make_canary, serve
from tests.support.project import SEED, SEED_SLUG, copy_example
from tests.support.text import parse_html


@pytest.fixture
def server() -> Iterator[str]:
    """A web server on loopback that counts the requests it gets."""
    Counter.requests.clear()
    yield from serve(Counter)


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    return make_canary(tmp_path)


def hostile(canary: Path, server: str) -> str:
    return (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> "
        "[click](javascript:alert(3)) [file](file:///etc/passwd) "
        f"![secret]({canary.as_uri()}) ![ping]({server}/ping) <iframe src={server}/frame></iframe>"
    )


def write_hostile_briefing(folder: Path, payload: str) -> Path:
    data = yaml.safe_load(SEED.read_text())
    data["introduction"] = payload
    data["method"]["text"] = payload
    data["findings"][0]["items"][0] = payload
    short = "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3))"
    data["findings"][1]["title"] = short
    data["practice"]["instruction"] = payload
    data["practice"]["questions"][0] = payload
    data["key_message"] = payload
    data["resources"][0]["description"] = payload
    data["anonymisation_note"] = payload
    data["audience"] = short
    target = folder / "content" / f"{SEED_SLUG}.yaml"
    target.write_text(json.dumps(data, default=str))  # JSON is YAML
    return target


def test_hostile_text_is_neutralised_in_every_output(
    tmp_path: Path, canary: Path, server: str
) -> None:
    folder = copy_example(tmp_path / "project")
    write_hostile_briefing(folder, hostile(canary, server))
    project = load_project(folder)
    OPENED.clear()
    report = build(project, options=Options(allow_overflow=True))
    assert not report.failed
    outcome = report.outcomes[0]
    assert "markup" in {problem.check for problem in outcome.warnings}
    assert any("javascript:alert(3)" in problem.message for problem in outcome.warnings)

    for name in ("index.html", "fragment.html", "fragment-inline.html", "fragment-shadow.html"):
        html = (project.output / SEED_SLUG / name).read_text()
        collector = parse_html(html)
        tags = {tag for tag, _ in collector.tags}
        assert not tags & {"script", "iframe", "object", "embed"}, name
        for tag, attributes in collector.tags:
            assert not any(key.startswith("on") for key in attributes), (name, tag)
            if tag == "img":
                assert (attributes["src"] or "").startswith("data:"), name
            if tag == "a":
                href = attributes["href"] or ""
                assert href.startswith(("https://", "mailto:", "tel:", SEED_SLUG, "../")), href
        assert "javascript:" not in html.replace("[click](javascript:alert(3))", "")

    with pikepdf.open(project.output / SEED_SLUG / f"{SEED_SLUG}.pdf") as pdf:
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                assert str(annotation.A.URI).startswith("https://"), annotation.A.URI
    assert str(canary) not in OPENED
    assert Counter.requests == []


@pytest.mark.parametrize(
    ("markup", "refused"),
    [
        ('<img src="{canary}" alt="">', "{canary}"),
        ('<link rel="stylesheet" href="{server}/theme.css">', "{server}/theme.css"),
        ('<style>@import url("{server}/import.css");</style>', "{server}/import.css"),
        ("<div style=\"background: url('{server}/bg.png')\">x</div>", "{server}/bg.png"),
        ('<link rel="attachment" href="{canary}">', "{canary}"),
    ],
)
def test_a_template_cannot_reach_outside_the_project(
    tmp_path: Path, canary: Path, server: str, markup: str, refused: str
) -> None:
    folder = copy_example(tmp_path / "project")
    override = folder / "templates" / "blocks" / "key_message.html.j2"
    override.parent.mkdir(parents=True)
    fill = {"canary": canary.as_uri(), "server": server}
    override.write_text(markup.format(**fill))
    OPENED.clear()
    report = build(load_project(folder))
    error = report.outcomes[0].error
    assert isinstance(error, Mistake)
    assert refused.format(**fill) in error.message
    assert str(canary) not in OPENED
    assert Counter.requests == []


def test_the_inline_fragments_style_sheet_cannot_reach_outside_either(
    tmp_path: Path, server: str
) -> None:
    """Its style sheet is only in style attributes once inlined: checked there."""
    folder = copy_example(tmp_path / "project")
    override = folder / "templates" / "css" / "inline.css"
    override.parent.mkdir(parents=True)
    override.write_text(f'.briefgen .bg-title {{ background: url("{server}/title.png"); }}\n')
    report = build(load_project(folder))
    error = report.outcomes[0].error
    assert isinstance(error, Mistake)
    assert f"{server}/title.png" in error.message
    assert "templates/css/inline.css, line 1" in error.message
    assert Counter.requests == []


@pytest.mark.parametrize(
    "name", ["Has Space.yaml", ".hidden.yaml", "a..b.yaml", "UPPER.yaml", "-x.yaml", "x\n.yaml"]
)
def test_a_file_name_that_cannot_be_a_slug_is_refused(name: str) -> None:
    with pytest.raises(Mistake, match="cannot name a briefing"):
        slug_of(Path("content") / name)


def test_a_slug_always_writes_inside_the_output_folder(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    elsewhere = folder / "drafts" / "deeper"
    elsewhere.mkdir(parents=True)
    source = elsewhere / "outside-briefing.yaml"
    source.write_text(SEED.read_text())
    project = load_project(folder)
    report = build(project, [source])
    assert not report.failed
    written = report.outcomes[0].written
    assert written
    assert all(path.resolve().is_relative_to(project.output) for path in written)
