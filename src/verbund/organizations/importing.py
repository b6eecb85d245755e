"""Spreadsheet import, the job: upload, choices, preview, progress and the run that writes
everything through ``services`` in one transaction, or nothing.

The steps live in their own modules — reading the file (``reading``), mapping and checking
the rows (``import_checks``), finding duplicates (``import_duplicates``) — so the browser can
show each one (upload, mapping and preview with duplicate pairs, progress, report) and the
command line can run them in one go.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verbund.core import audit
from verbund.core.actors import SCHEDULE
from verbund.core.spreadsheets import safe_row
from verbund.organizations import extensions, policy, reading, services
from verbund.organizations.import_checks import (
    RowCheck,
    check_rows,
    field_label,
    mapping_errors,
    suggest_mapping,
)
from verbund.organizations.import_duplicates import DuplicatePair, find_duplicates, reason_label
from verbund.organizations.models import ImportJob, Organization
from verbund.organizations.reading import Table
from verbund.organizations.spreadsheet import (
    COLUMN_BY_KEY,
)
from verbund.organizations.taxonomy import Kind, Status, Visibility

OnDuplicate = ImportJob.OnDuplicate
DECISIONS = tuple(OnDuplicate.values)
MAX_COLUMNS = reading.MAX_COLUMNS
logger = structlog.get_logger("verbund.import")


# --- Jobs: upload, choices, run ---------------------------------------------------------------


@transaction.atomic
def create_job(
    actor: Any,
    table: Table,
    filename: str,
    *,
    language: str,
    network: Organization | None = None,
    on_duplicate: str = OnDuplicate.SKIP,
    dry_run: bool = False,
) -> ImportJob:
    if not policy.can_import(actor) or not policy.can_import_for(actor, network):
        raise PermissionDenied
    job = ImportJob.objects.create(
        created_by=actor,
        network=network,
        filename=filename[:255],
        file_format=table.file_format,
        language=language,
        headers=table.headers,
        rows=table.rows,
        mapping=suggest_mapping(table.headers),
        on_duplicate=on_duplicate,
        dry_run=dry_run,
    )
    audit.record(actor=actor, action="import.uploaded", target=job, summary=job.filename)
    return job


ABANDONED_AFTER = datetime.timedelta(days=7)


@transaction.atomic
def purge_abandoned(older_than: datetime.timedelta = ABANDONED_AFTER) -> int:
    """Delete uploads that were never started; they hold every cell of the uploaded file.

    Started jobs keep only their report (``execute_job`` empties the rows), so only drafts
    are removed. Run daily (``manage.py purge_import_uploads``); returns how many went.
    """
    cutoff = timezone.now() - older_than
    abandoned = ImportJob.objects.filter(state=ImportJob.State.DRAFT, created_at__lt=cutoff)
    count = 0
    for job in abandoned:
        audit.record(actor=SCHEDULE, action="import.purged", target=job, summary=job.filename)
        job.delete()
        count += 1
    trials = ImportJob.objects.filter(
        state=ImportJob.State.DONE, dry_run=True, created_at__lt=cutoff
    ).exclude(rows=[])
    for job in trials:
        audit.record(actor=SCHEDULE, action="import.purged", target=job, summary=job.filename)
        job.rows = []
        job.save(update_fields=["rows"])
        count += 1
    return count


def can_repeat_for_real(job: ImportJob) -> bool:
    return job.dry_run and job.state == ImportJob.State.DONE and bool(job.rows)


@transaction.atomic
def repeat_for_real(actor: Any, trial: ImportJob) -> ImportJob:
    """The real run of a finished trial: a new draft with the same file, columns and every
    duplicate decision, so the importer only checks the page again and starts it."""
    if not policy.can_use_import(actor, trial) or not can_repeat_for_real(trial):
        raise PermissionDenied
    if not policy.can_import(actor) or not policy.can_import_for(actor, trial.network):
        raise PermissionDenied
    job = ImportJob.objects.create(
        created_by=actor,
        network=trial.network,
        filename=trial.filename,
        file_format=trial.file_format,
        language=trial.language,
        headers=trial.headers,
        rows=trial.rows,
        mapping=trial.mapping,
        decisions=trial.decisions,
        on_duplicate=trial.on_duplicate,
        dry_run=False,
    )
    # The trial's copy of the cells has done its work.
    trial.rows = []
    trial.save(update_fields=["rows"])
    audit.record(
        actor=actor,
        action="import.repeated_for_real",
        target=job,
        summary=job.filename,
        changes={"trial": [None, trial.pk]},
    )
    return job


@transaction.atomic
def save_choices(
    actor: Any,
    job: ImportJob,
    *,
    mapping: Sequence[str],
    decisions: Mapping[str, str],
    on_duplicate: str,
    dry_run: bool,
) -> None:
    if not policy.can_use_import(actor, job) or job.state != ImportJob.State.DRAFT:
        raise PermissionDenied
    allowed = set(COLUMN_BY_KEY)
    job.mapping = [key if key in allowed else "" for key in mapping][: len(job.headers)]
    job.decisions = {str(k): v for k, v in decisions.items() if v in DECISIONS}
    job.on_duplicate = on_duplicate if on_duplicate in DECISIONS else OnDuplicate.SKIP
    job.dry_run = dry_run
    job.save(update_fields=["mapping", "decisions", "on_duplicate", "dry_run"])


@dataclass
class Preview:
    checks: list[RowCheck]
    pairs: list[DuplicatePair]
    mapping_errors: list[str]

    @property
    def bad_rows(self) -> list[RowCheck]:
        return [c for c in self.checks if c.errors]

    @property
    def can_start(self) -> bool:
        return bool(self.checks) and not self.mapping_errors and not self.bad_rows


def preview(job: ImportJob, language: str) -> Preview:
    errors = mapping_errors(job.mapping)
    if errors:
        return Preview([], [], errors)
    checks = check_rows(job.rows, job.mapping, language)
    with translation.override(language):
        pairs = find_duplicates(checks, job.created_by)
    return Preview(checks, pairs, [])


@transaction.atomic
def start(actor: Any, job: ImportJob) -> None:
    """Queue the job for the background worker once every row passes the checks."""
    if not policy.can_use_import(actor, job) or job.state != ImportJob.State.DRAFT:
        raise PermissionDenied
    result = preview(job, job.language)
    if not result.can_start:
        raise ValidationError(_("Correct the rows with errors before starting the import."))
    refused = refused_updates(
        actor, result.pairs, decisions=job.decisions, on_duplicate=job.on_duplicate
    )
    if refused:
        raise ValidationError([message for _number, message in refused])
    job.state = ImportJob.State.QUEUED
    job.save(update_fields=["state"])
    audit.record(actor=actor, action="import.started", target=job, summary=job.filename)
    from verbund.organizations.tasks import run_import

    transaction.on_commit(lambda: run_import.enqueue(job.pk))


def progress_key(job_id: int) -> str:
    return f"import:{job_id}:progress"


def progress(job: ImportJob) -> tuple[int, int]:
    """Rows done and rows in total; kept in the shared cache because the run's own writes
    stay invisible to other connections until its single transaction commits."""
    if job.state in {ImportJob.State.DONE, ImportJob.State.FAILED}:
        return len(job.report), len(job.report)
    done, total = cache.get(progress_key(job.pk), (0, 0))
    return int(done), int(total)


class ImportFailed(Exception):
    """Rows that cannot be written, as ``(row number, reason)``; nothing was written."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(f"{n}: {m}" for n, m in problems))
        self.problems = problems


