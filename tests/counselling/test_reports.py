"""Anonymous reports: the public form, routing, the receipt code, messages, the rate limit
with proof-of-work, nothing stored about the sender, files without metadata, triage."""

from __future__ import annotations

import html
import io
import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.counselling.conftest import World, counsellor_client
from verbund.core.gunicorn_logging import without_sender
from verbund.core.logging import is_private_path
from verbund.counselling import protection, services, storage
from verbund.counselling.models import Attachment, Report, ReportMessage

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (Fiktiv-Browser 1.0)"


def anonymous(address: str = ADDRESS) -> Client:
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=AGENT)


def solved(client: Client) -> str:
    page = client.get(reverse("counselling:report")).content.decode()
    found = re.search(r'data-challenge="([^"]+)"', page)
    assert found
    challenge = json.loads(html.unescape(found.group(1)))
    return protection.solve(challenge)


def report_data(world: World, client: Client, *, pow_: bool = True, **extra: Any) -> dict[str, Any]:
    data = {
        "centre": str(world.centre_a.pk),
        "what": "Ich wurde im Jobcenter angeschrien.",
        "where": "Leipzig-Grünau",
        "when": "März 2026",
        "grounds": ["racism", "language"],
        **extra,
    }
    if pow_:
        data["altcha"] = solved(client)
    return data


def receipt_code(response: Any) -> str:
    found = re.search(r'id="receipt-code"[^>]*>([0-9 ]+)<', response.content.decode())
    assert found, response.content.decode()[:2000]
    return found.group(1)


def test_a_report_gets_a_receipt_code_shown_once_and_only_its_hash_is_stored(world: World) -> None:
    client = anonymous()
    response = client.post(reverse("counselling:report"), report_data(world, client))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    code = receipt_code(response)
    assert len(code.replace(" ", "")) == 20
    report = Report.objects.get()
    assert report.centre == world.centre_a
    assert code.replace(" ", "") not in report.receipt_hash
    # The code opens the report's status page (by POST: never in an address or a log line).
    status = client.post(reverse("counselling:receipt"), {"code": code})
    assert status.status_code == 200
    assert "Eingegangen" in status.content.decode() or "Received" in status.content.decode()


def test_nothing_about_the_sender_is_stored(world: World) -> None:
    client = anonymous()
    client.post(reverse("counselling:report"), report_data(world, client))
    with connection.cursor() as cursor:
        stored = bytearray()
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                stored += repr(row).encode()
    assert ADDRESS.encode() not in stored
    assert b"Fiktiv-Browser" not in stored
    assert not hasattr(Report, "created_at"), "only the day is kept, no time"


def test_the_sixth_report_in_an_hour_is_refused_and_nothing_is_stored(world: World) -> None:
    client = anonymous()
    for _ in range(5):
        response = client.post(reverse("counselling:report"), report_data(world, client))
        assert response.status_code == 200
    assert Report.objects.count() == 5
    files_before = Attachment.objects.count()
    photo = io.BytesIO()
    Image.new("RGB", (4, 4)).save(photo, format="PNG")
    data = report_data(world, client)
    data["files"] = SimpleUploadedFile("f.png", photo.getvalue())
    response = client.post(reverse("counselling:report"), data)
    assert response.status_code == 429
    assert "nicht gespeichert" in response.content.decode()
    assert Report.objects.count() == 5
    assert Attachment.objects.count() == files_before
    # Another address is not affected.
    other = anonymous("198.51.100.4")
    assert other.post(reverse("counselling:report"), report_data(world, other)).status_code == 200


def test_without_javascript_the_limit_is_stricter(world: World, settings: Any) -> None:
    client = anonymous()
    allowed = settings.COUNSELLING_REPORTS_PER_HOUR_WITHOUT_POW
    for _ in range(allowed):
        response = client.post(
            reverse("counselling:report"), report_data(world, client, pow_=False)
        )
        assert response.status_code == 200
    refused = client.post(reverse("counselling:report"), report_data(world, client, pow_=False))
    assert refused.status_code == 429
    assert Report.objects.count() == allowed


