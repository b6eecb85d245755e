"""Every write of the exchange. Each function takes the actor first, asks ``policy``, changes
the data in one transaction, writes the audit log and queues the notices (each reader's in
their own language, by e-mail as they chose in the notifications app)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from verbund.core import audit, gazetteer
from verbund.core.actors import is_system
from verbund.core.permissions import require
from verbund.core.text import fold
from verbund.exchange import policy, queries
from verbund.exchange.models import (
    AbuseReport,
    Booking,
    Contribution,
    CostLine,
    Discussion,
    DiscussionPost,
    Message,
    Partner,
    Post,
    PostLanguage,
    PostTheme,
    Project,
    Share,
    Thread,
)
from verbund.exchange.taxonomy import (
    BookingState,
    Direction,
    PostKind,
    PostVisibility,
    ShareKind,
    Skill,
    ThreadState,
    Topic,
)
from verbund.notifications import services as notifications
from verbund.notifications.taxonomy import NoticeKind
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import LANGUAGE_CODE_SET, THEME_CODES

POST_FIELDS = (
    "direction",
    "kind",
    "skill",
    "title",
    "description",
    "language_pairs",
    "capacity",
    "step_free",
    "equipment",
    "cost",
    "price_note",
    "amount",
    "postal_code",
    "city",
    "weekdays",
    "time_from",
    "time_to",
    "valid_from",
    "valid_until",
    "visibility",
)
PROJECT_FIELDS = ("title", "description")


def _person(actor: Any) -> Any:
    return None if is_system(actor) or not getattr(actor, "is_authenticated", False) else actor


def _post_state(post: Post) -> dict[str, Any]:
    state = {name: getattr(post, name) for name in POST_FIELDS}
    if post.pk is not None:
        state["languages"] = sorted(post.language_links.values_list("code", flat=True))
        state["themes"] = sorted(post.theme_links.values_list("theme", flat=True))
        state["networks"] = sorted(post.networks.values_list("name", flat=True))
    return state


def _tell(
    organization_ids: Iterable[int],
    title: Callable[[], str],
    url: str,
    *,
    actor: Any,
    text: Callable[[], str] = str,
) -> None:
    """Notices to the administrators and editors of these organisations, each written in
    the reader's own language."""
    by_language: dict[str, list[Any]] = {}
    for person in queries.acting_people(organization_ids):
        language = person.preferred_language or settings.LANGUAGE_CODE
        by_language.setdefault(language, []).append(person)
    for language, group in sorted(by_language.items()):
        with translation.override(language):
            notifications.notify(
                group, NoticeKind.REQUESTS, title(), url=url, text=text(), exclude=actor
            )


# --- Posts ------------------------------------------------------------------------------------


def _codes(values: Iterable[str], allowed: frozenset[str]) -> list[str]:
    return sorted({str(v) for v in values if str(v) in allowed})


def _pairs(values: Iterable[str]) -> list[str]:
    pairs = []
    for value in values:
        source, _sep, target = str(value).partition(">")
        if source in LANGUAGE_CODE_SET and target in LANGUAGE_CODE_SET and source != target:
            pairs.append(f"{source}>{target}")
    return sorted(set(pairs))


def _place(post: Post, owner: Organization) -> None:
    """A post stands where its organisation is, unless it names its own place; the
    coordinates come from the registry's pin, else from the offline gazetteer."""
    if not post.postal_code and not post.city:
        post.postal_code, post.city = owner.postal_code, owner.city
    same = (post.postal_code, post.city) == (owner.postal_code, owner.city)
    if same and owner.latitude is not None and owner.longitude is not None:
        post.latitude, post.longitude = owner.latitude, owner.longitude
        return
    point = gazetteer.locate_offline(post.postal_code, post.city)
    if point is None:
        post.latitude = post.longitude = None
        return
    post.latitude = Decimal(str(round(point.latitude, 6)))
    post.longitude = Decimal(str(round(point.longitude, 6)))


