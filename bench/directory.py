"""Benchmark: the public directory (text query plus facets) at 5,000, 20,000 and 100,000
organisations, page cache off by default.

Usage (``make bench`` runs it against ``BENCH_DB_URL``, one database per size with the
size appended, e.g. ``verbund_bench_20k``):

    .venv/bin/python bench/directory.py \
        --database-url postgres://postgres@127.0.0.1:5432/verbund_bench \
        --sizes 5000,20000,100000 --load-sizes 20000,100000

For each size, in a child process of its own (one database per size):

1. create the PostgreSQL database if needed, migrate it, and fill it with
   ``manage.py generate_organisations`` until it holds that many published organisations;
2. build the in-process search index and report its build time, size and the time of a
   refresh after one change;
3. per benchmark URL, side by side: **(b) the directory as built** (``queries.directory``:
   the in-process bitmap index plus the page's rows from PostgreSQL), **(legacy)** the SQL
   search it replaced (``tests/organizations/legacy_search.py``), and **(a) the best single
   SQL statement** known for the same answer (matching through both indexes with ``UNION``,
   each facet condition computed once, counts over a materialised set, ranking in SQL).
   For each: median and p95 wall time of the whole call, the SQL time per request, the
   number of statements, and the buffers and rows PostgreSQL read (``EXPLAIN (ANALYZE,
   BUFFERS)``). It checks that (a) and (legacy) give the same organisations, total and facet
   counts as (b), and prints the ratio (b) / (a);
4. for the sizes in ``--load-sizes``: start gunicorn (production settings, Redis cache) on a
   free port of 127.0.0.1 and load it with wrk at 1 and at 32 connections, first with the
   page cache off (``VERBUND_DIRECTORY_CACHE_SECONDS=0``: every request searches, counts
   and renders), then with it on (warm: every URL fetched before);
5. print everything as Markdown tables, with the growth from the smallest to the largest
   size; ``--output`` also writes them to a file.

Load goes to 127.0.0.1 only. wrk must be installed (``make bench`` installs it with apt).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

# Realistic visitor searches: a text query and two facets each, as the page links them.
BENCH_FILTERS: list[dict[str, Any]] = [
    {"q": "Verein", "kind": ["migrant"], "state": ["NW"]},
    {"q": "Türkische Gemeinde", "kind": ["migrant"], "state": ["BE"]},
    {"q": "Gemeinde", "theme": ["youth"], "state": ["BY"]},
    {"q": "Jugend", "language": ["ar"], "state": ["BE"]},
    {"q": "Elternverein", "kind": ["migrant"], "language": ["tr"]},
    {"q": "Kultur", "theme": ["culture"], "city": ["Köln"]},
    {"q": "Frauen", "kind": ["migrant"], "theme": ["womens_rights"]},
    {"q": "Beratung", "language": ["fa"], "state": ["HH"]},
]

WRK_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class LoadResult:
    size: str
    mode: str
    connections: int
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    bad_status: int
    socket_errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def bench_environment(args: argparse.Namespace, workdir: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": args.redis_url,
        "VERBUND_PRODUCTION": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
        "VERBUND_COUNSELLING_KEYS": "YmVuY2gtb25seS1jb3Vuc2VsbGluZy1rZXktMDAwMDA=",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "VERBUND_LOG_LEVEL": "WARNING",
        "VERBUND_VAR_DIR": str(workdir / "var"),
        "VERBUND_STATIC_ROOT": str(workdir / "static"),
        "PYTHONPATH": str(ROOT / "src"),
    }


def ensure_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    match = re.match(r"^(postgres(?:ql)?://[^/]+)/([^?]+)", database_url)
    if not match:
        raise SystemExit("--database-url must be a PostgreSQL URL")
    server, name = match.groups()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            log(f"creating database {name}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_for(base: str, size: int) -> str:
    """The database of one size: the base URL's name with ``_5k``, ``_20k``, ``_100k``."""
    suffix = f"_{size // 1000}k" if size % 1000 == 0 else f"_{size}"
    head, _, tail = base.partition("?")
    return head + suffix + (f"?{tail}" if tail else "")


