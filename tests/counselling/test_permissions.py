"""Every forbidden path of counselling, from the attacker's side: a counsellor of centre A on
a case of centre B (page, export, attachment download, access log, triage, statistics), a
counsellor of A on a case of A they are not assigned to, the network coordinator, platform
staff, the superuser in the Django admin, an anonymous visitor, and a role someone gave
themselves. A case someone may not see answers 404, as if it did not exist."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.counselling.conftest import World, counsellor_client, open_case, with_second_factor
from tests.factories import PersonFactory, StaffFactory
from verbund.core.actors import OPERATOR
from verbund.counselling import policy, services
from verbund.counselling.models import TeamMember
from verbund.counselling.taxonomy import TeamRole
from verbund.networks import services as network_services

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def case_urls(world: World) -> dict[str, str]:
    pk = world.case_a.pk
    attachment = services.add_attachment(world.counsellor_a, world.case_a, png())
    return {
        "case": reverse("counselling:case", args=[pk]),
        "edit": reverse("counselling:case_edit", args=[pk]),
        "export": reverse("counselling:case_export", args=[pk]),
        "access_log": reverse("counselling:case_log", args=[pk]),
        "attachment": reverse("counselling:attachment", args=[attachment.pk]),
    }


POSTS = {
    "entry": ("counselling:case_entry", {"kind": "conversation", "happened_on": "2026-01-05"}),
    "close": ("counselling:case_close", {"outcome": "resolved"}),
    "consent": (
        "counselling:case_consent",
        {"kind": "referral", "decision": "give", "on": "2026-01-05"},
    ),
}


def test_counsellor_of_another_centre_gets_nothing_of_the_case(world: World) -> None:
    client = counsellor_client(world.counsellor_b)
    for name, url in case_urls(world).items():
        response = client.get(url)
        assert response.status_code == 404, name
        assert b"Amira" not in response.content
    for name, (url_name, data) in POSTS.items():
        assert client.post(reverse(url_name, args=[world.case_a.pk]), data).status_code == 404, name
    world.case_a.refresh_from_db()
    assert world.case_a.status == "open"
    for url_name in ("counselling:centre", "counselling:triage", "counselling:centre_statistics"):
        assert client.get(reverse(url_name, args=[world.centre_a.pk])).status_code == 404
    assert (
        client.get(
            reverse("counselling:centre_statistics_file", args=[world.centre_a.pk, "csv"])
        ).status_code
        == 404
    )


def test_a_counsellor_sees_only_cases_assigned_to_them(world: World) -> None:
    client = counsellor_client(world.other_counsellor_a)
    urls = case_urls(world)
    for name in ("case", "export", "attachment"):
        assert client.get(urls[name]).status_code == 404, name
    listing = client.get(reverse("counselling:centre", args=[world.centre_a.pk]))
    assert listing.status_code == 200
    assert listing.context["rows"] == []
    # Assigned as co-counsellor, the same person sees it.
    services.assign(world.lead_a, world.case_a, world.counsellor_a, [world.other_counsellor_a])
    assert counsellor_client(world.other_counsellor_a).get(urls["case"]).status_code == 200
    # Only the centre lead sees the access log.
    assert counsellor_client(world.counsellor_a).get(urls["access_log"]).status_code == 404
    assert counsellor_client(world.lead_a).get(urls["access_log"]).status_code == 200


def test_finding_a_case_by_code_works_only_in_ones_own_centre(world: World) -> None:
    code = services.read_case(world.counsellor_a, world.case_a).code
    own = counsellor_client(world.counsellor_a).get(
        reverse("counselling:centre", args=[world.centre_a.pk]), {"code": code.lower()}
    )
    assert own.status_code == 302 and own["Location"].endswith(f"/cases/{world.case_a.pk}/")
    other = counsellor_client(world.other_counsellor_a).get(
        reverse("counselling:centre", args=[world.centre_a.pk]), {"code": code}
    )
    assert other.status_code == 200 and other.context["find"].errors
    assert services.find_case(world.counsellor_b, world.centre_b, code) is None


def test_network_coordinator_sees_no_case(world: World) -> None:
    network = network_services_network(world)
    coordinator = network.affiliations.get().person
    with_second_factor(coordinator)
    client = counsellor_client(coordinator)
    for name, url in case_urls(world).items():
        assert client.get(url).status_code in (403, 404), name
    assert client.get(reverse("counselling:centre", args=[world.centre_a.pk])).status_code in (
        403,
        404,
    )
    assert client.get(reverse("counselling:triage", args=[world.centre_a.pk])).status_code in (
        403,
        404,
    )
    # Statistics of the network are counts only.
    stats = client.get(reverse("counselling:network_statistics", args=[network.slug]))
    assert stats.status_code == 200
    assert b"Amira" not in stats.content and b"Connewitz" not in stats.content


def network_services_network(world: World) -> Any:
    from tests.factories import make_organization

    network = make_organization(name="Bundesnetz", kind="umbrella", admin=PersonFactory())
    join(network, world.organisation_a, world.admin_a)
    return network


def join(network: Any, member: Any, member_admin: Any) -> None:
    """The network invites, the member's administrator accepts: an active membership."""
    invitation = network_services.invite_member(network.affiliations.get().person, network, member)
    network_services.answer_invitation(member_admin, invitation, accept=True)


