"""Reads of the exchange that are more than a filter: the search with its facet counts, the
matches for a need with their explanation, threads, bookings and the cost summary of a joint
project. Query counts are asserted in ``tests/exchange/test_queries.py``."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, overload

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from verbund.accounts.models import User
from verbund.core import gazetteer
from verbund.core.text import fold
from verbund.exchange import policy
from verbund.exchange.models import (
    Booking,
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
    WEEKDAYS_PLURAL,
    BookingState,
    Cost,
    Direction,
    PostKind,
    ShareKind,
)
from verbund.networks.models import Membership
from verbund.networks.taxonomy import MembershipStatus
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Role, Status, Theme, language_name

PAGE_SIZE = 20
FACETS = ("direction", "kind", "language", "theme")


# --- People and organisations -----------------------------------------------------------------


def acting_people(organization_ids: Iterable[int]) -> list[Any]:
    """The active administrators and editors of these organisations, each once."""
    return list(
        User.objects.filter(
            is_active=True,
            affiliations__organization_id__in=list(organization_ids),
            affiliations__role__in=[Role.ADMIN, Role.EDITOR],
        )
        .distinct()
        .order_by("pk")
    )


def networks_of(organization: Organization) -> list[Organization]:
    """The published networks ``organization`` is an active member of."""
    return list(
        Organization.objects.filter(
            status=Status.PUBLISHED,
            member_links__member=organization,
            member_links__status=MembershipStatus.ACTIVE,
        ).order_by("name")
    )


def acting_organizations(user: Any) -> list[Organization]:
    ids = policy.acting_ids(user)
    return list(Organization.objects.filter(pk__in=ids).order_by("name")) if ids else []


def organization_or_none(slug: str) -> Organization | None:
    return Organization.objects.filter(slug=slug).first()


def organizations_by_id(ids: Iterable[int]) -> dict[int, Organization]:
    return Organization.objects.in_bulk(list(ids))


# --- Posts ------------------------------------------------------------------------------------


def post_or_none(pk: int) -> Post | None:
    return (
        Post.objects.select_related("owner")
        .prefetch_related("language_links", "theme_links", "networks")
        .filter(pk=pk)
        .first()
    )


def expiring_posts(start: datetime.date, end: datetime.date) -> list[Post]:
    return list(
        Post.objects.filter(
            hidden_at__isnull=True, reminded_at__isnull=True, valid_until__range=(start, end)
        ).order_by("pk")
    )


def posts_of(organization: Organization) -> list[Post]:
    return list(
        Post.objects.filter(owner=organization)
        .prefetch_related("language_links", "theme_links")
        .order_by("-created_at", "-id")
    )


def languages_of(post: Post) -> list[str]:
    return sorted(link.code for link in post.language_links.all())


def themes_of(post: Post) -> list[str]:
    return sorted(link.theme for link in post.theme_links.all())


# --- Search with facets -----------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    q: str = ""
    direction: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    page: int = 1

    def selected(self, facet: str) -> tuple[str, ...]:
        return tuple(getattr(self, facet))

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        values: dict[str, Any] = {
            "q": self.q,
            **{facet: self.selected(facet) for facet in FACETS},
            **changes,
        }
        pairs: list[tuple[str, str]] = []
        if values["q"]:
            pairs.append(("q", values["q"]))
        for facet in FACETS:
            pairs.extend((facet, value) for value in sorted(values[facet]))
        return pairs

    def as_query(self, **changes: Any) -> str:
        from urllib.parse import urlencode

        return urlencode(self.params(**changes))

    def toggled(self, facet: str, value: str) -> str:
        chosen = set(self.selected(facet))
        chosen.symmetric_difference_update({value})
        return self.as_query(**{facet: tuple(chosen)})

    def page_query(self, number: int) -> str:
        from urllib.parse import urlencode

        return urlencode([*self.params(), ("page", str(number))])

    @property
    def hidden_fields(self) -> list[tuple[str, str]]:
        return [pair for pair in self.params() if pair[0] != "q"]

    @property
    def is_empty(self) -> bool:
        return not self.params()


ALLOWED: dict[str, frozenset[str]] = {
    "direction": frozenset(Direction.values),
    "kind": frozenset(PostKind.values),
    "theme": frozenset(Theme.values),
}


def parse_filters(params: Mapping[str, Any]) -> Filters:
    from verbund.organizations.taxonomy import LANGUAGE_CODE_SET

    def chosen(name: str, allowed: frozenset[str]) -> tuple[str, ...]:
        getter = getattr(params, "getlist", None)
        raw = getter(name) if getter else params.get(name, [])
        if isinstance(raw, str):
            raw = [raw]
        return tuple(sorted({v for v in raw if v in allowed}))[:10]

    try:
        page = max(1, int(params.get("page", 1)))
    except (TypeError, ValueError):
        page = 1
    return Filters(
        q=" ".join(str(params.get("q", "")).split())[:100],
        direction=chosen("direction", ALLOWED["direction"]),
        kind=chosen("kind", ALLOWED["kind"]),
        language=chosen("language", LANGUAGE_CODE_SET),
        theme=chosen("theme", ALLOWED["theme"]),
        page=page,
    )


def _facet_q(facet: str, values: tuple[str, ...]) -> Q:
    if facet == "direction":
        return Q(direction__in=values)
    if facet == "kind":
        return Q(kind__in=values)
    if facet == "language":
        return Q(pk__in=PostLanguage.objects.filter(code__in=values).values("post_id"))
    return Q(pk__in=PostTheme.objects.filter(theme__in=values).values("post_id"))


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle_query: str


@dataclass
class SearchResult:
    filters: Filters
    total: int
    page: Page[Post]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def _label(facet: str, value: str) -> str:
    if facet == "direction":
        return str(Direction(value).label)
    if facet == "kind":
        return str(PostKind(value).label)
    if facet == "language":
        return language_name(value, translation.get_language())
    return str(Theme(value).label)


class _OnePage(Sequence[Post]):
    """What the paginator reads: the number of matches, and the rows of the one page that
    the search statement already chose (the paginator only ever asks for that slice)."""

    def __init__(self, total: int, rows: list[Post]) -> None:
        self.total = total
        self.rows = rows

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> Post: ...
    @overload
    def __getitem__(self, index: slice) -> list[Post]: ...
    def __getitem__(self, index: int | slice) -> Post | list[Post]:
        if isinstance(index, slice):
            return self.rows
        return self.rows[index]


def _in(column: str, values: tuple[str, ...]) -> tuple[str, list[str]]:
    if not values:
        return "1 = 1", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _facets_total_and_page(
    base: QuerySet[Post], filters: Filters, offset: int, limit: int
) -> tuple[dict[str, list[tuple[str, int]]], int, list[int]]:
    """Every facet's counts under the other facets' choices, the number of matches and the
    ids of one page, in one statement: the visible posts are read once (not once per facet)
    and each post carries a flag per facet condition."""
    quote = connection.ops.quote_name
    languages = quote(PostLanguage._meta.db_table)
    themes = quote(PostTheme._meta.db_table)
    base_sql, base_params = (
        base.order_by().values("id", "direction", "kind", "created_at").query.sql_with_params()
    )
    direction_sql, direction_params = _in("b.direction", filters.direction)
    kind_sql, kind_params = _in("b.kind", filters.kind)
    language_sql, language_params = _in("l.code", filters.language)
    theme_sql, theme_params = _in("t.theme", filters.theme)
    if filters.language:
        language_sql = (
            f"EXISTS (SELECT 1 FROM {languages} l WHERE l.post_id = b.id AND {language_sql})"  # noqa: S608 - table names and placeholders only
        )
    if filters.theme:
        theme_sql = f"EXISTS (SELECT 1 FROM {themes} t WHERE t.post_id = b.id AND {theme_sql})"  # noqa: S608
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    # Table names, the ORM's own SQL of the visible posts and placeholders only.
    statement = f"""
        WITH base AS {materialized}({base_sql}),
        flags AS {materialized}(
            SELECT b.id, b.direction, b.kind, b.created_at,
                   ({direction_sql}) AS d_ok, ({kind_sql}) AS k_ok,
                   ({language_sql}) AS l_ok, ({theme_sql}) AS t_ok
            FROM base b
        )
        SELECT 'direction', direction, COUNT(*) FROM flags
            WHERE k_ok AND l_ok AND t_ok GROUP BY direction
        UNION ALL
        SELECT 'kind', kind, COUNT(*) FROM flags WHERE d_ok AND l_ok AND t_ok GROUP BY kind
        UNION ALL
        SELECT 'language', pl.code, COUNT(*) FROM {languages} pl JOIN flags f ON f.id = pl.post_id
            WHERE f.d_ok AND f.k_ok AND f.t_ok GROUP BY pl.code
        UNION ALL
        SELECT 'theme', pt.theme, COUNT(*) FROM {themes} pt JOIN flags f ON f.id = pt.post_id
            WHERE f.d_ok AND f.k_ok AND f.l_ok GROUP BY pt.theme
        UNION ALL
        SELECT 'total', '', COUNT(*) FROM flags WHERE d_ok AND k_ok AND l_ok AND t_ok
        UNION ALL
        SELECT 'page', CAST(id AS VARCHAR(20)), position FROM (
            SELECT id, ROW_NUMBER() OVER (ORDER BY created_at DESC, id DESC) AS position
            FROM flags WHERE d_ok AND k_ok AND l_ok AND t_ok
            ORDER BY created_at DESC, id DESC LIMIT %s OFFSET %s
        ) page
    """  # noqa: S608
    params = [
        *base_params,
        *direction_params,
        *kind_params,
        *language_params,
        *theme_params,
        limit,
        offset,
    ]
    counts: dict[str, list[tuple[str, int]]] = {facet: [] for facet in FACETS}
    total = 0
    page: list[tuple[int, int]] = []
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for facet, value, number in cursor.fetchall():
            if facet == "total":
                total = int(number)
            elif facet == "page":
                page.append((int(number), int(value)))
            else:
                counts[facet].append((value, int(number)))
    return counts, total, [pk for _position, pk in sorted(page)]


def search(viewer: Any, filters: Filters, *, page_size: int = PAGE_SIZE) -> SearchResult:
    """The current posts ``viewer`` may see that match ``filters``, one page of them, and
    each facet's counts under the other facets' choices (so a choice can be widened)."""
    base = policy.visible_posts(viewer)
    for word in filters.q.split():
        base = base.filter(search_text__contains=fold(word))
    offset = (filters.page - 1) * page_size
    counts, total, ids = _facets_total_and_page(base, filters, offset, page_size)
    number = filters.page
    if not ids and total and offset:
        # A page beyond the last one shows the last, as Django's get_page does.
        number = max(1, math.ceil(total / page_size))
        counts, total, ids = _facets_total_and_page(
            base, filters, (number - 1) * page_size, page_size
        )
    rows = {
        post.pk: post
        for post in Post.objects.filter(pk__in=ids)
        .select_related("owner")
        .prefetch_related("language_links", "theme_links")
    }
    paginator = Paginator(_OnePage(total, [rows[pk] for pk in ids if pk in rows]), page_size)
    page = paginator.get_page(number)

    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        chosen = set(filters.selected(facet))
        values = [
            FacetValue(
                value=value,
                label=_label(facet, value),
                count=count,
                selected=value in chosen,
                toggle_query=filters.toggled(facet, value),
            )
            for value, count in counts[facet]
        ]
        values.sort(key=lambda v: (not v.selected, -v.count, v.label))
        facets[facet] = values
    return SearchResult(filters=filters, total=total, page=page, facets=facets)


# --- Matching ---------------------------------------------------------------------------------

RADIUS_KM = 50.0
WEIGHTS = {"distance": 3.0, "languages": 2.0, "themes": 1.0, "time": 2.0, "free": 0.5}


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    if a is None or b is None:
        return None
    return gazetteer.kilometres(*a, *b)


@dataclass
class Candidate:
    """What the score of one offer reads (also built by the brute-force test)."""

    pk: int
    point: tuple[float, float] | None
    languages: frozenset[str]
    themes: frozenset[str]
    weekdays: frozenset[int]
    time_from: datetime.time | None
    time_to: datetime.time | None
    free: bool


@dataclass
class Match:
    post: Post
    score: float
    distance: float | None
    languages: list[str]
    days: list[int]
    themes: list[str]
    explanation: str = ""


def _point(latitude: Any, longitude: Any) -> tuple[float, float] | None:
    if latitude is None or longitude is None:
        return None
    return float(latitude), float(longitude)


def need_profile(need: Post) -> Candidate:
    return Candidate(
        pk=need.pk,
        point=_point(need.latitude, need.longitude),
        languages=frozenset(link.code for link in need.language_links.all()),
        themes=frozenset(link.theme for link in need.theme_links.all()),
        weekdays=frozenset(need.weekdays or []),
        time_from=need.time_from,
        time_to=need.time_to,
        free=need.cost == Cost.FREE,
    )


def score(
    need: Candidate, offer: Candidate, radius: float = RADIUS_KM
) -> tuple[float, dict[str, Any]]:
    """The score of ``offer`` for ``need`` and what made it: the sum of weighted parts,
    each between 0 and 1 — nearness within the radius, the share of the need's languages
    and themes the offer has, the share of the need's weekdays it is available on (halved
    when its hours do not cover the need's), and being free of charge."""
    distance = distance_km(need.point, offer.point)
    near = 0.0 if distance is None else max(0.0, 1.0 - distance / radius)
    languages = sorted(need.languages & offer.languages)
    themes = sorted(need.themes & offer.themes)
    days: list[int] = []
    timing = 0.0
    if need.weekdays:
        if offer.weekdays:
            days = sorted(need.weekdays & offer.weekdays)
            timing = len(days) / len(need.weekdays)
        else:
            timing = 0.5
        if (
            need.time_from
            and need.time_to
            and offer.time_from
            and offer.time_to
            and not (offer.time_from <= need.time_from and need.time_to <= offer.time_to)
        ):
            timing /= 2
    parts = {
        "distance": near,
        "languages": len(languages) / len(need.languages) if need.languages else 0.0,
        "themes": len(themes) / len(need.themes) if need.themes else 0.0,
        "time": timing,
        "free": 1.0 if offer.free else 0.0,
    }
    total = sum(WEIGHTS[key] * value for key, value in parts.items())
    return total, {"distance": distance, "languages": languages, "themes": themes, "days": days}


