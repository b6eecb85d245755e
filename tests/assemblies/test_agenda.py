"""Agenda and list of speakers: order of the floor, countdown, permissions, live state."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.assemblies.conftest import Hall
from tests.factories import PersonFactory
from verbund.assemblies import queries, services
from verbund.assemblies.models import AgendaItem, SpeakRequest
from verbund.assemblies.taxonomy import AgendaStatus, SpeechStatus


def test_points_of_order_come_first_then_in_order_with_a_countdown(hall: Hall) -> None:
    item = services.save_agenda_item(
        hall.chair, hall.conference, {"title": "Satzungsänderung", "speaking_seconds": 120}
    )
    services.start_agenda_item(hall.chair, item)
    services.request_to_speak(hall.person(0), item, "contribution")
    services.request_to_speak(hall.person(1), item, "contra")
    services.request_to_speak(hall.person(2), item, "order")
    with pytest.raises(ValidationError):
        services.request_to_speak(hall.person(0), item, "pro")  # already listed
    order = [r.participant.pk for r in queries.waiting_speakers(item)]
    assert order == [hall.delegates[2].pk, hall.delegates[0].pk, hall.delegates[1].pk]

    first = services.call_next_speaker(hall.chair, item)
    assert first is not None and first.participant == hall.delegates[2]
    assert first.ends_at - first.started_at == datetime.timedelta(seconds=120)
    state = queries.live_state(hall.conference.pk)["agenda"]
    assert state["speaker"]["name"] == str(hall.person(2))
    assert [w["name"] for w in state["waiting"]] == [str(hall.person(0)), str(hall.person(1))]

    second = services.call_next_speaker(hall.chair, item)
    assert second is not None and second.participant == hall.delegates[0]
    assert SpeakRequest.objects.get(pk=first.pk).status == SpeechStatus.DONE
    services.withdraw_request(hall.person(1), SpeakRequest.objects.get(item=item, status="waiting"))
    assert services.call_next_speaker(hall.chair, item) is None


def test_speakers_must_be_present_participants_and_only_the_chair_runs_the_agenda(
    hall: Hall,
) -> None:
    item = services.save_agenda_item(hall.chair, hall.conference, {"title": "Bericht"})
    with pytest.raises(PermissionDenied):
        services.save_agenda_item(hall.person(0), hall.conference, {"title": "x"})
    with pytest.raises(PermissionDenied):
        services.start_agenda_item(hall.person(0), item)
    with pytest.raises(PermissionDenied):
        services.call_next_speaker(hall.person(0), item)
    services.start_agenda_item(hall.chair, item)
    with pytest.raises(PermissionDenied):
        services.request_to_speak(PersonFactory(), item, "contribution")
    services.set_presence(hall.chair, hall.delegates[3], False)
    with pytest.raises(ValidationError):
        services.request_to_speak(hall.person(3), item, "contribution")
    press = PersonFactory()
    services.register(press, hall.conference, "press", consent=True)
    with pytest.raises(PermissionDenied):
        services.request_to_speak(press, item, "contribution")
    listed = services.request_to_speak(hall.person(0), item, "pro")
    with pytest.raises(PermissionDenied):
        services.withdraw_request(hall.person(1), listed)


def test_starting_an_item_closes_the_previous_one(hall: Hall) -> None:
    first = services.save_agenda_item(hall.chair, hall.conference, {"title": "Eins"})
    second = services.save_agenda_item(hall.chair, hall.conference, {"title": "Zwei"})
    services.start_agenda_item(hall.chair, first)
    services.request_to_speak(hall.person(0), first, "contribution")
    services.call_next_speaker(hall.chair, first)
    services.start_agenda_item(hall.chair, second)
    assert AgendaItem.objects.get(pk=first.pk).status == AgendaStatus.DONE
    assert not SpeakRequest.objects.filter(item=first, status="speaking").exists()
    with pytest.raises(ValidationError):
        services.request_to_speak(hall.person(1), first, "contribution")


def test_agenda_page_and_projector_without_javascript(hall: Hall) -> None:
    item = services.save_agenda_item(hall.chair, hall.conference, {"title": "Wahlen"})
    services.start_agenda_item(hall.chair, item)
    delegate = Client()
    delegate.force_login(hall.person(0))
    url = reverse("assemblies:agenda", args=[hall.conference.pk])
    delegate.post(
        reverse("assemblies:agenda_item_action", args=[hall.conference.pk, item.pk, "speak"]),
        {"kind": "contribution"},
    )
    forbidden = delegate.post(
        reverse("assemblies:agenda_item_action", args=[hall.conference.pk, item.pk, "next"])
    )
    assert forbidden.status_code == 403
    chair = Client()
    chair.force_login(hall.chair)
    chair.post(reverse("assemblies:agenda_item_action", args=[hall.conference.pk, item.pk, "next"]))
    page = delegate.get(url).content.decode()
    assert str(hall.person(0)) in page and "data-ends-at" in page
    projector = Client().get(reverse("assemblies:projector", args=[hall.conference.pk]))
    assert projector.status_code == 200
    assert 'http-equiv="refresh"' in projector.content.decode()