class _DryRun(Exception):
    pass


def _decision(pair: DuplicatePair, decisions: Mapping[str, str], on_duplicate: str) -> str:
    return decisions.get(str(pair.index), on_duplicate)


def refused_updates(
    actor: Any,
    pairs: Sequence[DuplicatePair],
    *,
    decisions: Mapping[str, str],
    on_duplicate: str,
) -> list[tuple[int, str]]:
    """Rows that would update an organisation the actor may not update by import."""
    if actor is None:
        return []
    targets = [
        pair
        for pair in pairs
        if pair.organization_id is not None
        and _decision(pair, decisions, on_duplicate) == OnDuplicate.UPDATE
    ]
    allowed = policy.updatable_by_import(
        actor, [p.organization_id for p in targets if p.organization_id is not None]
    )
    return [
        (
            pair.number,
            _(
                "Row %(row)s: you cannot update %(name)s with this import. Choose “skip” or "
                "“create”."
            )
            % {"row": pair.number, "name": pair.organization_name},
        )
        for pair in targets
        if pair.organization_id not in allowed
    ]


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field_label(k)}: {' '.join(str(m) for m in v)}"
            for k, v in error.message_dict.items()
        )
    return " ".join(str(m) for m in error.messages)


CREATE_BATCH = 500


def execute(
    actor: Any,
    checks: Sequence[RowCheck],
    pairs: Sequence[DuplicatePair],
    *,
    decisions: Mapping[str, str],
    on_duplicate: str,
    dry_run: bool = False,
    network: Organization | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    job: ImportJob | None = None,
) -> list[dict[str, Any]]:
    """Write all rows in one transaction: any failure rolls back every row before it.

    New organisations are created in batches first (the bulk service) as drafts awaiting
    staff review, then the rows that update or skip are handled in file order, so a row can
    update what an earlier row made. A row changes an existing entry directly only where the
    importer may (staff, the entry's own editors, a network it lets keep its entry);
    otherwise its changes wait as a proposal for the entry's administrators. With a
    ``network``, new entries join it as active members that it keeps, and existing ones a
    row was used for are invited (see ``extensions.networks.join_import``).
    """
    if actor is not None and not (
        policy.can_import(actor) and policy.can_import_for(actor, network)
    ):
        raise PermissionDenied
    bad = [(c.number, " ".join(c.errors)) for c in checks if c.errors]
    if bad:
        raise ImportFailed(bad)
    refused = refused_updates(actor, pairs, decisions=decisions, on_duplicate=on_duplicate)
    if refused:
        raise ImportFailed(refused)
    pair_by_row = {p.index: p for p in pairs}
    decided = {
        check.index: (
            decisions.get(str(check.index), on_duplicate)
            if check.index in pair_by_row
            else OnDuplicate.CREATE
        )
        for check in checks
    }
    total = len(checks)
    report: dict[int, dict[str, Any]] = {}
    try:
        with transaction.atomic():
            landed = _create_rows(
                actor,
                [c for c in checks if decided[c.index] == OnDuplicate.CREATE],
                pair_by_row,
                report,
                total,
                on_progress,
            )
            done = len(landed)
            created = dict(landed)
            created_ids = {organization.pk for organization in created.values()}
            if network is not None:
                # Before the updates: a row may update an organisation an earlier row created.
                _join(actor, network, checks, created, report, created=True)
            updated: dict[int, Organization] = {}
            # One query for every registry match, not one per row: a re-import of a whole
            # registry matches every row.
            matched = Organization.objects.in_bulk(
                {p.organization_id for p in pairs if p.organization_id is not None}
            )
            for check in checks:
                if check.index in landed:
                    continue
                report[check.index] = _update_or_skip(
                    actor,
                    check,
                    pair_by_row[check.index],
                    decided[check.index],
                    landed,
                    matched,
                    network=network,
                    job=job,
                )
                if (
                    report[check.index]["outcome"] in USED_OUTCOMES
                    and landed[check.index].pk not in created_ids
                ):
                    updated[check.index] = landed[check.index]
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
            if network is not None:
                _join(actor, network, checks, updated, report, created=False)
            written = {**updated, **created}
            _add_contacts(actor, checks, written, report)
            _invite(actor, network, checks, written, report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        for line in report.values():
            line["outcome"] = f"would be {line['outcome']}"
    return [report[check.index] for check in checks]


# Rows that used an existing entry (so it is asked to join the import's network).
USED_OUTCOMES = frozenset({"updated", "proposed", "unchanged"})


def _join(
    actor: Any,
    network: Organization,
    checks: Sequence[RowCheck],
    organizations: Mapping[int, Organization],
    report: dict[int, dict[str, Any]],
    *,
    created: bool,
) -> None:
    join = extensions.networks.join_import
    if join is None:
        return
    unique: dict[int, Organization] = {}
    for check in checks:
        organization = organizations.get(check.index)
        if organization is not None:
            unique.setdefault(organization.pk, organization)
    if not unique:
        return
    try:
        outcome = join(
            actor,
            network,
            list(unique.values()) if created else [],
            [] if created else list(unique.values()),
        )
    except ValidationError as error:
        first = next(c for c in checks if c.index in organizations)
        raise ImportFailed([(first.number, _messages(error))]) from error
    notes = {
        "active": _("member of %(network)s"),
        "invited": _("invited to join %(network)s; its administrators decide"),
        "accepted": _("application to %(network)s accepted"),
    }
    for check in checks:
        organization = organizations.get(check.index)
        if organization is None or check.index not in report:
            continue
        note = notes.get(outcome.get(organization.pk, ""))
        if note:
            line = report[check.index]
            text = note % {"network": network.name}
            line["message"] = f"{line['message']}; {text}" if line["message"] else text


ROW_EXTRAS = ("contact", "invite")  # what a row says besides the profile's fields


def profile_data(check: RowCheck) -> dict[str, Any]:
    return {key: value for key, value in check.data.items() if key not in ROW_EXTRAS}


def _note(line: dict[str, Any], text: str) -> None:
    line["message"] = f"{line['message']}; {text}" if line["message"] else text


def _add_contacts(
    actor: Any,
    checks: Sequence[RowCheck],
    written: Mapping[int, Organization],
    report: dict[int, dict[str, Any]],
) -> None:
    """A row's contact person joins the entry it created or updated, unless someone with
    that address is already listed there."""
    for check in checks:
        contact = check.data.get("contact")
        organization = written.get(check.index)
        if not contact or organization is None or check.index not in report:
            continue
        email = contact.get("email", "")
        if email and organization.contact_persons.filter(email__iexact=email).exists():
            continue
        try:
            services.save_contact_person(
                actor,
                organization,
                {
                    "name": contact["name"],
                    "email": email,
                    "language": contact.get("language", ""),
                    "visibility": Visibility.MEMBERS,
                },
            )
        except (ValidationError, PermissionDenied) as error:
            message = _messages(error) if isinstance(error, ValidationError) else ""
            raise ImportFailed(
                [(check.number, message or _("The contact person could not be added."))]
            ) from error
        _note(report[check.index], _("contact person %(name)s added") % {"name": contact["name"]})


def _invite(
    actor: Any,
    network: Organization | None,
    checks: Sequence[RowCheck],
    written: Mapping[int, Organization],
    report: dict[int, dict[str, Any]],
) -> None:
    """Rows marked "invite": their organisations are invited to take over their profiles,
    through the network's members when the import is for one (see ``extensions``)."""
    wanted: dict[int, Organization] = {}
    for check in checks:
        organization = written.get(check.index)
        if check.data.get("invite") and organization is not None:
            wanted.setdefault(organization.pk, organization)
    if not wanted:
        return
    invited: set[int] = set()
    if network is not None and extensions.networks.invite_after_import is not None:
        invited = extensions.networks.invite_after_import(actor, network, list(wanted.values()))
    elif network is None:
        for organization in wanted.values():
            if policy.has_administrator(organization):
                continue
            contact = organization.contact_persons.exclude(email="").order_by("position", "pk")
            first = contact.first()
            email = first.email if first else organization.email
            if not email:
                continue
            services.invite_to_take_over(
                actor,
                organization,
                email=email,
                name=first.name if first else "",
                language=first.language if first else "",
            )
            invited.add(organization.pk)
    for check in checks:
        organization = written.get(check.index)
        if organization is None or check.index not in report or not check.data.get("invite"):
            continue
        _note(
            report[check.index],
            _("invited to take over the profile")
            if organization.pk in invited
            else _("not invited: it has an administrator or no address"),
        )


def _line(check: RowCheck, pair: DuplicatePair | None) -> dict[str, Any]:
    line: dict[str, Any] = {"row": check.number, "name": check.name, "slug": "", "message": ""}
    if pair is not None and pair.organization_id is not None:
        line["message"] = _("%(reason)s as %(name)s") % {
            "reason": reason_label(pair.reason),
            "name": pair.organization_name,
        }
    elif pair is not None:
        line["message"] = _("%(reason)s as row %(row)s") % {
            "reason": reason_label(pair.reason),
            "row": pair.other_number,
        }
    return line


def _create_rows(
    actor: Any,
    creations: list[RowCheck],
    pair_by_row: Mapping[int, DuplicatePair],
    report: dict[int, dict[str, Any]],
    total: int,
    on_progress: Callable[[int, int], None] | None,
) -> dict[int, Organization]:
    landed: dict[int, Organization] = {}
    for start in range(0, len(creations), CREATE_BATCH):
        batch = creations[start : start + CREATE_BATCH]
        rows = []
        for check in batch:
            data = profile_data(check)
            data.setdefault("kind", Kind.MIGRANT_ORGANISATION)
            rows.append(data)
        try:
            # Drafts: their publication waits for staff review like every first one.
            # The rows passed ``import_checks.check_row`` (the model's validators) just now.
            created = services.create_organizations(
                actor, rows, status=Status.DRAFT, validated=True
            )
        except services.RowInvalid as error:
            raise ImportFailed([(batch[error.index].number, _messages(error.error))]) from error
        for check, organization in zip(batch, created, strict=True):
            landed[check.index] = organization
            line = _line(check, pair_by_row.get(check.index))
            line.update(outcome="created", slug=organization.slug)
            report[check.index] = line
        if on_progress is not None:
            on_progress(len(landed), total)
    return landed


def _update_or_skip(
    actor: Any,
    check: RowCheck,
    pair: DuplicatePair,
    decision: str,
    landed: dict[int, Organization],
    matched: Mapping[int, Organization],
    *,
    network: Organization | None = None,
    job: ImportJob | None = None,
) -> dict[str, Any]:
    line = _line(check, pair)
    if pair.organization_id is not None:
        target = matched.get(pair.organization_id)
    else:
        target = landed.get(pair.other_index) if pair.other_index is not None else None
    if target is not None:
        landed[check.index] = target
        line["slug"] = target.slug
    if decision != OnDuplicate.UPDATE or target is None:
        line["outcome"] = "skipped"
        return line
    data = profile_data(check)
    data.pop("slug", None)
    if "description" in data:
        data["description"] = {**(target.description or {}), **data["description"]}
    try:
        if actor is None or policy.can_update_by_import(actor, target, network):
            services.update_organization(actor, target, data, by_import=True, network=network)
            line["outcome"] = "updated"
        elif services.propose_changes(actor, target, data, network=network, import_job=job):
            line["outcome"] = "proposed"
        else:
            line["outcome"] = "unchanged"
    except ValidationError as error:
        raise ImportFailed([(check.number, _messages(error))]) from error
    return line


def execute_job(job_id: int) -> dict[str, Any]:
    """The background run of a queued job (called by the task worker)."""
    job = ImportJob.objects.select_related("created_by", "network").get(pk=job_id)
    if job.state != ImportJob.State.QUEUED:
        return {"state": job.state}
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    )
    step = max(1, len(job.rows) // 100)

    def report_progress(done: int, total: int) -> None:
        if done == total or done % step == 0:
            cache.set(progress_key(job.pk), (done, total), 24 * 3600)

    with translation.override(job.language):
        result = preview(job, job.language)
        try:
            report = execute(
                job.created_by,
                result.checks,
                result.pairs,
                decisions=job.decisions,
                on_duplicate=job.on_duplicate,
                dry_run=job.dry_run,
                network=job.network,
                on_progress=report_progress,
                job=job,
            )
        except ImportFailed as error:
            job.report = [
                {"row": number, "name": "", "slug": "", "outcome": "error", "message": message}
                for number, message in error.problems
            ]
            job.error = _("%(count)s rows could not be imported. Nothing was changed.") % {
                "count": len(error.problems)
            }
            job.state = ImportJob.State.FAILED
        except PermissionDenied:
            job.error = _("You may not import organisations. Nothing was changed.")
            job.state = ImportJob.State.FAILED
        except Exception:
            logger.exception("import failed", job=job.pk)
            job.error = _(
                "The import stopped because of an error on our side. Nothing was changed."
            )
            job.state = ImportJob.State.FAILED
        else:
            job.report = report
            job.state = ImportJob.State.DONE
    job.finished_at = timezone.now()
    # The uploaded cells may hold more than was imported (unmapped columns with people's
    # details): once the report exists they have no purpose left — except after a
    # successful trial run, which the importer may turn into the real one (the purge removes
    # those cells after ``ABANDONED_AFTER``).
    if not (job.dry_run and job.state == ImportJob.State.DONE):
        job.rows = []
    job.save(update_fields=["report", "error", "state", "finished_at", "rows"])
    cache.delete(progress_key(job.pk))
    return {"state": job.state, "rows": len(job.report)}


def outcome_label(outcome: str) -> str:
    return {
        "created": _("created as a draft, awaiting review"),
        "updated": _("updated"),
        "proposed": _("changes proposed, waiting for the organisation"),
        "unchanged": _("nothing to change"),
        "skipped": _("skipped"),
        "error": _("error"),
        "would be created": _("would be created as a draft, awaiting review"),
        "would be updated": _("would be updated"),
        "would be proposed": _("changes would be proposed to the organisation"),
        "would be unchanged": _("nothing would change"),
        "would be skipped": _("would be skipped"),
    }.get(outcome, outcome)


def report_csv(report: Sequence[Mapping[str, Any]], language: str) -> bytes:
    with translation.override(language):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([_("Row"), _("Name"), _("Result"), _("Address on the site"), _("Note")])
        for line in report:
            writer.writerow(
                safe_row(
                    [
                        line.get("row", ""),
                        line.get("name", ""),
                        outcome_label(str(line.get("outcome", ""))),
                        line.get("slug", ""),
                        line.get("message", ""),
                    ]
                )
            )
    return buffer.getvalue().encode("utf-8-sig")
