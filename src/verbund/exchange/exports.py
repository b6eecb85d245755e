"""The cost summary of a joint project as CSV or XLSX, every cell through
``core.spreadsheets`` so no text becomes a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from verbund.core.spreadsheets import safe_row, xlsx_row
from verbund.exchange.queries import ProjectSummary


def rows(summary: ProjectSummary) -> list[list[Any]]:
    header = [
        _("Partner"),
        _("Pays"),
        _("Contributes in kind"),
        _("Would pay alone"),
        _("Saves"),
    ]
    body = [
        [row.partner.organization.name, row.pays, row.in_kind, row.alone, row.saves]
        for row in summary.rows
    ]
    footer = [
        [_("Total budget"), summary.total, "", "", ""],
        [_("Not yet shared"), summary.open_amount, "", "", ""],
    ]
    return [header, *body, *footer]


def summary_response(summary: ProjectSummary, fmt: str) -> HttpResponse:
    name = f"project-{summary.project.pk}-summary"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for row in rows(summary):
            writer.writerow(safe_row(row))
        response = HttpResponse(
            out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Summary"))
        for row in rows(summary):
            sheet.append(xlsx_row(sheet, row))
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
