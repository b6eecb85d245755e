"""Conferences of a network: participants, proxies, votes and elections.

Secret ballots are stored so that nobody can tell who cast them: while the poll is open they
exist only as counts in its ``BallotBox``; at closing they become ``Ballot`` rows with no voter,
a random UUID key and no timestamp, written in random order. The register of who has voted
(``VoteRecord``) is a separate table with random keys and no timestamp. Models stay plain;
every write goes through ``services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.assemblies.taxonomy import (
    AgendaStatus,
    AmendmentStatus,
    DelegateInvitationStatus,
    ElectionMethod,
    Majority,
    MotionStatus,
    ParticipantKind,
    PollKind,
    PollStatus,
    Recommendation,
    RegistrationStatus,
    ResultBase,
    SpeechKind,
    SpeechStatus,
)
from verbund.core.fields import NameField
from verbund.networks.models import Body
from verbund.networks.taxonomy import SeatRole
from verbund.organizations.models import Organization

MAX_VOTE_WEIGHT = 1000
MAX_WEIGHT = MaxValueValidator(MAX_VOTE_WEIGHT)


class Conference(models.Model):
    network = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="conferences")
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )
    consent_text = models.TextField(
        _("consent text"),
        blank=True,
        max_length=4000,
        help_text=_("What participants agree to when they register."),
    )
    delegates_per_member = models.PositiveSmallIntegerField(
        _("delegate seats per full member organisation"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # A delegate's votes: 1 to MAX_VOTE_WEIGHT (docs/assemblies.md), never 0 or tens of thousands.
    delegate_vote_weight = models.PositiveSmallIntegerField(
        _("votes per delegate"), default=1, validators=[MinValueValidator(1), MAX_WEIGHT]
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="conference_days_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """One person at one conference; delegates speak and vote for a member organisation."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    kind = models.CharField(_("taking part as"), max_length=10, choices=ParticipantKind.choices)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("delegated by"),
    )
    status = models.CharField(
        _("registration"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    vote_weight = models.PositiveSmallIntegerField(_("votes"), default=0, validators=[MAX_WEIGHT])
    is_chair = models.BooleanField(_("chairs the assembly"), default=False)
    consented_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    present = models.BooleanField(_("present"), default=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "person"], name="unique_participant_per_conference"
            ),
            models.CheckConstraint(
                condition=Q(kind="delegate") | Q(vote_weight=0), name="only_delegates_vote"
            ),
        ]
        indexes = [models.Index(fields=["conference", "kind", "status"])]

    def __str__(self) -> str:
        return str(self.person)


