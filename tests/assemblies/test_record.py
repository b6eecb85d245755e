"""The assembly record carried through: a closed vote decides its motion once the chair
confirms it, the changes of adopted amendments are shown against the original, a named vote
lists who voted how to the participants, and the projector is the hall's bare screen."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.assemblies.conftest import Hall
from tests.assemblies.test_motions import submit
from tests.factories import PersonFactory
from verbund.assemblies import queries, services
from verbund.assemblies.models import Poll
from verbund.assemblies.taxonomy import MotionStatus
from verbund.core.models import AuditEntry


def vote_on(hall: Hall, motion: object, answers: list[str], *, secret: bool = False) -> Poll:
    poll = services.save_poll(
        hall.chair,
        hall.conference,
        {"kind": "vote", "title": "Abstimmung", "secret": secret, "motion": motion},
    )
    services.open_poll(hall.chair, poll)
    for index, choice in enumerate(answers):
        services.cast_vote(hall.person(index), poll, {"choice": choice})
    return services.close_poll(hall.chair, poll)


def test_a_passed_vote_adopts_the_motion_only_when_the_chair_confirms(hall: Hall) -> None:
    motion = submit(hall)
    poll = vote_on(hall, motion, ["yes", "yes", "no"])
    motion.refresh_from_db()
    assert motion.status == MotionStatus.SUBMITTED  # the count alone decides nothing
    assert queries.outcome_status(poll) == MotionStatus.ADOPTED
    with pytest.raises(PermissionDenied):
        services.confirm_vote_outcome(hall.person(0), poll)
    adopted = services.confirm_vote_outcome(hall.chair, poll)
    assert adopted.status == MotionStatus.ADOPTED
    assert "Partizipationsgesetz" in adopted.adopted_text
    assert queries.outcome_status(Poll.objects.get(pk=poll.pk)) is None
    with pytest.raises(ValidationError):  # confirmed once
        services.confirm_vote_outcome(hall.chair, poll)
    assert AuditEntry.objects.filter(action="motion.vote_confirmed").count() == 1


def test_a_failed_vote_rejects_and_adopted_amendments_adopt_with_changes(hall: Hall) -> None:
    rejected = submit(hall)
    services.confirm_vote_outcome(hall.chair, vote_on(hall, rejected, ["no", "no", "yes"]))
    rejected.refresh_from_db()
    assert rejected.status == MotionStatus.REJECTED

    changed = submit(hall, 1, title="Zweiter Antrag")
    services.change_motion_status(hall.chair, changed, MotionStatus.ADMITTED)
    amendment = services.submit_amendment(
        hall.person(2), changed, 2, "Das Land richtet einen unabhängigen Rat ein."
    )
    services.decide_amendment(hall.chair, amendment, adopted=True)
    poll = vote_on(hall, changed, ["yes", "yes"])
    assert services.confirm_vote_outcome(hall.chair, poll).status == MotionStatus.ADOPTED_CHANGED
    changed.refresh_from_db()
    assert "unabhängigen Rat" in changed.adopted_text


def test_an_open_amendment_blocks_confirming_adoption(hall: Hall) -> None:
    motion = submit(hall)
    services.submit_amendment(hall.person(1), motion, 1, "Anders.")
    poll = vote_on(hall, motion, ["yes"])
    with pytest.raises(ValidationError):
        services.confirm_vote_outcome(hall.chair, poll)
    motion.refresh_from_db()
    assert motion.status == MotionStatus.SUBMITTED  # nothing half done


def test_the_confirm_button_is_the_chairs_and_posting_it_as_a_delegate_changes_nothing(
    hall: Hall,
) -> None:
    motion = submit(hall)
    poll = vote_on(hall, motion, ["yes"])
    url = reverse("assemblies:poll_action", args=[poll.pk, "confirm-outcome"])
    delegate = Client()
    delegate.force_login(hall.person(0))
    assert (
        "confirm-outcome"
        not in delegate.get(reverse("assemblies:poll", args=[poll.pk])).content.decode()
    )
    assert delegate.post(url).status_code == 403
    motion.refresh_from_db()
    assert motion.status == MotionStatus.SUBMITTED
    chair = Client()
    chair.force_login(hall.chair)
    page = chair.get(reverse("assemblies:motion", args=[motion.pk])).content.decode()
    assert "confirm-outcome" in page
    response = chair.post(url)
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == MotionStatus.ADOPTED


def test_changes_of_adopted_amendments_against_the_original(hall: Hall) -> None:
    motion = submit(hall)
    services.change_motion_status(hall.chair, motion, MotionStatus.ADMITTED)
    amendment = services.submit_amendment(
        hall.person(1), motion, 2, "Das Land richtet einen Diversitätsrat ein."
    )
    rejected = services.submit_amendment(hall.person(2), motion, 3, "Der Rat tagt geheim.")
    services.decide_amendment(hall.chair, amendment, adopted=True)
    services.decide_amendment(hall.chair, rejected, adopted=False)
    [change] = queries.consolidation_changes(motion)
    assert change.number == 2
    assert ("removed", "Rat ") in change.runs and ("added", "Diversitätsrat ") in change.runs
    # The runs rebuild both texts exactly.
    assert "".join(t for kind, t in change.runs if kind != "added") == motion.paragraphs[1]
    assert "".join(t for kind, t in change.runs if kind != "removed") == amendment.new_text
    page = Client().get(reverse("assemblies:motion", args=[motion.pk])).content.decode()
    assert "<del>Rat </del>" in page and "<ins>Diversitätsrat </ins>" in page
    assert "Das Land richtet einen Rat ein." in page  # the original is kept


def test_named_vote_lists_who_voted_how_to_participants_only_after_closing(hall: Hall) -> None:
    motion = submit(hall)
    poll = services.save_poll(
        hall.chair,
        hall.conference,
        {"kind": "vote", "title": "Namentlich", "secret": False, "motion": motion},
    )
    services.open_poll(hall.chair, poll)
    services.cast_vote(hall.person(0), poll, {"choice": "yes"})
    services.cast_vote(hall.person(1), poll, {"choice": "no"})
    url = reverse("assemblies:poll", args=[poll.pk])
    delegate = Client()
    delegate.force_login(hall.person(2))
    assert "Delegierte 1" not in delegate.get(url).content.decode()  # not while open
    assert queries.named_ballots(poll) == []
    poll = services.close_poll(hall.chair, poll)
    rows = {row.name: row for row in queries.named_ballots(poll)}
    assert set(rows) == {"Delegierte 1", "Delegierte 2"}
    assert rows["Delegierte 1"].organization == "Mitgliedsverein 1"
    assert rows["Delegierte 2"].choices == [("", "Nein")]
    page = delegate.get(url).content.decode()
    assert "Delegierte 1" in page and "Mitgliedsverein 2" in page
    anonymous = Client().get(url).content.decode()
    assert "Delegierte 1" not in anonymous
    stranger = Client()
    stranger.force_login(PersonFactory())
    assert "Delegierte 1" not in stranger.get(url).content.decode()


def test_a_secret_vote_has_no_list_of_names(hall: Hall) -> None:
    poll = vote_on(hall, None, ["yes", "no"], secret=True)
    assert queries.named_ballots(poll) == []
    chair = Client()
    chair.force_login(hall.chair)
    assert (
        "Delegierte 1" not in chair.get(reverse("assemblies:poll", args=[poll.pk])).content.decode()
    )


def test_named_election_lists_each_ballot_per_candidate(hall: Hall) -> None:
    from verbund.networks import services as network_services

    board = network_services.save_body(
        hall.coordinator, hall.network, {"kind": "board", "name": "Vorstand"}
    )
    poll = services.save_poll(
        hall.chair,
        hall.conference,
        {"kind": "election", "title": "Wahl", "secret": False, "body": board, "seats": 1},
    )
    first = services.add_candidate(hall.chair, poll, "Kandidatin A")
    services.open_poll(hall.chair, poll)
    services.cast_vote(hall.person(0), poll, {str(first.pk): "yes"})
    poll = services.close_poll(hall.chair, poll)
    [row] = queries.named_ballots(poll)
    assert row.choices == [("Kandidatin A", "Ja")]


def test_projector_has_no_site_chrome_and_names_the_poll_it_shows(hall: Hall) -> None:
    motion = submit(hall)
    poll = vote_on(hall, motion, ["yes"])
    page = Client().get(reverse("assemblies:projector", args=[hall.conference.pk])).content.decode()
    assert 'class="site-header"' not in page and "main-nav" not in page
    assert f'data-projector-poll="{poll.pk}"' in page and 'data-projector-status="closed"' in page
    state = queries.live_state(hall.conference.pk)
    assert state["polls"][0]["closed_at"]
