"""Writes of the websites app: switching a site on, its Impressum, pages, news posts and
restoring earlier versions. Each checks ``policy``, runs in one transaction and writes the
audit log; every change of a text keeps a revision."""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from verbund.core import audit
from verbund.core.actors import is_system
from verbund.core.emails import render_text
from verbund.core.images import checked_image, image_size, without_metadata
from verbund.organizations.models import Organization
from verbund.websites import policy
from verbund.websites.models import Domain, Page, Post, Revision, Subscriber, Website
from verbund.websites.taxonomy import PageKind, Status

SITE_FIELDS = (
    "enabled",
    "header_image",
    "header_image_alt",
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
RESERVED_SLUGS = frozenset({"subscribe", "unsubscribe"})


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
            if name in data and not name.startswith("header_image"):
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
        if "header_image_alt" in data:
            website.header_image_alt = _texts(data["header_image_alt"])
        if data.get("remove_header_image") and website.header_image:
            website.header_image.delete(save=False)
            website.header_image = ""
        if data.get("header_image"):
            content, name = _cleaned_upload(data["header_image"], organization.slug)
            if website.header_image:
                website.header_image.delete(save=False)
            website.header_image.save(name, ContentFile(content), save=False)
        if website.header_image and not website.header_image_alt:
            errors["header_image_alt"] = _(
                "Describe the image in at least one language, for people who cannot see it."
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
    if base in RESERVED_SLUGS:  # addresses of the site's own pages
        base = f"{base}-1"
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
        actor, post, (*TEXT_FIELDS, "image", "image_alt"), action="website_post",
        scope=post.website.organization,
    ):  # fmt: skip
        _fill(post, data, Post)
        if "image_alt" in data:
            post.image_alt = _texts(data["image_alt"])
        if data.get("remove_image") and post.image:
            post.image.delete(save=False)
            post.image = ""
        upload = data.get("image")
        if upload:
            _store_image(post, upload)
        if post.image and not post.image_alt:
            raise ValidationError(
                {"image_alt": _("Describe the image in at least one language, for people "
                                "who cannot see it.")}
            )  # fmt: skip
        post.full_clean(exclude=["website", "created_by", "image"])
        post.save()
    _keep_revision(actor, post, before)
    return post


def _store_image(post: Post, upload: Any) -> None:
    content, name = _cleaned_upload(upload, post.website.organization.slug)
    if post.image:
        post.image.delete(save=False)
    post.image.save(name, ContentFile(content), save=False)
    post.image_width, post.image_height = image_size(content)


def _cleaned_upload(upload: Any, prefix: str) -> tuple[bytes, str]:
    """The upload checked, resized to at most ``WEBSITE_IMAGE_PIXELS`` on its longest side,
    upright and without EXIF or other metadata (``core.images``); with a fresh file name."""

    def refused(message: str, code: str) -> ValidationError:
        return ValidationError({"image": ValidationError(message, code=code)})

    image = checked_image(
        upload,
        max_bytes=settings.WEBSITE_IMAGE_MAX_BYTES,
        max_pixels=settings.WEBSITE_IMAGE_MAX_SOURCE_PIXELS,
        too_large=refused(
            _("The image is too large: at most %(size)s MB are allowed.")
            % {"size": settings.WEBSITE_IMAGE_MAX_BYTES // (1024 * 1024)},
            "too_large",
        ),
        not_image=refused(_("The image must be a PNG, JPEG, GIF or WebP file."), "not_image"),
        too_many_pixels=refused(
            _(
                "The image has too many pixels: at most %(megapixels)s megapixels are "
                "allowed. Save a smaller version of it and upload that."
            )
            % {"megapixels": settings.WEBSITE_IMAGE_MAX_SOURCE_PIXELS // 1_000_000},
            "too_many_pixels",
        ),
    )
    content, extension = without_metadata(image, longest_side=settings.WEBSITE_IMAGE_PIXELS)
    return content, f"{prefix}-{secrets.token_hex(6)}.{extension}"


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


def domain_txt_record(domain: Domain) -> str:
    """The DNS TXT record that shows the domain belongs to whoever registered it here."""
    digest = salted_hmac("verbund.websites.domain", f"{domain.pk}:{domain.host}").hexdigest()
    return f"verbund-site-verification={digest[:32]}"


# --- News by e-mail: subscriptions with double opt-in ------------------------------------------
#
# Subscribers are not written to the audit log: the log keeps its entries for years, and an
# address that unsubscribed must leave no trace behind.

CONFIRM_SALT = "verbund.websites.subscribe"
LEAVE_SALT = "verbund.websites.unsubscribe"
CONFIRM_DAYS = 7


def _purge_unconfirmed() -> None:
    Subscriber.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=timezone.now() - datetime.timedelta(days=CONFIRM_DAYS),
    ).delete()


@transaction.atomic
def subscribe(website: Website, email: str, language: str) -> None:
    """Send a confirmation link to ``email``. The same happens whether or not the address
    has subscribed before, so the form tells nobody who reads the news."""
    from verbund.websites import tasks

    if not policy.is_public(website):
        raise PermissionDenied
    _purge_unconfirmed()
    email = email.strip().lower()
    subscriber = Subscriber.objects.filter(website=website, email=email).first()
    if subscriber is not None and subscriber.confirmed_at is not None:
        return
    if subscriber is None:
        subscriber = Subscriber(website=website, email=email)
    subscriber.language = language if language in LANGUAGES else website.main_language
    subscriber.nonce = secrets.token_urlsafe(16)
    subscriber.full_clean(exclude=["website"], validate_unique=False)
    subscriber.save()
    pk = subscriber.pk
    transaction.on_commit(lambda: tasks.send_subscription_confirmation.enqueue(pk))


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "n": subscriber.nonce}, salt=CONFIRM_SALT)


