"""Thin views: read through ``queries``, decide through ``policy``, write through ``services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.core import maptiles
from verbund.core.actors import SIGNED_LINK
from verbund.core.forms import add_errors, editable_copy
from verbund.meetings import ical, policy, queries, services
from verbund.meetings.forms import (
    ActionItemForm,
    AgendaItemForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    ResponseForm,
    StartMinutesForm,
    StatusForm,
)
from verbund.meetings.models import (
    ActionItem,
    AgendaItem,
    Invitation,
    Meeting,
    Minutes,
)
from verbund.meetings.pdf import minutes_filename
from verbund.meetings.pdf import minutes_pdf as render_minutes_pdf
from verbund.meetings.taxonomy import MinutesStatus, TaskStatus
from verbund.networks import policy as network_policy
from verbund.organizations.models import Organization


def _network(request: HttpRequest, slug: str) -> Organization:
    network = get_object_or_404(Organization, slug=slug)
    if not policy.can_view_meetings(request.user, network):
        raise Http404
    return network


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(queries.meetings(), pk=pk)
    if not policy.can_view_meeting(request.user, meeting):
        raise Http404
    return meeting


def _minutes(request: HttpRequest, pk: int) -> Minutes:
    minutes = get_object_or_404(queries.minutes(), pk=pk)
    if not policy.can_view_minutes(request.user, minutes):
        raise Http404
    return minutes


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Meetings ---------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    feed = services.calendar_feed(request.user)
    return render(
        request,
        "meetings/index.html",
        {
            "meetings": queries.upcoming_for(request.user),
            "feed_url": ical.absolute(
                reverse("meetings:person_feed", kwargs=dict(token=feed.token))
            ),
            "feed": feed,
        },
    )


@login_required
@require_POST
def renew_calendar(request: HttpRequest) -> HttpResponse:
    services.renew_calendar_feed(request.user)
    messages.success(request, _("Your calendar has a new address. Subscribe to it again."))
    return redirect("meetings:index")


@login_required
def network_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    feed = services.calendar_feed(request.user)
    return render(
        request,
        "meetings/network.html",
        {
            "network": network,
            "meetings": queries.visible_meetings_for(request.user, network),
            "can_schedule": policy.can_schedule(request.user, network),
            "feed_url": ical.absolute(
                reverse("meetings:network_feed", kwargs=dict(token=feed.token, slug=network.slug))
            ),
            "body_feeds": [
                (body, reverse("meetings:body_feed", kwargs={"token": feed.token, "pk": body.pk}))
                # This page is for the members area, which sees every body of the network.
                for body in queries.bodies_of(network)
            ],
        },
    )


@login_required
@maptiles.map_page
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    if not policy.can_schedule(request.user, network):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(request.user, network, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting is scheduled. Add the agenda and invite."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "network": network, "map_tiles": maptiles.tile_settings()},
    )


@login_required
@maptiles.map_page
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if not policy.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None, instance=editable_copy(meeting), network=meeting.organization
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(request.user, meeting, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting was changed."))
            return redirect("meetings:detail", pk=pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "network": meeting.organization,
            "meeting": meeting,
            "map_tiles": maptiles.tile_settings(),
        },
    )


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    services.cancel_meeting(request.user, meeting)
    messages.success(request, _("The meeting is cancelled."))
    return redirect("meetings:detail", pk=pk)


@login_required
@maptiles.map_page
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    manages = policy.can_manage_meeting(request.user, meeting)
    invitations = queries.invitations_of(meeting)
    own = next(
        (i for i in invitations if i.person_id is not None and i.person_id == request.user.pk),
        None,
    )
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "network": meeting.organization,
            "agenda": queries.agenda_of(meeting),
            "invitations": invitations if manages else [],
            "own_invitation": own,
            "answer_form": ResponseForm(initial={"response": own.response} if own else None),
            "manages": manages,
            "agenda_form": AgendaItemForm(meeting=meeting) if manages else None,
            "start_minutes_form": StartMinutesForm(
                initial={"held_on": queries.last_start(meeting).date()}
            ),
            "minutes_list": queries.visible_minutes(request.user, meeting),
            "next_start": queries.next_start(meeting),
            "invitable_count": queries.invitable_people(meeting).count() if manages else 0,
            "guest_count": queries.invitable_guest_count(meeting) if manages else 0,
            "map_tiles": maptiles.tile_settings(),
        },
    )


@login_required
@require_POST
def add_agenda_item(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.add_agenda_item(request.user, meeting, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("meetings:detail", pk=pk)
    messages.error(request, _("The agenda item could not be added: give it a title."))
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def move_agenda_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    if request.POST.get("remove"):
        services.remove_agenda_item(request.user, item)
    else:
        services.move_agenda_item(request.user, item, -1 if request.POST.get("up") else 1)
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    count = services.invite(request.user, meeting)
    messages.success(request, _("%(count)d invitations are on their way.") % {"count": count})
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    invitation = get_object_or_404(Invitation, meeting=meeting, person=request.user)
    form = ResponseForm(request.POST)
    if form.is_valid():
        services.respond(request.user, invitation, form.cleaned_data["response"])
        messages.success(request, _("Thank you, your answer is recorded."))
    return redirect("meetings:detail", pk=pk)


@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return _ics(ical.calendar([meeting], meeting.title), f"meeting-{meeting.pk}.ics")


def _link_expired(request: HttpRequest) -> HttpResponse:
    """410 Gone: the link was genuine once; nothing is changed, the person logs in instead."""
    return render(request, "meetings/link_expired.html", status=410)


def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation: the signed token is the permission, no login needed."""
    try:
        invitation = services.invitation_for_token(token)
    except Invitation.DoesNotExist as error:
        raise Http404 from error
    except services.LinkExpired:
        return _link_expired(request)
    form = ResponseForm(request.POST or None, initial={"response": invitation.response})
    if request.method == "POST" and form.is_valid():
        services.respond(SIGNED_LINK, invitation, form.cleaned_data["response"])
        return render(
            request, "meetings/rsvp.html", {"invitation": invitation, "form": None, "saved": True}
        )
    return render(request, "meetings/rsvp.html", {"invitation": invitation, "form": form})


