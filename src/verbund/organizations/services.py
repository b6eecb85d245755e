"""Every write to the registry. Each function checks permission through ``policy``, changes
data in one transaction, writes the audit log and clears what the directory has cached."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from verbund.core import audit
from verbund.core.text import fold
from verbund.organizations import policy
from verbund.organizations.models import (
    Affiliation,
    ContactPerson,
    Organization,
    OrganizationLanguage,
    OrganizationTag,
    OrganizationTheme,
    Tag,
)
from verbund.organizations.taxonomy import LANGUAGE_CODES, Kind, Role, Status, Theme

REGISTRY_VERSION_KEY = "registry:version"

# Plain fields a profile form or an importer may set.
PROFILE_FIELDS: tuple[str, ...] = (
    "name", "short_name", "kind", "partner_kind", "legal_form", "register_number",
    "founding_year", "description", "street", "postal_code", "city", "district",
    "federal_state", "latitude", "longitude", "address_visibility", "website",
    "website_visibility", "email", "email_visibility", "phone", "phone_visibility",
    "social_links", "social_links_visibility",
)
NULLABLE_FIELDS = frozenset({"founding_year", "latitude", "longitude"})
RELATION_FIELDS: tuple[str, ...] = ("themes", "languages", "tags")
AUDITED_FIELDS: tuple[str, ...] = (*PROFILE_FIELDS, "status", "verified", "slug", "logo")


def registry_version() -> int:
    return int(cache.get_or_set(REGISTRY_VERSION_KEY, 1, timeout=None) or 1)


def registry_changed() -> None:
    """Cached directory pages carry the version in their key; a new version retires them."""
    try:
        cache.incr(REGISTRY_VERSION_KEY)
    except ValueError:
        cache.set(REGISTRY_VERSION_KEY, 2, timeout=None)


def _on_commit_registry_changed() -> None:
    transaction.on_commit(registry_changed)


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(fold(name))[:100] or "organisation"
    slug, number = base, 2
    taken = Organization.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def tag_for(name: str) -> Tag:
    clean = " ".join(name.split())[:80]
    existing = Tag.objects.filter(name__iexact=clean).first()
    if existing:
        return existing
    slug = slugify(clean, allow_unicode=True)[:80] or "tag"
    candidate, number = slug, 2
    while Tag.objects.filter(slug=candidate).exists():
        candidate, number = f"{slug}-{number}", number + 1
    return Tag.objects.create(name=clean, slug=candidate)


def _relations(organization: Organization) -> dict[str, list[str]]:
    if organization.pk is None:
        return {"themes": [], "languages": [], "tags": []}
    return {
        "themes": sorted(organization.theme_links.values_list("theme", flat=True)),
        "languages": sorted(organization.language_links.values_list("code", flat=True)),
        "tags": sorted(organization.tag_links.values_list("tag__name", flat=True)),
    }


def _set_relations(organization: Organization, data: Mapping[str, Any]) -> None:
    if "themes" in data:
        wanted = {t for t in data["themes"] if t in Theme.values}
        organization.theme_links.exclude(theme__in=wanted).delete()
        have = set(organization.theme_links.values_list("theme", flat=True))
        OrganizationTheme.objects.bulk_create(
            OrganizationTheme(organization=organization, theme=t) for t in sorted(wanted - have)
        )
    if "languages" in data:
        wanted = {c for c in data["languages"] if c in LANGUAGE_CODES}
        organization.language_links.exclude(code__in=wanted).delete()
        have = set(organization.language_links.values_list("code", flat=True))
        OrganizationLanguage.objects.bulk_create(
            OrganizationLanguage(organization=organization, code=c) for c in sorted(wanted - have)
        )
    if "tags" in data:
        tags = [tag_for(name) for name in data["tags"] if name.strip()]
        organization.tag_links.exclude(tag__in=tags).delete()
        have = set(organization.tag_links.values_list("tag_id", flat=True))
        OrganizationTag.objects.bulk_create(
            OrganizationTag(organization=organization, tag=t) for t in tags if t.pk not in have
        )


def refresh_search_fields(organization: Organization) -> None:
    """Rebuild the denormalised text the directory searches; themes are named in de and en."""
    from django.utils import translation

    relations = _relations(organization)
    theme_names: list[str] = []
    for language in ("de", "en"):
        with translation.override(language):
            theme_names += [str(Theme(t).label) for t in relations["themes"]]
    kind_names: list[str] = []
    for language in ("de", "en"):
        with translation.override(language):
            kind_names.append(str(Kind(organization.kind).label) if organization.kind else "")
    parts = [
        organization.name,
        organization.short_name,
        organization.city,
        organization.district,
        *[str(v) for v in (organization.description or {}).values()],
        *theme_names,
        *kind_names,
        *relations["tags"],
    ]
    text = "\n".join(p for p in parts if p)
    organization.name_folded = fold(
        f"{organization.name} {organization.short_name}".strip()
    )[:240]
    organization.search_text = f"{text}\n{fold(text)}"
    Organization.objects.filter(pk=organization.pk).update(
        name_folded=organization.name_folded, search_text=organization.search_text
    )


def _state(organization: Organization) -> dict[str, Any]:
    return {**audit.snapshot(organization, AUDITED_FIELDS), **_relations(organization)}


def _apply(organization: Organization, data: Mapping[str, Any]) -> None:
    for name in PROFILE_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name not in NULLABLE_FIELDS:
                value = ""
            setattr(organization, name, value)
    if organization.kind != Kind.PARTNER:
        organization.partner_kind = ""


@transaction.atomic
def create_organization(
    actor: Any, data: Mapping[str, Any], *, admin: Any = None, status: str = Status.DRAFT
) -> Organization:
    """A new organisation; its creator (or ``admin``) becomes its first administrator."""
    if not policy.can_create(actor) and actor is not None:
        raise PermissionDenied
    organization = Organization(slug=data.get("slug") or unique_slug(data["name"]))
    _apply(organization, data)
    if status != Status.DRAFT:
        if actor is not None and not policy.is_staff(actor):
            raise PermissionDenied
        organization.status = status
        if status == Status.PUBLISHED:
            organization.first_published_at = timezone.now()
    organization.full_clean()
    organization.save()
    _set_relations(organization, data)
    refresh_search_fields(organization)
    owner = admin if admin is not None else actor
    if owner is not None and getattr(owner, "is_authenticated", False):
        Affiliation.objects.create(organization=organization, person=owner, role=Role.ADMIN)
    audit.record(actor=actor, action="organization.created", target=organization,
                 changes=audit.diff({}, _state(organization)), summary=organization.name)
    _on_commit_registry_changed()
    return organization


@transaction.atomic
def update_organization(
    actor: Any, organization: Organization, data: Mapping[str, Any]
) -> Organization:
    if not policy.can_edit(actor, organization):
        raise PermissionDenied
    before = _state(organization)
    _apply(organization, data)
    organization.full_clean()
    organization.save()
    _set_relations(organization, data)
    refresh_search_fields(organization)
    changes = audit.diff(before, _state(organization))
    if changes:
        audit.record(actor=actor, action="organization.updated", target=organization,
                     changes=changes)
        _on_commit_registry_changed()
    return organization


def validate_logo(upload: UploadedFile) -> Image.Image:
    """The upload must be a real PNG, JPEG, GIF or WebP image of at most 5 MB."""
    if upload.size is not None and upload.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is too large: at most %(size)s MB are allowed.")
            % {"size": settings.LOGO_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        upload.seek(0)
        image = Image.open(upload)
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The logo must be an image file (PNG, JPEG, GIF or WebP)."), code="not_image"
        ) from error
    if image.format not in {"PNG", "JPEG", "GIF", "WEBP"}:
        raise ValidationError(
            _("The logo must be an image file (PNG, JPEG, GIF or WebP)."), code="not_image"
        )
    return image


@transaction.atomic
def set_logo(actor: Any, organization: Organization, upload: UploadedFile | None) -> None:
    """Store the logo resized to fit 512 × 512 pixels as PNG, or remove it with ``None``."""
    if not policy.can_edit(actor, organization):
        raise PermissionDenied
    before = organization.logo.name or None
    if upload is None:
        organization.logo.delete(save=False)
        organization.logo = ""  # type: ignore[assignment]
    else:
        image = validate_logo(upload)
        image = image.convert("RGBA")
        image.thumbnail((settings.LOGO_MAX_PIXELS, settings.LOGO_MAX_PIXELS))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        if organization.logo:
            organization.logo.delete(save=False)
        organization.logo.save(f"{organization.slug}.png", ContentFile(buffer.getvalue()),
                               save=False)
    organization.save(update_fields=["logo", "updated_at"])
    audit.record(actor=actor, action="organization.logo", target=organization,
                 changes={"logo": [before, organization.logo.name or None]})
    _on_commit_registry_changed()


def _set_status(actor: Any, organization: Organization, status: str, action: str) -> None:
    before = organization.status
    organization.status = status
    fields = ["status", "updated_at"]
    if status == Status.PUBLISHED and organization.first_published_at is None:
        organization.first_published_at = timezone.now()
        fields.append("first_published_at")
    if status == Status.PUBLISHED:
        organization.review_requested_at = None
        fields.append("review_requested_at")
    organization.save(update_fields=fields)
    audit.record(actor=actor, action=action, target=organization,
                 changes={"status": [before, status]})
    _on_commit_registry_changed()


@transaction.atomic
def request_publication(actor: Any, organization: Organization) -> None:
    """An organisation's admins ask staff to review the first publication."""
    if not policy.can_request_publication(actor, organization):
        raise PermissionDenied
    if policy.can_publish_directly(actor, organization):
        _set_status(actor, organization, Status.PUBLISHED, "organization.published")
        return
    organization.review_requested_at = timezone.now()
    organization.save(update_fields=["review_requested_at", "updated_at"])
    audit.record(actor=actor, action="organization.review_requested", target=organization)


