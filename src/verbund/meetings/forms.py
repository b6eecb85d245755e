"""Forms of meetings. They validate and clean; saving is the services' job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.accounts.models import User
from verbund.core.forms import formfield
from verbund.core.pins import clean_pin, pin_fields
from verbund.documents.models import Document
from verbund.meetings.models import ActionItem, AgendaItem, Decision, Meeting, Minutes
from verbund.meetings.taxonomy import Response, TaskStatus
from verbund.networks.models import Body
from verbund.networks.taxonomy import MembershipStatus
from verbund.organizations.models import Organization


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class MeetingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Date and time in German time (Europe/Berlin)."),
    )

    class Meta:
        model = Meeting
        formfield_callback = formfield
        fields = (
            "title",
            "body",
            "description",
            "starts_at",
            "duration_minutes",
            "recurrence",
            "repeat_until",
            "format",
            "place",
            "online_link",
            "latitude",
            "longitude",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "repeat_until": DateInput(),
        }

    def __init__(self, *args: Any, network: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(pin_fields())
        body_field = self.fields["body"]
        assert isinstance(body_field, forms.ModelChoiceField)
        body_field.queryset = Body.objects.filter(organization=network)
        body_field.empty_label = _("The whole network")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        clean_pin(self, data)
        return data


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ("title", "owner", "planned_minutes")

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = people_of(meeting.organization) | User.objects.filter(
            meeting_invitations__meeting=meeting
        )
        owner.queryset = owner.queryset.distinct().order_by("display_name", "email")


def people_of(network: Organization) -> Any:
    members = Organization.objects.filter(
        membership_links__network=network, membership_links__status=MembershipStatus.ACTIVE
    )
    return User.objects.filter(is_active=True).filter(
        pk__in=User.objects.filter(affiliations__organization__in=members)
        .values("pk")
        .union(User.objects.filter(affiliations__organization=network).values("pk"))
        .union(User.objects.filter(network_roles__network=network).values("pk"))
    )


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Will you attend?"),
        choices=[c for c in Response.choices if c[0] != Response.PENDING],
        widget=forms.RadioSelect,
    )


class StartMinutesForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the sitting"), widget=DateInput())


class MinutesForm(forms.Form):
    """General notes, one text per agenda item, and who was present."""

    notes = forms.CharField(
        label=_("General notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, minutes: Minutes, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"notes": minutes.notes, "attendees": list(minutes.attendees.all())},
        )
        super().__init__(*args, **kwargs)
        attendees = self.fields["attendees"]
        assert isinstance(attendees, forms.ModelMultipleChoiceField)
        attendees.queryset = User.objects.filter(
            meeting_invitations__meeting=minutes.meeting
        ).order_by("display_name", "email")
        self.agenda = list(minutes.meeting.agenda_items.all())
        for item in self.agenda:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=item.title,
                required=False,
                initial=(minutes.item_notes or {}).get(str(item.pk), ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def item_notes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}", "") for item in self.agenda}

    def item_fields(self) -> list[Any]:
        return [self[f"item_{item.pk}"] for item in self.agenda]


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ("agenda_item", "text", "votes_for", "votes_against", "abstentions")
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, minutes: Minutes, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item = self.fields["agenda_item"]
        assert isinstance(item, forms.ModelChoiceField)
        item.queryset = minutes.meeting.agenda_items.all()


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = (
            "title",
            "details",
            "assignee",
            "assignee_organization",
            "due_on",
            "status",
            "decision",
            "document",
            "source_url",
        )
        widgets = {"details": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput()}

    def __init__(
        self, *args: Any, network: Organization, minutes: Minutes | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = people_of(network).order_by("display_name", "email")
        organization = self.fields["assignee_organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organization.queryset = Organization.objects.filter(
            membership_links__network=network, membership_links__status=MembershipStatus.ACTIVE
        ).order_by("name")
        document = self.fields["document"]
        assert isinstance(document, forms.ModelChoiceField)
        document.queryset = Document.objects.filter(organization=network).order_by("title")
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ModelChoiceField)
        decision.queryset = (
            minutes.decisions.all()
            if minutes is not None
            else Decision.objects.filter(organization=network)
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
