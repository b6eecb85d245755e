"""The live event stream of public conferences, served before Django's middleware.

Thousands of phones hold a stream open and reconnect together when a web process goes away.
Through Django each (re)connection runs the synchronous middleware stack on a thread of its
own; here it costs one cached lookup on the event loop. Everything else, and conferences
that are not public, go to Django (``views.live`` serves the same stream there).
"""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import sync_to_async

from verbund.assemblies import live as live_hub
from verbund.assemblies import queries

Scope = Any
Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]
ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]

LIVE_PATH = re.compile(r"^/[a-z]{2}/assemblies/(\d+)/live/$")
STREAM_SECONDS = 300
HEARTBEAT_SECONDS = 15


async def stream(conference_id: int, receive: Receive, send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"text/event-stream; charset=utf-8"),
                (b"cache-control", b"no-cache"),
                (b"x-accel-buffering", b"no"),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    gone = asyncio.Event()

    async def watch_disconnect() -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                gone.set()
                return

    watcher = asyncio.create_task(watch_disconnect())
    hub = live_hub.hub_for(conference_id)
    hub.subscribe()
    try:
        retry = secrets.randbelow(8000) + 2000
        if not hub.version:
            await hub.refresh()
        seen = hub.version
        await send(
            {
                "type": "http.response.body",
                "body": f"retry: {retry}\n\n{hub.payload}".encode(),
                "more_body": True,
            }
        )
        deadline = asyncio.get_running_loop().time() + STREAM_SECONDS
        while not gone.is_set() and asyncio.get_running_loop().time() < deadline:
            newer = await hub.wait_newer(seen, HEARTBEAT_SECONDS)
            if gone.is_set():
                break
            if newer is None:
                chunk = ": keep-alive\n\n"
            else:
                seen, chunk = newer
            await send({"type": "http.response.body", "body": chunk.encode(), "more_body": True})
        if not gone.is_set():
            await send({"type": "http.response.body", "body": b"", "more_body": False})
    except OSError:
        pass  # the client went away while we wrote
    finally:
        hub.unsubscribe()
        watcher.cancel()


def with_live_streams(django_app: ASGIApp) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "GET":
            match = LIVE_PATH.match(scope.get("path", ""))
            if match:
                conference_id = int(match.group(1))
                public = await sync_to_async(queries.conference_is_public, thread_sensitive=False)(
                    conference_id
                )
                if public:
                    await stream(conference_id, receive, send)
                    return
        await django_app(scope, receive, send)

    return app
