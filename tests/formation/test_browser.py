"""The workplace pages of this issue pass axe-core in a real browser and work without
JavaScript: a network in formation, notifications and their settings, meetings and tasks,
the document search."""

from __future__ import annotations

from typing import Any

import pytest

from tests.meetings.conftest import World, _fast_passwords, meeting_data, world
from tests.meetings.test_browser import _log_in
from verbund.formation import services as formation
from verbund.meetings import services as meetings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["_fast_passwords", "world"]


def test_the_pages_are_accessible(world: World, page: Any, assert_accessible: Any) -> None:
    started = formation.start_formation(
        world.alice, world.member_a, name="Neues Netzwerk", goal="Zusammenarbeit"
    )
    formation.add_candidate(world.alice, started, world.member_b)
    meeting = meetings.schedule_meeting(world.coordinator, world.network, meeting_data())
    meetings.invite(world.coordinator, meeting)
    meetings.create_action_item(
        world.coordinator, world.network, {"title": "Raum buchen", "assignee": world.alice}
    )
    _log_in(page, world.alice)
    for path in (
        f"/de/formation/{started.pk}/?themes=education_family&max_km=100",
        "/de/formation/",
        "/de/notifications/",
        "/de/notifications/settings/",
        "/de/meetings/",
        "/de/meetings/tasks/",
        f"/de/meetings/{meeting.pk}/",
        "/de/documents/?q=Forderung",
        f"/ar/meetings/network/{world.network.slug}/",
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    # The checklist works without JavaScript: a plain form per step.
    page.goto(f"/de/formation/{started.pk}/")
    page.locator("#phase-preparation form button").first.click()
    page.wait_for_load_state()
    assert page.locator("#phase-preparation button[aria-pressed=true]").count() == 1
