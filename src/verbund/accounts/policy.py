"""Who may see and change people's accounts. The admin, the settings page and the services
ask here.

A person changes their own name and language. Platform staff look after other people's
accounts in the admin (name, address, language, whether the account is active), but not
those of other staff: who holds power over whom stays a superuser's decision. Only
superusers make someone staff or superuser or put them in groups (groups carry Django's
permissions), and only the console makes demo accounts. Staff and superusers must have
two-factor authentication (in production); only the person themselves downloads their data
or deletes their account.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from verbund.core.actors import is_trusted_system


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_superuser(user: Any) -> bool:
    return is_trusted_system(user) or (_active(user) and bool(user.is_superuser))


def can_change_settings(user: Any, person: Any) -> bool:
    """Name and language of one's own account."""
    return _active(user) and person.pk == user.pk


def can_manage_people(user: Any) -> bool:
    """See the people in the admin."""
    return is_superuser(user) or (_active(user) and bool(user.is_staff))


def can_edit_person(user: Any, person: Any) -> bool:
    """Change a person's profile and whether the account is active: superusers anyone; staff
    anyone who is neither staff nor superuser, and themselves."""
    if is_superuser(user):
        return True
    if not can_manage_people(user):
        return False
    if person.pk is not None and person.pk == user.pk:
        return True
    return not (person.is_staff or person.is_superuser)


def can_grant_permissions(user: Any) -> bool:
    """Make someone staff or superuser, or change their groups."""
    return is_superuser(user)


def can_make_demo_people(user: Any) -> bool:
    return is_trusted_system(user)


def needs_two_factor(user: Any) -> bool:
    """Platform staff and superusers: their accounts open every organisation's data."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or user.is_superuser))


def has_two_factor(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    if not getattr(user, "is_authenticated", False) or not isinstance(user.pk, int):
        return False  # visitors and system actors have no authenticator of their own
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def must_set_up_two_factor(user: Any) -> bool:
    """With ``VERBUND_STAFF_TWO_FACTOR`` on (the default in production), staff without an
    authenticator app are sent to set one up before anything else."""
    return settings.VERBUND_STAFF_TWO_FACTOR and needs_two_factor(user) and not has_two_factor(user)


def can_manage_own_data(actor: Any, person: Any) -> bool:
    """Only the person themselves downloads their data or deletes their account."""
    return bool(getattr(actor, "is_authenticated", False) and actor.pk == person.pk)
