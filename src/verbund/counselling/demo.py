"""Demo data of counselling: six fictional Community Plus centres in member organisations of
the demo BKMO, each with a lead and a counsellor (fictional people), fictional cases and
anonymous reports, and a fictional coordinator of the BKMO who sees the network statistics.

Everything is written through the services with ``DEMO_LOADER``. The counsellors log in with
the demo password and are asked to set up two-factor authentication before the first case.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from verbund.accounts import services as account_services
from verbund.core.actors import DEMO_LOADER
from verbund.counselling import services
from verbund.counselling.models import Centre
from verbund.counselling.taxonomy import (
    ConsentKind,
    Domain,
    EntryKind,
    Form,
    Ground,
    Level,
    TeamRole,
)
from verbund.networks import services as network_services
from verbund.networks.taxonomy import NetworkRoleKind
from verbund.organizations.models import Organization

BKMO = "bkmo"
# (organisation slug, centre name, city key, languages)
CENTRES = (
    ("amfn", "Community Plus Beratungsstelle Hannover", "hannover", ["de", "ar", "fa", "tr"]),
    ("lamsa", "Community Plus Beratungsstelle Halle", "halle", ["de", "ar", "ru"]),
    ("tgd", "Community Plus Beratungsstelle Berlin", "berlin", ["de", "tr", "ku", "en"]),
    ("damost", "Community Plus Beratungsstelle Leipzig", "leipzig", ["de", "vi", "ru", "uk"]),
    ("migranetz-thueringen", "Community Plus Beratungsstelle Erfurt", "erfurt", ["de", "ar", "ti"]),
    ("migranet-mv", "Community Plus Beratungsstelle Rostock", "rostock", ["de", "ru", "uk", "ar"]),
)
FIRST = (
    "Selin",
    "Dara",
    "Milan",
    "Noor",
    "Jonas",
    "Lea",
    "Tarek",
    "Olena",
    "Binh",
    "Ayla",
    "Kerem",
    "Nadia",
)
LAST = ("Fiktiva", "Beispiel", "Muster", "Demo", "Probe", "Erfunden")
NOTES = (
    "Erstgespräch: Schilderung des Vorfalls, nächste Schritte besprochen.",
    "Beschwerdebrief an die Stelle entworfen und mit der Person abgestimmt.",
    "Begleitung zum Termin; Gesprächsprotokoll angefertigt.",
    "Telefonat mit der Antidiskriminierungsstelle des Landes zur Rechtslage.",
)


def _person(email: str, name: str) -> Any:
    return account_services.demo_person(DEMO_LOADER, email, name)


def load(people: dict[str, Any]) -> None:
    bkmo = Organization.objects.filter(slug=BKMO).first()
    if bkmo is None or Centre.objects.exists():
        return
    rng = random.Random("verbund-demo-counselling")  # noqa: S311 - demo data, not secrets
    coordinator = _person("bkmo-koordination@verbund.example", "Rana Koordinata (BKMO)")
    network_services.set_network_role(
        people["admin"], bkmo, coordinator, NetworkRoleKind.COORDINATOR
    )
    today = datetime.date.today()
    for index, (slug, name, key, languages) in enumerate(CENTRES):
        organisation = Organization.objects.filter(slug=slug).first()
        if organisation is None:
            continue
        centre = services.create_centre(
            DEMO_LOADER, organisation, {"name": name, "languages": languages}
        )
        lead = _person(
            f"leitung-{key}@verbund.example", f"{FIRST[index]} {LAST[index % 6]} (Leitung)"
        )
        counsellor = _person(
            f"beratung-{key}@verbund.example", f"{FIRST[index + 6]} {LAST[(index + 3) % 6]}"
        )
        services.grant_role(DEMO_LOADER, centre, lead, TeamRole.LEAD)
        services.grant_role(DEMO_LOADER, centre, counsellor, TeamRole.COUNSELLOR)
        for number in range(14):
            opened = today - datetime.timedelta(days=rng.randint(0, 330))
            consents = [ConsentKind.DOCUMENTATION]
            if rng.random() < 0.8:
                consents.append(ConsentKind.STATISTICS)
            if rng.random() < 0.4:
                consents.append(ConsentKind.CONTACT)
            data: dict[str, Any] = {
                "opened_on": opened,
                "counselling_language": rng.choice(languages),
                "grounds": rng.sample(list(Ground.values), rng.choice((1, 1, 2, 3))),
                "domain": rng.choice(Domain.values),
                "form": rng.choice(Form.values),
                "level": rng.choice(Level.values),
                "incident_on": opened - datetime.timedelta(days=rng.randint(1, 40)),
                "place": f"{organisation.city}, Stadtteil {rng.randint(1, 9)}",
                "client_languages": [rng.choice(languages)],
                "interpreting": rng.random() < 0.3,
            }
            if ConsentKind.CONTACT in consents:
                data["client_name"] = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                data["client_contact"] = f"klient-{key}-{number}@beispiel.example"
            case = services.open_case(
                DEMO_LOADER,
                centre,
                data,
                lead_counsellor=counsellor if number % 3 else lead,
                consents={kind: opened for kind in consents},
            )
            for step in range(rng.randint(1, 3)):
                services.add_entry(
                    DEMO_LOADER,
                    case,
                    {
                        "kind": rng.choice(EntryKind.values),
                        "happened_on": opened + datetime.timedelta(days=7 * step),
                        "duration_minutes": rng.choice((30, 45, 60, 90)),
                        "notes": rng.choice(NOTES),
                        "deadline": today + datetime.timedelta(days=20) if step == 1 else None,
                    },
                )
            if number < 4:
                services.close_case(
                    DEMO_LOADER, case, rng.choice(("resolved", "partly", "client_ended"))
                )
        for text in (
            "Beim Einlass in einen Club wurde mir und meinen Freunden wegen unseres Aussehens der "
            "Zutritt verweigert.",
            "تعرضت لتعليقات عنصرية في مكتب الخدمات الاجتماعية.",
        ):
            submitted = services.submit_report(
                DEMO_LOADER,
                centre,
                {"what": text, "where": organisation.city, "when": "2026", "grounds": ["racism"]},
                language="ar" if text.startswith("ت") else "de",
            )
            if text.startswith("ت"):
                services.centre_message(
                    counsellor, submitted.report, "شكرًا على بلاغك. سنتواصل معك قريبًا."
                )
