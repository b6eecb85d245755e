"""Issuing and revoking API tokens: permission check, one transaction, audit log."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from verbund.api import policy
from verbund.api.models import ApiToken, TokenScope
from verbund.core import audit

TOKEN_PREFIX = "vbd_"  # noqa: S105 - a public marker, not a secret
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


def hash_token(plain: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough; no salt needed.
    return hashlib.sha256(plain.encode()).hexdigest()


@transaction.atomic
def create_token(
    actor: Any,
    person: Any,
    name: str,
    *,
    scope: str = TokenScope.READ,
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``person``; the plain token is returned once and never stored."""
    if not policy.can_manage_tokens(actor):
        raise PermissionDenied
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person,
        name=name.strip()[:100] or "API",
        scope=scope,
        prefix=plain[len(TOKEN_PREFIX) :][:8],
        key_hash=hash_token(plain),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=expires_at,
    )
    audit.record(
        actor=actor,
        action="api.token_created",
        target=token,
        changes={"person": [None, str(person)], "scope": [None, scope]},
        summary=token.name,
    )
    return token, plain


@transaction.atomic
def revoke_token(actor: Any, token: ApiToken) -> None:
    if not policy.can_manage_tokens(actor):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api.token_revoked", target=token, summary=token.name)


def token_for(plain: str) -> ApiToken | None:
    """The valid token for this secret, or ``None`` when it is unknown, revoked or expired."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    token = (
        ApiToken.objects.select_related("person")
        .filter(key_hash=hash_token(plain), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        # Bookkeeping only, written at most every few minutes per token.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
