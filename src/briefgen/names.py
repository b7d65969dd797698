"""The names of a briefing's outputs, and how their sizes are told: in one place.

A build writes these files into `output/<slug>/`; the web page and the fragments link
them, the library lists them, the manifest keeps them, the preview serves them, and a
withdrawal removes them and nothing else. Every one of those asks here, so that a name
is never spelt twice.
"""

from __future__ import annotations

import re

RECORD_SUFFIX = "-discussion-record.docx"
BILINGUAL_SUFFIX = "-bilingual.pdf"
FEED_NAME = "feed.xml"  # the library's Atom feed, beside its index
INDEX_NAME = "index.html"  # the library's landing page, at the top of the output folder
# Every file the library writes at the top of the output folder, and only those: its index,
# filter pages and fragments, its feed, sitemap and listing, each either in the project's
# language (`index.html`) or in another (`index.cy.html`: see library_name). The sweep of
# stale library files removes no other name, so a file of the web team's is never touched.
LIBRARY_FILE = re.compile(
    r"(?:index(?:-fragment(?:-inline|-shadow)?)?|(?:type|theme|year)-[a-z0-9]+(?:-[a-z0-9]+)*)"
    r"(?:\.[a-z]{2,3})?\.html\Z"
    r"|feed(?:\.[a-z]{2,3})?\.xml\Z|briefings(?:\.[a-z]{2,3})?\.json\Z"
    r"|sitemap\.xml\Z"
)
# The library's index in the project's language or another: the pages the preview shows
# with the briefings that failed.
LIBRARY_INDEX = re.compile(r"index(?:\.[a-z]{2,3})?\.html\Z")
# The files of a briefing's folder that are the same for every briefing.
WEB_FILES = frozenset(
    {"index.html", "fragment.html", "fragment-inline.html", "fragment-shadow.html"}
)
PROOF_PAGE = re.compile(r"proof-page-[1-9][0-9]{0,2}\.png\Z")


def pdf_name(slug: str) -> str:
    """The briefing's PDF, in its folder: `<slug>.pdf`."""
    return f"{slug}.pdf"


def bilingual_name(slug: str) -> str:
    """The PDF of every version of the briefing, facing page by page (`bilingual_pdf`)."""
    return f"{slug}{BILINGUAL_SUFFIX}"


def record_name(slug: str) -> str:
    """The team discussion record's file name, beside the briefing's PDF: the web team
    recognises it."""
    return f"{slug}{RECORD_SUFFIX}"


def preview_name(slug: str) -> str:
    """The file name of a briefing's link-preview image (Open Graph's og:image)."""
    return f"{slug}-preview.jpg"


def proof_name(page: int) -> str:
    """The proof image of the PDF's page `page` (from 1)."""
    return f"proof-page-{page}.png"


def written_by_a_build(slug: str, name: str) -> bool:
    """Whether a build writes a file of this name into the folder of the briefing `slug`:
    its PDF, its discussion record, its web page and fragments, its link-preview image, or
    one of its proofs. Only these are ever removed from a briefing's folder."""
    named = {
        pdf_name(slug),
        record_name(slug),
        preview_name(slug),
        bilingual_name(slug),
        *WEB_FILES,
    }
    return name in named or PROOF_PAGE.match(name) is not None


def library_name(name: str, language: str | None) -> str:
    """A file of the library in a language: as named (`index.html`, `feed.xml`) for the
    project's own language, today's names, which a one-language project keeps; with the
    language's subtag before the extension for another (`index.cy.html`, `feed.cy.xml`).

    Beside the index, not in a folder of the language's name: `cy/` would be the folder
    of a briefing named `cy`, and a briefing's name has no dot, so no briefing's folder
    is ever one of these files."""
    if language is None:
        return name
    stem, _, extension = name.rpartition(".")
    return f"{stem}.{language}.{extension}"


def language_infix(language: str, own: str) -> str | None:
    """What the names of the library's files in `language` (a BCP 47 tag) carry, in a
    project whose `language` is `own`: nothing in its own language, else the language's
    primary subtag (`cy` of `cy-GB`). Both sides of a link ask here: a briefing's page
    for its index, and the library for its files."""
    primary = language.split("-")[0].lower()
    return None if primary == own.split("-")[0].lower() else primary


def file_size(size: int) -> str:
    """A size as GOV.UK writes it: 120 KB, 1.2 MB."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


__all__ = [
    "FEED_NAME",
    "INDEX_NAME",
    "LIBRARY_FILE",
    "LIBRARY_INDEX",
    "PROOF_PAGE",
    "WEB_FILES",
    "bilingual_name",
    "file_size",
    "language_infix",
    "library_name",
    "pdf_name",
    "preview_name",
    "proof_name",
    "record_name",
    "written_by_a_build",
]
