"""Elections: methods, ballot validity, ties and runoffs, and the elected taking their seats."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.assemblies.conftest import Hall, build_hall
from tests.factories import PersonFactory
from verbund.assemblies import queries, services
from verbund.assemblies.models import Candidate, Poll
from verbund.networks import services as network_services
from verbund.networks.models import Body, Seat


def make_body(hall: Hall, kind: str = "board") -> Body:
    return network_services.save_body(hall.coordinator, hall.network, {"kind": kind})


def make_election(hall: Hall, body: Body, names: list[str], **data: Any) -> Poll:
    data.setdefault("kind", "election")
    data.setdefault("title", "Wahl des Vorstands")
    data.setdefault("body", body)
    data.setdefault("term_starts_on", datetime.date(2026, 5, 12))
    data.setdefault("term_ends_on", datetime.date(2028, 5, 11))
    poll = services.save_poll(hall.coordinator, hall.conference, data)
    for name in names:
        services.add_candidate(hall.chair, poll, name)
    return poll


def ids(poll: Poll) -> dict[str, str]:
    return {c.name: str(c.pk) for c in Candidate.objects.filter(poll=poll)}


def test_yes_no_per_candidate_elects_and_installs_seats(hall: Hall) -> None:
    body = make_body(hall, "speaker_council")
    poll = make_election(hall, body, ["Aylin", "Boris", "Chiara"], seats=2, secret=True)
    services.open_poll(hall.chair, poll)
    c = ids(poll)
    ballots = [
        {c["Aylin"]: "yes", c["Boris"]: "yes", c["Chiara"]: "no"},
        {c["Aylin"]: "yes", c["Boris"]: "no", c["Chiara"]: "yes"},
        {c["Aylin"]: "yes", c["Boris"]: "yes", c["Chiara"]: "no"},
        {c["Aylin"]: "abstain", c["Boris"]: "yes"},  # a missing mark is an abstention
    ]
    for index, answer in enumerate(ballots):
        services.cast_vote(hall.person(index), poll, answer)
    poll = services.close_poll(hall.chair, poll)
    rows = {row["name"]: row for row in poll.result["candidates"]}
    assert (rows["Aylin"]["yes"], rows["Aylin"]["abstain"]) == (3, 1)
    assert (rows["Boris"]["yes"], rows["Boris"]["no"]) == (3, 1)
    assert rows["Chiara"]["eligible"] is False  # more no than yes
    assert sorted(poll.result["elected"]) == sorted([int(c["Aylin"]), int(c["Boris"])])
    assert queries.tally(poll) == poll.result
    with pytest.raises(PermissionDenied):
        services.install_elected(hall.person(0), poll)
    seats = services.install_elected(hall.coordinator, poll)
    assert sorted(s.holder_name for s in seats) == ["Aylin", "Boris"]
    current = Seat.objects.current(datetime.date(2026, 6, 1)).filter(body=body)
    assert sorted(current.values_list("holder_name", flat=True)) == ["Aylin", "Boris"]
    assert all(s.ends_on == datetime.date(2028, 5, 11) for s in current)
    with pytest.raises(ValidationError):
        services.install_elected(hall.coordinator, poll)  # only once


def test_votes_per_seat_respects_limits(hall: Hall) -> None:
    body = make_body(hall)
    poll = make_election(
        hall, body, ["A", "B", "C", "D"], seats=3, method="per_seat", max_votes_per_candidate=2
    )
    services.open_poll(hall.chair, poll)
    c = ids(poll)
    with pytest.raises(ValidationError):  # four votes for three seats
        services.cast_vote(hall.person(0), poll, {c["A"]: 2, c["B"]: 2})
    with pytest.raises(ValidationError):  # three votes for one candidate
        services.cast_vote(hall.person(0), poll, {c["A"]: 3})
    with pytest.raises(ValidationError):  # not a candidate
        services.cast_vote(hall.person(0), poll, {"999999": 1})
    services.cast_vote(hall.person(0), poll, {c["A"]: 2, c["B"]: 1})
    services.cast_vote(hall.person(1), poll, {c["B"]: 1, c["C"]: 1, c["D"]: 1})
    services.cast_vote(hall.person(2), poll, {c["A"]: 1, c["C"]: 2})
    services.cast_vote(hall.person(3), poll, {})  # an empty ballot is valid: no votes
    poll = services.close_poll(hall.chair, poll)
    votes = {row["name"]: row["votes"] for row in poll.result["candidates"]}
    assert votes == {"A": 3, "B": 2, "C": 3, "D": 1}
    assert poll.result["ballots"] == 4
    elected = {row["name"] for row in poll.result["candidates"] if row["elected"]}
    assert elected == {"A", "B", "C"}


def test_tie_for_the_last_seat_goes_to_a_runoff(db: Any) -> None:
    hall = build_hall(4)
    body = make_body(hall)
    poll = make_election(hall, body, ["A", "B", "C"], seats=2, method="per_seat")
    services.open_poll(hall.chair, poll)
    c = ids(poll)
    for index, answer in enumerate(
        [{c["A"]: 1, c["B"]: 1}, {c["A"]: 1, c["C"]: 1}, {c["A"]: 1}, {}]
    ):
        services.cast_vote(hall.person(index), poll, answer)
    poll = services.close_poll(hall.chair, poll)
    assert poll.result["elected"] == [int(c["A"])]
    assert sorted(poll.result["tied"]) == sorted([int(c["B"]), int(c["C"])])
    assert poll.result["open_seats"] == 1
    runoff = services.create_runoff(hall.chair, poll)
    assert runoff.seats == 1 and runoff.runoff_of == poll
    assert sorted(runoff.candidates.values_list("name", flat=True)) == ["B", "C"]
    services.open_poll(hall.chair, runoff)
    r = ids(runoff)
    services.cast_vote(hall.person(0), runoff, {r["C"]: 1})
    services.cast_vote(hall.person(1), runoff, {r["C"]: 1})
    services.cast_vote(hall.person(2), runoff, {r["B"]: 1})
    runoff = services.close_poll(hall.chair, runoff)
    services.install_elected(hall.coordinator, poll)
    services.install_elected(hall.coordinator, runoff)
    assert sorted(Seat.objects.filter(body=body).values_list("holder_name", flat=True)) == [
        "A",
        "C",
    ]
    with pytest.raises(ValidationError):
        services.create_runoff(hall.chair, runoff)


def test_election_needs_a_body_of_this_network_and_candidates(hall: Hall) -> None:
    other_admin = PersonFactory()
    from tests.factories import make_organization

    foreign = network_services.save_body(
        other_admin, make_organization(admin=other_admin), {"kind": "board"}
    )
    with pytest.raises(ValidationError):
        services.save_poll(
            hall.coordinator,
            hall.conference,
            {"kind": "election", "title": "x", "body": foreign},
        )
    poll = make_election(hall, make_body(hall), [])
    with pytest.raises(ValidationError):
        services.open_poll(hall.chair, poll)
    with pytest.raises(PermissionDenied):
        services.add_candidate(hall.person(0), poll, "Ich")


def test_the_election_page_says_election_and_explains_its_result(hall: Hall) -> None:
    from django.test import Client
    from django.urls import reverse

    body = make_body(hall, "speaker_council")
    poll = make_election(hall, body, ["Aylin", "Boris"], seats=1)
    client = Client()
    client.force_login(hall.chair)
    url = reverse("assemblies:poll", args=[poll.pk])
    draft = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Wahl starten" in draft and "Abstimmung starten" not in draft
    services.open_poll(hall.chair, poll)
    c = ids(poll)
    for index in range(3):
        services.cast_vote(hall.person(index), poll, {c["Aylin"]: "yes", c["Boris"]: "no"})
    services.close_poll(hall.chair, poll)
    page = client.get(url).content.decode()
    result = page.split('class="table result"', 1)[1].split("</table>", 1)[0]
    # A yes/no election has no "votes" column that would always read 0.
    assert ">Stimmen<" not in result and ">Ja<" in result
    assert "1 von 1 Sitz besetzt." in page
    vote = services.save_poll(
        hall.chair, hall.conference, {"kind": "vote", "title": "Antrag", "secret": False}
    )
    named = client.get(reverse("assemblies:poll", args=[vote.pk])).content.decode()
    assert "namentlich" in named and "benannt" not in named
