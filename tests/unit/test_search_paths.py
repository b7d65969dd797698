"""The dynamic linker's search paths without an entry it would read against the current
folder (the project), and the current folder moved away from the project while a library
loads. (tests/system/test_search_paths.py plants real libraries; these are the rules.)"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.search_paths import (
    PRELOADS,
    SEARCH_PATHS,
    away_from_the_project,
    restart_without_relative_paths,
    without_relative_entries,
)


def test_empty_and_relative_entries_are_dropped_absolute_ones_kept() -> None:
    cleaned = without_relative_entries(
        {"LD_LIBRARY_PATH": ":/usr/lib::lib:./x:/opt/lib:", "HOME": "/home/a"}
    )
    assert cleaned == {"LD_LIBRARY_PATH": "/usr/lib:/opt/lib", "HOME": "/home/a"}


def test_a_variable_left_with_no_entry_is_left_out() -> None:
    for name in SEARCH_PATHS:
        assert without_relative_entries({name: ".:lib:"}) == {}
    assert without_relative_entries({"PATH": ".:bin"}) == {"PATH": ".:bin"}, "not the linker's"


def test_a_preload_keeps_bare_names_and_absolute_paths_only() -> None:
    environment = {"LD_PRELOAD": "libfast.so ./evil.so /usr/lib/libok.so:lib/x.so"}
    assert without_relative_entries(environment) == {"LD_PRELOAD": "libfast.so:/usr/lib/libok.so"}
    assert without_relative_entries({"DYLD_INSERT_LIBRARIES": "a/b.dylib:c.dylib"}) == {
        "DYLD_INSERT_LIBRARIES": "c.dylib"
    }
    assert set(PRELOADS) == {"LD_PRELOAD", "DYLD_INSERT_LIBRARIES"}


ENTRY = st.text(alphabet="/.:ab ", max_size=12)


@given(st.sampled_from([*SEARCH_PATHS, *PRELOADS]), st.lists(ENTRY, max_size=5))
def test_no_entry_left_is_read_against_the_current_folder(name: str, entries: list[str]) -> None:
    cleaned = without_relative_entries({name: ":".join(entries)})
    separators = " :" if name == "LD_PRELOAD" else ":"
    value = cleaned.get(name, "")
    for separator in separators[1:]:
        value = value.replace(separator, ":")
    for entry in value.split(":") if name in cleaned else []:
        assert entry, "no empty entry"
        assert entry.startswith("/") or (name in PRELOADS and "/" not in entry)
    assert without_relative_entries(cleaned) == cleaned, "cleaning twice changes nothing"


def test_a_clean_environment_is_not_restarted(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*SEARCH_PATHS, *PRELOADS):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/usr/lib")

    def no_exec(*arguments: object) -> None:
        raise AssertionError("restarted a clean command")

    monkeypatch.setattr(os, "execve", no_exec)
    restart_without_relative_paths()
    assert os.environ["LD_LIBRARY_PATH"] == "/usr/lib"


def test_where_it_cannot_restart_the_children_go_without(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", ":/usr/lib:lib")
    monkeypatch.setenv("DYLD_LIBRARY_PATH", ".")
    started: list[dict[str, str]] = []

    def failed_exec(path: str, arguments: list[str], environment: dict[str, str]) -> None:
        started.append(environment)
        raise OSError("no exec here")

    monkeypatch.setattr(os, "execve", failed_exec)
    restart_without_relative_paths()
    assert started
    assert started[0]["LD_LIBRARY_PATH"] == "/usr/lib"
    assert os.environ["LD_LIBRARY_PATH"] == "/usr/lib"
    assert "DYLD_LIBRARY_PATH" not in os.environ


def test_away_from_the_project_is_the_root_and_back(tmp_path: Path) -> None:
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        with away_from_the_project():
            assert Path.cwd() == Path("/")
        assert Path.cwd() == tmp_path
    finally:
        os.chdir(before)


def test_the_folder_comes_back_after_an_error_and_by_its_handle(tmp_path: Path) -> None:
    """The folder is held open: renamed meanwhile, it is still the one gone back to."""
    before = Path.cwd()
    folder = tmp_path / "project"
    folder.mkdir()
    os.chdir(folder)
    try:

        def rename_then_fail() -> None:
            with away_from_the_project():
                folder.rename(tmp_path / "renamed")
                raise RuntimeError

        with pytest.raises(RuntimeError):
            rename_then_fail()
        assert Path.cwd() == tmp_path / "renamed"
    finally:
        os.chdir(before)


def test_one_thread_at_a_time_moves_the_current_folder() -> None:
    inside = threading.Event()
    order: list[str] = []

    def other() -> None:
        inside.wait(5)
        with away_from_the_project():
            order.append("other")

    thread = threading.Thread(target=other)
    thread.start()
    with away_from_the_project():
        inside.set()
        thread.join(0.05)
        order.append("first")
    thread.join(5)
    assert order == ["first", "other"]
