"""The document page links to the comparison of its versions: the latest two at the top, and
each version to the one before it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.documents.conftest import World
from verbund.documents import services

pytestmark = pytest.mark.django_db


def test_the_document_page_links_to_the_comparison(world: World) -> None:
    document = services.create_document(
        world.alice,
        world.network,
        {"kind": "demands", "title": "Forderungskatalog", "body": world.committee},
        text="Eins.\n\nZwei.",
    )
    client = Client()
    client.force_login(world.alice)
    page = client.get(f"/de/documents/{document.pk}/").content.decode()
    assert "/compare/" not in page  # one version: nothing to compare
    services.add_version(world.alice, document, text="Eins.\n\nZwei, besser.", note="")
    services.add_version(world.alice, document, text="Eins.\n\nZwei, besser.\n\nDrei.", note="")
    page = client.get(f"/de/documents/{document.pk}/").content.decode()
    top = re.search(r'<a href="([^"]+)" id="compare-latest">([^<]+)</a>', page)
    assert top, page
    assert top.group(1) == f"/de/documents/{document.pk}/compare/?old=2&amp;new=3"
    assert top.group(2) == "Fassungen 2 und 3 vergleichen"
    steps = re.findall(rf'href="/de/documents/{document.pk}/compare/\?old=(\d)&amp;new=(\d)"', page)
    assert sorted(set(steps)) == [("1", "2"), ("2", "3")]
    compared = client.get(f"/de/documents/{document.pk}/compare/?old=2&new=3")
    assert compared.status_code == 200 and "Drei." in compared.content.decode()