def _candidates(viewer: Any, need: Post, radius: float) -> QuerySet[Post]:
    offers = (
        policy.visible_posts(viewer)
        .filter(direction=Direction.OFFER, kind=need.kind)
        .exclude(owner_id=need.owner_id)
    )
    if need.skill:
        offers = offers.filter(skill=need.skill)
    if need.kind == PostKind.ROOM:
        if need.capacity:
            offers = offers.filter(Q(capacity__isnull=True) | Q(capacity__gte=need.capacity))
        if need.step_free:
            offers = offers.filter(step_free=True)
    point = _point(need.latitude, need.longitude)
    if point is not None:
        dlat = radius / 111.2
        dlon = radius / (111.2 * max(0.01, math.cos(math.radians(point[0]))))
        offers = offers.filter(
            latitude__range=(point[0] - dlat, point[0] + dlat),
            longitude__range=(point[1] - dlon, point[1] + dlon),
        )
    return offers


def explain(match: Match, offer: Post) -> str:
    parts: list[str] = []
    if match.distance is not None:
        if match.distance < 1:
            parts.append(_("less than 1 km away"))
        else:
            parts.append(_("%(km)d km away") % {"km": round(match.distance)})
    if match.languages:
        names = [language_name(code, translation.get_language()) for code in match.languages]
        parts.append(_("speaks %(languages)s") % {"languages": ", ".join(names)})
    if match.days:
        days = [str(WEEKDAYS_PLURAL[day]) for day in match.days]
        parts.append(_("free on %(days)s") % {"days": ", ".join(days)})
    if match.themes:
        parts.append(", ".join(str(Theme(t).label) for t in match.themes))
    if offer.cost == Cost.FREE:
        parts.append(_("free of charge"))
    if offer.kind == PostKind.ROOM:
        if offer.capacity:
            parts.append(_("room for %(count)d people") % {"count": offer.capacity})
        if offer.step_free:
            parts.append(_("step-free"))
    return ", ".join(parts)


