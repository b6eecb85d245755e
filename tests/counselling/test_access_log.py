"""The access log: each read, change and export writes one row (who, when, what, role);
the centre lead sees it; nothing in the application edits it, and the database refuses to."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from PIL import Image

from tests.counselling.conftest import World, counsellor_client, open_case
from verbund.counselling import queries, services
from verbund.counselling.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def rows(world: World) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(case_id=world.case_a.pk).order_by("id"))


def test_each_read_writes_one_row(world: World) -> None:
    client = counsellor_client(world.counsellor_a)
    url = reverse("counselling:case", args=[world.case_a.pk])
    before = len(rows(world))
    for expected in (1, 2, 3):
        assert client.get(url).status_code == 200
        assert len(rows(world)) == before + expected
    last = rows(world)[-1]
    assert (last.person, last.action, last.role) == (world.counsellor_a, "read", "counsellor")
    lead = counsellor_client(world.lead_a)
    lead.get(url)
    assert (rows(world)[-1].person, rows(world)[-1].role) == (world.lead_a, "lead")


def test_changes_exports_and_downloads_write_a_row_each(world: World) -> None:
    client = counsellor_client(world.counsellor_a)
    start = len(rows(world))
    client.post(
        reverse("counselling:case_entry", args=[world.case_a.pk]),
        {"kind": "accompaniment", "happened_on": "2026-02-03", "notes": "Zum Amt begleitet"},
    )
    assert [r.action for r in rows(world)[start:]] == ["change"]
    start = len(rows(world))
    export = client.get(reverse("counselling:case_export", args=[world.case_a.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/json")
    assert export.json()["client"]["name"] == "Amira Fiktiv"
    assert [r.action for r in rows(world)[start:]] == ["export"]
    photo = io.BytesIO()
    Image.new("RGB", (4, 4)).save(photo, format="PNG")
    attachment = services.add_attachment(
        world.counsellor_a, world.case_a, SimpleUploadedFile("x.png", photo.getvalue())
    )
    start = len(rows(world))
    assert client.get(reverse("counselling:attachment", args=[attachment.pk])).status_code == 200
    assert [r.action for r in rows(world)[start:]] == ["download"]


def test_the_case_list_is_logged_once_per_page(world: World) -> None:
    client = counsellor_client(world.counsellor_a)
    before = AccessLogEntry.objects.filter(action="list").count()
    client.get(reverse("counselling:centre", args=[world.centre_a.pk]))
    assert AccessLogEntry.objects.filter(action="list").count() == before + 1


def test_the_lead_reads_the_access_log_of_a_case(world: World) -> None:
    counsellor_client(world.counsellor_a).get(reverse("counselling:case", args=[world.case_a.pk]))
    page = counsellor_client(world.lead_a).get(
        reverse("counselling:case_log", args=[world.case_a.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Counsellor A" in html and "Fall gelesen" in html


def test_the_log_cannot_be_edited(world: World) -> None:
    assert not hasattr(services, "update_access_log") and not hasattr(services, "delete_access_log")
    entry = rows(world)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(action="read")
    entry.refresh_from_db()
    assert entry.action == "change"


@pytest.mark.postgres_only
def test_postgresql_refuses_deleting_the_log_outside_retention(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(case_id=world.case_a.pk).delete()
    assert rows(world)


def test_the_case_list_decrypts_only_its_page(
    world: World, settings: Any, assert_max_queries: Any
) -> None:
    settings.COUNSELLING_CASE_PAGE_SIZE = 5
    for _ in range(12):
        open_case(world.counsellor_a, world.centre_a)
    with assert_max_queries(4):
        page, listing = queries.case_list(world.counsellor_a, world.centre_a)
    assert len(listing) == 5 and page.paginator.count == 13
    assert all(len(row.code) == 9 for row in listing)