# --- Minutes ----------------------------------------------------------------------------------


@login_required
@require_POST
def start_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = StartMinutesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of the sitting."))
        return redirect("meetings:detail", pk=pk)
    minutes = services.start_minutes(request.user, meeting, form.cleaned_data["held_on"])
    return redirect("meetings:minutes", pk=minutes.pk)


def _minutes_page(
    request: HttpRequest, minutes: Minutes, *, status: int = 200, **forms: Any
) -> HttpResponse:
    writes = policy.can_write_minutes(request.user, minutes)
    full = queries.minutes_with_records(minutes.pk)
    notes = full.item_notes or {}
    context: dict[str, Any] = {
        "minutes": full,
        "meeting": full.meeting,
        "network": full.meeting.organization,
        "agenda": [(item, notes.get(str(item.pk), "")) for item in full.meeting.agenda_items.all()],
        "writes": writes,
        "approves": policy.can_approve_minutes(request.user, minutes),
    }
    if writes:
        context["form"] = forms.get("form") or MinutesForm(minutes=full)
        context["decision_form"] = forms.get("decision_form") or DecisionForm(minutes=full)
        context["action_form"] = forms.get("action_form") or ActionItemForm(
            network=full.meeting.organization, minutes=full
        )
    return render(request, "meetings/minutes.html", context, status=status)


@login_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    record = _minutes(request, pk)
    if request.method == "POST":
        if not policy.can_write_minutes(request.user, record):
            raise PermissionDenied
        form = MinutesForm(request.POST, minutes=record)
        if form.is_valid():
            services.save_minutes(
                request.user,
                record,
                notes=form.cleaned_data["notes"],
                item_notes=form.item_notes(),
                attendees=form.cleaned_data["attendees"],
            )
            messages.success(request, _("The minutes are saved."))
            return redirect("meetings:minutes", pk=pk)
        return _minutes_page(request, record, form=form, status=400)
    return _minutes_page(request, record)


