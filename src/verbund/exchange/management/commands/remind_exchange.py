"""``manage.py remind_exchange`` (daily, from cron): tell the organisations whose offers and
needs expire within a week that they may renew them (once per post)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from verbund.core.actors import SCHEDULE
from verbund.exchange import services


class Command(BaseCommand):
    help = "Remind organisations of offers and needs that expire within a week."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.remind_expiring(SCHEDULE)
        self.stdout.write(f"Reminded the owners of {count} posts.")
