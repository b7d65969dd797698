"""Proof images: the PDF's pages as PNG, for partners who sign off a briefing without a PDF reader.

The pages are rasterised from the PDF itself (with PDFium, through pypdfium2),
so a proof shows exactly what will be published, not a second rendering.
"""

from __future__ import annotations

import io

PROOF_DPI = 110  # sharp enough to read 8.5 pt footer text on screen; about 200 KB a page


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


def preview_image(pdf: bytes, width: int, height: int) -> bytes:
    """A PNG of the top of the PDF's first page, `width` by `height` pixels: the picture a
    link to the briefing shows in Teams, email or social media (Open Graph's og:image).

    Only that strip of the page is drawn, and compressed lightly: it costs a build about
    15 ms a briefing. Rasterised from the PDF, it shows what is published, header and title.
    """
    import pypdfium2  # noqa: PLC0415 (lazy: only a build with site.url needs it)

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        page_width, page_height = page.get_size()
        scale = width / page_width
        shown = height / scale  # the height of the strip, in the PDF's points
        bitmap = page.render(scale=scale, crop=(0, max(0, page_height - shown), 0, 0))
        image = bitmap.to_pil().convert("RGB").crop((0, 0, width, height))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()
    finally:
        document.close()
