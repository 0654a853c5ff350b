"""Targets on pooled connections: one pool per load, opened by the first target only."""

from __future__ import annotations

import threading
import time
from contextlib import ExitStack
from typing import Any

from datalchemy.load.target import pooled_targets


class FakePool:
    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


def test_concurrent_first_targets_open_one_pool_closed_with_the_resources() -> None:
    opened: list[FakePool] = []

    def open_pool() -> Any:
        time.sleep(0.05)  # wide window for a second thread to race in
        opened.append(FakePool())
        return opened[-1]

    made: list[Any] = []
    with ExitStack() as resources:
        new_target = pooled_targets(open_pool, lambda pool: made.append(pool) or pool, resources)
        threads = [threading.Thread(target=new_target) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(opened) == 1 and not opened[0].closed
        assert made == [opened[0]] * 8
    assert opened[0].closed


def test_no_target_no_pool() -> None:
    opened: list[FakePool] = []
    with ExitStack() as resources:
        pooled_targets(lambda: opened.append(FakePool()), lambda pool: pool, resources)
    assert opened == []  # a dry run connects to nothing