def _check_post(post: Post) -> None:
    errors: dict[str, str] = {}
    if not post.title.strip():
        errors["title"] = _("Give your post a title.")
    if post.valid_until < post.valid_from:
        errors["valid_until"] = _("The end of the validity must not be before its start.")
    if post.time_from and post.time_to and post.time_to <= post.time_from:
        errors["time_to"] = _("The end time must be after the start time.")
    if post.kind == PostKind.MONEY and post.direction == Direction.OFFER and not post.amount:
        errors["amount"] = _("Say how much money you offer.")
    if post.kind != PostKind.SKILL:
        post.skill = ""
    elif not post.skill:
        errors["skill"] = _("Choose the skill or service.")
    if post.skill != Skill.TRANSLATION:
        post.language_pairs = []
    if post.kind != PostKind.ROOM:
        post.capacity, post.step_free = None, False
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_post(
    actor: Any, owner: Organization, data: Mapping[str, Any], post: Post | None = None
) -> Post:
    """Create a post of ``owner`` or change ``post``; ``data`` holds the fields of
    ``POST_FIELDS`` and ``languages``, ``themes`` and (for selected networks) ``networks``."""
    if post is None:
        require(policy.can_post(actor, owner))
        post = Post(owner=owner, created_by=_person(actor))
    else:
        require(policy.can_edit_post(actor, post))
        owner = post.owner
    with audit.recording(actor, post, _post_state, action="exchange_post", scope=owner):
        for name in POST_FIELDS:
            if name in data:
                setattr(post, name, data[name])
        post.title = " ".join(str(post.title).split())
        post.language_pairs = _pairs(post.language_pairs or [])
        post.weekdays = sorted({int(d) for d in post.weekdays or [] if 0 <= int(d) <= 6})
        _check_post(post)
        _place(post, owner)
        post.full_clean(exclude=["owner", "networks", "created_by", "latitude", "longitude"])
        languages = _codes(data.get("languages", []), LANGUAGE_CODE_SET)
        themes = _codes(data.get("themes", []), THEME_CODES)
        post.search_text = fold(" ".join([post.title, post.description, post.city, owner.name]))
        post.save()
        if "languages" in data or post.pk is None:
            post.language_links.all().delete()
            PostLanguage.objects.bulk_create(PostLanguage(post=post, code=c) for c in languages)
        if "themes" in data:
            post.theme_links.all().delete()
            PostTheme.objects.bulk_create(PostTheme(post=post, theme=t) for t in themes)
        chosen: list[int] = []
        if post.visibility == PostVisibility.SELECTED:
            allowed = {n.pk for n in queries.networks_of(owner)}
            chosen = [int(pk) for pk in data.get("networks", []) if int(pk) in allowed]
            if not chosen:
                raise ValidationError(
                    {"networks": _("Choose at least one network your organisation belongs to.")}
                )
        post.networks.set(chosen)
    return post


@transaction.atomic
def remove_post(actor: Any, post: Post) -> None:
    require(policy.can_edit_post(actor, post))
    audit.removed(actor, post, _post_state, action="exchange_post", scope=post.owner)
    post.delete()


@transaction.atomic
def hide_post(actor: Any, post: Post, reason: str, *, hidden: bool = True) -> None:
    require(policy.can_moderate(actor))
    post.hidden_at = timezone.now() if hidden else None
    post.hidden_reason = reason[:300] if hidden else ""
    post.save(update_fields=["hidden_at", "hidden_reason"])
    if hidden:
        _resolve_reports(post=post)
    audit.record(
        actor=actor,
        action="exchange.post_hidden" if hidden else "exchange.post_shown",
        target=post,
        scope=post.owner,
        changes={"reason": [None, reason[:300]]} if hidden else {},
    )


def _expiry_title(post: Post) -> Callable[[], str]:
    def title() -> str:
        return _("Your post “%(title)s” expires on %(date)s: renew it if it still holds.") % {
            "title": post.title,
            "date": formats.date_format(post.valid_until),
        }

    return title


@transaction.atomic
def remind_expiring(actor: Any, *, within_days: int = 7) -> int:
    """Tell the owners of posts that expire soon (once per post) that they may renew them."""
    require(policy.can_moderate(actor))
    today = timezone.localdate()
    posts = queries.expiring_posts(today, today + datetime.timedelta(days=within_days))
    for post in posts:
        _tell([post.owner_id], _expiry_title(post), post.get_absolute_url(), actor=actor)
    ids = [post.pk for post in posts]
    Post.objects.filter(pk__in=ids).update(reminded_at=timezone.now())
    return len(ids)


# --- Threads ----------------------------------------------------------------------------------


