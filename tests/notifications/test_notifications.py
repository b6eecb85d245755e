"""Notices in the app and by e-mail: right away, or in a daily or weekly digest, per kind."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.meetings.conftest import meeting_data
from tests.networks.helpers import run_worker
from tests.notifications.conftest import World
from verbund.documents import services as documents
from verbund.documents.taxonomy import DocumentStatus
from verbund.meetings import services as meetings
from verbund.notifications import services
from verbund.notifications.models import Notification
from verbund.notifications.tasks import send_digests

pytestmark = pytest.mark.django_db(transaction=True)  # the real worker sends the e-mails


def _notices(message: mail.EmailMessage) -> str:
    return message.extra_headers["X-Verbund-Notice"]


def test_a_new_task_reaches_the_assignee_in_the_app_and_by_e_mail(world: World) -> None:
    item = meetings.create_action_item(
        world.coordinator, world.network, {"title": "Förderantrag prüfen", "assignee": world.alice}
    )
    notice = Notification.objects.get(person=world.alice)
    assert notice.kind == "tasks" and notice.url.endswith(f"/meetings/tasks/{item.pk}/")
    run_worker()
    # The meetings' own e-mail (with the "mark as done" link) stands in for the notice's.
    assert not [m for m in mail.outbox if _notices(m) == "notification-immediate"]
    [message] = [m for m in mail.outbox if _notices(m) == "task_assigned"]
    assert message.to == ["alice@verein-a.example"]
    assert "Förderantrag prüfen" in message.subject


def test_a_daily_digest_collects_the_notices_of_one_kind(world: World) -> None:
    services.set_preferences(world.alice, world.alice, {"tasks": "daily", "documents": "weekly"})
    for title in ("Raum buchen", "Flyer drucken"):
        meetings.create_action_item(
            world.coordinator, world.network, {"title": title, "assignee": world.alice}
        )
    run_worker()
    assert not [m for m in mail.outbox if _notices(m).startswith("notification")]
    assert send_digests.call("weekly") == 0
    assert send_digests.call("daily") == 1
    [digest] = [m for m in mail.outbox if _notices(m) == "notification-daily"]
    assert "Raum buchen" in digest.body and "Flyer drucken" in digest.body
    assert send_digests.call("daily") == 0  # each notice once


def test_invitations_are_noticed_in_the_app_but_not_mailed_twice(world: World) -> None:
    meeting = meetings.schedule_meeting(world.coordinator, world.network, meeting_data())
    meetings.invite(world.coordinator, meeting)
    run_worker()
    assert Notification.objects.filter(kind="meetings").count() == 3
    assert not [m for m in mail.outbox if _notices(m).startswith("notification")]
    assert send_digests.call("immediate") == 0


def test_the_authors_hear_of_comments_but_not_of_their_own(world: World) -> None:
    document = documents.create_document(
        world.alice,
        world.network,
        {"kind": "statement", "title": "Stellungnahme", "body": world.committee},
        text="Erster Absatz\n\nZweiter Absatz",
    )
    documents.set_status(world.alice, document, DocumentStatus.CONSULTATION)
    assert not Notification.objects.filter(person=world.alice).exists()
    documents.comment(world.bora, document.latest_version, 2, "Zu lang")
    [notice] = Notification.objects.filter(person=world.alice)
    assert notice.url.endswith("#paragraph-2")
    assert not Notification.objects.filter(person=world.bora).exists()


def test_each_person_sees_and_sets_only_their_own(world: World) -> None:
    services.notify([world.alice], "tasks", "Nur für Alice", url="/de/meetings/tasks/")
    notice = Notification.objects.get()
    bora = Client()
    bora.force_login(world.bora)
    assert "Nur für Alice" not in bora.get("/de/notifications/").content.decode()
    assert bora.post(f"/de/notifications/{notice.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.set_preferences(world.bora, world.alice, {"tasks": "weekly"})
    with pytest.raises(ValidationError):
        services.set_preferences(world.alice, world.alice, {"tasks": "hourly"})

    alice = Client()
    alice.force_login(world.alice)
    assert "Nur für Alice" in alice.get("/de/notifications/").content.decode()
    response = alice.post(f"/de/notifications/{notice.pk}/")
    assert response["Location"] == "/de/meetings/tasks/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    chosen = {"meetings": "site", "tasks": "weekly", "documents": "daily", "requests": "site"}
    alice.post("/de/notifications/settings/", chosen)
    from verbund.notifications.queries import deliveries

    assert deliveries(world.alice) == chosen
    assert Client().get("/de/notifications/").status_code == 302
