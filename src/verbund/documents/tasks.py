"""Background work of documents, run by the task worker (``manage.py db_worker``)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import translation
from django_tasks import task


@task()
def render_published_pdf(document_id: int) -> bool:
    """Store the PDF of the published version beside the document."""
    from verbund.documents.models import Document
    from verbund.documents.pdf import version_pdf

    document = (
        Document.objects.select_related("published_version", "organization")
        .filter(pk=document_id)
        .first()
    )
    if document is None or document.published_version is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        content = version_pdf(document.published_version)
    name = f"{document.pk}-v{document.published_version.number}.pdf"
    if document.published_pdf:
        document.published_pdf.delete(save=False)
    document.published_pdf.save(name, ContentFile(content), save=False)
    Document.objects.filter(pk=document.pk).update(published_pdf=document.published_pdf.name)
    return True
