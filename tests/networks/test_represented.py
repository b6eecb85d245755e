"""Represented organisations: everyone reachable through active memberships, each once."""

from __future__ import annotations

import random
from collections import deque
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import join, network
from verbund.networks import queries, services
from verbund.networks.models import Membership
from verbund.networks.taxonomy import LIVE_STATUSES, MembershipStatus

pytestmark = pytest.mark.django_db


def brute_force_reach(edges: dict[int, set[int]], start: int) -> set[int]:
    seen: set[int] = set()
    todo = deque(edges.get(start, ()))
    while todo:
        node = todo.popleft()
        if node in seen:
            continue
        seen.add(node)
        todo.extend(edges.get(node, ()))
    seen.discard(start)
    return seen


def _edges(statuses: tuple[str, ...]) -> dict[int, set[int]]:
    edges: dict[int, set[int]] = {}
    for network_id, member_id in Membership.objects.filter(status__in=statuses).values_list(
        "network_id", "member_id"
    ):
        edges.setdefault(network_id, set()).add(member_id)
    return edges


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_represented_count_matches_brute_force_on_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    staff = StaffFactory()
    nodes = [make_organization(name=f"Knoten {seed}-{n}", kind="umbrella") for n in range(24)]
    refused = accepted = 0
    for _attempt in range(70):
        parent, child = rng.sample(nodes, 2)
        live_before = _edges(LIVE_STATUSES)
        would_cycle = parent.pk in brute_force_reach(live_before, child.pk) | {child.pk}
        duplicate = child.pk in live_before.get(parent.pk, set())
        try:
            membership = services.add_member(staff, parent, child, reason="test")
        except ValidationError as error:
            assert would_cycle or duplicate, error
            refused += 1
            continue
        assert not would_cycle and not duplicate
        accepted += 1
        roll = rng.random()
        if roll < 0.1:
            services.change_membership(staff, membership, status=MembershipStatus.SUSPENDED)
        elif roll < 0.15:
            services.change_membership(staff, membership, status=MembershipStatus.ENDED)
    assert accepted > 20 and refused > 0
    active = _edges((MembershipStatus.ACTIVE,))
    # Diamonds: some organisation is reachable along two paths from some network.
    for node in nodes:
        expected = brute_force_reach(active, node.pk)
        assert queries.represented_count(node.pk) == len(expected)
        assert set(queries.represented(node).values_list("pk", flat=True)) == expected


def test_a_diamond_counts_the_shared_member_once() -> None:
    staff = StaffFactory()
    top, left, right = network("Oben"), network("Links"), network("Rechts")
    shared = make_organization(name="Gemeinsamer Verein")
    join(staff, top, left, right)
    join(staff, left, shared)
    join(staff, right, shared)
    join(staff, top, shared)
    assert queries.represented_count(top.pk) == 3


def test_the_network_page_uses_a_fixed_number_of_queries(
    client: Any, assert_max_queries: Any
) -> None:
    staff = StaffFactory()
    bund = network("Bundeskonferenz", kind="federal")

    def grow(count: int) -> None:
        for n in range(count):
            city = network(
                f"Verbund {n} {bund.member_links.count()}", kind="local_network", city=f"Stadt {n}"
            )
            join(staff, bund, city)
            join(staff, city, make_organization(city=f"Stadt {n}"))

    grow(3)
    url = reverse("networks:detail", kwargs={"slug": bund.slug})
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(6)
    with assert_max_queries(len(small.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert 'id="represented-total">18 ' in html


def test_network_page_shows_members_by_kind_state_and_city(client: Any) -> None:
    staff = StaffFactory()
    bund = network("Bundesnetz", kind="federal")
    parents = network("Elternnetz", kind="parents", city="Hamburg", federal_state="HH")
    join(staff, bund, parents, network("Dach A"), network("Dach B"))
    join(
        staff,
        parents,
        make_organization(city="Hamburg", federal_state="HH"),
        make_organization(city="Rostock", federal_state="MV"),
    )
    html = client.get(reverse("networks:detail", kwargs={"slug": bund.slug})).content.decode()
    assert "2 Dachverb" in html or "2 Umbrella" in html
    assert 'id="represented-total">5 ' in html
    assert "Hamburg" in html and "Rostock" in html


def test_draft_members_are_counted_but_not_listed_for_the_public(client: Any) -> None:
    staff = StaffFactory()
    bund = network("Bund")
    hidden = make_organization(name="Noch nicht öffentlich", status="draft")
    join(staff, bund, hidden)
    html = client.get(reverse("networks:detail", kwargs={"slug": bund.slug})).content.decode()
    assert "Noch nicht öffentlich" not in html
    assert 'id="represented-total">1 ' in html
    client.force_login(PersonFactory(is_staff=True))
    html = client.get(reverse("networks:detail", kwargs={"slug": bund.slug})).content.decode()
    assert "Noch nicht öffentlich" in html


def test_structure_shows_the_nesting_and_shared_members_once_expanded(client: Any) -> None:
    staff = StaffFactory()
    nemo = network("Bundesverband NeMO", kind="federal")
    cities = [
        network(f"Verbund {name}", kind="local_network", city=name)
        for name in ("Bochum", "Dortmund")
    ]
    join(staff, nemo, *cities)
    shared = network("Regionaler Dachverband")
    join(staff, cities[0], shared)
    join(staff, cities[1], shared)
    join(staff, shared, make_organization(name="Kleiner Verein"))
    root = queries.structure(nemo, None)
    flat = [(depth, node.organization.name, node.repeated) for depth, node in queries.flatten(root)]
    assert flat[0] == (0, "Bundesverband NeMO", False)
    assert (1, "Verbund Bochum", False) in flat
    assert (2, "Regionaler Dachverband", False) in flat
    assert (2, "Regionaler Dachverband", True) in flat
    assert [name for _d, name, _r in flat].count("Kleiner Verein") == 1
    html = client.get(reverse("networks:structure", kwargs={"slug": nemo.slug})).content.decode()
    assert "Kleiner Verein" in html and "Verbund Dortmund" in html


def test_the_public_figures_are_open_data(client: Any) -> None:
    staff = StaffFactory()
    bund = network("Offenes Netz", kind="federal")
    city = network("Verbund Kiel", kind="local_network", city="Kiel", federal_state="SH")
    join(staff, bund, city)
    join(staff, city, make_organization(city="Kiel", federal_state="SH"))
    join(staff, bund, make_organization(name="Nicht öffentlich", status="draft"))
    data = client.get(reverse("networks:data", kwargs={"slug": bund.slug})).json()
    assert data["direct_members"] == 2 and data["represented"] == 3
    assert data["members_by_kind"] == {"local_network": 1, "migrant": 1}
    assert data["represented_by_state"]["SH"] == 2
    assert [m["name"] for m in data["members"]] == ["Verbund Kiel"]
    assert data["licence"]["name"]
