"""Every write of counselling. Each function takes the actor first, asks ``policy``, changes
the data in one transaction, writes the audit log (codes and numbers only, never content)
and, where a case is read, changed or exported, one row of the access log.

Reading a case is a service too (:func:`read_case`): it decides, opens the sealed values and
writes the access-log row in one place, so no read can forget the log.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core import audit, gazetteer
from verbund.core.actors import actor_for_audit, is_system
from verbund.core.permissions import require
from verbund.counselling import crypto, policy, queries, storage
from verbund.counselling.models import (
    AccessLogEntry,
    Attachment,
    Case,
    CaseCounsellor,
    CaseGround,
    Centre,
    Client,
    Consent,
    DeletionRecord,
    Entry,
    Report,
    ReportMessage,
    TeamMember,
)
from verbund.counselling.taxonomy import (
    OPEN_REPORT_STATUSES,
    AccessAction,
    CaseStatus,
    ConsentKind,
    Ground,
    Outcome,
    ReportStatus,
    TeamRole,
)
from verbund.counselling.uploads import check_file
from verbund.organizations.models import Organization

CENTRE_FIELDS = ("name", "postal_code", "city", "languages", "accepts_reports", "retention_days")
CASE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECEIPT_DIGITS = 20


def today() -> datetime.date:
    return timezone.localdate()


# --- The access log ---------------------------------------------------------------------------


def log_access(
    actor: Any,
    centre: Centre | int,
    action: str,
    *,
    case: Case | None = None,
    report: Report | None = None,
    role: str = "",
    detail: str = "",
) -> AccessLogEntry:
    person, system = actor_for_audit(actor)
    centre_id = centre if isinstance(centre, int) else centre.pk
    return AccessLogEntry.objects.create(
        person=person,
        system_actor=system,
        role=role or (policy.team_role(actor, centre_id) or ""),
        centre_id=centre_id,
        case_id=case.pk if case is not None else None,
        report_id=report.pk if report is not None else None,
        action=action,
        detail=detail[:120],
    )


def _changed(actor: Any, case: Case, detail: str) -> None:
    log_access(
        actor,
        case.centre_id,
        AccessAction.CHANGE,
        case=case,
        role=policy.case_role(actor, case) or "",
        detail=detail,
    )
    transaction.on_commit(queries.statistics_changed)
    audit.record(
        actor=actor,
        action=f"counselling.{detail}",
        target=case,
        scope=case.centre,
        summary=f"case {case.pk}",
    )


# --- Centres and their teams ------------------------------------------------------------------


def _locate(centre: Centre) -> None:
    from verbund.maps.geocoding import locate_offline

    point = locate_offline(postal_code=centre.postal_code, city=centre.city)
    centre.latitude = point.latitude if point else None
    centre.longitude = point.longitude if point else None


def _apply_centre(centre: Centre, data: Mapping[str, Any]) -> None:
    for name in CENTRE_FIELDS:
        if name in data:
            setattr(centre, name, data[name])
    if not centre.name.strip():
        raise ValidationError(_("Give the centre a name."))
    centre.full_clean(exclude=["organization"])


@transaction.atomic
def create_centre(actor: Any, organization: Organization, data: Mapping[str, Any]) -> Centre:
    require(policy.can_create_centre(actor, organization))
    centre = Centre(organization=organization)
    data = {"postal_code": organization.postal_code, "city": organization.city, **data}
    _apply_centre(centre, data)
    _locate(centre)
    with audit.recording(
        actor, centre, CENTRE_FIELDS, action="counselling_centre", scope=organization
    ):
        centre.save()
    return centre


@transaction.atomic
def update_centre(actor: Any, centre: Centre, data: Mapping[str, Any]) -> Centre:
    require(policy.can_edit_centre(actor, centre))
    with audit.recording(
        actor, centre, CENTRE_FIELDS, action="counselling_centre", scope=centre.organization
    ):
        _apply_centre(centre, data)
        _locate(centre)
        centre.save()
    return centre


@transaction.atomic
def grant_role(actor: Any, centre: Centre, person: Any, role: str) -> TeamMember:
    """Give ``person`` a role in the centre; nobody gives a role to themselves."""
    require(policy.can_grant(actor, centre, person))
    if role not in TeamRole.values:
        raise ValidationError(_("Choose one of the offered roles."))
    granter, system = actor_for_audit(actor)
    member = TeamMember.objects.filter(centre=centre, person=person).first()
    before = member.role if member else None
    if member is None:
        member = TeamMember(centre=centre, person=person)
    member.role = role
    member.granted_by = granter
    member.granted_by_system = system if is_system(actor) else ""
    member.save()
    audit.record(
        actor=actor,
        action="counselling.team_role",
        target=member,
        scope=centre,
        changes={str(person): [before, role]},
    )
    policy.forget_cached_roles(person)
    return member


@transaction.atomic
def revoke_role(actor: Any, member: TeamMember) -> None:
    require(policy.can_manage_team(actor, member.centre))
    audit.record(
        actor=actor,
        action="counselling.team_role",
        target=member,
        scope=member.centre,
        changes={str(member.person): [member.role, None]},
    )
    member.delete()
    policy.forget_cached_roles(member.person)


# --- Opening and reading a case ---------------------------------------------------------------


def new_case_code() -> str:
    body = "".join(secrets.choice(CASE_CODE_ALPHABET) for _ in range(8))
    return f"{body[:4]}-{body[4:]}"


def _consents(case: Case) -> set[str]:
    return set(case.consents.filter(withdrawn_on__isnull=True).values_list("kind", flat=True))


def _client_details(data: Mapping[str, Any], consents: set[str]) -> dict[str, Any]:
    details: dict[str, Any] = {
        "languages": [str(code) for code in data.get("client_languages") or []],
        "interpreting": bool(data.get("interpreting")),
    }
    name = str(data.get("client_name") or "").strip()
    contact = str(data.get("client_contact") or "").strip()
    if (name or contact) and not policy.can_record_contact_details(consents):
        raise ValidationError(
            _("Name and contact are kept only when the client consented to be contacted.")
        )
    if name:
        details["name"] = name
    if contact:
        details["contact"] = contact
    return details


def _set_incident(case: Case, data: Mapping[str, Any]) -> None:
    for name in ("counselling_language", "domain", "form", "level", "incident_on"):
        if name in data:
            setattr(case, name, data[name] or ("" if name != "incident_on" else None))
    if "place" in data:
        case.place_enc = crypto.seal_text(str(data["place"] or "").strip(), "case.place")


def _set_grounds(case: Case, grounds: Iterable[str]) -> None:
    chosen = {g for g in grounds if g in Ground.values}
    CaseGround.objects.filter(case=case).exclude(ground__in=chosen).delete()
    have = set(CaseGround.objects.filter(case=case).values_list("ground", flat=True))
    CaseGround.objects.bulk_create([CaseGround(case=case, ground=g) for g in sorted(chosen - have)])


def _unique_code() -> tuple[str, str]:
    for _attempt in range(20):
        code = new_case_code()
        indexes = crypto.blind_indexes(code)
        if not Case.objects.filter(code_index__in=indexes).exists():
            return code, crypto.blind_index(code)
    raise RuntimeError("no free case code")  # pragma: no cover - 32^8 codes


@transaction.atomic
def open_case(
    actor: Any,
    centre: Centre,
    data: Mapping[str, Any],
    *,
    lead_counsellor: Any = None,
    consents: Mapping[str, datetime.date] | None = None,
) -> Case:
    """A new case; the client's consent to documentation is the condition for any case."""
    require(policy.can_open_case(actor, centre))
    lead = lead_counsellor if lead_counsellor is not None else (None if is_system(actor) else actor)
    return _create_case(actor, centre, data, lead=lead, consents=consents or {})


