"""``manage.py rotate_counselling_keys``: re-seal every counselling value and file with the
current key (the first of ``VERBUND_COUNSELLING_KEYS``) and rebuild the blind index.

Put the new key first and keep the old ones after it, run this command, then remove the old
keys. It can be run again at any time: values already sealed with the current key are left.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from verbund.core.actors import OPERATOR
from verbund.counselling import services


class Command(BaseCommand):
    help = "Re-encrypt all counselling data with the current key."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.rotate_keys(OPERATOR, batch=options["batch"])
        self.stdout.write(
            f"Re-encrypted {result.values} values and {result.files} files; "
            f"{result.indexes} case codes re-indexed."
        )
