"""YAML text to plain data, read as YAML 1.2, keeping where each value stands in the file.

This is the only module that imports PyYAML. Its safe loader is used, and on top of it:

- values are read as YAML 1.2 (the core schema), as editors' YAML support reads them:
  only `true` and `false` are booleans (`yes`, `no`, `on` and `off` are text), `017` is
  seventeen, `1:20` is text, and there are no implicit dates (`2020-05-01` stays text
  until the model reads it as a date). PyYAML alone reads YAML 1.1, so `fit: yes` would
  pass `briefgen check` while the editor underlines it;
- duplicate keys are errors (PyYAML would silently keep the last one);
- aliases and tags are refused (they serve no briefing and enable "billion laughs");
- nesting and the number of values are bounded (so that no file, however hostile,
  costs more than a fraction of a second), and text may hold no control characters
  and no bidirectional controls (which would make the published words read otherwise
  than the reviewed ones);
- every mistake of a file is collected before it is reported.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from briefgen.errors import ContentError, Problem, Severity, shorten
from briefgen.gate import BRIEFING, Kind, read_text
from briefgen.positions import Position, offset_at, position_at

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
# Bidirectional controls (embeddings, overrides, isolates and marks) reorder how text is
# shown: pasted in, they make the published words read otherwise than the reviewed ones.
BIDI_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A character reference, numeric or named, as HTML (and so Markdown) reads one: bounded, so
# each `&` costs a bounded scan. Which character it stands for is asked of html.unescape.
BIDI_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z][A-Za-z0-9]{1,31});")
ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
MAX_DIGITS = 100  # a number in a briefing has a few digits; Python refuses over 4,300

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """Plain data read from YAML, with where each value and key stands in the file."""

    file: Path
    data: Any
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""
    quoted: set[Path_] = field(default_factory=set)  # the values written in quotes
    # Where a snippet's data stands in this one (`include: snippets/NAME.yaml`), and its
    # document: a mistake in it is told at the snippet's own file and line.
    includes: dict[Path_, Document] = field(default_factory=dict)

    def source(self, path: Path_) -> tuple[Document, Path_]:
        """The document `path` was written in, and its path there: a snippet's, for a value
        included from one; else this one."""
        for start, snippet in self.includes.items():
            if path[: len(start)] == start:
                return snippet, path[len(start) :]
        return self, path

    def position(self, path: Path_, *, key: bool = False) -> Position | None:
        """The position of `path`, or of its nearest ancestor that was written."""
        if key and path in self.keys:
            return self.keys[path]
        for length in range(len(path), -1, -1):
            found = self.values.get(path[:length])
            if found is not None:
                return found
        return None

    def problem(
        self,
        path: Path_,
        message: str,
        fix: str,
        *,
        words: str | None = None,
        value: str | None = None,
        severity: Severity = "error",
        check: str = "",
    ) -> Problem:
        """A mistake at `path`, told where it was written: in a snippet's own file for a value
        included from one; at the line and column of `words` inside the value where they are
        given (a sentence of a paragraph), else of the value or its nearest written ancestor;
        with the field's path as auditors write it."""
        document, inner = self.source(path)
        position = document.locate(inner, words) if words else document.position(inner)
        return Problem(
            document.file,
            message,
            fix,
            line=position.line if position else None,
            column=position.column if position else None,
            field=field_path(inner),
            value=value,
            severity=severity,
            check=check,
        )

    def locate(self, path: Path_, words: str) -> Position | None:
        """Where `words` stand inside the value at `path`: the line of a sentence in a paragraph.

        YAML folds the lines of a long value together, so the words are matched with any
        run of spaces, line breaks and indentation between them.
        """
        start = self.position(path)
        if start is None:
            return None
        pattern = r"\s+".join(re.escape(word) for word in words.split()[:6])
        offset = offset_at(self.text, start)
        found = re.compile(pattern).search(self.text, offset) if pattern else None
        return start if found is None else position_at(self.text, found.start())


class _YamlProblem(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str, fix: str, field: str = "") -> None:
        super().__init__(message)
        self.mark, self.message, self.fix, self.field = mark, message, fix, field


