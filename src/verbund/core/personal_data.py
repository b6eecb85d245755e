"""What the platform holds about a person, for their download, and what keeps them from
deleting their account — filled in by the apps that hold such data.

It lives in ``core`` so that every app can register with it; each app that holds personal
data registers, in its ``AppConfig.ready``, a *section* (a function of the person returning
plain, JSON-ready data) and, where needed, a *blocker* (a function returning the reasons, as
translated sentences, why the account cannot be deleted yet — the last administrator of an
organisation must hand it over first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Section = Callable[[Any], Any]
Blocker = Callable[[Any], list[str]]

SECTIONS: dict[str, Section] = {}
BLOCKERS: list[Blocker] = []


def register_section(key: str, collect: Section) -> None:
    SECTIONS[key] = collect


def register_blocker(check: Blocker) -> None:
    if check not in BLOCKERS:
        BLOCKERS.append(check)


def collect(person: Any) -> dict[str, Any]:
    return {key: SECTIONS[key](person) for key in sorted(SECTIONS)}


def blockers(person: Any) -> list[str]:
    return [reason for check in BLOCKERS for reason in check(person)]