@pytest.mark.parametrize("superuser", [False, True])
def test_platform_staff_and_superusers_see_no_case(world: World, superuser: bool) -> None:
    person = StaffFactory(is_superuser=superuser)
    with_second_factor(person)
    client = counsellor_client(person)
    for name, url in case_urls(world).items():
        assert client.get(url).status_code in (403, 404), name
    assert not policy.can_view_case(person, world.case_a)
    # Not in the Django admin either: nothing of counselling is registered there.
    admin_index = client.get(reverse("admin:index"))
    assert admin_index.status_code == 200
    assert b"counselling" not in admin_index.content.lower()
    for model in ("case", "client", "entry", "report", "attachment", "accesslogentry", "centre"):
        assert client.get(f"/de/admin/counselling/{model}/").status_code == 404, model


def test_anonymous_visitors_are_sent_to_log_in(world: World) -> None:
    client = Client()
    for name, url in case_urls(world).items():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    response = client.get(reverse("counselling:network_statistics", args=["bundesnetz"]))
    assert response.status_code == 302


def test_a_role_someone_gave_themselves_grants_nothing(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.grant_role(world.admin_a, world.centre_a, world.admin_a, TeamRole.LEAD)
    # Even a row written behind the services' back counts for nothing.
    TeamMember.objects.create(
        centre=world.centre_a, person=world.admin_a, role=TeamRole.LEAD, granted_by=world.admin_a
    )
    policy.forget_cached_roles(world.admin_a)
    assert policy.team_role(world.admin_a, world.centre_a) is None
    assert not policy.can_view_case(world.admin_a, world.case_a)
    with_second_factor(world.admin_a)
    assert (
        counsellor_client(world.admin_a)
        .get(reverse("counselling:case", args=[world.case_a.pk]))
        .status_code
        == 404
    )


def test_only_the_lead_or_the_organisations_admin_give_roles(world: World) -> None:
    newcomer = PersonFactory()
    with pytest.raises(PermissionDenied):
        services.grant_role(world.counsellor_a, world.centre_a, newcomer, TeamRole.COUNSELLOR)
    with pytest.raises(PermissionDenied):
        services.grant_role(StaffFactory(), world.centre_a, newcomer, TeamRole.COUNSELLOR)
    with pytest.raises(PermissionDenied):
        services.grant_role(world.lead_a, world.centre_b, newcomer, TeamRole.COUNSELLOR)
    services.grant_role(world.lead_a, world.centre_a, newcomer, TeamRole.COUNSELLOR)
    assert policy.team_role(newcomer, world.centre_a) == TeamRole.COUNSELLOR
    client = counsellor_client(world.counsellor_a)
    response = client.post(
        reverse("counselling:team", args=[world.centre_a.pk]),
        {"email": PersonFactory().email, "role": "lead"},
    )
    assert response.status_code == 403


def test_the_centre_lead_of_a_may_not_open_cases_in_b(world: World) -> None:
    with pytest.raises(PermissionDenied):
        open_case(world.lead_a, world.centre_b)
    assert (
        counsellor_client(world.lead_a)
        .get(reverse("counselling:case_new", args=[world.centre_b.pk]))
        .status_code
        == 404
    )


def test_statistics_of_a_network_are_for_those_who_run_it(world: World) -> None:
    network = network_services_network(world)
    outsider = PersonFactory()
    client = Client()
    client.force_login(outsider)
    assert (
        client.get(reverse("counselling:network_statistics", args=[network.slug])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("counselling:network_statistics_file", args=[network.slug, "xlsx"])
        ).status_code
        == 404
    )
    # A counsellor of a member's centre is not a coordinator of the network.
    assert (
        counsellor_client(world.counsellor_a)
        .get(reverse("counselling:network_statistics", args=[network.slug]))
        .status_code
        == 404
    )


def test_a_referral_needs_consent(world: World) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.refer(world.counsellor_a, world.case_a, world.centre_b)
    services.set_consent(world.counsellor_a, world.case_a, "referral", True)
    new_case = services.refer(world.counsellor_a, world.case_a, world.centre_b)
    world.case_a.refresh_from_db()
    assert world.case_a.status == "closed" and world.case_a.outcome == "referred"
    assert new_case.centre == world.centre_b and new_case.referred_from == world.centre_a
    # The counsellor of A does not follow the case to B; B's counsellor sees it only when assigned.
    assert not policy.can_view_case(world.counsellor_a, new_case)
    assert not policy.can_view_case(world.counsellor_b, new_case)
    services.assign(OPERATOR, new_case, world.counsellor_b, [])
    opened = services.read_case(world.counsellor_b, new_case)
    assert opened.client["name"] == "Amira Fiktiv"
    assert opened.grounds == ["racism"]


def test_the_api_has_no_counselling_path(world: World, client: Any) -> None:
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "counselling" not in schema.content.decode().lower()
    assert client.get("/api/v1/counselling/cases/").status_code == 404


def test_a_counsellors_data_download_names_their_roles_and_no_case(world: World) -> None:
    from verbund.core import personal_data

    data = personal_data.collect(world.counsellor_a)["counselling"]
    assert data == {
        "team_roles": [{"centre": "Beratung A", "organization": "Verein A", "role": "counsellor"}]
    }
