"""Where an organisation's pin came from, so that geocoding never moves a pin set by hand."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.gazetteer import Source
from verbund.organizations.models import Organization


class PinSource(models.Model):
    SOURCES = [
        (Source.MANUAL, _("placed by hand")),
        (Source.ONLINE, _("online geocoder")),
        (Source.POSTAL_CODE, _("centre of the postal code area")),
        (Source.CITY, _("centre of the city")),
    ]

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="pin_source"
    )
    source = models.CharField(_("source"), max_length=12, choices=SOURCES)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("pin source")
        verbose_name_plural = _("pin sources")

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.source}"

    @property
    def placed_by_hand(self) -> bool:
        return self.source == Source.MANUAL
