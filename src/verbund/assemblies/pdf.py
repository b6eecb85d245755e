"""The resolution book of a conference, rendered by WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string

from verbund.assemblies.models import Conference, split_paragraphs
from verbund.assemblies.taxonomy import ADOPTED_STATUSES


def resolution_book_pdf(conference: Conference) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    resolutions = [
        (motion, split_paragraphs(motion.adopted_text))
        for motion in conference.motions.filter(status__in=ADOPTED_STATUSES).order_by("number")
    ]
    html = render_to_string(
        "assemblies/resolution_book.html",
        {"conference": conference, "resolutions": resolutions},
    )
    return bytes(HTML(string=html).write_pdf())
