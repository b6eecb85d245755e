"""Editor forms: a news post or page with a title and a Markdown text per language, status and
time of publishing; the site's settings and Impressum details."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from verbund.websites.models import Website
from verbund.websites.taxonomy import PageKind, Status


class TextForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Status.choices)
    publish_at = forms.DateTimeField(
        label=_("publish at"),
        required=False,
        help_text=_("Leave empty to publish at once."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args: Any, initial_texts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        texts: tuple[dict[str, str], dict[str, str]] = initial_texts or ({}, {})
        title, body = texts
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                required=False,
                max_length=200,
                initial=title.get(code, ""),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text in Markdown (%(language)s)") % {"language": name},
                required=False,
                max_length=50000,
                initial=body.get(code, ""),
                widget=forms.Textarea(attrs={"rows": 8}),
            )
            direction = "rtl" if code in settings.RTL_LANGUAGES else "ltr"
            for prefix in ("title", "body"):
                self.fields[f"{prefix}_{code}"].widget.attrs.update(
                    {"lang": code, "dir": direction}
                )

    def languages(self) -> list[tuple[str, str, Any, Any]]:
        return [
            (code, str(name), self[f"title_{code}"], self[f"body_{code}"])
            for code, name in settings.LANGUAGES
        ]

    def data_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": {c: data.get(f"title_{c}", "") for c, _n in settings.LANGUAGES},
            "body": {c: data.get(f"body_{c}", "") for c, _n in settings.LANGUAGES},
            "status": data["status"],
            "publish_at": data.get("publish_at"),
        }


class PageForm(TextForm):
    kind = forms.ChoiceField(label=_("kind of page"), choices=PageKind.choices)
    position = forms.IntegerField(label=_("order"), min_value=0, initial=0, required=False)

    def data_for_service(self) -> dict[str, Any]:
        data = super().data_for_service()
        data.update(kind=self.cleaned_data["kind"], position=self.cleaned_data["position"] or 0)
        return data


class SiteForm(forms.ModelForm[Website]):
    main_language = forms.ChoiceField(label=_("main language"), choices=settings.LANGUAGES)
    header_image = forms.ImageField(label=_("header image"), required=False)
    remove_header_image = forms.BooleanField(label=_("Remove the header image"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        alt = self.instance.header_image_alt if self.instance else {}
        for code, name in settings.LANGUAGES:
            direction = "rtl" if code in settings.RTL_LANGUAGES else "ltr"
            self.fields[f"header_alt_{code}"] = forms.CharField(
                label=_("Description of the header image (%(language)s)") % {"language": name},
                required=False,
                max_length=300,
                initial=(alt or {}).get(code, ""),
                widget=forms.TextInput(attrs={"lang": code, "dir": direction}),
            )

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["header_image_alt"] = {
            code: data.pop(f"header_alt_{code}", "") for code, _name in settings.LANGUAGES
        }
        return data

    class Meta:
        model = Website
        fields = [
            "enabled",
            "main_language",
            "accent_color",
            "representatives",
            "register_court",
            "responsible_person",
            "contact_email",
        ]
        widgets = {"accent_color": forms.TextInput(attrs={"type": "color"})}


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Your e-mail address, for the answer"))
    message = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)


class PostImageForm(forms.Form):
    """The news post's image, next to its texts; described in each language it is in."""

    image = forms.ImageField(label=_("Image"), required=False)
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(self, *args: Any, initial_alt: dict[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            direction = "rtl" if code in settings.RTL_LANGUAGES else "ltr"
            self.fields[f"alt_{code}"] = forms.CharField(
                label=_("Description of the image (%(language)s)") % {"language": name},
                required=False,
                max_length=300,
                initial=(initial_alt or {}).get(code, ""),
                widget=forms.TextInput(attrs={"lang": code, "dir": direction}),
            )

    def alt_fields(self) -> list[Any]:
        return [self[f"alt_{code}"] for code, _name in settings.LANGUAGES]

    def data_for_service(self) -> dict[str, Any]:
        return {
            "image": self.cleaned_data.get("image"),
            "remove_image": self.cleaned_data.get("remove_image"),
            "image_alt": {c: self.cleaned_data.get(f"alt_{c}", "") for c, _n in settings.LANGUAGES},
        }


class DomainForm(forms.Form):
    host = forms.CharField(
        label=_("Your own domain"),
        max_length=253,
        help_text=_("For example verein-beispiel.de or www.verein-beispiel.de."),
    )
