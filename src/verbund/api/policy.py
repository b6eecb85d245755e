"""Who may use the API for what. Field visibility is the registry's decision
(:mod:`verbund.organizations.policy`); this module only decides what a caller acts as."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from verbund.api.models import ApiToken, TokenScope
from verbund.organizations import policy as registry_policy


def can_manage_tokens(actor: Any) -> bool:
    return registry_policy.is_staff(actor)


def viewer_for(token: ApiToken | None) -> Any:
    """The person whose view of the registry a caller gets; anonymous without a read token."""
    if token is None or token.scope != TokenScope.READ:
        return AnonymousUser()
    person = token.person
    if not person.is_active:
        return AnonymousUser()
    return person


def is_public_caller(token: ApiToken | None) -> bool:
    """Public callers get shared, cacheable answers and CORS; token holders get private ones."""
    return token is None or token.scope == TokenScope.PUBLIC


def rate_limit_key(token: ApiToken | None, client_address: str) -> tuple[str, str]:
    """The bucket a request counts against and the setting that names its rate."""
    if token is None:
        return f"ip:{client_address}", "VERBUND_API_ANONYMOUS_RATE"
    return f"token:{token.pk}", "VERBUND_API_TOKEN_RATE"