class _Core12Resolver(BaseResolver):
    """YAML 1.2's core schema: which plain values are booleans, numbers and nulls.

    The patterns are the YAML 1.2 specification's (section 10.3.2), as the `yaml`
    library behind yaml-language-server writes them. PyYAML's own resolver is YAML 1.1's.
    The merge key `<<` is still recognised, so that it is refused rather than read as text
    (the editor would merge it).
    """


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("merge", r"^<<$", "<"),
):
    _Core12Resolver.add_implicit_resolver(
        "tag:yaml.org,2002:" + _tag, re.compile(_pattern), list(_first)
    )


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader reading YAML 1.2, refusing aliases and deep nesting as it composes."""

    yaml_implicit_resolvers = _Core12Resolver.yaml_implicit_resolvers

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


def _construct_bool(_loader: _Loader, node: ScalarNode) -> bool:
    text = str(node.value).lower()
    if text not in ("true", "false"):
        raise ValueError("only true and false are booleans")
    return text == "true"


def _construct_int(_loader: _Loader, node: ScalarNode) -> int:
    """Decimal, `0o` octal or `0x` hexadecimal: `017` is seventeen (YAML 1.1 read it as 15)."""
    text = str(node.value)
    if len(text) > MAX_DIGITS:
        raise OverflowError("too long")
    if text.startswith(("0o", "0x")):
        return int(text, 0)
    return int(text, 10)


def _construct_float(_loader: _Loader, node: ScalarNode) -> float:
    text = str(node.value).lower()
    if len(text) > MAX_DIGITS:
        raise OverflowError("too long")
    if text.lstrip("+-") == ".inf":
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    return float(text)


_Loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


class _Dumper(yaml.SafeDumper):
    """Writes YAML 1.2 as an auditor does: `2020-05-01` and `yes` unquoted, lists indented."""

    yaml_implicit_resolvers = _Core12Resolver.yaml_implicit_resolvers

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: ARG002
        super().increase_indent(flow, indentless=False)  # lists indented under their key too


def dump_yaml(data: Any) -> str:
    """`data` as block YAML: the fixes that show content show it as the file would hold it."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )


def dump_flow(data: Any) -> str:
    """`data` on one line, as YAML writes it: `[Good practice.]`, not Python's `['...']`."""
    try:
        text = yaml.dump(
            data, Dumper=_Dumper, default_flow_style=True, allow_unicode=True, width=1e9
        )
    except yaml.representer.RepresenterError:  # not plain data: no YAML spelling
        return str(data)
    return text.removesuffix("\n...\n").strip()


