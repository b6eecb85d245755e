"""Counselling: centres and their teams, case files, anonymous reports, the access log.

Every personal and free-text value is stored sealed (``*_enc`` binary fields, see
``crypto``); only what statistics count (codes of grounds, domain, form, level, the month a
case was opened, the counselling language) and what the software needs to route and to keep
deadlines is stored in the clear. Models stay plain; every write goes through ``services``.

Why each personal value is kept, who sees it and how long (GDPR Art. 5, 9; § 22 BDSG):

* the client's name and contact — only if the client wants to be contacted; seen by the
  counsellors of the case and the centre lead; deleted with the case;
* notes, place and attachments — to document the case the client consented to; same
  visibility; deleted with the case (``retention_days`` after closing);
* anonymous reports — what the reporter chose to tell; the centre's team; deleted with the
  case they became or ``retention_days`` after they were closed;
* the access log — who read or changed a case, for accountability; the centre lead; deleted
  with the case it is about.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.counselling.taxonomy import (
    AccessAction,
    CaseStatus,
    ConsentKind,
    Domain,
    EntryKind,
    Form,
    Ground,
    Level,
    Outcome,
    ReportStatus,
    TeamRole,
)
from verbund.organizations.models import Organization


def default_retention_days() -> int:
    return int(settings.COUNSELLING_RETENTION_DAYS)


class Centre(models.Model):
    """A counselling centre run by an organisation of the registry."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="counselling_centres",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    languages = models.JSONField(_("languages of counselling"), default=list, blank=True)
    accepts_reports = models.BooleanField(_("accepts anonymous reports"), default=True)
    retention_days = models.PositiveIntegerField(
        _("days a closed case is kept"), default=default_retention_days
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("counselling centre")
        verbose_name_plural = _("counselling centres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A person's role in a centre, given by the centre's lead or the organisation's
    administrator (a role someone gives themselves grants nothing)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counselling_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=TeamRole.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_by_system = models.CharField(max_length=20, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        constraints = [
            models.UniqueConstraint(fields=["centre", "person"], name="unique_team_member")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role}) @ {self.centre}"


class Case(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="cases")
    # The pseudonymous case code, sealed; found through its blind index.
    code_enc = models.BinaryField()
    code_index = models.CharField(max_length=64, db_index=True)
    lead_counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead counsellor"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    delete_after = models.DateField(_("deleted after"), null=True, blank=True)
    counselling_language = models.CharField(
        _("language of the counselling"), max_length=8, blank=True
    )
    # The incident, structured for statistics (grounds are rows of CaseGround).
    domain = models.CharField(_("life domain"), max_length=20, choices=Domain.choices, blank=True)
    form = models.CharField(
        _("form of discrimination"), max_length=12, choices=Form.choices, blank=True
    )
    level = models.CharField(_("level"), max_length=14, choices=Level.choices, blank=True)
    incident_on = models.DateField(_("date of the incident"), null=True, blank=True)
    place_enc = models.BinaryField(default=b"", blank=True)
    # Kept equal to the consent rows by the services, so statistics need no join.
    statistics_consent = models.BooleanField(default=False)
    referred_from = models.ForeignKey(
        Centre, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referred_to = models.ForeignKey(
        Centre, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["centre", "lead_counsellor", "-opened_on"]),
            models.Index(fields=["centre", "-opened_on"]),
            models.Index(fields=["status", "delete_after"]),
            models.Index(fields=["statistics_consent", "centre", "opened_on"]),
        ]

    def __str__(self) -> str:
        return f"case {self.pk}"


class CaseCounsellor(models.Model):
    """A co-counsellor of a case (the lead counsellor is on the case itself)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="co_counsellors")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="unique_case_counsellor")
        ]
        indexes = [models.Index(fields=["person", "case"])]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.case_id}"


class CaseGround(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grounds")
    ground = models.CharField(max_length=20, choices=Ground.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "ground"], name="unique_ground")]

    def __str__(self) -> str:
        return self.ground


class Client(models.Model):
    """The person counselled, pseudonymous: only the case code unless they want contact."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="client")
    # Sealed JSON: name, contact, languages, interpreting.
    details_enc = models.BinaryField(default=b"", blank=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        return f"client of case {self.case_id}"


class Consent(models.Model):
    """One consent the client gave, dated; withdrawing it dates the withdrawal."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("consent to"), max_length=14, choices=ConsentKind.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["kind", "-given_on", "-id"]

    def __str__(self) -> str:
        return self.kind


class Entry(models.Model):
    """One contact or intervention in the chronology of a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=14, choices=EntryKind.choices)
    happened_on = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"), null=True, blank=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    notes_enc = models.BinaryField(default=b"", blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chronology entry")
        verbose_name_plural = _("chronology")
        ordering = ["happened_on", "id"]
        indexes = [models.Index(fields=["deadline", "reminded_on"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.happened_on}"


class Report(models.Model):
    """An anonymous incident report. No address, user agent or exact time is stored."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="reports")
    receipt_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8)
    # Sealed JSON: what happened, where (district or postal code), when, grounds, contact.
    payload_enc = models.BinaryField()
    status = models.CharField(max_length=12, choices=ReportStatus.choices, default=ReportStatus.NEW)
    received_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )

    class Meta:
        verbose_name = _("anonymous report")
        verbose_name_plural = _("anonymous reports")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["centre", "status", "-received_on"])]

    def __str__(self) -> str:
        return f"report {self.pk}"


class ReportMessage(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    from_centre = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text_enc = models.BinaryField()
    sent_on = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"message {self.pk}"


class Attachment(models.Model):
    """A file of a case or a report, stored sealed; images without their metadata."""

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    name_enc = models.BinaryField()
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    blob = models.CharField(max_length=120, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_on = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"attachment {self.pk}"


class AccessLogEntry(models.Model):
    """Who read, changed or exported what, in which role. Written, never edited."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    system_actor = models.CharField(max_length=20, blank=True, default="")
    role = models.CharField(_("role"), max_length=12, choices=TeamRole.choices, blank=True)
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    case_id = models.BigIntegerField(null=True, blank=True)
    report_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=AccessAction.choices)
    detail = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case_id", "-at"]),
            models.Index(fields=["report_id", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class DeletionRecord(models.Model):
    """What is left of a case after retention: that it existed and when it went."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="deletions")
    case_number = models.BigIntegerField()
    closed_on = models.DateField(null=True, blank=True)
    deleted_at = models.DateTimeField(auto_now_add=True)
    deleted_by = models.CharField(max_length=20)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return f"case {self.case_number} deleted"
