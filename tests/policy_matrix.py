"""The machinery of the policy-matrix tests: one world with every role, and a table per app
of who may do what.

Each app's ``tests/<app>/test_policy_matrix.py`` lists a :class:`Rule` per public function of
its ``policy.py`` (a function can have several rules, for several objects): the roles that
get ``True``, and how the function is called. :func:`check` calls it for every role in
:data:`ROLES` and compares the whole row at once; :func:`uncovered` names the policy
functions that no rule (and no stated exemption) covers, so a new policy function fails
until it has its row.

The world, built once per test module through the services (``policy_world`` in
``tests/conftest.py``, rolled back after the module):

* ``network`` (published umbrella) with ``coordinator`` and ``office`` (network roles), a
  non-public committee in which ``committee`` holds a seat, and ``organization`` as an
  active full member; ``organization`` has ``admin``, ``editor`` and ``member``;
* ``other_network`` with ``other_coordinator`` and ``other_office``, and its active member
  ``other_organization`` administered by ``other_admin``;
* ``draft``: an unpublished organisation that ``admin`` administers;
* ``fresh`` (an account and nothing else), ``staff``, ``superuser``, an ``anonymous``
  visitor, and the system actors ``operator`` (the console) and ``worker`` (a task).
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.contrib.auth.models import AnonymousUser

from tests.factories import PersonFactory, StaffFactory, make_organization
from verbund.accounts.models import User
from verbund.core.actors import OPERATOR, WORKER

ROLES: tuple[str, ...] = (
    "anonymous",
    "fresh",
    "member",
    "editor",
    "admin",
    "other_admin",
    "coordinator",
    "office",
    "other_coordinator",
    "other_office",
    "committee",
    "staff",
    "superuser",
    "operator",
    "worker",
)
SYSTEM = {"anonymous": AnonymousUser(), "operator": OPERATOR, "worker": WORKER}

# Groups of roles the tables are written with.
EVERYONE = frozenset(ROLES)
STAFF = frozenset({"staff", "superuser", "operator"})
ACCOUNTS = EVERYONE - {"anonymous", "operator", "worker"}
OWN_PEOPLE = frozenset({"member", "editor", "admin"})
OWN_EDITORS = frozenset({"editor", "admin"})
RUNS_NETWORK = STAFF | {"coordinator", "office"}
MEMBERS_AREA = RUNS_NETWORK | OWN_PEOPLE | {"committee"}
NOBODY: frozenset[str] = frozenset()


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError as error:
            raise AttributeError(name) from error


def build_world() -> World:
    from verbund.networks import services as network_services
    from verbund.networks.taxonomy import NetworkRoleKind
    from verbund.organizations import services as organization_services
    from verbund.organizations.taxonomy import Role, Status

    names = [r for r in ROLES if r not in SYSTEM and r not in {"staff", "superuser"}]
    people: dict[str, Any] = {name: PersonFactory(display_name=name) for name in names}
    people["staff"] = StaffFactory(display_name="staff")
    people["superuser"] = StaffFactory(display_name="superuser", is_superuser=True)

    network = make_organization(name="Netzwerk Nord", kind="umbrella")
    organization = make_organization(admin=people["admin"], name="Verein Nord")
    other_network = make_organization(name="Netzwerk Süd", kind="umbrella")
    other_organization = make_organization(admin=people["other_admin"], name="Verein Süd")
    draft = make_organization(admin=people["admin"], name="Verein im Entwurf", status=Status.DRAFT)
    for person, role in ((people["editor"], Role.EDITOR), (people["member"], Role.MEMBER)):
        organization_services.add_person(OPERATOR, organization, person, role)
    network_services.add_member(OPERATOR, network, organization)
    network_services.add_member(OPERATOR, other_network, other_organization)
    for net, prefix in ((network, ""), (other_network, "other_")):
        network_services.set_network_role(
            OPERATOR, net, people[f"{prefix}coordinator"], NetworkRoleKind.COORDINATOR
        )
        network_services.set_network_role(
            OPERATOR, net, people[f"{prefix}office"], NetworkRoleKind.OFFICE
        )
    committee = network_services.save_body(
        OPERATOR, network, {"kind": "committee", "name": "Ausschuss", "is_public": False}
    )
    network_services.save_seat(
        OPERATOR, committee, {"role": "member", "person": people["committee"]}
    )
    return World(
        people,
        {
            "network": network,
            "organization": organization,
            "other_network": other_network,
            "other_organization": other_organization,
            "draft": draft,
            "committee_body": committee,
        },
    )


def fresh_people(world: World) -> dict[str, Any]:
    """Every role's actor, the accounts read again: policies cache answers on the person."""
    stored = User.objects.in_bulk([p.pk for p in world.people.values()])
    actors = {name: stored[person.pk] for name, person in world.people.items()}
    actors.update(SYSTEM)  # nothing is cached on them
    return actors


