"""Reading an uploaded spreadsheet into rows of text, within hard limits.

An XLSX file is a zip archive of XML: 600 KB can unpack to 600 MB. So the archive is checked
before it is opened (``core.uploads.check_zip``: entries, declared unpacked size), and the
shared strings and the first sheet are read as a stream through expat, counting as they come:
a cell longer than ``VERBUND_IMPORT_MAX_CELL`` characters, more than
``VERBUND_IMPORT_MAX_ROWS`` rows or more than ``VERBUND_IMPORT_MAX_TEXT`` characters in all
stop the reading at once, with a message naming the row and column. Nothing but the cells
under a heading of the first sheet is kept. A CSV file has the same caps on bytes, rows and
cell length. :func:`read_table` runs these readers in a child process with a time and
memory budget (``core.uploads.run_bounded``).

Cells are returned as text the way the import checks them; dates are not recognised from
number formats (no column of the registry is a date).
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from verbund.core.uploads import (
    BudgetExceeded,
    UnsafeArchive,
    check_zip,
    read_member,
    run_bounded,
)

MAX_COLUMNS = 200
MAX_XLSX_ENTRIES = 1000
_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


class ImportFileError(Exception):
    """The file cannot be read at all; the message tells the person what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    rows: int
    cell: int
    text: int
    unpacked: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            rows=settings.VERBUND_IMPORT_MAX_ROWS,
            cell=settings.VERBUND_IMPORT_MAX_CELL,
            text=settings.VERBUND_IMPORT_MAX_TEXT,
            unpacked=settings.VERBUND_IMPORT_MAX_UNPACKED,
        )


def column_letter(index: int) -> str:
    """0 → "A", 27 → "AB": how spreadsheet programs name a column."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def too_many_rows(limits: Limits) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(rows)s rows. Split it into smaller files.")
        % {"rows": limits.rows}
    )


def cell_too_long(limits: Limits, row: int, column: int) -> ImportFileError:
    return ImportFileError(
        _(
            "Row %(row)s, column %(column)s holds more than %(count)s characters. "
            "Shorten it and upload the file again."
        )
        % {"row": row, "column": column_letter(column), "count": f"{limits.cell:,}"}
    )


def too_much_text(limits: Limits) -> ImportFileError:
    return ImportFileError(
        _("The file holds more than %(count)s characters of text. Split it into smaller files.")
        % {"count": f"{limits.text:,}"}
    )


def unreadable_excel() -> ImportFileError:
    return ImportFileError(
        _("The Excel file could not be opened. Save it again as Excel workbook (.xlsx) or CSV.")
    )


class _Collector:
    """Rows as they are read: at most MAX_COLUMNS cells each, within the limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.records: list[list[str]] = []
        self.text = 0

    def add(self, number: int, cells: dict[int, str]) -> None:
        """Row ``number`` (1-based, as the sheet counts) with its cells by column."""
        if number > self.limits.rows + 1:
            raise too_many_rows(self.limits)
        while len(self.records) < number - 1:
            self.records.append([])  # rows the sheet leaves out are empty
        width = min(max(cells, default=-1) + 1, MAX_COLUMNS)
        row = [""] * width
        for column, value in cells.items():
            if column < MAX_COLUMNS:
                row[column] = value
                self.text += len(value)
        if self.text > self.limits.text:
            raise too_much_text(self.limits)
        self.records.append(row)


# --- XLSX -------------------------------------------------------------------------------------


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _parser() -> Any:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def refuse_dtd(*_args: Any) -> None:
        raise UnsafeArchive("broken")

    # No document type declarations: no entities to expand, nothing to fetch.
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    return parser


def _feed(parser: Any, chunks: Iterable[bytes]) -> None:
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise UnsafeArchive("broken") from error


def _relationships(archive: Any, path: str, limit: int) -> dict[str, tuple[str, str]]:
    """``{id: (type, target path)}`` of a part's relationships file."""
    folder, name = posixpath.split(path)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    found: dict[str, tuple[str, str]] = {}
    if rels_path not in archive.namelist():
        return found
    parser = _parser()

    def start(tag: str, attributes: dict[str, str]) -> None:
        if _local(tag) == "Relationship":
            target = attributes.get("Target", "")
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target))
            found[attributes.get("Id", "")] = (attributes.get("Type", ""), resolved)

    parser.StartElementHandler = start
    _feed(parser, read_member(archive, rels_path, limit))
    return found


