"""Constraints that only PostgreSQL can enforce, kept in Django's migration state on every
database so that the state of SQLite and PostgreSQL agrees and ``sqlmigrate`` shows the SQL.

On other databases they create nothing and validate nothing; the services that rely on them
check the rule inside their own transaction there.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.db import DEFAULT_DB_ALIAS, connections


def _on_postgresql(schema_editor: Any) -> bool:
    return bool(schema_editor.connection.vendor == "postgresql")


class PostgresExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint on PostgreSQL, nothing elsewhere."""

    def constraint_sql(self, model: Any, schema_editor: Any) -> Any:
        if not _on_postgresql(schema_editor):
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model: Any, schema_editor: Any) -> Any:
        if not _on_postgresql(schema_editor):
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model: Any, schema_editor: Any) -> Any:
        if not _on_postgresql(schema_editor):
            return None
        return super().remove_sql(model, schema_editor)

    def validate(
        self, model: Any, instance: Any, exclude: Any = None, using: str = DEFAULT_DB_ALIAS
    ) -> None:
        if connections[using].vendor != "postgresql":
            return
        super().validate(model, instance, exclude=exclude, using=using)