def prepare(count: int, seed: int) -> None:
    """Migrate, generate what is missing, collect static files, refresh statistics."""
    from django.core.management import call_command
    from django.db import connection

    from verbund.organizations import queries

    call_command("migrate", interactive=False, verbosity=0)
    have = queries.published().count()
    if have < count:
        log(f"generating {count - have} organisations (have {have})")
        call_command(
            "generate_organisations", count=count - have, seed=seed + have, batch_size=2000
        )
    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        for table in (
            "organizations_organization",
            "organizations_organizationtheme",
            "organizations_organizationlanguage",
            "organizations_searchdocument",
            "organizations_searchrevision",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def bench_filters() -> list[Any]:
    from verbund.organizations import queries

    return [
        queries.DirectoryFilters(
            q=data["q"], **{f: tuple(sorted(data.get(f, ()))) for f in queries.FACETS}
        )
        for data in BENCH_FILTERS
    ]


def bench_urls() -> list[str]:
    return [f"/de/organisations/?{filters.as_query()}" for filters in bench_filters()]


# --- (a) the best single SQL statement for the same answer ------------------------------------

_FACET_COLUMNS = {"kind": "kind", "state": "federal_state", "city": "city"}


def raw_sql(filters: Any, page_size: int) -> tuple[str, list[Any]]:
    """One statement for what the directory shows: facet counts, total and the first page.

    Matching through the GIN index of the vector and the trigram index of the name joined by
    ``UNION`` (no ``OR``, so both indexes answer), the matches materialised once with a flag
    per facet condition (themes and languages counted once per organisation from the narrow
    link tables), every facet counted from that set, the page ranked in SQL.
    """
    from verbund.organizations import queries
    from verbund.organizations.search_pg import prefix_query  # noqa: F401  (same words)

    terms = queries.SearchTerms.parse(filters.q)
    params: list[Any] = []
    parts = []
    if terms:
        text = " & ".join(
            "(" + " | ".join(f"{v}:*" for v in variants) + ")" for variants in terms.spellings
        )
        likes = " AND ".join(
            "(" + " OR ".join("d.name_folded LIKE %s" for _ in variants) + ")"
            for variants in terms.spellings
        )
        parts.append(
            "matched AS (SELECT d.organization_id AS id FROM organizations_searchdocument d "
            "WHERE d.vector @@ (to_tsquery('german'::regconfig, %s) || "
            "to_tsquery('english'::regconfig, %s)) "
            f"UNION SELECT d.organization_id FROM organizations_searchdocument d WHERE {likes})"
        )
        params += [text, text]
        params += [f"%{v}%" for variants in terms.spellings for v in variants]
        source = "organizations_organization o JOIN matched USING (id)"
    else:
        source = "organizations_organization o"
    flags, flag_params = [], []
    for facet in queries.FACETS:
        values = filters.selected(facet)
        if not values:
            continue
        if facet in _FACET_COLUMNS:
            flags.append(f"o.{_FACET_COLUMNS[facet]} = ANY(%s) AS c_{facet}")
            flag_params.append(list(values))
        else:
            table, column = (
                ("organizations_organizationtheme", "theme")
                if facet == "theme"
                else ("organizations_organizationlanguage", "code")
            )
            flags.append(
                f"o.id IN (SELECT organization_id FROM {table} WHERE {column} = ANY(%s) "
                f"GROUP BY organization_id HAVING count(*) = %s) AS c_{facet}"
            )
            flag_params += [list(values), len(values)]
    chosen = [f for f in queries.FACETS if filters.selected(f)]
    rank = "0"
    rank_params: list[Any] = []
    if terms:
        every = " AND ".join(
            "("
            + " OR ".join("f.name_folded LIKE %s OR f.name_folded LIKE %s" for _ in variants)
            + ")"
            for variants in terms.spellings
        )
        pattern = "^" + "[^ ]* ".join("(?:" + "|".join(v) + ")" for v in terms.spellings)
        rank = (
            "CASE WHEN f.name_folded = ANY(%s) THEN 0 WHEN f.name_folded ~ %s THEN 1 "
            f"WHEN {every} THEN 2 ELSE 3 END"
        )
        rank_params = [queries._exact_names(terms), pattern]
        for variants in terms.spellings:
            for v in variants:
                rank_params += [f"{v}%", f"% {v}%"]
    parts.append(
        "f AS MATERIALIZED (SELECT o.id, o.name, o.name_folded, o.kind, o.federal_state, "
        f"o.city{''.join(', ' + flag for flag in flags)} FROM {source} "
        "WHERE o.status = 'published')"
    )
    params += flag_params

    def where(except_facet: str | None) -> str:
        conditions = [f"c_{c}" for c in chosen if c != except_facet]
        return f" WHERE {' AND '.join(conditions)}" if conditions else ""

    counts = []
    for facet in queries.FACETS:
        if facet in _FACET_COLUMNS:
            counts.append(
                f"SELECT '{facet}' AS facet, {_FACET_COLUMNS[facet]}::text AS value, "
                f"count(*)::int AS n, NULL::bigint AS id, NULL::int AS position "
                f"FROM f{where(facet)} GROUP BY 2"
            )
        else:
            table, column = (
                ("organizations_organizationtheme", "theme")
                if facet == "theme"
                else ("organizations_organizationlanguage", "code")
            )
            counts.append(
                f"SELECT '{facet}', l.{column}::text, count(*)::int, NULL, NULL FROM {table} l "
                f"JOIN (SELECT id FROM f{where(facet)}) m ON m.id = l.organization_id GROUP BY 2"
            )
    counts.append(f"SELECT 'total', NULL, count(*)::int, NULL, NULL FROM f{where(None)}")
    order = f"{rank}, length(f.name_folded), f.name, f.id" if terms else "f.name, f.id"
    page = (
        "SELECT 'page', NULL, NULL, id, position FROM (SELECT f.id, "
        f"row_number() OVER (ORDER BY {order})::int AS position FROM f{where(None)} "
        f"ORDER BY {order} LIMIT {int(page_size)}) p"
    )
    sql = "WITH " + ", ".join(parts) + " " + " UNION ALL ".join([*counts, f"({page})"])
    params += rank_params * 2
    return sql, params


def raw_answer(rows: list[tuple[Any, ...]]) -> tuple[list[int], int, dict[str, dict[str, int]]]:
    counts: dict[str, dict[str, int]] = {}
    total, page = 0, []
    for facet, value, number, pk, position in rows:
        if facet == "page":
            page.append((position, pk))
        elif facet == "total":
            total = number
        elif value:
            counts.setdefault(facet, {})[value] = number
    return [pk for _position, pk in sorted(page)], total, counts


# --- Measuring in one process -----------------------------------------------------------------


class SqlTimer:
    """Time spent in the database driver per statement (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.statements = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.statements += 1


def _buffers(statements: list[tuple[str, Any]]) -> tuple[int, int]:
    """Shared buffers (hit + read) and rows of the plans' top nodes, summed."""
    from django.db import connection

    buffers = rows = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0][0]["Plan"]
            buffers += int(plan.get("Shared Hit Blocks", 0)) + int(
                plan.get("Shared Read Blocks", 0)
            )
            rows += int(plan.get("Actual Rows", 0))
    return buffers, rows


