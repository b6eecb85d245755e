"""The pages of the exchange: search with facets, detail, the forms keeping input, and every
forbidden path answering 404 (a members-only offer to outsiders, another organisation's
thread, editing someone else's post)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from tests.exchange.conftest import Circle, make_post
from verbund.exchange import queries, services
from verbund.exchange.models import Post


def client_for(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_search_with_facets(circle: Circle, client: Client) -> None:
    make_post(circle.a_admin, circle.a, title="Saal Anadolu", languages=["tr"])
    make_post(
        circle.b_admin,
        circle.b,
        kind="skill",
        skill="press",
        title="Pressearbeit",
        languages=["ar"],
    )
    make_post(
        circle.b_admin,
        circle.b,
        kind="skill",
        skill="translation",
        title="Dolmetschen",
        visibility="networks",
    )
    page = client.get("/de/exchange/?kind=skill")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Pressearbeit" in text and "Saal Anadolu" not in text
    assert "Dolmetschen" not in text  # members only
    result = page.context["result"]
    kinds = {v.value: v.count for v in result.facets["kind"]}
    assert kinds == {"room": 1, "skill": 1}
    page = client.get("/de/exchange/?kind=skill&language=ar&q=presse")
    assert [p.title for p in page.context["result"].page.object_list] == ["Pressearbeit"]


def test_search_takes_a_fixed_number_of_queries(circle: Circle, assert_max_queries: Any) -> None:
    for number in range(25):
        make_post(
            circle.a_admin,
            circle.a,
            title=f"Raum {number}",
            languages=["ar", "de"],
            themes=["youth"],
        )
    filters = queries.parse_filters({"kind": "room", "language": "ar"})
    with assert_max_queries(12):
        result = queries.search(circle.b_admin, filters)
        assert result.total == 25
        assert len(list(result.page.object_list)) == 20


def test_the_form_keeps_what_was_typed(circle: Circle) -> None:
    client = client_for(circle.a_admin)
    page = client.post(
        "/en/exchange/new/",
        {
            "organisation": circle.a.pk,
            "direction": "offer",
            "kind": "skill",
            "title": "Press releases in Arabic",
            "description": "We write them.",
            "cost": "free",
            "valid_from": "2030-02-01",
            "valid_until": "2030-01-01",
            "visibility": "public",
        },
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Press releases in Arabic" in text and "We write them." in text
    assert "Choose the skill or service." in text
    assert not Post.objects.exists()
    page = client.post(
        "/en/exchange/new/",
        {
            "organisation": circle.a.pk,
            "direction": "offer",
            "kind": "skill",
            "skill": "press",
            "title": "Press releases in Arabic",
            "cost": "free",
            "valid_from": datetime.date.today().isoformat(),
            "valid_until": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            "visibility": "public",
            "languages": ["ar"],
        },
    )
    post = Post.objects.get()
    assert page.status_code == 302 and page["Location"] == post.get_absolute_url()


def test_a_members_only_offer_is_not_found_by_outsiders(circle: Circle, client: Client) -> None:
    post = make_post(circle.a_admin, circle.a, visibility="networks")
    url = f"/de/exchange/{post.pk}/"
    assert client.get(url).status_code == 404
    assert client_for(circle.c_admin).get(url).status_code == 404
    assert (
        client_for(circle.c_admin)
        .post(f"{url}ask/", {"organisation": circle.c.pk, "text": "Hallo"})
        .status_code
        == 404
    )
    assert client_for(circle.b_admin).get(url).status_code == 200


def test_editing_someone_elses_post_is_not_possible(circle: Circle) -> None:
    post = make_post(circle.a_admin, circle.a)
    for person in (circle.b_admin, circle.a_member):
        client = client_for(person)
        assert client.get(f"/de/exchange/{post.pk}/edit/").status_code == 404
        assert client.post(f"/de/exchange/{post.pk}/edit/", {"title": "X"}).status_code == 404
        assert client.post(f"/de/exchange/{post.pk}/remove/").status_code == 404
    post.refresh_from_db()
    assert post.title == "Saal im Erdgeschoss"


def test_another_organisations_thread_is_not_found(circle: Circle, staff: Any) -> None:
    post = make_post(circle.a_admin, circle.a)
    thread = services.open_thread(circle.b_admin, post, circle.b, "Ist der Saal frei?")
    url = f"/de/exchange/requests/{thread.pk}/"
    assert client_for(circle.b_admin).get(url).status_code == 200
    assert client_for(circle.a_admin).get(url).status_code == 200
    for person in (circle.c_admin, circle.a_member, staff):
        client = client_for(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "Ich lese mit"}).status_code == 404
        assert client.post(f"{url}state/", {"state": "agreed"}).status_code == 404
    assert thread.messages.count() == 1


def test_only_staff_reach_moderation(circle: Circle, staff: Any) -> None:
    assert client_for(circle.a_admin).get("/de/exchange/moderation/").status_code == 404
    assert client_for(staff).get("/de/exchange/moderation/").status_code == 200


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "fa", "ru", "uk"])
def test_public_pages_in_every_language(circle: Circle, client: Client, language: str) -> None:
    post = make_post(circle.a_admin, circle.a, capacity=20, step_free=True, weekdays=[1])
    assert client.get(f"/{language}/exchange/").status_code == 200
    page = client.get(f"/{language}/exchange/{post.pk}/")
    assert page.status_code == 200
    if language in {"ar", "fa"}:
        assert 'dir="rtl"' in page.content.decode()
