"""Thin views: read through ``queries``, decide through ``policy``, write through ``services``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.core.forms import add_errors, editable_copy
from verbund.documents import diffing, policy, queries, services
from verbund.documents.forms import CommentForm, CompareForm, DocumentForm, SearchForm, VersionForm
from verbund.documents.models import Comment, Document, DocumentVersion
from verbund.documents.pdf import version_pdf
from verbund.documents.taxonomy import DocumentStatus
from verbund.organizations.models import Organization

PDF_CACHE_SECONDS = 24 * 60 * 60


def _document(request: HttpRequest, pk: int) -> Document:
    document = get_object_or_404(queries.documents(), pk=pk)
    if not policy.can_view(request.user, document):
        raise Http404
    return document


def _internal(request: HttpRequest, document: Document) -> bool:
    """Whether the viewer sees drafts, versions and comments, not only the published text."""
    return policy.can_edit(request.user, document) or (
        document.status != DocumentStatus.DRAFT
        and policy.can_list(request.user, document.organization)
    )


def _version(document: Document, number: int) -> DocumentVersion:
    return get_object_or_404(DocumentVersion, document=document, number=number)


def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    documents = (
        queries.search(request.user, query)[:50]
        if query
        else queries.visible_to(request.user).order_by("-updated_at")[:50]
    )
    return render(
        request,
        "documents/index.html",
        {"form": form, "query": query, "documents": list(documents)},
    )


@login_required
def organization_documents(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    can_create = policy.can_start_documents(request.user, organization)
    if not (policy.can_list(request.user, organization) or can_create):
        raise Http404
    return render(
        request,
        "documents/organization.html",
        {
            "organization": organization,
            "documents": queries.of_organization(request.user, organization),
            "can_create": can_create,
        },
    )


@login_required
def create(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not policy.can_start_documents(request.user, organization):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(
                request.user,
                organization,
                form.cleaned_data,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("upload"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The draft is saved as version 1."))
            return redirect("documents:detail", pk=document.pk)
    return render(
        request, "documents/document_form.html", {"form": form, "organization": organization}
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    internal = _internal(request, document)
    if not internal:
        return render(
            request,
            "documents/public.html",
            {"document": document, "version": document.published_version},
        )
    versions = list(document.versions.all())
    latest = versions[-1] if versions else None
    previous = versions[-2] if len(versions) > 1 else None
    numbers = [v.number for v in versions]
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "versions": versions,
            # Each version with the one before it, for its "changes" link.
            "version_pairs": list(zip(versions, [None, *versions[:-1]], strict=True)),
            "latest": latest,
            "previous": previous,
            "can_edit": policy.can_edit(request.user, document),
            "can_publish": policy.can_publish(request.user, document),
            "next_statuses": services.NEXT_STATUSES.get(document.status, ()),
            "status_labels": dict(DocumentStatus.choices),
            "compare_form": CompareForm(
                numbers=numbers,
                initial={"old": numbers[-2] if len(numbers) > 1 else 1, "new": numbers[-1]},
            )
            if len(numbers) > 1
            else None,
        },
    )


def pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The published PDF for everyone; the latest draft as PDF for those working on it."""
    document = _document(request, pk)
    if document.status == DocumentStatus.PUBLISHED and document.published_version is not None:
        language = translation.get_language() or settings.LANGUAGE_CODE
        filename = f"{document.pk}-v{document.published_version.number}.pdf"
        # The stored file is in the site's default language; other readers get theirs,
        # rendered once per version and language and kept in the shared cache.
        if document.published_pdf and language == settings.LANGUAGE_CODE:
            return FileResponse(
                document.published_pdf.open("rb"), content_type="application/pdf", filename=filename
            )
        key = (
            f"documents:pdf:{document.pk}:{document.published_version.pk}:"
            f"{document.updated_at.timestamp()}:{language}"
        )
        content = cache.get(key)
        if content is None:
            content = version_pdf(document.published_version)
            cache.set(key, content, PDF_CACHE_SECONDS)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
    else:
        if not _internal(request, document) or document.latest_version is None:
            raise Http404
        content = version_pdf(document.latest_version)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="document-{document.pk}.pdf"'
    return response


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    if not policy.can_edit(request.user, document):
        raise PermissionDenied
    form = DocumentForm(
        request.POST or None, instance=editable_copy(document), organization=document.organization
    )
    for name in ("text", "upload"):
        del form.fields[name]
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(request.user, document, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("documents:detail", pk=pk)
    return render(
        request,
        "documents/document_form.html",
        {"form": form, "organization": document.organization, "document": document},
    )


@login_required
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    if not policy.can_edit(request.user, document):
        raise PermissionDenied
    latest = document.latest_version
    form = VersionForm(
        request.POST or None,
        request.FILES or None,
        initial={"text": latest.text if latest else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.add_version(
                request.user,
                document,
                text=form.cleaned_data["text"],
                note=form.cleaned_data["note"],
                upload=form.cleaned_data.get("upload"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Version %(number)d is saved.") % {"number": version.number}
            )
            return redirect("documents:detail", pk=pk)
    return render(request, "documents/version_form.html", {"form": form, "document": document})


def _version_page(
    request: HttpRequest,
    document: Document,
    version: DocumentVersion,
    form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    comments = queries.comments_by_paragraph(version)
    can_comment = policy.can_comment(request.user, document)
    return render(
        request,
        "documents/version.html",
        {
            "document": document,
            "version": version,
            "paragraphs": [
                (number, text, comments.get(number, []))
                for number, text in enumerate(version.paragraphs, start=1)
            ],
            "can_comment": can_comment,
            "can_resolve": policy.can_resolve_comments(request.user, document),
            "form": form or (CommentForm(version=version) if can_comment else None),
        },
        status=status,
    )


def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    document = _document(request, pk)
    if not _internal(request, document):
        raise Http404
    return _version_page(request, document, _version(document, number))


def version_file(request: HttpRequest, pk: int, number: int) -> HttpResponseBase:
    document = _document(request, pk)
    if not _internal(request, document):
        raise Http404
    version = _version(document, number)
    if not version.file:
        raise Http404
    extension = (version.file.name or "").rsplit(".", 1)[-1]
    return FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=f"document-{document.pk}-v{version.number}.{extension}",
    )


@login_required
@require_POST
def add_comment(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    document = _document(request, pk)
    if not _internal(request, document):
        raise Http404
    version = _version(document, number)
    form = CommentForm(request.POST, version=version)
    if form.is_valid():
        try:
            remark = services.comment(
                request.user, version, form.cleaned_data["paragraph"], form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your comment is saved."))
            return redirect(f"{request.path.removesuffix('comment/')}#paragraph-{remark.paragraph}")
    return _version_page(request, document, version, form, status=400)


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    document = _document(request, pk)
    remark = get_object_or_404(Comment, pk=comment_pk, version__document=document)
    services.resolve_comment(request.user, remark, resolved=not remark.resolved)
    return redirect("documents:version", pk=pk, number=remark.version.number)


def compare(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    if not _internal(request, document):
        raise Http404
    numbers = list(document.versions.values_list("number", flat=True))
    form = CompareForm(request.GET or None, numbers=numbers)
    changes: list[diffing.ParagraphChange] = []
    old = new = None
    if form.is_valid():
        old = _version(document, form.cleaned_data["old"])
        new = _version(document, form.cleaned_data["new"])
        changes = diffing.compare(old.paragraphs, new.paragraphs)
    return render(
        request,
        "documents/compare.html",
        {
            "document": document,
            "form": form,
            "old": old,
            "new": new,
            "changes": changes,
            "counts": diffing.counts(changes),
        },
    )


@login_required
@require_POST
def status(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    try:
        services.set_status(request.user, document, request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("documents:detail", pk=pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    try:
        services.publish(request.user, document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document is published on the organisation's page."))
    return redirect("documents:detail", pk=pk)
