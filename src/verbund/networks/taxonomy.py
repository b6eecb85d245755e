"""The networks' fixed vocabularies. Codes are stored; labels are translated when shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipType(models.TextChoices):
    FULL = "full", _("Full member")
    SUPPORTING = "supporting", _("Supporting member")
    OBSERVER = "observer", _("Observer")
    CUSTOM = "custom", _("Type defined by the network")


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")
    REJECTED = "rejected", _("Application rejected")


# Memberships that still bind the graph: a new one must not close a cycle through them.
LIVE_STATUSES: tuple[str, ...] = (
    MembershipStatus.APPLIED,
    MembershipStatus.ACTIVE,
    MembershipStatus.SUSPENDED,
)


class BodyKind(models.TextChoices):
    BOARD = "board", _("Board")
    SPEAKER_COUNCIL = "speaker_council", _("Speaker council")
    COMMITTEE = "committee", _("Committee")
    REPRESENTATIVES_COUNCIL = "representatives_council", _("Representatives' council")
    OFFICE = "office", _("Office")
    WORKING_GROUP = "working_group", _("Working group")
    CUSTOM = "custom", _("Other body")


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
    TREASURER = "treasurer", _("Treasurer")
    SECRETARY = "secretary", _("Secretary")
    SPOKESPERSON = "spokesperson", _("Spokesperson")
    MANAGING_DIRECTOR = "managing_director", _("Managing director")
    MEMBER = "member", _("Member")
    OTHER = "other", _("Other role")


class NetworkRoleKind(models.TextChoices):
    COORDINATOR = "coordinator", _("Network coordinator")
    OFFICE = "office", _("Office staff")


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    UNSUBSCRIBED = "unsubscribed", _("Not sent: unsubscribed")
    FAILED = "failed", _("Failed")
