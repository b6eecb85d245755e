"""Every write to conferences, votes and elections. Each function checks permission through
``policy``, changes data in one transaction and writes the audit log.

Secret polls: a ballot is stored without voter, key order or time, and no audit entry names
who cast it; the audit log records the opening and the closing with the counted result.
"""

from __future__ import annotations

import datetime
import json
import random
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.assemblies import policy, queries
from verbund.assemblies.models import (
    AgendaItem,
    Amendment,
    Ballot,
    BallotBox,
    Candidate,
    Conference,
    DelegateInvitation,
    Motion,
    MotionSupport,
    Participant,
    Poll,
    Proxy,
    SpeakRequest,
    VoteRecord,
    split_paragraphs,
)
from verbund.assemblies.taxonomy import (
    ADOPTED_STATUSES,
    MOTION_TRANSITIONS,
    AgendaStatus,
    AmendmentStatus,
    Choice,
    DelegateInvitationStatus,
    ElectionMethod,
    Majority,
    MotionStatus,
    ParticipantKind,
    PollKind,
    PollStatus,
    Recommendation,
    RegistrationStatus,
    SpeechKind,
    SpeechStatus,
)
from verbund.core import audit
from verbund.networks import services as network_services
from verbund.networks.models import Body, Membership, Seat
from verbund.networks.taxonomy import MembershipStatus, MembershipType, SeatRole
from verbund.organizations import policy as org_policy
from verbund.organizations.models import Organization

CONFERENCE_FIELDS = (
    "title",
    "starts_on",
    "ends_on",
    "place",
    "online_url",
    "capacity",
    "consent_text",
    "delegates_per_member",
    "delegate_vote_weight",
    "registration_open",
)
POLL_FIELDS = (
    "kind",
    "title",
    "question",
    "secret",
    "result_base",
    "majority",
    "body",
    "seats",
    "method",
    "max_votes_per_candidate",
    "term_starts_on",
    "term_ends_on",
    "motion",
)
CHECK_IN_SALT = "verbund.assemblies.check_in"


def _changed(conference: Conference) -> None:
    transaction.on_commit(lambda: queries.forget_live_state(conference.pk))


# --- Conferences and registration -------------------------------------------------------------


@transaction.atomic
def save_conference(
    actor: Any,
    network: Organization,
    data: Mapping[str, Any],
    conference: Conference | None = None,
) -> Conference:
    if not policy.can_create_conference(actor, network):
        raise PermissionDenied
    if conference is not None and conference.network_id != network.pk:
        raise PermissionDenied
    conference = conference or Conference(network=network)
    with audit.recording(
        actor, conference, CONFERENCE_FIELDS, action="conference", scope=network
    ) as note:
        for name in CONFERENCE_FIELDS:
            if name in data:
                setattr(conference, name, data[name])
        if (
            conference.starts_on
            and conference.ends_on
            and conference.ends_on < conference.starts_on
        ):
            raise ValidationError({"ends_on": [_("The conference cannot end before it starts.")]})
        conference.full_clean()
        conference.save()
        note.summary = conference.title
    return conference


