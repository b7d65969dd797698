"""The fragment's style sheet written into each element's style attribute.

Many CMS editors strip `<style>` from pasted HTML (WordPress does for editors without
the unfiltered-HTML capability); style attributes survive. css-inline does the inlining,
but cannot match `:where()`, on which the theme's reset and element rules rely to weigh
less than its component rules. So the cascade is rebuilt in passes, each of which only
adds what an element does not have yet (css-inline keeps an existing declaration and
writes new ones before it): the component rules first, then the `:where()` rules, the
last first, with `:where()` taken off. What cannot live in an attribute is left out:
rules for states (focus, hover), pseudo-elements, and @media and @container blocks; the
inline fragment is the wide layout at every width.

Every declaration is then marked `!important`. A WordPress theme's rules often are
(`a { color: red !important }`), and an author's `!important` outweighs a plain style
attribute; an `!important` one in a style attribute outweighs every style sheet of the
page, `!important` or not, whatever its selector. Marked after inlining, not in the
style sheet: css-inline reads an `!important` rule as one that overrides what an element
has, which would undo the order of the passes. So every colour and background in the
fragment is its own, links' included (the reset gives each element both). Text spacing
is not marked: a reader must be able to widen it (TEXT_SPACING). A link's focus is the
host's: an attribute cannot say how an element looks with focus, so links leave their
shadow and outline to the host page, which draws focus with one of them (GOV.UK
Frontend: a yellow line above and a black bar below; WordPress and Bootstrap themes, an
outline). The host's focus colours cannot show: the link keeps its own.
"""

from __future__ import annotations

import functools
import html as markup
import math
import re
from dataclasses import dataclass

import css_inline
import tinycss2

from briefgen import untrusted

# Brand colours are custom properties on the root (brand.css.j2); a CMS that filters style
# attributes may refuse custom properties, so each use is replaced by its value.
VARIABLE = re.compile(r"(--bg-[a-z-]+)\s*:\s*([^;{}]+?)\s*;")
VARIABLE_USE = re.compile(r"var\((--bg-[a-z-]+)\)")
# Selectors that match a state or a part of an element: an attribute cannot hold them.
UNINLINABLE = re.compile(r"::|:(?:focus|hover|active|visited|is)\b")
EMPTY_STYLE = re.compile(r' style=""')
# A start tag as css-inline writes it: every attribute `name="value"`, with `"` escaped in
# the value, so that ` style="` can only start the style attribute itself.
STYLED_TAG = re.compile(r'<([A-Za-z][^\s/>]*)((?: [^\s"=/>]+="[^"]*")*?) style="([^"]*)"')
# A declaration's parts that may hold a `;` not ending it: strings, comments, escapes,
# and anything else a character at a time.
DECLARATION_PART = re.compile(
    r"""'(?:\\.|[^'\\])*'?|"(?:\\.|[^"\\])*"?|/\*.*?(?:\*/|$)|\\.|[^'"/\\();]+|.""",
    re.DOTALL,
)
IMPORTANT = re.compile(r"!\s*important\s*$", re.IGNORECASE)
# What a reader sets to read at all (WCAG 1.4.12, Text Spacing: line height, letter and word
# spacing, the space after paragraphs), in a style sheet or a bookmarklet of `!important`
# rules, which an `!important` attribute would outweigh (axe-core's avoid-inline-spacing
# rule fails it). Left plain: a host's `!important` rule may change them too, which moves
# text, never recolours it. Every margin is, so that a side never outweighs its shorthand.
TEXT_SPACING = re.compile(r"line-height|letter-spacing|word-spacing|margin(?:-[a-z-]+)?")
# The `font` shorthand sets the line height too: a keyword (`font: inherit`) is spelt out as
# the longhands a host page sets, each `!important`, and the line height plain (its finer
# settings, kerning and features, stay open to the host, as rarely set and never a colour).
FONT_LONGHANDS = (
    "font-style", "font-variant", "font-weight", "font-stretch", "font-size", "font-family",
)  # fmt: skip
CSS_WIDE_KEYWORD = re.compile(r"inherit|initial|unset|revert|revert-layer", re.IGNORECASE)
# A style attribute this long (an image's, with its data: address) is marked afresh each
# time, not remembered: the cache holds a fragment's few hundred short ones.
REMEMBERED_STYLE = 4_000  # characters
# What a link leaves to the host for its focus to show: its shadow, where it has none.
FOCUS_SHADOW = re.compile(r"\s*box-shadow\s*:\s*none\s*", re.IGNORECASE)
WHERE_GROUP = re.compile(r":where\(([^()]*)\)")
ELEMENT_NAME = re.compile(r"[a-z][a-z0-9]*")

