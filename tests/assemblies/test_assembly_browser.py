"""Must-show: a chair and three delegates on phones run a secret vote and an election; one
delegate holds the proxy of a fourth who went home. Results match; the elected sit in the body."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.assemblies.conftest import build_hall
from verbund.assemblies import services
from verbund.assemblies.models import Ballot, Poll
from verbund.networks import services as network_services
from verbund.networks.models import Seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def phone_for(browser: Any, live_server: Any, user: Any) -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **PHONE)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def cast(page: Any, poll: Poll, participant_pk: int, choices: dict[str, str]) -> None:
    """Fill the ballot of ``participant_pk`` on the poll page and cast it."""
    ballot = page.locator("section.ballot").filter(
        has=page.locator(f'input[name="participant"][value="{participant_pk}"]')
    )
    for field, value in choices.items():
        ballot.locator(f'input[name="p{participant_pk}-{field}"][value="{value}"]').check()
    ballot.get_by_role("button", name="Cast ballot").click()
    page.wait_for_load_state()


def test_chair_and_three_delegates_vote_and_elect_on_phones(browser: Any, live_server: Any) -> None:
    hall = build_hall(4)
    d1, d2, d3, d4 = hall.delegates
    services.give_proxy(d4.person, d4, d1)  # d4 leaves; d1 votes for both
    services.set_presence(hall.chair, d4, False)
    council = network_services.save_body(
        hall.coordinator, hall.network, {"kind": "speaker_council"}
    )
    conference_url = f"/en/assemblies/{hall.conference.pk}/"

    chair = phone_for(browser, live_server, hall.coordinator)
    phones = {d.pk: phone_for(browser, live_server, d.person) for d in (d1, d2, d3)}

    # --- A secret vote ------------------------------------------------------------------------
    chair.goto(conference_url)
    chair.get_by_role("link", name="New vote or election").click()
    chair.select_option('select[name="kind"]', "vote")
    chair.fill('input[name="title"]', "Motion 1: demands catalogue")
    assert chair.locator('input[name="secret"]').is_checked()
    chair.get_by_role("button", name="Save").click()
    chair.get_by_role("button", name="Start the vote").click()
    poll = Poll.objects.get(title="Motion 1: demands catalogue")
    assert poll.status == "open" and poll.secret

    for delegate in (d1, d2, d3):
        phones[delegate.pk].goto(f"/en/assemblies/polls/{poll.pk}/")
    assert phones[d1.pk].locator("section.ballot").count() == 2  # own ballot + proxy
    assert phones[d2.pk].locator("section.ballot").count() == 1
    cast(phones[d1.pk], poll, d1.pk, {"choice": "yes"})
    cast(phones[d1.pk], poll, d4.pk, {"choice": "yes"})
    cast(phones[d2.pk], poll, d2.pk, {"choice": "no"})
    cast(phones[d3.pk], poll, d3.pk, {"choice": "abstain"})
    assert phones[d3.pk].get_by_text("Cast.", exact=True).count() == 1

    chair.reload()
    assert chair.locator(f'[data-poll-voted="{poll.pk}"]').inner_text() == "4"
    chair.get_by_role("button", name="Stop the vote").click()
    for page in (chair, *phones.values()):
        page.goto(f"/en/assemblies/polls/{poll.pk}/")
        assert page.locator('[data-result="yes"]').inner_text() == "2"
        assert page.locator('[data-result="no"]').inner_text() == "1"
        assert page.locator('[data-result="abstain"]').inner_text() == "1"
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
    chair.get_by_role("button", name="Start the vote").click()
    election = Poll.objects.get(title="Speaker council")
    ids = {c.name.split()[0]: c.pk for c in election.candidates.all()}

    def marks(amal: str, bogdan: str, chiara: str) -> dict[str, str]:
        return {f"c{ids['Amal']}": amal, f"c{ids['Bogdan']}": bogdan, f"c{ids['Chiara']}": chiara}

    for delegate in (d1, d2, d3):
        phones[delegate.pk].goto(f"/en/assemblies/polls/{election.pk}/")
    cast(phones[d1.pk], election, d1.pk, marks("yes", "yes", "no"))
    cast(phones[d1.pk], election, d4.pk, marks("yes", "no", "yes"))
    cast(phones[d2.pk], election, d2.pk, marks("yes", "yes", "no"))
    cast(phones[d3.pk], election, d3.pk, marks("abstain", "yes", "no"))

    chair.reload()
    chair.get_by_role("button", name="Stop the vote").click()
    chair.get_by_role("button", name="Seat the elected in the body").click()
    for page in (chair, *phones.values()):
        page.goto(f"/en/assemblies/polls/{election.pk}/")
        for name, outcome in (
            ("Amal", "elected"),
            ("Bogdan", "elected"),
            ("Chiara", "not elected"),
        ):
            row = page.locator(f'tr[data-candidate^="{name}"]')
            assert row.locator("td").last.inner_text() == outcome

    chair.goto(f"/en/networks/{hall.network.slug}/bodies/{council.pk}/")
    body_text = chair.locator("main").inner_text()
    assert "Amal Haddad" in body_text and "Bogdan Kovalenko" in body_text
    assert "Chiara Rossi" not in body_text
    assert sorted(Seat.objects.filter(body=council).values_list("holder_name", flat=True)) == [
        "Amal Haddad",
        "Bogdan Kovalenko",
    ]
    assert re.search(r"Mitgliederversammlung", body_text)
