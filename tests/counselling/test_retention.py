"""Retention: a closed case is deleted with its files after its centre's period; only a
deletion record without content is left."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from tests.counselling.conftest import World
from verbund.counselling import services
from verbund.counselling.models import (
    AccessLogEntry,
    Attachment,
    Case,
    CaseGround,
    Client,
    Consent,
    DeletionRecord,
    Entry,
    Report,
)

pytestmark = pytest.mark.django_db


def test_retention_deletes_the_case_and_its_files(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    photo = io.BytesIO()
    Image.new("RGB", (4, 4)).save(photo, format="PNG")
    attachment = services.add_attachment(
        world.counsellor_a, world.case_a, SimpleUploadedFile("x.png", photo.getvalue())
    )
    submitted = services.submit_report(
        AnonymousUser(), world.centre_a, {"what": "Vorfall"}, language="de"
    )
    case = services.report_to_case(world.counsellor_a, submitted.report)
    services.read_case(world.counsellor_a, world.case_a)
    closed_on = datetime.date.today() - datetime.timedelta(days=world.centre_a.retention_days + 1)
    services.close_case(world.counsellor_a, world.case_a, "resolved", on=closed_on)
    path = settings.COUNSELLING_FILES_ROOT / attachment.blob
    assert path.exists()

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_counselling", stdout=out)
    assert "Deleted 1 cases" in out.getvalue()
    pk = world.case_a.pk
    assert not Case.objects.filter(pk=pk).exists()
    for model in (Entry, Attachment, Consent, CaseGround, Client):
        assert not model.objects.filter(case_id=pk).exists(), model.__name__
    assert not AccessLogEntry.objects.filter(case_id=pk).exists()
    assert not path.exists()
    record = DeletionRecord.objects.get(case_number=pk)
    assert record.centre == world.centre_a and record.deleted_by == "schedule"
    assert record.counts["files"] == 1 and record.counts["entries"] == 1
    assert Case.objects.filter(pk=case.pk).exists()
    assert Report.objects.filter(pk=submitted.report.pk).exists()


def test_a_case_within_its_period_stays(world: World) -> None:
    services.close_case(world.counsellor_a, world.case_a, "resolved")
    services.purge_expired(services_schedule())
    assert Case.objects.filter(pk=world.case_a.pk).exists()
    world.case_a.refresh_from_db()
    assert world.case_a.delete_after == datetime.date.today() + datetime.timedelta(
        days=world.centre_a.retention_days
    )


def test_closed_reports_that_never_became_a_case_are_deleted_too(world: World) -> None:
    submitted = services.submit_report(
        AnonymousUser(), world.centre_a, {"what": "Vorfall"}, language="de"
    )
    services.set_report_status(world.counsellor_a, submitted.report, "closed")
    later = datetime.date.today() + datetime.timedelta(days=world.centre_a.retention_days + 2)
    result = services.purge_expired(services_schedule(), on=later)
    assert result.reports == 1
    assert not Report.objects.filter(pk=submitted.report.pk).exists()


def test_people_cannot_run_retention(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.purge_expired(world.lead_a)


def services_schedule() -> Any:
    from verbund.core.actors import SCHEDULE

    return SCHEDULE


def test_a_deadline_reminds_the_counsellors_without_content(world: World) -> None:
    from verbund.notifications.models import Notification

    services.assign(world.lead_a, world.case_a, world.counsellor_a, [world.other_counsellor_a])
    services.add_entry(
        world.counsellor_a,
        world.case_a,
        {
            "kind": "complaint",
            "notes": "Beschwerde an die Hausverwaltung",
            "deadline": datetime.date.today() + datetime.timedelta(days=2),
        },
    )
    assert services.send_deadline_reminders(services_schedule()) == 1
    notices = list(
        Notification.objects.filter(person__in=[world.counsellor_a, world.other_counsellor_a])
    )
    assert len(notices) == 2
    assert all("Hausverwaltung" not in n.title + n.text for n in notices)
    assert all(n.url.endswith(f"/cases/{world.case_a.pk}/") for n in notices)
    assert services.send_deadline_reminders(services_schedule()) == 0, "once per deadline"