def _create_case(
    actor: Any,
    centre: Centre,
    data: Mapping[str, Any],
    *,
    lead: Any,
    consents: Mapping[str, datetime.date],
    referred_from: Centre | None = None,
) -> Case:
    if ConsentKind.DOCUMENTATION not in consents:
        raise ValidationError(
            _("A case can only be documented when the client consented to documentation.")
        )
    if lead is not None and not policy.can_be_assigned(lead, centre):
        raise ValidationError(_("The lead counsellor must belong to the centre's team."))
    code, index = _unique_code()
    case = Case(
        centre=centre,
        code_enc=crypto.seal_text(code, "case.code"),
        code_index=index,
        lead_counsellor=lead,
        opened_on=data.get("opened_on") or today(),
        statistics_consent=ConsentKind.STATISTICS in consents,
        referred_from=referred_from,
    )
    _set_incident(case, data)
    case.full_clean(exclude=["code_enc", "place_enc", "lead_counsellor", "referred_from"])
    case.save()
    _set_grounds(case, data.get("grounds") or [])
    recorder = actor if getattr(actor, "is_authenticated", False) else None
    Consent.objects.bulk_create(
        [
            Consent(case=case, kind=kind, given_on=given_on, recorded_by=recorder)
            for kind, given_on in consents.items()
            if kind in ConsentKind.values
        ]
    )
    Client.objects.create(
        case=case,
        details_enc=crypto.seal_json(_client_details(data, set(consents)), "client.details"),
    )
    _changed(actor, case, "case_opened")
    return case


