"""Background work of networks, run by the task worker (``manage.py db_worker``).

Tasks take ids, not objects, and re-read what they need: a task may run long after it was
queued, on another machine.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from verbund.core.emails import render_subject, render_text
from verbund.networks.taxonomy import DeliveryStatus, MailingStatus, MessageKind, NetworkRoleKind
from verbund.organizations.taxonomy import Role


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _people_speaking_for(organization: Any, *, coordinators: bool) -> list[Any]:
    from verbund.accounts.models import User

    condition = Q(affiliations__organization=organization, affiliations__role=Role.ADMIN)
    if coordinators:
        condition |= Q(
            network_roles__network=organization, network_roles__role=NetworkRoleKind.COORDINATOR
        )
    return list(User.objects.filter(condition, is_active=True).distinct().order_by("pk"))


@task()
def send_membership_notice(membership_id: int, event: str) -> int:
    """Tell both sides about an application or invitation and its answer, each in their
    language. Events: applied, approved, rejected, invited, accepted, declined."""
    from verbund.networks.audience import people_to_reach
    from verbund.networks.models import Membership

    membership = (
        Membership.objects.select_related("network", "member").filter(pk=membership_id).first()
    )
    if membership is None:
        return 0
    sides = [("member", _people_speaking_for(membership.member, coordinators=False))]
    if event != "invited":  # the network knows whom it invited
        sides.append(("network", _people_speaking_for(membership.network, coordinators=True)))
    messages = []
    seen: set[str] = set()
    for side, people in sides:
        # Through the one recipient function: each address once, unsubscribing honoured.
        for person in people_to_reach(membership.network, MessageKind.MEMBERSHIP, people):
            if person.email in seen:
                continue
            seen.add(person.email)
            with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
                context = {
                    "membership": membership,
                    "side": side,
                    "event": event,
                    "person": person,
                    "network_url": _absolute(
                        reverse("networks:detail", kwargs={"slug": membership.network.slug})
                    ),
                    "applications_url": _absolute(
                        reverse("networks:members", kwargs={"slug": membership.network.slug})
                    ),
                    "answer_url": _absolute(
                        reverse("networks:consents", kwargs={"slug": membership.member.slug})
                    ),
                }
                subject = render_subject("networks/email/membership_subject.txt", context)
                body = render_text("networks/email/membership_body.txt", context)
            messages.append(EmailMultiAlternatives(subject, body, to=[person.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@task()
def deliver_mailing_batch(mailing_id: int, recipient_ids: list[int]) -> int:
    """Send one batch of a mailing; each recipient at most once, in their language."""
    from verbund.networks.models import Mailing, MailingRecipient, Unsubscription

    mailing = Mailing.objects.select_related("network").filter(pk=mailing_id).first()
    if mailing is None:
        return 0
    with transaction.atomic():
        recipients = list(
            MailingRecipient.objects.select_for_update()
            .filter(mailing=mailing, pk__in=recipient_ids, status=DeliveryStatus.QUEUED)
            .order_by("pk")
        )
        unsubscribed = set(
            Unsubscription.objects.filter(
                network=mailing.network,
                kind=MessageKind.MAILING,
                email__in=[r.email for r in recipients],
            ).values_list("email", flat=True)
        )
        connection = get_connection()
        connection.open()
        sent = 0
        try:
            for recipient in recipients:
                if recipient.email in unsubscribed:
                    recipient.status = DeliveryStatus.UNSUBSCRIBED
                    continue
                try:
                    connection.send_messages([_mailing_message(mailing, recipient)])
                except Exception as error:  # one bad address must not stop the batch
                    recipient.status = DeliveryStatus.FAILED
                    recipient.error = str(error)[:255]
                else:
                    recipient.status = DeliveryStatus.SENT
                    recipient.sent_at = timezone.now()
                    sent += 1
        finally:
            connection.close()
        MailingRecipient.objects.bulk_update(recipients, ["status", "sent_at", "error"])
        if not mailing.recipients.filter(status=DeliveryStatus.QUEUED).exists():
            Mailing.objects.filter(pk=mailing.pk).update(status=MailingStatus.SENT)
    return sent


def _mailing_message(mailing: Any, recipient: Any) -> EmailMultiAlternatives:
    from verbund.networks.services import unsubscribe_token

    language, version = mailing.version_for(recipient.language)
    with translation.override(language):
        unsubscribe_url = _absolute(
            reverse(
                "networks:unsubscribe",
                kwargs={"token": unsubscribe_token(recipient)},
            )
        )
        body = render_text(
            "networks/email/mailing.txt",
            {
                "mailing": mailing,
                "version": version,
                "recipient": recipient,
                "network": mailing.network,
                "unsubscribe_url": unsubscribe_url,
            },
        )
    message = EmailMultiAlternatives(
        version["subject"],
        body,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": language,
        },
    )
    return message
