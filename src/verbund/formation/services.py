"""Every write to networks in formation. Each function checks permission through ``policy``,
changes data in one transaction and writes the audit log. Founding the network goes through
the registry's and the networks' own services."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core import audit
from verbund.core.permissions import require
from verbund.documents import services as documents
from verbund.formation import policy
from verbund.formation.models import Candidate, ChecklistItem, ContactLogEntry, Formation
from verbund.formation.taxonomy import (
    CHECKLISTS,
    CandidateStatus,
    FormationStatus,
    Phase,
)
from verbund.networks import services as networks
from verbund.organizations import services as organizations
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Kind


@transaction.atomic
def start_formation(actor: Any, initiator: Organization, *, name: str, goal: str) -> Formation:
    require(policy.can_start(actor, initiator))
    if not name.strip() or not goal.strip():
        raise ValidationError(_("Give the network a working name and a goal."))
    formation = Formation.objects.create(
        name=name.strip(), goal=goal.strip(), initiator=initiator, created_by=actor
    )
    position = 0
    steps = []
    for phase, _label in Phase.choices:
        for title in CHECKLISTS[phase]:
            position += 1
            steps.append(
                ChecklistItem(formation=formation, phase=phase, position=position, title=title)
            )
    ChecklistItem.objects.bulk_create(steps)
    audit.record(
        actor=actor,
        action="formation.started",
        target=formation,
        scope=initiator,
        summary=formation.name,
    )
    return formation


@transaction.atomic
def set_step(actor: Any, step: ChecklistItem, done: bool) -> ChecklistItem:
    require(policy.can_manage(actor, step.formation))
    step.done_at = timezone.now() if done else None
    step.done_by = actor if done else None
    step.save(update_fields=["done_at", "done_by"])
    audit.record(
        actor=actor,
        action="formation.step",
        target=step.formation,
        scope=step.formation.initiator,
        changes={step.title: [not done, done]},
    )
    return step


@transaction.atomic
def add_candidate(actor: Any, formation: Formation, organization: Organization) -> Candidate:
    require(policy.can_manage(actor, formation))
    if organization.pk == formation.initiator_id:
        raise ValidationError(_("The initiating organisation is part of the network already."))
    candidate, created = Candidate.objects.get_or_create(
        formation=formation, organization=organization
    )
    if created:
        audit.record(
            actor=actor,
            action="formation.candidate_added",
            target=formation,
            scope=formation.initiator,
            summary=organization.name,
        )
    return candidate


@transaction.atomic
def set_candidate_status(actor: Any, candidate: Candidate, status: str, note: str = "") -> None:
    require(policy.can_manage(actor, candidate.formation))
    if status not in CandidateStatus.values:
        raise ValidationError(_("Choose a valid status."))
    before = candidate.status
    candidate.status = status
    candidate.note = note.strip()[:300] or candidate.note
    candidate.save(update_fields=["status", "note"])
    audit.record(
        actor=actor,
        action="formation.candidate_status",
        target=candidate.formation,
        scope=candidate.formation.initiator,
        summary=str(candidate.organization),
        changes={"status": [before, status]},
    )


@transaction.atomic
def log_contact(actor: Any, formation: Formation, data: Mapping[str, Any]) -> ContactLogEntry:
    require(policy.can_manage(actor, formation))
    candidate = data.get("candidate")
    if candidate is not None and candidate.formation_id != formation.pk:
        raise ValidationError({"candidate": [_("Choose one of this network's partners.")]})
    if not str(data.get("note", "")).strip():
        raise ValidationError({"note": [_("Note what was said.")]})
    entry = ContactLogEntry.objects.create(
        formation=formation,
        candidate=candidate,
        happened_on=data.get("happened_on") or timezone.localdate(),
        channel=data["channel"],
        note=str(data["note"]).strip(),
        created_by=actor,
    )
    if candidate is not None and candidate.status == CandidateStatus.CANDIDATE:
        candidate.status = CandidateStatus.CONTACTED
        candidate.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="formation.contact_logged",
        target=formation,
        scope=formation.initiator,
        summary=entry.note[:120],
    )
    return entry


def _agreement_text(formation: Formation) -> str:
    partners = ", ".join(
        [formation.initiator.name]
        + [
            c.organization.name
            for c in formation.candidates.filter(
                status__in=[CandidateStatus.INTERESTED, CandidateStatus.AGREED]
            )
        ]
    )
    return "\n\n".join(
        [
            _("Cooperation agreement: %(name)s") % {"name": formation.name},
            _("Partners: %(partners)s") % {"partners": partners},
            _("Goal: %(goal)s") % {"goal": formation.goal},
            _("Roles and coordination: …"),
            _("Meetings: …"),
            _("Duration and leaving: …"),
        ]
    )


@transaction.atomic
def start_agreement(actor: Any, formation: Formation) -> Any:
    """The cooperation agreement is a document of the initiator, with versions and comments."""
    require(policy.can_manage(actor, formation))
    if formation.agreement_id:
        return formation.agreement
    document = documents.create_document(
        actor,
        formation.initiator,
        {
            "kind": "other",
            "title": _("Cooperation agreement: %(name)s") % {"name": formation.name},
            "summary": formation.goal[:2000],
        },
        text=_agreement_text(formation),
    )
    formation.agreement = document
    formation.save(update_fields=["agreement"])
    audit.record(
        actor=actor,
        action="formation.agreement_started",
        target=formation,
        scope=formation.initiator,
        summary=document.title,
    )
    return document


@transaction.atomic
def formalise(
    actor: Any,
    formation: Formation,
    *,
    city: str,
    federal_state: str,
    founded_on: datetime.date | None = None,
) -> Organization:
    """Found the network: a new organisation (a draft until it is published) that invites
    the initiator and every partner that agreed; the founder coordinates it."""
    require(policy.can_manage(actor, formation))
    partners = [
        c.organization
        for c in formation.candidates.filter(status=CandidateStatus.AGREED).select_related(
            "organization"
        )
    ]
    errors = []
    if formation.agreement_id is None:
        errors.append(_("Write the cooperation agreement first."))
    if not partners:
        errors.append(_("At least one partner must have agreed to join."))
    if errors:
        raise ValidationError(errors)
    network = organizations.create_organization(
        actor,
        {
            "name": formation.name,
            "kind": Kind.LOCAL_NETWORK,
            "city": city,
            "federal_state": federal_state,
            "description": {"de": formation.goal},
        },
        admin=actor,
    )
    # Partners who agreed in the talks are invited: each becomes a member when one of its
    # administrators accepts on the platform (the initiator at once, if the founder
    # administers it).
    for member in [formation.initiator, *partners]:
        networks.invite_member(
            actor,
            network,
            member,
            message=_("%(network)s has been founded. Please confirm that you are a member.")
            % {"network": network.name},
        )
    formation.status = FormationStatus.FORMALISED
    formation.network = network
    formation.save(update_fields=["status", "network"])
    audit.record(
        actor=actor,
        action="formation.formalised",
        target=formation,
        scope=formation.initiator,
        summary=network.name,
        changes={"members": [None, len(partners) + 1]},
    )
    return network
