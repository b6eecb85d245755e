"""Who may see and do what at conferences. Every view and service of this app asks here.

- The people who run the network (platform staff, coordinators, office) manage its
  conferences: settings, participants, chairs, polls and candidates.
- A participant marked as chair runs the polls (opens, closes, asks for a runoff).
- Participants of kind staff check people in at the door.
- An administrator of a full member organisation names its delegates; the people who run a
  published network may name them on a member's behalf.
- Whether a person may cast a ballot is not a permission but an entitlement (present,
  registered delegate, no proxy given); ``services.cast_vote`` decides it with the ballot.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from verbund.assemblies.models import Conference, Participant, Poll
from verbund.assemblies.taxonomy import ParticipantKind, PollStatus, RegistrationStatus
from verbund.networks import policy as network_policy
from verbund.organizations import policy as organization_policy
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Role


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def participant_of(user: Any, conference: Conference) -> Participant | None:
    if not _authenticated(user):
        return None
    cache: dict[int, Participant | None] = user.__dict__.setdefault("_verbund_participants", {})
    if conference.pk not in cache:
        cache[conference.pk] = (
            Participant.objects.filter(conference=conference, person=user)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
    return cache[conference.pk]


def forget_cached(user: Any) -> None:
    user.__dict__.pop("_verbund_participants", None)


def can_view_conference(user: Any, conference: Conference) -> bool:
    return network_policy.can_view_network(user, conference.network)


def can_manage_conference(user: Any, conference: Conference) -> bool:
    return network_policy.runs_network(user, conference.network)


def can_create_conference(user: Any, network: Organization) -> bool:
    return network_policy.runs_network(user, network)


def can_register(user: Any, conference: Conference) -> bool:
    return (
        _authenticated(user)
        and conference.registration_open
        and can_view_conference(user, conference)
    )


def can_chair(user: Any, conference: Conference) -> bool:
    if can_manage_conference(user, conference):
        return True
    participant = participant_of(user, conference)
    return bool(
        participant and participant.is_chair and participant.status == RegistrationStatus.REGISTERED
    )


def can_run_poll(user: Any, poll: Poll) -> bool:
    return can_chair(user, poll.conference)


def can_check_in(user: Any, conference: Conference) -> bool:
    if can_chair(user, conference):
        return True
    participant = participant_of(user, conference)
    return bool(
        participant
        and participant.kind == ParticipantKind.STAFF
        and participant.status == RegistrationStatus.REGISTERED
    )


def can_name_delegates(user: Any, conference: Conference, organization: Organization) -> bool:
    """Administrators of the member organisation; on its behalf, the people who run the
    network only while the network is published (its membership, which the service checks,
    is one both sides accepted)."""
    return organization_policy.can_manage_people(
        user, organization
    ) or can_name_delegates_for_members(user, conference)


def can_name_delegates_for_members(user: Any, conference: Conference) -> bool:
    return network_policy.can_name_delegates_for_members(user, conference.network)


def can_manage_proxy(user: Any, giver: Participant) -> bool:
    """A delegate gives their own proxy; the chair records one handed in on paper."""
    return (_authenticated(user) and giver.person_id == user.pk) or can_chair(
        user, giver.conference
    )


def can_install_elected(user: Any, poll: Poll) -> bool:
    return (
        can_run_poll(user, poll)
        and poll.body is not None
        and network_policy.can_manage_bodies(user, poll.body.organization)
    )


def can_view_poll(user: Any, poll: Poll) -> bool:
    return can_view_conference(user, poll.conference)


def can_see_named_ballots(user: Any, poll: Poll) -> bool:
    """Who voted how in a named poll is shown after it closed, to the conference's
    participants and to those who run it, never to the public."""
    if poll.secret or poll.status != PollStatus.CLOSED:
        return False
    return participant_of(user, poll.conference) is not None or can_chair(user, poll.conference)


def can_request_to_speak(user: Any, conference: Conference) -> bool:
    """Registered participants, except the press, ask to speak (presence is checked too)."""
    participant = participant_of(user, conference)
    return bool(
        participant
        and participant.status == RegistrationStatus.REGISTERED
        and participant.kind != ParticipantKind.PRESS
    )


# --- Motions ------------------------------------------------------------------------------------


def can_submit_motion(user: Any, conference: Conference) -> bool:
    """Delegates, administrators of member organisations, members of the network's bodies
    and the organisers submit motions and amendments."""
    if not _authenticated(user) or not can_view_conference(user, conference):
        return False
    participant = participant_of(user, conference)
    if (
        participant is not None
        and participant.kind == ParticipantKind.DELEGATE
        and participant.status == RegistrationStatus.REGISTERED
    ):
        return True
    return (
        can_manage_conference(user, conference)
        or network_policy.is_committee_member(user, conference.network)
        or network_policy.belongs_to_member(user, conference.network)
    )


def can_support_motion(user: Any, conference: Conference) -> bool:
    participant = participant_of(user, conference)
    return bool(
        participant
        and participant.kind == ParticipantKind.DELEGATE
        and participant.status == RegistrationStatus.REGISTERED
    )


def can_manage_motions(user: Any, conference: Conference) -> bool:
    return can_chair(user, conference)


def can_recommend(user: Any, motion: Any) -> bool:
    """The chair, or a member of the committee the motion was referred to."""
    if can_manage_motions(user, motion.conference):
        return True
    if motion.referred_to_id is None or not _authenticated(user):
        return False
    from verbund.networks.models import Seat

    return Seat.objects.current().filter(body_id=motion.referred_to_id, person=user).exists()


# --- Delegates ------------------------------------------------------------------------------


def represented_organizations(user: Any, conference: Conference) -> QuerySet[Organization]:
    """The full, active members of the conference's network that ``user`` administers: the
    organisations they name delegates and submit motions for."""
    if not _authenticated(user):
        return Organization.objects.none()
    return Organization.objects.filter(
        pk__in=_full_members(conference), affiliations__person=user, affiliations__role=Role.ADMIN
    ).distinct()


def delegate_organizations(user: Any, conference: Conference) -> QuerySet[Organization]:
    """Whose delegates ``user`` names: the organisers every full member's, an administrator
    their own organisations'. The organisers speak for members only in a published network,
    over memberships both sides accepted (``can_name_delegates_for_members``)."""
    if can_name_delegates_for_members(user, conference):
        return Organization.objects.filter(pk__in=_full_members(conference))
    return represented_organizations(user, conference)


def can_open_delegates(user: Any, conference: Conference) -> bool:
    return delegate_organizations(user, conference).exists()


def _full_members(conference: Conference) -> QuerySet[Any]:
    from verbund.networks.models import Membership
    from verbund.networks.taxonomy import MembershipStatus, MembershipType

    return Membership.objects.filter(
        network=conference.network, status=MembershipStatus.ACTIVE, type=MembershipType.FULL
    ).values("member")
