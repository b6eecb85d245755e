"""Every public page type is valid HTML by the W3C's Nu HTML Checker (``vnu-jar`` from npm,
run with Debian's Java): all pages are rendered through the real views and checked in one
run of the checker; any error fails the test, and so does any warning not allowed below
with its reason. The copy-paste code of the map widget is checked as the page it will be
pasted into.

Java comes from Debian (``make browser-deps`` installs ``default-jre-headless`` when it is
missing and we are root); without it the test is skipped, except under ``CI=true``, where a
missing checker is a failure.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.factories import PersonFactory, make_organization
from tests.networks.helpers import accepted

IN_CI = os.environ.get("CI", "").lower() == "true"
ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Warnings the checker may give, each with the reason it is fine, matched against the
# message text. None is needed today: add one only with the reason beside it.
ALLOWED_WARNINGS: dict[str, str] = {}


def _java() -> str:
    java = shutil.which("java")
    if java and VNU.exists():
        return java
    message = (
        f"the Nu HTML Checker needs Java and {VNU} "
        "(make browser-deps installs default-jre-headless; npm install fetches vnu-jar)"
    )
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def _public_registry() -> dict[str, Any]:
    from verbund.assemblies import services as assemblies
    from verbund.documents import services as documents
    from verbund.documents.taxonomy import DocumentStatus
    from verbund.networks import services as networks

    coordinator = PersonFactory(display_name="Kim Koordination")
    network = make_organization(
        admin=coordinator,
        name="Netzwerk Leipziger Vereine",
        kind="local_network",
        city="Leipzig",
        federal_state="SN",
        postal_code="04109",
    )
    admin = PersonFactory(display_name="Aylin Admin")
    member = make_organization(
        admin=admin,
        name="Haus der Kulturen Leipzig",
        short_name="HdK",
        city="Leipzig",
        federal_state="SN",
        postal_code="04109",
        street="Karl-Liebknecht-Straße 12",
        website="https://hdk.example",
        email="info@hdk.example",
        phone="+49 341 1234567",
        founding_year=2004,
        description={"de": "Wir machen Kulturarbeit.\n\nUnd Beratung.", "ar": "نحن نعمل ثقافيًا."},
        themes=["youth", "culture"],
        languages=["ar", "de", "tr"],
    )
    accepted(coordinator, network, member)
    board = networks.save_body(coordinator, network, {"kind": "board", "is_public": True})
    networks.save_seat(coordinator, board, {"role": "chair", "person": coordinator})
    document = documents.create_document(
        admin,
        member,
        {"kind": "statement", "title": "Stellungnahme zur Kita-Sprachförderung"},
        text="Einleitung\n\n1. Mehrsprachigkeit fördern.\n\n2. Eltern beteiligen.",
    )
    documents.set_status(admin, document, DocumentStatus.ADOPTED)
    documents.publish(admin, document)
    conference = assemblies.save_conference(
        coordinator,
        network,
        {
            "title": "Mitgliederversammlung 2027",
            "starts_on": datetime.date(2027, 5, 12),
            "ends_on": datetime.date(2027, 5, 12),
            "place": "Leipzig",
            "delegates_per_member": 1,
            "delegate_vote_weight": 1,
        },
    )
    from tests.exchange.conftest import make_post

    offer = make_post(
        admin,
        member,
        title="Saal für 40 Personen",
        description="Dienstags und donnerstags abends frei.",
        visibility="public",
    )
    from verbund.core.actors import OPERATOR
    from verbund.organizations import services as organizations
    from verbund.websites import services as websites

    site = websites.save_site(admin, member, {"enabled": True})
    websites.save_page(admin, site, {"title": {"de": "Über uns"}, "status": "published"})
    websites.save_post(
        admin, site, {"title": {"de": "Sommerfest", "ar": "حفل"}, "status": "published"}
    )
    unadministered = make_organization(name="Verein ohne Verwaltung", email="post@ohne.example")
    take_over = organizations.invite_to_take_over(OPERATOR, unadministered, email="a@ohne.example")
    claim = organizations.claim_profile(PersonFactory(display_name="Leyla"), unadministered)
    delegate = assemblies.invite_delegate(
        admin, conference, member, name="Rania Test", email="rania@example.org"
    )
    return {
        "network": network,
        "member": member,
        "document": document,
        "conference": conference,
        "offer": offer,
        "unadministered": unadministered,
        "take_over": organizations.take_over_token(take_over),
        "claim": organizations.claim_token(claim),
        "delegate": assemblies.delegate_token(delegate),
    }


def _pages(registry: dict[str, Any]) -> dict[str, str]:
    member, network = registry["member"].slug, registry["network"].slug
    return {
        "home": "/de/",
        "home-rtl": "/ar/",
        "directory": "/de/organisations/",
        "directory-filters": "/de/organisations/?q=Kultur&state=SN&language=ar&theme=youth",
        "directory-rtl": "/fa/organisations/?state=SN",
        "directory-empty": "/en/organisations/?q=gibtsnicht",
        "profile": f"/de/organisations/{member}/",
        "profile-rtl": f"/ar/organisations/{member}/",
        "map": "/de/map/",
        "map-filters": "/tr/map/?state=SN&language=ar",
        "map-network": f"/de/map/?network={network}",
        "embed": "/embed/map/?lang=de",
        "embed-rtl": f"/embed/map/?lang=ar&network={network}",
        "builder": "/de/map/embed/",
        "builder-code": f"/uk/map/embed/?network={network}&lang=uk&height=400",
        "networks": "/de/networks/",
        "network": f"/de/networks/{network}/",
        "network-structure": f"/ru/networks/{network}/structure/",
        "open-data": "/de/open-data/",
        "documents": "/de/documents/",
        "document": f"/de/documents/{registry['document'].pk}/",
        "conferences": "/de/assemblies/",
        "conference": f"/de/assemblies/{registry['conference'].pk}/",
        "exchange": "/de/exchange/",
        "exchange-rtl": "/ar/exchange/?kind=room",
        "offer": f"/de/exchange/{registry['offer'].pk}/",
        "counselling-report": "/de/counselling/report/",
        "counselling-report-rtl": "/fa/counselling/report/",
        "counselling-receipt": "/de/counselling/receipt/",
        "login": "/de/accounts/login/",
        "signup": "/de/accounts/signup/",
        "password-reset": "/de/accounts/password/reset/",
        "signup-rtl": "/ar/accounts/signup/",
        "not-found": "/de/organisations/gibt-es-nicht/",
        "projector": f"/de/assemblies/{registry['conference'].pk}/projector/",
        "projector-rtl": f"/ar/assemblies/{registry['conference'].pk}/projector/",
        "site-home": f"/de/s/{member}/",
        "site-news": f"/ar/s/{member}/news/",
        "site-subscribe": f"/de/s/{member}/news/subscribe/",
        "site-contact": f"/fa/s/{member}/contact/",
        "site-events": f"/de/s/{member}/events/",
        "take-over": f"/de/organisations/{registry['unadministered'].slug}/"
        f"take-over/{registry['take_over']}/",
        "claim-confirm": f"/ar/organisations/{registry['unadministered'].slug}/"
        f"claims/confirm/{registry['claim']}/",
        "claimable-profile": f"/de/organisations/{registry['unadministered'].slug}/",
        "delegate-invitation": f"/de/assemblies/{registry['conference'].pk}/"
        f"delegate/{registry['delegate']}/",
    }


def _snippet_page(builder_html: str) -> str:
    """The iframe code of the widget builder, pasted into a minimal page of someone else's."""
    match = re.search(r'<textarea id="iframe-snippet"[^>]*>(.*?)</textarea>', builder_html, re.S)
    assert match, "the builder shows no iframe code"
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Unser Verein</title>'
        f"</head><body><main>{html.unescape(match.group(1))}</main></body></html>"
    )


