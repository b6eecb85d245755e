"""Background work of conferences, run by the task worker (``manage.py db_worker``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from verbund.core.emails import render_subject, render_text


@task()
def send_delegate_invitation(invitation_id: int) -> bool:
    """E-mail a delegate named by address the link to register, in their language."""
    from verbund.assemblies import services
    from verbund.assemblies.models import DelegateInvitation
    from verbund.assemblies.taxonomy import DelegateInvitationStatus

    invitation = (
        DelegateInvitation.objects.select_related("conference__network", "organization")
        .filter(pk=invitation_id, status=DelegateInvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        return False
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "conference": invitation.conference,
            "organization": invitation.organization,
            "url": settings.SITE_URL.rstrip("/")
            + reverse(
                "assemblies:delegate_invitation",
                kwargs={
                    "pk": invitation.conference_id,
                    "token": services.delegate_token(invitation),
                },
            ),
        }
        subject = render_subject("assemblies/email/delegate_subject.txt", context)
        body = render_text("assemblies/email/delegate_body.txt", context)
    EmailMultiAlternatives(
        subject, body, to=[invitation.email], headers={"Content-Language": invitation.language}
    ).send()
    DelegateInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return True
