"""An image block's file: read only from the project's assets/ through the gate, checked as
the logo is (content, size, pixels), and refused at the line of its `file:`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image as Pillow

from briefgen.content.load import load_briefing
from briefgen.errors import ContentError
from briefgen.render.images import checked_images

HEAD = "title: A title\ntype: rapid review\npublished: 2021-03-01\n"


def png(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Pillow.new("RGB", (width, height), (0, 85, 140)).save(out, format="PNG")
    return out.getvalue()


def project_with(tmp_path: Path, name: str, data: bytes | None) -> Path:
    """A project whose one briefing shows the image `assets/<name>`, holding `data`."""
    (tmp_path / "assets").mkdir()
    if data is not None:
        (tmp_path / "assets" / name).write_bytes(data)
    block = f"      - image:\n          file: assets/{name}\n          alt: A home.\n"
    source = tmp_path / "briefing.yaml"
    source.write_text(HEAD + "sections:\n  - heading: H\n    blocks:\n" + block)
    return source


def test_a_png_is_carried_as_a_data_uri_with_its_shape(tmp_path: Path) -> None:
    source = project_with(tmp_path, "home.png", png(40, 30))
    placed = checked_images(load_briefing(source), tmp_path)["assets/home.png"]
    assert placed.src.startswith("data:image/png;base64,")
    assert placed.shape == (40, 30)


def test_an_svgs_shape_is_its_view_box(tmp_path: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 420"><rect/></svg>'
    source = project_with(tmp_path, "home.svg", svg)
    placed = checked_images(load_briefing(source), tmp_path)["assets/home.svg"]
    assert placed.src.startswith("data:image/svg+xml;base64,")
    assert placed.shape == (800, 420)


SCRIPTED = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("home.png", None, "is missing"),
        ("home.png", b"<html>not an image</html>", "not an SVG, PNG or JPEG"),
        ("home.jpg", png(), "cannot be drawn"),  # a PNG named .jpg is drawn as what it is
        ("home.png", png()[:60], "damaged or cut short"),
        ("home.png", png(7000, 10), "at most 6000 x 6000 pixels"),
        ("home.svg", SCRIPTED, "script"),
        ("home.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 5_000_001, "at most 5 MB"),
    ],
)
def test_an_image_that_cannot_be_drawn_is_refused_at_the_line_of_its_file(
    tmp_path: Path, name: str, data: bytes | None, said: str
) -> None:
    source = project_with(tmp_path, name, data)
    loaded = load_briefing(source)
    if name == "home.jpg":  # told by its content: a PNG under any name is drawn as a PNG
        assert checked_images(loaded, tmp_path)["assets/home.jpg"].src.startswith("data:image/png")
        return
    with pytest.raises(ContentError) as caught:
        checked_images(loaded, tmp_path)
    [problem] = caught.value.problems
    assert said in problem.message
    assert problem.message.startswith(f"the image assets/{name} ")
    assert problem.line == 8  # `file: assets/...`
    assert problem.field == "sections.1.blocks.1.image.file"
    assert "assets/" in problem.fix


def test_an_image_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    """The gate reads inside the project only: a link in assets/ to a file elsewhere (a
    private photograph, a key) is never published."""
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(png())
    source = project_with(tmp_path, "home.png", None)
    (tmp_path / "assets" / "home.png").symlink_to(outside)
    with pytest.raises(ContentError) as caught:
        checked_images(load_briefing(source), tmp_path)
    [problem] = caught.value.problems
    assert problem.message.startswith("the image assets/home.png cannot be read")
    assert problem.line == 8
