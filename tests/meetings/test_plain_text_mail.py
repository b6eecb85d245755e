"""Plain-text e-mails carry what people typed, unescaped (F13); unsubscribe links name no
address (F14)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.meetings.conftest import World, meeting_data
from tests.networks.helpers import join, legacy_unsubscribe_token, network, run_worker
from verbund.meetings import services as meeting_services
from verbund.networks import services as network_services
from verbund.notifications import services as notification_services
from verbund.organizations import services as organization_services

TITLE = 'Haus & Hof <Jahresplanung> "2027"'
ESCAPED = ("&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "&#34;", "&#39;")


def _plain(text: str) -> None:
    assert not [entity for entity in ESCAPED if entity in text], text


# The worker runs in this process and ends its connection after a batch: outside a test
# transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_a_meeting_title_arrives_as_typed_in_subject_and_body(world: World) -> None:
    meeting = meeting_services.schedule_meeting(
        world.coordinator,
        world.network,
        meeting_data(title=TITLE, description="Kaffee & Kuchen <ab 17 Uhr>"),
    )
    meeting_services.add_agenda_item(world.coordinator, meeting, {"title": "Tür & Tor"})
    meeting_services.invite(world.coordinator, meeting)
    run_worker()
    invitation = next(m for m in mail.outbox if m.to == ["alice@verein-a.example"])
    assert TITLE in invitation.subject
    assert TITLE in invitation.body
    assert "Tür & Tor" in invitation.body
    _plain(invitation.subject)
    _plain(invitation.body)


@pytest.mark.django_db(transaction=True)
def test_a_mailing_and_a_notification_arrive_as_typed() -> None:
    staff = StaffFactory()
    bund = network("Netz & Verbund")
    verein = make_organization(name="Verein <Nord>")
    join(staff, bund, verein)
    reader = PersonFactory(preferred_language="de")
    organization_services.add_person(staff, verein, reader, "member")
    versions = {"de": {"subject": TITLE, "body": 'Bitte "pünktlich" & <vorbereitet> kommen.'}}
    network_services.send_mailing(staff, network_services.save_mailing(staff, bund, versions, {}))
    notification_services.notify([reader], "meetings", f"Neu: {TITLE}", text="A & B < C")
    run_worker()
    to_reader = [m for m in mail.outbox if m.to == [reader.email]]
    mailing = next(m for m in to_reader if m.subject == TITLE)
    assert 'Bitte "pünktlich" & <vorbereitet> kommen.' in mailing.body
    _plain(mailing.body)
    notice = next(m for m in to_reader if m is not mailing)
    assert TITLE in notice.subject or TITLE in notice.body
    _plain(notice.subject)
    _plain(notice.body)

    # F14: the unsubscribe link carries a signed recipient id, not the address.
    link = re.search(r"https?://\S+/unsubscribe/(\S+)/", mailing.body)
    assert link is not None
    token = link.group(1)
    assert reader.email not in token
    local, _at, domain = reader.email.partition("@")
    for encoded in (local, domain):
        assert encoded not in token
    # The rest is a keyed signature: random-looking bytes, checked by the server, which
    # carries nothing of the address (decoding it and looking for "@" would fail by chance).
    from verbund.networks.models import MailingRecipient

    recipient_id, _sep, _signature = token.partition(":")
    assert MailingRecipient.objects.get(pk=int(recipient_id)).email == reader.email
    assert re.fullmatch(r"\d+:[A-Za-z0-9_-]+", token)
    client = Client()
    assert client.post(f"/de/networks/unsubscribe/{token}/").status_code == 200
    assert bund.unsubscriptions.filter(email=reader.email).exists()
    # A forged id does not pass.
    number, signature = token.split(":")
    forged = f"{int(number) + 1}:{signature}"
    assert client.post(f"/de/networks/unsubscribe/{forged}/").status_code == 404


@pytest.mark.django_db
def test_links_from_older_mailings_still_unsubscribe() -> None:
    bund = network("Altes Netz")
    token = legacy_unsubscribe_token(bund.pk, "frueher@example.org")
    assert Client().post(f"/de/networks/unsubscribe/{token}/").status_code == 200
    assert bund.unsubscriptions.filter(email="frueher@example.org").exists()
