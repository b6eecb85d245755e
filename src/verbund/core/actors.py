"""Who acts when no person does: named system actors instead of ``actor=None``.

A service always receives an actor. For work that no logged-in person does — a management
command at the operator's console, a background task finishing what a person started, the
demo loader, a visitor following a signed link from an e-mail — the caller passes one of the
actors below. Each says in the audit log who it was, and each policy decides what it may do:
only :data:`OPERATOR` and :data:`DEMO_LOADER` (the console, which already has the database)
are trusted like platform staff; :data:`SIGNED_LINK` is trusted with nothing but the one
action its link names, which the service checks itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SystemActor:
    code: str
    label: Promise
    trusted: bool = False

    # The parts of the user interface policies read, so a system actor is never mistaken
    # for a logged-in person.
    pk = None
    is_authenticated = False
    is_anonymous = True
    is_active = False
    is_staff = False
    is_superuser = False

    def __str__(self) -> str:
        return str(self.label)


OPERATOR = SystemActor("operator", _("the operator (console)"), trusted=True)
DEMO_LOADER = SystemActor("demo", _("the demo data"), trusted=True)
WORKER = SystemActor("worker", _("the system (background task)"))
SIGNED_LINK = SystemActor("signed_link", _("someone following a link from an e-mail"))
SCHEDULE = SystemActor("schedule", _("the system (scheduled job)"), trusted=True)

SYSTEM_ACTORS = {
    actor.code: actor for actor in (OPERATOR, DEMO_LOADER, WORKER, SIGNED_LINK, SCHEDULE)
}


def is_system(actor: Any) -> bool:
    return isinstance(actor, SystemActor)


def is_trusted_system(actor: Any) -> bool:
    """The console and the demo loader: they may do what platform staff may."""
    return isinstance(actor, SystemActor) and actor.trusted


def actor_for_audit(actor: Any) -> tuple[Any, str]:
    """The person (or None) and the system actor's code (or "") an audit entry stores."""
    if isinstance(actor, SystemActor):
        return None, actor.code
    if getattr(actor, "is_authenticated", False):
        return actor, ""
    if actor is None:
        return None, ""
    return None, "anonymous"


def label_of(code: str) -> str:
    if code == "anonymous":
        return str(_("a visitor without an account"))
    if code.startswith("deleted:"):
        # An account deleted by its owner: its entries stay, under a pseudonym.
        return str(_("a deleted account (%(marker)s)") % {"marker": code.removeprefix("deleted:")})
    actor = SYSTEM_ACTORS.get(code)
    return str(actor.label) if actor else str(_("the system"))
