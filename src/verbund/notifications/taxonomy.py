"""What people are told about, and how often they want it by e-mail."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    MEETINGS = "meetings", _("Meetings: invitations and minutes")
    TASKS = "tasks", _("Tasks handed to me")
    DOCUMENTS = "documents", _("Documents: comments and status changes")
    REQUESTS = "requests", _("Requests to my organisations: invitations and proposed changes")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away by e-mail")
    DAILY = "daily", _("Daily digest by e-mail")
    WEEKLY = "weekly", _("Weekly digest by e-mail")
    SITE_ONLY = "site", _("Only here on the site")


DEFAULT_DELIVERY = Delivery.IMMEDIATE
