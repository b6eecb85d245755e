"""Encryption at rest: no plaintext in the database or the files, keys from the
environment only, rotation keeps everything readable, and lookups go through the blind
index."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from PIL import Image

from tests.core.test_security import PRODUCTION_ENV, run_with
from tests.counselling.conftest import KEY_ONE, KEY_TWO, World
from verbund.counselling import crypto, services, storage
from verbund.counselling.models import Attachment, Case

pytestmark = pytest.mark.django_db

SECRET_WORDS = (
    "Amira",
    "amira@example.org",
    "Connewitz",
    "Vermieter",
    "Mietvertrag",
    "MIETVERTRAG",
)


def all_database_text() -> bytes:
    """Every value of every counselling and audit table, read with plain SQL."""
    tables = [
        t for t in connection.introspection.table_names() if t.startswith(("counselling_", "core_"))
    ]
    found = bytearray()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        found += bytes(value)
                    else:
                        found += str(value).encode()
                    found += b"\x00"
    return bytes(found)


def pdf_with(text: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n1 0 obj << /Title ({text}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return SimpleUploadedFile("mietvertrag.pdf", body.encode(), content_type="application/pdf")


def test_no_plaintext_of_a_case_in_the_database_or_the_files(world: World, settings: Any) -> None:
    attachment = services.add_attachment(world.counsellor_a, world.case_a, pdf_with("Mietvertrag"))
    code = services.read_case(world.counsellor_a, world.case_a).code
    data = all_database_text()
    for word in (*SECRET_WORDS, code):
        assert word.encode() not in data, word
    assert b"mietvertrag.pdf" not in data
    stored = (settings.COUNSELLING_FILES_ROOT / attachment.blob).read_bytes()
    assert b"Mietvertrag" not in stored and b"%PDF" not in stored
    # And the right reader gets it all back.
    opened = services.read_case(world.counsellor_a, world.case_a)
    assert opened.client["name"] == "Amira Fiktiv"
    assert opened.place == "Leipzig-Connewitz"
    assert "Vermieter" in opened.entries[0].notes
    assert opened.attachments[0].name == "mietvertrag.pdf"
    assert b"Mietvertrag" in services.download_attachment(world.counsellor_a, attachment)[2]


def test_a_value_copied_into_another_field_does_not_open(world: World) -> None:
    case = Case.objects.get(pk=world.case_a.pk)
    with pytest.raises(crypto.CannotOpen):
        crypto.open_text(case.client.details_enc, "case.place")
    tampered = bytearray(bytes(case.place_enc))
    tampered[-1] ^= 1
    with pytest.raises(crypto.CannotOpen):
        crypto.open_text(bytes(tampered), "case.place")


def test_rotating_the_key_keeps_everything_readable(world: World, settings: Any) -> None:
    photo = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(photo, format="PNG")
    attachment = services.add_attachment(
        world.counsellor_a, world.case_a, SimpleUploadedFile("a.png", photo.getvalue())
    )
    submitted = services.submit_report(
        AnonymousUser(),
        world.centre_a,
        {"what": "Im Bus beleidigt", "grounds": ["racism"]},
        language="de",
    )
    code = services.read_case(world.counsellor_a, world.case_a).code
    before_file = (settings.COUNSELLING_FILES_ROOT / attachment.blob).read_bytes()

    # The new key goes first, the old one stays until the rotation is done.
    settings.COUNSELLING_KEYS = [KEY_TWO, KEY_ONE]
    call_command("rotate_counselling_keys", stdout=io.StringIO())
    assert services.find_report(submitted.receipt_code) is not None  # moves to the new key
    settings.COUNSELLING_KEYS = [KEY_TWO]

    case = Case.objects.get(pk=world.case_a.pk)
    assert crypto.is_current(case.code_enc) and crypto.is_current(case.client.details_enc)
    opened = services.read_case(world.counsellor_a, case)
    assert opened.code == code
    assert opened.client["contact"] == "amira@example.org"
    assert "Vermieter" in opened.entries[0].notes
    assert services.find_case(world.counsellor_a, world.centre_a, code) == case
    assert (settings.COUNSELLING_FILES_ROOT / attachment.blob).read_bytes() != before_file
    assert storage.load(Attachment.objects.get(pk=attachment.pk).blob).startswith(b"\x89PNG")
    report = services.find_report(submitted.receipt_code)
    assert report is not None
    assert services.reporter_view(report).payload["what"] == "Im Bus beleidigt"
    # Without the new key nothing opens: the keys are the only way in.
    settings.COUNSELLING_KEYS = [KEY_ONE]
    with pytest.raises(crypto.CannotOpen):
        services.read_case(world.counsellor_a, case)


def test_rotation_can_run_again_and_changes_nothing_then(world: World, settings: Any) -> None:
    settings.COUNSELLING_KEYS = [KEY_TWO, KEY_ONE]
    first = services.rotate_keys(services_operator())
    second = services.rotate_keys(services_operator())
    assert first.values > 0 and first.indexes == 1
    assert second.values == 0 and second.indexes == 0


def services_operator() -> Any:
    from verbund.core.actors import OPERATOR

    return OPERATOR


def test_the_case_code_is_found_through_its_blind_index_only(world: World) -> None:
    code = services.read_case(world.counsellor_a, world.case_a).code
    case = Case.objects.get(pk=world.case_a.pk)
    assert case.code_index == crypto.blind_index(code)
    assert case.code_index != crypto.blind_index(code, crypto._keys_for((KEY_TWO,))[0])
    assert (
        services.find_case(world.counsellor_a, world.centre_a, " " + code.lower().replace("-", ""))
        == case
    )


def test_production_refuses_to_start_without_a_counselling_key() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "VERBUND_COUNSELLING_KEYS"}
    result = run_with(env, "print('started')")
    assert result.returncode != 0
    assert "VERBUND_COUNSELLING_KEYS must be set" in result.stderr
    assert run_with(PRODUCTION_ENV, "print('started')").returncode == 0


def test_a_bad_key_is_refused_with_a_clear_message() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        crypto.parse_key("c2hvcnQ=")
