"""The resolution book of a conference, rendered by WeasyPrint."""

from __future__ import annotations

from verbund.assemblies.models import Conference, split_paragraphs
from verbund.assemblies.taxonomy import ADOPTED_STATUSES
from verbund.core.pdf import render_pdf


def resolution_book_pdf(conference: Conference) -> bytes:
    """The resolution book as tagged PDF in the active language (the reader's)."""
    resolutions = [
        (motion, split_paragraphs(motion.adopted_text))
        for motion in conference.motions.filter(status__in=ADOPTED_STATUSES).order_by("number")
    ]
    return render_pdf(
        "assemblies/resolution_book.html",
        {"conference": conference, "resolutions": resolutions},
    )
