"""The coordinator's flow in a real browser: a weekly meeting, answers from e-mail links
without a login, minutes with two decisions and three action items approved and mailed as
PDF, the items in "my tasks", and the worker's reminder for the one that is due."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.meetings.conftest import World
from tests.networks.helpers import run_worker
from verbund.meetings.models import Invitation, Meeting
from verbund.meetings.taxonomy import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Any, person: Any) -> None:
    EmailAddress.objects.get_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    page.goto("/de/accounts/login/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/de/me/"))


def _link(message: Any, pattern: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + pattern + r"[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_coordinator_flow(
    world: World, page: Any, browser: Any, live_server: Any, assert_accessible: Any
) -> None:
    _log_in(page, world.coordinator)
    page.goto(f"/de/meetings/network/{world.network.slug}/")
    page.locator(f"a[href$='/meetings/network/{world.network.slug}/new/']").click()
    start = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    page.locator("#id_title").fill("Wöchentliches Koordinierungstreffen")
    page.locator("#id_starts_at").fill(f"{start}T18:00")
    page.locator("#id_recurrence").select_option("weekly")
    page.locator("#id_format").select_option("in_person")
    # Forgetting the place is explained, and what was typed stays.
    page.locator("main form.stacked-form button[type=submit]").click()
    expect(page.locator(".form-errors")).to_have_count(1)
    assert page.locator("#id_title").input_value() == "Wöchentliches Koordinierungstreffen"
    page.locator("#id_place").fill("Begegnungszentrum Leipzig")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/de/meetings/\d+/$"))
    meeting = Meeting.objects.get()
    assert meeting.recurrence == "weekly"

    for title in ("Begrüßung", "Sommerfest"):
        page.locator("#agenda-form #id_title").fill(title)
        page.locator("#agenda-form #id_planned_minutes").fill("15")
        page.locator("#agenda-form button[type=submit]").click()
        page.wait_for_load_state()
    assert page.locator("#agenda li").count() == 2
    page.locator("#send-invitations").click()
    page.wait_for_load_state()
    run_worker()
    links = {m.to[0]: _link(m, "/de/meetings/rsvp/") for m in mail.outbox if m.attachments}
    assert set(links) == {
        "alice@verein-a.example",
        "bora@verein-b.example",
        "koordination@netz.example",
    }

    # Two members answer from their e-mail, without logging in.
    anonymous = browser.new_context(base_url=live_server.url, locale="de-DE")
    member_page = anonymous.new_page()
    for address, answer in (("alice@verein-a.example", "yes"), ("bora@verein-b.example", "maybe")):
        member_page.goto(links[address])
        member_page.locator(f"input[name=response][value={answer}]").check()
        member_page.locator("main form button[type=submit]").click()
        member_page.locator("#rsvp-saved").wait_for()
    assert_accessible(member_page)
    anonymous.close()
    answers = dict(Invitation.objects.values_list("person__email", "response"))
    assert answers["alice@verein-a.example"] == Response.YES
    assert answers["bora@verein-b.example"] == Response.MAYBE

    page.reload()
    assert page.locator("#invitations tbody tr").count() == 3
    assert_accessible(page)
    # The minutes of yesterday's sitting: minutes are approved and sent after the sitting.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.locator("#start-minutes input[name=held_on]").fill(yesterday.isoformat())
    page.locator("#start-minutes button[type=submit]").click()
    page.wait_for_url(re.compile(r"/de/meetings/minutes/\d+/$"))
    page.locator("#minutes-form textarea").nth(1).fill("Alle sind willkommen.")
    page.locator("#minutes-form button[type=submit]").click()
    page.wait_for_load_state()

    for text, votes in (
        ("Das Sommerfest findet am 4. Juli statt.", "11"),
        ("Der Flyer wird zweisprachig gedruckt.", ""),
    ):
        page.locator("#decision-form #id_text").fill(text)
        page.locator("#decision-form #id_votes_for").fill(votes)
        page.locator("#decision-form button[type=submit]").click()
        page.wait_for_load_state()
    assert page.locator("#decisions li").count() == 2
    year = timezone.localdate().year
    assert f"1/{year}" in page.locator("#decisions").inner_text()

    today = timezone.localdate()
    items = (
        ("Raum buchen", world.alice, today),
        ("Flyer entwerfen", world.alice, today + datetime.timedelta(days=14)),
        ("Getränke organisieren", world.bora, today + datetime.timedelta(days=21)),
    )
    for title, person, due in items:
        page.locator("#action-form #id_title").fill(title)
        page.locator("#action-form #id_assignee").select_option(str(person.pk))
        page.locator("#action-form #id_due_on").fill(due.isoformat())
        page.locator("#action-form button[type=submit]").click()
        page.wait_for_load_state()
    assert page.locator("#action-items li").count() == 3
    assert_accessible(page)

    mail.outbox.clear()
    page.locator("#approve-minutes").click()
    page.wait_for_load_state()
    page.locator("#send-minutes").click()
    page.wait_for_load_state()
    run_worker()
    with_pdf = [
        m
        for m in mail.outbox
        if any(a[2] == "application/pdf" and a[1].startswith(b"%PDF") for a in m.attachments)
    ]
    assert sorted(m.to[0] for m in with_pdf) == sorted(links)
    reminders = [m for m in mail.outbox if m.extra_headers["X-Verbund-Notice"] == "task_reminder"]
    assert [(m.to, "Raum buchen" in m.subject) for m in reminders] == [
        (["alice@verein-a.example"], True)
    ]

    alice_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    alice_page = alice_context.new_page()
    _log_in(alice_page, world.alice)
    alice_page.goto("/de/meetings/tasks/")
    open_tasks = alice_page.locator("#my-open-tasks").inner_text()
    assert "Raum buchen" in open_tasks and "Flyer entwerfen" in open_tasks
    assert "Getränke" not in open_tasks
    assert_accessible(alice_page)
    alice_context.close()
