"""Writes to a person's own account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from verbund.core import audit

SETTINGS_FIELDS = ("display_name", "preferred_language")


@transaction.atomic
def update_settings(actor: Any, person: Any, data: dict[str, Any]) -> None:
    if actor.pk != person.pk:
        raise PermissionDenied
    # The stored row, not ``person``: a bound ModelForm has already copied its input onto it.
    stored = get_user_model().objects.select_for_update().get(pk=person.pk)
    before = audit.snapshot(stored, SETTINGS_FIELDS)
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    person.full_clean(exclude=["password"])
    person.save(update_fields=list(SETTINGS_FIELDS))
    changes = audit.diff(before, audit.snapshot(person, SETTINGS_FIELDS))
    if changes:
        audit.record(actor=actor, action="person.settings", target=person, changes=changes)
