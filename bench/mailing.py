"""Benchmark: a member mailing to 5,000 recipients, queued and delivered by the real worker.

Usage (PostgreSQL, as in production; the worker is a separate process on the same database):

    .venv/bin/python bench/mailing.py \
        --database-url postgres://postgres@127.0.0.1:5432/verbund_bench_mailing --recipients 5000

    # a network of 5,000 member organisations with two contact persons each, delivered over
    # SMTP to a server the bench runs (issue 12):
    .venv/bin/python bench/mailing.py \
        --database-url postgres://postgres@127.0.0.1:5432/verbund_bench_mailing \
        --organisations 5000 --contacts-per-organisation 2 --smtp

Steps:

1. create and migrate the database; build (once) a network with 25 member organisations
   through the services, then bulk-insert fixture people affiliated with the members and
   contact persons without an account, in seven languages, until there are ``--recipients``
   addresses;
2. write the mailing through ``networks.services.save_mailing`` (German, English, Turkish and
   Arabic versions) and time ``services.send_mailing`` — the call that selects the recipients,
   writes one status row each and enqueues the delivery batches;
3. start ``manage.py db_worker`` as its own process (dummy e-mail backend, so nothing leaves
   the machine; with ``--smtp`` Django's SMTP backend talking to an aiosmtpd server in this
   process, which parses every message it receives) and time it until no batch is left;
4. check that every recipient row ended with status ``sent`` exactly once and that the
   worker rendered each message in the recipient's language (with ``--smtp``: that each
   address received exactly one message, with that ``Content-Language`` and the one-click
   unsubscribe headers).

With ``--organisations`` the audience is a network of that many member organisations, made
the way a spreadsheet import makes them (``create_organizations`` and ``join_after_import``),
each with its general address and ``--contacts-per-organisation`` contact persons in the seven
languages or "as the organisation"; the recipients are resolved by the one recipient function
(``networks.audience.reach`` through ``queries.recipients_for``), timed on its own.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path
from typing import Any

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


def build_member_network(organisations: int, contacts: int) -> tuple[object, object]:
    """A network of ``organisations`` imported members with ``contacts`` contact persons each."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from verbund.organizations.models import Organization

    user_model = get_user_model()
    staff, _created = user_model.objects.get_or_create(
        email="bench-staff@example.org",
        defaults={"display_name": "Bench Staff", "is_staff": True, "password": make_password(None)},
    )
    slug = f"bench-netz-{organisations}x{contacts}"
    network = Organization.objects.filter(slug=slug).first()
    if network is not None:
        return staff, network
    with transaction.atomic():  # all or nothing: a half-built network would be reused
        return staff, _build_members(staff, slug, organisations, contacts)


def _build_members(staff: Any, slug: str, organisations: int, contacts: int) -> Any:
    from verbund.core.actors import OPERATOR
    from verbund.networks import services as network_services
    from verbund.organizations import services
    from verbund.organizations.models import ContactPerson

    log(f"building a network of {organisations} members with {contacts} contacts each")
    network = services.create_organization(
        OPERATOR,
        {
            "name": f"Bench Netz {organisations}",
            "slug": slug,
            "kind": "umbrella",
            "city": "Köln",
            "federal_state": "NW",
        },
        status="published",
    )
    created: list[Any] = []
    for start in range(0, organisations, 1000):
        created += services.create_organizations(
            staff,
            [
                {
                    "name": f"Bench Verein {slug} {n}",
                    "kind": "migrant",
                    "city": "Köln",
                    "federal_state": "NW",
                    "email": f"verein{n}@{slug}.example.org",
                }
                for n in range(start, min(start + 1000, organisations))
            ],
            # As an import makes them: drafts waiting for review (they are still reached).
            status="draft",
            request_review=False,
        )
    network_services.join_after_import(staff, network, created, [])
    # Contact languages: the seven, and every eighth "as the organisation" (empty).
    choices = (*LANGUAGES, "")
    ContactPerson.objects.bulk_create(
        (
            ContactPerson(
                organization_id=organization.pk,
                name=f"Kontakt {n}-{k}",
                email=f"kontakt{k}@verein{n}.{slug}.example.org",
                visibility=("members", "staff")[k % 2],
                language=choices[(n * contacts + k) % len(choices)],
            )
            for n, organization in enumerate(created)
            for k in range(contacts)
        ),
        batch_size=2000,
    )
    return network


