"""The one markdown-it-py set-up: inline emphasis and links, a few block forms, nothing raw.

Raw HTML is never passed through (it is shown as text), images are not
supported (an image from another host would make the web page reach out),
and link targets are http(s), mailto or tel only. What is refused is reported
by `refused_markup`, so that the auditor hears about it instead of finding
literal brackets in the published briefing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_LINK = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+|tel:[+0-9][0-9 ()+-]*)$", re.IGNORECASE)
HTML_TAG = re.compile(r"<(?!(?:https?://|mailto:)[^>]*>)/?[A-Za-z!?][^>]*>?")
INLINE_RULES = ["text", "newline", "escape", "emphasis", "link", "autolink", "entity"]
BLOCK_RULES = ["paragraph", "list", "reference"]


def is_safe_link(url: str) -> bool:
    """True for the link targets a briefing may carry: http(s), mailto and tel."""
    return bool(SAFE_LINK.match(url.strip()))


def _make_parser(recorder: Callable[[str], bool]) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.disable(["image", "html_inline", "html_block", "backticks"])
    parser.block.ruler.enableOnly(BLOCK_RULES)
    parser.inline.ruler.enableOnly(INLINE_RULES)
    parser.validateLink = recorder  # type: ignore[method-assign,assignment]
    return parser


_refused: list[str] = []


def _record(url: str) -> bool:
    if is_safe_link(url):
        return True
    _refused.append(url)
    return False


_PARSER = _make_parser(_record)


def render_inline(text: str) -> Markup:
    """A one-line text (a finding, a question) as safe HTML."""
    return Markup(_PARSER.renderInline(text).strip())  # noqa: S704 (markdown-it escapes)


def render_block(text: str) -> Markup:
    """Paragraphs (and simple lists) as safe HTML."""
    return Markup(_PARSER.render(text).strip())  # noqa: S704 (markdown-it escapes)


def refused_markup(text: str) -> list[str]:
    """What the renderer shows as plain text instead: unsafe links, images, raw HTML."""
    _refused.clear()
    _PARSER.parse(text)
    found = [
        f"the link to {url!r} (links must start with https://, mailto: or tel:)" for url in _refused
    ]
    _refused.clear()
    if "![" in text:
        found.append(
            "an image (images are not supported in text; the logo comes from briefgen.yaml)"
        )
    found.extend(f"the HTML tag {tag!r} (HTML is shown as text)" for tag in HTML_TAG.findall(text))
    return found


def plain_text(text: str) -> str:
    """The text an inline Markdown string reads as, for metadata and comparisons."""
    tokens = _PARSER.parseInline(text)
    return "".join(
        child.content
        for token in tokens
        for child in (token.children or [])
        if child.type in ("text", "softbreak")
    )
