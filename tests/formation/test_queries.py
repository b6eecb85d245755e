"""The reads of a network in formation cost a fixed number of queries, however many
candidates, contacts and steps there are."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PersonFactory
from tests.formation.test_formation import _partners
from verbund.formation import queries, services
from verbund.formation.models import Formation
from verbund.formation.taxonomy import CandidateStatus, Phase

pytestmark = pytest.mark.django_db


def test_partner_search_is_one_query_for_any_number_of_matches(
    formation: Formation, assert_max_queries: Any
) -> None:
    _partners()
    with assert_max_queries(2):
        found = queries.candidate_partners(formation, themes=["education_family"], max_km=100)
    assert [s.organization.name for s in found][:2] == ["Radio MH", "Le Cri Des Opprimés"]


def test_the_detail_page_reads_cost_a_query_each(
    formation: Formation, founder: Any, assert_max_queries: Any
) -> None:
    partners = _partners()
    for key in ("near", "halle", "berlin"):
        candidate = services.add_candidate(founder, formation, partners[key])
        services.log_contact(
            founder, formation, {"candidate": candidate, "channel": "phone", "note": key}
        )
    with assert_max_queries(1):
        progress = queries.phases(formation)
    assert [p.phase for p in progress] == list(Phase.values)
    with assert_max_queries(1):
        assert queries.current_phase(formation) == progress[0].phase
    with assert_max_queries(1):
        candidates = queries.candidates_of(formation)
    assert {c.organization.name for c in candidates} >= {"Radio MH"}
    with assert_max_queries(1):
        contacts = queries.contacts_of(formation)
    assert {c.candidate.organization.name for c in contacts} == {
        "Radio MH",
        "Le Cri Des Opprimés",
        "Verein in Berlin",
    }


def test_formations_of_a_person_is_one_query(
    formation: Formation, founder: Any, assert_max_queries: Any
) -> None:
    partners = _partners()
    partner_admin = PersonFactory()
    from verbund.core.actors import OPERATOR
    from verbund.organizations import services as organization_services

    organization_services.add_person(OPERATOR, partners["near"], partner_admin, "admin")
    candidate = services.add_candidate(founder, formation, partners["near"])
    services.set_candidate_status(founder, candidate, CandidateStatus.AGREED)
    for person in (founder, partner_admin):
        with assert_max_queries(1):
            found = list(queries.formations_of(person))
        assert [f.pk for f in found] == [formation.pk]
        assert found[0].initiator.name  # selected with it
