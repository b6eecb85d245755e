"""Who may see and do what in the registry. Every view, service and API endpoint asks here.

"Staff" are the platform's office staff (``is_staff``) and the trusted console actors of
``core.actors`` (the operator at the console, the demo loader). "Members" of an organisation
are the people affiliated with it. Rights that come through a network — a coordinator sees
the members-only data of the network's active members; a network keeps the entries that
granted it stewardship — are answered by the networks app through
:mod:`verbund.organizations.extensions`, and exist only for published networks and only
over what the other side accepted (see ``docs/security.md``, "How consent works").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from verbund.core.actors import WORKER, is_trusted_system
from verbund.organizations import extensions
from verbund.organizations.models import Affiliation, ChangeProposal, Organization
from verbund.organizations.taxonomy import Role, Status, Visibility


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_staff(user: Any) -> bool:
    if is_trusted_system(user):
        return True
    return bool(_authenticated(user) and user.is_staff)


def role_in(user: Any, organization: Organization) -> str | None:
    if not getattr(user, "is_authenticated", False) or organization.pk is None:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_verbund_roles", {})
    if organization.pk not in cache:
        cache[organization.pk] = (
            Affiliation.objects.filter(person=user, organization=organization)
            .values_list("role", flat=True)
            .first()
        )
    return cache[organization.pk]


def is_member(user: Any, organization: Organization) -> bool:
    return role_in(user, organization) is not None


def can_view(user: Any, organization: Organization) -> bool:
    """Published entries are public; a draft is seen by its own people, staff and a
    network it lets keep its entry (and answers 404 to everyone else)."""
    if organization.status == Status.PUBLISHED:
        return True
    return is_staff(user) or is_member(user, organization) or keeps_entry(user, organization)


def can_edit(user: Any, organization: Organization) -> bool:
    return is_staff(user) or role_in(user, organization) in {Role.ADMIN, Role.EDITOR}


def can_manage_people(user: Any, organization: Organization) -> bool:
    return is_staff(user) or role_in(user, organization) == Role.ADMIN


def can_view_history(user: Any, organization: Organization) -> bool:
    return can_manage_people(user, organization)


def can_create(user: Any) -> bool:
    return is_staff(user) or _authenticated(user)


def can_publish_without_review(user: Any) -> bool:
    """Only staff (and the trusted console) create an entry that is public at once; every
    other first publication goes through their review, however the entry was made."""
    return is_staff(user)


def _through_networks(user: Any, organization: Organization, key: str) -> bool:
    """One answer of the networks extension for this viewer and organisation, cached on the
    viewer for the request."""
    if not _authenticated(user) or organization.pk is None:
        return False
    cache: dict[int, bool] = user.__dict__.setdefault(f"_verbund_{key}", {})
    if organization.pk not in cache:
        ask = getattr(extensions.networks, key)
        cache[organization.pk] = organization.pk in ask(user, {organization.pk})
    return cache[organization.pk]


def keeps_entry(user: Any, organization: Organization) -> bool:
    """Whether ``user`` runs a published network the organisation granted stewardship."""
    return _through_networks(user, organization, "kept_ids")


def can_keep_entry(user: Any, organization: Organization) -> bool:
    """Change the registry entry (profile, logo, contact persons): staff, the organisation's
    administrators and editors, and the people of a network it lets keep its entry."""
    return can_edit(user, organization) or keeps_entry(user, organization)


def can_request_publication(user: Any, organization: Organization) -> bool:
    return can_manage_people(user, organization) or keeps_entry(user, organization)


def can_publish_directly(user: Any, organization: Organization) -> bool:
    """The first publication is reviewed by staff; after that the organisation's admins decide."""
    if is_staff(user):
        return True
    return organization.first_published_at is not None and can_manage_people(user, organization)


def can_review(user: Any) -> bool:
    return is_staff(user)


def can_verify(user: Any) -> bool:
    return is_staff(user)


def can_see_members_only(user: Any, organization: Organization) -> bool:
    if is_staff(user) or is_member(user, organization):
        return True
    # Coordinators and office staff of a published network the organisation actively
    # belongs to (a membership both sides accepted).
    return _through_networks(user, organization, "members_only_ids")


def can_place_pin(user: Any, organization: Organization) -> bool:
    """Editors move the pin; the background worker places it from the online geocoder after
    an address change an editor made."""
    return user is WORKER or can_edit(user, organization)


def can_see(user: Any, organization: Organization, visibility: str) -> bool:
    """Whether a field with this visibility may reach this viewer's page or API response."""
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.MEMBERS:
        return can_see_members_only(user, organization)
    # Staff-only fields are still the organisation's own: its editors see what they entered,
    # and so does a network it lets keep its entry.
    return can_keep_entry(user, organization)


def seen_by(user: Any, organization_ids: Iterable[int], visibility: str) -> set[int]:
    """Of ``organization_ids``, those whose fields of ``visibility`` ``user`` may see: what
    :func:`can_see` answers for each, in at most three queries for all of them."""
    ids = {int(pk) for pk in organization_ids}
    if visibility == Visibility.PUBLIC or is_staff(user):
        return ids
    if not ids or not _authenticated(user):
        return set()
    roles = [Role.ADMIN, Role.EDITOR] if visibility == Visibility.STAFF else list(Role.values)
    own = set(
        Affiliation.objects.filter(
            person=user, organization_id__in=ids, role__in=roles
        ).values_list("organization_id", flat=True)
    )
    rest = ids - own
    if not rest:
        return own
    ask = (
        extensions.networks.kept_ids
        if visibility == Visibility.STAFF
        else extensions.networks.members_only_ids
    )
    return own | ask(user, rest)


