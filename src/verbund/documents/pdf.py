"""The PDF of a document version, rendered by WeasyPrint."""

from __future__ import annotations

from verbund.core.pdf import render_pdf
from verbund.documents.models import DocumentVersion


def version_pdf(version: DocumentVersion) -> bytes:
    """The version as tagged PDF; its headings and labels in the active language."""
    return render_pdf(
        "documents/document_pdf.html",
        {"document": version.document, "version": version, "paragraphs": version.paragraphs},
    )
