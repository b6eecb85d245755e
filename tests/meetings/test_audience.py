"""Issue 12: meeting invitations, reminders and minutes reach people through the one
recipient function (``networks.audience``): unsubscribing is per kind, each address once."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.meetings.conftest import World, meeting_data
from tests.networks.helpers import run_worker
from verbund.meetings import services
from verbund.networks.models import Unsubscription
from verbund.networks.taxonomy import MessageKind


# The real worker closes its database connection: only a committed test sees it.
@pytest.mark.django_db(transaction=True)
def test_unsubscribed_from_mailings_still_gets_the_meeting_invitation(world: World) -> None:
    Unsubscription.objects.create(
        network=world.network, email="alice@verein-a.example", kind=MessageKind.MAILING
    )
    Unsubscription.objects.create(
        network=world.network, email="bora@verein-b.example", kind=MessageKind.MEETING
    )
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    services.invite(world.coordinator, meeting)
    run_worker()
    invited = sorted(m.to[0] for m in mail.outbox)
    # Alice turned off mailings only; Bora turned off meeting messages of this network.
    assert invited == ["alice@verein-a.example", "koordination@netz.example"]
