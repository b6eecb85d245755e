"""Statistics as CSV and XLSX: shown values only (hidden cells are the text "< 5"), numbers
as numbers, and text cells guarded by ``core.spreadsheets`` so none is read as a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from verbund.core.spreadsheets import safe_cell as core_safe_cell
from verbund.counselling.queries import Statistics
from verbund.counselling.statistics import rows_of_table


def safe_cell(value: Any) -> Any:
    """Numbers stay numbers (XLSX cells as values); text goes through the platform's one
    rule against formula injection (``core.spreadsheets.safe_cell``)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return core_safe_cell(value)


def to_csv(stats: Statistics, heading: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(heading), stats.year])
    for table in stats.tables:
        writer.writerow([])
        writer.writerow([safe_cell(table.title)])
        for row in rows_of_table(table):
            writer.writerow([safe_cell(value) for value in row])
        if table.note:
            writer.writerow([safe_cell(table.note)])
    return out.getvalue()


def to_xlsx(stats: Statistics, heading: str) -> bytes:
    workbook = Workbook()
    first = True
    for table in stats.tables:
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        assert sheet is not None
        sheet.title = table.title[:31].replace("/", " ").replace(":", " ")
        sheet.append([safe_cell(heading), stats.year])
        sheet.append([])
        for row in rows_of_table(table):
            sheet.append([safe_cell(value) for value in row])
        if table.note:
            sheet.append([])
            sheet.append([safe_cell(table.note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
