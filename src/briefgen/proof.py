"""Proof images: the PDF's pages as PNG, for partners who sign off a briefing without a PDF reader.

The pages are rasterised from the PDF itself (with PDFium, through pypdfium2),
so a proof shows exactly what will be published, not a second rendering.
"""

from __future__ import annotations

import io

PROOF_DPI = 110  # sharp enough to read 8.5 pt footer text on screen; about 200 KB a page
PREVIEW_QUALITY = 85  # the title stays crisp; about 90 KB at 1200 x 630


def proof_images(pdf: bytes, dpi: int = PROOF_DPI) -> list[bytes]:
    """One PNG a page of `pdf`."""
    import pypdfium2  # noqa: PLC0415 (lazy: only --proof needs it)

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            buffer = io.BytesIO()
            page.render(scale=dpi / 72).to_pil().save(buffer, format="PNG")
            images.append(buffer.getvalue())
        return images
    finally:
        document.close()


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
