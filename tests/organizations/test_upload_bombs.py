"""Spreadsheet uploads that unpack to hundreds of megabytes are refused before they are read,
cells and rows are capped while reading, and reading runs with a time and memory budget."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from tests import bombs
from verbund.organizations import reading
from verbund.organizations.models import ImportJob

pytestmark = pytest.mark.django_db
EXTRA_MEMORY = 200 * 1024 * 1024


@pytest.fixture(scope="session")
def bomb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bombs")


def _refused(data: bytes, name: str = "liste.xlsx") -> tuple[str, int]:
    """The refusal's German message and the peak of memory allocated while refusing."""
    tracemalloc.start()
    try:
        with translation.override("de"), pytest.raises(reading.ImportFileError) as refused:
            reading.read_table(data, name)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return refused.value.message, peak


def _german(message: str, **params: Any) -> str:
    with translation.override("de"):
        return translation.gettext(message) % params


UNPACKS_TO = (
    "The Excel file unpacks to more than %(size)s MB. Split it into smaller files, "
    "or remove what the import does not need (pictures, other sheets)."
)


def test_one_600_mb_string_in_a_small_xlsx_is_refused(bomb_dir: Path) -> None:
    data = bombs.cached(bomb_dir, "string.xlsx", bombs.xlsx_with_one_huge_string)
    assert len(data) < 1024 * 1024  # about 600 KB on disk
    message, peak = _refused(data)
    assert message == _german(UNPACKS_TO, size=200)
    assert peak < EXTRA_MEMORY


def test_630_mb_of_small_rows_in_a_small_xlsx_are_refused(bomb_dir: Path) -> None:
    data = bombs.cached(bomb_dir, "rows.xlsx", bombs.xlsx_of_small_rows)
    assert len(data) < 3 * 1024 * 1024
    message, peak = _refused(data)
    assert message == _german(UNPACKS_TO, size=200)
    assert peak < EXTRA_MEMORY


def test_the_bombs_are_refused_on_the_upload_page_without_a_job(
    client: Any, staff: Any, bomb_dir: Path
) -> None:
    client.force_login(staff)
    for name, make in (
        ("string.xlsx", bombs.xlsx_with_one_huge_string),
        ("rows.xlsx", bombs.xlsx_of_small_rows),
    ):
        upload = io.BytesIO(bombs.cached(bomb_dir, name, make))
        upload.name = "liste.xlsx"
        response = client.post(
            "/de/organisations/import/", {"file": upload, "on_duplicate": "skip"}
        )
        assert response.status_code == 200
        assert "200 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_size_the_archive_understates_is_caught_while_reading(settings: Any) -> None:
    data = _xlsx([["Name"], ["x" * 50_000]])
    # Claim a smaller size for the sheet than it has: zipfile then stops at the claimed
    # size and the checksum fails, which the reader reports as a broken file.
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    real = info.file_size.to_bytes(4, "little")
    forged = (100).to_bytes(4, "little")
    tampered = data.replace(real, forged)
    assert tampered != data
    message, _peak = _refused(tampered)
    assert message == _german(
        "The Excel file could not be opened. Save it again as Excel workbook (.xlsx) or CSV."
    )


def test_too_many_parts_are_refused_before_opening() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(1500):
            archive.writestr(f"x/{number}", b"")
    message, _peak = _refused(buffer.getvalue())
    assert "1000" in message


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_cell_over_the_limit_is_named_by_row_and_column(file_format: str) -> None:
    long = "Beschreibung " * 1000  # 13,000 characters
    if file_format == "xlsx":
        data = _xlsx([["Name", "Ort", "Beschreibung"], ["Verein", "Köln", long]])
    else:
        data = f"Name;Ort;Beschreibung\r\nVerein;Köln;{long}\r\n".encode()
    message, _peak = _refused(data, f"liste.{file_format}")
    assert message == _german(
        "Row %(row)s, column %(column)s holds more than %(count)s characters. "
        "Shorten it and upload the file again.",
        row=2,
        column="C",
        count="10,000",
    )


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_rows_beyond_the_limit_stop_the_reading(file_format: str, settings: Any) -> None:
    settings.VERBUND_IMPORT_MAX_ROWS = 100
    rows = [["Name", "Ort"], *([f"Verein {n}", "Köln"] for n in range(150))]
    if file_format == "xlsx":
        data = _xlsx(rows)
    else:
        data = "\r\n".join(";".join(row) for row in rows).encode()
    message, _peak = _refused(data, f"liste.{file_format}")
    assert message == _german(
        "The file has more than %(rows)s rows. Split it into smaller files.", rows=100
    )


def test_the_text_kept_in_all_is_capped(settings: Any) -> None:
    settings.VERBUND_IMPORT_MAX_TEXT = 5_000
    data = _xlsx([["Name", "Beschreibung"], *(["Verein", "y" * 900] for _ in range(20))])
    message, _peak = _refused(data)
    assert "5,000" in message


def test_what_is_kept_is_the_cells_under_a_heading() -> None:
    data = _xlsx([["Name", "Ort", None], ["Verein", "Köln", "unnamed column"], [], ["B", "Bonn"]])
    table = reading.read_table(data, "liste.xlsx")
    assert table.headers == ["Name", "Ort"]
    assert table.rows == [["Verein", "Köln"], ["", ""], ["B", "Bonn"]]


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        (
            {"VERBUND_IMPORT_READ_SECONDS": 0},
            "Reading the file took longer than %(seconds)s seconds. Split it into smaller "
            "files and upload them one by one.",
        ),
        (
            {"VERBUND_IMPORT_READ_MEMORY": 1024},
            "Reading the file needed more memory than allowed. Split it into smaller files "
            "and upload them one by one.",
        ),
    ],
)
def test_reading_runs_within_a_time_and_memory_budget(
    settings: Any, budget: dict[str, int], message: str
) -> None:
    for name, value in budget.items():
        setattr(settings, name, value)
    # About 16 MB of text in 800,000 cells: the child needs far more than a kilobyte more.
    lines = ["Name;" + ";".join(f"Spalte {n}" for n in range(19))]
    lines += [";".join(f"Verein {row:06d} {n:06d}" for n in range(20)) for row in range(40_000)]
    refusal, _peak = _refused("\r\n".join(lines).encode(), "liste.csv")
    assert refusal == _german(message, seconds=0)


def test_a_normal_file_still_reads_within_the_budget() -> None:
    reader: Callable[..., Any] = reading.read_table
    table = reader(_xlsx([["Name", "Ort"], *([f"Verein {n}", "Köln"] for n in range(2000))]))
    assert len(table.rows) == 2000 and table.rows[-1] == ["Verein 1999", "Köln"]


def test_a_word_file_that_unpacks_to_gigabytes_is_refused_as_a_document() -> None:
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from verbund.documents.uploads import check_upload

    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(100):
            member.write(b"<w:p/>" * (1024 * 1024 // 6))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("entwurf.docx", buffer.getvalue()))
    assert refused.value.code == "too_large"


def _spin() -> None:
    while True:
        pass


def test_a_child_that_computes_past_its_cpu_time_is_stopped() -> None:
    from verbund.core.uploads import BudgetExceeded, run_bounded

    with pytest.raises(BudgetExceeded) as exceeded:
        run_bounded(_spin, seconds=1, memory=64 * 1024 * 1024)
    assert exceeded.value.kind == "time"
