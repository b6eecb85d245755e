"""Benchmark: open-data GeoJSON, the map page's first load and a 20,000-row spreadsheet import.

Usage (PostgreSQL; wrk must be installed, ``make bench`` installs it):

    .venv/bin/python bench/open_data.py \
        --database-url postgres://postgres@127.0.0.1:5432/verbund_bench_opendata --count 20000

Steps, each bounded in time:

1. create, migrate and fill the database with ``manage.py generate_organisations`` until it holds
   ``--count`` published organisations (as bench/directory.py does); geocode with
   ``manage.py geocode_organisations`` if any lacks coordinates;
2. start gunicorn (production settings, Redis cache ``--redis-url``) on a free port of
   127.0.0.1; time cold requests of ``/api/v1/organisations.geojson`` (cache flushed before
   each), gzipped and plain, and the bytes on the wire; then load it with wrk at
   ``--connections`` for ``--duration`` seconds, once with ``Accept-Encoding: gzip`` and once
   without;
3. the map page's first load: ``bench/map_first_load.py`` on the same database and cache, and
   the same bytes fetched over HTTP from the running server (HTML, static files, first data);
4. export every organisation with ``manage.py export_organisations --format csv-windows``
   (semicolon, Windows-1252) and time ``manage.py import_organisations FILE --on-duplicate skip``
   as its own process, end to end: (a) into an empty second database (``--import-database-url``,
   every row new), (b) into the full registry (every row a duplicate, skipped).

The API's per-address rate limit is raised for the run (every wrk client comes from
127.0.0.1); the throttle's Redis round trip is still part of each request.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from directory import (  # noqa: E402  (the sibling benchmark's server and database helpers)
    Gunicorn,
    bench_environment,
    ensure_database,
    log,
    prepare,
)

GEOJSON = "/api/v1/organisations.geojson"

WRK_SCRIPT = """
wrk.headers["Accept-Encoding"] = "%s"
request = function()
  return wrk.format("GET", "%s")
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d %%d\\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def fetch(url: str, gzip_ok: bool) -> tuple[float, int, int, dict[str, str]]:
    """Milliseconds, bytes on the wire, HTTP status and headers of one GET."""
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {"Accept-Encoding": "identity"}
    request = urllib.request.Request(url, headers=headers)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
        status = response.status
        found = dict(response.headers.items())
    return (time.perf_counter() - started) * 1000, len(body), status, found


def run_wrk(
    base: str, path: str, encoding: str, connections: int, seconds: int, workdir: Path
) -> dict[str, float]:
    script = workdir / f"geojson-{encoding}.lua"
    script.write_text(WRK_SCRIPT % (encoding, path), encoding="utf-8")
    completed = subprocess.run(
        [
            "wrk",
            "-t",
            str(min(2, connections)),
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
    requests, micros, size, p50, p95, p99, worst, bad, errors = (int(v) for v in line.split()[1:])
    return {
        "requests": requests,
        "rps": requests / (micros / 1e6),
        "bytes": size / max(requests, 1),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "max": worst / 1000,
        "errors": bad + errors,
    }


def geojson_figures(args: argparse.Namespace, env: dict[str, str], workdir: Path) -> dict[str, Any]:
    import redis

    figures: dict[str, Any] = {"cold": {}, "load": {}}
    cache = redis.Redis.from_url(args.redis_url)
    cache.flushdb()
    with Gunicorn(env, args.workers, args.threads) as server:
        url = server.base + GEOJSON
        for encoding, gzip_ok in (("gzip", True), ("identity", False)):
            times = []
            for _ in range(args.cold_runs):
                cache.flushdb()
                elapsed, size, status, headers = fetch(url, gzip_ok)
                assert status == 200, status
                times.append(elapsed)
            warm, size, _status, headers = fetch(url, gzip_ok)
            figures["cold"][encoding] = {
                "cold_ms": times,
                "warm_ms": warm,
                "bytes": size,
                "content_encoding": headers.get("Content-Encoding", ""),
            }
            log(
                f"GeoJSON {encoding}: cold {statistics.median(times):.0f} ms, "
                f"warm {warm:.0f} ms, {size} B"
            )
        for encoding in ("gzip", "identity"):
            log(f"wrk {args.connections} connections, {encoding}, {args.duration} s")
            figures["load"][encoding] = run_wrk(
                server.base, GEOJSON, encoding, args.connections, args.duration, workdir
            )
            log(f"  {figures['load'][encoding]}")
        figures["map_http"] = map_over_http(server.base)
    return figures


def map_over_http(base: str) -> dict[str, int]:
    """The map page's first load as a browser without a cache fetches it (tiles excluded)."""
    sizes: dict[str, int] = {}
    _ms, size, _status, _h = fetch(base + "/de/map/", True)
    request = urllib.request.Request(base + "/de/map/")
    with urllib.request.urlopen(request, timeout=60) as response:
        html = response.read().decode()
    sizes["/de/map/"] = size
    assets = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html))
    widget_path = next((a for a in assets if "verbund-map" in a and a.endswith(".js")), None)
    if widget_path:
        with urllib.request.urlopen(base + widget_path, timeout=60) as response:
            widget = response.read().decode()
        for asset in re.findall(r'"((?:xstatic|maps)/[\w./-]+\.(?:css|js))"', widget):
            assets.add("/static/" + asset)
    for asset in sorted(assets):
        try:
            sizes[asset] = fetch(base + asset, True)[1]
        except urllib.error.HTTPError:
            # The widget names unhashed paths; the page itself links the hashed ones.
            continue
    sizes["/embed/organisations.geojson?lang=de"] = fetch(
        base + "/embed/organisations.geojson?lang=de", True
    )[1]
    return sizes


