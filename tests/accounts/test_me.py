"""A person's own pages: the dashboard (/me/) and name and language settings (/me/settings/)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from tests.factories import PersonFactory, make_organization
from verbund.accounts import services
from verbund.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["dashboard", "accounts:settings"])
def test_anonymous_visitors_are_sent_to_the_login(client: Any, name: str) -> None:
    url = reverse(name)
    for response in (client.get(url), client.post(url, {"display_name": "X"})):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_dashboard_lists_only_my_organisations(client: Any, person: Any, organization: Any) -> None:
    make_organization(admin=PersonFactory(), name="Fremder Verein")
    client.force_login(person)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert organization.name in html
    assert "Fremder Verein" not in html
    assert reverse("account_change_password") in html
    assert reverse("mfa_index") in html


def test_dashboard_shows_the_review_queue_to_staff_only(
    client: Any, person: Any, staff: Any
) -> None:
    client.force_login(person)
    assert reverse("organizations:review") not in client.get(reverse("dashboard")).content.decode()
    client.force_login(staff)
    assert reverse("organizations:review") in client.get(reverse("dashboard")).content.decode()


def test_settings_save_name_and_language_and_log_the_change(client: Any, person: Any) -> None:
    client.force_login(person)
    response = client.post(
        reverse("accounts:settings"), {"display_name": "Deniz Beispiel", "preferred_language": "tr"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/tr/me/settings/", "the page comes back in the new language"
    person.refresh_from_db()
    assert (person.display_name, person.preferred_language) == ("Deniz Beispiel", "tr")
    entry = AuditEntry.objects.get(action="person.settings")
    assert entry.actor == person
    assert entry.changes["preferred_language"] == ["de", "tr"]


def test_settings_refuse_an_unknown_language_and_keep_the_typed_name(
    client: Any, person: Any
) -> None:
    client.force_login(person)
    with translation.override("en"):
        response = client.post(
            reverse("accounts:settings"), {"display_name": "Neuer Name", "preferred_language": "xx"}
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Neuer Name"' in html
    assert 'aria-invalid="true"' in html
    person.refresh_from_db()
    assert person.display_name != "Neuer Name"


def test_nobody_changes_another_persons_settings(person: Any) -> None:
    other = PersonFactory(display_name="Unverändert")
    with pytest.raises(PermissionDenied):
        services.update_settings(person, other, {"display_name": "Übernommen"})
    other.refresh_from_db()
    assert other.display_name == "Unverändert"
