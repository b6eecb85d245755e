"""Cells for spreadsheet programs: one rule for every CSV and XLSX the platform writes.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which some programs skip before reading a formula) is run as a formula by Excel, LibreOffice
and Google Sheets: ``=HYPERLINK(...)`` in an organisation's name would become a live link in
the office's export, ``=cmd|...`` a DDE call (the "CSV injection" of OWASP). Every writer —
the registry export, the open-data CSV, a network's member list, the import report, and later
the counselling statistics — passes its cells through :func:`safe_cell`, which puts an
apostrophe in front of such text, and writes XLSX cells with :func:`xlsx_row`, which stores
them as text, never as formulas. :func:`unsafe_cell` undoes the apostrophe when an exported
file is imported again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# The characters that start a formula, also in their full-width forms (East Asian input).
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_SPACE = " \u00a0\u3000"


def needs_guard(text: str) -> bool:
    """Would a spreadsheet program read ``text`` as a formula (or a DDE call)?"""
    stripped = text.lstrip(_SPACE)
    return bool(text) and (text[0] in FORMULA_STARTS or stripped[:1] in FORMULA_STARTS)


def safe_cell(value: Any) -> str:
    """The text of ``value`` as a spreadsheet shows it and never runs it."""
    text = "" if value is None else str(value)
    return "'" + text if needs_guard(text) else text


def unsafe_cell(text: str) -> str:
    """A cell read back from a file this platform wrote: without the apostrophe guard."""
    if text.startswith("'") and needs_guard(text[1:]):
        return text[1:]
    return text


def safe_row(values: Iterable[Any]) -> list[str]:
    return [safe_cell(value) for value in values]


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Cells for ``sheet.append`` of an openpyxl (write-only) sheet: every value guarded and
    stored as a string cell, so no text becomes a formula whatever it starts with."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        cell.data_type = "s"
        cells.append(cell)
    return cells
