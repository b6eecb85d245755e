"""Reads of notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from verbund.notifications.models import Notification, Preference
from verbund.notifications.taxonomy import DEFAULT_DELIVERY, NoticeKind


def for_person(person: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(person=person)


def unread_count(person: Any) -> int:
    return Notification.objects.filter(person=person, read_at__isnull=True).count()


def deliveries(person: Any) -> dict[str, str]:
    """Every kind with the person's choice, the default where none was made."""
    chosen = dict(Preference.objects.filter(person=person).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY) for kind in NoticeKind.values}


def deliveries_for(person_ids: list[int], kind: str) -> dict[int, str]:
    chosen = dict(
        Preference.objects.filter(person_id__in=person_ids, kind=kind).values_list(
            "person_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, DEFAULT_DELIVERY) for pk in person_ids}


def waiting_for_digest(delivery: str) -> QuerySet[Notification]:
    """Notices not yet e-mailed to people who chose this digest for their kind."""
    from django.db.models import Exists, OuterRef, Q

    chosen = Preference.objects.filter(
        person=OuterRef("person"), kind=OuterRef("kind"), delivery=delivery
    )
    waiting = Notification.objects.filter(email_wanted=True, emailed_at__isnull=True)
    if delivery == DEFAULT_DELIVERY:
        any_choice = Preference.objects.filter(person=OuterRef("person"), kind=OuterRef("kind"))
        return waiting.filter(Q(Exists(chosen)) | ~Q(Exists(any_choice)))
    return waiting.filter(Exists(chosen))


def personal_notifications(person: Any) -> dict[str, Any]:
    """The person's notices and their choices of delivery, for their data download."""
    from verbund.notifications.models import Notification, Preference

    return {
        "notices": [
            {
                "kind": n.kind,
                "title": n.title,
                "text": n.text,
                "url": n.url,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(person=person).order_by("created_at")
        ],
        "preferences": {
            p.kind: p.delivery for p in Preference.objects.filter(person=person).order_by("kind")
        },
    }
