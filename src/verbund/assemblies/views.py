"""Thin views: read through ``queries``, decide through ``policy``, write through ``services``."""

from __future__ import annotations

import io
import secrets
import time
from collections.abc import AsyncIterator
from typing import Any

import qrcode
import qrcode.image.svg
from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.handlers.asgi import ASGIRequest
from django.db import connection as db_connection
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.accounts import services as account_services
from verbund.assemblies import live as live_hub
from verbund.assemblies import policy, queries, services
from verbund.assemblies.forms import (
    AgendaItemForm,
    AmendmentForm,
    CandidateForm,
    CheckInForm,
    ConferenceForm,
    DelegateForm,
    MotionForm,
    MotionStatusForm,
    PollForm,
    ProxyForm,
    RegisterForm,
    SpeakForm,
    answer_from,
    ballot_form,
)
from verbund.assemblies.models import (
    AgendaItem,
    Amendment,
    Conference,
    Motion,
    Participant,
    Poll,
    SpeakRequest,
)
from verbund.assemblies.taxonomy import (
    ADOPTED_STATUSES,
    MOTION_TRANSITIONS,
    AgendaStatus,
    MotionStatus,
    ParticipantKind,
    PollStatus,
    Recommendation,
    RegistrationStatus,
)
from verbund.core.forms import add_errors, editable_copy
from verbund.organizations.models import Organization

# How long one server-sent event stream stays open; browsers reconnect by themselves.
STREAM_SECONDS = 300
HEARTBEAT_SECONDS = 15


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _conference(request: HttpRequest, pk: int) -> Conference:
    conference = get_object_or_404(queries.conferences(), pk=pk)
    if not policy.can_view_conference(request.user, conference):
        raise Http404
    return conference


def _poll(request: HttpRequest, pk: int) -> Poll:
    poll = get_object_or_404(queries.polls(), pk=pk)
    if not policy.can_view_poll(request.user, poll):
        raise Http404
    return poll


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assemblies/index.html",
        {
            "conferences": queries.visible_conferences(request.user),
            "networks": queries.networks_run_by(request.user),
        },
    )