@transaction.atomic
def approve_publication(actor: Any, organization: Organization) -> None:
    if not policy.can_review(actor):
        raise PermissionDenied
    _set_status(actor, organization, Status.PUBLISHED, "organization.published")


@transaction.atomic
def reject_publication(actor: Any, organization: Organization, reason: str) -> None:
    if not policy.can_review(actor):
        raise PermissionDenied
    organization.review_requested_at = None
    organization.save(update_fields=["review_requested_at", "updated_at"])
    audit.record(actor=actor, action="organization.review_rejected", target=organization,
                 summary=reason)


@transaction.atomic
def unpublish(actor: Any, organization: Organization) -> None:
    if not policy.can_manage_people(actor, organization):
        raise PermissionDenied
    _set_status(actor, organization, Status.DRAFT, "organization.unpublished")


@transaction.atomic
def archive(actor: Any, organization: Organization) -> None:
    if not policy.can_manage_people(actor, organization):
        raise PermissionDenied
    _set_status(actor, organization, Status.ARCHIVED, "organization.archived")


@transaction.atomic
def set_verified(actor: Any, organization: Organization, verified: bool) -> None:
    if not policy.can_verify(actor):
        raise PermissionDenied
    before = organization.verified
    organization.verified = verified
    organization.save(update_fields=["verified", "updated_at"])
    audit.record(actor=actor, action="organization.verified", target=organization,
                 changes={"verified": [before, verified]})
    _on_commit_registry_changed()


