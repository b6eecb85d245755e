"""The assembly pages: each forbidden path, voting through the form, check-in, live stream."""

from __future__ import annotations

import asyncio
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.db import connections
from django.test import AsyncClient, Client
from django.urls import reverse
from django.utils import timezone

from tests.assemblies.conftest import Hall, build_hall
from tests.factories import PersonFactory
from verbund.assemblies import services
from verbund.assemblies.models import BallotBox, DelegateInvitation, Participant, Poll
from verbund.assemblies.taxonomy import PollStatus


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_poll(hall: Hall, **data: Any) -> Poll:
    data.setdefault("kind", "vote")
    data.setdefault("title", "Antrag 7")
    return services.save_poll(hall.chair, hall.conference, data)


def test_conference_page_shows_polls_and_my_badge(hall: Hall) -> None:
    make_poll(hall)
    response = client_for(hall.person(0)).get(
        reverse("assemblies:conference", args=[hall.conference.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Antrag 7" in body and "badge.svg" in body
    badge = client_for(hall.person(0)).get(reverse("assemblies:badge", args=[hall.conference.pk]))
    assert badge["Content-Type"] == "image/svg+xml" and b"<svg" in badge.content
    assert Client().get(reverse("assemblies:badge", args=[hall.conference.pk])).status_code == 302


def test_vote_through_the_form_and_chair_controls(hall: Hall) -> None:
    poll = make_poll(hall, secret=True)
    chair = client_for(hall.chair)
    delegate = client_for(hall.person(0))
    assert (
        delegate.post(reverse("assemblies:poll_action", args=[poll.pk, "open"])).status_code == 403
    )
    chair.post(reverse("assemblies:poll_action", args=[poll.pk, "open"]))
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN
    page = delegate.get(reverse("assemblies:poll", args=[poll.pk])).content.decode()
    assert "My ballot" in page or "Stimmzettel" in page
    participant = hall.delegates[0].pk
    url = reverse("assemblies:vote", args=[poll.pk])
    delegate.post(url, {"participant": participant, f"p{participant}-choice": "yes"})
    delegate.post(url, {"participant": participant, f"p{participant}-choice": "no"})
    assert sum(BallotBox.objects.get(poll=poll).counts.values()) == 1  # secret: in the box
    # Someone without a ballot gets a message, not a vote.
    client_for(PersonFactory()).post(
        url, {"participant": participant, f"p{participant}-choice": "no"}
    )
    assert sum(BallotBox.objects.get(poll=poll).counts.values()) == 1
    assert (
        delegate.post(reverse("assemblies:poll_action", args=[poll.pk, "close"])).status_code == 403
    )
    chair.post(reverse("assemblies:poll_action", args=[poll.pk, "close"]))
    closed = Poll.objects.get(pk=poll.pk)
    assert closed.result["weights"]["yes"] == 1
    result_page = delegate.get(reverse("assemblies:poll", args=[poll.pk])).content.decode()
    assert 'data-result="yes">1<' in result_page


@pytest.mark.parametrize(
    "name",
    ["assemblies:poll_new", "assemblies:check_in", "assemblies:delegates"],
)
def test_organiser_pages_are_forbidden_to_delegates(hall: Hall, name: str) -> None:
    response = client_for(hall.person(0)).get(reverse(name, args=[hall.conference.pk]))
    assert response.status_code == 403


def test_member_admin_names_a_delegate_but_not_for_others(hall: Hall) -> None:
    hall.conference.delegates_per_member = 2
    hall.conference.ends_on = hall.conference.starts_on = timezone.localdate() + timedelta(days=30)
    hall.conference.save()
    admin = client_for(hall.member_admins[0])
    newcomer = PersonFactory()
    url = reverse("assemblies:delegates", args=[hall.conference.pk])
    form = {"organization": hall.members[0].pk, "name": "Neu", "language": "de"}
    admin.post(url, {**form, "email": newcomer.email})
    invitation = DelegateInvitation.objects.get(email=newcomer.email)
    assert invitation.organization == hall.members[0]
    services.accept_delegate_invitation(
        newcomer, services.delegate_token(invitation), hall.conference
    )
    assert Participant.objects.filter(person=newcomer, organization=hall.members[0]).exists()
    other = PersonFactory()
    response = admin.post(url, {**form, "organization": hall.members[1].pk, "email": other.email})
    assert response.status_code == 200  # the form refuses an organisation not administered
    assert not DelegateInvitation.objects.filter(email=other.email).exists()


def test_check_in_by_token(hall: Hall) -> None:
    guest = PersonFactory()
    participant = services.register(guest, hall.conference, "guest", consent=True)
    token = services.check_in_token(participant)
    url = reverse("assemblies:check_in_token", args=[hall.conference.pk, token])
    assert client_for(guest).get(url).status_code == 403
    chair = client_for(hall.chair)
    assert guest.display_name in chair.get(url).content.decode()
    chair.post(reverse("assemblies:check_in", args=[hall.conference.pk]), {"token": token})
    assert Participant.objects.get(pk=participant.pk).present is True
    response = chair.post(
        reverse("assemblies:check_in", args=[hall.conference.pk]), {"token": token + "x"}
    )
    assert response.status_code == 200 and "form-errors" in response.content.decode()


def test_live_endpoint_sends_the_state(hall: Hall) -> None:
    poll = services.open_poll(hall.chair, make_poll(hall, secret=True))
    services.cast_vote(hall.person(0), poll, {"choice": "yes"})
    response = Client().get(reverse("assemblies:live", args=[hall.conference.pk]))
    assert response["Content-Type"] == "text/event-stream"
    data = [line for line in response.content.decode().splitlines() if line.startswith("data:")]
    state = json.loads(data[0][5:])
    entry = state["polls"][0]
    assert entry["status"] == "open" and entry["voted"] == 1
    assert "result" not in entry  # no running count of a secret vote


def run_closing_connections(coroutine: Any) -> Any:
    """``asyncio.run`` that closes the database connections its threads opened.

    An async view's ORM calls run on asgiref's thread for synchronous code, the hub's on the
    loop's executor; a connection left open there is collected later, which on PostgreSQL is
    a ResourceWarning (warnings are errors) and keeps the test database from being dropped.
    One executor thread, so that one call closes what it opened.
    """
    from asgiref.sync import sync_to_async

    executor = ThreadPoolExecutor(max_workers=1)
    loop = asyncio.new_event_loop()
    loop.set_default_executor(executor)
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.run_until_complete(sync_to_async(connections.close_all)())
        executor.submit(connections.close_all).result()
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_live_stream_over_asgi_pushes_the_closed_result() -> None:
    # Committed data: the stream reads the state on a thread of its own, as in production.
    hall = build_hall(1)
    poll = services.open_poll(hall.chair, make_poll(hall, secret=True))
    services.cast_vote(hall.person(0), poll, {"choice": "no"})
    services.close_poll(hall.chair, poll)

    async def first_event() -> dict[str, Any]:
        response = await AsyncClient().get(reverse("assemblies:live", args=[hall.conference.pk]))
        assert response.streaming
        chunks = response.streaming_content
        async for chunk in chunks:
            text = chunk.decode() if isinstance(chunk, bytes) else chunk
            if text.startswith("data:"):
                await chunks.aclose()  # the client leaves; the stream must end with it
                return dict(json.loads(text[5:]))
        raise AssertionError("no event")

    # On a thread of its own: a browser test earlier in the session may have left an event
    # loop running on this one (Playwright's sync API).
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["state"] = run_closing_connections(first_event())
        finally:
            connections.close_all()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    state = outcome["state"]
    assert state["polls"][0]["result"]["weights"]["no"] == 1


def test_index_offers_new_conferences_to_network_runners_only(hall: Hall) -> None:
    url = reverse("assemblies:index")
    create = reverse("assemblies:create", args=[hall.network.slug])
    assert create in client_for(hall.coordinator).get(url).content.decode()
    assert create not in client_for(hall.person(0)).get(url).content.decode()
    assert client_for(hall.person(0)).get(create).status_code == 403
    response = client_for(hall.coordinator).post(
        create, {"title": "Jahreskonferenz", "starts_on": "2026-10-02", "ends_on": "2026-10-01"}
    )
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    assert 'value="Jahreskonferenz"' in response.content.decode()  # what was typed is kept


def test_register_cancel_and_edit_through_the_pages(hall: Hall) -> None:
    hall.conference.capacity = Participant.objects.filter(status="registered").count() + 1
    hall.conference.save()
    first, second = PersonFactory(), PersonFactory()
    register = reverse("assemblies:register", args=[hall.conference.pk])
    client_for(first).post(register, {"kind": "guest", "consent": "on"})
    client_for(second).post(register, {"kind": "press", "consent": "on"})
    assert Participant.objects.get(person=second).status == "waiting"
    client_for(first).post(reverse("assemblies:cancel", args=[hall.conference.pk]))
    assert Participant.objects.get(person=first).status == "cancelled"
    assert Participant.objects.get(person=second).status == "registered"  # moved up
    edit = reverse("assemblies:edit", args=[hall.conference.pk])
    assert client_for(first).get(edit).status_code == 403
    data = {
        "title": "Neuer Titel",
        "starts_on": "2026-05-12",
        "ends_on": "2026-05-13",
        "delegates_per_member": 3,
        "delegate_vote_weight": 1,
        "registration_open": "on",
    }
    assert client_for(hall.coordinator).post(edit, data).status_code == 302
    hall.conference.refresh_from_db()
    assert (hall.conference.title, hall.conference.delegates_per_member) == ("Neuer Titel", 3)
    from verbund.core.models import AuditEntry

    entry = AuditEntry.objects.filter(action="conference.updated").latest("id")
    assert entry.changes["title"] == ["Mitgliederversammlung", "Neuer Titel"]


@pytest.mark.django_db(transaction=True)
def test_asgi_fast_path_streams_public_conferences_and_passes_on_the_rest() -> None:
    from verbund.assemblies.asgi_stream import with_live_streams
    from verbund.organizations.models import Organization

    hall = build_hall(1)
    poll = services.open_poll(hall.chair, make_poll(hall, secret=True))
    services.cast_vote(hall.person(0), poll, {"choice": "yes"})
    passed_on: list[str] = []

    async def django_app(scope: Any, receive: Any, send: Any) -> None:
        passed_on.append(scope["path"])

    app = with_live_streams(django_app)

    async def request(path: str) -> list[dict[str, Any]]:
        sent: list[dict[str, Any]] = []
        first_body = asyncio.Event()

        async def receive() -> dict[str, Any]:
            await first_body.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)
            if message["type"] == "http.response.body":
                first_body.set()

        scope = {"type": "http", "method": "GET", "path": path}
        await asyncio.wait_for(app(scope, receive, send), 20)
        return sent

    def run() -> None:
        try:
            outcome["live"] = run_closing_connections(
                request(f"/de/assemblies/{hall.conference.pk}/live/")
            )
            outcome["other"] = run_closing_connections(request("/de/assemblies/"))
            Organization.objects.filter(pk=hall.network.pk).update(status="draft")
            from django.core.cache import cache

            cache.clear()
            outcome["private"] = run_closing_connections(
                request(f"/de/assemblies/{hall.conference.pk}/live/")
            )
        finally:
            connections.close_all()

    outcome: dict[str, Any] = {}
    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    start, body = outcome["live"][0], outcome["live"][1]
    assert start["status"] == 200
    assert (b"content-type", b"text/event-stream; charset=utf-8") in start["headers"]
    data = body["body"].decode().split("data: ", 1)[1]
    state = json.loads(data)
    assert state["polls"][0]["voted"] == 1 and "result" not in state["polls"][0]
    assert passed_on == ["/de/assemblies/", f"/de/assemblies/{hall.conference.pk}/live/"]
