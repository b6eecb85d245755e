"""Demo data of documents: the papers the BKMO committees are working on, and MIGRANET-MV's
catalogue of political demands, published on its profile.

The committee papers are drafts in progress — a draft law on participation in its second
version and open for comments, an anti-racism agenda with comments, a paper on multilingual
schooling just started. The demands follow the six headings of the seed text, written in our
own words. Everything goes through the services, as the network's office would do it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from verbund.documents import services
from verbund.documents.models import Document
from verbund.documents.taxonomy import DocumentKind, DocumentStatus
from verbund.networks.demo import BKMO_OFFICE_EMAIL
from verbund.networks.models import Body
from verbund.organizations.demo_data import BKMO, MIGRANET
from verbund.organizations.models import Organization

PARTICIPATION_LAW_V1 = """\
Menschen aus Einwanderungsfamilien sollen gleichberechtigt an Politik und Verwaltung teilhaben.

Die Bundesministerien beteiligen Migrant*innenorganisationen an allen Vorhaben, die sie betreffen.

Ein Rat für die Gestaltung der Einwanderungsgesellschaft berät Bundestag und Bundesregierung."""

PARTICIPATION_LAW_V2 = """\
Menschen aus Einwanderungsfamilien haben das Recht, gleichberechtigt an Politik, Verwaltung und \
öffentlichem Leben teilzuhaben.

Die Bundesministerien beteiligen Migrant*innenorganisationen frühzeitig an allen Gesetzen und \
Programmen, die sie betreffen, und begründen, wie sie deren Stellungnahmen berücksichtigt haben.

Ein Rat für die Gestaltung der Einwanderungsgesellschaft mit gesetzlicher Grundlage wirkt an \
Gesetzentwürfen mit.

Die Bundesverwaltung setzt sich Ziele für die Vielfalt ihres Personals und berichtet jährlich."""

ANTI_RACISM_AGENDA = """\
Rassismus ist kein Randproblem, sondern betrifft Schule, Arbeit, Wohnen und Behörden.

Wir fordern unabhängige Beratungsstellen gegen Rassismus in jeder Region, dauerhaft finanziert.

Behörden erfassen rassistische Vorfälle einheitlich und veröffentlichen die Zahlen."""

MULTILINGUAL_SCHOOL = """\
Mehrsprachigkeit ist eine Stärke; Schulen sollen Herkunftssprachen als Fach anbieten.

Lehrkräfte lernen in Aus- und Fortbildung, mit Mehrsprachigkeit zu arbeiten."""

MIGRANET_DEMANDS = """\
1. Politische Teilhabe: Das Land setzt sich für das kommunale Wahlrecht aller Migrantinnen \
und Migranten ein, die seit mindestens vier Jahren hier leben, und unterstützt die Gründung \
von Beiräten als gewählte Vertretung in den Kommunen.

2. Integrationskonzept umsetzen: Vertreterinnen und Vertreter der Migrantenorganisationen \
wirken in den Ausschüssen und Kommissionen des Landes zur Integration mit.

3. Gegen Rechtsextremismus, Antisemitismus und Rassismus: Alle demokratischen Kräfte \
arbeiten auf allen Ebenen zusammen, damit rechtsextreme Parteien keinen Raum bekommen.

4. Bessere Lebensbedingungen für Geflüchtete: Zugang zu Integrationskursen unabhängig vom \
Aufenthaltsstatus, dezentrale Unterbringung und ausreichende Sozialleistungen.

5. Diskriminierung abbauen: Rechtliche Ungleichbehandlung nach Herkunft, Hautfarbe oder \
Religion wird abgeschafft.

6. Selbstorganisation fördern: Das Land fördert das Netzwerk dauerhaft und verankert \
Integration als Aufgabe in der Landesverfassung."""


def _committee(network: Organization, name: str) -> Body | None:
    return Body.objects.filter(organization=network, name=name).first()


def _bkmo_papers(bkmo: Organization, office: Any, reviewer: Any) -> None:
    participation = _committee(bkmo, "Gesellschaftliche und politische Teilhabe und Repräsentanz")
    law = services.create_document(
        office,
        bkmo,
        {
            "kind": DocumentKind.POLICY_PAPER,
            "title": "Entwurf für ein Bundespartizipationsgesetz",
            "summary": "Der Ausschuss arbeitet an der zweiten Fassung.",
            "body": participation,
        },
        text=PARTICIPATION_LAW_V1,
    )
    services.add_version(
        office,
        law,
        text=PARTICIPATION_LAW_V2,
        note="Rückmeldungen aus der Ausschusssitzung eingearbeitet",
    )
    law.refresh_from_db()
    services.set_status(office, law, DocumentStatus.CONSULTATION)
    latest = law.versions.order_by("-number").first()
    assert latest is not None
    services.comment(
        reviewer,
        latest,
        2,
        "Sollen die Länder ebenfalls verpflichtet werden? Das sollten wir ausdrücklich sagen.",
    )
    empowerment = _committee(bkmo, "Empowerment, Antirassismus und Flucht")
    agenda = services.create_document(
        office,
        bkmo,
        {
            "kind": DocumentKind.POLICY_PAPER,
            "title": "Antirassismus-Agenda",
            "summary": "Forderungen an die Bundesregierung; Entwurf des Ausschusses.",
            "body": empowerment,
        },
        text=ANTI_RACISM_AGENDA,
    )
    first = agenda.versions.get()
    services.comment(reviewer, first, 2, "Bitte eine Zahl nennen: wie viele Stellen je Land?")
    services.comment(office, first, 3, "Hier fehlt noch der Bezug auf die Polizei.")
    education = _committee(bkmo, "Bildung")
    services.create_document(
        office,
        bkmo,
        {
            "kind": DocumentKind.STATEMENT,
            "title": "Mehrsprachigkeit in der Schule",
            "summary": "Erste Stichpunkte des Ausschusses.",
            "body": education,
        },
        text=MULTILINGUAL_SCHOOL,
    )


def _migranet_demands(migranet: Organization, author: Any) -> None:
    demands = services.create_document(
        author,
        migranet,
        {
            "kind": DocumentKind.DEMANDS_CATALOGUE,
            "title": "Politische Forderungen des Netzwerks",
            "summary": "Sechs Forderungen an Landesregierung und Kommunen in MV.",
        },
        text=MIGRANET_DEMANDS,
    )
    services.set_status(author, demands, DocumentStatus.ADOPTED)
    demands.refresh_from_db()
    services.publish(author, demands)


def load(people: dict[str, Any]) -> None:
    found = Organization.objects.in_bulk([BKMO, MIGRANET], field_name="slug")
    office = get_user_model().objects.filter(email=BKMO_OFFICE_EMAIL).first()
    if BKMO in found and office and not Document.objects.filter(organization=found[BKMO]).exists():
        _bkmo_papers(found[BKMO], office, people["admin"])
    if MIGRANET in found and not Document.objects.filter(organization=found[MIGRANET]).exists():
        _migranet_demands(found[MIGRANET], people["org_admin"])
