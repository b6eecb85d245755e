"""Meetings of a network or one of its bodies: agenda, invitations, minutes, decisions and
action items. Models stay plain; every write goes through ``services``."""

from __future__ import annotations

import datetime
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.meetings.taxonomy import (
    RRULES,
    Format,
    MinutesStatus,
    Recurrence,
    Response,
    TaskStatus,
)
from verbund.networks.models import Body
from verbund.organizations.models import Organization

# Votes counted in a meeting's decision: no meeting has a million voters.
MAX_COUNT = MaxValueValidator(1_000_000)


class Meeting(models.Model):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("network"),
    )
    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("body"),
        help_text=_("Leave empty for a meeting of the whole network."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    starts_at = models.DateTimeField(_("starts"))
    # At most a week: a meeting, not a season.
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        default=90,
        validators=[MinValueValidator(5), MaxValueValidator(7 * 24 * 60)],
    )
    recurrence = models.CharField(
        _("repeats"), max_length=12, choices=Recurrence.choices, blank=True, default=""
    )
    repeat_until = models.DateField(_("repeats until"), null=True, blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("link to join online"), max_length=500, blank=True)
    # The pin of the place: from the gazetteer, or corrected by hand (``core.gazetteer.Source``).
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    location_source = models.CharField(max_length=12, blank=True, default="", editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Raised on every change so calendar programs replace their copy (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["organization", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def rrule(self) -> dict[str, Any] | None:
        if not self.recurrence:
            return None
        rule: dict[str, Any] = dict(RRULES[self.recurrence])
        if self.repeat_until:
            rule["UNTIL"] = datetime.datetime.combine(
                self.repeat_until, datetime.time(23, 59, 59), tzinfo=datetime.UTC
            )
        return rule

    @property
    def has_pin(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence)

    @property
    def recurrence_label(self) -> str:
        return str(Recurrence(self.recurrence).label)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("presented by"),
    )
    planned_minutes = models.PositiveSmallIntegerField(
        _("planned minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class Guest:
    """Someone invited without an account: a member organisation's contact person or its
    own address. Offers what the e-mails read of a person."""

    email: str
    name: str
    preferred_language: str
    pk: None = None

    def __str__(self) -> str:
        return self.name or self.email


class Invitation(models.Model):
    """An invitation to a meeting: of a person with an account, or of an address of a member
    organisation (``person`` empty; ``email``, ``name`` and ``language`` say whom)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    response = models.CharField(
        _("answer"), max_length=8, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["person__display_name", "person__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=models.Q(person__isnull=False),
                name="unique_invitation",
            ),
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=models.Q(person__isnull=True),
                name="unique_guest_invitation",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(email=""),
                name="invitation_has_a_person_or_an_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.addressee} → {self.meeting}"

    @property
    def addressee(self) -> Any:
        """The invited person's account, or the guest the row describes."""
        if self.person_id is not None:
            return self.person
        return Guest(self.email, self.name, self.language or settings.LANGUAGE_CODE)


class Minutes(models.Model):
    """The record of one sitting; a recurring meeting has one per date it met."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("general notes"), blank=True, max_length=20000)
    # {agenda item id: text} — what was said under each item of the agenda.
    item_notes = models.JSONField(default=dict, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("present")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "held_on"], name="unique_minutes_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}, {self.held_on:%Y-%m-%d}"

    @property
    def is_draft(self) -> bool:
        return self.status == MinutesStatus.DRAFT


class Decision(models.Model):
    """A decision taken in a meeting, numbered per network and year ("3/2026")."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="decisions")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="meeting_decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    text = models.TextField(_("decision"), max_length=4000)
    votes_for = models.PositiveIntegerField(
        _("votes for"), null=True, blank=True, validators=[MAX_COUNT]
    )
    votes_against = models.PositiveIntegerField(
        _("votes against"), null=True, blank=True, validators=[MAX_COUNT]
    )
    abstentions = models.PositiveIntegerField(
        _("abstentions"), null=True, blank=True, validators=[MAX_COUNT]
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"], name="unique_decision_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:60]}"

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def was_voted(self) -> bool:
        return self.votes_for is not None or self.votes_against is not None


class ActionItem(models.Model):
    """A task handed out to a person or an organisation, with where it came from."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("network"),
    )
    title = models.CharField(_("task"), max_length=300)
    details = models.TextField(_("details"), blank=True, max_length=4000)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        verbose_name=_("person responsible"),
    )
    assignee_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_action_items",
        verbose_name=_("organisation responsible"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    minutes = models.ForeignKey(
        Minutes, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        verbose_name=_("decision"),
    )
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        verbose_name=_("document"),
    )
    source_url = models.CharField(
        _("link to where it came from"),
        max_length=300,
        blank=True,
        help_text=_("For example a page elsewhere that the task belongs to."),
    )
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]
        indexes = [
            models.Index(fields=["organization", "status", "due_on"]),
            models.Index(fields=["assignee", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee__isnull=False) | Q(assignee_organization__isnull=False),
                name="action_item_has_assignee",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def assignee_label(self) -> str:
        names = []
        if self.assignee_id:
            names.append(str(self.assignee))
        if self.assignee_organization_id:
            names.append(str(self.assignee_organization))
        return ", ".join(names)

    @property
    def meeting(self) -> Meeting | None:
        return self.minutes.meeting if self.minutes_id and self.minutes else None


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's secret calendar address; calendar programs cannot log in."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar of {self.person}"
