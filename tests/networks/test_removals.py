"""Removing a body, a seat and an outside seat: through the pages, with an audit entry that
keeps what was removed, and refused to everyone who does not keep the network's bodies."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tests.factories import PersonFactory
from tests.networks.helpers import network
from verbund.core.models import AuditEntry
from verbund.networks import services
from verbund.networks.models import Body, ExternalSeat, Seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(db: Any) -> dict[str, Any]:
    coordinator = PersonFactory()
    net = network("Netzwerk Ost", coordinator=coordinator)
    board = services.save_body(coordinator, net, {"kind": "board", "name": "Vorstand"})
    seat = services.save_seat(coordinator, board, {"role": "chair", "holder_name": "Amal Haddad"})
    outside = services.save_external_seat(
        coordinator,
        net,
        {
            "body_name": "Integrationsbeirat",
            "institution": "Stadt Rostock",
            "holder_name": "Bogdan Kovalenko",
            "starts_on": datetime.date(2025, 1, 1),
        },
    )
    return {
        "coordinator": coordinator,
        "network": net,
        "board": board,
        "seat": seat,
        "outside": outside,
    }


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_a_seat_is_removed_from_its_page_and_the_history_keeps_who_held_it(
    kept: dict[str, Any],
) -> None:
    net, board, seat = kept["network"], kept["board"], kept["seat"]
    url = reverse("networks:seat", args=[net.slug, board.pk, seat.pk])
    response = _client(kept["coordinator"]).post(url, {"remove": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("networks:body", args=[net.slug, board.pk])
    assert not Seat.objects.filter(pk=seat.pk).exists()
    entry = AuditEntry.objects.get(action="seat.removed")
    assert entry.changes["holder_name"] == ["Amal Haddad", None]
    assert entry.scope_id == str(net.pk)


def test_a_body_is_removed_with_its_seats(kept: dict[str, Any]) -> None:
    net, board = kept["network"], kept["board"]
    url = reverse("networks:body_edit", args=[net.slug, board.pk])
    response = _client(kept["coordinator"]).post(url, {"remove": "1"})
    assert response["Location"] == reverse("networks:bodies", args=[net.slug])
    assert not Body.objects.filter(pk=board.pk).exists()
    assert not Seat.objects.filter(body_id=board.pk).exists()
    entry = AuditEntry.objects.get(action="body.removed")
    assert entry.changes["name"] == ["Vorstand", None]


def test_an_outside_seat_is_removed(kept: dict[str, Any]) -> None:
    net, outside = kept["network"], kept["outside"]
    url = reverse("networks:external_seat", args=[net.slug, outside.pk])
    response = _client(kept["coordinator"]).post(url, {"remove": "1"})
    assert response["Location"] == reverse("networks:external", args=[net.slug])
    assert not ExternalSeat.objects.filter(pk=outside.pk).exists()
    entry = AuditEntry.objects.get(action="external_seat.removed")
    assert entry.summary == "Integrationsbeirat"


def test_nobody_else_removes_anything(kept: dict[str, Any]) -> None:
    net, board, seat, outside = kept["network"], kept["board"], kept["seat"], kept["outside"]
    stranger = PersonFactory()
    other_coordinator = PersonFactory()
    network("Netzwerk West", coordinator=other_coordinator)
    for person in (stranger, other_coordinator):
        client = _client(person)
        for url in (
            reverse("networks:seat", args=[net.slug, board.pk, seat.pk]),
            reverse("networks:body_edit", args=[net.slug, board.pk]),
            reverse("networks:external_seat", args=[net.slug, outside.pk]),
        ):
            assert client.post(url, {"remove": "1"}).status_code == 403
        for remove, thing in (
            (services.remove_seat, seat),
            (services.remove_body, board),
            (services.remove_external_seat, outside),
        ):
            with pytest.raises(PermissionDenied):
                remove(person, thing)
    anonymous = Client().post(
        reverse("networks:body_edit", args=[net.slug, board.pk]), {"remove": "1"}
    )
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert Seat.objects.filter(pk=seat.pk).exists()
    assert Body.objects.filter(pk=board.pk).exists()
    assert ExternalSeat.objects.filter(pk=outside.pk).exists()
    assert not AuditEntry.objects.filter(action__endswith=".removed").exists()


def test_a_seat_of_another_body_is_not_found_through_this_one(kept: dict[str, Any]) -> None:
    net, coordinator = kept["network"], kept["coordinator"]
    council = services.save_body(coordinator, net, {"kind": "speaker_council"})
    url = reverse("networks:seat", args=[net.slug, council.pk, kept["seat"].pk])
    assert _client(coordinator).post(url, {"remove": "1"}).status_code == 404
    assert Seat.objects.filter(pk=kept["seat"].pk).exists()


def test_editing_a_body_records_what_changed(kept: dict[str, Any]) -> None:
    """The form validates a copy, so the service still sees the stored name."""
    net, board = kept["network"], kept["board"]
    url = reverse("networks:body_edit", args=[net.slug, board.pk])
    response = _client(kept["coordinator"]).post(
        url,
        {
            "kind": "board",
            "name": "Geschäftsführender Vorstand",
            "is_public": "on",
            "position": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="body.updated")
    assert entry.changes["name"] == ["Vorstand", "Geschäftsführender Vorstand"]
