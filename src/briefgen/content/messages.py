"""Pydantic's validation errors in plain English: what is wrong, where, and how to fix it.

The messages are a table keyed by pydantic's error type, each a message and a fix
written as templates, so that a new message is a line in the table, not a branch in
code. A few types read differently with their input (an empty text, a misspelt key
with a close match, `yes` for a boolean): their variants are keyed `type:variant`.
Every fix that shows content shows it in YAML, as the file would hold it.
"""

from __future__ import annotations

import difflib
import math
import re
import textwrap
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from briefgen.content.fields import Union, allowed_keys, example_for, is_scalar, model_at, union_at
from briefgen.content.yaml_reader import Document, Path_, dump_flow, dump_yaml, field_path
from briefgen.errors import Problem, shorten
from briefgen.positions import Position

FIX_INDENT = " " * 8  # under the text of "    fix: ..." as the command line prints it
WRITTEN_AS_A_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YES_WORDS = frozenset({"yes", "y", "on"})
NO_WORDS = frozenset({"no", "n", "off"})

# Each pydantic error type: (what is wrong, how to fix it). Slots in braces are filled
# from the error and the model: {name} the field, {value} what was written, {line} the
# field with its example as one line of YAML, {block} the same as indented YAML lines.
TEMPLATES: dict[str, tuple[str, str]] = {
    "missing": ("`{name}` is missing", "add `{line}`"),
    "missing:block": ("`{name}` is missing", "add it, for example:\n{block}"),
    "extra_forbidden": ("unknown field `{name}`", "remove it, or use one of: {allowed}"),
    "extra_forbidden:close": ("unknown field `{name}`", "did you mean `{close}`?"),
    "extra_forbidden:block": (
        "there is no kind of block called `{name}`",
        "use one of: {allowed}; each block is one of them, written as `- kind:`",
    ),
    "extra_forbidden:block_close": (
        "there is no kind of block called `{name}`",
        "did you mean `{close}`?",
    ),
    "enum": (
        "`{value}` is not one of the allowed values of `{name}`",
        "use one of: {expected}",
    ),
    "string_type": (
        "`{name}` should be text",
        "write text, in quotes if it starts with a number: `{line}`",
    ),
    "string_too_short": (
        "`{name}` is too short (at least {min_length} characters)",
        "write it out in a full sentence",
    ),
    "string_too_short:empty": (
        "`{name}` is empty",
        "write some text, or remove `{name}` if it is optional",
    ),
    "string_too_long": (
        "`{name}` is too long (at most {max_length} characters)",
        "shorten it; a briefing is read in two minutes",
    ),
    "int_type": (
        "`{name}` should be a whole number",
        "write the number in figures, without quotes or separators: `{line}`",
    ),
    "int_type:text": (
        "`{name}` should be a whole number, not text in quotes",
        "write the number without quotes: `{line}`",
    ),
    "int_type:word": (
        "`{name}` should be a whole number, not the word `{value}`",
        "write the number in figures: `{line}`",
    ),
    "int_type:boolean": (
        "`{name}` should be a whole number, not `{value}`",
        "write the number: `{line}`",
    ),
    "float_type": (
        "`{name}` should be a number",
        "write a number without quotes or %: `{line}`",
    ),
    "finite_number": (
        "`{name}` is not a number",
        "write a number, such as `{line}` (.nan and .inf are not numbers)",
    ),
    "bool_type": ("`{name}` should be true or false", "write `{name}: true` or `{name}: false`"),
    "bool_type:yes": (
        "`{name}` should be true or false, not `{value}`",
        "write true: `{name}: true` (YAML reads only true and false as yes or no)",
    ),
    "bool_type:no": (
        "`{name}` should be true or false, not `{value}`",
        "write false: `{name}: false` (YAML reads only true and false as yes or no)",
    ),
    "list_type": (
        "`{name}` should be a list",
        "write each item on its own line under `{name}:`, starting with '- '",
    ),
    "too_short": ("`{name}` needs at least {min_length} item{plural}", "add the missing items"),
    "too_long": ("`{name}` has more than {max_length} items", "keep the most important ones"),
    "model_type": (
        "`{name}` should be a group of fields",
        "write the fields of `{name}` indented under it, one `field: value` a line",
    ),
    "date_type": ("`{name}` should be a date", "write it as YYYY-MM-DD, for example 2020-05-01"),
    "date_type:impossible": (
        "`{name}`: there is no such date as {value}",
        "write a real date as YYYY-MM-DD, such as 2020-05-29",
    ),
    "url_scheme": (
        "`{name}` must start with https://, http://, mailto: or tel:",
        "copy the full address from the browser's address bar",
    ),
    "url": ("`{name}` is not a web address", "copy the full address, starting with https://"),
    # The one pattern of the model is a briefing's name (`replaces`): a file name's stem.
    "string_pattern_mismatch": (
        "`{name}` cannot be `{value}`: it takes lower-case letters, digits and hyphens only",
        "write the name as in the example: `{line}`",
    ),
    "greater_than_equal": ("`{name}` must be at least {ge}", "correct the number"),
    "greater_than": ("`{name}` must be more than {gt}", "correct the number"),
    "less_than_equal": ("`{name}` must be at most {le}", "correct the number"),
    "less_than": ("`{name}` must be less than {lt}", "correct the number"),
    "value_error": ("{reason}", "{reason_fix}"),
    # A field of several forms given none of them (see `_one_per_union`).
    "form": ("{what} is {forms}; you wrote {written}", "{form_fix}"),
}
FALLBACK = ("{msg}", "compare with the example from `briefgen new`")

