"""Who may see and do what with documents. Every view and service of this app asks here.

- Published documents are public, with the organisation's profile.
- Drafts are seen and edited by the people who run the organisation (staff, its editors and
  administrators, a network's coordinators and office staff) and by the current seat
  holders of the owning body.
- In consultation and adopted documents are seen by the organisation's members area
  (``networks.policy``), who may comment during consultation.
"""

from __future__ import annotations

from typing import Any

from verbund.documents.models import Document
from verbund.documents.taxonomy import COMMENTABLE, DocumentStatus
from verbund.networks import policy as network_policy
from verbund.networks.models import Body, Seat
from verbund.organizations import policy as organization_policy
from verbund.organizations.models import Organization


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def runs(user: Any, organization: Organization) -> bool:
    return organization_policy.can_edit(user, organization) or network_policy.runs_network(
        user, organization
    )


def sits_in(user: Any, body: Body | None) -> bool:
    if body is None or not _authenticated(user):
        return False
    return Seat.objects.current().filter(body=body, person=user).exists()


def sees_every_document(user: Any) -> bool:
    """Platform staff find every document, drafts included (the search and the lists)."""
    return organization_policy.is_staff(user)


def can_create(user: Any, organization: Organization, body: Body | None = None) -> bool:
    return runs(user, organization) or sits_in(user, body)


def can_list(user: Any, organization: Organization) -> bool:
    return _authenticated(user) and network_policy.can_view_members_area(user, organization)


def can_view(user: Any, document: Document) -> bool:
    if document.status == DocumentStatus.PUBLISHED:
        return organization_policy.can_view(user, document.organization)
    if not _authenticated(user):
        return False
    if can_edit(user, document):
        return True
    return document.status != DocumentStatus.DRAFT and can_list(user, document.organization)


def can_edit(user: Any, document: Document) -> bool:
    """Add versions and move the status on (draft, consultation, adopted)."""
    return runs(user, document.organization) or sits_in(user, document.body)


def can_comment(user: Any, document: Document) -> bool:
    return document.status in COMMENTABLE and _authenticated(user) and can_view(user, document)


def can_resolve_comments(user: Any, document: Document) -> bool:
    return can_edit(user, document)


def can_publish(user: Any, document: Document) -> bool:
    """Publishing speaks for the organisation: only those who run it, not the committee."""
    return runs(user, document.organization)


def can_start_documents(user: Any, organization: Organization) -> bool:
    """Whether to offer "new document": those who run it, or hold a seat in one of its bodies."""
    if runs(user, organization):
        return True
    return _authenticated(user) and (
        Seat.objects.current().filter(body__organization=organization, person=user).exists()
    )
