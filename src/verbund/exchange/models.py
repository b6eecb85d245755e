"""The exchange: offers and needs of organisations, threads between two organisations about
one of them, room bookings, and joint projects with their cost shares.

Models stay plain; every write goes through ``services``.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.core.constraints import PostgresExclusionConstraint
from verbund.exchange.taxonomy import (
    BookingState,
    Cost,
    Direction,
    PostKind,
    PostVisibility,
    ShareKind,
    Skill,
    ThreadState,
    Topic,
)
from verbund.organizations.models import Organization, postal_code_validator
from verbund.organizations.taxonomy import Theme


def _in_ninety_days() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=90)


class Post(models.Model):
    """An offer or a need of one organisation (partner institutions post too)."""

    owner = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="exchange_posts",
        verbose_name=_("organisation"),
    )
    direction = models.CharField(_("offer or need"), max_length=5, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=PostKind.choices)
    skill = models.CharField(
        _("skill or service"), max_length=20, choices=Skill.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    # "ar>de": translation or interpreting from Arabic into German.
    language_pairs = models.JSONField(_("language pairs"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    equipment = models.CharField(_("equipment"), max_length=300, blank=True)
    cost = models.CharField(_("cost"), max_length=10, choices=Cost.choices, default=Cost.FREE)
    price_note = models.CharField(_("price"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount in euros"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, validators=[postal_code_validator]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    # Monday is 0. A room offer is available on these days between the two times; a need
    # asks for them.
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    time_from = models.TimeField(_("from"), null=True, blank=True)
    time_to = models.TimeField(_("until"), null=True, blank=True)

    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), default=_in_ninety_days, db_index=True)
    visibility = models.CharField(
        _("who sees it"),
        max_length=10,
        choices=PostVisibility.choices,
        default=PostVisibility.PUBLIC,
    )
    networks = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name=_("selected networks")
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["direction", "kind", "valid_until"]),
            models.Index(fields=["owner", "direction"]),
            models.Index(fields=["latitude", "longitude"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("exchange:detail", kwargs={"pk": self.pk})

    @property
    def is_offer(self) -> bool:
        return self.direction == Direction.OFFER

    @property
    def is_room(self) -> bool:
        return self.kind == PostKind.ROOM

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_expired(self) -> bool:
        return self.valid_until < timezone.localdate()


class PostLanguage(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="language_links")
    code = models.CharField(max_length=3, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "code"], name="exchange_unique_language")
        ]

    def __str__(self) -> str:
        return self.code


class PostTheme(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="theme_links")
    theme = models.CharField(max_length=30, choices=Theme.choices, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "theme"], name="exchange_unique_theme")
        ]

    def __str__(self) -> str:
        return self.theme


class Thread(models.Model):
    """A conversation between two organisations about one post: the asking organisation and
    the post's owner. People write for their organisation, never to a personal address."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="threads")
    asker = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("asking")
    )
    owner = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("asked")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ThreadState.choices, default=ThreadState.OPEN
    )
    agreement = models.TextField(_("what was agreed"), blank=True, max_length=4000)
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "asker"], name="exchange_one_thread_per_asker")
        ]
        indexes = [models.Index(fields=["asker"]), models.Index(fields=["owner"])]

    def __str__(self) -> str:
        return f"{self.asker} → {self.owner}: {self.post}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("exchange:thread", kwargs={"pk": self.pk})


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("from")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("message"), max_length=4000)
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.organization}: {self.text[:40]}"


class AbuseReport(models.Model):
    """Someone reports a post or a message; staff look at it and may hide what it names."""

    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("what is wrong"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reason[:40]


class TimeSlot(Func):
    """The half-open time range of a booking, for the exclusion constraint."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Booking(models.Model):
    """A slot of a room offer that an organisation asked for. Accepted bookings of one room
    never overlap: on PostgreSQL an exclusion constraint says so, on SQLite the accepting
    service checks inside its transaction."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookings")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="bookings")
    requester = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    state = models.CharField(
        _("state"), max_length=10, choices=BookingState.choices, default=BookingState.REQUESTED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="exchange_booking_ends_after_start"
            ),
            PostgresExclusionConstraint(
                name="exchange_booking_no_overlap",
                expressions=[
                    ("post", RangeOperators.EQUAL),
                    (TimeSlot("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                ],
                condition=Q(state=BookingState.ACCEPTED),
            ),
        ]
        indexes = [models.Index(fields=["post", "state", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.post} {self.starts_at:%Y-%m-%d %H:%M}"


class Project(models.Model):
    """A joint project of several organisations: a shared event, a joint funding application,
    a shared office; with a budget whose cost lines the partners share."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    lead = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("led by")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("joint project")
        verbose_name_plural = _("joint projects")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Partner(models.Model):
    """An organisation in a joint project; it counts once its own people accepted."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization"], name="exchange_unique_partner"
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)


class CostLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cost_lines")
    label = models.CharField(_("cost"), max_length=200)
    amount = models.DecimalField(_("amount in euros"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label


class Share(models.Model):
    """What one partner pays of one cost line: an amount or a percentage of it."""

    line = models.ForeignKey(CostLine, on_delete=models.CASCADE, related_name="shares")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="shares")
    kind = models.CharField(_("share as"), max_length=10, choices=ShareKind.choices)
    value = models.DecimalField(_("share"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["line", "partner"], name="exchange_unique_share")
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.value} {self.kind}"


class Contribution(models.Model):
    """A contribution in kind: a room, hours of work, with what it is worth."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contributions")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contributions")
    description = models.CharField(_("contribution"), max_length=200)
    value = models.DecimalField(_("worth in euros"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class Discussion(models.Model):
    """A discussion in a network's exchange space, under one topic; read and written by the
    network's members area, moderated by the people who run the network."""

    network = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("network")
    )
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["network", "topic", "updated_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("exchange:discussion", kwargs={"pk": self.pk})


class DiscussionPost(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("message"), max_length=4000)
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]
