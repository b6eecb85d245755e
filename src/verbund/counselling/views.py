"""Thin views: parse, ask ``policy``, read through ``queries`` or open through ``services``.

A case or report someone may not see answers 404, as if it did not exist. Pages with case
content are wrapped in ``guard.counsellor_required`` (two-factor login, inactivity timeout).
The public report pages need no account and keep nothing about the visitor.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from verbund.counselling import exports, guard, policy, protection, queries, services
from verbund.counselling.forms import (
    AssignForm,
    AttachmentForm,
    CaseEditForm,
    CentreForm,
    CentreMessageForm,
    CloseForm,
    ConsentForm,
    EntryForm,
    FindCaseForm,
    MergeForm,
    OpenCaseForm,
    ReceiptForm,
    ReferForm,
    ReporterMessageForm,
    ReportForm,
    StatisticsForm,
    TeamForm,
)
from verbund.counselling.models import Case, Centre, Report
from verbund.counselling.taxonomy import ConsentKind, ReportStatus


def _centre(request: HttpRequest, pk: int, allowed: Any) -> Centre:
    centre = queries.centre_or_none(pk)
    if centre is None or not allowed(request.user, centre):
        raise Http404
    return centre


def _case(request: HttpRequest, pk: int) -> Case:
    case = queries.case_or_none(pk)
    if case is None or not policy.can_view_case(request.user, case):
        raise Http404
    return case


def _report(request: HttpRequest, pk: int) -> Report:
    report = queries.report_or_none(pk)
    if report is None or not policy.can_view_report(request.user, report):
        raise Http404
    return report


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("idle_seconds", guard.idle_seconds())
    return render(request, template, context, status=status)


# --- Start page, centres and teams ------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "counselling/index.html",
        {
            "centres": queries.centres_of(request.user),
            "networks": queries.networks_with_statistics(request.user),
            "organisations": [
                o
                for o in queries.administered_organisations(request.user)
                if policy.can_create_centre(request.user, o)
            ],
        },
    )


def timeout(request: HttpRequest) -> HttpResponse:
    """Where a counselling page sends itself after the idle time: ends the session."""
    if request.user.is_authenticated and guard.timed_out(request):
        logout(request)
        messages.info(
            request,
            _("You were logged out after %(minutes)d minutes without activity.")
            % {"minutes": settings.COUNSELLING_IDLE_MINUTES},
        )
        return redirect_to_login(reverse("counselling:index"))
    return redirect("counselling:index")


@login_required
def centre_new(request: HttpRequest) -> HttpResponse:
    organisations = [
        o
        for o in queries.administered_organisations(request.user)
        if policy.can_create_centre(request.user, o)
    ]
    if not organisations:
        raise Http404
    chosen = next(
        (o for o in organisations if o.slug == request.GET.get("organisation")), organisations[0]
    )
    form = CentreForm(
        request.POST or None,
        initial={
            "name": chosen.name,
            "postal_code": chosen.postal_code,
            "city": chosen.city,
            "accepts_reports": True,
            "retention_days": settings.COUNSELLING_RETENTION_DAYS,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            centre = services.create_centre(request.user, chosen, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The centre was created. Now appoint its lead."))
            return redirect("counselling:team", pk=centre.pk)
    return render(
        request,
        "counselling/centre_form.html",
        {"form": form, "organisation": chosen, "organisations": organisations},
        status=400 if form.errors else 200,
    )


@login_required
def centre_edit(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _centre(request, pk, policy.can_edit_centre)
    form = CentreForm(
        request.POST or None,
        initial={
            "name": centre.name,
            "postal_code": centre.postal_code,
            "city": centre.city,
            "languages": ", ".join(centre.languages),
            "accepts_reports": centre.accepts_reports,
            "retention_days": centre.retention_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_centre(request.user, centre, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("counselling:team", pk=centre.pk)
    return render(
        request,
        "counselling/centre_form.html",
        {"form": form, "centre": centre, "organisation": centre.organization},
        status=400 if form.errors else 200,
    )


@login_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _centre(request, pk, policy.can_view_team)
    manages = policy.can_manage_team(request.user, centre)
    form = TeamForm(request.POST or None)
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        if "remove" in request.POST:
            member = queries.team_member_or_none(centre, int(request.POST.get("remove") or 0))
            if member is None:
                raise Http404
            services.revoke_role(request.user, member)
            messages.success(request, _("The role was removed."))
            return redirect("counselling:team", pk=centre.pk)
        if form.is_valid():
            person = queries.person_by_email(form.cleaned_data["email"])
            if person is None:
                form.add_error("email", _("No account has this e-mail address."))
            elif not policy.can_grant(request.user, centre, person):
                form.add_error("email", _("Nobody can give a role to themselves."))
            else:
                services.grant_role(request.user, centre, person, form.cleaned_data["role"])
                messages.success(request, _("The role was given."))
                return redirect("counselling:team", pk=centre.pk)
    members = [
        (member, policy.team_role(member.person, centre) is not None)
        for member in queries.team(centre)
    ]
    return render(
        request,
        "counselling/team.html",
        {"centre": centre, "members": members, "form": form, "manages": manages},
        status=400 if form.errors else 200,
    )


# --- Cases ------------------------------------------------------------------------------------


@guard.counsellor_required
def centre(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _centre(request, pk, policy.is_team_member)
    find = FindCaseForm(request.GET if "code" in request.GET else None)
    if find.is_bound and find.is_valid():
        case = services.find_case(request.user, centre, find.cleaned_data["code"])
        if case is not None:
            return redirect("counselling:case", pk=case.pk)
        find.add_error("code", _("No case with this code that you may see."))
    status = request.GET.get("status", "")
    page, rows = queries.case_list(
        request.user, centre, status=status, page=request.GET.get("page", 1)
    )
    services.log_access(
        request.user, centre, "list", detail=f"page {page.number}, {len(rows)} rows"
    )
    return _page(
        request,
        "counselling/centre.html",
        {
            "centre": centre,
            "page": page,
            "rows": rows,
            "find": find,
            "status": status,
            "can_open": policy.can_open_case(request.user, centre),
            "can_triage": policy.can_triage(request.user, centre),
            "open_reports": services.open_reports_count(centre)
            if policy.can_triage(request.user, centre)
            else 0,
            "is_lead": policy.is_lead(request.user, centre),
        },
    )


@guard.counsellor_required
def case_new(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _centre(request, pk, policy.can_open_case)
    form = OpenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        given = data["opened_on"]
        try:
            case = services.open_case(
                request.user, centre, data, consents={kind: given for kind in data["consents"]}
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case was opened."))
            return redirect("counselling:case", pk=case.pk)
    return _page(
        request,
        "counselling/case_new.html",
        {"centre": centre, "form": form},
        status=400 if form.errors else 200,
    )


def _case_page(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    opened = services.read_case(request.user, case)
    people = queries.assignable(case.centre)
    context: dict[str, Any] = {
        "file": opened,
        "case": case,
        "centre": case.centre,
        "can_edit": policy.can_edit_case(request.user, case),
        "can_assign": policy.can_assign(request.user, case),
        "can_log": policy.can_view_access_log(request.user, case),
        "can_refer": policy.can_refer(request.user, case, opened.active_consents),
        "can_contact": policy.can_record_contact_details(opened.active_consents),
        "entry_form": forms.get("entry_form") or EntryForm(),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "consent_form": forms.get("consent_form") or ConsentForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            people=people,
            initial={
                "lead_counsellor": case.lead_counsellor_id,
                "co_counsellors": [p.pk for p in opened.co_counsellors],
            },
        ),
        "refer_form": forms.get("refer_form")
        or ReferForm(centres=queries.centres_for_referral(case)),
        "consent_kinds": ConsentKind,
    }
    return _page(request, "counselling/case.html", context, status=status)


@guard.counsellor_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, _case(request, pk))


def _editable(request: HttpRequest, pk: int) -> Case:
    case = _case(request, pk)
    if not policy.can_edit_case(request.user, case):
        raise PermissionDenied
    return case


@guard.counsellor_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable(request, pk)
    if request.method == "POST":
        form = CaseEditForm(request.POST)
        if form.is_valid():
            try:
                services.update_case(request.user, case, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect("counselling:case", pk=case.pk)
    else:
        opened = services.read_case(request.user, case)
        form = CaseEditForm(
            initial={
                "counselling_language": case.counselling_language,
                "grounds": opened.grounds,
                "domain": case.domain,
                "form": case.form,
                "level": case.level,
                "incident_on": case.incident_on,
                "place": opened.place,
                "client_name": opened.client.get("name", ""),
                "client_contact": opened.client.get("contact", ""),
                "client_languages": ", ".join(opened.client.get("languages", [])),
                "interpreting": opened.client.get("interpreting", False),
            }
        )
    return _page(
        request,
        "counselling/case_edit.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@guard.counsellor_required
def case_entry(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable(request, pk)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            services.add_entry(request.user, case, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The entry was added to the chronology."))
            return redirect("counselling:case", pk=case.pk)
    return _case_page(request, case, status=400, entry_form=form)


@require_POST
@guard.counsellor_required
def case_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(request.user, case, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The file was attached."))
            return redirect("counselling:case", pk=case.pk)
    return _case_page(request, case, status=400, attachment_form=form)


@require_POST
@guard.counsellor_required
def case_consent(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable(request, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.set_consent(
            request.user,
            case,
            form.cleaned_data["kind"],
            form.cleaned_data["decision"] == "give",
            form.cleaned_data["on"],
        )
        messages.success(request, _("The consent was recorded."))
        return redirect("counselling:case", pk=case.pk)
    return _case_page(request, case, status=400, consent_form=form)


@require_POST
@guard.counsellor_required
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if not policy.can_assign(request.user, case):
        raise PermissionDenied
    people = {str(p.pk): p for p in queries.assignable(case.centre)}
    form = AssignForm(request.POST, people=list(people.values()))
    if form.is_valid():
        try:
            services.assign(
                request.user,
                case,
                people[form.cleaned_data["lead_counsellor"]],
                [people[pk] for pk in form.cleaned_data["co_counsellors"]],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            if policy.can_view_case(request.user, case):
                return redirect("counselling:case", pk=case.pk)
            return redirect("counselling:centre", pk=case.centre_id)
    return _case_page(request, case, status=400, assign_form=form)


@require_POST
@guard.counsellor_required
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        services.close_case(request.user, case, form.cleaned_data["outcome"])
        messages.success(request, _("The case was closed."))
        return redirect("counselling:case", pk=case.pk)
    return _case_page(request, case, status=400, close_form=form)


@require_POST
@guard.counsellor_required
def case_refer(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable(request, pk)
    form = ReferForm(request.POST, centres=queries.centres_for_referral(case))
    if form.is_valid():
        try:
            services.refer(request.user, case, form.cleaned_data["centre"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case was referred; it is closed here."))
            return redirect("counselling:case", pk=case.pk)
    return _case_page(request, case, status=400, refer_form=form)


@guard.counsellor_required
def case_log(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if not policy.can_view_access_log(request.user, case):
        raise Http404
    return _page(
        request, "counselling/access_log.html", {"case": case, "entries": queries.access_log(case)}
    )


@guard.counsellor_required
def case_export(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    data = services.export_case(request.user, case)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="case-{case.pk}.json"'
    return response


@guard.counsellor_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.attachment_or_none(pk)
    if found is None:
        raise Http404
    try:
        name, content_type, data = services.download_attachment(request.user, found)
    except PermissionDenied as error:
        raise Http404 from error
    response = HttpResponse(data, content_type=content_type)
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "._-") or "file"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


# --- Triage -----------------------------------------------------------------------------------


@guard.counsellor_required
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _centre(request, pk, policy.can_triage)
    include_done = request.GET.get("all") == "1"
    return _page(
        request,
        "counselling/triage.html",
        {
            "centre": centre,
            "reports": queries.triage_queue(centre, include_done=include_done),
            "include_done": include_done,
        },
    )


@guard.counsellor_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    message_form = CentreMessageForm(
        request.POST if request.POST.get("action") == "message" else None
    )
    merge_form = MergeForm(
        request.POST if request.POST.get("action") == "merge" else None,
        reports=queries.other_reports(found),
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "message" and message_form.is_valid():
                services.centre_message(request.user, found, message_form.cleaned_data["text"])
                messages.success(
                    request, _("Your answer was sent. The reporter reads it with the receipt code.")
                )
                return redirect("counselling:report_detail", pk=found.pk)
            if action == "case":
                created = services.report_to_case(request.user, found)
                messages.success(request, _("The report is now a case."))
                return redirect("counselling:case", pk=created.pk)
            if action == "merge" and merge_form.is_valid():
                into = _report(request, int(merge_form.cleaned_data["into"]))
                services.merge_report(request.user, found, into)
                messages.success(request, _("The report was merged."))
                return redirect("counselling:report_detail", pk=found.pk)
            if action in ("close", "in_progress"):
                services.set_report_status(
                    request.user,
                    found,
                    ReportStatus.CLOSED if action == "close" else ReportStatus.IN_PROGRESS,
                )
                messages.success(request, _("Your changes have been saved."))
                return redirect("counselling:report_detail", pk=found.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("counselling:report_detail", pk=found.pk)
    opened = services.read_report(request.user, found)
    return _page(
        request,
        "counselling/report.html",
        {
            "view": opened,
            "report": found,
            "centre": found.centre,
            "message_form": message_form,
            "merge_form": merge_form,
            "statuses": ReportStatus,
        },
        status=400 if message_form.errors or merge_form.errors else 200,
    )


# --- The public report form and the receipt ---------------------------------------------------


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
def report_form(request: HttpRequest) -> HttpResponse:
    centres = queries.centres_for_reports()
    form = ReportForm(request.POST or None, request.FILES or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        with_pow = form.solved_proof_of_work
        limit = protection.report_limit(with_pow)
        if protection.exceeded(request, limit):
            return _no_store(
                render(
                    request,
                    "counselling/report_refused.html",
                    {"with_pow": with_pow, "allowed": limit.allowed},
                    status=429,
                )
            )
        data = form.cleaned_data
        chosen = form.centres.get(data.get("centre") or "") or services.nearest_centre(
            data.get("postal_code") or "", centres
        )
        if chosen is None:
            form.add_error(
                "postal_code", _("We found no centre for this postal code. Please choose one.")
            )
        else:
            try:
                submitted = services.submit_report(
                    request.user,
                    chosen,
                    data,
                    data.get("files") or [],
                    language=translation.get_language() or settings.LANGUAGE_CODE,
                )
            except ValidationError as error:
                form.add_error("files", error)
            else:
                protection.count(request, limit)
                return _no_store(
                    render(
                        request,
                        "counselling/receipt_issued.html",
                        {"code": submitted.receipt_code, "centre": chosen},
                    )
                )
    response = render(
        request,
        "counselling/report_form.html",
        {
            "form": form,
            "challenge": protection.challenge_json(),
            "centres": centres,
            "strict_limit": settings.COUNSELLING_REPORTS_PER_HOUR_WITHOUT_POW,
        },
        status=400 if form.errors else 200,
    )
    return _no_store(response)


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    """Status and messages of a report for whoever holds its receipt code (sent by POST,
    so the code is never part of an address or a log line)."""
    lookup = ReceiptForm(
        request.POST if request.method == "POST" and "text" not in request.POST else None
    )
    reply = ReporterMessageForm(request.POST if "text" in request.POST else None)
    found: Report | None = None
    code = ""
    if request.method == "POST":
        limit = protection.receipt_limit()
        if protection.exceeded(request, limit):
            return _no_store(render(request, "counselling/receipt_refused.html", status=429))
        code = str(request.POST.get("code") or "")
        found = services.find_report(code)
        if found is None:
            protection.count(request, limit)
            lookup = ReceiptForm(request.POST)
            lookup.is_valid()
            lookup.add_error("code", _("We found no report with this code. Please check it."))
        elif reply.is_bound and reply.is_valid():
            services.reporter_message(found, reply.cleaned_data["text"])
            messages.success(request, _("Your message was sent to the centre."))
            reply = ReporterMessageForm(initial={"code": code})
        elif not reply.is_bound:
            reply = ReporterMessageForm(initial={"code": code})
    view = services.reporter_view(found) if found is not None else None
    return _no_store(
        render(
            request,
            "counselling/receipt.html",
            {"lookup": lookup, "view": view, "reply": reply, "statuses": ReportStatus},
            status=400 if lookup.errors else 200,
        )
    )


# --- Statistics -------------------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    form = StatisticsForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("year"):
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


def _check_format(fmt: str) -> None:
    if fmt not in ("", "csv", "xlsx"):
        raise Http404


def _statistics_response(
    request: HttpRequest, stats: Any, heading: str, fmt: str, name: str
) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(
            exports.to_csv(stats, heading), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}-{stats.year}.csv"'
        return response
    response = HttpResponse(
        exports.to_xlsx(stats, heading),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{stats.year}.xlsx"'
    return response


@guard.counsellor_required
def centre_statistics(request: HttpRequest, pk: int, fmt: str = "") -> HttpResponse:
    _check_format(fmt)
    centre = _centre(request, pk, policy.can_view_centre_statistics)
    stats = queries.centre_statistics(centre, _year(request))
    if fmt:
        services.log_access(request.user, centre, "statistics_export", detail=fmt)
        return _statistics_response(request, stats, centre.name, fmt, f"centre-{centre.pk}")
    return _page(
        request,
        "counselling/statistics.html",
        {
            "stats": stats,
            "heading": centre.name,
            "centre": centre,
            "form": StatisticsForm(initial={"year": stats.year}),
            "csv_url": reverse("counselling:centre_statistics_file", args=[centre.pk, "csv"]),
            "xlsx_url": reverse("counselling:centre_statistics_file", args=[centre.pk, "xlsx"]),
        },
    )


@login_required
def network_statistics(request: HttpRequest, slug: str, fmt: str = "") -> HttpResponse:
    _check_format(fmt)
    network = queries.organisation_by_slug(slug)
    if network is None or not policy.can_view_network_statistics(request.user, network):
        raise Http404
    stats = queries.network_statistics(network, _year(request))
    if fmt:
        return _statistics_response(request, stats, network.name, fmt, f"network-{network.slug}")
    return render(
        request,
        "counselling/statistics.html",
        {
            "stats": stats,
            "heading": network.name,
            "network": network,
            "form": StatisticsForm(initial={"year": stats.year}),
            "csv_url": reverse("counselling:network_statistics_file", args=[network.slug, "csv"]),
            "xlsx_url": reverse("counselling:network_statistics_file", args=[network.slug, "xlsx"]),
        },
    )
