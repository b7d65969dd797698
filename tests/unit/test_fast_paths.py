"""The switch that turns a system's fast paths off: BRIEFGEN_NO_FAST_PATHS, a comma-separated
list of names, read afresh each time it is asked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.fast_paths import SWITCH, allowed

NAMES = ("prctl", "fork", "ldconfig", "nofollow", "subsetter")


def test_every_fast_path_is_allowed_unless_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SWITCH, raising=False)
    assert all(allowed(name) for name in NAMES)
    monkeypatch.setenv(SWITCH, "")
    assert all(allowed(name) for name in NAMES)


def test_the_switch_is_read_afresh_and_spaces_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SWITCH, "prctl, fork ,")
    assert not allowed("prctl")
    assert not allowed("fork")
    assert allowed("ldconfig")
    monkeypatch.setenv(SWITCH, "ldconfig")
    assert allowed("prctl")
    assert not allowed("ldconfig")


def test_a_name_must_match_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SWITCH, "nofollowing,sub")
    assert allowed("nofollow")
    assert allowed("subsetter")


@given(st.lists(st.sampled_from(NAMES), unique=True))
def test_exactly_the_names_listed_are_switched_off(off: list[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SWITCH, ",".join(off))
        assert {name for name in NAMES if not allowed(name)} == set(off)
