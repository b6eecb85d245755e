"""Background work of the platform itself."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django_tasks import task


@task()
def database_report() -> dict[str, Any]:
    """What the worker's own database connection runs with: on SQLite the journal mode (WAL)
    and the busy timeout a writer waits for a lock before "database is locked"."""
    report: dict[str, Any] = {"vendor": connection.vendor}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            report["journal_mode"] = cursor.fetchone()[0]
            cursor.execute("PRAGMA busy_timeout")
            report["busy_timeout_ms"] = cursor.fetchone()[0]
    return report