def matches(viewer: Any, need: Post, *, limit: int = 20, radius: float = RADIUS_KM) -> list[Match]:
    """The offers of other organisations that fit ``need``, best first, each explained
    ("3 km away, speaks Arabic, free on Tuesdays"). Three queries: the candidates within the
    radius, their languages and themes; then the page's offers with their owners."""
    wanted = need_profile(need)
    rows = list(
        _candidates(viewer, need, radius).values_list(
            "pk", "latitude", "longitude", "weekdays", "time_from", "time_to", "cost"
        )
    )
    ids = [row[0] for row in rows]
    languages: dict[int, set[str]] = {}
    themes: dict[int, set[str]] = {}
    if ids and wanted.languages:
        for post_id, code in PostLanguage.objects.filter(
            post_id__in=ids, code__in=wanted.languages
        ).values_list("post_id", "code"):
            languages.setdefault(post_id, set()).add(code)
    if ids and wanted.themes:
        for post_id, theme in PostTheme.objects.filter(
            post_id__in=ids, theme__in=wanted.themes
        ).values_list("post_id", "theme"):
            themes.setdefault(post_id, set()).add(theme)
    scored: list[tuple[float, float, int, dict[str, Any]]] = []
    for pk, lat, lon, weekdays, time_from, time_to, cost in rows:
        offer = Candidate(
            pk=pk,
            point=_point(lat, lon),
            languages=frozenset(languages.get(pk, ())),
            themes=frozenset(themes.get(pk, ())),
            weekdays=frozenset(weekdays or []),
            time_from=time_from,
            time_to=time_to,
            free=cost == Cost.FREE,
        )
        total, why = score(wanted, offer, radius)
        if why["distance"] is not None and why["distance"] > radius:
            continue
        far = why["distance"] if why["distance"] is not None else math.inf
        scored.append((total, far, pk, why))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    best = scored[:limit]
    posts = Post.objects.select_related("owner").in_bulk([pk for _s, _d, pk, _w in best])
    result = []
    for total, _far, pk, why in best:
        match = Match(
            post=posts[pk],
            score=round(total, 4),
            distance=why["distance"],
            languages=why["languages"],
            days=why["days"],
            themes=why["themes"],
        )
        match.explanation = explain(match, posts[pk])
        result.append(match)
    return result


