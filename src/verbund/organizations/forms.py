"""Forms for the registry. They validate and clean; saving is the services' job."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from verbund.core.forms import formfield
from verbund.core.gazetteer import states_for_postal_code
from verbund.core.pins import clean_pin, pin_fields
from verbund.organizations.models import ContactPerson, Organization
from verbund.organizations.services import PROFILE_FIELDS, validate_logo
from verbund.organizations.taxonomy import (
    LANGUAGE_CODES,
    POSTAL_REGION_STATES,
    FederalState,
    Kind,
    Role,
    Theme,
    language_name,
)

PHONE_ERROR = _("Enter a valid phone number, for example 030 1234567 or +49 30 1234567.")

# Offered as checkboxes: the languages most community organisations in Germany work in.
# Every other ISO 639-1 language can be typed by name or code.
COMMON_LANGUAGES: tuple[str, ...] = (
    "de",
    "en",
    "tr",
    "ar",
    "fa",
    "ku",
    "ru",
    "uk",
    "pl",
    "ro",
    "sq",
    "sr",
    "el",
    "it",
    "fr",
    "es",
    "vi",
    "ti",
    "so",
    "ps",
)


def _endonym(code: str) -> str:
    """A language's name in itself ("tr" -> "Türkçe"), or "" when CLDR does not know it."""
    try:
        return str(Locale.parse(code).languages.get(code) or "")
    except (UnknownLocaleError, ValueError, LookupError):
        return ""


# Names people use that CLDR spells differently ("Bangla") or files under another language.
LANGUAGE_ALIASES: dict[str, str] = {
    "bengali": "bn",
    "farsi": "fa",
    "dari": "fa",
    "kurmanji": "ku",
    "kurmandschi": "ku",
    "sorani": "ku",
    "zazaki": "ku",
    "zaza": "ku",
    "burmese": "my",
    "panjabi": "pa",
    "punjabi": "pa",
    "pashtu": "ps",
    "tagalog": "tl",
    "filipino": "tl",
}


@lru_cache(maxsize=16)
def _language_lookup(locale_code: str) -> dict[str, str]:
    """Every way a person might write a language (code, name here, in English, in German,
    in itself), case-folded, mapped to its ISO 639-1 code."""
    lookup: dict[str, str] = {}
    for code in LANGUAGE_CODES:
        names = {code, _endonym(code)}
        for locale in (locale_code, "en", "de"):
            names.add(language_name(code, locale))
        for name in filter(None, names):
            lookup.setdefault(name.casefold(), code)
    for alias, code in LANGUAGE_ALIASES.items():
        lookup.setdefault(alias, code)
    return lookup


def common_language_choices() -> list[tuple[str, Any]]:
    """The common languages named in the viewer's language and, marked up, in themselves."""
    choices = []
    for code in COMMON_LANGUAGES:
        name, own = language_name(code), _endonym(code)
        if own and own.casefold() != name.casefold():
            label: Any = format_html('{} (<span lang="{}" dir="auto">{}</span>)', name, code, own)
        else:
            label = name
        choices.append((code, label))
    return sorted(choices, key=lambda choice: language_name(choice[0]).casefold())


class OrganizationForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=500,
        help_text=_("Separate with commas, by name or code, for example: Tigrinya, Amharic, bn"),
    )
    tags = forms.CharField(
        label=_("Communities of origin and other tags"),
        required=False,
        max_length=500,
        help_text=_("Separate with commas, for example: Kurdish, Vietnamese, Afro-German"),
    )
    social_links_text = forms.CharField(
        label=_("Social media links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address per line."),
    )
    phone = PhoneNumberField(
        label=_("Phone"), required=False, region="DE", error_messages={"invalid": PHONE_ERROR}
    )
    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP, at most 5 MB. It is shown at most 512 pixels wide."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = Organization
        formfield_callback = formfield
        fields = [f for f in PROFILE_FIELDS if f not in {"description", "social_links", "phone"}]
        widgets = {"founding_year": forms.NumberInput(attrs={"min": 1800, "max": 2100})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(pin_fields())
        self.fields["languages"].choices = common_language_choices()  # type: ignore[attr-defined]
        for code, name in settings.LANGUAGES:
            field_name = f"description_{code}"
            self.fields[field_name] = forms.CharField(
                label=_("Description in %(language)s") % {"language": name},
                required=False,
                max_length=5000,
                widget=forms.Textarea(
                    attrs={
                        "rows": 4,
                        "lang": code,
                        "dir": "rtl" if code in settings.RTL_LANGUAGES else "ltr",
                    }
                ),
            )
        instance: Organization = self.instance
        if instance.pk:
            for code, text in (instance.description or {}).items():
                if f"description_{code}" in self.fields:
                    self.initial[f"description_{code}"] = text
            self.initial["themes"] = list(instance.theme_links.values_list("theme", flat=True))
            codes = sorted(instance.language_links.values_list("code", flat=True))
            self.initial["languages"] = [c for c in codes if c in COMMON_LANGUAGES]
            self.initial["other_languages"] = ", ".join(
                sorted(
                    (language_name(c) for c in codes if c not in COMMON_LANGUAGES), key=str.casefold
                )
            )
            self.initial["tags"] = ", ".join(
                instance.tag_links.values_list("tag__name", flat=True).order_by("tag__name")
            )
            self.initial["social_links_text"] = "\n".join(instance.social_links or [])
            self.initial["phone"] = instance.phone
        self.fields["kind"].choices = [("", "---------"), *Kind.choices]  # type: ignore[attr-defined]
        self.fields["partner_kind"].help_text = _("Only for partner institutions.")
        self.fields["postal_code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code"}
        )
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["website"].widget.attrs.update({"autocomplete": "url"})
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel"})
        # Addresses, numbers and codes read left to right in Arabic and Persian pages too.
        for ltr_field in ("website", "email", "phone", "postal_code", "social_links_text"):
            self.fields[ltr_field].widget.attrs["dir"] = "ltr"
        self.fields["street"].widget.attrs.update({"autocomplete": "street-address"})
        self.fields["city"].widget.attrs.update({"autocomplete": "address-level2"})

    def description_groups(self) -> dict[str, Any]:
        """The description fields in the viewer's language, German and English first; the
        others folded away on small screens unless they hold text or an error."""
        current = translation.get_language() or settings.LANGUAGE_CODE
        codes = [code for code, _name in settings.LANGUAGES]
        first_codes = [c for c in dict.fromkeys((current, "de", "en")) if c in codes]
        first = [self[f"description_{c}"] for c in first_codes]
        more = [self[f"description_{c}"] for c in codes if c not in first_codes]
        return {
            "first": first,
            "more": more,
            "more_open": any(field.value() or field.errors for field in more),
        }

    def clean_other_languages(self) -> list[str]:
        lookup = _language_lookup(translation.get_language() or settings.LANGUAGE_CODE)
        codes, unknown = [], []
        for raw in self.cleaned_data["other_languages"].replace(";", ",").split(","):
            name = " ".join(raw.split())
            if not name:
                continue
            code = lookup.get(name.casefold())
            if code is None:
                unknown.append(name[:40])
            elif code not in codes:
                codes.append(code)
        if unknown:
            raise ValidationError(
                _(
                    "We do not know these languages: %(names)s. Check the spelling or use the "
                    "two-letter code."
                )
                % {"names": ", ".join(unknown)},
                code="unknown_language",
            )
        return codes

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
        elif data.get("kind") != Kind.PARTNER:
            # Chosen before the kind was changed, or sent without JavaScript hiding it.
            data["partner_kind"] = ""
        postal_code, state = data.get("postal_code"), data.get("federal_state")
        if postal_code and state:
            states = states_for_postal_code(postal_code) or POSTAL_REGION_STATES.get(
                postal_code[:2]
            )
            if states and state not in states:
                self.add_error(
                    "federal_state",
                    _("The postal code %(code)s is not in %(state)s.")
                    % {"code": postal_code, "state": FederalState(state).label},
                )
        clean_pin(self, data)
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
        data["languages"] = sorted(
            {*self.cleaned_data["languages"], *self.cleaned_data.get("other_languages", [])}
        )
        data["tags"] = self.cleaned_data["tags"]
        return data


class ContactPersonForm(forms.ModelForm):
    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        region="DE",
        error_messages={"invalid": PHONE_ERROR},
        widget=forms.TextInput(attrs={"type": "tel"}),
    )

    class Meta:
        model = ContactPerson
        fields = [
            "name",
            "function",
            "function_note",
            "email",
            "phone",
            "visibility",
            "language",
            "receives_mailings",
            "receives_meetings",
            "receives_assemblies",
            "position",
        ]

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


class ProposalForm(forms.Form):
    """Accept some or all changes of a proposal, or reject it."""

    fields_chosen = forms.MultipleChoiceField(
        label=_("Changes to accept"), required=False, widget=forms.CheckboxSelectMultiple
    )
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept the chosen changes")), ("reject", _("Reject all"))]
    )
    reason = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields_chosen"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "accept" and not data.get("fields_chosen"):
            self.add_error(
                "fields_chosen", _("Choose at least one change to accept, or reject the proposal.")
            )
        return data


class BulkReviewForm(forms.Form):
    """The staff's review queue: many entries at once, published or sent back."""

    chosen = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    decision = forms.ChoiceField(
        choices=[("approve", _("Publish the chosen entries")), ("reject", _("Send them back"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for sending back"),
        required=False,
        max_length=255,
        help_text=_("Sent to each organisation; required when you send entries back."),
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = queryset  # type: ignore[attr-defined]
        self.fields["chosen"].error_messages["required"] = _("Choose at least one entry.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please give a reason so the organisation can fix it."))
        return data
