"""Reads of meetings, minutes and action items that are more than a filter."""

from __future__ import annotations

import datetime
from typing import Any

from dateutil import rrule as dateutil_rrule
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from verbund.accounts.models import User
from verbund.meetings.models import ActionItem, Meeting, Minutes
from verbund.meetings.taxonomy import OPEN_TASK_STATUSES
from verbund.networks.audience import Recipient, reach
from verbund.networks.models import Body, Seat
from verbund.networks.taxonomy import AddressSource, MembershipStatus, MessageKind
from verbund.organizations.models import Organization

_FREQUENCIES = {"WEEKLY": dateutil_rrule.WEEKLY, "MONTHLY": dateutil_rrule.MONTHLY}


def occurrences(
    meeting: Meeting, after: datetime.datetime, *, limit: int = 1
) -> list[datetime.datetime]:
    """The next ``limit`` starts of ``meeting`` after ``after``, in local time."""
    start = timezone.localtime(meeting.starts_at)
    rule = meeting.rrule
    if rule is None:
        return [start] if start > after else []
    until = rule.get("UNTIL")
    recurrence = dateutil_rrule.rrule(
        _FREQUENCIES[str(rule["FREQ"])],
        interval=int(str(rule.get("INTERVAL", 1))),
        dtstart=start.replace(tzinfo=None),
        until=timezone.localtime(until).replace(tzinfo=None) if until else None,
    )
    zone = start.tzinfo
    found: list[datetime.datetime] = []
    moment = timezone.localtime(after).replace(tzinfo=None)
    while len(found) < limit:
        following = recurrence.after(moment)
        if following is None:
            break
        found.append(following.replace(tzinfo=zone))
        moment = following
    return found


def last_start(meeting: Meeting, before: datetime.datetime | None = None) -> datetime.datetime:
    """The latest start up to ``before`` (now), or the first start if none has passed:
    the sitting that minutes are usually written for."""
    moment = before or timezone.now()
    start = timezone.localtime(meeting.starts_at)
    rule = meeting.rrule
    if rule is None or start > moment:
        return start
    until = rule.get("UNTIL")
    recurrence = dateutil_rrule.rrule(
        _FREQUENCIES[str(rule["FREQ"])],
        interval=int(str(rule.get("INTERVAL", 1))),
        dtstart=start.replace(tzinfo=None),
        until=timezone.localtime(until).replace(tzinfo=None) if until else None,
    )
    latest = recurrence.before(timezone.localtime(moment).replace(tzinfo=None), inc=True)
    return latest.replace(tzinfo=start.tzinfo) if latest else start


def next_start(
    meeting: Meeting, after: datetime.datetime | None = None
) -> datetime.datetime | None:
    found = occurrences(meeting, after or timezone.now())
    return found[0] if found else None


def invitable_guests(meeting: Meeting, known: set[str]) -> list[Recipient]:
    """For a meeting of the whole network, the member organisations' addresses without an
    account behind them — contact persons who want meeting invitations, else the
    organisation's own address — found by the one recipient function; none in ``known``
    (lower case) and none unsubscribed from the network's meeting messages. A body's
    meeting invites its seat holders only."""
    if meeting.body_id is not None:
        return []
    found = reach(
        meeting.organization,
        MessageKind.MEETING,
        written=[code for code, _name in settings.LANGUAGES],
    )
    return [
        recipient
        for recipient in found.recipients
        if recipient.source != AddressSource.ACCOUNT
        and not recipient.unsubscribed
        and recipient.email.lower() not in known
    ]


def invitable_guest_count(meeting: Meeting) -> int:
    known = {email.lower() for email in invitable_people(meeting).values_list("email", flat=True)}
    return len(invitable_guests(meeting, known))


def invitable_people(meeting: Meeting) -> QuerySet[User]:
    """Who a meeting invites: a body's current seat holders (and the delegates' organisations'
    administrators); for the whole network, the people of its active member organisations,
    of the network itself and its coordinators and office staff."""
    active = User.objects.filter(is_active=True)
    if meeting.body_id is not None:
        seats = Seat.objects.current().filter(body_id=meeting.body_id)
        return active.filter(
            Q(pk__in=seats.filter(person__isnull=False).values("person"))
            | Q(
                affiliations__organization__in=seats.filter(
                    holder_organization__isnull=False, person__isnull=True
                ).values("holder_organization"),
                affiliations__role="admin",
            )
        ).distinct()
    network = meeting.organization
    members = Organization.objects.filter(
        membership_links__network=network, membership_links__status=MembershipStatus.ACTIVE
    )
    return active.filter(
        Q(affiliations__organization__in=members)
        | Q(affiliations__organization=network)
        | Q(network_roles__network=network)
    ).distinct()


def meetings_of(network: Organization) -> QuerySet[Meeting]:
    return Meeting.objects.filter(organization=network).select_related("body", "organization")


