"""Benchmark: an organisation's public site — home and news list — with 32 clients, and the
page weight (gzipped) of every site page type.

Usage (PostgreSQL is the production database):

    .venv/bin/python bench/websites.py \
        --database-url postgres://postgres@127.0.0.1:5432/vb_websites_bench \
        --posts 500 --clients 32 --seconds 10

It creates and migrates the database, and when the bench site is missing makes it through
the services: a published association with its site switched on, five pages and ``--posts``
news posts in German and Arabic. Then ``--clients`` threads, each with its own connection,
ask the whole page through Django's test client (URL resolution, queries, template; no page
cache, there is none) for ``--seconds`` seconds, and it prints p50/p95/max in milliseconds.
Target: p95 <= 50 ms; page weight <= 150 KB gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def build(posts: int) -> None:
    from verbund.core.actors import OPERATOR
    from verbund.organizations import services as organization_services
    from verbund.websites import queries, services

    if queries.site_of("bench-verein") is not None:
        return
    org = organization_services.create_organization(
        OPERATOR,
        {"name": "Bench-Verein", "slug": "bench-verein", "kind": "migrant", "city": "Rostock"},
        status="published",
    )
    website = services.save_site(OPERATOR, org, {"enabled": True, "representatives": "Vorstand"})
    for number, kind in enumerate(["about", "history", "positions", "publications", "projects"]):
        services.save_page(
            OPERATOR,
            website,
            {
                "kind": kind,
                "title": {"de": f"Seite {number}", "ar": f"صفحة {number}"},
                "body": {"de": "## Abschnitt\n\n" + "Ein Absatz mit **Text**. " * 40},
                "status": "published",
            },
        )
    for number in range(posts):
        services.save_post(
            OPERATOR,
            website,
            {
                "title": {"de": f"Meldung {number}", "ar": f"خبر {number}"},
                "body": {"de": "Neuigkeiten aus dem Verein. " * 30, "ar": "أخبار الجمعية. " * 30},
                "status": "published",
            },
        )


def run(paths: list[str], clients: int, seconds: float) -> list[float]:
    from django.db import connection
    from django.test import Client

    times: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def work(index: int) -> None:
        client = Client(HTTP_HOST="localhost")
        mine: list[float] = []
        n = index
        while time.monotonic() < stop:
            start = time.perf_counter()
            response = client.get(paths[n % len(paths)])
            mine.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
            n += 1
        with lock:
            times.extend(mine)
        connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vb_websites_bench"
        ),
    )
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    options = parser.parse_args()
    os.environ["DATABASE_URL"] = options.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    os.environ.setdefault("VERBUND_TESTING", "1")
    from benchdb import ensure_database

    ensure_database(options.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    build(options.posts)
    site = "/de/s/bench-verein/"
    for name, paths in (
        ("home", [site, site.replace("/de/", "/ar/")]),
        ("news list", [site + "news/", site.replace("/de/", "/ar/") + "news/"]),
    ):
        times = run(paths, options.clients, options.seconds)
        print(
            f"{name}, {options.clients} clients ({len(times)} requests): "
            f"p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
            f"max {max(times):.1f} ms"
        )
    client = Client(HTTP_HOST="localhost")
    css = len(gzip.compress(client.get("/static/websites/site.css").content))
    for path in ("", "p/seite-0/", "news/", "news/meldung-0/", "team/", "impressum/"):
        html = client.get(site + path).content
        print(f"page weight {site + path}: {len(gzip.compress(html)) / 1024:.1f} KB gzipped HTML")
    print(f"site.css: {css / 1024:.1f} KB gzipped (once per visit)")


if __name__ == "__main__":
    main()