@login_required
def create(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Organization, slug=slug)
    if not policy.can_create_conference(request.user, network):
        raise PermissionDenied
    form = ConferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.save_conference(request.user, network, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("assemblies:conference", pk=conference.pk)
    return render(request, "assemblies/conference_form.html", {"form": form, "network": network})


def conference(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    user = request.user
    participant = policy.participant_of(user, conference)
    proxies = queries.proxies_of(participant)
    can_give_proxy = bool(
        participant
        and participant.kind == ParticipantKind.DELEGATE
        and participant.vote_weight > 0
        and proxies.given is None
        and not proxies.held
    )
    context = {
        "conference": conference,
        "participant": participant,
        "proxy_given": proxies.given,
        "proxies_held": proxies.held,
        "polls": list(conference.polls.all()),
        "can_register": policy.can_register(user, conference) and participant is None,
        "register_form": RegisterForm(),
        "can_chair": policy.can_chair(user, conference),
        "can_manage": policy.can_manage_conference(user, conference),
        "can_check_in": policy.can_check_in(user, conference),
        "delegate_organizations": list(policy.represented_organizations(user, conference)),
        "can_name_for_members": policy.can_name_delegates_for_members(user, conference),
        "proxy_form": ProxyForm(delegates=queries.proxy_holders(conference, participant))
        if can_give_proxy and participant is not None
        else None,
        "live_url": reverse("assemblies:live", args=[conference.pk]),
    }
    return render(request, "assemblies/conference.html", context)


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    form = RegisterForm(request.POST)
    if form.is_valid():
        try:
            participant = services.register(
                request.user,
                conference,
                form.cleaned_data["kind"],
                consent=form.cleaned_data["consent"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            if participant.status == RegistrationStatus.WAITING:
                messages.info(request, _("The conference is full: you are on the waiting list."))
            else:
                messages.success(request, _("You are registered."))
    return redirect("assemblies:conference", pk=conference.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    participant = policy.participant_of(request.user, conference)
    if participant is None:
        raise PermissionDenied
    services.cancel_registration(request.user, participant)
    messages.success(request, _("Your registration has been cancelled."))
    return redirect("assemblies:conference", pk=conference.pk)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    if not policy.can_manage_conference(request.user, conference):
        raise PermissionDenied
    # The form validates a copy: the service records the change against ``conference``.
    form = ConferenceForm(request.POST or None, instance=editable_copy(conference))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_conference(
                request.user, conference.network, form.cleaned_data, conference=conference
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The conference has been saved."))
            return redirect("assemblies:conference", pk=conference.pk)
    return render(
        request,
        "assemblies/conference_form.html",
        {"form": form, "network": conference.network, "conference": conference},
    )


@login_required
def delegates(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    if not policy.can_open_delegates(request.user, conference):
        raise PermissionDenied
    organizations = policy.delegate_organizations(request.user, conference)
    if request.method == "POST" and "withdraw" in request.POST:
        invitation = get_object_or_404(
            queries.pending_delegate_invitations(conference, organizations),
            pk=request.POST.get("withdraw"),
        )
        try:
            services.withdraw_delegate_invitation(request.user, invitation)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("The invitation of %(name)s is withdrawn; the seat is free to name someone else.")
                % {"name": invitation.name},
            )
        return redirect("assemblies:delegates", pk=conference.pk)
    form = DelegateForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        # The same answer whether or not the address has an account: the link does the rest.
        try:
            invitation = services.invite_delegate(
                request.user,
                conference,
                form.cleaned_data["organization"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is named; the link to register is on its way.")
                % {"name": invitation.name},
            )
            return redirect("assemblies:delegates", pk=conference.pk)
    return render(
        request,
        "assemblies/delegates.html",
        {
            "conference": conference,
            "form": form,
            "named": queries.named_delegates(conference, organizations),
            "pending": queries.pending_delegate_invitations(conference, organizations),
        },
    )


def delegate_invitation(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The link a delegate named by address follows: the token is the permission."""
    conference = get_object_or_404(queries.conferences(), pk=pk)
    context: dict[str, Any] = {"conference": conference, "problem": None}
    try:
        invitation = services.read_delegate_invitation(token, conference)
    except ValidationError as error:
        context["problem"] = _error_text(error)
        return render(request, "assemblies/delegate_invitation.html", context, status=410)
    context["invitation"] = invitation
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.accept_delegate_invitation(request.user, token, conference)
        except ValidationError as error:
            context["problem"] = _error_text(error)
            return render(request, "assemblies/delegate_invitation.html", context, status=409)
        messages.success(
            request,
            _("You are registered as the delegate of %(organization)s.")
            % {"organization": invitation.organization.name},
        )
        return redirect("assemblies:conference", pk=conference.pk)
    if not request.user.is_authenticated:
        account_services.return_here_after_sign_in(request, request.path)
    context.update(
        signup_url=f"{reverse('account_signup')}?next={request.path}",
        login_url=f"{reverse('account_login')}?next={request.path}",
    )
    return render(request, "assemblies/delegate_invitation.html", context)


@login_required
@require_POST
def proxy(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    participant = policy.participant_of(request.user, conference)
    if participant is None:
        raise PermissionDenied
    try:
        if request.POST.get("withdraw"):
            services.withdraw_proxy(request.user, participant)
            messages.success(request, _("Your proxy has been withdrawn."))
        else:
            form = ProxyForm(request.POST, delegates=queries.proxy_holders(conference, participant))
            if not form.is_valid():
                messages.error(request, _("Choose the delegate who votes for you."))
            else:
                services.give_proxy(request.user, participant, form.cleaned_data["holder"])
                messages.success(request, _("Your proxy has been given."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("assemblies:conference", pk=conference.pk)


@login_required
def badge(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant's check-in QR code as SVG: it holds a signed link to the check-in."""
    conference = _conference(request, pk)
    participant = policy.participant_of(request.user, conference)
    if participant is None or participant.status != RegistrationStatus.REGISTERED:
        raise Http404
    url = request.build_absolute_uri(
        reverse(
            "assemblies:check_in_token",
            args=[conference.pk, services.check_in_token(participant)],
        )
    )
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def check_in(request: HttpRequest, pk: int, token: str = "") -> HttpResponse:
    conference = _conference(request, pk)
    if not policy.can_check_in(request.user, conference):
        raise PermissionDenied
    form = CheckInForm(request.POST or None, initial={"token": token})
    found: Participant | None = None
    if token:
        try:
            found = services.participant_for_token(conference, token)
        except ValidationError as error:
            form.add_error(None, error)
    if request.method == "POST" and form.is_valid():
        try:
            found = services.participant_for_token(conference, form.cleaned_data["token"])
            services.set_presence(request.user, found, request.POST.get("leave") != "1")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(person)s is checked in.") % {"person": found.person}
                if request.POST.get("leave") != "1"
                else _("%(person)s has left the hall.") % {"person": found.person},
            )
            return redirect("assemblies:check_in", pk=conference.pk)
    participants = queries.check_in_list(conference)
    return render(
        request,
        "assemblies/check_in.html",
        {
            "conference": conference,
            "form": form,
            "found": found,
            "participants": participants,
            "present": sum(1 for p in participants if p.present),
        },
    )


@login_required
@require_POST
def presence(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    participant = get_object_or_404(Participant, pk=participant_pk, conference=conference)
    try:
        services.set_presence(request.user, participant, request.POST.get("present") == "1")
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("assemblies:check_in", pk=conference.pk)


@login_required
def poll_new(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    if not policy.can_chair(request.user, conference):
        raise PermissionDenied
    form = PollForm(request.POST or None, network=conference.network, conference=conference)
    if request.method == "POST" and form.is_valid():
        try:
            poll = services.save_poll(request.user, conference, form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return redirect("assemblies:poll", pk=poll.pk)
    return render(request, "assemblies/poll_form.html", {"conference": conference, "form": form})


def poll(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _poll(request, pk)
    user = request.user
    slots = queries.ballot_slots(user, poll) if poll.status == PollStatus.OPEN else []
    forms_by_slot = [(slot, ballot_form(poll, prefix=f"p{slot.participant.pk}")) for slot in slots]
    result_rows = poll.result.get("candidates", []) if poll.status == PollStatus.CLOSED else []
    can_run = policy.can_run_poll(user, poll)
    return render(
        request,
        "assemblies/poll.html",
        {
            "poll": poll,
            "conference": poll.conference,
            "ballots": forms_by_slot,
            "can_run": can_run,
            "can_install": poll.is_election
            and poll.status == PollStatus.CLOSED
            and poll.seats_installed_at is None
            and policy.can_install_elected(user, poll),
            "turnout": queries.turnout(poll),
            "result_rows": result_rows,
            "candidate_form": CandidateForm() if can_run and poll.is_election else None,
            "candidates": list(poll.candidates.all()),
            "live_url": reverse("assemblies:live", args=[poll.conference_id]),
            "named_ballots": queries.named_ballots(poll)
            if policy.can_see_named_ballots(user, poll)
            else None,
            "outcome": _outcome_to_confirm(user, poll),
        },
    )


def _outcome_to_confirm(user: Any, poll: Poll) -> tuple[str, str] | None:
    """(status, its label) the chair may confirm for the motion this vote was on."""
    if not policy.can_manage_motions(user, poll.conference):
        return None
    status = queries.outcome_status(poll)
    return (status, str(MotionStatus(status).label)) if status else None


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _poll(request, pk)
    participant_pk = request.POST.get("participant", "")
    slots = {str(s.participant.pk): s for s in queries.ballot_slots(request.user, poll)}
    slot = slots.get(participant_pk)
    if slot is None:
        messages.error(request, _("You have no ballot in this poll."))
        return redirect("assemblies:poll", pk=poll.pk)
    form = ballot_form(poll, request.POST, prefix=f"p{participant_pk}")
    if not form.is_valid():
        messages.error(request, _("The ballot is incomplete: please mark your choice."))
        return redirect("assemblies:poll", pk=poll.pk)
    try:
        services.cast_vote(
            request.user,
            poll,
            answer_from(poll, form),
            participant=slot.participant if slot.by_proxy else None,
        )
    except (ValidationError, PermissionDenied) as error:
        text = _error_text(error) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text or _("Your ballot was not accepted."))
    else:
        messages.success(request, _("Your ballot has been cast."))
    return redirect("assemblies:poll", pk=poll.pk)


@login_required
@require_POST
def poll_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    poll = _poll(request, pk)
    target = poll
    try:
        if action == "open":
            services.open_poll(request.user, poll)
        elif action == "close":
            services.close_poll(request.user, poll)
        elif action == "runoff":
            target = services.create_runoff(request.user, poll)
        elif action == "confirm-outcome":
            motion = services.confirm_vote_outcome(request.user, poll)
            messages.success(
                request,
                _("%(motion)s: %(status)s.")
                % {"motion": motion.label, "status": motion.get_status_display()},
            )
            return redirect("assemblies:motion", pk=motion.pk)
        elif action == "install":
            services.install_elected(request.user, poll)
            messages.success(request, _("The elected now hold their seats."))
        elif action == "candidate":
            form = CandidateForm(request.POST)
            if form.is_valid():
                services.add_candidate(
                    request.user, poll, form.cleaned_data["name"], role=form.cleaned_data["role"]
                )
            else:
                messages.error(request, _("Enter the candidate's name."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("assemblies:poll", pk=target.pk)


def projector(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    polls = list(conference.polls.all())
    current = next((p for p in polls if p.status == PollStatus.OPEN), None)
    if current is None:
        closed = [p for p in polls if p.status == PollStatus.CLOSED]
        current = max(closed, key=lambda p: p.closed_at or p.pk) if closed else None
    return render(
        request,
        "assemblies/projector.html",
        {
            "conference": conference,
            "speaking": queries.current_speaking(conference.pk),
            "poll": current,
            "turnout": queries.turnout(current) if current else 0,
            "live_url": reverse("assemblies:live", args=[conference.pk]),
        },
    )


def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    user = request.user
    items = list(conference.agenda.all())
    current = next((item for item in items if item.status == AgendaStatus.CURRENT), None)
    participant = policy.participant_of(user, conference)
    my_request = queries.open_speak_request(current, participant)
    return render(
        request,
        "assemblies/agenda.html",
        {
            "conference": conference,
            "items": items,
            "current": current,
            "speaking": queries.current_speaking(conference.pk),
            "my_request": my_request,
            "can_speak": current is not None
            and my_request is None
            and policy.can_request_to_speak(user, conference),
            "speak_form": SpeakForm(),
            "can_chair": policy.can_chair(user, conference),
            "item_form": AgendaItemForm(),
            "live_url": reverse("assemblies:live", args=[conference.pk]),
        },
    )


@login_required
@require_POST
def agenda_action(request: HttpRequest, pk: int, action: str, item_pk: int = 0) -> HttpResponse:
    conference = _conference(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, conference=conference) if item_pk else None
    try:
        if action == "new":
            form = AgendaItemForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the agenda item a title."))
            else:
                services.save_agenda_item(request.user, conference, form.cleaned_data)
        elif action == "start" and item is not None:
            services.start_agenda_item(request.user, item)
        elif action == "next" and item is not None:
            services.call_next_speaker(request.user, item)
        elif action == "speak" and item is not None:
            speak = SpeakForm(request.POST)
            if not speak.is_valid():
                messages.error(request, _("Choose what you want to say."))
            else:
                services.request_to_speak(request.user, item, speak.cleaned_data["kind"])
                messages.success(request, _("You are on the list of speakers."))
        elif action == "withdraw":
            speak_request = get_object_or_404(
                SpeakRequest, pk=request.POST.get("request"), item__conference=conference
            )
            services.withdraw_request(request.user, speak_request)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("assemblies:agenda", pk=conference.pk)


def motions(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    user = request.user
    can_submit = policy.can_submit_motion(user, conference)
    form = MotionForm(
        request.POST or None, organizations=policy.represented_organizations(user, conference)
    )
    if request.method == "POST":
        if not can_submit:
            raise PermissionDenied
        if form.is_valid():
            try:
                motion = services.submit_motion(user, conference, form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your motion has been submitted as %(label)s.") % {"label": motion.label},
                )
                return redirect("assemblies:motion", pk=motion.pk)
    return render(
        request,
        "assemblies/motions.html",
        {
            "conference": conference,
            "motions": queries.motions_with_supporters(conference),
            "form": form if can_submit else None,
        },
    )


def _motion(request: HttpRequest, pk: int) -> Motion:
    motion = get_object_or_404(queries.motions(), pk=pk)
    if not policy.can_view_conference(request.user, motion.conference):
        raise Http404
    return motion


def motion(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _motion(request, pk)
    user = request.user
    conference = motion.conference
    page = queries.motion_page(motion, user)
    amendments = page.amendments
    paragraphs = [
        (number, text, [a for a in amendments if a.paragraph == number])
        for number, text in enumerate(motion.paragraphs, start=1)
    ]
    can_manage = policy.can_manage_motions(user, conference)
    next_statuses = [
        (code, MotionStatus(code).label) for code in sorted(MOTION_TRANSITIONS[motion.status])
    ]
    return render(
        request,
        "assemblies/motion.html",
        {
            "conference": conference,
            "motion": motion,
            "paragraphs": paragraphs,
            "supporters": page.supporters,
            "i_support": page.supported_by_viewer,
            "can_support": policy.can_support_motion(user, conference),
            "amendment_form": AmendmentForm(paragraphs=len(motion.paragraphs))
            if policy.can_submit_motion(user, conference)
            and motion.status
            in (MotionStatus.SUBMITTED, MotionStatus.ADMITTED, MotionStatus.REFERRED)
            else None,
            "can_manage": can_manage,
            "can_recommend": policy.can_recommend(user, motion),
            "status_form": MotionStatusForm(statuses=next_statuses, network=conference.network)
            if can_manage and next_statuses
            else None,
            "consolidated": queries.consolidated_paragraphs(motion),
            "has_changes": any(a.status == "adopted" for a in amendments),
            "polls": [(poll, _outcome_to_confirm(user, poll)) for poll in page.polls],
            "changes": queries.consolidation_changes(motion),
            "is_adopted": motion.status in ADOPTED_STATUSES,
        },
    )


@login_required
@require_POST
def motion_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    motion = _motion(request, pk)
    user = request.user
    try:
        if action == "support":
            services.support_motion(user, motion, request.POST.get("support") == "1")
        elif action == "status":
            form = MotionStatusForm(
                request.POST,
                statuses=[(c, c) for c in MOTION_TRANSITIONS[motion.status]],
                network=motion.conference.network,
            )
            if form.is_valid():
                services.change_motion_status(
                    user,
                    motion,
                    form.cleaned_data["status"],
                    referred_to=form.cleaned_data["referred_to"],
                )
            else:
                messages.error(request, _("Choose the new status."))
        elif action == "withdraw":
            services.change_motion_status(user, motion, MotionStatus.WITHDRAWN)
        elif action == "amend":
            amend = AmendmentForm(request.POST, paragraphs=len(motion.paragraphs))
            if amend.is_valid():
                services.submit_amendment(
                    user,
                    motion,
                    amend.cleaned_data["paragraph"],
                    amend.cleaned_data["new_text"],
                    amend.cleaned_data["reason"],
                )
                messages.success(request, _("Your amendment has been submitted."))
            else:
                messages.error(request, _("Choose the paragraph you want to change."))
        elif action in {"adopt-amendment", "reject-amendment", "recommend"}:
            amendment = get_object_or_404(
                Amendment, pk=request.POST.get("amendment"), motion=motion
            )
            if action == "recommend":
                recommendation = request.POST.get("recommendation", "")
                if recommendation not in Recommendation.values:
                    raise Http404
                services.recommend_amendment(user, amendment, recommendation)
            else:
                services.decide_amendment(user, amendment, adopted=action == "adopt-amendment")
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("assemblies:motion", pk=motion.pk)


def resolution_book(request: HttpRequest, pk: int) -> HttpResponse:
    """All adopted resolutions of the conference with their final text, as a PDF."""
    conference = _conference(request, pk)
    from verbund.assemblies.pdf import resolution_book_pdf

    response = HttpResponse(resolution_book_pdf(conference), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="resolutions-{conference.pk}.pdf"'
    return response


def _stream_conference_id(request: HttpRequest, pk: int) -> int:
    """Check access, then give the database connection back: a stream stays open for
    minutes and must not hold a connection (the hub reads the state for all streams)."""
    try:
        if queries.conference_is_public(pk):
            return pk
        return _conference(request, pk).pk
    finally:
        if isinstance(request, ASGIRequest):
            db_connection.close()


async def live(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """Server-sent events with the hall's state (polls, turnout, published results).

    Every process reads the state from the database through the shared cache, so any web
    process can serve any client. Without ASGI (the test server, plain WSGI) one event is
    sent and the browser reconnects after ``retry``: it then works as polling.
    """
    conference_id = await sync_to_async(_stream_conference_id)(request, pk)
    if not isinstance(request, ASGIRequest):
        state = await sync_to_async(queries.live_state)(conference_id)
        single = HttpResponse(
            "retry: 2000\n" + live_hub.event(state), content_type="text/event-stream"
        )
        single["Cache-Control"] = "no-cache"
        return single

    async def stream() -> AsyncIterator[str]:
        hub = live_hub.hub_for(conference_id)
        hub.subscribe()
        try:
            # Spread reconnections: when a process goes away, its thousand phones must not
            # all land on the next one in the same second (browsers honour "retry").
            yield f"retry: {secrets.randbelow(8000) + 2000}\n\n"
            if not hub.version:
                await hub.refresh()
            seen = hub.version
            yield hub.payload
            deadline = time.monotonic() + STREAM_SECONDS
            while time.monotonic() < deadline:
                newer = await hub.wait_newer(seen, HEARTBEAT_SECONDS)
                if newer is None:
                    yield ": keep-alive\n\n"
                else:
                    seen, payload = newer
                    yield payload
        finally:
            hub.unsubscribe()

    streaming = StreamingHttpResponse(stream(), content_type="text/event-stream")
    streaming["Cache-Control"] = "no-cache"
    streaming["X-Accel-Buffering"] = "no"
    return streaming
