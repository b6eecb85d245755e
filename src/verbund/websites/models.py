"""A public website of an organisation: its settings, pages, news posts and their revisions.

Texts are kept per language (``{"de": "...", "ar": "..."}``); a reader whose language is
missing gets the site's main language and a note saying so. A page or post is live when it is
published and its time has come (``publish_at`` not in the future): the query decides, no job
has to switch anything at the hour.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.organizations.models import Organization
from verbund.websites.taxonomy import PageKind, Status


def text_in(texts: dict[str, Any] | None, language: str, main: str) -> tuple[str, str]:
    """The text in ``language``, else in ``main``, else any; with the language it is in."""
    texts = texts or {}
    for code in (language, main, *sorted(texts)):
        if texts.get(code):
            return str(texts[code]), code
    return "", language


class Website(models.Model):
    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="public_site"
    )
    enabled = models.BooleanField(_("site is switched on"), default=False)
    main_language = models.CharField(_("main language"), max_length=8, default="de")
    accent_color = models.CharField(_("accent colour"), max_length=7, default="#1d4f91")
    # Impressum (§ 5 DDG) fields the registry does not hold.
    representatives = models.CharField(
        _("represented by"), max_length=300, blank=True, help_text=_("For example: the board")
    )
    register_court = models.CharField(_("register court"), max_length=120, blank=True)
    responsible_person = models.CharField(
        _("responsible for the content"), max_length=200, blank=True
    )
    contact_email = models.EmailField(_("e-mail for the Impressum"), blank=True)
    # Above the home page; stored resized and without metadata (``core.images``).
    header_image = models.ImageField(_("header image"), upload_to="sites/", blank=True)
    header_image_alt = models.JSONField(
        _("description of the header image"), default=dict, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("website")
        verbose_name_plural = _("websites")

    def __str__(self) -> str:
        return str(self.organization)


class LiveQuerySet(models.QuerySet[Any]):
    def live(self, now: Any = None) -> LiveQuerySet:
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED).filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=now)
        )


class Content(models.Model):
    website = models.ForeignKey(Website, on_delete=models.CASCADE)
    slug = models.SlugField(_("address"), max_length=120, allow_unicode=True)
    title = models.JSONField(_("title"), default=dict)
    body = models.JSONField(_("text (Markdown)"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, help_text=_("Leave empty to publish at once.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title_in(self.website.main_language)[0] if self.website_id else self.slug

    def title_in(self, language: str) -> tuple[str, str]:
        return text_in(self.title, language, self.website.main_language)

    def body_in(self, language: str) -> tuple[str, str]:
        return text_in(self.body, language, self.website.main_language)

    @property
    def languages(self) -> list[str]:
        return sorted(code for code, text in (self.title or {}).items() if text)

    def is_live(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.status == Status.PUBLISHED and (
            self.publish_at is None or self.publish_at <= now
        )


class Page(Content):
    website = models.ForeignKey(Website, on_delete=models.CASCADE, related_name="pages")
    kind = models.CharField(_("kind of page"), max_length=20, choices=PageKind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["website", "slug"], name="websites_page_slug_unique")
        ]


class Post(Content):
    website = models.ForeignKey(Website, on_delete=models.CASCADE, related_name="posts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Stored resized and without metadata (``core.images``); described per language.
    image = models.ImageField(
        _("image"),
        upload_to="sites/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.JSONField(_("description of the image"), default=dict, blank=True)
    # When the post went to the site's subscribers by e-mail (each post goes once).
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-publish_at", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["website", "slug"], name="websites_post_slug_unique")
        ]
        indexes = [models.Index(fields=["website", "status", "publish_at"])]

    def image_alt_in(self, language: str) -> str:
        return text_in(self.image_alt, language, self.website.main_language)[0]

    @property
    def shown_at(self) -> Any:
        return self.publish_at or self.created_at


class Revision(models.Model):
    """A saved state of a page or a post, to look back and restore."""

    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.JSONField(default=dict)
    body = models.JSONField(default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(page__isnull=False, post__isnull=True)
                | Q(page__isnull=True, post__isnull=False),
                name="websites_revision_of_one",
            )
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"


class Domain(models.Model):
    """A host name of the organisation's own under which its site is served, once verified."""

    website = models.ForeignKey(Website, on_delete=models.CASCADE, related_name="domains")
    host = models.CharField(_("domain"), max_length=253, unique=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("own domain")
        verbose_name_plural = _("own domains")

    def __str__(self) -> str:
        return self.host


class Subscriber(models.Model):
    """An address that asked for the site's news. It counts once the link sent to it was
    followed (double opt-in); unconfirmed addresses are deleted after a few days, and
    unsubscribing deletes the row."""

    website = models.ForeignKey(Website, on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("news subscriber")
        verbose_name_plural = _("news subscribers")
        constraints = [
            models.UniqueConstraint(fields=["website", "email"], name="websites_one_subscription")
        ]

    def __str__(self) -> str:
        return self.email
