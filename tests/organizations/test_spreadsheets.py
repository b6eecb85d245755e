"""Spreadsheet import and export: encodings, mapping, checks, duplicates, all-or-nothing,
the background run through the real task worker, and who may do it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from tests.factories import PersonFactory, StaffFactory, make_organization
from verbund.core.actors import OPERATOR
from verbund.organizations import (
    exporting,
    import_checks,
    import_duplicates,
    importing,
    queries,
    reading,
    services,
)
from verbund.organizations.models import ImportJob, Organization

pytestmark = pytest.mark.django_db

GERMAN_HEADER = (
    "Name;Abkürzung;Art;Straße;PLZ;Ort;Bundesland;E-Mail;Telefon;Webseite;"
    "Themen;Sprachen;Gründungsjahr"
)
GERMAN_ROWS = [
    "Türkischer Elternverein Köln e.V.;TEK;Elternnetzwerk;Ölbergstraße 3;50667;Köln;"
    "Nordrhein-Westfalen;info@tek.example;0221 1234567;www.tek.example;Jugend;Türkisch, Deutsch;"
    "1998",
    "Deutsch-Äthiopischer Verein Gießen;;Migrant*innenorganisation;Süßer Weg 1;35390;Gießen;"
    "Hessen;kontakt@daeg.example;;https://daeg.example;Kultur, Bildung & Familie;Amharisch;2004",
    "Größere Brücke Lübeck;GBL;Lokales Netzwerk;Fußgängerzone 12;23552;Lübeck;"
    "Schleswig-Holstein;;;;;Arabisch, Persisch;",
    "Frauenverband Görlitz;;MO;;02826;Görlitz;Sachsen;post@fvg.example;;;Frauenrechte;Russisch;"
    "2015",
]
FIELDS = (
    "name",
    "short_name",
    "kind",
    "street",
    "postal_code",
    "city",
    "federal_state",
    "email",
    "website",
    "founding_year",
)


def _cp1252_file(tmp_path: Path, rows: list[str] | None = None) -> Path:
    path = tmp_path / "mitglieder.csv"
    path.write_bytes(
        ("\r\n".join([GERMAN_HEADER, *(rows or GERMAN_ROWS)]) + "\r\n").encode("cp1252")
    )
    return path


def _approve_all() -> None:
    """Staff publish what the import left waiting for review (an import never publishes)."""
    waiting = list(queries.awaiting_review())
    assert waiting and all(o.status == "draft" for o in waiting)
    services.review_many(StaffFactory(), waiting, approve=True)


def _state() -> dict[str, dict[str, Any]]:
    result = {}
    for organization in Organization.objects.all():
        data = {name: getattr(organization, name) for name in FIELDS}
        data["phone"] = str(organization.phone or "")
        data["themes"] = sorted(organization.theme_links.values_list("theme", flat=True))
        data["languages"] = sorted(organization.language_links.values_list("code", flat=True))
        result[organization.slug] = data
    return result


def _import(path: Path, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_organisations", str(path), *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_windows_1252_semicolon_file_round_trips_without_duplicates(tmp_path: Path) -> None:
    output = _import(_cp1252_file(tmp_path))
    assert "Windows-1252" in output
    first = _state()
    assert len(first) == 4
    cologne = first["turkischer-elternverein-koln-ev"]
    assert cologne["name"] == "Türkischer Elternverein Köln e.V."
    assert cologne["street"] == "Ölbergstraße 3"
    assert cologne["kind"] == "parents" and cologne["federal_state"] == "NW"
    assert cologne["phone"] == "+492211234567" and cologne["website"] == "https://www.tek.example"
    assert cologne["languages"] == ["de", "tr"] and cologne["themes"] == ["youth"]
    assert first["frauenverband-gorlitz"]["postal_code"] == "02826"
    assert set(Organization.objects.values_list("status", flat=True)) == {"draft"}
    _approve_all()

    exported = tmp_path / "export.csv"
    call_command("export_organisations", "--format", "csv-windows", "-o", str(exported))
    raw = exported.read_bytes()
    text = raw.decode("cp1252")
    assert text.splitlines()[0].startswith("Kennung;Name;Kurzname;Art")
    assert "Ölbergstraße 3" in text and "Gießen" in text

    skipped = _import(exported, "--on-duplicate", "skip")
    assert skipped.count(": skipped") == 4
    assert _state() == first
    updated = _import(exported, "--on-duplicate", "update")
    assert updated.count(": updated") == 4
    assert _state() == first
    assert Organization.objects.count() == 4


def test_xlsx_export_imports_again(tmp_path: Path) -> None:
    _import(_cp1252_file(tmp_path))
    _approve_all()
    before = _state()
    path = tmp_path / "export.xlsx"
    call_command("export_organisations", "--format", "xlsx", "-o", str(path))
    sheet = load_workbook(path).worksheets[0]
    assert sheet.cell(row=1, column=2).value == "Name"
    assert _import(path, "--on-duplicate", "update").count(": updated") == 4
    assert _state() == before


@pytest.mark.parametrize(
    "encoding,delimiter",
    [
        ("utf-8", ","),
        ("utf-8-sig", ";"),
        ("cp1252", ";"),
        ("utf-8-sig", "\t"),
        ("utf-16", "\t"),  # Excel "Unicode text"
    ],
)
def test_reads_the_encodings_and_separators_excel_writes(encoding: str, delimiter: str) -> None:
    text = (
        f"Name{delimiter}Stadt{delimiter}Sprachen\r\n"
        f'Verein Ümit{delimiter}München{delimiter}"Türkisch, Kurdisch"\r\n'
    )
    table = reading.read_table(text.encode(encoding), "liste.csv")
    assert table.headers == ["Name", "Stadt", "Sprachen"]
    assert table.rows == [["Verein Ümit", "München", "Türkisch, Kurdisch"]]
    checks = import_checks.check_rows(
        table.rows, import_checks.suggest_mapping(table.headers), "de"
    )
    assert checks[0].errors == []
    assert checks[0].data["languages"] == ["tr", "ku"]


def test_reads_xlsx() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Organisation", "Postleitzahl", "City", "Founded"])
    sheet.append(["Verein Ümit", 1067, "Dresden", 1999])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = reading.read_table(buffer.getvalue(), "liste.xlsx")
    assert table.file_format == "XLSX"
    mapping = import_checks.suggest_mapping(table.headers)
    assert mapping == ["name", "postal_code", "city", "founding_year"]
    check = import_checks.check_rows(table.rows, mapping, "de")[0]
    assert check.errors == []
    assert check.data["postal_code"] == "01067" and check.data["founding_year"] == 1999


def test_headers_in_german_or_english_suggest_fields() -> None:
    headers = [
        "Name des Vereins",
        "Kurzname",
        "Typ",
        "Straße",
        "PLZ",
        "Stadt",
        "Bezirk",
        "Bundesland",
        "E-Mail-Adresse",
        "Tel.",
        "Homepage",
        "Themen",
        "Languages",
        "Gründungsjahr",
        "Bemerkung",
        "Name",
    ]
    assert import_checks.suggest_mapping(headers) == [
        "",
        "short_name",
        "kind",
        "street",
        "postal_code",
        "city",
        "district",
        "federal_state",
        "email",
        "phone",
        "website",
        "themes",
        "languages",
        "founding_year",
        "",
        "name",
    ]


@pytest.mark.parametrize(
    "data",
    [
        "Name;Ort\r\nVerein;Köln\r\n".encode("utf-16-le"),
        b"\x00\x01\x02binary\xff\xfe\x00",
        "Name;Ort\r\nVerein Ä;Köln\r\n".encode() + "Verein Ö;Köln\r\n".encode("cp1252"),
        b"Name;Ort\r\nVerein \x81;K\x9dln\r\n",
    ],
)
def test_a_wrong_encoding_is_refused_with_advice(data: bytes) -> None:
    with pytest.raises(reading.ImportFileError) as caught:
        reading.read_table(data, "liste.csv")
    assert "UTF-8" in caught.value.message


def test_mixed_encodings_name_the_line() -> None:
    data = "Name;Ort\r\nVerein Ä;Köln\r\n".encode("cp1252") + "Verein Ö;Köln\r\n".encode()
    with pytest.raises(reading.ImportFileError) as caught:
        reading.read_table(data, "liste.csv")
    assert "Line 3" in caught.value.message or "Zeile 3" in caught.value.message


def test_missing_name_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ohne-name.csv"
    path.write_text("Ort;PLZ\r\nKöln;50667\r\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Name"):
        _import(path, "--language", "en")
    assert not Organization.objects.exists()


def test_three_bad_rows_among_100_write_nothing_and_are_named(tmp_path: Path) -> None:
    rows = [f"Verein Nummer {n};;MO;;10115;Berlin;Berlin;;;;;;" for n in range(100)]
    rows[10] = "Verein Zehn;;Raumschiff;;10115;Berlin;Berlin;;;;;;"
    rows[41] = "Verein Einundvierzig;;MO;;1234x;Berlin;Berlin;;;;;;"
    rows[97] = "Verein Siebenundneunzig;;MO;;10115;Berlin;Berlin;;;;;;neunzehnhundert"
    path = _cp1252_file(tmp_path, rows)
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 rows"):
        call_command(
            "import_organisations", str(path), "--language", "en", stderr=err, stdout=io.StringIO()
        )
    messages = err.getvalue()
    assert "row 12: Kind: “Raumschiff” is not a known value." in messages
    assert "row 43: Postal code:" in messages and "five digits" in messages
    assert "row 99: Founding year: “neunzehnhundert” is not a year" in messages
    assert not Organization.objects.exists()


def test_a_row_failing_while_writing_rolls_back_the_rows_before_it(monkeypatch: Any) -> None:
    monkeypatch.setattr(importing, "CREATE_BATCH", 1)  # the first row is written on its own
    good = import_checks.RowCheck(index=0, number=2, data={"name": "Erster Verein"})
    # Passed the checks (they leave the address on the site to the writing service) but
    # fails in the service.
    failing = import_checks.RowCheck(
        index=1, number=3, data={"name": "Zweiter Verein", "slug": "kein gültiger slug!"}
    )
    with pytest.raises(importing.ImportFailed) as caught:
        importing.execute(OPERATOR, [good, failing], [], decisions={}, on_duplicate="skip")
    assert caught.value.problems[0][0] == 3
    assert not Organization.objects.exists()


def test_a_failing_update_rolls_back_the_new_organisations() -> None:
    existing = make_organization(name="Alter Verein", city="Köln")
    checks = [
        import_checks.RowCheck(index=0, number=2, data={"name": "Neuer Verein"}),
        import_checks.RowCheck(
            index=1, number=3, data={"name": "Alter Verein", "postal_code": "abc"}
        ),
    ]
    pair = import_duplicates.DuplicatePair(
        1, 3, "Alter Verein", "name", organization_id=existing.pk
    )
    with pytest.raises(importing.ImportFailed) as caught:
        importing.execute(OPERATOR, checks, [pair], decisions={}, on_duplicate="update")
    assert caught.value.problems[0][0] == 3
    assert list(Organization.objects.values_list("name", flat=True)) == ["Alter Verein"]


def test_dry_run_changes_nothing(tmp_path: Path) -> None:
    output = _import(_cp1252_file(tmp_path), "--dry-run")
    assert output.count(": would be created") == 4
    assert not Organization.objects.exists()


def test_duplicates_against_the_registry_and_within_the_file() -> None:
    existing = make_organization(
        name="Türkischer Elternverein Köln e.V.",
        city="Köln",
        email="info@tek.example",
        website="https://tek.example/",
    )
    other = make_organization(name="Afrikanisches Forum Bremen", city="Bremen", federal_state="HB")
    rows = [
        ["Türkischer Elternverein Köln", "Köln", "", ""],  # same name without e.V.
        ["Ganz anderer Name", "Bonn", "INFO@tek.example", ""],  # same e-mail
        ["Noch ein Name", "Bonn", "", "http://www.tek.example"],  # same website
        ["Afrikanisches Forum Bremen-Nord", "Bremen", "", ""],  # similar name, same city
        ["Afrikanisches Forum Hamburg", "Hamburg", "", ""],  # similar name, other city
        ["Neuer Verein", "Kiel", "", ""],
        ["Neuer Verein e. V.", "Kiel", "", ""],  # same as the row before
    ]
    mapping = ["name", "city", "email", "website"]
    checks = import_checks.check_rows(rows, mapping, "en")
    pairs = {p.number: p for p in import_duplicates.find_duplicates(checks)}
    assert {n: p.reason for n, p in pairs.items()} == {
        2: "name",
        3: "email",
        4: "website",
        5: "similar",
        8: "name",
    }
    assert pairs[2].organization_id == existing.pk
    assert pairs[5].organization_id == other.pk
    assert pairs[8].other_number == 7 and pairs[8].organization_id is None
    report = importing.execute(
        OPERATOR,
        checks,
        list(pairs.values()),
        decisions={"0": "update", "3": "create", "6": "update"},
        on_duplicate="skip",
    )
    outcomes = [line["outcome"] for line in report]
    assert outcomes == ["updated", "skipped", "skipped", "created", "created", "created", "updated"]
    assert Organization.objects.count() == 5
    existing.refresh_from_db()
    assert existing.name == "Türkischer Elternverein Köln"


def _staff_client(client: Any, staff: Any) -> Any:
    client.force_login(staff)
    return client


# Committed transactions: the worker is a separate consumer that closes its connections
# between tasks, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_browser_import_runs_in_the_task_worker(client: Any, staff: Any, tmp_path: Path) -> None:
    make_organization(name="Frauenverband Görlitz", city="Görlitz", federal_state="SN")
    client = _staff_client(client, staff)
    path = _cp1252_file(tmp_path)
    with path.open("rb") as upload:
        response = client.post(
            "/en/organisations/import/", {"file": upload, "on_duplicate": "skip"}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    page = client.get(f"/en/organisations/import/{job.pk}/").content.decode()
    assert "Windows-1252" in page and "semicolon" in page
    assert "All 4 rows are fine." in page
    assert "Possible duplicates" in page and "same name" in page
    form = {f"column_{i}": key for i, key in enumerate(job.mapping)}
    form.update({"on_duplicate": "skip", "decision_3": "update", "action": "start"})
    started = client.post(f"/en/organisations/import/{job.pk}/", form)
    assert started.status_code == 302
    job.refresh_from_db()
    assert job.state == "queued"
    waiting = client.get(f"/en/organisations/import/{job.pk}/status/").content.decode()
    assert 'data-finished="false"' in waiting and "<progress" in waiting
    assert "organizations/import-status.js" in waiting
    assert Organization.objects.count() == 1

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    job.refresh_from_db()
    assert job.state == "done", job.error
    assert job.rows == []  # the uploaded cells are not kept once the report exists
    assert Organization.objects.count() == 4
    assert Organization.objects.get(slug="frauenverband-gorlitz").postal_code == "02826"
    done = client.get(f"/en/organisations/import/{job.pk}/status/").content.decode()
    assert 'data-finished="true"' in done and "import-status.js" not in done
    assert "created as a draft, awaiting review: 3" in done and "updated: 1" in done
    report = client.get(f"/en/organisations/import/{job.pk}/report.csv")
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["Row", "Name", "Result", "Address on the site", "Note"]
    assert [line[2] for line in lines[1:]] == [
        *["created as a draft, awaiting review"] * 3,
        "updated",
    ]


def test_browser_shows_bad_rows_and_offers_no_start(
    client: Any, staff: Any, tmp_path: Path
) -> None:
    rows = [*GERMAN_ROWS[:2], "Kaputt;;Raumschiff;;;Köln;;;;;;;"]
    with _cp1252_file(tmp_path, rows).open("rb") as upload:
        _staff_client(client, staff).post(
            "/en/organisations/import/", {"file": upload, "on_duplicate": "skip"}
        )
    job = ImportJob.objects.get()
    page = client.get(f"/en/organisations/import/{job.pk}/").content.decode()
    assert "1 row cannot be imported" in page
    assert "Row 4 (Kaputt): Kind: “Raumschiff” is not a known value." in page
    assert 'value="start"' not in page
    forced = client.post(
        f"/en/organisations/import/{job.pk}/",
        {
            **{f"column_{i}": key for i, key in enumerate(job.mapping)},
            "on_duplicate": "skip",
            "action": "start",
        },
    )
    assert forced.status_code == 302
    job.refresh_from_db()
    assert job.state == "draft" and not Organization.objects.exists()


def test_upload_of_an_unreadable_file_keeps_the_form(client: Any, staff: Any) -> None:
    upload = io.BytesIO("Name;Ort\r\n".encode("utf-16-le"))
    upload.name = "liste.csv"
    response = _staff_client(client, staff).post(
        "/en/organisations/import/", {"file": upload, "on_duplicate": "update"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "character encoding could not be recognised" in html
    assert 'value="update" checked' in html or 'value="update"\n' in html or "checked" in html
    assert not ImportJob.objects.exists()


def test_people_who_are_not_staff_may_not_import_or_export(
    client: Any, person: Any, staff: Any
) -> None:
    job = importing.create_job(
        staff, reading.Table(["Name"], [["X"]], "CSV"), "x.csv", language="en"
    )
    client.force_login(person)
    for url in (
        "/en/organisations/import/",
        f"/en/organisations/import/{job.pk}/",
        f"/en/organisations/import/{job.pk}/status/",
        f"/en/organisations/import/{job.pk}/report.csv",
        "/en/organisations/export/?format=xlsx",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post("/en/organisations/import/", {}).status_code == 403
    assert (
        client.post(f"/en/organisations/import/{job.pk}/", {"action": "start"}).status_code == 403
    )
    client.logout()
    assert client.get("/en/organisations/export/").status_code == 302


def test_export_follows_the_directory_filters_and_visibility(client: Any, staff: Any) -> None:
    owner = PersonFactory()
    make_organization(
        admin=owner,
        name="Verein Leipzig",
        city="Leipzig",
        federal_state="SN",
        email="vorstand@leipzig.example",
        email_visibility="members",
    )
    make_organization(name="Verein Rostock", city="Rostock", federal_state="MV")
    filtered = queries.matching(queries.parse_filters({"state": "SN"}))
    public = exporting.to_csv(filtered, PersonFactory()).decode("utf-8-sig")
    assert "Verein Leipzig" in public and "Verein Rostock" not in public
    assert "vorstand@leipzig.example" not in public
    response = _staff_client(client, staff).get("/de/organisations/export/?state=SN&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert "vorstand@leipzig.example" in text and "Verein Rostock" not in text
    assert text.splitlines()[0].split(";")[:2] == ["Kennung", "Name"]
    workbook = client.get("/de/organisations/export/?state=MV&format=xlsx")
    sheet = load_workbook(io.BytesIO(workbook.content)).worksheets[0]
    assert [row[1] for row in sheet.iter_rows(values_only=True)] == ["Name", "Verein Rostock"]
    directory = client.get("/de/organisations/?state=SN").content.decode()
    assert "/de/organisations/export/?state=SN&amp;format=xlsx" in directory
    client.logout()
    assert "/organisations/export/" not in client.get("/de/organisations/").content.decode()


def test_imported_organisations_are_searchable_audited_and_pinned(tmp_path: Path) -> None:
    from verbund.core import audit

    _import(_cp1252_file(tmp_path))
    # Not public before staff review (F2).
    assert not queries.directory(queries.parse_filters({"q": "Gorlitz"})).page.object_list
    _approve_all()
    found = queries.directory(queries.parse_filters({"q": "Gorlitz"}))
    assert [o.name for o in found.page.object_list] == ["Frauenverband Görlitz"]
    lubeck = Organization.objects.get(city="Lübeck")
    entry = audit.history_for(lubeck).get(action="organization.created")
    assert entry.changes["name"] == [None, "Größere Brücke Lübeck"]
    assert entry.changes["languages"] == [None, ["ar", "fa"]]
    assert lubeck.latitude is not None and lubeck.federal_state == "SH"
    assert not lubeck.affiliations.exists()


def test_oversized_cells_and_files_are_refused_cleanly(
    client: Any, staff: Any, settings: Any
) -> None:
    huge_cell = b'Name;Ort\r\n"' + b"x" * 200_000 + b'";Berlin\r\n'
    with pytest.raises(reading.ImportFileError):
        reading.read_table(huge_cell, "liste.csv")
    settings.VERBUND_IMPORT_MAX_BYTES = 1000
    upload = io.BytesIO(b"Name;Ort\r\n" + b"Verein;Berlin\r\n" * 100)
    upload.name = "liste.csv"
    response = _staff_client(client, staff).post(
        "/en/organisations/import/", {"file": upload, "on_duplicate": "skip"}
    )
    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_row_messages_are_in_the_users_language(client: Any, staff: Any, tmp_path: Path) -> None:
    rows = [*GERMAN_ROWS[:1], "Kaputt;;Raumschiff;;;Köln;;;;;;;"]
    with _cp1252_file(tmp_path, rows).open("rb") as upload:
        _staff_client(client, staff).post(
            "/de/organisations/import/", {"file": upload, "on_duplicate": "skip"}
        )
    job = ImportJob.objects.get()
    german = client.get(f"/de/organisations/import/{job.pk}/").content.decode()
    assert "„Raumschiff“ ist kein bekannter Wert." in german
    english = client.get(f"/en/organisations/import/{job.pk}/").content.decode()
    assert "“Raumschiff” is not a known value." in english


def test_many_matches_follow_the_default_choice(
    client: Any, staff: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from verbund.organizations import spreadsheet_views

    monkeypatch.setattr(spreadsheet_views, "PAIRS_ON_PAGE", 1)
    make_organization(name="Frauenverband Görlitz", city="Görlitz", federal_state="SN")
    make_organization(name="Größere Brücke Lübeck", city="Lübeck", federal_state="SH")
    with _cp1252_file(tmp_path).open("rb") as upload:
        _staff_client(client, staff).post(
            "/en/organisations/import/", {"file": upload, "on_duplicate": "skip"}
        )
    job = ImportJob.objects.get()
    page = client.get(f"/en/organisations/import/{job.pk}/").content.decode()
    assert page.count('name="decision_') == 1
    assert "1 more row looks like an organisation in the registry" in page


def test_page_addresses_are_never_given_to_organisations(tmp_path: Path) -> None:
    path = tmp_path / "namen.csv"
    path.write_text("Name;Kennung\r\nImport;\r\nExport;export\r\n", encoding="utf-8")
    _import(path)
    assert sorted(Organization.objects.values_list("slug", flat=True)) == ["export-2", "import-2"]
    assert make_organization(name="Review").slug == "review-2"


def test_uploads_never_started_are_purged_after_a_week(staff: Any) -> None:
    import datetime

    from django.utils import timezone

    def upload(name: str, days_ago: int, state: str = ImportJob.State.DRAFT) -> ImportJob:
        job = importing.create_job(
            staff,
            reading.Table(["Name", "E-Mail"], [["Verein", "vorstand@verein.example"]], "CSV"),
            name,
            language="de",
        )
        ImportJob.objects.filter(pk=job.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago), state=state
        )
        return job

    abandoned = upload("alt.csv", 8)
    recent = upload("neu.csv", 2)
    finished = upload("fertig.csv", 30, ImportJob.State.DONE)
    out = io.StringIO()
    call_command("purge_import_uploads", stdout=out)
    assert "1 abandoned uploads deleted" in out.getvalue()
    remaining = set(ImportJob.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, finished.pk}
    assert abandoned.pk not in remaining
    call_command("purge_import_uploads", "--days", "1", stdout=io.StringIO())
    assert set(ImportJob.objects.values_list("pk", flat=True)) == {finished.pk}
    with pytest.raises(CommandError):
        call_command("purge_import_uploads", "--days", "0")


def test_a_theme_named_by_one_half_of_its_label_is_understood(tmp_path: Path) -> None:
    rows = [
        "Elternverein Köln;;MO;;50667;Köln;NRW;;;;Bildung, Jugend;;",
        "Frauentreff Kiel;;MO;;24103;Kiel;Schleswig-Holstein;;;;Frauen, Flüchtlinge;;",
    ]
    _import(_cp1252_file(tmp_path, rows), "--language", "de")
    themes = {
        o.name: sorted(o.theme_links.values_list("theme", flat=True))
        for o in Organization.objects.all()
    }
    assert themes == {
        "Elternverein Köln": ["education_family", "youth"],
        "Frauentreff Kiel": ["refugees_asylum", "womens_rights"],
    }


def test_a_mistyped_theme_is_refused_with_the_label_it_most_likely_means(
    tmp_path: Path,
) -> None:
    rows = ["Elternverein Köln;;MO;;50667;Köln;NRW;;;;Bildnug & Famlie;;"]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_organisations",
            str(_cp1252_file(tmp_path, rows)),
            "--language",
            "de",
            stderr=err,
            stdout=io.StringIO(),
        )
    assert "Meinten Sie „Bildung & Familie“?" in err.getvalue()
    assert not Organization.objects.exists()


def test_an_import_that_moves_an_organisation_moves_its_pin(tmp_path: Path) -> None:
    from verbund.core.gazetteer import kilometres, locate_offline
    from verbund.maps.queries import pins_far_from_postal_code

    moved = make_organization(
        name="Föderation Türkischer Elternvereine",
        postal_code="50667",
        city="Köln",
        federal_state="NW",
        email="info@foeted.example",
    )
    moved.refresh_from_db()
    assert moved.latitude is not None  # pinned at its Köln postal code
    rows = [
        "Föderation Türkischer Elternvereine;;MO;Oranienstraße 1;10963;Berlin;Berlin;"
        "info@foeted.example;;;;;"
    ]
    output = _import(_cp1252_file(tmp_path, rows), "--on-duplicate", "update")
    assert ": updated" in output
    moved.refresh_from_db()
    berlin = locate_offline("10963")
    assert berlin is not None and moved.latitude is not None and moved.longitude is not None
    pin = (float(moved.latitude), float(moved.longitude))
    distance = kilometres(*pin, float(berlin.latitude), float(berlin.longitude))
    assert distance < 1, f"the pin stayed {distance:.0f} km from the new address"
    assert moved.pk not in {far.organization.pk for far in pins_far_from_postal_code(25)}


@pytest.mark.django_db(transaction=True)
def test_a_trial_run_becomes_the_real_import_without_a_new_upload(
    client: Any, staff: Any, tmp_path: Path
) -> None:
    make_organization(name="Frauenverband Görlitz", city="Görlitz", federal_state="SN")
    client = _staff_client(client, staff)
    with _cp1252_file(tmp_path).open("rb") as upload:
        client.post("/en/organisations/import/", {"file": upload, "on_duplicate": "skip"})
    trial = ImportJob.objects.get()
    form = {f"column_{i}": key for i, key in enumerate(trial.mapping)}
    form.update({"on_duplicate": "skip", "decision_3": "update", "dry_run": "on"})
    client.post(f"/en/organisations/import/{trial.pk}/", {**form, "action": "start"})
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    trial.refresh_from_db()
    assert trial.state == "done" and trial.dry_run and Organization.objects.count() == 1
    status = client.get(f"/en/organisations/import/{trial.pk}/status/").content.decode()
    assert f'action="/en/organisations/import/{trial.pk}/for-real/"' in status

    # Someone else may not turn another person's trial into a real import.
    intruder = Client()
    intruder.force_login(PersonFactory())
    assert intruder.post(f"/en/organisations/import/{trial.pk}/for-real/").status_code in {
        403,
        404,
    }

    moved = client.post(f"/en/organisations/import/{trial.pk}/for-real/")
    real = ImportJob.objects.exclude(pk=trial.pk).get()
    assert moved["Location"].endswith(f"/import/{real.pk}/")
    assert (real.dry_run, real.decisions, real.mapping) == (False, {"3": "update"}, trial.mapping)
    trial.refresh_from_db()
    assert trial.rows == []  # the trial's copy of the cells is gone
    # Once used, the trial cannot be repeated a second time.
    assert client.post(f"/en/organisations/import/{trial.pk}/for-real/").status_code == 403
    page = client.get(f"/en/organisations/import/{real.pk}/").content.decode()
    assert "All 4 rows are fine." in page
    client.post(f"/en/organisations/import/{real.pk}/", {**form, "dry_run": "", "action": "start"})
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    real.refresh_from_db()
    assert real.state == "done", real.error
    assert Organization.objects.count() == 4


def test_rows_checked_by_the_import_are_not_validated_twice_but_the_address_is(
    db: Any, staff: Any
) -> None:
    from verbund.organizations import services as organization_services

    good = {"name": "Geprüfter Verein", "kind": "migrant_organisation", "slug": "gepruefter-verein"}
    [created] = organization_services.create_organizations(staff, [good], validated=True)
    assert created.slug == "gepruefter-verein"
    bad = {**good, "name": "Zweiter", "slug": "kein gültiger slug!"}
    with pytest.raises(organization_services.RowInvalid) as refused:
        organization_services.create_organizations(staff, [bad], validated=True)
    assert "slug" in refused.value.error.message_dict
