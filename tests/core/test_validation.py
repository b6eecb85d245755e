"""Bounded numbers and clean names (issue 11, F12)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.factories import PersonFactory, make_organization
from verbund.accounts import services as account_services
from verbund.assemblies import services as assembly_services
from verbund.core.text import clean_name, skeleton
from verbund.networks import services as network_services
from verbund.organizations import queries

RLO = "\u202e"  # right-to-left override
ZWSP = "\u200b"  # zero-width space
ZWNJ = "\u200c"  # zero-width non-joiner


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (f"Verbund{ZWSP} Nord", "Verbund Nord"),
        (f"{RLO}dnubreV", "dnubreV"),
        ("Verein\u2066 Süd\u2069", "Verein Süd"),
        ("Haus\tder\nKulturen", "Haus der Kulturen"),
        ("Cafe\u0301 Mondial", "Café Mondial"),  # NFC: one letter, not e + accent
        ("\ufeffBOM Verein\u00ad", "BOM Verein"),
        ("Verein  für   Bildung ", "Verein für Bildung"),
        (f"انجمن فرهنگی می{ZWNJ}خواهم", f"انجمن فرهنگی می{ZWNJ}خواهم"),  # Persian keeps it
        (f"Ver{ZWNJ}bund", "Verbund"),  # between Latin letters it goes
    ],
)
def test_names_are_cleaned(typed: str, kept: str) -> None:
    assert clean_name(typed) == kept


def test_look_alike_names_share_a_skeleton() -> None:
    latin = "Verbund Rostock"
    assert skeleton("V\u0435rbund R\u043estock") == skeleton(latin)  # Cyrillic ie and o
    assert skeleton("VERBUND ROSTOCK") == skeleton(latin)
    assert skeleton("Verbund Rostock e.V.") != skeleton(latin)
    assert skeleton("Modern") == skeleton("Modem")
    assert skeleton("Verbund Rostock") != skeleton("Verbund Restock")


@pytest.mark.django_db
def test_organisation_body_and_person_names_are_stored_clean() -> None:
    admin = PersonFactory()
    organization = make_organization(
        admin=admin, name=f"Verbund{ZWSP} {RLO}Nord", short_name=f"V{ZWSP}N"
    )
    organization.refresh_from_db()
    assert organization.name == "Verbund Nord" and organization.short_name == "VN"
    body = network_services.save_body(
        admin, organization, {"kind": "committee", "name": f"Ausschuss{RLO} Bildung"}
    )
    body.refresh_from_db()
    assert body.name == "Ausschuss Bildung"
    person = PersonFactory()
    account_services.update_settings(
        person, person, {"display_name": f"Ada{ZWSP} Lovelace\u202d", "preferred_language": "de"}
    )
    person.refresh_from_db()
    assert person.display_name == "Ada Lovelace"


@pytest.mark.django_db
def test_a_look_alike_of_an_existing_organisation_is_found_and_the_form_warns(
    client: Any,
) -> None:
    original = make_organization(name="Migrantenverbund Rostock", city="Rostock")
    assert queries.lookalikes("Migrantenv\u0435rbund R\u043estock") == [
        (original.name, original.slug)
    ]
    assert queries.lookalikes("Migrantenverbund Schwerin") == []
    creator = PersonFactory()
    client.force_login(creator)
    from tests.organizations.test_views_profile_edit import _valid_data

    data = _valid_data(name="Migrantenv\u0435rbund R\u043estock", city="Rostock")
    data.update(federal_state="MV", postal_code="18055")
    response = client.post("/en/organisations/new/", data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "looks almost like" in html and "Migrantenverbund Rostock" in html


@pytest.mark.django_db
def test_vote_weights_and_counts_are_bounded() -> None:
    coordinator = PersonFactory()
    network = make_organization(admin=coordinator, name="Netz der Zahlen")
    base = {
        "title": "Mitgliederversammlung",
        "starts_on": datetime.date(2026, 5, 12),
        "ends_on": datetime.date(2026, 5, 12),
        "place": "Rostock",
        "delegates_per_member": 1,
        "delegate_vote_weight": 1,
    }
    for field, value in (
        ("delegate_vote_weight", 0),
        ("delegate_vote_weight", 40_000),
        ("delegate_vote_weight", 1001),
        ("delegates_per_member", 0),
        ("capacity", 10_000_000),
    ):
        with pytest.raises(ValidationError) as refused:
            assembly_services.save_conference(coordinator, network, {**base, field: value})
        assert field in refused.value.message_dict
    conference = assembly_services.save_conference(
        coordinator, network, {**base, "delegate_vote_weight": 1000}
    )
    assert conference.delegate_vote_weight == 1000
    with pytest.raises(ValidationError) as refused:
        assembly_services.save_poll(
            coordinator, conference, {"kind": "vote", "title": "Vorstand", "seats": 5000}
        )
    assert "seats" in refused.value.message_dict


@pytest.mark.django_db
def test_a_meeting_lasts_at_most_a_week() -> None:
    from tests.meetings.conftest import meeting_data
    from verbund.meetings import services as meeting_services

    coordinator = PersonFactory()
    network = make_organization(admin=coordinator, name="Netz der Sitzungen")
    for minutes in (999_999_999, 7 * 24 * 60 + 1):
        with pytest.raises(ValidationError) as refused:
            meeting_services.schedule_meeting(
                coordinator, network, meeting_data(duration_minutes=minutes)
            )
        assert "duration_minutes" in refused.value.message_dict
    week = meeting_services.schedule_meeting(
        coordinator, network, meeting_data(duration_minutes=7 * 24 * 60)
    )
    assert week.duration_minutes == 7 * 24 * 60
