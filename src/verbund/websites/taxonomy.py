"""Fixed choices of the websites app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageKind(models.TextChoices):
    ABOUT = "about", _("About us and our goals")
    HISTORY = "history", _("History")
    POSITIONS = "positions", _("Positions and demands")
    PUBLICATIONS = "publications", _("Publications")
    PROJECTS = "projects", _("Projects")
    OTHER = "other", _("Other page")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


# The fields of the Impressum that § 5 DDG asks of an association, with their labels.
IMPRESSUM_FIELDS: dict[str, object] = {
    "name": _("name of the organisation"),
    "address": _("postal address"),
    "representatives": _("people who represent the organisation (board)"),
    "register": _("register court and register number"),
    "email": _("e-mail address for contact"),
    "responsible": _("person responsible for the content"),
}
