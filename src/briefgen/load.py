"""YAML text to a validated model, keeping positions so that every error points at a line.

This is the only module that imports PyYAML. Its safe loader is used, and on
top of it: duplicate keys are errors (PyYAML would silently keep the last one),
aliases and tags are refused (they serve no briefing and enable "billion laughs"),
nesting, the number of values and the file size are bounded (so that no file,
however hostile, costs more than a fraction of a second), text may hold no control
characters, and every mistake of a file is collected before it is reported.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefgen.errors import ContentError, Problem, shorten
from briefgen.model import Briefing

MAX_FILE_BYTES = 1_000_000  # a two-page briefing is a few kilobytes
MAX_DEPTH = 30
# The largest briefing the model allows holds about 750 keys and values (six groups of
# twenty findings, twelve resources, thirty acknowledgements...). PyYAML's pure-Python
# composer costs about 100 µs a value: without a bound, a 1 MB file of short list items
# took 13 s to read (and one of 400,000 flow items 80 s).
MAX_NODES = 2_000
# Characters that are not text: C0 and C1 controls (tab, line feed and carriage return are
# text), lone surrogates (they cannot be written as UTF-8) and the two non-characters that
# XML and HTML forbid. The YAML reader refuses them written raw, but "\x07" or "\ud800"
# in double quotes still makes them.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)

Path_ = tuple[str | int, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Document:
    """Plain data read from YAML, with where each value and key stands in the file."""

    file: Path
    data: Any
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""

    def position(self, path: Path_, *, key: bool = False) -> Position | None:
        """The position of `path`, or of its nearest ancestor that was written."""
        if key and path in self.keys:
            return self.keys[path]
        for length in range(len(path), -1, -1):
            found = self.values.get(path[:length])
            if found is not None:
                return found
        return None

    def locate(self, path: Path_, words: str) -> Position | None:
        """Where `words` stand inside the value at `path`: the line of a sentence in a paragraph.

        YAML folds the lines of a long value together, so the words are matched with any
        run of spaces, line breaks and indentation between them.
        """
        start = self.position(path)
        if start is None:
            return None
        pattern = r"\s+".join(re.escape(word) for word in words.split()[:6])
        lines = self.text.split("\n")
        offset = sum(len(line) + 1 for line in lines[: start.line - 1]) + start.column - 1
        found = re.compile(pattern).search(self.text, offset) if pattern else None
        if found is None:
            return start
        line = self.text.count("\n", 0, found.start()) + 1
        column = found.start() - (self.text.rfind("\n", 0, found.start()) + 1) + 1
        return Position(line, column)


class _YamlProblem(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str, fix: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.fix = mark, message, fix


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing aliases and deep nesting while it composes nodes."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _YamlProblem(
                self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                f"the file holds more than {MAX_NODES:,} values; a briefing has a few hundred",
                "check that this is the briefing you meant, and split a long list",
            )
        if self.check_event(yaml.AliasEvent):
            raise _YamlProblem(
                self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                "aliases (*name) are not allowed in briefgen files",
                "write the value out in full instead of referring to an anchor",
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _YamlProblem(
                self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                f"the content is nested more than {MAX_DEPTH} levels deep",
                "a briefing needs only a few levels; check the indentation",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass(frozen=True)
class Loaded:
    """A valid briefing and the document it came from, for checks that point at lines."""

    briefing: Briefing
    document: Document


def load_briefing(file: Path, display_name: Path | None = None) -> Loaded:
    """Read a briefing file; raise ContentError with every mistake found in it."""
    document = read_yaml(file, display_name)
    return Loaded(validate(Briefing, document), document)


def read_yaml(file: Path, display_name: Path | None = None) -> Document:
    """Read YAML into plain data with positions; syntax errors raise ContentError."""
    shown = display_name or file
    text = _read_text(file, shown)
    loader: _Loader | None = None
    try:
        # The reader checks every character as it is made, so it is made inside the `try`.
        loader = _Loader(text)
        document = Document(shown, None, text=text)
        document.data = _to_python(loader, _single_node(loader), (), document)
        return document
    except _YamlProblem as problem:
        raise ContentError(
            [_problem_at(shown, problem.mark, problem.message, problem.fix)]
        ) from None
    except yaml.MarkedYAMLError as error:
        raise ContentError([_syntax_problem(shown, error)]) from None
    except yaml.YAMLError as error:  # a ReaderError: a character that is not text
        raise ContentError([_reader_problem(shown, text, error)]) from None
    finally:
        if loader is not None:
            loader.dispose()


def _single_node(loader: _Loader) -> Node:
    try:
        node = loader.get_single_node()
    except ValueError as error:
        # PyYAML's scanner calls chr() on a "\U..." escape without checking its range.
        raise _YamlProblem(
            loader.get_mark(),
            f"the text holds an escape that is not a character ({error})",
            "remove the backslash escape (\\U...), or write the character itself",
        ) from None
    if node is None:
        raise _YamlProblem(None, "the file is empty", "start from `briefgen new NAME`")
    return node


def validate(model: type[ModelT], document: Document) -> ModelT:
    """Validate plain data against a model; raise ContentError with every problem."""
    problems = list(document.problems)
    if not isinstance(document.data, dict):
        problems.append(
            Problem(
                document.file,
                "the file must be a set of fields such as `title: ...`, one on each line",
                "start from `briefgen new NAME`, which writes a file to fill in",
                line=1,
                column=1,
            )
        )
        raise ContentError(problems)
    try:
        result = model.model_validate(document.data)
    except ValidationError as error:
        problems.extend(_explain(model, error, document))
        result = None
    if problems:
        raise ContentError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    assert result is not None
    return result


def _read_text(file: Path, shown: Path) -> str:
    raw = _read_bytes(file, shown)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise ContentError(
            [
                Problem(
                    shown,
                    "the file is not UTF-8 text",
                    "save it as UTF-8 in your editor (in Word: Save As, Plain Text, UTF-8)",
                    line=line,
                    column=column,
                )
            ]
        ) from None


def _read_bytes(file: Path, shown: Path) -> bytes:
    """The file's bytes, read only if it is a regular file of a briefing's size.

    A named pipe would block forever and a link to /dev/zero would never end, so the
    file is opened without waiting (O_NONBLOCK: opening a pipe otherwise waits for a
    writer), its kind is checked, and never more than the limit is read.
    """
    try:
        descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(descriptor)
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(status.st_mode):
                raise ContentError(
                    [Problem(shown, "this is not a regular file", "name a .yaml file")]
                )
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ContentError(
            [Problem(shown, "the file does not exist", "check the name and the folder")]
        ) from None
    except IsADirectoryError:
        raise ContentError(
            [Problem(shown, "this is a folder, not a file", "name a .yaml file")]
        ) from None
    except PermissionError:
        raise ContentError(
            [
                Problem(
                    shown,
                    "the file cannot be read: permission denied",
                    "give yourself permission to read it (or ask whoever shared it)",
                )
            ]
        ) from None
    except OSError as error:
        raise ContentError(
            [Problem(shown, f"the file cannot be read: {error.strerror}", "check the disk")]
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        size = max(status.st_size, len(raw))
        raise ContentError(
            [
                Problem(
                    shown,
                    f"the file is {_size_text(size)}; a briefing file is at most "
                    f"{_size_text(MAX_FILE_BYTES)}",
                    "check that this is the briefing you meant; briefings are a few KB",
                )
            ]
        )
    return raw


def _size_text(size: int) -> str:
    if size >= 10_000_000:
        return f"{size // 1_000_000} MB"
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size // 1_000} KB"


def _to_python(loader: _Loader, node: Node, path: Path_, document: Document) -> Any:
    document.values[path] = _position(node.start_mark)
    if node.tag not in ALLOWED_TAGS:
        raise _YamlProblem(
            node.start_mark,
            f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
            "remove the tag (the part starting with !) and write plain text",
        )
    if isinstance(node, ScalarNode):
        return _scalar(loader, node)
    if isinstance(node, SequenceNode):
        return [
            _to_python(loader, child, (*path, index), document)
            for index, child in enumerate(node.value)
        ]
    assert isinstance(node, MappingNode)
    return _mapping_to_python(loader, node, path, document)


def _scalar(loader: _Loader, node: ScalarNode) -> Any:
    """A plain value; one that YAML recognises but Python cannot hold is the user's mistake."""
    try:
        value = loader.construct_object(node)
    except (ValueError, OverflowError) as error:
        raise _unreadable_scalar(node, error) from None
    if isinstance(value, str) and NOT_TEXT.search(value):
        value = _join_surrogate_pairs(value)
    if isinstance(value, str) and (found := NOT_TEXT.search(value)):
        raise _YamlProblem(
            node.start_mark,
            f"the text holds a character that is not text ({_describe_character(found[0])})",
            "remove it; in quoted text, remove the backslash escape that makes it",
        )
    return value


