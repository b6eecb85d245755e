"""The delegate form does not tell whether an address has an account (issue 11, F11)."""

from __future__ import annotations

from django.urls import reverse

from tests.assemblies.conftest import Hall
from tests.assemblies.test_views import client_for
from verbund.assemblies.models import Participant


def test_an_unknown_address_and_a_taken_account_get_the_same_answer(hall: Hall) -> None:
    hall.conference.delegates_per_member = 2
    hall.conference.save()
    admin = client_for(hall.member_admins[0])
    url = reverse("assemblies:delegates", args=[hall.conference.pk])
    unknown = admin.post(url, {"organization": hall.members[0].pk, "email": "nie@example.org"})
    # The delegate of another member organisation: the account exists, but cannot be named.
    taken = admin.post(
        url, {"organization": hall.members[0].pk, "email": hall.person(1).email.upper()}
    )
    assert unknown.status_code == taken.status_code == 200
    assert unknown.context["form"].errors == taken.context["form"].errors
    assert "No account" not in unknown.content.decode()
    assert not Participant.objects.filter(
        person=hall.person(1), organization=hall.members[0]
    ).exists()
