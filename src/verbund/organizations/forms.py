"""Forms for the registry. They validate and clean; saving is the services' job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from verbund.organizations.models import ContactPerson, Organization
from verbund.organizations.services import PROFILE_FIELDS, validate_logo
from verbund.organizations.taxonomy import (
    POSTAL_REGION_STATES,
    FederalState,
    Kind,
    Role,
    Theme,
    language_choices,
)

PHONE_ERROR = _("Enter a valid phone number, for example 030 1234567 or +49 30 1234567.")


class OrganizationForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"), required=False, choices=(),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    tags = forms.CharField(
        label=_("Communities of origin and other tags"), required=False, max_length=500,
        help_text=_("Separate with commas, for example: Kurdish, Vietnamese, Afro-German"),
    )
    social_links_text = forms.CharField(
        label=_("Social media links"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address per line."),
    )
    phone = PhoneNumberField(label=_("Phone"), required=False, region="DE",
                             error_messages={"invalid": PHONE_ERROR})
    logo_upload = forms.FileField(
        label=_("Logo"), required=False,
        help_text=_("PNG, JPEG, GIF or WebP, at most 5 MB. It is shown at most 512 pixels wide."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = Organization
        fields = [f for f in PROFILE_FIELDS if f not in {"description", "social_links",
                                                         "latitude", "longitude", "phone"}]
        widgets = {"founding_year": forms.NumberInput(attrs={"min": 1800, "max": 2100})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()  # type: ignore[attr-defined]
        for code, name in settings.LANGUAGES:
            field_name = f"description_{code}"
            self.fields[field_name] = forms.CharField(
                label=_("Description in %(language)s") % {"language": name},
                required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code,
                                             "dir": "rtl" if code in settings.RTL_LANGUAGES
                                             else "ltr"}),
            )
        instance: Organization = self.instance
        if instance.pk:
            for code, text in (instance.description or {}).items():
                if f"description_{code}" in self.fields:
                    self.initial[f"description_{code}"] = text
            self.initial["themes"] = list(instance.theme_links.values_list("theme", flat=True))
            self.initial["languages"] = list(
                instance.language_links.values_list("code", flat=True)
            )
            self.initial["tags"] = ", ".join(
                instance.tag_links.values_list("tag__name", flat=True).order_by("tag__name")
            )
            self.initial["social_links_text"] = "\n".join(instance.social_links or [])
            self.initial["phone"] = instance.phone
        self.fields["kind"].choices = [("", "---------"), *Kind.choices]  # type: ignore[attr-defined]
        self.fields["postal_code"].widget.attrs.update({"inputmode": "numeric",
                                                        "autocomplete": "postal-code"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})

    def clean_social_links_text(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["social_links_text"].splitlines()]
        validate = URLValidator(schemes=["http", "https"])
        links = []
        for line in filter(None, lines):
            try:
                validate(line)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(link)s” is not a web address. Start it with https://")
                    % {"link": line[:80]}
                ) from error
            links.append(line)
        return links[:10]

    def clean_tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()][:30]

    def clean_logo_upload(self) -> Any:
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            validate_logo(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Kind.PARTNER and not data.get("partner_kind"):
            self.add_error("partner_kind", _("Choose what kind of partner institution this is."))
        postal_code, state = data.get("postal_code"), data.get("federal_state")
        if postal_code and state:
            states = POSTAL_REGION_STATES.get(postal_code[:2])
            if states and state not in states:
                self.add_error(
                    "federal_state",
                    _("The postal code %(code)s is not in %(state)s.")
                    % {"code": postal_code, "state": FederalState(state).label},
                )
        return data

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["phone"] = self.cleaned_data.get("phone") or ""
        data["description"] = {
            code: self.cleaned_data[f"description_{code}"].strip()
            for code, _name in settings.LANGUAGES
            if self.cleaned_data.get(f"description_{code}", "").strip()
        }
        data["social_links"] = self.cleaned_data["social_links_text"]
        data["themes"] = self.cleaned_data["themes"]
        data["languages"] = self.cleaned_data["languages"]
        data["tags"] = self.cleaned_data["tags"]
        return data


class ContactPersonForm(forms.ModelForm):
    phone = PhoneNumberField(label=_("Phone"), required=False, region="DE",
                             error_messages={"invalid": PHONE_ERROR})

    class Meta:
        model = ContactPerson
        fields = ["name", "function", "function_note", "email", "phone", "visibility",
                  "position"]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["phone"] = data.get("phone") or ""
        return data


class AddPersonForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