def test_a_proof_of_work_counts_once(world: World) -> None:
    client = anonymous()
    data = report_data(world, client)
    assert protection.verify(data["altcha"])
    assert not protection.verify(data["altcha"]), "replayed"
    assert not protection.verify("bm9uc2Vuc2U="), "not a solution"


def test_a_receipt_code_of_one_report_shows_only_that_report(world: World) -> None:
    first = services.submit_report(
        AnonymousUser(), world.centre_a, {"what": "Erster Bericht"}, language="de"
    )
    second = services.submit_report(
        AnonymousUser(), world.centre_b, {"what": "Zweiter Bericht"}, language="de"
    )
    services.centre_message(world.counsellor_b, second.report, "Antwort nur für den zweiten")
    client = anonymous()
    page = client.post(reverse("counselling:receipt"), {"code": first.receipt_code})
    html = page.content.decode()
    assert "Antwort nur für den zweiten" not in html
    # A message sent with the first code lands on the first report, whatever else is posted.
    client.post(
        reverse("counselling:receipt"),
        {"code": first.receipt_code, "text": "Nachricht zum ersten", "report": second.report.pk},
    )
    assert [m.report_id for m in ReportMessage.objects.filter(from_centre=False)] == [
        first.report.pk
    ]
    # A wrong or guessed code shows nothing.
    wrong = client.post(reverse("counselling:receipt"), {"code": "1234 5678 9012 3456 7890"})
    assert wrong.status_code == 400 and "Erster" not in wrong.content.decode()


def test_guessing_receipt_codes_is_limited(world: World, settings: Any) -> None:
    client = anonymous()
    for _ in range(settings.COUNSELLING_RECEIPT_TRIES_PER_HOUR):
        client.post(reverse("counselling:receipt"), {"code": "0000 0000 0000 0000 0000"})
    assert client.post(reverse("counselling:receipt"), {"code": "1"}).status_code == 429


def test_the_counsellor_answers_and_the_reporter_reads_it(world: World) -> None:
    submitted = services.submit_report(
        AnonymousUser(), world.centre_a, {"what": "Vorfall"}, language="ar"
    )
    client = counsellor_client(world.counsellor_a)
    queue = client.get(reverse("counselling:triage", args=[world.centre_a.pk]))
    assert f"#{submitted.report.pk}" in queue.content.decode()
    response = client.post(
        reverse("counselling:report_detail", args=[submitted.report.pk]),
        {"action": "message", "text": "Wir melden uns bald."},
    )
    assert response.status_code == 302
    reporter = anonymous()
    # Arabic-Indic digits and spaces in the code are read as the same code.
    arabic = submitted.receipt_code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    page = reporter.post(reverse("counselling:receipt"), {"code": arabic})
    assert "Wir melden uns bald." in page.content.decode()


def test_routing_to_the_nearest_centre_by_postal_code(world: World) -> None:
    client = anonymous()
    data = report_data(world, client, centre="", postal_code="22767")  # Hamburg-Altona
    assert client.post(reverse("counselling:report"), data).status_code == 200
    assert Report.objects.get().centre == world.centre_b
    missing = report_data(world, client, centre="")
    response = client.post(reverse("counselling:report"), missing)
    assert response.status_code == 400
    assert response.context["form"].errors["postal_code"]


