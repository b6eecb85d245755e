"""Export of any directory filter state as CSV (as German Excel reads it) or XLSX.

Every cell passes the registry's visibility policy for the person exporting: what they may
not see on a profile page is not in their spreadsheet either; and every text cell passes
``core.spreadsheets``, so no text is run as a formula.

Cells keep their kind: postal codes and phone numbers are text (a CSV opened by double-click
in Excel still loses "01067"'s zero and "+49"'s plus, which is why the export page offers the
workbook first), founding years and coordinates are numbers (a number is never a formula, so
it needs no guard).

Coordinates follow one rule in every output (this CSV and XLSX, the API's JSON and GeoJSON):
five decimals (about a metre) for a viewer who may see the street address, two decimals
(about a kilometre) for one who may not; never left out, never exact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from verbund.core.spreadsheets import safe_cell, safe_row, xlsx_row
from verbund.organizations import policy
from verbund.organizations.models import (
    Organization,
    OrganizationLanguage,
    OrganizationTag,
    OrganizationTheme,
)
from verbund.organizations.spreadsheet import COLUMNS, header, label_for, labels_for

BATCH = 1000
CSV_ENCODINGS = {"utf-8": "utf-8-sig", "windows-1252": "cp1252"}
# Decimals of a coordinate: where the viewer may see the street address, and where not.
EXACT_DECIMALS = 5
ROUNDED_DECIMALS = 2
# Columns that look like numbers but are text: a number format would drop "0" and "+".
TEXT_COLUMNS = frozenset({"postal_code", "phone", "register_number"})
# An exported cell: text, a whole number (a year) or a decimal (a coordinate); None is empty.
Cell = str | int | float | None


def coordinate(value: Decimal | float | None, exact: bool) -> float | None:
    """A coordinate as this viewer may see it (the rule above)."""
    if value is None:
        return None
    return round(float(value), EXACT_DECIMALS if exact else ROUNDED_DECIMALS)


def headers() -> list[str]:
    return [header(column.key) for column in COLUMNS]


def _relations(ids: list[int]) -> dict[str, dict[int, list[str]]]:
    found: dict[str, dict[int, list[str]]] = {"themes": {}, "languages": {}, "tags": {}}
    sources: list[tuple[str, Any, str]] = [
        ("themes", OrganizationTheme.objects, "theme"),
        ("languages", OrganizationLanguage.objects, "code"),
        ("tags", OrganizationTag.objects, "tag__name"),
    ]
    for key, manager, column in sources:
        for org_id, value in manager.filter(organization_id__in=ids).values_list(
            "organization_id", column
        ):
            found[key].setdefault(org_id, []).append(value)
    return found


def _cells(
    organization: Organization, viewer: Any, related: dict[str, dict[int, list[str]]]
) -> list[Cell]:
    def shown(visibility: str) -> bool:
        return policy.can_see(viewer, organization, visibility)

    description = organization.description_in()[0]
    address = shown(organization.address_visibility)
    values: dict[str, Cell] = {
        "slug": organization.slug,
        "name": organization.name,
        "short_name": organization.short_name,
        "kind": label_for("kind", organization.kind),
        "partner_kind": label_for("partner_kind", organization.partner_kind),
        "legal_form": label_for("legal_form", organization.legal_form),
        "register_number": organization.register_number
        if policy.can_edit(viewer, organization)
        else "",
        "founding_year": organization.founding_year,
        "description": description,
        "street": organization.street if address else "",
        "postal_code": organization.postal_code,
        "city": organization.city,
        "district": organization.district,
        "federal_state": label_for("federal_state", organization.federal_state),
        "latitude": coordinate(organization.latitude, address),
        "longitude": coordinate(organization.longitude, address),
        "email": organization.email if shown(organization.email_visibility) else "",
        "phone": str(organization.phone or "") if shown(organization.phone_visibility) else "",
        "website": organization.website if shown(organization.website_visibility) else "",
        "themes": labels_for("themes", related["themes"].get(organization.pk, [])),
        "languages": labels_for("languages", related["languages"].get(organization.pk, [])),
        "tags": ", ".join(sorted(related["tags"].get(organization.pk, []), key=str.casefold)),
    }
    return [values[column.key] for column in COLUMNS]


def rows(organizations: QuerySet[Organization], viewer: Any) -> Iterator[list[Cell]]:
    ordered = organizations.order_by("name", "pk")
    last: tuple[str, int] | None = None
    while True:
        batch_query = ordered
        if last is not None:
            from django.db.models import Q

            batch_query = ordered.filter(Q(name__gt=last[0]) | Q(name=last[0], pk__gt=last[1]))
        batch = list(batch_query[:BATCH])
        if not batch:
            return
        related = _relations([o.pk for o in batch])
        for organization in batch:
            yield _cells(organization, viewer, related)
        last = (batch[-1].name, batch[-1].pk)


def to_csv(
    organizations: QuerySet[Organization],
    viewer: Any,
    *,
    encoding: str = "utf-8",
    delimiter: str = ";",
) -> bytes:
    """Semicolons and a byte-order mark by default: German Excel opens that with umlauts.

    With semicolons the decimal separator is the German comma too ("51,34"): German Excel
    reads "51.34" as text or a date. The comma-separated file (the API's) keeps the dot.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(safe_row(headers()))
    comma = delimiter == ";"
    for row in rows(organizations, viewer):
        writer.writerow([_csv_text(value, comma) for value in row])
    return buffer.getvalue().encode(CSV_ENCODINGS.get(encoding, encoding), errors="replace")


def _csv_text(value: Cell, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")  # never "1e-05"
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, int):
        return str(value)
    return safe_cell(value)


def sheet_title() -> str:
    """The worksheet's name in the active language, within Excel's rules (31 characters,
    none of ``[]:*?/\\``)."""
    title = "".join(c for c in _("Organisations") if c not in "[]:*?/\\")
    return title.strip("'")[:31] or "Organisations"


def to_xlsx(organizations: QuerySet[Organization], viewer: Any) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title())
    sheet.append(xlsx_row(sheet, headers()))
    text_positions = {i for i, column in enumerate(COLUMNS) if column.key in TEXT_COLUMNS}
    for row in rows(organizations, viewer):
        cells: list[Any] = []
        for position, value in enumerate(row):
            if value is None or isinstance(value, int | float):
                cells.append(value)  # a year or a coordinate: a number cell
                continue
            [cell] = xlsx_row(sheet, [value])  # text, guarded, never a formula
            if position in text_positions:
                # Text format too, so a value typed into the cell later stays text in Excel.
                cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
