"""cjm.shards: items opened once on every core and kept there for the calls that follow.

What a user relies on through ``cjm data import``: the same answers with one process or
several, every item's state kept where it was opened, and a worker that fails or dies turns
into one clear error, never a hang or a half-written result.
"""

from __future__ import annotations

import os
import signal
from typing import Any

import pytest

from cjm.shards import MIN_ITEMS, ShardError, Shards, _deal


def _open(item: int) -> tuple[dict[str, Any], tuple[int, int]]:
    return {"item": item, "calls": 0}, (item, os.getpid())


def _bump(state: dict[str, Any], by: int) -> tuple[int, int, int]:
    state["calls"] += 1
    return state["item"] * by, state["calls"], os.getpid()


def _fail_on_seven(state: dict[str, Any], _arg: None) -> int:
    if state["item"] == 7:
        raise ValueError("item seven is broken")
    return state["item"]


def _die(state: dict[str, Any], _arg: None) -> int:
    if state["item"] == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return state["item"]


ITEMS = list(range(MIN_ITEMS + 6))


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_answers_are_the_same_on_any_number_of_processes(jobs: int) -> None:
    with Shards(ITEMS, _open, jobs) as shards:
        assert [answer[0] for answer in shards.opened] == ITEMS
        first = shards.call(_bump, {n: 10 for n in ITEMS})
        second = shards.call(_bump, {n: 1 for n in ITEMS if n % 2})
    assert {n: v[0] for n, v in first.items()} == {n: n * 10 for n in ITEMS}
    # the state opened for an item is the one each later call sees: its call count goes up
    assert {n: v[1] for n, v in second.items()} == {n: 2 for n in ITEMS if n % 2}
    # and it is kept in the process that opened it
    opened_in = {n: answer[1] for n, answer in enumerate(shards.opened)}
    assert all(first[n][2] == opened_in[n] for n in ITEMS)
    assert len(set(opened_in.values())) == (1 if jobs == 1 else jobs)
    if jobs == 1:
        assert set(opened_in.values()) == {os.getpid()}


def test_few_items_stay_in_this_process() -> None:
    with Shards(list(range(MIN_ITEMS - 1)), _open, jobs=4) as shards:
        assert {pid for _item, pid in shards.opened} == {os.getpid()}


def test_an_exception_in_a_worker_is_reported_with_its_message() -> None:
    with pytest.raises(ShardError) as raised:
        with Shards(ITEMS, _open, jobs=2) as shards:
            shards.call(_fail_on_seven, {n: None for n in ITEMS})
    # one line: what went wrong and where, no traceback
    assert str(raised.value) == ("a worker process failed: ValueError: item seven is broken "
                                 "(in _fail_on_seven, test_shards.py:30)")


def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    shards = Shards(ITEMS, _open, jobs=2)
    workers = list(shards._procs)
    with pytest.raises(ShardError, match="a worker process was killed by signal 9"):
        shards.call(_die, {n: None for n in ITEMS})
    assert not any(proc.is_alive() for proc in workers)


def test_leaving_the_block_stops_every_worker() -> None:
    with Shards(ITEMS, _open, jobs=2) as shards:
        workers = list(shards._procs)
        assert all(proc.is_alive() for proc in workers)
    assert not any(proc.is_alive() for proc in workers)


def test_items_are_dealt_by_size() -> None:
    sizes = [100, 1, 1, 1, 50, 50]
    groups = _deal(sizes, 2)
    assert sorted(n for g in groups for n in g) == list(range(6))
    assert all(g == sorted(g) for g in groups)  # each worker's items in the order given
    loads = [sum(sizes[n] for n in g) for g in groups]
    assert max(loads) - min(loads) <= 1