# --- People and their roles -------------------------------------------------------------------

@transaction.atomic
def add_person(actor: Any, organization: Organization, person: Any, role: str) -> Affiliation:
    if not policy.can_manage_people(actor, organization):
        raise PermissionDenied
    affiliation, created = Affiliation.objects.get_or_create(
        organization=organization, person=person, defaults={"role": role}
    )
    before = None if created else affiliation.role
    if not created and affiliation.role != role:
        _keep_an_admin(organization, affiliation, role)
        affiliation.role = role
        affiliation.save(update_fields=["role"])
    audit.record(actor=actor, action="organization.person_role", target=affiliation,
                 scope=organization, changes={str(person): [before, role]})
    return affiliation


def _keep_an_admin(organization: Organization, affiliation: Affiliation, new_role: str | None
                   ) -> None:
    if affiliation.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    others = organization.affiliations.filter(role=Role.ADMIN).exclude(pk=affiliation.pk)
    if not others.exists():
        raise ValidationError(
            _("An organisation needs at least one administrator. Name another one first."),
            code="last_admin",
        )


@transaction.atomic
def change_role(actor: Any, affiliation: Affiliation, role: str) -> None:
    add_person(actor, affiliation.organization, affiliation.person, role)


@transaction.atomic
def remove_person(actor: Any, affiliation: Affiliation) -> None:
    organization = affiliation.organization
    if not policy.can_manage_people(actor, organization):
        raise PermissionDenied
    _keep_an_admin(organization, affiliation, None)
    audit.record(actor=actor, action="organization.person_removed", target=affiliation,
                 scope=organization, changes={str(affiliation.person): [affiliation.role, None]})
    affiliation.delete()


# --- Contact persons --------------------------------------------------------------------------

CONTACT_FIELDS = ("name", "function", "function_note", "email", "phone", "visibility",
                  "position")


@transaction.atomic
def save_contact_person(
    actor: Any, organization: Organization, data: Mapping[str, Any],
    contact: ContactPerson | None = None,
) -> ContactPerson:
    if not policy.can_edit(actor, organization):
        raise PermissionDenied
    if contact is not None and contact.organization_id != organization.pk:
        raise PermissionDenied
    created = contact is None
    contact = contact or ContactPerson(organization=organization)
    before = {} if created else audit.snapshot(contact, CONTACT_FIELDS)
    for name in CONTACT_FIELDS:
        if name in data:
            setattr(contact, name, data[name] if data[name] is not None else "")
    contact.full_clean()
    contact.save()
    audit.record(actor=actor, action="contact.created" if created else "contact.updated",
                 target=contact, scope=organization,
                 changes=audit.diff(before, audit.snapshot(contact, CONTACT_FIELDS)),
                 summary=contact.name)
    _on_commit_registry_changed()
    return contact


@transaction.atomic
def remove_contact_person(actor: Any, contact: ContactPerson) -> None:
    organization = contact.organization
    if not policy.can_edit(actor, organization):
        raise PermissionDenied
    audit.record(actor=actor, action="contact.removed", target=contact, scope=organization,
                 changes=audit.diff(audit.snapshot(contact, CONTACT_FIELDS), {}),
                 summary=contact.name)
    contact.delete()
    _on_commit_registry_changed()

