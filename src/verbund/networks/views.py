"""Thin views: read through ``queries``, decide through ``policy``, write through ``services``."""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from verbund.core.forms import add_errors, editable_copy
from verbund.core.spreadsheets import safe_row
from verbund.networks import policy, queries, services
from verbund.networks.forms import (
    AddMemberForm,
    AnswerForm,
    ApplyForm,
    BodyForm,
    CustomTypeForm,
    DecisionForm,
    ExternalSeatForm,
    InviteForm,
    MailingForm,
    MembershipChangeForm,
    NetworkRoleForm,
    SeatForm,
)
from verbund.networks.models import (
    Body,
    EntryGrant,
    ExternalSeat,
    Mailing,
    Membership,
    NetworkRole,
    Seat,
)
from verbund.networks.taxonomy import (
    LIVE_STATUSES,
    MailingStatus,
    MembershipStatus,
    MessageKind,
)
from verbund.organizations.models import Organization, TakeOverInvitation

# What the membership history calls each audited action.
HISTORY_LABELS = {
    "membership.applied": gettext_lazy("Applied"),
    "membership.approved": gettext_lazy("Application accepted"),
    "membership.rejected": gettext_lazy("Application rejected"),
    "membership.added": gettext_lazy("Recorded as member by platform staff"),
    "membership.invited": gettext_lazy("Invited"),
    "membership.invitation_accepted": gettext_lazy("Invitation accepted"),
    "membership.invitation_declined": gettext_lazy("Invitation declined"),
    "membership.invitation_withdrawn": gettext_lazy("Invitation withdrawn"),
    "membership.entry_created": gettext_lazy("Entered by the network's import"),
    "membership.changed": gettext_lazy("Changed"),
}


def _network(request: HttpRequest, slug: str) -> Organization:
    network = get_object_or_404(Organization, slug=slug)
    if not policy.can_view_network(request.user, network):
        raise Http404
    return network


def _nav(request: HttpRequest, network: Organization) -> dict[str, Any]:
    user = request.user
    return {
        "network": network,
        "can_members_area": policy.can_view_members_area(user, network),
        "can_manage_members": policy.can_manage_memberships(user, network),
        "can_invite": policy.can_invite(user, network),
        "can_record": policy.can_record_membership(user, network),
        "has_powers": policy.has_powers(network),
        "can_manage_roles": policy.can_manage_roles(user, network),
        "can_manage_bodies": policy.can_manage_bodies(user, network),
        "can_mail": policy.can_mail(user, network),
    }


