"""The demo: websites for BKMO and MIGRANET-MV with pages and news, served publicly."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from verbund.websites import queries

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_the_two_sites() -> None:
    call_command("seed_demo", verbosity=0)
    sites = {s.organization.slug: s for s in queries.public_sites()}
    assert set(sites) == {"bkmo", "migranet-mv"}
    assert queries.live_pages(sites["bkmo"]).count() == 3
    impressum = queries.impressum(sites["bkmo"])
    assert impressum.values["representatives"] and impressum.values["responsible"]
    home = Client().get("/de/s/bkmo/").content.decode()
    assert "Neue Mitglieder begrüßt" in home
    history = Client().get("/de/s/bkmo/p/geschichte/").content.decode()
    assert "<h2>2017</h2>" in history
    assert Client().get("/ru/s/migranet-mv/p/uber-uns/").status_code == 200
