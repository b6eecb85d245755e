"""Review for everything that becomes public (F2), the staff's bulk review queue, and the
changes a network's import proposes, which wait for the organisation's administrators."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import PersonFactory, StaffFactory, make_organization
from verbund.core.actors import OPERATOR
from verbund.networks import services as network_services
from verbund.networks.taxonomy import NetworkRoleKind
from verbund.notifications.models import Notification
from verbund.organizations import (
    import_checks,
    import_duplicates,
    importing,
    queries,
    reading,
    services,
)
from verbund.organizations.models import ChangeProposal, Organization

pytestmark = pytest.mark.django_db

ROWS = (
    "Name;Ort;PLZ;E-Mail\r\nNeu Eins eV;Köln;50667;eins@neu.example\r\nNeu Zwei eV;Bonn;53111;\r\n"
)


def _import_for(
    person: Any, network: Any, data: str = ROWS, **options: Any
) -> list[dict[str, Any]]:
    table = reading.read_table(data.encode(), "liste.csv")
    checks = import_checks.check_rows(
        table.rows, import_checks.suggest_mapping(table.headers), "en"
    )
    return importing.execute(
        person,
        checks,
        import_duplicates.find_duplicates(checks, person),
        decisions={},
        on_duplicate=options.pop("on_duplicate", "skip"),
        network=network,
        **options,
    )


def _coordinated() -> tuple[Any, Any]:
    coordinator = PersonFactory()
    network = make_organization(name="Netz Import", kind="umbrella")
    network_services.set_network_role(OPERATOR, network, coordinator, NetworkRoleKind.COORDINATOR)
    return coordinator, network


@pytest.mark.parametrize("who", ["staff", "coordinator"])
def test_f2_imported_entries_wait_for_review_and_reach_no_public_output(
    client: Any, who: str, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator, network = _coordinated()
    person = StaffFactory() if who == "staff" else coordinator
    report = _import_for(person, network if who == "coordinator" else None)
    assert [line["outcome"] for line in report] == ["created", "created"]
    created = Organization.objects.filter(name__startswith="Neu ")
    assert {o.status for o in created} == {"draft"}
    assert all(o.review_requested_at is not None and o.first_published_at is None for o in created)
    assert set(queries.awaiting_review()) == set(created)
    # Nothing reaches the directory, the map, the API or the GeoJSON before review.
    for url in (
        "/de/organisations/?q=Neu",
        "/api/v1/organisations?q=Neu",
        "/api/v1/organisations.geojson",
        "/api/v1/organisations.csv",
        "/embed/organisations.geojson",
        "/de/map/",
    ):
        body = client.get(url).content.decode()
        assert "Neu Eins" not in body and "neu-eins" not in body, url
    slug = created.get(name="Neu Eins eV").slug
    assert client.get(f"/de/organisations/{slug}/").status_code == 404
    assert client.get(f"/api/v1/organisations/{slug}").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):  # retires the cached pages
        services.review_many(StaffFactory(), list(created), approve=True)
    assert "Neu Eins" in client.get("/de/organisations/?q=Neu").content.decode()
    assert "neu-eins" in client.get("/api/v1/organisations.geojson").content.decode()


def test_bulk_creation_publishes_only_for_staff_and_the_console() -> None:
    coordinator, _network = _coordinated()
    with pytest.raises(PermissionDenied):
        services.create_organizations(
            coordinator, [{"name": "X", "kind": "migrant"}], status="published"
        )
    with pytest.raises(PermissionDenied):
        services.create_organization(
            coordinator, {"name": "Y", "kind": "migrant"}, status="published"
        )
    made = services.create_organizations(
        OPERATOR, [{"name": "Z", "kind": "migrant"}], status="published"
    )
    assert made[0].status == "published"


def test_the_review_queue_filters_and_decides_many_at_once(
    client: Any, assert_max_queries: Any
) -> None:
    staff = StaffFactory()
    coordinator, network = _coordinated()
    _import_for(coordinator, network)
    registered = make_organization(name="Selbst Angemeldet", status="draft", admin=PersonFactory())
    services.request_publication(registered.affiliations.get().person, registered)
    make_organization(name="Noch Entwurf", status="draft", admin=PersonFactory())  # not asked

    with assert_max_queries(4):
        queue = queries.review_queue(queries.parse_review_filters({}))
        names = [o.name for o in queue.page.object_list]
    assert sorted(names) == ["Neu Eins eV", "Neu Zwei eV", "Selbst Angemeldet"]
    only_imports = queries.review_queue(queries.parse_review_filters({"origin": "without_admins"}))
    assert sorted(o.name for o in only_imports.page.object_list) == ["Neu Eins eV", "Neu Zwei eV"]
    cologne = queries.review_queue(queries.parse_review_filters({"q": "eins"}))
    assert [o.name for o in cologne.page.object_list] == ["Neu Eins eV"]

    client.force_login(staff)
    url = reverse("organizations:review")
    page = client.get(url + "?origin=without_admins").content.decode()
    assert "Neu Eins eV" in page and "Selbst Angemeldet" not in page
    ids = list(Organization.objects.filter(name__startswith="Neu ").values_list("pk", flat=True))
    # Sending back needs a reason; the form says so and nothing changes.
    refused = client.post(url, {"chosen": ids, "decision": "reject", "reason": ""})
    assert refused.status_code == 400
    assert queries.awaiting_review().count() == 3
    done = client.post(url + "?origin=without_admins", {"chosen": ids, "decision": "approve"})
    assert done.status_code == 302 and done["Location"].endswith("?origin=without_admins")
    assert set(Organization.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        "published"
    }
    sent_back = client.post(
        url, {"chosen": [registered.pk], "decision": "reject", "reason": "Bitte Adresse ergänzen"}
    )
    assert sent_back.status_code == 302
    registered.refresh_from_db()
    assert registered.status == "draft" and registered.review_requested_at is None
    assert not queries.awaiting_review().exists()

    # Nobody else reaches the queue or its decisions.
    for person in (coordinator, registered.affiliations.get().person):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, {"chosen": ids, "decision": "approve"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.review_many(coordinator, [registered], approve=True)
    with pytest.raises(ValidationError):
        services.review_many(staff, [registered], approve=False)


def _member_with_admin() -> tuple[Any, Any, Any, Any]:
    coordinator, network = _coordinated()
    admin = PersonFactory()
    member = make_organization(
        name="Verein Vorschlag", city="Köln", postal_code="50667", admin=admin, email=""
    )
    invitation = network_services.invite_member(coordinator, network, member)
    network_services.answer_invitation(admin, invitation, accept=True)
    return coordinator, network, member, admin


def test_proposed_changes_wait_for_the_members_admins_and_apply_on_acceptance(
    client: Any,
) -> None:
    coordinator, network, member, admin = _member_with_admin()
    data = (
        "Name;Ort;PLZ;E-Mail;Webseite;Themen\r\n"
        "Verein Vorschlag;Köln;50667;neu@vorschlag.example;www.vorschlag.example;Jugend\r\n"
    )
    report = _import_for(coordinator, network, data, on_duplicate="update")
    assert [line["outcome"] for line in report] == ["proposed"]
    member.refresh_from_db()
    assert member.email == "" and member.website == ""
    proposal = ChangeProposal.objects.get()
    assert set(proposal.changes) == {"email", "website", "themes"}  # name and city are the same
    url = reverse("organizations:proposals", kwargs={"slug": member.slug})
    notice = Notification.objects.get(person=admin, kind="requests", url=url)
    assert "Verein Vorschlag" in notice.title and "Netz Import" in notice.text

    # The coordinator neither sees nor decides it.
    client.force_login(coordinator)
    url = reverse("organizations:proposals", kwargs={"slug": member.slug})
    decide = reverse(
        "organizations:proposal_decision", kwargs={"slug": member.slug, "pk": proposal.pk}
    )
    assert client.get(url).status_code == 403
    assert client.post(decide, {f"p{proposal.pk}-decision": "accept"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.decide_proposal(coordinator, proposal, accept=True)

    # The member's admin sees it on the organisation page and accepts two of three fields.
    client.force_login(admin)
    edit = client.get(reverse("organizations:edit", kwargs={"slug": member.slug})).content
    assert url.encode() in edit
    page = client.get(url).content.decode()
    assert "neu@vorschlag.example" in page and "Netz Import" in page
    response = client.post(
        decide,
        {
            f"p{proposal.pk}-decision": "accept",
            f"p{proposal.pk}-fields_chosen": ["email", "themes"],
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "neu@vorschlag.example" and member.website == ""
    assert list(member.theme_links.values_list("theme", flat=True)) == ["youth"]
    proposal.refresh_from_db()
    assert proposal.state == "accepted" and proposal.accepted_fields == ["email", "themes"]
    assert proposal.decided_by == admin
    # Through the normal update service: the history says what changed, by whom.
    from verbund.core import audit

    entry = audit.history_for(member).filter(action="organization.updated").latest("pk")
    assert entry.actor == admin and entry.changes["email"] == ["", "neu@vorschlag.example"]
    with pytest.raises(ValidationError):
        services.decide_proposal(admin, proposal, accept=False)


def test_a_proposal_can_be_rejected_and_nothing_changes() -> None:
    coordinator, network, member, admin = _member_with_admin()
    _import_for(
        coordinator,
        network,
        "Name;Ort;E-Mail\r\nVerein Vorschlag;Köln;falsch@vorschlag.example\r\n",
        on_duplicate="update",
    )
    proposal = ChangeProposal.objects.get()
    services.decide_proposal(admin, proposal, accept=False, reason="Stimmt nicht")
    member.refresh_from_db()
    assert member.email == ""
    proposal.refresh_from_db()
    assert proposal.state == "rejected" and proposal.reason == "Stimmt nicht"
    # Re-importing the same row proposes again; an import with nothing new proposes nothing.
    same = "Name;Ort\r\nVerein Vorschlag;Köln\r\n"
    assert [
        line["outcome"] for line in _import_for(coordinator, network, same, on_duplicate="update")
    ] == ["unchanged"]
    assert ChangeProposal.objects.count() == 1


def test_a_grant_lets_the_network_keep_the_entry_until_it_is_taken_back(client: Any) -> None:
    coordinator, network, member, admin = _member_with_admin()
    grant = network_services.request_entry_grant(coordinator, network, member)
    assert grant.state == "requested"
    with pytest.raises(PermissionDenied):  # the network does not answer its own request
        network_services.answer_entry_grant(coordinator, grant, accept=True)
    client.force_login(coordinator)
    edit = reverse("organizations:edit", kwargs={"slug": member.slug})
    assert client.get(edit).status_code == 403
    network_services.answer_entry_grant(admin, grant, accept=True)
    fresh = type(coordinator).objects.get(pk=coordinator.pk)
    client.force_login(fresh)
    assert client.get(edit).status_code == 200
    report = _import_for(
        fresh,
        network,
        "Name;Ort;E-Mail\r\nVerein Vorschlag;Köln;direkt@vorschlag.example\r\n",
        on_duplicate="update",
    )
    assert [line["outcome"] for line in report] == ["updated"]
    member.refresh_from_db()
    assert member.email == "direkt@vorschlag.example"
    # The organisation takes it back on its page.
    client.force_login(admin)
    consents = client.get(reverse("networks:consents", kwargs={"slug": member.slug}))
    assert "Netz Import" in consents.content.decode()
    answer = reverse("networks:answer_grant", kwargs={"pk": grant.pk})
    assert client.post(answer, {"decision": "revoke"}).status_code == 302
    grant.refresh_from_db()
    assert grant.state == "revoked"
    client.force_login(type(coordinator).objects.get(pk=coordinator.pk))
    assert client.get(edit).status_code == 403