def _check_rate(actor: Any, asker: Organization) -> None:
    """New threads per organisation and per person in the last hour (stored in the
    database, so every web process counts the same)."""
    limit = settings.EXCHANGE_THREADS_PER_HOUR
    since = timezone.now() - datetime.timedelta(hours=1)
    if queries.threads_started_since(asker, _person(actor), since) >= limit:
        raise ValidationError(
            _(
                "You have started %(count)d requests in the last hour. Please wait a while "
                "before you start another one."
            )
            % {"count": limit},
            code="rate_limited",
        )


def _clean_text(text: str, *, required: bool = True) -> str:
    text = str(text or "").strip()
    if required and not text:
        raise ValidationError({"text": _("Write a message.")})
    if len(text) > 4000:
        raise ValidationError({"text": _("A message can have at most 4,000 characters.")})
    return text


def _thread_for(actor: Any, post: Post, asker: Organization) -> tuple[Thread, bool]:
    thread = queries.thread_between(post, asker)
    if thread is not None:
        if thread.hidden_at is not None:
            raise PermissionDenied
        if thread.state in {ThreadState.DECLINED, ThreadState.DONE}:
            thread.state = ThreadState.OPEN
            thread.save(update_fields=["state", "updated_at"])
        return thread, False
    _check_rate(actor, asker)
    thread = Thread.objects.create(
        post=post, asker=asker, owner=post.owner, created_by=_person(actor)
    )
    audit.record(
        actor=actor,
        action="exchange.thread_opened",
        target=thread,
        scope=asker,
        summary=f"{asker} → {post.owner}: {post.title}",
    )
    return thread, True


@transaction.atomic
def open_thread(actor: Any, post: Post, asker: Organization, text: str) -> Thread:
    """``asker`` asks ``post``'s owner about it; a second request about the same post
    continues the thread there is."""
    require(policy.can_request(actor, post, asker))
    text = _clean_text(text)
    thread, _new = _thread_for(actor, post, asker)
    _add_message(actor, thread, asker, text)
    return thread


def _add_message(actor: Any, thread: Thread, side: Organization, text: str) -> Message:
    message = Message.objects.create(
        thread=thread, organization=side, author=_person(actor), text=text
    )
    Thread.objects.filter(pk=thread.pk).update(updated_at=timezone.now())
    audit.record(
        actor=actor, action="exchange.message_sent", target=message, scope=side, summary=""
    )
    other = thread.owner_id if side.pk == thread.asker_id else thread.asker_id
    title = thread.post.title
    _tell(
        [other],
        lambda: (
            _("%(organisation)s wrote about “%(title)s”")
            % {"organisation": side.name, "title": title}
        ),
        thread.get_absolute_url(),
        actor=actor,
        text=lambda: text[:500],
    )
    return message


@transaction.atomic
def send_message(actor: Any, thread: Thread, text: str) -> Message:
    require(policy.can_write(actor, thread))
    side_id = policy.side_of(actor, thread)
    side = thread.asker if side_id == thread.asker_id else thread.owner
    return _add_message(actor, thread, side, _clean_text(text))


@transaction.atomic
def set_thread_state(actor: Any, thread: Thread, state: str, agreement: str = "") -> Thread:
    require(state in ThreadState.values and policy.can_set_state(actor, thread, state))
    with audit.recording(
        actor,
        thread,
        ("state", "agreement"),
        action="exchange.thread_state",
        scope=thread.owner,
        always=True,
    ):
        thread.state = state
        if state == ThreadState.AGREED:
            thread.agreement = _clean_text(agreement, required=False)
        thread.save(update_fields=["state", "agreement", "updated_at"])
    side = policy.side_of(actor, thread)
    other = thread.asker_id if side == thread.owner_id else thread.owner_id
    title = thread.post.title
    _tell(
        [other],
        lambda: (
            _("Request about “%(title)s”: %(state)s")
            % {"title": title, "state": ThreadState(state).label}
        ),
        thread.get_absolute_url(),
        actor=actor,
    )
    return thread


@transaction.atomic
def report(
    actor: Any, reason: str, *, post: Post | None = None, message: Message | None = None
) -> AbuseReport:
    require(policy.can_report(actor))
    if (post is None) == (message is None):
        raise ValueError("report names a post or a message")
    if post is not None:
        require(policy.can_view_post(actor, post))
    if message is not None:
        require(policy.can_view_thread(actor, message.thread))
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong.")})
    entry = AbuseReport.objects.create(
        post=post, message=message, reporter=_person(actor), reason=reason[:2000]
    )
    target: Any = post if post is not None else message
    audit.record(actor=actor, action="exchange.reported", target=target, scope=entry)
    return entry


