"""The checks of an SVG's bytes kept between builds, in the user's own folder.

Every build checks the logo (and each SVG image and icon) before anything is drawn: lxml
parses it with entities and the network off, and briefgen.render.svg_check holds it to
its allow-list. That is right, and it is the same answer for the same bytes: importing
lxml and parsing took some 40 ms of each cold build, before its first layout could start.
The answer is kept by the SHA-256 of the bytes, in the folder only this user may enter
that Jinja's compiled templates use (briefgen.render.template_cache), through the gate,
under a fingerprint of the code that gives it (briefgen's version and the source of the
checking modules, lxml's version): an upgrade, or any change to the rules, checks every
SVG again. A file there that cannot be read as an answer is ignored and written again.
Switched off with the compiled templates (`template_cache`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from collections.abc import Callable
from importlib.resources import files as package_files
from typing import Any

from briefgen import __version__
from briefgen.errors import BriefgenError
from briefgen.gate import Kind, Refused, fetch_bytes, write_atomically

VERDICT = Kind("a kept verdict", "the kept verdict", 64_000)
# The modules whose code gives the answer: a change to any of them is a new fingerprint.
CHECKING = ("assets.py", "svg_check.py", "css_check.py", "addresses.py")


def remembered(name: str, data: bytes, work: Callable[[], Any]) -> Any:
    """`work()`'s answer (made of JSON's types) for `data`, kept between builds under
    `name` (the check and its bounds); `work()` itself where nothing can be kept."""
    # Lazily: the engine's process imports this module before it loads WeasyPrint, and
    # needs neither Jinja nor the packages' metadata.
    from briefgen.render.template_cache import private_folder  # noqa: PLC0415

    folder = private_folder()
    if folder is None:
        return work()
    digest = hashlib.sha256(f"{_fingerprint()}\0{name}\0".encode())
    digest.update(data)
    path = folder / f"__briefgen_verdict_{digest.hexdigest()}.json"
    try:
        return json.loads(fetch_bytes(path, VERDICT, within=[folder]))["answer"]
    except (Refused, ValueError, KeyError, TypeError):
        pass  # not kept yet, or not as briefgen keeps it: checked again
    answer = work()
    with contextlib.suppress(BriefgenError):  # a full disk costs the next build the check
        write_atomically(path, json.dumps({"answer": answer}).encode())
    return answer


@functools.cache
def _fingerprint() -> str:
    """briefgen's version, the checking modules' source and lxml's version, hashed."""
    digest = hashlib.sha256(__version__.encode())
    for module in CHECKING:  # briefgen's own source, as the package holds it
        digest.update(package_files("briefgen.render").joinpath(module).read_bytes())
    import importlib.metadata  # noqa: PLC0415 (only where an answer is kept)

    digest.update(importlib.metadata.version("lxml").encode())
    return digest.hexdigest()[:20]


__all__ = [
    "VERDICT",
    "remembered",
]
