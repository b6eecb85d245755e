"""PDF files from HTML templates, rendered by WeasyPrint as tagged PDF (PDF/UA-1).

Tagged means the file has a structure tree (headings, paragraphs, tables, lists in reading
order) that screen readers follow, and ``/Lang`` names the language of the text, taken from
the ``lang`` attribute of the template's ``<html>``. Templates get ``pdf_language`` and
``pdf_direction`` from ``language_context`` so an Arabic or Persian reader gets a
right-to-left file in their language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def language_context() -> dict[str, str]:
    """The active language (the reader's) and its direction, for the template's ``<html>``."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "pdf_language": language,
        "pdf_direction": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
    }


def _options() -> dict[str, Any]:
    """PDF/UA-1 where the installed WeasyPrint knows it (version 59 on), else plain tags."""
    from weasyprint.pdf import VARIANTS

    if "pdf/ua-1" in VARIANTS:
        return {"pdf_variant": "pdf/ua-1"}
    return {"pdf_tags": True}


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    html = render_to_string(template, {**language_context(), **context})
    return bytes(HTML(string=html).write_pdf(**_options()))
