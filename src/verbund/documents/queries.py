"""Reads of documents that are more than a filter: what a viewer may find, and search."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from verbund.core.text import fold_query_term, words
from verbund.documents import policy
from verbund.documents.models import Comment, Document, DocumentVersion
from verbund.documents.taxonomy import DocumentStatus
from verbund.networks.models import Membership, NetworkRole, Seat
from verbund.networks.taxonomy import MembershipStatus
from verbund.organizations.models import Affiliation, Organization
from verbund.organizations.taxonomy import Role, Status


def published_of(organization: Organization) -> QuerySet[Document]:
    return (
        Document.objects.filter(organization=organization, status=DocumentStatus.PUBLISHED)
        .select_related("published_version")
        .order_by("-published_at")
    )


def _internal_organizations(person: Any) -> tuple[Q, Q]:
    """(organisations whose members area the person sees, organisations the person runs)."""
    own = Affiliation.objects.filter(person=person).values("organization")
    runs = Affiliation.objects.filter(person=person, role__in=[Role.ADMIN, Role.EDITOR]).values(
        "organization"
    )
    networks_of_own = Membership.objects.filter(
        member__in=own, status=MembershipStatus.ACTIVE
    ).values("network")
    staffed = NetworkRole.objects.filter(person=person).values("network")
    seated = Seat.objects.current().filter(person=person).values("body__organization")
    members_area = (
        Q(organization__in=own)
        | Q(organization__in=networks_of_own)
        | Q(organization__in=staffed)
        | Q(organization__in=seated)
    )
    running = Q(organization__in=runs) | Q(organization__in=staffed)
    return members_area, running


def visible_to(person: Any) -> QuerySet[Document]:
    public = Q(status=DocumentStatus.PUBLISHED, organization__status=Status.PUBLISHED)
    documents = Document.objects.select_related("organization", "body")
    if not getattr(person, "is_authenticated", False):
        return documents.filter(public)
    if policy.sees_every_document(person):
        return documents
    members_area, running = _internal_organizations(person)
    own_body_drafts = Q(body__in=Seat.objects.current().filter(person=person).values("body"))
    return documents.filter(
        public | (members_area & ~Q(status=DocumentStatus.DRAFT)) | running | own_body_drafts
    )


def search(person: Any, text: str) -> QuerySet[Document]:
    """Full-text search over titles, summaries and the latest text of visible documents."""
    documents = visible_to(person)
    terms = [fold_query_term(w) for w in words(text)][:8]
    if not terms:
        return documents.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("search_text", config="simple")
        query = SearchQuery(" & ".join(f"{t}:*" for t in terms), config="simple", search_type="raw")
        return (
            documents.annotate(rank=SearchRank(vector, query))
            .filter(rank__gt=0)
            .order_by("-rank", "-updated_at")
        )
    for term in terms:
        documents = documents.filter(search_text__contains=term)
    return documents


def of_organization(person: Any, organization: Organization) -> QuerySet[Document]:
    return visible_to(person).filter(organization=organization)


def comments_by_paragraph(version: DocumentVersion) -> dict[int, list[Comment]]:
    grouped: dict[int, list[Comment]] = {}
    for remark in version.comments.select_related("author"):
        grouped.setdefault(remark.paragraph, []).append(remark)
    return grouped


def documents() -> QuerySet[Document]:
    """Documents with what their pages show, for the pages that load one by its id."""
    return Document.objects.select_related("organization", "body", "published_version")