# Pydantic's types that read the same as one in the table.
SAME_AS = {
    "str_type": "string_type",
    "int_parsing": "int_type",
    "int_from_float": "int_type",
    "float_parsing": "float_type",
    "bool_parsing": "bool_type",
    "tuple_type": "list_type",
    "model_attributes_type": "model_type",
    "dict_type": "model_type",
    "date_parsing": "date_type",
    "date_from_datetime_parsing": "date_type",
    "date_from_datetime_inexact": "date_type",
    "datetime_type": "date_type",
}


def explain(
    model: type[BaseModel], error: ValidationError, document: Document
) -> Iterator[Problem]:
    """Each of pydantic's errors as a Problem at the line of the value (or key) concerned."""
    details = _one_per_union(model, error.errors(include_url=False))
    misspelt = _misspelt_fields(model, details)
    for detail in details:
        path = tuple(detail["loc"])
        if detail["type"] == "missing" and path in misspelt:
            continue  # the unknown key beside it says "did you mean ...?"
        written, inner = document.source(path)  # a snippet's value: at the snippet's line
        position = _position_of(detail, written, inner)
        quoted = inner in written.quoted
        message, fix = describe(model, detail, quoted=quoted)
        yield Problem(
            written.file,
            message,
            fix,
            line=position.line if position else None,
            column=position.column if position else None,
            field=field_path(inner),
            value=None if detail["type"] == "missing" else _given(detail, quoted),
        )


def _position_of(detail: ErrorDetails, document: Document, path: Path_) -> Position | None:
    """Where the editor underlines the same mistake: a misspelt key at the key, a missing
    field at its group's key (`practice:`), any other mistake at the value."""
    if detail["type"] == "missing":
        return document.position(path[:-1], key=True)
    return document.position(path, key=detail["type"] == "extra_forbidden")


def describe(
    model: type[BaseModel], detail: ErrorDetails, *, quoted: bool = False
) -> tuple[str, str]:
    """One pydantic error in plain English: what is wrong and how to fix it. `quoted`:
    whether the value was written in quotes."""
    slots = _slots(model, detail)
    message, fix = TEMPLATES.get(_template_key(detail, slots, quoted=quoted), FALLBACK)
    return message.format_map(slots), fix.format_map(slots)


def _given(detail: ErrorDetails, quoted: bool) -> str:
    """What was written; a number written in quotes is shown in its quotes."""
    given = detail["input"]
    if isinstance(given, str) and quoted and detail["type"] in ("int_type", "float_type"):
        return shorten(f'"{given}"')
    return as_written(given)


# --- Fields of several forms -------------------------------------------------------------

# What one value of a field of several forms is, by the group and the field that hold it,
# and how to write it right.
FORMS: dict[tuple[str, str], tuple[str, str]] = {
    ("Table", "rows"): (
        "a table cell",
        "write one value a cell: text, or a number such as 120; a cell of several points "
        "is one text, its points on lines of their own each starting with '- ', after a "
        "`|` that starts the cell",
    ),
    ("Table", "columns"): ("a column heading", "write one heading a column, as text"),
    ("Table", "widths"): (
        "a column's width",
        "write one number a column, its width relative to the others', such as "
        "widths: [1, 3, 3, 2]",
    ),
    ("Findings", "items"): (
        "a finding",
        "write the finding as text (`- Fathers were invited.`), or as `text:` with its "
        "`judgement:` on the line below",
    ),
}