# --- Threads and bookings ---------------------------------------------------------------------


def thread_between(post: Post, asker: Organization) -> Thread | None:
    return Thread.objects.filter(post=post, asker=asker).first()


def thread_or_none(pk: int) -> Thread | None:
    return (
        Thread.objects.select_related("post", "post__owner", "asker", "owner").filter(pk=pk).first()
    )


def threads_started_since(asker: Organization, person: Any, since: datetime.datetime) -> int:
    started = Q(asker=asker)
    if person is not None:
        started |= Q(created_by=person)
    return Thread.objects.filter(started, created_at__gte=since).count()


def threads_of(user: Any) -> list[Thread]:
    acting = policy.acting_ids(user)
    if not acting:
        return []
    return list(
        Thread.objects.filter(Q(asker_id__in=acting) | Q(owner_id__in=acting))
        .select_related("post", "asker", "owner")
        .order_by("-updated_at", "-id")[:200]
    )


def messages_of(thread: Thread, viewer: Any) -> list[Message]:
    rows = list(thread.messages.select_related("organization", "author"))
    if not policy.can_moderate(viewer):
        rows = [m for m in rows if m.hidden_at is None]
    return rows


def bookings_of_thread(thread: Thread) -> list[Booking]:
    return list(thread.bookings.select_related("post", "requester").order_by("starts_at"))