class Proxy(models.Model):
    """``giver`` lets ``holder`` vote for them; one level only (see ``services.give_proxy``)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="proxies")
    giver = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="proxy_given")
    holder = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="proxies_held")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.CheckConstraint(condition=~Q(giver=models.F("holder")), name="proxy_not_self")
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


class Poll(models.Model):
    """A vote on a question or an election to the seats of a body."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="polls")
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices)
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"), blank=True, max_length=4000)
    secret = models.BooleanField(_("secret"), default=True)
    status = models.CharField(
        _("status"), max_length=8, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    result_base = models.CharField(
        _("what counts as 100 %"),
        max_length=10,
        choices=ResultBase.choices,
        default=ResultBase.CAST,
    )
    majority = models.CharField(
        _("required majority"), max_length=10, choices=Majority.choices, default=Majority.SIMPLE
    )
    # Elections
    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elections",
        verbose_name=_("body"),
    )
    seats = models.PositiveSmallIntegerField(
        _("seats to fill"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    method = models.CharField(
        _("method"),
        max_length=10,
        choices=ElectionMethod.choices,
        default=ElectionMethod.YES_NO_PER_CANDIDATE,
    )
    max_votes_per_candidate = models.PositiveSmallIntegerField(
        _("at most votes per candidate"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    term_starts_on = models.DateField(_("term starts"), null=True, blank=True)
    term_ends_on = models.DateField(_("term ends"), null=True, blank=True)
    runoff_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="runoffs"
    )
    motion = models.ForeignKey(
        "Motion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="polls",
        verbose_name=_("on the motion"),
    )
    # Frozen when the poll opens: the weight of everyone entitled then.
    entitled_weight = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The published result, written once when the poll closes.
    result = models.JSONField(default=dict, blank=True)
    seats_installed_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="vote") | Q(body__isnull=False), name="election_has_body"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_election(self) -> bool:
        return self.kind == PollKind.ELECTION


class Candidate(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidacies",
    )
    name = models.CharField(_("name"), max_length=150)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(
        _("role if elected"), max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class VoteRecord(models.Model):
    """Who has voted (or been voted for by proxy) in a poll: the has-voted register.

    Random keys and no timestamp, so the register holds no order of voting; the unique
    constraint makes a second submission for the same participant fail in the database.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="vote_records")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="vote_records"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "participant"], name="one_vote_per_participant")
        ]

    def __str__(self) -> str:
        return str(self.id)


class BallotBox(models.Model):
    """The ballots of an open secret poll, as counts of each distinct answer.

    A secret ballot is never a row of its own while the poll is open: the vote adds its
    weight to the count of its answer in this one row, so no row id, row order (SQLite's
    rowid, PostgreSQL's ctid) or inserting transaction (``xmin``) belongs to one ballot and
    could be matched with the has-voted register. Closing the poll writes the ballots out as
    unit ``Ballot`` rows in random order and removes the box. No timestamps.
    """

    poll = models.OneToOneField(
        Poll, primary_key=True, on_delete=models.CASCADE, related_name="ballot_box"
    )
    # {canonical JSON of an answer: weight}, keys sorted, so not even the order in which
    # answers first appeared is kept.
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"ballot box of poll {self.poll_id}"


class Ballot(models.Model):
    """One cast ballot. ``voter`` is filled only in named polls.

    ``answer`` is ``{"choice": "yes"}`` in a vote; in an election it maps candidate ids to
    ``"yes"``/``"no"``/``"abstain"`` (per-candidate method) or to a number of votes.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    weight = models.PositiveSmallIntegerField()
    answer = models.JSONField()
    voter = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            # Named polls keep one ballot per voter; secret ballots have no voter at all.
            models.UniqueConstraint(
                fields=["poll", "voter"],
                condition=Q(voter__isnull=False),
                name="one_named_ballot_per_voter",
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


class AgendaItem(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=AgendaStatus.choices, default=AgendaStatus.UPCOMING
    )
    speaking_seconds = models.PositiveSmallIntegerField(
        _("speaking time (seconds)"),
        default=180,
        validators=[MinValueValidator(10), MaxValueValidator(3600)],
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference"],
                condition=Q(status="current"),
                name="one_current_agenda_item",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SpeakRequest(models.Model):
    """A request to speak on an agenda item; points of order come first, then in order."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="speak_requests"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SpeechKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SpeechStatus.choices, default=SpeechStatus.WAITING
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("request to speak")
        verbose_name_plural = _("requests to speak")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "participant"],
                condition=Q(status__in=["waiting", "speaking"]),
                name="one_open_request_per_speaker",
            ),
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="speaking"), name="one_speaker_at_a_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} ({self.kind})"


class Motion(models.Model):
    """A motion to the conference; numbered when submitted (A1, A2 …)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="motions")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("text"), max_length=50000, help_text=_("Separate paragraphs with an empty line.")
    )
    reason = models.TextField(_("reason"), blank=True, max_length=20000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="motions"
    )
    on_behalf_of = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="motions",
        verbose_name=_("submitted on behalf of"),
    )
    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="motions",
        verbose_name=_("submitted by the body"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MotionStatus.choices, default=MotionStatus.SUBMITTED
    )
    referred_to = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referred_motions",
        verbose_name=_("referred to"),
    )
    # The text as adopted: the original with the adopted amendments applied.
    adopted_text = models.TextField(blank=True)
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resolution document"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "number"], name="unique_motion_number")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.title}"

    @property
    def label(self) -> str:
        return f"A{self.number}"

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.text)


def split_paragraphs(text: str) -> list[str]:
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


class MotionSupport(models.Model):
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="motion_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="unique_motion_support")
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.motion_id}"


class Amendment(models.Model):
    """Replaces one paragraph of a motion (an empty text deletes it)."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField(_("number"))
    paragraph = models.PositiveSmallIntegerField(_("paragraph"))
    new_text = models.TextField(_("new wording"), blank=True, max_length=20000)
    reason = models.TextField(_("reason"), blank=True, max_length=5000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AmendmentStatus.choices,
        default=AmendmentStatus.SUBMITTED,
    )
    recommendation = models.CharField(
        _("committee recommendation"),
        max_length=8,
        choices=Recommendation.choices,
        default=Recommendation.NONE,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["paragraph", "number"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "number"], name="unique_amendment_number")
        ]

    def __str__(self) -> str:
        return f"{self.motion.label}/{self.number}"


class DelegateInvitation(models.Model):
    """A delegate named by name and address, who may have no account yet: the e-mail's link
    lets them sign up (or log in) and register. While pending it takes one of the member's
    seats; withdrawing it (to name someone else) kills the link."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="delegate_invitations"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("delegated by")
    )
    name = NameField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DelegateInvitationStatus.choices,
        default=DelegateInvitationStatus.PENDING,
    )
    nonce = models.CharField(max_length=32)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delegate invitation")
        verbose_name_plural = _("delegate invitations")
        ordering = ["organization__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "email"],
                condition=Q(status="pending"),
                name="one_pending_delegate_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"
