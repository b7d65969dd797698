"""What CSS may reach: an allow-list read on tinycss2's tokens, never on the text.

A browser tokenizes a style sheet before it looks for a function or a rule: escapes are
undone (`u\\72l(` is `url(`, `@im\\70ort` is `@import`), comments are dropped, and an
escaped line break inside a string joins its two halves. tinycss2 follows the same
standard (CSS Syntax Level 3), so the check reads what a browser reads. Every function
must be one of a short list that loads nothing, every at-rule one that loads nothing,
and every address (a `url()` or url token) one that the caller's rule accepts: a web
output's `data:` URIs of the types the theme carries, an SVG's references to its own
parts. Anything else (`image-set()`, `image()`, `cross-fade()`, `element()`,
`expression()`, `src()`, `@import`, `@namespace`) is refused, however it is spelt.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import tinycss2
from tinycss2 import ast

from briefgen.paths import escape_controls

# Functions that compute a value, match a selector or name a font's format: none loads
# anything or runs anything. The theme uses format, where, not, is, var, min, max, calc,
# clamp, minmax and inset; the others are their kin, for a theme's own style sheet.
ALLOWED_FUNCTIONS = frozenset(
    {
        # values
        "calc", "min", "max", "clamp", "var", "minmax", "repeat", "fit-content",
        "rgb", "rgba", "hsl", "hsla", "color-mix",
        "linear-gradient", "radial-gradient", "repeating-linear-gradient",
        "repeating-radial-gradient", "inset", "circle", "ellipse", "polygon",
        "translate", "translatex", "translatey", "rotate", "scale", "scalex", "scaley",
        "skew", "skewx", "skewy", "matrix", "cubic-bezier", "steps", "counter", "counters",
        # selectors
        "not", "is", "where", "has", "nth-child", "nth-last-child", "nth-of-type",
        "nth-last-of-type", "lang", "dir",
        # @font-face: the format of a font carried inside the page
        "format",
    }
)  # fmt: skip
# At-rules that only select or describe; @import, @namespace and @document name addresses.
ALLOWED_AT_RULES = frozenset({"media", "supports", "container", "font-face", "page", "keyframes"})
# No function, at-rule or escape can be written without one of these characters: a value
# without any is made of names, numbers and strings alone.
_MAY_REACH = re.compile(r"[(@\\]")
# What CSS counts as a character of a name (NUL is read as U+FFFD, which is one).
_NAME = "A-Za-z0-9_\\-\\x00\\x80-\\U0010ffff"
# A run of name characters before a `(`, met at its start only: a long run (a font's
# base64) is not read again from each of its characters.
_CALL = re.compile(f"(?<![{_NAME}])([{_NAME}]++)\\(")
_AT_KEYWORD = re.compile(f"@([{_NAME}]+)")
_URL_ARGUMENT = re.compile(
    r"""[ \t\n\r\f]*(?:"([^"\n\r\f]*)"|'([^'\n\r\f]*)'|([^"'()\s\x00-\x1f\x7f]*))[ \t\n\r\f]*\)"""
)

AddressRule = Callable[[str], str | None]  # why an address may not be used there, or None


@dataclass(frozen=True)
class Reach:
    """Something a web output would load or run: what it is, and the text to find it by
    in the templates."""

    what: str
    needle: str


def css_reaches(
    css: str, address_problem: AddressRule, where: str = "a style sheet"
) -> tuple[Reach, ...]:
    """What a style sheet, a style attribute or a property's value (`where`) would load
    or run, by its tokens. Remembered by text: every briefing's page carries the same
    style sheets."""
    if _MAY_REACH.search(css) is None or _plainly_allowed(css, address_problem):
        return ()
    return tokenized_reaches(css, address_problem, where)