def _measure(call: Any, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wall, sql = [], []
    for _ in range(runs):
        timer = SqlTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            result = call()
        wall.append((time.perf_counter() - started) * 1000)
        sql.append(timer.seconds * 1000)
    with CaptureQueriesContext(connection) as captured:
        call()
    statements = [(q["sql"], None) for q in captured.captured_queries]
    buffers, rows = _buffers(statements)
    return {
        "result": result,
        "p50": statistics.median(wall),
        "p95": sorted(wall)[max(0, int(len(wall) * 0.95) - 1)],
        "sql": statistics.median(sql),
        "statements": len(statements),
        "buffers": buffers,
        "rows": rows,
    }


def _answer(result: Any) -> tuple[list[int], int, dict[str, dict[str, int]]]:
    counts = {
        facet: {v.value: v.count for v in values if v.count}
        for facet, values in result.facets.items()
    }
    return [o.pk for o in result.page.object_list], result.total, counts


def _same_answer(raw: Any, shown: Any) -> bool:
    """The page and total agree, and every facet value the page shows has the raw count."""
    raw_page, raw_total, raw_counts = raw
    page, total, counts = shown
    return (raw_page, raw_total) == (page, total) and all(
        raw_counts.get(facet, {}).get(value) == number
        for facet, values in counts.items()
        for value, number in values.items()
    )


def measure_one(runs: int) -> dict[str, Any]:
    """Everything of one size that runs inside one process (printed as JSON)."""
    import pickle

    from django.conf import settings
    from django.db import connection
    from django.utils import translation

    from tests.organizations import legacy_search
    from verbund.organizations import queries, search_index, services

    translation.activate("de")
    page_size = settings.DIRECTORY_PAGE_SIZE
    count = queries.published().count()
    search_index.forget()
    started = time.perf_counter()
    snapshot = search_index.Snapshot.build(search_index.latest_revision())
    build_s = time.perf_counter() - started
    blob = pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL)
    started = time.perf_counter()
    pickle.loads(blob)  # noqa: S301 - our own bytes
    load_s = time.perf_counter() - started
    search_index.forget()
    search_index.current()
    # A refresh after one change: one organisation named by a new revision, read again.
    from django.db import transaction

    with transaction.atomic():
        services.search_changed([int(snapshot.alive.min())])
    started = time.perf_counter()
    search_index.current()
    refresh_s = time.perf_counter() - started

    rows = []
    for filters in bench_filters():
        url = f"/de/organisations/?{filters.as_query()}"
        queries.directory(filters)  # stems of new words, once per process
        new = _measure(lambda f=filters: queries.directory(f), runs)
        old = _measure(lambda f=filters: legacy_search.directory(f), max(3, runs // 3))
        sql, params = raw_sql(filters, page_size)
        with connection.cursor() as cursor:
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                cursor.execute(sql, params)
                answer = cursor.fetchall()
                times.append((time.perf_counter() - started) * 1000)
        raw_buffers, raw_rows = _buffers([(sql, params)])
        new_answer = _answer(new["result"])
        rows.append(
            {
                "url": url,
                "results": new["result"].total,
                "new": {k: v for k, v in new.items() if k != "result"},
                "legacy": {k: v for k, v in old.items() if k != "result"},
                "raw": {
                    "p50": statistics.median(times),
                    "buffers": raw_buffers,
                    "rows": raw_rows,
                },
                "same_as_legacy": _answer(old["result"]) == new_answer,
                "same_as_raw": _same_answer(raw_answer(answer), new_answer),
            }
        )
        log(
            f"{count}: {url} index {new['p50']:.1f} ms (SQL {new['sql']:.1f}), "
            f"legacy {old['p50']:.1f} ms, raw SQL {statistics.median(times):.1f} ms"
        )
    return {
        "count": count,
        "build_s": build_s,
        "load_s": load_s,
        "refresh_s": refresh_s,
        "snapshot_mb": len(blob) / 1e6,
        "terms": len(snapshot.terms.keys),
        "rows": rows,
    }


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int, threads: int = 1) -> None:
        self.port = free_port()
        self.env = env
        self.workers = workers
        # More than one thread switches gunicorn to its gthread worker, which keeps
        # connections alive and serves them in turn instead of racing for accept().
        self.threads = threads
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [
                GUNICORN,
                # The production configuration (preloaded application, recycled workers),
                # with the worker count, bind address and log level of the run.
                "--config",
                "python:verbund.core.gunicorn_conf",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "256",
                "--timeout",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**self.env, "VERBUND_ACCESS_LOG": "0"},
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/de/organisations/", timeout=10) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self.stop()
        raise SystemExit("gunicorn did not answer within 60 seconds")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_wrk(
    base: str, urls: list[str], connections: int, seconds: int, workdir: Path
) -> tuple[int, int, int, int, int, int, int, int]:
    script = workdir / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{u}"' for u in urls), encoding="utf-8")
    threads = min(2, connections)
    completed = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    line = next(ln for ln in completed.stdout.splitlines() if ln.startswith("RESULT "))
    values = tuple(int(v) for v in line.split()[1:])
    return values  # type: ignore[return-value]


def load(
    args: argparse.Namespace, env: dict[str, str], urls: list[str], workdir: Path, size: int
) -> list[LoadResult]:
    import redis

    results = []
    for mode, cache_seconds in (("off", "0"), ("on (warm)", "300")):
        redis.Redis.from_url(args.redis_url).flushdb()
        mode_env = {**env, "VERBUND_DIRECTORY_CACHE_SECONDS": cache_seconds}
        # The index into the shared cache before the workers start, as after a deployment.
        subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "build_search_index"],
            cwd=ROOT,
            env=mode_env,
            check=True,
            timeout=600,
        )
        with Gunicorn(mode_env, args.workers) as server:
            # Warm every worker: imports, its search index (from the shared cache after the
            # first worker built it) and, with the page cache on, the cached pages.
            for _ in range(3 * args.workers):
                for url in urls:
                    with urllib.request.urlopen(server.base + url, timeout=60) as response:
                        assert response.status == 200, url
            for connections in args.connections:
                log(f"{size}: page cache {mode}, {connections} connection(s), {args.duration} s")
                requests, micros, p50, p95, p99, worst, bad, errors = run_wrk(
                    server.base, urls, connections, args.duration, workdir
                )
                results.append(
                    LoadResult(
                        f"{size:,}",
                        mode,
                        connections,
                        requests,
                        micros / 1e6,
                        p50 / 1000,
                        p95 / 1000,
                        p99 / 1000,
                        worst / 1000,
                        bad,
                        errors,
                    )
                )
                log(f"  {results[-1].per_second:.0f} req/s, p95 {results[-1].p95_ms:.1f} ms")
    return results


