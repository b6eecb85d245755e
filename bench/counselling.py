"""Benchmark: a counsellor's case list and the network statistics over 50,000 cases.

Usage (PostgreSQL is the production database):

    .venv/bin/python bench/counselling.py \
        --database-url postgres://postgres@127.0.0.1:5432/verbund_counselling_bench --cases 50000

It migrates the database and, when it holds fewer than ``--cases`` cases, builds six
centres in six member organisations of a published network (active memberships), a lead and
ten counsellors per centre, and the cases with sealed codes, places and client details,
grounds, consents (80 % consented to statistics) and one chronology entry each, spread over
two years. The rows are inserted in bulk with values sealed by ``crypto`` exactly as the
services seal them; the services themselves are exercised by the tests.

Then it times, in-process through Django's test client (the whole view: session, two-factor
check, query, decryption of the shown codes only, access-log row, template):

* the case list of the centre lead (all of a centre's ~8,300 cases, first page) and of a
  counsellor (the cases assigned to them);
* the network statistics page, cold (statistics rebuilt: the data version is bumped before
  every run) and warm (cached per data version);

and prints p50/p95/max in milliseconds. Targets: list p95 <= 100 ms, statistics p95 <= 200 ms.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summary(name: str, times: list[float]) -> str:
    return (
        f"{name} ({len(times)} runs): p50 {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms"
    )


def build(cases: int, seed: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from verbund.core.actors import OPERATOR
    from verbund.counselling import crypto, services
    from verbund.counselling.models import Case, CaseGround, Client, Consent, Entry
    from verbund.counselling.taxonomy import Domain, Form, Ground, Level, TeamRole
    from verbund.networks import services as network_services
    from verbund.organizations import services as organization_services

    rng = random.Random(seed)
    users = get_user_model()
    network = organization_services.create_organization(
        OPERATOR,
        {
            "name": "Bench-Bundeskonferenz",
            "kind": "umbrella",
            "city": "Berlin",
            "federal_state": "BE",
        },
        admin=users.objects.create_user("bench-coordinator@bench.example", "x"),
        status="published",
    )
    cities = [
        ("Hannover", "30159"),
        ("Halle (Saale)", "06108"),
        ("Berlin", "10115"),
        ("Leipzig", "04109"),
        ("Erfurt", "99084"),
        ("Rostock", "18055"),
    ]
    languages = ["de", "ar", "tr", "fa", "ru", "uk", "ku", "vi"]
    today = datetime.date.today()
    per_centre = cases // len(cities)
    for index, (city, postal_code) in enumerate(cities):
        organisation = organization_services.create_organization(
            OPERATOR,
            {
                "name": f"Bench-Verein {city}",
                "kind": "migrant",
                "city": city,
                "postal_code": postal_code,
                "federal_state": "BE",
            },
        )
        network_services.add_member(OPERATOR, network, organisation)
        centre = services.create_centre(OPERATOR, organisation, {"name": f"Beratung {city}"})
        team = []
        for number in range(11):
            person = users.objects.create_user(
                f"bench-{index}-{number}@bench.example",
                "x",
                display_name=f"Beratung {index}-{number}",
            )
            services.grant_role(
                OPERATOR, centre, person, TeamRole.LEAD if number == 0 else TeamRole.COUNSELLOR
            )
            team.append(person)
        with transaction.atomic():
            rows = []
            for _ in range(per_centre):
                code = services.new_case_code()
                opened = today - datetime.timedelta(days=rng.randint(0, 700))
                rows.append(
                    Case(
                        centre=centre,
                        code_enc=crypto.seal_text(code, "case.code"),
                        code_index=crypto.blind_index(code),
                        lead_counsellor=rng.choice(team[1:]),
                        opened_on=opened,
                        counselling_language=rng.choice(languages),
                        domain=rng.choice(Domain.values),
                        form=rng.choice(Form.values),
                        level=rng.choice(Level.values),
                        incident_on=opened,
                        place_enc=crypto.seal_text(
                            f"{city}, Stadtteil {rng.randint(1, 12)}", "case.place"
                        ),
                        statistics_consent=rng.random() < 0.8,
                    )
                )
            created = Case.objects.bulk_create(rows, batch_size=2000)
            Client.objects.bulk_create(
                [
                    Client(
                        case=case,
                        details_enc=crypto.seal_json(
                            {"languages": [case.counselling_language], "interpreting": False},
                            "client.details",
                        ),
                    )
                    for case in created
                ],
                batch_size=2000,
            )
            CaseGround.objects.bulk_create(
                [
                    CaseGround(case=case, ground=ground)
                    for case in created
                    for ground in rng.sample(list(Ground.values), rng.choice((1, 1, 2, 3)))
                ],
                batch_size=5000,
            )
            Consent.objects.bulk_create(
                [
                    Consent(case=case, kind=kind, given_on=case.opened_on)
                    for case in created
                    for kind in (
                        ["documentation", "statistics"]
                        if case.statistics_consent
                        else ["documentation"]
                    )
                ],
                batch_size=5000,
            )
            Entry.objects.bulk_create(
                [
                    Entry(
                        case=case,
                        kind="conversation",
                        happened_on=case.opened_on,
                        duration_minutes=60,
                        notes_enc=crypto.seal_text("Erstgespräch (Benchmark)", "entry.notes"),
                    )
                    for case in created
                ],
                batch_size=2000,
            )
        print(f"  centre {index + 1}/6: {per_centre} cases")


def client_for(person: Any) -> Any:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client as TestClient

    if not Authenticator.objects.filter(user=person).exists():
        TOTP.activate(person, generate_totp_secret())
    client = TestClient(HTTP_HOST="127.0.0.1")
    client.force_login(person)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": time.time(), "type": "totp"}
    ]
    session["account_authentication_methods_user"] = str(person.pk)
    session.save()
    return client


def timed(client: Any, url: str, runs: int, before: Any = None) -> list[float]:
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/verbund_counselling_bench"
        ),
    )
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=100)
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
    from django.db import connection
    from django.urls import reverse

    from verbund.counselling import queries
    from verbund.counselling.models import Case, Centre, TeamMember

    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    call_command("migrate", verbosity=0)
    if Case.objects.count() < options.cases // 6 * 6:
        print(f"building {options.cases} cases …")
        build(options.cases, options.seed)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    centre = Centre.objects.order_by("pk").first()
    assert centre is not None
    lead = TeamMember.objects.get(centre=centre, role="lead").person
    counsellor = (
        TeamMember.objects.filter(centre=centre, role="counsellor").order_by("pk").first().person
    )
    network = centre.organization.membership_links.get(status="active").network
    coordinator = network.affiliations.get().person
    year = datetime.date.today().year

    list_url = reverse("counselling:centre", args=[centre.pk])
    lead_times = timed(client_for(lead), list_url, options.runs)
    counsellor_times = timed(client_for(counsellor), list_url, options.runs)
    stats_url = reverse("counselling:network_statistics", args=[network.slug]) + f"?year={year}"
    coordinator_client = client_for(coordinator)
    cold = timed(
        coordinator_client, stats_url, max(20, options.runs // 4), before=queries.statistics_changed
    )
    warm = timed(coordinator_client, stats_url, options.runs)
    visible = queries.visible_cases(counsellor, centre).count()
    print(
        f"database: {connection.vendor}, cases: {Case.objects.count()}, "
        f"centres: {Centre.objects.count()}, "
        f"cases of the lead's centre: {queries.visible_cases(lead, centre).count()}, "
        f"of the counsellor: {visible}"
    )
    print(summary("case list, centre lead", lead_times))
    print(summary("case list, counsellor", counsellor_times))
    print(summary("network statistics, cold", cold))
    print(summary("network statistics, cached", warm))


if __name__ == "__main__":
    main()