@dataclass
class EntryView:
    entry: Entry
    notes: str


@dataclass
class AttachmentView:
    attachment: Attachment
    name: str


@dataclass
class CaseFile:
    """A case as its reader sees it, opened."""

    case: Case
    role: str
    code: str
    place: str
    client: dict[str, Any]
    grounds: list[str]
    consents: list[Consent]
    active_consents: set[str]
    entries: list[EntryView]
    attachments: list[AttachmentView]
    co_counsellors: list[Any]
    reports: list[Report] = field(default_factory=list)


def find_case(actor: Any, centre: Centre, code: str) -> Case | None:
    """A case of ``centre`` by its code, through the blind index; None if not visible."""
    case = (
        Case.objects.select_related("centre")
        .filter(centre=centre, code_index__in=crypto.blind_indexes(code))
        .first()
    )
    if case is None or not policy.can_view_case(actor, case):
        return None
    return case


@transaction.atomic
def read_case(actor: Any, case: Case) -> CaseFile:
    """Open a case for ``actor``: the one way a case's content is read, and one log row."""
    role = policy.case_role(actor, case)
    require(role is not None)
    assert role is not None
    client = case.client
    entries = list(case.entries.select_related("counsellor"))
    attachments = list(case.attachments.all())
    consents = list(case.consents.select_related("recorded_by").order_by("kind", "-given_on"))
    log_access(actor, case.centre_id, AccessAction.READ, case=case, role=role)
    return CaseFile(
        case=case,
        role=role,
        code=crypto.open_text(case.code_enc, "case.code"),
        place=crypto.open_text(case.place_enc, "case.place"),
        client=crypto.open_json(client.details_enc, "client.details", {}),
        grounds=sorted(case.grounds.values_list("ground", flat=True)),
        consents=consents,
        active_consents={c.kind for c in consents if c.withdrawn_on is None},
        entries=[EntryView(e, crypto.open_text(e.notes_enc, "entry.notes")) for e in entries],
        attachments=[
            AttachmentView(a, crypto.open_text(a.name_enc, "attachment.name")) for a in attachments
        ],
        co_counsellors=[c.person for c in case.co_counsellors.select_related("person")],
        reports=list(case.reports.all()),
    )


# --- Changing a case --------------------------------------------------------------------------


@transaction.atomic
def update_case(actor: Any, case: Case, data: Mapping[str, Any]) -> Case:
    require(policy.can_edit_case(actor, case))
    consents = _consents(case)
    _set_incident(case, data)
    case.full_clean(exclude=["code_enc", "place_enc", "lead_counsellor", "referred_from"])
    case.save()
    if "grounds" in data:
        _set_grounds(case, data["grounds"] or [])
    if any(
        key in data for key in ("client_name", "client_contact", "client_languages", "interpreting")
    ):
        client = case.client
        client.details_enc = crypto.seal_json(_client_details(data, consents), "client.details")
        client.save(update_fields=["details_enc"])
    _changed(actor, case, "case_updated")
    return case


@transaction.atomic
def set_consent(
    actor: Any, case: Case, kind: str, given: bool, on: datetime.date | None = None
) -> None:
    """Record a consent, or its withdrawal. Withdrawing consent to be contacted erases the
    name and contact; withdrawing consent to statistics takes the case out of them."""
    require(policy.can_edit_case(actor, case))
    if kind not in ConsentKind.values:
        raise ValidationError(_("Choose one of the offered consents."))
    on = on or today()
    active = case.consents.filter(kind=kind, withdrawn_on__isnull=True)
    if given:
        if not active.exists():
            recorder = actor if getattr(actor, "is_authenticated", False) else None
            Consent.objects.create(case=case, kind=kind, given_on=on, recorded_by=recorder)
    else:
        active.update(withdrawn_on=on)
        if kind == ConsentKind.CONTACT:
            client = case.client
            details = crypto.open_json(client.details_enc, "client.details", {})
            details.pop("name", None)
            details.pop("contact", None)
            client.details_enc = crypto.seal_json(details, "client.details")
            client.save(update_fields=["details_enc"])
    case.statistics_consent = ConsentKind.STATISTICS in _consents(case)
    case.save(update_fields=["statistics_consent", "updated_at"])
    _changed(actor, case, "consent_given" if given else "consent_withdrawn")


