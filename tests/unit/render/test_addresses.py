"""An address read as a browser reads it: spaces and controls around it stripped, tabs and
line breaks inside it removed, before its scheme is looked for; `\\\\host` is another host;
a `data:` URI's media type and bytes as the Fetch standard reads them."""

from __future__ import annotations

import base64

from hypothesis import given
from hypothesis import strategies as st

from briefgen.render.addresses import (
    DataUri,
    as_browsers_read,
    data_uri,
    is_scheme_relative,
    scheme_of,
)


def test_spaces_and_controls_around_and_breaks_inside_are_dropped() -> None:
    assert as_browsers_read(" \x00\x1f https://a.example/\n ") == "https://a.example/"
    assert as_browsers_read("java\tscr\nipt\r:alert(1)") == "javascript:alert(1)"
    assert as_browsers_read("a b") == "a b", "a space inside stays"


def test_the_scheme_is_the_one_a_browser_finds() -> None:
    assert scheme_of("  JaVa\tScript:alert(1)") == "javascript"
    assert scheme_of("https://example.org") == "https"
    assert scheme_of("mailto:a@example.org") == "mailto"
    assert scheme_of("web+app:x") == "web+app"
    for relative in ("page.html", "./a:b", "/path", "#top", "1http:x", "", "?q=a:b"):
        assert scheme_of(relative) is None, relative


def test_two_slashes_of_either_kind_are_another_host() -> None:
    for address in ("//evil.example/x", "\\\\evil.example", "/\\evil.example", " \t//x"):
        assert is_scheme_relative(address), address
    for address in ("/path", "path//x", "https://example.org", "./x"):
        assert not is_scheme_relative(address), address


def test_a_data_uri_has_its_media_type_and_bytes() -> None:
    encoded = base64.b64encode(b"<svg/>").decode()
    found = data_uri(f" DATA:Image/SVG+XML;charset=utf-8;base64,{encoded}")
    assert found == DataUri("image/svg+xml", encoded, is_base64=True)
    assert found.payload() == b"<svg/>"
    plain = data_uri("data:,Hello%2C%20world")
    assert plain == DataUri("text/plain", "Hello%2C%20world", is_base64=False)
    assert plain.payload() == b"Hello, world"
    assert data_uri("https://example.org/data:,x") is None


def test_base64_with_spaces_decodes_and_damaged_base64_is_none() -> None:
    assert data_uri("data:image/png;base64,iVBO Rw0K") is not None
    spaced = data_uri("data:image/png;base64,aGVs bG8=")
    assert spaced is not None
    assert spaced.payload() == b"hello"
    damaged = data_uri("data:image/png;base64,a$$=")
    assert damaged is not None
    assert damaged.payload() is None


@given(st.text(max_size=40))
def test_reading_twice_changes_nothing(address: str) -> None:
    once = as_browsers_read(address)
    assert as_browsers_read(once) == once
    assert scheme_of(once) == scheme_of(address)
    assert not any(character in once for character in "\t\n\r")


@given(st.binary(max_size=100), st.sampled_from(["image/png", "image/svg+xml", "text/css"]))
def test_any_bytes_come_back_from_a_data_uri(data: bytes, media_type: str) -> None:
    encoded = base64.b64encode(data).decode()
    found = data_uri(f"data:{media_type};base64,{encoded}")
    assert found is not None
    assert found.media_type == media_type
    assert found.payload() == data
