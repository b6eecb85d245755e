"""Benchmark: a secret vote in a full hall, over HTTP against ASGI web processes.

Usage (PostgreSQL; Redis makes the live-state cache shared like in production):

    .venv/bin/python bench/assemblies.py \
        --database-url postgres://postgres@127.0.0.1:5432/verbund_bench_assemblies \
        --redis-url redis://127.0.0.1:6379/5 \
        --listeners 2000 --voters 1000 --window 60 --processes 2 --port 8181 --kill

What it does:

1. migrates the database and prepares a conference of a network with ``--listeners`` delegates
   (people and delegates are inserted in bulk as fixture data; the conference, the poll and
   its opening and closing go through the services);
2. starts ``--processes`` uvicorn processes (one port each, like workers behind a proxy);
3. connects ``--listeners`` clients to the live event stream (server-sent events), spread
   over the processes, each reconnecting to another process when its connection drops;
4. lets ``--voters`` of them cast a ballot over HTTP (form POST with session and CSRF token),
   their start times spread evenly over ``--window`` seconds; a voter whose request fails
   (process gone) retries on another process;
5. with ``--kill``, kills the first process with SIGKILL halfway through the window;
6. closes the poll and measures when each connected client receives the closed result;
7. checks that every voter is counted exactly once and prints the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

NETWORK_SLUG = "bench-assembly-network"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Hall:
    conference_id: int
    poll_id: int
    coordinator_id: int
    # (participant id, session key) of each voter
    voters: list[tuple[int, str]]


def prepare(listeners: int, voters: int) -> Hall:
    """A fresh conference with ``listeners`` present delegates and an open secret poll."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from verbund.accounts.models import User
    from verbund.assemblies import services
    from verbund.assemblies.models import Participant
    from verbund.core.actors import OPERATOR
    from verbund.organizations import services as organization_services
    from verbund.organizations.models import Organization
    from verbund.organizations.taxonomy import Kind, Status

    Organization.objects.filter(slug=NETWORK_SLUG).delete()
    User.objects.filter(email__endswith="@bench-assembly.invalid").delete()
    coordinator = User.objects.create_user(
        email="coordinator@bench-assembly.invalid", password=None, display_name="Koordination"
    )
    network = organization_services.create_organization(
        OPERATOR,
        {
            "name": "Bench-Netzwerk",
            "slug": NETWORK_SLUG,
            "kind": Kind.MIGRANT_ORGANISATION,
            "city": "Berlin",
            "federal_state": "BE",
        },
        admin=coordinator,
        status=Status.PUBLISHED,
    )
    conference = services.save_conference(
        coordinator,
        network,
        {
            "title": "Bench-Bundeskonferenz",
            "starts_on": "2026-05-12",
            "ends_on": "2026-05-12",
            "delegates_per_member": 2,
        },
    )
    people = [
        User(email=f"delegate{n}@bench-assembly.invalid", display_name=f"Delegierte {n}")
        for n in range(listeners)
    ]
    for person in people:
        person.set_unusable_password()
    with transaction.atomic():
        User.objects.bulk_create(people, batch_size=1000)
        people = list(
            User.objects.filter(email__startswith="delegate")
            .filter(email__endswith="@bench-assembly.invalid")
            .order_by("pk")
        )
        Participant.objects.bulk_create(
            [
                Participant(
                    conference=conference,
                    person=person,
                    kind="delegate",
                    status="registered",
                    vote_weight=1,
                    present=True,
                )
                for person in people
            ],
            batch_size=1000,
        )
    participants = dict(
        Participant.objects.filter(conference=conference).values_list("person_id", "pk")
    )
    voting: list[tuple[int, str]] = []
    for person in people[:voters]:
        session = SessionStore()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.create()
        voting.append((participants[person.pk], str(session.session_key)))
    poll = services.save_poll(
        coordinator, conference, {"kind": "vote", "title": "Resolution 1", "secret": True}
    )
    services.open_poll(coordinator, poll)
    return Hall(conference.pk, poll.pk, coordinator.pk, voting)


@dataclass
class Figures:
    cast_ms: list[float] = field(default_factory=list)
    cast_started: list[float] = field(default_factory=list)
    killed_at: float = 0.0
    failed_attempts: int = 0
    voter_errors: list[str] = field(default_factory=list)
    closed_seen_at: dict[int, float] = field(default_factory=dict)
    connected: int = 0
    received_state: int = 0
    reconnects: int = 0


