"""Forms of networks. They validate and clean; saving is the services' job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from verbund.networks.models import Body, CustomMembershipType, ExternalSeat, Seat
from verbund.networks.taxonomy import MembershipStatus, MembershipType, NetworkRoleKind
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import FederalState, Kind, Status, Theme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _type_choices(network: Organization) -> list[tuple[str, str]]:
    standard = [
        (v, str(label)) for v, label in MembershipType.choices if v != MembershipType.CUSTOM
    ]
    custom = [(f"custom:{t.pk}", t.name) for t in network.custom_membership_types.all()]
    return standard + custom


def _split_type(value: str, network: Organization) -> tuple[str, CustomMembershipType | None]:
    if value.startswith("custom:"):
        custom = CustomMembershipType.objects.filter(
            network=network, pk=value.removeprefix("custom:")
        ).first()
        return MembershipType.CUSTOM, custom
    return value, None


class MembershipTypeMixin:
    network: Organization
    cleaned_data: dict[str, Any]

    def membership_type(self) -> tuple[str, CustomMembershipType | None]:
        return _split_type(self.cleaned_data["type"], self.network)


class OrganizationLookupField(forms.CharField):
    """A published organisation named by its web address (slug) or its exact name.

    Drafts and archived entries are never found: a draft answers exactly like a name that is
    not in the registry, so the lookup reveals neither its existence nor its name.
    """

    default_error_messages = {
        "unknown": _("No organisation with this name or address is in the directory."),
        "ambiguous": _(
            "Several organisations have this name. Enter the address from its "
            "profile page instead (the part after /organisations/)."
        ),
    }

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        text = text.strip().strip("/").rsplit("/", 1)[-1] if "/" in text else text.strip()
        published = Organization.objects.filter(status=Status.PUBLISHED)
        found = published.filter(slug=text).first()
        if found is not None:
            return found
        named = list(published.filter(name__iexact=text)[:2])
        if not named:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        if len(named) > 1:
            raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        return named[0]


class InviteForm(MembershipTypeMixin, forms.Form):
    member = OrganizationLookupField(
        label=_("Organisation to invite"),
        max_length=200,
        help_text=_(
            "Its exact name or the address of its profile page. Only organisations published "
            "in the directory can be invited."
        ),
    )
    type = forms.ChoiceField(label=_("Membership type"))
    message = forms.CharField(
        label=_("Message to the organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent with the invitation to its administrators."),
    )

    def __init__(self, *args: Any, network: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["type"].choices = _type_choices(network)  # type: ignore[attr-defined]


class AddMemberForm(MembershipTypeMixin, forms.Form):
    """Platform staff only: record a membership that exists on paper, with a reason."""

    member = OrganizationLookupField(
        label=_("Member organisation"),
        max_length=200,
        help_text=_("Its exact name or the address of its profile page."),
    )
    type = forms.ChoiceField(label=_("Membership type"))
    active_since = forms.DateField(label=_("Member since"), required=False, widget=DateInput())
    reason = forms.CharField(
        label=_("Why without the member's answer?"),
        max_length=500,
        help_text=_(
            "For example: the signed membership form of 3 March 2024 is in the office's "
            "files. Kept in the history."
        ),
    )

    def __init__(self, *args: Any, network: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["type"].choices = _type_choices(network)  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    """An organisation's administrator answers an invitation or a request to keep its entry."""

    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000)


class ApplyForm(MembershipTypeMixin, forms.Form):
    applicant = forms.ModelChoiceField(
        label=_("Your organisation"), queryset=Organization.objects.none()
    )
    type = forms.ChoiceField(label=_("Membership type"))
    statement = forms.CharField(
        label=_("Why do you want to join?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few sentences for the network's coordinators."),
    )

    def __init__(self, *args: Any, network: Organization, applicants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["applicant"].queryset = applicants  # type: ignore[attr-defined]
        self.fields["type"].choices = _type_choices(network)  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Accept as member")), ("reject", _("Reject"))],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject; sent to the organisation."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Please give a reason so the organisation understands the decision.")
            )
        return data


