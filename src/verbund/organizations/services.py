"""Every write to the registry. Each function checks permission through ``policy``, changes
data in one transaction, writes the audit log and clears what the directory has cached."""

from __future__ import annotations

import datetime
import io
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import connection, models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image

from verbund.core import audit
from verbund.core.actors import SIGNED_LINK
from verbund.core.images import checked_image
from verbund.core.text import fold, words
from verbund.notifications import services as notifications
from verbund.notifications.taxonomy import NoticeKind
from verbund.organizations import hooks, policy
from verbund.organizations.models import (
    Affiliation,
    ChangeProposal,
    ContactPerson,
    Organization,
    OrganizationLanguage,
    OrganizationTag,
    OrganizationTheme,
    ProfileClaim,
    SearchDocument,
    SearchRevision,
    Tag,
    TakeOverInvitation,
)
from verbund.organizations.taxonomy import (
    KIND_CODES,
    LANGUAGE_CODE_SET,
    LIVE_TAKE_OVER,
    THEME_CODES,
    ClaimMethod,
    ClaimStatus,
    Kind,
    Role,
    Status,
    TakeOverStatus,
    Theme,
)

REGISTRY_VERSION_KEY = "registry:version"

# Plain fields a profile form or an importer may set.
PROFILE_FIELDS: tuple[str, ...] = (
    "name",
    "short_name",
    "kind",
    "partner_kind",
    "legal_form",
    "register_number",
    "founding_year",
    "description",
    "street",
    "postal_code",
    "city",
    "district",
    "federal_state",
    "latitude",
    "longitude",
    "address_visibility",
    "website",
    "website_visibility",
    "email",
    "email_visibility",
    "phone",
    "phone_visibility",
    "social_links",
    "social_links_visibility",
)
NULLABLE_FIELDS = frozenset({"founding_year", "latitude", "longitude"})
RELATION_FIELDS: tuple[str, ...] = ("themes", "languages", "tags")
AUDITED_FIELDS: tuple[str, ...] = (*PROFILE_FIELDS, "status", "verified", "slug", "logo")


def registry_version() -> int:
    # Starts from the clock, so a version the cache has lost never brings back old pages.
    return int(cache.get_or_set(REGISTRY_VERSION_KEY, time.time_ns, timeout=None) or 1)


def registry_changed() -> None:
    """Cached directory pages carry the version in their key; a new version retires them."""
    try:
        cache.incr(REGISTRY_VERSION_KEY)
    except ValueError:
        cache.set(REGISTRY_VERSION_KEY, time.time_ns(), timeout=None)


def _on_commit_registry_changed() -> None:
    transaction.on_commit(registry_changed)


# Addresses under /organisations/ that are pages, not profiles.
RESERVED_SLUGS = frozenset({"new", "review", "import", "export", "claims"})


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(fold(name))[:100] or "organisation"
    slug, number = base, 2
    taken = Organization.objects.all()
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
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


def _existing_tags(names: Iterable[str]) -> dict[str, Tag]:
    """Tags that exist already, by the key :func:`tag_for` would look them up with; one query."""
    keys = {" ".join(name.split())[:80].casefold() for name in names} - {""}
    found = Tag.objects.annotate(key=Lower("name")).filter(key__in=keys)
    return {tag.name.casefold(): tag for tag in found if tag.name.casefold() in keys}


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
        wanted = {t for t in data["themes"] if t in THEME_CODES}
        organization.theme_links.exclude(theme__in=wanted).delete()
        have = set(organization.theme_links.values_list("theme", flat=True))
        OrganizationTheme.objects.bulk_create(
            OrganizationTheme(organization=organization, theme=t) for t in sorted(wanted - have)
        )
    if "languages" in data:
        wanted = {c for c in data["languages"] if c in LANGUAGE_CODE_SET}
        organization.language_links.exclude(code__in=wanted).delete()
        have = set(organization.language_links.values_list("code", flat=True))
        OrganizationLanguage.objects.bulk_create(
            OrganizationLanguage(organization=organization, code=c) for c in sorted(wanted - have)
        )
    if "tags" in data:
        tags = [tag_for(name) for name in data["tags"] if name.strip()]
        organization.tag_links.exclude(tag__in=tags).delete()
        have_tags = set(organization.tag_links.values_list("tag_id", flat=True))
        OrganizationTag.objects.bulk_create(
            OrganizationTag(organization=organization, tag=t) for t in tags if t.pk not in have_tags
        )


@lru_cache(maxsize=4)
def _search_labels(language: str) -> tuple[dict[str, str], dict[str, str]]:
    """Theme and kind names in ``language``: the same for every row of a 20,000-row import."""
    from django.utils import translation

    with translation.override(language):
        return (
            {code: str(Theme(code).label) for code in THEME_CODES},
            {code: str(Kind(code).label) for code in KIND_CODES},
        )