@transaction.atomic
def hide_message(actor: Any, message: Message) -> None:
    require(policy.can_moderate(actor))
    message.hidden_at = timezone.now()
    message.save(update_fields=["hidden_at"])
    _resolve_reports(message=message)
    audit.record(
        actor=actor, action="exchange.message_hidden", target=message, scope=message.organization
    )


def _resolve_reports(*, post: Post | None = None, message: Message | None = None) -> None:
    reports = AbuseReport.objects.filter(resolved_at__isnull=True)
    reports = reports.filter(post=post) if post is not None else reports.filter(message=message)
    reports.update(resolved_at=timezone.now())


# --- Bookings ---------------------------------------------------------------------------------


def _slot_text(starts_at: datetime.datetime, ends_at: datetime.datetime) -> dict[str, str]:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return {
        "day": formats.date_format(start.date(), "DATE_FORMAT"),
        "start": formats.time_format(start.time(), "TIME_FORMAT"),
        "end": formats.time_format(end.time(), "TIME_FORMAT"),
    }


def _check_slot(post: Post, starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The booking must end after it starts.")})
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() != end.date():
        raise ValidationError({"ends_at": _("A booking starts and ends on the same day.")})
    if not post.valid_from <= start.date() <= post.valid_until:
        raise ValidationError(
            {
                "starts_at": _("The room is offered from %(start)s until %(end)s.")
                % {
                    "start": formats.date_format(post.valid_from),
                    "end": formats.date_format(post.valid_until),
                }
            }
        )
    if post.weekdays and start.weekday() not in post.weekdays:
        raise ValidationError({"starts_at": _("The room is not offered on that weekday.")})
    if (post.time_from and start.time() < post.time_from) or (
        post.time_to and end.time() > post.time_to
    ):
        raise ValidationError(
            {
                "starts_at": _("The room is offered only between %(start)s and %(end)s.")
                % {
                    "start": formats.time_format(post.time_from or datetime.time(0)),
                    "end": formats.time_format(post.time_to or datetime.time(23, 59)),
                }
            }
        )


def _overlap_error(clash: Booking) -> ValidationError:
    return ValidationError(
        _("The room is already booked on %(day)s from %(start)s to %(end)s. Choose another time.")
        % _slot_text(clash.starts_at, clash.ends_at),
        code="overlap",
    )


@transaction.atomic
def request_booking(
    actor: Any,
    post: Post,
    asker: Organization,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    text: str = "",
) -> Booking:
    """``asker`` asks for a slot of a room offer, in the thread about it."""
    require(policy.can_request_booking(actor, post, asker))
    _check_slot(post, starts_at, ends_at)
    clash = queries.clashing_booking(post, starts_at, ends_at)
    if clash is not None:
        raise _overlap_error(clash)
    thread, _new = _thread_for(actor, post, asker)
    booking = Booking.objects.create(
        post=post,
        thread=thread,
        requester=asker,
        starts_at=starts_at,
        ends_at=ends_at,
        note=str(text or "")[:300],
        created_by=_person(actor),
    )
    audit.record(
        actor=actor,
        action="exchange.booking_requested",
        target=booking,
        scope=asker,
        changes={
            "starts_at": [None, audit.plain(starts_at)],
            "ends_at": [None, audit.plain(ends_at)],
        },
    )
    slot = _slot_text(starts_at, ends_at)
    message = (
        _clean_text(text, required=False)
        or _("We would like to book the room on %(day)s from %(start)s to %(end)s.") % slot
    )
    _add_message(actor, thread, asker, message)
    return booking


def _decide(actor: Any, booking: Booking, state: str, action: str) -> Booking:
    before = booking.state
    booking.state = state
    booking.decided_at = timezone.now()
    booking.sequence += 1
    booking.save(update_fields=["state", "decided_at", "sequence"])
    audit.record(
        actor=actor,
        action=action,
        target=booking,
        scope=booking.post.owner,
        changes={"state": [before, state]},
    )
    slot = _slot_text(booking.starts_at, booking.ends_at)
    others = {booking.post.owner_id, booking.requester_id} - (
        set(policy.acting_ids(actor)) or set()
    )
    _tell(
        others or {booking.requester_id},
        lambda: (
            _("Booking of “%(title)s” on %(day)s, %(start)s to %(end)s: %(state)s")
            % {**slot, "title": booking.post.title, "state": BookingState(state).label}
        ),
        booking.thread.get_absolute_url(),
        actor=actor,
    )
    return booking


def accept_booking(actor: Any, booking: Booking) -> Booking:
    """Accepted bookings of a room never overlap. The check below gives the clear message;
    on PostgreSQL the exclusion constraint decides when two acceptances race (the second
    waits for the first and then fails), on SQLite writes are serialised by the database."""
    try:
        with transaction.atomic():
            require(policy.can_decide_booking(actor, booking))
            clash = queries.clashing_booking(
                booking.post, booking.starts_at, booking.ends_at, exclude=booking
            )
            if clash is not None:
                raise _overlap_error(clash)
            return _decide(actor, booking, BookingState.ACCEPTED, "exchange.booking_accepted")
    except IntegrityError as error:
        if "exchange_booking_no_overlap" not in str(error):
            raise
        clash = queries.clashing_booking(
            booking.post, booking.starts_at, booking.ends_at, exclude=booking
        )
        booking.refresh_from_db()
        if clash is None:
            raise
        raise _overlap_error(clash) from error


@transaction.atomic
def decline_booking(actor: Any, booking: Booking) -> Booking:
    require(policy.can_decide_booking(actor, booking))
    return _decide(actor, booking, BookingState.DECLINED, "exchange.booking_declined")


@transaction.atomic
def cancel_booking(actor: Any, booking: Booking) -> Booking:
    require(policy.can_cancel_booking(actor, booking))
    return _decide(actor, booking, BookingState.CANCELLED, "exchange.booking_cancelled")


# --- Joint projects ---------------------------------------------------------------------------


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError as error:
        raise ValidationError({field: _("Enter an amount such as 250 or 99.50.")}) from error
    if amount < 0:
        raise ValidationError({field: _("An amount cannot be negative.")})
    return amount


@transaction.atomic
def create_project(
    actor: Any, lead: Organization, data: Mapping[str, Any], partners: Sequence[Organization] = ()
) -> Project:
    """A joint project led by ``lead``; the other partners are invited and count once their
    own administrators or editors accepted."""
    require(policy.can_create_project(actor, lead))
    project = Project(lead=lead, created_by=_person(actor))
    with audit.recording(actor, project, PROJECT_FIELDS, action="exchange_project", scope=lead):
        project.title = " ".join(str(data.get("title", "")).split())
        project.description = str(data.get("description", ""))
        if not project.title:
            raise ValidationError({"title": _("Give the project a title.")})
        project.save()
    Partner.objects.create(project=project, organization=lead, accepted_at=timezone.now())
    for organization in partners:
        invite_partner(actor, project, organization)
    return project


@transaction.atomic
def invite_partner(actor: Any, project: Project, organization: Organization) -> Partner:
    require(policy.can_edit_project(actor, project))
    partner, created = Partner.objects.get_or_create(project=project, organization=organization)
    if created:
        audit.record(
            actor=actor,
            action="exchange.partner_invited",
            target=partner,
            scope=project.lead,
            summary=f"{organization} @ {project}",
        )
        _tell(
            [organization.pk],
            lambda: (
                _("%(lead)s invites you to the joint project “%(title)s”")
                % {"lead": project.lead.name, "title": project.title}
            ),
            _project_url(project),
            actor=actor,
        )
    return partner


def _project_url(project: Project) -> str:
    from django.urls import reverse

    return reverse("exchange:project", kwargs={"pk": project.pk})


@transaction.atomic
def accept_partnership(actor: Any, partner: Partner) -> Partner:
    require(policy.can_accept_partnership(actor, partner))
    partner.accepted_at = timezone.now()
    partner.save(update_fields=["accepted_at"])
    audit.record(
        actor=actor,
        action="exchange.partner_accepted",
        target=partner,
        scope=partner.organization,
        summary=f"{partner.organization} @ {partner.project}",
    )
    return partner


@transaction.atomic
def save_cost_line(
    actor: Any,
    project: Project,
    label: str,
    amount: Any,
    shares: Mapping[int, tuple[str, Any]],
    line: CostLine | None = None,
) -> CostLine:
    """A cost line and each accepted partner's share of it (``{partner id: (kind, value)}``,
    kind ``amount`` or ``percent``). The shares together never exceed the line."""
    require(policy.can_edit_project(actor, project))
    label = " ".join(str(label or "").split())
    if not label:
        raise ValidationError({"label": _("Name the cost.")})
    total = _money(amount, "amount")
    partners = {p.pk: p for p in queries.accepted_partners(project)}
    parts: dict[int, tuple[str, Decimal]] = {}
    for partner_id, (kind, value) in shares.items():
        if int(partner_id) not in partners:
            raise ValidationError(_("Only partners who accepted can share costs."))
        if kind not in ShareKind.values:
            raise ValidationError(_("A share is an amount or a percentage."))
        number = _money(value, "shares")
        if kind == ShareKind.PERCENT and number > 100:
            raise ValidationError({"shares": _("A percentage is at most 100.")})
        parts[int(partner_id)] = (kind, number)
    if sum(queries.share_amount(k, v, total) for k, v in parts.values()) > total:
        raise ValidationError({"shares": _("The shares add up to more than the cost.")})
    line = line or CostLine(project=project)
    line.label, line.amount = label, total
    line.save()
    line.shares.all().delete()
    Share.objects.bulk_create(
        Share(line=line, partner_id=pk, kind=kind, value=value)
        for pk, (kind, value) in parts.items()
    )
    audit.record(
        actor=actor,
        action="exchange.cost_line_saved",
        target=line,
        scope=project.lead,
        changes={"label": [None, label], "amount": [None, str(total)]},
    )
    return line


@transaction.atomic
def add_contribution(actor: Any, partner: Partner, description: str, value: Any) -> Contribution:
    require(policy.can_add_contribution(actor, partner))
    description = " ".join(str(description or "").split())
    if not description:
        raise ValidationError({"description": _("Say what you contribute.")})
    contribution = Contribution.objects.create(
        project=partner.project,
        partner=partner,
        description=description[:200],
        value=_money(value, "value"),
    )
    audit.record(
        actor=actor,
        action="exchange.contribution_saved",
        target=contribution,
        scope=partner.organization,
        changes={
            "description": [None, description[:200]],
            "value": [None, str(contribution.value)],
        },
    )
    return contribution


# --- The exchange space of a network ------------------------------------------------------------


@transaction.atomic
def start_discussion(
    actor: Any, network: Organization, topic: str, title: str, text: str
) -> Discussion:
    require(policy.can_write_in_space(actor, network))
    title = " ".join(str(title or "").split())
    if topic not in Topic.values:
        raise ValidationError({"topic": _("Choose a topic.")})
    if not title:
        raise ValidationError({"title": _("Give the discussion a title.")})
    text = _clean_text(text)
    discussion = Discussion.objects.create(
        network=network, topic=topic, title=title[:200], created_by=_person(actor)
    )
    DiscussionPost.objects.create(discussion=discussion, author=_person(actor), text=text)
    audit.record(
        actor=actor, action="exchange.discussion_started", target=discussion, scope=network
    )
    return discussion


@transaction.atomic
def reply(actor: Any, discussion: Discussion, text: str) -> DiscussionPost:
    require(policy.can_reply(actor, discussion))
    post = DiscussionPost.objects.create(
        discussion=discussion, author=_person(actor), text=_clean_text(text)
    )
    Discussion.objects.filter(pk=discussion.pk).update(updated_at=timezone.now())
    audit.record(
        actor=actor, action="exchange.discussion_reply", target=post, scope=discussion.network
    )
    readers = queries.discussion_participants(discussion)
    by_language: dict[str, list[Any]] = {}
    for person in readers:
        by_language.setdefault(person.preferred_language or settings.LANGUAGE_CODE, []).append(
            person
        )
    for language, group in sorted(by_language.items()):
        with translation.override(language):
            notifications.notify(
                group,
                NoticeKind.REQUESTS,
                _("New reply in “%(title)s”") % {"title": discussion.title},
                url=discussion.get_absolute_url(),
                text=post.text[:500],
                exclude=actor,
            )
    return post


@transaction.atomic
def hide_in_space(
    actor: Any, *, discussion: Discussion | None = None, post: DiscussionPost | None = None
) -> None:
    """A moderator of the network hides a whole discussion or one message of it."""
    target: Any = discussion if discussion is not None else post
    network = (discussion or post.discussion).network  # type: ignore[union-attr]
    require(target is not None and policy.can_moderate_space(actor, network))
    target.hidden_at = timezone.now()
    target.save(update_fields=["hidden_at"])
    audit.record(actor=actor, action="exchange.space_hidden", target=target, scope=network)