def exif_jpeg() -> bytes:
    image = Image.new("RGB", (20, 10), "green")
    exif = Image.Exif()
    exif[0x010F] = "Fiktiv-Kamera"  # Make
    exif[0x8825] = {2: (52.0, 31.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_uploaded_photos_lose_their_metadata(world: World) -> None:
    raw = exif_jpeg()
    assert b"Fiktiv-Kamera" in raw
    submitted = services.submit_report(
        AnonymousUser(),
        world.centre_a,
        {"what": "Foto"},
        [SimpleUploadedFile("p.jpg", raw)],
        language="de",
    )
    attachment = submitted.report.attachments.get()
    data = storage.load(attachment.blob)
    assert b"Fiktiv-Kamera" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert image.size == (20, 10)


def test_wrong_types_and_sizes_are_refused_before_anything_is_stored(
    world: World, settings: Any
) -> None:
    client = anonymous()
    data = report_data(world, client)
    data["files"] = SimpleUploadedFile("script.html", b"<script>alert(1)</script>")
    response = client.post(reverse("counselling:report"), data)
    assert response.status_code == 400
    assert response.context["form"]["what"].value() == "Ich wurde im Jobcenter angeschrien."
    assert Report.objects.count() == 0
    # A small file that decompresses into a huge image.
    settings.COUNSELLING_IMAGE_MAX_PIXELS = 10_000
    big = io.BytesIO()
    Image.new("L", (400, 400)).save(big, format="PNG")
    assert len(big.getvalue()) < 5000
    data = report_data(world, client)
    data["files"] = SimpleUploadedFile("bomb.png", big.getvalue())
    response = client.post(reverse("counselling:report"), data)
    assert response.status_code == 400
    assert "Megapixel" in response.content.decode() or "megapixels" in response.content.decode()
    assert Report.objects.count() == 0


def test_triage_turns_a_report_into_a_case_keeping_the_link(world: World) -> None:
    submitted = services.submit_report(
        AnonymousUser(),
        world.centre_a,
        {"what": "Vorfall im Bus", "grounds": ["religion"]},
        language="tr",
    )
    duplicate = services.submit_report(
        AnonymousUser(), world.centre_a, {"what": "Vorfall im Bus"}, language="de"
    )
    client = counsellor_client(world.counsellor_a)
    response = client.post(
        reverse("counselling:report_detail", args=[submitted.report.pk]), {"action": "case"}
    )
    assert response.status_code == 302
    submitted.report.refresh_from_db()
    case = submitted.report.case
    assert case is not None and submitted.report.status == "case"
    opened = services.read_case(world.counsellor_a, case)
    assert opened.grounds == ["religion"] and case.counselling_language == "tr"
    assert "Vorfall im Bus" in opened.entries[0].notes
    assert opened.reports == [submitted.report]
    client.post(
        reverse("counselling:report_detail", args=[duplicate.report.pk]),
        {"action": "merge", "into": str(submitted.report.pk)},
    )
    duplicate.report.refresh_from_db()
    assert duplicate.report.status == "duplicate"
    assert duplicate.report.duplicate_of == submitted.report
    assert duplicate.report.case == case
    # The reporter of the duplicate sees that it was merged.
    page = anonymous().post(reverse("counselling:receipt"), {"code": duplicate.receipt_code})
    assert "zusammengeführt" in page.content.decode() or "Merged" in page.content.decode()
    # A counsellor of another centre cannot open the report.
    assert (
        counsellor_client(world.counsellor_b)
        .get(reverse("counselling:report_detail", args=[submitted.report.pk]))
        .status_code
        == 404
    )


def test_the_report_pages_leave_no_trace_in_the_logs(world: World) -> None:
    assert is_private_path(reverse("counselling:report"))
    assert is_private_path(reverse("counselling:receipt"))
    assert not is_private_path(reverse("counselling:index"))
    environ = {
        "PATH_INFO": reverse("counselling:report"),
        "REMOTE_ADDR": ADDRESS,
        "HTTP_USER_AGENT": AGENT,
        "HTTP_X_FORWARDED_FOR": ADDRESS,
    }
    cleaned = without_sender(environ)
    assert ADDRESS not in cleaned.values() and AGENT not in cleaned.values()
    normal = {"PATH_INFO": "/de/organisations/", "REMOTE_ADDR": ADDRESS}
    assert without_sender(normal) == normal


def test_the_request_log_skips_the_report_pages(world: World, caplog: Any) -> None:
    import logging

    caplog.set_level(logging.INFO, logger="verbund.request")
    client = anonymous()
    client.post(reverse("counselling:receipt"), {"code": "9"})  # a 400 answer
    assert not [r for r in caplog.records if "receipt" in r.getMessage()]
    assert json  # the module is used above
