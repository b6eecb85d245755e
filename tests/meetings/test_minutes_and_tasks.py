"""Minutes with numbered decisions and action items, approval, the PDF by e-mail, "my tasks",
the coordinator's overview and reminders with a "done" link."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from tests.meetings.conftest import World, meeting_data
from tests.networks.helpers import run_worker
from verbund.meetings import queries, services
from verbund.meetings.models import ActionItem, Minutes
from verbund.meetings.taxonomy import MinutesStatus, TaskStatus

pytestmark = pytest.mark.django_db


def _minutes(world: World) -> Minutes:
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    services.add_agenda_item(world.coordinator, meeting, {"title": "Sommerfest"})
    services.invite(world.coordinator, meeting)
    return services.start_minutes(world.coordinator, meeting, datetime.date(2026, 11, 24))


def test_decisions_are_numbered_per_network_and_year(world: World) -> None:
    minutes = _minutes(world)
    first = services.record_decision(
        world.coordinator,
        minutes,
        {
            "text": "Das Sommerfest findet am 4. Juli statt.",
            "votes_for": 9,
            "votes_against": 1,
            "abstentions": 2,
        },
    )
    second = services.record_decision(world.coordinator, minutes, {"text": "Kasse prüfen."})
    assert (first.reference, second.reference) == ("1/2026", "2/2026")
    assert first.was_voted and not second.was_voted
    with pytest.raises(ValidationError):
        services.record_decision(world.coordinator, minutes, {"text": "  "})


# The real worker closes its database connection: only a committed test sees it.
@pytest.mark.django_db(transaction=True)
def test_minutes_go_from_draft_to_approved_to_sent_with_a_pdf(world: World) -> None:
    minutes = _minutes(world)
    item = minutes.meeting.agenda_items.get()
    services.save_minutes(
        world.coordinator,
        minutes,
        notes="Beginn 18:05",
        item_notes={item.pk: "Vorschläge gesammelt."},
        attendees=[world.alice, world.bora],
    )
    assert set(minutes.attendees.all()) == {world.alice, world.bora}
    with pytest.raises(ValidationError):
        services.send_minutes(world.coordinator, minutes)
    with pytest.raises(PermissionDenied):
        services.approve_minutes(world.alice, minutes)
    services.approve_minutes(world.coordinator, minutes)
    with pytest.raises(PermissionDenied):  # approved minutes are no longer edited
        services.save_minutes(world.coordinator, minutes, notes="x", item_notes={}, attendees=[])
    mail.outbox.clear()
    assert services.send_minutes(world.coordinator, minutes) == 3
    run_worker()
    sent = [m for m in mail.outbox if m.attachments and m.attachments[0][2] == "application/pdf"]
    assert len(sent) == 3
    assert sent[0].attachments[0][1].startswith(b"%PDF")
    assert Minutes.objects.get(pk=minutes.pk).status == MinutesStatus.SENT


def test_drafts_are_hidden_from_members_until_approved(world: World) -> None:
    minutes = _minutes(world)
    client = Client()
    client.force_login(world.alice)
    assert client.get(f"/de/meetings/minutes/{minutes.pk}/").status_code == 404
    services.approve_minutes(world.coordinator, minutes)
    assert client.get(f"/de/meetings/minutes/{minutes.pk}/").status_code == 200
    response = client.get(f"/de/meetings/minutes/{minutes.pk}/minutes.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_action_items_reach_my_tasks_and_the_overview(world: World) -> None:
    minutes = _minutes(world)
    decision = services.record_decision(world.coordinator, minutes, {"text": "Fest planen"})
    today = timezone.localdate()
    late = services.create_action_item(
        world.coordinator,
        world.network,
        {
            "title": "Raum buchen",
            "assignee": world.alice,
            "due_on": today - datetime.timedelta(days=2),
            "decision": decision,
        },
        minutes=minutes,
    )
    services.create_action_item(
        world.coordinator,
        world.network,
        {
            "title": "Flyer drucken",
            "assignee_organization": world.member_b,
            "due_on": today + datetime.timedelta(days=10),
        },
        minutes=minutes,
    )
    assert [i.title for i in queries.tasks_for(world.alice)] == ["Raum buchen"]
    assert [i.title for i in queries.tasks_for(world.bora)] == ["Flyer drucken"]
    assert list(queries.overdue(queries.open_tasks_of(world.network))) == [late]

    client = Client()
    client.force_login(world.coordinator)
    page = client.get(f"/de/meetings/network/{world.network.slug}/tasks/").content.decode()
    overdue = page[page.index('id="overdue-tasks"') : page.index('id="open-heading"')]
    assert "Raum buchen" in overdue and "Flyer drucken" not in overdue
    client.force_login(world.alice)
    assert "Raum buchen" in client.get("/de/meetings/tasks/").content.decode()
    assert client.get(f"/de/meetings/network/{world.network.slug}/tasks/").status_code == 403


def test_an_item_needs_someone_responsible(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_action_item(world.coordinator, world.network, {"title": "Irgendwas"})
    assert "assignee" in error.value.message_dict


def test_assignees_change_only_the_status(world: World) -> None:
    item = services.create_action_item(
        world.coordinator, world.network, {"title": "Bericht", "assignee": world.alice}
    )
    services.update_action_item(world.alice, item, {"status": "in_progress", "title": "Anders"})
    item.refresh_from_db()
    assert (item.status, item.title) == (TaskStatus.IN_PROGRESS, "Bericht")
    with pytest.raises(PermissionDenied):
        services.set_action_item_status(world.bora, item, "done")


# The real worker closes its database connection: only a committed test sees it.
@pytest.mark.django_db(transaction=True)
def test_the_worker_reminds_of_a_due_item_and_the_link_marks_it_done(world: World) -> None:
    services.create_action_item(
        world.coordinator,
        world.network,
        {
            "title": "Später",
            "assignee": world.bora,
            "due_on": timezone.localdate() + datetime.timedelta(days=20),
        },
    )
    item = services.create_action_item(
        world.coordinator,
        world.network,
        {"title": "Protokoll verteilen", "assignee": world.alice, "due_on": timezone.localdate()},
    )
    run_worker()
    reminders = [m for m in mail.outbox if m.extra_headers["X-Verbund-Notice"] == "task_reminder"]
    assert [(m.to, "Protokoll verteilen" in m.subject) for m in reminders] == [
        (["alice@verein-a.example"], True)
    ]
    assert ActionItem.objects.get(pk=item.pk).reminded_on == timezone.localdate()

    match = re.search(r"https?://[^/\s]+(/\w\w/meetings/tasks/done/[^\s]+/)", reminders[0].body)
    assert match
    anonymous = Client()
    assert anonymous.get(match.group(1)).status_code == 200
    assert ActionItem.objects.get(pk=item.pk).status == TaskStatus.OPEN  # GET changes nothing
    anonymous.post(match.group(1))
    assert ActionItem.objects.get(pk=item.pk).status == TaskStatus.DONE
    assert anonymous.post("/de/meetings/tasks/done/forged:token/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_daily_sweep_reminds_each_due_item_once(world: World) -> None:
    from django.core.management import call_command

    item = services.create_action_item(
        world.coordinator,
        world.network,
        {"title": "Bericht", "assignee": world.bora, "due_on": timezone.localdate()},
    )
    run_worker()
    mail.outbox.clear()
    ActionItem.objects.filter(pk=item.pk).update(reminded_on=None)
    call_command("remind_action_items", stdout=io.StringIO())
    call_command("remind_action_items", stdout=io.StringIO())
    run_worker()
    reminders = [m for m in mail.outbox if m.extra_headers["X-Verbund-Notice"] == "task_reminder"]
    assert [m.to for m in reminders] == [["bora@verein-b.example"]]


def test_the_task_pages_read_in_a_fixed_number_of_queries(
    world: World, assert_max_queries: Any
) -> None:
    minutes = _minutes(world)
    for number in range(12):
        services.create_action_item(
            world.coordinator,
            world.network,
            {
                "title": f"Aufgabe {number}",
                "assignee": world.alice,
                "assignee_organization": world.member_a if number % 2 else None,
                "due_on": timezone.localdate() - datetime.timedelta(days=number - 5),
            },
            minutes=minutes,
        )
    client = Client()
    client.force_login(world.alice)
    with assert_max_queries(8):
        assert client.get("/de/meetings/tasks/").status_code == 200
    client.force_login(world.coordinator)
    with assert_max_queries(14):
        response = client.get(f"/de/meetings/network/{world.network.slug}/tasks/")
    assert response.content.decode().count("Aufgabe") >= 12 + 4


def test_the_meeting_list_reads_in_a_fixed_number_of_queries(
    world: World, assert_max_queries: Any
) -> None:
    for number in range(8):
        services.schedule_meeting(
            world.coordinator,
            world.network,
            meeting_data(title=f"Treffen {number}", body=world.committee if number % 2 else None),
        )
    client = Client()
    client.force_login(world.bora)
    # The first visit also creates the person's calendar address.
    with assert_max_queries(17):
        page = client.get(f"/de/meetings/network/{world.network.slug}/").content.decode()
    assert page.count("Treffen ") == 8


def test_an_item_links_to_a_document_of_its_network(world: World) -> None:
    from verbund.documents import services as documents

    paper = documents.create_document(
        world.coordinator,
        world.network,
        {"kind": "policy_paper", "title": "Positionspapier"},
        text="Ein Absatz",
    )
    from verbund.organizations.models import Organization

    verein_c = Organization.objects.get(name="Verein C")  # in the other network
    foreign = documents.create_document(
        world.outsider, verein_c, {"kind": "other", "title": "Fremd"}, text="x"
    )
    item = services.create_action_item(
        world.coordinator,
        world.network,
        {"title": "Gegenlesen", "assignee": world.bora, "document": paper},
    )
    client = Client()
    client.force_login(world.coordinator)
    assert "Gegenlesen" in client.get(f"/de/documents/{paper.pk}/").content.decode()
    assert "Positionspapier" in client.get(f"/de/meetings/tasks/{item.pk}/").content.decode()
    with pytest.raises(ValidationError):
        services.create_action_item(
            world.coordinator,
            world.network,
            {"title": "Fremdes", "assignee": world.bora, "document": foreign},
        )


@pytest.mark.django_db(transaction=True)
def test_a_new_task_mails_its_person_a_done_link_unless_they_chose_the_digest(
    world: World,
) -> None:
    from verbund.notifications import services as notifications
    from verbund.notifications.models import Notification
    from verbund.notifications.taxonomy import Delivery, NoticeKind

    notifications.set_preferences(world.bora, world.bora, {NoticeKind.TASKS: Delivery.DAILY})
    for person in (world.alice, world.bora):
        services.create_action_item(
            world.coordinator, world.network, {"title": "Kasse prüfen", "assignee": person}
        )
    run_worker()
    news = [m for m in mail.outbox if m.extra_headers.get("X-Verbund-Notice") == "task_assigned"]
    assert [m.to for m in news] == [["alice@verein-a.example"]]
    assert len(mail.outbox) == 1  # the notice itself sends no second e-mail to Alice
    match = re.search(r"https?://[^/\s]+(/\w\w/meetings/tasks/done/[^\s]+/)", news[0].body)
    assert match
    Client().post(match.group(1))
    assert ActionItem.objects.get(assignee=world.alice).status == TaskStatus.DONE
    waiting = Notification.objects.get(person=world.bora)
    assert waiting.email_wanted and waiting.emailed_at is None
