"""Forms of counselling. Thin: they parse and validate; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.counselling import protection
from verbund.counselling.taxonomy import (
    ConsentKind,
    Domain,
    EntryKind,
    Form,
    Ground,
    Level,
    Outcome,
    TeamRole,
)
from verbund.organizations.taxonomy import LANGUAGE_CODE_SET, language_choices

DATE = forms.DateInput(attrs={"type": "date"})


def _languages() -> list[tuple[str, str]]:
    return [("", "—"), *language_choices()]


def _optional(choices: Any) -> list[tuple[str, str]]:
    return [("", _("Not recorded")), *choices]


class LanguageCodesField(forms.CharField):
    """Languages as ISO 639-1 codes separated by commas or spaces ("ar, ku")."""

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        codes = [part.strip().lower() for part in text.replace(",", " ").split() if part.strip()]
        wrong = [code for code in codes if code not in LANGUAGE_CODE_SET]
        if wrong:
            raise ValidationError(
                _("Unknown language code: %(codes)s. Use two letters, for example ar or tr.")
                % {"codes": ", ".join(wrong)}
            )
        return codes


class CentreForm(forms.Form):
    name = forms.CharField(label=_("Name of the centre"), max_length=200)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A German postal code has exactly five digits.")},
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    languages = LanguageCodesField(
        label=_("Languages of counselling"),
        required=False,
        help_text=_("Two-letter codes, for example: de, ar, tr"),
    )
    accepts_reports = forms.BooleanField(
        label=_("Accept anonymous reports through the public form"), required=False
    )
    retention_days = forms.IntegerField(
        label=_("Days a closed case is kept before it is deleted"), min_value=30, max_value=3650
    )


class TeamForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person's account"))
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)


class IncidentFields(forms.Form):
    counselling_language = forms.ChoiceField(
        label=_("Language the counselling takes place in"), choices=_languages, required=False
    )
    grounds = forms.MultipleChoiceField(
        label=_("Grounds (several possible)"),
        choices=Ground.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    domain = forms.ChoiceField(
        label=_("Life domain"), choices=_optional(Domain.choices), required=False
    )
    form = forms.ChoiceField(
        label=_("Form of discrimination"), choices=_optional(Form.choices), required=False
    )
    level = forms.ChoiceField(label=_("Level"), choices=_optional(Level.choices), required=False)
    incident_on = forms.DateField(label=_("Date of the incident"), required=False, widget=DATE)
    place = forms.CharField(
        label=_("Place (district, not an address)"), max_length=200, required=False
    )
    client_name = forms.CharField(
        label=_("Client's name (only with consent to be contacted)"),
        max_length=200,
        required=False,
    )
    client_contact = forms.CharField(
        label=_("How to contact the client (only with consent)"), max_length=300, required=False
    )
    client_languages = LanguageCodesField(
        label=_("Languages of the client"), required=False, help_text=_("For example: ar, ku")
    )
    interpreting = forms.BooleanField(label=_("Interpreting needed"), required=False)


class OpenCaseForm(IncidentFields):
    opened_on = forms.DateField(label=_("First contact"), widget=DATE, initial=timezone.localdate)
    consents = forms.MultipleChoiceField(
        label=_("The client consents to"),
        choices=ConsentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Consent to documentation is needed to open a case."),
    )

    def clean_consents(self) -> list[str]:
        consents: list[str] = self.cleaned_data.get("consents") or []
        if ConsentKind.DOCUMENTATION not in consents:
            raise ValidationError(
                _("A case can only be documented when the client consented to documentation.")
            )
        return consents


class CaseEditForm(IncidentFields):
    pass


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consent to"), choices=ConsentKind.choices)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("give", _("The client gives this consent")),
            ("withdraw", _("The client withdraws it")),
        ],
    )
    on = forms.DateField(label=_("On"), widget=DATE, initial=timezone.localdate)


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    happened_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=0, max_value=24 * 60, required=False
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000
    )
    deadline = forms.DateField(
        label=_("Deadline (for example for a complaint)"), widget=DATE, required=False
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File (photo or PDF)"),
        help_text=_("Photos are stored without their metadata (such as location)."),
    )


class AssignForm(forms.Form):
    lead_counsellor = forms.ChoiceField(label=_("Lead counsellor"))
    co_counsellors = forms.MultipleChoiceField(
        label=_("Co-counsellors"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), str(p)) for p in people]
        self.fields["lead_counsellor"].choices = choices  # type: ignore[attr-defined]
        self.fields["co_counsellors"].choices = choices  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)


class ReferForm(forms.Form):
    centre: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Refer to"), queryset=None)

    def __init__(self, *args: Any, centres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]


class FindCaseForm(forms.Form):
    code = forms.CharField(label=_("Case code"), max_length=20)


# --- Public: anonymous reports ----------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    centre = forms.ChoiceField(
        label=_("Counselling centre"),
        required=False,
        help_text=_("Leave it to us to choose the nearest centre by your postal code."),
    )
    postal_code = forms.RegexField(
        label=_("Postal code of the place (not your address)"),
        regex=r"^\s*[0-9\u0660-\u0669\u06f0-\u06f9]{5}\s*$",
        required=False,
        error_messages={"invalid": _("A German postal code has exactly five digits.")},
    )
    where = forms.CharField(label=_("District or town"), max_length=120, required=False)
    when = forms.CharField(
        label=_("When did it happen?"),
        max_length=60,
        required=False,
        help_text=_("A month is enough, for example: March 2026"),
    )
    what = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=8000,
        help_text=_("Please do not write names of people unless you want to."),
    )
    grounds = forms.MultipleChoiceField(
        label=_("Why do you think it happened? (several possible)"),
        choices=Ground.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_wish = forms.BooleanField(label=_("I would like to be contacted"), required=False)
    contact_how = forms.CharField(
        label=_("How can the centre reach you? (only if you want)"),
        max_length=300,
        required=False,
    )
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Photos or documents (optional, up to three)"),
        required=False,
        help_text=_("Photos are stored without their metadata (such as location)."),
    )
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, centres: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centres = {str(c.pk): c for c in centres}
        self.fields["centre"].choices = [  # type: ignore[attr-defined]
            ("", _("The nearest centre to the postal code")),
            *[(str(c.pk), f"{c.name} ({c.city})" if c.city else c.name) for c in centres],
        ]

    def clean_postal_code(self) -> str:
        from verbund.counselling.crypto import normalise_code

        return normalise_code(self.cleaned_data.get("postal_code") or "")

    def clean_files(self) -> list[Any]:
        files: list[Any] = self.cleaned_data.get("files") or []
        if len(files) > settings.COUNSELLING_UPLOADS_PER_REPORT:
            raise ValidationError(
                _("At most %(n)d files.") % {"n": settings.COUNSELLING_UPLOADS_PER_REPORT}
            )
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("centre") and not data.get("postal_code"):
            self.add_error(
                "postal_code",
                _("Choose a centre, or give the postal code so we can find the nearest one."),
            )
        return data

    @property
    def solved_proof_of_work(self) -> bool:
        return protection.verify(str(self.data.get("altcha") or ""))


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "dir": "ltr"}),
    )


class ReporterMessageForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("Your message to the centre"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class CentreMessageForm(forms.Form):
    text = forms.CharField(
        label=_("Answer to the reporter"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class MergeForm(forms.Form):
    into = forms.ChoiceField(label=_("Duplicate of report"))

    def __init__(self, *args: Any, reports: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [  # type: ignore[attr-defined]
            (str(r.pk), f"#{r.pk} · {r.received_on:%d.%m.%Y}") for r in reports
        ]


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
