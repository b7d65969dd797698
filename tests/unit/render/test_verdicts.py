"""An SVG's check is kept between builds: the same answer for the same bytes, never more."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import briefgen.render.assets
from briefgen.fast_paths import SWITCH
from briefgen.render.assets import check_logo, svg_verdict
from briefgen.render.verdicts import remembered

LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">'
    b'<rect width="40" height="20"/></svg>'
)
HOSTILE = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder the user's own folder is made in, this test's own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path / f"_jinja2-cache-{os.getuid()}"


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Each SVG the checker parses."""
    parsed: list[bytes] = []
    real = briefgen.render.assets.svg_problem

    def counting(data: bytes, *args: object) -> str | None:
        parsed.append(data)
        return real(data, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(briefgen.render.assets, "svg_problem", counting)
    return parsed


def test_a_logo_is_parsed_once_and_its_answer_kept(folder: Path, checks: list[bytes]) -> None:
    first = check_logo(LOGO)
    assert first.kind == "image/svg+xml"
    assert first.problem is None
    assert first.size == (40.0, 20.0)
    assert check_logo(LOGO) == first
    assert checks == [LOGO]
    assert len(list(folder.glob("__briefgen_verdict_*.json"))) == 1


def test_a_refusal_is_kept_as_a_refusal(folder: Path, checks: list[bytes]) -> None:
    refused = check_logo(HOSTILE)
    assert refused.problem
    assert "script" in refused.problem
    assert check_logo(HOSTILE) == refused
    assert checks == [HOSTILE]


def test_each_bound_is_its_own_answer(folder: Path, checks: list[bytes]) -> None:
    svg_verdict(LOGO, "a logo", 10)
    svg_verdict(LOGO, "an image", 10)
    svg_verdict(LOGO, "a logo", 20)
    assert len(checks) == 3


@pytest.mark.parametrize(
    "kept", [b"not json", b'{"answer": 5}', b'{"answer": [1, 2]}', b'{"answer": [null, ["a", 1]]}']
)
def test_a_kept_answer_not_of_briefgens_shape_is_never_trusted(
    folder: Path, checks: list[bytes], kept: bytes
) -> None:
    check_logo(HOSTILE)
    (path,) = folder.glob("__briefgen_verdict_*.json")
    path.write_bytes(kept)
    assert check_logo(HOSTILE).problem
    assert len(checks) == 2


def test_a_kept_answer_that_is_a_link_is_not_read(
    folder: Path, checks: list[bytes], tmp_path: Path
) -> None:
    check_logo(HOSTILE)
    (path,) = folder.glob("__briefgen_verdict_*.json")
    planted = tmp_path / "planted.json"
    planted.write_text('{"answer": [null, null]}')
    path.unlink()
    path.symlink_to(planted)
    assert check_logo(HOSTILE).problem
    assert len(checks) == 2


def test_nothing_is_kept_with_the_switch_off(
    folder: Path, checks: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SWITCH, "template_cache")
    check_logo(LOGO)
    check_logo(LOGO)
    assert len(checks) == 2
    assert not folder.exists()


def test_an_answer_is_the_work_itself_where_nothing_can_be_kept(
    folder: Path, tmp_path: Path
) -> None:
    folder.symlink_to(tmp_path, target_is_directory=True)  # not the user's own folder
    assert remembered("a check", b"data", lambda: ["worked"]) == ["worked"]
    assert remembered("a check", b"data", lambda: ["again"]) == ["again"]
