"""The exchange's fixed vocabularies: what a post is, its kind, skills, visibility, states.

Codes are stored; labels are translated when shown.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    OFFER = "offer", _("Offer")
    NEED = "need", _("Need")


class PostKind(models.TextChoices):
    ROOM = "room", _("Room")
    EQUIPMENT = "equipment", _("Equipment or material")
    SKILL = "skill", _("Skill or service")
    VOLUNTEERS = "volunteers", _("Volunteers")
    MONEY = "money", _("Money towards a joint project")


class Skill(models.TextChoices):
    PRESS = "press", _("Press work")
    TRANSLATION = "translation", _("Translation and interpreting")
    GRANT_WRITING = "grant_writing", _("Grant writing")
    ACCOUNTING = "accounting", _("Accounting")
    IT = "it", _("IT")
    CHILD_CARE = "child_care", _("Child care")
    OTHER = "other", _("Other")


class Cost(models.TextChoices):
    FREE = "free", _("Free of charge")
    AT_COST = "at_cost", _("At cost")


class PostVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    NETWORKS = "networks", _("Members of our networks")
    SELECTED = "selected", _("Members of selected networks")


class ThreadState(models.TextChoices):
    OPEN = "open", _("Open")
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Done")


class BookingState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class ShareKind(models.TextChoices):
    AMOUNT = "amount", _("Amount")
    PERCENT = "percent", _("Percentage")


WEEKDAYS = (
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
)
# "free on Tuesdays": the plural forms for the explanation of a match.
WEEKDAYS_PLURAL = (
    _("Mondays"),
    _("Tuesdays"),
    _("Wednesdays"),
    _("Thursdays"),
    _("Fridays"),
    _("Saturdays"),
    _("Sundays"),
)


class Topic(models.TextChoices):
    ROOMS = "rooms", _("Rooms and places")
    FUNDING = "funding", _("Funding and money")
    PRESS = "press", _("Press and public relations")
    EVENTS = "events", _("Events")
    KNOW_HOW = "know_how", _("Know-how and materials")
    OTHER = "other", _("Other topics")
