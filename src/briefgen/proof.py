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
