"""Votes: entitlement, proxies, weights, result bases, opening and closing, secrecy."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tests.assemblies.conftest import Hall, build_hall
from tests.factories import PersonFactory
from verbund.assemblies import queries, services
from verbund.assemblies.models import Ballot, BallotBox, Poll, VoteRecord
from verbund.assemblies.taxonomy import Majority, PollStatus, ResultBase
from verbund.core.models import AuditEntry


def make_poll(hall: Hall, **data: Any) -> Poll:
    data.setdefault("kind", "vote")
    data.setdefault("title", "Antrag 1: Beitragsordnung")
    data.setdefault("secret", False)
    return services.save_poll(hall.chair, hall.conference, data)


def test_named_vote_counts_each_choice_and_publishes_result(hall: Hall) -> None:
    poll = services.open_poll(hall.chair, make_poll(hall))
    assert poll.entitled_weight == 4
    for index, choice in enumerate(["yes", "yes", "no", "abstain"]):
        services.cast_vote(hall.person(index), poll, {"choice": choice})
    poll = services.close_poll(hall.chair, poll)
    assert poll.result["weights"] == {"yes": 2, "no": 1, "abstain": 1}
    assert poll.result["base"] == 4
    assert poll.result["percent"]["yes"] == 50.0
    assert poll.result["adopted"] is True  # simple majority: more yes than no
    named = Ballot.objects.filter(poll=poll, voter=hall.delegates[2]).get()
    assert named.answer == {"choice": "no"}


@pytest.mark.parametrize(
    ("base", "majority", "expected_base", "adopted"),
    [
        (ResultBase.CAST, Majority.MORE_THAN_HALF, 4, False),  # 2 of 4 is not more than half
        (ResultBase.YES_NO, Majority.MORE_THAN_HALF, 3, True),  # 2 of 3
        (ResultBase.ENTITLED, Majority.MORE_THAN_HALF, 5, False),  # 2 of 5 entitled
        (ResultBase.YES_NO, Majority.TWO_THIRDS, 3, True),
        (ResultBase.CAST, Majority.TWO_THIRDS, 4, False),
    ],
)
def test_result_base_and_majority(
    db: Any, base: str, majority: str, expected_base: int, adopted: bool
) -> None:
    hall = build_hall(5)
    poll = services.open_poll(hall.chair, make_poll(hall, result_base=base, majority=majority))
    for index, choice in enumerate(["yes", "yes", "no", "abstain"]):
        services.cast_vote(hall.person(index), poll, {"choice": choice})
    poll = services.close_poll(hall.chair, poll)
    assert poll.result["base"] == expected_base
    assert poll.result["adopted"] is adopted


def test_vote_weight_counts(db: Any) -> None:
    hall = build_hall(3, weights=[5, 1, 1])
    poll = services.open_poll(hall.chair, make_poll(hall))
    services.cast_vote(hall.person(0), poll, {"choice": "no"})
    services.cast_vote(hall.person(1), poll, {"choice": "yes"})
    services.cast_vote(hall.person(2), poll, {"choice": "yes"})
    poll = services.close_poll(hall.chair, poll)
    assert poll.result["weights"] == {"yes": 2, "no": 5, "abstain": 0}
    assert poll.result["adopted"] is False


def test_absent_delegates_guests_and_strangers_do_not_vote(hall: Hall) -> None:
    services.set_presence(hall.chair, hall.delegates[3], False)
    guest = PersonFactory()
    services.register(guest, hall.conference, "guest", consent=True)
    poll = services.open_poll(hall.chair, make_poll(hall))
    assert poll.entitled_weight == 3
    for outsider in (hall.person(3), guest, PersonFactory(), hall.chair):
        with pytest.raises(PermissionDenied):
            services.cast_vote(outsider, poll, {"choice": "yes"})
    assert Ballot.objects.filter(poll=poll).count() == 0


def test_proxy_holder_votes_for_the_giver_who_cannot_vote_himself(hall: Hall) -> None:
    giver, holder = hall.delegates[0], hall.delegates[1]
    services.set_presence(hall.chair, giver, False)  # the giver went home
    services.give_proxy(giver.person, giver, holder)
    poll = services.open_poll(hall.chair, make_poll(hall))
    assert poll.entitled_weight == 4  # the giver's vote is represented by the holder
    slots = queries.ballot_slots(holder.person, poll)
    assert [(s.participant.pk, s.by_proxy) for s in slots] == [(holder.pk, False), (giver.pk, True)]
    services.set_presence(hall.chair, giver, True)  # even back in the hall:
    with pytest.raises(PermissionDenied):
        services.cast_vote(giver.person, poll, {"choice": "yes"})
    services.cast_vote(holder.person, poll, {"choice": "yes"})
    services.cast_vote(holder.person, poll, {"choice": "no"}, participant=giver)
    with pytest.raises(ValidationError):
        services.cast_vote(holder.person, poll, {"choice": "no"}, participant=giver)
    with pytest.raises(PermissionDenied):  # nobody else uses that proxy
        services.cast_vote(hall.person(2), poll, {"choice": "no"}, participant=giver)
    poll = services.close_poll(hall.chair, poll)
    assert poll.result["weights"] == {"yes": 1, "no": 1, "abstain": 0}


def test_proxies_go_one_level_only(hall: Hall) -> None:
    first, second, third = hall.delegates[0], hall.delegates[1], hall.delegates[2]
    services.give_proxy(first.person, first, second)
    with pytest.raises(ValidationError) as passed_on:
        services.give_proxy(second.person, second, third)
    assert passed_on.value.code == "proxy_chain"
    with pytest.raises(ValidationError) as to_giver:
        services.give_proxy(third.person, third, first)
    assert to_giver.value.code == "proxy_chain"
    with pytest.raises(PermissionDenied):
        services.give_proxy(third.person, first, third)  # someone else's proxy


def test_proxies_are_frozen_while_a_poll_is_open(hall: Hall) -> None:
    services.open_poll(hall.chair, make_poll(hall))
    with pytest.raises(ValidationError):
        services.give_proxy(hall.person(0), hall.delegates[0], hall.delegates[1])


def test_only_the_chair_starts_and_stops(hall: Hall) -> None:
    poll = make_poll(hall)
    for someone in (hall.person(0), hall.member_admins[0], PersonFactory()):
        with pytest.raises(PermissionDenied):
            services.open_poll(someone, poll)
        with pytest.raises(PermissionDenied):
            services.save_poll(someone, hall.conference, {"kind": "vote", "title": "x"})
    poll = services.open_poll(hall.chair, poll)
    with pytest.raises(PermissionDenied):
        services.close_poll(hall.person(0), poll)


def test_no_vote_before_opening_or_after_closing(hall: Hall) -> None:
    poll = make_poll(hall)
    with pytest.raises(ValidationError):
        services.cast_vote(hall.person(0), poll, {"choice": "yes"})
    services.open_poll(hall.chair, poll)
    services.cast_vote(hall.person(0), poll, {"choice": "yes"})
    services.close_poll(hall.chair, poll)
    with pytest.raises(ValidationError) as late:
        services.cast_vote(hall.person(1), poll, {"choice": "yes"})
    assert late.value.code == "not_open"
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_second_submission_counts_once(hall: Hall) -> None:
    poll = services.open_poll(hall.chair, make_poll(hall, secret=True))
    services.cast_vote(hall.person(0), poll, {"choice": "yes"})
    with pytest.raises(ValidationError) as again:
        services.cast_vote(hall.person(0), poll, {"choice": "no"})
    assert again.value.code == "already_voted"
    # While the poll is open a secret ballot is a count in the box, not a row of its own.
    assert BallotBox.objects.get(poll=poll).counts == {'{"choice":"yes"}': 1}
    assert not Ballot.objects.filter(poll=poll).exists()


def test_invalid_answer_is_refused(hall: Hall) -> None:
    poll = services.open_poll(hall.chair, make_poll(hall))
    with pytest.raises(ValidationError):
        services.cast_vote(hall.person(0), poll, {"choice": "maybe"})
    assert not VoteRecord.objects.filter(poll=poll).exists()


def test_secret_ballots_carry_no_link_to_the_voter(hall: Hall) -> None:
    poll = services.open_poll(hall.chair, make_poll(hall, secret=True))
    for index, choice in enumerate(["yes", "no", "yes", "abstain"]):
        services.cast_vote(hall.person(index), poll, {"choice": choice})
    poll = services.close_poll(hall.chair, poll)

    table = Ballot._meta.db_table
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        cursor.execute(f"SELECT * FROM {table} WHERE poll_id = %s", [poll.pk])
        rows = cursor.fetchall()
    # Nothing on a ballot names, numbers or times the voter: random keys and no timestamps.
    assert sorted(columns) == ["answer", "id", "poll_id", "voter_id", "weight"]
    voter_column = columns.index("voter_id")
    assert all(row[voter_column] is None for row in rows)
    assert all(not str(row[columns.index("id")]).isdigit() for row in rows)
    person_ids = {str(d.person.pk) for d in hall.delegates} | {str(d.pk) for d in hall.delegates}
    for row in rows:
        answer = row[columns.index("answer")]
        assert not (set(str(answer).split()) & person_ids)
    register_columns = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), VoteRecord._meta.db_table
        )
    ]
    assert sorted(register_columns) == ["id", "participant_id", "poll_id"]
    # The audit log names no voter of a secret poll.
    actions = set(
        AuditEntry.objects.filter(target_id=str(poll.pk)).values_list("action", flat=True)
    )
    assert "poll.vote_cast" not in actions
    assert (
        not AuditEntry.objects.filter(actor__in=[d.person for d in hall.delegates])
        .filter(action__startswith="poll.")
        .exists()
    )


def test_recount_from_stored_ballots_matches_published_result(db: Any) -> None:
    hall = build_hall(6, weights=[2, 1, 1, 3, 1, 1])
    poll = services.open_poll(hall.chair, make_poll(hall, secret=True))
    for index, choice in enumerate(["yes", "no", "yes", "abstain", "yes", "no"]):
        services.cast_vote(hall.person(index), poll, {"choice": choice})
    poll = services.close_poll(hall.chair, poll)
    assert poll.result["weights"] == {"yes": 4, "no": 2, "abstain": 3}
    assert queries.tally(Poll.objects.get(pk=poll.pk)) == poll.result
    assert VoteRecord.objects.filter(poll=poll).count() == poll.result["voters"] == 6
    # Weighted secret ballots are stored as unit ballots: no rare weight points to a voter.
    assert set(Ballot.objects.filter(poll=poll).values_list("weight", flat=True)) == {1}


def test_closing_a_secret_poll_rewrites_its_rows(hall: Hall) -> None:
    poll = services.open_poll(hall.chair, make_poll(hall, secret=True))
    for index in range(4):
        services.cast_vote(hall.person(index), poll, {"choice": "yes"})
    before = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    register_before = set(VoteRecord.objects.filter(poll=poll).values_list("id", flat=True))
    services.close_poll(hall.chair, poll)
    after = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    assert len(after) == 4 and not (before & after)
    assert not (
        register_before & set(VoteRecord.objects.filter(poll=poll).values_list("id", flat=True))
    )


def test_every_state_change_is_audited(hall: Hall) -> None:
    poll = services.open_poll(hall.chair, make_poll(hall, secret=True))
    services.cast_vote(hall.person(0), poll, {"choice": "yes"})
    services.close_poll(hall.chair, poll)
    actions = list(
        AuditEntry.objects.filter(target_id=str(poll.pk), action__startswith="poll.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["poll.created", "poll.opened", "poll.closed"]
    closed = AuditEntry.objects.get(action="poll.closed", target_id=str(poll.pk))
    assert closed.changes["result"][1]["weights"]["yes"] == 1
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.CLOSED
