"""``manage.py create_api_token EMAIL NAME [--scope read|public] [--days N]``"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from verbund.api import services
from verbund.api.models import TokenScope
from verbund.core.actors import OPERATOR


class Command(BaseCommand):
    help = "Create an API token for a person and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person the token acts as.")
        parser.add_argument("name", help="What the token is for.")
        parser.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Valid for this many days (default: until revoked).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        person = get_user_model().objects.filter(email__iexact=options["email"]).first()
        if person is None:
            raise CommandError(f"No person with the e-mail address {options['email']}.")
        expires = (
            timezone.now() + datetime.timedelta(days=options["days"]) if options["days"] else None
        )
        # The operator at the console acts with full rights; the audit log names the operator.
        _token, plain = services.create_token(
            OPERATOR, person, options["name"], scope=options["scope"], expires_at=expires
        )
        self.stdout.write(plain)
