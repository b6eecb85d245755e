"""Must-show of reaching every member organisation, in a real browser: a coordinator imports
the member list (six organisations, one reached only through a contact person who prefers
Arabic), mails all members in German and Arabic, and invites all of them to take over their
profiles. One volunteer accepts from the e-mail's link on a phone, signs up, confirms the
address, lands back on the invitation, takes the profile over and edits it. Someone else
claims another profile, and whoever reads that organisation's registered mailbox confirms."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import run_worker
from verbund.networks import services as network_services
from verbund.networks.taxonomy import NetworkRoleKind
from verbund.organizations import services as organization_services
from verbund.organizations.models import Affiliation, Organization, TakeOverInvitation
from verbund.organizations.taxonomy import Role, TakeOverStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ARABIC = re.compile("[\u0600-\u06ff]")
MEMBER_LIST = (
    "Name;Ort;E-Mail;Ansprechperson;E-Mail der Ansprechperson;Sprache der Ansprechperson\r\n"
    "Deutsch-Polnischer Verein;Rostock;info@dpv.example;;;\r\n"
    "Elternnetz Wismar;Wismar;post@elternnetz.example;;;\r\n"
    "Vietnamesischer Kulturverein;Greifswald;kontakt@vkv.example;;;\r\n"
    "Jugendforum Schwerin;Schwerin;hallo@jugendforum.example;;;\r\n"
    "Frauentreff Neubrandenburg;Neubrandenburg;treff@frauen.example;;;\r\n"
    "Syrisches Haus Stralsund;Stralsund;;Amina Test;amina@syrisches-haus.example;Arabisch\r\n"
)
NEW_PASSWORD = "morgenrot-ueber-rostock-9"


def signed_in(new_context: Any, live_server: Any, user: Any, **options: Any) -> Any:
    client = Client()
    client.force_login(user)
    context = new_context(locale="en-GB", **options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def mail_to(address: str) -> Any:
    return [message for message in mail.outbox if address in message.to][-1]


def link_in(message: Any) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return urlsplit(found.group(0)).path


def test_import_mail_invite_take_over_on_a_phone_and_claim(
    new_context: Any, live_server: Any, assert_accessible: Any, tmp_path: Path
) -> None:
    staff = StaffFactory()
    coordinator = PersonFactory(display_name="Koordination MV")
    network = make_organization(name="Netzwerk MV", kind="umbrella")
    network_services.set_network_role(staff, network, coordinator, NetworkRoleKind.COORDINATOR)
    office = signed_in(new_context, live_server, coordinator)

    # --- The member list, imported for the network ---------------------------------------------
    upload = tmp_path / "mitglieder.csv"
    upload.write_bytes(MEMBER_LIST.encode("utf-8"))
    office.goto("/en/organisations/import/")
    office.locator("input[type=file]").set_input_files(str(upload))
    office.select_option('select[name="network"]', network.slug)
    office.locator("form.stacked-form button[type=submit]").click()
    office.locator("table.import-mapping").wait_for()
    office.locator("button[value=start]").click()
    office.locator("progress, .import-counts").first.wait_for()
    run_worker()
    office.locator(".import-counts").wait_for()
    syrian = Organization.objects.get(name="Syrisches Haus Stralsund")
    assert syrian.contact_persons.get().language == "ar"
    assert network_services.queries.members_without_administrator(network).count() == 6

    # --- A mailing in German and Arabic to all members -------------------------------------------
    office.goto(f"/en/networks/{network.slug}/mailings/new/")
    office.fill("#id_subject_de", "Einladung zum Netzwerktreffen")
    office.fill("#id_body_de", "Liebe Mitglieder, wir treffen uns am Dienstag.")
    office.locator("details:has(#id_subject_ar) > summary").click()
    office.fill("#id_subject_ar", "دعوة إلى لقاء الشبكة")
    office.fill("#id_body_ar", "أعضاؤنا الأعزاء، نلتقي يوم الثلاثاء.")
    office.get_by_role("button", name="Save and preview").click()
    expect(office.locator("main")).to_contain_text("6")
    office.get_by_role("button", name="Send now").click()
    run_worker()
    mailing = [m for m in mail.outbox if "Netzwerktreffen" in m.subject or ARABIC.search(m.subject)]
    assert len(mailing) == 6
    assert mail_to("amina@syrisches-haus.example").subject == "دعوة إلى لقاء الشبكة"
    assert mail_to("info@dpv.example").subject == "Einladung zum Netzwerktreffen"
    mail.outbox.clear()

    # --- Invite all of them to take over their profiles ------------------------------------------
    office.goto(f"/en/networks/{network.slug}/members/take-over/")
    assert_accessible(office)
    office.get_by_role("button", name="Invite all members without an administrator").click()
    expect(office.locator("table.take-over tbody tr")).to_have_count(6)
    run_worker()
    office.reload()
    expect(office.locator('table.take-over tr[data-status="sent"]')).to_have_count(6)
    assert len(mail.outbox) == 6
    arabic = mail_to("amina@syrisches-haus.example")
    assert ARABIC.search(arabic.subject) and "/ar/organisations/" in arabic.body

    # --- A volunteer accepts on a phone: sign up, confirm the address, take over, edit ----------
    invitation_path = link_in(mail_to("post@elternnetz.example"))
    phone = new_context(locale="de-DE", **PHONE).new_page()
    phone.set_default_timeout(15_000)
    phone.goto(invitation_path)
    assert_accessible(phone)
    phone.locator("main a[href*='/accounts/signup/']").click()
    phone.locator("#id_email").fill("vorstand@elternnetz.example")
    phone.locator("#id_password1").fill(NEW_PASSWORD)
    phone.locator("#id_password2").fill(NEW_PASSWORD)
    phone.locator("main form.account-form .form-actions button:not(.link-button)").first.click()
    phone.wait_for_url("**/accounts/confirm-email/")
    phone.goto(link_in(mail_to("vorstand@elternnetz.example")))
    phone.locator("main form.account-form .form-actions button:not(.link-button)").first.click()
    # Back on the invitation, now logged in.
    phone.wait_for_url(f"**{invitation_path}")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/edit/")
    phone.fill("#id_website", "https://elternnetz-wismar.example")
    phone.locator("form.profile-form button.primary").click()
    expect(phone.locator("main .messages")).to_be_visible()
    expect(phone.locator("#id_website")).to_have_value("https://elternnetz-wismar.example")
    elternnetz = Organization.objects.get(name="Elternnetz Wismar")
    assert elternnetz.website == "https://elternnetz-wismar.example"
    volunteer = Affiliation.objects.get(organization=elternnetz)
    assert (volunteer.person.email, volunteer.role) == ("vorstand@elternnetz.example", Role.ADMIN)
    office.reload()
    expect(office.locator('table.take-over tr[data-status="accepted"]')).to_have_count(1)
    # The link worked once.
    phone.goto(invitation_path)
    expect(phone.locator("main [role=alert]")).to_be_visible()

    # --- Someone claims another profile; the organisation's mailbox confirms ----------------------
    treff = Organization.objects.get(name="Frauentreff Neubrandenburg")
    organization_services.review_many(staff, [treff], approve=True)
    claimant = PersonFactory(display_name="Leyla Beispiel")
    visitor = signed_in(new_context, live_server, claimant, **PHONE)
    visitor.goto(f"/en/organisations/{treff.slug}/")
    visitor.fill("#claim-message", "I keep the association's books.")
    visitor.get_by_role("button", name="This is our organisation").click()
    expect(visitor.locator("main")).to_contain_text("You have claimed this profile.")
    mail.outbox.clear()
    run_worker()
    confirmation = mail_to("treff@frauen.example")
    assert "Leyla Beispiel" in confirmation.body
    mailbox = new_context(locale="de-DE").new_page()
    mailbox.goto(link_in(confirmation))
    assert_accessible(mailbox)
    mailbox.locator("main form button[type=submit]").click()
    expect(mailbox.locator("main [role=status]")).to_contain_text("Leyla Beispiel")
    assert Affiliation.objects.get(organization=treff).person == claimant
    # Her claim ended the open invitation: its link is dead now.
    assert TakeOverInvitation.objects.get(organization=treff).status == TakeOverStatus.WITHDRAWN