def report(
    args: argparse.Namespace, measured: list[dict[str, Any]], results: list[LoadResult]
) -> str:
    lines = [
        "Sizes: " + ", ".join(f"{m['count']:,}" for m in measured) + " published organisations; "
        f"{len(BENCH_FILTERS)} URLs, each a text query and two facets; gunicorn with "
        f"{args.workers} sync workers; wrk for {args.duration} s per row; "
        f"in-process figures are medians of {args.sql_runs} runs.",
        "",
        "Load (wrk from 127.0.0.1; page cache off is every request searching, counting the "
        "facets and rendering):",
        "",
        "| organisations | page cache | connections | requests/s | p50 ms | p95 ms | p99 ms "
        "| max ms | errors |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.size} | {r.mode} | {r.connections} | {r.per_second:.0f} | {r.p50_ms:.1f} | "
            f"{r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.max_ms:.1f} | "
            f"{r.bad_status + r.socket_errors} |"
        )
    lines += [
        "",
        "The index per size (build from the database, the snapshot other processes load from "
        "the shared cache, a refresh after one change):",
        "",
        "| organisations | build s | snapshot MB | load s | refresh after one change ms "
        "| distinct terms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in measured:
        lines.append(
            f"| {m['count']:,} | {m['build_s']:.2f} | {m['snapshot_mb']:.1f} | "
            f"{m['load_s']:.2f} | {m['refresh_s'] * 1000:.1f} | {m['terms']:,} |"
        )
    lines += [
        "",
        "Per request, side by side: (b) `queries.directory()` as built (index + the page's "
        "rows), (legacy) the SQL search it replaced, (a) the best single SQL statement for "
        "the same answer. ms are wall time of the call in one process; SQL ms the time in "
        "the database driver; buffers and rows from `EXPLAIN (ANALYZE, BUFFERS)` of the "
        "statements; same = identical page, total and facet counts as (b).",
        "",
        "| organisations | URL | results | (b) ms | (b) p95 | (b) SQL ms | (b) statements "
        "| (b) buffers | (b) rows | legacy ms | legacy SQL ms | legacy buffers | (a) SQL ms "
        "| (a) buffers | (a) rows | (b)/(a) | same |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: | --- |",
    ]
    for m in measured:
        for row in m["rows"]:
            new, old, raw = row["new"], row["legacy"], row["raw"]
            same = (
                "yes"
                if row["same_as_legacy"] and row["same_as_raw"]
                else (
                    f"legacy {'yes' if row['same_as_legacy'] else 'NO'}, "
                    f"(a) {'yes' if row['same_as_raw'] else 'NO'}"
                )
            )
            lines.append(
                f"| {m['count']:,} | `{row['url'].split('?', 1)[1]}` | {row['results']} | "
                f"{new['p50']:.2f} | {new['p95']:.2f} | {new['sql']:.2f} | {new['statements']} | "
                f"{new['buffers']} | {new['rows']} | {old['p50']:.1f} | {old['sql']:.1f} | "
                f"{old['buffers']} | {raw['p50']:.1f} | {raw['buffers']} | {raw['rows']} | "
                f"{new['p50'] / raw['p50']:.2f} | {same} |"
            )
    if len(measured) > 1:
        first, last = measured[0], measured[-1]
        lines += [
            "",
            f"Growth {first['count']:,} → {last['count']:,} organisations "
            f"(times {last['count'] / first['count']:.0f}), median over the URLs:",
            "",
            "| organisations | (b) ms | (b) SQL ms | legacy ms | (a) SQL ms |",
            "| ---: | ---: | ---: | ---: | ---: |",
        ]
        for m in measured:
            lines.append(
                f"| {m['count']:,} | "
                f"{statistics.median(r['new']['p50'] for r in m['rows']):.2f} | "
                f"{statistics.median(r['new']['sql'] for r in m['rows']):.2f} | "
                f"{statistics.median(r['legacy']['p50'] for r in m['rows']):.1f} | "
                f"{statistics.median(r['raw']['p50'] for r in m['rows']):.1f} |"
            )
    return "\n".join(lines)


def _setup_django(database_url: str, workdir: Path, args: argparse.Namespace) -> None:
    env = bench_environment(args, workdir, database_url)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()


def child(args: argparse.Namespace) -> None:
    """One size in this process: prepare the database, measure, print JSON."""
    import json

    # The parent's working directory: static files collected here are what gunicorn serves.
    _setup_django(args.database_url, Path(args.workdir), args)
    prepare(args.size, args.seed)
    print("RESULT " + json.dumps(measure_one(args.sql_runs)), flush=True)


def main() -> None:
    import json

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="base URL; _5k, _20k… appended")
    parser.add_argument(
        "--sizes", type=lambda v: [int(x) for x in v.split(",")], default=[5000, 20000, 100000]
    )
    parser.add_argument(
        "--load-sizes",
        type=lambda v: [int(x) for x in v.split(",") if x],
        default=[20000, 100000],
        help="sizes also loaded with wrk (empty: none)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn sync workers (default: 2 per core + 1)",
    )
    parser.add_argument("--duration", type=int, default=15, help="seconds per load run")
    parser.add_argument(
        "--connections", type=lambda v: [int(x) for x in v.split(",")], default=[1, 32]
    )
    parser.add_argument("--sql-runs", type=int, default=15)
    parser.add_argument("--output", help="also write the Markdown tables to this file")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)  # the child's one size
    parser.add_argument("--workdir", help=argparse.SUPPRESS)  # the parent's
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The directory benchmark needs PostgreSQL (--database-url postgres://…)")
    if args.size:
        child(args)
        return
    if args.load_sizes and shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench does)")
    args.duration = max(1, min(args.duration, 120))

    measured: list[dict[str, Any]] = []
    results: list[LoadResult] = []
    workdir = Path(tempfile.mkdtemp(prefix="verbund-bench-"))
    try:
        for size in sorted(set(args.sizes) | set(args.load_sizes)):
            url = database_for(args.database_url, size)
            ensure_database(url)
            log(f"{size}: preparing and measuring in {url.rsplit('/', 1)[-1]}")
            completed = subprocess.run(
                [
                    PYTHON,
                    __file__,
                    *_child_args(args),
                    "--database-url",
                    url,
                    "--size",
                    str(size),
                    "--workdir",
                    str(workdir),
                ],
                capture_output=True,
                text=True,
                check=False,
                timeout=3600,
            )
            sys.stderr.write(completed.stderr[-4000:])
            line = next(
                (ln for ln in completed.stdout.splitlines() if ln.startswith("RESULT ")), None
            )
            if line is None:
                print(completed.stdout[-4000:])
                raise SystemExit(f"measuring {size} organisations failed")
            if size in args.sizes:
                measured.append(json.loads(line[len("RESULT ") :]))
            if size in args.load_sizes:
                env = bench_environment(args, workdir, url)
                results += load(args, env, bench_urls_static(), workdir, size)
        text = report(args, measured, results)
        print()
        print(text)
        if args.output:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _child_args(args: argparse.Namespace) -> list[str]:
    return [
        "--seed",
        str(args.seed),
        "--sql-runs",
        str(args.sql_runs),
        "--redis-url",
        args.redis_url,
    ]


def bench_urls_static() -> list[str]:
    """The benchmark URLs without Django (the parent process never sets it up)."""
    from urllib.parse import urlencode

    urls = []
    for data in BENCH_FILTERS:
        pairs = [("q", data["q"])]
        for facet in ("kind", "theme", "language", "state", "city"):
            pairs += [(facet, value) for value in sorted(data.get(facet, ()))]
        urls.append(f"/de/organisations/?{urlencode(pairs)}")
    return urls


if __name__ == "__main__":
    main()
