"""The membership forms: applying, deciding, adding; bad input is explained and kept."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import join, network
from verbund.networks import services
from verbund.networks.models import Membership
from verbund.networks.taxonomy import MembershipStatus

pytestmark = pytest.mark.django_db


def test_an_admin_applies_and_the_coordinator_decides_in_the_forms(client: Any) -> None:
    coordinator = PersonFactory()
    applicant_admin = PersonFactory()
    bund = network("Bundesnetz", coordinator=coordinator)
    verein = make_organization(name="Verein Anklam", admin=applicant_admin)
    client.force_login(applicant_admin)
    detail = client.get(reverse("networks:detail", kwargs={"slug": bund.slug}))
    assert reverse("networks:apply", kwargs={"slug": bund.slug}) in detail.content.decode()
    apply_url = reverse("networks:apply", kwargs={"slug": bund.slug})
    empty = client.post(apply_url, {"applicant": verein.pk, "type": "full", "statement": ""})
    assert empty.status_code == 400
    response = client.post(
        apply_url,
        {"applicant": verein.pk, "type": "observer", "statement": "Wir sind seit 2015 aktiv."},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(network=bund, member=verein)
    assert membership.status == MembershipStatus.APPLIED and membership.type == "observer"

    profile = reverse("organizations:profile", kwargs={"slug": verein.slug})
    assert "Bundesnetz" in client.get(profile).content.decode()  # its own open application
    client.force_login(coordinator)
    assert "Bundesnetz" not in client.get(profile).content.decode()
    members_page = client.get(reverse("networks:members", kwargs={"slug": bund.slug}))
    assert "Wir sind seit 2015 aktiv." in members_page.content.decode()
    decide_url = reverse("networks:decide", kwargs={"slug": bund.slug, "pk": membership.pk})
    client.post(decide_url, {"decision": "reject", "reason": ""}, follow=True)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED  # a rejection needs a reason
    client.post(decide_url, {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "memberships must not go round in a circle"),
        ("de", "Mitgliedschaften dürfen keinen Kreis bilden"),
    ],
)
def test_a_cycle_is_explained_in_the_users_language_and_the_input_kept(
    client: Any, language: str, expected: str
) -> None:
    coordinator = PersonFactory()
    upper = network("Oberverband", coordinator=coordinator)
    lower = network("Unterverband", coordinator=coordinator)
    join(StaffFactory(), upper, lower)
    client.force_login(coordinator)
    with translation.override(language):
        url = reverse("networks:invite_member", kwargs={"slug": lower.slug})
    response = client.post(url, {"member": "Oberverband", "type": "full"})
    assert response.status_code == 400
    html = response.content.decode()
    assert expected in html
    assert 'value="Oberverband"' in html
    assert not Membership.objects.filter(network=lower, member=upper).exists()


def test_unknown_member_names_are_explained(client: Any) -> None:
    coordinator = PersonFactory()
    bund = network("Bund", coordinator=coordinator)
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:invite_member", kwargs={"slug": bund.slug}),
        {"member": "Gibt es nicht", "type": "full"},
    )
    assert response.status_code == 400
    assert 'value="Gibt es nicht"' in response.content.decode()


def test_suspending_a_member_through_the_form(client: Any) -> None:
    coordinator = PersonFactory()
    bund = network("Bund", coordinator=coordinator)
    verein = make_organization(name="Verein")
    join(StaffFactory(), bund, verein)
    membership = Membership.objects.get(network=bund, member=verein)
    client.force_login(coordinator)
    url = reverse("networks:membership", kwargs={"slug": bund.slug, "pk": membership.pk})
    response = client.post(url, {"status": "suspended", "type": "supporting", "on": "2026-01-15"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.SUSPENDED
    assert str(membership.suspended_since) == "2026-01-15"
    assert membership.type == "supporting"
    history = client.get(url).content.decode()
    assert "active → suspended" in history


def test_the_office_downloads_the_member_registry(client: Any) -> None:
    office = PersonFactory()
    staff = StaffFactory()
    bund = network("Bund CSV")
    services.set_network_role(staff, bund, office, "office")
    join(staff, bund, make_organization(name="Verein, mit Komma", city="Köln"))
    join(staff, bund, make_organization(name="=HYPERLINK(1)", city="Bonn"))
    client.force_login(office)
    response = client.get(reverse("networks:members_csv", kwargs={"slug": bund.slug}))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    # Semicolons, as in the registry export: German Excel splits the columns itself.
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 3
    assert all(len(row) == 10 for row in rows)
    assert text.splitlines()[0].count(";") == 9
    by_city = {row[2]: row[0] for row in rows[1:]}
    assert by_city == {"Köln": "Verein, mit Komma", "Bonn": "'=HYPERLINK(1)"}
