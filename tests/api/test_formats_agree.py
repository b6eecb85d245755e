"""JSON, GeoJSON and CSV of the API say the same about an organisation whose address only
its network's members may see: no street, and the same point rounded to about a kilometre in
all three, for every caller who may not see the address; the exact point (five decimals)
for one who may. GeoJSON features carry their identifier."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.factories import PersonFactory, StaffFactory, make_organization
from verbund.api import services as token_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(db: Any) -> Any:
    return make_organization(
        name="Migranet Rostock",
        city="Rostock",
        federal_state="MV",
        postal_code="18055",
        street="Geheimweg 7",
        address_visibility="members",
        latitude="54.091234",
        longitude="12.138772",
    )


def _three(client: Any, **headers: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    [record] = client.get("/api/v1/organisations", **headers).json()["results"]
    geojson = client.get("/api/v1/organisations.geojson", **headers).json()
    [feature] = geojson["features"]
    text = client.get("/api/v1/organisations.csv", **headers).content.decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(text)))
    return record, feature, row


def _csv_point(row: dict[str, str]) -> tuple[float, float]:
    latitude = next(v for k, v in row.items() if k in {"Latitude", "Breitengrad"})
    longitude = next(v for k, v in row.items() if k in {"Longitude", "Längengrad"})
    return float(latitude), float(longitude)


def test_an_anonymous_caller_gets_the_same_rounded_point_everywhere(
    client: Any, hidden: Any
) -> None:
    record, feature, row = _three(client, HTTP_ACCEPT_LANGUAGE="en")
    assert record["street"] is None
    assert not row["Street"]
    assert (record["latitude"], record["longitude"]) == (54.09, 12.14)
    assert feature["geometry"]["coordinates"] == [12.14, 54.09]
    assert _csv_point(row) == (54.09, 12.14)
    assert feature["id"] == hidden.slug == feature["properties"]["slug"]


def test_a_caller_who_may_see_the_address_gets_the_exact_point_everywhere(
    client: Any, hidden: Any
) -> None:
    staff = StaffFactory()
    _token, key = token_services.create_token(staff, staff, "Office")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}
    record, feature, row = _three(client, **headers)
    assert record["street"] == "Geheimweg 7" == row["Street"]
    assert (record["latitude"], record["longitude"]) == (54.09123, 12.13877)
    assert feature["geometry"]["coordinates"] == [12.13877, 54.09123]
    assert _csv_point(row) == (54.09123, 12.13877)


def test_a_person_outside_the_network_is_a_stranger_in_all_three(client: Any, hidden: Any) -> None:
    staff, outsider = StaffFactory(), PersonFactory()
    _token, key = token_services.create_token(staff, outsider, "Outsider")
    record, feature, row = _three(
        client, HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert record["street"] is None and not row["Street"]
    assert (
        feature["geometry"]["coordinates"]
        == [12.14, 54.09]
        == [
            record["longitude"],
            record["latitude"],
        ]
    )
    assert _csv_point(row) == (54.09, 12.14)


def test_a_parameter_of_one_value_given_twice_is_refused(client: Any, hidden: Any) -> None:
    for query in ("limit=5&limit=500", "lang=de&lang=en", "bbox=1,2,3,4&bbox=5,6,7,8"):
        response = client.get(f"/api/v1/organisations?{query}")
        assert response.status_code == 422, query
        assert response.json()["detail"][0]["loc"][0] == "query"
    assert client.get("/api/v1/kinds?lang=de&lang=en").status_code == 422
    # Repeatable filters stay repeatable.
    assert client.get("/api/v1/organisations?state=MV&state=SN").status_code == 200