class MembershipChangeForm(MembershipTypeMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (MembershipStatus.ACTIVE.value, MembershipStatus.ACTIVE.label),
            (MembershipStatus.SUSPENDED.value, MembershipStatus.SUSPENDED.label),
            (MembershipStatus.ENDED.value, MembershipStatus.ENDED.label),
        ],
    )
    type = forms.ChoiceField(label=_("Membership type"))
    on = forms.DateField(
        label=_("With effect from"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty means today."),
    )

    def __init__(self, *args: Any, network: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["type"].choices = _type_choices(network)  # type: ignore[attr-defined]


class CustomTypeForm(forms.Form):
    name = forms.CharField(label=_("New membership type"), max_length=80)


class NetworkRoleForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=NetworkRoleKind.choices)

    def clean_email(self) -> Any:
        email = self.cleaned_data["email"]
        person = get_user_model().objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(
                _("Nobody with this e-mail address has an account yet. Ask them to sign up first."),
                code="unknown",
            )
        self.cleaned_data["person"] = person
        return email


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["kind", "name", "description", "is_public", "seats_for_organisations", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SeatForm(forms.ModelForm):
    person_email = forms.EmailField(
        label=_("Account of the person (optional)"),
        required=False,
        help_text=_("Links the seat to a platform account, for example for committee work."),
    )

    class Meta:
        model = Seat
        fields = [
            "role",
            "role_note",
            "holder_name",
            "holder_organization",
            "starts_on",
            "ends_on",
            "elected_by",
            "position",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body
        if body.seats_for_organisations:
            self.fields["holder_organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
                membership_links__network=body.organization,
                membership_links__status=MembershipStatus.ACTIVE,
            ).order_by("name")
            self.fields["holder_name"].label = _("Delegate (name of the person)")
        else:
            del self.fields["holder_organization"]
        if self.instance.pk and self.instance.person_id:
            self.initial["person_email"] = self.instance.person.email

    def clean_person_email(self) -> Any:
        email = self.cleaned_data.get("person_email")
        if not email:
            self.cleaned_data["person"] = None
            return email
        person = get_user_model().objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(
                _("Nobody with this e-mail address has an account."), code="unknown"
            )
        self.cleaned_data["person"] = person
        return email

    def _post_clean(self) -> None:
        # The service validates the whole seat; the model form only cleans the fields.
        pass

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["person"] = self.cleaned_data.get("person")
        if "holder_organization" not in self.fields:
            data["holder_organization"] = None
        return data


class ExternalSeatForm(forms.ModelForm):
    class Meta:
        model = ExternalSeat
        fields = [
            "body_name",
            "institution",
            "role",
            "holder_name",
            "starts_on",
            "ends_on",
            "is_public",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def _post_clean(self) -> None:
        pass


class MailingForm(forms.Form):
    members = forms.BooleanField(
        label=_("Contacts of member organisations"), required=False, initial=True
    )
    types = forms.MultipleChoiceField(
        label=_("Only these membership types"), required=False, widget=forms.CheckboxSelectMultiple
    )
    kinds = forms.MultipleChoiceField(
        label=_("Only these kinds of organisation"),
        required=False,
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    states = forms.MultipleChoiceField(
        label=_("Only in these federal states"),
        required=False,
        choices=FederalState.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.MultipleChoiceField(
        label=_("Only with these themes"),
        required=False,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    bodies = forms.MultipleChoiceField(
        label=_("Members of these bodies"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, network: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["types"].choices = _type_choices(network)  # type: ignore[attr-defined]
        self.fields["bodies"].choices = [  # type: ignore[attr-defined]
            (str(b.pk), b.display_name) for b in network.bodies.all()
        ]
        for code, name in settings.LANGUAGES:
            direction = "rtl" if code in settings.RTL_LANGUAGES else "ltr"
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject in %(language)s") % {"language": name},
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"lang": code, "dir": direction}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": name},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6, "lang": code, "dir": direction}),
            )

    @classmethod
    def initial_for(cls, versions: dict[str, Any], audience: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for code, version in versions.items():
            initial[f"subject_{code}"] = version.get("subject", "")
            initial[f"body_{code}"] = version.get("body", "")
        if audience:
            initial.update(
                {
                    "members": audience.get("members", True),
                    "types": [
                        *audience.get("types", []),
                        *(f"custom:{pk}" for pk in audience.get("custom_types", [])),
                    ],
                    "kinds": audience.get("kinds", []),
                    "states": audience.get("states", []),
                    "themes": audience.get("themes", []),
                    "bodies": [str(pk) for pk in audience.get("bodies", [])],
                }
            )
        return initial

    def language_fields(self) -> list[tuple[Any, Any, Any]]:
        return [
            (name, self[f"subject_{code}"], self[f"body_{code}"])
            for code, name in settings.LANGUAGES
        ]

    def versions(self) -> dict[str, dict[str, str]]:
        return {
            code: {
                "subject": self.cleaned_data.get(f"subject_{code}", ""),
                "body": self.cleaned_data.get(f"body_{code}", ""),
            }
            for code, _name in settings.LANGUAGES
        }

    def audience(self) -> dict[str, Any]:
        types = self.cleaned_data.get("types") or []
        return {
            "members": self.cleaned_data.get("members", False),
            "types": [t for t in types if not t.startswith("custom:")],
            "custom_types": [t.removeprefix("custom:") for t in types if t.startswith("custom:")],
            "kinds": self.cleaned_data.get("kinds") or [],
            "states": self.cleaned_data.get("states") or [],
            "themes": self.cleaned_data.get("themes") or [],
            "bodies": self.cleaned_data.get("bodies") or [],
        }
