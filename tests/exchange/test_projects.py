"""Joint projects: partners who accept, cost lines with shares as amounts or percentages,
contributions in kind, the summary per partner and its CSV and XLSX export."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from openpyxl import load_workbook

from tests.exchange.conftest import Circle
from verbund.exchange import queries, services


def project_of(circle: Circle) -> Any:
    project = services.create_project(
        circle.a_admin, circle.a, {"title": "=Fest der Vereine"}, [circle.b, circle.c]
    )
    partners = {p.organization_id: p for p in project.partners.all()}
    services.accept_partnership(circle.b_admin, partners[circle.b.pk])
    return project, partners


def test_costs_are_shared_and_summarised(circle: Circle) -> None:
    project, partners = project_of(circle)
    a, b, c = partners[circle.a.pk], partners[circle.b.pk], partners[circle.c.pk]
    with pytest.raises(ValidationError):
        # Only partners who accepted share costs.
        services.save_cost_line(circle.a_admin, project, "Bühne", 1000, {c.pk: ("amount", 100)})
    with pytest.raises(ValidationError):
        services.save_cost_line(
            circle.a_admin, project, "Bühne", 1000, {a.pk: ("percent", 60), b.pk: ("percent", 50)}
        )
    services.save_cost_line(
        circle.a_admin, project, "Bühne", 1000, {a.pk: ("percent", 60), b.pk: ("percent", 40)}
    )
    services.save_cost_line(circle.a_admin, project, "Flyer", 300, {b.pk: ("amount", 100)})
    services.add_contribution(circle.b_admin, b, "Saal für zwei Abende", 250)
    with pytest.raises(PermissionDenied):
        services.add_contribution(circle.c_admin, c, "Chor", 100)
    with pytest.raises(PermissionDenied):
        services.save_cost_line(circle.b_admin, project, "Essen", 50, {})
    summary = queries.project_summary(project)
    rows = {r.partner.organization_id: r for r in summary.rows}
    assert summary.total == Decimal("1300")
    assert rows[circle.a.pk].pays == Decimal("600.00")
    assert rows[circle.b.pk].pays == Decimal("500.00")
    assert rows[circle.b.pk].in_kind == Decimal("250")
    assert rows[circle.b.pk].saves == Decimal("800.00")
    assert summary.open_amount == Decimal("200.00")
    assert circle.c.pk not in rows  # invited, not yet a partner


def test_the_summary_takes_a_fixed_number_of_queries(
    circle: Circle, assert_max_queries: Any
) -> None:
    project, partners = project_of(circle)
    for number in range(6):
        services.save_cost_line(
            circle.a_admin,
            project,
            f"Posten {number}",
            100,
            {partners[circle.a.pk].pk: ("percent", 50)},
        )
    with assert_max_queries(4):
        assert len(queries.project_summary(project).lines) == 6


def test_the_summary_exports_as_csv_and_xlsx(circle: Circle) -> None:
    project, partners = project_of(circle)
    services.save_cost_line(
        circle.a_admin, project, "Bühne", 1000, {partners[circle.a.pk].pk: ("percent", 50)}
    )
    client = Client()
    client.force_login(circle.b_admin)
    response = client.get(f"/en/exchange/projects/{project.pk}/summary.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Partner", "Pays", "Contributes in kind", "Would pay alone", "Saves"]
    assert rows[1][:2] == ["Kulturverein Anadolu", "500.00"]
    response = client.get(f"/en/exchange/projects/{project.pk}/summary.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))][:2] == [
        "Kulturverein Anadolu",
        "500.00",
    ]
    outsider = Client()
    from tests.factories import PersonFactory

    outsider.force_login(PersonFactory())
    assert outsider.get(f"/en/exchange/projects/{project.pk}/summary.csv").status_code == 404


def test_the_project_page_in_the_browser_way(circle: Circle) -> None:
    client = Client()
    client.force_login(circle.a_admin)
    response = client.post(
        "/de/exchange/projects/new/",
        {
            "organisation": circle.a.pk,
            "title": "Gemeinsamer Förderantrag",
            "partners": f"{circle.b.slug}, gibt-es-nicht",
        },
    )
    assert response.status_code == 200 and "gibt-es-nicht" in response.content.decode()
    response = client.post(
        "/de/exchange/projects/new/",
        {
            "organisation": circle.a.pk,
            "title": "Gemeinsamer Förderantrag",
            "partners": circle.b.slug,
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Gemeinsamer Förderantrag" in page.content.decode()
