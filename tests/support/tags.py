"""The PDF's tags (its structure tree) walked as the tests read them, with pikepdf."""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf


def elements(node: object) -> Iterator[pikepdf.Dictionary]:
    """The structure elements under `node`, depth first, in reading order."""
    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        yield from elements(node.get("/K"))
    elif isinstance(node, pikepdf.Array):
        for child in node:
            yield from elements(child)
