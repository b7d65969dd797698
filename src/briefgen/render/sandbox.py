"""The templates' sandbox: what a template may reach, and how much it may make.

Templates are untrusted (a project's own, a cloned repository's). They run in Jinja's
immutable sandbox, which already refuses private and internal attributes (`__globals__`,
`__class__`, `mro`) and methods that change a list, dict or set. `ThemeSandbox` narrows
it further, in three ways:

- What a template reaches: the settings (pydantic models) show their fields only (a
  model's methods, such as `parse_file`, could read a file); no class can be called; a
  date shows its fields and its formats, never the clock (`published.today()`): the
  dates a template gets come from the briefing, or SOURCE_DATE_EPOCH.
- What one operation makes: every operator, filter, method and concatenation is bounded
  before it runs, by what it would make (`'x'|center(2000000000)`, `'%2000000000s'|format`,
  `s|replace('', s)`, a list of one long text repeated, joined or printed). Jinja would
  otherwise make it, gigabytes at once, while it compiles the template or renders it.
- How long a template runs: each loop iteration and each call is counted (a loop inside
  a loop over `range()`, a macro that calls itself twice) and charged, with every text
  made, to the briefing's allowance (briefgen.untrusted), which measures its time and
  the memory of the process. These are what bound a template's work in the user's own
  process, where no limit is put on the process itself.

Each refusal is a `SecurityError`, which the renderer tells with the template's file
and line.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import islice
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, Macro, markup_join, str_join
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, safe_range
from jinja2.visitor import NodeTransformer
from pydantic import BaseModel

from briefgen import untrusted

MAX_POWER_BITS = 4096  # `2 ** 4096` is already far beyond any number a style needs
MAX_REPEATED = 1_000_000  # `'x' * n`, a width, a fill: at most a million characters or items
# What any one thing a template makes may hold: a page, a macro's text, a filter's or an
# operator's result. A briefing's largest page, its fonts inside it, is about 120,000.
MAX_MADE = 10_000_000
# What one render may print with `{{ }}`, everywhere (in a block set in a loop, say).
MAX_PRINTED = 2 * MAX_MADE
CHARGED_PRINT = 64 * 1024  # a printed text this long is charged to the allowance too
MAX_ITERATIONS = 100_000  # loop iterations in one render; the theme's take a few hundred
MAX_CALLS = 100_000  # macro, method and helper calls in one render; the theme's, a few hundred
MAX_DEPTH = 64  # macros running inside one another; the theme's, three at most
# What an object of the briefing's data weighs once spelt out (`{{ [briefing] * 100 }}`).
OPAQUE_WEIGHT = 10_000
# A date shows these; the rest of its class's attributes give the clock (today, now,
# utcnow), read it (fromtimestamp) or depend on the machine's time zone (timestamp).
DATE_ATTRIBUTES = frozenset(
    {
        *("year", "month", "day", "hour", "minute", "second", "microsecond"),
        *("isoformat", "strftime", "ctime", "weekday", "isoweekday", "isocalendar"),
        *("toordinal", "date", "time", "replace"),
        # A briefing's date as written (briefgen.content.dates.WrittenDate): "11 July 2025".
        *("shown", "written", "precision", "last_day"),
    }
)
# The pieces of a page are counted this many at a time: one at a time took a tenth of a
# render. Each is a printed value (bounded by MAX_MADE) or a piece of the template.
CONCATENATED_AT_ONCE = 64
ITERATED = "briefgen_iterated"  # the filter every loop's iterable goes through
JOINED = "briefgen_joined"  # the filter every `~` goes through
PRINTF_FIELD = re.compile(
    r"%(?:\([^)]*\))?[#0\- +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?[hlL]?[a-zA-Z%]"
)
NUMBER = re.compile(r"\d+")


def refused(what: str) -> str:
    return f"the template tried to use {what}, which templates may not use"


class TooMuch(SecurityError):
    """A template that would make more, or run longer, than templates may."""


def too_much(what: str) -> TooMuch:
    return TooMuch(f"{what}, which templates may not")


# --- How much a value holds ------------------------------------------------------------------


def weight(value: object, limit: int = MAX_MADE) -> int:
    """The characters (or items) `value` holds once spelt out, as str(), a join or the
    page would spell it out: a list that holds one long text a million times weighs a
    million times its length. Counted until it passes `limit`."""
    total = 0
    pending = [value]
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, int):
            total += 1 + item.bit_length() // 3
        elif isinstance(item, dict):
            total += len(item)
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item)
            pending += item
        elif isinstance(item, float | range) or item is None:
            total += 1
        else:
            total += OPAQUE_WEIGHT
    return total


def bounded(value: object) -> None:
    """Refuse `value` if it holds more than MAX_MADE once spelt out."""
    if weight(value) > MAX_MADE:
        raise too_much(
            f"the template tried to make a text or list of more than {MAX_MADE:,} characters"
        )


def bounded_width(width: object) -> None:
    if isinstance(width, int) and width > MAX_REPEATED:
        raise too_much(
            f"the template tried to use a width or count of {width:,}, more than {MAX_REPEATED:,}"
        )


def too_large_power(left: object, right: object) -> bool:
    if not isinstance(left, int) or not isinstance(right, int) or right <= 1:
        return False
    return abs(left).bit_length() * right > MAX_POWER_BITS


def too_long_repetition(left: object, right: object) -> bool:
    """A repetition of more than a million characters or items, or of a list that holds
    more than MAX_MADE once spelt out (a long text in it, repeated)."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(count, int):
            return (
                len(sequence) * count > MAX_REPEATED
                or weight(sequence, MAX_MADE) * count > MAX_MADE
            )
    return False