async def listen(
    index: int, ports: list[int], path: str, figures: Figures, stop: asyncio.Event
) -> None:
    """One phone in the hall: keeps an event stream open and notes when the result arrives."""
    import aiohttp

    attempt = index
    first = True
    got_state = False
    retry_seconds = 0.2
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=10, sock_read=None)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        while not stop.is_set() and index not in figures.closed_seen_at:
            port = ports[attempt % len(ports)]
            attempt += 1
            try:
                async with session.get(f"http://127.0.0.1:{port}{path}") as response:
                    if first:
                        figures.connected += 1
                        first = False
                    async for raw in response.content:
                        line = raw.decode().strip()
                        if line.startswith("retry:"):
                            retry_seconds = int(line[6:]) / 1000  # as EventSource does
                        if line.startswith("data:"):
                            state = json.loads(line[5:])
                            if not got_state:
                                got_state = True
                                figures.received_state += 1
                            if any(p["status"] == "closed" for p in state["polls"]):
                                figures.closed_seen_at[index] = time.monotonic()
                                return
                        if stop.is_set():
                            return
            except (TimeoutError, aiohttp.ClientError, ConnectionError):
                pass
            figures.reconnects += 1
            await asyncio.sleep(retry_seconds)


async def vote(
    delay: float,
    number: int,
    participant_id: int,
    session_key: str,
    ports: list[int],
    poll_id: int,
    figures: Figures,
) -> None:
    import aiohttp

    await asyncio.sleep(delay)
    token = secrets.token_hex(16)  # an unmasked 32-character CSRF secret
    cookies = {"sessionid": session_key, "csrftoken": token}
    data = {
        "csrfmiddlewaretoken": token,
        "participant": str(participant_id),
        f"p{participant_id}-choice": ("yes", "no", "abstain")[number % 3],
    }
    async with aiohttp.ClientSession(
        cookies=cookies, timeout=aiohttp.ClientTimeout(total=30)
    ) as session:
        for attempt in range(8):
            # No health checks: a request to the killed process fails and is retried on the
            # next one, as a phone would after an error page.
            port = ports[(number + attempt) % len(ports)]
            started = time.monotonic()
            try:
                async with session.post(
                    f"http://127.0.0.1:{port}/en/assemblies/polls/{poll_id}/vote/",
                    data=data,
                    allow_redirects=False,
                ) as response:
                    await response.read()
                    if response.status == 302:
                        figures.cast_ms.append((time.monotonic() - started) * 1000)
                        figures.cast_started.append(started)
                        return
                    if response.status < 500:
                        figures.voter_errors.append(f"HTTP {response.status}")
                        return
                    # A server error: the phone shows it and the delegate tries again.
                    figures.failed_attempts += 1
                    await asyncio.sleep(0.5)
            except (TimeoutError, aiohttp.ClientError, ConnectionError):
                figures.failed_attempts += 1
                await asyncio.sleep(0.2)
        figures.voter_errors.append("gave up")


def start_servers(ports: list[int], env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    servers = []
    for port in ports:
        servers.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv/bin/uvicorn"),
                    "verbund.asgi:application",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-access-log",
                    "--log-level",
                    "warning",
                    "--backlog",
                    "4096",
                    "--timeout-keep-alive",
                    "30",
                ],
                env=env,
                cwd=str(ROOT),
            )
        )
    return servers


async def wait_until_up(ports: list[int]) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        for port in ports:
            for _ in range(120):
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status < 500:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.5)


