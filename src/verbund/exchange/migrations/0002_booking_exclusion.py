"""Accepted bookings of one room never overlap: on PostgreSQL an exclusion constraint
(btree_gist for the equality on the post) says so; SQLite has no such constraint, and the
accepting service checks inside its transaction there (``services.accept_booking``).

The constraint is in Django's state on both databases (``PostgresExclusionConstraint``
creates nothing on SQLite); it has the same name and definition as the SQL this migration
first ran, so databases migrated before are unchanged.
"""

import django.contrib.postgres.fields.ranges
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
from django.db.models import Q

import verbund.core.constraints
import verbund.exchange.models


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.AddConstraint(
            model_name="booking",
            constraint=verbund.core.constraints.PostgresExclusionConstraint(
                condition=Q(("state", "accepted")),
                expressions=[
                    ("post", "="),
                    (
                        verbund.exchange.models.TimeSlot(
                            "starts_at",
                            "ends_at",
                            django.contrib.postgres.fields.ranges.RangeBoundary(),
                        ),
                        "&&",
                    ),
                ],
                name="exchange_booking_no_overlap",
            ),
        ),
    ]
