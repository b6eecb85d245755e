"""Motions: submission and numbering, supporters, workflow, amendments, consolidated text."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.assemblies.conftest import Hall
from tests.factories import PersonFactory
from verbund.assemblies import queries, services
from verbund.assemblies.models import Motion
from verbund.assemblies.taxonomy import MotionStatus
from verbund.core.models import AuditEntry
from verbund.networks import services as network_services

TEXT = (
    "Wir fordern ein Partizipationsgesetz.\n\n"
    "Das Land richtet einen Rat ein.\n\n"
    "Der Rat tagt öffentlich."
)


def submit(hall: Hall, index: int = 0, **data: object) -> Motion:
    data.setdefault("title", "Partizipationsgesetz")
    data.setdefault("text", TEXT)
    return services.submit_motion(hall.person(index), hall.conference, data)


def test_motions_are_numbered_and_supported(hall: Hall) -> None:
    first, second = submit(hall, 0), submit(hall, 1, title="Zweiter Antrag")
    assert (first.label, second.label) == ("A1", "A2")
    assert len(first.paragraphs) == 3
    services.support_motion(hall.person(2), first)
    services.support_motion(hall.person(2), first)  # counts once
    services.support_motion(hall.person(3), first)
    assert first.supports.count() == 2
    with pytest.raises(PermissionDenied):
        services.support_motion(PersonFactory(), first)
    with pytest.raises(PermissionDenied):
        services.submit_motion(PersonFactory(), hall.conference, {"title": "x", "text": "y"})
    with pytest.raises(ValidationError):
        submit(hall, 0, text="   ")


def test_submitting_in_the_name_of_an_organisation_or_body(hall: Hall) -> None:
    admin = hall.member_admins[0]
    motion = services.submit_motion(
        admin, hall.conference, {"title": "T", "text": "X", "on_behalf_of": hall.members[0]}
    )
    assert motion.on_behalf_of == hall.members[0]
    with pytest.raises(ValidationError):
        services.submit_motion(
            admin, hall.conference, {"title": "T", "text": "X", "on_behalf_of": hall.members[1]}
        )
    committee = network_services.save_body(
        hall.coordinator, hall.network, {"kind": "committee", "name": "Ausschuss Bildung"}
    )
    with pytest.raises(ValidationError):
        submit(hall, 0, body=committee)


def test_workflow_amendments_and_consolidated_text(hall: Hall) -> None:
    motion = submit(hall)
    committee = network_services.save_body(
        hall.coordinator, hall.network, {"kind": "committee", "name": "Antragskommission"}
    )
    member = hall.person(3)
    network_services.save_seat(hall.coordinator, committee, {"person": member, "holder_name": "X"})
    services.change_motion_status(hall.chair, motion, MotionStatus.ADMITTED)
    with pytest.raises(ValidationError):  # straight back to submitted is not a step
        services.change_motion_status(hall.chair, motion, MotionStatus.SUBMITTED)
    services.change_motion_status(hall.chair, motion, MotionStatus.REFERRED, referred_to=committee)
    change = services.submit_amendment(
        hall.person(1), motion, 2, "Das Land richtet einen Diversitätsrat ein."
    )
    deletion = services.submit_amendment(hall.person(2), motion, 3, "")
    rival = services.submit_amendment(hall.person(2), motion, 2, "Kein Rat.")
    with pytest.raises(ValidationError):
        services.submit_amendment(hall.person(2), motion, 9, "x")
    services.recommend_amendment(member, change, "accept")  # the committee recommends
    with pytest.raises(PermissionDenied):
        services.recommend_amendment(hall.person(0), change, "accept")
    services.change_motion_status(hall.chair, motion, MotionStatus.ADMITTED)
    services.decide_amendment(hall.chair, change, adopted=True)
    services.decide_amendment(hall.chair, deletion, adopted=True)
    with pytest.raises(ValidationError):  # the paragraph already has an adopted wording
        services.decide_amendment(hall.chair, rival, adopted=True)
    services.decide_amendment(hall.chair, rival, adopted=False)
    assert queries.consolidated_paragraphs(motion) == [
        "Wir fordern ein Partizipationsgesetz.",
        "Das Land richtet einen Diversitätsrat ein.",
    ]
    with pytest.raises(ValidationError):
        services.change_motion_status(hall.chair, motion, MotionStatus.ADOPTED)
    adopted = services.change_motion_status(hall.chair, motion, MotionStatus.ADOPTED_CHANGED)
    assert "Diversitätsrat" in adopted.adopted_text
    assert "tagt öffentlich" not in adopted.adopted_text
    with pytest.raises(ValidationError):  # adopted is final
        services.change_motion_status(hall.chair, motion, MotionStatus.WITHDRAWN)
    statuses = [
        e.changes["status"][1]
        for e in AuditEntry.objects.filter(action="motion.status").order_by("id")
    ]
    assert statuses == ["admitted", "referred", "admitted", "adopted_changed"]


def test_only_the_submitter_withdraws_and_only_the_chair_decides(hall: Hall) -> None:
    motion = submit(hall, 0)
    with pytest.raises(PermissionDenied):
        services.change_motion_status(hall.person(1), motion, MotionStatus.WITHDRAWN)
    with pytest.raises(PermissionDenied):
        services.change_motion_status(hall.person(0), motion, MotionStatus.ADMITTED)
    services.change_motion_status(hall.person(0), motion, MotionStatus.WITHDRAWN)
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.WITHDRAWN


def test_an_adopted_resolution_becomes_a_document_of_the_network(hall: Hall) -> None:
    from verbund.documents.models import Document

    motion = submit(hall)
    services.change_motion_status(hall.coordinator, motion, MotionStatus.ADMITTED)
    adopted = services.change_motion_status(hall.coordinator, motion, MotionStatus.ADOPTED)
    document = Document.objects.get(pk=adopted.document_id)
    assert document.organization == hall.network
    assert (document.kind, document.status) == ("resolution", "adopted")
    assert document.title == "A1: Partizipationsgesetz"
    assert "Partizipationsgesetz" in document.adopted_version.text


def test_motion_pages_and_resolution_book(hall: Hall) -> None:
    from django.test import Client
    from django.urls import reverse

    delegate = Client()
    delegate.force_login(hall.person(0))
    conference = hall.conference.pk
    response = delegate.post(
        reverse("assemblies:motions", args=[conference]),
        {"title": "Antirassismus", "text": "Absatz eins.\n\nAbsatz zwei."},
    )
    motion = Motion.objects.get(title="Antirassismus")
    assert response.status_code == 302
    empty = delegate.post(reverse("assemblies:motions", args=[conference]), {"title": ""})
    assert "form-errors" in empty.content.decode()  # the form comes back with the message
    delegate.post(
        reverse("assemblies:motion_action", args=[motion.pk, "amend"]),
        {"paragraph": "2", "new_text": "Absatz zwei, besser."},
    )
    assert motion.amendments.count() == 1
    forbidden = delegate.post(
        reverse("assemblies:motion_action", args=[motion.pk, "status"]), {"status": "admitted"}
    )
    assert forbidden.status_code == 403
    stranger = Client()
    stranger.force_login(PersonFactory())
    assert (
        stranger.post(
            reverse("assemblies:motions", args=[conference]), {"title": "x", "text": "y"}
        ).status_code
        == 403
    )
    chair = Client()
    chair.force_login(hall.chair)
    chair.post(
        reverse("assemblies:motion_action", args=[motion.pk, "status"]), {"status": "admitted"}
    )
    chair.post(
        reverse("assemblies:motion_action", args=[motion.pk, "adopt-amendment"]),
        {"amendment": motion.amendments.get().pk},
    )
    chair.post(
        reverse("assemblies:motion_action", args=[motion.pk, "status"]),
        {"status": "adopted_changed"},
    )
    motion.refresh_from_db()
    assert motion.status == "adopted_changed"
    page = Client().get(reverse("assemblies:motion", args=[motion.pk])).content.decode()
    assert "Absatz zwei, besser." in page
    pdf = Client().get(reverse("assemblies:resolution_book", args=[conference]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_vote_on_a_motion_is_shown_with_it(hall: Hall) -> None:
    from django.test import Client
    from django.urls import reverse

    motion = submit(hall)
    poll = services.save_poll(
        hall.chair,
        hall.conference,
        {"kind": "vote", "title": "Abstimmung A1", "secret": False, "motion": motion},
    )
    services.open_poll(hall.chair, poll)
    services.cast_vote(hall.person(0), poll, {"choice": "yes"})
    services.close_poll(hall.chair, poll)
    page = Client().get(reverse("assemblies:motion", args=[motion.pk])).content.decode()
    assert "Abstimmung A1" in page and "(1 : 0 : 0)" in page
    other = services.save_conference(
        hall.coordinator,
        hall.network,
        {"title": "Andere", "starts_on": "2026-09-01", "ends_on": "2026-09-01"},
    )
    with pytest.raises(ValidationError):
        services.save_poll(
            hall.coordinator, other, {"kind": "vote", "title": "x", "motion": motion}
        )
