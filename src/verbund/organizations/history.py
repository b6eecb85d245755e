"""The audit log of an organisation, told in words: what happened, to which field, from
which value to which, with field names and choice values in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core import audit
from verbund.core.models import AuditEntry
from verbund.organizations.models import Affiliation, ContactPerson, Organization
from verbund.organizations.taxonomy import THEME_CODES, Role, Theme, language_name

ACTIONS: dict[str, Any] = {
    "organization.created": gettext_lazy("Profile created"),
    "organization.updated": gettext_lazy("Profile changed"),
    "organization.logo": gettext_lazy("Logo changed"),
    "organization.published": gettext_lazy("Published in the directory"),
    "organization.unpublished": gettext_lazy("Taken out of the directory"),
    "organization.archived": gettext_lazy("Archived"),
    "organization.verified": gettext_lazy("Verification changed"),
    "organization.review_requested": gettext_lazy("Publication requested"),
    "organization.review_rejected": gettext_lazy("Publication request sent back"),
    "organization.person_role": gettext_lazy("Role changed"),
    "organization.person_removed": gettext_lazy("Person removed"),
    "contact.created": gettext_lazy("Contact person added"),
    "contact.updated": gettext_lazy("Contact person changed"),
    "contact.removed": gettext_lazy("Contact person removed"),
}


def describe_actions(labels: dict[str, Any]) -> None:
    """Other apps name the actions they write into an organisation's history (in ``ready``)."""
    ACTIONS.update(labels)


RELATION_LABELS: dict[str, Any] = {
    "themes": gettext_lazy("Themes"),
    "languages": gettext_lazy("Languages offered"),
    "tags": gettext_lazy("Communities of origin and other tags"),
}

EMPTY = "\u2013"  # an en dash: nothing there


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    when: Any
    actor: str
    action: str
    summary: str
    changes: list[Change]


def _model_for(entry: AuditEntry) -> type[models.Model]:
    if entry.action.startswith("contact."):
        return ContactPerson
    if entry.action.startswith("organization.person"):
        return Affiliation
    if entry.action.startswith("organization."):
        return Organization
    # Entries of other apps (memberships, bodies, seats) name their fields on their own model.
    return entry.target_type.model_class() or Organization


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _label(model: type[models.Model], name: str) -> str:
    if model is Organization and name in RELATION_LABELS:
        return str(RELATION_LABELS[name])
    field = _field(model, name)
    if field is None:
        # Role changes are keyed by the person whose role changed.
        return name
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def _value(model: type[models.Model], name: str, value: Any) -> str:
    if value is None or value in ("", [], {}):
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if model is Organization and name == "themes":
        return ", ".join(str(Theme(t).label) if t in THEME_CODES else str(t) for t in value)
    if model is Organization and name == "languages":
        return ", ".join(language_name(str(code)) for code in value)
    if model is Organization and name == "description" and isinstance(value, dict):
        names = dict(settings.LANGUAGES)
        return "\n".join(f"{names.get(code, code)}: {text}" for code, text in value.items())
    if name == "phone":
        try:
            number = phonenumbers.parse(str(value), settings.PHONENUMBER_DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            return str(value)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if model is Affiliation:
        return str(Role(value).label) if value in Role.values else str(value)
    field = _field(model, name)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(localize(value))


def readable(entry: AuditEntry) -> Entry:
    model = _model_for(entry)
    changes = []
    for name, values in (entry.changes or {}).items():
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue
        before, after = _value(model, name, values[0]), _value(model, name, values[1])
        if before != after:
            changes.append(Change(_label(model, name), before, after))
    return Entry(
        when=entry.created_at,
        actor=str(entry.actor) if entry.actor_id else _("the system"),
        action=str(ACTIONS.get(entry.action, entry.action)),
        summary=entry.summary,
        changes=changes,
    )


def for_organization(organization: Organization, limit: int = 200) -> list[Entry]:
    return [readable(entry) for entry in audit.history_for(organization)[:limit]]


def last_rejection(organization: Organization) -> AuditEntry | None:
    """Why staff last sent the publication request back, if they did."""
    return (
        audit.history_for(organization)
        .filter(action="organization.review_rejected")
        .order_by("-created_at")
        .first()
    )
