"""What the site-wide pages read from the apps below them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from verbund.organizations import policy, queries


@dataclass(frozen=True)
class Dashboard:
    organizations: list[Any]
    can_review: bool
    review_count: int


def dashboard(person: Any) -> Dashboard:
    """A person's own page: their organisations, and for staff the profiles awaiting review."""
    can_review = policy.can_review(person)
    return Dashboard(
        organizations=list(queries.organizations_of(person)),
        can_review=can_review,
        review_count=queries.awaiting_review().count() if can_review else 0,
    )


def organization_count() -> int:
    return queries.published().count()
