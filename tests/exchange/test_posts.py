"""Posting offers and needs: what is checked, where a post stands, who sees it, the audit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.exchange.conftest import Circle, make_post
from verbund.core.actors import SCHEDULE
from verbund.core.history import readable
from verbund.core.models import AuditEntry
from verbund.exchange import policy, services
from verbund.notifications.models import Notification


def test_a_post_stands_where_its_organisation_is(circle: Circle) -> None:
    post = make_post(circle.a_admin, circle.a, languages=["ar", "de", "xx"], themes=["youth"])
    assert (post.postal_code, post.city) == ("10115", "Berlin")
    assert post.latitude == circle.a.latitude and post.longitude == circle.a.longitude
    assert sorted(post.language_links.values_list("code", flat=True)) == ["ar", "de"]
    assert list(post.theme_links.values_list("theme", flat=True)) == ["youth"]


def test_a_post_with_its_own_place_is_located_by_the_gazetteer(circle: Circle) -> None:
    post = make_post(circle.a_admin, circle.a, postal_code="18055", city="Rostock")
    assert post.latitude is not None and 53 < float(post.latitude) < 55


def test_members_and_outsiders_cannot_post_for_an_organisation(circle: Circle) -> None:
    with pytest.raises(PermissionDenied):
        make_post(circle.a_member, circle.a)
    with pytest.raises(PermissionDenied):
        make_post(circle.b_admin, circle.a)


def test_a_partner_institution_posts_too(circle: Circle) -> None:
    from tests.factories import PersonFactory, make_organization

    head = PersonFactory()
    school = make_organization(admin=head, name="Grundschule am Park", kind="partner")
    post = make_post(head, school, kind="room", title="Aula")
    assert post.owner == school


def test_bad_input_is_refused_with_reasons(circle: Circle) -> None:
    with pytest.raises(ValidationError) as error:
        make_post(
            circle.a_admin,
            circle.a,
            title=" ",
            valid_from=datetime.date(2030, 2, 1),
            valid_until=datetime.date(2030, 1, 1),
        )
    assert {"title", "valid_until"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        make_post(circle.a_admin, circle.a, kind="skill")
    assert "skill" in error.value.message_dict


def test_selected_networks_must_be_the_owners_own(circle: Circle) -> None:
    with pytest.raises(ValidationError):
        make_post(circle.c_admin, circle.c, visibility="selected", networks=[circle.network.pk])
    post = make_post(circle.a_admin, circle.a, visibility="selected", networks=[circle.network.pk])
    assert list(post.networks.all()) == [circle.network]
    assert policy.can_view_post(circle.b_admin, post)
    assert not policy.can_view_post(circle.c_admin, post)


def test_members_only_posts_reach_the_network_and_nobody_else(circle: Circle) -> None:
    post = make_post(circle.a_admin, circle.a, visibility="networks")
    assert policy.can_view_post(circle.b_admin, post)
    assert not policy.can_view_post(circle.c_admin, post)
    assert post in policy.visible_posts(circle.b_admin)
    assert post not in policy.visible_posts(circle.c_admin)
    from django.contrib.auth.models import AnonymousUser

    assert post not in policy.visible_posts(AnonymousUser())


def test_changes_are_in_the_history_as_sentences(circle: Circle) -> None:
    post = make_post(circle.a_admin, circle.a, languages=["ar"])
    services.save_post(
        circle.a_admin, circle.a, {"title": "Großer Saal", "languages": ["ar", "tr"]}, post=post
    )
    entries = AuditEntry.objects.filter(action__startswith="exchange_post").order_by("pk")
    assert [e.action for e in entries] == ["exchange_post.created", "exchange_post.updated"]
    updated = entries.last()
    assert updated is not None
    assert set(updated.changes) == {"title", "languages"}
    assert str(readable(updated).action) == "Angebot oder Bedarf geändert"


def test_others_cannot_edit_or_remove_a_post(circle: Circle) -> None:
    post = make_post(circle.a_admin, circle.a)
    with pytest.raises(PermissionDenied):
        services.save_post(circle.b_admin, circle.b, {"title": "Meins"}, post=post)
    with pytest.raises(PermissionDenied):
        services.remove_post(circle.a_member, post)
    services.remove_post(circle.a_admin, post)
    assert AuditEntry.objects.filter(action="exchange_post.removed").count() == 1


def test_expired_posts_are_gone_and_owners_are_reminded_once(circle: Circle) -> None:
    today = timezone.localdate()
    soon = make_post(circle.a_admin, circle.a, valid_until=today + datetime.timedelta(days=3))
    old = make_post(
        circle.a_admin,
        circle.a,
        valid_from=today - datetime.timedelta(days=30),
        valid_until=today - datetime.timedelta(days=1),
    )
    assert not policy.can_view_post(circle.b_admin, old)
    assert policy.can_view_post(circle.a_member, old)
    from django.core.management import call_command

    call_command("remind_exchange", verbosity=0)
    assert services.remind_expiring(SCHEDULE) == 0
    notice = Notification.objects.get(person=circle.a_admin)
    assert soon.title in notice.title and "läuft" in notice.title


def test_staff_hide_a_post_and_it_disappears(circle: Circle, staff: Any) -> None:
    post = make_post(circle.a_admin, circle.a)
    with pytest.raises(PermissionDenied):
        services.hide_post(circle.b_admin, post, "Spam")
    services.hide_post(staff, post, "Spam")
    assert not policy.can_view_post(circle.b_admin, post)
    assert post not in policy.visible_posts(circle.b_admin)
