"""Who may see and run a network in formation.

The people who run the initiating organisation (its administrators and editors, and staff)
run the formation; the administrators of partners who agreed to join see it. Nobody else.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from verbund.formation.models import Formation
from verbund.formation.taxonomy import CandidateStatus, FormationStatus
from verbund.organizations import policy as organization_policy
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Role


def can_start(user: Any, initiator: Organization) -> bool:
    return organization_policy.can_edit(user, initiator)


def initiators(user: Any) -> QuerySet[Organization]:
    """The organisations ``user`` may start a network in formation for (:func:`can_start`):
    those they administer or edit."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    return Organization.objects.filter(
        affiliations__person=user, affiliations__role__in=[Role.ADMIN, Role.EDITOR]
    ).distinct()


def can_start_any(user: Any) -> bool:
    return initiators(user).exists()


def can_manage(user: Any, formation: Formation) -> bool:
    return formation.status == FormationStatus.FORMING and organization_policy.can_edit(
        user, formation.initiator
    )


def can_view(user: Any, formation: Formation) -> bool:
    if organization_policy.can_edit(user, formation.initiator):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return formation.candidates.filter(
        status=CandidateStatus.AGREED,
        organization__affiliations__person=user,
        organization__affiliations__role=Role.ADMIN,
    ).exists()
