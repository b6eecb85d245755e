"""Must-show: a chair and three delegates on phones run a secret vote and an election; one
delegate holds the proxy of a fourth who went home. Results match; the elected sit in the body.

The poll pages follow the hall by themselves: when a poll opens or closes, ``live.js``
reloads them. So the test never navigates a page that may be reloading itself; it waits for
what the page shows (``expect`` retries until the page's own reload has landed).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.assemblies.conftest import build_hall
from verbund.assemblies import services
from verbund.assemblies.models import Ballot, Poll
from verbund.networks import services as network_services
from verbund.networks.models import Seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def phone_for(new_context: Any, live_server: Any, user: Any) -> Any:
    client = Client()
    client.force_login(user)
    context = new_context(locale="en-GB", **PHONE)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def cast(page: Any, poll: Poll, participant_pk: int, choices: dict[str, str]) -> None:
    """Fill the ballot of ``participant_pk`` on the poll page, cast it, and wait until the
    page that answers shows it cast."""
    ballot = page.locator(f'section.ballot[aria-labelledby="ballot-{participant_pk}"]')
    for field, value in choices.items():
        ballot.locator(f'input[name="p{participant_pk}-{field}"][value="{value}"]').check()
    ballot.get_by_role("button", name="Cast ballot").click()
    expect(ballot.get_by_text("Cast.", exact=True)).to_be_visible()


def open_poll(page: Any, poll: Poll) -> None:
    """Go to the poll page and wait until it shows the open ballot (or the vote cast)."""
    page.goto(f"/en/assemblies/polls/{poll.pk}/")
    expect(page.locator(f'[data-poll-status="{poll.pk}"]')).to_have_attribute("data-status", "open")


def expect_results(page: Any, yes: str, no: str, abstain: str) -> None:
    expect(page.locator('[data-result="yes"]')).to_have_text(yes)
    expect(page.locator('[data-result="no"]')).to_have_text(no)
    expect(page.locator('[data-result="abstain"]')).to_have_text(abstain)


def test_chair_and_three_delegates_vote_and_elect_on_phones(
    new_context: Any, live_server: Any
) -> None:
    hall = build_hall(4)
    d1, d2, d3, d4 = hall.delegates
    services.give_proxy(d4.person, d4, d1)  # d4 leaves; d1 votes for both
    services.set_presence(hall.chair, d4, False)
    council = network_services.save_body(
        hall.coordinator, hall.network, {"kind": "speaker_council"}
    )
    conference_url = f"/en/assemblies/{hall.conference.pk}/"

    chair = phone_for(new_context, live_server, hall.coordinator)
    phones = {d.pk: phone_for(new_context, live_server, d.person) for d in (d1, d2, d3)}

    # --- A secret vote ------------------------------------------------------------------------
    chair.goto(conference_url)
    chair.get_by_role("link", name="New vote or election").click()
    chair.select_option('select[name="kind"]', "vote")
    chair.fill('input[name="title"]', "Motion 1: demands catalogue")
    assert chair.locator('input[name="secret"]').is_checked()
    chair.get_by_role("button", name="Save").click()
    chair.get_by_role("button", name="Start the vote").click()
    expect(chair.get_by_role("button", name="Stop the vote")).to_be_visible()
    poll = Poll.objects.get(title="Motion 1: demands catalogue")
    assert poll.status == "open" and poll.secret

    for delegate in (d1, d2, d3):
        open_poll(phones[delegate.pk], poll)
    expect(phones[d1.pk].locator("section.ballot")).to_have_count(2)  # own ballot + proxy
    expect(phones[d2.pk].locator("section.ballot")).to_have_count(1)
    cast(phones[d1.pk], poll, d1.pk, {"choice": "yes"})
    cast(phones[d1.pk], poll, d4.pk, {"choice": "yes"})
    cast(phones[d2.pk], poll, d2.pk, {"choice": "no"})
    cast(phones[d3.pk], poll, d3.pk, {"choice": "abstain"})
    expect(phones[d3.pk].get_by_text("Cast.", exact=True)).to_have_count(1)

    # The chair's poll page counts the ballots in place as they come in.
    expect(chair.locator(f'[data-poll-voted="{poll.pk}"]')).to_have_text("4")
    chair.get_by_role("button", name="Stop the vote").click()
    expect_results(chair, "2", "1", "1")
    # The phones were on the open poll: they reload by themselves when it closes.
    for page in phones.values():
        expect_results(page, "2", "1", "1")
    assert Ballot.objects.filter(poll=poll, voter__isnull=False).count() == 0

    # --- An election to the speaker council ---------------------------------------------------
    chair.goto(conference_url)
    chair.get_by_role("link", name="New vote or election").click()
    chair.select_option('select[name="kind"]', "election")
    chair.fill('input[name="title"]', "Speaker council")
    chair.select_option('select[name="body"]', str(council.pk))
    chair.fill('input[name="seats"]', "2")
    chair.select_option('select[name="method"]', "yes_no")
    chair.get_by_role("button", name="Save").click()
    for name in ("Amal Haddad", "Bogdan Kovalenko", "Chiara Rossi"):
        chair.fill('input[name="name"]', name)
        chair.get_by_role("button", name="Add candidate").click()
    chair.get_by_role("button", name="Start the election").click()
    expect(chair.get_by_role("button", name="Stop the election")).to_be_visible()
    election = Poll.objects.get(title="Speaker council")
    ids = {c.name.split()[0]: c.pk for c in election.candidates.all()}

    def marks(amal: str, bogdan: str, chiara: str) -> dict[str, str]:
        return {f"c{ids['Amal']}": amal, f"c{ids['Bogdan']}": bogdan, f"c{ids['Chiara']}": chiara}

    for delegate in (d1, d2, d3):
        open_poll(phones[delegate.pk], election)
    cast(phones[d1.pk], election, d1.pk, marks("yes", "yes", "no"))
    cast(phones[d1.pk], election, d4.pk, marks("yes", "no", "yes"))
    cast(phones[d2.pk], election, d2.pk, marks("yes", "yes", "no"))
    cast(phones[d3.pk], election, d3.pk, marks("abstain", "yes", "no"))

    expect(chair.locator(f'[data-poll-voted="{election.pk}"]')).to_have_text("4")
    chair.get_by_role("button", name="Stop the election").click()
    chair.get_by_role("button", name="Seat the elected in the body").click()
    expect(chair.get_by_text("The elected now hold their seats.")).to_be_visible()
    for page in (chair, *phones.values()):
        for name, outcome in (
            ("Amal", "elected"),
            ("Bogdan", "elected"),
            ("Chiara", "not elected"),
        ):
            row = page.locator(f'tr[data-candidate^="{name}"]')
            expect(row.locator("td").last).to_have_text(outcome)

    # A closed poll no longer changes, so the chair's page stays where it is.
    chair.goto(f"/en/networks/{hall.network.slug}/bodies/{council.pk}/")
    expect(chair.locator("main")).to_contain_text("Amal Haddad")
    body_text = chair.locator("main").inner_text()
    assert "Amal Haddad" in body_text and "Bogdan Kovalenko" in body_text
    assert "Chiara Rossi" not in body_text
    assert sorted(Seat.objects.filter(body=council).values_list("holder_name", flat=True)) == [
        "Amal Haddad",
        "Bogdan Kovalenko",
    ]
    assert re.search(r"Mitgliederversammlung", body_text)
