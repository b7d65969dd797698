"""The budget of untrusted work, unit by unit: the allowance its work charges (time, then
memory), the step it names, and the kernel's limits in a worker's main thread, each put
back as it was. (tests/system/test_budgets.py runs the attacks themselves.)"""

from __future__ import annotations

import resource
import threading
import time

import pytest

from briefgen import untrusted
from briefgen.errors import OverBudget
from briefgen.untrusted import (
    BUILDING,
    LAYING_OUT,
    RENDERING,
    SECONDS,
    Allowance,
    allowance,
    charge,
    limited,
    memory_spent,
    over_budget,
    remaining,
    step,
)


def test_the_message_names_the_step_and_the_budget() -> None:
    slow = over_budget("time", RENDERING)
    assert isinstance(slow, OverBudget)
    assert (slow.resource, slow.step) == ("time", RENDERING)
    assert (
        slow.message
        == f"{RENDERING} took longer than the {SECONDS:g} s that one briefing's work may take"
    )
    large = over_budget("memory", LAYING_OUT)
    assert large.resource == "memory"
    assert "needed more than the 500 MB of memory" in large.message
    assert "simplify" in large.fix


def test_a_charge_past_the_deadline_is_over_budget_in_its_step() -> None:
    spent = Allowance.start(seconds=0.0)
    spent.step = RENDERING
    time.sleep(0.001)

    def charges() -> None:
        for _ in range(untrusted.TIME_CALLS):
            spent.charge()

    with pytest.raises(OverBudget) as raised:
        charges()
    assert (raised.value.resource, raised.value.step) == ("time", RENDERING)


def test_a_charge_within_the_budget_passes() -> None:
    fresh = Allowance.start()
    for _ in range(5 * untrusted.MEASURE_CALLS):
        fresh.charge(10)
    assert 0 < fresh.remaining() <= SECONDS
    assert fresh.spent() >= 0


def test_memory_past_the_budget_is_over_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    grown = Allowance.start()
    monkeypatch.setattr(
        untrusted, "resident_bytes", lambda: grown.resident + untrusted.BUDGET_BYTES + 1
    )
    with pytest.raises(OverBudget) as raised:
        grown.charge(untrusted.MEASURE_BYTES)  # enough made to measure at once
    assert raised.value.resource == "memory"
    assert raised.value.step == BUILDING


def test_the_running_allowance_is_shared_and_ended() -> None:
    assert remaining() == SECONDS, "all of it where none runs"
    charge(10**9)  # none runs: nothing to charge
    with allowance() as outer, allowance() as inner:
        assert inner is outer
        assert remaining() <= SECONDS
    mine = Allowance.start(seconds=5)
    with allowance(mine) as running:
        assert running is mine
        assert remaining() <= 5
    assert remaining() == SECONDS


def test_a_step_is_told_while_it_runs_then_the_one_before() -> None:
    with allowance() as running:
        with step(RENDERING):
            assert running.step == RENDERING
            with step(LAYING_OUT):
                assert running.step == LAYING_OUT
            assert running.step == RENDERING
        assert running.step == BUILDING


def test_running_out_of_memory_in_a_step_is_over_budget_there() -> None:
    with pytest.raises(OverBudget) as raised, step(LAYING_OUT):
        raise MemoryError
    assert (raised.value.resource, raised.value.step) == ("memory", LAYING_OUT)


def test_the_timer_stops_python_work_where_it_stands() -> None:
    started = time.monotonic()

    def busy() -> None:
        with limited(0.05, LAYING_OUT):
            while time.monotonic() - started < 5:
                pass

    with pytest.raises(OverBudget) as raised:  # before the loop would have ended itself
        busy()
    assert (raised.value.resource, raised.value.step) == ("time", LAYING_OUT)


def test_the_limits_are_put_back_as_they_were() -> None:
    kinds = (resource.RLIMIT_CPU, resource.RLIMIT_CORE, resource.RLIMIT_DATA)
    before = [resource.getrlimit(kind) for kind in kinds]
    with limited(5, LAYING_OUT):
        assert resource.getrlimit(resource.RLIMIT_CORE)[0] == 0, "no core file in the project"
        assert resource.getrlimit(resource.RLIMIT_DATA)[0] != resource.RLIM_INFINITY
        assert not memory_spent()
    assert [resource.getrlimit(kind) for kind in kinds] == before
    assert not memory_spent(), "nothing is limited any more"


def test_a_memory_error_under_the_limits_is_over_budget() -> None:
    with pytest.raises(OverBudget) as raised, limited(5, RENDERING):
        raise MemoryError
    assert raised.value.resource == "memory"


def test_other_errors_pass_through_the_limits() -> None:
    with pytest.raises(KeyError), limited(5, RENDERING):
        raise KeyError("x")


def test_outside_the_main_thread_no_limit_is_set() -> None:
    seen: list[tuple[int, int]] = []

    def work() -> None:
        with limited(0.01, RENDERING):
            time.sleep(0.05)  # no timer: not stopped
            seen.append(resource.getrlimit(resource.RLIMIT_DATA))

    before = resource.getrlimit(resource.RLIMIT_DATA)
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(5)
    assert seen == [before]
