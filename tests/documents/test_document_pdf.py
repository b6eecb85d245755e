"""A published document's PDF in the reader's language, tagged for screen readers: the
stored file for German readers, an Arabic (right-to-left) or Turkish one rendered for
theirs. Read back with pikepdf."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from tests.documents.conftest import World
from tests.networks.helpers import run_worker
from tests.pdfcheck import structure_roles, tagged_language
from verbund.core.pdf import language_context
from verbund.documents import services
from verbund.documents.models import Document
from verbund.documents.taxonomy import DocumentStatus

TEXT = "Forderungen\n\n1. Mehrsprachigkeit in allen Kitas.\n\n2. Elternarbeit auf Augenhöhe."


def _published(world: World) -> Document:
    document = services.create_document(
        world.alice,
        world.network,
        {"kind": "demands", "title": "Forderungskatalog Bildung", "body": world.committee},
        text=TEXT,
    )
    services.set_status(world.alice, document, DocumentStatus.ADOPTED)
    services.publish(world.coordinator, document)
    return document


def _pdf(response: object) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return bytes(response.content)  # type: ignore[attr-defined]


# The real worker closes its database connection: only a committed test sees it.
@pytest.mark.django_db(transaction=True)
def test_every_reader_gets_a_tagged_pdf_in_their_language(world: World) -> None:
    document = _published(world)
    run_worker()
    document.refresh_from_db()
    with document.published_pdf.open("rb") as stored:
        assert tagged_language(stored.read()) == "de"
    visitor = Client()
    for language in ("de", "ar", "tr", "uk"):
        response = visitor.get(f"/{language}/documents/{document.pk}/document.pdf")
        assert response.status_code == 200
        content = _pdf(response)
        assert tagged_language(content) == language
        assert {"H1", "P"} <= structure_roles(content)
        assert "-v1.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_draft_pdf_is_tagged_too(world: World) -> None:
    document = services.create_document(
        world.alice,
        world.network,
        {"kind": "statement", "title": "Stellungnahme", "body": world.committee},
        text=TEXT,
    )
    client = Client()
    client.force_login(world.alice)
    response = client.get(f"/fa/documents/{document.pk}/document.pdf")
    assert tagged_language(_pdf(response)) == "fa"


@pytest.mark.django_db
def test_the_arabic_document_runs_right_to_left_with_arabic_labels(world: World) -> None:
    document = _published(world)
    assert document.published_version is not None
    with translation.override("ar"):
        html = render_to_string(
            "documents/document_pdf.html",
            {
                **language_context(),
                "document": document,
                "version": document.published_version,
                "paragraphs": document.published_version.paragraphs,
            },
        )
        version_label = translation.gettext("Version %(number)s") % {"number": 1}
    assert '<html lang="ar" dir="rtl">' in html
    assert version_label != "Version 1" and version_label in html
