"""The resolution book is a tagged PDF in the reader's language (Arabic right to left), read
back with pikepdf."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.assemblies.conftest import Hall
from tests.pdfcheck import structure_roles, tagged_language
from verbund.assemblies import services
from verbund.assemblies.taxonomy import MotionStatus


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "de", "ru"])
def test_the_resolution_book_is_tagged_in_the_readers_language(hall: Hall, language: str) -> None:
    motion = services.submit_motion(
        hall.person(0),
        hall.conference,
        {"title": "Partizipationsgesetz", "text": "Wir fordern ein Gesetz.\n\nUnd zwar bald."},
    )
    services.change_motion_status(hall.coordinator, motion, MotionStatus.ADMITTED)
    services.change_motion_status(hall.coordinator, motion, MotionStatus.ADOPTED)
    client = Client()
    client.force_login(hall.coordinator)
    path = reverse("assemblies:resolution_book", args=[hall.conference.pk])
    path = "/" + language + path[3:]
    response = client.get(path)
    assert response["Content-Type"] == "application/pdf"
    assert tagged_language(response.content) == language
    assert "P" in structure_roles(response.content)


def test_the_template_says_rtl_for_arabic(hall: Hall) -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    from verbund.core.pdf import language_context

    with translation.override("ar"):
        html = render_to_string(
            "assemblies/resolution_book.html",
            {**language_context(), "conference": hall.conference, "resolutions": []},
        )
    assert '<html lang="ar" dir="rtl">' in html
