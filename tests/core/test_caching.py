"""One process builds an expensive cached answer; the others wait for it."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.cache import cache

from verbund.core.caching import build_once


def test_concurrent_misses_build_once_and_share_the_result() -> None:
    callers = 6
    start = threading.Barrier(callers)
    builds: list[int] = []
    results: list[bytes] = []
    release = threading.Event()

    def build() -> bytes:
        builds.append(1)
        # Hold the lock until every other caller has found it taken.
        release.wait(timeout=5)
        return b"all organisations"

    def ask() -> None:
        start.wait()
        results.append(build_once("test:answer", build, 60))

    threads = [threading.Thread(target=ask) for _ in range(callers)]
    for thread in threads:
        thread.start()
    # The builder holds the lock; the rest are polling the cache.
    while cache.get("test:answer:building") is None and not builds:
        pass
    release.set()
    for thread in threads:
        thread.join(timeout=10)
    assert builds == [1]
    assert results == [b"all organisations"] * callers
    assert cache.get("test:answer") == b"all organisations"
    assert cache.get("test:answer:building") is None


def test_a_failed_build_releases_the_lock_and_the_next_caller_builds() -> None:
    def broken() -> bytes:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        build_once("test:broken", broken, 60)
    assert cache.get("test:broken:building") is None
    assert build_once("test:broken", lambda: b"rebuilt", 60) == b"rebuilt"


def test_a_waiter_builds_itself_when_the_builder_gives_up() -> None:
    # Another process took the lock and died: the lock expires, the waiter answers anyway.
    cache.set("test:orphan:building", 1, timeout=1)
    calls: list[Any] = []

    def build() -> bytes:
        calls.append(1)
        return b"late but there"

    assert build_once("test:orphan", build, 60, wait=3) == b"late but there"
    assert calls == [1]


def test_a_caller_that_gets_the_lock_after_the_build_uses_the_result() -> None:
    # Its miss came before the builder stored the answer, its lock after the builder let go.
    cache.set("test:late", b"built by another process", 60)
    calls: list[Any] = []
    original_get = cache.get
    answers = iter([None])

    def first_miss(key: str, default: Any = None, version: Any = None) -> Any:
        if key == "test:late":
            return next(answers, original_get(key))
        return original_get(key, default, version)

    cache.get = first_miss  # type: ignore[method-assign]
    try:
        assert build_once("test:late", lambda: calls.append(1) or b"again", 60) == (
            b"built by another process"
        )
    finally:
        del cache.get
    assert calls == []
