"""Every write to networks. Each function checks permission through ``policy``, changes data in
one transaction, writes the audit log and queues its e-mails through the task queue (the
database task backend stores them in the same transaction, so a rolled-back change sends
nothing)."""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from verbund.core import audit
from verbund.core.actors import SIGNED_LINK, is_trusted_system
from verbund.networks import policy, queries, tasks
from verbund.networks.audience import Recipient, reach
from verbund.networks.models import (
    Body,
    CustomMembershipType,
    EntryGrant,
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
    AddressSource,
    DeliveryStatus,
    MailingStatus,
    MembershipStatus,
    MembershipType,
    MessageKind,
    NetworkRoleKind,
)
from verbund.notifications import services as notifications
from verbund.notifications.taxonomy import NoticeKind
from verbund.organizations import policy as organization_policy
from verbund.organizations import services as organization_services
from verbund.organizations.models import Organization, TakeOverInvitation
from verbund.organizations.services import registry_changed

MEMBERSHIP_FIELDS = (
    "type",
    "custom_type",
    "status",
    "statement",
    "decision_reason",
    "applied_on",
    "invited_on",
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
UNSUBSCRIBE_SALT = "verbund.networks.unsubscribe"  # the old links, which carried the address
RECIPIENT_UNSUBSCRIBE_SALT = "verbund.networks.unsubscribe.recipient"
KIND_UNSUBSCRIBE_SALT = "verbund.networks.unsubscribe.kind"


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


def _recording(
    actor: Any, action: str, membership: Membership, summary: str = "", *, always: bool = True
) -> AbstractContextManager[audit.Recording]:
    """A membership's step in the audit log: its fields before and after the block."""
    return audit.recording(
        actor,
        membership,
        MEMBERSHIP_FIELDS,
        action=action,
        scope=membership.network,
        summary=summary or f"{membership.member.name} → {membership.network.name}",
        always=always,
    )


def _decide(membership: Membership, reason: str, status: str) -> None:
    """The other side's answer: active from today, or ended today with the reason kept."""
    membership.decision_reason = reason.strip()[:2000]
    membership.status = status
    if status == MembershipStatus.ACTIVE:
        membership.active_since = _today()
    else:
        membership.ended_on = _today()
    membership.save()


def _notify(membership: Membership, event: str) -> None:
    tasks.send_membership_notice.enqueue(membership.pk, event)


def _tell(people: Sequence[Any], title: Callable[[], str], url: str, *, actor: Any) -> None:
    """In-app notices of kind "requests", each in the person's language; the e-mail went
    out by the membership notice already."""
    by_language: dict[str, list[Any]] = {}
    for person in people:
        by_language.setdefault(person.preferred_language or settings.LANGUAGE_CODE, []).append(
            person
        )
    for language, group in sorted(by_language.items()):
        with translation.override(language):
            notifications.notify(
                group, NoticeKind.REQUESTS, title(), url=url, email=False, exclude=actor
            )


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
    membership = Membership(
        network=network,
        member=applicant,
        type=type_,
        custom_type=custom_type,
        status=MembershipStatus.APPLIED,
        statement=statement.strip()[:2000],
        applied_on=_today(),
    )
    with _recording(actor, "membership.applied", membership):
        membership.save()
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
    decided = "membership.approved" if approve else "membership.rejected"
    with _recording(actor, decided, membership):
        _decide(
            membership, reason, MembershipStatus.ACTIVE if approve else MembershipStatus.REJECTED
        )
    _notify(membership, "approved" if approve else "rejected")
    if approve:
        _on_commit_registry_changed()
    return membership


# A network that is not published yet (any new account can make one) may have this many
# invitations open at once, so that nobody uses the platform to mail the whole registry.
DRAFT_NETWORK_OPEN_INVITATIONS = 20


def _refuse_unseen(actor: Any, member: Organization) -> None:
    """A draft is invisible to outsiders; inviting it must not reveal that it exists."""
    if not organization_policy.can_view(actor, member):
        raise PermissionDenied


@transaction.atomic
def invite_member(
    actor: Any,
    network: Organization,
    member: Organization,
    *,
    type_: str = MembershipType.FULL,
    custom_type: CustomMembershipType | None = None,
    message: str = "",
) -> Membership:
    """The network invites ``member``; it becomes a member when one of the member's
    administrators accepts (:func:`answer_invitation`). When ``actor`` administers the member
    too, both sides have agreed and the membership is active at once."""
    if not policy.can_invite(actor, network):
        raise PermissionDenied
    _refuse_unseen(actor, member)
    _lock_membership_graph()
    _check_type(network, type_, custom_type)
    refuse_cycle(network, member)
    _refuse_duplicate(network, member)
    both_sides = policy.speaks_for(actor, member)
    if not both_sides and not policy.has_powers(network):
        open_invitations = Membership.objects.filter(
            network=network, status=MembershipStatus.INVITED
        ).count()
        if open_invitations >= DRAFT_NETWORK_OPEN_INVITATIONS:
            raise ValidationError(
                _(
                    "%(network)s is not published yet and already has %(count)s open "
                    "invitations. Wait for answers, or have the network published first."
                )
                % {"network": network.name, "count": open_invitations},
                code="too_many_invitations",
            )
    today = _today()
    membership = Membership(
        network=network,
        member=member,
        type=type_,
        custom_type=custom_type,
        status=MembershipStatus.ACTIVE if both_sides else MembershipStatus.INVITED,
        statement=message.strip()[:2000],
        invited_on=today,
        active_since=today if both_sides else None,
    )
    if both_sides:
        with _recording(
            actor,
            "membership.invitation_accepted",
            membership,
            summary=_("%(member)s → %(network)s (you administer both)")
            % {"member": member.name, "network": network.name},
        ):
            membership.save()
        _notify(membership, "approved")
        _on_commit_registry_changed()
        return membership
    with _recording(actor, "membership.invited", membership):
        membership.save()
    _notify(membership, "invited")
    _tell(
        queries.people_speaking_for(member, coordinators=False),
        lambda: (
            _("%(network)s invites %(member)s to become a member")
            % {"network": network.name, "member": member.name}
        ),
        reverse("networks:consents", kwargs={"slug": member.slug}),
        actor=actor,
    )
    return membership


@transaction.atomic
def answer_invitation(
    actor: Any, membership: Membership, *, accept: bool, reason: str = ""
) -> Membership:
    """One of the member's administrators accepts or declines the network's invitation."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("network", "member")
        .get(pk=membership.pk)
    )
    if membership.status != MembershipStatus.INVITED:
        raise ValidationError(
            _("This invitation has already been answered or withdrawn."), code="answered"
        )
    if not policy.can_answer_invitation(actor, membership):
        raise PermissionDenied
    action = "membership.invitation_accepted" if accept else "membership.invitation_declined"
    with _recording(actor, action, membership):
        if accept:
            _lock_membership_graph()
            # The graph may have changed since the invitation: still no circle.
            refuse_cycle(membership.network, membership.member)
        _decide(
            membership, reason, MembershipStatus.ACTIVE if accept else MembershipStatus.DECLINED
        )
    _notify(membership, "accepted" if accept else "declined")
    network, member = membership.network, membership.member

    def title() -> str:
        sentence = (
            _("%(member)s accepted the invitation to %(network)s")
            if accept
            else _("%(member)s declined the invitation to %(network)s")
        )
        return sentence % {"member": member.name, "network": network.name}

    _tell(
        queries.people_speaking_for(network, coordinators=True),
        title,
        reverse("networks:members", kwargs={"slug": network.slug}),
        actor=actor,
    )
    if accept:
        _on_commit_registry_changed()
    return membership


@transaction.atomic
def withdraw_invitation(actor: Any, membership: Membership) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not policy.can_withdraw_invitation(actor, membership):
        raise PermissionDenied
    with _recording(actor, "membership.invitation_withdrawn", membership):
        membership.status = MembershipStatus.WITHDRAWN
        membership.ended_on = _today()
        membership.save()
    return membership


@transaction.atomic
def add_member(
    actor: Any,
    network: Organization,
    member: Organization,
    *,
    reason: str = "",
    type_: str = MembershipType.FULL,
    custom_type: CustomMembershipType | None = None,
    active_since: datetime.date | None = None,
    notify: bool = False,
) -> Membership:
    """Record an active membership without asking the member: platform staff entering the
    registry from the paper files, the demo loader, the console. Everybody else invites
    (:func:`invite_member`). Staff must say why; the reason is in the audit log."""
    if not policy.can_record_membership(actor, network):
        raise PermissionDenied
    reason = " ".join(reason.split())[:500]
    if not reason and not is_trusted_system(actor):
        raise ValidationError(
            _("Say why you record this membership without the member's answer."),
            code="reason_required",
        )
    _lock_membership_graph()
    _check_type(network, type_, custom_type)
    refuse_cycle(network, member)
    _refuse_duplicate(network, member)
    membership = Membership(
        network=network,
        member=member,
        type=type_,
        custom_type=custom_type,
        status=MembershipStatus.ACTIVE,
        active_since=active_since or _today(),
    )
    with _recording(actor, "membership.added", membership) as note:
        membership.save()
        note.extra["reason"] = [None, reason or str(actor)]
    if notify:
        _notify(membership, "approved")
    _on_commit_registry_changed()
    return membership


def join_after_import(
    actor: Any,
    network: Organization,
    created: Sequence[Organization],
    matched: Sequence[Organization],
) -> dict[int, str]:
    """What an import for ``network`` does to memberships (called by the registry's
    importer through ``organizations.extensions``, inside the import's transaction).

    ``created``: entries the import just made. The network made them, so they join as active
    members and the network keeps them (an :class:`EntryGrant` of the import); nobody else
    has a say yet (they have no administrators). ``matched``: existing organisations a row
    was used for. An active member stays; an open application is accepted (the member asked,
    the network's importer agrees); a suspended member resumes; any other joins by
    invitation, unless the importer administers it (then it is active at once).
    Returns, per organisation id: "active", "invited", "member" (already), "accepted".
    """
    if not organization_policy.can_import_for(actor, network):
        raise PermissionDenied
    outcome: dict[int, str] = {}
    if created:
        _record_created_entries(actor, network, created)
        outcome.update(dict.fromkeys((o.pk for o in created), "active"))
    live = {
        m.member_id: m
        for m in Membership.objects.filter(
            network=network,
            member__in=[o.pk for o in matched],
            status__in=LIVE_STATUSES,
        ).select_related("network", "member")
    }
    for organization in matched:
        if organization.pk in outcome:
            continue
        membership = live.get(organization.pk)
        if membership is None:
            joined = invite_member(actor, network, organization)
            outcome[organization.pk] = (
                "active" if joined.status == MembershipStatus.ACTIVE else "invited"
            )
        elif membership.status == MembershipStatus.APPLIED:
            decide_application(actor, membership, approve=True)
            outcome[organization.pk] = "accepted"
        elif membership.status == MembershipStatus.SUSPENDED:
            change_membership(actor, membership, status=MembershipStatus.ACTIVE)
            outcome[organization.pk] = "member"
        elif membership.status == MembershipStatus.INVITED:
            outcome[organization.pk] = "invited"
        else:
            outcome[organization.pk] = "member"
    return outcome


def _record_created_entries(
    actor: Any, network: Organization, organizations: Sequence[Organization]
) -> None:
    """Memberships and grants of entries an import just created, in a few queries per
    thousand. They are new, so they have no members below them and cannot close a circle;
    the service checks that they were never published and have no people or memberships."""
    ids = [o.pk for o in organizations]
    untouched = Organization.objects.filter(
        pk__in=ids,
        first_published_at__isnull=True,
        affiliations__isnull=True,
        membership_links__isnull=True,
        entry_grants__isnull=True,
    ).count()
    if untouched != len(set(ids)):
        raise PermissionDenied
    person = actor if getattr(actor, "is_authenticated", False) else None
    today, now = _today(), timezone.now()
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                network=network,
                member_id=pk,
                status=MembershipStatus.ACTIVE,
                active_since=today,
            )
            for pk in ids
        ],
        batch_size=1000,
    )
    grants = EntryGrant.objects.bulk_create(
        [
            EntryGrant(
                organization_id=pk,
                network=network,
                granted_at=now,
                granted_by=person,
                granted_by_system="import",
            )
            for pk in ids
        ],
        batch_size=1000,
    )
    names = {o.pk: o.name for o in organizations}
    audit.record_many(
        actor=actor,
        action="membership.entry_created",
        items=[
            (
                membership,
                {"status": [None, MembershipStatus.ACTIVE]},
                f"{names[membership.member_id]} → {network.name}",
                network,
            )
            for membership in memberships
        ],
    )
    audit.record_many(
        actor=actor,
        action="entry_grant.entry_created",
        items=[
            (
                grant,
                {"granted_by_system": [None, "import"]},
                f"{names[grant.organization_id]} → {network.name}",
                organization,
            )
            for grant, organization in zip(grants, organizations, strict=True)
        ],
    )
    _on_commit_registry_changed()


# Which status a membership may move to from which.
TRANSITIONS: dict[str, frozenset[str]] = {
    MembershipStatus.APPLIED: frozenset(),  # decided through decide_application
    MembershipStatus.INVITED: frozenset(),  # answered through answer_invitation
    MembershipStatus.ACTIVE: frozenset({MembershipStatus.SUSPENDED, MembershipStatus.ENDED}),
    MembershipStatus.SUSPENDED: frozenset({MembershipStatus.ACTIVE, MembershipStatus.ENDED}),
    MembershipStatus.ENDED: frozenset(),
    MembershipStatus.REJECTED: frozenset(),
    MembershipStatus.DECLINED: frozenset(),
    MembershipStatus.WITHDRAWN: frozenset(),
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
    day = on or _today()
    with _recording(actor, "membership.changed", membership, always=False) as note:
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
    if note.entry is not None:
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


# --- Stewardship of entries -------------------------------------------------------------------

GRANT_FIELDS = ("requested_at", "granted_at", "granted_by_system", "revoked_at")


def _recording_grant(
    actor: Any, action: str, grant: EntryGrant
) -> AbstractContextManager[audit.Recording]:
    return audit.recording(
        actor,
        grant,
        GRANT_FIELDS,
        action=action,
        scope=grant.organization,
        summary=f"{grant.organization.name} → {grant.network.name}",
        always=True,
    )


@transaction.atomic
def request_entry_grant(
    actor: Any, network: Organization, organization: Organization
) -> EntryGrant:
    """The network asks ``organization`` to let it keep the organisation's entry; the
    organisation's administrators answer (:func:`answer_entry_grant`)."""
    if not policy.can_request_grant(actor, network):
        raise PermissionDenied
    if not Membership.objects.filter(
        network=network, member=organization, status__in=LIVE_STATUSES
    ).exists():
        raise ValidationError(
            _("Only a member, or an organisation you invited, can be asked."), code="not_member"
        )
    if EntryGrant.objects.filter(
        network=network, organization=organization, revoked_at__isnull=True
    ).exists():
        raise ValidationError(
            _("%(name)s has already been asked, or already lets the network keep its entry.")
            % {"name": organization.name},
            code="grant_exists",
        )
    grant = EntryGrant(
        network=network,
        organization=organization,
        requested_at=timezone.now(),
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    with _recording_grant(actor, "entry_grant.requested", grant):
        grant.save()
    people = queries.people_speaking_for(organization, coordinators=False)
    by_language: dict[str, list[Any]] = {}
    for person in people:
        by_language.setdefault(person.preferred_language or settings.LANGUAGE_CODE, []).append(
            person
        )
    for language, group in sorted(by_language.items()):
        with translation.override(language):
            notifications.notify(
                group,
                NoticeKind.REQUESTS,
                _("%(network)s asks to keep the entry of %(member)s")
                % {"network": network.name, "member": organization.name},
                url=reverse("networks:consents", kwargs={"slug": organization.slug}),
                exclude=actor,
            )
    return grant


@transaction.atomic
def answer_entry_grant(actor: Any, grant: EntryGrant, *, accept: bool) -> EntryGrant:
    grant = (
        EntryGrant.objects.select_for_update()
        .select_related("organization", "network")
        .get(pk=grant.pk)
    )
    if grant.state != "requested":
        raise ValidationError(_("This request has already been answered."), code="answered")
    if not policy.can_answer_grant(actor, grant):
        raise PermissionDenied
    answered = "entry_grant.granted" if accept else "entry_grant.declined"
    with _recording_grant(actor, answered, grant):
        if accept:
            grant.granted_at = timezone.now()
            grant.granted_by = actor
        else:
            grant.revoked_at = timezone.now()
            grant.revoked_by = actor
        grant.save()
    _on_commit_registry_changed()
    return grant


@transaction.atomic
def revoke_entry_grant(actor: Any, grant: EntryGrant) -> EntryGrant:
    """The organisation takes its entry back: the network's imports propose again."""
    grant = (
        EntryGrant.objects.select_for_update()
        .select_related("organization", "network")
        .get(pk=grant.pk)
    )
    if not policy.can_revoke_grant(actor, grant):
        raise PermissionDenied
    with _recording_grant(actor, "entry_grant.revoked", grant):
        grant.revoked_at = timezone.now()
        grant.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        grant.save()
    _on_commit_registry_changed()
    return grant


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
    body = body or Body(organization=organization)
    with audit.recording(actor, body, BODY_FIELDS, action="body", scope=organization) as note:
        for name in BODY_FIELDS:
            if name in data and data[name] is not None:
                setattr(body, name, data[name])
        body.full_clean()
        body.save()
        note.summary = body.display_name
    return body


@transaction.atomic
def remove_body(actor: Any, body: Body) -> None:
    if not policy.can_manage_bodies(actor, body.organization):
        raise PermissionDenied
    audit.removed(
        actor, body, BODY_FIELDS, action="body", scope=body.organization, summary=body.display_name
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
    seat = seat or Seat(body=body)
    with audit.recording(actor, seat, SEAT_FIELDS, action="seat", scope=body.organization) as note:
        for name in SEAT_FIELDS:
            if name in data:
                value = data[name]
                if value is None and name in {"role_note", "holder_name", "elected_by"}:
                    value = ""
                setattr(seat, name, value)
        _check_seat(body, seat)
        seat.full_clean()
        seat.save()
        note.summary = f"{body.display_name}: {seat.role_label}"
    return seat


@transaction.atomic
def remove_seat(actor: Any, seat: Seat) -> None:
    organization = seat.body.organization
    if not policy.can_manage_bodies(actor, organization):
        raise PermissionDenied
    audit.removed(
        actor,
        seat,
        SEAT_FIELDS,
        action="seat",
        scope=organization,
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
    seat = seat or ExternalSeat(organization=organization)
    with audit.recording(
        actor, seat, EXTERNAL_SEAT_FIELDS, action="external_seat", scope=organization
    ) as note:
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
        note.summary = seat.body_name
    return seat


@transaction.atomic
def remove_external_seat(actor: Any, seat: ExternalSeat) -> None:
    if not policy.can_manage_bodies(actor, seat.organization):
        raise PermissionDenied
    audit.removed(
        actor,
        seat,
        EXTERNAL_SEAT_FIELDS,
        action="external_seat",
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
    recipients = queries.recipients_for(network, mailing.audience, list(mailing.versions or {}))
    if not recipients:
        raise ValidationError(
            _("No member contacts match the chosen recipients."), code="no_recipients"
        )
    MailingRecipient.objects.bulk_create(
        [
            MailingRecipient(
                mailing=mailing,
                email=r.email,
                name=r.name[:150],
                language=r.language,
                organization_id=r.organization_id,
                source=r.source,
                visibility=r.visibility,
                status=DeliveryStatus.UNSUBSCRIBED if r.unsubscribed else DeliveryStatus.QUEUED,
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


def unsubscribe_token(recipient: MailingRecipient) -> str:
    """The token of a mailing's unsubscribe link: the recipient row's id, signed. It names
    no address, so the address appears in no URL and no access log."""
    return signing.Signer(salt=RECIPIENT_UNSUBSCRIBE_SALT).sign(str(recipient.pk))


def _kind_cipher() -> Fernet:
    return Fernet(
        base64.urlsafe_b64encode(
            salted_hmac(KIND_UNSUBSCRIBE_SALT, "key", algorithm="sha256").digest()
        )
    )


def kind_unsubscribe_token(network: Organization, email: str, kind: str) -> str:
    """The token of the one-click link in a message of ``kind`` that is not a mailing
    (meeting invitations, reminders, minutes): the network, the address and the kind,
    encrypted, so that the address appears in no URL and no access log."""
    payload = {"n": network.pk, "e": email.strip().lower(), "k": str(kind)}
    return _kind_cipher().encrypt(json.dumps(payload).encode()).decode()


def unsubscribe_target(token: str) -> tuple[int, str, str]:
    """The network, address and kind of message an unsubscribe link stands for;
    ``BadSignature`` for a token that is none of ours."""
    try:
        signing.Signer(salt=RECIPIENT_UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        pass
    else:
        network_id, email = read_unsubscribe_token(token)  # a mailing's recipient row
        return network_id, email, MessageKind.MAILING
    try:
        data = json.loads(_kind_cipher().decrypt(token.encode()))
    except (InvalidToken, ValueError):
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)  # the old links of mailings
    kind = str(data.get("k", MessageKind.MAILING))
    if kind not in MessageKind.values:
        raise signing.BadSignature("unknown kind")
    return int(data["n"]), str(data["e"]), kind


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The network and address an unsubscribe link stands for; ``BadSignature`` if forged.

    Links in mailings sent before tokens named the recipient row carried the signed address
    (``UNSUBSCRIBE_SALT``); they are still honoured, since people unsubscribe from old mails.
    """
    try:
        recipient_id = int(signing.Signer(salt=RECIPIENT_UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["n"]), str(data["e"])
    recipient = (
        MailingRecipient.objects.select_related("mailing")
        .filter(pk=recipient_id)
        .only("email", "mailing__network_id")
        .first()
    )
    if recipient is None:
        raise signing.BadSignature("no such recipient")
    return recipient.mailing.network_id, recipient.email.lower()


@transaction.atomic
def unsubscribe(token: str) -> Unsubscription:
    """The signed link in each mailing is the permission: it names one address."""
    network_id, email, kind = unsubscribe_target(token)
    network = Organization.objects.get(pk=network_id)
    unsubscription, created = Unsubscription.objects.get_or_create(
        network=network, email=email, kind=kind
    )
    if created:
        audit.record(
            actor=SIGNED_LINK, action="mailing.unsubscribed", target=unsubscription, scope=network
        )
    return unsubscription


# --- Taking over profiles ----------------------------------------------------------------------


@dataclass
class TakeOverRound:
    invited: list[Organization] = field(default_factory=list)
    no_address: list[Organization] = field(default_factory=list)
    not_kept: list[Organization] = field(default_factory=list)


@transaction.atomic
def invite_members_to_take_over(
    actor: Any, network: Organization, organizations: Sequence[Organization] | None = None
) -> TakeOverRound:
    """Invite active members nobody administers (all of them, or of ``organizations``) to
    take over their profiles: each at its first address the one recipient function finds (a
    contact person who wants membership messages, else the organisation's address), in
    that person's language. The registry checks for each that the network keeps its entry."""
    if not policy.can_manage_memberships(actor, network):
        raise PermissionDenied
    candidates = queries.members_without_administrator(network)
    if organizations is not None:
        candidates = candidates.filter(pk__in=[o.pk for o in organizations])
    chosen = list(candidates)
    found = reach(
        network,
        MessageKind.MEMBERSHIP,
        organizations=candidates,
        written=[code for code, _name in settings.LANGUAGES],
    )
    first: dict[int, Recipient] = {}
    for recipient in found.recipients:
        if recipient.organization_id is not None and not recipient.unsubscribed:
            first.setdefault(recipient.organization_id, recipient)
    done = TakeOverRound()
    for organization in chosen:
        address = first.get(organization.pk)
        if address is None:
            done.no_address.append(organization)
        elif not organization_policy.can_invite_to_take_over(actor, organization):
            done.not_kept.append(organization)
        else:
            organization_services.invite_to_take_over(
                actor,
                organization,
                email=address.email,
                name=address.name if address.source == AddressSource.CONTACT else "",
                language=address.language,
                network=network,
            )
            done.invited.append(organization)
    return done


def invite_imported_to_take_over(
    actor: Any, network: Organization, organizations: Sequence[Organization]
) -> set[int]:
    """The import's "invite" column: the ids of the rows' organisations that were invited."""
    return {o.pk for o in invite_members_to_take_over(actor, network, organizations).invited}


def resend_take_over(actor: Any, network: Organization, invitation_id: int) -> Any:
    if not policy.can_manage_memberships(actor, network):
        raise PermissionDenied
    invitation = TakeOverInvitation.objects.select_related("organization").get(
        pk=invitation_id, network=network
    )
    return organization_services.resend_take_over(actor, invitation)
