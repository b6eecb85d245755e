"""Flood protection of the public report form (``core.protection``: a self-hosted
proof-of-work challenge and a rate limit per address that stores nothing). Without
JavaScript the form still works, under a stricter limit."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from verbund.core import protection
from verbund.core.protection import Limit, count, exceeded, solve, used

NAMESPACE = "counselling"

__all__ = [
    "Limit",
    "challenge_json",
    "count",
    "exceeded",
    "new_challenge",
    "receipt_limit",
    "report_limit",
    "solve",
    "used",
    "verify",
]


def new_challenge() -> dict[str, Any]:
    return protection.new_challenge(NAMESPACE, int(settings.COUNSELLING_POW_MAX_NUMBER))


def challenge_json() -> str:
    return protection.challenge_json(NAMESPACE, int(settings.COUNSELLING_POW_MAX_NUMBER))


def verify(payload: str) -> bool:
    return protection.verify(NAMESPACE, payload)


def report_limit(with_proof_of_work: bool) -> Limit:
    if with_proof_of_work:
        return Limit(NAMESPACE, "report", int(settings.COUNSELLING_REPORTS_PER_HOUR))
    return Limit(NAMESPACE, "report", int(settings.COUNSELLING_REPORTS_PER_HOUR_WITHOUT_POW))


def receipt_limit() -> Limit:
    return Limit(NAMESPACE, "receipt", int(settings.COUNSELLING_RECEIPT_TRIES_PER_HOUR))