@functools.lru_cache(maxsize=512)
def _plainly_allowed(css: str, address_problem: AddressRule) -> bool:
    """Whether a scan of the text finds only allowed functions, at-rules and addresses.

    tinycss2 takes some tens of milliseconds to tokenize one of the theme's style sheets,
    and a cold build checks five. Without a backslash, no escape can hide a name, and
    every function a tokenizer would find is a run of name characters before a `(`,
    every at-rule a run after an `@`: the scan finds them all, and more (those inside
    comments and strings). When all it finds is allowed, the tokens are too; otherwise
    tinycss2 decides, and names what is refused.
    """
    if "\\" in css:
        return False
    for match in _AT_KEYWORD.finditer(css):
        if not match[1].isascii() or match[1].lower() not in ALLOWED_AT_RULES:
            return False
    for match in _CALL.finditer(css):
        name = match[1].lower()
        if not name.isascii():
            return False
        if name == "url":
            argument = _URL_ARGUMENT.match(css, match.end())
            address = (
                next((group for group in argument.groups() if group is not None), None)
                if argument
                else None
            )
            if address is None or address_problem(address) is not None:
                return False
        elif name not in ALLOWED_FUNCTIONS:
            return False
    return True


@functools.lru_cache(maxsize=512)
def tokenized_reaches(css: str, address_problem: AddressRule, where: str) -> tuple[Reach, ...]:
    """What `css` would load or run, read on every token: what `css_reaches` answers
    whenever the scan of its text finds anything it cannot pass at once."""
    tokens = tinycss2.parse_component_value_list(css, skip_comments=True)
    return tuple(dict.fromkeys(_reaches(tokens, address_problem, where)))


def _reaches(
    tokens: Iterable[ast.Node], address_problem: AddressRule, where: str
) -> Iterator[Reach]:
    """Each token, and the tokens inside each block and function, in turn."""
    pending = [iter(tokens)]
    while pending:
        token = next(pending[-1], None)
        if token is None:
            pending.pop()
            continue
        reach = _token_reach(token, address_problem, where)
        if reach is not None:
            yield reach
        elif isinstance(token, ast.FunctionBlock | ast.ParenthesesBlock | ast.SquareBracketsBlock):
            pending.append(
                iter(token.arguments if isinstance(token, ast.FunctionBlock) else token.content)
            )
        elif isinstance(token, ast.CurlyBracketsBlock):
            pending.append(iter(token.content))


def _token_reach(token: ast.Node, address_problem: AddressRule, where: str) -> Reach | None:
    if isinstance(token, ast.URLToken):
        return _address_reach(token.value, address_problem, where)
    if isinstance(token, ast.FunctionBlock) and token.lower_name == "url":
        strings = [item for item in token.arguments if isinstance(item, ast.StringToken)]
        address = strings[0].value if len(strings) == 1 else tinycss2.serialize(token.arguments)
        return _address_reach(address, address_problem, where)
    if isinstance(token, ast.FunctionBlock) and token.lower_name not in ALLOWED_FUNCTIONS:
        name = escape_controls(token.lower_name)
        return Reach(f"the CSS function {name}() (in {where})", f"{token.name}(")
    if isinstance(token, ast.AtKeywordToken) and token.lower_value not in ALLOWED_AT_RULES:
        name = escape_controls(token.lower_value)
        return Reach(f"the CSS rule @{name} (in {where})", f"@{token.value}")
    return None


def _address_reach(address: str, address_problem: AddressRule, where: str) -> Reach | None:
    problem = address_problem(address)
    if problem is None:
        return None
    return Reach(f"{shown_address(address)} (in {where}: {problem})", address.strip())


def shown_address(address: str) -> str:
    """An address as a message shows it: controls escaped, a long one cut short."""
    shown = escape_controls(address.strip())
    return shown if len(shown) <= 100 else shown[:99] + "…"


__all__ = [
    "ALLOWED_AT_RULES",
    "ALLOWED_FUNCTIONS",
    "AddressRule",
    "Reach",
    "css_reaches",
    "shown_address",
    "tokenized_reaches",
]
