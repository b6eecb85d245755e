"""Forms of the exchange: parse and check input; the services decide and write."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.exchange.models import Post
from verbund.exchange.taxonomy import (
    WEEKDAYS,
    Cost,
    Direction,
    PostKind,
    PostVisibility,
    ShareKind,
    Skill,
    ThreadState,
    Topic,
)
from verbund.organizations.forms import common_language_choices
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import LANGUAGE_CODE_SET, Theme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def organisation_choices(organisations: Sequence[Organization]) -> list[tuple[str, str]]:
    return [(str(o.pk), o.name) for o in organisations]


class PostForm(forms.Form):
    organisation = forms.ChoiceField(label=_("For the organisation"), choices=())
    direction = forms.ChoiceField(
        label=_("Offer or need"), choices=Direction.choices, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices)
    skill = forms.ChoiceField(
        label=_("Skill or service"),
        choices=[("", "—"), *Skill.choices],
        required=False,
        help_text=_("Only for a skill or service."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea
    )
    language_pairs = forms.CharField(
        label=_("Language pairs"),
        required=False,
        help_text=_("For translation and interpreting, for example ar>de, tr>de."),
    )
    capacity = forms.IntegerField(label=_("Number of people"), min_value=1, required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    equipment = forms.CharField(label=_("Equipment"), max_length=300, required=False)
    cost = forms.ChoiceField(label=_("Cost"), choices=Cost.choices, initial=Cost.FREE)
    price_note = forms.CharField(label=_("Price"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount in euros"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_from = forms.TimeField(label=_("From"), required=False, widget=TIME)
    time_to = forms.TimeField(label=_("Until"), required=False, widget=TIME)
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=5,
        required=False,
        help_text=_("Leave empty to use your organisation's address."),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    visibility = forms.ChoiceField(
        label=_("Who sees it"), choices=PostVisibility.choices, widget=forms.RadioSelect
    )
    networks = forms.TypedMultipleChoiceField(
        label=_("Selected networks"),
        choices=(),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for “members of selected networks”."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[Organization],
        networks: Sequence[Organization] = (),
        post: Post | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices(organisations)  # type: ignore[attr-defined]
        self.fields["languages"].choices = common_language_choices()  # type: ignore[attr-defined]
        self.fields["networks"].choices = organisation_choices(networks)  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.fields["valid_from"].initial = today
        self.fields["valid_until"].initial = today + datetime.timedelta(days=90)
        self.fields["visibility"].initial = PostVisibility.PUBLIC
        if post is not None:
            del self.fields["organisation"]
            for name in self.fields:
                if hasattr(post, name) and name not in {"languages", "themes", "networks"}:
                    self.initial[name] = getattr(post, name)
            self.initial["language_pairs"] = ", ".join(post.language_pairs)
            self.initial["languages"] = [link.code for link in post.language_links.all()]
            self.initial["themes"] = [link.theme for link in post.theme_links.all()]
            self.initial["networks"] = [n.pk for n in post.networks.all()]

    def clean_language_pairs(self) -> list[str]:
        pairs = []
        raw = self.cleaned_data.get("language_pairs") or ""
        for part in raw.replace(";", ",").split(","):
            part = part.strip().lower().replace(" ", "").replace("-", ">")
            if not part:
                continue
            source, _sep, target = part.partition(">")
            if source not in LANGUAGE_CODE_SET or target not in LANGUAGE_CODE_SET:
                raise forms.ValidationError(
                    _("Write each pair as two language codes, for example ar>de.")
                )
            pairs.append(f"{source}>{target}")
        return pairs

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        for name in ("skill", "description", "equipment", "price_note", "postal_code", "city"):
            data[name] = data.get(name) or ""
        return data


class AskForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Ask for the organisation"), choices=())
    text = forms.CharField(label=_("Your message"), max_length=4000, widget=forms.Textarea)

    def __init__(self, *args: Any, organisations: Sequence[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices(organisations)  # type: ignore[attr-defined]


class BookingForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Book for the organisation"), choices=())
    starts_at = forms.DateTimeField(label=_("From"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Until"), widget=DATETIME)
    text = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, organisations: Sequence[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices(organisations)  # type: ignore[attr-defined]


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Your message"), max_length=4000, widget=forms.Textarea)


class StateForm(forms.Form):
    state = forms.ChoiceField(choices=ThreadState.choices, widget=forms.HiddenInput)
    agreement = forms.CharField(
        label=_("What was agreed"), max_length=4000, required=False, widget=forms.Textarea
    )


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong?"), max_length=2000, widget=forms.Textarea)


class ProjectForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Led by"), choices=())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea
    )
    partners = forms.CharField(
        label=_("Partners"),
        required=False,
        help_text=_("The addresses on the site of the partner organisations, separated by commas."),
    )

    def __init__(self, *args: Any, organisations: Sequence[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices(organisations)  # type: ignore[attr-defined]

    def partner_slugs(self) -> list[str]:
        raw = self.cleaned_data.get("partners") or ""
        return [s.strip().rstrip("/").rsplit("/", 1)[-1] for s in raw.split(",") if s.strip()]


class CostLineForm(forms.Form):
    label = forms.CharField(label=_("Cost"), max_length=200)
    amount = forms.DecimalField(
        label=_("Amount in euros"), min_value=0, max_digits=12, decimal_places=2
    )

    def __init__(self, *args: Any, partners: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partner_fields: list[tuple[Any, str, str]] = []
        for partner in partners:
            kind, value = f"kind_{partner.pk}", f"value_{partner.pk}"
            self.fields[kind] = forms.ChoiceField(
                label=_("%(name)s pays as") % {"name": partner.organization.name},
                choices=ShareKind.choices,
                initial=ShareKind.PERCENT,
            )
            self.fields[value] = forms.DecimalField(
                label=_("Share of %(name)s") % {"name": partner.organization.name},
                min_value=0,
                max_digits=12,
                decimal_places=2,
                required=False,
            )
            self.partner_fields.append((partner, kind, value))

    def shares(self) -> dict[int, tuple[str, Any]]:
        return {
            partner.pk: (self.cleaned_data[kind], self.cleaned_data[value])
            for partner, kind, value in self.partner_fields
            if self.cleaned_data.get(value) is not None
        }


class ContributionForm(forms.Form):
    partner = forms.ChoiceField(label=_("Partner"), choices=())
    description = forms.CharField(label=_("Contribution in kind"), max_length=200)
    value = forms.DecimalField(
        label=_("Worth in euros"), min_value=0, max_digits=12, decimal_places=2
    )

    def __init__(self, *args: Any, partners: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [(str(p.pk), p.organization.name) for p in partners]  # type: ignore[attr-defined]


class DiscussionForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Your message"), max_length=4000, widget=forms.Textarea)