# What inlining may be given: it runs in the user's own process, in pure Python (parsing
# the style sheet, spelling out `:where()`) and in css-inline, whose time follows the
# elements of the fragment times the selectors of the style sheet (about 0.3 µs each).
# The theme's style sheet is about 23,000 characters and 160 selectors; its fragment, a
# few hundred elements.
MAX_STYLESHEET = 500_000  # characters: tinycss2 parses about half a million a second
MAX_SELECTORS = 5_000  # each `:where()` spelt out
MAX_MATCHES = 5_000_000  # elements times selectors: about 1.5 s of css-inline
# A fragment that repeats a part (the library's fragment: one entry a briefing) may try
# MAX_MATCHES for each ENTRIES_A_BOUND of its parts: its tags grow with the project's own
# briefings, each a content file built in a second or more, while what the theme can add,
# its selectors, stays bounded (MAX_SELECTORS). 3,000 briefings: about 3 s.
ENTRIES_A_BOUND = 1_000


class TooMuchToInline(ValueError):
    """A style sheet, or a fragment, that inlining would take too long over; `selector`
    is the selector at fault, where one is, for naming the file and line it is written on."""

    def __init__(self, message: str, selector: str = "") -> None:
        super().__init__(message)
        self.selector = selector


@dataclass(frozen=True)
class Passes:
    """The style sheets to inline in turn, and how many selectors they hold in all."""

    sheets: tuple[str, ...]
    selectors: int


def inline_styles(html: str, css: str, *, entries: int = 1) -> str:
    """`html` with every rule of `css` that applies to an element in its style attribute;
    refused (TooMuchToInline) where that would take longer than a few seconds, or a few
    for each ENTRIES_A_BOUND `entries` of a fragment that repeats them.

    Only `css` is inlined. css-inline would otherwise fetch each `<link rel=stylesheet>`
    of `html` (from a web server, or any file of the computer) and remove it and every
    `<style>` once inlined: a template's own are left in place, for the web check to
    refuse or to read, and nothing is fetched while the fragment is made.
    """
    passes = inlining_passes(css)
    elements = html.count("<")
    bound = MAX_MATCHES * max(1, math.ceil(entries / ENTRIES_A_BOUND))
    if elements * passes.selectors > bound:
        raise TooMuchToInline(
            f"inlining its {passes.selectors:,} selectors into the fragment's {elements:,} "
            f"tags would try {elements * passes.selectors:,} matches, more than {bound:,}"
        )
    for stylesheet in passes.sheets:
        untrusted.charge(len(html))
        html = css_inline.inline_fragment(
            html,
            stylesheet,
            load_remote_stylesheets=False,
            inline_style_tags=False,
            keep_style_tags=True,
            keep_link_tags=True,
        )
    return EMPTY_STYLE.sub("", outweigh_the_host(html))


@functools.lru_cache(maxsize=4)  # one theme's style sheet a build; a few for the preview
def inlining_passes(css: str) -> Passes:
    """The style sheets to inline, in turn: the rules without `:where()`, then each run of
    `:where()` rules, the last first. Made once a style sheet: parsing it took half of
    the inlined fragment's time, every briefing."""
    if len(css) > MAX_STYLESHEET:
        raise TooMuchToInline(
            f"the style sheet has {len(css):,} characters, more than {MAX_STYLESHEET:,}"
        )
    css = resolve_variables(css)
    components: list[str] = []
    bases: list[list[str]] = []  # runs of :where() rules, each run inlined in one pass
    joinable = False
    selectors = 0
    for prelude, content in style_rules(css):
        if UNINLINABLE.search(prelude):
            continue
        selectors += spelt_out_count(prelude)
        if selectors > MAX_SELECTORS:
            raise TooMuchToInline(
                f"its selectors, each :where() spelt out, are more than {MAX_SELECTORS:,}",
                prelude,
            )
        if ":where(" not in prelude:
            components.append(f"{prelude} {{{content}}}")
            continue
        rule = f"{', '.join(without_where(prelude))} {{{content}}}"
        if joinable and adds_one_element(prelude):
            bases[-1].append(rule)
        else:
            bases.append([rule])
        joinable = adds_one_element(prelude)
    sheets = ("\n".join(components), *("\n".join(run) for run in reversed(bases)))
    return Passes(sheets, selectors)


def spelt_out_count(selector_list: str) -> int:
    """How many selectors `without_where` makes of a list, counted without making them:
    each `:where(a, b)` multiplies by its choices, so twenty-two `:where(p, ul)` in a row
    make four million (it took a minute and 600 MB to spell them out)."""
    return sum(_count_in_selector(selector) for selector in split_top_level(selector_list))


def _count_in_selector(selector: str) -> int:
    start = selector.find(":where(")
    if start < 0:
        return 1
    end = closing_parenthesis(selector, start + len(":where("))
    if end < 0:
        return 0
    inside = selector[start + len(":where(") : end]
    choices = sum(_count_in_selector(choice) for choice in split_top_level(inside))
    return choices * _count_in_selector(selector[end + 1 :])


