"""Bodies, seats and terms, and "Who we are" on the public profile."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import join, network
from verbund.networks import queries, services
from verbund.networks.models import Seat
from verbund.networks.taxonomy import BodyKind, SeatRole

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
LAST_YEAR = TODAY - datetime.timedelta(days=365)


def test_who_we_are_lists_current_holders_of_public_bodies_only(client: Any, person: Any) -> None:
    verein = make_organization(admin=person, name="Netzwerk Nord")
    board = services.save_body(person, verein, {"kind": BodyKind.BOARD})
    internal = services.save_body(
        person, verein, {"kind": BodyKind.WORKING_GROUP, "name": "AG Finanzen", "is_public": False}
    )
    services.save_seat(
        person,
        board,
        {"role": SeatRole.CHAIR, "holder_name": "Mira Beispiel", "starts_on": LAST_YEAR},
    )
    services.save_seat(
        person,
        board,
        {
            "role": SeatRole.CHAIR,
            "holder_name": "Altvorsitz Alt",
            "starts_on": LAST_YEAR.replace(year=LAST_YEAR.year - 3),
            "ends_on": LAST_YEAR - datetime.timedelta(days=1),
        },
    )
    services.save_seat(person, internal, {"holder_name": "Geheim Intern"})
    services.save_external_seat(
        person,
        verein,
        {
            "body_name": "Integrationsbeirat",
            "institution": "Landesministerium",
            "holder_name": "Mira Beispiel",
        },
    )
    html = client.get(reverse("organizations:profile", kwargs={"slug": verein.slug})).content
    text = html.decode()
    assert "Mira Beispiel" in text
    assert "Integrationsbeirat" in text
    assert "Altvorsitz Alt" not in text
    assert "Geheim Intern" not in text
    body_page = client.get(
        reverse("networks:body", kwargs={"slug": verein.slug, "pk": board.pk})
    ).content.decode()
    assert "Altvorsitz Alt" in body_page  # past terms remain as history
    assert (
        client.get(
            reverse("networks:body", kwargs={"slug": verein.slug, "pk": internal.pk})
        ).status_code
        == 404
    )


def test_member_organisations_hold_seats_through_a_delegate() -> None:
    staff = StaffFactory()
    bund = network("Bundeskonferenz")
    member = make_organization(name="Landesnetzwerk Ost")
    outsider = make_organization(name="Kein Mitglied")
    join(staff, bund, member)
    council = services.save_body(
        staff, bund, {"kind": BodyKind.REPRESENTATIVES_COUNCIL, "seats_for_organisations": True}
    )
    seat = services.save_seat(
        staff, council, {"holder_organization": member, "holder_name": "Dana Delegiert"}
    )
    assert seat.holder_label == "Landesnetzwerk Ost (Dana Delegiert)"
    with pytest.raises(ValidationError) as refused:
        services.save_seat(staff, council, {"holder_organization": outsider})
    assert "holder_organization" in refused.value.error_dict
    board = services.save_body(staff, bund, {"kind": BodyKind.BOARD})
    with pytest.raises(ValidationError):
        services.save_seat(staff, board, {"holder_organization": member})


def test_a_seat_needs_a_holder_and_a_term_in_order() -> None:
    staff = StaffFactory()
    board = services.save_body(staff, network("Bund"), {"kind": BodyKind.BOARD})
    with pytest.raises(ValidationError) as no_holder:
        services.save_seat(staff, board, {"role": SeatRole.CHAIR})
    assert "holder_name" in no_holder.value.error_dict
    with pytest.raises(ValidationError) as backwards:
        services.save_seat(
            staff, board, {"holder_name": "A", "starts_on": TODAY, "ends_on": LAST_YEAR}
        )
    assert "ends_on" in backwards.value.error_dict
    assert not Seat.objects.exists()


def test_only_editors_and_network_office_manage_bodies(person: Any) -> None:
    verein = make_organization(admin=PersonFactory())
    with pytest.raises(PermissionDenied):
        services.save_body(person, verein, {"kind": BodyKind.BOARD})
    services.set_network_role(StaffFactory(), verein, person, "office")
    body = services.save_body(person, verein, {"kind": BodyKind.BOARD})
    assert body.display_name


def test_changes_to_seats_are_in_the_audit_log(person: Any) -> None:
    from verbund.core import audit

    verein = make_organization(admin=person)
    board = services.save_body(person, verein, {"kind": BodyKind.BOARD})
    seat = services.save_seat(person, board, {"holder_name": "Erste Person"})
    services.save_seat(person, board, {"holder_name": "Zweite Person"}, seat=seat)
    actions = [e.action for e in audit.history_for(verein)]
    assert "seat.updated" in actions and "seat.created" in actions and "body.created" in actions
    assert queries.who_we_are(verein)[0].current_seats[0].holder_name == "Zweite Person"  # type: ignore[attr-defined]


def test_the_profile_names_the_networks_an_organisation_belongs_to(client: Any) -> None:
    staff = StaffFactory()
    bund = network("Bundesnetz Profil")
    verein = make_organization(name="Verein Profil")
    join(staff, bund, verein)
    verein_page = client.get(reverse("organizations:profile", kwargs={"slug": verein.slug}))
    assert reverse("networks:detail", kwargs={"slug": bund.slug}) in verein_page.content.decode()
    bund_page = client.get(reverse("organizations:profile", kwargs={"slug": bund.slug}))
    assert reverse("networks:detail", kwargs={"slug": bund.slug}) in bund_page.content.decode()
