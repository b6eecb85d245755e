"""Where higher apps take part in registry writes, without the registry importing them.

The registry sits below networks, maps and the rest: it never imports them, not even inside
a function. Where they must take part in what the registry does, they register here in their
``AppConfig.ready`` (the policy's hooks live in ``organizations.policy``):

* :data:`location_hooks` — asked before an organisation is saved and told after (the map
  places its pin from the address and remembers where the pin came from);

What only networks know (consent, stewardship, an import's memberships) the networks app
answers through :mod:`verbund.organizations.extensions`.

Every hook runs inside the service's transaction; a hook that must talk to the outside world
(an online geocoder) queues a task with ``transaction.on_commit`` instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from verbund.organizations.models import Organization


class LocationHook(Protocol):
    def plan(
        self,
        organization: Organization,
        data: Mapping[str, Any],
        *,
        before: Mapping[str, Any] | None,
    ) -> Any:
        """Called before the save with the data written and the audit snapshot taken before
        the change (``None`` for a new organisation); may set fields of ``organization``.
        Returns what :meth:`remember` needs after the save."""

    def remember(self, organization: Organization, plan: Any) -> None:
        """Called once the organisation is saved, with what :meth:`plan` returned."""

    def remember_many(self, planned: Iterable[tuple[Organization, Any]]) -> None:
        """:meth:`remember` for many organisations just created in bulk."""


location_hooks: list[LocationHook] = []


def plan_location(
    organization: Organization, data: Mapping[str, Any], *, before: Mapping[str, Any] | None
) -> list[Any]:
    return [hook.plan(organization, data, before=before) for hook in location_hooks]


def remember_location(organization: Organization, plans: list[Any]) -> None:
    for hook, plan in zip(location_hooks, plans, strict=True):
        hook.remember(organization, plan)


def remember_new_locations(planned: Iterable[tuple[Organization, list[Any]]]) -> None:
    pairs = list(planned)
    for position, hook in enumerate(location_hooks):
        hook.remember_many((organization, plans[position]) for organization, plans in pairs)