def _render(
    request: HttpRequest,
    template: str,
    network: Organization,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    return render(
        request, f"networks/{template}", {**_nav(request, network), **context}, status=status
    )


# --- Public pages -----------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "networks/index.html", {"networks": queries.networks_with_members()})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    summary = queries.network_summary(network, request.user)
    can_apply = policy.can_apply_to(request.user, network)
    return _render(request, "detail.html", network, {"summary": summary, "can_apply": can_apply})


def data(request: HttpRequest, slug: str) -> JsonResponse:
    """The public figures of the network page as JSON, under the platform's data licence."""
    network = _network(request, slug)
    summary = queries.network_summary(network, None)
    return JsonResponse(
        {
            "network": {"name": network.name, "slug": network.slug, "kind": network.kind},
            "licence": {
                "name": str(settings.VERBUND_DATA_LICENCE["name"]),
                "url": str(settings.VERBUND_DATA_LICENCE["url"]),
            },
            "direct_members": summary.direct_total,
            "members_by_kind": {t.value: t.count for t in summary.members_by_kind},
            "represented": summary.represented_total,
            "represented_by_state": {t.value: t.count for t in summary.by_state},
            "members": [
                {
                    "name": m.member.name,
                    "slug": m.member.slug,
                    "kind": m.member.kind,
                    "city": m.member.city,
                    "type": m.type,
                    "since": m.active_since.isoformat() if m.active_since else None,
                }
                for m in summary.members
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def structure(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    root = queries.structure(network, request.user)
    return _render(request, "structure.html", network, {"root": root})


def body(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _network(request, slug)
    the_body = get_object_or_404(Body, pk=pk, organization=network)
    if not policy.can_view_body(request.user, the_body):
        if request.user.is_authenticated:
            raise PermissionDenied
        raise Http404
    current = queries.current_seats(the_body)
    return _render(
        request,
        "body.html",
        network,
        {
            "body": the_body,
            "current": current,
            "history": queries.body_history(the_body),
            "can_edit_body": policy.can_manage_bodies(request.user, network),
        },
    )


# --- Members ----------------------------------------------------------------------------------


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    if not policy.can_view_members_area(request.user, network):
        raise PermissionDenied
    memberships = list(queries.memberships_of_network(network))
    if not policy.can_manage_memberships(request.user, network):
        memberships = [m for m in memberships if m.status == MembershipStatus.ACTIVE]
    return _render(
        request,
        "members.html",
        network,
        {
            "memberships": memberships,
            "applications": [m for m in memberships if m.status == MembershipStatus.APPLIED],
            "invitations": [m for m in memberships if m.status == MembershipStatus.INVITED],
            "can_decide": policy.can_decide_applications(request.user, network),
            "decision_form": DecisionForm(),
            "type_form": CustomTypeForm(),
        },
    )


@login_required
def members_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The member registry as a spreadsheet for the office: semicolons and UTF-8 with BOM, as
    the registry export writes them, so German Excel opens both the same way."""
    network = _network(request, slug)
    if not policy.can_manage_memberships(request.user, network):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{network.slug}-members.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Organisation"),
            _("Kind"),
            _("City"),
            _("Federal state"),
            _("Membership type"),
            _("Status"),
            _("Applied on"),
            _("Member since"),
            _("Suspended since"),
            _("Ended on"),
        ]
    )
    for m in queries.memberships_of_network(network):
        writer.writerow(
            safe_row(
                [
                    m.member.name,
                    m.member.get_kind_display(),
                    m.member.city,
                    m.member.get_federal_state_display(),
                    m.type_label,
                    m.get_status_display(),
                    *[
                        day.isoformat() if day else ""
                        for day in (m.applied_on, m.active_since, m.suspended_since, m.ended_on)
                    ],
                ]
            )
        )
    return response


@login_required
def invite_member(request: HttpRequest, slug: str) -> HttpResponse:
    """The network invites an organisation; it joins when its administrators accept."""
    network = _network(request, slug)
    if not policy.can_invite(request.user, network):
        raise PermissionDenied
    form = InviteForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        type_, custom = form.membership_type()
        member = form.cleaned_data["member"]
        try:
            membership = services.invite_member(
                request.user,
                network,
                member,
                type_=type_,
                custom_type=custom,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if membership.status == MembershipStatus.ACTIVE:
                text = _("You administer %(name)s too: it is now a member.")
            else:
                text = _(
                    "%(name)s is invited. It becomes a member when one of its "
                    "administrators accepts."
                )
            messages.success(request, text % {"name": member.name})
            return redirect("networks:members", slug=slug)
    return _render(
        request, "invite_form.html", network, {"form": form}, status=400 if form.errors else 200
    )


@login_required
def add_member(request: HttpRequest, slug: str) -> HttpResponse:
    """Platform staff record a membership without the member's answer, with a reason."""
    network = _network(request, slug)
    if not policy.can_record_membership(request.user, network):
        raise PermissionDenied
    form = AddMemberForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        type_, custom = form.membership_type()
        try:
            services.add_member(
                request.user,
                network,
                form.cleaned_data["member"],
                reason=form.cleaned_data["reason"],
                type_=type_,
                custom_type=custom,
                active_since=form.cleaned_data.get("active_since"),
                notify=True,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now listed as a member.")
                % {"name": form.cleaned_data["member"].name},
            )
            return redirect("networks:members", slug=slug)
    return _render(
        request, "member_form.html", network, {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _network(request, slug)
    the_membership = get_object_or_404(Membership, pk=pk, network=network)
    if not policy.can_withdraw_invitation(request.user, the_membership):
        raise PermissionDenied
    services.withdraw_invitation(request.user, the_membership)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("networks:members", slug=slug)


@login_required
@require_POST
def request_grant(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _network(request, slug)
    if not policy.can_request_grant(request.user, network):
        raise PermissionDenied
    the_membership = get_object_or_404(Membership, pk=pk, network=network)
    try:
        services.request_entry_grant(request.user, network, the_membership.member)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s is asked whether your network may keep its entry.")
            % {"name": the_membership.member.name},
        )
    return redirect("networks:membership", slug=slug, pk=pk)


# --- The member's side: consent ---------------------------------------------------------------


def _back(request: HttpRequest, fallback: str) -> str:
    """Where an answer returns to: the page it came from, if it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
def consents(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's invitations, memberships and stewardship grants, for its admins."""
    organization = get_object_or_404(Organization, slug=slug)
    if not policy.can_view_consents(request.user, organization):
        raise PermissionDenied
    return render(
        request,
        "networks/consents.html",
        {
            "organization": organization,
            "consents": queries.consents_of(organization),
            "can_answer": policy.speaks_for(request.user, organization),
        },
    )


@login_required
@require_POST
def answer_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    the_membership = get_object_or_404(Membership, pk=pk)
    if not policy.can_answer_invitation(request.user, the_membership):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    fallback = reverse("networks:consents", kwargs={"slug": the_membership.member.slug})
    if not form.is_valid():
        messages.error(request, _("Choose whether you accept or decline."))
        return redirect(_back(request, fallback))
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.answer_invitation(
            request.user, the_membership, accept=accept, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        names = {"member": the_membership.member.name, "network": the_membership.network.name}
        messages.success(
            request,
            (
                _("%(member)s is now a member of %(network)s.")
                if accept
                else _("You declined the invitation of %(network)s.")
            )
            % names,
        )
    return redirect(_back(request, fallback))


@login_required
@require_POST
def answer_grant(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(EntryGrant, pk=pk)
    fallback = reverse("networks:consents", kwargs={"slug": grant.organization.slug})
    decision = request.POST.get("decision", "")
    names = {"member": grant.organization.name, "network": grant.network.name}
    if decision == "revoke":
        if not policy.can_revoke_grant(request.user, grant):
            raise PermissionDenied
        services.revoke_entry_grant(request.user, grant)
        messages.success(
            request, _("%(network)s may no longer keep the entry of %(member)s.") % names
        )
        return redirect(_back(request, fallback))
    if not policy.can_answer_grant(request.user, grant):
        raise PermissionDenied
    if decision not in {"accept", "decline"}:
        messages.error(request, _("Choose whether you accept or decline."))
        return redirect(_back(request, fallback))
    try:
        services.answer_entry_grant(request.user, grant, accept=decision == "accept")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            (
                _("%(network)s may now keep the entry of %(member)s.")
                if decision == "accept"
                else _("You declined the request of %(network)s.")
            )
            % names,
        )
    return redirect(_back(request, fallback))


@login_required
@require_POST
def define_type(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    if not policy.can_manage_memberships(request.user, network):
        raise PermissionDenied
    form = CustomTypeForm(request.POST)
    if form.is_valid():
        services.define_membership_type(request.user, network, form.cleaned_data["name"])
        messages.success(request, _("The membership type has been added."))
    else:
        messages.error(request, _("Give the membership type a name."))
    return redirect("networks:members", slug=slug)


@login_required
def membership(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _network(request, slug)
    if not policy.can_manage_memberships(request.user, network):
        raise PermissionDenied
    the_membership = get_object_or_404(queries.memberships(), pk=pk, network=network)
    initial = {
        "status": the_membership.status,
        "type": (
            f"custom:{the_membership.custom_type_id}"
            if the_membership.custom_type_id
            else the_membership.type
        ),
    }
    form = MembershipChangeForm(request.POST or None, network=network, initial=initial)
    if request.method == "POST" and form.is_valid():
        type_, custom = form.membership_type()
        try:
            services.change_membership(
                request.user,
                the_membership,
                status=form.cleaned_data["status"],
                type_=type_,
                custom_type=custom,
                on=form.cleaned_data.get("on"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("networks:membership", slug=slug, pk=pk)
    history = services.membership_history(the_membership)
    for entry in history:
        entry.label = HISTORY_LABELS.get(entry.action, entry.action)
    return _render(
        request,
        "membership.html",
        network,
        {
            "membership": the_membership,
            "form": form,
            "history": history,
            "grant": queries.open_grant(network, the_membership.member),
            "can_request_grant": policy.can_request_grant(request.user, network)
            and the_membership.status in LIVE_STATUSES,
            "can_withdraw": policy.can_withdraw_invitation(request.user, the_membership),
            "can_decide": policy.can_decide_applications(request.user, network),
            "decision_form": DecisionForm(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _network(request, slug)
    if not policy.can_decide_applications(request.user, network):
        raise PermissionDenied
    the_membership = get_object_or_404(Membership, pk=pk, network=network)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("networks:membership", slug=slug, pk=pk)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.decide_application(
            request.user, the_membership, approve=approve, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The application has been accepted.")
            if approve
            else _("The application has been rejected."),
        )
    return redirect("networks:members", slug=slug)


@login_required
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    if not policy.can_apply_to(request.user, network):
        raise PermissionDenied
    applicants = queries.possible_applicants(request.user, network)
    form = ApplyForm(request.POST or None, network=network, applicants=applicants)
    if request.method == "POST" and form.is_valid():
        type_, custom = form.membership_type()
        try:
            services.apply_for_membership(
                request.user,
                form.cleaned_data["applicant"],
                network,
                form.cleaned_data["statement"],
                type_=type_,
                custom_type=custom,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The network's coordinators will decide on "
                    "your application; you will get an e-mail."
                ),
            )
            return redirect("networks:detail", slug=slug)
    return _render(
        request, "apply.html", network, {"form": form}, status=400 if form.errors else 200
    )


# --- Roles ------------------------------------------------------------------------------------


@login_required
def roles(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    if not policy.can_manage_roles(request.user, network):
        raise PermissionDenied
    form = NetworkRoleForm(request.POST or None)
    if request.method == "POST" and request.POST.get("remove"):
        role = get_object_or_404(NetworkRole, pk=request.POST["remove"], network=network)
        services.set_network_role(request.user, network, role.person, None)
        messages.success(request, _("Your changes have been saved."))
        return redirect("networks:roles", slug=slug)
    if request.method == "POST" and form.is_valid():
        services.set_network_role(
            request.user, network, form.cleaned_data["person"], form.cleaned_data["role"]
        )
        messages.success(request, _("Your changes have been saved."))
        return redirect("networks:roles", slug=slug)
    return _render(
        request,
        "roles.html",
        network,
        {
            "form": form,
            "roles": queries.network_roles_of(network),
            "admins": queries.administrators_of(network),
        },
        status=400 if form.errors else 200,
    )


# --- Bodies and seats -------------------------------------------------------------------------


def _managed(request: HttpRequest, slug: str) -> Organization:
    organization = _network(request, slug)
    if not policy.can_manage_bodies(request.user, organization):
        raise PermissionDenied
    return organization


@login_required
def bodies(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _managed(request, slug)
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.save_body(request.user, organization, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The body has been added. Now add its seats."))
            return redirect("networks:body", slug=slug, pk=created.pk)
    return _render(
        request,
        "bodies.html",
        organization,
        {
            "form": form,
            "bodies": queries.bodies_with_current_seats(organization, include_internal=True),
        },
        status=400 if form.errors else 200,
    )


@login_required
def body_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _managed(request, slug)
    the_body = get_object_or_404(Body, pk=pk, organization=organization)
    if request.method == "POST" and request.POST.get("remove"):
        services.remove_body(request.user, the_body)
        messages.success(request, _("The body has been removed."))
        return redirect("networks:bodies", slug=slug)
    # The forms validate copies: the services record the change against the stored row.
    form = BodyForm(request.POST or None, instance=editable_copy(the_body))
    if request.method == "POST" and form.is_valid():
        services.save_body(request.user, organization, form.cleaned_data, body=the_body)
        messages.success(request, _("Your changes have been saved."))
        return redirect("networks:body", slug=slug, pk=pk)
    return _render(
        request,
        "body_form.html",
        organization,
        {"form": form, "body": the_body},
        status=400 if form.errors else 200,
    )


@login_required
def seat(request: HttpRequest, slug: str, pk: int, seat_pk: int | None = None) -> HttpResponse:
    organization = _managed(request, slug)
    the_body = get_object_or_404(Body, pk=pk, organization=organization)
    the_seat = get_object_or_404(Seat, pk=seat_pk, body=the_body) if seat_pk else None
    if request.method == "POST" and the_seat is not None and request.POST.get("remove"):
        services.remove_seat(request.user, the_seat)
        messages.success(request, _("The seat has been removed."))
        return redirect("networks:body", slug=slug, pk=pk)
    form = SeatForm(
        request.POST or None,
        instance=editable_copy(the_seat) if the_seat is not None else None,
        body=the_body,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_seat(request.user, the_body, form.service_data(), seat=the_seat)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("networks:body", slug=slug, pk=pk)
    return _render(
        request,
        "seat_form.html",
        organization,
        {
            "form": form,
            "body": the_body,
            "seat": the_seat,
        },
        status=400 if form.errors else 200,
    )


@login_required
def external(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    organization = _managed(request, slug)
    the_seat = get_object_or_404(ExternalSeat, pk=pk, organization=organization) if pk else None
    if request.method == "POST" and the_seat is not None and request.POST.get("remove"):
        services.remove_external_seat(request.user, the_seat)
        messages.success(request, _("Your changes have been saved."))
        return redirect("networks:external", slug=slug)
    form = ExternalSeatForm(
        request.POST or None, instance=editable_copy(the_seat) if the_seat is not None else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_external_seat(
                request.user, organization, form.cleaned_data, seat=the_seat
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("networks:external", slug=slug)
    return _render(
        request,
        "external.html",
        organization,
        {
            "form": form,
            "seat": the_seat,
            "seats": organization.external_seats.all(),
        },
        status=400 if form.errors else 200,
    )


# --- Mailings ---------------------------------------------------------------------------------


def _mailer(request: HttpRequest, slug: str) -> Organization:
    network = _network(request, slug)
    if not policy.can_mail(request.user, network):
        raise PermissionDenied
    return network


@login_required
def mailings(request: HttpRequest, slug: str) -> HttpResponse:
    network = _mailer(request, slug)
    return _render(request, "mailings.html", network, {"mailings": queries.mailings_of(network)})


@login_required
def mailing_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    network = _mailer(request, slug)
    mailing = get_object_or_404(Mailing, pk=pk, network=network) if pk else None
    if mailing is not None and mailing.status != MailingStatus.DRAFT:
        return redirect("networks:mailing", slug=slug, pk=mailing.pk)
    initial = MailingForm.initial_for(mailing.versions, mailing.audience) if mailing else None
    form = MailingForm(request.POST or None, network=network, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_mailing(
                request.user, network, form.versions(), form.audience(), mailing=mailing
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The mailing has been saved. Check the preview, then send it.")
            )
            return redirect("networks:mailing", slug=slug, pk=saved.pk)
    return _render(
        request,
        "mailing_form.html",
        network,
        {"form": form, "mailing": mailing},
        status=400 if form.errors else 200,
    )


@login_required
def mailing(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Preview before sending; delivery status afterwards."""
    network = _mailer(request, slug)
    the_mailing = get_object_or_404(Mailing, pk=pk, network=network)
    context: dict[str, Any] = {"mailing": the_mailing}
    if the_mailing.status == MailingStatus.DRAFT:
        reach = queries.reach_for(network, the_mailing.audience, list(the_mailing.versions))
        recipients = reach.reached
        by_language: dict[str, int] = {}
        for recipient in recipients:
            language, _version = the_mailing.version_for(recipient.language)
            by_language[language] = by_language.get(language, 0) + 1
        # Addresses the sender may not see under the registry's rules are counted only.
        listed = queries.shown_recipients(request.user, network, recipients)
        context.update(
            {
                "recipient_count": len(recipients),
                "by_language": sorted(by_language.items()),
                "sample": listed.shown[:20],
                "hidden_count": listed.hidden,
                "unsubscribed_count": len(reach.recipients) - len(recipients),
                "missing": reach.missing,
                "versions": sorted(the_mailing.versions.items()),
            }
        )
    else:
        listed = queries.shown_recipients(
            request.user, network, queries.mailing_recipients(the_mailing)
        )
        context.update(
            {
                "counts": queries.delivery_counts(the_mailing),
                "recipients": listed.shown[:500],
                "hidden_count": listed.hidden,
            }
        )
    return _render(request, "mailing.html", network, context)


@login_required
@require_POST
def mailing_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _mailer(request, slug)
    the_mailing = get_object_or_404(Mailing, pk=pk, network=network)
    try:
        count = services.send_mailing(request.user, the_mailing)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The mailing is on its way to %(count)s recipients.") % {"count": count}
        )
    return redirect("networks:mailing", slug=slug, pk=pk)


@csrf_exempt  # mail programs post the one-click unsubscribe without a session; the token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:  # is the permission
    try:
        network_id, email, kind = services.unsubscribe_target(token)
    except signing.BadSignature as error:
        raise Http404 from error
    network = get_object_or_404(Organization, pk=network_id)
    done = False
    if request.method == "POST":
        services.unsubscribe(token)
        done = True
    return render(
        request,
        "networks/unsubscribe.html",
        {
            "network": network,
            "email": email,
            "done": done,
            "kind": kind,
            "kind_label": MessageKind(kind).label,
        },
    )


# --- Taking over profiles ----------------------------------------------------------------------


@login_required
def take_over(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite the members nobody administers to take over their profiles, and follow each
    invitation: sent, opened, accepted, not delivered, expired; send again."""
    network = _network(request, slug)
    if not policy.can_manage_memberships(request.user, network):
        raise PermissionDenied
    if request.method == "POST":
        try:
            if "resend" in request.POST:
                services.resend_take_over(request.user, network, int(request.POST["resend"]))
                messages.success(request, _("The invitation is being sent again."))
            else:
                done = services.invite_members_to_take_over(request.user, network)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s organisation is being invited.",
                        "%(count)s organisations are being invited.",
                        len(done.invited),
                    )
                    % {"count": len(done.invited)},
                )
                if done.no_address:
                    messages.warning(
                        request,
                        _("No address to write to: %(names)s. Add one to their profiles.")
                        % {"names": ", ".join(o.name for o in done.no_address)},
                    )
                if done.not_kept:
                    messages.warning(
                        request,
                        _(
                            "Not invited, because they have not let the network keep their "
                            "entry: %(names)s."
                        )
                        % {"names": ", ".join(o.name for o in done.not_kept)},
                    )
        except (ValueError, KeyError, TakeOverInvitation.DoesNotExist) as error:
            raise Http404 from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("networks:take_over", slug=network.slug)
    return _render(
        request, "take_over.html", network, {"overview": queries.take_over_overview(network)}
    )
