"""Every write to networks. Each function checks permission through ``policy``, changes data in
one transaction, writes the audit log and queues its e-mails through the task queue (the
database task backend stores them in the same transaction, so a rolled-back change sends
nothing)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core import audit
from verbund.networks import policy, queries, tasks
from verbund.networks.models import (
    Body,
    CustomMembershipType,
    ExternalSeat,
    Mailing,
    MailingRecipient,
    Membership,
    NetworkRole,
    Seat,
    Unsubscription,
)
from verbund.networks.taxonomy import (
    LIVE_STATUSES,
    DeliveryStatus,
    MailingStatus,
    MembershipStatus,
    MembershipType,
    NetworkRoleKind,
)
from verbund.organizations.models import Organization
from verbund.organizations.services import registry_changed

MEMBERSHIP_FIELDS = (
    "type",
    "custom_type",
    "status",
    "statement",
    "decision_reason",
    "applied_on",
    "active_since",
    "suspended_since",
    "ended_on",
)
BODY_FIELDS = ("kind", "name", "description", "is_public", "seats_for_organisations", "position")
SEAT_FIELDS = (
    "role",
    "role_note",
    "holder_name",
    "person",
    "holder_organization",
    "starts_on",
    "ends_on",
    "elected_by",
    "position",
)
EXTERNAL_SEAT_FIELDS = (
    "body_name",
    "institution",
    "role",
    "holder_name",
    "starts_on",
    "ends_on",
    "is_public",
)
MAILING_BATCH_SIZE = 200
UNSUBSCRIBE_SALT = "verbund.networks.unsubscribe"


def _today() -> datetime.date:
    return timezone.localdate()


def _on_commit_registry_changed() -> None:
    transaction.on_commit(registry_changed)


# --- Memberships ------------------------------------------------------------------------------


def _lock_membership_graph() -> None:
    """Serialise changes to the graph so two concurrent memberships cannot close a cycle.

    SQLite already runs one writing transaction at a time (IMMEDIATE mode); PostgreSQL
    takes a transaction-scoped advisory lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('verbund.membership_graph'))")


def refuse_cycle(network: Organization, member: Organization) -> None:
    """Refuse ``member`` joining ``network`` when ``network`` already lies below ``member``."""
    if network.pk == member.pk:
        raise ValidationError(
            _("An organisation cannot be a member of itself."), code="membership_self"
        )
    if queries.reaches(member.pk, network.pk):
        raise ValidationError(
            _(
                "%(member)s cannot join %(network)s: %(network)s already belongs to "
                "%(member)s, directly or through other networks, and memberships must not "
                "go round in a circle."
            )
            % {"member": member.name, "network": network.name},
            code="membership_cycle",
        )


def _refuse_duplicate(network: Organization, member: Organization) -> None:
    existing = Membership.objects.filter(
        network=network, member=member, status__in=LIVE_STATUSES
    ).first()
    if existing is not None:
        raise ValidationError(
            _("%(member)s is already listed at %(network)s (status: %(status)s).")
            % {
                "member": member.name,
                "network": network.name,
                "status": existing.get_status_display(),
            },
            code="membership_exists",
        )


def _check_type(
    network: Organization, type_: str, custom_type: CustomMembershipType | None
) -> None:
    if type_ not in MembershipType.values:
        raise ValidationError(_("Choose a membership type."), code="membership_type")
    if type_ == MembershipType.CUSTOM and (
        custom_type is None or custom_type.network_id != network.pk
    ):
        raise ValidationError(
            _("Choose one of the membership types this network defines."), code="membership_type"
        )


def _record(
    actor: Any, action: str, membership: Membership, before: Mapping[str, Any], summary: str = ""
) -> None:
    after = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    audit.record(
        actor=actor,
        action=action,
        target=membership,
        scope=membership.network,
        changes=audit.diff(before, after),
        summary=summary or f"{membership.member.name} → {membership.network.name}",
    )


def _notify(membership: Membership, event: str) -> None:
    tasks.send_membership_notice.enqueue(membership.pk, event)


