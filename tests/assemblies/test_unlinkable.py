"""Secret ballots cannot be linked to voters through the database, while the poll is open and
after (issue 11, F7): read with raw SQL, including SQLite's rowid and PostgreSQL's ctid and
xmin, as someone with a backup or a replica would."""

from __future__ import annotations

from typing import Any

from django.db import connection

from tests.assemblies.conftest import Hall
from tests.assemblies.test_votes import make_poll
from verbund.assemblies import services
from verbund.assemblies.models import Ballot, BallotBox, Poll, VoteRecord


def _system_columns() -> str:
    """The physical position and the writing transaction of a row, as SQL can read them."""
    return "ctid::text, xmin::text" if connection.vendor == "postgresql" else "rowid, ''"


def _rows(model: Any, poll: Poll) -> list[tuple[Any, ...]]:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_system_columns()}, * FROM {table} WHERE poll_id = %s",
            [poll.pk],
        )
        return list(cursor.fetchall())


def _ballot_side(poll: Poll) -> dict[str, Any]:
    """Everything stored about the ballots of ``poll`` (not about who voted)."""
    ballots = _rows(Ballot, poll)
    boxes = _rows(BallotBox, poll)
    return {
        "ballots": [row[2:] for row in ballots],
        "box": [row[-1] for row in boxes],
        "box_rows": len(boxes),
    }


def test_three_secret_ballots_give_no_link_to_their_voters_while_open(hall: Hall) -> None:
    # Two polls, the same three voters in the same order, the answers handed out differently.
    first = services.open_poll(hall.chair, make_poll(hall, secret=True, title="Satzung"))
    second = services.open_poll(hall.chair, make_poll(hall, secret=True, title="Beitrag"))
    for index, choice in enumerate(["yes", "no", "abstain"]):
        services.cast_vote(hall.person(index), first, {"choice": choice})
    for index, choice in enumerate(["abstain", "yes", "no"]):
        services.cast_vote(hall.person(index), second, {"choice": choice})

    for poll in (first, second):
        # No ballot is a row of its own: nothing with a rowid, ctid or xmin per ballot …
        assert _rows(Ballot, poll) == []
        # … only one row of counts, the same whoever gave which answer.
        side = _ballot_side(poll)
        assert side["box_rows"] == 1
        # The has-voted register names the voters and nothing of their answers.
        register = _rows(VoteRecord, poll)
        assert len(register) == 3
        columns = [
            c.name
            for c in connection.introspection.get_table_description(
                connection.cursor(), VoteRecord._meta.db_table
            )
        ]
        assert sorted(columns) == ["id", "participant_id", "poll_id"]
    first_box = BallotBox.objects.get(poll=first).counts
    second_box = BallotBox.objects.get(poll=second).counts
    assert (
        first_box
        == second_box
        == {
            '{"choice":"abstain"}': 1,
            '{"choice":"no"}': 1,
            '{"choice":"yes"}': 1,
        }
    )
    # Even the stored text is the same: the key order does not follow the order of voting.
    assert _ballot_side(first)["box"] == _ballot_side(second)["box"]

    # (On PostgreSQL the box row's xmin is the transaction of the last voter, who added one
    # ballot to counts that do not say which; docs/assemblies.md states this limit.)


def test_after_closing_the_ballots_are_written_out_at_once_and_in_random_order(
    hall: Hall,
) -> None:
    poll = services.open_poll(hall.chair, make_poll(hall, secret=True))
    for index, choice in enumerate(["yes", "no", "abstain"]):
        services.cast_vote(hall.person(index), poll, {"choice": choice})
    poll = services.close_poll(hall.chair, poll)
    ballots = _rows(Ballot, poll)
    register = _rows(VoteRecord, poll)
    assert len(ballots) == len(register) == 3
    assert not BallotBox.objects.filter(poll=poll).exists()
    if connection.vendor == "postgresql":
        # One transaction wrote every ballot and every register row: no xmin per voter.
        assert {row[1] for row in ballots} | {row[1] for row in register} == {ballots[0][1]}
    assert poll.result["weights"] == {"yes": 1, "no": 1, "abstain": 1}
    assert poll.result["voters"] == 3
