"""Forms of the assembly pages; they validate input, the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from verbund.assemblies.models import Conference, Participant, Poll
from verbund.assemblies.taxonomy import Choice, ElectionMethod, ParticipantKind, SpeechKind
from verbund.core.forms import formfield
from verbund.networks.models import Body
from verbund.networks.taxonomy import SeatRole
from verbund.organizations.models import Organization


class DateInput(forms.DateInput):
    input_type = "date"


class ConferenceForm(forms.ModelForm):
    class Meta:
        model = Conference
        formfield_callback = formfield
        fields = [
            "title",
            "starts_on",
            "ends_on",
            "place",
            "online_url",
            "capacity",
            "consent_text",
            "delegates_per_member",
            "delegate_vote_weight",
            "registration_open",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I take part as"),
        choices=[
            (ParticipantKind.GUEST, ParticipantKind.GUEST.label),
            (ParticipantKind.PRESS, ParticipantKind.PRESS.label),
        ],
        widget=forms.RadioSelect,
        initial=ParticipantKind.GUEST,
    )
    consent = forms.BooleanField(label=_("I agree to the conditions above."), required=False)


class DelegateForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Member organisation"), queryset=Organization.objects.none()
    )
    name = forms.CharField(label=_("Name of the delegate"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address of the delegate"),
        help_text=_(
            "The delegate gets a link to register for the conference; without an account "
            "they create one on the way."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["language"].initial = translation.get_language()


class ProxyForm(forms.Form):
    holder = forms.ModelChoiceField(label=_("Give my vote to"), queryset=Participant.objects.none())

    def __init__(self, *args: Any, delegates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["holder"]
        field.queryset = delegates  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{p.person} ({p.organization})" if p.organization_id else str(p.person)
        )


class CheckInForm(forms.Form):
    token = forms.CharField(label=_("Code from the badge"), max_length=300)


class PollForm(forms.ModelForm):
    class Meta:
        model = Poll
        fields = [
            "kind",
            "title",
            "question",
            "secret",
            "result_base",
            "majority",
            "body",
            "seats",
            "method",
            "max_votes_per_candidate",
            "term_starts_on",
            "term_ends_on",
            "motion",
        ]
        widgets = {"term_starts_on": DateInput(), "term_ends_on": DateInput()}

    def __init__(
        self, *args: Any, network: Organization, conference: Conference, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["motion"].queryset = conference.motions.all()  # type: ignore[attr-defined]
        self.fields["motion"].required = False
        self.fields["body"].queryset = Body.objects.filter(  # type: ignore[attr-defined]
            organization=network
        )
        self.fields["body"].required = False


class CandidateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.ChoiceField(label=_("Role if elected"), choices=SeatRole.choices)


def ballot_form(poll: Poll, data: Any = None, prefix: str = "") -> forms.Form:
    """The ballot: one choice in a vote; one mark or a number of votes per candidate."""
    form = forms.Form(data=data, prefix=prefix or None)
    if poll.kind == "vote":
        form.fields["choice"] = forms.ChoiceField(
            label=poll.title, choices=Choice.choices, widget=forms.RadioSelect
        )
        return form
    for candidate in poll.candidates.all():
        key = f"c{candidate.pk}"
        if poll.method == ElectionMethod.YES_NO_PER_CANDIDATE:
            form.fields[key] = forms.ChoiceField(
                label=candidate.name,
                choices=Choice.choices,
                widget=forms.RadioSelect,
                initial=Choice.ABSTAIN,
            )
        else:
            form.fields[key] = forms.IntegerField(
                label=candidate.name,
                min_value=0,
                max_value=poll.max_votes_per_candidate,
                initial=0,
                required=False,
            )
    return form


def answer_from(poll: Poll, form: forms.Form) -> dict[str, Any]:
    data = form.cleaned_data
    if poll.kind == "vote":
        return {"choice": data["choice"]}
    return {name[1:]: value for name, value in data.items() if value not in (None, "")}


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    speaking_seconds = forms.IntegerField(
        label=_("Speaking time (seconds)"), min_value=15, max_value=3600, initial=180
    )


class SpeakForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I want to speak with"),
        choices=SpeechKind.choices,
        widget=forms.RadioSelect,
        initial=SpeechKind.CONTRIBUTION,
    )


class MotionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=50000,
        help_text=_("Separate paragraphs with an empty line: amendments refer to them."),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    on_behalf_of = forms.ModelChoiceField(
        label=_("Submitted on behalf of"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Myself"),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"].queryset = organizations  # type: ignore[attr-defined]


class AmendmentForm(forms.Form):
    paragraph = forms.TypedChoiceField(label=_("Paragraph"), coerce=int)
    new_text = forms.CharField(
        label=_("New wording (leave empty to delete the paragraph)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, paragraphs: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = [  # type: ignore[attr-defined]
            (n, _("Paragraph %(number)s") % {"number": n}) for n in range(1, paragraphs + 1)
        ]


class MotionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    referred_to = forms.ModelChoiceField(
        label=_("Referred to"), queryset=Body.objects.none(), required=False
    )

    def __init__(self, *args: Any, statuses: Any, network: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses  # type: ignore[attr-defined]
        self.fields["referred_to"].queryset = Body.objects.filter(  # type: ignore[attr-defined]
            organization=network
        )