def search_fields(
    *,
    name: str,
    short_name: str = "",
    kind: str = "",
    city: str = "",
    district: str = "",
    description: Mapping[str, Any] | None = None,
    themes: Iterable[str] = (),
    tags: Iterable[str] = (),
) -> tuple[str, str]:
    """``(name_folded, search_text)`` for an organisation: the text the directory searches.

    A pure function so that services and bulk generators store identical text. Kind and
    theme names are included in German and English so both stemmers find them; the folded
    copy lets umlaut-less spellings match.
    """
    theme_codes = sorted(t for t in themes if t in THEME_CODES)
    labels: list[str] = []
    for language in ("de", "en"):
        theme_labels, kind_labels = _search_labels(language)
        labels += [theme_labels[t] for t in theme_codes]
        if kind in kind_labels:
            labels.append(kind_labels[kind])
    parts = [
        name,
        short_name,
        city,
        district,
        *[str((description or {})[code]) for code in sorted(description or {})],
        *labels,
        *sorted(tags),
    ]
    text = "\n".join(part for part in parts if part)
    name_folded = " ".join(words(f"{name} {short_name}"))[:240]
    return name_folded, f"{text}\n{fold(text)}"


def refresh_search_fields(organization: Organization) -> None:
    """Rebuild the denormalised text the directory searches."""
    relations = _relations(organization)
    organization.name_folded, organization.search_text = search_fields(
        name=organization.name,
        short_name=organization.short_name,
        kind=organization.kind,
        city=organization.city,
        district=organization.district,
        description=organization.description,
        themes=relations["themes"],
        tags=relations["tags"],
    )
    Organization.objects.filter(pk=organization.pk).update(
        name_folded=organization.name_folded, search_text=organization.search_text
    )
    index_for_search([organization])


# Revisions kept in the log; a process whose index is older builds it anew.
SEARCH_REVISIONS_KEPT = 1000


def index_for_search(organizations: Sequence[Organization]) -> None:
    """Keep what the directory's index is built from current for these organisations.

    On PostgreSQL their ``SearchDocument`` (the narrow side table with the generated vector)
    gets their ``name_folded`` and ``search_text``; on both databases a revision names them,
    so every web process reads them again before its next search. Called by every service
    that changes the searched text, and by the bulk paths (``create_organizations``,
    ``generate_organisations``) with thousands at once, inside the caller's transaction.
    """
    if not organizations:
        return
    if SearchDocument._meta.can_migrate(connection):
        SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    organization_id=o.pk, name_folded=o.name_folded, search_text=o.search_text
                )
                for o in organizations
            ],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["organization"],
            update_fields=["name_folded", "search_text"],
        )
    search_changed(o.pk for o in organizations)


@transaction.atomic
def search_changed(organization_ids: Iterable[int] | None) -> None:
    """Record that the directory must read these organisations again (``None``: all).

    Row 0 of the log is locked until the caller's transaction ends, so revisions are
    numbered in the order their transactions commit and a reader that has seen revision n
    has seen everything before it. Changes to one organisation are rare and short; the lock
    is taken last, after the service's other writes.
    """
    if SearchRevision.objects.select_for_update().filter(number=0).first() is None:
        SearchRevision.objects.get_or_create(number=0, defaults={"token": "0"})
    latest = SearchRevision.objects.order_by("-number").values_list("number", flat=True).first()
    number = int(latest or 0) + 1
    SearchRevision.objects.create(
        number=number,
        token=secrets.token_hex(8),
        organizations=None if organization_ids is None else sorted(set(organization_ids)),
    )
    if number % 100 == 0:
        SearchRevision.objects.filter(
            number__gt=0, number__lte=number - SEARCH_REVISIONS_KEPT
        ).delete()


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
    actor: Any,
    data: Mapping[str, Any],
    *,
    admin: Any = None,
    status: str = Status.DRAFT,
    creator_becomes_admin: bool = True,
) -> Organization:
    """A new organisation; its creator (or ``admin``) becomes its first administrator.

    Staff importing a spreadsheet pass ``creator_becomes_admin=False``: they keep the registry,
    they do not run the organisations.
    """
    if not policy.can_create(actor):
        raise PermissionDenied
    organization = Organization(slug=data.get("slug") or unique_slug(data["name"]))
    with audit.recording(actor, organization, _state, action="organization") as note:
        _apply(organization, data)
        if status != Status.DRAFT:
            # Public at once only from staff and the console; everyone else asks for review.
            if not policy.can_publish_without_review(actor):
                raise PermissionDenied
            organization.status = status
            if status == Status.PUBLISHED:
                organization.first_published_at = timezone.now()
        pin = hooks.plan_location(organization, data, before=None)
        organization.full_clean()
        organization.save()
        _set_relations(organization, data)
        hooks.remember_location(organization, pin)
        refresh_search_fields(organization)
        note.summary = organization.name
    owner = admin if admin is not None else (actor if creator_becomes_admin else None)
    if owner is not None and getattr(owner, "is_authenticated", False):
        Affiliation.objects.create(organization=organization, person=owner, role=Role.ADMIN)
    _on_commit_registry_changed()
    return organization


