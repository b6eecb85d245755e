"""The documents' fixed vocabularies. Codes are stored; labels are translated when shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    POLICY_PAPER = "policy_paper", _("Policy paper")
    DEMANDS_CATALOGUE = "demands", _("Demands catalogue")
    STATEMENT = "statement", _("Statement")
    TOOLKIT = "toolkit", _("Toolkit")
    RESOLUTION = "resolution", _("Resolution")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other document")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted")
    PUBLISHED = "published", _("Published")


# Comments are taken while the text can still change.
COMMENTABLE = (DocumentStatus.DRAFT, DocumentStatus.CONSULTATION)
