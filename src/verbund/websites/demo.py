"""Demo websites: BKMO (about, history since 2017, positions) and MIGRANET-MV (conferences,
demands), each with invented news in German and Arabic or Russian. Written through the
services with ``DEMO_LOADER``; the organisations are the registry's seed organisations, the
texts invented."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from verbund.core.actors import DEMO_LOADER
from verbund.organizations.models import Organization
from verbund.websites import queries, services

SITES: dict[str, dict[str, Any]] = {
    "bkmo": {
        "settings": {
            "enabled": True,
            "main_language": "de",
            "accent_color": "#1d4f91",
            "representatives": "Vorstand (vertretungsberechtigt je zwei gemeinsam)",
            "register_court": "Amtsgericht Berlin-Charlottenburg",
            "responsible_person": "Geschäftsstelle des Vorstands",
        },
        "pages": [
            (
                "about",
                {"de": "Über uns", "en": "About us"},
                {
                    "de": "Wir sind ein bundesweiter Zusammenschluss kommunaler Verbünde von "
                    "Migrant\\*innenorganisationen. Unsere Ziele:\n\n- Teilhabe vor Ort stärken\n"
                    "- Verbünde vernetzen\n- Stimme in der Bundespolitik sein",
                },
            ),
            (
                "history",
                {"de": "Geschichte"},
                {
                    "de": "## 2017\n\nGründung durch kommunale Verbünde.\n\n## 2020\n\n"
                    "Erste gemeinsame Bundeskonferenz.\n\n## 2024\n\nNeue Mitglieder im Osten.",
                },
            ),
            (
                "positions",
                {"de": "Positionen und Forderungen"},
                {
                    "de": "Wir fordern eine verlässliche Strukturförderung für Verbünde und "
                    "Beteiligung an kommunalen Integrationskonzepten.",
                },
            ),
        ],
        "posts": [
            (
                {"de": "Neue Mitglieder begrüßt", "ar": "ترحيب بالأعضاء الجدد"},
                {
                    "de": "Drei Verbünde sind dem Bundesverband beigetreten.",
                    "ar": "انضمت ثلاث شبكات إلى الاتحاد.",
                },
                -3,
            ),
            (
                {"de": "Einladung zur Fachtagung"},
                {"de": "Im Frühjahr laden wir zur Fachtagung über Strukturförderung ein."},
                -10,
            ),
        ],
    },
    "migranet-mv": {
        "settings": {
            "enabled": True,
            "main_language": "de",
            "accent_color": "#0b5d4b",
            "representatives": "Sprecher\\*innenrat",
            "register_court": "Amtsgericht Rostock",
            "responsible_person": "Sprecher\\*innenrat von MIGRANET-MV",
        },
        "pages": [
            (
                "about",
                {"de": "Über uns", "ru": "О нас"},  # noqa: RUF001
                {
                    "de": "Das Landesnetzwerk der Migrant\\*innenorganisationen in "
                    "Mecklenburg-Vorpommern.",
                    "ru": "Земельная сеть организаций мигрантов в Мекленбурге.",
                },
            ),
            (
                "positions",
                {"de": "Forderungen"},
                {
                    "de": "1. Mehrsprachige Beratung im ganzen Land\n2. Sichere Räume für Vereine\n"
                    "3. Beteiligung an der Landespolitik",
                },
            ),
        ],
        "posts": [
            (
                {"de": "Resolution der Landeskonferenz", "ru": "Резолюция земельной конференции"},
                {"de": "Die Landeskonferenz hat eine Resolution zur Teilhabe beschlossen."},
                -1,
            ),
        ],
    },
}


def load(people: dict[str, Any]) -> None:
    if queries.public_sites().exists():
        return
    found = {o.slug: o for o in Organization.objects.filter(slug__in=SITES)}
    now = timezone.now()
    for slug, spec in SITES.items():
        organization = found.get(slug)
        if organization is None:
            continue
        website = services.save_site(DEMO_LOADER, organization, spec["settings"])
        for position, (kind, title, body) in enumerate(spec["pages"]):
            services.save_page(
                DEMO_LOADER,
                website,
                {
                    "kind": kind,
                    "title": title,
                    "body": body,
                    "status": "published",
                    "position": position,
                },
            )
        for title, body, days in spec["posts"]:
            services.save_post(
                DEMO_LOADER,
                website,
                {
                    "title": title,
                    "body": body,
                    "status": "published",
                    "publish_at": now + datetime.timedelta(days=days),
                },
            )
