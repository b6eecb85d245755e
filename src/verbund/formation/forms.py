"""Forms of networks in formation. They validate and clean; saving is the services' job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.formation.models import Candidate, ContactLogEntry, Formation
from verbund.formation.taxonomy import CandidateStatus
from verbund.organizations.forms import common_language_choices
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import FederalState, Theme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StartForm(forms.Form):
    initiator = forms.ModelChoiceField(label=_("Started by"), queryset=Organization.objects.none())
    name = forms.CharField(label=_("Working name of the network"), max_length=200)
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initiator = self.fields["initiator"]
        assert isinstance(initiator, forms.ModelChoiceField)
        initiator.queryset = organizations


class PartnerSearchForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    max_km = forms.IntegerField(
        label=_("At most this many kilometres away"),
        required=False,
        min_value=1,
        max_value=1000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Named in the reader's language: nobody should need to know ISO codes.
        self.fields["languages"].choices = common_language_choices()  # type: ignore[attr-defined]


class CandidateStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CandidateStatus.choices)


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactLogEntry
        fields = ("candidate", "happened_on", "channel", "note")
        widgets = {"happened_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, formation: Formation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidate = self.fields["candidate"]
        assert isinstance(candidate, forms.ModelChoiceField)
        candidate.queryset = Candidate.objects.filter(formation=formation).select_related(
            "organization"
        )


class FormaliseForm(forms.Form):
    city = forms.CharField(label=_("City"), max_length=100)
    federal_state = forms.ChoiceField(label=_("Federal state"), choices=FederalState.choices)
    founded_on = forms.DateField(label=_("Founded on"), required=False, widget=DateInput())
