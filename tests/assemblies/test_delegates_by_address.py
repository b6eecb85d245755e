"""Issue 12, part 3: a member organisation names a delegate who has no account, by name and
address. The invitation holds the seat; its link lets the person sign up and register; check-in
and voting still need a registered, present delegate. The link works once, for its own
conference, until the conference is over, and dies when the organisation names someone else."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from tests.assemblies.conftest import Hall, build_hall
from tests.factories import PersonFactory
from tests.networks.helpers import run_worker
from verbund.assemblies import services
from verbund.assemblies.models import DelegateInvitation, Participant
from verbund.assemblies.taxonomy import DelegateInvitationStatus, RegistrationStatus


def upcoming(hall: Hall) -> Hall:
    conference = hall.conference
    conference.starts_on = conference.ends_on = timezone.localdate() + timedelta(days=14)
    conference.delegates_per_member = 2  # one is named by the hall already
    conference.save()
    return hall


@pytest.mark.django_db(transaction=True)
def test_named_without_an_account_registers_checks_in_and_votes() -> None:
    hall = upcoming(build_hall(2))
    admin, member = hall.member_admins[0], hall.members[0]
    services.invite_delegate(
        admin, hall.conference, member, name="Rania Test", email="rania@example.org", language="ar"
    )
    # The invitation holds the second seat.
    with pytest.raises(ValidationError) as full:
        services.invite_delegate(
            admin, hall.conference, member, name="Noch Jemand", email="x@example.org"
        )
    assert full.value.code == "delegates_full"
    run_worker()
    [message] = [m for m in mail.outbox if m.to == ["rania@example.org"]]
    assert message.extra_headers["Content-Language"] == "ar"
    assert re.search("[\u0600-\u06ff]", message.subject)
    link = urlsplit(re.search(r"https?://\S+", message.body).group(0)).path  # type: ignore[union-attr]
    assert link.startswith(f"/ar/assemblies/{hall.conference.pk}/delegate/")

    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200 and "/accounts/signup/" in page.content.decode()
    rania = PersonFactory(email="rania@example.org", display_name="Rania Test")
    visitor.force_login(rania)
    assert visitor.post(link).status_code == 302
    participant = Participant.objects.get(conference=hall.conference, person=rania)
    assert (participant.organization, participant.status) == (member, RegistrationStatus.REGISTERED)
    assert participant.vote_weight == hall.conference.delegate_vote_weight
    assert visitor.post(link).status_code == 410  # once

    poll = services.save_poll(hall.chair, hall.conference, {"kind": "vote", "title": "Antrag 1"})
    services.open_poll(hall.chair, poll)
    with pytest.raises(PermissionDenied):  # registered, but not present yet
        services.cast_vote(rania, poll, {"choice": "yes"})
    services.set_presence(hall.chair, participant, True)
    services.cast_vote(rania, poll, {"choice": "yes"})
    poll = services.close_poll(hall.chair, poll)
    assert poll.result["weights"]["yes"] == participant.vote_weight


def test_replacing_kills_the_link_and_frees_the_seat(hall: Hall) -> None:
    upcoming(hall)
    admin, member = hall.member_admins[0], hall.members[0]
    first = services.invite_delegate(
        admin, hall.conference, member, name="Erste Wahl", email="erste@example.org"
    )
    token = services.delegate_token(first)
    services.withdraw_delegate_invitation(admin, first)
    with pytest.raises(ValidationError) as dead:
        services.accept_delegate_invitation(PersonFactory(), token, hall.conference)
    assert dead.value.code == "withdrawn"
    second = services.invite_delegate(
        admin, hall.conference, member, name="Zweite Wahl", email="zweite@example.org"
    )
    assert second.status == DelegateInvitationStatus.PENDING
    # Someone else's administrator cannot withdraw or name for this organisation.
    stranger = hall.member_admins[1]
    with pytest.raises(PermissionDenied):
        services.withdraw_delegate_invitation(stranger, second)
    with pytest.raises(PermissionDenied):
        services.invite_delegate(
            stranger, hall.conference, member, name="Fremd", email="fremd@example.org"
        )


def test_the_link_is_refused_elsewhere_when_forged_and_after_the_conference(
    hall: Hall, db: Any
) -> None:
    upcoming(hall)
    invitation = services.invite_delegate(
        hall.member_admins[0], hall.conference, hall.members[0], name="Vera", email="v@example.org"
    )
    token = services.delegate_token(invitation)
    other = services.save_conference(
        hall.coordinator,
        hall.network,
        {"title": "Andere", "starts_on": timezone.localdate(), "ends_on": timezone.localdate()},
    )
    person = PersonFactory()
    for bad_token, conference, code in (
        (token, other, "other"),
        (token[:-3] + "abc", hall.conference, "invalid"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.accept_delegate_invitation(person, bad_token, conference)
        assert refused.value.code == code
    assert Client().get(f"/de/assemblies/{other.pk}/delegate/{token}/").status_code == 410
    hall.conference.starts_on = hall.conference.ends_on = timezone.localdate() - timedelta(days=1)
    hall.conference.save()
    with pytest.raises(ValidationError) as late:
        services.accept_delegate_invitation(person, token, hall.conference)
    assert late.value.code == "expired"
    assert not Participant.objects.filter(person=person).exists()
    assert DelegateInvitation.objects.get(pk=invitation.pk).status == "pending"