def _one_per_union(model: type[BaseModel], details: list[ErrorDetails]) -> list[ErrorDetails]:
    """Pydantic tries each form of a field of several forms and reports every failure, under
    names of its own (`constrained-str`, `int`, `float`): one mistake reads as three. Each
    such value gets one error instead: the errors of the form it was written in (a group
    of fields for a finding written as one), or a single `form` error that names the forms."""
    kept: list[ErrorDetails] = []
    tried: dict[tuple[Any, ...], list[tuple[Union, ErrorDetails]]] = {}
    for detail in details:
        union = union_at(model, tuple(detail["loc"]))
        if union is None or union.index >= len(detail["loc"]):
            kept.append(detail)
        else:
            tried.setdefault(tuple(detail["loc"][: union.index]), []).append((union, detail))
    for place, failures in tried.items():
        kept.extend(_errors_of_one_form(model, place, failures))
    return kept


def _errors_of_one_form(
    model: type[BaseModel], place: tuple[Any, ...], failures: list[tuple[Union, ErrorDetails]]
) -> list[ErrorDetails]:
    union, first = failures[0]
    given = first["input"]
    for form in union.forms:
        if _written_as(given, form):
            chosen = [d for _, d in failures if _form_tried(d["loc"][union.index], form)]
            if chosen:
                return [_without_form(detail, union.index) for detail in chosen]
    what, fix = _form_words(model, place)
    context = {"what": what, "forms": _forms_text(union.forms), "written": _kind_of(given)}
    error: ErrorDetails = {
        "type": "form",
        "loc": place,
        "msg": f"{what} is {context['forms']}",
        "input": given,
        "ctx": {**context, "form_fix": fix},
    }
    return [error]


def _written_as(value: object, form: Any) -> bool:
    """Whether `value` was written in the form `form` (text for str, a group for a model)."""
    if isinstance(form, type) and issubclass(form, BaseModel):
        return isinstance(value, dict)
    if form is str:
        return isinstance(value, str)
    if form in (int, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return False


def _form_tried(tag: object, form: Any) -> bool:
    """Whether pydantic's name for the form it tried (`constrained-str`, `Finding`) is `form`."""
    name = str(tag)
    if isinstance(form, type) and issubclass(form, BaseModel):
        return name == form.__name__
    words = {str: "str", int: "int", float: "float"}.get(form)
    return words is not None and words in re.split(r"[^a-z]+", name)


def _without_form(detail: ErrorDetails, index: int) -> ErrorDetails:
    """The error with pydantic's name for the form taken out of its location."""
    location = (*detail["loc"][:index], *detail["loc"][index + 1 :])
    return {**detail, "loc": location}


def _form_words(model: type[BaseModel], place: tuple[Any, ...]) -> tuple[str, str]:
    names = [part for part in place if isinstance(part, str)]
    holder = model_at(model, place[: max(i for i, p in enumerate(place) if isinstance(p, str))])
    key = (holder.__name__ if holder else "", names[-1] if names else "")
    default = (f"each item of `{key[1]}`", "compare it with the example from `briefgen new`")
    return FORMS.get(key, default)


def _forms_text(forms: tuple[Any, ...]) -> str:
    """The forms a field takes, in words: `text or a number`."""
    words: list[str] = []
    for form in forms:
        if isinstance(form, type) and issubclass(form, BaseModel):
            fields = " and ".join(f"`{name}`" for name in form.model_fields)
            word = f"a group of {fields}"
        else:
            word = {str: "text", int: "a number", float: "a number"}.get(form, "a value")
        if word not in words:
            words.append(word)
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]


def _kind_of(value: object) -> str:
    """What was written, in words: a list, a group of fields, `true`."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, bool) or value is None:
        return f"`{as_written(value)}`"
    if isinstance(value, str):
        return "text"
    return "a number"


def as_written(value: object) -> str:
    """A value as the YAML file holds it: `true`, `.nan`, `null` and `[a, b]`, not Python's
    spellings (`True`, `nan`, `None` and `['a', 'b']`)."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return shorten(value)
    if isinstance(value, float) and math.isfinite(value):
        return shorten(value)
    return shorten(dump_flow(value))


