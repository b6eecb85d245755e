"""Fan-out of the hall's live state to server-sent-event streams.

The state itself is shared through the database (read through the shared cache), so every
web process can serve every client. Within one process a ``Hub`` per conference reads it
twice a second and wakes all streams of that conference, so 2,000 connected phones cost a
process two cache reads a second, not 4,000. The hub only mirrors shared state; losing a
process loses nothing.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import time
from typing import Any

from asgiref.sync import sync_to_async

from verbund.assemblies import queries

POLL_SECONDS = 0.5
TURNOUT_EVERY_SECONDS = 3.0


def _signature(state: dict[str, Any]) -> str:
    """Everything in the state except the running turnout."""
    polls = [
        {key: value for key, value in poll.items() if key != "voted"}
        for poll in state.get("polls", [])
    ]
    return json.dumps([polls, state.get("agenda")], sort_keys=True, default=str)


def event(state: dict[str, Any]) -> str:
    return f"data: {json.dumps(state, separators=(',', ':'))}\n\n"


class Hub:
    def __init__(self, conference_id: int) -> None:
        self.conference_id = conference_id
        self.payload = ""
        self.version = 0
        self.subscribers = 0
        self.changed = asyncio.Condition()
        self.task: asyncio.Task[None] | None = None
        self.signature = ""
        self.sent_at = 0.0

    def subscribe(self) -> None:
        self.subscribers += 1
        if self.task is None or self.task.done():
            # A fresh context: the hub outlives the request that started it.
            self.task = asyncio.get_running_loop().create_task(
                self._run(), context=contextvars.Context()
            )

    def unsubscribe(self) -> None:
        self.subscribers -= 1

    async def refresh(self) -> None:
        # Not thread-sensitive: the read must not wait behind (or for) any request's thread.
        state = await sync_to_async(queries.live_state, thread_sensitive=False)(self.conference_id)
        payload = event(state)
        if payload == self.payload:
            return
        signature = _signature(state)
        now = time.monotonic()
        # A poll opening or closing, a result or a new speaker goes out at once; a rising
        # turnout alone at most every few seconds, which keeps 2,000 streams cheap.
        if signature == self.signature and now - self.sent_at < TURNOUT_EVERY_SECONDS:
            return
        async with self.changed:
            self.payload = payload
            self.signature = signature
            self.sent_at = now
            self.version += 1
            self.changed.notify_all()

    async def _run(self) -> None:
        while self.subscribers > 0:
            try:
                await self.refresh()
            except Exception:
                await asyncio.sleep(POLL_SECONDS * 4)
            await asyncio.sleep(POLL_SECONDS)
        _hubs.pop((id(asyncio.get_running_loop()), self.conference_id), None)

    async def wait_newer(self, seen: int, timeout: float) -> tuple[int, str] | None:
        """The next payload after version ``seen``, or None when ``timeout`` passes first."""
        async with self.changed:
            try:
                await asyncio.wait_for(self.changed.wait_for(lambda: self.version != seen), timeout)
            except TimeoutError:
                return None
            return self.version, self.payload


_hubs: dict[tuple[int, int], Hub] = {}


def hub_for(conference_id: int) -> Hub:
    key = (id(asyncio.get_running_loop()), conference_id)
    hub = _hubs.get(key)
    if hub is None:
        hub = _hubs[key] = Hub(conference_id)
    return hub
