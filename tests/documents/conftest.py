from __future__ import annotations

from tests.meetings.conftest import World, _fast_passwords, world

__all__ = ["World", "_fast_passwords", "world"]
