"""Spreadsheet import: read what German Excel writes, map columns, check every row, find
duplicates, and write everything through ``services`` in one transaction, or nothing.

The steps are separate so the browser can show each one (upload, mapping and preview with
duplicate pairs, progress, report) and the command line can run them in one go.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import structlog
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from verbund.core import audit
from verbund.core.actors import SCHEDULE
from verbund.core.spreadsheets import safe_row, unsafe_cell
from verbund.core.uploads import BudgetExceeded, UnsafeArchive, check_zip, run_bounded
from verbund.organizations import extensions, policy, reading, services
from verbund.organizations.models import ImportJob, Organization
from verbund.organizations.reading import ImportFileError
from verbund.organizations.spreadsheet import (
    COLUMN_BY_KEY,
    code_for,
    normalise,
    split_list,
    suggest_column,
)
from verbund.organizations.taxonomy import Kind, Status

OnDuplicate = ImportJob.OnDuplicate
DECISIONS = tuple(OnDuplicate.values)
# Normalised indel similarity (two times the longest common subsequence over both lengths).
SIMILAR_NAME = 88.0
DIGITS = re.compile(r"\d+")
MAX_COLUMNS = reading.MAX_COLUMNS
logger = structlog.get_logger("verbund.import")
LEGAL_SUFFIXES = re.compile(r"\b(e v|ev|ggmbh|gmbh|gug|eg|gbr)$")
# UTF-8 read as Windows-1252 turns "ä" into "Ã¤": a lead byte's letter, then a continuation
# byte's character. Seeing that means the file mixes encodings or was converted twice.
_CONTINUATION = re.escape(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore"))
MOJIBAKE = re.compile(f"[\u00c2\u00c3\u00c5][{_CONTINUATION}]|\u00e2\u20ac")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    file_format: str


# --- Reading ----------------------------------------------------------------------------------


def read_table(data: bytes, filename: str = "") -> Table:
    """The table in an uploaded file, read within the limits of ``reading`` in a child
    process with a time and memory budget (``VERBUND_IMPORT_READ_SECONDS`` and
    ``VERBUND_IMPORT_READ_MEMORY``), so that a crafted file cannot exhaust this process."""
    if len(data) > settings.VERBUND_IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(size)s MB are allowed.")
            % {"size": settings.VERBUND_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _(
                "This is an old Excel file (.xls). Save it as Excel workbook "
                "(.xlsx) or CSV and upload it again."
            )
        )
    limits = reading.Limits.from_settings()
    is_xlsx = data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))
    if is_xlsx:
        # The archive's directory is checked here, before a child is started for it.
        try:
            check_zip(data, max_entries=reading.MAX_XLSX_ENTRIES, max_unpacked=limits.unpacked)
        except UnsafeArchive as refused:
            raise reading.archive_error(refused, limits) from refused
    try:
        return run_bounded(
            _parse,
            data,
            is_xlsx,
            limits,
            translation.get_language(),
            seconds=settings.VERBUND_IMPORT_READ_SECONDS,
            memory=settings.VERBUND_IMPORT_READ_MEMORY,
        )
    except BudgetExceeded as exceeded:
        if exceeded.kind == "time":
            raise ImportFileError(
                _(
                    "Reading the file took longer than %(seconds)s seconds. Split it into "
                    "smaller files and upload them one by one."
                )
                % {"seconds": settings.VERBUND_IMPORT_READ_SECONDS}
            ) from exceeded
        raise ImportFileError(
            _(
                "Reading the file needed more memory than allowed. Split it into smaller "
                "files and upload them one by one."
            )
        ) from exceeded


def _parse(data: bytes, is_xlsx: bool, limits: reading.Limits, language: str | None) -> Table:
    """Runs in the child process of :func:`read_table`."""
    with translation.override(language):
        if is_xlsx:
            headers, rows = _split_header(reading.read_xlsx(data, limits))
            file_format = "XLSX"
        else:
            text, encoding = _decode(data)
            delimiter = _delimiter(text)
            headers, rows = _split_header(reading.read_csv(text, delimiter, limits))
            separator = {";": _("semicolon"), ",": _("comma"), "\t": _("tab")}[delimiter]
            file_format = f"CSV ({encoding}, {separator})"
        if not any(h.strip() for h in headers):
            raise ImportFileError(_("The first row must name the columns, but it is empty."))
        if len(rows) > settings.VERBUND_IMPORT_MAX_ROWS:
            raise reading.too_many_rows(limits)
        return Table(headers=headers, rows=rows, file_format=file_format)


def _decode(data: bytes) -> tuple[str, str]:
    wrong = _(
        "The file's character encoding could not be recognised. In Excel choose "
        "“Save as” → “CSV UTF-8” and upload the file again."
    )
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", "UTF-8 BOM")]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", "UTF-16")]
    elif b"\x00" in data:
        raise ImportFileError(wrong)
    else:
        candidates = [("utf-8", "UTF-8"), ("cp1252", "Windows-1252")]
    for codec, name in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if CONTROL.search(text):
            raise ImportFileError(wrong)
        mixed = MOJIBAKE.search(text)
        if mixed:
            line = text.count("\n", 0, mixed.start()) + 1
            raise ImportFileError(
                _(
                    "Line %(line)s contains “%(text)s”: the file mixes character encodings. "
                    "In Excel choose “Save as” → “CSV UTF-8” and upload the file again."
                )
                % {"line": line, "text": mixed.group(0)}
            )
        return text, name
    raise ImportFileError(wrong)


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _split_header(records: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)
    if not records:
        raise ImportFileError(_("The file is empty."))
    headers = [cell.strip() for cell in records[0]]
    while headers and not headers[-1]:
        headers.pop()  # Excel often saves empty columns after the last heading
    rows = []
    for record in records[1:]:
        cells = [cell.strip() for cell in record[: len(headers)]]
        cells += [""] * (len(headers) - len(cells))
        rows.append(cells)
    return headers, rows


# --- Mapping and checking ---------------------------------------------------------------------


def suggest_mapping(headers: Sequence[str]) -> list[str]:
    """A registry field for each column, each field at most once ("" = not imported)."""
    mapping: list[str] = []
    for name in headers:
        key = suggest_column(name)
        mapping.append(key if key and key not in mapping else "")
    return mapping


def mapping_errors(mapping: Sequence[str]) -> list[str]:
    errors = []
    if "name" not in mapping:
        errors.append(
            _(
                "No column is imported as “Name”. Every organisation needs a name: "
                "choose the column that holds it."
            )
        )
    for key in sorted({k for k in mapping if k and mapping.count(k) > 1}):
        errors.append(
            _("Two columns are imported as “%(field)s”. Choose one of them.")
            % {"field": COLUMN_BY_KEY[key].label}
        )
    return errors


@dataclass
class RowCheck:
    index: int
    number: int  # the row number the spreadsheet program shows (the header is row 1)
    data: dict[str, Any]
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.data.get("name", ""))


def _field_label(key: str) -> str:
    return str(COLUMN_BY_KEY[key].label) if key in COLUMN_BY_KEY else key


def _unknown(key: str, value: str) -> str:
    return _("%(field)s: “%(value)s” is not a known value.") % {
        "field": _field_label(key),
        "value": value[:60],
    }


def _convert(key: str, raw: str, language: str, data: dict[str, Any], errors: list[str]) -> None:
    raw = unsafe_cell(raw)  # the exporter's guard against spreadsheet formulas
    if key in {"kind", "partner_kind", "legal_form", "federal_state"}:
        code = code_for(key, raw)
        if code is None:
            errors.append(_unknown(key, raw))
        else:
            data[key] = code
    elif key in {"themes", "languages"}:
        codes = []
        for part in split_list(raw):
            code = code_for(key, part)
            if code is None:
                errors.append(_unknown(key, part))
            else:
                codes.append(code)
        data[key] = codes
    elif key == "tags":
        data[key] = split_list(raw)
    elif key == "founding_year":
        match = re.fullmatch(r"(\d{4})(?:[.,]0+)?", raw)
        if match is None:
            errors.append(
                _("%(field)s: “%(value)s” is not a year like 1998.")
                % {"field": _field_label(key), "value": raw[:20]}
            )
        else:
            data[key] = int(match.group(1))
    elif key == "postal_code":
        # Excel drops the leading zero of Saxon codes: 1067 was 01067.
        data[key] = raw.zfill(5) if raw.isdigit() and len(raw) == 4 else raw
    elif key in {"latitude", "longitude"}:
        try:
            data[key] = Decimal(raw.replace(",", ".")).quantize(Decimal("0.000001"))
        except InvalidOperation:
            errors.append(
                _("%(field)s: “%(value)s” is not a number.")
                % {"field": _field_label(key), "value": raw[:20]}
            )
    elif key == "email":
        data[key] = raw.lower()
    elif key == "website":
        data[key] = raw if "://" in raw else f"https://{raw}"
    elif key == "description":
        data[key] = {language: raw}
    else:
        data[key] = raw


def check_row(index: int, cells: Sequence[str], mapping: Sequence[str], language: str) -> RowCheck:
    check = RowCheck(index=index, number=index + 2, data={})
    for position, key in enumerate(mapping):
        raw = cells[position].strip() if position < len(cells) else ""
        if key and raw:
            _convert(key, raw, language, check.data, check.errors)
    if not check.data.get("name"):
        check.errors.append(_("The name is missing."))
        return check
    candidate = Organization(kind=check.data.get("kind") or Kind.MIGRANT_ORGANISATION)
    for name, value in check.data.items():
        if name in services.PROFILE_FIELDS:
            setattr(candidate, name, value)
    try:
        candidate.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                check.errors.append(f"{_field_label(name)}: {message}")
    return check


def check_rows(
    rows: Sequence[Sequence[str]], mapping: Sequence[str], language: str
) -> list[RowCheck]:
    """Every non-empty row, checked; empty rows (Excel leaves many) are passed over."""
    with translation.override(language):
        return [
            check_row(i, cells, mapping, language)
            for i, cells in enumerate(rows)
            if any(c.strip() for c in cells)
        ]


# --- Duplicates -------------------------------------------------------------------------------


@dataclass
class DuplicatePair:
    index: int
    number: int
    name: str
    reason: str
    organization_id: int | None = None
    organization_name: str = ""
    organization_slug: str = ""
    other_index: int | None = None
    other_number: int | None = None


def name_key(name: str) -> str:
    return LEGAL_SUFFIXES.sub("", normalise(name)).strip()


def website_key(url: str) -> str:
    parts = urlsplit(url if "://" in url else f"https://{url}")
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}".lower() if host else ""


def _reasons() -> dict[str, str]:
    return {
        "slug": _("same identifier"),
        "name": _("same name"),
        "email": _("same e-mail address"),
        "website": _("same website"),
        "similar": _("similar name in the same city"),
    }


def reason_label(reason: str) -> str:
    return _reasons().get(reason, reason)


class _Index:
    """Keys of organisations seen so far, for exact and similar-name lookups."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, str], Any] = {}
        # Per bucket the names, and beside them what each belongs to, in the order seen.
        self.by_city: dict[tuple[str, tuple[str, ...]], tuple[list[str], list[Any]]] = {}

    def add(self, ref: Any, *, slug: str, name: str, email: str, website: str, city: str) -> None:
        keys = [
            ("slug", slug),
            ("name", name_key(name)),
            ("email", email.lower()),
            ("website", website_key(website) if website else ""),
        ]
        for kind, value in keys:
            if value:
                self.exact.setdefault((kind, value), ref)
        if city and name:
            key = name_key(name)
            # Names that differ in their numbers are never alike, so they need no comparing.
            bucket = (normalise(city), tuple(DIGITS.findall(key)))
            names, refs = self.by_city.setdefault(bucket, ([], []))
            names.append(key)
            refs.append(ref)

    def find(
        self, *, slug: str, name: str, email: str, website: str, city: str
    ) -> tuple[str, Any] | None:
        keys = [
            ("slug", slug),
            ("name", name_key(name)),
            ("email", email.lower()),
            ("website", website_key(website) if website else ""),
        ]
        for kind, value in keys:
            if value and (kind, value) in self.exact:
                return kind, self.exact[(kind, value)]
        if city and name:
            target = name_key(name)
            bucket = (normalise(city), tuple(DIGITS.findall(target)))
            names, refs = self.by_city.get(bucket, ([], []))
            # A large city holds thousands of names; rapidfuzz compares them in C and skips
            # those whose lengths alone rule out the threshold.
            best = process.extractOne(
                target, names, scorer=fuzz.ratio, score_cutoff=SIMILAR_NAME, processor=None
            )
            if best is not None:
                return "similar", refs[best[2]]
        return None


