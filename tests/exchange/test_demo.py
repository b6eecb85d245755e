"""The demo: offers and needs of the networking talk's associations and partners and of
MIGRANET-MV's members, an accepted booking, and a joint project with cost shares."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from verbund.exchange import queries
from verbund.exchange.models import Booking, Post, Project

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_exchange(django_capture_on_commit_callbacks: Any) -> None:
    call_command("seed_demo", verbosity=0)
    assert Post.objects.count() == 9
    kinds = set(Post.objects.values_list("kind", flat=True))
    assert {"room", "skill", "money", "volunteers"} <= kinds
    assert Booking.objects.filter(state="accepted").count() == 1
    need = Post.objects.get(owner__slug="irfan", direction="need")
    found = queries.matches(_console(), need)
    assert [m.post.owner.slug for m in found][:1] == ["gesamtschule-mg-nord"]
    project = Project.objects.get()
    summary = queries.project_summary(project)
    assert summary.total == Decimal("2250.00")
    pays = {row.partner.organization.slug: row.pays for row in summary.rows}
    assert pays["irfan"] == Decimal("844.00")  # 33 % of 1,800 and 250
    assert all(row.saves > 0 for row in summary.rows)


def _console() -> Any:
    from verbund.core.actors import DEMO_LOADER

    return DEMO_LOADER
