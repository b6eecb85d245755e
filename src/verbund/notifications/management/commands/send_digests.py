"""``manage.py send_digests daily`` (from cron each morning; ``weekly`` on Mondays)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from verbund.notifications.tasks import send_digests
from verbund.notifications.taxonomy import Delivery


class Command(BaseCommand):
    help = "Queue the daily or weekly notification digests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("period", choices=[Delivery.DAILY, Delivery.WEEKLY])

    def handle(self, *args: Any, **options: Any) -> None:
        send_digests.enqueue(options["period"])
        self.stdout.write(f"{options['period']} digests queued")