def leave_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "n": subscriber.nonce}, salt=LEAVE_SALT)


def _subscriber_for(token: str, salt: str, max_age: int | None) -> Subscriber:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
        subscriber = Subscriber.objects.select_related("website__organization").get(
            pk=int(data["s"])
        )
    except (signing.BadSignature, Subscriber.DoesNotExist, KeyError, ValueError) as error:
        raise ValidationError(_("This link is not valid (any more)."), code="invalid") from error
    if not secrets.compare_digest(str(data.get("n", "")), subscriber.nonce):
        raise ValidationError(_("This link is not valid (any more)."), code="invalid")
    return subscriber


def subscriber_to_confirm(token: str) -> Subscriber:
    return _subscriber_for(token, CONFIRM_SALT, CONFIRM_DAYS * 86400)


@transaction.atomic
def confirm_subscription(token: str) -> Subscriber:
    subscriber = subscriber_to_confirm(token)
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def subscriber_leaving(token: str) -> Subscriber:
    return _subscriber_for(token, LEAVE_SALT, None)


@transaction.atomic
def unsubscribe(token: str) -> Website:
    """One click (RFC 8058) ends the subscription and deletes the address."""
    subscriber = subscriber_leaving(token)
    website = subscriber.website
    subscriber.delete()
    return website


@transaction.atomic
def send_post(actor: Any, post: Post) -> int:
    """Mail the post to the site's confirmed subscribers, each in their language: at once when
    it is live, else at its publishing time. Each post is mailed once."""
    from verbund.websites import tasks

    _require(policy.can_write(actor, post.website.organization))
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.mailed_at is not None:
        raise ValidationError(_("This post has already been sent to the subscribers."))
    if post.status != Status.PUBLISHED:
        raise ValidationError(_("Publish the post (or schedule it) before sending it."))
    post.mailed_at = timezone.now()
    post.save(update_fields=["mailed_at"])
    count = Subscriber.objects.filter(website=post.website, confirmed_at__isnull=False).count()
    audit.record(
        actor=actor,
        action="website_post.mailed",
        target=post,
        scope=post.website.organization,
        changes={"subscribers": [None, count]},
        summary=str(post),
    )
    when = post.publish_at if post.publish_at and post.publish_at > timezone.now() else None
    pk = post.pk
    if when is None:
        transaction.on_commit(lambda: tasks.deliver_post.enqueue(pk))
    else:
        transaction.on_commit(lambda: tasks.deliver_post.using(run_after=when).enqueue(pk))
    return count


def post_as_mailing(actor: Any, post: Post, post_url: str) -> Any:
    """For a network's site: the post as a draft mailing to the member organisations, in
    every language it is written in, for the networks app to preview and send."""
    from verbund.networks import services as network_services

    _require(policy.can_write(actor, post.website.organization))
    versions = {}
    for code in post.languages:
        title, _language = post.title_in(code)
        body, _language = post.body_in(code)
        versions[code] = {"subject": title, "body": f"{body}\n\n{post_url}"}
    return network_services.save_mailing(
        actor, post.website.organization, versions, {"members": True}
    )


# --- Contact form --------------------------------------------------------------------------------


def contact_address(website: Website) -> str:
    return website.contact_email or website.organization.email


def send_contact_message(
    website: Website, *, name: str, email: str, message: str, language: str
) -> bool:
    """Forward a visitor's message to the organisation's address, which the visitor never
    sees; replies go to the visitor. Nothing is stored: the message leaves at once."""
    if not policy.is_public(website):
        raise PermissionDenied
    to = contact_address(website)
    if not to:
        return False
    name = " ".join(name.split())  # a line break in the name would break the subject line
    with translation.override(language if language in LANGUAGES else website.main_language):
        subject = _("Message through your website from %(name)s") % {"name": name}
    body = render_text(
        "websites/email/contact.txt",
        {"website": website, "name": name, "email": email, "message": message},
    )
    EmailMessage(subject, body, to=[to], reply_to=[email]).send()
    return True
