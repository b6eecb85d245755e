"""Recording changes in the audit log; called by every app's services inside their transaction.

Services write through three helpers, so "what changed" means the same everywhere:

* ``with audit.recording(actor, obj, FIELDS, action="body", scope=org):`` snapshots ``obj``,
  lets the service change and save it, then records ``body.created`` (the fields that are
  not empty) or ``body.updated`` (the fields that changed; nothing when nothing did). An
  action with a dot (``"membership.accepted"``) is recorded under that exact code.
* ``audit.removed(actor, obj, FIELDS, action="body", scope=org)`` before a delete records
  ``body.removed`` with the values that are gone.
* ``audit.record(...)`` for an event that is not a field change (a mailing queued).

Every action code has a label in the registry (:func:`describe`), which the history pages
use; a test fails when a service can write a code that has none.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from verbund.core.actors import actor_for_audit
from verbund.core.models import AuditEntry

EMPTY_VALUES: tuple[Any, ...] = (None, "", [], {})


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, readable in the history."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return str(value)


def plain(value: Any) -> Any:
    """A value as the audit log stores it (JSON-safe), for comparing with a snapshot."""
    return _plain(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as ``{field: [old, new]}``."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def created(after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The changes of a new object: every field that is not empty, as ``[None, value]``."""
    return {key: [None, value] for key, value in sorted(after.items()) if value not in EMPTY_VALUES}


def gone(before: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The changes of a removed object: every field that was not empty, as ``[value, None]``."""
    return {
        key: [value, None] for key, value in sorted(before.items()) if value not in EMPTY_VALUES
    }


State = Sequence[str] | Callable[[Any], Mapping[str, Any]]


def _state_of(obj: models.Model, fields: State) -> dict[str, Any]:
    if callable(fields):
        return {str(key): _plain(value) for key, value in fields(obj).items()}
    return snapshot(obj, fields)


def _code(action: str, event: str) -> str:
    return action if "." in action else f"{action}.{event}"


@dataclass
class Recording:
    """What :func:`recording` will write; the service may set ``summary`` or add ``extra``
    changes (values that are not fields of the object) inside the block."""

    action: str
    summary: str = ""
    extra: dict[str, list[Any]] = field(default_factory=dict)
    always: bool = False
    entry: AuditEntry | None = None
    skip: bool = False
    # The audited state before the block ({} for a new object), for services that need it.
    before: dict[str, Any] = field(default_factory=dict)


@contextmanager
def recording(
    actor: Any,
    obj: models.Model,
    fields: State,
    *,
    action: str,
    scope: models.Model | None = None,
    summary: str = "",
    always: bool = False,
) -> Iterator[Recording]:
    """Snapshot ``obj``, let the block change and save it, then record what changed.

    ``fields`` names the audited fields, or is a function returning the audited state (for
    values kept in related rows, such as an organisation's themes). ``always`` records an
    update even when no field changed (a decision whose reason is the point).
    """
    is_new = obj.pk is None or getattr(getattr(obj, "_state", None), "adding", False)
    before = {} if is_new else _state_of(obj, fields)
    note = Recording(action=action, summary=summary, always=always, before=before)
    yield note
    if note.skip:
        return
    after = _state_of(obj, fields)
    if is_new:
        changes = created(after)
        code = _code(note.action, "created")
    else:
        changes = diff(before, after)
        code = _code(note.action, "updated")
    changes.update(note.extra)
    if changes or is_new or note.always:
        note.entry = record(
            actor=actor,
            action=code,
            target=obj,
            scope=scope,
            changes=changes,
            summary=note.summary or str(obj),
        )


def removed(
    actor: Any,
    obj: models.Model,
    fields: State,
    *,
    action: str,
    scope: models.Model | None = None,
    summary: str = "",
) -> AuditEntry:
    """Record that ``obj`` is about to be deleted, with the values that will be gone."""
    return record(
        actor=actor,
        action=_code(action, "removed"),
        target=obj,
        scope=scope,
        changes=gone(_state_of(obj, fields)),
        summary=summary or str(obj),
    )


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    scope: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    summary: str = "",
) -> AuditEntry:
    scope = scope if scope is not None else target
    person, system = actor_for_audit(actor)
    return AuditEntry.objects.create(
        actor=person,
        system_actor=system,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        scope_type=ContentType.objects.get_for_model(scope, for_concrete_model=False),
        scope_id=str(scope.pk),
        summary=summary[:255],
        changes=dict(changes or {}),
    )


def record_many(
    *,
    actor: Any,
    action: str,
    items: Iterable[tuple[Any, ...]],
) -> None:
    """The entries :func:`record` would write for many ``(target, changes, summary)`` of one
    action, in one insert (bulk imports). Each is its own scope, unless the item names one
    as a fourth element: ``(target, changes, summary, scope)``."""
    person, system = actor_for_audit(actor)
    actor_id = person.pk if person is not None else None
    created_at = timezone.now()
    rows = []
    for item in items:
        target, changes, summary = item[:3]
        scope = item[3] if len(item) > 3 else target
        content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        scope_type = ContentType.objects.get_for_model(scope, for_concrete_model=False)
        rows.append(
            (
                created_at,
                actor_id,
                system,
                action,
                content_type.pk,
                str(target.pk),
                scope_type.pk,
                str(scope.pk),
                summary[:255],
                dict(changes or {}),
            )
        )
    if connection.vendor == "postgresql":
        _copy_rows(rows)
    else:
        AuditEntry.objects.bulk_create(
            [AuditEntry(**dict(zip(_COLUMNS, row, strict=True))) for row in rows],
            batch_size=1000,
        )


_COLUMNS = (
    "created_at",
    "actor_id",
    "system_actor",
    "action",
    "target_type_id",
    "target_id",
    "scope_type_id",
    "scope_id",
    "summary",
    "changes",
)


def _copy_rows(rows: list[tuple[Any, ...]]) -> None:
    # COPY, not INSERT: psycopg escapes each JSON text for an INSERT's array parameter in
    # Python, which made the audit entries a tenth of a 20,000-row import; COPY does it in C.
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in _COLUMNS)  # the attnames
    encoder = DjangoJSONEncoder()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row((*row[:-1], encoder.encode(row[-1])))


def history_for(scope: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        scope_type=ContentType.objects.get_for_model(scope, for_concrete_model=False),
        scope_id=str(scope.pk),
    ).select_related("actor", "target_type")


def purge_values(older_than: datetime.timedelta) -> int:
    """Blank the old and new values (``changes``) of entries older than ``older_than``; who did
    what and when stays. The retention period of ``AUDIT_VALUE_RETENTION_DAYS``, run daily by
    ``manage.py purge_audit_values``. Returns how many entries were blanked."""
    cutoff = timezone.now() - older_than
    return AuditEntry.objects.filter(created_at__lt=cutoff).exclude(changes={}).update(changes={})
