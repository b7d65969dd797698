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
import functools
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field

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
from briefgen.content.values import BLANK_LINE, NoteStyle, control_in_address

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
        parser = _parser_for(text)
        tokens = parser.parse(text) if paragraphs else parser.parseInline(text)
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

# A heading holds words and their emphasis (`**S**hare information`, a mnemonic), nothing
# else: a heading is what a link, a contents list and a bookmark lead to, and is read out
# alone; a link, a note or a line break inside it would be lost or misread there.
HEADING_RULES = ["text", "escape", "emphasis", "entity"]
HEADING_FIX = (
    "a heading holds words, with **bold** or _italic_ if needed, and nothing else: put the "
    "link or the note in the text under it"
)


def _make_heading_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.inline.ruler.enableOnly(HEADING_RULES)
    return parser


_HEADING_PARSER = _make_heading_parser()
_EMPHASIS = frozenset({"em_open", "strong_open"})


def render_heading(text: str) -> Markup:
    """A heading as safe HTML: its words, with their emphasis (`<strong>S</strong>hare`)."""
    return Markup(_HEADING_PARSER.renderInline(text).strip())  # noqa: S704 (markdown-it escapes)


def heading_text(text: str) -> str:
    """A heading's words without their emphasis, for what holds plain text only: the page's
    `<title>`, its metadata, ids, bookmarks, the discussion record, the library."""
    (line,) = _HEADING_PARSER.parseInline(text)
    return "".join(child.content for child in line.children or [] if child.type == "text")


def has_emphasis(text: str) -> bool:
    """Whether a text's Markdown makes bold or italic words (`**S**hare`)."""
    if "*" not in text and "_" not in text:
        return False
    (line,) = _HEADING_PARSER.parseInline(text)
    return any(child.type in _EMPHASIS for child in line.children or [])


def heading_markup(text: str) -> list[str]:
    """What a heading holds beyond words and emphasis, as written: links, notes, line breaks,
    raw HTML (each would print as its Markdown, or be lost, in a heading)."""
    found: list[str] = []
    for child in (_parser_for(text).parseInline(text)[0].children) or []:
        if child.type == "link_open":
            found.append(f"the link to {child.attrGet('href')!r}")
        elif child.type == "footnote_ref":
            found.append(f"the note [^{child.meta['label']}]")
        elif child.type in ("softbreak", "hardbreak"):
            found.append("a line break")
        elif child.type == "image":
            found.append("an image")
    return found


