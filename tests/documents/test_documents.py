"""A committee drafts a demands catalogue in two versions with paragraph comments, adopts it,
and the organisation publishes it: the public page shows version 2 with its PDF."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.documents.conftest import World
from tests.networks.helpers import run_worker
from verbund.documents import diffing, queries, services
from verbund.documents.models import Document
from verbund.documents.taxonomy import DocumentStatus

pytestmark = pytest.mark.django_db

VERSION_1 = """Forderungen an die Bildungspolitik

1. Mehrsprachigkeit wird in allen Kitas gefördert.

2. Elternarbeit wird mit Migrantenorganisationen gemeinsam gestaltet.

3. Lehrkräfte werden in rassismuskritischer Bildung fortgebildet."""

VERSION_2 = """Forderungen an die Bildungspolitik

1. Mehrsprachigkeit wird in allen Kitas gefördert.

2. Elternarbeit wird mit Migrantenorganisationen auf Augenhöhe und dauerhaft finanziert gestaltet.

3. Lehrkräfte werden in rassismuskritischer Bildung fortgebildet.

4. Herkunftssprachlicher Unterricht wird Teil des regulären Stundenplans."""


def _catalogue(world: World) -> Document:
    return services.create_document(
        world.alice,
        world.network,
        {"kind": "demands", "title": "Forderungskatalog Bildung", "body": world.committee},
        text=VERSION_1,
    )


# The real worker closes its database connection: only a committed test sees it.
@pytest.mark.django_db(transaction=True)
def test_the_committee_drafts_comments_adopts_and_the_network_publishes(
    world: World, settings: Any
) -> None:
    document = _catalogue(world)
    first = document.latest_version
    assert first is not None and len(first.paragraphs) == 4
    # Drafts stay with the committee and the people who run the network.
    bora = Client()
    bora.force_login(world.bora)
    assert bora.get(f"/de/documents/{document.pk}/").status_code == 404

    services.set_status(world.alice, document, DocumentStatus.CONSULTATION)
    services.comment(world.bora, first, 3, "Bitte „auf Augenhöhe“ ergänzen.")
    services.comment(world.coordinator, first, 3, "Und die Finanzierung.")
    with pytest.raises(ValidationError):
        services.comment(world.bora, first, 9, "Gibt es nicht")
    page = bora.get(f"/de/documents/{document.pk}/versions/1/").content.decode()
    third = page[page.index('id="paragraph-3"') : page.index('id="paragraph-4"')]
    assert "auf Augenhöhe" in third and "Finanzierung" in third

    second = services.add_version(world.alice, document, text=VERSION_2, note="Kommentare")
    assert second.number == 2
    changes = diffing.compare(first.paragraphs, second.paragraphs)
    assert diffing.counts(changes) == {"added": 1, "removed": 0, "changed": 1, "same": 3}
    compared = bora.get(f"/de/documents/{document.pk}/compare/?old=1&new=2").content.decode()
    assert '<ins><span class="visually-hidden">' in compared
    assert "auf Augenhöhe und dauerhaft finanziert" in compared

    services.set_status(world.alice, document, DocumentStatus.ADOPTED)
    with pytest.raises(PermissionDenied):  # the committee adopts, the network publishes
        services.publish(world.alice, document)
    services.publish(world.coordinator, document)
    with pytest.raises(PermissionDenied):  # no comments once published
        services.comment(world.bora, second, 1, "zu spät")
    run_worker()
    document.refresh_from_db()
    assert document.published_version == second
    with document.published_pdf.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"

    visitor = Client()
    profile = visitor.get(f"/de/organisations/{world.network.slug}/").content.decode()
    assert "Forderungskatalog Bildung" in profile
    assert f"/de/documents/{document.pk}/document.pdf" in profile
    public = visitor.get(f"/de/documents/{document.pk}/").content.decode()
    assert "Herkunftssprachlicher Unterricht" in public
    assert "Bitte „auf Augenhöhe“" not in public  # comments stay internal
    pdf = visitor.get(f"/de/documents/{document.pk}/document.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "-v2.pdf" in pdf["Content-Disposition"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert visitor.get(f"/de/documents/{document.pk}/versions/1/").status_code == 404


def test_an_unpublished_document_gets_its_pdf_on_request(world: World) -> None:
    document = _catalogue(world)
    client = Client()
    client.force_login(world.alice)
    response = client.get(f"/de/documents/{document.pk}/document.pdf")
    assert response.content.startswith(b"%PDF")
    assert Client().get(f"/de/documents/{document.pk}/document.pdf").status_code == 404


def _docx(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
        '"http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_a_word_file_becomes_the_text_of_a_version(world: World) -> None:
    document = _catalogue(world)
    upload = SimpleUploadedFile("entwurf.docx", _docx(["Erster Absatz", "Zweiter Absatz"]))
    version = services.add_version(world.alice, document, text="", upload=upload)
    assert version.paragraphs == ["Erster Absatz", "Zweiter Absatz"]
    assert version.file.name.endswith(".docx")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programm.exe", b"MZ...", "Upload a PDF"),
        ("getarnt.pdf", b"MZ not a pdf", "does not match"),
        ("kaputt.docx", b"not a zip", "does not match"),
    ],
)
def test_uploads_are_checked_for_type(
    world: World, name: str, content: bytes, message: str
) -> None:
    client = Client()
    client.force_login(world.alice)
    document = _catalogue(world)
    response = client.post(
        f"/de/documents/{document.pk}/versions/new/",
        {"text": "", "note": "mein Hinweis", "upload": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page or "form-errors" in page
    assert 'value="mein Hinweis"' in page  # what was typed stays
    assert document.versions.count() == 1


def test_uploads_are_checked_for_size(world: World, monkeypatch: Any) -> None:
    from verbund.documents import uploads

    monkeypatch.setattr(uploads, "MAX_BYTES", 1024)
    document = _catalogue(world)
    with pytest.raises(ValidationError) as error:
        services.add_version(
            world.alice,
            document,
            text="",
            upload=SimpleUploadedFile("gross.txt", b"a" * 2048),
        )
    assert error.value.code == "too_large"


def test_full_text_search_finds_what_the_viewer_may_see(world: World) -> None:
    document = _catalogue(world)
    assert list(queries.search(world.alice, "Mehrsprachigkeit Kitas")) == [document]
    assert list(queries.search(world.alice, "mehrsprachig")) == [document]  # word starts
    assert list(queries.search(world.bora, "Mehrsprachigkeit")) == []  # a draft
    services.set_status(world.alice, document, DocumentStatus.CONSULTATION)
    assert list(queries.search(world.bora, "Mehrsprachigkeit")) == [document]
    assert list(queries.search(world.outsider, "Mehrsprachigkeit")) == []
    assert list(queries.search(None, "Mehrsprachigkeit")) == []
    page = Client().get("/de/documents/?q=Mehrsprachigkeit").content.decode()
    assert "Forderungskatalog" not in page


def test_members_of_another_network_see_none_of_it(world: World) -> None:
    document = _catalogue(world)
    services.set_status(world.alice, document, DocumentStatus.CONSULTATION)
    version = document.latest_version
    services.comment(world.bora, version, 1, "Gut")
    outsider = Client()
    outsider.force_login(world.outsider)
    for path in (
        f"/de/documents/{document.pk}/",
        f"/de/documents/{document.pk}/versions/1/",
        f"/de/documents/{document.pk}/compare/?old=1&new=1",
        f"/de/documents/{document.pk}/document.pdf",
        f"/de/documents/organisation/{world.network.slug}/",
    ):
        assert outsider.get(path).status_code == 404, path
    assert (
        outsider.post(
            f"/de/documents/{document.pk}/versions/1/comment/", {"paragraph": 1, "text": "x"}
        ).status_code
        == 404
    )
    assert (
        outsider.post(f"/de/documents/{document.pk}/status/", {"status": "adopted"}).status_code
        == 404
    )
    assert outsider.get(f"/de/documents/organisation/{world.network.slug}/new/").status_code == 403
    assert "Forderungskatalog" not in outsider.get("/de/documents/").content.decode()
    with pytest.raises(PermissionDenied):
        services.comment(world.outsider, version, 1, "x")
    with pytest.raises(PermissionDenied):
        services.add_version(world.outsider, document, text="x")


def test_members_comment_but_do_not_edit(world: World) -> None:
    document = _catalogue(world)
    services.set_status(world.alice, document, DocumentStatus.CONSULTATION)
    with pytest.raises(PermissionDenied):
        services.add_version(world.bora, document, text="anders")
    with pytest.raises(PermissionDenied):
        services.set_status(world.bora, document, DocumentStatus.ADOPTED)
    client = Client()
    client.force_login(world.bora)
    assert client.get(f"/de/documents/{document.pk}/versions/new/").status_code == 403


def test_the_document_list_reads_in_a_fixed_number_of_queries(
    world: World, assert_max_queries: Any
) -> None:
    for number in range(10):
        document = services.create_document(
            world.coordinator,
            world.network,
            {"kind": "statement", "title": f"Stellungnahme {number}", "body": world.committee},
            text=f"Absatz über Bildung {number}",
        )
        services.set_status(world.coordinator, document, DocumentStatus.CONSULTATION)
    client = Client()
    client.force_login(world.bora)
    with assert_max_queries(6):
        page = client.get("/de/documents/?q=Bildung").content.decode()
    assert page.count('<li class="card">') == 10


def test_uploaded_files_are_served_only_to_those_who_see_the_draft(world: World) -> None:
    document = _catalogue(world)
    upload = SimpleUploadedFile("entwurf.docx", _docx(["Absatz"]))
    version = services.add_version(world.alice, document, text="", upload=upload)
    assert "entwurf" not in version.file.name  # an unguessable name
    path = f"/de/documents/{document.pk}/versions/{version.number}/file/"
    alice = Client()
    alice.force_login(world.alice)
    response = alice.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.get(path).status_code == 404
    assert Client().get(path).status_code == 404
