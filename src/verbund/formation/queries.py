"""Reads of networks in formation: candidate partners from the directory, phase progress."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from verbund.core.gazetteer import kilometres
from verbund.formation.models import Formation
from verbund.formation.taxonomy import Phase
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Status


@dataclass
class Suggestion:
    organization: Organization
    distance_km: float | None


def candidate_partners(
    formation: Formation,
    *,
    themes: Sequence[str] = (),
    languages: Sequence[str] = (),
    max_km: float | None = None,
    limit: int = 50,
) -> list[Suggestion]:
    """Published organisations with any of the themes and languages, nearest first, within
    ``max_km`` of the initiator (those without a position only when no distance is asked)."""
    queryset: QuerySet[Organization] = (
        Organization.objects.filter(status=Status.PUBLISHED)
        .exclude(pk=formation.initiator_id)
        .exclude(pk__in=formation.candidates.values("organization"))
    )
    if themes:
        queryset = queryset.filter(theme_links__theme__in=themes)
    if languages:
        queryset = queryset.filter(language_links__code__in=languages)
    origin = formation.initiator
    origin_point = (
        (float(origin.latitude), float(origin.longitude))
        if origin.latitude is not None and origin.longitude is not None
        else None
    )
    if max_km is not None and origin_point is not None:
        # A bounding box in the database first; the exact distance in Python.
        lat, lon = origin_point
        d_lat = max_km / 111.0
        d_lon = max_km / (111.0 * max(math.cos(math.radians(lat)), 0.01))
        queryset = queryset.filter(
            latitude__range=(lat - d_lat, lat + d_lat), longitude__range=(lon - d_lon, lon + d_lon)
        )
    suggestions = []
    for organization in queryset.distinct().order_by("name")[:2000]:
        distance = None
        if (
            origin_point is not None
            and organization.latitude is not None
            and organization.longitude is not None
        ):
            distance = kilometres(
                *origin_point, float(organization.latitude), float(organization.longitude)
            )
        if max_km is not None and (distance is None or distance > max_km):
            continue
        suggestions.append(Suggestion(organization, distance))
    suggestions.sort(key=lambda s: (s.distance_km is None, s.distance_km or 0.0))
    return suggestions[:limit]


@dataclass
class PhaseProgress:
    phase: str
    label: str
    hint: str
    items: list[Any]

    @property
    def done(self) -> bool:
        return all(item.done for item in self.items)


def phases(formation: Formation) -> list[PhaseProgress]:
    from verbund.formation.taxonomy import PHASE_HINTS

    items = list(formation.checklist.select_related("done_by"))
    return [
        PhaseProgress(
            phase, str(label), str(PHASE_HINTS[phase]), [i for i in items if i.phase == phase]
        )
        for phase, label in Phase.choices
    ]


def current_phase(formation: Formation) -> str:
    for progress in phases(formation):
        if not progress.done:
            return progress.phase
    return Phase.FORMALISATION


def formations_of(person: Any) -> QuerySet[Formation]:
    from django.db.models import Q

    from verbund.formation.taxonomy import CandidateStatus

    return (
        Formation.objects.filter(
            Q(
                initiator__affiliations__person=person,
                initiator__affiliations__role__in=["admin", "editor"],
            )
            | Q(
                candidates__status=CandidateStatus.AGREED,
                candidates__organization__affiliations__person=person,
                candidates__organization__affiliations__role="admin",
            )
        )
        .select_related("initiator")
        .distinct()
    )


def formations() -> QuerySet[Formation]:
    return Formation.objects.select_related("initiator")


def candidates_of(formation: Formation) -> list[Any]:
    return list(formation.candidates.select_related("organization"))


def contacts_of(formation: Formation) -> list[Any]:
    return list(formation.contacts.select_related("candidate__organization"))
