"""PDF files of approved minutes, rendered by WeasyPrint from an HTML template."""

from __future__ import annotations

from verbund.core.pdf import render_pdf
from verbund.meetings.models import Minutes


def minutes_pdf(minutes: Minutes) -> bytes:
    """The minutes as tagged PDF in the active language (the reader's)."""
    agenda = list(minutes.meeting.agenda_items.all())
    notes = minutes.item_notes or {}
    return render_pdf(
        "meetings/minutes_pdf.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "agenda": [(item, notes.get(str(item.pk), "")) for item in agenda],
            "decisions": list(minutes.decisions.all()),
            "action_items": list(minutes.action_items.select_related("assignee", "decision")),
            "attendees": list(minutes.attendees.all()),
        },
    )


def minutes_filename(minutes: Minutes) -> str:
    return f"minutes-{minutes.meeting.pk}-{minutes.held_on:%Y-%m-%d}.pdf"