def _join_surrogate_pairs(value: str) -> str:
    """Join escaped UTF-16 pairs: JSON writes 👪 as "\\ud83d\\udc6a", PyYAML keeps two halves."""
    try:
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return value  # a half without its partner stays, and is reported


def _unreadable_scalar(node: ScalarNode, error: Exception) -> _YamlProblem:
    value = shorten(node.value)
    if node.tag.endswith(":timestamp"):
        return _YamlProblem(
            node.start_mark,
            f"`{value}` is written like a date, but there is no such date ({error})",
            "write a real date as YYYY-MM-DD, such as 2020-05-29; if it is text, put it in quotes",
        )
    if node.tag.endswith((":int", ":float")):
        return _YamlProblem(
            node.start_mark,
            f"`{value}` is written like a number, but it is too long to be one",
            "if it is text, put it in quotes; a number in a briefing has a few digits",
        )
    return _YamlProblem(
        node.start_mark,
        f"the value `{value}` cannot be read ({error})",
        "put the value in quotes",
    )


def _describe_character(character: str) -> str:
    """`U+0007, a control character`: the code an editor's search box accepts, and a name."""
    kinds = {"Cc": "a control character", "Cs": "half of a surrogate pair", "Cn": "not a character"}
    name = unicodedata.name(character, "").lower() or kinds.get(
        unicodedata.category(character), "not text"
    )
    return f"U+{ord(character):04X}, {name}"


