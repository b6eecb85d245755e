"""Every write to documents. Each function checks permission through ``policy``, changes data
in one transaction, writes the audit log and queues its side effects (the published PDF)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core import audit
from verbund.core.permissions import require
from verbund.core.text import fold
from verbund.documents import policy, tasks
from verbund.documents.models import Comment, Document, DocumentVersion
from verbund.documents.taxonomy import DocumentKind, DocumentStatus
from verbund.documents.uploads import check_upload
from verbund.networks.models import Body, Seat
from verbund.notifications import services as notifications
from verbund.notifications.taxonomy import NoticeKind
from verbund.organizations.models import Organization

DOCUMENT_FIELDS = ("kind", "title", "summary", "body", "status")
# Where a document may go next; publishing has its own function.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    DocumentStatus.DRAFT: (DocumentStatus.CONSULTATION, DocumentStatus.ADOPTED),
    DocumentStatus.CONSULTATION: (DocumentStatus.DRAFT, DocumentStatus.ADOPTED),
    DocumentStatus.ADOPTED: (DocumentStatus.DRAFT, DocumentStatus.CONSULTATION),
    DocumentStatus.PUBLISHED: (),
}


def _authors(document: Document) -> list[Any]:
    """The people drafting: who started it and the current seat holders of its body."""
    people: list[Any] = [document.created_by] if document.created_by else []
    if document.body_id:
        seats = Seat.objects.current().filter(body_id=document.body_id, person__isnull=False)
        people += [seat.person for seat in seats.select_related("person") if seat.person]
    return people


def _tell_authors(document: Document, actor: Any, title: str, url: str) -> None:
    notifications.notify(_authors(document), NoticeKind.DOCUMENTS, title, url=url, exclude=actor)


def _refresh_search_text(document: Document, text: str) -> None:
    document.search_text = fold(" ".join((document.title, document.summary, text)))


def _version_text(text: str, upload: UploadedFile | None) -> str:
    from_file = check_upload(upload) if upload is not None else ""
    text = (text or "").strip() or from_file.strip()
    if not text:
        raise ValidationError(
            {"text": [_("Write the text, or upload a Word, OpenDocument or text file.")]}
        )
    return text


@transaction.atomic
def create_document(
    actor: Any,
    organization: Organization,
    data: Mapping[str, Any],
    *,
    text: str,
    upload: UploadedFile | None = None,
) -> Document:
    body: Body | None = data.get("body")
    require(policy.can_create(actor, organization, body))
    if body is not None and body.organization_id != organization.pk:
        raise ValidationError({"body": [_("Choose one of this organisation's bodies.")]})
    if data.get("kind") not in DocumentKind.values:
        raise ValidationError({"kind": [_("Choose the kind of document.")]})
    if not str(data.get("title", "")).strip():
        raise ValidationError({"title": [_("Give the document a title.")]})
    text = _version_text(text, upload)
    document = Document(
        organization=organization,
        body=body,
        kind=data["kind"],
        title=str(data["title"]).strip(),
        summary=str(data.get("summary") or ""),
        created_by=actor,
    )
    _refresh_search_text(document, text)
    document.save()
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        text=text,
        note=_("First draft"),
        created_by=actor,
        file=upload or "",
    )
    audit.record(
        actor=actor,
        action="document.created",
        target=document,
        scope=organization,
        changes={"version": [None, version.number]},
        summary=document.title,
    )
    return document


@transaction.atomic
def add_version(
    actor: Any,
    document: Document,
    *,
    text: str,
    note: str = "",
    upload: UploadedFile | None = None,
) -> DocumentVersion:
    require(policy.can_edit(actor, document))
    if document.status == DocumentStatus.PUBLISHED:
        raise ValidationError(_("A published document is not changed; start a new one."))
    text = _version_text(text, upload)
    document = Document.objects.select_for_update().get(pk=document.pk)
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = DocumentVersion.objects.create(
        document=document,
        number=last + 1,
        text=text,
        note=note.strip()[:300],
        created_by=actor,
        file=upload or "",
    )
    _refresh_search_text(document, text)
    document.save(update_fields=["search_text", "updated_at"])
    audit.record(
        actor=actor,
        action="document.version_added",
        target=version,
        scope=document.organization,
        changes={"version": [last, version.number]},
        summary=document.title,
    )
    return version


@transaction.atomic
def update_document(actor: Any, document: Document, data: Mapping[str, Any]) -> Document:
    require(policy.can_edit(actor, document))
    described = ("kind", "title", "summary", "body")
    with audit.recording(
        actor, document, described, action="document.changed", scope=document.organization
    ) as note:
        for name in described:
            if name in data:
                setattr(
                    document, name, data[name] if data[name] is not None or name == "body" else ""
                )
        if document.body is not None and document.body.organization_id != document.organization_id:
            raise ValidationError({"body": [_("Choose one of this organisation's bodies.")]})
        latest = document.latest_version
        _refresh_search_text(document, latest.text if latest else "")
        document.save()
        note.summary = document.title
    return document


@transaction.atomic
def set_status(actor: Any, document: Document, status: str) -> Document:
    """Draft, consultation and adopted; adopting fixes the latest version as the adopted one."""
    require(policy.can_edit(actor, document))
    if status not in NEXT_STATUSES.get(document.status, ()):
        raise ValidationError(_("The document cannot go to this status from here."))
    before = document.status
    document.status = status
    if status == DocumentStatus.ADOPTED:
        document.adopted_version = document.latest_version
    document.save(update_fields=["status", "adopted_version", "updated_at"])
    _tell_authors(
        document,
        actor,
        _("%(title)s is now: %(status)s")
        % {"title": document.title, "status": DocumentStatus(status).label},
        reverse("documents:detail", kwargs={"pk": document.pk}),
    )
    audit.record(
        actor=actor,
        action="document.status",
        target=document,
        scope=document.organization,
        changes={"status": [before, status]},
        summary=document.title,
    )
    return document


@transaction.atomic
def publish(actor: Any, document: Document) -> Document:
    """Put the adopted version on the organisation's public page; the PDF is made by the
    task worker and, until it is ready, on request."""
    require(policy.can_publish(actor, document))
    if document.status != DocumentStatus.ADOPTED or document.adopted_version is None:
        raise ValidationError(_("Only an adopted document is published."))
    document.status = DocumentStatus.PUBLISHED
    document.published_version = document.adopted_version
    document.published_at = timezone.now()
    document.save(update_fields=["status", "published_version", "published_at", "updated_at"])
    tasks.render_published_pdf.enqueue(document.pk)
    _tell_authors(
        document,
        actor,
        _("%(title)s is published") % {"title": document.title},
        reverse("documents:detail", kwargs={"pk": document.pk}),
    )
    audit.record(
        actor=actor,
        action="document.published",
        target=document,
        scope=document.organization,
        changes={
            "status": ["adopted", "published"],
            "version": [None, document.published_version.number],
        },
        summary=document.title,
    )
    return document


@transaction.atomic
def comment(actor: Any, version: DocumentVersion, paragraph: int, text: str) -> Comment:
    # Read afresh: the status decides, and a cached document may be out of date.
    document = Document.objects.select_related("organization", "body").get(pk=version.document_id)
    require(policy.can_comment(actor, document))
    if not 1 <= paragraph <= len(version.paragraphs):
        raise ValidationError({"paragraph": [_("Choose a paragraph of this version.")]})
    if not text.strip():
        raise ValidationError({"text": [_("Write your comment.")]})
    remark = Comment.objects.create(
        version=version, paragraph=paragraph, author=actor, text=text.strip()
    )
    _tell_authors(
        document,
        actor,
        _("New comment on %(title)s, paragraph %(number)d")
        % {"title": document.title, "number": paragraph},
        reverse("documents:version", kwargs={"pk": document.pk, "number": version.number})
        + f"#paragraph-{paragraph}",
    )
    audit.record(
        actor=actor,
        action="document.commented",
        target=remark,
        scope=document.organization,
        summary=f"{document.title} v{version.number} §{paragraph}",
    )
    return remark


@transaction.atomic
def resolve_comment(actor: Any, remark: Comment, resolved: bool = True) -> Comment:
    require(policy.can_resolve_comments(actor, remark.version.document))
    remark.resolved = resolved
    remark.save(update_fields=["resolved"])
    audit.record(
        actor=actor,
        action="document.comment_resolved",
        target=remark,
        scope=remark.version.document.organization,
        changes={"resolved": [not resolved, resolved]},
    )
    return remark
