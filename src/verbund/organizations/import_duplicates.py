"""Spreadsheet import, third step: rows that are already in the registry, or twice in the
file — the same identifier, name, e-mail address or website, or a similar name in the same
city — each pair with the reason the person decides on."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from verbund.organizations import policy
from verbund.organizations.import_checks import RowCheck
from verbund.organizations.models import Organization
from verbund.organizations.spreadsheet import normalise

# Normalised indel similarity (two times the longest common subsequence over both lengths).
SIMILAR_NAME = 88.0
DIGITS = re.compile(r"\d+")
LEGAL_SUFFIXES = re.compile(r"\b(e v|ev|ggmbh|gmbh|gug|eg|gbr)$")


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