@login_required
@require_POST
def add_decision(request: HttpRequest, pk: int) -> HttpResponse:
    record = _minutes(request, pk)
    form = DecisionForm(request.POST, minutes=record)
    if form.is_valid():
        try:
            services.record_decision(request.user, record, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("meetings:minutes", pk=pk)
    return _minutes_page(request, record, decision_form=form, status=400)


@login_required
@require_POST
def add_action_item(request: HttpRequest, pk: int) -> HttpResponse:
    record = _minutes(request, pk)
    network = record.meeting.organization
    form = ActionItemForm(request.POST, network=network, minutes=record)
    if form.is_valid():
        try:
            services.create_action_item(request.user, network, form.cleaned_data, minutes=record)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The action item is recorded."))
            return redirect("meetings:minutes", pk=pk)
    return _minutes_page(request, record, action_form=form, status=400)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    record = _minutes(request, pk)
    try:
        services.approve_minutes(request.user, record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes are approved."))
    return redirect("meetings:minutes", pk=pk)


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    record = _minutes(request, pk)
    try:
        count = services.send_minutes(request.user, record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The minutes go out as PDF to %(count)d people.") % {"count": count}
        )
    return redirect("meetings:minutes", pk=pk)


@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    record = _minutes(request, pk)
    if record.status == MinutesStatus.DRAFT and not policy.can_write_minutes(request.user, record):
        raise Http404
    response = HttpResponse(render_minutes_pdf(record), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{minutes_filename(record)}"'
    return response


# --- Action items -----------------------------------------------------------------------------


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    items = queries.tasks_for(request.user)
    today = timezone.localdate()
    return render(
        request,
        "meetings/my_tasks.html",
        {
            "open_items": [
                i for i in items if i.status in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
            ],
            "closed_items": [
                i for i in items if i.status not in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
            ][:50],
            "today": today,
        },
    )


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    if not policy.can_manage_action_items(request.user, network):
        raise PermissionDenied
    items = queries.open_tasks_of(network)
    return render(
        request,
        "meetings/overview.html",
        {
            "network": network,
            "overdue": list(queries.overdue(items)),
            "items": list(items),
            "today": timezone.localdate(),
        },
    )


@login_required
def new_task(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    if not policy.can_manage_action_items(request.user, network):
        raise PermissionDenied
    form = ActionItemForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_action_item(request.user, network, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The action item is recorded."))
            return redirect("meetings:overview", slug=slug)
    return render(request, "meetings/task_form.html", {"form": form, "network": network})


@login_required
def task(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(queries.action_items(), pk=pk)
    if not policy.can_view_action_item(request.user, item):
        raise Http404
    can_update = policy.can_update_action_item(request.user, item)
    manages = policy.can_manage_action_items(request.user, item.organization)
    form: Any = None
    if manages:
        form = ActionItemForm(
            request.POST or None, instance=editable_copy(item), network=item.organization
        )
    elif can_update:
        form = StatusForm(request.POST or None, initial={"status": item.status})
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_action_item(request.user, item, form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The action item is saved."))
                return redirect("meetings:task", pk=pk)
    return render(request, "meetings/task.html", {"item": item, "form": form})


def task_done(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a task e-mail: the signed token speaks for the person it was sent to."""
    try:
        item, _person = services.action_item_for_token(token)
    except ActionItem.DoesNotExist as error:
        raise Http404 from error
    except services.LinkExpired:
        return _link_expired(request)
    done = False
    if request.method == "POST":
        try:
            item = services.mark_done_from_link(token)
        except PermissionDenied as error:
            raise Http404 from error
        done = True
    return render(request, "meetings/task_done.html", {"item": item, "done": done})


# --- Calendar feeds ---------------------------------------------------------------------------


def _feed_person(token: str) -> Any:
    person = queries.feed_owner(token)
    if person is None:
        raise Http404
    return person


def person_feed(request: HttpRequest, token: str) -> HttpResponse:
    person = _feed_person(token)
    meetings = queries.calendar_meetings_for_person(person)
    return _ics(ical.calendar(meetings, str(person)), "meetings.ics")


def network_feed(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    person = _feed_person(token)
    network = get_object_or_404(Organization, slug=slug)
    if not policy.can_view_meetings(person, network):
        raise Http404
    meetings = queries.visible_meetings_for(person, network)
    return _ics(ical.calendar(meetings, network.name), f"{network.slug}.ics")


def body_feed(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    person = _feed_person(token)
    body = get_object_or_404(queries.bodies(), pk=pk)
    if not (
        policy.can_view_meetings(person, body.organization)
        and network_policy.can_view_body(person, body)
    ):
        raise Http404
    meetings = queries.calendar_meetings_for_body(body)
    return _ics(
        ical.calendar(meetings, f"{body.display_name}, {body.organization.name}"),
        f"body-{body.pk}.ics",
    )
