"""The host pages of tests/hosts, with their real style sheets, and fragments pasted in."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.project import REPOSITORY

HOSTS = sorted((REPOSITORY / "tests" / "hosts").glob("*.html"))
MARKER = "<!-- briefgen:fragment -->"

STYLESHEET = re.compile(r"<!-- briefgen:stylesheet (\S+) -->")
NODE_MODULES = REPOSITORY / "tests" / "npm" / "node_modules"


def host_html(host: Path) -> str:
    """A host page with its real style sheets (GOV.UK Frontend, Bootstrap) put in at their
    markers, read from the npm packages the test set-up installs."""

    def style_sheet(marker: re.Match[str]) -> str:
        path = NODE_MODULES / marker[1]
        assert path.is_file(), f"{path} is missing: run npm ci --prefix tests/npm"
        return f"<style>\n{path.read_text(encoding='utf-8')}\n</style>"

    return STYLESHEET.sub(style_sheet, host.read_text())


def embed(host: Path, *fragments: Path) -> str:
    """The host page with the fragments pasted in at its marker, as a web team would."""
    html = host_html(host)
    assert html.count(MARKER) == 1
    return html.replace(MARKER, "\n".join(fragment.read_text() for fragment in fragments))
