"""Memberships between organisations: types, status with dates, history, and no cycles."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import accepted, join, network, run_worker
from verbund.networks import queries, services
from verbund.networks.models import Membership
from verbund.networks.taxonomy import MembershipStatus, MembershipType

pytestmark = pytest.mark.django_db


def test_an_organisation_belongs_to_several_networks_and_networks_nest() -> None:
    staff = StaffFactory()
    federal = network("Bundesverband")
    state = network("Landesnetzwerk", kind="state")
    city = network("Verbund Stadt", kind="local_network")
    association = make_organization(name="Kulturverein")
    join(staff, federal, state)
    join(staff, state, city)
    join(staff, city, association)
    join(staff, federal, association, type_=MembershipType.SUPPORTING)
    assert set(queries.represented(federal)) == {state, city, association}
    assert queries.represented_count(federal.pk) == 3
    assert Membership.objects.filter(member=association).count() == 2


@pytest.mark.parametrize("depth", [1, 2, 5])
def test_a_membership_that_would_close_a_cycle_is_refused(depth: int) -> None:
    staff = StaffFactory()
    chain = [network(f"Ebene {n}") for n in range(depth + 1)]
    for parent, child in itertools.pairwise(chain):
        join(staff, parent, child)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.add_member(staff, chain[-1], chain[0], reason="test")
    message = refused.value.messages[0]
    assert "must not go round in a circle" in message
    assert chain[0].name in message and chain[-1].name in message
    assert not Membership.objects.filter(network=chain[-1], member=chain[0]).exists()


def test_self_membership_and_duplicates_are_refused() -> None:
    staff = StaffFactory()
    bund = network("Bund")
    verein = make_organization(name="Verein")
    with pytest.raises(ValidationError):
        services.add_member(staff, bund, bund, reason="test")
    join(staff, bund, verein)
    with pytest.raises(ValidationError) as duplicate:
        services.add_member(staff, bund, verein, reason="test")
    assert duplicate.value.code == "membership_exists"


def test_pending_applications_count_for_cycles_but_not_for_represented() -> None:
    admin = PersonFactory()
    staff = StaffFactory()
    upper = network("Obernetz", coordinator=admin)
    lower = network("Unternetz", coordinator=admin)
    services.apply_for_membership(admin, lower, upper, "Wir möchten mitmachen.")
    assert queries.represented_count(upper.pk) == 0
    with pytest.raises(ValidationError):
        services.add_member(staff, lower, upper, reason="test")


def test_status_changes_keep_dates_and_history() -> None:
    staff = StaffFactory()
    bund, verein = network("Bund"), make_organization(name="Verein")
    membership = services.add_member(
        staff, bund, verein, active_since=datetime.date(2020, 1, 1), reason="test"
    )
    services.change_membership(
        staff, membership, status=MembershipStatus.SUSPENDED, on=datetime.date(2024, 3, 1)
    )
    assert queries.represented_count(bund.pk) == 0
    services.change_membership(staff, membership, status=MembershipStatus.ACTIVE)
    assert queries.represented_count(bund.pk) == 1
    services.change_membership(
        staff, membership, status=MembershipStatus.ENDED, on=datetime.date(2025, 6, 30)
    )
    membership.refresh_from_db()
    assert membership.ended_on == datetime.date(2025, 6, 30)
    assert membership.active_since == datetime.date(2020, 1, 1)
    with pytest.raises(ValidationError):
        services.change_membership(staff, membership, status=MembershipStatus.ACTIVE)
    history = services.membership_history(membership)
    assert [entry.action for entry in history] == [
        "membership.added",
        "membership.changed",
        "membership.changed",
        "membership.changed",
    ]
    assert history[1].changes["status"] == ["active", "suspended"]
    # An ended membership is history: the two may join again.
    again = services.add_member(staff, bund, verein, reason="test")
    assert again.pk != membership.pk


def test_network_defined_membership_types() -> None:
    admin = PersonFactory()
    bund = network("Bund", coordinator=admin)
    other = network("Andere", coordinator=PersonFactory())
    honorary = services.define_membership_type(admin, bund, "Ehrenmitglied")
    verein = make_organization(name="Verein", admin=PersonFactory())
    membership = accepted(admin, bund, verein, type_=MembershipType.CUSTOM, custom_type=honorary)
    assert membership.type_label == "Ehrenmitglied"
    foreign = services.define_membership_type(StaffFactory(), other, "Fremd")
    with pytest.raises(ValidationError):
        services.invite_member(
            admin,
            bund,
            make_organization(),
            type_=MembershipType.CUSTOM,
            custom_type=foreign,
        )


@pytest.mark.django_db(transaction=True)
def test_applying_and_deciding_notifies_both_sides_in_their_language() -> None:
    coordinator = PersonFactory(preferred_language="en")
    applicant_admin = PersonFactory(preferred_language="de")
    bund = network("Bundesnetz", coordinator=coordinator)
    verein = make_organization(name="Kulturverein Rostock", admin=applicant_admin)
    membership = services.apply_for_membership(
        applicant_admin, verein, bund, "Wir arbeiten seit 2010 in Rostock."
    )
    assert membership.status == MembershipStatus.APPLIED
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [coordinator.email, applicant_admin.email]
    )
    to_coordinator = next(m for m in mail.outbox if m.to == [coordinator.email])
    assert "applies to join" in to_coordinator.subject
    assert "Wir arbeiten seit 2010 in Rostock." in to_coordinator.body
    mail.outbox.clear()

    with pytest.raises(PermissionDenied):
        services.decide_application(applicant_admin, membership, approve=True)
    with pytest.raises(ValidationError):
        services.decide_application(coordinator, membership, approve=False, reason=" ")
    services.decide_application(
        coordinator, membership, approve=False, reason="Bitte zuerst die Satzung schicken."
    )
    run_worker()
    assert len(mail.outbox) == 2
    to_applicant = next(m for m in mail.outbox if m.to == [applicant_admin.email])
    assert "Bitte zuerst die Satzung schicken." in to_applicant.body
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert membership.decision_reason == "Bitte zuerst die Satzung schicken."


def test_only_admins_of_the_applicant_apply(person: Any) -> None:
    bund = network("Bund")
    verein = make_organization(name="Verein", admin=PersonFactory())
    with pytest.raises(PermissionDenied):
        services.apply_for_membership(person, verein, bund, "Hallo")