def bounded_range(*arguments: int) -> range:
    """`range` for templates, refused past the sandbox's bound rather than crashing the build."""
    try:
        return safe_range(*arguments)
    except OverflowError:
        raise SecurityError(refused(f"a range of more than {MAX_RANGE:,} numbers")) from None


def bounded_format(template: str, values: object) -> None:
    """`template % values` (or `|format`): its widths, and what it spells out, bounded."""
    for field in PRINTF_FIELD.finditer(template):
        for size in (field["width"], field["precision"]):
            if size == "*":
                for value in values if isinstance(values, tuple) else (values,):
                    bounded_width(value)
            elif size is not None:
                bounded_width(int(size))
    bounded(values)


def bounded_str_format(template: str, arguments: object) -> None:
    """`template.format(...)`: its widths, and what it spells out, bounded."""
    for _, _, spec, _ in string.Formatter().parse(template):
        if spec and "{" in spec:
            raise SecurityError(refused("a width given by an argument of str.format"))
        for size in NUMBER.findall(spec or ""):
            bounded_width(int(size))
    bounded(arguments)


# --- Filters ---------------------------------------------------------------------------------


def _lines(text: object) -> int:
    return text.count("\n") + 1 if isinstance(text, str) else 1


def _replaced(s: object, old: object, new: object, count: object) -> None:
    if not isinstance(s, str) or not isinstance(old, str) or not isinstance(new, str):
        return
    found = s.count(old) if old else len(s) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    _text_of(len(s) + found * max(0, len(new) - len(old)))


def _indented(s: object, width: object) -> None:
    bounded_width(width)
    size = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    _text_of(_lines(s) * size)


