"""Reads about people's own accounts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from verbund.core.models import AuditEntry


def account_data(person: Any) -> dict[str, Any]:
    from allauth.account.models import EmailAddress

    return {
        "email": person.email,
        "display_name": person.display_name,
        "preferred_language": person.preferred_language,
        "date_joined": person.date_joined.isoformat(),
        "last_login": person.last_login.isoformat() if person.last_login else None,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=person).order_by("email")
        ],
    }


def audit_entries_made(person: Any) -> list[dict[str, Any]]:
    """The audit entries the person made: what they did, when, on what (one query)."""
    return [
        {
            "when": entry.created_at.isoformat(),
            "action": entry.action,
            "on": f"{entry.target_type.app_label}.{entry.target_type.model}:{entry.target_id}",
            "summary": entry.summary,
            "changes": entry.changes,
        }
        for entry in AuditEntry.objects.filter(actor=person)
        .select_related("target_type")
        .order_by("created_at", "id")
    ]


def person_with_email(email: str) -> Any:
    """The account with this e-mail address (in any case), or None."""
    return get_user_model().objects.filter(email__iexact=email.strip()).first()
