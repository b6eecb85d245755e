"""Members of another network, and people without a login, see none of a network's meetings,
minutes and action items."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.meetings.conftest import World, meeting_data
from verbund.meetings import services

pytestmark = pytest.mark.django_db


def _everything(world: World) -> dict[str, str]:
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    agenda = services.add_agenda_item(world.coordinator, meeting, {"title": "Eins"})
    services.invite(world.coordinator, meeting)
    # Minutes are approved after their sitting: last week's.
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    minutes = services.start_minutes(world.coordinator, meeting, last_week)
    services.approve_minutes(world.coordinator, minutes)
    item = services.create_action_item(
        world.coordinator, world.network, {"title": "Geheim", "assignee": world.alice}
    )
    return {
        "network": f"/de/meetings/network/{world.network.slug}/",
        "schedule": f"/de/meetings/network/{world.network.slug}/new/",
        "overview": f"/de/meetings/network/{world.network.slug}/tasks/",
        "detail": f"/de/meetings/{meeting.pk}/",
        "edit": f"/de/meetings/{meeting.pk}/edit/",
        "ics": f"/de/meetings/{meeting.pk}/meeting.ics",
        "minutes": f"/de/meetings/minutes/{minutes.pk}/",
        "pdf": f"/de/meetings/minutes/{minutes.pk}/minutes.pdf",
        "task": f"/de/meetings/tasks/{item.pk}/",
        "move": f"/de/meetings/{meeting.pk}/agenda/{agenda.pk}/move/",
    }


def test_members_of_another_network_see_none_of_it(world: World) -> None:
    paths = _everything(world)
    client = Client()
    client.force_login(world.outsider)
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code in (404, 405), (name, response.status_code)
    for name in ("detail", "minutes", "move"):
        assert client.post(paths[name] + ("invite/" if name == "detail" else "")).status_code in (
            404,
            405,
        )
    assert "Geheim" not in client.get("/de/meetings/tasks/").content.decode()
    assert "Koordinierungstreffen" not in client.get("/de/meetings/").content.decode()


def test_without_a_login_everything_asks_to_log_in(world: World) -> None:
    for path in _everything(world).values():
        response = Client().get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_members_see_but_do_not_run_the_meetings(world: World) -> None:
    paths = _everything(world)
    client = Client()
    client.force_login(world.bora)
    for name in ("network", "detail", "ics", "minutes", "pdf", "task"):
        assert client.get(paths[name]).status_code == 200, name
    for name in ("schedule", "overview", "edit"):
        assert client.get(paths[name]).status_code == 403, name
    assert client.post(paths["detail"] + "invite/").status_code == 403
    assert client.post(paths["task"], {"status": "done"}).status_code == 403
