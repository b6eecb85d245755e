"""Spreadsheet import and export in the browser. Thin: decisions in ``policy``, work in
``importing`` / ``exporting``, writes through ``services`` (called by the importer)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.organizations import exporting, import_duplicates, importing, policy, queries, reading
from verbund.organizations.models import ImportJob
from verbund.organizations.spreadsheet_forms import ChoicesForm, ExportForm, UploadForm

PREVIEW_ROWS = 10
PAIRS_ON_PAGE = 200


def _language() -> str:
    return translation.get_language() or "de"


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    if not policy.can_import(request.user):
        raise PermissionDenied
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        networks=(
            policy.importable_networks(request.user)
            if policy.must_name_network(request.user)
            else None
        ),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size and upload.size > settings.VERBUND_IMPORT_MAX_BYTES:
                # Refused before reading: read_table would say the same after loading it.
                raise reading.ImportFileError(
                    _("The file is too large: at most %(size)s MB are allowed.")
                    % {"size": settings.VERBUND_IMPORT_MAX_BYTES // (1024 * 1024)}
                )
            table = reading.read_table(upload.read(), upload.name or "")
        except reading.ImportFileError as error:
            form.add_error("file", error.message)
        else:
            job = importing.create_job(
                request.user,
                table,
                upload.name or "",
                language=_language(),
                network=form.cleaned_data.get("network"),
                on_duplicate=form.cleaned_data["on_duplicate"],
            )
            return redirect("organizations:import_job", pk=job.pk)
    recent = queries.recent_imports(request.user)
    return render(request, "organizations/import_upload.html", {"form": form, "recent": recent})


def _job_for(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob, pk=pk)
    if not policy.can_use_import(request.user, job):
        raise PermissionDenied
    return job


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    if job.state != ImportJob.State.DRAFT:
        return redirect("organizations:import_status", pk=job.pk)
    result = importing.preview(job, _language())
    # One choice per pair on the page, up to a readable number; the rest follow the default.
    shown = result.pairs[:PAIRS_ON_PAGE]
    updatable = policy.updatable_by_import(
        request.user, [p.organization_id for p in shown if p.organization_id is not None]
    )
    form = ChoicesForm(request.POST or None, job=job, pairs=shown, updatable=updatable)
    if request.method == "POST" and form.is_valid():
        importing.save_choices(
            request.user,
            job,
            mapping=form.mapping(),
            decisions=form.decisions(),
            on_duplicate=form.cleaned_data["on_duplicate"],
            dry_run=form.cleaned_data["dry_run"],
        )
        if request.POST.get("action") == "start":
            try:
                importing.start(request.user, job)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                return redirect("organizations:import_status", pk=job.pk)
        return redirect("organizations:import_job", pk=job.pk)
    return render(
        request,
        "organizations/import_job.html",
        {
            "job": job,
            "form": form,
            "result": result,
            "pairs": [
                (pair, form.decision_field(pair), import_duplicates.reason_label(pair.reason))
                for pair in shown
            ],
            "sample": [c for c in result.checks if not c.errors][:PREVIEW_ROWS],
            "columns": [c for c in job.mapping if c],
            "more_pairs": len(result.pairs) - len(shown),
        },
    )


@login_required
@require_POST
def import_for_real(request: HttpRequest, pk: int) -> HttpResponse:
    trial = _job_for(request, pk)
    job = importing.repeat_for_real(request.user, trial)
    messages.success(
        request,
        _("The columns and decisions of your trial run are kept. Check them and start the import."),
    )
    return redirect("organizations:import_job", pk=job.pk)


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    done, total = importing.progress(job)
    if total == 0 and job.state in {ImportJob.State.QUEUED, ImportJob.State.RUNNING}:
        total = len(job.rows)
    counts: dict[str, int] = {}
    for line in job.report:
        counts[line.get("outcome", "")] = counts.get(line.get("outcome", ""), 0) + 1
    return render(
        request,
        "organizations/import_status.html",
        {
            "job": job,
            "done": done,
            "total": total,
            "percent": int(done * 100 / total) if total else 0,
            "finished": job.state in {ImportJob.State.DONE, ImportJob.State.FAILED},
            "can_repeat_for_real": importing.can_repeat_for_real(job),
            "counts": sorted((importing.outcome_label(k), v) for k, v in counts.items()),
            "problems": [line for line in job.report if line.get("outcome") == "error"],
        },
    )


@login_required
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    response = HttpResponse(
        importing.report_csv(job.report, _language()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-report.csv"'
    return response


EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "csv-windows": ("text/csv; charset=windows-1252", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


@login_required
def export(request: HttpRequest) -> HttpResponse:
    if not policy.can_export(request.user):
        raise PermissionDenied
    filters = queries.parse_filters(request.GET)
    chosen = request.GET.get("format", "")
    if chosen not in EXPORT_FORMATS:
        # The export page: the workbook offered first, and why CSV loses leading zeros.
        return render(
            request,
            "organizations/export.html",
            {
                "form": ExportForm(),
                "filters": filters,
                "filter_fields": filters.params(page=1),
                "count": queries.matching(filters).count(),
            },
        )
    organizations = queries.matching(filters)
    body: Any
    if chosen == "xlsx":
        body = exporting.to_xlsx(organizations, request.user)
    else:
        body = exporting.to_csv(
            organizations,
            request.user,
            encoding="windows-1252" if chosen == "csv-windows" else "utf-8",
        )
    content_type, extension = EXPORT_FORMATS[chosen]
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="organisationen-{stamp}.{extension}"'
    return response
