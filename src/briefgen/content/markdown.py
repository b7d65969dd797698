"""The one markdown-it-py set-up: inline emphasis and links, a few block forms, nothing raw.

Raw HTML is never passed through (it is shown as text), an image is shown as
its alternative text only (an image from another host would make the page reach out),
and link targets are http(s), mailto or tel, or `#name`, a section of the same briefing
(`briefgen.content.anchors`). What is refused is reported by `refused_markup`, so that
the auditor hears about it instead of finding literal brackets in the published briefing.

A link to a section is written with the section's name (`#what-we-found`) and leads to its
id, which starts with the briefing's name (`<briefing>--what-we-found`): ids must differ
between briefings pasted into one page. Markdown is rendered deep inside each block's
view, so the briefing whose ids the links lead to is said once around them all
(`sections_of`), not passed down to every call.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from briefgen.content.anchors import link_target
from briefgen.content.languages import TAG
from briefgen.content.values import control_in_address

SAFE_LINK = re.compile(
    r"^(https?://[^\s]+|mailto:[^\s]+|tel:[+0-9][0-9 ()+-]*|#[^\s#]{1,100})$", re.IGNORECASE
)
HTML_TAG = re.compile(r"<(?!(?:https?://|mailto:)[^>]*>)/?[A-Za-z!?][^>]*>?")
LINK_SCHEMES = "links must start with https://, mailto: or tel:"
LINK_WITH_CONTROLS = "a link may not hold a line break or another control character, %0A or %0D"
INLINE_RULES = [
    *("text", "newline", "escape", "emphasis", "language", "link", "image", "autolink", "entity"),
]
# A phrase in another language: `[Bore da]{lang=cy}`, as Pandoc and markdown-it's attributes
# write it; only `lang` is taken. Its tag is checked as a briefing's `language:` is.
LANGUAGE_ATTRIBUTE = re.compile(r"\{lang=([A-Za-z0-9-]{2,35})\}")
BLOCK_RULES = ["paragraph", "list", "reference"]


def is_safe_link(url: str) -> bool:
    """True for the link targets a briefing may carry: http(s), mailto and tel, without a
    control character (a line break in a mailto: link's address adds mail headers)."""
    return bool(SAFE_LINK.match(url.strip())) and not control_in_address(url)


def _make_parser(validate_link: Callable[[str], bool]) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.block.ruler.enableOnly(BLOCK_RULES)
    parser.inline.ruler.before("link", "language", _language_phrase)
    parser.inline.ruler.enableOnly(INLINE_RULES)
    parser.validateLink = validate_link  # type: ignore[method-assign,assignment]
    parser.add_render_rule("image", _image_as_text)
    parser.add_render_rule("ordered_list_open", _ordered_list_open)
    parser.core.ruler.push("section_links", _lead_to_sections)
    return parser


def _language_phrase(state: StateInline, silent: bool) -> bool:
    """`[Bore da]{lang=cy}`: the words in a `<span lang="cy">`, so that a screen reader
    speaks them in their own language's voice; the words inside are Markdown as any."""
    if state.src[state.pos] != "[":
        return False
    end = state.md.helpers.parseLinkLabel(state, state.pos, False)
    found = LANGUAGE_ATTRIBUTE.match(state.src, end + 1) if end >= 0 else None
    if found is None or not TAG.fullmatch(found.group(1)):
        return False
    if not silent:
        opening = state.push("language_open", "span", 1)
        opening.attrSet("lang", found.group(1))
        outer_end = state.posMax
        state.pos, state.posMax = state.pos + 1, end
        state.md.inline.tokenize(state)
        state.posMax = outer_end
        state.push("language_close", "span", -1)
    state.pos = found.end()
    return True


# The briefing whose sections `#name` links lead to, while its views are made (`sections_of`).
_BRIEFING: ContextVar[str | None] = ContextVar("briefing_of_section_links", default=None)


@contextlib.contextmanager
def sections_of(slug: str) -> Iterator[None]:
    """Within this, a link `#name` leads to the section `name` of the briefing `slug`."""
    token = _BRIEFING.set(slug)
    try:
        yield
    finally:
        _BRIEFING.reset(token)


def _lead_to_sections(state: StateCore) -> None:
    """Each link to `#name` made a link to the id of that section of the briefing."""
    slug = _BRIEFING.get()
    if slug is None:
        return
    for token in state.tokens:
        for child in token.children or ():
            href = child.attrGet("href") if child.type == "link_open" else None
            if isinstance(href, str) and href.startswith("#"):
                child.attrSet("href", "#" + link_target(slug, href[1:]))


def section_links(text: str, *, paragraphs: bool) -> list[str]:
    """The names of the sections `text` links to (`what-we-found` for `#what-we-found`), in
    the order written."""
    outside = _BRIEFING.set(None)  # the names as written, not the ids they lead to
    try:
        tokens = _PARSER.parse(text) if paragraphs else _PARSER.parseInline(text)
    finally:
        _BRIEFING.reset(outside)
    return [
        href[1:]
        for token in tokens
        for child in token.children or ()
        if child.type == "link_open"
        and isinstance(href := child.attrGet("href"), str)
        and href.startswith("#")
    ]


def _image_as_text(
    renderer: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    """An image becomes its alternative text: nothing is fetched, nothing is lost."""
    return escapeHtml(renderer.renderInlineAsText(tokens[index].children or [], options, env))


def _ordered_list_open(
    renderer: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    """A list numbered from another number than 1 (`3. The third step`) says so in CSS too:
    WeasyPrint 70 reads no `start`, and the PDF would number it from 1 where the web page
    numbers it from 3. The browser reads the same counter, and draws the same numbers."""
    token = tokens[index]
    start = token.attrGet("start")
    if start is not None and int(start) != 1:
        token.attrSet("style", f"counter-reset: list-item {int(start) - 1}")
    return renderer.renderToken(tokens, index, options, env)


_PARSER = _make_parser(is_safe_link)  # an unsafe link stays text


def _make_reading_parser() -> MarkdownIt:
    """The renderer's parser, but keeping each escape and character reference a token of its
    own (`text_special`, its source in `markup`): `text_join` merges them into the text
    around, and a reader of the tokens could no longer tell where each character was written.
    Joining changes no rendered character, so the tokens read as the renderer's."""
    parser = _make_parser(is_safe_link)
    parser.core.ruler.disable("text_join")
    return parser


def _make_literal_parser() -> MarkdownIt:
    """A parser of text that is not Markdown but takes escapes and character references, as a
    link's title does (markdown-it-py's `unescapeAll`), in tokens that say where each was."""
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.inline.ruler.enableOnly(["text", "escape", "entity"])
    parser.core.ruler.disable("text_join")
    return parser


_READING_PARSER = _make_reading_parser()
_LITERAL_PARSER = _make_literal_parser()


def reading_tokens(text: str, *, paragraphs: bool) -> list[Token]:
    """`text` parsed as the renderer parses it: as paragraphs (`render_block`) or as one line
    (`render_inline`), with escapes and references kept apart (see `_make_reading_parser`)."""
    if paragraphs:
        return _READING_PARSER.parse(text)
    return _READING_PARSER.parseInline(text)


def literal_tokens(text: str) -> list[Token]:
    """The tokens of a link's title: its words, escapes and references, nothing else."""
    (line,) = _LITERAL_PARSER.parseInline(text)
    return line.children or []


def render_inline(text: str) -> Markup:
    """A one-line text (a finding, a question) as safe HTML."""
    return Markup(_PARSER.renderInline(text).strip())  # noqa: S704 (markdown-it escapes)


def render_block(text: str) -> Markup:
    """Paragraphs (and simple lists) as safe HTML."""
    return Markup(_PARSER.render(text).strip())  # noqa: S704 (markdown-it escapes)


def render_flow(text: str) -> Markup:
    """A text that may be one line or several blocks (a table cell): one paragraph as its
    words alone, as `render_inline` shows it; paragraphs and lists as `render_block` does.
    A cell of two points or a short list would otherwise print its "- " as text."""
    tokens = _PARSER.parse(text)
    one_paragraph = [token.type for token in tokens] == [
        "paragraph_open",
        "inline",
        "paragraph_close",
    ]
    return render_inline(text) if one_paragraph or not tokens else render_block(text)


# A range or a ratio of figures: "2023-24", "10-12", "3/4". A browser may break a line
# after its hyphen or slash ("2023 / -24" in a narrow column), and a reader misread it.
FIGURE_RANGE = re.compile(r"(?<![\w.,])\d(?:[\d,.]*\d)?(?:[-\u2013/]\d(?:[\d,.]*\d)?)+%?(?!\w)")
_TAG = re.compile(r"(<[^>]*>)")


def keep_figures_whole(html: str) -> Markup:
    """`html` (escaped text or rendered Markdown) with each range of figures in a span
    that never breaks (`bg-nowrap`): in the text between tags only, never inside one."""
    parts = _TAG.split(str(html))
    for index in range(0, len(parts), 2):  # the even parts are text, the odd ones tags
        parts[index] = FIGURE_RANGE.sub(r'<span class="bg-nowrap">\g<0></span>', parts[index])
    return Markup("".join(parts))  # noqa: S704 (only spans added to escaped text)


def refused_markup(text: str) -> list[str]:
    """What the renderer shows as plain text instead: unsafe links, images, raw HTML."""
    return [what for what, _ in refused_pieces(text)]


def refused_pieces(text: str) -> list[tuple[str, str]]:
    """Each piece of `refused_markup`, with the words it was written in (the address, the
    tag), so that several in one field are each told at their own line."""
    found = [
        (
            f"the link to {url!r} "
            f"({LINK_WITH_CONTROLS if control_in_address(url) else LINK_SCHEMES})",
            url,
        )
        for url in dict.fromkeys(_refused_links(text))
    ]
    if "![" in text:
        found.append(
            ("an image (text shows only its description; the logo is set in briefgen.yaml)", "![")
        )
    found.extend(
        (f"the HTML tag {tag!r} (HTML is shown as text)", tag) for tag in HTML_TAG.findall(text)
    )
    return found


def _refused_links(text: str) -> list[str]:
    """The addresses the renderer refuses in `text`, in the order its parse meets them.

    They are noted by a copy of the renderer's parser (a shallow copy: two microseconds)
    whose link check also keeps each address it refuses in a list of this call's own: no
    list is shared, so calls may run at once (the preview's threads) or within another.
    """
    refused: list[str] = []

    def check(url: str) -> bool:
        if is_safe_link(url):
            return True
        refused.append(url)
        return False

    parser = copy.copy(_PARSER)
    parser.validateLink = check  # type: ignore[method-assign]
    parser.parse(text)
    return refused


def plain_text(text: str) -> str:
    """The words a Markdown text reads as, line breaks kept, for checks and comparisons."""
    tokens = _PARSER.parseInline(text)
    return "".join(
        "\n" if child.type in ("softbreak", "hardbreak") else child.content
        for token in tokens
        for child in (token.children or [])
        if child.type in ("text", "softbreak", "hardbreak")
    )


def plain_lines(text: str) -> list[str]:
    """The words of each paragraph and list item of a text read as blocks (a table cell's):
    what a reader sees of each, without the Markdown that marks the list."""
    return [
        "".join(
            "\n" if child.type in ("softbreak", "hardbreak") else child.content
            for child in token.children or []
            if child.type in ("text", "softbreak", "hardbreak")
        )
        for token in _PARSER.parse(text)
        if token.type == "inline"
    ]


@dataclass(frozen=True)
class Shape:
    """How much markup a text makes: WeasyPrint's time and stack grow with these."""

    depth: int  # the deepest nesting of elements (emphasis in a link in a list item...)
    elements: int  # how many elements (emphasis, links, paragraphs, list items, breaks)


def shape_of(text: str) -> Shape:
    """The shape of the markup a text makes, read as a block (the most it can make).

    A text's first paragraph is not counted: a one-line field is shown without one.
    """
    tokens = _PARSER.parse(text)
    depth, elements = _walk(tokens, 0)
    wrapped = bool(tokens) and tokens[0].type == "paragraph_open"
    return Shape(depth, elements - wrapped)


def _walk(tokens: Iterable[Token], start: int) -> tuple[int, int]:
    """The deepest nesting below `start` levels, and the number of elements, of tokens."""
    level = deepest = start
    elements = 0
    for token in tokens:
        if token.hidden:  # a tight list's paragraphs make no element
            continue
        if token.nesting == 1:
            level += 1
            elements += 1
            deepest = max(deepest, level)
        elif token.nesting == -1:
            level -= 1
        elif token.type == "hardbreak":
            elements += 1
        if token.children:
            inner_deepest, inner_elements = _walk(token.children, level)
            deepest = max(deepest, inner_deepest)
            elements += inner_elements
    return deepest, elements


__all__ = [
    "Shape",
    "keep_figures_whole",
    "literal_tokens",
    "plain_lines",
    "plain_text",
    "reading_tokens",
    "refused_markup",
    "refused_pieces",
    "render_block",
    "render_flow",
    "render_inline",
    "section_links",
    "sections_of",
    "shape_of",
]
