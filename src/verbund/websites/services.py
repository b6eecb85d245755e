"""Writes of the websites app: switching a site on, its Impressum, pages, news posts and
restoring earlier versions. Each checks ``policy``, runs in one transaction and writes the
audit log; every change of a text keeps a revision."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from verbund.core import audit
from verbund.core.actors import is_system
from verbund.organizations.models import Organization
from verbund.websites import policy
from verbund.websites.models import Domain, Page, Post, Revision, Website
from verbund.websites.taxonomy import PageKind, Status

SITE_FIELDS = (
    "enabled",
    "main_language",
    "accent_color",
    "representatives",
    "register_court",
    "responsible_person",
    "contact_email",
)
TEXT_FIELDS = ("slug", "title", "body", "status", "publish_at")
LANGUAGES = {code for code, _label in settings.LANGUAGES}
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _person(actor: Any) -> Any:
    return None if is_system(actor) or not getattr(actor, "is_authenticated", False) else actor


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


@transaction.atomic
def save_site(actor: Any, organization: Organization, data: Mapping[str, Any]) -> Website:
    """Create or change ``organization``'s site settings (switch on, language, Impressum)."""
    _require(policy.can_manage_site(actor, organization))
    website = Website.objects.filter(organization=organization).first() or Website(
        organization=organization
    )
    with audit.recording(actor, website, SITE_FIELDS, action="website", scope=organization):
        for name in SITE_FIELDS:
            if name in data:
                setattr(website, name, data[name])
        errors: dict[str, str] = {}
        if website.main_language not in LANGUAGES:
            errors["main_language"] = _("Choose one of the languages of the platform.")
        if not COLOUR.match(website.accent_color or ""):
            errors["accent_color"] = _("Give the colour as # and six hex digits, e.g. #1d4f91.")
        elif contrast_with_white(website.accent_color) < 4.5:
            errors["accent_color"] = _(
                "This colour is too light: white text on it cannot be read. Choose a darker one."
            )
        if errors:
            raise ValidationError(errors)
        website.full_clean(exclude=["organization"])
        website.save()
    return website


def _texts(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {
        str(code): str(text).strip()
        for code, text in value.items()
        if code in LANGUAGES and str(text).strip()
    }


def _unique_slug(model: type[Page] | type[Post], website: Website, wanted: str, pk: Any) -> str:
    # ASCII where the title allows (shareable addresses), else the title's own letters.
    base = (slugify(wanted) or slugify(wanted, allow_unicode=True))[:100] or "text"
    slug, number = base, 2
    while model.objects.filter(website=website, slug=slug).exclude(pk=pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _fill(content: Page | Post, data: Mapping[str, Any], model: type[Page] | type[Post]) -> None:
    website = content.website
    if "title" in data:
        content.title = _texts(data["title"])
    if "body" in data:
        content.body = _texts(data["body"])
    for name in ("status", "publish_at"):
        if name in data:
            setattr(content, name, data[name])
    errors: dict[str, str] = {}
    if not content.title:
        errors["title"] = _("Give the text a title in at least one language.")
    if content.status not in Status.values:
        errors["status"] = _("Choose draft or published.")
    if errors:
        raise ValidationError(errors)
    wanted = str(data.get("slug") or content.slug or content.title_in(website.main_language)[0])
    content.slug = _unique_slug(model, website, wanted, content.pk)


def _keep_revision(actor: Any, content: Page | Post, before: tuple[Any, Any] | None) -> None:
    if before == (content.title, content.body):
        return
    if isinstance(content, Page):
        Revision.objects.create(
            page=content, title=content.title, body=content.body, author=_person(actor)
        )
    else:
        Revision.objects.create(
            post=content, title=content.title, body=content.body, author=_person(actor)
        )


@transaction.atomic
def save_page(
    actor: Any, website: Website, data: Mapping[str, Any], page: Page | None = None
) -> Page:
    if page is None:
        _require(policy.can_write(actor, website.organization))
        page = Page(website=website, kind=str(data.get("kind") or PageKind.OTHER))
        before = None
    else:
        _require(policy.can_write(actor, page.website.organization))
        before = (page.title, page.body)
    with audit.recording(
        actor, page, (*TEXT_FIELDS, "kind", "position"), action="website_page",
        scope=page.website.organization,
    ):  # fmt: skip
        _fill(page, data, Page)
        if "kind" in data:
            page.kind = str(data["kind"])
        if "position" in data:
            page.position = int(data["position"] or 0)
        page.full_clean(exclude=["website"])
        page.save()
    _keep_revision(actor, page, before)
    return page


@transaction.atomic
def save_post(
    actor: Any, website: Website, data: Mapping[str, Any], post: Post | None = None
) -> Post:
    if post is None:
        _require(policy.can_write(actor, website.organization))
        post = Post(website=website, created_by=_person(actor))
        before = None
    else:
        _require(policy.can_write(actor, post.website.organization))
        before = (post.title, post.body)
    with audit.recording(
        actor, post, TEXT_FIELDS, action="website_post", scope=post.website.organization
    ):
        _fill(post, data, Post)
        post.full_clean(exclude=["website", "created_by"])
        post.save()
    _keep_revision(actor, post, before)
    return post


@transaction.atomic
def remove_page(actor: Any, page: Page) -> None:
    _require(policy.can_write(actor, page.website.organization))
    audit.removed(actor, page, TEXT_FIELDS, action="website_page", scope=page.website.organization)
    page.delete()


@transaction.atomic
def remove_post(actor: Any, post: Post) -> None:
    _require(policy.can_write(actor, post.website.organization))
    audit.removed(actor, post, TEXT_FIELDS, action="website_post", scope=post.website.organization)
    post.delete()


@transaction.atomic
def restore_revision(actor: Any, revision: Revision) -> Page | Post:
    """Make an earlier version the current text again (itself a new revision)."""
    content: Page | Post = revision.page if revision.page_id else revision.post  # type: ignore[assignment]
    data = {"title": revision.title, "body": revision.body}
    if isinstance(content, Page):
        restored: Page | Post = save_page(actor, content.website, data, content)
    else:
        restored = save_post(actor, content.website, data, content)
    audit.record(
        actor=actor,
        action="website.revision_restored",
        target=restored,
        scope=restored.website.organization,
        summary=str(revision),
    )
    return restored


@transaction.atomic
def add_domain(actor: Any, website: Website, host: str) -> Domain:
    """Register a host of the organisation's own; it is served only once staff verified it."""
    _require(policy.can_manage_site(actor, website.organization))
    host = host.strip().lower().rstrip(".")
    if not HOST.match(host):
        raise ValidationError({"host": _("Give a domain name such as verein-beispiel.de.")})
    if Domain.objects.filter(host=host).exists():
        raise ValidationError({"host": _("This domain is already registered.")})
    domain = Domain.objects.create(website=website, host=host)
    audit.record(
        actor=actor,
        action="website.domain_added",
        target=domain,
        scope=website.organization,
        changes={"host": [None, host]},
    )
    return domain


@transaction.atomic
def verify_domain(actor: Any, domain: Domain) -> Domain:
    _require(policy.can_verify_domain(actor))
    domain.verified_at = timezone.now()
    domain.save(update_fields=["verified_at"])
    audit.record(
        actor=actor,
        action="website.domain_verified",
        target=domain,
        scope=domain.website.organization,
        changes={"host": [None, domain.host]},
    )
    return domain
