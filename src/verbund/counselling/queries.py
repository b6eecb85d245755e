"""Reads of counselling that are more than a filter: the case list (decrypting only the
codes shown), the triage queue, the access log of a case, the centres a report can go to,
and the statistics of a centre and of a network."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from verbund.counselling import crypto, policy
from verbund.counselling.models import (
    AccessLogEntry,
    Case,
    CaseCounsellor,
    CaseGround,
    Centre,
    Report,
    TeamMember,
)
from verbund.counselling.statistics import Table, make_table
from verbund.counselling.taxonomy import (
    OPEN_REPORT_STATUSES,
    CaseStatus,
    Domain,
    Form,
    Ground,
    Level,
)
from verbund.networks import queries as network_queries
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Status

PLATFORM_LANGUAGES = [code for code, _name in settings.LANGUAGES]


# --- Centres ----------------------------------------------------------------------------------


def centres_of(user: Any) -> list[Centre]:
    ids = policy.centres_of(user)
    return list(Centre.objects.filter(pk__in=ids).select_related("organization"))


def team(centre: Centre) -> list[TeamMember]:
    return list(
        TeamMember.objects.filter(centre=centre)
        .select_related("person", "granted_by")
        .order_by("role", "person__display_name", "person__email")
    )


def assignable(centre: Centre) -> list[Any]:
    return [m.person for m in team(centre) if policy.team_role(m.person, centre) is not None]


def centres_for_reports() -> list[Centre]:
    return list(
        Centre.objects.filter(accepts_reports=True, organization__status=Status.PUBLISHED)
        .select_related("organization")
        .order_by("name")
    )


def centres_for_referral(case: Case) -> QuerySet[Centre]:
    return Centre.objects.exclude(pk=case.centre_id).order_by("name")


# --- The case list ----------------------------------------------------------------------------


@dataclass
class CaseRow:
    """What a row of the case list shows: the code (opened), dates, status; nothing else."""

    pk: int
    code: str
    status: str
    status_label: str
    opened_on: datetime.date
    lead_counsellor: str
    mine: bool


def visible_cases(user: Any, centre: Centre) -> QuerySet[Case]:
    """The centre lead sees every case of the centre; a counsellor the cases assigned to them."""
    cases = Case.objects.filter(centre=centre)
    if policy.is_lead(user, centre):
        return cases
    if policy.team_role(user, centre) is None:
        return cases.none()
    co = CaseCounsellor.objects.filter(person=user).values("case_id")
    return cases.filter(Q(lead_counsellor=user) | Q(pk__in=co))


def case_list(
    user: Any, centre: Centre, *, status: str = "", page: int | str = 1
) -> tuple[Page[Any], list[CaseRow]]:
    """One page of the list; only the codes on the page are decrypted."""
    cases = visible_cases(user, centre)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    cases = (
        cases.select_related("lead_counsellor")
        .only(
            "pk",
            "code_enc",
            "status",
            "opened_on",
            "lead_counsellor__display_name",
            "lead_counsellor__email",
            "lead_counsellor__first_name",
            "lead_counsellor__last_name",
        )
        .order_by("-opened_on", "-pk")
    )
    paginator = Paginator(cases, settings.COUNSELLING_CASE_PAGE_SIZE)
    current = paginator.get_page(page)
    labels = dict(CaseStatus.choices)
    rows = [
        CaseRow(
            pk=case.pk,
            code=crypto.open_text(case.code_enc, "case.code"),
            status=case.status,
            status_label=str(labels.get(case.status, case.status)),
            opened_on=case.opened_on,
            lead_counsellor=str(case.lead_counsellor) if case.lead_counsellor_id else "",
            mine=case.lead_counsellor_id == user.pk,
        )
        for case in current.object_list
    ]
    return current, rows


def access_log(case: Case) -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(case_id=case.pk)
        .select_related("person")
        .order_by("-at", "-id")
    )


def triage_queue(centre: Centre, *, include_done: bool = False) -> list[Report]:
    reports = Report.objects.filter(centre=centre)
    if not include_done:
        reports = reports.filter(status__in=OPEN_REPORT_STATUSES)
    return list(reports.order_by("-received_on", "-pk")[:200])


def other_reports(report: Report) -> list[Report]:
    return list(
        Report.objects.filter(centre=report.centre_id)
        .exclude(pk=report.pk)
        .order_by("-received_on", "-pk")[:100]
    )


# --- Statistics -------------------------------------------------------------------------------


def network_centres(network: Organization) -> QuerySet[Centre]:
    """Centres of organisations that are active members of the published ``network``."""
    if network.status != Status.PUBLISHED:
        return Centre.objects.none()
    members = network_queries.member_organisations_for(
        network, network_queries.normalise_audience({})
    )
    return Centre.objects.filter(organization__in=members.values("pk")).order_by("name")


def networks_with_statistics(user: Any) -> list[Organization]:
    """Published networks ``user`` coordinates whose active members run a centre."""
    from verbund.networks import policy as network_policy

    return [
        network
        for network in network_policy.coordinated_networks(user).filter(status=Status.PUBLISHED)
        if policy.can_view_network_statistics(user, network) and network_centres(network).exists()
    ]


@dataclass
class Statistics:
    year: int
    tables: list[Table]
    cases: int
    centres: list[Centre]


def _version() -> int:
    return int(cache.get("counselling:statistics-version", 1))


def statistics_changed() -> None:
    try:
        cache.incr("counselling:statistics-version")
    except ValueError:
        cache.set("counselling:statistics-version", 2, None)


def _label(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else _("Not recorded")


def _month_label(year: int, month: int) -> str:
    return formats.date_format(datetime.date(year, month, 1), "F")


def build_statistics(
    cases: QuerySet[Case],
    centres: Sequence[Centre],
    year: int,
    *,
    extra_ground_filter: dict[str, Any] | None = None,
) -> Statistics:
    """Counts of ``cases`` opened in ``year`` by each dimension, one table each, protected.
    ``extra_ground_filter`` repeats the cases' own filter for the grounds (on their case)."""
    extra_ground_filter = extra_ground_filter or {}
    cases = cases.filter(opened_on__year=year).order_by()
    many = len(centres) > 1
    columns = [(str(c.pk), c.name) for c in centres] if many else [("all", _("Cases"))]

    def column_of(centre_id: int) -> str:
        return str(centre_id) if many else "all"

    tables: list[Table] = []
    blank = [("", _("Not recorded"))]

    def choices(model_choices: Any) -> list[tuple[str, str]]:
        return [*[(str(v), str(name)) for v, name in model_choices], *blank]

    language_codes = [*PLATFORM_LANGUAGES, "other", ""]
    dimensions: dict[str, list[str]] = {
        "domain": [*Domain.values, ""],
        "form": [*Form.values, ""],
        "level": [*Level.values, ""],
        "month": [str(m) for m in range(1, 13)],
    }
    # One pass over the cases for every dimension: a filtered count per value and centre.
    aggregates: dict[str, Any] = {"all": Count("pk")}
    for field_name, values in dimensions.items():
        for value in values:
            condition = (
                Q(opened_on__month=int(value))
                if field_name == "month"
                else Q(**{field_name: value})
            )
            aggregates[f"{field_name}__{value}"] = Count("pk", filter=condition)
    for code in PLATFORM_LANGUAGES:
        aggregates[f"language__{code}"] = Count("pk", filter=Q(counselling_language=code))
    aggregates["language__"] = Count("pk", filter=Q(counselling_language=""))
    rows: Any = cases.values("centre_id").annotate(**aggregates).order_by()
    per_centre: dict[int, dict[str, Any]] = {int(row["centre_id"]): dict(row) for row in rows}
    for row in per_centre.values():
        row["language__other"] = row["all"] - sum(
            row[f"language__{code}"] for code in [*PLATFORM_LANGUAGES, ""]
        )
    dimensions["language"] = language_codes

    def counts_of(field_name: str) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for centre_id, row in per_centre.items():
            for value in dimensions[field_name]:
                key = (value, column_of(centre_id))
                counts[key] = counts.get(key, 0) + int(row[f"{field_name}__{value}"])
        return counts

    ground_counts: dict[tuple[str, str], int] = {}
    for ground, centre_id, n in (
        CaseGround.objects.filter(
            case__centre_id__in=[c.pk for c in centres],
            case__opened_on__year=year,
            **extra_ground_filter,
        )
        .order_by()
        .values_list("ground", "case__centre_id")
        .annotate(n=Count("pk"))
    ):
        ground_counts[(ground, column_of(centre_id))] = n
    tables.append(
        make_table(
            "ground",
            _("Grounds"),
            [(g, str(label)) for g, label in Ground.choices],
            columns,
            ground_counts,
            _("A case can have several grounds; totals count mentions."),
        )
    )
    tables.append(
        make_table(
            "domain", _("Life domains"), choices(Domain.choices), columns, counts_of("domain")
        )
    )
    tables.append(
        make_table(
            "form", _("Forms of discrimination"), choices(Form.choices), columns, counts_of("form")
        )
    )
    tables.append(
        make_table("level", _("Levels"), choices(Level.choices), columns, counts_of("level"))
    )
    tables.append(
        make_table(
            "month",
            _("Month the case was opened"),
            [(str(m), _month_label(year, m)) for m in range(1, 13)],
            columns,
            counts_of("month"),
        )
    )
    language_rows = [(code, str(name)) for code, name in settings.LANGUAGES]
    tables.append(
        make_table(
            "language",
            _("Language of the counselling"),
            [*language_rows, ("other", _("Other languages")), *blank],
            columns,
            counts_of("language"),
        )
    )
    if many:
        centre_counts = {
            (str(centre_id), "all"): row["all"] for centre_id, row in per_centre.items()
        }
        tables.append(
            make_table(
                "centre",
                _("Centres"),
                [(str(c.pk), c.name) for c in centres],
                [("all", _("Cases"))],
                centre_counts,
            )
        )
    total = sum(int(row["all"]) for row in per_centre.values())
    return Statistics(year=year, tables=tables, cases=total, centres=list(centres))