class CountingHandler:
    """The SMTP server's handler: keeps, per address, the languages of the messages received."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: dict[str, list[str]] = {}
        self.without_unsubscribe = 0
        self.first: float | None = None
        self.last: float | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=email_policy.default)
        now = time.perf_counter()
        with self.lock:
            self.first = self.first or now
            self.last = now
            if "One-Click" not in str(message.get("List-Unsubscribe-Post", "")):
                self.without_unsubscribe += 1
            for address in envelope.rcpt_tos:
                self.received.setdefault(address, []).append(
                    str(message.get("Content-Language", ""))
                )
        return "250 OK"


def start_smtp_server() -> tuple[Any, CountingHandler, int]:
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per SMTP command

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, handler, port


def run_worker(database_url: str, timeout: int, smtp_port: int | None = None) -> tuple[float, str]:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PYTHONPATH": str(ROOT / "src"),
    }
    if smtp_port is not None:
        environment |= {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
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
    parser.add_argument("--worker-timeout", type=int, default=900)
    parser.add_argument(
        "--organisations",
        type=int,
        default=0,
        help="a network of this many imported member organisations instead of --recipients",
    )
    parser.add_argument("--contacts-per-organisation", type=int, default=2)
    parser.add_argument(
        "--smtp", action="store_true", help="deliver over SMTP to a server the bench runs"
    )
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
    if args.organisations:
        staff, network = build_member_network(args.organisations, args.contacts_per_organisation)
    else:
        staff, network = build_audience(args.recipients)
    resolve_times = []
    for _run in range(5):
        started = time.perf_counter()
        expected = queries.recipients_for(network, {"members": True}, list(VERSIONS))  # type: ignore[arg-type]
        resolve_times.append(time.perf_counter() - started)
    resolve_seconds = statistics.median(resolve_times)
    log(
        f"{len(expected)} recipients in {dict(Counter(r.language for r in expected))}, "
        f"resolved in {resolve_seconds:.2f} s (median of 5, max {max(resolve_times):.2f} s)"
    )
    # Tasks an earlier run left, or that building the network queued, would otherwise run in
    # the worker below and count in the mailing's delivery time.
    DBTaskResult.objects.filter(status="READY").delete()

    mailing = services.save_mailing(staff, network, VERSIONS, {"members": True})  # type: ignore[arg-type]
    started = time.perf_counter()
    count = services.send_mailing(staff, mailing)
    queue_seconds = time.perf_counter() - started
    batches = DBTaskResult.objects.filter(status="READY").count()
    log(f"queued {count} recipients in {batches} batches in {queue_seconds:.2f} s")

    smtp = start_smtp_server() if args.smtp else None
    worker_started = timezone.now()
    worker_seconds, _output = run_worker(
        args.database_url, args.worker_timeout, smtp[2] if smtp else None
    )
    if smtp is not None:
        smtp[0].stop()
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
    print(
        f"| `recipients_for` (resolve, median of 5) | {len(expected)} | - | {resolve_seconds:.2f} |"
    )
    print(f"| `send_mailing` (queue) | {count} | {batches} | {queue_seconds:.2f} |")
    print(
        f"| `db_worker` process until the queue is empty | {count} | {batches} | "
        f"{worker_seconds:.1f} (last message sent after {delivery_seconds:.1f}) |"
    )
    print()
    print(f"each recipient exactly one row with status 'sent': {once and all_sent}")
    print(f"each recipient queued in their preferred language: {in_language}")
    print(f"mailing status: {mailing.status}")
    print(f"messages per second over the worker process: {count / worker_seconds:.0f}")
    received_right = True
    if smtp is not None:
        handler = smtp[1]
        received = sum(len(languages) for languages in handler.received.values())
        spread = (handler.last or 0) - (handler.first or 0)
        received_right = (
            received == count
            and all(len(languages) == 1 for languages in handler.received.values())
            and all(handler.received.get(e) == [lang] for e, lang in wanted.items())
            and handler.without_unsubscribe == 0
        )
        print(
            f"SMTP server received {received} messages for {len(handler.received)} addresses; "
            f"first to last {spread:.1f} s = {received / spread if spread else 0:.0f} messages/s"
        )
        print(
            "each address exactly one message, in its language, with one-click unsubscribe: "
            f"{received_right}"
        )
    if not (once and all_sent and in_language and received_right):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
