"""Export of any directory filter state as CSV (as German Excel reads it) or XLSX.

Every cell passes the registry's visibility policy for the person exporting: what they may
not see on a profile page is not in their spreadsheet either.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

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
) -> list[str]:
    def shown(visibility: str) -> bool:
        return policy.can_see(viewer, organization, visibility)

    description = organization.description_in()[0]
    address = shown(organization.address_visibility)
    values: dict[str, str] = {
        "slug": organization.slug,
        "name": organization.name,
        "short_name": organization.short_name,
        "kind": label_for("kind", organization.kind),
        "partner_kind": label_for("partner_kind", organization.partner_kind),
        "legal_form": label_for("legal_form", organization.legal_form),
        "register_number": organization.register_number
        if policy.can_edit(viewer, organization)
        else "",
        "founding_year": str(organization.founding_year or ""),
        "description": description,
        "street": organization.street if address else "",
        "postal_code": organization.postal_code,
        "city": organization.city,
        "district": organization.district,
        "federal_state": label_for("federal_state", organization.federal_state),
        "latitude": str(organization.latitude)
        if address and organization.latitude is not None
        else "",
        "longitude": str(organization.longitude)
        if address and organization.longitude is not None
        else "",
        "email": organization.email if shown(organization.email_visibility) else "",
        "phone": str(organization.phone or "") if shown(organization.phone_visibility) else "",
        "website": organization.website if shown(organization.website_visibility) else "",
        "themes": labels_for("themes", related["themes"].get(organization.pk, [])),
        "languages": labels_for("languages", related["languages"].get(organization.pk, [])),
        "tags": ", ".join(sorted(related["tags"].get(organization.pk, []), key=str.casefold)),
    }
    return [_safe(values[column.key]) for column in COLUMNS]


def _safe(value: str) -> str:
    # A cell starting with = + - @ is a formula to Excel; an apostrophe keeps it text.
    if value and value[0] in "=+-@" and not value[1:2].isdigit():
        return "'" + value
    return value


def rows(organizations: QuerySet[Organization], viewer: Any) -> Iterator[list[str]]:
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
    """Semicolons and a byte-order mark by default: German Excel opens that with umlauts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers())
    writer.writerows(rows(organizations, viewer))
    return buffer.getvalue().encode(CSV_ENCODINGS.get(encoding, encoding), errors="replace")


def to_xlsx(organizations: QuerySet[Organization], viewer: Any) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Organisationen")
    sheet.append(headers())
    for row in rows(organizations, viewer):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