def _lock_conference(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().get(pk=conference.pk)


def _places_taken(conference: Conference) -> int:
    return Participant.objects.filter(
        conference=conference, status=RegistrationStatus.REGISTERED
    ).count()


@transaction.atomic
def register(actor: Any, conference: Conference, kind: str, *, consent: bool) -> Participant:
    """``actor`` registers as guest or press; when the places are taken, on the waiting list."""
    if not policy.can_register(actor, conference):
        raise PermissionDenied
    if kind not in {ParticipantKind.GUEST, ParticipantKind.PRESS}:
        raise ValidationError(
            {"kind": [_("Delegates are named by their member organisation.")]}, code="kind"
        )
    if conference.consent_text and not consent:
        raise ValidationError(
            {"consent": [_("Please agree to the conditions to register.")]}, code="consent"
        )
    conference = _lock_conference(conference)
    existing = Participant.objects.filter(conference=conference, person=actor).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise ValidationError(_("You are already registered."), code="registered")
    full = conference.capacity is not None and _places_taken(conference) >= conference.capacity
    participant = existing or Participant(conference=conference, person=actor)
    participant.kind = kind
    participant.vote_weight = 0
    participant.status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
    participant.consented_at = timezone.now() if consent else None
    participant.save()
    audit.record(
        actor=actor,
        action="conference.registered",
        target=participant,
        scope=conference.network,
        changes={"status": [None, participant.status], "kind": [None, kind]},
        summary=conference.title,
    )
    policy.forget_cached(actor)
    return participant


@transaction.atomic
def cancel_registration(actor: Any, participant: Participant) -> Participant | None:
    """Cancel; the first person on the waiting list moves up. Returns who moved up."""
    conference = participant.conference
    if not (participant.person_id == actor.pk or policy.can_manage_conference(actor, conference)):
        raise PermissionDenied
    conference = _lock_conference(conference)
    was = participant.status
    participant.status = RegistrationStatus.CANCELLED
    participant.present = False
    participant.save(update_fields=["status", "present"])
    Proxy.objects.filter(giver=participant).delete()
    Proxy.objects.filter(holder=participant).delete()
    audit.record(
        actor=actor,
        action="conference.cancelled",
        target=participant,
        scope=conference.network,
        changes={"status": [was, participant.status]},
        summary=conference.title,
    )
    moved_up = None
    if was == RegistrationStatus.REGISTERED and (
        conference.capacity is None or _places_taken(conference) < conference.capacity
    ):
        moved_up = (
            Participant.objects.filter(conference=conference, status=RegistrationStatus.WAITING)
            .order_by("registered_at", "id")
            .first()
        )
        if moved_up is not None:
            moved_up.status = RegistrationStatus.REGISTERED
            moved_up.save(update_fields=["status"])
            audit.record(
                actor=actor,
                action="conference.moved_up",
                target=moved_up,
                scope=conference.network,
                changes={"status": [RegistrationStatus.WAITING, RegistrationStatus.REGISTERED]},
                summary=conference.title,
            )
    policy.forget_cached(actor)
    _changed(conference)
    return moved_up


def _is_full_member(conference: Conference, organization: Organization) -> bool:
    return Membership.objects.filter(
        network=conference.network,
        member=organization,
        status=MembershipStatus.ACTIVE,
        type=MembershipType.FULL,
    ).exists()


def _refuse_non_member(conference: Conference, organization: Organization) -> None:
    if not _is_full_member(conference, organization):
        raise ValidationError(
            _("Only full member organisations of %(network)s send delegates.")
            % {"network": conference.network.name},
            code="not_member",
        )


@transaction.atomic
def name_delegate(
    actor: Any, conference: Conference, organization: Organization, person: Any
) -> Participant:
    """A full member organisation names one of its delegates (it has a fixed number of seats)."""
    if not policy.can_name_delegates(actor, conference, organization):
        raise PermissionDenied
    conference = _lock_conference(conference)
    _refuse_non_member(conference, organization)
    return _register_delegate(actor, conference, organization, person)


def _seats_taken(
    conference: Conference,
    organization: Organization,
    *,
    person: Any = None,
    invitation: DelegateInvitation | None = None,
) -> int:
    """Delegates the organisation has named: registered ones (other than ``person``) and
    invitations still open (other than ``invitation``)."""
    registered = Participant.objects.filter(
        conference=conference,
        organization=organization,
        kind=ParticipantKind.DELEGATE,
        status=RegistrationStatus.REGISTERED,
    )
    if person is not None:
        registered = registered.exclude(person=person)
    pending = DelegateInvitation.objects.filter(
        conference=conference,
        organization=organization,
        status=DelegateInvitationStatus.PENDING,
    )
    if invitation is not None:
        pending = pending.exclude(pk=invitation.pk)
    return registered.count() + pending.count()


def _refuse_full(conference: Conference, organization: Organization, taken: int) -> None:
    if taken >= conference.delegates_per_member:
        raise ValidationError(
            _("%(organization)s has already named all of its %(count)s delegates.")
            % {"organization": organization.name, "count": conference.delegates_per_member},
            code="delegates_full",
        )


def _register_delegate(
    actor: Any,
    conference: Conference,
    organization: Organization,
    person: Any,
    *,
    invitation: DelegateInvitation | None = None,
) -> Participant:
    """``person`` becomes a registered delegate of ``organization``; the caller checked who
    may make it so (the organisation's naming, or the invitation it sent) and holds the
    conference's lock."""
    _refuse_full(
        conference,
        organization,
        _seats_taken(conference, organization, person=person, invitation=invitation),
    )
    participant = Participant.objects.filter(conference=conference, person=person).first()
    if (
        participant is not None
        and participant.kind == ParticipantKind.DELEGATE
        and participant.status == RegistrationStatus.REGISTERED
        and participant.organization_id not in (None, organization.pk)
    ):
        raise ValidationError(
            _("This person is already a delegate of another organisation."), code="delegate_taken"
        )
    participant = participant or Participant(conference=conference, person=person)
    with audit.recording(
        actor,
        participant,
        ("kind", "status", "organization"),
        action="conference.delegate_named",
        scope=conference.network,
        summary=f"{organization.name}: {person}",
        always=True,
    ):
        participant.kind = ParticipantKind.DELEGATE
        participant.organization = organization
        participant.status = RegistrationStatus.REGISTERED
        participant.vote_weight = conference.delegate_vote_weight
        participant.save()
    policy.forget_cached(person)
    _changed(conference)
    return participant


@transaction.atomic
def add_participant(
    actor: Any, conference: Conference, person: Any, kind: str, *, chair: bool = False
) -> Participant:
    """The organisers add staff, a chair or a guest directly (no waiting list)."""
    if not policy.can_manage_conference(actor, conference):
        raise PermissionDenied
    if kind == ParticipantKind.DELEGATE:
        raise ValidationError(_("Delegates are named by their member organisation."))
    participant, created = Participant.objects.update_or_create(
        conference=conference,
        person=person,
        defaults={
            "kind": kind,
            "status": RegistrationStatus.REGISTERED,
            "is_chair": chair,
            "vote_weight": 0,
            "organization": None,
        },
    )
    audit.record(
        actor=actor,
        action="conference.participant_added" if created else "conference.participant_changed",
        target=participant,
        scope=conference.network,
        changes={"kind": [None, kind], "is_chair": [None, chair]},
        summary=str(person),
    )
    policy.forget_cached(person)
    return participant


# --- Delegates named by address ---------------------------------------------------------------

DELEGATE_SALT = "verbund.assemblies.delegate"


@transaction.atomic
def invite_delegate(
    actor: Any,
    conference: Conference,
    organization: Organization,
    *,
    name: str,
    email: str,
    language: str = "",
) -> DelegateInvitation:
    """Name a delegate by name and e-mail address, account or not: the address gets a link to
    register for the conference (signing up first if needed). The answer is the same whether
    or not the address has an account, so the form tells nobody who has one."""
    from verbund.assemblies import tasks

    if not policy.can_name_delegates(actor, conference, organization):
        raise PermissionDenied
    conference = _lock_conference(conference)
    _refuse_non_member(conference, organization)
    if conference.ends_on < timezone.localdate():
        raise ValidationError(_("This conference is over."), code="over")
    email = email.strip().lower()
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": [_("Enter the delegate's name.")]}, code="name")
    if DelegateInvitation.objects.filter(
        conference=conference, email=email, status=DelegateInvitationStatus.PENDING
    ).exists():
        raise ValidationError(
            {"email": [_("This address has already been invited as a delegate.")]},
            code="invited",
        )
    _refuse_full(conference, organization, _seats_taken(conference, organization))
    invitation = DelegateInvitation.objects.create(
        conference=conference,
        organization=organization,
        name=name[:150],
        email=email,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        nonce=secrets.token_urlsafe(16),
        named_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor=actor,
        action="conference.delegate_invited",
        target=invitation,
        scope=conference.network,
        changes={"delegate": [None, invitation.name]},
        summary=f"{organization.name}: {invitation.name}",
    )
    transaction.on_commit(lambda: tasks.send_delegate_invitation.enqueue(invitation.pk))
    _changed(conference)
    return invitation


def delegate_token(invitation: DelegateInvitation) -> str:
    return signing.dumps({"d": invitation.pk, "n": invitation.nonce}, salt=DELEGATE_SALT)


def read_delegate_invitation(token: str, conference: Conference) -> DelegateInvitation:
    """The open invitation a link stands for, for this conference; else ``ValidationError``
    saying why (used, withdrawn, the conference over, another conference's, forged)."""
    try:
        data = signing.loads(token, salt=DELEGATE_SALT)
        invitation = DelegateInvitation.objects.select_related("organization", "conference").get(
            pk=int(data["d"])
        )
    except (signing.BadSignature, DelegateInvitation.DoesNotExist, KeyError, ValueError) as error:
        raise ValidationError(_("This link is not valid."), code="invalid") from error
    if invitation.conference_id != conference.pk:
        raise ValidationError(_("This invitation is for another conference."), code="other")
    if not secrets.compare_digest(str(data.get("n", "")), invitation.nonce):
        raise ValidationError(_("This link is not valid."), code="invalid")
    if invitation.status == DelegateInvitationStatus.ACCEPTED:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.status == DelegateInvitationStatus.WITHDRAWN:
        raise ValidationError(
            _("This invitation was withdrawn: the organisation named someone else."),
            code="withdrawn",
        )
    if invitation.conference.ends_on < timezone.localdate():
        raise ValidationError(_("This invitation has expired."), code="expired")
    return invitation


@transaction.atomic
def accept_delegate_invitation(actor: Any, token: str, conference: Conference) -> Participant:
    """The person following the link (logged in, after signing up if need be) registers as
    the organisation's delegate. Presence and voting follow the usual rules."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    conference = _lock_conference(conference)
    invitation = read_delegate_invitation(token, conference)
    invitation = DelegateInvitation.objects.select_for_update().get(pk=invitation.pk)
    read_delegate_invitation(token, conference)
    if not _is_full_member(conference, invitation.organization):
        raise ValidationError(
            _("%(organization)s is no longer a full member and sends no delegates.")
            % {"organization": invitation.organization.name},
            code="not_member",
        )
    participant = _register_delegate(
        actor, conference, invitation.organization, actor, invitation=invitation
    )
    if participant.consented_at is None:
        participant.consented_at = timezone.now()
        participant.save(update_fields=["consented_at"])
    invitation.status = DelegateInvitationStatus.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.participant = participant
    invitation.save(update_fields=["status", "accepted_at", "participant"])
    audit.record(
        actor=actor,
        action="conference.delegate_registered",
        target=invitation,
        scope=conference.network,
        changes={"delegate": [invitation.name, str(actor)]},
        summary=f"{invitation.organization.name}: {actor}",
    )
    return participant


@transaction.atomic
def withdraw_delegate_invitation(actor: Any, invitation: DelegateInvitation) -> None:
    """To name someone else: the seat is free again and the link stops working."""
    conference = invitation.conference
    if not policy.can_name_delegates(actor, conference, invitation.organization):
        raise PermissionDenied
    _lock_conference(conference)
    invitation = DelegateInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != DelegateInvitationStatus.PENDING:
        raise ValidationError(_("This invitation is closed."), code="closed")
    invitation.status = DelegateInvitationStatus.WITHDRAWN
    invitation.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="conference.delegate_invitation_withdrawn",
        target=invitation,
        scope=conference.network,
        changes={"delegate": [invitation.name, None]},
        summary=f"{invitation.organization.name}: {invitation.name}",
    )
    _changed(conference)


# --- Check-in --------------------------------------------------------------------------------


def check_in_token(participant: Participant) -> str:
    return signing.dumps({"p": participant.pk, "c": participant.conference_id}, salt=CHECK_IN_SALT)


def participant_for_token(conference: Conference, token: str) -> Participant:
    """The participant a badge's QR code names; ``ValidationError`` if forged or foreign."""
    try:
        data = signing.loads(token, salt=CHECK_IN_SALT)
    except signing.BadSignature as error:
        raise ValidationError(_("This code is not valid."), code="bad_token") from error
    if data.get("c") != conference.pk:
        raise ValidationError(_("This code belongs to another conference."), code="bad_token")
    participant = Participant.objects.filter(pk=data.get("p"), conference=conference).first()
    if participant is None:
        raise ValidationError(_("This code is not valid."), code="bad_token")
    return participant


@transaction.atomic
def set_presence(actor: Any, participant: Participant, present: bool) -> Participant:
    """Check a participant in at the door (or out when they leave the hall)."""
    conference = participant.conference
    if not policy.can_check_in(actor, conference):
        raise PermissionDenied
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if present and participant.status != RegistrationStatus.REGISTERED:
        raise ValidationError(
            _("%(person)s is not registered (status: %(status)s).")
            % {"person": participant.person, "status": participant.get_status_display()},
            code="not_registered",
        )
    before = participant.present
    participant.present = present
    if present:
        participant.checked_in_at = timezone.now()
    participant.save(update_fields=["present", "checked_in_at"])
    if before != present:
        audit.record(
            actor=actor,
            action="conference.checked_in" if present else "conference.checked_out",
            target=participant,
            scope=conference.network,
            changes={"present": [before, present]},
            summary=str(participant.person),
        )
    _changed(conference)
    return participant


# --- Proxies ---------------------------------------------------------------------------------


def _refuse_during_open_poll(conference: Conference) -> None:
    if Poll.objects.filter(conference=conference, status=PollStatus.OPEN).exists():
        raise ValidationError(_("Proxies cannot change while a vote is open."), code="poll_open")


@transaction.atomic
def give_proxy(actor: Any, giver: Participant, holder: Participant) -> Proxy:
    """``giver`` lets ``holder`` vote for them. One level: a giver does not vote and a holder
    cannot pass the proxy on."""
    conference = giver.conference
    if not policy.can_manage_proxy(actor, giver):
        raise PermissionDenied
    conference = _lock_conference(conference)
    _refuse_during_open_poll(conference)
    delegates = queries.voting_delegates(conference)
    if giver.pk == holder.pk:
        raise ValidationError(_("You cannot give your proxy to yourself."), code="proxy_self")
    if not delegates.filter(pk=giver.pk).exists():
        raise ValidationError(_("Only a delegate with a vote can give a proxy."), code="proxy")
    if holder.conference_id != conference.pk or not delegates.filter(pk=holder.pk).exists():
        raise ValidationError(
            _("A proxy can only go to another delegate of this conference."), code="proxy"
        )
    if Proxy.objects.filter(giver=holder).exists():
        raise ValidationError(
            _("%(person)s has given their own proxy and cannot hold one.")
            % {"person": holder.person},
            code="proxy_chain",
        )
    if Proxy.objects.filter(holder=giver).exists():
        raise ValidationError(
            _("You hold a proxy yourself and cannot pass it on."), code="proxy_chain"
        )
    if Proxy.objects.filter(giver=giver).exists():
        raise ValidationError(_("You have already given your proxy."), code="proxy_given")
    proxy = Proxy.objects.create(conference=conference, giver=giver, holder=holder)
    audit.record(
        actor=actor,
        action="conference.proxy_given",
        target=proxy,
        scope=conference.network,
        changes={"giver": [None, str(giver.person)], "holder": [None, str(holder.person)]},
        summary=f"{giver.person} → {holder.person}",
    )
    _changed(conference)
    return proxy


@transaction.atomic
def withdraw_proxy(actor: Any, giver: Participant) -> None:
    if not policy.can_manage_proxy(actor, giver):
        raise PermissionDenied
    conference = _lock_conference(giver.conference)
    _refuse_during_open_poll(conference)
    proxy = Proxy.objects.filter(giver=giver).select_related("holder__person").first()
    if proxy is None:
        return
    audit.record(
        actor=actor,
        action="conference.proxy_withdrawn",
        target=proxy,
        scope=conference.network,
        changes={"holder": [str(proxy.holder.person), None]},
        summary=str(giver.person),
    )
    proxy.delete()
    _changed(conference)


# --- Polls -----------------------------------------------------------------------------------


def _check_poll(poll: Poll) -> None:
    errors: dict[str, list[str]] = {}
    if poll.kind == PollKind.ELECTION:
        if poll.body is None or poll.body.organization_id != poll.conference.network_id:
            errors["body"] = [_("Choose the body of this network the election fills.")]
        if poll.seats < 1:
            errors["seats"] = [_("An election fills at least one seat.")]
        if poll.method == ElectionMethod.VOTES_PER_SEAT and not (
            1 <= poll.max_votes_per_candidate <= poll.seats
        ):
            errors["max_votes_per_candidate"] = [
                _("Between one and as many votes as there are seats.")
            ]
        if poll.term_starts_on and poll.term_ends_on and poll.term_ends_on < poll.term_starts_on:
            errors["term_ends_on"] = [_("The term cannot end before it starts.")]
    else:
        poll.body = None
    if poll.motion is not None and poll.motion.conference_id != poll.conference_id:
        errors["motion"] = [_("Choose a motion of this conference.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_poll(
    actor: Any, conference: Conference, data: Mapping[str, Any], poll: Poll | None = None
) -> Poll:
    if not policy.can_chair(actor, conference):
        raise PermissionDenied
    if poll is not None and (
        poll.conference_id != conference.pk or poll.status != PollStatus.DRAFT
    ):
        raise ValidationError(_("Only a prepared poll can be changed."), code="not_draft")
    created = poll is None
    poll = poll or Poll(conference=conference)
    with audit.recording(actor, poll, POLL_FIELDS, action="poll", scope=conference.network) as note:
        for name in POLL_FIELDS:
            if name in data:
                setattr(poll, name, data[name])
        if created:
            poll.position = Poll.objects.filter(conference=conference).count() + 1
        _check_poll(poll)
        poll.full_clean(exclude=["conference", "body", "runoff_of", "motion"])
        poll.save()
        note.summary = poll.title
    _changed(conference)
    return poll


@transaction.atomic
def add_candidate(
    actor: Any,
    poll: Poll,
    name: str,
    *,
    person: Any = None,
    organization: Organization | None = None,
    role: str = SeatRole.MEMBER,
) -> Candidate:
    if not policy.can_run_poll(actor, poll):
        raise PermissionDenied
    if poll.kind != PollKind.ELECTION or poll.status != PollStatus.DRAFT:
        raise ValidationError(
            _("Candidates can only be added to a prepared election."), code="not_draft"
        )
    clean = " ".join((name or (str(person) if person else "")).split())[:150]
    if not clean:
        raise ValidationError({"name": [_("Enter the candidate's name.")]}, code="required")
    if role not in SeatRole.values:
        raise ValidationError({"role": [_("Choose a role.")]}, code="role")
    candidate = Candidate.objects.create(
        poll=poll,
        name=clean,
        person=person,
        organization=organization,
        role=role,
        position=poll.candidates.count() + 1,
    )
    audit.record(
        actor=actor,
        action="poll.candidate_added",
        target=candidate,
        scope=poll.conference.network,
        summary=f"{poll.title}: {clean}",
    )
    return candidate


@transaction.atomic
def open_poll(actor: Any, poll: Poll) -> Poll:
    if not policy.can_run_poll(actor, poll):
        raise PermissionDenied
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.status != PollStatus.DRAFT:
        raise ValidationError(_("This poll has already been opened."), code="not_draft")
    if poll.kind == PollKind.ELECTION and not poll.candidates.exists():
        raise ValidationError(_("An election needs at least one candidate."), code="candidates")
    poll.status = PollStatus.OPEN
    poll.opened_at = timezone.now()
    poll.entitled_weight = queries.entitled_weight(poll.conference)
    poll.save(update_fields=["status", "opened_at", "entitled_weight"])
    if poll.secret:
        BallotBox.objects.get_or_create(poll=poll)
    audit.record(
        actor=actor,
        action="poll.opened",
        target=poll,
        scope=poll.conference.network,
        changes={
            "status": [PollStatus.DRAFT, PollStatus.OPEN],
            "entitled_weight": [None, poll.entitled_weight],
        },
        summary=poll.title,
    )
    _changed(poll.conference)
    return poll


def _answer_key(answer: Mapping[str, Any]) -> str:
    return json.dumps(answer, sort_keys=True, separators=(",", ":"))


def _add_to_box(poll: Poll, answer: Mapping[str, Any], weight: int) -> None:
    """Add a secret ballot to the poll's box: one row updated, no row of its own."""
    box = BallotBox.objects.select_for_update().get(poll=poll)
    counts = dict(box.counts)
    key = _answer_key(answer)
    counts[key] = int(counts.get(key, 0)) + weight
    box.counts = dict(sorted(counts.items()))
    box.save(update_fields=["counts"])


def _write_out_secret_ballots(poll: Poll) -> None:
    """At closing: the box's ballots (and any stored before boxes existed) become unit
    ballots in random order, and the has-voted register is rewritten in random order, all
    in this one transaction, so no row keeps an order or a transaction of its own."""
    units = [
        answer
        for weight, answer in Ballot.objects.filter(poll=poll).values_list("weight", "answer")
        for _ in range(weight)
    ]
    box = BallotBox.objects.filter(poll=poll).first()
    if box is not None:
        for key, weight in box.counts.items():
            units.extend(json.loads(key) for _ in range(int(weight)))
    voters = list(VoteRecord.objects.filter(poll=poll).values_list("participant_id", flat=True))
    rng = random.SystemRandom()
    rng.shuffle(units)
    rng.shuffle(voters)
    Ballot.objects.filter(poll=poll).delete()
    VoteRecord.objects.filter(poll=poll).delete()
    BallotBox.objects.filter(poll=poll).delete()
    Ballot.objects.bulk_create(
        [Ballot(poll=poll, weight=1, answer=answer) for answer in units], batch_size=500
    )
    VoteRecord.objects.bulk_create(
        [VoteRecord(poll=poll, participant_id=pid) for pid in voters], batch_size=500
    )


@transaction.atomic
def close_poll(actor: Any, poll: Poll) -> Poll:
    """Stop the poll and publish the count. The row lock waits for ballots being cast right
    now; a ballot that arrives later finds the poll closed."""
    if not policy.can_run_poll(actor, poll):
        raise PermissionDenied
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.status != PollStatus.OPEN:
        raise ValidationError(_("This poll is not open."), code="not_open")
    if poll.secret:
        _write_out_secret_ballots(poll)
    poll.status = PollStatus.CLOSED
    poll.closed_at = timezone.now()
    poll.result = queries.tally(poll)
    poll.save(update_fields=["status", "closed_at", "result"])
    audit.record(
        actor=actor,
        action="poll.closed",
        target=poll,
        scope=poll.conference.network,
        changes={"status": [PollStatus.OPEN, PollStatus.CLOSED], "result": [None, poll.result]},
        summary=poll.title,
    )
    _changed(poll.conference)
    return poll


def _lock_poll_for_voting(poll_id: int) -> str:
    """The poll's status, with a shared lock: ballots go in side by side, while closing
    (an exclusive lock) waits for them and they wait for closing."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT status FROM assemblies_poll WHERE id = %s FOR SHARE", [poll_id])
            row = cursor.fetchone()
        if row is None:
            raise ValidationError(_("This poll does not exist."), code="no_poll")
        return str(row[0])
    # SQLite runs one writing transaction at a time (IMMEDIATE mode): a plain read suffices.
    return str(Poll.objects.values_list("status", flat=True).get(pk=poll_id))


def validate_answer(poll: Poll, raw: Mapping[str, Any]) -> dict[str, Any]:
    """A clean ballot answer, or ``ValidationError`` saying what makes the ballot invalid."""
    if poll.kind == PollKind.VOTE:
        choice = raw.get("choice")
        if choice not in Choice.values:
            raise ValidationError(_("Choose yes, no or abstain."), code="invalid_ballot")
        return {"choice": choice}
    candidate_ids = {str(pk) for pk in poll.candidates.values_list("pk", flat=True)}
    unknown = set(raw) - candidate_ids
    if unknown:
        raise ValidationError(_("This ballot names someone who is not a candidate."))
    answer: dict[str, Any] = {}
    if poll.method == ElectionMethod.YES_NO_PER_CANDIDATE:
        for key in sorted(candidate_ids):
            value = raw.get(key) or Choice.ABSTAIN
            if value not in Choice.values:
                raise ValidationError(_("Choose yes, no or abstain for each candidate."))
            answer[key] = value
        return answer
    total = 0
    for key in sorted(candidate_ids):
        try:
            votes = int(raw.get(key) or 0)
        except (TypeError, ValueError) as error:
            raise ValidationError(_("Give each candidate a whole number of votes.")) from error
        if votes < 0 or votes > poll.max_votes_per_candidate:
            raise ValidationError(
                _("A candidate can get at most %(count)s votes from one ballot.")
                % {"count": poll.max_votes_per_candidate},
                code="invalid_ballot",
            )
        total += votes
        if votes:
            answer[key] = votes
    if total > poll.seats:
        raise ValidationError(
            _("This ballot has %(total)s votes; at most %(seats)s are allowed.")
            % {"total": total, "seats": poll.seats},
            code="invalid_ballot",
        )
    return answer


def cast_vote(
    actor: Any, poll: Poll, answer: Mapping[str, Any], participant: Participant | None = None
) -> None:
    """Cast ``actor``'s ballot, or the ballot of ``participant`` whose proxy ``actor`` holds.

    Counted once: the has-voted register's unique key is written in the same transaction as
    the ballot, so a second submission (also a parallel one) fails and stores nothing.
    """
    clean = validate_answer(poll, answer)
    with transaction.atomic():
        if _lock_poll_for_voting(poll.pk) != PollStatus.OPEN:
            raise ValidationError(_("This poll is not open for votes."), code="not_open")
        conference = poll.conference
        slots = {slot.participant.pk: slot for slot in queries.ballot_slots(actor, poll)}
        if participant is None:
            own = [slot for slot in slots.values() if not slot.by_proxy]
            if not own:
                raise PermissionDenied(
                    _("You are not entitled to vote: only present delegates vote.")
                )
            participant = own[0].participant
        elif participant.pk not in slots:
            raise PermissionDenied(_("You hold no proxy for this delegate."))
        voter = slots[participant.pk].participant
        try:
            with transaction.atomic():
                VoteRecord.objects.create(poll=poll, participant=voter)
        except IntegrityError as error:
            raise ValidationError(
                _("This ballot has already been cast."), code="already_voted"
            ) from error
        if poll.secret:
            # Counted into the box, not stored as a row (see ``BallotBox``); at closing a
            # weight of 3 becomes three unit ballots, so no rare weight points to a delegate.
            _add_to_box(poll, clean, voter.vote_weight)
        else:
            Ballot.objects.create(poll=poll, weight=voter.vote_weight, answer=clean, voter=voter)
        if not poll.secret:
            audit.record(
                actor=actor,
                action="poll.vote_cast",
                target=poll,
                scope=conference.network,
                changes={str(voter.person): [None, clean]},
                summary=poll.title,
            )
    queries.forget_live_state(poll.conference_id)


# --- Elections -------------------------------------------------------------------------------


@transaction.atomic
def create_runoff(actor: Any, poll: Poll) -> Poll:
    """A new election between the candidates tied for the last seats."""
    if not policy.can_run_poll(actor, poll):
        raise PermissionDenied
    if poll.status != PollStatus.CLOSED or not poll.result.get("tied"):
        raise ValidationError(_("This election needs no runoff."), code="no_runoff")
    tied = list(poll.candidates.filter(pk__in=poll.result["tied"]))
    open_seats = int(poll.result["open_seats"])
    runoff = Poll.objects.create(
        conference=poll.conference,
        kind=PollKind.ELECTION,
        title=_("Runoff: %(title)s") % {"title": poll.title},
        question=poll.question,
        secret=poll.secret,
        result_base=poll.result_base,
        majority=Majority.SIMPLE,
        body=poll.body,
        seats=open_seats,
        method=ElectionMethod.VOTES_PER_SEAT,
        max_votes_per_candidate=1,
        term_starts_on=poll.term_starts_on,
        term_ends_on=poll.term_ends_on,
        runoff_of=poll,
        position=Poll.objects.filter(conference=poll.conference).count() + 1,
    )
    for number, candidate in enumerate(tied, start=1):
        Candidate.objects.create(
            poll=runoff,
            name=candidate.name,
            person=candidate.person,
            organization=candidate.organization,
            role=candidate.role,
            position=number,
        )
    audit.record(
        actor=actor,
        action="poll.runoff_created",
        target=runoff,
        scope=poll.conference.network,
        changes={"candidates": [None, [c.name for c in tied]], "seats": [None, open_seats]},
        summary=runoff.title,
    )
    _changed(poll.conference)
    return runoff


@transaction.atomic
def install_elected(actor: Any, poll: Poll) -> list[Any]:
    """The elected become holders of the body's seats for the term (through the networks
    services, which check and audit the seats themselves)."""
    if not policy.can_install_elected(actor, poll):
        raise PermissionDenied
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.status != PollStatus.CLOSED:
        raise ValidationError(_("The election is not closed yet."), code="not_closed")
    if poll.seats_installed_at is not None:
        raise ValidationError(_("The elected already hold their seats."), code="installed")
    body: Body = poll.body  # type: ignore[assignment]
    elected = list(poll.candidates.filter(pk__in=poll.result.get("elected", [])))
    conference = poll.conference
    elected_by = _("%(conference)s, %(day)s") % {
        "conference": conference.title,
        "day": (poll.closed_at or timezone.now()).date().isoformat(),
    }
    seats = []
    for candidate in elected:
        holder_organization = (
            candidate.organization
            if body.seats_for_organisations and candidate.organization is not None
            else None
        )
        seats.append(
            network_services.save_seat(
                actor,
                body,
                {
                    "role": candidate.role,
                    "holder_name": candidate.name,
                    "person": candidate.person,
                    "holder_organization": holder_organization,
                    "starts_on": poll.term_starts_on or timezone.localdate(),
                    "ends_on": poll.term_ends_on,
                    "elected_by": elected_by[:200],
                },
            )
        )
    poll.seats_installed_at = timezone.now()
    poll.save(update_fields=["seats_installed_at"])
    audit.record(
        actor=actor,
        action="poll.elected_installed",
        target=poll,
        scope=conference.network,
        changes={"seats": [None, [c.name for c in elected]]},
        summary=poll.title,
    )
    return seats


# --- Agenda and list of speakers --------------------------------------------------------------

AGENDA_FIELDS = ("title", "description", "speaking_seconds", "position")


@transaction.atomic
def save_agenda_item(
    actor: Any,
    conference: Conference,
    data: Mapping[str, Any],
    item: AgendaItem | None = None,
) -> AgendaItem:
    if not policy.can_chair(actor, conference):
        raise PermissionDenied
    if item is not None and item.conference_id != conference.pk:
        raise PermissionDenied
    item = item or AgendaItem(
        conference=conference, position=AgendaItem.objects.filter(conference=conference).count() + 1
    )
    with audit.recording(
        actor, item, AGENDA_FIELDS, action="agenda", scope=conference.network
    ) as note:
        for name in AGENDA_FIELDS:
            if name in data and data[name] is not None:
                setattr(item, name, data[name])
        item.title = " ".join(str(item.title).split())
        if not item.title:
            raise ValidationError({"title": [_("Give the agenda item a title.")]}, code="required")
        item.full_clean(exclude=["conference"])
        item.save()
        note.summary = item.title
    _changed(conference)
    return item


@transaction.atomic
def start_agenda_item(actor: Any, item: AgendaItem) -> AgendaItem:
    """Make ``item`` the one under discussion; the one before it is done."""
    conference = item.conference
    if not policy.can_chair(actor, conference):
        raise PermissionDenied
    _lock_conference(conference)
    previous = list(AgendaItem.objects.filter(conference=conference, status=AgendaStatus.CURRENT))
    for old in previous:
        old.status = AgendaStatus.DONE
        old.save(update_fields=["status"])
        _end_speeches(old)
    item.refresh_from_db()
    item.status = AgendaStatus.CURRENT
    item.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="agenda.started",
        target=item,
        scope=conference.network,
        changes={"current": [[p.title for p in previous], item.title]},
        summary=item.title,
    )
    _changed(conference)
    return item


def _end_speeches(item: AgendaItem) -> None:
    SpeakRequest.objects.filter(item=item, status=SpeechStatus.SPEAKING).update(
        status=SpeechStatus.DONE, ends_at=timezone.now()
    )


@transaction.atomic
def request_to_speak(actor: Any, item: AgendaItem, kind: str) -> SpeakRequest:
    """A registered participant who is present asks to speak on the current agenda item."""
    conference = item.conference
    participant = policy.participant_of(actor, conference)
    if participant is None or not policy.can_request_to_speak(actor, conference):
        raise PermissionDenied
    if kind not in SpeechKind.values:
        raise ValidationError({"kind": [_("Choose what you want to say.")]}, code="kind")
    if not participant.present:
        raise ValidationError(
            _("Check in at the entrance before you ask to speak."), code="not_present"
        )
    item.refresh_from_db(fields=["status"])
    if item.status == AgendaStatus.DONE:
        raise ValidationError(_("This agenda item is closed."), code="item_done")
    try:
        with transaction.atomic():
            speak_request = SpeakRequest.objects.create(
                item=item, participant=participant, kind=kind
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You are already on the list of speakers."), code="already_listed"
        ) from error
    audit.record(
        actor=actor,
        action="agenda.speak_requested",
        target=speak_request,
        scope=conference.network,
        changes={"kind": [None, kind]},
        summary=f"{item.title}: {participant.person}",
    )
    _changed(conference)
    return speak_request


@transaction.atomic
def withdraw_request(actor: Any, speak_request: SpeakRequest) -> None:
    conference = speak_request.item.conference
    own = speak_request.participant.person_id == getattr(actor, "pk", None)
    if not (own or policy.can_chair(actor, conference)):
        raise PermissionDenied
    if speak_request.status != SpeechStatus.WAITING:
        raise ValidationError(_("Only a waiting request can be withdrawn."), code="not_waiting")
    speak_request.status = SpeechStatus.WITHDRAWN
    speak_request.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="agenda.speak_withdrawn",
        target=speak_request,
        scope=conference.network,
        summary=str(speak_request.participant.person),
    )
    _changed(conference)


@transaction.atomic
def call_next_speaker(actor: Any, item: AgendaItem) -> SpeakRequest | None:
    """End the current speech and give the floor to the next on the list (points of order
    first); their countdown starts now."""
    conference = item.conference
    if not policy.can_chair(actor, conference):
        raise PermissionDenied
    AgendaItem.objects.select_for_update().get(pk=item.pk)
    _end_speeches(item)
    following = queries.waiting_speakers(item).first()
    if following is not None:
        now = timezone.now()
        following.status = SpeechStatus.SPEAKING
        following.started_at = now
        following.ends_at = now + datetime.timedelta(seconds=item.speaking_seconds)
        following.save(update_fields=["status", "started_at", "ends_at"])
    audit.record(
        actor=actor,
        action="agenda.next_speaker",
        target=item,
        scope=conference.network,
        changes={"speaker": [None, str(following.participant.person) if following else None]},
        summary=item.title,
    )
    _changed(conference)
    return following


# --- Motions and amendments -------------------------------------------------------------------


def _record_motion(actor: Any, action: str, motion: Motion, changes: Mapping[str, Any]) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=motion,
        scope=motion.conference.network,
        changes=changes,
        summary=str(motion)[:255],
    )


@transaction.atomic
def submit_motion(
    actor: Any,
    conference: Conference,
    data: Mapping[str, Any],
) -> Motion:
    if not policy.can_submit_motion(actor, conference):
        raise PermissionDenied
    title = " ".join(str(data.get("title", "")).split())
    text = str(data.get("text", "")).strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the motion a title.")]
    if not split_paragraphs(text):
        errors["text"] = [_("Write the text of the motion.")]
    on_behalf_of = data.get("on_behalf_of")
    if on_behalf_of is not None and not (
        _is_full_member(conference, on_behalf_of)
        and org_policy.can_manage_people(actor, on_behalf_of)
    ):
        errors["on_behalf_of"] = [
            _("Only an administrator of a full member organisation submits in its name.")
        ]
    body = data.get("body")
    if body is not None and not (
        body.organization_id == conference.network_id
        and Seat.objects.current().filter(body=body, person=actor).exists()
    ):
        errors["body"] = [_("Only a member of this body submits in its name.")]
    if errors:
        raise ValidationError(errors)
    _lock_conference(conference)
    number = (
        Motion.objects.filter(conference=conference).aggregate(top=Max("number"))["top"] or 0
    ) + 1
    motion = Motion.objects.create(
        conference=conference,
        number=number,
        title=title[:200],
        text=text,
        reason=str(data.get("reason", "")).strip(),
        submitted_by=actor,
        on_behalf_of=on_behalf_of,
        body=body,
    )
    _record_motion(actor, "motion.submitted", motion, {"number": [None, motion.label]})
    return motion


@transaction.atomic
def support_motion(actor: Any, motion: Motion, support: bool = True) -> None:
    if not policy.can_support_motion(actor, motion.conference):
        raise PermissionDenied
    if support:
        _support, created = MotionSupport.objects.get_or_create(motion=motion, person=actor)
        changed = created
    else:
        changed = MotionSupport.objects.filter(motion=motion, person=actor).delete()[0] > 0
    if changed:
        _record_motion(
            actor,
            "motion.supported" if support else "motion.support_withdrawn",
            motion,
            {"supporter": [None, str(actor)] if support else [str(actor), None]},
        )


@transaction.atomic
def change_motion_status(
    actor: Any, motion: Motion, status: str, *, referred_to: Body | None = None
) -> Motion:
    """Move a motion through its workflow; adopting fixes its text with adopted amendments."""
    conference = motion.conference
    own_withdrawal = status == MotionStatus.WITHDRAWN and motion.submitted_by_id == getattr(
        actor, "pk", None
    )
    if not (own_withdrawal or policy.can_manage_motions(actor, conference)):
        raise PermissionDenied
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if status not in MOTION_TRANSITIONS.get(motion.status, frozenset()):
        raise ValidationError(
            _("A motion with status “%(old)s” cannot change to “%(new)s”.")
            % {
                "old": motion.get_status_display(),
                "new": MotionStatus(status).label if status in MotionStatus.values else status,
            },
            code="transition",
        )
    adopted_amendments = motion.amendments.filter(status=AmendmentStatus.ADOPTED).exists()
    if status == MotionStatus.REFERRED:
        if referred_to is None or referred_to.organization_id != conference.network_id:
            raise ValidationError(
                {"referred_to": [_("Choose the committee of this network.")]}, code="committee"
            )
        motion.referred_to = referred_to
    if status == MotionStatus.ADOPTED and adopted_amendments:
        raise ValidationError(
            _("Amendments were adopted: choose “adopted with changes”."), code="changed"
        )
    if status in ADOPTED_STATUSES:
        if motion.amendments.filter(status=AmendmentStatus.SUBMITTED).exists():
            raise ValidationError(
                _("Decide every amendment before the motion is adopted."), code="open_amendments"
            )
        motion.adopted_text = "\n\n".join(queries.consolidated_paragraphs(motion))
    before = motion.status
    motion.status = status
    if status in ADOPTED_STATUSES:
        motion.document = _file_resolution(actor, motion)
    motion.save()
    _record_motion(
        actor,
        "motion.status",
        motion,
        {
            "status": [before, status],
            **({"referred_to": [None, str(referred_to)]} if referred_to else {}),
        },
    )
    return motion


@transaction.atomic
def confirm_vote_outcome(actor: Any, poll: Poll) -> Motion:
    """The chair confirms what a closed vote on a motion decided: the motion becomes adopted
    (with changes, where amendments were adopted) or rejected. The count alone changes
    nothing, so a miscounted or contested vote can still be repeated first."""
    if not policy.can_manage_motions(actor, poll.conference):
        raise PermissionDenied
    poll = Poll.objects.select_for_update(of=("self",)).select_related("motion").get(pk=poll.pk)
    status = queries.outcome_status(poll)
    if status is None or poll.motion is None:
        raise ValidationError(
            _("There is no result of this vote left to confirm."), code="nothing_to_confirm"
        )
    motion = poll.motion
    if motion.status == MotionStatus.SUBMITTED:
        motion = change_motion_status(actor, motion, MotionStatus.ADMITTED)
    motion = change_motion_status(actor, motion, status)
    _record_motion(
        actor,
        "motion.vote_confirmed",
        motion,
        {"poll": [None, poll.title], "result": [None, poll.result.get("weights")]},
    )
    _changed(poll.conference)
    return motion


def _file_resolution(actor: Any, motion: Motion) -> Any:
    """An adopted resolution becomes an adopted document of the network, when the person
    adopting it may create the network's documents (otherwise the office files it later)."""
    from verbund.documents import policy as document_policy
    from verbund.documents import services as document_services
    from verbund.documents.taxonomy import DocumentKind, DocumentStatus

    network = motion.conference.network
    if not document_policy.can_create(actor, network):
        return None
    document = document_services.create_document(
        actor,
        network,
        {
            "kind": DocumentKind.RESOLUTION,
            "title": f"{motion.label}: {motion.title}"[:200],
            "summary": motion.conference.title,
        },
        text=motion.adopted_text,
    )
    return document_services.set_status(actor, document, DocumentStatus.ADOPTED)


@transaction.atomic
def submit_amendment(
    actor: Any, motion: Motion, paragraph: int, new_text: str, reason: str = ""
) -> Amendment:
    if not policy.can_submit_motion(actor, motion.conference):
        raise PermissionDenied
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status not in (
        MotionStatus.SUBMITTED,
        MotionStatus.ADMITTED,
        MotionStatus.REFERRED,
    ):
        raise ValidationError(_("This motion can no longer be amended."), code="closed")
    if not 1 <= paragraph <= len(motion.paragraphs):
        raise ValidationError(
            {"paragraph": [_("Choose a paragraph of the motion.")]}, code="paragraph"
        )
    number = (motion.amendments.aggregate(top=Max("number"))["top"] or 0) + 1
    amendment = Amendment.objects.create(
        motion=motion,
        number=number,
        paragraph=paragraph,
        new_text=new_text.strip(),
        reason=reason.strip(),
        submitted_by=actor,
    )
    audit.record(
        actor=actor,
        action="amendment.submitted",
        target=amendment,
        scope=motion.conference.network,
        changes={"paragraph": [None, paragraph], "new_text": [None, amendment.new_text]},
        summary=str(amendment),
    )
    return amendment


@transaction.atomic
def recommend_amendment(actor: Any, amendment: Amendment, recommendation: str) -> Amendment:
    if not policy.can_recommend(actor, amendment.motion):
        raise PermissionDenied
    if recommendation not in Recommendation.values:
        raise ValidationError(_("Choose a recommendation."), code="recommendation")
    before = amendment.recommendation
    amendment.recommendation = recommendation
    amendment.save(update_fields=["recommendation"])
    audit.record(
        actor=actor,
        action="amendment.recommended",
        target=amendment,
        scope=amendment.motion.conference.network,
        changes={"recommendation": [before, recommendation]},
        summary=str(amendment),
    )
    return amendment


@transaction.atomic
def decide_amendment(actor: Any, amendment: Amendment, *, adopted: bool) -> Amendment:
    motion = amendment.motion
    if not policy.can_manage_motions(actor, motion.conference):
        raise PermissionDenied
    Motion.objects.select_for_update().get(pk=motion.pk)
    amendment.refresh_from_db()
    if amendment.status != AmendmentStatus.SUBMITTED:
        raise ValidationError(_("This amendment has already been decided."), code="decided")
    if (
        adopted
        and motion.amendments.filter(
            paragraph=amendment.paragraph, status=AmendmentStatus.ADOPTED
        ).exists()
    ):
        raise ValidationError(
            _("Another amendment to this paragraph has already been adopted."), code="conflict"
        )
    amendment.status = AmendmentStatus.ADOPTED if adopted else AmendmentStatus.REJECTED
    amendment.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="amendment.decided",
        target=amendment,
        scope=motion.conference.network,
        changes={"status": [AmendmentStatus.SUBMITTED, amendment.status]},
        summary=str(amendment),
    )
    return amendment
