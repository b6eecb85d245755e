"""A network in formation goes through the five phases: candidate partners from the directory
by theme, language and distance, a contact log, the cooperation agreement as a document, and
formalising founds a network with its members through the networks' services."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.defaultfilters import date
from django.test import Client
from django.utils import timezone

from tests.factories import PersonFactory, make_organization
from verbund.documents.models import Document
from verbund.formation import queries, services
from verbund.formation.models import Formation
from verbund.formation.taxonomy import CandidateStatus, FormationStatus, Phase
from verbund.networks.models import Membership
from verbund.networks.policy import is_coordinator

pytestmark = pytest.mark.django_db


def _partners() -> dict[str, Any]:
    return {
        "near": make_organization(
            name="Radio MH",
            city="Leipzig",
            federal_state="SN",
            postal_code="04107",
            themes=["education_family"],
            languages=["tr", "ru"],
        ),
        "halle": make_organization(
            name="Le Cri Des Opprimés",
            city="Halle (Saale)",
            federal_state="ST",
            postal_code="06108",
            themes=["education_family"],
            languages=["fr"],
        ),
        "berlin": make_organization(
            name="Verein in Berlin",
            city="Berlin",
            federal_state="BE",
            postal_code="10115",
            themes=["education_family"],
            languages=["tr"],
        ),
        "other_theme": make_organization(
            name="Sportverein Leipzig",
            city="Leipzig",
            federal_state="SN",
            postal_code="04109",
            themes=["youth"],
            languages=["tr"],
        ),
    }


def test_the_five_phases_start_as_checklists(formation: Formation, founder: Any) -> None:
    phases = queries.phases(formation)
    assert [p.phase for p in phases] == list(Phase.values)
    assert all(p.items for p in phases)
    assert queries.current_phase(formation) == Phase.PREPARATION
    for item in phases[0].items:
        services.set_step(founder, item, done=True)
    assert queries.current_phase(formation) == Phase.CONTACT


def test_candidates_by_theme_language_and_distance(formation: Formation) -> None:
    partners = _partners()
    by_theme = queries.candidate_partners(formation, themes=["education_family"])
    assert [s.organization for s in by_theme][:2] == [partners["near"], partners["halle"]]
    assert partners["other_theme"] not in [s.organization for s in by_theme]
    turkish = {s.organization for s in queries.candidate_partners(formation, languages=["tr"])}
    assert turkish == {partners["near"], partners["berlin"], partners["other_theme"]}
    near = queries.candidate_partners(formation, themes=["education_family"], max_km=50)
    assert [s.organization for s in near] == [partners["near"], partners["halle"]]
    assert near[0].distance_km is not None and near[0].distance_km < 5
    assert 20 < (near[1].distance_km or 0) < 40


def test_from_contact_to_a_founded_network(formation: Formation, founder: Any) -> None:
    partners = _partners()
    near = services.add_candidate(founder, formation, partners["near"])
    halle = services.add_candidate(founder, formation, partners["halle"])
    services.log_contact(
        founder, formation, {"candidate": near, "channel": "phone", "note": "Interesse am Verbund"}
    )
    near.refresh_from_db()
    assert near.status == CandidateStatus.CONTACTED
    with pytest.raises(ValidationError):
        services.formalise(founder, formation, city="Leipzig", federal_state="SN")

    agreement = services.start_agreement(founder, formation)
    assert Document.objects.get(pk=agreement.pk).organization == formation.initiator
    assert "Gemeinsam für Bildung" in agreement.latest_version.text
    services.set_candidate_status(founder, near, CandidateStatus.AGREED)
    services.set_candidate_status(founder, halle, CandidateStatus.DECLINED)
    network = services.formalise(founder, formation, city="Leipzig", federal_state="SN")

    members = set(Membership.objects.filter(network=network).values_list("member__name", flat=True))
    assert members == {"IRFAN Bildungs- und Kulturverein", "Radio MH"}
    assert is_coordinator(founder, network)
    formation.refresh_from_db()
    assert (formation.status, formation.network) == (FormationStatus.FORMALISED, network)


def test_only_the_initiators_people_run_it(formation: Formation) -> None:
    partners = _partners()
    stranger = PersonFactory()
    with pytest.raises(PermissionDenied):
        services.add_candidate(stranger, formation, partners["near"])
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/de/formation/{formation.pk}/").status_code == 404
    assert client.post(f"/de/formation/{formation.pk}/agreement/").status_code == 404
    assert Client().get(f"/de/formation/{formation.pk}/").status_code == 302


def test_the_page_lists_phases_and_finds_partners(formation: Formation, founder: Any) -> None:
    partners = _partners()
    client = Client()
    client.force_login(founder)
    page = client.get(
        f"/de/formation/{formation.pk}/?themes=education_family&languages=tr&max_km=300"
    ).content.decode()
    assert 'id="phase-preparation"' in page and 'aria-current="step"' in page
    suggestions = page[page.index('id="suggestions"') :]
    assert "Radio MH" in suggestions and "Verein in Berlin" in suggestions
    assert "Sportverein" not in suggestions
    start = page.index('id="partner-search"')
    search_form = page[start : page.index("</form>", start)]
    assert 'value="tr"' in search_form and "Türkisch" in search_form  # by name, not by code
    response = client.get(f"/de/formation/{formation.pk}/?languages=xx")
    assert "xx" in response.content.decode() and "form-errors" in response.content.decode()
    client.post(f"/de/formation/{formation.pk}/candidates/", {"organization": partners["near"].pk})
    assert formation.candidates.get().organization == partners["near"]


def test_the_checklist_and_its_dates_are_in_the_readers_language(
    formation: Formation, founder: Any
) -> None:
    from django.utils import translation

    step = formation.checklist.order_by("position").first()
    assert step is not None
    with translation.override("de"):  # the founder started it on a German page
        services.set_step(founder, step, True)
    client = Client()
    client.force_login(founder)
    german = client.get(f"/de/formation/{formation.pk}/").content.decode()
    russian = client.get(f"/ru/formation/{formation.pk}/").content.decode()
    english = client.get(f"/en/formation/{formation.pk}/").content.decode()
    with translation.override("ru"):
        russian_step = translation.gettext("Write down the goal of the network")
    with translation.override("de"):
        german_step = translation.gettext("Write down the goal of the network")
    assert german_step != russian_step
    assert german_step in german and russian_step in russian and german_step not in russian
    assert "Write down the goal of the network" in english
    done_day = step.done_at or formation.checklist.get(pk=step.pk).done_at
    assert done_day is not None
    # Russian needs the genitive after the day number: "7 декабря", never "7. Декабрь".
    with translation.override("ru"):
        assert date(timezone.localtime(done_day), "DATE_FORMAT") in russian
    assert ". Декабр" not in russian