@transaction.atomic
def assign(actor: Any, case: Case, lead_counsellor: Any, co_counsellors: Sequence[Any]) -> None:
    require(policy.can_assign(actor, case))
    people = [lead_counsellor, *co_counsellors]
    if any(p is not None and not policy.can_be_assigned(p, case.centre) for p in people):
        raise ValidationError(_("Only members of the centre's team can work on its cases."))
    case.lead_counsellor = lead_counsellor
    case.save(update_fields=["lead_counsellor", "updated_at"])
    wanted = {
        p.pk
        for p in co_counsellors
        if p is not None and p.pk != getattr(lead_counsellor, "pk", None)
    }
    CaseCounsellor.objects.filter(case=case).exclude(person_id__in=wanted).delete()
    have = set(CaseCounsellor.objects.filter(case=case).values_list("person_id", flat=True))
    CaseCounsellor.objects.bulk_create(
        [CaseCounsellor(case=case, person_id=pk) for pk in sorted(wanted - have)]
    )
    for person in people:
        if person is not None:
            person.__dict__.pop("_verbund_co_counsellor", None)
    _changed(actor, case, "case_assigned")


def _require_documentation(case: Case) -> None:
    if ConsentKind.DOCUMENTATION not in _consents(case):
        raise ValidationError(
            _("The client withdrew consent to documentation: nothing more can be recorded.")
        )


@transaction.atomic
def add_entry(actor: Any, case: Case, data: Mapping[str, Any]) -> Entry:
    require(policy.can_edit_case(actor, case))
    _require_documentation(case)
    entry = Entry(
        case=case,
        kind=data["kind"],
        happened_on=data.get("happened_on") or today(),
        duration_minutes=data.get("duration_minutes"),
        counsellor=None if is_system(actor) else actor,
        notes_enc=crypto.seal_text(str(data.get("notes") or "").strip(), "entry.notes"),
        deadline=data.get("deadline"),
    )
    entry.full_clean(exclude=["case", "counsellor", "notes_enc"])
    entry.save()
    _changed(actor, case, "entry_added")
    return entry


def _store_attachment(
    actor: Any, upload: UploadedFile, *, case: Case | None = None, report: Report | None = None
) -> Attachment:
    checked = check_file(upload)
    blob = storage.store(checked.data)
    # A file stored for a transaction that fails is removed again.
    attachment = Attachment.objects.create(
        case=case,
        report=report,
        name_enc=crypto.seal_text(checked.name, "attachment.name"),
        content_type=checked.content_type,
        size=len(checked.data),
        blob=blob,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        uploaded_on=today(),
    )
    return attachment


@transaction.atomic
def add_attachment(actor: Any, case: Case, upload: UploadedFile) -> Attachment:
    require(policy.can_edit_case(actor, case))
    _require_documentation(case)
    attachment = _store_attachment(actor, upload, case=case)
    _changed(actor, case, "attachment_added")
    return attachment


@transaction.atomic
def download_attachment(actor: Any, attachment: Attachment) -> tuple[str, str, bytes]:
    """The file's name, type and content for ``actor``; one access-log row."""
    if attachment.case_id is not None:
        case = attachment.case
        assert case is not None
        role = policy.case_role(actor, case)
        require(role is not None)
        log_access(actor, case.centre_id, AccessAction.DOWNLOAD, case=case, role=role or "")
    else:
        report = attachment.report
        require(report is not None and policy.can_view_report(actor, report))
        assert report is not None
        log_access(actor, report.centre_id, AccessAction.DOWNLOAD, report=report)
    name = crypto.open_text(attachment.name_enc, "attachment.name")
    return name, attachment.content_type, storage.load(attachment.blob)


@transaction.atomic
def export_case(actor: Any, case: Case) -> dict[str, Any]:
    """Everything recorded about the client, for an access request (Art. 15 GDPR)."""
    require(policy.can_export_case(actor, case))
    opened = read_case_quietly(case)
    log_access(
        actor,
        case.centre_id,
        AccessAction.EXPORT,
        case=case,
        role=policy.case_role(actor, case) or "",
        detail="access request",
    )
    return opened