def visible_organizations(user: Any) -> QuerySet[Organization]:
    """The organisations ``user`` may know exist: the published ones, and drafts and
    archived entries only for their own people and staff."""
    if is_staff(user):
        return Organization.objects.all()
    if not _authenticated(user):
        return Organization.objects.filter(status=Status.PUBLISHED)
    own = Affiliation.objects.filter(person=user).values("organization")
    kept = extensions.networks.kept_query(user)
    return Organization.objects.filter(Q(status=Status.PUBLISHED) | Q(pk__in=own) | Q(pk__in=kept))


# --- Spreadsheets -----------------------------------------------------------------------------
# Staff, and coordinators of published networks for the networks they coordinate.


def can_import(user: Any) -> bool:
    if is_staff(user):
        return True
    if not _authenticated(user):
        return False
    if "_verbund_imports" not in user.__dict__:
        user.__dict__["_verbund_imports"] = extensions.networks.import_networks(user).exists()
    return bool(user.__dict__["_verbund_imports"])


def can_export(user: Any) -> bool:
    # The exporter still asks can_see for every field, so coordinators get members-only
    # data only of their networks' active members.
    return can_import(user)


def must_name_network(user: Any) -> bool:
    """Staff import into the registry at large; a coordinator imports for one network."""
    return can_import(user) and not is_staff(user)


def importable_networks(user: Any) -> QuerySet[Organization]:
    """The networks an import by ``user`` may be for."""
    if is_staff(user):
        return Organization.objects.all()
    return extensions.networks.import_networks(user)


def can_import_for(user: Any, network: Organization | None) -> bool:
    if network is None:
        return is_staff(user)
    if is_staff(user):
        return True
    return can_import(user) and importable_networks(user).filter(pk=network.pk).exists()


def updatable_by_import(user: Any, organization_ids: Iterable[int]) -> set[int]:
    """Which existing organisations a row of an import by ``user`` may be used for ("update"):
    staff any; a coordinator those they may know exist (published, or their own). Whether
    the row's changes are written or proposed is :func:`updated_directly_by_import`."""
    ids = {int(pk) for pk in organization_ids}
    if is_staff(user):
        return ids
    if not ids or not can_import(user):
        return set()
    return set(visible_organizations(user).filter(pk__in=ids).values_list("pk", flat=True))


def updated_directly_by_import(
    user: Any, organization_ids: Iterable[int], network: Organization | None
) -> set[int]:
    """Of ``organization_ids``, those an import by ``user`` for ``network`` changes at once:
    staff any; otherwise those ``user`` administers or edits, and those that let the
    (published) network keep their entry. For the others the import proposes the changes to
    the organisation's administrators."""
    ids = {int(pk) for pk in organization_ids}
    if is_staff(user):
        return ids
    if not ids or not can_import(user):
        return set()
    own = set(
        Affiliation.objects.filter(
            person=user, organization_id__in=ids, role__in=[Role.ADMIN, Role.EDITOR]
        ).values_list("organization_id", flat=True)
    )
    if network is None or network.status != Status.PUBLISHED:
        return own
    if not can_import_for(user, network):
        return own
    return own | extensions.networks.kept_by_network(network, ids - own)


def can_update_by_import(
    user: Any, organization: Organization, network: Organization | None = None
) -> bool:
    return organization.pk is not None and organization.pk in updated_directly_by_import(
        user, [organization.pk], network
    )


def can_use_import(user: Any, job: Any) -> bool:
    """An import is seen and run by the person who uploaded it, or by staff."""
    if not can_import(user):
        return False
    return is_staff(user) or job.created_by_id == user.pk


# --- Proposed changes -------------------------------------------------------------------------


def can_propose_changes(user: Any, organization: Organization) -> bool:
    """Someone who may import may propose what their rows say about an organisation they
    may know exists; only its administrators decide."""
    return can_import(user) and (
        is_staff(user) or visible_organizations(user).filter(pk=organization.pk).exists()
    )


def can_decide_proposal(user: Any, proposal: ChangeProposal) -> bool:
    return can_manage_people(user, proposal.organization)


def can_view_proposals(user: Any, organization: Organization) -> bool:
    return can_manage_people(user, organization)


# --- Taking over a profile and claims ----------------------------------------------------------


def has_administrator(organization: Organization) -> bool:
    return Affiliation.objects.filter(organization=organization, role=Role.ADMIN).exists()


def can_invite_to_take_over(user: Any, organization: Organization) -> bool:
    """Staff, and the people of a network the organisation lets keep its entry (an imported
    member, say), invite it to take over its own profile."""
    return is_staff(user) or keeps_entry(user, organization)


def is_claimable(organization: Organization) -> bool:
    """A published profile nobody administers: the profile page offers to claim it."""
    return organization.status == Status.PUBLISHED and not has_administrator(organization)


def can_claim(user: Any, organization: Organization) -> bool:
    """A logged-in person who has no role there yet claims a profile nobody administers;
    one that has administrators is joined only through them."""
    return (
        _authenticated(user)
        and organization.status != Status.ARCHIVED
        and role_in(user, organization) is None
        and can_view(user, organization)
        and not has_administrator(organization)
    )


def can_decide_claim(user: Any, organization: Organization) -> bool:
    """Staff, and a network the organisation lets keep its entry, decide a claim when the
    registered address cannot confirm it."""
    return is_staff(user) or keeps_entry(user, organization)
