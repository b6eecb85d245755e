"""The pin of a place on a form: latitude and longitude, the keyboard and no-JS way to place
the pin that the map on the same page moves by dragging (``core/_pin_scripts.html``).

Used by the organisation's profile form and the meeting form; both keep their coordinates in
their own rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Generous bounds around Germany: a pin outside is almost always a typing error.
GERMANY_LATITUDE = (47.0, 55.2)
GERMANY_LONGITUDE = (5.5, 15.5)


def pin_fields() -> dict[str, forms.Field]:
    """Latitude and longitude for the organisation form: the keyboard and no-JS way to place
    the pin that the map on the same page moves by dragging."""
    help_text = _("Leave both empty to place the pin from the postal code and city.")
    return {
        "latitude": forms.DecimalField(
            label=_("Latitude"),
            required=False,
            max_digits=12,
            decimal_places=9,
            help_text=help_text,
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "pin-latitude"}),
        ),
        "longitude": forms.DecimalField(
            label=_("Longitude"),
            required=False,
            max_digits=12,
            decimal_places=9,
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "pin-longitude"}),
        ),
    }


def clean_pin(form: forms.BaseForm, data: dict[str, Any]) -> None:
    """Both coordinates or neither, inside Germany, rounded to what the registry stores."""
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None:
        form.add_error(
            "longitude" if latitude is not None else "latitude",
            _("Give both latitude and longitude, or leave both empty."),
        )
        return
    outside = False
    if not GERMANY_LATITUDE[0] <= latitude <= GERMANY_LATITUDE[1]:
        form.add_error("latitude", _("This latitude is not in Germany (between 47 and 55)."))
        outside = True
    if not GERMANY_LONGITUDE[0] <= longitude <= GERMANY_LONGITUDE[1]:
        form.add_error("longitude", _("This longitude is not in Germany (between 5.5 and 15.5)."))
        outside = True
    if outside:
        return
    places = Decimal("0.000001")
    data["latitude"], data["longitude"] = latitude.quantize(places), longitude.quantize(places)
