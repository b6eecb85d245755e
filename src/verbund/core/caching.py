"""Large cached answers that are expensive to build: one process builds, the others wait.

Every change to the registry gives answers such as the GeoJSON of all organisations a new
cache key. Without coordination each web process that is asked before the first one has
finished builds the same answer again, all of them at once on the same cores, and the
visitors of every process wait for the slowest. Here the first process takes a short lock
in the shared cache and builds; the others poll the cache for its result and only build
themselves if the builder gave up (its lock expired or was released without a result).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

FIRST_PAUSE = 0.02
LONGEST_PAUSE = 0.2


def build_once(key: str, build: Callable[[], T], timeout: int, *, wait: float = 20.0) -> T:
    """The value cached under ``key``; on a miss, built by one caller while the others wait."""
    value: T | None = cache.get(key)
    if value is not None:
        return value
    lock = f"{key}:building"
    if cache.add(lock, 1, timeout=int(wait) + 1):
        try:
            # Another process may have built and released it between our miss and our lock.
            value = cache.get(key)
            if value is None:
                value = build()
                cache.set(key, value, timeout)
        finally:
            cache.delete(lock)
        return value
    deadline = time.monotonic() + wait
    pause = FIRST_PAUSE
    while time.monotonic() < deadline:
        time.sleep(pause)
        value = cache.get(key)
        if value is not None:
            return value
        if cache.get(lock) is None:
            break
        pause = min(pause * 2, LONGEST_PAUSE)
    # The builder failed or is stuck: answer anyway rather than leave the visitor waiting.
    value = build()
    cache.set(key, value, timeout)
    return value