def booking_or_none(pk: int) -> Booking | None:
    return (
        Booking.objects.select_related("post", "post__owner", "requester", "thread")
        .filter(pk=pk)
        .first()
    )


def clashing_booking(
    post: Post,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    exclude: Booking | None = None,
) -> Booking | None:
    """An accepted booking of ``post`` that overlaps the slot, if there is one."""
    rows = Booking.objects.filter(
        post=post, state=BookingState.ACCEPTED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.order_by("starts_at").first()


def bookings_of(organization: Organization, *, accepted_only: bool = True) -> list[Booking]:
    """The bookings of rooms ``organization`` offers and of rooms it booked."""
    rows = Booking.objects.filter(Q(post__owner=organization) | Q(requester=organization))
    if accepted_only:
        rows = rows.filter(state=BookingState.ACCEPTED)
    else:
        rows = rows.exclude(state=BookingState.CANCELLED)
    return list(
        rows.select_related("post", "post__owner", "requester", "thread").order_by("starts_at")
    )


# --- Joint projects ---------------------------------------------------------------------------


def project_or_none(pk: int) -> Project | None:
    return Project.objects.select_related("lead").filter(pk=pk).first()


def projects_of(user: Any) -> list[Project]:
    own = policy.own_ids(user)
    if not own:
        return []
    return list(
        Project.objects.filter(Q(lead_id__in=own) | Q(partners__organization_id__in=own))
        .select_related("lead")
        .distinct()
        .order_by("-created_at")
    )


def accepted_partners(project: Project) -> list[Partner]:
    return list(project.partners.filter(accepted_at__isnull=False).select_related("organization"))


def share_amount(kind: str, value: Decimal, total: Decimal) -> Decimal:
    if kind == ShareKind.PERCENT:
        return (total * value / 100).quantize(Decimal("0.01"))
    return value


@dataclass
class PartnerSummary:
    partner: Partner
    pays: Decimal
    in_kind: Decimal
    alone: Decimal

    @property
    def saves(self) -> Decimal:
        return self.alone - self.pays


@dataclass
class ProjectSummary:
    project: Project
    partners: list[Partner]
    lines: list[CostLine]
    total: Decimal
    shared: Decimal
    rows: list[PartnerSummary]
    contributions: list[Any]

    @property
    def open_amount(self) -> Decimal:
        return self.total - self.shared


def project_summary(project: Project) -> ProjectSummary:
    """What each partner pays of the budget, what it gives in kind, and what it saves
    against paying the whole budget alone. Four queries."""
    partners = list(project.partners.select_related("organization").order_by("id"))
    lines = list(
        project.cost_lines.prefetch_related(
            Prefetch("shares", queryset=Share.objects.order_by("id"))
        )
    )
    contributions = list(project.contributions.select_related("partner__organization"))
    total = sum((line.amount for line in lines), Decimal("0"))
    pays: dict[int, Decimal] = {p.pk: Decimal("0") for p in partners}
    for line in lines:
        for share in line.shares.all():
            pays[share.partner_id] = pays.get(share.partner_id, Decimal("0")) + share_amount(
                share.kind, share.value, line.amount
            )
    in_kind: dict[int, Decimal] = {}
    for contribution in contributions:
        in_kind[contribution.partner_id] = (
            in_kind.get(contribution.partner_id, Decimal("0")) + contribution.value
        )
    rows = [
        PartnerSummary(
            partner=p,
            pays=pays.get(p.pk, Decimal("0")),
            in_kind=in_kind.get(p.pk, Decimal("0")),
            alone=total,
        )
        for p in partners
        if p.accepted_at is not None
    ]
    return ProjectSummary(
        project=project,
        partners=partners,
        lines=lines,
        total=total,
        shared=sum((row.pays for row in rows), Decimal("0")),
        rows=rows,
        contributions=contributions,
    )


def partner_or_none(pk: int) -> Partner | None:
    return (
        Partner.objects.select_related("project", "project__lead", "organization")
        .filter(pk=pk)
        .first()
    )


def active_memberships(organization: Organization) -> QuerySet[Membership]:
    return Membership.objects.filter(member=organization, status=MembershipStatus.ACTIVE)


def message_or_none(pk: int) -> Message | None:
    return Message.objects.select_related("thread", "organization").filter(pk=pk).first()


def open_reports() -> list[Any]:
    from verbund.exchange.models import AbuseReport

    return list(
        AbuseReport.objects.filter(resolved_at__isnull=True)
        .select_related("post", "post__owner", "message", "message__thread", "reporter")
        .order_by("created_at")[:200]
    )


def partners_by_slug(
    slugs: Iterable[str], *, exclude: Organization
) -> tuple[list[Organization], list[str]]:
    """The published organisations with these addresses on the site, and the ones unknown."""
    wanted = [s for s in dict.fromkeys(slugs) if s and s != exclude.slug]
    found = {
        o.slug: o for o in Organization.objects.filter(slug__in=wanted, status=Status.PUBLISHED)
    }
    return [found[s] for s in wanted if s in found], [s for s in wanted if s not in found]


def labels_of(post: Post) -> dict[str, list[str]]:
    """The names of a post's languages, themes and weekdays in the reader's language."""
    from verbund.exchange.taxonomy import WEEKDAYS

    days = dict(WEEKDAYS)
    return {
        "language_names": [
            language_name(code, translation.get_language()) for code in languages_of(post)
        ],
        "theme_names": [str(Theme(t).label) for t in themes_of(post)],
        "weekday_names": [str(days[d]) for d in post.weekdays or [] if d in days],
    }


# --- The exchange space of a network ------------------------------------------------------------


def discussions(
    network: Organization, topic: str = "", *, moderator: bool = False
) -> list[Discussion]:
    rows = Discussion.objects.filter(network=network)
    if topic:
        rows = rows.filter(topic=topic)
    if not moderator:
        rows = rows.filter(hidden_at__isnull=True)
    return list(rows.annotate(replies=Count("posts")).order_by("-updated_at", "-id")[:200])


def discussion_or_none(pk: int) -> Discussion | None:
    return Discussion.objects.select_related("network").filter(pk=pk).first()


def discussion_post_or_none(pk: int) -> DiscussionPost | None:
    return (
        DiscussionPost.objects.select_related("discussion", "discussion__network")
        .filter(pk=pk)
        .first()
    )


def posts_of_discussion(discussion: Discussion, *, moderator: bool) -> list[DiscussionPost]:
    rows = discussion.posts.select_related("author")
    if not moderator:
        rows = rows.filter(hidden_at__isnull=True)
    return list(rows)


def discussion_participants(discussion: Discussion) -> list[Any]:
    return list(
        User.objects.filter(is_active=True, pk__in=discussion.posts.values("author_id")).order_by(
            "pk"
        )
    )


@dataclass
class FittingOrganization:
    organization: Organization
    score: float
    distance: float | None
    languages: list[str]
    themes: list[str]
    explanation: str = ""


def fitting_organizations(
    need: Post, *, limit: int = 5, radius: float = RADIUS_KM
) -> list[FittingOrganization]:
    """Published organisations near ``need`` whose profile fits it (its languages and
    themes), though they posted no offer: scored like offers by nearness, languages and
    themes. Four queries."""
    from verbund.organizations.models import OrganizationLanguage, OrganizationTheme

    wanted = need_profile(need)
    if not wanted.languages and not wanted.themes:
        return []
    rows = Organization.objects.filter(status=Status.PUBLISHED).exclude(pk=need.owner_id)
    if wanted.point is not None:
        dlat = radius / 111.2
        dlon = radius / (111.2 * max(0.01, math.cos(math.radians(wanted.point[0]))))
        rows = rows.filter(
            latitude__range=(wanted.point[0] - dlat, wanted.point[0] + dlat),
            longitude__range=(wanted.point[1] - dlon, wanted.point[1] + dlon),
        )
    fits = Q(
        pk__in=OrganizationLanguage.objects.filter(code__in=wanted.languages).values(
            "organization_id"
        )
    )
    fits |= Q(
        pk__in=OrganizationTheme.objects.filter(theme__in=wanted.themes).values("organization_id")
    )
    candidates = list(rows.filter(fits).values_list("pk", "latitude", "longitude")[:2000])
    ids = [pk for pk, _lat, _lon in candidates]
    languages: dict[int, set[str]] = {}
    for pk, code in OrganizationLanguage.objects.filter(
        organization_id__in=ids, code__in=wanted.languages
    ).values_list("organization_id", "code"):
        languages.setdefault(pk, set()).add(code)
    themes: dict[int, set[str]] = {}
    for pk, theme in OrganizationTheme.objects.filter(
        organization_id__in=ids, theme__in=wanted.themes
    ).values_list("organization_id", "theme"):
        themes.setdefault(pk, set()).add(theme)
    scored = []
    for pk, lat, lon in candidates:
        profile = Candidate(
            pk=pk,
            point=_point(lat, lon),
            languages=frozenset(languages.get(pk, ())),
            themes=frozenset(themes.get(pk, ())),
            weekdays=frozenset(),
            time_from=None,
            time_to=None,
            free=False,
        )
        total, why = score(
            Candidate(
                pk=wanted.pk,
                point=wanted.point,
                languages=wanted.languages,
                themes=wanted.themes,
                weekdays=frozenset(),
                time_from=None,
                time_to=None,
                free=False,
            ),
            profile,
            radius,
        )
        if why["distance"] is not None and why["distance"] > radius:
            continue
        far = why["distance"] if why["distance"] is not None else math.inf
        scored.append((total, far, pk, why))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    best = scored[:limit]
    found = Organization.objects.in_bulk([pk for _t, _f, pk, _w in best])
    result = []
    for total, _far, pk, why in best:
        item = FittingOrganization(
            organization=found[pk],
            score=round(total, 4),
            distance=why["distance"],
            languages=why["languages"],
            themes=why["themes"],
        )
        parts = []
        if item.distance is not None:
            parts.append(
                _("%(km)d km away") % {"km": round(item.distance)}
                if item.distance >= 1
                else _("less than 1 km away")
            )
        if item.languages:
            names = [language_name(code, translation.get_language()) for code in item.languages]
            parts.append(_("speaks %(languages)s") % {"languages": ", ".join(names)})
        if item.themes:
            parts.append(", ".join(str(Theme(t).label) for t in item.themes))
        item.explanation = ", ".join(parts)
        result.append(item)
    return result
