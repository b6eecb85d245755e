"""Who may see and do what with meetings, minutes and action items. Every view, feed and
service of this app asks here.

- The people who run a network (staff, coordinators, office staff; see ``networks.policy``)
  schedule its meetings, invite, write and approve minutes and hand out action items.
- Everyone in the network's members area sees its meetings; a meeting of a body that is not
  public is seen by those who may see the body. Invited people always see their meeting.
- An action item is updated by the person it is assigned to, by the administrators of the
  organisation it is assigned to, and by the people who run the network.

Nothing here reaches a network a person holds no role in.
"""

from __future__ import annotations

from typing import Any

from verbund.meetings.models import ActionItem, Meeting, Minutes
from verbund.meetings.taxonomy import MinutesStatus
from verbund.networks import policy as network_policy
from verbund.organizations import policy as organization_policy
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Role


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_schedule(user: Any, network: Organization) -> bool:
    return network_policy.runs_network(user, network)


def can_view_meetings(user: Any, network: Organization) -> bool:
    return _authenticated(user) and network_policy.can_view_members_area(user, network)


def is_invited(user: Any, meeting: Meeting) -> bool:
    if not _authenticated(user):
        return False
    return meeting.invitations.filter(person=user).exists()


def can_view_meeting(user: Any, meeting: Meeting) -> bool:
    if not _authenticated(user):
        return False
    if can_schedule(user, meeting.organization) or is_invited(user, meeting):
        return True
    if meeting.body_id is not None and meeting.body is not None:
        return can_view_meetings(user, meeting.organization) and network_policy.can_view_body(
            user, meeting.body
        )
    return can_view_meetings(user, meeting.organization)


def can_manage_meeting(user: Any, meeting: Meeting) -> bool:
    return can_schedule(user, meeting.organization)


def can_view_minutes(user: Any, minutes: Minutes) -> bool:
    """Drafts stay with the people who write them; approved minutes go to everyone invited."""
    if can_manage_meeting(user, minutes.meeting):
        return True
    return minutes.status != MinutesStatus.DRAFT and can_view_meeting(user, minutes.meeting)


def can_write_minutes(user: Any, minutes: Minutes) -> bool:
    return minutes.status == MinutesStatus.DRAFT and can_manage_meeting(user, minutes.meeting)


def can_approve_minutes(user: Any, minutes: Minutes) -> bool:
    return can_manage_meeting(user, minutes.meeting)


def can_manage_action_items(user: Any, network: Organization) -> bool:
    return can_schedule(user, network)


def can_view_action_item(user: Any, item: ActionItem) -> bool:
    return can_update_action_item(user, item) or can_view_meetings(user, item.organization)


def can_update_action_item(user: Any, item: ActionItem) -> bool:
    if not _authenticated(user):
        return False
    if item.assignee_id == user.pk or can_manage_action_items(user, item.organization):
        return True
    return (
        item.assignee_organization is not None
        and organization_policy.role_in(user, item.assignee_organization) == Role.ADMIN
    )
