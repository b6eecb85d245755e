"""The PDF of a document version, rendered by WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string

from verbund.documents.models import DocumentVersion


def version_pdf(version: DocumentVersion) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    html = render_to_string(
        "documents/document_pdf.html",
        {"document": version.document, "version": version, "paragraphs": version.paragraphs},
    )
    return bytes(HTML(string=html).write_pdf())