@transaction.atomic
def define_membership_type(actor: Any, network: Organization, name: str) -> CustomMembershipType:
    if not policy.can_manage_memberships(actor, network):
        raise PermissionDenied
    clean = " ".join(name.split())[:80]
    if not clean:
        raise ValidationError(_("Give the membership type a name."), code="required")
    custom, created = CustomMembershipType.objects.get_or_create(network=network, name=clean)
    if created:
        audit.record(
            actor=actor,
            action="network.membership_type_defined",
            target=custom,
            scope=network,
            summary=clean,
        )
    return custom


@transaction.atomic
def apply_for_membership(
    actor: Any,
    applicant: Organization,
    network: Organization,
    statement: str,
    type_: str = MembershipType.FULL,
    custom_type: CustomMembershipType | None = None,
) -> Membership:
    """``applicant`` asks to join ``network``; its coordinators decide."""
    if not policy.can_apply(actor, applicant) or not policy.can_view_network(actor, network):
        raise PermissionDenied
    _lock_membership_graph()
    _check_type(network, type_, custom_type)
    refuse_cycle(network, applicant)
    _refuse_duplicate(network, applicant)
    membership = Membership.objects.create(
        network=network,
        member=applicant,
        type=type_,
        custom_type=custom_type,
        status=MembershipStatus.APPLIED,
        statement=statement.strip()[:2000],
        applied_on=_today(),
    )
    _record(actor, "membership.applied", membership, {})
    _notify(membership, "applied")
    return membership


@transaction.atomic
def decide_application(
    actor: Any, membership: Membership, *, approve: bool, reason: str = ""
) -> Membership:
    network = membership.network
    if not policy.can_decide_applications(actor, network):
        raise PermissionDenied
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MembershipStatus.APPLIED:
        raise ValidationError(_("This application has already been decided."), code="decided")
    if not approve and not reason.strip():
        raise ValidationError(
            _("Please give a reason so the organisation understands the decision."),
            code="reason_required",
        )
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    membership.decision_reason = reason.strip()[:2000]
    if approve:
        membership.status = MembershipStatus.ACTIVE
        membership.active_since = _today()
    else:
        membership.status = MembershipStatus.REJECTED
        membership.ended_on = _today()
    membership.save()
    _record(actor, "membership.approved" if approve else "membership.rejected", membership, before)
    _notify(membership, "approved" if approve else "rejected")
    if approve:
        _on_commit_registry_changed()
    return membership


@transaction.atomic
def add_member(
    actor: Any,
    network: Organization,
    member: Organization,
    *,
    type_: str = MembershipType.FULL,
    custom_type: CustomMembershipType | None = None,
    active_since: datetime.date | None = None,
    notify: bool = False,
) -> Membership:
    """Record an existing membership directly (the registry is being entered)."""
    if not policy.can_manage_memberships(actor, network):
        raise PermissionDenied
    _lock_membership_graph()
    _check_type(network, type_, custom_type)
    refuse_cycle(network, member)
    _refuse_duplicate(network, member)
    membership = Membership.objects.create(
        network=network,
        member=member,
        type=type_,
        custom_type=custom_type,
        status=MembershipStatus.ACTIVE,
        active_since=active_since or _today(),
    )
    _record(actor, "membership.added", membership, {})
    if notify:
        _notify(membership, "approved")
    _on_commit_registry_changed()
    return membership


def ensure_active_member(actor: Any, network: Organization, member: Organization) -> Membership:
    """Make ``member`` an active member of ``network`` whatever its membership is now
    (used by spreadsheet imports: an active one stays, an open application is approved,
    a suspended one resumes, none or an ended one is recorded anew)."""
    live = (
        Membership.objects.filter(network=network, member=member, status__in=LIVE_STATUSES)
        .select_related("network", "member")
        .first()
    )
    if live is None:
        return add_member(actor, network, member)
    if live.status == MembershipStatus.APPLIED:
        return decide_application(actor, live, approve=True)
    if live.status == MembershipStatus.SUSPENDED:
        return change_membership(actor, live, status=MembershipStatus.ACTIVE)
    if not policy.can_manage_memberships(actor, network):
        raise PermissionDenied
    return live