@transaction.atomic
def update_organization(
    actor: Any,
    organization: Organization,
    data: Mapping[str, Any],
    *,
    by_import: bool = False,
    network: Organization | None = None,
) -> Organization:
    # A spreadsheet import for ``network`` asks its own rule: it changes directly only what
    # the importer edits or the network keeps; for the rest it proposes (propose_changes).
    if by_import:
        allowed = policy.can_update_by_import(actor, organization, network)
    else:
        allowed = policy.can_keep_entry(actor, organization)
    if not allowed:
        raise PermissionDenied
    with audit.recording(actor, organization, _state, action="organization") as note:
        _apply(organization, data)
        pin = hooks.plan_location(organization, data, before=note.before)
        organization.full_clean()
        organization.save()
        _set_relations(organization, data)
        hooks.remember_location(organization, pin)
        refresh_search_fields(organization)
    if note.entry is not None:
        _on_commit_registry_changed()
    return organization


@transaction.atomic
def place_pin(
    actor: Any, organization: Organization, latitude: Any, longitude: Any, *, summary: str = ""
) -> None:
    """Coordinates a geocoder found for the address (the map's command and its background
    task); unlike :func:`update_organization` this does not ask the location hooks again."""
    if not policy.can_place_pin(actor, organization):
        raise PermissionDenied
    with audit.recording(
        actor, organization, ("latitude", "longitude"), action="organization.geocoded"
    ) as note:
        note.summary = summary
        organization.latitude, organization.longitude = latitude, longitude
        organization.save(update_fields=["latitude", "longitude", "updated_at"])
    if note.entry is not None:
        _on_commit_registry_changed()


