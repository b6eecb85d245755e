"""PDF files of approved minutes, rendered by WeasyPrint from an HTML template."""

from __future__ import annotations

from django.template.loader import render_to_string

from verbund.meetings.models import Minutes


def minutes_pdf(minutes: Minutes) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    agenda = list(minutes.meeting.agenda_items.all())
    notes = minutes.item_notes or {}
    html = render_to_string(
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
    return bytes(HTML(string=html).write_pdf())


def minutes_filename(minutes: Minutes) -> str:
    return f"minutes-{minutes.meeting.pk}-{minutes.held_on:%Y-%m-%d}.pdf"
