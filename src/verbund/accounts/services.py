"""Writes to people's accounts: a person's own settings, the admin's changes, demo accounts.

Every function takes the acting person first, asks ``accounts.policy``, changes the account
in one transaction and records the change in the audit log (the person is the target and
the scope: their history is their own).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from verbund.accounts import policy
from verbund.core import audit, personal_data

SETTINGS_FIELDS = ("display_name", "preferred_language")
# What staff change in the admin; the permission fields only superusers.
PROFILE_FIELDS = (
    "email",
    "display_name",
    "first_name",
    "last_name",
    "preferred_language",
    "is_active",
)
PERMISSION_FIELDS = ("is_staff", "is_superuser")
ADMIN_FIELDS = (*PROFILE_FIELDS, *PERMISSION_FIELDS)


def _state(person: Any) -> dict[str, Any]:
    state = audit.snapshot(person, ADMIN_FIELDS)
    state["groups"] = sorted(person.groups.values_list("name", flat=True)) if person.pk else []
    return state


@transaction.atomic
def demo_person(
    actor: Any, email: str, display_name: str, *, superuser: bool = False, password: str = ""
) -> Any:
    """A fictional demo account whose address counts as verified (``seed_demo`` and the demo
    loaders of the apps); only the console actors may make one."""
    from allauth.account.models import EmailAddress
    from django.conf import settings

    if not policy.can_make_demo_people(actor):
        raise PermissionDenied
    model = get_user_model()
    person = model.objects.filter(email=email).first()
    if person is None:
        create = model.objects.create_superuser if superuser else model.objects.create_user
        person = create(email, password or settings.DEMO_ADMIN_PASSWORD, display_name=display_name)
        audit.record(actor=actor, action="person.created", target=person, summary=display_name)
    EmailAddress.objects.update_or_create(
        user=person, email=email, defaults={"verified": True, "primary": True}
    )
    return person


@transaction.atomic
def sign_up(person: Any) -> Any:
    """A new account from the sign-up form (allauth's adapter fills it in); the person who
    signs up is the actor. allauth checks the form, its rate limits and the address."""
    if person.pk is not None:
        raise PermissionDenied
    person.save()
    audit.record(actor=person, action="person.signed_up", target=person, summary=str(person))
    return person


@transaction.atomic
def update_settings(actor: Any, person: Any, data: dict[str, Any]) -> None:
    if not policy.can_change_settings(actor, person):
        raise PermissionDenied
    # The stored row, not ``person``: a bound ModelForm may have copied its input onto it.
    stored = get_user_model().objects.select_for_update().get(pk=person.pk)
    with audit.recording(actor, stored, SETTINGS_FIELDS, action="person.settings"):
        for name in SETTINGS_FIELDS:
            if name in data:
                setattr(person, name, data[name])
        person.full_clean(exclude=["password"])
        person.save(update_fields=list(SETTINGS_FIELDS))
        stored.refresh_from_db(fields=list(SETTINGS_FIELDS))


FORMAT_VERSION = 1


def export_data(actor: Any, person: Any) -> dict[str, Any]:
    """Everything the platform holds about ``person`` (GDPR Art. 15 and 20), as JSON-ready
    data: the account, and each app's section. Only the person may ask."""
    if not policy.can_manage_own_data(actor, person):
        raise PermissionDenied
    data = {
        "format": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        **personal_data.collect(person),
    }
    audit.record(actor=actor, action="person.data_exported", target=person, summary="")
    return data


def pseudonym(person: Any) -> str:
    """A stable marker for a deleted account in the audit log: the entries of one former
    account stay recognisable as one, without naming anybody."""
    from django.utils.crypto import salted_hmac

    digest = salted_hmac("verbund.accounts.deleted", str(person.pk)).hexdigest()[:8]
    return f"deleted:{digest}"


@transaction.atomic
def delete_account(actor: Any, person: Any) -> None:
    """Delete the person's account (GDPR Art. 17). Refused while a blocker says why (the last
    administrator of an organisation hands it over first). The audit entries they made stay,
    without them: ``actor`` becomes empty and ``system_actor`` a pseudonym; entries about the
    account lose their summary and values. Organisations, their memberships and the contact
    entries organisations keep stay; what belonged to the person alone goes with the account.
    """
    from allauth.account.models import EmailAddress

    from verbund.core.models import AuditEntry

    if not policy.can_manage_own_data(actor, person):
        raise PermissionDenied
    reasons = personal_data.blockers(person)
    if reasons:
        raise ValidationError(reasons, code="blocked")
    marker = pseudonym(person)
    audit.record(actor=actor, action="person.deleted", target=person, summary="")
    AuditEntry.objects.filter(actor=person).update(actor=None, system_actor=marker)
    model = get_user_model()
    about = AuditEntry.objects.filter(
        target_type__app_label=model._meta.app_label,
        target_type__model=model._meta.model_name,
        target_id=str(person.pk),
    )
    about.update(summary="", changes={})
    EmailAddress.objects.filter(user=person).delete()
    person.delete()


@transaction.atomic
def create_person(actor: Any, email: str, password: str, **profile: Any) -> Any:
    """A new account made in the admin (staff); it starts without any permission."""
    person = get_user_model()(email=email)
    if not policy.can_edit_person(actor, person):
        raise PermissionDenied
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not a profile field: {', '.join(sorted(unknown))}")
    person = get_user_model().objects.create_user(email, password or None, **profile)
    audit.record(
        actor=actor,
        action="person.created",
        target=person,
        changes=audit.created(_state(person)),
        summary=str(person),
    )
    return person


@transaction.atomic
def update_person(actor: Any, person: Any, data: Mapping[str, Any]) -> Any:
    """A change made in the admin. ``data`` holds fields of :data:`ADMIN_FIELDS` and
    ``groups`` (Group objects); staff may change the profile of people who are not staff,
    only superusers the permission fields and the groups. Returns the stored person."""
    stored = get_user_model().objects.select_for_update().get(pk=person.pk)
    if not policy.can_edit_person(actor, stored):
        raise PermissionDenied
    before = _state(stored)
    wanted = {name: data[name] for name in ADMIN_FIELDS if name in data}
    groups = list(data["groups"]) if "groups" in data else None
    grants = any(before[name] != bool(wanted[name]) for name in PERMISSION_FIELDS if name in wanted)
    if groups is not None and sorted(g.name for g in groups) != before["groups"]:
        grants = True
    if grants and not policy.can_grant_permissions(actor):
        raise PermissionDenied
    with audit.recording(actor, stored, _state, action="person") as note:
        for name, value in wanted.items():
            setattr(stored, name, value)
        stored.full_clean(exclude=["password"])
        stored.save()
        if groups is not None:
            stored.groups.set(groups)
        if grants:
            note.action = "person.permissions"
    return stored


RETURN_PATH_KEY = "verbund.return_after_sign_in"
RETURN_PATH_HOURS = 48  # long enough to confirm a new account's address


def return_here_after_sign_in(request: HttpRequest, path: str) -> None:
    """After signing up (and confirming the address) or logging in within the next two
    days, come back to ``path`` of this site: the page of an invitation the person followed."""
    if path.startswith("/") and not path.startswith("//"):
        request.session[RETURN_PATH_KEY] = {"path": path, "at": timezone.now().timestamp()}


def take_return_path(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    remembered = session.pop(RETURN_PATH_KEY, None)
    if not isinstance(remembered, dict):
        return None
    path, at = remembered.get("path"), remembered.get("at")
    if not isinstance(path, str) or not isinstance(at, int | float):
        return None
    if timezone.now().timestamp() - at > RETURN_PATH_HOURS * 3600:
        return None  # an old visit: a later, unrelated login lands as usual
    if url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return path
    return None
