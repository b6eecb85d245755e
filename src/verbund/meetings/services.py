"""Every write to meetings, minutes and action items. Each function checks permission through
``policy``, changes data in one transaction, writes the audit log and queues its e-mails
through the task queue (stored in the same transaction, so a rolled-back change sends
nothing)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbund.core import audit, gazetteer
from verbund.core.actors import SIGNED_LINK
from verbund.core.permissions import require
from verbund.meetings import policy, queries, tasks
from verbund.meetings.models import (
    ActionItem,
    AgendaItem,
    CalendarFeed,
    Decision,
    Invitation,
    Meeting,
    Minutes,
)
from verbund.meetings.taxonomy import (
    OPEN_TASK_STATUSES,
    Format,
    MinutesStatus,
    Response,
    TaskStatus,
)
from verbund.notifications import queries as notification_queries
from verbund.notifications import services as notifications
from verbund.notifications.taxonomy import Delivery, NoticeKind
from verbund.organizations.models import Organization

MEETING_FIELDS = (
    "body",
    "title",
    "description",
    "starts_at",
    "duration_minutes",
    "recurrence",
    "repeat_until",
    "format",
    "place",
    "online_link",
    "latitude",
    "longitude",
)
ACTION_ITEM_FIELDS = (
    "title",
    "details",
    "assignee",
    "assignee_organization",
    "due_on",
    "status",
    "decision",
    "document",
    "source_url",
)
RSVP_SALT = "verbund.meetings.rsvp"
DONE_SALT = "verbund.meetings.action-item-done"
REMINDER_BEFORE = datetime.timedelta(hours=24)
# Reminders for a task go out in the morning of the day before it is due.
TASK_REMINDER_TIME = datetime.time(8, 0)
# How long signed links stay usable; settings of the same name override them (tests do).
RSVP_LINK_GRACE = datetime.timedelta(days=30)  # after the (last) sitting
RSVP_OPEN_SERIES_LINK_AGE = datetime.timedelta(days=365 + 30)  # a series without end date
TASK_LINK_AGE = datetime.timedelta(days=90)
# "12345 Stadt" inside a free-text place such as "Haus der Vereine, Musterweg 1, 12345 Stadt".
_POSTAL_CODE_AND_CITY = re.compile(r"\b(\d{5})\b\s*([^,\d()]*)")


class LinkExpired(Exception):
    """A genuine signed link that is too old to act on: the person logs in instead."""


def _link_setting(name: str, default: datetime.timedelta) -> datetime.timedelta:
    value = getattr(settings, f"VERBUND_{name}", default)
    assert isinstance(value, datetime.timedelta)
    return value


# --- Meetings ---------------------------------------------------------------------------------


MAX_MEETING_MINUTES = 7 * 24 * 60


def _check_meeting(network: Organization, meeting: Meeting) -> None:
    errors: dict[str, list[str]] = {}
    if meeting.body is not None and meeting.body.organization_id != network.pk:
        errors["body"] = [_("Choose one of this network's bodies.")]
    if meeting.format in (Format.IN_PERSON, Format.HYBRID) and not meeting.place.strip():
        errors["place"] = [_("Say where the meeting takes place.")]
    if meeting.format in (Format.ONLINE, Format.HYBRID) and not meeting.online_link:
        errors["online_link"] = [_("Give the link to join online.")]
    if meeting.repeat_until and not meeting.recurrence:
        errors["repeat_until"] = [_("Only a repeating meeting has an end date.")]
    if meeting.repeat_until and meeting.repeat_until < timezone.localdate(meeting.starts_at):
        errors["repeat_until"] = [_("The repetition cannot end before the first meeting.")]
    if not meeting.duration_minutes:
        errors["duration_minutes"] = [_("A meeting lasts at least one minute.")]
    elif meeting.duration_minutes > MAX_MEETING_MINUTES:
        errors["duration_minutes"] = [
            _("A meeting lasts at most %(days)s days (%(minutes)s minutes).")
            % {"days": MAX_MEETING_MINUTES // (24 * 60), "minutes": MAX_MEETING_MINUTES}
        ]
    if errors:
        raise ValidationError(errors)


_NULLABLE = {"body", "repeat_until", "starts_at", "duration_minutes", "latitude", "longitude"}


def locate_place(place: str) -> gazetteer.Point | None:
    """The offline position of a free-text place: its postal code, else its last part as a
    city ("Rathaus, Köln")."""
    match = _POSTAL_CODE_AND_CITY.search(place)
    if match:
        return gazetteer.locate_offline(match.group(1), match.group(2).strip())
    parts = [part.strip() for part in place.split(",") if part.strip()]
    return gazetteer.locate_offline(city=parts[-1]) if parts else None


def _assign(meeting: Meeting, data: Mapping[str, Any]) -> None:
    before = (meeting.place, meeting.latitude, meeting.longitude)
    for field in MEETING_FIELDS:
        if field in data:
            value = data[field]
            setattr(meeting, field, "" if value is None and field not in _NULLABLE else value)
    _place_pin(meeting, *before)


def _place_pin(meeting: Meeting, place: str, latitude: Any, longitude: Any) -> None:
    """Coordinates typed (or dragged) by the coordinator stay; otherwise the pin follows the
    place through the offline gazetteer. An online meeting has no pin."""
    if meeting.format == Format.ONLINE or not meeting.place.strip():
        meeting.latitude = meeting.longitude = None
        meeting.location_source = ""
        return
    given = (meeting.latitude, meeting.longitude)
    if None not in given and given != (latitude, longitude):
        meeting.location_source = gazetteer.Source.MANUAL
        return
    if None not in given and (
        meeting.location_source == gazetteer.Source.MANUAL or meeting.place == place
    ):
        return
    point = locate_place(meeting.place)
    meeting.latitude = point.latitude if point else None
    meeting.longitude = point.longitude if point else None
    meeting.location_source = point.source if point else ""


@transaction.atomic
def schedule_meeting(actor: Any, network: Organization, data: Mapping[str, Any]) -> Meeting:
    require(policy.can_schedule(actor, network))
    meeting = Meeting(organization=network, created_by=actor)
    with audit.recording(
        actor, meeting, MEETING_FIELDS, action="meeting.scheduled", scope=network
    ) as note:
        _assign(meeting, data)
        _check_meeting(network, meeting)
        meeting.save()
        note.summary = meeting.title
    return meeting


@transaction.atomic
def update_meeting(actor: Any, meeting: Meeting, data: Mapping[str, Any]) -> Meeting:
    require(policy.can_manage_meeting(actor, meeting))
    with audit.recording(
        actor, meeting, MEETING_FIELDS, action="meeting.changed", scope=meeting.organization
    ) as note:
        _assign(meeting, data)
        _check_meeting(meeting.organization, meeting)
        meeting.sequence += 1
        meeting.save()
        note.summary = meeting.title
    changes = note.entry.changes if note.entry else {}
    invited = [
        i.person for i in meeting.invitations.select_related("person") if i.person is not None
    ]
    if meeting.invitations.exists() and {"starts_at", "recurrence", "repeat_until"} & set(changes):
        _queue_reminder(meeting)  # the old reminder sees the new time and stays silent
    if invited and changes:
        notifications.notify(
            invited,
            NoticeKind.MEETINGS,
            _("Changed: %(title)s") % {"title": meeting.title},
            url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
            exclude=actor,
        )
    return meeting


@transaction.atomic
def cancel_meeting(actor: Any, meeting: Meeting) -> Meeting:
    """Calendar feeds then show it as cancelled; no reminder goes out any more."""
    require(policy.can_manage_meeting(actor, meeting))
    if meeting.cancelled:
        return meeting
    meeting.cancelled = True
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled", "sequence", "updated_at"])
    invited = list(meeting.invitations.select_related("person"))
    if any(i.sent_at for i in invited):
        tasks.send_cancellations.enqueue(meeting.pk)
    # The e-mail (with the file that removes it from the calendar) went to those who had an
    # invitation; the notice is only for the site, as for the invitation.
    notifications.notify(
        [i.person for i in invited if i.person is not None],
        NoticeKind.MEETINGS,
        _("Cancelled: %(title)s") % {"title": meeting.title},
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        exclude=actor,
        email=False,
    )
    audit.record(
        actor=actor,
        action="meeting.cancelled",
        target=meeting,
        scope=meeting.organization,
        changes={"cancelled": [False, True]},
        summary=meeting.title,
    )
    return meeting


@transaction.atomic
def add_agenda_item(actor: Any, meeting: Meeting, data: Mapping[str, Any]) -> AgendaItem:
    require(policy.can_manage_meeting(actor, meeting))
    if not str(data.get("title", "")).strip():
        raise ValidationError({"title": [_("Name the agenda item.")]})
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=(last or 0) + 1,
        title=str(data["title"]).strip(),
        owner=data.get("owner"),
        planned_minutes=data.get("planned_minutes"),
    )
    audit.record(
        actor=actor,
        action="meeting.agenda_item_added",
        target=item,
        scope=meeting.organization,
        summary=item.title,
    )
    return item


@transaction.atomic
def remove_agenda_item(actor: Any, item: AgendaItem) -> None:
    require(policy.can_manage_meeting(actor, item.meeting))
    audit.record(
        actor=actor,
        action="meeting.agenda_item_removed",
        target=item.meeting,
        scope=item.meeting.organization,
        summary=item.title,
    )
    item.delete()


@transaction.atomic
def move_agenda_item(actor: Any, item: AgendaItem, offset: int) -> None:
    """Swap the item with its neighbour above (-1) or below (+1)."""
    require(policy.can_manage_meeting(actor, item.meeting))
    items = list(item.meeting.agenda_items.order_by("position", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    audit.record(
        actor=actor,
        action="meeting.agenda_reordered",
        target=item,
        scope=item.meeting.organization,
        summary=item.title,
    )


def _queue_reminder(meeting: Meeting) -> None:
    start = queries.next_start(meeting)
    if start is None:
        return
    run_after = max(start - REMINDER_BEFORE, timezone.now())
    tasks.remind_meeting.using(run_after=run_after).enqueue(meeting.pk, start.isoformat())


@transaction.atomic
def invite(actor: Any, meeting: Meeting, people: Iterable[Any] | None = None) -> int:
    """Invite the given people, or everyone the meeting is for; each once. Queues the
    e-mails with their answer links and the reminder before the next meeting."""
    require(policy.can_manage_meeting(actor, meeting))
    candidates = list(people) if people is not None else list(queries.invitable_people(meeting))
    existing = list(meeting.invitations.values_list("person_id", "email"))
    already = {person_id for person_id, _email in existing if person_id is not None}
    known = {email.lower() for _pid, email in existing if email}
    new_people = [p for p in candidates if p.pk not in already]
    known |= {(p.email or "").lower() for p in candidates}
    guests = [] if people is not None else queries.invitable_guests(meeting, known)
    created = Invitation.objects.bulk_create(
        [Invitation(meeting=meeting, person=p) for p in new_people]
        + [
            Invitation(
                meeting=meeting,
                email=guest.email,
                name=guest.name,
                language=guest.language,
                organization_id=guest.organization_id,
            )
            for guest in guests
        ]
    )
    if not created:
        return 0
    ids = list(
        meeting.invitations.filter(
            Q(person__in=new_people) | Q(person__isnull=True, email__in=[g.email for g in guests])
        ).values_list("pk", flat=True)
    )
    tasks.send_invitations.enqueue(meeting.pk, ids)
    # The invitation e-mail carries the answer link; the notice is only for the site.
    notifications.notify(
        new_people,
        NoticeKind.MEETINGS,
        _("Invitation: %(title)s") % {"title": meeting.title},
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        email=False,
    )
    if not existing:
        _queue_reminder(meeting)
    audit.record(
        actor=actor,
        action="meeting.invited",
        target=meeting,
        scope=meeting.organization,
        changes={"invited": [len(existing), len(existing) + len(ids)]},
        summary=meeting.title,
    )
    return len(ids)


def rsvp_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=RSVP_SALT)


def rsvp_link_valid_until(meeting: Meeting) -> datetime.datetime | None:
    """The end of the last sitting plus a grace period; ``None`` for a series without end,
    whose links live for a fixed time after sending instead."""
    grace = _link_setting("RSVP_LINK_GRACE", RSVP_LINK_GRACE)
    if not meeting.recurrence:
        return meeting.ends_at + grace
    if meeting.repeat_until is None:
        return None
    last_day_ends = datetime.datetime.combine(
        meeting.repeat_until + datetime.timedelta(days=1),
        datetime.time(0, 0),
        tzinfo=timezone.get_current_timezone(),
    )
    return last_day_ends + grace


def invitation_for_token(token: str) -> Invitation:
    """The invitation a signed answer link names; ``Invitation.DoesNotExist`` if forged,
    ``LinkExpired`` once the meeting is long past."""
    try:
        pk = int(signing.loads(token, salt=RSVP_SALT))
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise Invitation.DoesNotExist from error
    invitation = Invitation.objects.select_related(
        "meeting", "meeting__organization", "person"
    ).get(pk=pk)
    valid_until = rsvp_link_valid_until(invitation.meeting)
    if valid_until is not None:
        if timezone.now() > valid_until:
            raise LinkExpired
        return invitation
    age = _link_setting("RSVP_OPEN_SERIES_LINK_AGE", RSVP_OPEN_SERIES_LINK_AGE)
    try:
        signing.loads(token, salt=RSVP_SALT, max_age=age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    return invitation


@transaction.atomic
def respond(actor: Any, invitation: Invitation, response: str) -> Invitation:
    """Record an answer. The signed link (``SIGNED_LINK``) or the invited person may answer."""
    if actor is not SIGNED_LINK:
        require(
            getattr(actor, "is_authenticated", False)
            and invitation.person_id is not None
            and invitation.person_id == actor.pk
        )
    if response not in (Response.YES, Response.NO, Response.MAYBE):
        raise ValidationError(_("Choose yes, no or maybe."))
    before = invitation.response
    invitation.response = response
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "responded_at"])
    audit.record(
        actor=invitation.person or SIGNED_LINK,
        action="meeting.answered",
        target=invitation,
        scope=invitation.meeting.organization,
        changes={"response": [before, response]},
        summary=str(invitation.meeting),
    )
    return invitation


@transaction.atomic
def calendar_feed(person: Any) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(person=person)
    return feed


@transaction.atomic
def renew_calendar_feed(person: Any) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    CalendarFeed.objects.filter(person=person).delete()
    feed = CalendarFeed.objects.create(person=person)
    audit.record(actor=person, action="meeting.calendar_renewed", target=feed, scope=person)
    return feed


# --- Minutes ----------------------------------------------------------------------------------


@transaction.atomic
def start_minutes(actor: Any, meeting: Meeting, held_on: datetime.date) -> Minutes:
    require(policy.can_manage_meeting(actor, meeting))
    minutes, created = Minutes.objects.get_or_create(meeting=meeting, held_on=held_on)
    if created:
        minutes.attendees.set(
            meeting.invitations.filter(response=Response.YES).values_list("person", flat=True)
        )
        audit.record(
            actor=actor,
            action="minutes.started",
            target=minutes,
            scope=meeting.organization,
            summary=str(minutes),
        )
    return minutes


@transaction.atomic
def save_minutes(
    actor: Any,
    minutes: Minutes,
    *,
    notes: str,
    item_notes: Mapping[int, str],
    attendees: Iterable[Any],
) -> Minutes:
    require(policy.can_write_minutes(actor, minutes))
    agenda_ids = set(minutes.meeting.agenda_items.values_list("pk", flat=True))
    with audit.recording(
        actor,
        minutes,
        ("notes", "item_notes"),
        action="minutes.changed",
        scope=minutes.meeting.organization,
        summary=str(minutes),
        always=True,
    ):
        minutes.notes = notes
        minutes.item_notes = {
            str(pk): text.strip() for pk, text in item_notes.items() if pk in agenda_ids and text
        }
        minutes.save(update_fields=["notes", "item_notes"])
        invited = set(minutes.meeting.invitations.values_list("person_id", flat=True))
        minutes.attendees.set([p for p in attendees if p.pk in invited])
    return minutes


def _next_decision_number(organization: Organization, year: int) -> int:
    # Lock the network's row: two minutes written at once must not take the same number.
    Organization.objects.select_for_update().filter(pk=organization.pk).exists()
    last = Decision.objects.filter(organization=organization, year=year).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


@transaction.atomic
def record_decision(actor: Any, minutes: Minutes, data: Mapping[str, Any]) -> Decision:
    require(policy.can_write_minutes(actor, minutes))
    text = str(data.get("text", "")).strip()
    if not text:
        raise ValidationError({"text": [_("Write down what was decided.")]})
    agenda_item = data.get("agenda_item")
    if agenda_item is not None and agenda_item.meeting_id != minutes.meeting_id:
        raise ValidationError({"agenda_item": [_("Choose an item of this meeting's agenda.")]})
    organization = minutes.meeting.organization
    year = minutes.held_on.year
    decision = Decision.objects.create(
        minutes=minutes,
        organization=organization,
        agenda_item=agenda_item,
        year=year,
        number=_next_decision_number(organization, year),
        text=text,
        votes_for=data.get("votes_for"),
        votes_against=data.get("votes_against"),
        abstentions=data.get("abstentions"),
    )
    audit.record(
        actor=actor,
        action="minutes.decision_recorded",
        target=decision,
        scope=organization,
        summary=f"{decision.reference} {text}",
    )
    return decision


def _refuse_before_the_sitting(minutes: Minutes) -> None:
    """Minutes record what happened: they are approved and sent after the sitting, never
    before (a draft may be prepared ahead, with the agenda)."""
    if minutes.held_on > timezone.localdate():
        raise ValidationError(
            _(
                "This sitting is on %(day)s and has not taken place yet: its minutes can be "
                "approved and sent after it."
            )
            % {"day": date_format(minutes.held_on, "DATE_FORMAT")},
            code="not_yet_held",
        )


@transaction.atomic
def approve_minutes(actor: Any, minutes: Minutes) -> Minutes:
    require(policy.can_approve_minutes(actor, minutes))
    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError(_("These minutes are already approved."))
    _refuse_before_the_sitting(minutes)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by = actor
    minutes.save(update_fields=["status", "approved_at", "approved_by"])
    audit.record(
        actor=actor,
        action="minutes.approved",
        target=minutes,
        scope=minutes.meeting.organization,
        changes={"status": ["draft", "approved"]},
        summary=str(minutes),
    )
    return minutes


@transaction.atomic
def send_minutes(actor: Any, minutes: Minutes) -> int:
    """Mail the approved minutes as PDF to everyone invited; returns how many."""
    require(policy.can_approve_minutes(actor, minutes))
    if minutes.status == MinutesStatus.DRAFT:
        raise ValidationError(_("Approve the minutes before sending them."))
    _refuse_before_the_sitting(minutes)
    count = minutes.meeting.invitations.count()
    minutes.status = MinutesStatus.SENT
    minutes.sent_at = timezone.now()
    minutes.save(update_fields=["status", "sent_at"])
    tasks.deliver_minutes.enqueue(minutes.pk)
    notifications.notify(
        [
            i.person
            for i in minutes.meeting.invitations.select_related("person")
            if i.person is not None
        ],
        NoticeKind.MEETINGS,
        _("Minutes: %(title)s") % {"title": str(minutes)},
        url=reverse("meetings:minutes", kwargs={"pk": minutes.pk}),
        email=False,
    )
    audit.record(
        actor=actor,
        action="minutes.sent",
        target=minutes,
        scope=minutes.meeting.organization,
        changes={"recipients": [None, count]},
        summary=str(minutes),
    )
    return count


# --- Action items -----------------------------------------------------------------------------


def _check_action_item(item: ActionItem) -> None:
    errors: dict[str, list[str]] = {}
    if not item.title.strip():
        errors["title"] = [_("Say what is to be done.")]
    if item.assignee_id is None and item.assignee_organization_id is None:
        errors["assignee"] = [_("Choose a person or an organisation responsible.")]
    if item.decision is not None and item.decision.organization_id != item.organization_id:
        errors["decision"] = [_("Choose a decision of this network.")]
    if item.document is not None and item.document.organization_id != item.organization_id:
        errors["document"] = [_("Choose a document of this network.")]
    if errors:
        raise ValidationError(errors)


def _queue_task_reminder(item: ActionItem) -> None:
    if item.due_on is None or item.status not in OPEN_TASK_STATUSES:
        return
    day_before = item.due_on - datetime.timedelta(days=1)
    moment = timezone.make_aware(datetime.datetime.combine(day_before, TASK_REMINDER_TIME))
    tasks.remind_action_item.using(run_after=max(moment, timezone.now())).enqueue(item.pk)


def _fill_action_item(item: ActionItem, data: Mapping[str, Any], fields: Iterable[str]) -> None:
    for field in fields:
        if field in data:
            setattr(item, field, data[field])
    item.source_url = item.source_url or ""
    item.details = item.details or ""


@transaction.atomic
def create_action_item(
    actor: Any,
    network: Organization,
    data: Mapping[str, Any],
    *,
    minutes: Minutes | None = None,
) -> ActionItem:
    require(policy.can_manage_action_items(actor, network))
    if minutes is not None:
        require(minutes.meeting.organization_id == network.pk)
        require(policy.can_write_minutes(actor, minutes))
    item = ActionItem(organization=network, minutes=minutes, created_by=actor)
    with audit.recording(
        actor, item, ACTION_ITEM_FIELDS, action="action_item", scope=network
    ) as note:
        _fill_action_item(item, data, ACTION_ITEM_FIELDS)
        item.status = item.status or TaskStatus.OPEN
        _check_action_item(item)
        item.save()
        note.summary = item.title
    _queue_task_reminder(item)
    _tell_the_people_responsible(item)
    return item


def _tell_the_people_responsible(item: ActionItem) -> None:
    """Those who want task news right away get the meetings' own e-mail, which carries their
    personal "mark as done" link; the others find the task in their digest or on the site."""
    people = list(queries.people_responsible(item))
    deliveries = notification_queries.deliveries_for([p.pk for p in people], NoticeKind.TASKS)
    right_away = [p for p in people if deliveries[p.pk] == Delivery.IMMEDIATE]
    later = [p for p in people if deliveries[p.pk] != Delivery.IMMEDIATE]
    title = _("New task: %(title)s") % {"title": item.title}
    url = reverse("meetings:task", kwargs={"pk": item.pk})
    text = _("Due %(day)s") % {"day": item.due_on.isoformat()} if item.due_on else ""
    notifications.notify(right_away, NoticeKind.TASKS, title, url=url, text=text, email=False)
    notifications.notify(later, NoticeKind.TASKS, title, url=url, text=text)
    if right_away:
        tasks.send_task_assigned.enqueue(item.pk, [p.pk for p in right_away])


@transaction.atomic
def update_action_item(actor: Any, item: ActionItem, data: Mapping[str, Any]) -> ActionItem:
    """The people who run the network change everything; assignees change the status."""
    require(policy.can_update_action_item(actor, item))
    manages = policy.can_manage_action_items(actor, item.organization)
    allowed = ACTION_ITEM_FIELDS if manages else ("status",)
    with audit.recording(
        actor, item, ACTION_ITEM_FIELDS, action="action_item.changed", scope=item.organization
    ) as note:
        _fill_action_item(item, data, allowed)
        _check_action_item(item)
        if item.status == TaskStatus.DONE and item.done_at is None:
            item.done_at = timezone.now()
        elif item.status != TaskStatus.DONE:
            item.done_at = None
        item.save()
        note.summary = item.title
    if note.entry is not None and "due_on" in note.entry.changes:
        item.reminded_on = None
        item.save(update_fields=["reminded_on"])
        _queue_task_reminder(item)
    return item


def set_action_item_status(actor: Any, item: ActionItem, status: str) -> ActionItem:
    if status not in TaskStatus.values:
        raise ValidationError(_("Choose a valid status."))
    return update_action_item(actor, item, {"status": status})


def done_token(item: ActionItem, person: Any) -> str:
    return signing.dumps({"a": item.pk, "p": person.pk}, salt=DONE_SALT)


def action_item_for_token(token: str) -> tuple[ActionItem, Any]:
    """The item and the person a signed "mark as done" link names; ``LinkExpired`` when the
    e-mail is older than the links' lifetime."""
    from verbund.accounts.models import User

    try:
        data = signing.loads(
            token, salt=DONE_SALT, max_age=_link_setting("TASK_LINK_AGE", TASK_LINK_AGE)
        )
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise ActionItem.DoesNotExist from error
    try:
        item = ActionItem.objects.select_related("organization").get(pk=int(data["a"]))
        person = User.objects.get(pk=int(data["p"]), is_active=True)
    except (KeyError, TypeError, ValueError) as error:
        raise ActionItem.DoesNotExist from error
    except User.DoesNotExist as error:
        raise ActionItem.DoesNotExist from error
    return item, person


def mark_done_from_link(token: str) -> ActionItem:
    """The signed link in a reminder speaks for the person it was sent to."""
    item, person = action_item_for_token(token)
    return set_action_item_status(person, item, TaskStatus.DONE)
