"""Spreadsheet import and export by network coordinators: an import is for one of their
(published) networks; what it creates is a draft awaiting review that joins the network and
that the network keeps; an existing entry is invited, and its changes wait as a proposal for
its administrators unless the coordinator edits it or the network keeps it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from tests.factories import PersonFactory, make_organization
from verbund.networks import services as network_services
from verbund.networks.models import EntryGrant, Membership
from verbund.networks.taxonomy import MembershipStatus, NetworkRoleKind
from verbund.organizations import import_checks, import_duplicates, importing, reading
from verbund.organizations import services as organization_services
from verbund.organizations.models import ChangeProposal, ImportJob, Organization

pytestmark = pytest.mark.django_db

CSV = (
    "Name;Ort;E-Mail\r\n"
    "Elternverein Neustadt;Köln;eltern@neu.example\r\n"
    "Kulturbrücke Nord;Bonn;\r\n"
    "Mitglied Alt;Köln;neu@alt.example\r\n"
).encode()


@dataclass
class World:
    coordinator: Any
    network: Organization
    other_network: Organization
    member: Organization  # an active member of ``network``
    outsider: Organization  # in the registry, in no network of the coordinator


def _world(staff: Any) -> World:
    coordinator = PersonFactory()
    network = make_organization(name="Netzwerk Rhein", kind="umbrella")
    network_services.set_network_role(staff, network, coordinator, NetworkRoleKind.COORDINATOR)
    other_network = make_organization(name="Netzwerk Elbe", kind="umbrella", admin=PersonFactory())
    member = make_organization(name="Mitglied Alt", city="Köln", federal_state="NW")
    network_services.add_member(staff, network, member, reason="test")
    outsider = make_organization(name="Fremder Verein", city="Bonn", federal_state="NW")
    network_services.add_member(staff, other_network, outsider, reason="test")
    return World(coordinator, network, other_network, member, outsider)


def _active_members(network: Organization) -> set[str]:
    return set(
        Membership.objects.filter(network=network, status=MembershipStatus.ACTIVE).values_list(
            "member__name", flat=True
        )
    )


def _upload(client: Any, data: bytes, **fields: str) -> Any:
    upload = io.BytesIO(data)
    upload.name = "mitglieder.csv"
    return client.post("/en/organisations/import/", {"file": upload, **fields})


# Committed transactions: the real worker runs the job as it does in production.
@pytest.mark.django_db(transaction=True)
def test_coordinator_imports_for_their_network_through_the_task_worker(
    client: Any, staff: Any
) -> None:
    world = _world(staff)
    client.force_login(world.coordinator)
    page = client.get("/en/organisations/import/").content.decode()
    assert "For the network" in page and "Netzwerk Rhein" in page
    assert "Netzwerk Elbe" not in page

    response = _upload(client, CSV, on_duplicate="skip", network=world.network.slug)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.network == world.network
    page = client.get(f"/en/organisations/import/{job.pk}/").content.decode()
    assert "For the network Netzwerk Rhein" in page and "same name" in page
    form = {f"column_{i}": key for i, key in enumerate(job.mapping)}
    form.update({"on_duplicate": "skip", "decision_2": "update", "action": "start"})
    assert client.post(f"/en/organisations/import/{job.pk}/", form).status_code == 302

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    job.refresh_from_db()
    assert job.state == "done", (job.error, job.report)
    assert [line["outcome"] for line in job.report] == ["created", "created", "proposed"]
    # The member's entry is not the network's: the change waits for its administrators.
    assert Organization.objects.get(name="Mitglied Alt").email == ""
    proposal = ChangeProposal.objects.get()
    assert proposal.organization == world.member and proposal.network == world.network
    assert proposal.changes == {"email": "neu@alt.example"} and proposal.import_job == job
    assert _active_members(world.network) == {
        "Elternverein Neustadt",
        "Kulturbrücke Nord",
        "Mitglied Alt",
    }
    assert _active_members(world.other_network) == {"Fremder Verein"}
    # What it created is a draft awaiting review, which the network keeps.
    for name in ("Elternverein Neustadt", "Kulturbrücke Nord"):
        created = Organization.objects.get(name=name)
        assert created.status == "draft" and created.review_requested_at is not None
        grant = EntryGrant.objects.get(organization=created)
        assert grant.network == world.network and grant.in_force
        assert grant.granted_by_system == "import" and grant.granted_by == world.coordinator
    status = client.get(f"/en/organisations/import/{job.pk}/status/").content.decode()
    assert "created as a draft, awaiting review: 2" in status
    assert "changes proposed, waiting for the organisation: 1" in status


def test_coordinator_may_not_import_for_a_network_they_do_not_coordinate(
    client: Any, staff: Any, tmp_path: Path
) -> None:
    world = _world(staff)
    client.force_login(world.coordinator)
    refused = _upload(client, CSV, on_duplicate="skip", network=world.other_network.slug)
    assert refused.status_code == 200 and not ImportJob.objects.exists()
    table = reading.read_table(CSV, "mitglieder.csv")
    for network in (world.other_network, None):
        with pytest.raises(PermissionDenied):
            importing.create_job(world.coordinator, table, "x.csv", language="en", network=network)
    checks = import_checks.check_rows(
        table.rows, import_checks.suggest_mapping(table.headers), "en"
    )
    before = Organization.objects.count()
    with pytest.raises(PermissionDenied):
        importing.execute(
            world.coordinator,
            checks,
            import_duplicates.find_duplicates(checks),
            decisions={},
            on_duplicate="skip",
            network=world.other_network,
        )
    path = tmp_path / "liste.csv"
    path.write_bytes(CSV)
    for extra in (["--network", world.other_network.slug], []):
        with pytest.raises(CommandError):
            call_command(
                "import_organisations",
                str(path),
                "--as",
                world.coordinator.email,
                *extra,
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
    assert Organization.objects.count() == before
    assert _active_members(world.other_network) == {"Fremder Verein"}


def test_an_existing_entry_outside_the_network_is_invited_and_its_changes_proposed(
    client: Any, staff: Any
) -> None:
    world = _world(staff)
    outsider_admin = PersonFactory()
    organization_services.add_person(staff, world.outsider, outsider_admin, "admin")
    data = b"Name;Ort;E-Mail\r\nNeuer Verein;Bonn;\r\nFremder Verein;Bonn;neu@fremd.example\r\n"
    table = reading.read_table(data, "x.csv")
    job = importing.create_job(
        world.coordinator, table, "x.csv", language="en", network=world.network
    )
    client.force_login(world.coordinator)
    page = client.get(f"/en/organisations/import/{job.pk}/").content.decode()
    assert "same name" in page
    checks = import_checks.check_rows(table.rows, job.mapping, "en")
    pairs = import_duplicates.find_duplicates(checks, world.coordinator)
    report = importing.execute(
        world.coordinator,
        checks,
        pairs,
        decisions={"1": "update"},
        on_duplicate="skip",
        network=world.network,
    )
    assert [line["outcome"] for line in report] == ["created", "proposed"]
    assert "invited to join Netzwerk Rhein" in report[1]["message"]
    world.outsider.refresh_from_db()
    assert world.outsider.email == "" and world.outsider.city == "Bonn"
    invitation = Membership.objects.get(network=world.network, member=world.outsider)
    assert invitation.status == MembershipStatus.INVITED
    assert _active_members(world.network) == {"Mitglied Alt", "Neuer Verein"}
    # The coordinator may not write it directly, whichever way it is asked.
    with pytest.raises(PermissionDenied):
        organization_services.update_organization(
            world.coordinator, world.outsider, {"city": "Köln"}, by_import=True
        )
    with pytest.raises(PermissionDenied):
        organization_services.update_organization(world.coordinator, world.outsider, {"city": "K"})

    # Its administrator accepts the invitation and the proposal: then both apply.
    network_services.answer_invitation(outsider_admin, invitation, accept=True)
    proposal = ChangeProposal.objects.get(organization=world.outsider)
    organization_services.decide_proposal(outsider_admin, proposal, accept=True)
    world.outsider.refresh_from_db()
    assert world.outsider.email == "neu@fremd.example"
    assert _active_members(world.network) == {"Mitglied Alt", "Neuer Verein", "Fremder Verein"}


def test_a_draft_is_never_matched_so_its_name_stays_hidden(client: Any, staff: Any) -> None:
    world = _world(staff)
    make_organization(name="Geheimer Entwurf", city="Bonn", status="draft", admin=PersonFactory())
    table = reading.read_table(b"Name;Ort\r\nGeheimer Entwurf;Bonn\r\n", "x.csv")
    job = importing.create_job(
        world.coordinator, table, "x.csv", language="en", network=world.network
    )
    client.force_login(world.coordinator)
    page = client.get(f"/en/organisations/import/{job.pk}/").content.decode()
    assert "No row looks like an organisation that is already in the registry." in page
    assert (
        import_duplicates.find_duplicates(importing.preview(job, "en").checks, world.coordinator)
        == []
    )
    # Staff, who see drafts, are shown the match.
    assert import_duplicates.find_duplicates(importing.preview(job, "en").checks, staff) != []


def test_the_network_keeps_what_its_import_created_and_updates_it_directly(staff: Any) -> None:
    world = _world(staff)
    table = reading.read_table("Name;Ort\r\nEigener Eintrag;Köln\r\n".encode(), "x.csv")
    mapping = import_checks.suggest_mapping(table.headers)
    checks = import_checks.check_rows(table.rows, mapping, "en")
    importing.execute(
        world.coordinator, checks, [], decisions={}, on_duplicate="skip", network=world.network
    )
    entry = Organization.objects.get(name="Eigener Eintrag")
    again = reading.read_table(
        b"Name;Ort;E-Mail\r\nEigener Eintrag;K\xc3\xb6ln;a@b.example\r\n", "x.csv"
    )
    checks = import_checks.check_rows(
        again.rows, import_checks.suggest_mapping(again.headers), "en"
    )
    report = importing.execute(
        world.coordinator,
        checks,
        import_duplicates.find_duplicates(checks, world.coordinator),
        decisions={},
        on_duplicate="update",
        network=world.network,
    )
    assert [line["outcome"] for line in report] == ["updated"]
    entry.refresh_from_db()
    assert entry.email == "a@b.example"
    assert not ChangeProposal.objects.exists()
    # Once published and taken back by the organisation, the network's changes wait again.
    organization_services.review_many(staff, [entry], approve=True)
    grant = EntryGrant.objects.get(organization=entry)
    network_services.revoke_entry_grant(staff, grant)
    checks[0].data["email"] = "c@d.example"
    report = importing.execute(
        world.coordinator,
        checks,
        import_duplicates.find_duplicates(checks, world.coordinator),
        decisions={},
        on_duplicate="update",
        network=world.network,
    )
    assert [line["outcome"] for line in report] == ["proposed"]
    entry.refresh_from_db()
    assert entry.email == "a@b.example"


def test_the_command_imports_for_the_coordinators_network(staff: Any, tmp_path: Path) -> None:
    world = _world(staff)
    path = tmp_path / "liste.csv"
    path.write_bytes(CSV)
    call_command(
        "import_organisations",
        str(path),
        "--as",
        world.coordinator.email,
        "--network",
        world.network.slug,
        "--on-duplicate",
        "update",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert _active_members(world.network) == {
        "Elternverein Neustadt",
        "Kulturbrücke Nord",
        "Mitglied Alt",
    }


def test_a_member_organisations_admin_may_not_import_or_export(client: Any, staff: Any) -> None:
    world = _world(staff)
    member_admin = PersonFactory()
    organization_services.add_person(staff, world.member, member_admin, "admin")
    job = importing.create_job(
        world.coordinator,
        reading.Table(["Name"], [["X"]], "CSV"),
        "x.csv",
        language="en",
        network=world.network,
    )
    client.force_login(member_admin)
    for url in (
        "/en/organisations/import/",
        f"/en/organisations/import/{job.pk}/",
        f"/en/organisations/import/{job.pk}/status/",
        f"/en/organisations/import/{job.pk}/report.csv",
        "/en/organisations/export/?format=csv",
    ):
        assert client.get(url).status_code == 403, url
    assert _upload(client, CSV, network=world.member.slug).status_code == 403
    directory = client.get("/en/organisations/").content.decode()
    assert "Import from a spreadsheet" not in directory
    # Another coordinator does not reach this coordinator's job either.
    client.force_login(world.other_network.affiliations.get().person)
    assert client.get(f"/en/organisations/import/{job.pk}/").status_code == 403


def test_coordinator_exports_with_their_networks_members_only_data(client: Any, staff: Any) -> None:
    world = _world(staff)
    organization_services.update_organization(
        staff, world.member, {"email": "intern@alt.example", "email_visibility": "members"}
    )
    organization_services.update_organization(
        staff,
        world.outsider,
        {"email": "intern@fremd.example", "email_visibility": "members"},
    )
    client.force_login(world.coordinator)
    directory = client.get("/en/organisations/").content.decode()
    assert "Import from a spreadsheet" in directory and "Export this list" in directory
    response = client.get("/en/organisations/export/?format=csv")
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "intern@alt.example" in body and "Fremder Verein" in body
    assert "intern@fremd.example" not in body