# Notes (footnotes): `[^1]` in any text refers to the note written `[^1]: ...` in a text of
# paragraphs. Only a text that holds `[^` is parsed with the footnote syntax, by a parser made
# the first time one does: most briefings have no notes, and never import the plug-in.
NOTE_MARK = "[^"
NOTE_TEXT = re.compile(r"^[ ]{0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)
# Symbols for notes, in the order of the Chicago Manual of Style; then doubled, tripled.
NOTE_SYMBOLS = ("*", "\u2020", "\u2021", "\u00a7", "\u2016", "\u00b6")
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


@functools.cache
def _notes_parser(*, reading: bool = False) -> MarkdownIt:
    """The renderer's parser (or the reading one) that also reads notes: references as
    `footnote_ref` tokens whether or not their note is written in the same text (notes are
    the briefing's, not a field's), and each note's text left where it was written, for
    `render_block` to leave out and `notes_of` to gather."""
    from mdit_py_plugins.footnote import footnote_plugin  # noqa: PLC0415 (only with notes)

    parser = _make_reading_parser() if reading else _make_parser(is_safe_link)
    parser.use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
    parser.add_render_rule("footnote_ref", _note_reference)
    return parser


def _parser_for(text: str) -> MarkdownIt:
    return _notes_parser() if NOTE_MARK in text else _PARSER


def note_mark(number: int, style: NoteStyle) -> str:
    """How the note numbered `number` is marked: 3, iii or the third symbol."""
    if style is NoteStyle.SYMBOLS:
        symbol = NOTE_SYMBOLS[(number - 1) % len(NOTE_SYMBOLS)]
        return symbol * ((number - 1) // len(NOTE_SYMBOLS) + 1)
    if style is NoteStyle.ROMAN:
        written = ""
        for value, letters in _ROMAN:
            count, number = divmod(number, value)
            written += letters * count
        return written
    return str(number)


@dataclass
class Notes:
    """A briefing's notes while its views are made: each numbered in the order its first
    reference is read, its ids namespaced by the briefing's name (as `Ids` are) and apart
    from the sections' (`<briefing>--<name>`), so that no host page's id and no heading's
    clashes with them."""

    slug: str
    style: NoteStyle
    texts: dict[str, list[Token]]  # each note's text, by its label, as `note_texts` read it
    numbers: dict[str, int] = field(default_factory=dict)
    references: dict[str, int] = field(default_factory=dict)  # how many read, by label
    spoken: str = "Note %(mark)s"  # what a screen reader says of a mark, in the language

    def refer(self, label: str) -> tuple[int, int]:
        """The number of the note `label`, and how many times it has been referred to."""
        number = self.numbers.setdefault(label, len(self.numbers) + 1)
        self.references[label] = self.references.get(label, 0) + 1
        return number, self.references[label]

    def id_of(self, number: int) -> str:
        return f"{self.slug}-footnote-{number}"

    def reference_id(self, number: int, seen: int = 1) -> str:
        return f"{self.slug}-footnote-ref-{number}" + (f"-{seen}" if seen > 1 else "")

    def mark(self, number: int) -> str:
        return note_mark(number, self.style)


_NOTES: ContextVar[Notes | None] = ContextVar("notes_of_the_briefing", default=None)


@contextlib.contextmanager
def notes_in(notes: Notes) -> Iterator[None]:
    """Within this, a reference `[^label]` links to its note among `notes`."""
    token = _NOTES.set(notes)
    try:
        yield
    finally:
        _NOTES.reset(token)


def _note_reference(
    renderer: RendererHTML,  # noqa: ARG001
    tokens: Sequence[Token],
    index: int,
    options: OptionsDict,  # noqa: ARG001
    env: EnvType,  # noqa: ARG001
) -> str:
    """A reference to a note: its mark, raised, linking to the note, which links back to it.
    Outside a briefing's views (a line of the library), the mark as written."""
    label = str(tokens[index].meta["label"])
    notes = _NOTES.get()
    if notes is None:
        return f'<sup class="bg-footnote-ref">{escapeHtml(label)}</sup>'
    number, seen = notes.refer(label)
    mark = escapeHtml(notes.mark(number))
    spoken = escapeHtml(notes.spoken % {"mark": notes.mark(number)})
    return (
        f'<sup class="bg-footnote-ref" id="{notes.reference_id(number, seen)}">'
        f'<a href="#{notes.id_of(number)}" aria-label="{spoken}">{mark}</a></sup>'
    )


def _without_note_texts(tokens: list[Token]) -> list[Token]:
    """The tokens but each note's text (`[^1]: ...`), which is shown with the notes."""
    kept: list[Token] = []
    inside = False
    for token in tokens:
        if token.type == "footnote_reference_open":
            inside = True
        elif token.type == "footnote_reference_close":
            inside = False
        elif not inside:
            kept.append(token)
    return kept


def note_texts(text: str) -> dict[str, list[Token]]:
    """The notes written in a text of paragraphs (`[^label]: ...`), by label, in order."""
    if NOTE_MARK not in text:
        return {}
    found: dict[str, list[Token]] = {}
    label: str | None = None
    for token in _notes_parser().parse(text):
        if token.type == "footnote_reference_open":
            label = str(token.meta["label"])
            found.setdefault(label, [])
        elif token.type == "footnote_reference_close":
            label = None
        elif label is not None:
            found[label].append(token)
    return found


def note_references(text: str, *, paragraphs: bool) -> list[str]:
    """The labels of the notes a text refers to (`1` for `[^1]`), in the order written."""
    if NOTE_MARK not in text:
        return []
    parser = _notes_parser()
    tokens = parser.parse(text) if paragraphs else parser.parseInline(text)
    return [
        str(child.meta["label"])
        for token in tokens
        for child in token.children or ()
        if child.type == "footnote_ref"
    ]


def render_note(tokens: list[Token]) -> Markup:
    """A note's text as safe HTML: one paragraph as its words, several as paragraphs."""
    parser = _notes_parser()
    if [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]:
        renderer = typing.cast(RendererHTML, parser.renderer)
        html = renderer.renderInline(tokens[1].children or [], parser.options, {})
    else:
        html = parser.renderer.render(tokens, parser.options, {})
    return Markup(html.strip())  # noqa: S704 (markdown-it escapes)


def note_words(tokens: list[Token]) -> str:
    """The words of a note's text, its paragraphs apart by a line."""
    return "\n".join(
        "".join(
            child.content
            for child in token.children or []
            if child.type in ("text", "softbreak", "hardbreak")
        )
        for token in tokens
        if token.type == "inline"
    )


def reading_tokens(text: str, *, paragraphs: bool) -> list[Token]:
    """`text` parsed as the renderer parses it: as paragraphs (`render_block`) or as one line
    (`render_inline`), with escapes and references kept apart (see `_make_reading_parser`)."""
    parser = _notes_parser(reading=True) if NOTE_MARK in text else _READING_PARSER
    if paragraphs:
        return parser.parse(text)
    return parser.parseInline(text)


def literal_tokens(text: str) -> list[Token]:
    """The tokens of a link's title: its words, escapes and references, nothing else."""
    (line,) = _LITERAL_PARSER.parseInline(text)
    return line.children or []


def render_inline(text: str) -> Markup:
    """A one-line text (a finding, a question) as safe HTML."""
    return Markup(_parser_for(text).renderInline(text).strip())  # noqa: S704 (markdown-it escapes)


def several_paragraphs(text: str) -> bool:
    """Whether a text is written as several paragraphs (a blank line between them)."""
    return bool(BLANK_LINE.search(text.strip()))


def render_text(text: str) -> Markup:
    """A text of a field of one line (a finding, a note, a key message) as safe HTML: its
    words, as `render_inline` shows them; or, written as several paragraphs, each its own
    `<p>`, never run together into one. Nothing else of the block forms is read: "2020. We
    audited" stays a sentence, not a list starting at 2020."""
    if not several_paragraphs(text):
        return render_inline(text)
    return Markup(  # noqa: S704 (each paragraph escaped by markdown-it)
        "\n".join(f"<p>{render_inline(part)}</p>" for part in BLANK_LINE.split(text.strip()))
    )


def render_block(text: str) -> Markup:
    """Paragraphs (and simple lists) as safe HTML; a note's text (`[^1]: ...`) is not shown
    where it is written but with the briefing's notes (`notes_of`)."""
    parser = _parser_for(text)
    tokens = _without_note_texts(parser.parse(text))
    html = parser.renderer.render(tokens, parser.options, {})
    return Markup(html.strip())  # noqa: S704 (markdown-it escapes)


def render_flow(text: str) -> Markup:
    """A text that may be one line or several blocks (a table cell): one paragraph as its
    words alone, as `render_inline` shows it; paragraphs and lists as `render_block` does.
    A cell of two points or a short list would otherwise print its "- " as text."""
    tokens = _without_note_texts(_parser_for(text).parse(text))
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

    parser = copy.copy(_parser_for(text))
    parser.validateLink = check  # type: ignore[method-assign]
    parser.parse(text)
    return refused


def plain_text(text: str) -> str:
    """The words a Markdown text reads as, line breaks kept, for checks and comparisons."""
    tokens = _parser_for(text).parseInline(text)
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
        for token in _without_note_texts(_parser_for(text).parse(text))
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
    tokens = _parser_for(text).parse(text)
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
    "HEADING_FIX",
    "NOTE_MARK",
    "NOTE_TEXT",
    "Notes",
    "Shape",
    "has_emphasis",
    "heading_markup",
    "heading_text",
    "keep_figures_whole",
    "literal_tokens",
    "note_mark",
    "note_references",
    "note_texts",
    "note_words",
    "notes_in",
    "plain_lines",
    "plain_text",
    "reading_tokens",
    "refused_markup",
    "refused_pieces",
    "render_block",
    "render_flow",
    "render_heading",
    "render_inline",
    "render_note",
    "render_text",
    "section_links",
    "sections_of",
    "several_paragraphs",
    "shape_of",
]
