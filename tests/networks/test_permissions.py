"""The permission matrix: every networks URL, every role, own, other and draft network.

Each role is held in network A. The same person then opens the pages of A ("own") and of
B, a network of the same shape where they hold no role ("other"). In the third column
("draft") the roles are held in C, a network of the same shape that is not published: it
has no powers over its members, whatever they accepted. Removing or widening any rule in
``verbund.networks.policy`` changes at least one cell of the table below, and the test
prints every cell that differs.

Besides the network's pages, the member's side is in the table: the organisation's page
of invitations and grants (``consents``) and the answers to an invitation and to a request
to keep its entry, which only the member's administrators give (not even staff).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import legacy_unsubscribe_token
from verbund.networks import services
from verbund.networks.models import Body, EntryGrant, Mailing, Membership
from verbund.networks.taxonomy import BodyKind
from verbund.organizations import services as organization_services
from verbund.organizations.models import Organization

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "outsider",
    "member",
    "member_admin",
    "committee",
    "office",
    "coordinator",
    "staff",
)
EVERYONE = frozenset(ROLES)
INSIDERS = frozenset({"member", "member_admin", "committee", "office", "coordinator", "staff"})
RUNNERS = frozenset({"office", "coordinator", "staff"})
COORDINATORS = frozenset({"coordinator", "staff"})
STAFF = frozenset({"staff"})
MEMBER_ADMIN = frozenset({"member_admin"})
MEMBER_SIDE = frozenset({"member_admin", "staff"})

# url name -> (method, roles allowed in their own network)
RULES: dict[str, tuple[str, frozenset[str]]] = {
    "index": ("get", EVERYONE),
    "detail": ("get", EVERYONE),
    "structure": ("get", EVERYONE),
    "data": ("get", EVERYONE),
    "public_body": ("get", EVERYONE),
    "unsubscribe": ("get", EVERYONE),
    "internal_body": ("get", INSIDERS),
    "members": ("get", INSIDERS),
    "apply": ("get", frozenset()),  # member_admin's organisations are already listed
    "invite_member": ("get", RUNNERS),
    "add_member": ("get", STAFF),  # recording without the member's answer
    "consents": ("get", MEMBER_SIDE),
    "members_csv": ("get", RUNNERS),
    "membership": ("get", RUNNERS),
    "define_type": ("post", RUNNERS),
    "decide": ("post", COORDINATORS),
    "roles": ("get", COORDINATORS),
    "bodies": ("get", RUNNERS),
    "body_edit": ("get", RUNNERS),
    "seat_new": ("get", RUNNERS),
    "seat": ("get", RUNNERS),
    "external": ("get", RUNNERS),
    "mailings": ("get", RUNNERS),
    "mailing_new": ("get", RUNNERS),
    "mailing": ("get", RUNNERS),
    "mailing_edit": ("get", RUNNERS),
    "mailing_send": ("post", RUNNERS),  # it sends the draft
    "request_grant": ("post", RUNNERS),
    "withdraw": ("post", RUNNERS),
    "answer_invitation": ("post", MEMBER_ADMIN),
    "answer_grant": ("post", MEMBER_ADMIN),
}
PUBLIC = {"index", "detail", "structure", "data", "public_body", "unsubscribe"}
# Pages of the member organisation, not of the network.
MEMBER_PAGES = {"consents", "answer_invitation", "answer_grant"}
NOT_LOGGED_IN = {"index", "detail", "structure", "data", "public_body", "internal_body"}
# Powers over members: a draft network has none (staff keep theirs).
POWERS = {"mailings", "mailing_new", "mailing", "mailing_edit", "mailing_send", "request_grant"}
# Who sees a draft network's pages at all: the people who run it.
DRAFT_VIEWERS = RUNNERS
# In a network where they hold no role, only staff keep their rights; and an organisation's
# admin may apply to a network it is not yet listed at.
OTHER_NETWORK_EXTRA = {"apply": frozenset({"member_admin"})}


@dataclass
class World:
    network: Organization
    member: Organization
    candidate: Organization  # invited; answered by the member_admin role
    public_body: Body
    internal_body: Body
    seat_pk: int
    application: Membership
    mailing: Mailing
    membership: Membership  # the member's
    invitation: Membership  # to the candidate
    open_invitation: Membership  # to an organisation without administrators
    grant: EntryGrant  # the network asked the member to let it keep its entry


def build_world(name: str, staff: Any, *, status: str = "published") -> World:
    network = make_organization(name=name, kind="umbrella", admin=PersonFactory())
    member = make_organization(
        name=f"Mitglied von {name}", email=f"intern@{name}.example", email_visibility="members"
    )
    membership = services.add_member(staff, network, member, reason="test")
    candidate = make_organization(name=f"Eingeladen von {name}")
    invitation = services.invite_member(staff, network, candidate)
    open_invitation = services.invite_member(
        staff, network, make_organization(name=f"Auch eingeladen von {name}")
    )
    grant = services.request_entry_grant(staff, network, member)
    applicant = make_organization(name=f"Bewerber bei {name}", admin=PersonFactory())
    application = services.apply_for_membership(
        applicant.affiliations.get().person, applicant, network, "Bitte aufnehmen"
    )
    public_body = services.save_body(staff, network, {"kind": BodyKind.BOARD})
    internal_body = services.save_body(
        staff, network, {"kind": BodyKind.COMMITTEE, "is_public": False}
    )
    seat = services.save_seat(staff, public_body, {"holder_name": "Vorsitz Fiktiv"})
    mailing = services.save_mailing(
        staff, network, {"de": {"subject": "Hallo", "body": "Text"}}, {}
    )
    if status == "draft":
        # Taken out of the directory after it was set up: from now on it has no powers.
        organization_services.unpublish(staff, network)
    return World(
        network,
        member,
        candidate,
        public_body,
        internal_body,
        seat.pk,
        application,
        mailing,
        membership,
        invitation,
        open_invitation,
        grant,
    )


def give_role(role: str, world: World, staff: Any) -> Any:
    if role == "anonymous":
        return None
    if role == "staff":
        return StaffFactory()
    person = PersonFactory()
    if role in {"member", "member_admin"}:
        organization_services.add_person(
            staff, world.member, person, "admin" if role == "member_admin" else "member"
        )
    if role == "member_admin":
        organization_services.add_person(staff, world.candidate, person, "admin")
    elif role == "committee":
        services.save_seat(
            staff,
            world.internal_body,
            {
                "holder_name": str(person),
                "person": person,
                "starts_on": datetime.date.today() - datetime.timedelta(days=30),
            },
        )
    elif role in {"office", "coordinator"}:
        services.set_network_role(staff, world.network, person, role)
    return person


def url_for(name: str, world: World) -> str:
    slug = world.network.slug
    by_slug = {
        "detail",
        "structure",
        "data",
        "members",
        "apply",
        "add_member",
        "members_csv",
        "define_type",
        "roles",
        "bodies",
        "external",
        "mailings",
        "mailing_new",
        "invite_member",
    }
    if name == "index":
        return reverse("networks:index")
    if name in by_slug:
        return reverse(f"networks:{name}", kwargs={"slug": slug})
    if name == "public_body":
        return reverse("networks:body", kwargs={"slug": slug, "pk": world.public_body.pk})
    if name == "internal_body":
        return reverse("networks:body", kwargs={"slug": slug, "pk": world.internal_body.pk})
    if name in {"membership", "decide"}:
        return reverse(f"networks:{name}", kwargs={"slug": slug, "pk": world.application.pk})
    if name in {"body_edit", "seat_new"}:
        return reverse(f"networks:{name}", kwargs={"slug": slug, "pk": world.public_body.pk})
    if name == "seat":
        return reverse(
            "networks:seat",
            kwargs={"slug": slug, "pk": world.public_body.pk, "seat_pk": world.seat_pk},
        )
    if name in {"mailing", "mailing_edit", "mailing_send"}:
        return reverse(f"networks:{name}", kwargs={"slug": slug, "pk": world.mailing.pk})
    if name == "request_grant":
        return reverse("networks:request_grant", kwargs={"slug": slug, "pk": world.membership.pk})
    if name == "withdraw":
        return reverse("networks:withdraw", kwargs={"slug": slug, "pk": world.open_invitation.pk})
    if name == "consents":
        return reverse("networks:consents", kwargs={"slug": world.candidate.slug})
    if name == "answer_invitation":
        return reverse("networks:answer_invitation", kwargs={"pk": world.invitation.pk})
    if name == "answer_grant":
        return reverse("networks:answer_grant", kwargs={"pk": world.grant.pk})
    if name == "unsubscribe":
        token = legacy_unsubscribe_token(world.network.pk, "someone@example.org")
        return reverse("networks:unsubscribe", kwargs={"token": token})
    raise AssertionError(name)


POST_DATA = {
    "define_type": {"name": "Ehrenmitglied"},
    "decide": {"decision": "approve", "reason": ""},
    "mailing_send": {},
    "request_grant": {},
    "withdraw": {},
    "answer_invitation": {"decision": "accept"},
    "answer_grant": {"decision": "accept"},
}


def allowed_roles(name: str, side: str) -> frozenset[str]:
    _method, allowed = RULES[name]
    if side == "draft":
        if name in {"index", "unsubscribe"}:
            return EVERYONE
        if name in MEMBER_PAGES:
            return allowed
        if name in PUBLIC:
            return DRAFT_VIEWERS
        if name in POWERS:
            return allowed & STAFF
        return allowed & DRAFT_VIEWERS
    if name in PUBLIC:
        return EVERYONE
    if side == "other":
        return (allowed & STAFF) | OTHER_NETWORK_EXTRA.get(name, frozenset())
    return allowed


def expected_status(name: str, role: str, side: str) -> int:
    method, _allowed = RULES[name]
    if role in allowed_roles(name, side):
        return 302 if method == "post" else 200
    hidden = side == "draft" and name not in MEMBER_PAGES and role not in DRAFT_VIEWERS
    if role == "anonymous":
        return 404 if name in NOT_LOGGED_IN and (hidden or name == "internal_body") else 302
    return 404 if hidden else 403


WORLDS = {"own": "netz-a", "other": "netz-b", "draft": "netz-c"}


def _worlds(staff: Any) -> dict[str, World]:
    return {
        "own": build_world("netz-a", staff),
        "other": build_world("netz-b", staff),
        "draft": build_world("netz-c", staff, status="draft"),
    }


@pytest.mark.parametrize("side", ["own", "other", "draft"])
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role: str, side: str) -> None:
    staff = StaffFactory()
    worlds = _worlds(staff)
    # The roles are held in the network of the column: A for "own" and "other", C for "draft".
    person = give_role(role, worlds["draft" if side == "draft" else "own"], staff)
    world = worlds[side]
    client = Client()
    if person is not None:
        client.force_login(person)
    differences = []
    for name, (method, _allowed) in RULES.items():
        url = url_for(name, world)
        response = client.post(url, POST_DATA[name]) if method == "post" else client.get(url)
        expected = expected_status(name, role, side)
        if response.status_code != expected:
            differences.append(
                f"{name} {method.upper()} {url}: got {response.status_code}, expected {expected}"
            )
    assert not differences, f"{role} in {side} network:\n" + "\n".join(differences)
    # Forbidden writes changed nothing.
    for membership in (world.application, world.invitation, world.open_invitation):
        membership.refresh_from_db()
    world.grant.refresh_from_db()
    assert (world.application.status == "active") == (role in allowed_roles("decide", side))
    assert (world.invitation.status == "active") == (
        role in allowed_roles("answer_invitation", side)
    )
    assert (world.open_invitation.status == "withdrawn") == (
        role in allowed_roles("withdraw", side)
    )
    assert world.grant.in_force == (role in allowed_roles("answer_grant", side))


@pytest.mark.parametrize("side", ["own", "other", "draft"])
@pytest.mark.parametrize("role", ROLES)
def test_members_only_data_of_member_organisations(role: str, side: str) -> None:
    staff = StaffFactory()
    worlds = _worlds(staff)
    person = give_role(role, worlds["draft" if side == "draft" else "own"], staff)
    world = worlds[side]
    client = Client()
    if person is not None:
        client.force_login(person)
    html = client.get(
        reverse("organizations:profile", kwargs={"slug": world.member.slug})
    ).content.decode()
    sees = f"intern@{world.network.name}.example" in html
    affiliated = role in {"member", "member_admin"} and side in {"own", "draft"}
    # A draft network's coordinators and office see nothing of the member's, although its
    # membership is active: powers come with publication.
    coordinates = role in {"office", "coordinator"} and side == "own"
    assert sees == (role == "staff" or affiliated or coordinates)


def test_a_draft_network_is_hidden_from_the_public_but_not_from_its_office() -> None:
    staff = StaffFactory()
    draft = make_organization(name="Netz im Aufbau", status="draft")
    office = PersonFactory()
    services.set_network_role(staff, draft, office, "office")
    url = reverse("networks:detail", kwargs={"slug": draft.slug})
    assert Client().get(url).status_code == 404
    outsider = Client()
    outsider.force_login(PersonFactory())
    assert outsider.get(url).status_code == 404
    insider = Client()
    insider.force_login(office)
    assert insider.get(url).status_code == 200
