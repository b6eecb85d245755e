"""``manage.py remind_action_items``: queue reminders for every open item due by tomorrow.

Each new item already queues its own reminder; this daily sweep (from cron) catches items
whose reminder was missed, for example while the worker was down."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from verbund.meetings.tasks import remind_due_action_items


class Command(BaseCommand):
    help = "Queue reminder e-mails for open action items that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        remind_due_action_items.enqueue()
        self.stdout.write("action item reminders queued")
