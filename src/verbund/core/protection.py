"""Flood protection of public forms, without tracking anyone.

* A proof-of-work challenge (ALTCHA, from the ``altcha`` package, self-hosted): the form
  carries a signed challenge; a small script in the browser finds the number that solves it
  and sends it with the form. No third party is asked, no cookie is set.
* A rate limit per address: the address is used only for a moment, as a keyed hash that
  changes every day, as the name of a counter in the cache that expires after an hour. It is
  never stored, never logged, and never written to the database.

Each form has its own ``namespace``, so challenges and counters of one do not count for
another.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

import altcha
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

WINDOW_SECONDS = 60 * 60
CHALLENGE_MINUTES = 30


def _secret(namespace: str, purpose: str) -> bytes:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"verbund {namespace} {purpose}".encode(), hashlib.sha256
    ).digest()


def new_challenge(namespace: str, max_number: int) -> dict[str, Any]:
    challenge = altcha.create_challenge_v1(
        altcha.ChallengeOptionsV1(
            hmac_key=_secret(namespace, "altcha").hex(),
            max_number=max_number,
            expires=timezone.now() + datetime.timedelta(minutes=CHALLENGE_MINUTES),
        )
    )
    return dict(challenge.to_dict())


def challenge_json(namespace: str, max_number: int) -> str:
    return json.dumps(new_challenge(namespace, max_number))


def verify(namespace: str, payload: str) -> bool:
    """A solved, unexpired challenge of this form, used for the first time."""
    if not payload or len(payload) > 2000:
        return False
    try:
        ok, _error = altcha.verify_solution_v1(
            payload, _secret(namespace, "altcha").hex(), check_expires=True
        )
        challenge = json.loads(base64.b64decode(payload))["challenge"]
    except (ValueError, TypeError, KeyError):
        return False
    if not ok:
        return False
    # Each challenge counts once.
    return bool(cache.add(f"{namespace}:pow:{challenge}", 1, CHALLENGE_MINUTES * 60))


def solve(challenge: dict[str, Any]) -> str:
    """The payload a browser would send (for tests and benchmarks)."""
    solution = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"]
    )
    assert solution is not None
    return base64.b64encode(
        json.dumps(
            {
                "algorithm": challenge["algorithm"],
                "challenge": challenge["challenge"],
                "number": solution.number,
                "salt": challenge["salt"],
                "signature": challenge["signature"],
            }
        ).encode()
    ).decode()


# --- Rate limits ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    namespace: str
    bucket: str
    allowed: int


def _address(request: HttpRequest) -> str:
    # Behind the proxy REMOTE_ADDR is what the proxy set; nothing here stores it.
    return str(request.META.get("REMOTE_ADDR", ""))


def _counter_key(request: HttpRequest, limit: Limit) -> str:
    day = timezone.now().date().isoformat()
    digest = hmac.new(
        _secret(limit.namespace, "rate limit " + day), _address(request).encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"{limit.namespace}:rate:{limit.bucket}:{digest}"


def used(request: HttpRequest, limit: Limit) -> int:
    return int(cache.get(_counter_key(request, limit), 0))


def exceeded(request: HttpRequest, limit: Limit) -> bool:
    return used(request, limit) >= limit.allowed


def count(request: HttpRequest, limit: Limit) -> None:
    key = _counter_key(request, limit)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
