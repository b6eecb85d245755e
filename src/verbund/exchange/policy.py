"""Who may see and do what in the exchange. Every view, service, query and template asks here.

An organisation acts through its administrators and editors (``can_act_for``); members,
platform staff and network coordinators do not post, ask or accept for it. The console
(operator, demo loader) may. Staff moderate: they hide reported posts and messages and see
the threads someone reported, nothing else of the conversations.

Who sees a post follows its visibility: public posts everyone; "members of our networks"
the people of organisations that are active members of a published network the owner is an
active member of, and the people who run such a network; "selected networks" the same for
the networks the owner chose among its own. Memberships count only when both sides accepted
them (``active``). The owner's own people always see their posts; hidden and expired posts
only they and staff.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from verbund.core.actors import is_trusted_system
from verbund.exchange.models import (
    AbuseReport,
    Booking,
    Discussion,
    Partner,
    Post,
    Project,
    Thread,
)
from verbund.exchange.taxonomy import (
    BookingState,
    Direction,
    PostKind,
    PostVisibility,
    ThreadState,
)
from verbund.networks import policy as network_policy
from verbund.networks.models import Membership, NetworkRole
from verbund.networks.taxonomy import MembershipStatus
from verbund.organizations import policy as organization_policy
from verbund.organizations.models import Affiliation, Organization
from verbund.organizations.taxonomy import Role, Status


def _person(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_staff(user: Any) -> bool:
    return organization_policy.is_staff(user)


# --- Acting for an organisation ---------------------------------------------------------------


def acting_ids(user: Any) -> frozenset[int]:
    """The organisations ``user`` acts for (administrator or editor), cached on the person."""
    if not _person(user):
        return frozenset()
    if "_verbund_exchange_acting" not in user.__dict__:
        user.__dict__["_verbund_exchange_acting"] = frozenset(
            Affiliation.objects.filter(person=user, role__in=[Role.ADMIN, Role.EDITOR]).values_list(
                "organization_id", flat=True
            )
        )
    return frozenset(user.__dict__["_verbund_exchange_acting"])


def own_ids(user: Any) -> frozenset[int]:
    """The organisations ``user`` belongs to in any role (they see their own posts)."""
    if not _person(user):
        return frozenset()
    if "_verbund_exchange_own" not in user.__dict__:
        user.__dict__["_verbund_exchange_own"] = frozenset(
            Affiliation.objects.filter(person=user).values_list("organization_id", flat=True)
        )
    return frozenset(user.__dict__["_verbund_exchange_own"])


def forget_cached(user: Any) -> None:
    for key in ("_verbund_exchange_acting", "_verbund_exchange_own", "_verbund_exchange_nets"):
        user.__dict__.pop(key, None)


def can_act_for(user: Any, organization: Organization) -> bool:
    return is_trusted_system(user) or organization.pk in acting_ids(user)


def can_post(user: Any, organization: Organization) -> bool:
    """Administrators and editors of a published organisation (a partner institution too)."""
    if organization.status != Status.PUBLISHED and not is_trusted_system(user):
        return False
    return can_act_for(user, organization)


# --- Seeing posts -----------------------------------------------------------------------------


def viewer_networks(user: Any) -> frozenset[int]:
    """The published networks through which ``user`` sees members-only posts: those their
    organisations are active members of, those they belong to, and those they run."""
    if not _person(user):
        return frozenset()
    if "_verbund_exchange_nets" not in user.__dict__:
        own = own_ids(user)
        through_members = Membership.objects.filter(
            member_id__in=own, status=MembershipStatus.ACTIVE
        ).values_list("network_id", flat=True)
        roles = NetworkRole.objects.filter(person=user).values_list("network_id", flat=True)
        candidates = set(through_members) | set(roles) | set(own)
        user.__dict__["_verbund_exchange_nets"] = frozenset(
            Organization.objects.filter(pk__in=candidates, status=Status.PUBLISHED)
            .filter(member_links__status=MembershipStatus.ACTIVE)
            .values_list("pk", flat=True)
            .distinct()
        )
    return frozenset(user.__dict__["_verbund_exchange_nets"])


def _owner_in(networks: frozenset[int]) -> Exists:
    return Exists(
        Membership.objects.filter(
            member_id=OuterRef("owner_id"),
            network_id__in=networks,
            status=MembershipStatus.ACTIVE,
        )
    )


def _selected_in(networks: frozenset[int]) -> Exists:
    through = Post.networks.through
    return Exists(
        through.objects.filter(post_id=OuterRef("pk"), organization_id__in=networks).filter(
            Exists(
                Membership.objects.filter(
                    member_id=OuterRef("post__owner_id"),
                    network_id=OuterRef("organization_id"),
                    status=MembershipStatus.ACTIVE,
                )
            )
        )
    )


def current() -> Q:
    """Posts that are valid today and not hidden."""
    today = timezone.localdate()
    return Q(hidden_at__isnull=True, valid_from__lte=today, valid_until__gte=today)


def visible_posts(user: Any, *, include_own_inactive: bool = False) -> QuerySet[Post]:
    """The current posts ``user`` may see (and, when asked, their own hidden or expired
    ones). The rule is the one :func:`can_view_post` answers for one post."""
    posts = Post.objects.all()
    if is_staff(user):
        return posts if include_own_inactive else posts.filter(current())
    own = own_ids(user)
    networks = viewer_networks(user)
    seen = Q(visibility=PostVisibility.PUBLIC) | Q(owner_id__in=own)
    if networks:
        seen |= Q(visibility=PostVisibility.NETWORKS) & Q(_owner_in(networks))
        seen |= Q(visibility=PostVisibility.SELECTED) & Q(_selected_in(networks))
    shown = Q(owner__status=Status.PUBLISHED) & current() & seen
    if include_own_inactive and own:
        shown |= Q(owner_id__in=own)
    return posts.filter(shown)


def _reaches(user: Any, post: Post) -> bool:
    if post.visibility == PostVisibility.PUBLIC:
        return True
    networks = viewer_networks(user)
    if not networks:
        return False
    owner_nets = set(
        Membership.objects.filter(
            member_id=post.owner_id, network_id__in=networks, status=MembershipStatus.ACTIVE
        ).values_list("network_id", flat=True)
    )
    if post.visibility == PostVisibility.NETWORKS:
        return bool(owner_nets)
    return bool(owner_nets & set(post.networks.values_list("pk", flat=True)))


def can_view_post(user: Any, post: Post) -> bool:
    if is_staff(user) or post.owner_id in own_ids(user):
        return True
    if post.is_hidden or post.is_expired or post.valid_from > timezone.localdate():
        return False
    if post.owner.status != Status.PUBLISHED:
        return False
    return _reaches(user, post)


def can_edit_post(user: Any, post: Post) -> bool:
    return can_act_for(user, post.owner)


def can_see_matches(user: Any, post: Post) -> bool:
    """The organisation that posted a need sees the offers that fit it."""
    return post.direction == Direction.NEED and can_edit_post(user, post)


def askable(user: Any, post: Post) -> list[int]:
    """The organisations ``user`` may ask about ``post`` for (never its owner)."""
    if not _person(user) or post.is_hidden or post.is_expired:
        return []
    if not can_view_post(user, post):
        return []
    return sorted(pk for pk in acting_ids(user) if pk != post.owner_id)


def can_request(user: Any, post: Post, organization: Organization) -> bool:
    """Ask another organisation about its post, for one's own published organisation."""
    if organization.status != Status.PUBLISHED:
        return False
    if is_trusted_system(user):  # the demo loader
        return organization.pk != post.owner_id and not (post.is_hidden or post.is_expired)
    return organization.pk in askable(user, post)