def read_case_quietly(case: Case) -> dict[str, Any]:
    """The export's content; only :func:`export_case` calls it, and it logs."""
    return {
        "case_code": crypto.open_text(case.code_enc, "case.code"),
        "centre": case.centre.name,
        "organisation": case.centre.organization.name,
        "status": case.status,
        "opened_on": case.opened_on.isoformat(),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "outcome": case.outcome,
        "counselling_language": case.counselling_language,
        "client": crypto.open_json(case.client.details_enc, "client.details", {}),
        "consents": [
            {
                "kind": c.kind,
                "given_on": c.given_on.isoformat(),
                "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
            }
            for c in case.consents.all()
        ],
        "incident": {
            "grounds": sorted(case.grounds.values_list("ground", flat=True)),
            "domain": case.domain,
            "form": case.form,
            "level": case.level,
            "date": case.incident_on.isoformat() if case.incident_on else None,
            "place": crypto.open_text(case.place_enc, "case.place"),
        },
        "chronology": [
            {
                "kind": e.kind,
                "date": e.happened_on.isoformat(),
                "duration_minutes": e.duration_minutes,
                "notes": crypto.open_text(e.notes_enc, "entry.notes"),
                "deadline": e.deadline.isoformat() if e.deadline else None,
            }
            for e in case.entries.all()
        ],
        "attachments": [
            {
                "name": crypto.open_text(a.name_enc, "attachment.name"),
                "type": a.content_type,
                "size": a.size,
                "uploaded_on": a.uploaded_on.isoformat(),
            }
            for a in case.attachments.all()
        ],
    }


@transaction.atomic
def refer(actor: Any, case: Case, target: Centre) -> Case:
    """Refer the case to another centre, with the client's consent: a new case there with
    what the client consented to pass on; this one is closed as referred."""
    consents = _consents(case)
    require(policy.can_edit_case(actor, case))
    if ConsentKind.REFERRAL not in consents:
        raise ValidationError(_("The client has not consented to a referral."))
    if target.pk == case.centre_id:
        raise ValidationError(_("Choose another centre."))
    opened = read_case_quietly(case)
    given = {c.kind: c.given_on for c in case.consents.filter(withdrawn_on__isnull=True)}
    client = opened["client"]
    data = {
        "counselling_language": case.counselling_language,
        "domain": case.domain,
        "form": case.form,
        "level": case.level,
        "incident_on": case.incident_on,
        "place": opened["incident"]["place"],
        "grounds": opened["incident"]["grounds"],
        "client_languages": client.get("languages", []),
        "interpreting": client.get("interpreting", False),
    }
    if ConsentKind.CONTACT in consents:
        data["client_name"] = client.get("name", "")
        data["client_contact"] = client.get("contact", "")
    # The receiving centre's lead assigns it; until then only that lead sees it.
    new_case = _create_case(
        actor, target, data, lead=None, consents=given, referred_from=case.centre
    )
    case.referred_to = target
    case.save(update_fields=["referred_to", "updated_at"])
    _changed(actor, case, "case_referred")
    close_case(actor, case, Outcome.REFERRED)
    return new_case


@transaction.atomic
def close_case(actor: Any, case: Case, outcome: str, on: datetime.date | None = None) -> None:
    require(policy.can_close(actor, case))
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose an outcome."))
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closed_on = on or today()
    case.delete_after = case.closed_on + datetime.timedelta(days=case.centre.retention_days)
    case.save(update_fields=["status", "outcome", "closed_on", "delete_after", "updated_at"])
    _changed(actor, case, "case_closed")


# --- Retention --------------------------------------------------------------------------------


@dataclass
class PurgeResult:
    cases: int = 0
    reports: int = 0
    files: int = 0


def _allow_purge() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL verbund.counselling_purge = 'on'")


def _remove_files(blobs: list[str]) -> None:
    for blob in blobs:
        storage.remove(blob)


@transaction.atomic
def purge_case(actor: Any, case: Case) -> DeletionRecord:
    """Delete a case with everything that belongs to it; a record without content stays."""
    require(policy.can_run_retention(actor))
    _allow_purge()
    blobs = list(case.attachments.values_list("blob", flat=True))
    reports = list(case.reports.all())
    for report in reports:
        blobs += list(report.attachments.values_list("blob", flat=True))
    counts = {
        "entries": case.entries.count(),
        "files": len(blobs),
        "reports": len(reports),
        "access_log": AccessLogEntry.objects.filter(
            Q(case_id=case.pk) | Q(report_id__in=[r.pk for r in reports])
        ).count(),
    }
    record = DeletionRecord.objects.create(
        centre=case.centre,
        case_number=case.pk,
        closed_on=case.closed_on,
        deleted_by=actor_for_audit(actor)[1] or "person",
        counts=counts,
    )
    AccessLogEntry.objects.filter(
        Q(case_id=case.pk) | Q(report_id__in=[r.pk for r in reports])
    ).delete()
    for report in reports:
        report.delete()
    audit.record(
        actor=actor,
        action="counselling.case_deleted",
        target=record,
        scope=case.centre,
        summary=f"case {case.pk}",
    )
    case.delete()
    transaction.on_commit(lambda: _remove_files(blobs))
    return record


