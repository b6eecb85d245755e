"""Recording changes in the audit log; called by every app's services inside their transaction."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from verbund.core.models import AuditEntry


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


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as ``{field: [old, new]}``."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


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
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
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
    items: Iterable[tuple[models.Model, Mapping[str, Any] | None, str]],
) -> None:
    """The entries :func:`record` would write for many ``(target, changes, summary)`` of one
    action, each its own scope, in one insert (bulk imports)."""
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    created_at = timezone.now()
    rows = []
    for target, changes, summary in items:
        content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        rows.append(
            (
                created_at,
                actor_id,
                action,
                content_type.pk,
                str(target.pk),
                content_type.pk,
                str(target.pk),
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
