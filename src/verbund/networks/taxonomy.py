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
    """Where a membership stands. Only ``active`` gives the network anything over the member,
    and only both sides together make a membership active: the member applies and the
    network accepts, or the network invites and the member's administrators accept (or
    platform staff record it, with a reason in the audit log)."""

    APPLIED = "applied", _("Applied")
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")
    REJECTED = "rejected", _("Application rejected")
    DECLINED = "declined", _("Invitation declined")
    WITHDRAWN = "withdrawn", _("Invitation withdrawn")


# Memberships that still bind the graph: a new one must not close a cycle through them, and
# there is at most one of them between two organisations.
LIVE_STATUSES: tuple[str, ...] = (
    MembershipStatus.APPLIED,
    MembershipStatus.INVITED,
    MembershipStatus.ACTIVE,
    MembershipStatus.SUSPENDED,
)
# Waiting for the other side's answer.
PENDING_STATUSES: tuple[str, ...] = (MembershipStatus.APPLIED, MembershipStatus.INVITED)


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


class AddressSource(models.TextChoices):
    """Where a mailing recipient's address comes from; it decides who may see the address."""

    CONTACT = "contact", _("Contact person of the organisation")
    ACCOUNT = "account", _("Account of a person of the organisation")
    SEAT = "seat", _("Seat in one of the network's bodies")
    ORGANIZATION = "address", _("General address of the organisation")


class MessageKind(models.TextChoices):
    """What a message is, for what a contact wants to receive and what it unsubscribed from."""

    MAILING = "mailing", _("Network mailings")
    MEETING = "meeting", _("Meeting invitations, reminders and minutes")
    ASSEMBLY = "assembly", _("Assembly notices")
    MEMBERSHIP = "membership", _("Membership decisions")
    DIGEST = "digest", _("Digests")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    UNSUBSCRIBED = "unsubscribed", _("Not sent: unsubscribed")
    FAILED = "failed", _("Failed")
