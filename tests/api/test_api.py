"""The open-data API: filters, paging, formats, visibility, caching, CORS, limits, tokens."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.management import call_command

from tests.factories import PersonFactory, StaffFactory, make_organization
from verbund.api import services as token_services
from verbund.api.models import ApiToken, TokenScope
from verbund.core.actors import OPERATOR
from verbund.organizations import services

pytestmark = pytest.mark.django_db

SECRETS = (
    "board@secret.example",
    "1234567",
    "Geheimweg 7",
    "Ayla Fiktiv",
    "ayla@secret",
    "VR 4711",
    "staff-only.example",
)


@pytest.fixture
def registry(person: Any) -> dict[str, Any]:
    leipzig = make_organization(
        admin=person,
        name="Haus der Kulturen Leipzig",
        city="Leipzig",
        federal_state="SN",
        postal_code="04109",
        kind="migrant",
        themes=["youth"],
        languages=["ar", "de"],
        latitude="51.340000",
        longitude="12.370000",
        website="https://hdk.example",
    )
    rostock = make_organization(
        name="Migranet Rostock",
        city="Rostock",
        federal_state="MV",
        kind="local_network",
        latitude="54.090000",
        longitude="12.130000",
        languages=["ru"],
        email="board@secret.example",
        email_visibility="members",
        phone="+49 30 1234567",
        phone_visibility="staff",
        street="Geheimweg 7",
        address_visibility="members",
        register_number="VR 4711",
        website="https://staff-only.example",
        website_visibility="staff",
    )
    services.save_contact_person(
        StaffFactory(),
        rostock,
        {
            "name": "Ayla Fiktiv",
            "function": "chair",
            "email": "ayla@secret.example",
            "visibility": "members",
        },
    )
    hamburg = make_organization(
        name="Elternnetzwerk Hamburg", city="Hamburg", federal_state="HH", kind="parents"
    )
    draft = make_organization(name="Entwurf Verein", status="draft")
    nowhere = make_organization(
        name="Verein ohne Ort", city="Kleinkleckersdorf am See", kind="umbrella", federal_state=""
    )
    return {
        "leipzig": leipzig,
        "rostock": rostock,
        "hamburg": hamburg,
        "draft": draft,
        "nowhere": nowhere,
    }


def _get(client: Any, url: str, **headers: Any) -> Any:
    return client.get(url, **headers)


def test_list_filters_like_the_directory(client: Any, registry: dict[str, Any]) -> None:
    body = client.get("/api/v1/organisations").json()
    assert [o["slug"] for o in body["results"]] == sorted(
        o.slug
        for o in (
            registry["leipzig"],
            registry["rostock"],
            registry["hamburg"],
            registry["nowhere"],
        )
    )
    assert body["licence"]["name"] == "CC BY 4.0"
    assert body["next_cursor"] is None
    state = client.get("/api/v1/organisations?state=MV&state=XX").json()
    assert [o["name"] for o in state["results"]] == ["Migranet Rostock"]
    several = client.get("/api/v1/organisations?kind=parents&kind=migrant").json()
    assert {o["name"] for o in several["results"]} == {
        "Elternnetzwerk Hamburg",
        "Haus der Kulturen Leipzig",
    }
    lang = client.get("/api/v1/organisations?language=ar&theme=youth").json()
    assert [o["name"] for o in lang["results"]] == ["Haus der Kulturen Leipzig"]
    text = client.get("/api/v1/organisations?q=rostock").json()
    assert [o["name"] for o in text["results"]] == ["Migranet Rostock"]


def test_bbox_selects_points_inside_and_rejects_nonsense(
    client: Any, registry: dict[str, Any]
) -> None:
    saxony = client.get("/api/v1/organisations?bbox=11.8,51.0,13.0,51.8").json()
    assert [o["name"] for o in saxony["results"]] == ["Haus der Kulturen Leipzig"]
    # What fits the published pattern is an area: spaces, corners in the other order and
    # values beyond the world are read as the schema's description says.
    for same in ("11.8, 51.0, 13.0, 51.8", "13.0,51.8,11.8,51.0", "11.8,51.0,13.0,51.8 "):
        response = client.get("/api/v1/organisations", {"bbox": same})
        assert [o["name"] for o in response.json()["results"]] == ["Haus der Kulturen Leipzig"], (
            same
        )
    world = client.get("/api/v1/organisations?bbox=-999,-99,999,99").json()
    assert len(world["results"]) == 3  # everyone with a point
    assert client.get("/api/v1/organisations?bbox=200,0,210,1").json()["results"] == []
    # What does not fit it is refused with the schema's 422, naming the parameter.
    for bad in ("1,2,3", "a,b,c,d", "0,0,0,nan", "1e3,0,2,2", "\u0661,2,3,4"):
        response = client.get("/api/v1/organisations", {"bbox": bad})
        assert response.status_code == 422, bad
        assert "bbox" in str(response.json()["detail"])


def test_cursor_pages_are_stable_when_the_registry_changes(client: Any) -> None:
    for number in range(7):
        make_organization(name=f"Verein {number:02d}", slug=f"verein-{number:02d}")
    first = client.get("/api/v1/organisations?limit=3").json()
    assert [o["slug"] for o in first["results"]] == ["verein-00", "verein-01", "verein-02"]
    # A new organisation sorting before the cursor does not shift the next page.
    make_organization(name="Aaa Neu", slug="aaa-neu")
    second = client.get(f"/api/v1/organisations?limit=3&cursor={first['next_cursor']}").json()
    assert [o["slug"] for o in second["results"]] == ["verein-03", "verein-04", "verein-05"]
    assert (
        second["next"].endswith(f"cursor={second['next_cursor']}&limit=3")
        or "cursor=" in second["next"]
    )
    third = client.get(f"/api/v1/organisations?limit=3&cursor={second['next_cursor']}").json()
    assert [o["slug"] for o in third["results"]] == ["verein-06"]
    assert third["next_cursor"] is None
    # Any cursor of the published form is a place in the order: the page starts after it.
    after = client.get("/api/v1/organisations?limit=3&cursor=verein-04a")
    assert after.status_code == 200
    assert [o["slug"] for o in after.json()["results"]] == ["verein-05", "verein-06"]
    assert client.get("/api/v1/organisations?cursor=zzz").json()["results"] == []
    # Cursors handed out by earlier versions still lead to the same page.
    legacy = "eyJhZnRlciI6InZlcmVpbi0wMiJ9"  # base64 of {"after":"verein-02"}
    page = client.get(f"/api/v1/organisations?limit=1&cursor={legacy}").json()
    assert [o["slug"] for o in page["results"]] == ["verein-03"]
    assert client.get("/api/v1/organisations?cursor=nicht+erlaubt").status_code == 422


def test_detail_hides_drafts_and_restricted_fields(client: Any, registry: dict[str, Any]) -> None:
    body = client.get(f"/api/v1/organisations/{registry['rostock'].slug}").json()
    assert body["email"] is None and body["phone"] is None and body["street"] is None
    assert body["website"] is None and body["contact_persons"] == []
    # The members-only address is not pinned to the door.
    assert body["latitude"] == 54.09 and body["longitude"] == 12.13
    assert client.get(f"/api/v1/organisations/{registry['draft'].slug}").status_code == 404
    assert client.get("/api/v1/organisations/gibt-es-nicht").status_code == 404


def test_anonymous_answers_never_contain_members_or_staff_fields(
    client: Any, registry: dict[str, Any]
) -> None:
    slug = registry["rostock"].slug
    for url in (
        "/api/v1/organisations",
        f"/api/v1/organisations/{slug}",
        "/api/v1/organisations.geojson",
        "/api/v1/organisations.csv",
        "/api/v1/organisations?state=MV",
        f"/api/v1/organisations/{slug}?lang=en",
    ):
        text = client.get(url).content.decode()
        for secret in SECRETS:
            assert secret not in text, (url, secret)


def test_tokens_act_as_their_person(client: Any, registry: dict[str, Any]) -> None:
    staff = StaffFactory()
    _token, staff_key = token_services.create_token(staff, staff, "Office")
    outsider = PersonFactory()
    _token, outsider_key = token_services.create_token(staff, outsider, "Outsider")
    _token, public_key = token_services.create_token(
        staff, staff, "Website", scope=TokenScope.PUBLIC
    )
    slug = registry["rostock"].slug
    as_staff = client.get(
        f"/api/v1/organisations/{slug}",
        HTTP_AUTHORIZATION=f"Bearer {staff_key}",
        HTTP_ORIGIN="https://other.example",
    )
    body = as_staff.json()
    assert body["email"] == "board@secret.example"
    assert body["phone"] == "+49301234567"
    assert body["street"] == "Geheimweg 7"
    assert [p["name"] for p in body["contact_persons"]] == ["Ayla Fiktiv"]
    assert as_staff["Cache-Control"] == "private, no-cache"
    assert "Access-Control-Allow-Origin" not in as_staff
    as_outsider = client.get(
        f"/api/v1/organisations/{slug}", HTTP_AUTHORIZATION=f"Bearer {outsider_key}"
    ).json()
    assert as_outsider["email"] is None and as_outsider["contact_persons"] == []
    as_public = client.get(
        f"/api/v1/organisations/{slug}", HTTP_AUTHORIZATION=f"Bearer {public_key}"
    ).json()
    assert as_public["email"] is None
    draft = registry["draft"].slug
    assert (
        client.get(
            f"/api/v1/organisations/{draft}", HTTP_AUTHORIZATION=f"Bearer {staff_key}"
        ).status_code
        == 200
    )


def test_wrong_revoked_or_expired_tokens_are_refused(client: Any, registry: dict[str, Any]) -> None:
    staff = StaffFactory()
    token, key = token_services.create_token(staff, staff, "Office")
    assert (
        client.get("/api/v1/organisations", HTTP_AUTHORIZATION="Bearer vbd_wrong").status_code
        == 401
    )
    token_services.revoke_token(staff, token)
    assert (
        client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    )
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix)


def test_only_staff_create_tokens(person: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        token_services.create_token(person, person, "Mine")


def test_create_api_token_command_prints_a_working_token(
    client: Any, registry: dict[str, Any]
) -> None:
    staff = StaffFactory(email="office@example.org")
    out = io.StringIO()
    call_command("create_api_token", "office@example.org", "Script", stdout=out)
    key = out.getvalue().strip()
    assert key.startswith("vbd_")
    body = client.get(
        f"/api/v1/organisations/{registry['rostock'].slug}", HTTP_AUTHORIZATION=f"Bearer {key}"
    ).json()
    assert body["email"] == "board@secret.example"
    assert ApiToken.objects.get().person == staff


def test_geojson_has_points_only_for_organisations_with_coordinates(
    client: Any, registry: dict[str, Any]
) -> None:
    response = client.get("/api/v1/organisations.geojson?bbox=5,47,16,56")
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["licence"]["url"].startswith("https://creativecommons.org/")
    by_slug = {f["properties"]["slug"]: f for f in body["features"]}
    assert registry["nowhere"].latitude is None
    assert registry["nowhere"].slug not in by_slug
    assert {registry["leipzig"].slug, registry["rostock"].slug} <= set(by_slug)
    assert by_slug[registry["leipzig"].slug]["geometry"]["coordinates"] == [12.37, 51.34]
    assert by_slug[registry["leipzig"].slug]["properties"]["languages"] == ["ar", "de"]
    leipzig_profile = body["profile_url_template"].format(slug=registry["leipzig"].slug)
    assert leipzig_profile.endswith(registry["leipzig"].get_absolute_url())
    profile_path = "/" + leipzig_profile.split("://", 1)[-1].split("/", 1)[1]
    assert client.get(profile_path).status_code == 200
    filtered = client.get("/api/v1/organisations.geojson?kind=local_network").json()
    assert [f["properties"]["name"] for f in filtered["features"]] == ["Migranet Rostock"]


def test_csv_has_public_data(client: Any, registry: dict[str, Any]) -> None:
    response = client.get("/api/v1/organisations.csv?lang=en")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Identifier", "Name", "Short name"]
    names = [row[1] for row in rows[1:]]
    assert names == [
        "Elternnetzwerk Hamburg",
        "Haus der Kulturen Leipzig",
        "Migranet Rostock",
        "Verein ohne Ort",
    ]


def test_vocabularies_speak_the_requested_language(client: Any) -> None:
    english = client.get("/api/v1/kinds?lang=en").json()
    assert english["language"] == "en"
    assert {"code": "parents", "label": "Parents' network"} in english["items"]
    turkish = client.get("/api/v1/languages", HTTP_ACCEPT_LANGUAGE="de").json()
    assert {"code": "tr", "label": "Türkisch"} in turkish["items"]
    states = client.get("/api/v1/states?lang=en").json()
    assert {"code": "BY", "label": "Bavaria"} in states["items"]
    assert len(client.get("/api/v1/themes").json()["items"]) >= 10


def test_etag_gives_304_until_the_registry_changes(
    client: Any, registry: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    first = client.get("/api/v1/organisations?state=SN")
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert first["Cache-Control"].startswith("public, max-age=")
    assert first["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    again = client.get("/api/v1/organisations?state=SN", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    with django_capture_on_commit_callbacks(execute=True):
        services.update_organization(OPERATOR, registry["hamburg"], {"city": "Altona"})
    changed = client.get("/api/v1/organisations?state=SN", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    geo = client.get("/api/v1/organisations.geojson")
    assert (
        client.get("/api/v1/organisations.geojson", HTTP_IF_NONE_MATCH=geo["ETag"]).status_code
        == 304
    )


def test_cors_for_public_reads_only(client: Any, registry: dict[str, Any]) -> None:
    public = client.get("/api/v1/organisations", HTTP_ORIGIN="https://other.example")
    assert public["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in public
    assert "Set-Cookie" not in public
    preflight = client.options(
        "/api/v1/organisations.geojson",
        HTTP_ORIGIN="https://other.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" not in preflight["Access-Control-Allow-Headers"]
    head = client.head("/api/v1/organisations", HTTP_ORIGIN="https://other.example")
    assert head.status_code == 200 and head["Access-Control-Allow-Origin"] == "*"
    page = client.get("/de/organisations/", HTTP_ORIGIN="https://other.example")
    assert "Access-Control-Allow-Origin" not in page
    docs = client.get("/api/v1/docs", HTTP_ORIGIN="https://other.example")
    assert "Access-Control-Allow-Origin" not in docs


def test_anonymous_callers_are_rate_limited_per_address(
    client: Any, settings: Any, registry: dict[str, Any]
) -> None:
    settings.VERBUND_API_ANONYMOUS_RATE = "3/m"
    for _ in range(3):
        assert client.get("/api/v1/kinds", REMOTE_ADDR="10.0.0.1").status_code == 200
    limited = client.get("/api/v1/kinds", REMOTE_ADDR="10.0.0.1")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert client.get("/api/v1/kinds", REMOTE_ADDR="10.0.0.2").status_code == 200
    staff = StaffFactory()
    _token, key = token_services.create_token(staff, staff, "Office")
    assert (
        client.get(
            "/api/v1/kinds", REMOTE_ADDR="10.0.0.1", HTTP_AUTHORIZATION=f"Bearer {key}"
        ).status_code
        == 200
    )


def test_docs_work_offline_under_the_csp(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/organisations.geojson" in schema["paths"]
    docs = client.get("/api/v1/docs")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in docs["Content-Security-Policy"]


def test_open_data_page_states_the_licence(client: Any, settings: Any) -> None:
    settings.VERBUND_DATA_LICENCE = {"name": "ODbL", "url": "https://opendatacommons.org/odbl/"}
    html = client.get("/en/open-data/").content.decode()
    assert "ODbL" in html and "/api/v1/organisations.geojson" in html
    home = client.get("/en/").content.decode()
    assert "/en/open-data/" in home
    body = client.get("/api/v1/organisations").json()
    assert body["licence"] == {"name": "ODbL", "url": "https://opendatacommons.org/odbl/"}


def test_staff_create_a_token_in_the_admin_and_see_it_once(client: Any) -> None:
    staff = StaffFactory(is_superuser=True)
    holder = PersonFactory()
    client.force_login(staff)
    response = client.post(
        "/en/admin/api/apitoken/add/",
        {
            "person": holder.pk,
            "name": "Stadtplan Rostock",
            "scope": "read",
            "expires_at_0": "",
            "expires_at_1": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.person == holder and token.created_by == staff
    shown = [str(m) for m in response.context["messages"]]
    key = next(word for text in shown for word in text.split() if word.startswith("vbd_"))
    assert token_services.token_for(key) == token
    assert key not in client.get(f"/en/admin/api/apitoken/{token.pk}/change/").content.decode()
    client.force_login(PersonFactory(is_staff=False))
    assert client.get("/en/admin/api/apitoken/").status_code == 302


def test_vocabularies_answer_304_per_language(client: Any) -> None:
    german = client.get("/api/v1/themes?lang=de")
    english = client.get("/api/v1/themes?lang=en")
    assert german["ETag"] != english["ETag"]
    assert german["Cache-Control"] == "public, max-age=86400"
    again = client.get("/api/v1/themes?lang=de", HTTP_IF_NONE_MATCH=german["ETag"])
    assert again.status_code == 304 and again["ETag"] == german["ETag"]


def test_public_answers_are_compressed_and_geojson_is_built_once(
    client: Any, registry: dict[str, Any], assert_max_queries: Any
) -> None:
    import gzip

    plain = client.get("/api/v1/organisations.geojson")
    packed = client.get("/api/v1/organisations.geojson", HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    with assert_max_queries(0):  # the registry state and the body both come from the cache
        again = client.get("/api/v1/organisations.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert again.content == packed.content
    listing = client.get("/api/v1/organisations", HTTP_ACCEPT_ENCODING="gzip")
    assert listing["Content-Encoding"] == "gzip"
    staff = StaffFactory()
    _token, key = token_services.create_token(staff, staff, "Office")
    private = client.get(
        "/api/v1/organisations", HTTP_ACCEPT_ENCODING="gzip", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert "Content-Encoding" not in private
    private_geo = client.get(
        "/api/v1/organisations.geojson",
        HTTP_ACCEPT_ENCODING="gzip",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert "Content-Encoding" not in private_geo


def test_reads_take_a_fixed_number_of_queries(client: Any, assert_max_queries: Any) -> None:
    from verbund.organizations import exporting, queries

    for number in range(30):
        make_organization(
            name=f"Verein {number:02d}",
            city="Leipzig",
            federal_state="SN",
            themes=["youth"],
            languages=["ar", "tr"],
            tags=["Kurdisch"],
        )
    with assert_max_queries(6):  # state for the ETag, the page, themes, languages, tags
        body = client.get("/api/v1/organisations?limit=25&state=SN").json()
    assert len(body["results"]) == 25
    with assert_max_queries(3):
        features = client.get("/api/v1/organisations.geojson").json()["features"]
    assert len(features) == 30
    staff = StaffFactory()
    with assert_max_queries(5):
        exporting.to_csv(queries.matching(queries.parse_filters({})), staff)