def _first_sheet(archive: Any, limit: int) -> tuple[str, str | None]:
    """Paths of the first worksheet and of the shared strings (if any)."""
    package = _relationships(archive, "", limit)
    workbook = next(
        (target for kind, target in package.values() if kind.endswith("/officeDocument")),
        "xl/workbook.xml",
    )
    parts = _relationships(archive, workbook, limit)
    sheet_ids: list[str] = []
    parser = _parser()

    def start(tag: str, attributes: dict[str, str]) -> None:
        if _local(tag) == "sheet":
            sheet_ids.extend(v for k, v in attributes.items() if _local(k) == "id" and "}" in k)

    parser.StartElementHandler = start
    _feed(parser, read_member(archive, workbook, limit))
    worksheets = [
        parts[rid][1] for rid in sheet_ids if rid in parts and parts[rid][0].endswith("/worksheet")
    ]
    if not worksheets:
        raise UnsafeArchive("broken")
    shared = next(
        (target for kind, target in parts.values() if kind.endswith("/sharedStrings")), None
    )
    return worksheets[0], shared


class _TooLong:
    """A shared string beyond the cell limit: only an error if a cell uses it."""


TOO_LONG = _TooLong()


def _shared_strings(archive: Any, path: str, limits: Limits) -> list[str | _TooLong]:
    strings: list[str | _TooLong] = []
    parser = _parser()
    state = {"in_si": False, "in_t": False, "phonetic": 0, "length": 0, "total": 0}
    parts: list[str] = []

    def start(tag: str, _attributes: dict[str, str]) -> None:
        name = _local(tag)
        if name == "si":
            state.update(in_si=True, length=0)
            parts.clear()
        elif name == "rPh":
            state["phonetic"] += 1  # phonetic guides (Japanese) are not part of the text
        elif name == "t" and state["in_si"] and not state["phonetic"]:
            state["in_t"] = True

    def end(tag: str) -> None:
        name = _local(tag)
        if name == "t":
            state["in_t"] = False
        elif name == "rPh":
            state["phonetic"] -= 1
        elif name == "si":
            state["in_si"] = False
            if state["length"] > limits.cell:
                strings.append(TOO_LONG)
            else:
                strings.append(sys_intern("".join(parts)))
            parts.clear()

    def text(data: str) -> None:
        if not state["in_t"]:
            return
        state["length"] += len(data)
        state["total"] += len(data)
        if state["total"] > limits.text + limits.cell:
            raise too_much_text(limits)
        if state["length"] <= limits.cell:
            parts.append(data)
        else:
            parts.clear()  # counted on, never kept

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_text = False  # a long text arrives in pieces, each counted as it comes
    _feed(parser, read_member(archive, path, limits.unpacked))
    return strings


def sys_intern(text: str) -> str:
    # Repeated short cells (kinds, states, languages) share one object.
    return sys.intern(text) if len(text) < 64 else text


