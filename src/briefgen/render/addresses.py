"""An address in a web output or an SVG, read as a browser reads it.

A browser ignores spaces and control characters around an address and removes tabs and
line breaks inside it before it looks for the scheme, so `java&#9;script:` is a
`javascript:` link once the entity is decoded; and it reads `\\\\host` as `//host`. The
checks judge an address by the scheme and the media type a browser would find, never by
the text as written.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

# What the URL standard strips around an address, and removes inside it.
_AROUND = "".join(chr(code) for code in range(0x21))
_INSIDE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_TWO_SLASHES = re.compile(r"[/\\]{2}")


def as_browsers_read(address: str) -> str:
    """`address` as a browser parses it: no spaces or controls around it, no tab or line
    break inside it."""
    return _INSIDE.sub("", address.strip(_AROUND))


def scheme_of(address: str) -> str | None:
    """The scheme, lower-cased, of an address as browsers read it; None for a relative one."""
    match = _SCHEME.match(as_browsers_read(address))
    return match.group(1).lower() if match else None


def is_scheme_relative(address: str) -> bool:
    """`//host/path`: another host, reached by the page's own scheme. A browser reads a
    backslash there as a slash (`\\\\host`, `/\\host`)."""
    return _TWO_SLASHES.match(as_browsers_read(address)) is not None


@dataclass(frozen=True)
class DataUri:
    """A `data:` URI: its media type (lower-case, without parameters) and its bytes."""

    media_type: str
    encoded: str
    is_base64: bool

    def payload(self) -> bytes | None:
        """The bytes it carries, or None if its base64 is damaged."""
        if not self.is_base64:
            return unquote_to_bytes(self.encoded)
        try:
            return base64.b64decode("".join(self.encoded.split()), validate=True)
        except (binascii.Error, ValueError):
            return None


def data_uri(address: str) -> DataUri | None:
    """`address` as a `data:` URI, or None if it is not one. A missing media type is
    `text/plain`, as the Fetch standard has it."""
    if scheme_of(address) != "data":
        return None
    header, _, encoded = as_browsers_read(address).partition(",")
    media_type, *parameters = header[len("data:") :].split(";")
    is_base64 = bool(parameters) and parameters[-1].strip().lower() == "base64"
    return DataUri(media_type.strip().lower() or "text/plain", encoded, is_base64)


__all__ = [
    "DataUri",
    "as_browsers_read",
    "data_uri",
    "is_scheme_relative",
    "scheme_of",
]