def _mapping_to_python(
    loader: _Loader, node: MappingNode, path: Path_, document: Document
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _to_python(loader, key_node, (*path, "<key>"), document)
        if not isinstance(key, str):
            raise _YamlProblem(
                key_node.start_mark,
                f"the key {shorten(key)} is not a field name",
                "field names are words such as `title`; put text values after the colon",
            )
        if key in result:
            first = document.keys[(*path, key)]
            document.problems.append(
                _problem_at(
                    document.file,
                    key_node.start_mark,
                    f"`{key}` is given twice (first on line {first.line}); "
                    "only one can be kept, so nothing is kept silently",
                    f"remove one of the two `{key}` lines, or merge them",
                    field=field_path((*path, key)),
                )
            )
            continue
        document.keys[(*path, key)] = _position(key_node.start_mark)
        result[key] = _to_python(loader, value_node, (*path, key), document)
    document.values.pop((*path, "<key>"), None)
    return result


def _position(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _problem_at(
    file: Path, mark: yaml.Mark | None, message: str, fix: str, field: str = ""
) -> Problem:
    if mark is None:
        return Problem(file, message, fix, field=field)
    return Problem(file, message, fix, line=mark.line + 1, column=mark.column + 1, field=field)


# Plain-English versions of PyYAML's syntax errors, matched on its wording.
_SYNTAX = [
    (
        re.compile(r"found character '\\t'"),
        "a tab is used for indentation",
        "YAML needs spaces: replace the tab with spaces (set your editor to insert spaces)",
    ),
    (
        re.compile(r"mapping values are not allowed here"),
        "a colon (:) stands where YAML does not expect one",
        "if the text itself contains ': ', put the whole text in quotes; otherwise check the "
        "indentation of this line",
    ),
    (
        re.compile(r"could not find expected ':'"),
        "a line is missing its colon, or is not indented like the lines around it",
        "write each field as `name: value`, and indent continuation lines",
    ),
    (
        re.compile(r"while scanning a quoted scalar"),
        "a quotation mark is opened but never closed",
        "close the quotes, or remove them",
    ),
    (
        re.compile(r"expected <block end>|did not find expected key|expected <document start>"),
        "the indentation is off: this line does not line up with the fields around it",
        "indent fields of the same group by the same number of spaces",
    ),
    (
        re.compile(r"did not find expected '-' indicator|did not find expected node content"),
        "a list is not written the way YAML expects",
        "start each item of a list on its own line with '- ', indented the same",
    ),
    (
        re.compile(r"while parsing a flow (sequence|mapping)"),
        "a list or group written in brackets is not closed, or holds a character YAML reserves",
        "write each item on its own line starting with '- ' instead of using [ ] or { }",
    ),
    (
        re.compile(r"expected a single document"),
        "the file holds more than one document (a line with ---)",
        "keep one briefing a file; remove the second ---",
    ),
    (
        re.compile(r"found character '(%|@|`)' that cannot start any token"),
        "a value starts with a character YAML reserves",
        "put the whole value in quotes",
    ),
]


def _syntax_problem(file: Path, error: yaml.MarkedYAMLError) -> Problem:
    described = f"{error.context or ''} {error.problem or ''}"
    mark = error.problem_mark or error.context_mark
    if "found character '\\t'" in described and not _starts_its_line(mark):
        # PyYAML ends a plain value at a tab and cannot go on (YAML itself allows it).
        return _problem_at(
            file,
            mark,
            "a tab stands inside the text",
            "replace the tab with a space, or put the whole text in double quotes",
        )
    for pattern, message, fix in _SYNTAX:
        if pattern.search(described):
            return _problem_at(file, mark, message, fix)
    return _problem_at(
        file,
        mark,
        f"the YAML cannot be read: {error.problem or error.context}",
        "compare this line with the example from `briefgen new`",
    )


def _starts_its_line(mark: yaml.Mark | None) -> bool:
    """Whether only white space stands before `mark` on its line (so it is indentation)."""
    buffer = getattr(mark, "buffer", None)
    if mark is None or not isinstance(buffer, str):
        return True
    line_start = buffer.rfind("\n", 0, mark.pointer) + 1
    return not buffer[line_start : mark.pointer].strip()


def _reader_problem(file: Path, text: str, error: yaml.YAMLError) -> Problem:
    position = getattr(error, "position", None)
    if isinstance(position, int):
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
    else:
        line = column = None  # type: ignore[assignment]
    character = getattr(error, "character", None)  # PyYAML gives the code point, an int
    if isinstance(character, str) and character:
        character = ord(character)
    code = _describe_character(chr(character)) if isinstance(character, int) else "?"
    return Problem(
        file,
        f"the file contains a character that is not text ({code})",
        "delete the character, or save the file again as UTF-8 text",
        line=line,
        column=column,
    )


def field_path(path: Path_) -> str:
    """A path as auditors read and write it: names and 1-based numbers, `findings.2.items.3`."""
    return ".".join(str(part + 1) if isinstance(part, int) else part for part in path)


def _explain(
    model: type[BaseModel], error: ValidationError, document: Document
) -> Iterator[Problem]:
    details = error.errors(include_url=False)
    misspelt = _misspelt_fields(model, details)
    for detail in details:
        path = tuple(detail["loc"])
        if detail["type"] == "missing" and path in misspelt:
            continue  # the unknown key beside it says "did you mean ...?"
        is_key = detail["type"] == "extra_forbidden"
        position = document.position(path, key=is_key)
        message, fix = _explain_one(model, detail)
        value = None if detail["type"] == "missing" else shorten(detail["input"])
        yield Problem(
            document.file,
            message,
            fix,
            line=position.line if position else None,
            column=position.column if position else None,
            field=field_path(path),
            value=value,
        )


def _misspelt_fields(model: type[BaseModel], details: list[ErrorDetails]) -> set[Path_]:
    """Missing fields that an unknown key beside them is a misspelling of."""
    found: set[Path_] = set()
    for detail in details:
        if detail["type"] == "extra_forbidden":
            path = tuple(detail["loc"])
            allowed = _allowed_keys(model, path[:-1])
            for close in difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.6):
                found.add((*path[:-1], close))
    return found


def _explain_one(model: type[BaseModel], detail: ErrorDetails) -> tuple[str, str]:
    """One pydantic error in plain English: what is wrong and how to fix it."""
    path = tuple(detail["loc"])
    name = next((str(part) for part in reversed(path) if isinstance(part, str)), "value")
    kind = detail["type"]
    context: Mapping[str, Any] = detail.get("ctx") or {}
    example = _example_for(model, path)
    shown = f"`{name}: {example}`" if example else f"`{name}: ...`"
    if kind == "missing":
        return f"`{name}` is missing", f"add {shown}"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, path[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        if close:
            return f"unknown field `{name}`", f"did you mean `{close[0]}`?"
        return f"unknown field `{name}`", "remove it, or use one of: " + ", ".join(allowed)
    if kind == "enum":
        return (
            f"`{shorten(detail['input'])}` is not one of the allowed values of `{name}`",
            "use one of: "
            + str(context.get("expected", "")).replace("'", "").replace(" or ", ", "),
        )
    if kind in ("string_type", "str_type"):
        return (
            f"`{name}` should be text",
            f"write text, in quotes if it starts with a number: {shown}",
        )
    if kind == "string_too_short" and context.get("min_length", 1) > 1:
        return (
            f"`{name}` is too short (at least {context['min_length']} characters)",
            "write it out in a full sentence",
        )
    if kind == "string_too_short":
        return f"`{name}` is empty", f"write some text, or remove `{name}` if it is optional"
    if kind == "string_too_long":
        return (
            f"`{name}` is too long (at most {context.get('max_length')} characters)",
            "shorten it; a briefing is read in two minutes",
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"`{name}` should be a whole number", f"write a number without quotes: {shown}"
    if kind in ("float_type", "float_parsing"):
        return f"`{name}` should be a number", f"write a number without quotes or %: {shown}"
    if kind in ("list_type", "tuple_type"):
        return (
            f"`{name}` should be a list",
            f"write each item on its own line under `{name}:`, starting with '- '",
        )
    if kind == "too_short":
        least = context.get("min_length")
        return (
            f"`{name}` needs at least {least} item{'s' if least != 1 else ''}",
            "add the missing items",
        )
    if kind == "too_long":
        return (
            f"`{name}` has more than {context.get('max_length')} items",
            "keep the most important ones",
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return (
            f"`{name}` should be a group of fields",
            f"write the fields of `{name}` indented under it, one `field: value` a line",
        )
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"`{name}` should be a date", "write it as YYYY-MM-DD, for example 2020-05-01"
    if kind == "url_scheme":
        return (
            f"`{name}` must start with https://, http://, mailto: or tel:",
            "copy the full address from the browser's address bar",
        )
    if kind.startswith("url"):
        return f"`{name}` is not a web address", "copy the full address, starting with https://"
    if kind in ("greater_than_equal", "greater_than"):
        return (
            f"`{name}` must be at least {context.get('ge', context.get('gt'))}",
            "correct the number",
        )
    if kind in ("less_than_equal", "less_than"):
        return (
            f"`{name}` must be at most {context.get('le', context.get('lt'))}",
            "correct the number",
        )
    if kind == "bool_type" or kind == "bool_parsing":
        return f"`{name}` should be yes or no", f"write `{name}: true` or `{name}: false`"
    if kind == "value_error":
        reason = str(context.get("error", detail["msg"]))
        message, _, fix = reason.partition("; ")
        return message, fix or "correct the value"
    return detail["msg"], "compare with the example from `briefgen new`"


def _model_at(model: type[BaseModel], path: Path_) -> type[BaseModel] | None:
    """The model class that holds the field at `path`, following lists and nested models."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _allowed_keys(model: type[BaseModel], path: Path_) -> list[str]:
    holder = _model_at(model, path)
    return list(holder.model_fields) if holder else []


def _example_for(model: type[BaseModel], path: Path_) -> str:
    names = [part for part in path if isinstance(part, str)]
    if not names:
        return ""
    holder = _model_at(model, path[: max(i for i, p in enumerate(path) if isinstance(p, str))])
    info = holder.model_fields.get(names[-1]) if holder else None
    if info is None or not info.examples:
        return ""
    example = info.examples[0]
    if isinstance(example, Sequence) and not isinstance(example, str):
        return ""
    if isinstance(example, Enum):
        example = example.value
    return f'"{example}"' if isinstance(example, str) and ":" in example else str(example)