def map_first_load(env: dict[str, str]) -> str:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "map_first_load.py")],
        env={**env, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    if completed.returncode != 0:
        raise SystemExit(f"map_first_load.py failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


STEP = re.compile(r"^(rows checked|duplicates found.*|written): ([\d.]+) s$")


def import_steps(output: str) -> str:
    """The step times ``import_organisations -v 2`` prints, as one line."""
    found = [m.groups() for m in map(STEP.match, output.splitlines()) if m]
    return ", ".join(f"{name} {seconds} s" for name, seconds in found)


def manage(env: dict[str, str], *arguments: str, timeout: int = 900) -> tuple[float, str]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"manage.py {arguments[0]} failed:\n{completed.stderr[-3000:]}")
    # The import and export commands print their summary last on standard error.
    lines = completed.stderr.strip().splitlines() or completed.stdout.strip().splitlines()
    summary = lines[-1] if lines else ""
    steps = import_steps(completed.stderr)
    return elapsed, f"{summary} ({steps})" if steps else summary


def import_figures(args: argparse.Namespace, env: dict[str, str], workdir: Path) -> dict[str, Any]:
    import psycopg

    export = workdir / "organisations.csv"
    seconds, _last = manage(
        env, "export_organisations", "--format", "csv-windows", "-o", str(export)
    )
    rows = export.read_bytes().count(b"\n") - 1
    log(f"exported {rows} rows, {export.stat().st_size} B in {seconds:.1f} s")
    figures: dict[str, Any] = {"export_s": seconds, "rows": rows, "bytes": export.stat().st_size}

    # (a) every row new: an empty second database, recreated for each run.
    match = re.match(r"^(postgres(?:ql)?://[^/]+)/([^?]+)", args.import_database_url)
    assert match, "--import-database-url must be a PostgreSQL URL"
    server, name = match.groups()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    empty_env = {**env, "DATABASE_URL": args.import_database_url}
    manage(empty_env, "migrate", "-v0")
    seconds, summary = manage(
        empty_env, "import_organisations", str(export), "--on-duplicate", "skip", "-v", "2"
    )
    figures["new"] = (seconds, summary)
    log(f"import into an empty registry: {seconds:.1f} s ({summary})")

    # (b) the same file into the full registry: every row a duplicate, skipped.
    seconds, summary = manage(
        env, "import_organisations", str(export), "--on-duplicate", "skip", "-v", "2"
    )
    figures["duplicates"] = (seconds, summary)
    log(f"re-import into the full registry: {seconds:.1f} s ({summary})")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument(
        "--import-database-url",
        default="postgres://postgres@127.0.0.1:5432/verbund_bench_opendata_import",
        help="An empty database the all-new import goes into (dropped and created).",
    )
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker; above 1 gunicorn's gthread"
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("This benchmark needs PostgreSQL (--database-url postgres://…)")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench does)")
    args.duration = max(1, min(args.duration, 120))
    args.cold_runs = max(1, min(args.cold_runs, 10))

    workdir = Path(tempfile.mkdtemp(prefix="verbund-bench-opendata-"))
    env = bench_environment(args, workdir)
    env["VERBUND_API_ANONYMOUS_RATE"] = "1000000/m"
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    try:
        ensure_database(args.database_url)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from verbund.organizations.models import Organization

        prepare(args)
        if Organization.objects.filter(latitude__isnull=True).exists():
            log("geocoding organisations without coordinates")
            call_command("geocode_organisations")
        located = Organization.objects.filter(latitude__isnull=False).count()
        log(f"{located} organisations with coordinates")
        connection.close()
        print(f"load average before: {os.getloadavg()}")
        geo = geojson_figures(args, env, workdir)
        print(f"load average after GeoJSON: {os.getloadavg()}")
        first_load = map_first_load(env)
        imports = None if args.skip_import else import_figures(args, env, workdir)
        print(f"load average after import: {os.getloadavg()}")

        print()
        print(f"organisations with coordinates: {located}")
        print("| GeoJSON request | cold ms (each run) | warm ms | bytes on the wire |")
        print("| --- | --- | ---: | ---: |")
        for encoding, row in geo["cold"].items():
            cold = ", ".join(f"{t:.0f}" for t in row["cold_ms"])
            print(f"| {encoding} | {cold} | {row['warm_ms']:.0f} | {row['bytes']} |")
        print()
        print(
            "| Accept-Encoding | connections | requests | req/s | p50 ms | p95 ms | p99 ms "
            "| max ms | errors |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for encoding, r in geo["load"].items():
            print(
                f"| {encoding} | {args.connections} | {r['requests']} | {r['rps']:.1f} | "
                f"{r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | "
                f"{r['errors']} |"
            )
        print()
        print("map page first load over HTTP (gzip, tiles excluded):")
        for path, size in geo["map_http"].items():
            print(f"  {path}: {size} B")
        print(f"  total: {sum(geo['map_http'].values())} B")
        print()
        print("bench/map_first_load.py:")
        print(first_load)
        if imports:
            print(
                f"export: {imports['rows']} rows, {imports['bytes']} B, {imports['export_s']:.1f} s"
            )
            print(
                f"import, all new (empty registry): {imports['new'][0]:.1f} s — {imports['new'][1]}"
            )
            print(
                f"import, all duplicates (full registry): {imports['duplicates'][0]:.1f} s — "
                f"{imports['duplicates'][1]}"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
