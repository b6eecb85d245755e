"""Consent before power (issue 11, F1 and F10).

F1 as the probe ran it: a freshly signed-up account creates an umbrella (a draft), tries to
add a published and a draft organisation as members, then to read their members-only data,
export the registry, import over them, mail their people and name their delegates. Each is
refused or left waiting for the other side's answer, and a draft network has none of those
powers even over members who accepted. Then the legitimate path in services: the network
invites, the member's administrator accepts, and the powers apply.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import run_worker
from verbund.api import services as token_services
from verbund.assemblies import services as assembly_services
from verbund.core.actors import OPERATOR
from verbund.networks import policy, services
from verbund.networks.models import Membership
from verbund.networks.taxonomy import MembershipStatus
from verbund.notifications.models import Notification
from verbund.organizations import importing, reading
from verbund.organizations import policy as organization_policy
from verbund.organizations import services as organization_services
from verbund.organizations.models import Organization

pytestmark = pytest.mark.django_db

PASSWORD = "lindenblatt-regen-42"
SECRET = "vorstand@opfer.example"


def _sign_up(client: Client, email: str) -> Any:
    """A new account through the real sign-up with its e-mailed confirmation link."""
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    link = re.search(r"https?://\S+", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    assert client.post(link.group(0)).status_code == 302
    assert client.post(
        reverse("account_login"), {"login": email, "password": PASSWORD}
    ).status_code in {200, 302}
    return EmailAddress.objects.get(email=email).user


def _create_umbrella(client: Client, name: str) -> Organization:
    response = client.post(
        reverse("organizations:create"),
        {
            "name": name,
            "kind": "umbrella",
            "city": "Berlin",
            "address_visibility": "public",
            "website_visibility": "public",
            "email_visibility": "public",
            "phone_visibility": "public",
            "social_links_visibility": "public",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    umbrella = Organization.objects.get(name=name)
    assert umbrella.status == "draft"
    return umbrella


def _victims() -> tuple[Organization, Organization, Any]:
    victim_admin = PersonFactory()
    published = make_organization(
        name="Bundesverband Opfer",
        kind="federal",
        admin=victim_admin,
        email=SECRET,
        email_visibility="members",
        description={"de": "Echter Text"},
    )
    organization_services.save_contact_person(
        OPERATOR,
        published,
        {"name": "Vorstand Fiktiv", "email": "intern@opfer.example", "visibility": "members"},
    )
    draft = make_organization(name="Geheimer Entwurf eV", status="draft", admin=PersonFactory())
    return published, draft, victim_admin


def test_f1_a_fresh_account_gets_no_power_over_other_organisations() -> None:
    published, draft, victim_admin = _victims()
    client = Client()
    attacker = _sign_up(client, "neu@angreifer.example")
    umbrella = _create_umbrella(client, "Dachverband Angriff")
    slug = umbrella.slug

    # Adding a member directly is for platform staff only.
    add = reverse("networks:add_member", kwargs={"slug": slug})
    assert client.get(add).status_code == 403
    assert (
        client.post(add, {"member": published.slug, "type": "full", "reason": "x"}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.add_member(attacker, umbrella, published, reason="weil ich es kann")

    # Inviting the published one leaves it waiting for its administrators.
    invite = reverse("networks:invite_member", kwargs={"slug": slug})
    assert client.post(invite, {"member": published.name, "type": "full"}).status_code == 302
    invitation = Membership.objects.get(network=umbrella, member=published)
    assert invitation.status == MembershipStatus.INVITED

    # The draft is not found: the answer is the one for a name that does not exist (F10).
    with translation.override("de"):
        unknown = client.post(invite, {"member": "Gibt es nicht eV", "type": "full"})
        hidden = client.post(invite, {"member": draft.name, "type": "full"})
        by_slug = client.post(invite, {"member": draft.slug, "type": "full"})
    message = "Keine Organisation mit diesem Namen oder dieser Adresse ist im Verzeichnis."
    for response in (unknown, hidden, by_slug):
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Membership.objects.filter(member=draft).exists()
    with pytest.raises(PermissionDenied):
        services.invite_member(attacker, umbrella, draft)

    # Members-only data: not on the profile, not in the export, not in the API.
    profile = client.get(reverse("organizations:profile", kwargs={"slug": published.slug}))
    assert SECRET not in profile.content.decode()
    assert "intern@opfer.example" not in profile.content.decode()
    assert not organization_policy.can_see_members_only(attacker, published)
    assert client.get(reverse("organizations:export") + "?format=csv").status_code == 403
    _token, key = token_services.create_token(StaffFactory(), attacker, "Angreifer")
    api = client.get(f"/api/v1/organisations/{published.slug}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200 and SECRET not in api.content.decode()

    # Import with "update": no import at all for a draft network.
    upload = io.BytesIO(f"Name;E-Mail\r\n{published.name};boese@angreifer.example\r\n".encode())
    upload.name = "x.csv"
    assert (
        client.post(
            reverse("organizations:import"),
            {"file": upload, "on_duplicate": "update", "network": slug},
        ).status_code
        == 403
    )
    table = reading.read_table(b"Name\r\nBundesverband Opfer\r\n", "x.csv")
    with pytest.raises(PermissionDenied):
        importing.create_job(attacker, table, "x.csv", language="de", network=umbrella)
    with pytest.raises(PermissionDenied):
        organization_services.update_organization(
            attacker, published, {"email": "boese@angreifer.example"}, by_import=True
        )

    # A mailing from the platform's address to the victim's people: refused.
    assert client.get(reverse("networks:mailings", kwargs={"slug": slug})).status_code == 403
    with pytest.raises(PermissionDenied):
        services.save_mailing(attacker, umbrella, {"de": {"subject": "Hallo", "body": "x"}}, {})

    # Naming any account as the victim's delegate: refused.
    conference = assembly_services.save_conference(
        attacker,
        umbrella,
        {
            "title": "Versammlung",
            "starts_on": datetime.date(2026, 6, 1),
            "ends_on": datetime.date(2026, 6, 1),
            "delegates_per_member": 2,
            "delegate_vote_weight": 1,
        },
    )
    assert client.get(reverse("assemblies:delegates", args=[conference.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        assembly_services.name_delegate(attacker, conference, published, attacker)

    # Nothing of the victim's changed.
    published.refresh_from_db()
    assert published.email == SECRET and published.description == {"de": "Echter Text"}

    # Even after the victim accepts, a draft network gains no power over it.
    services.answer_invitation(victim_admin, invitation, accept=True)
    assert Membership.objects.get(pk=invitation.pk).status == MembershipStatus.ACTIVE
    fresh = type(attacker).objects.get(pk=attacker.pk)  # nothing cached from before
    assert not organization_policy.can_see_members_only(fresh, published)
    assert not policy.can_mail(fresh, umbrella)
    assert not organization_policy.can_export(fresh)
    with pytest.raises(PermissionDenied):
        assembly_services.name_delegate(fresh, conference, published, fresh)
    profile = client.get(reverse("organizations:profile", kwargs={"slug": published.slug}))
    assert SECRET not in profile.content.decode()


def test_the_legitimate_path_invitation_accepted_then_the_powers_apply() -> None:
    coordinator, member_admin = PersonFactory(), PersonFactory()
    network = make_organization(name="Landesnetzwerk Echt", kind="state", admin=coordinator)
    member = make_organization(
        name="Verein Echt", admin=member_admin, email=SECRET, email_visibility="members"
    )
    invitation = services.invite_member(coordinator, network, member, message="Willkommen")
    assert invitation.status == MembershipStatus.INVITED
    assert not organization_policy.can_see_members_only(coordinator, member)
    # Neither the coordinator, nor platform staff, answer for the member.
    for someone in (coordinator, StaffFactory()):
        with pytest.raises(PermissionDenied):
            services.answer_invitation(someone, invitation, accept=True)
    # The member's administrators are told, on their page.
    notice = Notification.objects.get(person=member_admin)
    assert notice.kind == "requests" and "Landesnetzwerk Echt" in notice.title
    assert notice.url == reverse("networks:consents", kwargs={"slug": member.slug})

    services.answer_invitation(member_admin, invitation, accept=True)
    policy.forget_cached_roles(coordinator)
    assert organization_policy.can_see_members_only(coordinator, member)
    assert policy.can_mail(coordinator, network)
    # The network's people are told too.
    assert Notification.objects.filter(person=coordinator, kind="requests").exists()


def test_invitation_e_mails_go_to_the_members_admins_in_their_language(
    transactional_db: Any,
) -> None:
    coordinator = PersonFactory(preferred_language="de")
    member_admin = PersonFactory(preferred_language="en")
    network = make_organization(name="Netz Mail", kind="umbrella", admin=coordinator)
    member = make_organization(name="Verein Mail", admin=member_admin)
    invitation = services.invite_member(coordinator, network, member, message="Bitte & danke")
    run_worker()
    assert [m.to for m in mail.outbox] == [[member_admin.email]]
    invited = mail.outbox[0]
    assert invited.subject == "Netz Mail invites Verein Mail to become a member"
    assert "Bitte & danke" in invited.body
    assert f"/en/networks/{member.slug}/consents/" in invited.body  # in their language
    mail.outbox.clear()
    services.answer_invitation(member_admin, invitation, accept=False, reason="Passt nicht")
    run_worker()
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {member_admin.email, coordinator.email}
    assert by_person[coordinator.email].subject == (
        "Verein Mail hat die Einladung von Netz Mail abgelehnt"
    )
    assert "Passt nicht" in by_person[coordinator.email].body
    assert Membership.objects.get(pk=invitation.pk).status == MembershipStatus.DECLINED


def test_an_admin_of_both_sides_joins_at_once_and_staff_record_with_a_reason() -> None:
    person = PersonFactory()
    network = make_organization(name="Netz Beide", kind="umbrella", admin=person)
    own = make_organization(name="Eigener Verein", admin=person)
    assert services.invite_member(person, network, own).status == MembershipStatus.ACTIVE

    staff = StaffFactory()
    other = make_organization(name="Papierakte eV")
    with pytest.raises(ValidationError) as missing:
        services.add_member(staff, network, other)
    assert missing.value.code == "reason_required"
    recorded = services.add_member(staff, network, other, reason="Beitrittserklärung 2024")
    assert recorded.status == MembershipStatus.ACTIVE
    from verbund.core import audit

    entry = audit.history_for(network).get(action="membership.added")
    assert entry.changes["reason"] == [None, "Beitrittserklärung 2024"]
    assert entry.actor == staff


def test_invitations_are_withdrawn_answered_once_and_capped_for_drafts() -> None:
    coordinator = PersonFactory()
    network = make_organization(name="Netz Entwurf", kind="umbrella", admin=coordinator)
    organization_services.unpublish(coordinator, network)
    invited = [
        make_organization(name=f"Verein {n}", admin=PersonFactory())
        for n in range(services.DRAFT_NETWORK_OPEN_INVITATIONS + 1)
    ]
    for organization in invited[:-1]:
        services.invite_member(coordinator, network, organization)
    with pytest.raises(ValidationError) as capped:
        services.invite_member(coordinator, network, invited[-1])
    assert capped.value.code == "too_many_invitations"
    first = Membership.objects.get(network=network, member=invited[0])
    services.withdraw_invitation(coordinator, first)
    assert Membership.objects.get(pk=first.pk).status == MembershipStatus.WITHDRAWN
    admin = invited[0].affiliations.get().person
    with pytest.raises(ValidationError):
        services.answer_invitation(admin, first, accept=True)
    # Withdrawn is history: the network may invite again, and the cap counts open ones.
    services.invite_member(coordinator, network, invited[-1])
    second = Membership.objects.get(network=network, member=invited[1])
    services.answer_invitation(invited[1].affiliations.get().person, second, accept=True)
    with pytest.raises(ValidationError):
        services.answer_invitation(invited[1].affiliations.get().person, second, accept=False)


def test_members_answer_on_their_dashboard_and_organisation_page(client: Any) -> None:
    coordinator, member_admin = PersonFactory(), PersonFactory()
    network = make_organization(name="Netz Antwort", kind="umbrella", admin=coordinator)
    member = make_organization(name="Verein Antwort", admin=member_admin)
    invitation = services.invite_member(coordinator, network, member)
    client.force_login(member_admin)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Waiting for your answer" in dashboard or "Wartet auf Ihre Antwort" in dashboard
    action = reverse("networks:answer_invitation", kwargs={"pk": invitation.pk})
    assert f'action="{action}"' in dashboard
    consents = client.get(reverse("networks:consents", kwargs={"slug": member.slug}))
    assert consents.status_code == 200 and f'action="{action}"' in consents.content.decode()
    profile = client.get(reverse("organizations:profile", kwargs={"slug": member.slug}))
    assert f'action="{action}"' in profile.content.decode()
    # An answer returns to the page it came from, never to another site.
    answered = client.post(
        action, {"decision": "accept", "next": "https://evil.example/"}, follow=False
    )
    assert answered.status_code == 302
    assert answered["Location"] == reverse("networks:consents", kwargs={"slug": member.slug})
    assert Membership.objects.get(pk=invitation.pk).status == MembershipStatus.ACTIVE
    # The coordinator cannot answer for the member, not even through the URL.
    again = services.invite_member(
        coordinator, network, make_organization(name="Verein Zwei", admin=PersonFactory())
    )
    client.force_login(coordinator)
    url = reverse("networks:answer_invitation", kwargs={"pk": again.pk})
    assert client.post(url, {"decision": "accept"}).status_code == 403
    assert Membership.objects.get(pk=again.pk).status == MembershipStatus.INVITED


def test_the_member_lookup_finds_published_organisations_only(client: Any) -> None:
    coordinator = PersonFactory()
    network = make_organization(name="Netz Suche", kind="umbrella", admin=coordinator)
    archived = make_organization(name="Archivierter Verein", admin=PersonFactory())
    organization_services.archive(OPERATOR, archived)
    draft = make_organization(name="Entwurf Verein", status="draft", admin=PersonFactory())
    own_draft = make_organization(name="Mein Entwurf", status="draft", admin=coordinator)
    client.force_login(coordinator)
    url = reverse("networks:invite_member", kwargs={"slug": network.slug})
    answers = {}
    for typed in ("Nirgendwo eV", draft.name, draft.slug, archived.name, own_draft.name):
        response = client.post(url, {"member": typed, "type": "full"})
        assert response.status_code == 400
        body = response.content.decode().replace(typed, "TYPED")
        answers[typed] = re.search(r'<div class="form-errors".*?</div>', body, re.S).group(0)
    assert len(set(answers.values())) == 1, answers
    assert not Membership.objects.filter(network=network).exists()


def test_what_waits_for_consent_is_read_in_a_fixed_number_of_queries(
    assert_max_queries: Any,
) -> None:
    from verbund.networks import queries

    admin = PersonFactory()
    member = make_organization(name="Verein Viele", admin=admin)
    for number in range(5):
        network = make_organization(name=f"Netz {number}", kind="umbrella", admin=PersonFactory())
        services.invite_member(OPERATOR, network, member)
        if number % 2:
            services.add_member(OPERATOR, network, make_organization(name=f"Anderer {number}"))
    with assert_max_queries(3):
        waiting = queries.waiting_for(admin)
        names = [m.network.name for m in waiting.invitations]
    assert sorted(names) == [f"Netz {n}" for n in range(5)]
    with assert_max_queries(4):
        consents = queries.consents_of(member)
        listed = [m.network.name for m in consents.invitations]
    assert len(listed) == 5 and consents.grants == [] and consents.memberships == []
