"""Member mailings: recipients, languages, batches through the real worker, unsubscribing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import join, legacy_unsubscribe_token, network, run_worker
from verbund.accounts.models import User
from verbund.networks import queries, services
from verbund.networks.models import MailingRecipient
from verbund.networks.taxonomy import BodyKind, DeliveryStatus, MailingStatus, MembershipType
from verbund.organizations import services as organization_services
from verbund.organizations.models import Affiliation

VERSIONS = {
    "de": {"subject": "Einladung zur Konferenz", "body": "Liebe Mitglieder, ..."},
    "en": {"subject": "Invitation to the conference", "body": "Dear members, ..."},
    "tr": {"subject": "Konferansa davet", "body": "Sevgili üyeler, ..."},
}
LANGUAGES = ("de", "en", "tr", "ar")
MANAGE = Path(__file__).resolve().parents[2] / "manage.py"


def five_thousand_recipients() -> tuple[Any, Any, str]:
    """A network whose 25 member organisations have 5,000 people in four languages."""
    staff = StaffFactory()
    bund = network("Bundesnetz Mailing")
    members = [make_organization(name=f"Mitglied {n}") for n in range(25)]
    join(staff, bund, *members)
    people = User.objects.bulk_create(
        User(
            email=f"empfaenger{n}@example.org",
            display_name=f"Empfänger {n}",
            preferred_language=LANGUAGES[n % len(LANGUAGES)],
            password="!",
        )
        for n in range(5000)
    )
    Affiliation.objects.bulk_create(
        Affiliation(organization=members[n % len(members)], person=person, role="member")
        for n, person in enumerate(people)
    )
    # A contact person who also has an account is still mailed once.
    organization_services.save_contact_person(
        staff,
        members[0],
        {"name": "Doppelt", "email": "EMPFAENGER0@example.org", "visibility": "members"},
    )
    unsubscribed = "empfaenger7@example.org"
    services.unsubscribe(legacy_unsubscribe_token(bund.pk, unsubscribed))
    return staff, bund, unsubscribed


@pytest.mark.django_db(transaction=True)
def test_5000_recipients_are_queued_in_batches_and_delivered_once_in_their_language(
    client: Any,
) -> None:
    staff, bund, unsubscribed = five_thousand_recipients()
    mailing = services.save_mailing(staff, bund, VERSIONS, {"members": True})
    with CaptureQueriesContext(connection) as queued:
        count = services.send_mailing(staff, mailing)
    assert count == 5000
    # Queueing is a fixed handful of queries plus one INSERT per row batch and per task:
    # nothing runs once per recipient.
    statements = [q["sql"] for q in queued.captured_queries]
    row_inserts = [s for s in statements if s.startswith('INSERT INTO "networks_mailingrecipient"')]
    task_inserts = [s for s in statements if s.startswith('INSERT INTO "django_tasks_database')]
    # At most 500 rows each; SQLite's 999 variables allow 83 rows of 12 columns.
    assert len(row_inserts) <= 61
    assert len(task_inserts) == 25
    assert len(statements) - len(row_inserts) - len(task_inserts) <= 15, statements
    batches = list(
        DBTaskResult.objects.filter(task_path="verbund.networks.tasks.deliver_mailing_batch")
    )
    assert len(batches) == 25
    sizes = sorted(len(b.args_kwargs["args"][1]) for b in batches)
    assert sizes == [199] + [200] * 24
    assert MailingRecipient.objects.get(email=unsubscribed).status == DeliveryStatus.UNSUBSCRIBED

    run_worker()

    addressed = [message.to[0] for message in mail.outbox]
    assert len(addressed) == 4999 == len(set(addressed))
    assert unsubscribed not in addressed
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    expected = {
        "de": VERSIONS["de"]["subject"],
        "en": VERSIONS["en"]["subject"],
        "tr": VERSIONS["tr"]["subject"],
        "ar": VERSIONS["de"]["subject"],
    }
    for n in (0, 1, 2, 3, 4998):
        assert subjects[f"empfaenger{n}@example.org"] == expected[LANGUAGES[n % 4]]
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
    statuses = Counter(mailing.recipients.values_list("status", flat=True))
    assert statuses == {DeliveryStatus.SENT: 4999, DeliveryStatus.UNSUBSCRIBED: 1}
    client.force_login(staff)
    page = client.get(reverse("networks:mailing", kwargs={"slug": bund.slug, "pk": mailing.pk}))
    assert 'id="count-sent">4999<' in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_unsubscribe_link_is_honoured_for_later_mailings(client: Any) -> None:
    staff = StaffFactory()
    bund = network("Netz mit Abmeldung")
    verein = make_organization(name="Verein")
    join(staff, bund, verein)
    reader = PersonFactory(preferred_language="en")
    organization_services.add_person(staff, verein, reader, "member")
    first = services.save_mailing(staff, bund, VERSIONS, {})
    services.send_mailing(staff, first)
    run_worker()
    message = next(m for m in mail.outbox if m.to == [reader.email])
    assert message.subject == VERSIONS["en"]["subject"]
    link = re.search(r"http\S+/unsubscribe/\S+/", message.body)
    assert link is not None
    assert message.extra_headers["List-Unsubscribe"] == f"<{link.group(0)}>"
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    assert client.get(f"/{path}").status_code == 200  # a GET (link scanners) changes nothing
    assert not bund.unsubscriptions.exists()
    assert client.post(f"/{path}").status_code == 200
    tampered = path.replace(path.split("/")[-2], path.split("/")[-2][:-3] + "xyz")
    assert client.get(f"/{tampered}").status_code == 404
    mail.outbox.clear()
    second = services.save_mailing(staff, bund, VERSIONS, {})
    services.send_mailing(staff, second)
    run_worker()
    assert reader.email not in [m.to[0] for m in mail.outbox]
    assert second.recipients.get(email=reader.email).status == DeliveryStatus.UNSUBSCRIBED


@pytest.mark.django_db
def test_recipients_are_filtered_by_type_kind_state_theme_and_body() -> None:
    staff = StaffFactory()
    bund = network("Filternetz")

    def member(name: str, **data: Any) -> Any:
        organization = make_organization(name=name, **data)
        organization_services.save_contact_person(
            staff,
            organization,
            {"name": name, "email": f"{name.lower()}@example.org", "visibility": "members"},
        )
        return organization

    full = member("Voll", kind="migrant", federal_state="MV", themes=["youth"])
    supporting = member("Foerder", kind="parents", federal_state="BE")
    join(staff, bund, full)
    services.add_member(staff, bund, supporting, type_=MembershipType.SUPPORTING, reason="test")
    outside = member("Draussen")  # not a member
    assert outside

    def emails(**audience: Any) -> set[str]:
        return {r.email for r in queries.recipients_for(bund, audience)}

    assert emails() == {"voll@example.org", "foerder@example.org"}
    assert emails(types=["supporting"]) == {"foerder@example.org"}
    assert emails(kinds=["migrant"]) == {"voll@example.org"}
    assert emails(states=["BE"]) == {"foerder@example.org"}
    assert emails(themes=["youth"]) == {"voll@example.org"}
    committee_person = PersonFactory(email="ausschuss@example.org")
    committee = services.save_body(staff, bund, {"kind": BodyKind.COMMITTEE})
    services.save_seat(staff, committee, {"holder_name": "A", "person": committee_person})
    assert emails(members=False, bodies=[committee.pk]) == {"ausschuss@example.org"}


@pytest.mark.django_db
def test_compose_preview_and_send_in_the_browserless_flow(client: Any) -> None:
    coordinator = PersonFactory()
    bund = network("Netz Vorschau", coordinator=coordinator)
    verein = make_organization(name="Verein Vorschau")
    join(StaffFactory(), bund, verein)
    organization_services.add_person(StaffFactory(), verein, PersonFactory(), "member")
    client.force_login(coordinator)
    new_url = reverse("networks:mailing_new", kwargs={"slug": bund.slug})
    incomplete = client.post(new_url, {"subject_de": "Nur Betreff", "members": "on"})
    assert incomplete.status_code == 400
    assert "Nur Betreff" in incomplete.content.decode()  # what was typed is kept
    response = client.post(
        new_url,
        {
            "subject_de": "Rundbrief",
            "body_de": "Hallo!",
            "subject_en": "Newsletter",
            "body_en": "Hello!",
            "members": "on",
        },
    )
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "Rundbrief" in preview and "Newsletter" in preview
    assert 'id="recipient-count">1 ' in preview
    mailing = bund.mailings.get()
    sent = client.post(
        reverse("networks:mailing_send", kwargs={"slug": bund.slug, "pk": mailing.pk})
    )
    assert sent.status_code == 302
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.QUEUED
    again = client.post(
        reverse("networks:mailing_send", kwargs={"slug": bund.slug, "pk": mailing.pk})
    )
    assert again.status_code == 302
    assert mailing.recipients.count() == 1  # sending twice queues nothing more


@pytest.mark.django_db(transaction=True)
def test_a_separate_worker_process_delivers_the_mailing_on_postgresql() -> None:
    """``manage.py db_worker`` as its own process, as in production, on the test database."""
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database is invisible to another process")
    staff, bund, unsubscribed = five_thousand_recipients()
    mailing = services.save_mailing(staff, bund, VERSIONS, {})
    services.send_mailing(staff, mailing)
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@"
        f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/"
        f"{settings_dict['NAME']}"
    )
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "VERBUND_TESTING": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "DJANGO_DEBUG": "0",
    }
    worker = subprocess.run(
        [
            sys.executable,
            str(MANAGE),
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--queue-name",
            "*",
            "--interval",
            "0",
            "--no-reload",
            "--verbosity",
            "0",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    delivered = re.findall(r"^To: (\S+)$", worker.stdout, flags=re.MULTILINE)
    assert len(delivered) == 4999 == len(set(delivered))
    assert unsubscribed not in delivered
    statuses = Counter(mailing.recipients.values_list("status", flat=True))
    assert statuses == {DeliveryStatus.SENT: 4999, DeliveryStatus.UNSUBSCRIBED: 1}
