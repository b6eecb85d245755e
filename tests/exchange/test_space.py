"""The exchange space of a network: discussions by topic among the members, replies that
notify the participants, moderation by the people who run the network."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.exchange.conftest import Circle
from verbund.core.actors import OPERATOR
from verbund.exchange import queries, services
from verbund.networks import services as network_services
from verbund.networks.taxonomy import NetworkRoleKind
from verbund.notifications.models import Notification


def test_members_discuss_and_the_coordinator_moderates(circle: Circle) -> None:
    from tests.factories import PersonFactory

    coordinator = PersonFactory()
    network_services.set_network_role(
        OPERATOR, circle.network, coordinator, NetworkRoleKind.COORDINATOR
    )
    discussion = services.start_discussion(
        circle.a_admin,
        circle.network,
        "press",
        "Pressekontakte teilen",
        "Wer kennt die Lokalzeitung?",
    )
    services.reply(circle.b_admin, discussion, "Wir, schreibt uns.")
    assert (
        Notification.objects.get(person=circle.a_admin).title
        == "Neue Antwort in „Pressekontakte teilen“"
    )
    with pytest.raises(PermissionDenied):
        services.reply(circle.c_admin, discussion, "Ich bin nicht Mitglied")
    with pytest.raises(PermissionDenied):
        services.start_discussion(circle.c_admin, circle.network, "press", "X", "Y")
    post = queries.posts_of_discussion(discussion, moderator=False)[-1]
    with pytest.raises(PermissionDenied):
        services.hide_in_space(circle.a_admin, post=post)
    services.hide_in_space(coordinator, post=post)
    assert len(queries.posts_of_discussion(discussion, moderator=False)) == 1
    assert [d.topic for d in queries.discussions(circle.network, "press")] == ["press"]
    assert queries.discussions(circle.network, "rooms") == []


def test_the_space_pages(circle: Circle) -> None:
    member = Client()
    member.force_login(circle.a_member)
    url = f"/de/exchange/spaces/{circle.network.slug}/"
    page = member.post(url, {"topic": "rooms", "title": "", "text": "Hallo"})
    assert page.status_code == 400 and "Hallo" in page.content.decode()
    page = member.post(
        url, {"topic": "rooms", "title": "Räume im Winter", "text": "Wer hat Platz?"}
    )
    assert page.status_code == 302
    discussion = member.get(page["Location"])
    assert "Wer hat Platz?" in discussion.content.decode()
    outsider = Client()
    outsider.force_login(circle.c_admin)
    assert outsider.get(url).status_code == 404
    assert outsider.get(page["Location"]).status_code == 404


def test_listing_takes_a_fixed_number_of_queries(circle: Circle, assert_max_queries: Any) -> None:
    for number in range(10):
        services.start_discussion(
            circle.a_admin, circle.network, "events", f"Fest {number}", "Text"
        )
    with assert_max_queries(1):
        assert len(queries.discussions(circle.network)) == 10


def test_the_requests_page_links_the_spaces_of_ones_networks(circle: Circle) -> None:
    client = Client()
    client.force_login(circle.b_admin)
    page = client.get("/de/exchange/requests/")
    assert f"/de/exchange/spaces/{circle.network.slug}/" in page.content.decode()
