"""The registry's entries in the audit log: their labels, how their values read, and an
organisation's history page (everything scoped to it, from every app)."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from verbund.core import audit
from verbund.core import history as core_history
from verbund.core.models import AuditEntry
from verbund.organizations.models import Affiliation, ContactPerson, Organization
from verbund.organizations.taxonomy import THEME_CODES, Role, Theme, language_name


def _themes(value: Any) -> str:
    return ", ".join(str(Theme(t).label) if t in THEME_CODES else str(t) for t in value)


def _languages(value: Any) -> str:
    return ", ".join(language_name(str(code)) for code in value)


def _description(value: Any) -> str:
    if not isinstance(value, dict):
        return str(value)
    names = dict(settings.LANGUAGES)
    return "\n".join(f"{names.get(code, code)}: {text}" for code, text in value.items())


def show_phone(value: Any) -> str:
    try:
        number = phonenumbers.parse(str(value), settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return str(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _field_names(value: Any) -> str:
    labels = {**PROFILE_LABELS}
    names = []
    for name in value or []:
        if name in labels:
            names.append(str(labels[name]))
        else:
            try:
                found = Organization._meta.get_field(name)
            except FieldDoesNotExist:
                names.append(str(name))
            else:
                names.append(str(getattr(found, "verbose_name", name)))
    return ", ".join(names)


def _role(value: Any) -> str:
    return str(Role(value).label) if value in Role.values else str(value)


PROFILE_LABELS = {
    "themes": _("Themes"),
    "languages": _("Languages offered"),
    "tags": _("Communities of origin and other tags"),
}
PROFILE: dict[str, Any] = {
    "model": Organization,
    "labels": PROFILE_LABELS,
    "values": {
        "themes": _themes,
        "languages": _languages,
        "description": _description,
        "phone": show_phone,
    },
}
CONTACT: dict[str, Any] = {"model": ContactPerson, "values": {"phone": show_phone}}
# Role changes are keyed by the person whose role changed.
PERSON: dict[str, Any] = {"model": Affiliation, "any_value": _role}


def describe_registry() -> None:
    Action = core_history.Action
    core_history.describe(
        {
            "organization.created": Action(_("Profile created"), **PROFILE),
            "organization.updated": Action(_("Profile changed"), **PROFILE),
            "organization.logo": Action(_("Logo changed"), **PROFILE),
            "organization.published": Action(_("Published in the directory"), **PROFILE),
            "organization.unpublished": Action(_("Taken out of the directory"), **PROFILE),
            "organization.archived": Action(_("Archived"), **PROFILE),
            "organization.verified": Action(_("Verification changed"), **PROFILE),
            "organization.review_requested": Action(_("Publication requested"), **PROFILE),
            "organization.review_rejected": Action(_("Publication request sent back"), **PROFILE),
            "organization.person_role": Action(_("Role changed"), **PERSON),
            "organization.person_removed": Action(_("Person removed"), **PERSON),
            "organization.take_over_invited": Action(
                _("Invited to take over the profile"), labels={"invitation": _("invitation")}
            ),
            "organization.take_over_resent": Action(
                _("Invitation to take over the profile sent again"),
                labels={"invitation": _("invitation")},
            ),
            "organization.taken_over": Action(
                _("Profile taken over through an invitation"),
                labels={"invitation": _("invitation")},
            ),
            "organization.claimed": Action(
                _("Profile claimed: “This is our organisation”"), labels={"claim": _("claim")}
            ),
            "organization.claim_decided": Action(
                _("Claim of the profile decided"),
                labels={"claim": _("claim"), "method": _("decided")},
            ),
            "organization.claim_withdrawn": Action(
                _("Claim of the profile withdrawn"), labels={"claim": _("claim")}
            ),
            "proposal.created": Action(_("Changes proposed"), **PROFILE),
            "proposal.accepted": Action(
                _("Proposed changes accepted"),
                labels={"accepted_fields": _("Accepted changes")},
                values={"accepted_fields": _field_names},
            ),
            "proposal.rejected": Action(_("Proposed changes rejected")),
            "contact.created": Action(_("Contact person added"), **CONTACT),
            "contact.updated": Action(_("Contact person changed"), **CONTACT),
            "contact.removed": Action(_("Contact person removed"), **CONTACT),
            "import.uploaded": Action(_("Spreadsheet uploaded for import")),
            "import.started": Action(_("Import started")),
            "import.purged": Action(_("Cells of an unfinished import deleted")),
            "import.repeated_for_real": Action(
                _("Trial import repeated as the real import"), labels={"trial": _("trial run")}
            ),
        }
    )


def for_organization(organization: Organization, limit: int = 200) -> list[core_history.Entry]:
    return [core_history.readable(entry) for entry in audit.history_for(organization)[:limit]]


def last_rejection(organization: Organization) -> AuditEntry | None:
    """Why staff last sent the publication request back, if they did."""
    return (
        audit.history_for(organization)
        .filter(action="organization.review_rejected")
        .order_by("-created_at")
        .first()
    )


def proposed_changes(proposal: Any) -> list[tuple[str, str, str, str]]:
    """``(field, label, value now, proposed value)`` of each change a proposal holds, in the
    reader's language."""
    action = core_history.Action("", **PROFILE)
    rows = []
    current = proposal.before or {}
    for name in sorted(proposal.changes):
        rows.append(
            (
                name,
                core_history.field_label(action, Organization, name),
                core_history.show_value(action, Organization, name, current.get(name)),
                core_history.show_value(action, Organization, name, proposal.changes[name]),
            )
        )
    return rows
