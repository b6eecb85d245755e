"""The one way a service refuses: the app's policy answers, the service raises."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def require(allowed: bool) -> None:
    """Raise ``PermissionDenied`` unless the policy allowed it (views turn it into a 403)."""
    if not allowed:
        raise PermissionDenied