def _wrapped(s: object, width: object, wrap: object) -> None:
    if isinstance(wrap, str) and isinstance(width, int) and width > 0:
        _text_of(len(str(s)) // width * len(wrap))


def _joined(value: object, separator: object) -> None:
    """A list or tuple joined, bounded by what it spells out. (Values made as they go, by
    `map` or `select`, are not read ahead: each is made, and charged, by its filter.)"""
    if isinstance(value, list | tuple):
        bounded(value)
        if isinstance(separator, str):
            _text_of(len(value) * len(separator))


def _summed(value: object, start: object) -> None:
    """`sum` adds sequences one at a time, copying the sum so far each time (in C)."""
    if isinstance(value, list | tuple) and not isinstance(start, int | float):
        _text_of(len(value) * weight(value))


def _tojson(value: object, indent: object) -> None:
    size = len(indent) if isinstance(indent, str) else indent if isinstance(indent, int) else 1
    bounded_width(size)
    _text_of(weight(value) * max(1, size))


def _text_of(size: int) -> None:
    if size > MAX_MADE:
        raise too_much(
            f"the template tried to make a text or list of more than {MAX_MADE:,} characters"
        )


Arguments = dict[str, Any]
# Checks made before a filter runs, on its arguments by the names Jinja gives them.
FILTER_CHECKS: dict[str, Callable[[Arguments], None]] = {
    "center": lambda given: bounded_width(given["width"]),
    "indent": lambda given: _indented(given["s"], given["width"]),
    "format": lambda given: bounded_format(str(given["value"]), given["kwargs"] or given["args"]),
    "replace": lambda given: _replaced(given["s"], given["old"], given["new"], given["count"]),
    "wordwrap": lambda given: _wrapped(given["s"], given["width"], given["wrapstring"]),
    "join": lambda given: _joined(given["value"], given["d"]),
    "batch": lambda given: bounded_width(
        given["linecount"] if given["fill_with"] is not None else 0
    ),
    "slice": lambda given: bounded_width(given["slices"]),
    "sum": lambda given: _summed(given["iterable"], given["start"]),
    "tojson": lambda given: _tojson(given["value"], given["indent"]),
}
# Filters that spell their value out as text: the value is bounded by its weight first.
SPELLING_OUT = frozenset(
    {
        *("string", "e", "escape", "forceescape", "safe", "upper", "lower", "title"),
        *("capitalize", "trim", "striptags", "urlize", "urlencode", "wordwrap", "truncate"),
        *("center", "indent", "replace", "format", "pprint", "xmlattr", "list", "wordcount"),
    }
)


def bounded_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Every filter, checked before it runs and charged for what it makes."""
    return {name: _bounded_filter(name, function) for name, function in filters.items()}


# The names Jinja's filters give what Jinja passes them before their value.
PASSED_NAMES = frozenset({"context", "eval_ctx", "environment", "env"})


def _unchecked(*_: Any, **__: Any) -> None:
    """The signature of a filter whose arguments are not checked."""


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    check = FILTER_CHECKS.get(name)
    spells_out = name in SPELLING_OUT
    passed = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    # Read for the filters that are checked only: reading each took 2 ms of a cold build.
    signature = inspect.signature(function if check else _unchecked)
    # A filter with an asynchronous variant is given the evaluation context that its
    # signature, the synchronous one's, does not name.
    unnamed = passed if passed and not PASSED_NAMES & set(signature.parameters) else 0

    @functools.wraps(function)  # keeps `jinja_pass_arg`: Jinja passes what it did
    def run(*args: Any, **kwargs: Any) -> Any:
        if spells_out and len(args) > passed:
            bounded(args[passed])
        if check is not None:
            try:
                given = signature.bind(*args[unnamed:], **kwargs)
            except TypeError:
                pass  # the filter itself says what is wrong with its arguments
            else:
                given.apply_defaults()
                check(given.arguments)
        return made(function(*args, **kwargs))

    return run


def made(value: Any) -> Any:
    """`value`, made by the template: refused if it holds more than MAX_MADE, charged."""
    if isinstance(value, str | list | tuple | dict):
        _text_of(len(value))
        untrusted.charge(len(value))
    else:
        untrusted.charge()
    return value


# --- Methods of texts ------------------------------------------------------------------------


def _padded(_text: str, args: tuple[Any, ...], kwargs: Arguments) -> None:
    bounded_width(args[0] if args else kwargs.get("width"))


def _tabs_expanded(text: str, args: tuple[Any, ...], kwargs: Arguments) -> None:
    size = args[0] if args else kwargs.get("tabsize", 8)
    bounded_width(size)
    if isinstance(size, int):
        _text_of(len(text) + text.count("\t") * size)


def _text_replaced(text: str, args: tuple[Any, ...], kwargs: Arguments) -> None:
    given = [*args, None, None, None][:3]
    _replaced(text, given[0], given[1], given[2] if len(args) > 2 else kwargs.get("count"))


def _text_joined(text: str, args: tuple[Any, ...], _kwargs: Arguments) -> None:
    if args:
        _joined(args[0], text)


def _translated(text: str, args: tuple[Any, ...], _kwargs: Arguments) -> None:
    table = args[0] if args else {}
    replacements = table.values() if isinstance(table, dict) else table
    if isinstance(replacements, list | tuple) or isinstance(table, dict):
        longest = max((weight(value) for value in replacements), default=1)
        _text_of(len(text) * longest)


# The methods of a text (str, or Markup, which templates make) that can make more than
# they are given, checked before they run.
METHOD_CHECKS: dict[str, Callable[[str, tuple[Any, ...], Arguments], None]] = {
    "format": lambda text, args, kwargs: bounded_str_format(text, (args, kwargs)),
    "format_map": lambda text, args, _kwargs: bounded_str_format(text, args),
    "center": _padded,
    "ljust": _padded,
    "rjust": _padded,
    "zfill": _padded,
    "expandtabs": _tabs_expanded,
    "replace": _text_replaced,
    "join": _text_joined,
    "translate": _translated,
}


def _check_method(method: object, args: tuple[Any, ...], kwargs: Arguments) -> None:
    check = METHOD_CHECKS.get(getattr(method, "__name__", ""))
    if check is None:
        return
    # `format` and `format_map` come wrapped by Jinja's sandbox, the method kept inside.
    owner = getattr(getattr(method, "__wrapped__", method), "__self__", None)
    if isinstance(owner, str):
        check(owner, args, kwargs)


# --- Loops, calls and the text a render makes ------------------------------------------------


@dataclass
class Counts:
    """What one render has run so far."""

    iterations: int = 0
    calls: int = 0
    depth: int = 0  # macros running, one inside another
    printed: int = 0  # characters of `{{ }}`, inside blocks and macros too


_counts: ContextVar[Counts | None] = ContextVar("template_counts", default=None)


@contextmanager
def counted() -> Iterator[Counts]:
    """The counts of the render running in this thread, or new ones for a new render."""
    running = _counts.get()
    if running is not None:
        yield running
        return
    counts = Counts()
    token = _counts.set(counts)
    try:
        yield counts
    finally:
        _counts.reset(token)


def _running() -> Counts:
    return _counts.get() or Counts()  # outside a render (compiling ahead), counted apart


def iterated(values: Iterable[Any]) -> Iterator[Any]:
    """A loop's values, each iteration counted and charged."""
    counts = _running()
    for value in values:
        counts.iterations += 1
        if counts.iterations > MAX_ITERATIONS:
            raise too_much(
                f"the template's loops ran more than {MAX_ITERATIONS:,} times (a loop in a loop?)"
            )
        untrusted.charge()
        yield value


@jinja2.pass_eval_context
def joined(context: jinja2.nodes.EvalContext, parts: list[Any]) -> str:
    """`a ~ b`, bounded by what it spells out before it is made."""
    bounded(parts)
    text: str = markup_join(parts) if context.autoescape else str_join(parts)
    return text


def bounded_concat(pieces: Iterable[str]) -> str:
    """Jinja's concatenation of every text a template makes (a page, a macro's text, a
    block), bounded by their sum before it is made, each piece charged."""
    with counted():
        if isinstance(pieces, list):
            total = sum(map(len, pieces))
            _text_of(total)
            untrusted.charge(total)
            return "".join(pieces)
        collected: list[str] = []
        total = 0
        iterator = iter(pieces)
        while chunk := list(islice(iterator, CONCATENATED_AT_ONCE)):
            size = sum(map(len, chunk))
            total += size
            _text_of(total)
            untrusted.charge(size)
            collected += chunk
        return "".join(collected)


def spelt_out(value: Any) -> Any:
    """What `{{ value }}` prints, bounded before it is spelt out (Jinja's `finalize`), and
    counted: escaping it makes a copy. Only long texts are charged to the allowance as
    well: the count bounds the many short ones, which are most of a page."""
    size = len(value) if isinstance(value, str) else weight(value)
    if size > MAX_MADE:
        _text_of(size)
    counts = _running()
    counts.printed += size
    if counts.printed > MAX_PRINTED:
        raise too_much(f"the template printed more than {MAX_PRINTED:,} characters")
    if size >= CHARGED_PRINT:
        untrusted.charge(size)
    return value


class _Charged(NodeTransformer):
    """Every loop's values through ITERATED, and every `~` through JOINED."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, ITERATED, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        parts = nodes.List(node.nodes, lineno=node.lineno)
        return nodes.Filter(parts, JOINED, [], [], None, None, lineno=node.lineno)


# --- The environment -------------------------------------------------------------------------


class ThemeSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, narrowed to briefgen's data and bounded (see above)."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    concat = staticmethod(bounded_concat)

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=spelt_out, **options)
        self.filters[ITERATED] = iterated
        self.filters[JOINED] = joined

    def compile(  # one signature for Jinja's two overloads
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Compile a template whose loops and `~` are counted and bounded (`_Charged`)."""
        if isinstance(source, str):
            tree = _Charged().visit(self.parse(source, name, filename))
            tree.set_environment(self)
            source = tree
        return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]

    def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
        if isinstance(obj, BaseModel) and attr not in type(obj).model_fields:
            return False
        if isinstance(obj, dt.date | dt.time) and attr not in DATE_ATTRIBUTES:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: object, attribute: str) -> jinja2.Undefined:
        if isinstance(obj, jinja2.Undefined):
            return obj  # `cycler.__init__` where `cycler` is unknown: say that it is unknown
        # A briefing's date is a date to the template's author, whatever its class.
        kind = "date" if isinstance(obj, dt.date) and not isinstance(obj, dt.datetime) else None
        return self.undefined(
            refused(f"{kind or type(obj).__name__}.{attribute}"),
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    def is_safe_callable(self, obj: object) -> bool:
        return not isinstance(obj, type) and super().is_safe_callable(obj)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """A call from a template: counted, checked if it can make more than it is given,
        and charged; a macro's depth, one inside another, bounded."""
        counts = _running()
        counts.calls += 1
        if counts.calls > MAX_CALLS:
            raise too_much(
                f"the template called its macros and functions more than {MAX_CALLS:,} times"
            )
        _check_method(obj, args, kwargs)
        untrusted.charge()
        if not isinstance(obj, Macro):
            return made(super().call(context, obj, *args, **kwargs))
        counts.depth += 1
        try:
            if counts.depth > MAX_DEPTH:
                raise too_much(
                    f"the template's macros ran more than {MAX_DEPTH} one inside another"
                )
            return made(super().call(context, obj, *args, **kwargs))
        finally:
            counts.depth -= 1

    def call_binop(self, context: Context, operator: str, left: object, right: object) -> object:
        """Every operator is intercepted: those that can make more than they are given are
        checked before they run, and what each makes is charged."""
        check_operator(operator, left, right)
        return made(super().call_binop(context, operator, left, right))


def check_operator(operator: str, left: object, right: object) -> None:
    """Refuse `left <operator> right` if it would make too much: a power, a repetition or a
    product too large to compute, a `%` whose widths are, or a sum of texts or lists."""
    if operator == "**" and too_large_power(left, right):
        raise SecurityError(refused(f"a power as large as {left} ** {right}"))
    if operator == "*" and too_long_repetition(left, right):
        raise SecurityError(refused("a repetition of more than a million characters or items"))
    if operator == "*" and too_large_product(left, right):
        raise SecurityError(refused(f"a product as large as {left} * {right}"))
    if operator == "%" and isinstance(left, str):
        bounded_format(left, right)
    if operator == "+" and isinstance(left, str | list | tuple):
        _text_of(len(left) + (len(right) if isinstance(right, str | list | tuple) else 0))


def too_large_product(left: object, right: object) -> bool:
    return (
        isinstance(left, int)
        and isinstance(right, int)
        and (abs(left).bit_length() + abs(right).bit_length() > MAX_POWER_BITS)
    )


# The code that decides what a template compiles to, besides Jinja's own: the fingerprint
# of the compiled templates kept between builds (briefgen.render.template_cache).
COMPILERS: tuple[type, ...] = (_Charged, ThemeSandbox)

__all__ = [
    "COMPILERS",
    "ThemeSandbox",
    "TooMuch",
    "__file__",
    "bounded_filters",
    "bounded_range",
]
