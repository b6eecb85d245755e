"""Benchmark: the public directory (text query plus facets) over a 20,000-organisation registry.

Usage (``make bench`` runs it against ``BENCH_DB_URL``):

    .venv/bin/python bench/directory.py \
        --database-url postgres://postgres@127.0.0.1:5432/verbund_bench --count 20000

Steps, each bounded in time:

1. create the PostgreSQL database if needed, migrate it, and fill it with
   ``manage.py generate_organisations`` until it holds ``--count`` published organisations;
2. time the SQL the directory runs for each benchmark URL (the captured statements executed
   again through the database cursor) and show which indexes the plans use;
3. start gunicorn (production settings, Redis cache ``--redis-url``) on a free port of
   127.0.0.1 and load it with wrk at 1 and at 32 concurrent connections, first with the page
   cache (warm: every URL fetched once before), then with it switched off
   (``VERBUND_DIRECTORY_CACHE_SECONDS=0``, every request renders);
4. print p50, p95, p99 and requests per second as a Markdown table, stop gunicorn.

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


def bench_environment(args: argparse.Namespace, workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "VERBUND_PRODUCTION": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
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


def prepare(args: argparse.Namespace) -> None:
    """Migrate, generate what is missing, collect static files, refresh statistics."""
    from django.core.management import call_command
    from django.db import connection

    from verbund.organizations import queries

    call_command("migrate", interactive=False, verbosity=0)
    have = queries.published().count()
    if have < args.count:
        log(f"generating {args.count - have} organisations (have {have})")
        call_command("generate_organisations", count=args.count - have, seed=args.seed + have)
    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        for table in (
            "organizations_organization",
            "organizations_organizationtheme",
            "organizations_organizationlanguage",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def bench_urls() -> list[str]:
    from verbund.organizations import queries

    urls = []
    for data in BENCH_FILTERS:
        facets: dict[str, Any] = {f: tuple(sorted(data.get(f, ()))) for f in queries.FACETS}
        filters = queries.DirectoryFilters(q=data["q"], **facets)
        urls.append(f"/de/organisations/?{filters.as_query()}")
    return urls


def time_sql(urls: list[str], runs: int) -> list[dict[str, Any]]:
    """Per URL: the statements the directory runs, executed again and timed, and the indexes
    their plans use."""
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from verbund.organizations import queries

    rows = []
    translation.activate("de")
    for url in urls:
        filters = queries.parse_filters(QueryDict(url.split("?", 1)[1]))
        python_ms = []
        for _ in range(runs):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                result = queries.directory(filters)
            python_ms.append((time.perf_counter() - started) * 1000)
        statements = [q["sql"] for q in captured.captured_queries]
        sql_ms = []
        with connection.cursor() as cursor:
            for _ in range(runs):
                started = time.perf_counter()
                for statement in statements:
                    cursor.execute(statement)
                    cursor.fetchall()
                sql_ms.append((time.perf_counter() - started) * 1000)
            indexes: set[str] = set()
            for statement in statements:
                cursor.execute("EXPLAIN " + statement)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                indexes.update(
                    re.findall(
                        r"(?:Index|Index Only) Scan (?:Backward )?(?:using|on) "
                        r"(\w+)",
                        plan,
                    )
                )
        rows.append(
            {
                "url": url,
                "results": result.total,
                "queries": len(statements),
                "sql_p50": statistics.median(sql_ms),
                "view_p50": statistics.median(python_ms),
                "indexes": sorted(indexes),
            }
        )
        log(f"SQL {url}: {len(statements)} queries, {statistics.median(sql_ms):.1f} ms")
    return rows


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
    args: argparse.Namespace, env: dict[str, str], urls: list[str], workdir: Path
) -> list[LoadResult]:
    import redis

    results = []
    for mode, cache_seconds in (("warm (cached)", "300"), ("cold (no page cache)", "0")):
        redis.Redis.from_url(args.redis_url).flushdb()
        mode_env = {**env, "VERBUND_DIRECTORY_CACHE_SECONDS": cache_seconds}
        with Gunicorn(mode_env, args.workers) as server:
            for url in urls:  # warm the page cache (and every worker's imports)
                for _ in range(2):
                    with urllib.request.urlopen(server.base + url, timeout=30) as response:
                        assert response.status == 200, url
            for connections in args.connections:
                log(f"{mode}: {connections} connection(s) for {args.duration} s")
                requests, micros, p50, p95, p99, worst, bad, errors = run_wrk(
                    server.base, urls, connections, args.duration, workdir
                )
                results.append(
                    LoadResult(
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
    args: argparse.Namespace, sql_rows: list[dict[str, Any]], results: list[LoadResult]
) -> str:
    lines = [
        f"Data: {args.count} published organisations; {len(sql_rows)} URLs, each a text "
        "query and two facets; gunicorn with "
        f"{args.workers} sync workers; wrk for {args.duration} s per row.",
        "",
        "| page cache | connections | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.mode} | {r.connections} | {r.per_second:.0f} | {r.p50_ms:.1f} | "
            f"{r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.max_ms:.1f} | "
            f"{r.bad_status + r.socket_errors} |"
        )
    lines += [
        "",
        "SQL per URL (the statements the view runs, executed again; median of "
        f"{args.sql_runs}), and the whole `queries.directory()` call in one process:",
        "",
        "| URL | results | queries | SQL p50 ms | directory() p50 ms | indexes in the plans |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in sql_rows:
        lines.append(
            f"| `{row['url']}` | {row['results']} | {row['queries']} | {row['sql_p50']:.1f} | "
            f"{row['view_p50']:.1f} | {', '.join(row['indexes']) or 'none'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--count", type=int, default=20000)
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
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The directory benchmark needs PostgreSQL (--database-url postgres://…)")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench does)")
    args.duration = max(1, min(args.duration, 120))

    workdir = Path(tempfile.mkdtemp(prefix="verbund-bench-"))
    env = bench_environment(args, workdir)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        ensure_database(args.database_url)
        import django

        django.setup()
        prepare(args)
        urls = bench_urls()
        sql_rows = time_sql(urls, args.sql_runs)
        from django.db import connection

        connection.close()
        results = load(args, env, urls, workdir)
        print()
        print(report(args, sql_rows, results))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