def validate_logo(upload: UploadedFile) -> Image.Image:
    """The upload must be a real PNG, JPEG, GIF or WebP image of at most 5 MB and at most
    ``LOGO_MAX_SOURCE_PIXELS``: the pixel count is read from the header, before any pixel is
    decoded, so a small file that unpacks to gigabytes (a decompression bomb) is refused."""
    return checked_image(
        upload,
        max_bytes=settings.LOGO_MAX_BYTES,
        max_pixels=settings.LOGO_MAX_SOURCE_PIXELS,
        too_large=ValidationError(
            _("The logo is too large: at most %(size)s MB are allowed.")
            % {"size": settings.LOGO_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        ),
        not_image=ValidationError(
            _("The logo must be an image file (PNG, JPEG, GIF or WebP)."), code="not_image"
        ),
        too_many_pixels=ValidationError(
            _(
                "The logo has too many pixels: at most %(megapixels)s megapixels are allowed. "
                "Save a smaller version of it and upload that."
            )
            % {"megapixels": settings.LOGO_MAX_SOURCE_PIXELS // 1_000_000},
            code="too_many_pixels",
        ),
    )


@transaction.atomic
def set_logo(actor: Any, organization: Organization, upload: UploadedFile | None) -> None:
    """Store the logo resized to fit 512 by 512 pixels as PNG, or remove it with ``None``."""
    if not policy.can_keep_entry(actor, organization):
        raise PermissionDenied
    before = organization.logo.name or None
    if upload is None:
        organization.logo.delete(save=False)
        organization.logo = ""
    else:
        image = validate_logo(upload)
        image = image.convert("RGBA")
        image.thumbnail((settings.LOGO_MAX_PIXELS, settings.LOGO_MAX_PIXELS))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        if organization.logo:
            organization.logo.delete(save=False)
        organization.logo.save(
            f"{organization.slug}.png", ContentFile(buffer.getvalue()), save=False
        )
    organization.save(update_fields=["logo", "updated_at"])
    audit.record(
        actor=actor,
        action="organization.logo",
        target=organization,
        changes={"logo": [before, organization.logo.name or None]},
    )
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
    search_changed([organization.pk])
    audit.record(
        actor=actor, action=action, target=organization, changes={"status": [before, status]}
    )
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
    audit.record(
        actor=actor, action="organization.review_rejected", target=organization, summary=reason
    )


@dataclass
class ReviewResult:
    decided: list[Organization]
    skipped: list[Organization]  # no longer waiting (decided by someone else meanwhile)


@transaction.atomic
def review_many(
    actor: Any, organizations: Iterable[Organization], *, approve: bool, reason: str = ""
) -> ReviewResult:
    """The bulk review queue: publish many entries, or send them back with one reason,
    through the same services as one by one."""
    if not policy.can_review(actor):
        raise PermissionDenied
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(
            _("Please give a reason so the organisation can fix it."), code="reason_required"
        )
    ids = [o.pk for o in organizations]
    waiting = {
        o.pk: o
        for o in Organization.objects.select_for_update()
        .filter(pk__in=ids, review_requested_at__isnull=False)
        .exclude(status=Status.PUBLISHED)
    }
    result = ReviewResult([], [])
    for pk in ids:
        organization = waiting.get(pk)
        if organization is None:
            result.skipped.append(next(o for o in organizations if o.pk == pk))
            continue
        if approve:
            approve_publication(actor, organization)
        else:
            reject_publication(actor, organization, reason)
        result.decided.append(organization)
    return result


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
    audit.record(
        actor=actor,
        action="organization.verified",
        target=organization,
        changes={"verified": [before, verified]},
    )
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
    audit.record(
        actor=actor,
        action="organization.person_role",
        target=affiliation,
        scope=organization,
        changes={str(person): [before, role]},
    )
    return affiliation


def _keep_an_admin(
    organization: Organization, affiliation: Affiliation, new_role: str | None
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
    audit.record(
        actor=actor,
        action="organization.person_removed",
        target=affiliation,
        scope=organization,
        changes={str(affiliation.person): [affiliation.role, None]},
    )
    affiliation.delete()


# --- Contact persons --------------------------------------------------------------------------

CONTACT_FIELDS = (
    "name",
    "function",
    "function_note",
    "email",
    "phone",
    "visibility",
    "language",
    "receives_mailings",
    "receives_meetings",
    "receives_assemblies",
    "position",
)


@transaction.atomic
def save_contact_person(
    actor: Any,
    organization: Organization,
    data: Mapping[str, Any],
    contact: ContactPerson | None = None,
) -> ContactPerson:
    if not policy.can_keep_entry(actor, organization):
        raise PermissionDenied
    if contact is not None and contact.organization_id != organization.pk:
        raise PermissionDenied
    contact = contact or ContactPerson(organization=organization)
    with audit.recording(
        actor, contact, CONTACT_FIELDS, action="contact", scope=organization
    ) as note:
        for name in CONTACT_FIELDS:
            if name in data:
                setattr(contact, name, data[name] if data[name] is not None else "")
        contact.full_clean()
        contact.save()
        note.summary = contact.name
    _on_commit_registry_changed()
    return contact


@transaction.atomic
def remove_contact_person(actor: Any, contact: ContactPerson) -> None:
    organization = contact.organization
    if not policy.can_keep_entry(actor, organization):
        raise PermissionDenied
    audit.removed(
        actor, contact, CONTACT_FIELDS, action="contact", scope=organization, summary=contact.name
    )
    contact.delete()
    _on_commit_registry_changed()


# --- Bulk creation (spreadsheet imports) ------------------------------------------------------


class RowInvalid(Exception):
    """Row ``index`` of a bulk creation did not validate; nothing of the call was written."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(str(error))
        self.index = index
        self.error = error


def _free_slug(name: str, taken: set[str]) -> str:
    base = slugify(fold(name))[:100] or "organisation"
    slug, number = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_organizations(
    actor: Any,
    rows: Sequence[Mapping[str, Any]],
    *,
    status: str = Status.DRAFT,
    request_review: bool = True,
    validated: bool = False,
) -> list[Organization]:
    """Many new organisations in a few queries per thousand: the same validation, pins,
    search text and audit entries as :func:`create_organization`, without an administrator.

    ``validated``: the caller has run the model's validators on exactly these rows (the
    import's check step, ``import_checks.check_row``); then only the address on the site is
    checked here, instead of every field a second time (a quarter of the write time).

    For spreadsheet imports: the entries are drafts whose publication waits for staff review
    (``request_review``), like every first publication; raises :class:`RowInvalid` for the
    first row that does not validate.
    """
    if not policy.can_import(actor):
        raise PermissionDenied
    if status == Status.PUBLISHED and not policy.can_publish_without_review(actor):
        raise PermissionDenied
    taken = set(Organization.objects.values_list("slug", flat=True))
    slug_field = Organization._meta.get_field("slug")
    now = timezone.now()
    organizations: list[Organization] = []
    pins = []
    for index, data in enumerate(rows):
        wanted = str(data.get("slug") or "")
        slug = (
            wanted
            if wanted and wanted not in taken and wanted not in RESERVED_SLUGS
            else _free_slug(data["name"], taken)
        )
        taken.add(slug)
        organization = Organization(slug=slug, status=status)
        _apply(organization, data)
        if status == Status.PUBLISHED:
            organization.first_published_at = now
        elif request_review:
            organization.review_requested_at = now
        pins.append(hooks.plan_location(organization, data, before=None))
        try:
            if validated:
                try:
                    slug_field.clean(organization.slug, organization)
                except ValidationError as error:
                    raise ValidationError({"slug": error.error_list}) from error
            else:
                organization.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise RowInvalid(index, error) from error
        organization.name_folded, organization.search_text = search_fields(
            name=organization.name,
            short_name=organization.short_name,
            kind=organization.kind,
            city=organization.city,
            district=organization.district,
            description=organization.description,
            themes=data.get("themes", ()),
            tags=[t for t in data.get("tags", ()) if t.strip()],
        )
        organizations.append(organization)
    Organization.objects.bulk_create(organizations, batch_size=500)
    tags = _existing_tags(name for data in rows for name in data.get("tags", ()))
    theme_links, language_links, tag_links = [], [], []
    states = []
    for organization, data in zip(organizations, rows, strict=True):
        themes = sorted({t for t in data.get("themes", ()) if t in THEME_CODES})
        languages = sorted({c for c in data.get("languages", ()) if c in LANGUAGE_CODE_SET})
        # By id: assigning the instance goes through the relation descriptor, which costs
        # a second per 20,000 rows.
        theme_links += [OrganizationTheme(organization_id=organization.pk, theme=t) for t in themes]
        language_links += [
            OrganizationLanguage(organization_id=organization.pk, code=c) for c in languages
        ]
        names: dict[int, str] = {}
        for name in data.get("tags", ()):
            key = " ".join(name.split()).casefold()
            if key and key not in tags:
                tags[key] = tag_for(name)
            if key and tags[key].pk not in names:
                names[tags[key].pk] = tags[key].name
                tag_links.append(
                    OrganizationTag(organization_id=organization.pk, tag_id=tags[key].pk)
                )
        states.append(
            {
                **audit.snapshot(organization, AUDITED_FIELDS),
                "themes": themes,
                "languages": languages,
                "tags": sorted(names.values()),
            }
        )
    OrganizationTheme.objects.bulk_create(theme_links, batch_size=1000)
    OrganizationLanguage.objects.bulk_create(language_links, batch_size=1000)
    OrganizationTag.objects.bulk_create(tag_links, batch_size=1000)
    hooks.remember_new_locations(zip(organizations, pins, strict=True))
    index_for_search(organizations)
    audit.record_many(
        actor=actor,
        action="organization.created",
        items=[
            (organization, audit.diff({}, state), organization.name)
            for organization, state in zip(organizations, states, strict=True)
        ],
    )
    if status != Status.PUBLISHED and request_review:
        audit.record_many(
            actor=actor,
            action="organization.review_requested",
            items=[(organization, None, organization.name) for organization in organizations],
        )
    _on_commit_registry_changed()
    return organizations


# --- Proposed changes -------------------------------------------------------------------------

DECIMAL_FIELDS = frozenset({"latitude", "longitude"})


def _comparable(name: str, value: Any) -> Any:
    """A profile value in the form the entry stores it, so that "030 123" and "+4930123",
    or 52.5 and 52.500000, count as the same."""
    if value in (None, "", [], {}):
        return None
    if name in DECIMAL_FIELDS:
        try:
            return Decimal(str(value)).normalize()
        except ArithmeticError:
            return value
    if name in PROFILE_FIELDS and name != "description":
        field = Organization._meta.get_field(name)
        try:
            value = field.to_python(value) if isinstance(field, models.Field) else value
        except ValidationError:
            return value
    return audit.plain(value)


def proposed_differences(organization: Organization, data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``data`` (as the update service takes them) whose value differs from
    the entry's, in a JSON form; a description adds or replaces single languages."""
    relations = _relations(organization)
    changes: dict[str, Any] = {}
    for name, value in data.items():
        if name in RELATION_FIELDS:
            if name == "tags":
                new = sorted({" ".join(t.split()) for t in value if t.strip()}, key=str.casefold)
                same = [t.casefold() for t in new] == sorted(
                    t.casefold() for t in relations["tags"]
                )
            else:
                new = sorted(set(value))
                same = new == relations[name]
            if not same:
                changes[name] = new
            continue
        if name not in PROFILE_FIELDS:
            continue
        if name == "description":
            value = {**(organization.description or {}), **(value or {})}
        if _comparable(name, value) != _comparable(name, getattr(organization, name)):
            changes[name] = audit.plain(value)
    return changes


@transaction.atomic
def propose_changes(
    actor: Any,
    organization: Organization,
    data: Mapping[str, Any],
    *,
    network: Organization | None = None,
    import_job: Any = None,
) -> ChangeProposal | None:
    """Keep what ``actor`` would change in ``organization`` as a proposal for its
    administrators (None when nothing would change). Called by a network's import for an
    entry the importer may not change itself."""
    if not policy.can_propose_changes(actor, organization):
        raise PermissionDenied
    changes = proposed_differences(organization, data)
    if not changes:
        return None
    before = _state(organization)
    before["description"] = organization.description or {}
    proposal = ChangeProposal.objects.create(
        organization=organization,
        network=network,
        proposed_by=actor if getattr(actor, "is_authenticated", False) else None,
        import_job=import_job,
        changes=changes,
        before={name: before.get(name) for name in changes},
    )
    audit.record(
        actor=actor,
        action="proposal.created",
        target=proposal,
        scope=organization,
        changes={name: [before.get(name), value] for name, value in changes.items()},
        summary=network.name if network is not None else "",
    )
    admins = [
        a.person
        for a in organization.affiliations.filter(role=Role.ADMIN, person__is_active=True)
        .select_related("person")
        .order_by("pk")
    ]
    by_language: dict[str, list[Any]] = {}
    for person in admins:
        by_language.setdefault(person.preferred_language or settings.LANGUAGE_CODE, []).append(
            person
        )
    for language, group in sorted(by_language.items()):
        with translation.override(language):
            notifications.notify(
                group,
                NoticeKind.REQUESTS,
                _("Changes to %(name)s are proposed") % {"name": organization.name},
                url=reverse("organizations:proposals", kwargs={"slug": organization.slug}),
                text=(
                    _("Proposed for the network %(network)s.") % {"network": network.name}
                    if network is not None
                    else ""
                ),
                exclude=actor,
            )
    return proposal


def _service_value(name: str, value: Any) -> Any:
    if name in DECIMAL_FIELDS and value not in (None, ""):
        return Decimal(str(value))
    return value


@transaction.atomic
def decide_proposal(
    actor: Any,
    proposal: ChangeProposal,
    *,
    accept: bool,
    fields: Iterable[str] | None = None,
    reason: str = "",
) -> ChangeProposal:
    """An administrator accepts the proposal (all of it, or the chosen ``fields``) — the
    changes go through :func:`update_organization` as if typed into the form — or rejects
    it."""
    proposal = (
        ChangeProposal.objects.select_for_update()
        .select_related("organization")
        .get(pk=proposal.pk)
    )
    if not policy.can_decide_proposal(actor, proposal):
        raise PermissionDenied
    if proposal.state != ChangeProposal.State.PENDING:
        raise ValidationError(_("This proposal has already been decided."), code="decided")
    chosen = (
        sorted(proposal.changes) if fields is None else sorted(set(fields) & set(proposal.changes))
    )
    if accept and not chosen:
        raise ValidationError(
            _("Choose at least one change to accept, or reject the proposal."), code="no_fields"
        )
    if accept:
        organization = Organization.objects.get(pk=proposal.organization_id)
        update_organization(
            actor,
            organization,
            {name: _service_value(name, proposal.changes[name]) for name in chosen},
        )
        proposal.state = ChangeProposal.State.ACCEPTED
        proposal.accepted_fields = chosen
    else:
        proposal.state = ChangeProposal.State.REJECTED
    proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    proposal.decided_at = timezone.now()
    proposal.reason = reason.strip()[:2000]
    proposal.save()
    audit.record(
        actor=actor,
        action="proposal.accepted" if accept else "proposal.rejected",
        target=proposal,
        scope=proposal.organization,
        changes={"accepted_fields": [None, chosen]} if accept else {},
        summary=proposal.reason[:255],
    )
    return proposal


# --- Taking over a profile --------------------------------------------------------------------

TAKE_OVER_SALT = "verbund.organizations.take_over"
TAKE_OVER_DAYS = 30
CLAIM_SALT = "verbund.organizations.claim"
CLAIM_DAYS = 14
SITE_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def _grant_administration(organization: Organization, person: Any) -> Affiliation:
    """``person`` becomes an administrator; callers have checked the proof (a link or a
    decision) and hold the organisation's row lock."""
    affiliation, _created = Affiliation.objects.update_or_create(
        organization=organization, person=person, defaults={"role": Role.ADMIN}
    )
    person.__dict__.pop("_verbund_roles", None)  # the policy's per-request cache of roles
    return affiliation


def _close_open_requests(organization: Organization, *, except_claim: int | None = None) -> None:
    """Once someone administers the organisation, other invitations and claims end: from now
    on its administrators decide who joins."""
    now = timezone.now()
    TakeOverInvitation.objects.filter(organization=organization, status__in=LIVE_TAKE_OVER).update(
        status=TakeOverStatus.WITHDRAWN
    )
    others = ProfileClaim.objects.filter(organization=organization, status=ClaimStatus.PENDING)
    if except_claim is not None:
        others = others.exclude(pk=except_claim)
    others.update(status=ClaimStatus.REJECTED, method=ClaimMethod.SUPERSEDED, decided_at=now)


def _registered_addresses(organization: Organization) -> set[str]:
    found = {organization.email.lower()} if organization.email else set()
    found |= {
        email.lower()
        for email in organization.contact_persons.exclude(email="").values_list("email", flat=True)
    }
    return found


def _refuse_administered(organization: Organization) -> None:
    """From its first administrator on, an organisation's administrators decide who joins."""
    if policy.has_administrator(organization):
        raise ValidationError(
            _("%(name)s has an administrator: they add further people.")
            % {"name": organization.name},
            code="has_admin",
        )


def _refuse_taken(organization: Organization) -> None:
    """An invitation or claim that someone else's acceptance overtook."""
    if policy.has_administrator(organization):
        raise ValidationError(
            _("%(name)s has an administrator now: ask them to add you.")
            % {"name": organization.name},
            code="has_admin",
        )


def _lock(organization: Organization) -> Organization:
    return Organization.objects.select_for_update().get(pk=organization.pk)


@transaction.atomic
def invite_to_take_over(
    actor: Any,
    organization: Organization,
    *,
    email: str,
    name: str = "",
    language: str = "",
    network: Organization | None = None,
) -> TakeOverInvitation:
    """Send ``email`` (an address of the organisation) a link to become its administrator."""
    from verbund.organizations import tasks

    if not policy.can_invite_to_take_over(actor, organization):
        raise PermissionDenied
    organization = _lock(organization)
    _refuse_administered(organization)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(_("Enter a valid e-mail address."), code="email") from error
    if not policy.is_staff(actor) and email not in _registered_addresses(organization):
        # A network keeping the entry writes only to the organisation, not to itself.
        raise ValidationError(
            _("Invitations go to the organisation's own address or one of its contact persons."),
            code="foreign_address",
        )
    if TakeOverInvitation.objects.filter(
        organization=organization, status__in=LIVE_TAKE_OVER
    ).exists():
        raise ValidationError(
            _("%(name)s has already been invited; resend that invitation instead.")
            % {"name": organization.name},
            code="invited",
        )
    invitation = TakeOverInvitation.objects.create(
        organization=organization,
        network=network,
        email=email,
        name=name[:150],
        language=language if language in SITE_LANGUAGES else settings.LANGUAGE_CODE,
        nonce=secrets.token_urlsafe(16),
        invited_by=actor if getattr(actor, "pk", None) else None,
        expires_at=timezone.now() + datetime.timedelta(days=TAKE_OVER_DAYS),
    )
    audit.record(
        actor=actor,
        action="organization.take_over_invited",
        target=invitation,
        scope=organization,
        changes={"invitation": [None, TakeOverStatus.QUEUED]},
        summary=organization.name,
    )
    transaction.on_commit(lambda: tasks.send_take_over_invitation.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def resend_take_over(actor: Any, invitation: TakeOverInvitation) -> TakeOverInvitation:
    """A new link (the old one stops working) and a new period, to the same address."""
    from verbund.organizations import tasks

    organization = invitation.organization
    if not policy.can_invite_to_take_over(actor, organization):
        raise PermissionDenied
    _lock(organization)
    invitation = TakeOverInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status in (TakeOverStatus.ACCEPTED, TakeOverStatus.WITHDRAWN):
        raise ValidationError(_("This invitation is closed."), code="closed")
    _refuse_administered(organization)
    before = invitation.shown_status
    invitation.nonce = secrets.token_urlsafe(16)
    invitation.status = TakeOverStatus.QUEUED
    invitation.expires_at = timezone.now() + datetime.timedelta(days=TAKE_OVER_DAYS)
    invitation.opened_at = None
    invitation.error = ""
    invitation.save(update_fields=["nonce", "status", "expires_at", "opened_at", "error"])
    audit.record(
        actor=actor,
        action="organization.take_over_resent",
        target=invitation,
        scope=organization,
        changes={"invitation": [before, TakeOverStatus.QUEUED]},
        summary=organization.name,
    )
    transaction.on_commit(lambda: tasks.send_take_over_invitation.enqueue(invitation.pk))
    return invitation


def take_over_token(invitation: TakeOverInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=TAKE_OVER_SALT)


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def read_take_over(token: str, organization: Organization) -> TakeOverInvitation:
    """The invitation a link stands for, if it is this organisation's and still open;
    otherwise ``ValidationError`` saying why (a reused, expired or foreign link)."""
    try:
        data = signing.loads(token, salt=TAKE_OVER_SALT, max_age=TAKE_OVER_DAYS * 86400)
        invitation = TakeOverInvitation.objects.get(pk=int(data["i"]))
    except signing.SignatureExpired as error:
        raise _refused(_("This invitation has expired."), "expired") from error
    except (signing.BadSignature, TakeOverInvitation.DoesNotExist, KeyError, ValueError) as error:
        raise _refused(_("This link is not valid."), "invalid") from error
    if invitation.organization_id != organization.pk:
        raise _refused(_("This invitation is for another organisation."), "other_organization")
    if not secrets.compare_digest(str(data.get("n", "")), invitation.nonce):
        raise _refused(
            _("This link has been replaced by a newer invitation. Use the latest e-mail."),
            "replaced",
        )
    if invitation.status == TakeOverStatus.ACCEPTED:
        raise _refused(_("This invitation has already been used."), "used")
    if invitation.status == TakeOverStatus.WITHDRAWN:
        raise _refused(_("This invitation was withdrawn."), "withdrawn")
    if invitation.expired:
        raise _refused(_("This invitation has expired."), "expired")
    return invitation


def open_take_over(invitation: TakeOverInvitation) -> None:
    """The link was followed: the coordinator's list says "opened"."""
    if invitation.opened_at is None:
        TakeOverInvitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )
        TakeOverInvitation.objects.filter(
            pk=invitation.pk, status__in=(TakeOverStatus.QUEUED, TakeOverStatus.SENT)
        ).update(status=TakeOverStatus.OPENED)


@transaction.atomic
def accept_take_over(actor: Any, token: str, organization: Organization) -> Affiliation:
    """The person following the link becomes the organisation's administrator."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    organization = _lock(organization)
    invitation = read_take_over(token, organization)
    invitation = TakeOverInvitation.objects.select_for_update().get(pk=invitation.pk)
    read_take_over(token, organization)  # again, under the lock: a parallel accept lost
    _refuse_taken(organization)
    affiliation = _grant_administration(organization, actor)
    invitation.status = TakeOverStatus.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["status", "accepted_at", "accepted_by"])
    _close_open_requests(organization)
    audit.record(
        actor=actor,
        action="organization.taken_over",
        target=affiliation,
        scope=organization,
        changes={str(actor): [None, Role.ADMIN], "invitation": [invitation.pk, "accepted"]},
        summary=organization.name,
    )
    return affiliation


# --- Claims ------------------------------------------------------------------------------------


@transaction.atomic
def claim_profile(actor: Any, organization: Organization, message: str = "") -> ProfileClaim:
    """ "This is our organisation": a link goes to the organisation's registered address;
    whoever reads that mailbox confirms. Without an address, staff or the network keeping
    the entry decide."""
    from verbund.organizations import tasks

    if not policy.can_claim(actor, organization):
        raise PermissionDenied
    organization = _lock(organization)
    if ProfileClaim.objects.filter(
        organization=organization, claimant=actor, status=ClaimStatus.PENDING
    ).exists():
        raise ValidationError(_("You have already claimed this profile."), code="pending")
    claim = ProfileClaim.objects.create(
        organization=organization,
        claimant=actor,
        message=message.strip()[:1000],
        confirmation_sent_to=organization.email,
        nonce=secrets.token_urlsafe(16),
    )
    audit.record(
        actor=actor,
        action="organization.claimed",
        target=claim,
        scope=organization,
        changes={"claim": [None, ClaimStatus.PENDING]},
        summary=organization.name,
    )
    if organization.email:
        transaction.on_commit(lambda: tasks.send_claim_confirmation.enqueue(claim.pk))
    return claim


def claim_token(claim: ProfileClaim) -> str:
    return signing.dumps({"c": claim.pk, "n": claim.nonce}, salt=CLAIM_SALT)


def read_claim(token: str, organization: Organization) -> ProfileClaim:
    try:
        data = signing.loads(token, salt=CLAIM_SALT, max_age=CLAIM_DAYS * 86400)
        claim = ProfileClaim.objects.select_related("claimant").get(pk=int(data["c"]))
    except signing.SignatureExpired as error:
        raise _refused(_("This link has expired."), "expired") from error
    except (signing.BadSignature, ProfileClaim.DoesNotExist, KeyError, ValueError) as error:
        raise _refused(_("This link is not valid."), "invalid") from error
    if claim.organization_id != organization.pk or not secrets.compare_digest(
        str(data.get("n", "")), claim.nonce
    ):
        raise _refused(_("This link is not valid."), "invalid")
    if claim.status != ClaimStatus.PENDING:
        raise _refused(_("This claim has already been decided."), "decided")
    return claim


def _decide(
    actor: Any, claim: ProfileClaim, *, approve: bool, method: str, decided_by: Any
) -> ProfileClaim:
    organization = claim.organization
    if approve:
        _refuse_taken(organization)
    claim.status = ClaimStatus.CONFIRMED if approve else ClaimStatus.REJECTED
    claim.method = method
    claim.decided_at = timezone.now()
    claim.decided_by = decided_by
    claim.save(update_fields=["status", "method", "decided_at", "decided_by"])
    if approve:
        _grant_administration(organization, claim.claimant)
        _close_open_requests(organization, except_claim=claim.pk)
    audit.record(
        actor=actor,
        action="organization.claim_decided",
        target=claim,
        scope=organization,
        changes={
            "claim": [ClaimStatus.PENDING, claim.status],
            "method": [None, method],
            **({str(claim.claimant): [None, Role.ADMIN]} if approve else {}),
        },
        summary=organization.name,
    )
    return claim


@transaction.atomic
def confirm_claim(token: str, organization: Organization) -> ProfileClaim:
    """The link sent to the organisation's registered address is the permission."""
    organization = _lock(organization)
    claim = read_claim(token, organization)
    claim = ProfileClaim.objects.select_for_update().select_related("claimant").get(pk=claim.pk)
    read_claim(token, organization)
    return _decide(SIGNED_LINK, claim, approve=True, method=ClaimMethod.ADDRESS, decided_by=None)


@transaction.atomic
def decide_claim(actor: Any, claim: ProfileClaim, *, approve: bool) -> ProfileClaim:
    organization = claim.organization
    if not policy.can_decide_claim(actor, organization):
        raise PermissionDenied
    _lock(organization)
    claim = ProfileClaim.objects.select_for_update().select_related("claimant").get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise _refused(_("This claim has already been decided."), "decided")
    person = actor if getattr(actor, "pk", None) else None
    return _decide(actor, claim, approve=approve, method=ClaimMethod.DECISION, decided_by=person)


@transaction.atomic
def withdraw_claim(actor: Any, claim: ProfileClaim) -> ProfileClaim:
    if getattr(actor, "pk", None) != claim.claimant_id:
        raise PermissionDenied
    claim = ProfileClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise _refused(_("This claim has already been decided."), "decided")
    claim.status = ClaimStatus.WITHDRAWN
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_at"])
    audit.record(
        actor=actor,
        action="organization.claim_withdrawn",
        target=claim,
        scope=claim.organization,
        changes={"claim": [ClaimStatus.PENDING, ClaimStatus.WITHDRAWN]},
        summary=claim.organization.name,
    )
    return claim