def can_request_booking(user: Any, post: Post, organization: Organization) -> bool:
    return post.kind == PostKind.ROOM and post.is_offer and can_request(user, post, organization)


# --- Threads ----------------------------------------------------------------------------------


def side_of(user: Any, thread: Thread) -> int | None:
    """The organisation of ``thread`` that ``user`` acts for (the asking one first)."""
    acting = acting_ids(user)
    if thread.asker_id in acting:
        return thread.asker_id
    if thread.owner_id in acting:
        return thread.owner_id
    return None


def is_reported(thread: Thread) -> bool:
    return AbuseReport.objects.filter(
        Q(post_id=thread.post_id) | Q(message__thread=thread), resolved_at__isnull=True
    ).exists()


def can_view_thread(user: Any, thread: Thread) -> bool:
    """The two organisations' administrators and editors; staff only what was reported."""
    if side_of(user, thread) is not None:
        return True
    return is_staff(user) and is_reported(thread)


def can_write(user: Any, thread: Thread) -> bool:
    return thread.hidden_at is None and side_of(user, thread) is not None


def can_set_state(user: Any, thread: Thread, state: str) -> bool:
    """The asked organisation agrees or declines an open request; either side marks an
    agreed one done; the asking side withdraws (declines) its own open request."""
    side = side_of(user, thread)
    if side is None or thread.hidden_at is not None:
        return False
    if state in {ThreadState.AGREED, ThreadState.DECLINED} and thread.state == ThreadState.OPEN:
        return side == thread.owner_id or (
            state == ThreadState.DECLINED and thread.asker_id in acting_ids(user)
        )
    if state == ThreadState.DONE:
        return thread.state == ThreadState.AGREED
    return False


