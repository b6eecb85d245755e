"""Benchmark: counting a network's represented organisations over a 20,000-organisation registry.

Usage (PostgreSQL is the production database; any DATABASE_URL works):

    .venv/bin/python bench/networks.py \
        --database-url postgres://postgres@127.0.0.1:5432/verbund_bench_networks --count 20000

It migrates the database, fills it with ``manage.py generate_organisations`` when it holds
fewer than ``--count`` organisations, and builds a realistic membership graph: a federal
conference whose members are the umbrella, federal, parents' and state associations; city
networks in the state and umbrella associations; every association in one city network,
some also in a second network or directly in an umbrella (shared members, "diamonds").
Then it times ``queries.represented_count`` (one recursive query) and the full network page
summary, and prints p50/p95/max in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def build_graph(seed: int) -> int:
    """Replace all memberships by the benchmark graph; return the top network's id."""
    from django.db import transaction

    from verbund.networks.models import Membership
    from verbund.networks.taxonomy import MembershipStatus, MembershipType
    from verbund.organizations.models import Organization
    from verbund.organizations.taxonomy import Kind, Status

    rng = random.Random(seed)
    rows = list(
        Organization.objects.exclude(kind=Kind.PARTNER)
        .exclude(slug="bench-bkmo")
        .values_list("pk", "kind", "city", "federal_state")
    )
    by_kind: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    for row in rows:
        by_kind[row[1]].append(row)
    with transaction.atomic():
        Membership.objects.all().delete()
        top, _created = Organization.objects.get_or_create(
            slug="bench-bkmo",
            defaults={
                "name": "Bench Bundeskonferenz",
                "kind": Kind.FEDERAL,
                "status": Status.PUBLISHED,
            },
        )
        edges: set[tuple[int, int]] = set()
        upper = by_kind[Kind.UMBRELLA] + by_kind[Kind.FEDERAL] + by_kind[Kind.PARENTS_NETWORK]
        rng.shuffle(upper)
        first_level = upper[:37] + by_kind[Kind.STATE][:4]
        for row in first_level:
            edges.add((top.pk, row[0]))
        states: dict[str, list[int]] = defaultdict(list)
        for row in by_kind[Kind.STATE]:
            states[row[3]].append(row[0])
        umbrellas = [row[0] for row in upper] or [top.pk]
        local_by_city: dict[str, list[int]] = defaultdict(list)
        locals_ = by_kind[Kind.LOCAL_NETWORK]
        for row in locals_:
            local_by_city[row[2]].append(row[0])
            parents = states.get(row[3]) or [rng.choice(umbrellas)]
            edges.add((rng.choice(parents), row[0]))
            if rng.random() < 0.5:
                edges.add((rng.choice(umbrellas), row[0]))
        # Associations that are not members of the top belong to one that is.
        top_members = [row[0] for row in first_level]
        for row in upper[37:] + by_kind[Kind.STATE][4:]:
            edges.add((rng.choice(top_members), row[0]))
        all_locals = [row[0] for row in locals_] or umbrellas
        for row in by_kind[Kind.MIGRANT_ORGANISATION] + by_kind[Kind.NEW_GERMAN_ORGANISATION]:
            home = local_by_city.get(row[2]) or all_locals
            edges.add((rng.choice(home), row[0]))
            roll = rng.random()
            if roll < 0.15:
                edges.add((rng.choice(all_locals), row[0]))
            elif roll < 0.20:
                edges.add((rng.choice(umbrellas), row[0]))
        edges = {(a, b) for a, b in edges if a != b}
        Membership.objects.bulk_create(
            (
                Membership(
                    network_id=a,
                    member_id=b,
                    type=MembershipType.FULL,
                    status=MembershipStatus.ACTIVE,
                )
                for a, b in sorted(edges)
            ),
            batch_size=2000,
        )
    print(
        f"graph: {len(edges)} active memberships, {len(locals_)} city networks, "
        f"{len(first_level)} direct members of the top network"
    )
    return int(top.pk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/verbund_bench_networks"
        ),
    )
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()

    os.environ["DATABASE_URL"] = options.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    os.environ.setdefault("VERBUND_TESTING", "1")
    if options.database_url.startswith("postgres"):
        import psycopg

        base, name = options.database_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{name}"')

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries

    from verbund.networks import queries
    from verbund.organizations.models import Organization

    call_command("migrate", verbosity=0)
    existing = Organization.objects.count()
    if existing < options.count:
        print(f"generating {options.count - existing} organisations …")
        call_command("generate_organisations", count=options.count - existing, seed=options.seed)
    top_id = build_graph(options.seed)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    total = Organization.objects.count()
    top = Organization.objects.get(pk=top_id)

    for _ in range(5):  # warm caches and plans
        queries.represented_count(top_id)
    count_times: list[float] = []
    for _ in range(options.runs):
        started = time.perf_counter()
        represented = queries.represented_count(top_id)
        count_times.append((time.perf_counter() - started) * 1000)
    summary_times: list[float] = []
    for _ in range(max(10, options.runs // 10)):
        reset_queries()
        started = time.perf_counter()
        queries.network_summary(top, None)
        summary_times.append((time.perf_counter() - started) * 1000)

    print(
        f"database: {connection.vendor}, organisations: {total}, "
        f"represented by the top network: {represented}"
    )
    print(
        f"represented_count ({options.runs} runs): p50 {statistics.median(count_times):.1f} ms, "
        f"p95 {percentile(count_times, 0.95):.1f} ms, max {max(count_times):.1f} ms"
    )
    print(
        f"network_summary ({len(summary_times)} runs): "
        f"p50 {statistics.median(summary_times):.1f} ms, "
        f"p95 {percentile(summary_times, 0.95):.1f} ms, max {max(summary_times):.1f} ms"
    )


if __name__ == "__main__":
    main()