def centre_statistics(centre: Centre, year: int) -> Statistics:
    """Every case of the centre (its own figures); cached per data version."""
    key = f"counselling:stats:centre:{centre.pk}:{year}:{_version()}"
    found = cache.get(key)
    if found is None:
        found = build_statistics(Case.objects.filter(centre=centre), [centre], year)
        cache.set(key, found, 300)
    return found


def network_statistics(network: Organization, year: int) -> Statistics:
    """Only cases whose client consented to anonymous use in statistics, of centres of the
    network's active member organisations."""
    centres = list(network_centres(network))
    key = f"counselling:stats:network:{network.pk}:{year}:{_version()}:" + ",".join(
        str(c.pk) for c in centres
    )
    found = cache.get(key)
    if found is None:
        found = build_statistics(
            Case.objects.filter(statistics_consent=True, centre__in=[c.pk for c in centres]),
            centres,
            year,
            extra_ground_filter={"case__statistics_consent": True},
        )
        cache.set(key, found, 300)
    return found


# --- Single objects (the views ask policy before they show anything) --------------------------


def centre_or_none(pk: int) -> Centre | None:
    return Centre.objects.select_related("organization").filter(pk=pk).first()


def case_or_none(pk: int) -> Case | None:
    return (
        Case.objects.select_related("centre", "centre__organization", "lead_counsellor")
        .filter(pk=pk)
        .first()
    )


