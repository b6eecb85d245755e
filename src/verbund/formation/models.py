"""A network in formation: its phases' checklists, candidate partners, the contact log and
the cooperation agreement. Models stay plain; every write goes through ``services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from verbund.documents.models import Document
from verbund.formation.taxonomy import CandidateStatus, Channel, FormationStatus, Phase
from verbund.organizations.models import Organization


class Formation(models.Model):
    name = models.CharField(_("working name of the network"), max_length=200)
    goal = models.TextField(_("goal"), max_length=4000)
    initiator = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="formations_started",
        verbose_name=_("started by"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=FormationStatus.choices,
        default=FormationStatus.FORMING,
    )
    agreement = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cooperation agreement"),
    )
    network = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("founded network"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network in formation")
        verbose_name_plural = _("networks in formation")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="checklist")
    phase = models.CharField(_("phase"), max_length=14, choices=Phase.choices)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("step"), max_length=200)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def label(self) -> str:
        """A standard step in the reader's language; a step written by hand as written."""
        return gettext(self.title)


class Candidate(models.Model):
    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="candidates")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CandidateStatus.choices,
        default=CandidateStatus.CANDIDATE,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["formation", "organization"], name="unique_candidate")
        ]

    def __str__(self) -> str:
        return str(self.organization)


class ContactLogEntry(models.Model):
    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="contacts")
    candidate = models.ForeignKey(
        Candidate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("partner"),
    )
    happened_on = models.DateField(_("date"))
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    note = models.TextField(_("what was said"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.note[:40]}"
