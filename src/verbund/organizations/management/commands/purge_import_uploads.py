"""``manage.py purge_import_uploads [--days N]``: delete spreadsheet uploads never started.

An upload keeps every cell of the file, including columns that were not imported, until the
import runs. Run daily from cron; the default keeps drafts for seven days.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verbund.organizations import importing


class Command(BaseCommand):
    help = "Delete spreadsheet uploads that were not started within the given number of days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=importing.ABANDONED_AFTER.days,
            help="Keep drafts younger than this many days (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        count = importing.purge_abandoned(datetime.timedelta(days=options["days"]))
        self.stdout.write(f"{count} abandoned uploads deleted.")
