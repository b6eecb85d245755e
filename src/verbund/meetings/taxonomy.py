"""The meetings' fixed vocabularies. Codes are stored; labels are translated when shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class Recurrence(models.TextChoices):
    NONE = "", _("Once")
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


# The iCalendar rule of each recurrence (RFC 5545).
RRULES: dict[str, dict[str, object]] = {
    Recurrence.WEEKLY: {"FREQ": "WEEKLY"},
    Recurrence.FORTNIGHTLY: {"FREQ": "WEEKLY", "INTERVAL": 2},
    Recurrence.MONTHLY: {"FREQ": "MONTHLY"},
}


class Response(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    YES = "yes", _("Yes, I will attend")
    NO = "no", _("No, I cannot attend")
    MAYBE = "maybe", _("Maybe")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Approved and sent")


class TaskStatus(models.TextChoices):
    # "Open" alone is also a button ("Öffnen") and a poll that is open: the context keeps
    # the task's status its own translation ("Offen").
    OPEN = "open", pgettext_lazy("task status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_TASK_STATUSES: tuple[str, ...] = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
