"""Thin views: parse, ask ``policy``, read through ``queries``, write through ``services``.

A post, thread or project someone may not see answers 404, as if it did not exist. Forms
keep what was typed when the service refuses it, with the reason in the reader's language.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.core.forms import add_errors
from verbund.exchange import exports, ical, policy, queries, services
from verbund.exchange.forms import (
    AskForm,
    BookingForm,
    ContributionForm,
    CostLineForm,
    DiscussionForm,
    MessageForm,
    PostForm,
    ProjectForm,
    ReportForm,
    StateForm,
)
from verbund.exchange.models import Booking, Post, Project, Thread
from verbund.exchange.taxonomy import Direction, ThreadState, Topic
from verbund.meetings import queries as meeting_queries
from verbund.meetings import services as meeting_services
from verbund.organizations.models import Organization


def _post(request: HttpRequest, pk: int) -> Post:
    post = queries.post_or_none(pk)
    if post is None or not policy.can_view_post(request.user, post):
        raise Http404
    return post


def _thread(request: HttpRequest, pk: int) -> Thread:
    thread = queries.thread_or_none(pk)
    if thread is None or not policy.can_view_thread(request.user, thread):
        raise Http404
    return thread


def _project(request: HttpRequest, pk: int) -> Project:
    project = queries.project_or_none(pk)
    if project is None or not policy.can_view_project(request.user, project):
        raise Http404
    return project


def _organisation(request: HttpRequest, slug: str, allowed: Any) -> Organization:
    organisation = queries.organization_or_none(slug)
    if organisation is None or not allowed(request.user, organisation):
        raise Http404
    return organisation


def _chosen(form: Form, organisations: list[Organization]) -> Organization:
    by_pk = {str(o.pk): o for o in organisations}
    return by_pk[form.cleaned_data["organisation"]]


# --- Search and posts -------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    filters = queries.parse_filters(request.GET)
    result = queries.search(request.user, filters)
    acting = queries.acting_organizations(request.user)
    return render(
        request,
        "exchange/index.html",
        {
            "filters": filters,
            "result": result,
            "can_post": any(policy.can_post(request.user, o) for o in acting),
            "canonical_query": filters.as_query(),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    user = request.user
    askers = [o for o in queries.acting_organizations(user) if policy.can_request(user, post, o)]
    context: dict[str, Any] = {
        "post": post,
        "languages": queries.languages_of(post),
        "themes": queries.themes_of(post),
        **queries.labels_of(post),
        "can_edit": policy.can_edit_post(user, post),
        "can_report": policy.can_report(user),
        "can_moderate": policy.can_moderate(user),
        "ask_form": AskForm(organisations=askers) if askers else None,
        "booking_form": (
            BookingForm(organisations=askers)
            if askers and policy.can_request_booking(user, post, askers[0])
            else None
        ),
    }
    if policy.can_see_matches(user, post):
        context["matches"] = queries.matches(user, post)
        context["fitting"] = queries.fitting_organizations(post)
    return render(request, "exchange/detail.html", context)


@login_required
def new(request: HttpRequest) -> HttpResponse:
    organisations = [
        o for o in queries.acting_organizations(request.user) if policy.can_post(request.user, o)
    ]
    if not organisations:
        raise Http404
    networks = queries.networks_of(organisations[0]) if len(organisations) == 1 else []
    initial = {"direction": request.GET.get("direction", Direction.OFFER)}
    if request.method == "POST":
        form = PostForm(request.POST, organisations=organisations, networks=networks)
        if form.is_valid():
            owner = _chosen(form, organisations)
            try:
                post = services.save_post(request.user, owner, form.data_for_service())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your post is online."))
                return redirect(post)
    else:
        form = PostForm(initial=initial, organisations=organisations, networks=networks)
    return render(request, "exchange/form.html", {"form": form, "post": None})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not policy.can_edit_post(request.user, post):
        raise Http404
    networks = queries.networks_of(post.owner)
    if request.method == "POST":
        form = PostForm(request.POST, organisations=[], networks=networks, post=post)
        if form.is_valid():
            try:
                services.save_post(request.user, post.owner, form.data_for_service(), post=post)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect(post)
    else:
        form = PostForm(organisations=[], networks=networks, post=post)
    return render(request, "exchange/form.html", {"form": form, "post": post})


@login_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not policy.can_edit_post(request.user, post):
        raise Http404
    services.remove_post(request.user, post)
    messages.success(request, _("The post was removed."))
    return redirect("exchange:index")


@login_required
@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    askers = [
        o
        for o in queries.acting_organizations(request.user)
        if policy.can_request(request.user, post, o)
    ]
    if not askers:
        raise Http404
    booking = "starts_at" in request.POST
    form: Form = (
        BookingForm(request.POST, organisations=askers)
        if booking
        else AskForm(request.POST, organisations=askers)
    )
    if form.is_valid():
        asker = _chosen(form, askers)
        try:
            if booking:
                made = services.request_booking(
                    request.user,
                    post,
                    asker,
                    form.cleaned_data["starts_at"],
                    form.cleaned_data["ends_at"],
                    form.cleaned_data["text"],
                )
                thread = made.thread
            else:
                thread = services.open_thread(request.user, post, asker, form.cleaned_data["text"])
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your request was sent."))
            return redirect(thread)
    context = {
        "post": post,
        "languages": queries.languages_of(post),
        "themes": queries.themes_of(post),
        **queries.labels_of(post),
        "ask_form": form if not booking else AskForm(organisations=askers),
        "booking_form": form if booking else None,
        "can_report": policy.can_report(request.user),
    }
    return render(request, "exchange/detail.html", context, status=400)


# --- Threads ----------------------------------------------------------------------------------


@login_required
def threads(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "exchange/threads.html",
        {
            "threads": queries.threads_of(request.user),
            "organisations": queries.acting_organizations(request.user),
            "projects": queries.projects_of(request.user),
            "spaces": sorted(
                queries.organizations_by_id(policy.viewer_networks(request.user)).values(),
                key=lambda network: network.name,
            ),
        },
    )


def _thread_page(
    request: HttpRequest, thread: Thread, form: Form | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    bookings = [
        (
            booking,
            policy.can_decide_booking(user, booking),
            policy.can_cancel_booking(user, booking),
        )
        for booking in queries.bookings_of_thread(thread)
    ]
    states = [
        s
        for s in (ThreadState.AGREED, ThreadState.DECLINED, ThreadState.DONE)
        if policy.can_set_state(user, thread, s)
    ]
    return render(
        request,
        "exchange/thread.html",
        {
            "thread": thread,
            "messages_": queries.messages_of(thread, user),
            "bookings": bookings,
            "form": form or MessageForm(),
            "can_write": policy.can_write(user, thread),
            "states": states,
            "can_moderate": policy.can_moderate(user),
            "can_report": policy.can_report(user),
        },
        status=status,
    )


@login_required
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    item = _thread(request, pk)
    if request.method == "POST":
        form = MessageForm(request.POST)
        if not policy.can_write(request.user, item):
            raise Http404
        if form.is_valid():
            try:
                services.send_message(request.user, item, form.cleaned_data["text"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect(item)
        return _thread_page(request, item, form, status=400)
    return _thread_page(request, item)


@login_required
@require_POST
def thread_state(request: HttpRequest, pk: int) -> HttpResponse:
    item = _thread(request, pk)
    form = StateForm(request.POST)
    if not form.is_valid() or not policy.can_set_state(
        request.user, item, form.cleaned_data["state"]
    ):
        raise Http404
    services.set_thread_state(
        request.user, item, form.cleaned_data["state"], form.cleaned_data["agreement"]
    )
    messages.success(request, _("The state of the request is saved."))
    return redirect(item)


@login_required
@require_POST
def booking(request: HttpRequest, pk: int) -> HttpResponse:
    item: Booking | None = queries.booking_or_none(pk)
    if item is None or not policy.can_view_thread(request.user, item.thread):
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "accept":
            services.accept_booking(request.user, item)
            messages.success(request, _("The booking is accepted and in both calendars."))
        elif action == "decline":
            services.decline_booking(request.user, item)
            messages.success(request, _("The booking is declined."))
        elif action == "cancel":
            services.cancel_booking(request.user, item)
            messages.success(request, _("The booking is cancelled."))
        else:
            raise Http404
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(item.thread)


# --- Reports and moderation -------------------------------------------------------------------


@login_required
def report(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    post_pk, message_pk = source.get("post"), source.get("message")
    target_post = queries.post_or_none(int(post_pk)) if post_pk and post_pk.isdigit() else None
    target_message = (
        queries.message_or_none(int(message_pk)) if message_pk and message_pk.isdigit() else None
    )
    if target_post is None and target_message is None:
        raise Http404
    if target_post is not None and not policy.can_view_post(request.user, target_post):
        raise Http404
    if target_message is not None and not policy.can_view_thread(
        request.user, target_message.thread
    ):
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(
                request.user,
                form.cleaned_data["reason"],
                post=target_post,
                message=None if target_post is not None else target_message,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. Staff will look at your report."))
            back = target_post or (target_message.thread if target_message else None)
            return redirect(back) if back is not None else redirect("exchange:index")
    return render(
        request,
        "exchange/report.html",
        {"form": form, "post": target_post, "message_": target_message},
    )


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    if not policy.can_moderate(request.user):
        raise Http404
    return render(request, "exchange/moderation.html", {"reports": queries.open_reports()})


@login_required
@require_POST
def hide(request: HttpRequest) -> HttpResponse:
    if not policy.can_moderate(request.user):
        raise Http404
    post_pk, message_pk = request.POST.get("post", ""), request.POST.get("message", "")
    reason = request.POST.get("reason", "")
    if post_pk.isdigit() and (target := queries.post_or_none(int(post_pk))) is not None:
        services.hide_post(request.user, target, reason, hidden=request.POST.get("show") != "1")
    elif message_pk.isdigit() and (message := queries.message_or_none(int(message_pk))) is not None:
        services.hide_message(request.user, message)
    else:
        raise Http404
    messages.success(request, _("Done."))
    return redirect("exchange:moderation")


# --- Calendars --------------------------------------------------------------------------------


@login_required
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, policy.can_view_bookings)
    feed = meeting_services.calendar_feed(request.user)
    return render(
        request,
        "exchange/calendar.html",
        {
            "organisation": organisation,
            "bookings": queries.bookings_of(organisation, accepted_only=False),
            "feed_url": request.build_absolute_uri(
                reverse("exchange:feed", kwargs={"token": feed.token, "slug": organisation.slug})
            ),
        },
    )


def feed(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    person = meeting_queries.feed_owner(token)
    organisation = queries.organization_or_none(slug)
    if person is None or organisation is None or not policy.can_view_bookings(person, organisation):
        raise Http404
    content = ical.calendar(queries.bookings_of(organisation), organisation)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{organisation.slug}-bookings.ics"'
    return response


# --- Joint projects ---------------------------------------------------------------------------


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    organisations = [
        o
        for o in queries.acting_organizations(request.user)
        if policy.can_create_project(request.user, o)
    ]
    if not organisations:
        raise Http404
    form = ProjectForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        lead = _chosen(form, organisations)
        partners, unknown = queries.partners_by_slug(form.partner_slugs(), exclude=lead)
        if unknown:
            form.add_error(
                "partners",
                _("We do not know these organisations: %(names)s.") % {"names": ", ".join(unknown)},
            )
        else:
            try:
                project = services.create_project(request.user, lead, form.cleaned_data, partners)
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect("exchange:project", pk=project.pk)
    return render(request, "exchange/project_form.html", {"form": form})


def _project_page(
    request: HttpRequest,
    project: Project,
    line_form: Form | None = None,
    contribution_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    summary = queries.project_summary(project)
    accepted = [p for p in summary.partners if p.accepted_at is not None]
    own = [p for p in accepted if policy.can_add_contribution(user, p)]
    can_edit = policy.can_edit_project(user, project)
    return render(
        request,
        "exchange/project.html",
        {
            "project": project,
            "summary": summary,
            "can_edit": can_edit,
            "to_accept": [p for p in summary.partners if policy.can_accept_partnership(user, p)],
            "line_form": line_form or (CostLineForm(partners=accepted) if can_edit else None),
            "contribution_form": contribution_form
            or (ContributionForm(partners=own) if own else None),
        },
        status=status,
    )


@login_required
def project(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_page(request, _project(request, pk))


@login_required
@require_POST
def project_action(request: HttpRequest, pk: int) -> HttpResponse:
    item = _project(request, pk)
    user = request.user
    summary = queries.project_summary(item)
    accepted = [p for p in summary.partners if p.accepted_at is not None]
    action = request.POST.get("action")
    try:
        if action == "accept":
            partner = next(
                (p for p in summary.partners if str(p.pk) == request.POST.get("partner")), None
            )
            if partner is None or not policy.can_accept_partnership(user, partner):
                raise Http404
            services.accept_partnership(user, partner)
        elif action == "cost":
            line_form = CostLineForm(request.POST, partners=accepted)
            if not policy.can_edit_project(user, item):
                raise Http404
            if not line_form.is_valid():
                return _project_page(request, item, line_form=line_form, status=400)
            try:
                services.save_cost_line(
                    user,
                    item,
                    line_form.cleaned_data["label"],
                    line_form.cleaned_data["amount"],
                    line_form.shares(),
                )
            except ValidationError as error:
                add_errors(line_form, error)
                return _project_page(request, item, line_form=line_form, status=400)
        elif action == "contribution":
            own = [p for p in accepted if policy.can_add_contribution(user, p)]
            form = ContributionForm(request.POST, partners=own)
            if not own:
                raise Http404
            if not form.is_valid():
                return _project_page(request, item, contribution_form=form, status=400)
            partner = next(p for p in own if str(p.pk) == form.cleaned_data["partner"])
            try:
                services.add_contribution(
                    user, partner, form.cleaned_data["description"], form.cleaned_data["value"]
                )
            except ValidationError as error:
                add_errors(form, error)
                return _project_page(request, item, contribution_form=form, status=400)
        else:
            raise Http404
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, _("Saved."))
    return redirect("exchange:project", pk=item.pk)


@login_required
def project_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    item = _project(request, pk)
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    return exports.summary_response(queries.project_summary(item), fmt)


# --- The exchange space of a network ------------------------------------------------------------


@login_required
def space(request: HttpRequest, slug: str) -> HttpResponse:
    network = _organisation(request, slug, policy.can_view_space)
    moderator = policy.can_moderate_space(request.user, network)
    topic = request.GET.get("topic", "")
    form = DiscussionForm(request.POST or None)
    if request.method == "POST":
        if not policy.can_write_in_space(request.user, network):
            raise Http404
        if form.is_valid():
            try:
                discussion = services.start_discussion(
                    request.user,
                    network,
                    form.cleaned_data["topic"],
                    form.cleaned_data["title"],
                    form.cleaned_data["text"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect(discussion)
    return render(
        request,
        "exchange/space.html",
        {
            "network": network,
            "discussions": queries.discussions(network, topic, moderator=moderator),
            "topic": topic,
            "topics": Topic.choices,
            "form": form,
            "can_write": policy.can_write_in_space(request.user, network),
        },
        status=400 if form.errors else 200,
    )


@login_required
def discussion(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.discussion_or_none(pk)
    if item is None or not policy.can_view_space(request.user, item.network):
        raise Http404
    moderator = policy.can_moderate_space(request.user, item.network)
    if item.hidden_at is not None and not moderator:
        raise Http404
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if not policy.can_reply(request.user, item):
            raise Http404
        if form.is_valid():
            try:
                services.reply(request.user, item, form.cleaned_data["text"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect(item)
    return render(
        request,
        "exchange/discussion.html",
        {
            "discussion": item,
            "posts": queries.posts_of_discussion(item, moderator=moderator),
            "form": form,
            "can_reply": policy.can_reply(request.user, item),
            "moderator": moderator,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def space_hide(request: HttpRequest) -> HttpResponse:
    item = queries.discussion_or_none(int(request.POST.get("discussion") or 0))
    post = queries.discussion_post_or_none(int(request.POST.get("post") or 0))
    network = item.network if item is not None else post.discussion.network if post else None
    if network is None or not policy.can_moderate_space(request.user, network):
        raise Http404
    services.hide_in_space(request.user, discussion=item, post=None if item else post)
    messages.success(request, _("Hidden."))
    if item is not None:
        return redirect("exchange:space", slug=network.slug)
    assert post is not None
    return redirect(post.discussion)
