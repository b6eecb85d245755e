"""E-mails of notifications: right away, or as daily and weekly digests."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from verbund.core.emails import render_subject, render_text


def _absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def _mail(person: Any, notices: list[Any], digest: str) -> EmailMultiAlternatives:
    language = person.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "person": person,
            "notices": [(n, _absolute(n.url) if n.url else "") for n in notices],
            "digest": digest,
            "settings_url": _absolute(reverse("notifications:settings")),
        }
        subject = render_subject("notifications/email/subject.txt", context)
        body = render_text("notifications/email/body.txt", context)
    return EmailMultiAlternatives(
        " ".join(subject.split()),
        body,
        to=[person.email],
        headers={"Content-Language": language, "X-Verbund-Notice": f"notification-{digest}"},
    )


def _send(notices: list[Any], digest: str) -> int:
    from verbund.notifications.models import Notification

    by_person: dict[int, list[Any]] = defaultdict(list)
    for notice in notices:
        by_person[notice.person_id].append(notice)
    messages = [_mail(items[0].person, items, digest) for items in by_person.values()]
    if messages:
        get_connection().send_messages(messages)
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
            emailed_at=timezone.now()
        )
    return len(messages)


@task()
def send_immediately(notification_ids: list[int]) -> int:
    from verbund.notifications.models import Notification

    notices = list(
        Notification.objects.select_related("person").filter(
            pk__in=notification_ids, emailed_at__isnull=True, person__is_active=True
        )
    )
    return _send(notices, "immediate")


@task()
def send_digests(delivery: str) -> int:
    """One e-mail per person with everything waiting for their daily or weekly digest."""
    from verbund.notifications import queries

    notices = list(
        queries.waiting_for_digest(delivery)
        .filter(person__is_active=True)
        .select_related("person")
        .order_by("person_id", "created_at")
    )
    return _send(notices, delivery)