def _number(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    try:
        value = float(text) if any(c in text for c in ".eE") else int(text)
    except ValueError:
        return text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_sheet(
    archive: Any, path: str, shared: list[str | _TooLong], limits: Limits
) -> list[list[str]]:
    collector = _Collector(limits)
    parser = _parser()
    parser.buffer_text = False
    state: dict[str, Any] = {
        "row": 0,
        "cells": {},
        "column": -1,
        "type": "n",
        "in_value": False,
        "in_inline": False,
        "length": 0,
    }
    value: list[str] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        name = _local(tag)
        if name == "row":
            reference = attributes.get("r", "")
            state["row"] = int(reference) if reference.isdigit() else state["row"] + 1
            if state["row"] > limits.rows + 1:
                raise too_many_rows(limits)
            state["cells"] = {}
            state["column"] = -1
        elif name == "c":
            match = _REF.match(attributes.get("r", ""))
            if match:
                column = 0
                for letter in match.group(1):
                    column = column * 26 + ord(letter) - 64
                state["column"] = column - 1
            else:
                state["column"] += 1
            state["type"] = attributes.get("t", "n")
            state["length"] = 0
            value.clear()
        elif name == "v":
            state["in_value"] = True
        elif name == "is":
            state["in_inline"] = True
        elif name == "t" and state["in_inline"]:
            state["in_value"] = True

    def end(tag: str) -> None:
        name = _local(tag)
        if name in ("v", "t"):
            state["in_value"] = False
        elif name == "is":
            state["in_inline"] = False
        elif name == "c":
            _finish_cell()
        elif name == "row":
            collector.add(state["row"], state["cells"])

    def _finish_cell() -> None:
        column = state["column"]
        if column >= MAX_COLUMNS:
            return
        raw = "".join(value)
        kind = state["type"]
        if kind == "s":
            try:
                found = shared[int(raw)]
            except (ValueError, IndexError) as error:
                raise UnsafeArchive("broken") from error
            if isinstance(found, _TooLong):
                raise cell_too_long(limits, state["row"], column)
            text = found
        elif kind == "b":
            text = "True" if raw.strip() == "1" else "False"
        elif kind in ("str", "inlineStr", "e", "d"):
            text = raw
        else:
            text = _number(raw)
        if text:
            state["cells"][column] = text

    def text(data: str) -> None:
        if not state["in_value"]:
            return
        state["length"] += len(data)
        if state["length"] > limits.cell:
            raise cell_too_long(limits, max(state["row"], 1), max(state["column"], 0))
        value.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    _feed(parser, read_member(archive, path, limits.unpacked))
    return collector.records


def read_xlsx(data: bytes, limits: Limits) -> list[list[str]]:
    """The first sheet's rows as text; ``ImportFileError`` with the reason otherwise."""
    try:
        archive = check_zip(data, max_entries=MAX_XLSX_ENTRIES, max_unpacked=limits.unpacked)
        sheet, shared_path = _first_sheet(archive, limits.unpacked)
        shared = _shared_strings(archive, shared_path, limits) if shared_path else []
        return _read_sheet(archive, sheet, shared, limits)
    except UnsafeArchive as refused:
        raise archive_error(refused, limits) from refused
    except KeyError as error:  # a part the workbook names is missing
        raise unreadable_excel() from error


def archive_error(refused: UnsafeArchive, limits: Limits) -> ImportFileError:
    if refused.reason == "unpacked":
        return ImportFileError(
            _(
                "The Excel file unpacks to more than %(size)s MB. Split it into smaller files, "
                "or remove what the import does not need (pictures, other sheets)."
            )
            % {"size": limits.unpacked // (1024 * 1024)}
        )
    if refused.reason == "entries":
        return ImportFileError(
            _(
                "The Excel file consists of more than %(count)s parts, more than a workbook "
                "has. Save it again as Excel workbook (.xlsx) or CSV."
            )
            % {"count": MAX_XLSX_ENTRIES}
        )
    if refused.reason == "encrypted":
        return ImportFileError(
            _("The Excel file is protected by a password. Save it without one and upload it again.")
        )
    return unreadable_excel()


# --- CSV --------------------------------------------------------------------------------------


def read_csv(text: str, delimiter: str, limits: Limits) -> list[list[str]]:
    """Rows of a decoded CSV text, within the row and cell limits."""
    collector = _Collector(limits)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for record in reader:
            number += 1
            if number > limits.rows + 1:
                raise too_many_rows(limits)
            cells: dict[int, str] = {}
            for column, cell in enumerate(record[:MAX_COLUMNS]):
                if len(cell) > limits.cell:
                    raise cell_too_long(limits, number, column)
                if cell:
                    cells[column] = cell
            collector.add(number, cells)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise cell_too_long(limits, reader.line_num, 0) from error
        raise ImportFileError(
            _(
                "The file is not a table we can read (%(problem)s). Save it again as CSV or "
                "Excel workbook (.xlsx)."
            )
            % {"problem": error}
        ) from error
    return collector.records


# UTF-8 read as Windows-1252 turns "ä" into "Ã¤": a lead byte's letter, then a continuation
# byte's character. Seeing that means the file mixes encodings or was converted twice.
_CONTINUATION = re.escape(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore"))
MOJIBAKE = re.compile(f"[\u00c2\u00c3\u00c5][{_CONTINUATION}]|\u00e2\u20ac")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    file_format: str


# --- Reading ----------------------------------------------------------------------------------


def read_table(data: bytes, filename: str = "") -> Table:
    """The table in an uploaded file, read within the limits of ``reading`` in a child
    process with a time and memory budget (``VERBUND_IMPORT_READ_SECONDS`` and
    ``VERBUND_IMPORT_READ_MEMORY``), so that a crafted file cannot exhaust this process."""
    if len(data) > settings.VERBUND_IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(size)s MB are allowed.")
            % {"size": settings.VERBUND_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _(
                "This is an old Excel file (.xls). Save it as Excel workbook "
                "(.xlsx) or CSV and upload it again."
            )
        )
    limits = Limits.from_settings()
    is_xlsx = data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))
    if is_xlsx:
        # The archive's directory is checked here, before a child is started for it.
        try:
            check_zip(data, max_entries=MAX_XLSX_ENTRIES, max_unpacked=limits.unpacked)
        except UnsafeArchive as refused:
            raise archive_error(refused, limits) from refused
    try:
        return run_bounded(
            _parse,
            data,
            is_xlsx,
            limits,
            translation.get_language(),
            seconds=settings.VERBUND_IMPORT_READ_SECONDS,
            memory=settings.VERBUND_IMPORT_READ_MEMORY,
        )
    except BudgetExceeded as exceeded:
        if exceeded.kind == "time":
            raise ImportFileError(
                _(
                    "Reading the file took longer than %(seconds)s seconds. Split it into "
                    "smaller files and upload them one by one."
                )
                % {"seconds": settings.VERBUND_IMPORT_READ_SECONDS}
            ) from exceeded
        raise ImportFileError(
            _(
                "Reading the file needed more memory than allowed. Split it into smaller "
                "files and upload them one by one."
            )
        ) from exceeded


def _parse(data: bytes, is_xlsx: bool, limits: Limits, language: str | None) -> Table:
    """Runs in the child process of :func:`read_table`."""
    with translation.override(language):
        if is_xlsx:
            headers, rows = _split_header(read_xlsx(data, limits))
            file_format = "XLSX"
        else:
            text, encoding = _decode(data)
            delimiter = _delimiter(text)
            headers, rows = _split_header(read_csv(text, delimiter, limits))
            separator = {";": _("semicolon"), ",": _("comma"), "\t": _("tab")}[delimiter]
            file_format = f"CSV ({encoding}, {separator})"
        if not any(h.strip() for h in headers):
            raise ImportFileError(_("The first row must name the columns, but it is empty."))
        if len(rows) > settings.VERBUND_IMPORT_MAX_ROWS:
            raise too_many_rows(limits)
        return Table(headers=headers, rows=rows, file_format=file_format)


def _decode(data: bytes) -> tuple[str, str]:
    wrong = _(
        "The file's character encoding could not be recognised. In Excel choose "
        "“Save as” → “CSV UTF-8” and upload the file again."
    )
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", "UTF-8 BOM")]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", "UTF-16")]
    elif b"\x00" in data:
        raise ImportFileError(wrong)
    else:
        candidates = [("utf-8", "UTF-8"), ("cp1252", "Windows-1252")]
    for codec, name in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if CONTROL.search(text):
            raise ImportFileError(wrong)
        mixed = MOJIBAKE.search(text)
        if mixed:
            line = text.count("\n", 0, mixed.start()) + 1
            raise ImportFileError(
                _(
                    "Line %(line)s contains “%(text)s”: the file mixes character encodings. "
                    "In Excel choose “Save as” → “CSV UTF-8” and upload the file again."
                )
                % {"line": line, "text": mixed.group(0)}
            )
        return text, name
    raise ImportFileError(wrong)


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _split_header(records: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)
    if not records:
        raise ImportFileError(_("The file is empty."))
    headers = [cell.strip() for cell in records[0]]
    while headers and not headers[-1]:
        headers.pop()  # Excel often saves empty columns after the last heading
    rows = []
    for record in records[1:]:
        cells = [cell.strip() for cell in record[: len(headers)]]
        cells += [""] * (len(headers) - len(cells))
        rows.append(cells)
    return headers, rows
