"""axe-core finds no WCAG 2.1 A/AA violations on the assembly pages a delegate uses."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.assemblies.conftest import build_hall
from verbund.assemblies import services
from verbund.networks import services as network_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assembly_pages_are_accessible(
    new_context: Any, live_server: Any, assert_accessible: Any
) -> None:
    hall = build_hall(2)
    body = network_services.save_body(hall.coordinator, hall.network, {"kind": "board"})
    vote = services.save_poll(
        hall.chair, hall.conference, {"kind": "vote", "title": "Antrag", "secret": True}
    )
    election = services.save_poll(
        hall.chair,
        hall.conference,
        {"kind": "election", "title": "Vorstand", "body": body, "seats": 2, "method": "per_seat"},
    )
    services.add_candidate(hall.chair, election, "Amal")
    services.add_candidate(hall.chair, election, "Bogdan")
    services.open_poll(hall.chair, vote)
    services.cast_vote(hall.person(0), vote, {"choice": "yes"})
    services.close_poll(hall.chair, vote)
    services.open_poll(hall.chair, election)
    item = services.save_agenda_item(hall.chair, hall.conference, {"title": "Bericht"})
    services.start_agenda_item(hall.chair, item)
    services.request_to_speak(hall.person(0), item, "pro")
    services.request_to_speak(hall.person(1), item, "order")
    services.call_next_speaker(hall.chair, item)
    motion = services.submit_motion(
        hall.person(0), hall.conference, {"title": "Antrag", "text": "Eins.\n\nZwei."}
    )
    services.submit_amendment(hall.person(1), motion, 2, "Zwei, neu.")

    client = Client()
    client.force_login(hall.person(1))
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    conference = hall.conference.pk
    for path in (
        f"/de/assemblies/{conference}/",
        f"/de/assemblies/polls/{vote.pk}/",
        f"/de/assemblies/polls/{election.pk}/",
        f"/de/assemblies/{conference}/agenda/",
        f"/ar/assemblies/{conference}/projector/",
        f"/de/assemblies/{conference}/motions/",
        f"/de/assemblies/motions/{motion.pk}/",
        "/de/assemblies/",
    ):
        page.goto(path)
        assert_accessible(page)
