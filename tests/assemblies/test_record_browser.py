"""Must-show: the assembly record carried through in a browser. A delegate proposes an
amendment on a phone, the chair adopts it and the motion shows its consolidated text and the
changes; a named vote on the motion runs while the hall's projector follows by itself; the
chair confirms the result, the motion is adopted with changes, the resolution book PDF (read
back with pypdf) holds the final text, and the delegates see who voted how."""

from __future__ import annotations

import io
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.assemblies.conftest import build_hall
from tests.assemblies.test_assembly_browser import PHONE, cast, open_poll, phone_for
from verbund.assemblies import services
from verbund.assemblies.models import Motion, Poll
from verbund.assemblies.taxonomy import MotionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "We demand a participation law for the state.\n\n"
    "The state sets up a council of migrant organisations.\n\n"
    "The council meets twice a year."
)
AMENDED = "The state sets up an independent council of migrant organisations with its own office."


def test_amendment_vote_confirmation_resolution_book_and_named_list(
    new_context: Any, live_server: Any
) -> None:
    hall = build_hall(3)
    d1, d2, d3 = hall.delegates
    motion = services.submit_motion(
        d1.person, hall.conference, {"title": "Participation law", "text": TEXT}
    )
    motion_url = f"/en/assemblies/motions/{motion.pk}/"
    chair = phone_for(new_context, live_server, hall.coordinator)
    phones = {d.pk: phone_for(new_context, live_server, d.person) for d in (d1, d2, d3)}

    # --- An amendment, proposed on a phone and adopted by the chair ------------------------
    chair.goto(motion_url)
    chair.select_option('select[name="status"]', "admitted")
    chair.get_by_role("button", name="Save decision").click()
    # Once admitted, the next decisions include referring it to a committee.
    expect(chair.locator('select[name="status"] option[value="referred"]')).to_have_count(1)

    proposer = phones[d2.pk]
    proposer.goto(motion_url)
    proposer.select_option('select[name="paragraph"]', "2")
    proposer.fill('textarea[name="new_text"]', AMENDED)
    proposer.get_by_role("button", name="Submit amendment").click()
    expect(proposer.get_by_text("Your amendment has been submitted.")).to_be_visible()

    chair.goto(motion_url)
    chair.get_by_role("button", name=f"{motion.label}/1 adopted").click()
    consolidated = chair.locator('section[aria-labelledby="consolidated-heading"]')
    expect(
        consolidated.get_by_role("heading", name="Text with the adopted amendments")
    ).to_be_visible()
    expect(consolidated).to_contain_text(AMENDED)
    expect(consolidated).not_to_contain_text("The state sets up a council")
    consolidated.get_by_text("Changes against the original text").click()
    expect(consolidated.locator("del").first).to_contain_text("a")
    expect(consolidated.locator("ins").first).to_contain_text("independent")
    # The paragraphs above still read as submitted.
    expect(chair.locator('section[aria-labelledby="paragraph-2"] > p').first).to_have_text(
        "The state sets up a council of migrant organisations."
    )

    # --- A named vote on the motion, followed by the projector -----------------------------
    chair.goto(f"/en/assemblies/{hall.conference.pk}/")
    chair.get_by_role("link", name="New vote or election").click()
    chair.select_option('select[name="kind"]', "vote")
    chair.fill('input[name="title"]', "Vote on the participation law")
    chair.locator('input[name="secret"]').uncheck()
    chair.select_option('select[name="motion"]', str(motion.pk))
    chair.get_by_role("button", name="Save").click()
    chair.get_by_role("button", name="Start the vote").click()
    expect(chair.get_by_role("button", name="Stop the vote")).to_be_visible()
    poll = Poll.objects.get(title="Vote on the participation law")
    assert not poll.secret and poll.motion_id == motion.pk

    screen = new_context(locale="en-GB").new_page()
    screen.set_default_timeout(15_000)
    screen.goto(f"/en/assemblies/{hall.conference.pk}/projector/")
    expect(screen.locator(".site-header")).to_have_count(0)
    expect(screen.get_by_role("heading", name="Vote on the participation law")).to_be_visible()
    screen.evaluate("window.sameScreen = true")

    for delegate, choice in ((d1, "yes"), (d2, "yes"), (d3, "no")):
        open_poll(phones[delegate.pk], poll)
        cast(phones[delegate.pk], poll, delegate.pk, {"choice": choice})
    expect(chair.locator(f'[data-poll-voted="{poll.pk}"]')).to_have_text("3")
    chair.get_by_role("button", name="Stop the vote").click()
    expect(chair.locator('[data-result="yes"]')).to_have_text("2")

    # The projector shows the result by itself, without reloading the page.
    expect(screen.locator('[data-result="yes"]')).to_have_text("2")
    expect(screen.locator('[data-result="no"]')).to_have_text("1")
    assert screen.evaluate("window.sameScreen") is True

    # Counting alone does not decide the motion: the chair confirms.
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.ADMITTED
    chair.get_by_role("button", name="Confirm: Adopted with changes").click()
    expect(chair.get_by_role("heading", name="Adopted text")).to_be_visible()
    expect(chair.locator("main")).to_contain_text("Adopted with changes")
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.ADOPTED_CHANGED

    # --- The resolution book lists it with the final text ----------------------------------
    book = chair.request.get(f"/en/assemblies/{hall.conference.pk}/resolutions.pdf")
    assert book.ok and book.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(book.body())).pages
    )
    assert "Participation law" in text
    assert "Vote: 2 yes, 1 no, 0 abstentions" in text
    assert AMENDED in text
    assert "The state sets up a council of migrant" not in text

    # --- Who voted how, for the participants after the close ----------------------------------
    voter = phones[d3.pk]
    voter.goto(f"/en/assemblies/polls/{poll.pk}/")
    named = voter.locator("table.named-ballots")
    for delegate, choice in ((d1, "Yes"), (d2, "Yes"), (d3, "No")):
        row = named.locator("tr", has_text=str(delegate.person))
        expect(row).to_contain_text(choice)
        expect(row).to_contain_text(delegate.organization.name)
    visitor = new_context(locale="en-GB", **PHONE).new_page()
    visitor.goto(f"{live_server.url}/en/assemblies/polls/{poll.pk}/")
    expect(visitor.get_by_role("heading", name="Vote on the participation law")).to_be_visible()
    expect(visitor.locator("table.named-ballots")).to_have_count(0)
