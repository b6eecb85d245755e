"""The minutes' PDF is tagged (a structure tree screen readers follow) and says the language
it is written in: the Arabic reader's file is Arabic, right to left; the e-mailed copy is in
each recipient's language. Read back with pikepdf, not with WeasyPrint."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from tests.meetings.conftest import World, meeting_data
from tests.networks.helpers import run_worker
from tests.pdfcheck import structure_roles, tagged_language
from verbund.core.pdf import language_context
from verbund.meetings import services


def _approved(world: World) -> Any:
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    services.add_agenda_item(world.coordinator, meeting, {"title": "Sommerfest"})
    services.invite(world.coordinator, meeting)
    minutes = services.start_minutes(world.coordinator, meeting, datetime.date(2026, 11, 24))
    services.record_decision(world.coordinator, minutes, {"text": "Das Fest findet statt."})
    services.approve_minutes(world.coordinator, minutes)
    return minutes


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "ar", "fa", "en"])
def test_the_minutes_pdf_is_tagged_in_the_readers_language(world: World, language: str) -> None:
    minutes = _approved(world)
    client = Client()
    client.force_login(world.alice)
    response = client.get(f"/{language}/meetings/minutes/{minutes.pk}/minutes.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert tagged_language(response.content) == language
    assert {"H1", "H2", "P", "Table"} <= structure_roles(response.content)


@pytest.mark.django_db
def test_the_arabic_minutes_run_right_to_left(world: World) -> None:
    minutes = _approved(world)
    with translation.override("ar"):
        html = render_to_string(
            "meetings/minutes_pdf.html",
            {**language_context(), "minutes": minutes, "meeting": minutes.meeting},
        )
    assert '<html lang="ar" dir="rtl">' in html


# The real worker closes its database connection: only a committed test sees it.
@pytest.mark.django_db(transaction=True)
def test_each_recipient_gets_the_minutes_in_their_language(world: World) -> None:
    world.alice.preferred_language = "ar"
    world.alice.save(update_fields=["preferred_language"])
    minutes = _approved(world)
    mail.outbox.clear()
    services.send_minutes(world.coordinator, minutes)
    run_worker()
    languages = {
        message.to[0]: tagged_language(message.attachments[0][1])
        for message in mail.outbox
        if message.attachments and message.attachments[0][2] == "application/pdf"
    }
    assert languages == {
        world.alice.email: "ar",
        world.bora.email: "de",
        world.coordinator.email: "de",
    }
