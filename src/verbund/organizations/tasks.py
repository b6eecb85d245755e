"""Background work of the registry, run by the task worker (``manage.py db_worker``)."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def run_import(job_id: int) -> dict[str, Any]:
    from verbund.organizations import importing

    return importing.execute_job(job_id)


def _absolute(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path


@task()
def send_take_over_invitation(invitation_id: int) -> str:
    """E-mail the link to take over a profile, in the invited contact's language. A refused
    delivery marks the invitation "not delivered" for the coordinator's list."""
    from django.core.mail import EmailMultiAlternatives
    from django.urls import reverse
    from django.utils import timezone, translation

    from verbund.core.emails import render_subject, render_text
    from verbund.organizations import services
    from verbund.organizations.models import TakeOverInvitation
    from verbund.organizations.taxonomy import TakeOverStatus

    invitation = (
        TakeOverInvitation.objects.select_related("organization", "network", "invited_by")
        .filter(pk=invitation_id, status=TakeOverStatus.QUEUED)
        .first()
    )
    if invitation is None:
        return "gone"
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "organization": invitation.organization,
            "network": invitation.network,
            "days": services.TAKE_OVER_DAYS,
            "url": _absolute(
                reverse(
                    "organizations:take_over",
                    kwargs={
                        "slug": invitation.organization.slug,
                        "token": services.take_over_token(invitation),
                    },
                )
            ),
        }
        subject = render_subject("organizations/email/take_over_subject.txt", context)
        body = render_text("organizations/email/take_over_body.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[invitation.email])
    try:
        message.send()
    except Exception as error:  # a refused address is recorded, not retried for ever
        TakeOverInvitation.objects.filter(pk=invitation.pk).update(
            status=TakeOverStatus.BOUNCED, error=str(error)[:255]
        )
        return "bounced"
    TakeOverInvitation.objects.filter(pk=invitation.pk, status=TakeOverStatus.QUEUED).update(
        status=TakeOverStatus.SENT, sent_at=timezone.now()
    )
    return "sent"


@task()
def send_claim_confirmation(claim_id: int) -> bool:
    """Ask the organisation's registered address to confirm who claims its profile."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives
    from django.urls import reverse
    from django.utils import translation

    from verbund.core.emails import render_subject, render_text
    from verbund.organizations import services
    from verbund.organizations.models import OrganizationLanguage, ProfileClaim
    from verbund.organizations.taxonomy import ClaimStatus

    claim = (
        ProfileClaim.objects.select_related("organization", "claimant")
        .filter(pk=claim_id, status=ClaimStatus.PENDING)
        .first()
    )
    if claim is None or not claim.confirmation_sent_to:
        return False
    spoken = set(
        OrganizationLanguage.objects.filter(organization=claim.organization).values_list(
            "code", flat=True
        )
    )
    language = next(
        (code for code, _name in settings.LANGUAGES if code in spoken), settings.LANGUAGE_CODE
    )
    with translation.override(language):
        context = {
            "claim": claim,
            "organization": claim.organization,
            "days": services.CLAIM_DAYS,
            "url": _absolute(
                reverse(
                    "organizations:claim_confirm",
                    kwargs={
                        "slug": claim.organization.slug,
                        "token": services.claim_token(claim),
                    },
                )
            ),
        }
        subject = render_subject("organizations/email/claim_subject.txt", context)
        body = render_text("organizations/email/claim_body.txt", context)
    EmailMultiAlternatives(subject, body, to=[claim.confirmation_sent_to]).send()
    return True
