"""Issue 12, part 3: a network's meeting also invites its member organisations' addresses
without an account — contact persons who want meeting invitations, else the organisation's
own address — through the one recipient function; they answer through the signed link, their
answers are in the attendance list, and each meeting e-mail carries a one-click link that
ends meeting messages (and only those) for that address."""

from __future__ import annotations

import contextlib
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.factories import PersonFactory, make_organization
from tests.meetings.conftest import World, meeting_data
from tests.networks.helpers import join, run_worker
from verbund.core.actors import OPERATOR
from verbund.meetings import services
from verbund.meetings.models import Invitation
from verbund.meetings.taxonomy import Response
from verbund.networks import queries as network_queries
from verbund.networks.models import Unsubscription
from verbund.networks.taxonomy import MessageKind
from verbund.organizations import services as organization_services

pytestmark = pytest.mark.django_db(transaction=True)  # the real worker sends


def volunteers(world: World) -> None:
    """Two member organisations run by volunteers without accounts: one with a contact person
    who prefers Turkish, one with only its own address; and a contact whose address is also
    an account (it must be written to once)."""
    verein_d = make_organization(name="Verein D", email="info@verein-d.example")
    verein_e = make_organization(name="Verein E", email="post@verein-e.example")
    join(OPERATOR, world.network, verein_d, verein_e)
    organization_services.save_contact_person(
        OPERATOR,
        verein_d,
        {"name": "Deniz Test", "email": "deniz@verein-d.example", "language": "tr"},
    )
    organization_services.save_contact_person(
        OPERATOR, world.member_a, {"name": "Alice Amsel", "email": "ALICE@verein-a.example"}
    )
    quiet = make_organization(name="Verein F", email="still@verein-f.example")
    join(OPERATOR, world.network, quiet)
    organization_services.save_contact_person(
        OPERATOR,
        quiet,
        {"name": "Fatma Test", "email": "fatma@verein-f.example", "receives_meetings": False},
    )


def readable(token: str) -> str:
    """What anyone can read out of a token without the key (signed tokens are only base64,
    maybe compressed)."""
    import base64
    import zlib

    texts = [token]
    for part in token.lstrip(".").split(":")[0].split("."):
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except ValueError:
            continue
        texts.append(raw.decode("latin-1"))
        with contextlib.suppress(zlib.error):
            texts.append(zlib.decompress(raw).decode("latin-1"))
    return " ".join(texts)


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_guests_are_invited_answer_by_link_and_appear_in_the_attendance_list(
    world: World,
) -> None:
    volunteers(world)
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    services.invite(world.coordinator, meeting)
    guests = {i.email: i for i in Invitation.objects.filter(meeting=meeting, person=None)}
    # Verein F's contact wants no meeting invitations: its own address is written to instead.
    assert set(guests) == {
        "deniz@verein-d.example",
        "post@verein-e.example",
        "still@verein-f.example",
    }
    assert guests["deniz@verein-d.example"].language == "tr"
    run_worker()
    sent = [m.to[0] for m in mail.outbox]
    assert sorted(sent) == sorted(set(sent))  # each address once
    assert sent.count("alice@verein-a.example") == 1
    turkish = next(m for m in mail.outbox if m.to == ["deniz@verein-d.example"])
    assert turkish.extra_headers["Content-Language"] == "tr"
    assert turkish.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    rsvp = re.search(r"https?://\S+/meetings/rsvp/\S+", turkish.body)
    assert rsvp, turkish.body
    visitor = Client()
    assert "Deniz Test" in visitor.get(path_of(rsvp.group(0))).content.decode()
    visitor.post(path_of(rsvp.group(0)), {"response": Response.YES})
    assert Invitation.objects.get(email="deniz@verein-d.example").response == Response.YES
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    page = coordinator.get(f"/en/meetings/{meeting.pk}/").content.decode()
    row = next(line for line in page.split("<tr>") if "Deniz Test" in line)
    assert "Verein D" in row and "without an account" in row and "Yes" in row
    assert "deniz@verein-d.example" not in page  # never the address


def test_unsubscribing_from_meeting_messages_leaves_mailings(world: World) -> None:
    volunteers(world)
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    services.invite(world.coordinator, meeting)
    run_worker()
    message = next(m for m in mail.outbox if m.to == ["post@verein-e.example"])
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    assert "post@verein-e.example" not in readable(path_of(link).rstrip("/").rsplit("/", 1)[-1])
    # A mail program's one-click POST, without a session.
    assert Client().post(path_of(link)).status_code == 200
    assert Unsubscription.objects.filter(
        network=world.network, email="post@verein-e.example", kind=MessageKind.MEETING
    ).exists()
    mail.outbox.clear()
    second = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(title="Zweites Treffen")
    )
    services.invite(world.coordinator, second)
    assert not Invitation.objects.filter(meeting=second, email="post@verein-e.example").exists()
    # The same address still receives the network's mailings.
    reached = network_queries.recipients_for(world.network, {"members": True}, ["de"])
    assert "post@verein-e.example" in {r.email for r in reached if not r.unsubscribed}


def test_a_guest_link_answers_only_its_own_invitation(world: World) -> None:
    volunteers(world)
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    services.invite(world.coordinator, meeting)
    guest = Invitation.objects.get(meeting=meeting, email="post@verein-e.example")
    # Without the link nobody answers for a guest, not even someone logged in.
    someone = PersonFactory()
    with pytest.raises(PermissionDenied):
        services.respond(someone, guest, Response.NO)
    forged = services.rsvp_token(guest)[:-2] + "xx"
    assert Client().get(f"/en/meetings/rsvp/{forged}/").status_code == 404
    guest.refresh_from_db()
    assert guest.response == Response.PENDING
    # A body's meeting invites its seat holders only.
    committee_meeting = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(body=world.committee, title="Ausschuss")
    )
    services.invite(world.coordinator, committee_meeting)
    assert not Invitation.objects.filter(meeting=committee_meeting, person=None).exists()