class _Slots(dict[str, str]):
    """Template values; a slot the error does not fill reads as '?' rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def _slots(model: type[BaseModel], detail: ErrorDetails) -> _Slots:
    path = tuple(detail["loc"])
    name = next((str(part) for part in reversed(path) if isinstance(part, str)), "value")
    context: Mapping[str, Any] = detail.get("ctx") or {}
    slots = _Slots({key: _number_or_text(value) for key, value in context.items()})
    slots.update(name=name, msg=detail["msg"], value=as_written(detail["input"]))
    slots.update(_example_slots(model, path, name))
    slots["plural"] = "" if context.get("min_length") == 1 else "s"
    slots["expected"] = str(context.get("expected", "")).replace("'", "").replace(" or ", ", ")
    reason = str(context.get("error", detail["msg"]))
    slots["reason"], _, fix = reason.partition("; ")
    slots["reason_fix"] = fix or "correct the value"
    if detail["type"] == "extra_forbidden":
        holder = model_at(model, path[:-1])
        slots["holder"] = holder.__name__ if holder else ""
        slots["allowed"] = ", ".join(allowed_keys(model, path[:-1]))
        slots["close"] = meant_field(model, path) or ""
    return slots


def meant_field(model: type[BaseModel], path: Path_) -> str | None:
    """The field an unknown key at `path` was meant to be: one a typing slip away from it
    (`key_mesage`), or the one a common word names (`date:` for `published`)."""
    name = str(path[-1])
    allowed = allowed_keys(model, path[:-1])
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return close[0]
    holder = model_at(model, path[:-1])
    words: dict[str, str] = getattr(holder, "common_words", {})
    meant = words.get(name.strip().lower().replace("-", "_").replace(" ", "_"))
    return meant if meant in allowed else None


def _number_or_text(value: object) -> str:
    """A bound as people write it: 1,000,000, not 1000000; 500, not 500.0 (the bound of a
    number that may have decimals, as a project's kind declares one)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _example_slots(model: type[BaseModel], path: Path_, name: str) -> dict[str, str]:
    """The field with the model's example, as one line of YAML and as indented lines."""
    example = example_for(model, path)
    if example is None:
        return {"line": f"{name}: ...", "block": ""}
    written = dump_yaml({name: example})
    line = written.strip() if is_scalar(example) and written.count("\n") == 1 else ""
    return {
        "line": line or f"{name}: ...",
        "block": textwrap.indent(written.rstrip("\n"), FIX_INDENT),
    }


def _template_key(detail: ErrorDetails, slots: _Slots, *, quoted: bool = False) -> str:
    """The table's key for an error: its type, or the variant that reads better."""
    kind = SAME_AS.get(detail["type"], detail["type"])
    if kind.startswith("url") and kind != "url_scheme":
        kind = "url"
    written = str(detail["input"]).strip().lower() if isinstance(detail["input"], str) else ""
    variants = {
        "missing:block": kind == "missing" and slots["line"].endswith(": ...") and slots["block"],
        "extra_forbidden:block_close": kind == "extra_forbidden"
        and slots["holder"] == "Block"
        and slots["close"],
        "extra_forbidden:block": kind == "extra_forbidden" and slots["holder"] == "Block",
        "extra_forbidden:close": kind == "extra_forbidden" and slots["close"],
        "string_too_short:empty": kind == "string_too_short" and slots["min_length"] == "1",
        "int_type:text": kind == "int_type" and isinstance(detail["input"], str) and quoted,
        "int_type:word": kind == "int_type" and bool(re.search(r"[^\W\d_]", written)),
        "int_type:boolean": kind == "int_type" and isinstance(detail["input"], bool),
        "bool_type:yes": kind == "bool_type" and written in YES_WORDS,
        "bool_type:no": kind == "bool_type" and written in NO_WORDS,
        "date_type:impossible": kind == "date_type" and WRITTEN_AS_A_DATE.match(written),
    }
    return next((variant for variant, applies in variants.items() if applies), kind)


def _misspelt_fields(model: type[BaseModel], details: list[ErrorDetails]) -> set[Path_]:
    """Missing fields that an unknown key beside them is a misspelling of."""
    found: set[Path_] = set()
    for detail in details:
        if detail["type"] == "extra_forbidden":
            path = tuple(detail["loc"])
            meant = meant_field(model, path)
            if meant is not None:
                found.add((*path[:-1], meant))
    return found


__all__ = [
    "explain",
]
