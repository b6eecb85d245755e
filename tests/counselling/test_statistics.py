"""Statistics: small cells suppressed, secondary suppression so that no hidden value can be
worked out from the totals, the network counting only consented cases of centres in active
members of a published network, and CSV/XLSX read back by third-party readers."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from tests.counselling.conftest import World, counsellor_client, open_case
from tests.factories import PersonFactory, StaffFactory, make_organization
from verbund.counselling import queries
from verbund.counselling.statistics import make_table, rows_of_table
from verbund.counselling.taxonomy import ConsentKind
from verbund.networks import services as network_services
from verbund.organizations import services as organization_services

pytestmark = pytest.mark.django_db


def shown(table: Any) -> list[list[Any]]:
    return rows_of_table(table)


def test_a_cell_of_three_is_hidden_and_cannot_be_recomputed_from_the_totals() -> None:
    # Row A: 3 + 10 = 13, column X: 3 + 8 = 11. Hiding only the 3 would give it away twice.
    table = make_table(
        "t",
        "T",
        [("a", "A"), ("b", "B")],
        [("x", "X"), ("y", "Y")],
        {("a", "x"): 3, ("a", "y"): 10, ("b", "x"): 8, ("b", "y"): 12},
    )
    rows = shown(table)
    assert rows[1][1] == "< 5", "the cell of 3"
    assert rows[1][2] == "< 5", "its partner in the row"
    assert rows[2][1] == "< 5", "its partner in the column"
    assert rows[1][3] == 13 and rows[3][1] == 11, "totals stay shown"
    # Every hidden cell can take at least two values consistent with all shown numbers.
    assert_not_recomputable(table)


def assert_not_recomputable(table: Any) -> None:
    """Each hidden cell has a second non-negative value that keeps every shown total: the
    true table plus or minus a pattern of -1/0/+1 over the hidden cells that adds up to zero
    in every row and column whose total is shown (found by trying them all)."""
    hidden = [
        (r, c) for r, row in enumerate(table.cells) for c, cell in enumerate(row) if cell.hidden
    ]
    assert len(hidden) <= 10
    shown_rows = [r for r, t in enumerate(table.row_totals) if not t.hidden]
    shown_cols = [c for c, t in enumerate(table.column_totals) if not t.hidden]
    if not table.has_row_totals:
        shown_rows = []
    movable: set[tuple[int, int]] = set()
    for delta in itertools.product((-1, 0, 1), repeat=len(hidden)):
        if not any(delta):
            continue
        change = dict(zip(hidden, delta, strict=True))
        if any(sum(change.get((r, c), 0) for c in range(len(table.columns))) for r in shown_rows):
            continue
        if any(sum(change.get((r, c), 0) for r in range(len(table.rows))) for c in shown_cols):
            continue
        for sign in (1, -1):
            if all(table.cells[r][c].value + sign * d >= 0 for (r, c), d in change.items()):
                movable |= {pos for pos, d in change.items() if d}
    assert set(hidden) <= movable, f"cells that can be worked out: {set(hidden) - movable}"


def test_one_column_tables_hide_a_second_value_when_one_is_small() -> None:
    table = make_table(
        "t",
        "T",
        [("a", "A"), ("b", "B"), ("c", "C")],
        [("all", "All")],
        {("a", "all"): 3, ("b", "all"): 20, ("c", "all"): 9},
    )
    rows = shown(table)
    assert rows[1][1] == "< 5" and rows[3][1] == "< 5" and rows[2][1] == 20
    assert rows[4][1] == 32


def test_zero_is_shown_as_small_too() -> None:
    table = make_table(
        "t",
        "T",
        [("a", "A"), ("b", "B"), ("c", "C")],
        [("all", "All")],
        {("a", "all"): 0, ("b", "all"): 20, ("c", "all"): 9},
    )
    assert shown(table)[1][1] == "< 5"


def test_bigger_tables_are_never_recomputable() -> None:
    counts = {
        ("a", "x"): 2,
        ("a", "y"): 7,
        ("a", "z"): 9,
        ("b", "x"): 6,
        ("b", "y"): 1,
        ("b", "z"): 8,
        ("c", "x"): 12,
        ("c", "y"): 5,
        ("c", "z"): 4,
    }
    table = make_table(
        "t", "T", [("a", "A"), ("b", "B"), ("c", "C")], [("x", "X"), ("y", "Y"), ("z", "Z")], counts
    )
    assert_not_recomputable(table)


@pytest.fixture
def network(world: World) -> Any:
    from tests.counselling.test_permissions import join

    network = make_organization(name="Bundesnetz", kind="umbrella", admin=PersonFactory())
    join(network, world.organisation_a, world.admin_a)
    join(network, world.organisation_b, world.organisation_b.affiliations.get().person)
    return network


def test_the_network_counts_only_consented_cases_of_active_members(
    world: World, network: Any
) -> None:
    year = datetime.date.today().year
    for _ in range(6):
        open_case(world.counsellor_a, world.centre_a, domain="housing")
    for _ in range(7):
        open_case(
            world.counsellor_a,
            world.centre_a,
            domain="housing",
            consents=[ConsentKind.DOCUMENTATION],
        )  # no consent to statistics
    for _ in range(5):
        open_case(world.counsellor_b, world.centre_b, domain="work")
    stats = queries.network_statistics(network, year)
    by_centre = {table.key: table for table in stats.tables}["centre"]
    counts = {
        label: row[0].value
        for (_c, label), row in zip(by_centre.rows, by_centre.cells, strict=True)
    }
    assert counts == {"Beratung A": 7, "Beratung B": 5}  # 6 + the case of the fixture
    # The centre's own figures count all its cases.
    own = queries.centre_statistics(world.centre_a, year)
    assert own.tables[1].grand_total.value == 14


def test_only_active_members_of_a_published_network_count(world: World, network: Any) -> None:
    from verbund.networks.models import Membership

    year = datetime.date.today().year
    membership = Membership.objects.get(network=network, member=world.organisation_b)
    network_services.change_membership(StaffFactory(), membership, status="ended")
    assert [c.name for c in queries.network_centres(network)] == ["Beratung A"]
    organization_services.unpublish(StaffFactory(), network)
    network.refresh_from_db()
    assert list(queries.network_centres(network)) == []
    assert queries.network_statistics(network, year).centres == []


def test_an_umbrella_that_calls_itself_a_network_gets_nothing(world: World) -> None:
    # It lists a centre's organisation as a member without that side accepting: an
    # application it made for someone else stays "applied".
    self_made = make_organization(name="Selbsternannt", kind="umbrella", admin=PersonFactory())
    from verbund.networks.models import Membership

    Membership.objects.create(network=self_made, member=world.organisation_a, status="applied")
    assert list(queries.network_centres(self_made)) == []


def test_statistics_pages_and_files(world: World, network: Any) -> None:
    coordinator = network.affiliations.get().person
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("counselling:network_statistics", args=[network.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "&lt; 5" in html
    csv_response = client.get(
        reverse("counselling:network_statistics_file", args=[network.slug, "csv"])
    )
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert rows[0][0] == "Bundesnetz"
    assert ["Gründe"] in rows or ["Grounds"] in rows
    xlsx = client.get(reverse("counselling:network_statistics_file", args=[network.slug, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    values = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "< 5" in values
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)
    assert any(isinstance(v, int) for v in values if v not in (None,))
    counsellor = counsellor_client(world.counsellor_a)
    assert (
        counsellor.get(
            reverse("counselling:centre_statistics", args=[world.centre_a.pk])
        ).status_code
        == 200
    )
    own = counsellor.get(
        reverse("counselling:centre_statistics_file", args=[world.centre_a.pk, "xlsx"])
    )
    assert openpyxl.load_workbook(io.BytesIO(own.content)).sheetnames


def test_a_centre_name_that_looks_like_a_formula_is_written_as_text(
    world: World, network: Any
) -> None:
    from verbund.core.actors import OPERATOR
    from verbund.counselling import exports, services

    services.update_centre(OPERATOR, world.centre_b, {"name": '=HYPERLINK("x")'})
    stats = queries.network_statistics(network, datetime.date.today().year)
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(stats, "N")))
    values = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    assert '=HYPERLINK("x")' not in values
    assert any(isinstance(v, str) and v.endswith('HYPERLINK("x")') for v in values)


def test_network_statistics_take_a_fixed_number_of_queries(
    world: World, network: Any, assert_max_queries: Any
) -> None:
    for _ in range(8):
        open_case(world.counsellor_a, world.centre_a, domain="work")
    queries.statistics_changed()
    with assert_max_queries(4):
        stats = queries.network_statistics(network, datetime.date.today().year)
    assert len(stats.tables) == 7