# Which status a membership may move to from which.
TRANSITIONS: dict[str, frozenset[str]] = {
    MembershipStatus.APPLIED: frozenset(),  # decided through decide_application
    MembershipStatus.ACTIVE: frozenset({MembershipStatus.SUSPENDED, MembershipStatus.ENDED}),
    MembershipStatus.SUSPENDED: frozenset({MembershipStatus.ACTIVE, MembershipStatus.ENDED}),
    MembershipStatus.ENDED: frozenset(),
    MembershipStatus.REJECTED: frozenset(),
}


@transaction.atomic
def change_membership(
    actor: Any,
    membership: Membership,
    *,
    status: str | None = None,
    type_: str | None = None,
    custom_type: CustomMembershipType | None = None,
    on: datetime.date | None = None,
) -> Membership:
    network = membership.network
    if not policy.can_manage_memberships(actor, network):
        raise PermissionDenied
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    day = on or _today()
    if type_ is not None:
        _check_type(network, type_, custom_type)
        membership.type = type_
        membership.custom_type = custom_type if type_ == MembershipType.CUSTOM else None
    if status is not None and status != membership.status:
        if status not in TRANSITIONS.get(membership.status, frozenset()):
            raise ValidationError(
                _("A membership with status “%(old)s” cannot change to “%(new)s”.")
                % {
                    "old": membership.get_status_display(),
                    "new": MembershipStatus(status).label
                    if status in MembershipStatus.values
                    else status,
                },
                code="transition",
            )
        membership.status = status
        if status == MembershipStatus.SUSPENDED:
            membership.suspended_since = day
        elif status == MembershipStatus.ACTIVE:
            membership.suspended_since = None
        elif status == MembershipStatus.ENDED:
            membership.ended_on = day
    membership.save()
    changes = audit.diff(before, audit.snapshot(membership, MEMBERSHIP_FIELDS))
    if changes:
        _record(actor, "membership.changed", membership, before)
        _on_commit_registry_changed()
    return membership


def membership_history(membership: Membership) -> list[Any]:
    from django.contrib.contenttypes.models import ContentType

    from verbund.core.models import AuditEntry

    return list(
        AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(Membership),
            target_id=str(membership.pk),
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )


# --- Network roles ----------------------------------------------------------------------------


@transaction.atomic
def set_network_role(
    actor: Any, network: Organization, person: Any, role: str | None
) -> NetworkRole | None:
    """Appoint ``person`` coordinator or office staff of ``network``; ``None`` removes them."""
    if not policy.can_manage_roles(actor, network):
        raise PermissionDenied
    existing = NetworkRole.objects.filter(network=network, person=person).first()
    before = existing.role if existing else None
    if role is None:
        if existing is not None:
            existing.delete()
        result = None
    else:
        if role not in NetworkRoleKind.values:
            raise ValidationError(_("Choose a role."), code="role")
        result, _created = NetworkRole.objects.update_or_create(
            network=network, person=person, defaults={"role": role}
        )
    if before != role:
        audit.record(
            actor=actor,
            action="network.role",
            target=network,
            scope=network,
            changes={str(person): [before, role]},
        )
    policy.forget_cached_roles(person)
    return result


# --- Bodies and seats -------------------------------------------------------------------------


@transaction.atomic
def save_body(
    actor: Any, organization: Organization, data: Mapping[str, Any], body: Body | None = None
) -> Body:
    if not policy.can_manage_bodies(actor, organization):
        raise PermissionDenied
    if body is not None and body.organization_id != organization.pk:
        raise PermissionDenied
    created = body is None
    body = body or Body(organization=organization)
    before = {} if created else audit.snapshot(body, BODY_FIELDS)
    for name in BODY_FIELDS:
        if name in data and data[name] is not None:
            setattr(body, name, data[name])
    body.full_clean()
    body.save()
    audit.record(
        actor=actor,
        action="body.created" if created else "body.updated",
        target=body,
        scope=organization,
        changes=audit.diff(before, audit.snapshot(body, BODY_FIELDS)),
        summary=body.display_name,
    )
    return body


