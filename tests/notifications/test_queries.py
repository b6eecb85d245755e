"""The reads of notifications cost a fixed number of queries, however many people and notices
there are."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PersonFactory
from verbund.notifications import queries, services
from verbund.notifications.taxonomy import Delivery, NoticeKind

pytestmark = pytest.mark.django_db


def test_counts_and_choices_are_one_query_each(assert_max_queries: Any) -> None:
    people = [PersonFactory() for _ in range(4)]
    services.notify(people, NoticeKind.TASKS, "Aufgabe", email=False)
    services.notify(people[:2], NoticeKind.MEETINGS, "Einladung", email=False)
    services.set_preferences(people[0], people[0], {NoticeKind.TASKS: Delivery.DAILY})
    with assert_max_queries(1):
        assert queries.unread_count(people[0]) == 2
    with assert_max_queries(1):
        choices = queries.deliveries(people[0])
    assert choices[NoticeKind.TASKS] == Delivery.DAILY
    with assert_max_queries(1):
        by_person = queries.deliveries_for([p.pk for p in people], NoticeKind.TASKS)
    assert by_person[people[0].pk] == Delivery.DAILY
    assert by_person[people[3].pk] == Delivery.IMMEDIATE
    with assert_max_queries(1):
        assert len(list(queries.for_person(people[1]))) == 2


def test_the_digest_reads_all_waiting_notices_at_once(assert_max_queries: Any) -> None:
    people = [PersonFactory() for _ in range(5)]
    for person in people[:3]:
        services.set_preferences(person, person, {NoticeKind.TASKS: Delivery.DAILY})
    services.notify(people, NoticeKind.TASKS, "Aufgabe", email=True)
    with assert_max_queries(1):
        daily = list(queries.waiting_for_digest(Delivery.DAILY))
    assert {n.person_id for n in daily} == {p.pk for p in people[:3]}
