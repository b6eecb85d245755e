"""Place the pins of organisations that have none yet, from their postal code and city."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from verbund.core.actors import OPERATOR
from verbund.maps import services
from verbund.organizations.models import Organization


class Command(BaseCommand):
    help = "Fill in missing coordinates from postal code and city (offline gazetteer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the organisations that would get a pin.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        missing = Organization.objects.filter(latitude__isnull=True).order_by("pk")
        placed = unplaced = 0
        for organization in missing.iterator(chunk_size=500):
            if options["dry_run"]:
                found = services.locate(organization) is not None
            else:
                found = services.geocode_missing(OPERATOR, organization)
            if found:
                placed += 1
            else:
                unplaced += 1
        verb = "would get" if options["dry_run"] else "got"
        self.stdout.write(
            f"{placed} organisations {verb} a pin; {unplaced} addresses were "
            "not found in the gazetteer."
        )