def read_yaml(
    file: Path,
    display_name: Path | None = None,
    kind: Kind = BRIEFING,
    within: Sequence[Path] | None = None,
) -> Document:
    """Read YAML into plain data with positions; syntax errors raise ContentError. The file
    is read through the gate: as a file of `kind`, whose real path lies `within` those
    folders (by default the project it is named in, and the built-in theme)."""
    shown = display_name or file
    text = read_text(file, kind, within, shown=display_name)
    loader: _Loader | None = None
    try:
        # The reader checks every character as it is made, so it is made inside the `try`.
        loader = _Loader(text)
        document = Document(shown, None, text=text)
        document.data = _to_python(loader, _single_node(loader), (), document)
        return document
    except _YamlProblem as problem:
        raise ContentError(
            [_problem_at(shown, problem.mark, problem.message, problem.fix, problem.field)]
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


def _to_python(loader: _Loader, node: Node, path: Path_, document: Document) -> Any:
    document.values[path] = _position(node.start_mark)
    if node.tag not in ALLOWED_TAGS:
        raise _YamlProblem(
            node.start_mark,
            f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
            "remove the tag (the part starting with !) and write plain text",
        )
    if isinstance(node, ScalarNode):
        if node.style in ("'", '"'):
            document.quoted.add(path)
        return _refuse_bidi_controls(loader, node, path, _scalar(loader, node))
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


def _refuse_bidi_controls(loader: _Loader, node: ScalarNode, path: Path_, value: Any) -> Any:
    """A build never publishes a character that reorders how the text around it is shown:
    written as itself, as a YAML escape, or as a character reference (`&#x202E;`, `&rlm;`),
    which the Markdown of every text field decodes into the character."""
    if not isinstance(value, str):
        return value
    found = BIDI_CONTROL.search(value)
    if found is None:
        for reference in BIDI_REFERENCE.finditer(value):
            _refuse_bidi_reference(loader, node, path, reference[0])
        return value
    mark = node.start_mark
    written = loader.buffer.find(found[0], mark.index, node.end_mark.index)
    if written >= 0:  # written as itself, not as an escape: point at it
        found_at = position_at(loader.buffer, written)
        mark = yaml.Mark(mark.name, written, found_at.line - 1, found_at.column - 1, None, 0)
    raise _YamlProblem(
        mark,
        f"the text holds an invisible character that changes the direction of the text around "
        f"it ({_describe_character(found[0])}): the published words could read otherwise than "
        "the words reviewed",
        f"delete it: search for U+{ord(found[0]):04X} in your editor, or retype the words around "
        "it; text pasted from Word or a web page is safest pasted as plain text",
        field_path(path),
    )


def _refuse_bidi_reference(loader: _Loader, node: ScalarNode, path: Path_, written: str) -> None:
    control = html.unescape(written)
    if not BIDI_CONTROL.fullmatch(control):
        return  # a reference to some other character
    at = loader.buffer.find(written, node.start_mark.index, node.end_mark.index)
    mark = node.start_mark
    if at >= 0:
        found_at = position_at(loader.buffer, at)
        mark = yaml.Mark(mark.name, at, found_at.line - 1, found_at.column - 1, None, 0)
    raise _YamlProblem(
        mark,
        f"the text holds {written}, a reference to an invisible character that changes the "
        f"direction of the text around it ({_describe_character(control)}): the published "
        "words could read otherwise than the words reviewed",
        f"delete {written}",
        field_path(path),
    )


def _join_surrogate_pairs(value: str) -> str:
    """Join escaped UTF-16 pairs: JSON writes 👪 as "\\ud83d\\udc6a", PyYAML keeps two halves."""
    try:
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return value  # a half without its partner stays, and is reported


def _unreadable_scalar(node: ScalarNode, error: Exception) -> _YamlProblem:
    """A value written with a type (a number, a boolean) that it cannot be."""
    value = shorten(node.value)
    if isinstance(error, OverflowError):
        return _YamlProblem(
            node.start_mark,
            f"`{value}` is written like a number, but it is too long to be one",
            "if it is text, put it in quotes; a number in a briefing has a few digits",
        )
    kind = node.tag.rpartition(":")[2]
    described = {"int": "a whole number", "float": "a number", "bool": "true or false"}
    return _YamlProblem(
        node.start_mark,
        f"`{value}` is tagged as {described.get(kind, kind)}, but it cannot be read as one",
        "remove the tag (the part starting with !!), and put text in quotes",
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


# Plain-English versions of PyYAML's syntax errors, matched on the wording of its pure-Python
# parser (the one briefgen reads with; libyaml words them otherwise). PyYAML is held to its
# major version (pyproject.toml), and tests/test_yaml_reader.py gives each pattern a file
# that must still meet it, so a reworded message fails a test, not a user.
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
        re.compile(r"expected <block end>|expected '<document start>'"),
        "the indentation is off: this line does not line up with the fields around it",
        "indent fields of the same group by the same number of spaces",
    ),
    (
        re.compile(r"sequence entries are not allowed here|expected the node content"),
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
    offset = getattr(error, "position", None)
    found_at = position_at(text, offset) if isinstance(offset, int) else None
    character = getattr(error, "character", None)  # PyYAML gives the code point, an int
    if isinstance(character, str) and character:
        character = ord(character)
    code = _describe_character(chr(character)) if isinstance(character, int) else "?"
    return Problem(
        file,
        f"the file contains a character that is not text ({code})",
        "delete the character, or save the file again as UTF-8 text",
        line=found_at.line if found_at else None,
        column=found_at.column if found_at else None,
    )


def field_path(path: Path_) -> str:
    """A path as auditors read and write it: names and 1-based numbers, `findings.2.items.3`."""
    return ".".join(str(part + 1) if isinstance(part, int) else part for part in path)


__all__ = [
    "Document",
    "Path_",
    "dump_flow",
    "dump_yaml",
    "field_path",
    "read_yaml",
]
