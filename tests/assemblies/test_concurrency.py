"""Parallel submissions on PostgreSQL, through real parallel connections (one per thread)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.assemblies.conftest import build_hall
from verbund.assemblies import services
from verbund.assemblies.models import Ballot, BallotBox, Poll, VoteRecord

pytestmark = [pytest.mark.postgres_only]


@pytest.fixture(autouse=True)
def _postgres_only(transactional_db: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time anyway")


def run_in_parallel(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run the jobs at the same moment, each on its own database connection."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def worker(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = jobs[index]()
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_parallel_double_submissions_count_once() -> None:
    hall = build_hall(2)
    poll = services.save_poll(
        hall.chair, hall.conference, {"kind": "vote", "title": "Satzung", "secret": True}
    )
    services.open_poll(hall.chair, poll)
    voter = hall.person(0)
    outcomes = run_in_parallel(
        [lambda: services.cast_vote(voter, poll, {"choice": "yes"}) for _ in range(8)]
    )
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert outcomes.count(None) == 1, outcomes
    assert len(refused) == 7
    assert all(error.code == "already_voted" for error in refused)
    assert sum(BallotBox.objects.get(poll=poll).counts.values()) == 1
    assert VoteRecord.objects.filter(poll=poll).count() == 1


def test_votes_racing_the_close_are_counted_or_refused_never_lost() -> None:
    hall = build_hall(10)
    poll = services.save_poll(
        hall.chair, hall.conference, {"kind": "vote", "title": "Resolution", "secret": True}
    )
    services.open_poll(hall.chair, poll)
    jobs: list[Callable[[], Any]] = [
        (lambda person=d.person: services.cast_vote(person, poll, {"choice": "yes"}))
        for d in hall.delegates
    ]
    jobs.insert(5, lambda: services.close_poll(hall.chair, poll))
    outcomes = run_in_parallel(jobs)
    vote_outcomes = outcomes[:5] + outcomes[6:]
    accepted = vote_outcomes.count(None)
    refused = [o for o in vote_outcomes if isinstance(o, ValidationError)]
    assert accepted + len(refused) == 10, outcomes
    assert all(error.code == "not_open" for error in refused)
    closed = Poll.objects.get(pk=poll.pk)
    assert closed.result["ballots"] == accepted == Ballot.objects.filter(poll=poll).count()
    assert closed.result["voters"] == accepted
    assert closed.result["weights"]["yes"] == accepted
    # And a vote after the stop is refused.
    late = [d for d in hall.delegates if not VoteRecord.objects.filter(poll=poll, participant=d)]
    if late:
        with pytest.raises(ValidationError):
            services.cast_vote(late[0].person, poll, {"choice": "no"})
    assert Ballot.objects.filter(poll=poll).count() == accepted