async def run(args: argparse.Namespace, hall: Hall, env: dict[str, str]) -> dict[str, Any]:
    from asgiref.sync import sync_to_async

    from verbund.accounts.models import User
    from verbund.assemblies import services
    from verbund.assemblies.models import Poll

    ports = [args.port + n for n in range(args.processes)]
    servers = start_servers(ports, env)
    figures = Figures()
    stop = asyncio.Event()
    try:
        await wait_until_up(ports)
        path = f"/en/assemblies/{hall.conference_id}/live/"
        listeners = []
        for index in range(args.listeners):
            listeners.append(asyncio.create_task(listen(index, ports, path, figures, stop)))
            if index % 100 == 99:
                await asyncio.sleep(0.05)
        for _ in range(200):
            if figures.connected >= args.listeners:
                break
            await asyncio.sleep(0.1)
        connected_before_vote = figures.connected
        received_before_vote = figures.received_state
        spacing = args.window / max(1, len(hall.voters))
        voting_started = time.monotonic()
        voters = [
            asyncio.create_task(vote(n * spacing, n, pid, key, ports, hall.poll_id, figures))
            for n, (pid, key) in enumerate(hall.voters)
        ]
        if args.kill and len(servers) > 1:
            await asyncio.sleep(args.window / 2)
            servers[0].send_signal(signal.SIGKILL)
            figures.killed_at = time.monotonic()
        await asyncio.gather(*voters)
        voting_seconds = time.monotonic() - voting_started

        coordinator = await sync_to_async(User.objects.get)(pk=hall.coordinator_id)
        poll = await sync_to_async(Poll.objects.get)(pk=hall.poll_id)
        closing_started = time.monotonic()
        closed = await sync_to_async(services.close_poll)(coordinator, poll)
        closed_at = time.monotonic()
        waiting = [t for t in listeners if not t.done()]
        deadline = closed_at + 15
        while time.monotonic() < deadline and any(not t.done() for t in waiting):
            await asyncio.sleep(0.05)
        stop.set()
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)

        delays = [seen - closed_at for seen in figures.closed_seen_at.values()]
        from verbund.assemblies.models import Ballot, VoteRecord

        killed = figures.killed_at or float("inf")
        before_kill = [
            ms for ms, t in zip(figures.cast_ms, figures.cast_started, strict=True) if t < killed
        ]
        after_kill = [
            ms
            for ms, t in zip(figures.cast_ms, figures.cast_started, strict=True)
            if killed <= t < killed + 10
        ]
        records = await sync_to_async(VoteRecord.objects.filter(poll_id=hall.poll_id).count)()
        ballots = await sync_to_async(Ballot.objects.filter(poll_id=hall.poll_id).count)()
        return {
            "listeners": args.listeners,
            "connected_before_vote": connected_before_vote,
            "received_state_before_vote": received_before_vote,
            "voters": len(hall.voters),
            "window_s": args.window,
            "voting_s": round(voting_seconds, 1),
            "processes": args.processes,
            "killed_one": bool(args.kill and len(servers) > 1),
            "accepted": len(figures.cast_ms),
            "failed_attempts_retried": figures.failed_attempts,
            "voter_errors": len(figures.voter_errors),
            "vote_records": records,
            "ballots": ballots,
            "result_voters": closed.result["voters"],
            "result_weights": closed.result["weights"],
            "cast_p50_ms": round(percentile(figures.cast_ms, 0.5), 1),
            "cast_p95_ms": round(percentile(figures.cast_ms, 0.95), 1),
            "cast_max_ms": round(max(figures.cast_ms or [0.0]), 1),
            "cast_p95_before_kill_ms": round(percentile(before_kill, 0.95), 1),
            "cast_p95_10s_after_kill_ms": round(percentile(after_kill, 0.95), 1),
            "close_ms": round((closed_at - closing_started) * 1000, 1),
            "result_received_by": len(delays),
            "result_p50_s": round(percentile(delays, 0.5), 2),
            "result_p95_s": round(percentile(delays, 0.95), 2),
            "result_max_s": round(max(delays or [float("nan")]), 2),
            "reconnects": figures.reconnects,
        }
    finally:
        stop.set()
        for server in servers:
            if server.poll() is None:
                server.terminate()
        for server in servers:
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--listeners", type=int, default=2000)
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--port", type=int, default=8181)
    parser.add_argument("--kill", action="store_true")
    parser.add_argument("--pool", type=int, default=16, help="connections per web process")
    args = parser.parse_args()
    if args.voters > args.listeners:
        parser.error("--voters cannot exceed --listeners")

    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "DJANGO_SETTINGS_MODULE": "verbund.settings",
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            # ASGI serves each request on a thread of its own: connections come from a pool.
            "DATABASE_CONN_MAX_AGE": "0",
            "DATABASE_POOL_MAX_SIZE": str(args.pool),
        }
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    os.environ.update(env)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if args.redis_url:
        from django.core.cache import cache

        cache.clear()
    hall = prepare(args.listeners, args.voters)
    figures = asyncio.run(run(args, hall, env))
    print(json.dumps(figures, indent=2))
    exactly_once = (
        figures["vote_records"] == figures["voters"] == figures["result_voters"]
        and figures["ballots"] == figures["voters"]
    )
    print(f"every vote counted exactly once: {exactly_once}")
    if not exactly_once:
        sys.exit(1)


if __name__ == "__main__":
    main()
