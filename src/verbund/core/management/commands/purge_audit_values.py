"""``manage.py purge_audit_values`` (daily from cron): the audit log keeps the old and new
values of changes only for ``AUDIT_VALUE_RETENTION_DAYS`` (default two years)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from verbund.core import audit


class Command(BaseCommand):
    help = "Blank the old and new values of audit entries older than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="keep values this many days (default: AUDIT_VALUE_RETENTION_DAYS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = (
            options["days"] if options["days"] is not None else settings.AUDIT_VALUE_RETENTION_DAYS
        )
        if days < 1:
            raise CommandError("--days must be at least 1.")
        count = audit.purge_values(datetime.timedelta(days=days))
        self.stdout.write(f"values of {count} audit entries older than {days} days blanked")
