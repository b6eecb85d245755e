"""Who may see and change notifications: each person only their own."""

from __future__ import annotations

from typing import Any

from verbund.notifications.models import Notification


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_read(user: Any, notification: Notification) -> bool:
    return _authenticated(user) and notification.person_id == user.pk


def can_set_preferences(user: Any, person: Any) -> bool:
    return _authenticated(user) and user.pk == person.pk
