"""Registration, waiting list, consent, delegates from the membership rules, check-in."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.assemblies.conftest import Hall
from tests.factories import PersonFactory, make_organization
from verbund.assemblies import queries, services
from verbund.assemblies.models import Participant
from verbund.assemblies.taxonomy import RegistrationStatus
from verbund.core.actors import OPERATOR
from verbund.networks import services as network_services
from verbund.networks.taxonomy import MembershipType


def test_capacity_fills_then_waiting_list_moves_up(hall: Hall) -> None:
    conference = hall.conference
    taken = Participant.objects.filter(conference=conference, status="registered").count()
    conference.capacity = taken + 1
    conference.consent_text = "Fotos dürfen veröffentlicht werden."
    conference.save()
    first, second, third = PersonFactory(), PersonFactory(), PersonFactory()
    with pytest.raises(ValidationError):  # consent is required when there is a consent text
        services.register(first, conference, "guest", consent=False)
    one = services.register(first, conference, "guest", consent=True)
    two = services.register(second, conference, "press", consent=True)
    three = services.register(third, conference, "guest", consent=True)
    assert one.status == RegistrationStatus.REGISTERED and one.consented_at is not None
    assert (two.status, three.status) == (RegistrationStatus.WAITING,) * 2
    with pytest.raises(ValidationError):
        services.register(first, conference, "guest", consent=True)
    moved_up = services.cancel_registration(first, one)
    assert moved_up is not None and moved_up.pk == two.pk
    assert Participant.objects.get(pk=two.pk).status == RegistrationStatus.REGISTERED
    with pytest.raises(ValidationError):  # nobody registers themselves as a delegate
        services.register(PersonFactory(), conference, "delegate", consent=True)
    with pytest.raises(PermissionDenied):
        services.cancel_registration(third, Participant.objects.get(pk=two.pk))


def test_delegates_come_from_full_memberships(hall: Hall) -> None:
    conference, member, admin = hall.conference, hall.members[0], hall.member_admins[0]
    with pytest.raises(ValidationError) as full:  # one seat per member in this hall
        services.name_delegate(admin, conference, member, PersonFactory())
    assert full.value.code == "delegates_full"
    with pytest.raises(PermissionDenied):  # only its own admin names them
        services.name_delegate(hall.member_admins[1], conference, member, PersonFactory())
    outsider_admin = PersonFactory()
    outsider = make_organization(admin=outsider_admin)
    with pytest.raises(ValidationError):
        services.name_delegate(outsider_admin, conference, outsider, PersonFactory())
    supporter_admin = PersonFactory()
    supporter = make_organization(admin=supporter_admin)
    network_services.add_member(OPERATOR, hall.network, supporter, type_=MembershipType.SUPPORTING)
    with pytest.raises(ValidationError) as not_full:
        services.name_delegate(supporter_admin, conference, supporter, PersonFactory())
    assert not_full.value.code == "not_member"
    delegate = hall.delegates[0]
    assert delegate.vote_weight == conference.delegate_vote_weight
    assert delegate.organization == member


def test_check_in_tracks_presence_and_entitlement(hall: Hall) -> None:
    delegate = hall.delegates[0]
    assert queries.entitled_weight(hall.conference) == 4
    with pytest.raises(PermissionDenied):
        services.set_presence(hall.person(1), delegate, False)
    services.set_presence(hall.chair, delegate, False)
    assert queries.entitled_weight(hall.conference) == 3
    token = services.check_in_token(delegate)
    assert services.participant_for_token(hall.conference, token) == delegate
    with pytest.raises(ValidationError):
        services.participant_for_token(hall.conference, token[:-2] + "xx")
    other = services.save_conference(
        hall.coordinator,
        hall.network,
        {
            "title": "Andere",
            "starts_on": datetime.date(2026, 9, 1),
            "ends_on": datetime.date(2026, 9, 1),
        },
    )
    with pytest.raises(ValidationError):
        services.participant_for_token(other, token)


def test_only_network_runners_create_conferences(hall: Hall) -> None:
    data: dict[str, Any] = {
        "title": "X",
        "starts_on": datetime.date(2026, 1, 2),
        "ends_on": datetime.date(2026, 1, 1),
    }
    with pytest.raises(PermissionDenied):
        services.save_conference(hall.person(0), hall.network, data)
    with pytest.raises(ValidationError):  # ends before it starts
        services.save_conference(hall.coordinator, hall.network, data)
