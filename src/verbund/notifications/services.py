"""Writes of notifications. ``notify`` is called by other apps' services inside their own
transaction, after they checked permission for the change they report; it queues the
e-mails of people who want them right away. Digests are sent by ``send_digests``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core import audit
from verbund.notifications import policy, queries, tasks
from verbund.notifications.models import Notification, Preference
from verbund.notifications.taxonomy import Delivery, NoticeKind


def notify(
    people: Iterable[Any],
    kind: str,
    title: str,
    *,
    url: str = "",
    text: str = "",
    email: bool = True,
    exclude: Any = None,
) -> list[Notification]:
    """One in-app notice per person; ``email=False`` when the news went out by its own
    e-mail already (an invitation with its answer link, minutes with their PDF)."""
    recipients = {p.pk: p for p in people if p is not None and p.is_active}
    if exclude is not None:
        recipients.pop(getattr(exclude, "pk", None), None)
    if not recipients:
        return []
    created = Notification.objects.bulk_create(
        [
            Notification(
                person_id=pk,
                kind=kind,
                title=title[:300],
                url=url[:500],
                text=text[:2000],
                email_wanted=email,
            )
            for pk in recipients
        ]
    )
    if email:
        deliveries = queries.deliveries_for(list(recipients), kind)
        immediate = [n for n in created if deliveries[n.person_id] == Delivery.IMMEDIATE]
        if immediate:
            tasks.send_immediately.enqueue([n.pk for n in immediate])
    return created


@transaction.atomic
def mark_read(actor: Any, notification: Notification) -> None:
    if not policy.can_read(actor, notification):
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def mark_all_read(actor: Any) -> int:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    return Notification.objects.filter(person=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_preferences(actor: Any, person: Any, choices: Mapping[str, str]) -> None:
    if not policy.can_set_preferences(actor, person):
        raise PermissionDenied
    with audit.recording(
        actor,
        person,
        queries.deliveries,
        action="notifications.preferences",
        scope=person,
        always=True,
    ):
        for kind, delivery in choices.items():
            if kind not in NoticeKind.values or delivery not in Delivery.values:
                raise ValidationError(_("Choose one of the offered settings."))
            Preference.objects.update_or_create(
                person=person, kind=kind, defaults={"delivery": delivery}
            )
