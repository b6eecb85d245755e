"""Networks: memberships between organisations, bodies with seats, roles and member mailings.

An organisation that has members is a network; membership is a relation between two
organisations and the memberships form a directed acyclic graph (one organisation may belong
to several networks, networks nest to any depth). Models stay plain; writes go through
``services``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.core.fields import NameField
from verbund.networks.taxonomy import (
    LIVE_STATUSES,
    AddressSource,
    BodyKind,
    DeliveryStatus,
    MailingStatus,
    MembershipStatus,
    MembershipType,
    MessageKind,
    NetworkRoleKind,
    SeatRole,
)
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Visibility


class CustomMembershipType(models.Model):
    """A membership type a network defines for itself ("Fördermitglied mit Stimmrecht")."""

    network = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="custom_membership_types"
    )
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("membership type")
        verbose_name_plural = _("membership types")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="unique_custom_type_name")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """``member`` belongs to ``network``. Ended, rejected, declined and withdrawn rows stay as
    history. ``statement`` is the applicant's statement, or the network's message with an
    invitation."""

    network = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="member_links",
        verbose_name=_("network"),
    )
    member = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="membership_links",
        verbose_name=_("member"),
    )
    type = models.CharField(
        _("membership type"),
        max_length=12,
        choices=MembershipType.choices,
        default=MembershipType.FULL,
    )
    custom_type = models.ForeignKey(
        CustomMembershipType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("type defined by the network"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLIED,
    )
    statement = models.TextField(_("statement"), blank=True, max_length=2000)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=2000)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    invited_on = models.DateField(_("invited on"), null=True, blank=True)
    active_since = models.DateField(_("member since"), null=True, blank=True)
    suspended_since = models.DateField(_("suspended since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["member__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(network=models.F("member")), name="membership_not_self"
            ),
            # At most one membership between two organisations is not history.
            models.UniqueConstraint(
                fields=["network", "member"],
                condition=Q(status__in=list(LIVE_STATUSES)),
                name="unique_live_membership",
            ),
        ]
        indexes = [
            # Covers the recursive walk down the graph: index-only lookups of the members.
            models.Index(fields=["network", "status", "member"], name="membership_edges"),
            models.Index(fields=["member", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.network}"

    @property
    def type_label(self) -> str:
        if self.type == MembershipType.CUSTOM and self.custom_type_id:
            return str(self.custom_type)
        return str(MembershipType(self.type).label)


class EntryGrantQuerySet(models.QuerySet["EntryGrant"]):
    def in_force(self) -> EntryGrantQuerySet:
        return self.filter(granted_at__isnull=False, revoked_at__isnull=True)

    def requested(self) -> EntryGrantQuerySet:
        return self.filter(granted_at__isnull=True, revoked_at__isnull=True)


class EntryGrant(models.Model):
    """``organization`` lets ``network`` keep its registry entry (stewardship).

    While in force, the people who run the network (if it is published) may change the
    entry: their imports update it directly instead of proposing changes, and they may edit
    the profile and ask for its publication. A grant comes into being in two ways only: the
    network's import created the entry (``granted_by_system`` names why, ``granted_by`` the
    importer), or the organisation's administrator accepted the network's request. The
    organisation's administrators revoke it at any time. Rows are never deleted: a request
    that was declined and a grant that was revoked have ``revoked_at``.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="entry_grants",
        verbose_name=_("organisation"),
    )
    network = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="stewarded_entries",
        verbose_name=_("network"),
    )
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why a grant exists that no administrator of the organisation gave: "import".
    granted_by_system = models.CharField(max_length=20, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntryGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("stewardship of an entry")
        verbose_name_plural = _("stewardships of entries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(network=models.F("organization")), name="entry_grant_not_self"
            ),
            # One open request or grant between two organisations; the rest is history.
            models.UniqueConstraint(
                fields=["organization", "network"],
                condition=Q(revoked_at__isnull=True),
                name="unique_open_entry_grant",
            ),
        ]
        indexes = [models.Index(fields=["network", "revoked_at", "organization"])]

    def __str__(self) -> str:
        return f"{self.organization} → {self.network}"

    @property
    def state(self) -> str:
        """``requested``, ``granted``, ``declined`` or ``revoked``."""
        if self.revoked_at is not None:
            return "revoked" if self.granted_at is not None else "declined"
        return "granted" if self.granted_at is not None else "requested"

    @property
    def in_force(self) -> bool:
        return self.granted_at is not None and self.revoked_at is None


class NetworkRole(models.Model):
    """A person who runs a network: its coordinators and office staff."""

    network = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="network_roles"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=NetworkRoleKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network role")
        verbose_name_plural = _("network roles")
        constraints = [
            models.UniqueConstraint(fields=["network", "person"], name="unique_network_role")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role}) @ {self.network}"


