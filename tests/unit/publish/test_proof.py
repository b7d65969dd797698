"""Proof images of the PDF's pages, for partners who sign off without opening a PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.support.project import SEED_SLUG, Runner


@pytest.mark.slow
def test_build_with_proof_writes_a_png_of_each_page(
    project_folder: Path, briefgen_main: Runner
) -> None:
    result = briefgen_main("build", "--proof", "--project", project_folder)
    assert result.code == 0, result.err
    folder = project_folder / "output" / SEED_SLUG
    proofs = sorted(folder.glob("proof-page-*.png"))
    assert [path.name for path in proofs] == ["proof-page-1.png", "proof-page-2.png"]
    for path in proofs:
        image = Image.open(io.BytesIO(path.read_bytes())).convert("RGB")
        width, height = image.size
        assert abs(height / width - 297 / 210) < 0.01, "an A4 page"
        assert width >= 900, "readable on screen"
        assert len(image.getcolors(maxcolors=1_000_000) or []) > 50, "not blank"
    first = Image.open(proofs[0]).convert("RGB")
    # The header band of page 1, in the brand colour #00558C.
    assert first.getpixel((first.width // 2, 20)) == (0x00, 0x55, 0x8C)


@pytest.mark.slow
def test_no_proofs_unless_asked(project_folder: Path, briefgen_main: Runner) -> None:
    assert briefgen_main("build", "--project", project_folder).code == 0
    assert not list((project_folder / "output" / SEED_SLUG).glob("proof-*"))
