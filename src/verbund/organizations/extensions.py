"""What the registry asks of the apps above it.

The registry sits below ``networks`` and never imports it. Where a registry rule depends on
networks — a coordinator sees the members-only data of the network's members; a network
keeps the entries that let it; an import for a network makes what it writes members of it —
the registry asks the functions here, which ``networks`` fills in its ``AppConfig.ready``.
Without that app, nobody gains anything through a network and an import joins nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from verbund.organizations.models import Organization


def _nothing(*_args: Any, **_kwargs: Any) -> set[int]:
    return set()


def _no_networks(_user: Any) -> QuerySet[Organization]:
    return Organization.objects.none()


@dataclass
class NetworkExtension:
    # Of ``ids``, the organisations whose members-only data ``user`` sees because they are
    # active members of a published network ``user`` coordinates or staffs.
    members_only_ids: Callable[[Any, Collection[int]], set[int]] = _nothing
    # Of ``ids``, the organisations ``user`` keeps: they granted stewardship of their entry
    # to a published network ``user`` coordinates or staffs.
    kept_ids: Callable[[Any, Collection[int]], set[int]] = _nothing
    # The ids (a values query) of the organisations ``user`` keeps, as in ``kept_ids``.
    kept_query: Callable[[Any], QuerySet[Any]] = _no_networks
    # Of ``ids``, the organisations that granted ``network`` stewardship of their entry.
    kept_by_network: Callable[[Organization, Collection[int]], set[int]] = _nothing
    # The published networks ``user`` may import for (coordinates them).
    import_networks: Callable[[Any], QuerySet[Organization]] = _no_networks
    # After an import for ``network`` wrote its rows: ``created`` (new drafts) join as
    # active members with stewardship; ``matched`` (existing organisations whose rows were
    # used) join by invitation unless already members. Returns, per organisation id, what
    # happened to its membership ("active", "invited", "member", "applied-accepted").
    join_import: (
        Callable[
            [Any, Organization, Sequence[Organization], Sequence[Organization]], dict[int, str]
        ]
        | None
    ) = None
    # The import's "invite" column: invite these organisations (members of ``network`` now)
    # to take over their profiles. Returns the ids of those invited.
    invite_after_import: Callable[[Any, Organization, Sequence[Organization]], set[int]] | None = (
        None
    )


networks = NetworkExtension()


def register_networks(**functions: Any) -> None:
    """Called once by ``verbund.networks.apps.NetworksConfig.ready``."""
    for name, function in functions.items():
        if not hasattr(networks, name):
            raise AttributeError(name)
        setattr(networks, name, function)
