"""Demo data of the exchange: offers and needs among the associations and partner
institutions of the networking talk (Mönchengladbach) and the members of MIGRANET-MV —
rooms, press work, translation —, a request with a booking, and one joint project with cost
shares and a contribution in kind.

Everything is written through the services with ``DEMO_LOADER``; the organisations are the
seed organisations of the registry, the texts invented.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from verbund.core.actors import DEMO_LOADER
from verbund.exchange import services
from verbund.exchange.models import Post
from verbund.organizations.models import Organization

# (owner slug, data)
POSTS: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "gesamtschule-mg-nord",
        {
            "direction": "offer",
            "kind": "room",
            "title": "Aula und zwei Klassenräume am Abend",
            "description": "Nach 17 Uhr für Elternabende und Kurse der Vereine, mit Beamer.",
            "capacity": 120,
            "step_free": True,
            "equipment": "Beamer, Lautsprecher, Stühle",
            "weekdays": [0, 1, 3],
            "time_from": datetime.time(17),
            "time_to": datetime.time(22),
            "languages": ["de"],
            "themes": ["education_family", "youth"],
        },
    ),
    (
        "irfan",
        {
            "direction": "need",
            "kind": "room",
            "title": "Raum für den Elternabend dienstags",
            "description": "Für 25 Eltern, möglichst barrierefrei, 18 bis 21 Uhr.",
            "capacity": 25,
            "weekdays": [1],
            "time_from": datetime.time(18),
            "time_to": datetime.time(21),
            "languages": ["de", "tr", "ku"],
            "themes": ["education_family"],
        },
    ),
    (
        "radio-mh",
        {
            "direction": "offer",
            "kind": "skill",
            "skill": "press",
            "title": "Pressearbeit und Radiobeiträge für Vereine",
            "description": "Wir schreiben Pressemitteilungen und kennen die lokale Presse.",
            "languages": ["de", "fr", "ru"],
            "themes": ["culture", "empowerment"],
        },
    ),
    (
        "le-cri-des-opprimes",
        {
            "direction": "offer",
            "kind": "skill",
            "skill": "translation",
            "title": "Dolmetschen Französisch und Lingála",
            "language_pairs": ["fr>de", "ln>de"],
            "languages": ["fr", "ln", "de"],
            "themes": ["refugees_asylum"],
            "visibility": "networks",
        },
    ),
    (
        "jugendamt-mg",
        {
            "direction": "offer",
            "kind": "money",
            "title": "Zuschuss für Ferienprogramme",
            "description": "Bis zu 1.500 Euro für ein gemeinsames Ferienprogramm mehrerer Vereine.",
            "amount": 1500,
            "themes": ["youth"],
        },
    ),
    (
        "vietnamesischer-verein-rostock",
        {
            "direction": "offer",
            "kind": "room",
            "title": "Vereinsraum in Rostock-Lichtenhagen",
            "capacity": 40,
            "weekdays": [1, 2, 4],
            "time_from": datetime.time(16),
            "time_to": datetime.time(21),
            "cost": "at_cost",
            "price_note": "20 Euro pro Abend für die Reinigung",
            "languages": ["de", "vi"],
            "themes": ["culture"],
        },
    ),
    (
        "russischsprachiger-kulturverein-schwerin",
        {
            "direction": "offer",
            "kind": "skill",
            "skill": "translation",
            "title": "Übersetzungen Russisch und Ukrainisch",
            "language_pairs": ["ru>de", "uk>de", "de>ru"],
            "languages": ["ru", "uk", "de"],
            "visibility": "networks",
        },
    ),
    (
        "internationaler-studierendenclub-greifswald",
        {
            "direction": "need",
            "kind": "skill",
            "skill": "press",
            "title": "Hilfe bei der Pressemitteilung zum Sommerfest",
            "languages": ["de", "en", "ar"],
            "themes": ["culture", "youth"],
        },
    ),
    (
        "afrikanischer-verein-neubrandenburg",
        {
            "direction": "need",
            "kind": "volunteers",
            "title": "Helferinnen und Helfer für das Afrika-Fest",
            "languages": ["de", "fr", "en"],
            "themes": ["culture"],
        },
    ),
)


def _organisations(slugs: set[str]) -> dict[str, Organization]:
    return {o.slug: o for o in Organization.objects.filter(slug__in=slugs)}


def load(people: dict[str, Any]) -> None:
    if Post.objects.exists():
        return
    found = _organisations({slug for slug, _data in POSTS} | {"fabro"})
    posts: dict[str, Post] = {}
    for slug, data in POSTS:
        if slug in found:
            posts[slug] = services.save_post(DEMO_LOADER, found[slug], data)
    school, irfan = posts.get("gesamtschule-mg-nord"), found.get("irfan")
    if school is not None and irfan is not None:
        today = timezone.localdate()
        tuesday = today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)
        start = timezone.make_aware(datetime.datetime.combine(tuesday, datetime.time(18)))
        booking = services.request_booking(
            DEMO_LOADER,
            school,
            irfan,
            start,
            start + datetime.timedelta(hours=3),
            "Elternabend zur Berufsorientierung, etwa 25 Eltern.",
        )
        services.accept_booking(DEMO_LOADER, booking)
    partners = [found[s] for s in ("radio-mh", "le-cri-des-opprimes") if s in found]
    if irfan is not None and partners:
        project = services.create_project(
            DEMO_LOADER,
            irfan,
            {
                "title": "Interkulturelles Stadtteilfest Mönchengladbach",
                "description": "Ein gemeinsames Fest der Vereine des Verbunds mit Bühne, "
                "Ständen und einem Radioprogramm.",
            },
            partners,
        )
        for partner in project.partners.all():
            if partner.accepted_at is None:
                services.accept_partnership(DEMO_LOADER, partner)
        members = {p.organization.slug: p for p in project.partners.select_related("organization")}
        shares = {p.pk: ("percent", 100 // len(members)) for p in members.values()}
        services.save_cost_line(DEMO_LOADER, project, "Bühne und Technik", 1800, shares)
        services.save_cost_line(
            DEMO_LOADER,
            project,
            "Plakate und Flyer",
            450,
            {
                members["irfan"].pk: ("amount", 250),
                **({members["radio-mh"].pk: ("amount", 200)} if "radio-mh" in members else {}),
            },
        )
        if "radio-mh" in members:
            services.add_contribution(
                DEMO_LOADER, members["radio-mh"], "Moderation und Live-Sendung (8 Stunden)", 400
            )
