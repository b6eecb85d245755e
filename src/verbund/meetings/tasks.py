"""Background work of meetings, run by the task worker (``manage.py db_worker``).

Tasks take ids and re-read what they need: they may run long after they were queued.
Each e-mail is written in the recipient's language.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from verbund.core.emails import render_subject, render_text


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _message(
    person: Any, template: str, context: dict[str, Any], *, network: Any = None
) -> EmailMultiAlternatives:
    """One e-mail in the recipient's language. With ``network``, a meeting message of that
    network: it carries the one-click link (RFC 8058) that ends meeting messages from it for
    this address, and says so at its foot."""
    from verbund.networks.services import kind_unsubscribe_token
    from verbund.networks.taxonomy import MessageKind

    language = person.preferred_language or settings.LANGUAGE_CODE
    headers = {"Content-Language": language, "X-Verbund-Notice": template}
    with translation.override(language):
        unsubscribe_url = ""
        if network is not None and person.email:
            unsubscribe_url = _absolute(
                reverse(
                    "networks:unsubscribe",
                    kwargs={
                        "token": kind_unsubscribe_token(network, person.email, MessageKind.MEETING)
                    },
                )
            )
            headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        context = {
            **context,
            "person": person,
            "language": language,
            "unsubscribe_url": unsubscribe_url,
        }
        subject = render_subject(f"meetings/email/{template}_subject.txt", context)
        body = render_text(f"meetings/email/{template}_body.txt", context)
        if unsubscribe_url:
            body = render_text("meetings/email/_unsubscribe_foot.txt", {"body": body, **context})
    return EmailMultiAlternatives(
        " ".join(subject.split()),
        body,
        to=[person.email],
        # Lets mail filters (and tests) tell invitations, reminders and minutes apart.
        headers=headers,
    )


def _meeting_context(meeting: Any) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "agenda": list(meeting.agenda_items.select_related("owner")),
        "meeting_url": _absolute(reverse("meetings:detail", kwargs={"pk": meeting.pk})),
    }


@task()
def send_invitations(meeting_id: int, invitation_ids: list[int]) -> int:
    from verbund.meetings import ical, services
    from verbund.meetings.models import Invitation, Meeting

    meeting = Meeting.objects.select_related("organization", "body").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    invitations = list(
        Invitation.objects.select_related("person").filter(
            meeting=meeting, pk__in=invitation_ids, sent_at__isnull=True
        )
    )
    invitations = _reachable(meeting, invitations)
    messages = []
    for invitation in invitations:
        addressee = invitation.addressee
        with translation.override(addressee.preferred_language or settings.LANGUAGE_CODE):
            rsvp_url = _absolute(
                reverse("meetings:rsvp", kwargs={"token": services.rsvp_token(invitation)})
            )
        message = _message(
            addressee,
            "invitation",
            {**_meeting_context(meeting), "rsvp_url": rsvp_url},
            network=meeting.organization,
        )
        _attach_calendar(message, ical.invitation_request(invitation), "REQUEST")
        messages.append(message)
    if messages:
        get_connection().send_messages(messages)
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(sent_at=timezone.now())
    return len(messages)


def _reachable(meeting: Any, invitations: list[Any]) -> list[Any]:
    """The invitations whose person ``networks.audience`` (the one recipient function) lets
    a meeting message reach: each address once, none unsubscribed from meeting messages of
    the meeting's organisation."""
    from verbund.networks.audience import reachable
    from verbund.networks.taxonomy import MessageKind

    return reachable(
        meeting.organization,
        MessageKind.MEETING,
        invitations,
        lambda invitation: invitation.addressee.email,
    )


def _attach_calendar(message: EmailMultiAlternatives, content: bytes, method: str) -> None:
    """An iTIP message (RFC 6047): the calendar as an alternative part with its method, which
    mail programs turn into accept/decline buttons, and the same file as an attachment for
    those that only import files."""
    text = content.decode("utf-8")
    message.attach_alternative(text, f"text/calendar; method={method}")
    message.attach("meeting.ics", text, f"text/calendar; method={method}")


