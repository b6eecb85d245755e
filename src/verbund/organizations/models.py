"""The registry: organisations, their people, contact persons, themes, languages and tags.

Models stay plain; every write goes through ``services``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from verbund.core.fields import NameField
from verbund.organizations.taxonomy import (
    LIVE_TAKE_OVER,
    ClaimMethod,
    ClaimStatus,
    FederalState,
    Function,
    Kind,
    LegalForm,
    PartnerKind,
    Role,
    Status,
    TakeOverStatus,
    Theme,
    Visibility,
)

postal_code_validator = RegexValidator(
    r"^\d{5}$", _("A German postal code has exactly five digits, for example 10115.")
)


class Tag(models.Model):
    """A community of origin or other free label ("Kurdish", "Vietnamese", "Afro-German")."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=90, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    slug = models.SlugField(_("address on the site"), max_length=120, unique=True)
    name = NameField(_("name"), max_length=200)
    short_name = NameField(_("short name or acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    partner_kind = models.CharField(
        _("kind of partner institution"), max_length=30, choices=PartnerKind.choices, blank=True
    )
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, blank=True
    )
    register_number = models.CharField(_("register number"), max_length=60, blank=True)
    founding_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    # {"de": "...", "en": "...", ...}: one text per language the organisation writes in.
    description = models.JSONField(_("description"), default=dict, blank=True)

    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, validators=[postal_code_validator]
    )
    city = models.CharField(_("city"), max_length=100, blank=True, db_index=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    federal_state = models.CharField(
        _("federal state"), max_length=2, choices=FederalState.choices, blank=True, db_index=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    address_visibility = models.CharField(
        _("who sees the street address"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )

    website = models.URLField(_("website"), max_length=300, blank=True)
    website_visibility = models.CharField(
        _("who sees the website"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    email_visibility = models.CharField(
        _("who sees the e-mail address"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    phone = PhoneNumberField(_("phone"), blank=True)
    phone_visibility = models.CharField(
        _("who sees the phone number"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    social_links = models.JSONField(_("social media links"), default=list, blank=True)
    social_links_visibility = models.CharField(
        _("who sees the social media links"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    verified = models.BooleanField(_("verified"), default=False)
    review_requested_at = models.DateTimeField(_("publication requested"), null=True, blank=True)
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    # Denormalised for search, kept current by services.
    name_folded = models.CharField(max_length=240, blank=True, db_index=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organizations:profile", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def description_in(self, language: str | None = None) -> tuple[str, str]:
        """The description in ``language`` or the best fallback, with the language it is in.

        The fallback is English before German: a Turkish or Arabic reader who cannot read
        the reader's own language version more likely reads English than German; then
        German (the site's language), then any text there is.
        """
        texts: dict[str, Any] = self.description or {}
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        for code in (language, "en", settings.LANGUAGE_CODE, *sorted(texts)):
            if texts.get(code):
                return str(texts[code]), code
        return "", language


class OrganizationTheme(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="theme_links"
    )
    theme = models.CharField(max_length=30, choices=Theme.choices, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "theme"], name="unique_theme")
        ]

    def __str__(self) -> str:
        return self.theme


class OrganizationLanguage(models.Model):
    """A language (ISO 639-1) in which an organisation offers its work."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="language_links"
    )
    code = models.CharField(max_length=3, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="unique_language")
        ]

    def __str__(self) -> str:
        return self.code


class OrganizationTag(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="tag_links"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="organization_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "tag"], name="unique_tag")]

    def __str__(self) -> str:
        return str(self.tag_id)


class Affiliation(models.Model):
    """A person's role for an organisation on the platform (admin, editor, member)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="affiliations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(fields=["organization", "person"], name="unique_affiliation")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role}) @ {self.organization}"


class ContactPerson(models.Model):
    """Someone the public or the members can reach at an organisation, with a function."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contact_persons"
    )
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(
        _("function"), max_length=20, choices=Function.choices, default=Function.CONTACT
    )
    function_note = models.CharField(_("function (in your words)"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    visibility = models.CharField(
        _("who sees this person"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_roles",
        verbose_name=_("account"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # Empty: "as the organisation" (the first of its working languages the site speaks).
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty to write to this person as to the organisation."),
    )
    # What the person wants to receive from the networks the organisation is a member of
    # (see ``networks.audience``); each kind can be turned off on its own.
    receives_mailings = models.BooleanField(_("receives network mailings"), default=True)
    receives_meetings = models.BooleanField(
        _("receives meeting invitations and minutes"), default=True
    )
    receives_assemblies = models.BooleanField(_("receives assembly notices"), default=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class TakeOverInvitation(models.Model):
    """An invitation, sent to an address of the organisation, to take over its profile.

    The link in the e-mail is signed and names this row and its ``nonce``; a resend draws a
    new nonce, so only the latest link works, and accepting closes it for good.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="take_over_invitations"
    )
    # The network on whose behalf its coordinators invited (none when the platform team did).
    network = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=TakeOverStatus.choices, default=TakeOverStatus.QUEUED
    )
    nonce = models.CharField(max_length=32)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("invitation to take over a profile")
        verbose_name_plural = _("invitations to take over a profile")
        ordering = ["organization__name", "-created_at"]
        indexes = [models.Index(fields=["network", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(status__in=LIVE_TAKE_OVER),
                name="one_live_take_over_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.email}"

    @property
    def expired(self) -> bool:
        from django.utils import timezone

        return self.status in LIVE_TAKE_OVER and self.expires_at <= timezone.now()

    @property
    def shown_status(self) -> str:
        """The status as a coordinator reads it: a live invitation past its date is expired."""
        return "expired" if self.expired else self.status


class ProfileClaim(models.Model):
    """Someone says "this is our organisation" for a profile without an administrator."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="claims")
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_claims"
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    method = models.CharField(_("decided"), max_length=10, choices=ClaimMethod.choices, blank=True)
    # Where the confirmation link went (the registered address at the time of the claim).
    confirmation_sent_to = models.EmailField(blank=True)
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(_("claimed on"), auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("claim of a profile")
        verbose_name_plural = _("claims of a profile")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "claimant"],
                condition=models.Q(status=ClaimStatus.PENDING),
                name="one_pending_claim_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.claimant} → {self.organization}"


class SearchDocument(models.Model):
    """PostgreSQL only: the text the directory searches, with its German and English vector.

    A narrow side table so that the wide organisation rows never have to be read (and their
    long text de-TOASTed) to match words: the vector is a generated column, indexed with
    GIN, and the folded name has a trigram index for matching parts of words. The services
    keep it current with ``Organization.search_text`` and ``name_folded``. On SQLite the
    table does not exist (``required_db_vendor``); the directory searches ``search_text``.
    """

    # No foreign key constraint and no cascade: the table exists on PostgreSQL only, so
    # deleting an organisation must not touch it on SQLite. A document left behind by a
    # deleted organisation is never read (the index reads published organisations).
    organization = models.OneToOneField(
        Organization,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
    )
    name_folded = models.CharField(max_length=240, blank=True)
    search_text = models.TextField(blank=True)
    vector = models.GeneratedField(
        expression=SearchVector("search_text", config="german")
        + SearchVector("search_text", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        required_db_vendor = "postgresql"
        indexes = [
            GinIndex(fields=["vector"], name="search_document_vector"),
            GinIndex(OpClass("name_folded", name="gin_trgm_ops"), name="search_document_name_trgm"),
        ]

    def __str__(self) -> str:
        return str(self.organization_id)


class SearchRevision(models.Model):
    """One committed change of what the directory searches, in commit order.

    Every web process keeps the directory's index in memory as a cache of the database and
    compares its revision with the newest row here on each search; the rows after its own
    name the organisations to read again (``organizations`` is ``None`` for "all"). Writers
    take the row with number 0 ``FOR UPDATE`` before adding theirs, so numbers follow the
    order of commits and a reader never skips one. The token tells a revision from one that
    was rolled back and numbered again.
    """

    number = models.BigIntegerField(primary_key=True)
    token = models.CharField(max_length=32)
    organizations = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.number)


class ImportJob(models.Model):
    """One spreadsheet import: the uploaded rows, the chosen mapping and decisions, the result.

    Rows are kept as text so the preview, the background run and the report all see the same
    file; a finished job keeps its row-by-row report for download.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Checking")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed, nothing was changed")

    class OnDuplicate(models.TextChoices):
        SKIP = "skip", _("Skip the row")
        UPDATE = "update", _("Update the existing organisation")
        CREATE = "create", _("Create a new organisation anyway")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    filename = models.CharField(_("file"), max_length=255)
    # A coordinator's import is for one of their networks: what it writes joins that network.
    network = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("for the network"),
    )
    file_format = models.CharField(_("format"), max_length=40)
    language = models.CharField(max_length=10, default="de")
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    mapping = models.JSONField(default=list)
    decisions = models.JSONField(default=dict)
    on_duplicate = models.CharField(
        _("when a row matches an existing organisation"),
        max_length=10,
        choices=OnDuplicate.choices,
        default=OnDuplicate.SKIP,
    )
    dry_run = models.BooleanField(_("only try, change nothing"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    report = models.JSONField(default=list)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"


class ChangeProposal(models.Model):
    """Changes to an organisation's entry that someone who may not make them proposed (a
    network's spreadsheet import); they wait for the organisation's administrators, who
    accept them in whole or field by field (through the normal update service) or reject
    them. Decided proposals stay as history."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="change_proposals",
        verbose_name=_("organisation"),
    )
    # The network on whose behalf the change is proposed, if any.
    network = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("proposed for the network"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    import_job = models.ForeignKey(
        ImportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    # {field: proposed value} and {field: value when proposed}, in the form the update
    # service takes (descriptions as {language: text}, themes and languages as codes).
    changes = models.JSONField(_("proposed changes"), default=dict)
    before = models.JSONField(default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    accepted_fields = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "state"])]

    def __str__(self) -> str:
        return f"{self.organization}: {', '.join(sorted(self.changes))}"
