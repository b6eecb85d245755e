"""What a walkthrough found in meetings: the invitation to a meeting in person spoke of
"online participation", and minutes of a sitting next February could be approved and sent
in December."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.meetings.conftest import World, meeting_data
from tests.networks.helpers import run_worker
from verbund.meetings import services
from verbund.meetings.models import Minutes


@pytest.mark.django_db(transaction=True)  # the real worker sends the e-mails
def test_an_invitation_in_person_does_not_speak_of_taking_part_online(world: World) -> None:
    meeting = services.schedule_meeting(
        world.coordinator,
        world.network,
        meeting_data(format="in_person", online_link="", recurrence=""),
    )
    services.invite(world.coordinator, meeting)
    run_worker()
    body = next(m for m in mail.outbox if m.to == [world.alice.email]).body
    assert "Begegnungszentrum, Eisenbahnstraße 1, Leipzig" in body
    with translation.override("de"):
        assert translation.gettext("The meeting on the platform:") in body
    assert "Online" not in body
    assert reverse("meetings:detail", kwargs={"pk": meeting.pk}) in body


@pytest.mark.django_db
def test_minutes_of_a_sitting_still_to_come_are_not_approved_or_sent(world: World) -> None:
    meeting = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(format="online", place="")
    )
    later = timezone.localdate() + datetime.timedelta(days=60)
    minutes = services.start_minutes(world.coordinator, meeting, later)
    with pytest.raises(ValidationError) as refused:
        services.approve_minutes(world.coordinator, minutes)
    assert refused.value.code == "not_yet_held"
    # Forced to "approved" behind the service's back, it is still not sent.
    Minutes.objects.filter(pk=minutes.pk).update(status="approved")
    minutes.refresh_from_db()
    with pytest.raises(ValidationError):
        services.send_minutes(world.coordinator, minutes)
    assert not mail.outbox

    # In the browser the coordinator reads why, in German, and nothing changes.
    draft = services.start_minutes(world.coordinator, meeting, later + datetime.timedelta(days=7))
    client = Client()
    client.force_login(world.coordinator)
    page = client.post(
        reverse("meetings:approve", kwargs={"pk": draft.pk}), follow=True, HTTP_ACCEPT_LANGUAGE="de"
    )
    text = page.content.decode()
    assert "hat noch nicht stattgefunden" in text
    draft.refresh_from_db()
    assert draft.status == "draft"

    held = services.start_minutes(
        world.coordinator, meeting, timezone.localdate() - datetime.timedelta(days=1)
    )
    assert services.approve_minutes(world.coordinator, held).status == "approved"
