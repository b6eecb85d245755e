"""The audit log told in words, and the one registry of action codes.

Each app declares, in its ``AppConfig.ready``, the action codes its services write, each with
a translatable sentence and, where the default is not enough, how its values are shown::

    history.describe({
        "body.created": history.Action(_("Body created")),
        "seat.updated": history.Action(_("Seat changed"), values={"role": show_role}),
    })

:func:`readable` turns an :class:`~verbund.core.models.AuditEntry` into what a history page
shows: the sentence, who acted, and each changed field with its label and its values in the
reader's language. A code without a label is a bug; ``tests/core/test_history.py`` finds
every code a service can write and fails when one is missing or untranslated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from verbund.core.actors import label_of
from verbund.core.models import AuditEntry

EMPTY = "\u2013"  # an en dash: nothing there

ValueFormatter = Callable[[Any], str]


@dataclass(frozen=True)
class Action:
    """How the history shows one action code.

    ``model`` names the fields and choices of the changes when they are not the target's own
    (an organisation's history entry about a contact person); ``labels`` names keys that are
    not model fields; ``values`` formats a key's values (codes into labels, numbers into
    phone formats).
    """

    sentence: str | Promise
    model: type[models.Model] | None = None
    labels: Mapping[str, str | Promise] = field(default_factory=dict)
    values: Mapping[str, ValueFormatter] = field(default_factory=dict)
    # For entries keyed by something other than fields (a role change keyed by the person).
    any_value: ValueFormatter | None = None


ACTIONS: dict[str, Action] = {}


def describe(actions: Mapping[str, Action | str | Promise]) -> None:
    for code, action in actions.items():
        ACTIONS[code] = action if isinstance(action, Action) else Action(action)


def action_for(code: str) -> Action | None:
    return ACTIONS.get(code)


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
    code: str = ""


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def field_label(action: Action, model: type[models.Model] | None, name: str) -> str:
    if name in action.labels:
        return str(action.labels[name])
    found = _field(model, name)
    if found is None:
        return name.replace("_", " ")
    label = str(found.verbose_name)
    return label[:1].upper() + label[1:]


def show_value(action: Action, model: type[models.Model] | None, name: str, value: Any) -> str:
    if value is None or value in ("", [], {}):
        return EMPTY
    if name in action.values:
        return action.values[name](value)
    if action.any_value is not None:
        return action.any_value(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    found = _field(model, name)
    if found is not None and found.choices:
        choices = dict(found.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(choices.get(item, item)) for item in value)
        return str(choices.get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(localize(value))


def readable(entry: AuditEntry) -> Entry:
    action = ACTIONS.get(entry.action) or Action(entry.action)
    model = action.model or entry.target_type.model_class()
    changes = []
    for name, values in (entry.changes or {}).items():
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue
        before = show_value(action, model, name, values[0])
        after = show_value(action, model, name, values[1])
        if before != after:
            changes.append(Change(field_label(action, model, name), before, after))
    actor = str(entry.actor) if entry.actor_id else label_of(entry.system_actor)
    return Entry(
        when=entry.created_at,
        actor=actor,
        action=str(action.sentence),
        summary=entry.summary,
        changes=changes,
        code=entry.action,
    )
