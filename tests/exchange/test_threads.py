"""Requests between organisations: a thread of two organisations, its states, notices in
each reader's language, reports and hiding, and the rate limit on new threads."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tests.exchange.conftest import Circle, make_post
from tests.networks.helpers import run_worker
from verbund.core.models import AuditEntry
from verbund.exchange import policy, queries, services
from verbund.notifications.models import Notification


def test_a_thread_runs_between_two_organisations(circle: Circle) -> None:
    post = make_post(circle.a_admin, circle.a, title="Saal")
    thread = services.open_thread(circle.b_admin, post, circle.b, "Ist der Saal frei?")
    assert (thread.asker, thread.owner, thread.state) == (circle.b, circle.a, "open")
    again = services.open_thread(circle.b_admin, post, circle.b, "Noch eine Frage")
    assert again.pk == thread.pk and thread.messages.count() == 2
    services.send_message(circle.a_admin, thread, "Ja, dienstags.")
    with pytest.raises(PermissionDenied):
        services.set_thread_state(circle.b_admin, thread, "agreed")
    services.set_thread_state(
        circle.a_admin, thread, "agreed", "Dienstags 18 bis 21 Uhr, kostenlos."
    )
    thread.refresh_from_db()
    assert thread.state == "agreed" and "Dienstags" in thread.agreement
    services.set_thread_state(circle.b_admin, thread, "done")
    assert AuditEntry.objects.filter(action="exchange.thread_state").count() == 2
    with pytest.raises(PermissionDenied):
        services.send_message(circle.c_admin, thread, "Ich mische mich ein")


def test_nobody_asks_their_own_organisation_or_for_someone_elses(circle: Circle) -> None:
    post = make_post(circle.a_admin, circle.a)
    with pytest.raises(PermissionDenied):
        services.open_thread(circle.a_admin, post, circle.a, "Hallo")
    with pytest.raises(PermissionDenied):
        services.open_thread(circle.b_admin, post, circle.c, "Hallo")
    with pytest.raises(PermissionDenied):
        services.open_thread(circle.a_member, post, circle.b, "Hallo")


@pytest.mark.django_db(transaction=True)
def test_notices_reach_each_reader_in_their_language(circle: Circle) -> None:
    post = make_post(circle.b_admin, circle.b, title="Beamer")
    thread = services.open_thread(circle.a_admin, post, circle.a, "Können wir ihn leihen?")
    services.send_message(circle.b_admin, thread, "Sure, on Friday.")
    to_b = Notification.objects.get(person=circle.b_admin)
    to_a = Notification.objects.get(person=circle.a_admin)
    assert to_b.title == "Kulturverein Anadolu wrote about “Beamer”"
    assert to_a.title == "Bildungshaus Beirut hat zu „Beamer“ geschrieben"
    run_worker()
    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person[circle.b_admin.email].extra_headers["Content-Language"] == "en"
    assert by_person[circle.a_admin.email].extra_headers["Content-Language"] == "de"
    # Personal addresses never reach the other organisation.
    assert circle.a_admin.email not in by_person[circle.b_admin.email].body


def test_new_threads_are_rate_limited(circle: Circle, settings: Any) -> None:
    settings.EXCHANGE_THREADS_PER_HOUR = 2
    posts = [make_post(circle.a_admin, circle.a, title=f"Raum {n}") for n in range(3)]
    services.open_thread(circle.b_admin, posts[0], circle.b, "Eins")
    services.open_thread(circle.b_admin, posts[1], circle.b, "Zwei")
    with pytest.raises(ValidationError) as error:
        services.open_thread(circle.b_admin, posts[2], circle.b, "Drei")
    assert "2 Anfragen" in error.value.messages[0]
    # Writing in a thread there is stays possible.
    services.open_thread(circle.b_admin, posts[0], circle.b, "Nachtrag")


def test_a_reported_message_is_hidden_by_staff(circle: Circle, staff: Any) -> None:
    post = make_post(circle.a_admin, circle.a)
    thread = services.open_thread(circle.b_admin, post, circle.b, "Beleidigung")
    message = thread.messages.get()
    assert not policy.can_view_thread(staff, thread)
    with pytest.raises(PermissionDenied):
        services.report(circle.c_admin, "Spam", message=message)
    services.report(circle.a_admin, "Beleidigend", message=message)
    assert policy.can_view_thread(staff, thread)
    assert [r.reason for r in queries.open_reports()] == ["Beleidigend"]
    with pytest.raises(PermissionDenied):
        services.hide_message(circle.a_admin, message)
    services.hide_message(staff, message)
    assert queries.messages_of(thread, circle.a_admin) == []
    assert queries.open_reports() == []
    assert not policy.can_view_thread(staff, thread)


def test_a_reported_post_is_hidden_from_the_page(circle: Circle, staff: Any, client: Any) -> None:
    post = make_post(circle.a_admin, circle.a)
    services.report(circle.c_admin, "Kein echtes Angebot", post=post)
    client.force_login(staff)
    page = client.get("/de/exchange/moderation/")
    assert "Kein echtes Angebot" in page.content.decode()
    client.post("/de/exchange/moderation/hide/", {"post": post.pk, "reason": "Kein Angebot"})
    client.logout()
    assert client.get(f"/de/exchange/{post.pk}/").status_code == 404