@transaction.atomic
def purge_report(actor: Any, report: Report) -> None:
    require(policy.can_run_retention(actor))
    _allow_purge()
    blobs = list(report.attachments.values_list("blob", flat=True))
    AccessLogEntry.objects.filter(report_id=report.pk).delete()
    audit.record(
        actor=actor,
        action="counselling.report_deleted",
        target=report.centre,
        scope=report.centre,
        summary=f"report {report.pk}",
    )
    report.delete()
    transaction.on_commit(lambda: _remove_files(blobs))


def purge_expired(actor: Any, on: datetime.date | None = None) -> PurgeResult:
    """Delete closed cases whose retention ran out, and reports closed or merged that long
    ago without becoming a case (``manage.py purge_counselling``)."""
    require(policy.can_run_retention(actor))
    on = on or today()
    result = PurgeResult()
    for case in Case.objects.filter(status=CaseStatus.CLOSED, delete_after__lt=on).select_related(
        "centre"
    ):
        record = purge_case(actor, case)
        result.cases += 1
        result.files += int(record.counts.get("files", 0))
    stale = Report.objects.filter(case__isnull=True, closed_on__isnull=False).select_related(
        "centre"
    )
    for report in stale:
        if (
            report.closed_on
            and report.closed_on + datetime.timedelta(days=report.centre.retention_days) < on
        ):
            result.files += report.attachments.count()
            purge_report(actor, report)
            result.reports += 1
    return result


# --- Key rotation -----------------------------------------------------------------------------


@dataclass
class RotationResult:
    values: int = 0
    files: int = 0
    indexes: int = 0


SEALED_FIELDS: tuple[tuple[Any, str, str], ...] = (
    (Case, "code_enc", "case.code"),
    (Case, "place_enc", "case.place"),
    (Client, "details_enc", "client.details"),
    (Entry, "notes_enc", "entry.notes"),
    (Attachment, "name_enc", "attachment.name"),
    (Report, "payload_enc", "report.payload"),
    (ReportMessage, "text_enc", "message.text"),
)


def rotate_keys(actor: Any, *, batch: int = 500) -> RotationResult:
    """Re-seal every value and file with the current key and rebuild the blind index.

    Runs in batches, each its own transaction, so it can be stopped and started again: what
    is already sealed with the current key is skipped.
    """
    require(policy.can_rotate_keys(actor))
    result = RotationResult()
    current_id = crypto.current().key_id
    for model, field_name, purpose in SEALED_FIELDS:
        last = 0
        while True:
            with transaction.atomic():
                rows = list(
                    model.objects.filter(pk__gt=last)
                    .order_by("pk")
                    .select_for_update()
                    .only("pk", field_name)[:batch]
                )
                if not rows:
                    break
                for row in rows:
                    token = bytes(getattr(row, field_name) or b"")
                    if token and token[1 : 1 + crypto.KEY_ID_BYTES] != current_id:
                        model.objects.filter(pk=row.pk).update(
                            **{field_name: crypto.reseal(token, purpose)}
                        )
                        result.values += 1
                last = rows[-1].pk
    for case in Case.objects.only("pk", "code_enc", "code_index").iterator(chunk_size=batch):
        index = crypto.blind_index(crypto.open_text(case.code_enc, "case.code"))
        if index != case.code_index:
            Case.objects.filter(pk=case.pk).update(code_index=index)
            result.indexes += 1
    for blob in Attachment.objects.values_list("blob", flat=True).iterator(chunk_size=batch):
        if storage.exists(blob) and storage.reseal(blob):
            result.files += 1
    centre = Centre.objects.order_by("pk").first()
    if centre is not None:
        audit.record(
            actor=actor,
            action="counselling.keys_rotated",
            target=centre,
            summary=f"{result.values} values, {result.files} files, {result.indexes} indexes",
        )
    return result


# --- Anonymous reports ------------------------------------------------------------------------


def new_receipt_code() -> str:
    digits = "".join(secrets.choice("0123456789") for _ in range(RECEIPT_DIGITS))
    return " ".join(digits[i : i + 4] for i in range(0, RECEIPT_DIGITS, 4))


