"""Plain-text e-mails: rendered by a template engine without HTML escaping.

Django's template engine escapes ``&``, ``<``, ``"`` … for HTML; in a text/plain e-mail
that turns a meeting called "Haus & Hof" into "Haus &amp; Hof". Every e-mail subject and body
is therefore rendered with :func:`render_text`, through the ``text`` engine of ``TEMPLATES``
(the same template folders, ``autoescape`` off). Nothing rendered this way may end up in an
HTML page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template import engines


def render_text(template_name: str, context: Mapping[str, Any]) -> str:
    return engines["text"].get_template(template_name).render(dict(context))


def render_subject(template_name: str, context: Mapping[str, Any]) -> str:
    """A subject on one line, without the line breaks a template leaves."""
    return " ".join(render_text(template_name, context).split())
