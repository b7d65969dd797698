"""The logo: an SVG, PNG or JPEG image that can be drawn, told by its content; and what a
web output would load from elsewhere."""

from __future__ import annotations

import base64
import io
import random
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from briefgen.content.config import load_project
from briefgen.engine.pdf import require_weasyprint
from briefgen.errors import Mistake
from briefgen.pipeline import build
from briefgen.render.assets import LOGO_BYTES, check_logo
from briefgen.render.web_check import web_reaches
from tests.support.project import REPOSITORY, SEED_SLUG, copy_example

SVG = (REPOSITORY / "assets" / "logo.svg").read_bytes()


def picture(kind: str, size: tuple[int, int] = (120, 60)) -> bytes:
    """A small image of noise (so that a cut or a flipped byte lands in its pixels)."""
    generator = random.Random(1)
    image = Image.new("RGB", size)
    image.putdata(
        [tuple(generator.randrange(256) for _ in range(3)) for _ in range(size[0] * size[1])]
    )
    data = io.BytesIO()
    image.save(data, kind)
    return data.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is `width` x `height` pixels, without the pixels."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def damaged(data: bytes) -> bytes:
    flipped = bytearray(data)
    for index in range(100, len(flipped) - 20, 50):
        flipped[index] ^= 0xFF
    return bytes(flipped)


SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


@pytest.mark.parametrize(
    ("data", "kind"),
    [(SVG, "image/svg+xml"), (picture("PNG"), "image/png"), (picture("JPEG"), "image/jpeg")],
)
def test_an_svg_png_or_jpeg_logo_is_told_by_its_content(data: bytes, kind: str) -> None:
    assert check_logo(data).kind == kind
    assert check_logo(data).problem is None


BAD_LOGOS = {
    "a damaged PNG": (damaged(picture("PNG")), "the image is damaged or cut short"),
    "a PNG cut short": (picture("PNG")[:900], "the image is damaged or cut short"),
    "a JPEG cut short": (picture("JPEG")[:2000], "the image is damaged or cut short"),
    "a 30000 x 30000 PNG": (png_header(30000, 30000), "a logo is at most 4000 x 4000 pixels"),
    "a 4001 x 10 PNG": (png_header(4001, 10), "it is 4001 x 10 pixels"),
    "more than 2 MB": (b"\x89PNG\r\n\x1a\n" + bytes(LOGO_BYTES), "a logo is at most 2 MB"),
    "an SVG with an external entity": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        "the SVG declares a DOCTYPE or an entity",
    ),
    "an SVG that asks for a file": (
        f'<svg {SVG_NS}><image xlink:href="secret.png"/></svg>'.encode(),
        "the SVG asks for 'secret.png', outside the logo",
    ),
    "an SVG whose style asks for a file": (
        f"<svg {SVG_NS}><style>@import 'x.css';</style></svg>".encode(),
        "the SVG's style asks for a file outside the logo",
    ),
    "an SVG with a huge image inside": (
        f'<svg {SVG_NS}><image href="data:image/png;base64,'.encode()
        + base64.b64encode(png_header(30000, 30000))
        + b'"/></svg>',
        "an image inside the SVG: it has over 89 million pixels",
    ),
    "an SVG that is not well-formed": (b"<svg><g></svg>", "the SVG is not well-formed"),
    "YAML": (b"title: A briefing\n", "it is not an SVG, PNG or JPEG image"),
    "a .env file": (b"SECRET_KEY=abc\n", "it is not an SVG, PNG or JPEG image"),
    "an HTML page": (b"<html><body>x</body></html>", "it is not an SVG, PNG or JPEG image"),
}


@pytest.mark.parametrize("case", BAD_LOGOS)
def test_a_logo_that_cannot_be_drawn_says_why(case: str) -> None:
    require_weasyprint()  # which tells Pillow to load cut-short images: the logo's check may not
    data, reason = BAD_LOGOS[case]
    problem = check_logo(data).problem
    assert problem is not None
    assert reason in problem


def project_with_logo(tmp_path: Path, name: str, data: bytes | None) -> Path:
    folder = copy_example(tmp_path / "project")
    config = folder / "briefgen.yaml"
    config.write_text(config.read_text().replace("file: assets/logo.svg", f"file: {name}"))
    if data is not None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("assets/gone.svg", None, "briefgen.yaml: the logo assets/gone.svg is missing"),
        (
            "assets/logo.png",
            damaged(picture("PNG")),
            "briefgen.yaml: the logo assets/logo.png cannot be drawn: the image is damaged",
        ),
        (
            "assets/logo.svg",
            f'<svg {SVG_NS}><image href="file:///etc/passwd"/></svg>'.encode(),
            "briefgen.yaml: the logo assets/logo.svg cannot be drawn: the SVG asks for "
            "'file:///etc/passwd', outside the logo",
        ),
        (
            ".env",
            b"SECRET_KEY=abc\n",
            "briefgen.yaml: the logo .env cannot be drawn: it is not an SVG, PNG or JPEG image",
        ),
    ],
)
def test_a_bad_logo_fails_the_build_naming_the_file_and_the_reason(
    tmp_path: Path, name: str, data: bytes | None, message: str
) -> None:
    project = load_project(project_with_logo(tmp_path, name, data))
    with pytest.raises(Mistake) as raised:
        build(project)
    error = raised.value
    assert not project.output.exists()  # told once, before any briefing
    assert error.message.startswith(message), error.message
    assert "template" not in error.message
    assert "fix: " not in error.fix
    assert "SVG, PNG or JPEG" in error.fix


@pytest.mark.slow
def test_a_jpeg_logo_whatever_its_name_is_drawn_in_every_output(tmp_path: Path) -> None:
    folder = project_with_logo(tmp_path, "assets/logo.svg", picture("JPEG"))
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    for name in ("index.html", "fragment.html"):
        assert 'src="data:image/jpeg;base64,' in (project.output / SEED_SLUG / name).read_text()
    with pikepdf.open(project.output / SEED_SLUG / f"{SEED_SLUG}.pdf") as pdf:
        images = [
            item
            for item in pdf.pages[0].Resources.get("/XObject", {}).values()
            if item.get("/Subtype") == "/Image"
        ]
    assert [(int(image.Width), int(image.Height)) for image in images] == [(120, 60)]


@pytest.mark.parametrize(
    ("markup", "reaches"),
    [
        ('<link rel="canonical" href="https://example.org/a/index.html">', False),
        ('<link rel="alternate" type="application/atom+xml" href="feed.xml">', False),
        ('<link rel="alternate stylesheet" href="https://example.org/theme.css">', True),
        ('<link rel="canonical preload" href="https://example.org/x.css">', True),
        ('<link rel="canonical" href="https://example.org/" onload="alert(1)">', True),
        ('<link rel="stylesheet" href="https://example.org/theme.css">', True),
    ],
)
def test_a_canonical_or_alternate_link_names_an_address_without_loading_it(
    markup: str, reaches: bool
) -> None:
    """The pages' canonical link and the index's feed link load nothing; a relation that
    does (a style sheet, a preload) beside them, or a script, is still found."""
    assert bool(web_reaches(markup)) is reaches
