"""A task that is open is "Offen" in German, not "Geöffnet"; the one word "Open" means three
things on the site (a task's status, a button, a poll) and each keeps its own translation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from tests.meetings.conftest import World
from verbund.meetings import services
from verbund.meetings.taxonomy import TaskStatus

pytestmark = pytest.mark.django_db

TASK_STATUS = {"de": "Offen", "en": "Open", "ru": "Открыто", "uk": "Відкрито"}
BUTTON = {"de": "Öffnen", "en": "Open", "ru": "Открыть", "uk": "Відкрити", "tr": "Aç"}


@pytest.mark.parametrize(("language", "word"), TASK_STATUS.items())
def test_an_open_task_is_called_open(language: str, word: str) -> None:
    with translation.override(language):
        assert str(TaskStatus.OPEN.label) == word


def test_my_tasks_and_the_task_page_say_offen(world: World) -> None:
    item = services.create_action_item(
        world.coordinator, world.network, {"title": "Förderantrag prüfen", "assignee": world.alice}
    )
    client = Client()
    client.force_login(world.alice)
    page = client.get("/de/meetings/tasks/").content.decode()
    assert "<caption>Offen</caption>" in page
    assert "Geöffnet" not in page
    assert "Geöffnet" not in client.get(f"/de/meetings/tasks/{item.pk}/").content.decode()


@pytest.mark.parametrize(("language", "word"), BUTTON.items())
def test_the_notice_button_is_a_verb(world: World, language: str, word: str) -> None:
    services.create_action_item(
        world.coordinator, world.network, {"title": "Förderantrag prüfen", "assignee": world.alice}
    )
    client = Client()
    client.force_login(world.alice)
    page = client.get(f"/{language}/notifications/").content.decode()
    assert f'class="link-button">{word}<span' in page
