"""Offline geocoding, the pin's life cycle through the services, and the geocoding command."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from tests.factories import PersonFactory, make_organization
from tests.networks.helpers import run_worker
from verbund.core import gazetteer
from verbund.core.gazetteer import Source
from verbund.core.models import AuditEntry
from verbund.maps import geocoding, services
from verbund.maps.models import PinSource
from verbund.organizations import services as organization_services
from verbund.organizations.models import Organization


def near(point: Any, latitude: float, longitude: float, tolerance: float = 0.15) -> bool:
    return (
        abs(float(point[0]) - latitude) < tolerance and abs(float(point[1]) - longitude) < tolerance
    )


# --- The gazetteer ----------------------------------------------------------------------------


def test_postal_codes_of_all_of_germany_have_a_place_and_a_state() -> None:
    areas = gazetteer.gazetteer().areas
    assert len(areas) > 8000
    with_centre = [a for a in areas.values() if a.centre]
    assert len(with_centre) / len(areas) > 0.99
    schwerin = gazetteer.locate_offline("19053")
    assert schwerin is not None and schwerin.source == Source.POSTAL_CODE
    assert near((schwerin.latitude, schwerin.longitude), 53.63, 11.41)
    assert gazetteer.state_for_postal_code("18055") == "MV"
    assert gazetteer.state_for_postal_code("80331") == "BY"
    assert gazetteer.state_for_postal_code("1234") == ""
    # 22145 lies partly in Hamburg and partly in Schleswig-Holstein: no single state.
    assert set(gazetteer.states_for_postal_code("22145")) == {"HH", "SH"}
    assert gazetteer.state_for_postal_code("22145") == ""


@pytest.mark.parametrize(
    ("city", "state", "latitude", "longitude"),
    [
        ("Rostock", "", 54.09, 12.12),
        ("München", "", 48.14, 11.57),
        ("Muenchen", "", 48.14, 11.57),
        ("frankfurt am main", "", 50.11, 8.68),
        ("Frankfurt", "BB", 52.34, 14.53),
        ("Halle (Saale)", "", 51.48, 11.97),
    ],
)
def test_cities_are_found_by_name(city: str, state: str, latitude: float, longitude: float) -> None:
    point = gazetteer.locate_city(city, state)
    assert point is not None and point.source == Source.CITY
    assert near((point.latitude, point.longitude), latitude, longitude, tolerance=0.2)


def test_unknown_places_give_no_point() -> None:
    assert gazetteer.locate_offline("", "Atlantis") is None
    assert gazetteer.locate_offline("00000", "") is None
    assert geocoding.locate(postal_code="", city="") is None


def test_the_online_geocoder_is_off_by_default(settings: Any) -> None:
    assert settings.VERBUND_GEOCODER == "offline"
    assert not geocoding.online_enabled()


@pytest.fixture
def fake_nominatim() -> Iterator[tuple[str, list[str]]]:
    """A stand-in for a Nominatim server on this machine: tests never reach the internet."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            if "broken" in self.path:
                self.send_response(500)
                self.end_headers()
                return
            body = json.dumps([{"lat": "54.0887", "lon": "12.1405"}]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def test_a_configured_online_geocoder_is_asked_first_and_the_gazetteer_is_the_fallback(
    settings: Any, fake_nominatim: tuple[str, list[str]]
) -> None:
    url, requests = fake_nominatim
    settings.VERBUND_GEOCODER = "nominatim"
    settings.VERBUND_NOMINATIM_URL = url
    settings.VERBUND_GEOCODER_MIN_INTERVAL = 0.2
    point = geocoding.locate(street="Kröpeliner Str. 1", postal_code="18055", city="Rostock")
    assert point is not None and point.source == Source.ONLINE
    assert point.latitude == Decimal("54.088700")
    assert "street=Kr%C3%B6peliner" in requests[0] and "countrycodes=de" in requests[0]

    settings.VERBUND_NOMINATIM_URL = url + "/broken"
    fallback = geocoding.locate(street="x", postal_code="18055", city="Rostock")
    assert fallback is not None and fallback.source == Source.POSTAL_CODE


@pytest.mark.django_db(transaction=True)
def test_the_online_geocoder_is_asked_by_a_task_after_the_commit_never_inside_the_write(
    settings: Any, fake_nominatim: tuple[str, list[str]]
) -> None:
    url, requests = fake_nominatim
    settings.VERBUND_GEOCODER = "nominatim"
    settings.VERBUND_NOMINATIM_URL = url
    settings.VERBUND_GEOCODER_MIN_INTERVAL = 0
    organization = make_organization(
        street="Kröpeliner Str. 1", postal_code="18055", city="Rostock", federal_state="MV"
    )
    placed_by_hand = make_organization(
        postal_code="18055", latitude=Decimal("54.1"), longitude=Decimal("12.1")
    )
    # The writes are committed and the task queued; only the gazetteer has answered.
    assert requests == []
    organization.refresh_from_db()
    assert organization.pin_source.source == Source.POSTAL_CODE

    run_worker()
    organization.refresh_from_db()
    assert organization.pin_source.source == Source.ONLINE
    assert (organization.latitude, organization.longitude) == (
        Decimal("54.088700"),
        Decimal("12.140500"),
    )
    [entry] = AuditEntry.objects.filter(action="organization.geocoded")
    assert entry.system_actor == "worker" and entry.actor is None
    assert len(requests) == 1, "the hand-placed pin is not asked for"
    placed_by_hand.refresh_from_db()
    assert placed_by_hand.pin_source.source == Source.MANUAL


# --- The pin through the services -------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_organisation_gets_its_pin_and_state_from_the_postal_code() -> None:
    organization = make_organization(
        name="Verein am Pfaffenteich", postal_code="19053", city="Schwerin", federal_state=""
    )
    organization.refresh_from_db()
    assert organization.federal_state == "MV"
    assert near((organization.latitude, organization.longitude), 53.63, 11.41)
    assert PinSource.objects.get(organization=organization).source == Source.POSTAL_CODE


@pytest.mark.django_db
def test_without_a_postal_code_the_city_places_the_pin() -> None:
    organization = make_organization(city="Greifswald", federal_state="MV")
    organization.refresh_from_db()
    assert near((organization.latitude, organization.longitude), 54.09, 13.39)
    assert organization.pin_source.source == Source.CITY


@pytest.mark.django_db
def test_an_address_change_moves_an_automatic_pin_but_never_one_placed_by_hand() -> None:
    admin = PersonFactory()
    organization = make_organization(
        admin=admin, postal_code="18055", city="Rostock", federal_state="MV"
    )
    # Moving house: the automatic pin follows the new postal code.
    organization_services.update_organization(
        admin,
        organization,
        {
            "postal_code": "17489",
            "city": "Greifswald",
            "latitude": organization.latitude,
            "longitude": organization.longitude,
        },
    )
    organization.refresh_from_db()
    assert near((organization.latitude, organization.longitude), 54.09, 13.38)

    # The admin drags the pin to the exact house.
    organization_services.update_organization(
        admin,
        organization,
        {
            "latitude": Decimal("54.095000"),
            "longitude": Decimal("13.381000"),
        },
    )
    organization.refresh_from_db()
    assert organization.pin_source.source == Source.MANUAL
    entry = AuditEntry.objects.filter(action="organization.updated").latest("pk")
    assert entry.changes["latitude"][1] == "54.095000"

    # A later change of the address keeps the hand-placed pin where it is.
    organization_services.update_organization(
        admin,
        organization,
        {
            "postal_code": "17491",
            "city": "Greifswald",
            "latitude": organization.latitude,
            "longitude": organization.longitude,
        },
    )
    organization.refresh_from_db()
    assert (organization.latitude, organization.longitude) == (
        Decimal("54.095000"),
        Decimal("13.381000"),
    )

    # Emptying both coordinates hands the pin back to the address.
    organization_services.update_organization(
        admin,
        organization,
        {
            "latitude": None,
            "longitude": None,
        },
    )
    organization.refresh_from_db()
    assert organization.pin_source.source == Source.POSTAL_CODE
    assert organization.latitude is not None
    assert organization.latitude != Decimal("54.095000")


@pytest.mark.django_db
def test_an_unknown_address_leaves_no_pin() -> None:
    organization = make_organization(city="Atlantis", federal_state="")
    organization.refresh_from_db()
    assert organization.latitude is None
    assert not PinSource.objects.filter(organization=organization).exists()


@pytest.mark.django_db
def test_the_command_fills_missing_coordinates_only() -> None:
    missing = make_organization(postal_code="04109", city="Leipzig", federal_state="SN")
    placed_by_hand = make_organization(
        postal_code="04109",
        city="Leipzig",
        federal_state="SN",
        latitude=Decimal("51.3"),
        longitude=Decimal("12.3"),
    )
    Organization.objects.filter(pk=missing.pk).update(latitude=None, longitude=None)
    PinSource.objects.filter(organization=missing).delete()

    dry = StringIO()
    call_command("geocode_organisations", "--dry-run", stdout=dry)
    assert "1 organisations would get a pin" in dry.getvalue()
    assert Organization.objects.get(pk=missing.pk).latitude is None

    out = StringIO()
    call_command("geocode_organisations", stdout=out)
    assert "1 organisations got a pin" in out.getvalue()
    missing.refresh_from_db()
    assert near((missing.latitude, missing.longitude), 51.34, 12.37)
    assert AuditEntry.objects.filter(action="organization.geocoded").count() == 1
    placed_by_hand.refresh_from_db()
    assert placed_by_hand.latitude == Decimal("51.300000")
    assert placed_by_hand.pin_source.source == Source.MANUAL


@pytest.mark.django_db
def test_only_editors_may_geocode_an_organisation() -> None:
    organization = make_organization(postal_code="04109", city="Leipzig", federal_state="SN")
    Organization.objects.filter(pk=organization.pk).update(latitude=None, longitude=None)
    organization.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.geocode_missing(PersonFactory(), organization)
