"""Fixed vocabularies of conferences, votes and elections. Codes are stored; labels translated."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantKind(models.TextChoices):
    DELEGATE = "delegate", _("Delegate")
    GUEST = "guest", _("Guest")
    PRESS = "press", _("Press")
    STAFF = "staff", _("Staff")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class PollKind(models.TextChoices):
    VOTE = "vote", _("Vote")
    ELECTION = "election", _("Election")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("Prepared")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Choice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class ResultBase(models.TextChoices):
    """What counts as 100 % when the result is stated."""

    CAST = "cast", _("All votes cast (yes, no and abstentions)")
    YES_NO = "yes_no", _("Yes and no votes only")
    ENTITLED = "entitled", _("All entitled votes, cast or not")


class Majority(models.TextChoices):
    SIMPLE = "simple", _("More yes than no")
    MORE_THAN_HALF = "half", _("More than half of the base")
    TWO_THIRDS = "two_thirds", _("Two thirds of the base")


class ElectionMethod(models.TextChoices):
    YES_NO_PER_CANDIDATE = "yes_no", _("Yes, no or abstain for each candidate")
    VOTES_PER_SEAT = "per_seat", _("As many votes as seats, limited per candidate")


class AgendaStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    CURRENT = "current", _("Under discussion")
    DONE = "done", _("Done")


class SpeechKind(models.TextChoices):
    POINT_OF_ORDER = "order", _("Point of order")
    CONTRIBUTION = "contribution", _("Contribution")
    PRO = "pro", _("Speech in favour")
    CONTRA = "contra", _("Speech against")


class SpeechStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    SPEAKING = "speaking", _("Speaking")
    DONE = "done", _("Spoke")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MotionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ADMITTED = "admitted", _("Admitted")
    REFERRED = "referred", _("Referred to a committee")
    ADOPTED = "adopted", _("Adopted")
    ADOPTED_CHANGED = "adopted_changed", _("Adopted with changes")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ADOPTED_STATUSES = (MotionStatus.ADOPTED, MotionStatus.ADOPTED_CHANGED)

# Which status a motion may move to from which; withdrawing is the submitter's own step.
MOTION_TRANSITIONS: dict[str, frozenset[str]] = {
    MotionStatus.SUBMITTED: frozenset(
        {MotionStatus.ADMITTED, MotionStatus.REJECTED, MotionStatus.WITHDRAWN}
    ),
    MotionStatus.ADMITTED: frozenset(
        {
            MotionStatus.REFERRED,
            MotionStatus.ADOPTED,
            MotionStatus.ADOPTED_CHANGED,
            MotionStatus.REJECTED,
            MotionStatus.WITHDRAWN,
        }
    ),
    MotionStatus.REFERRED: frozenset({MotionStatus.ADMITTED, MotionStatus.WITHDRAWN}),
    MotionStatus.ADOPTED: frozenset(),
    MotionStatus.ADOPTED_CHANGED: frozenset(),
    MotionStatus.REJECTED: frozenset(),
    MotionStatus.WITHDRAWN: frozenset(),
}


class AmendmentStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Recommendation(models.TextChoices):
    NONE = "", _("No recommendation")
    ACCEPT = "accept", _("Committee recommends adopting")
    REJECT = "reject", _("Committee recommends rejecting")


class DelegateInvitationStatus(models.TextChoices):
    PENDING = "pending", _("Invited, not yet registered")
    ACCEPTED = "accepted", _("Registered")
    WITHDRAWN = "withdrawn", _("Withdrawn")
