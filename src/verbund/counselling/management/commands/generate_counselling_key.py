"""``manage.py generate_counselling_key``: print a new random key for
``VERBUND_COUNSELLING_KEYS`` (32 bytes, URL-safe base64). ``--write`` stores it in the
development key file under var/ when there is none yet (``make run`` does this)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from verbund.counselling import crypto


class Command(BaseCommand):
    help = "Print a new counselling encryption key."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--write", action="store_true", help="write var/counselling.keys")

    def handle(self, *args: Any, **options: Any) -> None:
        key = crypto.new_key_text()
        if not options["write"]:
            self.stdout.write(key)
            return
        if settings.PRODUCTION:
            raise CommandError("In production set VERBUND_COUNSELLING_KEYS instead.")
        path = settings.COUNSELLING_KEY_FILE
        if path.exists() or settings.COUNSELLING_KEYS:
            self.stdout.write("A counselling key is already configured.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(key + "\n", encoding="ascii")
        path.chmod(0o600)
        self.stdout.write(f"Wrote a development key to {path}.")
