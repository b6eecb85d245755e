"""``manage.py purge_counselling`` (daily, from cron): delete closed cases whose retention
period is over, with their files, leaving a deletion record without content; and reports
that were closed without becoming a case that long ago. Also sends deadline reminders."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from verbund.core.actors import SCHEDULE
from verbund.counselling import services


class Command(BaseCommand):
    help = "Delete counselling cases and reports whose retention period is over."

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.purge_expired(SCHEDULE)
        reminders = services.send_deadline_reminders(SCHEDULE)
        self.stdout.write(
            f"Deleted {result.cases} cases and {result.reports} reports with {result.files} "
            f"files; sent {reminders} deadline reminders."
        )