def nearest_centre(postal_code: str, centres: Sequence[Centre]) -> Centre | None:
    from verbund.maps.geocoding import locate_offline

    located = [c for c in centres if c.latitude is not None and c.longitude is not None]
    if not located:
        return centres[0] if centres else None
    point = locate_offline(postal_code=postal_code) if postal_code else None
    if point is None:
        return None
    lat, lon = float(point.latitude), float(point.longitude)
    return min(
        located,
        key=lambda c: (
            gazetteer.kilometres(lat, lon, float(c.latitude or 0), float(c.longitude or 0)),
            c.pk,
        ),
    )


@dataclass
class Submitted:
    report: Report
    receipt_code: str


@transaction.atomic
def submit_report(
    actor: Any,
    centre: Centre,
    data: Mapping[str, Any],
    files: Sequence[UploadedFile] = (),
    *,
    language: str,
) -> Submitted:
    """Store an anonymous report. Nothing about the sender is kept: no address, no user
    agent, no time of day. The receipt code is returned once and only its hash is stored."""
    if not policy.can_receive_reports(centre):
        raise ValidationError(_("This centre does not take reports here."))
    checked = [check_file(upload) for upload in files]  # all checked before anything is stored
    payload = {
        "what": str(data.get("what") or "").strip(),
        "where": str(data.get("where") or "").strip(),
        "postal_code": str(data.get("postal_code") or "").strip(),
        "when": str(data.get("when") or "").strip(),
        "grounds": [g for g in data.get("grounds") or [] if g in Ground.values],
        "contact_wish": bool(data.get("contact_wish")),
        "contact_how": str(data.get("contact_how") or "").strip(),
    }
    code = new_receipt_code()
    report = Report.objects.create(
        centre=centre,
        receipt_hash=crypto.receipt_hash(code),
        language=language,
        payload_enc=crypto.seal_json(payload, "report.payload"),
        received_on=today(),
    )
    for item in checked:
        Attachment.objects.create(
            report=report,
            name_enc=crypto.seal_text(item.name, "attachment.name"),
            content_type=item.content_type,
            size=len(item.data),
            blob=storage.store(item.data),
            uploaded_on=today(),
        )
    audit.record(
        actor=actor,
        action="counselling.report_received",
        target=report,
        scope=centre,
        summary=f"report {report.pk}",
    )
    return Submitted(report, code)


@transaction.atomic
def find_report(code: str) -> Report | None:
    """The report whose receipt code this is. A hash made with an older key moves to the
    current one (receipt codes are not stored, so a rotation cannot do it)."""
    normalised = crypto.normalise_code(code)
    if len(normalised) != RECEIPT_DIGITS or not normalised.isdigit():
        return None
    hashes = crypto.receipt_hashes(normalised)
    report = Report.objects.select_related("centre").filter(receipt_hash__in=hashes).first()
    if report is not None and report.receipt_hash != hashes[0]:
        report.receipt_hash = hashes[0]
        report.save(update_fields=["receipt_hash"])
    return report


