"""Benchmark: a member mailing to 5,000 recipients, queued and delivered by the real worker.

Usage (PostgreSQL, as in production; the worker is a separate process on the same database):

    .venv/bin/python bench/mailing.py \
        --database-url postgres://postgres@127.0.0.1:5432/verbund_bench_mailing --recipients 5000

Steps:

1. create and migrate the database; build (once) a network with 25 member organisations
   through the services, then bulk-insert fixture people affiliated with the members and
   contact persons without an account, in seven languages, until there are ``--recipients``
   addresses;
2. write the mailing through ``networks.services.save_mailing`` (German, English, Turkish and
   Arabic versions) and time ``services.send_mailing`` — the call that selects the recipients,
   writes one status row each and enqueues the delivery batches;
3. start ``manage.py db_worker`` as its own process (dummy e-mail backend, so nothing leaves
   the machine) and time it until no batch is left;
4. check that every recipient row ended with status ``sent`` exactly once and that the
   worker rendered each message in the recipient's language.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

LANGUAGES = ("de", "en", "tr", "ar", "fa", "ru", "uk")
VERSIONS = {
    "de": {"subject": "Einladung zur Mitgliederversammlung", "body": "Liebe Mitglieder, ..."},
    "en": {"subject": "Invitation to the general assembly", "body": "Dear members, ..."},
    "tr": {"subject": "Genel kurula davet", "body": "Sevgili üyeler, ..."},
    "ar": {"subject": "دعوة إلى الجمعية العامة", "body": "أعضاؤنا الأعزاء، ..."},
}
NETWORK_SLUG = "bench-mailing-netz"
MEMBERS = 25


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


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


def build_audience(recipients: int) -> tuple[object, object]:
    """The staff sender and the network; fixture contacts are bulk-inserted once."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from verbund.core.actors import OPERATOR
    from verbund.networks import services as network_services
    from verbund.organizations import services
    from verbund.organizations.models import Affiliation, ContactPerson, Organization

    user_model = get_user_model()
    no_password = make_password(None)  # fixture people never log in
    staff, _created = user_model.objects.get_or_create(
        email="bench-staff@example.org",
        defaults={"display_name": "Bench Staff", "is_staff": True, "password": no_password},
    )
    network = Organization.objects.filter(slug=NETWORK_SLUG).first()
    if network is None:
        network = services.create_organization(
            OPERATOR,
            {
                "name": "Bench Mailing Netz",
                "slug": NETWORK_SLUG,
                "kind": "umbrella",
                "city": "Berlin",
                "federal_state": "BE",
            },
            status="published",
        )
        for number in range(MEMBERS):
            member = services.create_organization(
                OPERATOR,
                {
                    "name": f"Bench Mitgliedsverein {number}",
                    "kind": "migrant",
                    "city": "Berlin",
                    "federal_state": "BE",
                },
                status="published",
            )
            network_services.add_member(staff, network, member, reason="test")
        members = list(network.member_links.values_list("member_id", flat=True))
        people_count = recipients * 4 // 5
        people = user_model.objects.bulk_create(
            user_model(
                email=f"bench-empfaenger{n}@example.org",
                display_name=f"Empfängerin {n}",
                preferred_language=LANGUAGES[n % len(LANGUAGES)],
                password=no_password,
            )
            for n in range(people_count)
        )
        Affiliation.objects.bulk_create(
            Affiliation(organization_id=members[n % len(members)], person=person, role="member")
            for n, person in enumerate(people)
        )
        ContactPerson.objects.bulk_create(
            ContactPerson(
                organization_id=members[n % len(members)],
                name=f"Kontakt {n}",
                email=f"bench-kontakt{n}@example.org",
                visibility="members",
            )
            for n in range(recipients - people_count)
        )
    return staff, network


def run_worker(database_url: str, timeout: int) -> tuple[float, str]:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PYTHONPATH": str(ROOT / "src"),
    }
    started = time.perf_counter()
    worker = subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--queue-name",
            "*",
            "--interval",
            "0",
            "--no-reload",
            "--verbosity",
            "1",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if worker.returncode != 0:
        raise SystemExit(f"db_worker failed:\n{worker.stderr[-3000:]}")
    return elapsed, worker.stderr + worker.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--worker-timeout", type=int, default=600)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The worker runs as its own process: use PostgreSQL (--database-url)")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    ensure_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from verbund.networks import queries, services
    from verbund.networks.models import MailingRecipient
    from verbund.networks.taxonomy import DeliveryStatus

    call_command("migrate", interactive=False, verbosity=0)
    staff, network = build_audience(args.recipients)
    expected = queries.recipients_for(network, {"members": True})  # type: ignore[arg-type]
    log(f"{len(expected)} recipients in {dict(Counter(r.language for r in expected))}")

    mailing = services.save_mailing(staff, network, VERSIONS, {"members": True})  # type: ignore[arg-type]
    started = time.perf_counter()
    count = services.send_mailing(staff, mailing)
    queue_seconds = time.perf_counter() - started
    batches = DBTaskResult.objects.filter(status="READY").count()
    log(f"queued {count} recipients in {batches} batches in {queue_seconds:.2f} s")

    worker_started = timezone.now()
    worker_seconds, _output = run_worker(args.database_url, args.worker_timeout)
    recipients = MailingRecipient.objects.filter(mailing=mailing)
    statuses = Counter(recipients.values_list("status", flat=True))
    last_sent = max(
        (at for at in recipients.values_list("sent_at", flat=True) if at is not None),
        default=None,
    )
    log(f"worker finished in {worker_seconds:.1f} s; statuses {dict(statuses)}")
    emails = list(recipients.values_list("email", flat=True))
    once = len(emails) == len(set(emails)) == count
    all_sent = statuses == {DeliveryStatus.SENT: count}
    wanted = {r.email: r.language for r in expected}
    in_language = all(
        wanted.get(email) == language
        for email, language in recipients.values_list("email", "language")
    )
    delivery_seconds = (
        (last_sent - worker_started).total_seconds() if last_sent is not None else float("nan")
    )
    mailing.refresh_from_db()
    print()
    print("| step | recipients | batches | seconds |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| `send_mailing` (queue) | {count} | {batches} | {queue_seconds:.2f} |")
    print(
        f"| `db_worker` process until the queue is empty | {count} | {batches} | "
        f"{worker_seconds:.1f} (last message sent after {delivery_seconds:.1f}) |"
    )
    print()
    print(f"each recipient exactly one row with status 'sent': {once and all_sent}")
    print(f"each recipient queued in their preferred language: {in_language}")
    print(f"mailing status: {mailing.status}")
    if not (once and all_sent and in_language):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