def visible_meetings_for(person: Any, network: Organization) -> QuerySet[Meeting]:
    """The network's meetings the person may see: all of them for its members area (which
    also sees its internal bodies), otherwise only those the person is invited to."""
    from verbund.meetings import policy

    meetings = meetings_of(network)
    if policy.can_schedule(person, network) or policy.can_view_meetings(person, network):
        return meetings
    return meetings.filter(invitations__person=person).distinct()


def upcoming_for(person: Any) -> QuerySet[Meeting]:
    """Meetings the person is invited to that still lie ahead or keep recurring."""
    today = timezone.localdate()
    return (
        Meeting.objects.filter(invitations__person=person, cancelled=False)
        .filter(
            Q(starts_at__date__gte=today)
            | (~Q(recurrence="") & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=today)))
        )
        .select_related("organization", "body")
        .distinct()
    )


def calendar_meetings_for_person(person: Any) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(invitations__person=person)
        .select_related("organization", "body")
        .distinct()
    )


def calendar_meetings_for_body(body: Body) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body=body).select_related("organization", "body")


def minutes_of(meeting: Meeting) -> QuerySet[Minutes]:
    return meeting.minutes.all()


def minutes_with_records(minutes_id: int) -> Minutes:
    return (
        Minutes.objects.select_related("meeting", "meeting__organization", "meeting__body")
        .prefetch_related(
            "decisions",
            "attendees",
            "meeting__agenda_items__owner",
            "action_items__assignee",
            "action_items__assignee_organization",
            "action_items__decision",
        )
        .get(pk=minutes_id)
    )


def _tasks() -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related(
        "organization", "assignee", "assignee_organization", "minutes__meeting", "decision"
    )


def tasks_for(person: Any) -> QuerySet[ActionItem]:
    """ "My tasks": assigned to the person, or to an organisation they administer."""
    return (
        _tasks()
        .filter(
            Q(assignee=person)
            | Q(
                assignee_organization__affiliations__person=person,
                assignee_organization__affiliations__role="admin",
            )
        )
        .distinct()
    )


def open_tasks_of(network: Organization) -> QuerySet[ActionItem]:
    return _tasks().filter(organization=network, status__in=OPEN_TASK_STATUSES)


def overdue(
    items: QuerySet[ActionItem], today: datetime.date | None = None
) -> QuerySet[ActionItem]:
    return items.filter(status__in=OPEN_TASK_STATUSES, due_on__lt=today or timezone.localdate())


def due_for_reminder(today: datetime.date | None = None) -> QuerySet[ActionItem]:
    """Open items due by tomorrow that got no reminder today."""
    day = today or timezone.localdate()
    return (
        ActionItem.objects.filter(
            status__in=OPEN_TASK_STATUSES, due_on__lte=day + datetime.timedelta(days=1)
        )
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=day))
        .order_by("pk")
    )


def people_responsible(item: ActionItem) -> list[Any]:
    """The assignee, or the administrators of the organisation the item is assigned to."""
    if item.assignee_id:
        return [item.assignee] if item.assignee and item.assignee.is_active else []
    return list(
        User.objects.filter(
            is_active=True,
            affiliations__organization=item.assignee_organization,
            affiliations__role="admin",
        ).order_by("pk")
    )


def personal_invitations(person: Any) -> list[dict[str, Any]]:
    """Invitations to meetings and the person's answers (RSVPs), for their data download."""
    from verbund.meetings.models import Invitation

    return [
        {
            "meeting": invitation.meeting.title,
            "starts_at": invitation.meeting.starts_at.isoformat()
            if invitation.meeting.starts_at
            else None,
            "response": invitation.response,
            "responded_at": invitation.responded_at.isoformat()
            if invitation.responded_at
            else None,
        }
        for invitation in Invitation.objects.filter(person=person).select_related("meeting")
    ]


# --- What the pages read ----------------------------------------------------------------------


def meetings() -> QuerySet[Meeting]:
    """Meetings with their network and body, for the pages that load one by its id."""
    return Meeting.objects.select_related("organization", "body")


def minutes() -> QuerySet[Minutes]:
    return Minutes.objects.select_related("meeting", "meeting__organization", "meeting__body")


def action_items() -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related(
        "organization", "minutes__meeting", "decision", "document"
    )


def bodies() -> QuerySet[Body]:
    return Body.objects.select_related("organization")


def bodies_of(network: Organization) -> list[Body]:
    return list(Body.objects.filter(organization=network))


def invitations_of(meeting: Meeting) -> list[Any]:
    return list(meeting.invitations.select_related("person", "organization"))


def agenda_of(meeting: Meeting) -> list[Any]:
    return list(meeting.agenda_items.select_related("owner"))


def visible_minutes(person: Any, meeting: Meeting) -> list[Minutes]:
    """The minutes of ``meeting`` that ``person`` may read (the policy asks per minutes; the
    answers about the network are cached, so this costs a few queries however many)."""
    from verbund.meetings import policy

    return [m for m in minutes_of(meeting) if policy.can_view_minutes(person, m)]


def feed_owner(token: str) -> Any:
    """The active person whose calendar feed has this token, or None."""
    from verbund.meetings.models import CalendarFeed

    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None or not feed.person.is_active:
        return None
    return feed.person