@transaction.atomic
def reporter_message(report: Report, text: str) -> ReportMessage:
    """A message from the reporter, who proved to hold the receipt code."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a message."))
    if report.status in (ReportStatus.CLOSED, ReportStatus.DUPLICATE) and report.duplicate_of_id:
        report = report.duplicate_of or report
    return ReportMessage.objects.create(
        report=report,
        from_centre=False,
        text_enc=crypto.seal_text(text, "message.text"),
        sent_on=today(),
    )


@transaction.atomic
def centre_message(actor: Any, report: Report, text: str) -> ReportMessage:
    require(policy.can_view_report(actor, report))
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a message."))
    message = ReportMessage.objects.create(
        report=report,
        from_centre=True,
        author=actor,
        text_enc=crypto.seal_text(text, "message.text"),
        sent_on=today(),
    )
    if report.status == ReportStatus.NEW:
        report.status = ReportStatus.IN_PROGRESS
        report.save(update_fields=["status"])
    log_access(actor, report.centre_id, AccessAction.REPORT_CHANGE, report=report, detail="message")
    return message


@dataclass
class ReportView:
    report: Report
    payload: dict[str, Any]
    messages: list[tuple[ReportMessage, str]]
    attachments: list[AttachmentView]


def open_report(report: Report) -> ReportView:
    payload = crypto.open_json(report.payload_enc, "report.payload", {})
    messages = [(m, crypto.open_text(m.text_enc, "message.text")) for m in report.messages.all()]
    attachments = [
        AttachmentView(a, crypto.open_text(a.name_enc, "attachment.name"))
        for a in report.attachments.all()
    ]
    return ReportView(report, payload, messages, attachments)


@transaction.atomic
def read_report(actor: Any, report: Report) -> ReportView:
    require(policy.can_view_report(actor, report))
    log_access(actor, report.centre_id, AccessAction.REPORT_READ, report=report)
    return open_report(report)


def reporter_view(report: Report) -> ReportView:
    """What the holder of the receipt code sees: their report, the status and the messages."""
    return open_report(report)


@transaction.atomic
def set_report_status(actor: Any, report: Report, status: str) -> None:
    require(policy.can_view_report(actor, report))
    if status not in (ReportStatus.IN_PROGRESS, ReportStatus.CLOSED):
        raise ValidationError(_("Choose one of the offered steps."))
    report.status = status
    report.closed_on = today() if status == ReportStatus.CLOSED else None
    report.save(update_fields=["status", "closed_on"])
    log_access(actor, report.centre_id, AccessAction.REPORT_CHANGE, report=report, detail=status)


@transaction.atomic
def merge_report(actor: Any, report: Report, into: Report) -> None:
    """Mark ``report`` as a duplicate of ``into`` (same centre); its messages stay readable."""
    require(policy.can_view_report(actor, report) and policy.can_view_report(actor, into))
    if into.pk == report.pk or into.centre_id != report.centre_id:
        raise ValidationError(_("Choose another report of this centre."))
    report.status = ReportStatus.DUPLICATE
    report.duplicate_of = into
    report.closed_on = today()
    if into.case_id and not report.case_id:
        report.case_id = into.case_id
    report.save(update_fields=["status", "duplicate_of", "closed_on", "case"])
    log_access(actor, report.centre_id, AccessAction.REPORT_CHANGE, report=report, detail="merged")


@transaction.atomic
def report_to_case(actor: Any, report: Report, *, lead_counsellor: Any = None) -> Case:
    """Take the report on as a case, keeping the link. Reporting counts as consent to the
    documentation of what was reported; other consents are asked for in counselling."""
    require(policy.can_view_report(actor, report) and policy.can_open_case(actor, report.centre))
    if report.case_id:
        raise ValidationError(_("This report is already a case."))
    payload = crypto.open_json(report.payload_enc, "report.payload", {})
    case = open_case(
        actor,
        report.centre,
        {
            "counselling_language": report.language,
            "place": payload.get("where") or payload.get("postal_code") or "",
            "grounds": payload.get("grounds") or [],
        },
        lead_counsellor=lead_counsellor,
        consents={ConsentKind.DOCUMENTATION: report.received_on},
    )
    add_entry(
        actor,
        case,
        {
            "kind": "other",
            "happened_on": report.received_on,
            "notes": _("Anonymous report: %(text)s") % {"text": payload.get("what", "")},
        },
    )
    report.attachments.update(case=case)
    report.case = case
    report.status = ReportStatus.CASE
    report.save(update_fields=["case", "status"])
    log_access(actor, report.centre_id, AccessAction.REPORT_CHANGE, report=report, detail="case")
    return case


def open_reports_count(centre: Centre) -> int:
    return Report.objects.filter(centre=centre, status__in=OPEN_REPORT_STATUSES).count()


# --- Deadlines --------------------------------------------------------------------------------


def send_deadline_reminders(actor: Any, on: datetime.date | None = None, days: int = 3) -> int:
    """Tell the counsellors of a case that a deadline is near, through the platform's
    notifications; the notice names no content, only the date and a link."""
    from verbund.notifications import services as notifications
    from verbund.notifications.taxonomy import NoticeKind

    require(policy.can_run_retention(actor))
    on = on or today()
    sent = 0
    due = Entry.objects.filter(
        deadline__isnull=False,
        deadline__gte=on,
        deadline__lte=on + datetime.timedelta(days=days),
        reminded_on__isnull=True,
        case__status=CaseStatus.OPEN,
    ).select_related("case", "case__lead_counsellor")
    for entry in due:
        with transaction.atomic():
            people = [entry.case.lead_counsellor] + [
                c.person for c in entry.case.co_counsellors.select_related("person")
            ]
            notifications.notify(
                [p for p in people if p is not None],
                NoticeKind.TASKS,
                _("A counselling deadline is due on %(date)s")
                % {"date": entry.deadline.strftime("%d.%m.%Y") if entry.deadline else ""},
                url=reverse("counselling:case", kwargs={"pk": entry.case_id}),
            )
            Entry.objects.filter(pk=entry.pk).update(reminded_on=on)
            sent += 1
    return sent