def with_changes(instance: Any, **fields: Any) -> Any:
    """A copy of a row with other field values, never saved (a document in another status)."""
    changed = copy.copy(instance)
    for name, value in fields.items():
        setattr(changed, name, value)
    return changed


@dataclass(frozen=True)
class Rule:
    """``function`` called as ``function(actor, *args(world))``; ``allowed`` are the roles
    for which ``result(value, world)`` is true."""

    function: str
    allowed: frozenset[str]
    args: Callable[[World], tuple[Any, ...]] = lambda world: (world.organization,)
    result: Callable[[Any, World], bool] = lambda value, world: bool(value)
    case: str = ""

    @property
    def id(self) -> str:
        return f"{self.function}[{self.case}]" if self.case else self.function


def on(name: str, *extra: Any) -> Callable[[World], tuple[Any, ...]]:
    """Call with the world's object ``name`` (and constant extra arguments)."""
    return lambda world: (getattr(world, name), *extra)


def alone() -> Callable[[World], tuple[Any, ...]]:
    """Call with the actor only."""
    return lambda world: ()


def person(role: str) -> Callable[[World], tuple[Any, ...]]:
    return lambda world: (world.people[role],)


def contains(name: str) -> Callable[[Any, World], bool]:
    """For functions that return organisations (a queryset or ids): is ``name`` among them."""

    def check(value: Any, world: World) -> bool:
        target = getattr(world, name)
        if isinstance(value, set | frozenset | list | tuple):
            return target.pk in value or target in value
        return bool(value.filter(pk=target.pk).exists())

    return check


def is_not_none(value: Any, world: World) -> bool:
    return value is not None


def check(module: ModuleType, rule: Rule, world: World) -> None:
    function = getattr(module, rule.function)
    actors = fresh_people(world)
    args = rule.args(world)
    actual = {role: bool(rule.result(function(actors[role], *args), world)) for role in ROLES}
    expected = {role: role in rule.allowed for role in ROLES}
    wrong = {
        role: ("allowed" if actual[role] else "refused")
        for role in ROLES
        if actual[role] != expected[role]
    }
    assert not wrong, f"{module.__name__}.{rule.id}: unexpectedly {wrong}"


def public_functions(module: ModuleType) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and not name.startswith("_")
    }


def uncovered(module: ModuleType, rules: Iterable[Rule], exempt: Iterable[str] = ()) -> set[str]:
    """Public functions of ``module`` that neither a rule nor the stated exemptions cover."""
    covered = {rule.function for rule in rules} | set(exempt)
    return public_functions(module) - covered


def grant_entry(world: World, organization: str = "organization") -> Any:
    """Let ``network`` keep ``organization``'s entry (a grant in force, as its import gives);
    call inside a test: the test's savepoint takes it back."""
    from django.utils import timezone

    from verbund.networks.models import EntryGrant

    return EntryGrant.objects.create(
        organization=getattr(world, organization),
        network=world.network,
        granted_at=timezone.now(),
        granted_by_system="import",
    )
