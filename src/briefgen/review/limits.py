"""Bounds on what one briefing asks of the PDF engine, so that every briefing gets an answer.

WeasyPrint's time and memory grow with the text and with the elements the Markdown
makes, and its stack with how deeply they nest: 500 asterisks around a letter made it
fail with a RecursionError, and a briefing of dense emphasis within every limit of the
model took minutes and gigabytes to check. These bounds are far above what any
briefing that fits its pages needs, and low enough that the slowest briefing they
allow is laid out (or refused) in seconds: benchmarks/worst_case.py measures it.
They are checked before anything else reads the text, and are errors, never warnings.
"""

from __future__ import annotations

from briefgen.content.load import Loaded, Path_, field_path
from briefgen.content.markdown import Shape, shape_of
from briefgen.errors import Problem, shorten
from briefgen.review.checks import iter_text

# Characters of text in one briefing: about ten pages of A4, more than the largest page
# budget (8) holds even with the fit mode's smaller type. Two pages hold about 6,000.
MAX_TEXT = 30_000
# Elements nested in one field: a link in italics in bold in a list item in a list in a
# list item in a list is 7.
MAX_DEPTH = 8
# Elements (emphasis, links, paragraphs, list items, line breaks) in one field, and in
# the whole briefing: each is a box for WeasyPrint to lay out.
MAX_FIELD_ELEMENTS = 100
MAX_ELEMENTS = 500

FORMATTING = "bold, italics, links, paragraphs, list items and line breaks"


def check_limits(loaded: Loaded) -> list[Problem]:
    """The bounds a briefing breaks, as errors: too long, nested too deep, too much markup.

    The length is counted first, and alone: a text too long is not parsed at all.
    """
    texts = list(iter_text(loaded.briefing))
    total = sum(len(text) for _, text in texts)
    if total > MAX_TEXT:
        return [_too_long(loaded, total, max((len(text), path) for path, text in texts))]
    problems: list[Problem] = []
    elements = 0
    for path, text in texts:
        shape = shape_of(text)
        elements += shape.elements
        problem = _field_problem(loaded, path, text, shape)
        if problem is not None:
            problems.append(problem)
    if elements > MAX_ELEMENTS and not problems:
        problems.append(_too_much_formatting(loaded, elements))
    return problems


def _field_problem(loaded: Loaded, path: Path_, text: str, shape: Shape) -> Problem | None:
    if shape.depth > MAX_DEPTH:
        return _problem(
            loaded,
            path,
            f"formatting nested {shape.depth} deep: at most {MAX_DEPTH} levels of bold, "
            "italics, links and lists inside one another",
            "remove the extra * or _ (each **bold** and _italic_ needs one pair), or the "
            "extra levels of the list",
            text,
        )
    if shape.elements > MAX_FIELD_ELEMENTS:
        return _problem(
            loaded,
            path,
            f"too much formatting in one field: {shape.elements} pieces of it ({FORMATTING}), "
            f"where at most {MAX_FIELD_ELEMENTS} are allowed",
            "keep bold and italics for the few words that need them, and remove the rest of "
            "the * and _; or split the text",
            text,
        )
    return None


def _too_long(loaded: Loaded, total: int, longest: tuple[int, Path_]) -> Problem:
    length, path = longest
    return Problem(
        loaded.document.file,
        f"the briefing has {total:,} characters of text, more than the {MAX_TEXT:,} briefgen "
        "lays out (about ten pages: more than any page budget holds); the longest field is "
        f"{field_path(path)} ({length:,} characters)",
        "cut the text to what its page budget holds: two pages hold about 6,000 characters",
    )


def _too_much_formatting(loaded: Loaded, total: int) -> Problem:
    return Problem(
        loaded.document.file,
        f"too much formatting in the briefing: {total:,} pieces of it ({FORMATTING}), where at "
        f"most {MAX_ELEMENTS:,} are allowed",
        "keep bold and italics for the few words that need them, and remove the rest of the "
        "* and _",
    )


def _problem(loaded: Loaded, path: Path_, message: str, fix: str, text: str) -> Problem:
    return loaded.document.problem(path, message, fix, value=shorten(text))


__all__ = [
    "MAX_ELEMENTS",
    "MAX_FIELD_ELEMENTS",
    "MAX_TEXT",
    "check_limits",
]