@transaction.atomic
def remove_body(actor: Any, body: Body) -> None:
    if not policy.can_manage_bodies(actor, body.organization):
        raise PermissionDenied
    audit.record(
        actor=actor,
        action="body.removed",
        target=body,
        scope=body.organization,
        changes=audit.diff(audit.snapshot(body, BODY_FIELDS), {}),
        summary=body.display_name,
    )
    body.delete()


def _check_seat(body: Body, seat: Seat) -> None:
    errors: dict[str, list[str]] = {}
    if seat.holder_organization_id is not None:
        if not body.seats_for_organisations:
            errors["holder_organization"] = [
                _("Seats in this body are held by people, not by organisations.")
            ]
        elif not Membership.objects.filter(
            network=body.organization,
            member_id=seat.holder_organization_id,
            status=MembershipStatus.ACTIVE,
        ).exists():
            errors["holder_organization"] = [
                _("Only an active member organisation can hold a seat in this body.")
            ]
    elif not (seat.holder_name.strip() or seat.person_id):
        errors["holder_name"] = [_("Enter who holds this seat.")]
    if seat.starts_on and seat.ends_on and seat.ends_on < seat.starts_on:
        errors["ends_on"] = [_("The term cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_seat(actor: Any, body: Body, data: Mapping[str, Any], seat: Seat | None = None) -> Seat:
    if not policy.can_manage_bodies(actor, body.organization):
        raise PermissionDenied
    if seat is not None and seat.body_id != body.pk:
        raise PermissionDenied
    created = seat is None
    seat = seat or Seat(body=body)
    before = {} if created else audit.snapshot(seat, SEAT_FIELDS)
    for name in SEAT_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name in {"role_note", "holder_name", "elected_by"}:
                value = ""
            setattr(seat, name, value)
    _check_seat(body, seat)
    seat.full_clean()
    seat.save()
    audit.record(
        actor=actor,
        action="seat.created" if created else "seat.updated",
        target=seat,
        scope=body.organization,
        changes=audit.diff(before, audit.snapshot(seat, SEAT_FIELDS)),
        summary=f"{body.display_name}: {seat.role_label}",
    )
    return seat


@transaction.atomic
def remove_seat(actor: Any, seat: Seat) -> None:
    organization = seat.body.organization
    if not policy.can_manage_bodies(actor, organization):
        raise PermissionDenied
    audit.record(
        actor=actor,
        action="seat.removed",
        target=seat,
        scope=organization,
        changes=audit.diff(audit.snapshot(seat, SEAT_FIELDS), {}),
        summary=f"{seat.body.display_name}: {seat.role_label}",
    )
    seat.delete()


@transaction.atomic
def save_external_seat(
    actor: Any,
    organization: Organization,
    data: Mapping[str, Any],
    seat: ExternalSeat | None = None,
) -> ExternalSeat:
    if not policy.can_manage_bodies(actor, organization):
        raise PermissionDenied
    if seat is not None and seat.organization_id != organization.pk:
        raise PermissionDenied
    created = seat is None
    seat = seat or ExternalSeat(organization=organization)
    before = {} if created else audit.snapshot(seat, EXTERNAL_SEAT_FIELDS)
    for name in EXTERNAL_SEAT_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name in {"institution", "role", "holder_name"}:
                value = ""
            setattr(seat, name, value)
    if seat.starts_on and seat.ends_on and seat.ends_on < seat.starts_on:
        raise ValidationError({"ends_on": [_("The term cannot end before it starts.")]})
    seat.full_clean()
    seat.save()
    audit.record(
        actor=actor,
        action="external_seat.created" if created else "external_seat.updated",
        target=seat,
        scope=organization,
        changes=audit.diff(before, audit.snapshot(seat, EXTERNAL_SEAT_FIELDS)),
        summary=seat.body_name,
    )
    return seat


@transaction.atomic
def remove_external_seat(actor: Any, seat: ExternalSeat) -> None:
    if not policy.can_manage_bodies(actor, seat.organization):
        raise PermissionDenied
    audit.record(
        actor=actor,
        action="external_seat.removed",
        target=seat,
        scope=seat.organization,
        summary=seat.body_name,
    )
    seat.delete()


# --- Mailings ---------------------------------------------------------------------------------


def _clean_versions(versions: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    languages = {code for code, _name in settings.LANGUAGES}
    clean: dict[str, dict[str, str]] = {}
    for code, version in versions.items():
        if code not in languages:
            continue
        subject = " ".join(str(version.get("subject", "")).split())[:200]
        body = str(version.get("body", "")).strip()[:20000]
        if subject or body:
            if not (subject and body):
                raise ValidationError(
                    _("Each language version needs both a subject and a text."),
                    code="incomplete_version",
                )
            clean[code] = {"subject": subject, "body": body}
    if not clean:
        raise ValidationError(_("Write the mailing in at least one language."), code="no_version")
    return clean


@transaction.atomic
def save_mailing(
    actor: Any,
    network: Organization,
    versions: Mapping[str, Any],
    audience: Mapping[str, Any],
    mailing: Mailing | None = None,
) -> Mailing:
    if not policy.can_mail(actor, network):
        raise PermissionDenied
    if mailing is not None and (
        mailing.network_id != network.pk or mailing.status != MailingStatus.DRAFT
    ):
        raise PermissionDenied
    created = mailing is None
    mailing = mailing or Mailing(network=network, created_by=actor)
    mailing.versions = _clean_versions(versions)
    mailing.audience = queries.normalise_audience(audience)
    mailing.save()
    audit.record(
        actor=actor,
        action="mailing.created" if created else "mailing.updated",
        target=mailing,
        scope=network,
        summary=mailing.subject,
    )
    return mailing


@transaction.atomic
def send_mailing(actor: Any, mailing: Mailing) -> int:
    """Queue the mailing: one row per recipient, one task per batch. Returns the count."""
    network = mailing.network
    if not policy.can_mail(actor, network):
        raise PermissionDenied
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.status != MailingStatus.DRAFT:
        raise ValidationError(_("This mailing has already been sent."), code="sent")
    recipients = queries.recipients_for(network, mailing.audience)
    if not recipients:
        raise ValidationError(
            _("No member contacts match the chosen recipients."), code="no_recipients"
        )
    unsubscribed = set(
        Unsubscription.objects.filter(network=network).values_list("email", flat=True)
    )
    MailingRecipient.objects.bulk_create(
        [
            MailingRecipient(
                mailing=mailing,
                email=r.email,
                name=r.name[:150],
                language=r.language,
                organization_id=r.organization_id,
                status=DeliveryStatus.UNSUBSCRIBED
                if r.email in unsubscribed
                else DeliveryStatus.QUEUED,
            )
            for r in recipients
        ],
        batch_size=500,
    )
    queued = list(
        mailing.recipients.filter(status=DeliveryStatus.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(queued), MAILING_BATCH_SIZE):
        tasks.deliver_mailing_batch.enqueue(mailing.pk, queued[start : start + MAILING_BATCH_SIZE])
    mailing.status = MailingStatus.QUEUED if queued else MailingStatus.SENT
    mailing.queued_at = timezone.now()
    mailing.save(update_fields=["status", "queued_at"])
    audit.record(
        actor=actor,
        action="mailing.queued",
        target=mailing,
        scope=network,
        changes={"recipients": [None, len(recipients)]},
        summary=mailing.subject,
    )
    return len(recipients)


def unsubscribe_token(network_id: int, email: str) -> str:
    return signing.dumps(
        {"n": network_id, "e": email.lower()}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The network and address in a signed unsubscribe link; ``BadSignature`` if forged."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["n"]), str(data["e"])


@transaction.atomic
def unsubscribe(token: str) -> Unsubscription:
    """The signed link in each mailing is the permission: it names one address."""
    network_id, email = read_unsubscribe_token(token)
    network = Organization.objects.get(pk=network_id)
    unsubscription, created = Unsubscription.objects.get_or_create(network=network, email=email)
    if created:
        audit.record(
            actor=None, action="mailing.unsubscribed", target=unsubscription, scope=network
        )
    return unsubscription
