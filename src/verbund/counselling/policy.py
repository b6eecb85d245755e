"""Who may see and do what in counselling. Every view, service, export and template asks here.

A case is seen by the counsellors assigned to it (its lead counsellor and co-counsellors) and
by the lead of its centre — nobody else: not other centres, not the organisation's other
people, not network coordinators, not platform staff or superusers. A role in a centre counts
only when someone else gave it: the centre's lead or an administrator of the organisation
that runs the centre (or the console when a centre is set up); a role someone gave
themselves grants nothing.

Network statistics are counts only; they are seen by the people who run a published network
and count only centres of its active member organisations (``queries.network_centres``).
"""

from __future__ import annotations

from typing import Any

from verbund.core.actors import is_trusted_system
from verbund.counselling.models import Case, Centre, Report, TeamMember
from verbund.counselling.taxonomy import CaseStatus, ConsentKind, TeamRole
from verbund.networks import policy as network_policy
from verbund.organizations import policy as organization_policy
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Role, Status


def _person(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _roles(user: Any) -> dict[int, str]:
    """The centres where ``user`` holds a role someone else gave, by centre id (cached)."""
    if not _person(user):
        return {}
    if "_verbund_counselling_roles" not in user.__dict__:
        rows = TeamMember.objects.filter(person=user).values_list(
            "centre_id", "role", "granted_by_id", "granted_by_system"
        )
        user.__dict__["_verbund_counselling_roles"] = {
            centre_id: role
            for centre_id, role, granted_by, system in rows
            if (granted_by is not None and granted_by != user.pk) or system
        }
    roles: dict[int, str] = user.__dict__["_verbund_counselling_roles"]
    return roles


def forget_cached_roles(user: Any) -> None:
    user.__dict__.pop("_verbund_counselling_roles", None)


def team_role(user: Any, centre: Centre | int) -> str | None:
    centre_id = centre if isinstance(centre, int) else centre.pk
    return _roles(user).get(centre_id)


def is_team_member(user: Any, centre: Centre) -> bool:
    return team_role(user, centre) is not None


def is_lead(user: Any, centre: Centre) -> bool:
    return team_role(user, centre) == TeamRole.LEAD


def works_in_counselling(user: Any) -> bool:
    """Holds a role in any centre: their pages need two-factor login and time out."""
    return bool(_roles(user))


def centres_of(user: Any) -> list[int]:
    return sorted(_roles(user))


def administers(user: Any, organization: Organization) -> bool:
    return _person(user) and organization_policy.role_in(user, organization) == Role.ADMIN


# --- Centres and teams ------------------------------------------------------------------------


def can_create_centre(actor: Any, organization: Organization) -> bool:
    return is_trusted_system(actor) or administers(actor, organization)


def can_manage_team(actor: Any, centre: Centre) -> bool:
    """The centre lead, an administrator of the organisation, or the console."""
    return (
        is_trusted_system(actor)
        or is_lead(actor, centre)
        or administers(actor, centre.organization)
    )


def can_grant(actor: Any, centre: Centre, person: Any) -> bool:
    """Nobody gives a role to themselves."""
    if getattr(person, "pk", None) is not None and getattr(actor, "pk", None) == person.pk:
        return False
    return can_manage_team(actor, centre)


def can_edit_centre(actor: Any, centre: Centre) -> bool:
    return can_manage_team(actor, centre)


def can_view_team(user: Any, centre: Centre) -> bool:
    return is_team_member(user, centre) or can_manage_team(user, centre)


# --- Cases ------------------------------------------------------------------------------------


def _assigned(user: Any, case: Case) -> bool:
    if case.lead_counsellor_id == user.pk:
        return True
    cache: dict[int, bool] = user.__dict__.setdefault("_verbund_co_counsellor", {})
    if case.pk not in cache:
        cache[case.pk] = case.co_counsellors.filter(person=user).exists()
    return cache[case.pk]


def case_role(user: Any, case: Case) -> str | None:
    """How ``user`` sees ``case``: ``lead`` (centre lead), ``counsellor`` (assigned), or None."""
    role = team_role(user, case.centre_id)
    if role is None:
        return None
    if role == TeamRole.LEAD:
        return TeamRole.LEAD
    if _assigned(user, case):
        return TeamRole.COUNSELLOR
    return None


def can_view_case(user: Any, case: Case) -> bool:
    return case_role(user, case) is not None


def can_edit_case(user: Any, case: Case) -> bool:
    """The case's readers while it is open; the console (demo loader) may write, not read."""
    if case.status != CaseStatus.OPEN:
        return False
    return is_trusted_system(user) or can_view_case(user, case)


def can_open_case(user: Any, centre: Centre) -> bool:
    if is_trusted_system(user):
        return True
    return team_role(user, centre) in {TeamRole.LEAD, TeamRole.COUNSELLOR}


def can_assign(user: Any, case: Case) -> bool:
    """The centre lead and the case's lead counsellor choose who works on it."""
    if is_trusted_system(user):
        return True
    if case.status != CaseStatus.OPEN:
        return False
    return is_lead(user, case.centre) or (
        can_view_case(user, case) and case.lead_counsellor_id == user.pk
    )


def can_be_assigned(person: Any, centre: Centre) -> bool:
    return team_role(person, centre) in {TeamRole.LEAD, TeamRole.COUNSELLOR, TeamRole.SUPERVISOR}


def can_view_access_log(user: Any, case: Case) -> bool:
    return is_lead(user, case.centre)


def can_export_case(user: Any, case: Case) -> bool:
    """The client's data for an access request (Art. 15 GDPR)."""
    return can_view_case(user, case)


def can_refer(user: Any, case: Case, consents: set[str]) -> bool:
    return can_edit_case(user, case) and ConsentKind.REFERRAL in consents


def can_close(user: Any, case: Case) -> bool:
    return can_edit_case(user, case)


def can_reopen(user: Any, case: Case) -> bool:
    return case.status == CaseStatus.CLOSED and is_lead(user, case.centre)


def can_record_contact_details(consents: set[str]) -> bool:
    return ConsentKind.CONTACT in consents


def can_run_retention(actor: Any) -> bool:
    return is_trusted_system(actor)


def can_rotate_keys(actor: Any) -> bool:
    return is_trusted_system(actor)


# --- Reports ----------------------------------------------------------------------------------


def can_triage(user: Any, centre: Centre) -> bool:
    return team_role(user, centre) in {TeamRole.LEAD, TeamRole.COUNSELLOR}


def can_view_report(user: Any, report: Report) -> bool:
    return can_triage(user, report.centre)


def can_receive_reports(centre: Centre) -> bool:
    return centre.accepts_reports


# --- Statistics -------------------------------------------------------------------------------


def can_view_centre_statistics(user: Any, centre: Centre) -> bool:
    return is_team_member(user, centre)


def can_view_network_statistics(user: Any, network: Organization) -> bool:
    """Counts only, of a published network, for the people who run it."""
    return network.status == Status.PUBLISHED and network_policy.runs_network(user, network)
