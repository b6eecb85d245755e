"""What a spreadsheet program makes of the export: read back with openpyxl (cell types and
formats, the sheet's name in the export's language), the German CSV with decimal commas,
the export page that offers the workbook first and says why, and — where LibreOffice is
installed — a conversion by LibreOffice itself."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import make_organization
from verbund.core.spreadsheets import unsafe_cell
from verbund.organizations import exporting, queries
from verbund.organizations.spreadsheet_forms import ExportForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def dresden(db: Any) -> Any:
    return make_organization(
        name="Kulturbrücke Dresden",
        city="Dresden",
        federal_state="SN",
        postal_code="01067",
        phone="+49 351 1234567",
        founding_year=1998,
        latitude="51.049260",
        longitude="13.738360",
    )


def _columns(sheet: Any) -> dict[str, Any]:
    header = [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=1))]
    cells = next(sheet.iter_rows(min_row=2, max_row=2))
    return dict(zip(header, cells, strict=True))


def _workbook(language: str = "de") -> Any:
    with translation.override(language):
        body = exporting.to_xlsx(queries.matching(queries.parse_filters({})), None)
    return load_workbook(io.BytesIO(body))


def test_postal_codes_and_phones_are_text_years_and_points_are_numbers(dresden: Any) -> None:
    sheet = _workbook().worksheets[0]
    cells = _columns(sheet)
    postal_code, phone = cells["PLZ"], cells["Telefon"]
    assert (postal_code.value, postal_code.data_type, postal_code.number_format) == (
        "01067",
        "s",
        "@",
    )
    # The plus stays; core.spreadsheets guards it with an apostrophe like every text that a
    # spreadsheet program could read as the start of a formula.
    assert unsafe_cell(phone.value).startswith("+49") and phone.data_type == "s"
    assert phone.number_format == "@"
    year = cells["Gründungsjahr"]
    assert (year.value, year.data_type) == (1998, "n")
    latitude, longitude = cells["Breitengrad"], cells["Längengrad"]
    assert (latitude.value, longitude.value) == (51.04926, 13.73836)
    assert latitude.data_type == longitude.data_type == "n"
    assert cells["Name"].data_type == "s"


@pytest.mark.parametrize(
    ("language", "title"),
    [("de", "Organisationen"), ("en", "Organisations"), ("tr", None), ("ar", None)],
)
def test_the_sheet_is_named_in_the_exports_language(
    dresden: Any, language: str, title: str | None
) -> None:
    with translation.override(language):
        expected = title or translation.gettext("Organisations")
    assert _workbook(language).sheetnames == [expected]
    if title is None:
        assert expected != "Organisations"  # translated


def test_the_command_names_the_sheet_in_its_language(dresden: Any, tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    call_command("export_organisations", "--format", "xlsx", "--lang", "en", "-o", str(path))
    assert load_workbook(path).sheetnames == ["Organisations"]


def test_the_german_csv_writes_decimal_commas_and_keeps_the_zero(dresden: Any) -> None:
    text = exporting.to_csv(queries.matching(queries.parse_filters({})), None).decode("utf-8-sig")
    [header, row] = list(csv.reader(io.StringIO(text), delimiter=";"))
    values = dict(zip(header, row, strict=True))
    assert values["PLZ"] == "01067"
    assert values["Breitengrad"] == "51,04926" and values["Längengrad"] == "13,73836"
    assert values["Gründungsjahr"] == "1998"
    assert unsafe_cell(values["Telefon"]).startswith("+49")


def test_the_export_page_offers_the_workbook_first_and_says_why(
    client: Any, staff: Any, dresden: Any
) -> None:
    client.force_login(staff)
    page = client.get("/de/organisations/export/?state=SN").content.decode()
    assert '<input type="hidden" name="state" value="SN">' in page
    # The workbook is the first choice and the one already chosen.
    assert '<input type="radio" name="format" value="xlsx" required id="id_format_0" checked>' in (
        page
    )
    assert page.index('value="xlsx"') < page.index('value="csv"')
    assert 'value="csv" required id="id_format_1">' in page  # not checked
    # Why: the leading zero and the plus sign Excel drops from a CSV, explained.
    with translation.override("de"):
        why = str(ExportForm().fields["format"].help_text)
    assert why in page and "01067" in why
    download = client.get("/de/organisations/export/?state=SN&format=xlsx")
    assert load_workbook(io.BytesIO(download.content)).sheetnames == ["Organisationen"]
    directory = client.get("/de/organisations/?state=SN").content.decode()
    links = directory[directory.index('class="spreadsheet-links"') :]
    assert links.index("format=xlsx") < links.index('/de/organisations/export/?state=SN"')


def test_the_export_page_is_in_english_too(client: Any, staff: Any, dresden: Any) -> None:
    client.force_login(staff)
    page = client.get("/en/organisations/export/").content.decode()
    assert "leading zero" in page and "recommended" in page


LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed here")
def test_libreoffice_reads_the_workbook_as_we_meant_it(dresden: Any, tmp_path: Path) -> None:
    source = tmp_path / "export.xlsx"
    source.write_bytes(
        exporting.to_xlsx(queries.matching(queries.parse_filters({})), None),
    )
    subprocess.run(
        [
            str(LIBREOFFICE),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76,1",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = (tmp_path / "out" / "export.csv").read_text(encoding="utf-8-sig")
    [header, row] = list(csv.reader(io.StringIO(text), delimiter=";"))
    values = dict(zip(header, row, strict=True))
    assert values["PLZ"] == "01067"
    assert unsafe_cell(values["Telefon"]).startswith("+49")
    assert values["Gründungsjahr"] == "1998"
    assert float(values["Breitengrad"].replace(",", ".")) == pytest.approx(51.04926)