def _keys(data: Mapping[str, Any]) -> dict[str, str]:
    return {
        "slug": str(data.get("slug", "")),
        "name": str(data.get("name", "")),
        "email": str(data.get("email", "")),
        "website": str(data.get("website", "")),
        "city": str(data.get("city", "")),
    }


def find_duplicates(checks: Sequence[RowCheck], viewer: Any = None) -> list[DuplicatePair]:
    """At most one pair per row: its match in the registry, else an earlier row of the file.

    With a ``viewer``, only entries they may know exist are matched: a draft of someone
    else is neither named in the preview nor changed (it stays hidden, F10).
    """
    registry = _Index()
    names: dict[int, tuple[str, str]] = {}
    known = Organization.objects.all() if viewer is None else policy.visible_organizations(viewer)
    for pk, slug, name, email, website, city in known.values_list(
        "pk", "slug", "name", "email", "website", "city"
    ).iterator(chunk_size=5000):
        registry.add(pk, slug=slug, name=name, email=email, website=website, city=city)
        names[pk] = (name, slug)
    in_file = _Index()
    pairs = []
    for check in checks:
        if check.errors:
            continue
        keys = _keys(check.data)
        found = registry.find(**keys)
        if found is not None:
            reason, pk = found
            pairs.append(
                DuplicatePair(
                    check.index,
                    check.number,
                    check.name,
                    reason,
                    organization_id=pk,
                    organization_name=names[pk][0],
                    organization_slug=names[pk][1],
                )
            )
        else:
            found = in_file.find(**keys)
            if found is not None:
                reason, other = found
                pairs.append(
                    DuplicatePair(
                        check.index,
                        check.number,
                        check.name,
                        reason,
                        other_index=other.index,
                        other_number=other.number,
                        organization_name=other.name,
                    )
                )
        in_file.add(check, **keys)
    return pairs


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
    return count


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
            f"{_field_label(k)}: {' '.join(str(m) for m in v)}"
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
            data = dict(check.data)
            data.setdefault("kind", Kind.MIGRANT_ORGANISATION)
            rows.append(data)
        try:
            # Drafts: their publication waits for staff review like every first one.
            created = services.create_organizations(actor, rows, status=Status.DRAFT)
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
    data = dict(check.data)
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
    # details): once the report exists they have no purpose left.
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
