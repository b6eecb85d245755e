"""The form of "Add this map to your website". It only reads; nothing is saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from verbund.maps.queries import MAX_ZOOM
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import (
    FederalState,
    Kind,
    Status,
    Theme,
    language_choices,
)

ANY = [("", _("any"))]
DEFAULT_HEIGHT = 450


def network_choices() -> list[tuple[str, str]]:
    """Published organisations that have members."""
    from verbund.networks.models import Membership
    from verbund.networks.taxonomy import MembershipStatus

    networks = (
        Organization.objects.filter(
            status=Status.PUBLISHED,
            pk__in=Membership.objects.filter(status=MembershipStatus.ACTIVE).values("network"),
        )
        .order_by("name")
        .values_list("slug", "name")[:500]
    )
    return [("", str(_("none: all organisations"))), *networks]


class EmbedForm(forms.Form):
    network = forms.ChoiceField(label=_("Members of the network"), required=False)
    organisation = forms.SlugField(
        label=_("Only this organisation (its address on the site)"),
        required=False,
        max_length=120,
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[*ANY, *Kind.choices])
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[*ANY, *Theme.choices])
    language = forms.ChoiceField(label=_("Offers its work in"), required=False)
    state = forms.ChoiceField(
        label=_("Federal state"), required=False, choices=[*ANY, *FederalState.choices]
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    lang = forms.ChoiceField(label=_("Language of the map"), choices=settings.LANGUAGES)
    height = forms.IntegerField(
        label=_("Height in pixels"), min_value=200, max_value=1200, initial=DEFAULT_HEIGHT
    )
    latitude = forms.FloatField(
        label=_("Centre: latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Leave the centre and zoom empty to show all markers."),
    )
    longitude = forms.FloatField(
        label=_("Centre: longitude"), required=False, min_value=-180, max_value=180
    )
    zoom = forms.IntegerField(
        label=_("Zoom (1 = world, 18 = street)"), required=False, min_value=1, max_value=MAX_ZOOM
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = network_choices()  # type: ignore[attr-defined]
        self.fields["language"].choices = [*ANY, *language_choices()]  # type: ignore[attr-defined]
        self.fields["lang"].initial = language
        self.fields["height"].widget.attrs.update({"inputmode": "numeric"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data

    def embed_query(self) -> str:
        """The query string the embed routes understand, in a stable order."""
        data = self.cleaned_data
        query = QueryDict(mutable=True)
        for name in ("network", "organisation", "kind", "theme", "language", "state", "city"):
            if data.get(name):
                query[name] = str(data[name]).strip()
        if data.get("latitude") is not None and data.get("longitude") is not None:
            query["center"] = f"{data['latitude']:.5f},{data['longitude']:.5f}"
        if data.get("zoom"):
            query["zoom"] = str(data["zoom"])
        query["height"] = str(data.get("height") or DEFAULT_HEIGHT)
        query["lang"] = data.get("lang") or settings.LANGUAGE_CODE
        return query.urlencode()

    def element_attributes(self) -> list[tuple[str, str]]:
        """The attributes of ``<verbund-map>`` for the same choices."""
        query = QueryDict(self.embed_query())
        return [(name, query[name]) for name in query]
