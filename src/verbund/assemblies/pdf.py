"""The resolution book of a conference, rendered by WeasyPrint."""

from __future__ import annotations

from django.db.models import Prefetch

from verbund.assemblies.models import Conference, Poll, split_paragraphs
from verbund.assemblies.taxonomy import ADOPTED_STATUSES, PollKind, PollStatus
from verbund.core.pdf import render_pdf


def resolution_book_pdf(conference: Conference) -> bytes:
    """The resolution book as tagged PDF in the active language (the reader's)."""
    closed_votes = Poll.objects.filter(kind=PollKind.VOTE, status=PollStatus.CLOSED).order_by(
        "-closed_at"
    )
    motions = (
        conference.motions.filter(status__in=ADOPTED_STATUSES)
        .order_by("number")
        .prefetch_related(Prefetch("polls", queryset=closed_votes, to_attr="closed_votes"))
    )
    # Each resolution with its final text and the vote that carried it (the last one held).
    resolutions = [
        (
            motion,
            split_paragraphs(motion.adopted_text),
            motion.closed_votes[0] if motion.closed_votes else None,
        )
        for motion in motions
    ]
    return render_pdf(
        "assemblies/resolution_book.html",
        {"conference": conference, "resolutions": resolutions},
    )