def can_report(user: Any) -> bool:
    return _person(user)


def can_moderate(user: Any) -> bool:
    return is_staff(user)


# --- Bookings ---------------------------------------------------------------------------------


def can_decide_booking(user: Any, booking: Booking) -> bool:
    return booking.state == BookingState.REQUESTED and can_act_for(user, booking.post.owner)


def can_cancel_booking(user: Any, booking: Booking) -> bool:
    if booking.state not in {BookingState.REQUESTED, BookingState.ACCEPTED}:
        return False
    return can_act_for(user, booking.post.owner) or can_act_for(user, booking.requester)


def can_view_bookings(user: Any, organization: Organization) -> bool:
    """The calendar of an organisation's bookings: its people (in any role)."""
    return is_trusted_system(user) or organization.pk in own_ids(user)


# --- Joint projects ---------------------------------------------------------------------------


def _partner_ids(project: Project, *, accepted: bool) -> set[int]:
    rows = Partner.objects.filter(project=project)
    if accepted:
        rows = rows.filter(accepted_at__isnull=False)
    return set(rows.values_list("organization_id", flat=True))


def can_create_project(user: Any, organization: Organization) -> bool:
    return can_post(user, organization)


def can_view_project(user: Any, project: Project) -> bool:
    """The people of the lead and of every partner, also one still invited."""
    if is_trusted_system(user):
        return True
    own = own_ids(user)
    return project.lead_id in own or bool(_partner_ids(project, accepted=False) & own)


def can_edit_project(user: Any, project: Project) -> bool:
    return can_act_for(user, project.lead)


def can_accept_partnership(user: Any, partner: Partner) -> bool:
    return partner.accepted_at is None and can_act_for(user, partner.organization)


def can_add_contribution(user: Any, partner: Partner) -> bool:
    """A partner records its own contributions in kind; the lead records any."""
    return partner.accepted_at is not None and (
        can_act_for(user, partner.organization) or can_edit_project(user, partner.project)
    )


# --- The exchange space of a network ------------------------------------------------------------


def can_view_space(user: Any, network: Organization) -> bool:
    """The members area of a published network: its active members' people, its committee
    members, and the people who run it."""
    return network.status == Status.PUBLISHED and network_policy.can_view_members_area(
        user, network
    )


def can_write_in_space(user: Any, network: Organization) -> bool:
    return _person(user) and can_view_space(user, network)


def can_moderate_space(user: Any, network: Organization) -> bool:
    """The network's coordinators and office (and its own editors), and platform staff."""
    return network_policy.runs_network(user, network) or network.pk in acting_ids(user)


def can_reply(user: Any, discussion: Discussion) -> bool:
    return discussion.hidden_at is None and can_write_in_space(user, discussion.network)
