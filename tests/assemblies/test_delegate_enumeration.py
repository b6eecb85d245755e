"""The delegate form does not tell whether an address has an account (issue 11, F11): every
address gets the same answer, an invitation to register; whether the person behind it may
become this organisation's delegate is decided when they accept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.assemblies.conftest import Hall
from tests.assemblies.test_views import client_for
from verbund.assemblies import services
from verbund.assemblies.models import DelegateInvitation, Participant


def test_an_unknown_address_and_a_taken_account_get_the_same_answer(hall: Hall) -> None:
    hall.conference.delegates_per_member = 3
    hall.conference.ends_on = hall.conference.starts_on = timezone.localdate() + timedelta(days=9)
    hall.conference.save()
    admin = client_for(hall.member_admins[0])
    url = reverse("assemblies:delegates", args=[hall.conference.pk])
    form = {"organization": hall.members[0].pk, "name": "Jemand", "language": "de"}
    unknown = admin.post(url, {**form, "email": "nie@example.org"}, follow=True)
    # The delegate of another member organisation: the account exists, but cannot be named.
    taken = admin.post(url, {**form, "email": hall.person(1).email.upper()}, follow=True)
    assert unknown.status_code == taken.status_code == 200
    assert [str(m) for m in unknown.context["messages"]] == [
        str(m) for m in taken.context["messages"]
    ]
    assert "No account" not in unknown.content.decode()
    assert "account" not in " ".join(str(m) for m in taken.context["messages"])
    invitation = DelegateInvitation.objects.get(email=hall.person(1).email.lower())
    # Accepting is where it is refused, and only to the person holding the link.
    with pytest.raises(ValidationError) as refused:
        services.accept_delegate_invitation(
            hall.person(1), services.delegate_token(invitation), hall.conference
        )
    assert refused.value.code == "delegate_taken"
    assert not Participant.objects.filter(
        person=hall.person(1), organization=hall.members[0]
    ).exists()