@task()
def send_cancellations(meeting_id: int) -> int:
    """Tell everyone who got an invitation that the meeting is called off, with the
    ``METHOD:CANCEL`` file that removes it from their calendar."""
    from verbund.meetings import ical
    from verbund.meetings.models import Invitation, Meeting

    meeting = Meeting.objects.select_related("organization", "body").filter(pk=meeting_id).first()
    if meeting is None or not meeting.cancelled:
        return 0
    messages = []
    invitations = Invitation.objects.select_related("person").filter(
        meeting=meeting, sent_at__isnull=False
    )
    for invitation in invitations:
        message = _message(
            invitation.addressee,
            "cancellation",
            _meeting_context(meeting),
            network=meeting.organization,
        )
        _attach_calendar(message, ical.cancellation(invitation), "CANCEL")
        messages.append(message)
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@task()
def remind_meeting(meeting_id: int, start: str) -> int:
    """Remind those who said yes, maybe or nothing; then queue the next reminder of a series."""
    from verbund.meetings import queries, services
    from verbund.meetings.models import Invitation, Meeting
    from verbund.meetings.taxonomy import Response

    meeting = Meeting.objects.select_related("organization", "body").filter(pk=meeting_id).first()
    if meeting is None or meeting.cancelled:
        return 0
    occurrence = datetime.datetime.fromisoformat(start)
    if occurrence not in queries.occurrences(meeting, occurrence - datetime.timedelta(seconds=1)):
        return 0  # the meeting was moved; its new time has its own reminder
    invitations = list(
        Invitation.objects.select_related("person").filter(
            meeting=meeting, response__in=[Response.YES, Response.MAYBE, Response.PENDING]
        )
    )
    invitations = _reachable(meeting, invitations)
    messages = []
    for invitation in invitations:
        rsvp_url = _absolute(
            reverse("meetings:rsvp", kwargs={"token": services.rsvp_token(invitation)})
        )
        messages.append(
            _message(
                invitation.addressee,
                "reminder",
                {**_meeting_context(meeting), "rsvp_url": rsvp_url, "occurrence": occurrence},
                network=meeting.organization,
            )
        )
    if messages:
        get_connection().send_messages(messages)
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
            reminded_at=timezone.now()
        )
    following = queries.occurrences(meeting, occurrence)
    if following:
        remind_meeting.using(run_after=following[0] - services.REMINDER_BEFORE).enqueue(
            meeting.pk, following[0].isoformat()
        )
    return len(messages)


@task()
def deliver_minutes(minutes_id: int) -> int:
    """Mail approved minutes with their PDF to everyone invited to the meeting."""
    from verbund.meetings.models import Minutes
    from verbund.meetings.pdf import minutes_filename, minutes_pdf

    minutes = (
        Minutes.objects.select_related("meeting", "meeting__organization")
        .filter(pk=minutes_id)
        .first()
    )
    if minutes is None:
        return 0
    pdfs: dict[str, bytes] = {}  # one file per language among the recipients
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "minutes_url": _absolute(reverse("meetings:minutes", kwargs={"pk": minutes.pk})),
    }
    messages = []
    for invitation in _reachable(
        minutes.meeting, list(minutes.meeting.invitations.select_related("person"))
    ):
        addressee = invitation.addressee
        language = addressee.preferred_language or settings.LANGUAGE_CODE
        if language not in pdfs:
            with translation.override(language):
                pdfs[language] = minutes_pdf(minutes)
        message = _message(addressee, "minutes", context, network=minutes.meeting.organization)
        message.attach(minutes_filename(minutes), pdfs[language], "application/pdf")
        messages.append(message)
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def _task_messages(
    item: Any, template: str, person_ids: list[int] | None = None
) -> list[EmailMultiAlternatives]:
    from verbund.meetings import services

    messages = []
    from verbund.meetings.queries import people_responsible

    for person in people_responsible(item):
        if person_ids is not None and person.pk not in person_ids:
            continue
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            done_url = _absolute(
                reverse("meetings:task_done", kwargs={"token": services.done_token(item, person)})
            )
            tasks_url = _absolute(reverse("meetings:my_tasks"))
        messages.append(
            _message(person, template, {"item": item, "done_url": done_url, "tasks_url": tasks_url})
        )
    return messages


@task()
def remind_action_item(item_id: int) -> int:
    """Remind the people responsible for an open item that is due; at most once a day."""
    from verbund.meetings import queries
    from verbund.meetings.models import ActionItem

    today = timezone.localdate()
    item = (
        queries.due_for_reminder(today)
        .select_related("organization", "assignee", "assignee_organization")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        return 0
    messages = _task_messages(item, "task_reminder")
    if messages:
        get_connection().send_messages(messages)
    ActionItem.objects.filter(pk=item.pk).update(reminded_on=today)
    return len(messages)


@task()
def send_task_assigned(item_id: int, person_ids: list[int]) -> int:
    """The news of a new task with each person's own "mark as done" link."""
    from verbund.meetings.models import ActionItem

    item = (
        ActionItem.objects.select_related("organization", "assignee", "assignee_organization")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        return 0
    messages = _task_messages(item, "task_assigned", person_ids)
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@task()
def remind_due_action_items() -> int:
    """The daily sweep (``manage.py remind_action_items`` from cron): every due item."""
    from verbund.meetings import queries

    return sum(
        remind_action_item.call(pk)
        for pk in queries.due_for_reminder().values_list("pk", flat=True)
    )