def _problems(report: dict[str, Any]) -> list[str]:
    problems = []
    for message in report["messages"]:
        kind = message.get("type")
        text = message.get("message", "")
        if kind == "info" and message.get("subType") == "warning":
            if any(allowed in text for allowed in ALLOWED_WARNINGS):
                continue
        elif kind == "info":
            continue
        where = Path(message.get("url", "")).name
        problems.append(
            f"{where}:{message.get('lastLine')}: {kind}: {text}\n    {message.get('extract', '')}"
        )
    return problems


@pytest.mark.django_db
def test_every_public_page_type_is_valid_html(tmp_path: Path) -> None:
    java = _java()
    registry = _public_registry()
    client = Client()
    files = []
    for name, path in _pages(registry).items():
        response = client.get(path)
        expected = 404 if name == "not-found" else 200
        assert response.status_code == expected, f"{path}: {response.status_code}"
        content = response.content.decode()
        target = tmp_path / f"{name}.html"
        target.write_text(content, encoding="utf-8")
        files.append(target)
        if name == "builder-code":
            snippet = tmp_path / "widget-iframe-snippet.html"
            snippet.write_text(_snippet_page(content), encoding="utf-8")
            files.append(snippet)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    checked = {Path(m.get("url", "")).name for m in report["messages"]}
    assert not [m for m in report["messages"] if m.get("type") == "non-document-error"]
    problems = _problems(report)
    assert problems == [], f"{len(problems)} problems in {sorted(checked)}:\n" + "\n".join(problems)