def report_or_none(pk: int) -> Report | None:
    return Report.objects.select_related("centre").filter(pk=pk).first()


def attachment_or_none(pk: int) -> Any:
    from verbund.counselling.models import Attachment

    return (
        Attachment.objects.select_related("case", "case__centre", "report", "report__centre")
        .filter(pk=pk)
        .first()
    )


def team_member_or_none(centre: Centre, pk: int) -> TeamMember | None:
    return (
        TeamMember.objects.select_related("person", "centre").filter(centre=centre, pk=pk).first()
    )


def person_by_email(email: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()


def organisation_by_slug(slug: str) -> Organization | None:
    return Organization.objects.filter(slug=slug).first()


def administered_organisations(user: Any) -> list[Organization]:
    from verbund.organizations.taxonomy import Role

    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organization.objects.filter(affiliations__person=user, affiliations__role=Role.ADMIN)
        .order_by("name")
        .distinct()
    )


def personal_team_roles(person: Any) -> dict[str, Any]:
    """For a person's data download: their roles in counselling centres. Case files hold no
    account of a client, so nothing else of counselling is about the person."""
    return {
        "team_roles": [
            {"centre": m.centre.name, "organization": m.centre.organization.name, "role": m.role}
            for m in TeamMember.objects.filter(person=person).select_related("centre__organization")
        ]
    }
