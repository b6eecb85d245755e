"""Benchmark: matches for a need and the offer search with two facets, over 20,000
organisations and 50,000 offers.

Usage (PostgreSQL is the production database):

    .venv/bin/python bench/exchange.py \
        --database-url postgres://postgres@127.0.0.1:5432/vb_exchange_bench \
        --organisations 20000 --offers 50000 --clients 32

It creates and migrates the database and, when it holds fewer organisations, fills it with
``manage.py generate_organisations`` (the registry's bulk path: real cities, pins from the
gazetteer). When it holds fewer offers it adds them in bulk: each at the place of a random
published organisation, of a random kind (rooms most often) with languages, themes,
weekdays and hours, 70 % public and 30 % for the members of the owner's networks; and 2,000
needs. The rows are inserted in bulk with the fields the services fill; the services
themselves are exercised by the tests.

Then it times, for a logged-in administrator of an organisation that is an active member of
a published network (so members-only offers are part of every visibility check):

* ``queries.matches`` for 200 random room and skill needs (the candidates within 50 km,
  scored and explained), one client;
* ``queries.search`` with two facets (kind and language, and kind and theme, as the page
  links them) — one client, then ``--clients`` client threads at once, each with its own
  PostgreSQL connection, for ``--seconds`` seconds;
* the whole search page through Django's test client, one client (session, query, template);

and prints p50/p95/max in milliseconds. Targets: matches p95 <= 100 ms, search with two
facets p95 <= 50 ms at 32 clients.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

KINDS = ["room"] * 4 + ["skill"] * 3 + ["equipment", "volunteers", "money"]
SKILLS = ["press", "translation", "grant_writing", "accounting", "it", "child_care"]
LANGUAGES = ["de", "en", "tr", "ar", "fa", "ru", "uk", "ku", "pl", "vi", "fr"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summary(name: str, times: list[float]) -> str:
    return (
        f"{name} ({len(times)} runs): p50 {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms"
    )


def build_posts(offers: int, needs: int, seed: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from verbund.core.text import fold
    from verbund.exchange.models import Post, PostLanguage, PostTheme
    from verbund.organizations.models import Organization
    from verbund.organizations.taxonomy import Theme

    rng = random.Random(seed)
    owners = list(
        Organization.objects.filter(status="published", latitude__isnull=False).values_list(
            "pk", "name", "postal_code", "city", "latitude", "longitude"
        )
    )
    today = timezone.localdate()
    themes = list(Theme.values)
    made = Post.objects.count()
    total = offers + needs
    while made < total:
        batch = []
        extra: list[tuple[list[str], list[str]]] = []
        for _ in range(min(5000, total - made)):
            pk, name, postal_code, city, lat, lon = rng.choice(owners)
            kind = rng.choice(KINDS)
            direction = "need" if made + len(batch) >= offers else "offer"
            title = (
                f"{'Angebot' if direction == 'offer' else 'Gesucht'}: {kind} {rng.randint(1, 9999)}"
            )
            batch.append(
                Post(
                    owner_id=pk,
                    direction=direction,
                    kind=kind,
                    skill=rng.choice(SKILLS) if kind == "skill" else "",
                    title=title,
                    description="Erzeugt für den Benchmark.",
                    capacity=rng.choice([10, 20, 40, 80, None]) if kind == "room" else None,
                    step_free=kind == "room" and rng.random() < 0.5,
                    cost=rng.choice(["free", "free", "at_cost"]),
                    postal_code=postal_code,
                    city=city,
                    latitude=lat,
                    longitude=lon,
                    weekdays=sorted(rng.sample(range(7), rng.randint(1, 4))),
                    time_from=datetime.time(rng.choice([9, 14, 17])),
                    time_to=datetime.time(22),
                    valid_from=today - datetime.timedelta(days=rng.randint(0, 60)),
                    valid_until=today + datetime.timedelta(days=rng.randint(7, 180)),
                    visibility="public" if rng.random() < 0.7 else "networks",
                    search_text=fold(f"{title} {city} {name}"),
                )
            )
            extra.append(
                (rng.sample(LANGUAGES, rng.randint(1, 3)), rng.sample(themes, rng.randint(0, 2)))
            )
        with transaction.atomic():
            created = Post.objects.bulk_create(batch)
            PostLanguage.objects.bulk_create(
                PostLanguage(post=post, code=code)
                for post, (codes, _t) in zip(created, extra, strict=True)
                for code in codes
            )
            PostTheme.objects.bulk_create(
                PostTheme(post=post, theme=theme)
                for post, (_c, chosen) in zip(created, extra, strict=True)
                for theme in chosen
            )
        made += len(batch)
        print(f"  {made} posts", flush=True)


def viewer() -> Any:
    """An administrator of an organisation that is an active member of a published network."""
    from verbund.accounts.models import User
    from verbund.core.actors import OPERATOR
    from verbund.networks.models import Membership
    from verbund.organizations import services as organization_services

    membership = (
        Membership.objects.filter(
            status="active", network__status="published", member__status="published"
        )
        .select_related("member")
        .order_by("pk")
        .first()
    )
    if membership is None:
        # The generated registry has no memberships: one published network with 300 active
        # members, recorded through the networks service as the console records them.
        from verbund.networks import services as network_services
        from verbund.organizations.models import Organization

        network = organization_services.create_organization(
            OPERATOR,
            {"name": "Bench-Netzwerk Austausch", "kind": "umbrella", "city": "Berlin"},
            status="published",
        )
        members = Organization.objects.filter(status="published").exclude(pk=network.pk)
        for member in members.order_by("?")[:300]:
            network_services.add_member(OPERATOR, network, member)
        return viewer()
    person = User.objects.filter(email="bench-exchange@bench.example").first()
    if person is None:
        person = User.objects.create_user("bench-exchange@bench.example", "x")
        organization_services.add_person(OPERATOR, membership.member, person, "admin")
    return User.objects.get(pk=person.pk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vb_exchange_bench"
        ),
    )
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--offers", type=int, default=50_000)
    parser.add_argument("--needs", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()

    os.environ["DATABASE_URL"] = options.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    os.environ.setdefault("VERBUND_TESTING", "1")
    from benchdb import ensure_database

    ensure_database(options.database_url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client

    from verbund.exchange import queries
    from verbund.exchange.models import Post
    from verbund.organizations.models import Organization

    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    call_command("migrate", verbosity=0)
    have = Organization.objects.filter(status="published").count()
    if have < options.organisations:
        print(f"generating {options.organisations - have} organisations …", flush=True)
        call_command("generate_organisations", count=options.organisations - have, verbosity=0)
    if Post.objects.filter(direction="offer").count() < options.offers:
        print(f"building {options.offers} offers and {options.needs} needs …", flush=True)
        build_posts(options.offers, options.needs, options.seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    person = viewer()
    rng = random.Random(options.seed)

    need_ids = list(
        Post.objects.filter(direction="need", kind__in=["room", "skill"]).values_list(
            "pk", flat=True
        )
    )
    match_times = []
    found = []
    for pk in rng.sample(need_ids, min(options.runs, len(need_ids))):
        need = queries.post_or_none(pk)
        assert need is not None
        started = time.perf_counter()
        result = queries.matches(person, need)
        match_times.append((time.perf_counter() - started) * 1000)
        found.append(len(result))

    def facets(r: random.Random) -> dict[str, str]:
        if r.random() < 0.5:
            return {"kind": r.choice(KINDS), "language": r.choice(LANGUAGES)}
        return {
            "kind": r.choice(KINDS),
            "theme": r.choice(["youth", "culture", "sport", "empowerment"]),
        }

    def search_once(r: random.Random) -> float:
        filters = queries.parse_filters(facets(r))
        started = time.perf_counter()
        result = queries.search(person, filters)
        list(result.page.object_list)
        return (time.perf_counter() - started) * 1000

    single = [search_once(rng) for _ in range(options.runs)]

    parallel: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + options.seconds
    barrier = threading.Barrier(options.clients)

    def client_thread(index: int) -> None:
        r = random.Random(options.seed + index)
        local_person = viewer()
        own: list[float] = []
        try:
            barrier.wait()
            while time.monotonic() < stop_at:
                filters = queries.parse_filters(facets(r))
                started = time.perf_counter()
                result = queries.search(local_person, filters)
                list(result.page.object_list)
                own.append((time.perf_counter() - started) * 1000)
        finally:
            connections.close_all()
        with lock:
            parallel.extend(own)

    threads = [threading.Thread(target=client_thread, args=(i,)) for i in range(options.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    client = Client()
    client.force_login(person)
    page_times = []
    for _ in range(options.runs // 2):
        query = "&".join(f"{k}={v}" for k, v in facets(rng).items())
        started = time.perf_counter()
        response = client.get(f"/de/exchange/?{query}")
        page_times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200

    print(
        f"database: {connection.vendor}, organisations: {Organization.objects.count()}, "
        f"offers: {Post.objects.filter(direction='offer').count()}, "
        f"needs: {Post.objects.filter(direction='need').count()}, "
        f"matches per need: median {statistics.median(found):.0f}"
    )
    print(summary("matches for a need", match_times))
    print(summary("search with two facets, 1 client", single))
    print(summary(f"search with two facets, {options.clients} clients", parallel))
    print(summary("search page (test client), 1 client", page_times))
    print(
        f"throughput at {options.clients} clients: {len(parallel) / options.seconds:.1f} searches/s"
    )


if __name__ == "__main__":
    main()