def outweigh_the_host(html: str) -> str:
    """`html` with every declaration of its style attributes `!important`, which no rule of
    a host page's style sheets outweighs; a link's `box-shadow: none` is left out, so that
    the focus shadow a host draws (GOV.UK Frontend's) still shows."""

    def strengthen(match: re.Match[str]) -> str:
        tag, attributes, style = match.groups()
        link = tag.lower() == "a"
        if len(style) > REMEMBERED_STYLE:
            marked = important_declarations(style, link)
        else:
            marked = remembered_declarations(style, link)
        return f'<{tag}{attributes} style="{marked}"'

    untrusted.charge(len(html))
    return STYLED_TAG.sub(strengthen, html)


@functools.lru_cache(maxsize=4_096)  # a fragment repeats a few hundred styles at most
def remembered_declarations(style: str, link: bool) -> str:
    """`important_declarations`, remembered for a short style attribute."""
    return important_declarations(style, link)


def important_declarations(style: str, link: bool) -> str:
    """A style attribute's value (escaped as in HTML), each declaration `!important` but
    those of text spacing; for a link, without `box-shadow: none`."""
    declarations = [part.strip() for part in declarations_of(markup.unescape(style))]
    kept = [
        important
        for part in declarations
        if part and not (link and FOCUS_SHADOW.fullmatch(part))
        for important in outweighing(part)
    ]
    return attribute_escaped(";".join(kept))


def outweighing(declaration: str) -> list[str]:
    """A declaration as it outweighs a host's rules: `!important`, unless a reader must be
    able to set it (TEXT_SPACING); a `font: inherit` spelt out, to mark all but its line
    height; any other `font` shorthand left plain, line height and all."""
    name, _, value = declaration.partition(":")
    name, value = name.strip().lower(), value.strip()
    if IMPORTANT.search(declaration) or TEXT_SPACING.fullmatch(name):
        return [declaration]
    if name == "font":
        if not CSS_WIDE_KEYWORD.fullmatch(value):
            return [declaration]
        return [f"{longhand}: {value} !important" for longhand in FONT_LONGHANDS] + [
            f"line-height: {value}"
        ]
    return [f"{declaration} !important"]


def attribute_escaped(value: str) -> str:
    """`value` escaped for a double-quoted attribute, as css-inline escapes it."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("\xa0", "&nbsp;")


def declarations_of(style: str) -> list[str]:
    """The declarations of a style attribute's value, split at each `;` outside strings,
    comments and brackets (a `data:` address's `;base64,` stays whole)."""
    declarations, depth, current = [], 0, ""
    for part in DECLARATION_PART.findall(style):
        depth = max(0, depth + {"(": 1, ")": -1}.get(part, 0))
        if part == ";" and depth == 0:
            declarations.append(current)
            current = ""
        else:
            current += part
    return [*declarations, current]


def adds_one_element(prelude: str) -> bool:
    """Whether taking `:where()` off adds the weight of exactly one element name to every
    selector of the rule (`:where(p, ul)`). Rules that all do so keep their order of weight,
    and one pass inlines them together as the browser would; others take a pass each."""
    groups = WHERE_GROUP.findall(prelude)
    return len(groups) == prelude.count(":where(") and all(
        ELEMENT_NAME.fullmatch(choice.strip()) for group in groups for choice in group.split(",")
    )


def resolve_variables(css: str) -> str:
    """The style sheet with each custom property replaced by its value, and not declared."""
    values = dict(VARIABLE.findall(css))
    css = VARIABLE_USE.sub(lambda match: values[match[1]], css)
    return VARIABLE.sub("", css)


def style_rules(css: str) -> list[tuple[str, str]]:
    """The selector and declarations of each plain rule; at-rules (@media, @container,
    @font-face) are left out."""
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    return [
        (tinycss2.serialize(rule.prelude).strip(), tinycss2.serialize(rule.content))
        for rule in rules
        if rule.type == "qualified-rule"
    ]


def without_where(selector_list: str) -> list[str]:
    """The selectors of a list, each `:where(a, b)` spelt out as a selector for a and one
    for b (css-inline matches neither `:where` nor `:is`)."""
    expanded: list[str] = []
    for selector in split_top_level(selector_list):
        start = selector.find(":where(")
        if start < 0:
            expanded.append(selector)
            continue
        end = closing_parenthesis(selector, start + len(":where("))
        if end < 0:
            continue  # a theme override's broken selector matches nothing in a browser either
        inside = selector[start + len(":where(") : end]
        expanded += without_where(
            ", ".join(
                selector[:start] + choice + selector[end + 1 :]
                for choice in split_top_level(inside)
            )
        )
    return expanded


def split_top_level(text: str) -> list[str]:
    """`text` split at the commas outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def closing_parenthesis(text: str, start: int) -> int:
    """The index of the parenthesis that closes the one opened just before `start`, or -1."""
    depth = 1
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return -1


__all__ = [
    "TooMuchToInline",
    "declarations_of",
    "important_declarations",
    "inline_styles",
    "inlining_passes",
    "outweigh_the_host",
]
