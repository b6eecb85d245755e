"""Demo data of meetings: the networking talk's weekly coordination meeting in
Mönchengladbach, as the talk describes good practice — one meeting a week, an agenda,
minutes that record the decisions, and tasks handed out with a due date.

The series started four weeks ago and runs for another two months. The last three meetings
have minutes (the two older ones approved and sent, the latest still a draft), with numbered
decisions and the tasks that came out of them, one of them done and one overdue; the next
meeting has its agenda and the answers of the invited.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from verbund.core.actors import SIGNED_LINK
from verbund.meetings import services
from verbund.meetings.models import Invitation, Meeting
from verbund.meetings.taxonomy import Format, Recurrence, Response, TaskStatus
from verbund.networks.demo import MG_COORDINATOR_EMAIL, MG_MEMBER_ADMINS
from verbund.networks.models import Body
from verbund.organizations.demo_data import MG_NETWORK
from verbund.organizations.models import Organization

AGENDA: tuple[tuple[str, int], ...] = (
    ("Begrüßung und Protokoll der letzten Woche", 10),
    ("Sommerfest der Kulturen: Stand der Planung", 30),
    ("Gemeinsamer Antrag beim Integrationsbüro", 20),
    ("Verschiedenes", 10),
)
# Per past meeting (weeks ago): notes, the decision and the task that followed from it.
PAST: tuple[tuple[int, str, str, str], ...] = (
    (
        3,
        "Alle drei Vereine waren vertreten; das Integrationsbüro war als Gast da.",
        "Das Sommerfest findet am ersten Samstag im Juli auf dem Alten Markt statt.",
        "Genehmigung für den Alten Markt bei der Stadt beantragen",
    ),
    (
        2,
        "Die Stadt hat den Platz zugesagt; es fehlen noch Helferinnen und Helfer.",
        "Jeder Verein stellt für das Fest mindestens vier Helferinnen und Helfer.",
        "Helferliste für das Sommerfest zusammenstellen",
    ),
    (
        1,
        "Der Antrag beim Integrationsbüro braucht einen gemeinsamen Kostenplan.",
        "Radio MH schreibt den Kostenplan, IRFAN den Text des Antrags.",
        "Kostenplan für den gemeinsamen Antrag entwerfen",
    ),
)


def _weekly_meeting(network: Organization, coordinator: Any, body: Body | None) -> Meeting:
    today = timezone.localdate()
    first = today - datetime.timedelta(weeks=4)
    starts_at = timezone.make_aware(datetime.datetime.combine(first, datetime.time(18, 30)))
    meeting = services.schedule_meeting(
        coordinator,
        network,
        {
            "body": body,
            "title": "Wöchentliches Koordinierungstreffen",
            "description": "Jede Woche: Absprachen, Aufgaben, Protokoll.",
            "starts_at": starts_at,
            "duration_minutes": 90,
            "recurrence": Recurrence.WEEKLY,
            "repeat_until": today + datetime.timedelta(weeks=8),
            "format": Format.IN_PERSON,
            "place": "Begegnungsstätte, Mönchengladbach",
        },
    )
    for title, minutes in AGENDA:
        services.add_agenda_item(coordinator, meeting, {"title": title, "planned_minutes": minutes})
    services.invite(coordinator, meeting)
    answers = (Response.YES, Response.YES, Response.MAYBE)
    for invitation, answer in zip(
        Invitation.objects.filter(meeting=meeting).exclude(person=coordinator).order_by("pk"),
        answers,
        strict=False,
    ):
        # People with an account answer on the site; guests through their e-mail's link.
        services.respond(invitation.person or SIGNED_LINK, invitation, answer)
    return meeting


def _past_minutes(meeting: Meeting, coordinator: Any, network: Organization) -> None:
    items = list(meeting.agenda_items.order_by("position"))
    members = {
        slug: Organization.objects.filter(slug=slug).first() for slug, _e, _n in MG_MEMBER_ADMINS
    }
    owners = [members["radio-mh"], members["irfan"], members["radio-mh"]]
    for index, (weeks_ago, notes, decided, task) in enumerate(PAST):
        held_on = meeting.starts_at.date() + datetime.timedelta(weeks=4 - weeks_ago)
        minutes = services.start_minutes(coordinator, meeting, held_on)
        services.save_minutes(
            coordinator,
            minutes,
            notes=notes,
            item_notes={items[1].pk: "Bericht aus der Vorbereitungsgruppe."},
            attendees=list(minutes.attendees.all()),
        )
        decision = services.record_decision(
            coordinator, minutes, {"text": decided, "agenda_item": items[1 + index % 2]}
        )
        item = services.create_action_item(
            coordinator,
            network,
            {
                "title": task,
                "assignee_organization": owners[index],
                "due_on": held_on + datetime.timedelta(days=10),
                "decision": decision,
            },
            minutes=minutes,
        )
        if index == 0:
            services.set_action_item_status(coordinator, item, TaskStatus.DONE)
        if weeks_ago > 1:
            services.approve_minutes(coordinator, minutes)
            services.send_minutes(coordinator, minutes)


def load(people: dict[str, Any]) -> None:
    network = Organization.objects.filter(slug=MG_NETWORK).first()
    coordinator = get_user_model().objects.filter(email=MG_COORDINATOR_EMAIL).first()
    if network is None or coordinator is None or Meeting.objects.filter(organization=network):
        return
    body = Body.objects.filter(organization=network, name="Koordinierungskreis").first()
    meeting = _weekly_meeting(network, coordinator, body)
    _past_minutes(meeting, coordinator, network)
