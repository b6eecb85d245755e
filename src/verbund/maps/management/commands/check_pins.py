"""Report organisations whose pin lies far from the centre of their postal code area.

A pin placed by hand, a typo in the postal code or an import that kept old coordinates all
show up the same way: the point and the address disagree. The report lists them so that
the office can look; it changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verbund.maps import queries


class Command(BaseCommand):
    help = "List organisations whose pin is more than --km from the centre of their postal code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--km", type=float, default=queries.PIN_DISTANCE_LIMIT_KM)
        parser.add_argument(
            "--fail",
            action="store_true",
            help="Exit with an error when any pin is too far (for a scheduled check).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        far = queries.pins_far_from_postal_code(options["km"])
        for row in far:
            self.stdout.write(
                f"{row.organization.slug}\t{row.organization.postal_code} "
                f"{row.organization.city}\t{row.kilometres:.1f} km\t{row.source or '-'}"
            )
        self.stdout.write(
            f"{len(far)} organisations have a pin more than {options['km']:g} km from the "
            "centre of their postal code."
        )
        if far and options["fail"]:
            raise CommandError(f"{len(far)} pins are too far from their postal code.")
