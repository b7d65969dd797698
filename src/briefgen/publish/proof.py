"""Proof images: the PDF's pages as PNG, for partners who sign off a briefing without a PDF reader.

The pages are rasterised from the PDF itself (with PDFium, through pypdfium2),
so a proof shows exactly what will be published, not a second rendering.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from briefgen import untrusted

PROOF_DPI = 110  # sharp enough to read 8.5 pt footer text on screen; about 200 KB a page
PREVIEW_QUALITY = 85  # the title stays crisp; about 90 KB at 1200 x 630
POINTS_PER_INCH = 72
MM_PER_POINT = 25.4 / POINTS_PER_INCH
# The pixels of the proofs are bounded before any is drawn: drawing takes time and memory
# in proportion to them (4 bytes a pixel, twice over while it is encoded), and the page
# size is the templates' to choose (`@page { size: 5000mm }` asked for 3.3 GB). An A4
# page is 1.2 million pixels, an A3 page 2.3 million.
MAX_PAGE_PIXELS = 5_000_000
MAX_PROOF_PIXELS = 50_000_000  # every page's together: about forty A4 pages


@dataclass(eq=False)
class ProofTooLarge(ValueError):
    """A proof that would have more pixels than a proof may: a page of `size_mm`."""

    page: int  # its number, from 1
    pixels: tuple[int, int]  # width and height
    size_mm: tuple[float, float]
    total: int  # the pixels of every page up to this one

    def __str__(self) -> str:
        width, height = self.pixels
        if width * height > MAX_PAGE_PIXELS:
            page_width, page_height = self.size_mm
            return (
                f"the proof of page {self.page} would be {width:,} × {height:,} pixels (a page "
                f"of {page_width:,.0f} × {page_height:,.0f} mm), more than the "
                f"{MAX_PAGE_PIXELS:,} pixels a proof may have"
            )
        return (
            f"the proofs of its first {self.page} pages would have {self.total:,} pixels, "
            f"more than the {MAX_PROOF_PIXELS:,} the proofs of a briefing may have"
        )


def proof_images(pdf: bytes, dpi: int = PROOF_DPI) -> list[bytes]:
    """One PNG a page of `pdf`; ProofTooLarge, before any is drawn, if they would have
    more pixels than proofs may."""
    import pypdfium2  # noqa: PLC0415 (lazy: only --proof needs it)

    document = pypdfium2.PdfDocument(pdf)
    try:
        check_pixels([document.get_page_size(index) for index in range(len(document))], dpi)
        images = []
        for page in document:
            untrusted.charge()
            buffer = io.BytesIO()
            page.render(scale=dpi / POINTS_PER_INCH).to_pil().save(buffer, format="PNG")
            images.append(buffer.getvalue())
        return images
    finally:
        document.close()


def check_pixels(sizes: list[tuple[float, float]], dpi: int) -> None:
    """Refuse proofs of pages of `sizes` (in points) that would have too many pixels."""
    total = 0
    for number, (width, height) in enumerate(sizes, start=1):
        pixels = (round(width * dpi / POINTS_PER_INCH), round(height * dpi / POINTS_PER_INCH))
        total += pixels[0] * pixels[1]
        if pixels[0] * pixels[1] > MAX_PAGE_PIXELS or total > MAX_PROOF_PIXELS:
            size_mm = (width * MM_PER_POINT, height * MM_PER_POINT)
            raise ProofTooLarge(number, pixels, size_mm, total)


def load_rasteriser() -> None:
    """Import PDFium and the JPEG encoder (about 25 ms) ahead, while the build waits for
    the engine's process to lay the PDF out, rather than after it."""
    import pypdfium2  # noqa: F401, PLC0415 (lazy: only a build with site.url needs it)
    from PIL import JpegImagePlugin  # noqa: F401, PLC0415


def preview_image(pdf: bytes, width: int, height: int) -> bytes:
    """A JPEG of the top of the PDF's first page, `width` by `height` pixels: the picture a
    link to the briefing shows in Teams, email or social media (Open Graph's og:image).

    Rasterised from the PDF, it shows what is published: the header band and the title.
    Only that strip of the page is drawn, and JPEG encodes it in about 1 ms where PNG
    takes 10 (for much the same size): a build pays about 5 ms a briefing, and the import
    of PDFium once.
    """
    import pypdfium2  # noqa: PLC0415 (lazy: only a build with site.url needs it)

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        page_width, page_height = page.get_size()
        scale = width / page_width
        shown = height / scale  # the height of the strip, in the PDF's points
        crop = (0, max(0, page_height - shown), 0, 0)
        bitmap = page.render(scale=scale, crop=crop, rev_byteorder=True)
        image = bitmap.to_pil().convert("RGB").crop((0, 0, width, height))
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=PREVIEW_QUALITY)
        return buffer.getvalue()
    finally:
        document.close()


__all__ = [
    "ProofTooLarge",
    "load_rasteriser",
    "preview_image",
    "proof_images",
]
