"""Compiled templates kept between builds, in the user's own folder, through the gate.

Jinja compiles each template to Python before it renders it: parsing, briefgen's bounds
woven in (briefgen.render.sandbox), then Python's compiler. A build of one briefing uses
about fifty templates, and compiling them took a tenth of a second of every command, the
same work each time for templates that had not changed. Jinja's public `BytecodeCache`
keeps the compiled code and gives it back only while the template's source is the same
(it compares a checksum of the source with the one it stored): a changed template, the
project's or the theme's, is compiled again.

The cache lives where Jinja's own `FileSystemBytecodeCache` puts it: a folder of the
temporary folder that only this user may enter (Jinja makes it with mode 0700 and refuses
one another user made), never in the project, whose files come from other people. Its
files are read and written through the gate: read only from that folder, never through a
link, and bounded in size. Each file's name carries a fingerprint of everything that
decides the compiled code besides the source (briefgen's version and bounds, Jinja's and
Python's versions, the environment's settings), so that an upgrade never runs code
compiled by another version. Anything amiss (no safe folder, a file that cannot be read
or written) only costs the compile: a cache never fails a build. The `template_cache`
fast path (briefgen.fast_paths) switches it off.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import types
from collections.abc import Iterable
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from briefgen import __version__, fast_paths
from briefgen.errors import BriefgenError
from briefgen.gate import COMPILED_TEMPLATE, Refused, fetch_bytes, write_atomically

# The environment's settings that change what a template compiles to.
_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "newstyle_gettext",  # the i18n extension reads it as it compiles a {% trans %}
)


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, its files read and written by the gate."""

    def load_bytecode(self, bucket: Bucket) -> None:
        path = self.file_of(bucket)
        try:
            data = fetch_bytes(path, COMPILED_TEMPLATE, within=[Path(self.directory)])
        except Refused:
            return  # not there yet, or not a file the gate would read: compiled again
        bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            write_atomically(self.file_of(bucket), bucket.bytecode_to_string())
        except BriefgenError:
            return  # a full disk or a folder taken away costs the next build its compile

    def file_of(self, bucket: Bucket) -> Path:
        return Path(self.directory) / (self.pattern % bucket.key)


def template_cache(
    environment: jinja2.Environment, code: Iterable[object]
) -> jinja2.BytecodeCache | None:
    """The cache for `environment`'s templates, whose compiling `code` (functions, classes)
    also shapes; None where it is switched off or no safe folder can be had."""
    if not fast_paths.allowed("template_cache"):
        return None
    pattern = f"__briefgen_{fingerprint(environment, code)}_%s.cache"
    try:
        return CompiledTemplates(pattern=pattern)
    except (RuntimeError, OSError):  # Jinja found no folder only this user can write
        return None


def private_folder() -> Path | None:
    """The folder of the temporary folder Jinja keeps for this user alone (mode 0700, made
    by Jinja and refused if another user made it); None where there is none to be had.
    Other results worth keeping between builds live there too (briefgen.render.verdicts)."""
    if not fast_paths.allowed("template_cache"):
        return None
    try:
        return Path(jinja2.FileSystemBytecodeCache().directory)
    except (RuntimeError, OSError):
        return None


def fingerprint(environment: jinja2.Environment, code: Iterable[object]) -> str:
    """What decides a template's compiled code besides its source, as a short hash."""
    digest = hashlib.sha256()
    for part in (__version__, jinja2.__version__, importlib.util.MAGIC_NUMBER.hex()):
        digest.update(f"{part}\0".encode())
    for name in _SETTINGS:
        digest.update(f"{name}={getattr(environment, name, None)!r}\0".encode())
    for names in (environment.extensions, environment.filters, environment.tests):
        digest.update(("\0".join(sorted(names)) + "\0").encode())
    for item in (environment.autoescape, *code):
        for function in _functions(item):
            digest.update(marshal.dumps(function.__code__))
            cells = function.__closure__ or ()  # select_autoescape's extensions
            digest.update(repr([cell.cell_contents for cell in cells]).encode())
    return digest.hexdigest()[:20]


def _functions(item: object) -> list[types.FunctionType]:
    """The functions of a class (its own, in the order they are written), or the function."""
    if isinstance(item, type):
        return [value for value in vars(item).values() if isinstance(value, types.FunctionType)]
    return [item] if isinstance(item, types.FunctionType) else []


__all__ = [
    "CompiledTemplates",
    "fingerprint",
    "private_folder",
    "template_cache",
]