class Body(models.Model):
    """A board, speaker council, committee, office … of an organisation."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("kind of body"), max_length=30, choices=BodyKind.choices)
    name = NameField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty to use the kind, for example “Board”."),
    )
    description = models.TextField(_("what it does"), blank=True, max_length=2000)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Current holders are listed under “Who we are” on the public profile."),
    )
    seats_for_organisations = models.BooleanField(
        _("seats held by member organisations"),
        default=False,
        help_text=_("Member organisations hold the seats and send a delegate."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or str(BodyKind(self.kind).label)


class SeatQuerySet(models.QuerySet["Seat"]):
    def current(self, on: datetime.date | None = None) -> SeatQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=day) | Q(starts_on__isnull=True)).filter(
            Q(ends_on__gte=day) | Q(ends_on__isnull=True)
        )

    def past(self, on: datetime.date | None = None) -> SeatQuerySet:
        return self.filter(ends_on__lt=on or timezone.localdate())


class Seat(models.Model):
    """One holder of one role in a body for one term. A new term is a new seat row."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(
        _("role"), max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER
    )
    role_note = models.CharField(_("role (in your words)"), max_length=100, blank=True)
    holder_name = models.CharField(_("name of the person"), max_length=150, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seats",
        verbose_name=_("account"),
    )
    holder_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="held_seats",
        verbose_name=_("member organisation"),
    )
    starts_on = models.DateField(_("term starts"), null=True, blank=True)
    ends_on = models.DateField(_("term ends"), null=True, blank=True)
    elected_by = models.CharField(
        _("elected by"),
        max_length=200,
        blank=True,
        help_text=_("For example: general assembly of 12 May 2025"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="seat_term_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_label}: {self.holder_label}"

    @property
    def role_label(self) -> str:
        return self.role_note or str(SeatRole(self.role).label)

    @property
    def holder_label(self) -> str:
        """ "Name" or "Organisation (delegate: Name)"."""
        person_name = self.holder_name or (str(self.person) if self.person_id else "")
        if self.holder_organization_id:
            organization = str(self.holder_organization)
            return f"{organization} ({person_name})" if person_name else organization
        return person_name


class ExternalSeat(models.Model):
    """A seat an organisation holds in an outside body (advisory council, alliance …)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="external_seats"
    )
    body_name = models.CharField(_("outside body"), max_length=200)
    institution = models.CharField(_("at"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True)
    holder_name = models.CharField(_("represented by"), max_length=150, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        verbose_name = _("external representation")
        verbose_name_plural = _("external representations")
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return self.body_name


class Mailing(models.Model):
    """A message from a network to contacts of its member organisations."""

    network = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="mailings")
    # {"de": {"subject": "...", "body": "..."}, "en": {...}}: one version per language.
    versions = models.JSONField(_("versions"), default=dict)
    # The recipient filter as chosen in the form, kept to show and re-run it.
    audience = models.JSONField(_("recipients"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MailingStatus.choices, default=MailingStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    def version_for(self, language: str) -> tuple[str, dict[str, Any]]:
        """The version in ``language``, else German, English or any; with its language."""
        versions: dict[str, Any] = self.versions or {}
        for code in (language, settings.LANGUAGE_CODE, "en", *sorted(versions)):
            if versions.get(code, {}).get("subject"):
                return code, versions[code]
        return language, {"subject": "", "body": ""}

    @property
    def subject(self) -> str:
        return str(self.version_for(settings.LANGUAGE_CODE)[1].get("subject", ""))


class MailingRecipient(models.Model):
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8)
    organization = models.ForeignKey(
        Organization, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who may see the address on the mailing's pages (see ``policy.can_see_recipient``): the
    # source of the address and, for a contact person, the visibility the organisation chose.
    source = models.CharField(
        max_length=10, choices=AddressSource.choices, default=AddressSource.ACCOUNT
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.STAFF
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailing", "email"], name="unique_recipient")
        ]
        indexes = [models.Index(fields=["mailing", "status"])]

    def __str__(self) -> str:
        return self.email


class Unsubscription(models.Model):
    """This address gets no more messages of one kind (mailings, meeting invitations, ...)
    from this network; the other kinds still reach it."""

    network = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="unsubscriptions"
    )
    email = models.EmailField()
    kind = models.CharField(max_length=12, choices=MessageKind.choices, default=MessageKind.MAILING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "email", "kind"], name="unique_unsubscription_kind"
            )
        ]

    def __str__(self) -> str:
        return self.email
