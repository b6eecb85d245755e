"""Sites, pages and news through the services: who may, drafts and scheduling by query,
revisions and their restore, fallback language, Markdown sanitised, Impressum gaps."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import PersonFactory, make_organization
from verbund.core.models import AuditEntry
from verbund.organizations import services as organization_services
from verbund.websites import queries, services
from verbund.websites.render import markdown_to_html

pytestmark = pytest.mark.django_db


def test_a_script_tag_in_markdown_is_removed() -> None:
    html = markdown_to_html(
        '# Hallo\n\n<script>alert(1)</script>\n\n<a href="javascript:alert(2)">klick</a> '
        '<img src="x.png" onerror="alert(3)">\n\n**fett**'
    )
    assert "<script" not in html and "alert(1)" not in html
    assert "javascript:" not in html and "onerror" not in html and "klick</a>" in html
    assert "<h2>Hallo</h2>" in html and "<strong>fett</strong>" in html


def test_an_editor_writes_but_only_an_admin_switches_the_site_on(
    association: Any, site_admin: Any
) -> None:
    editor = PersonFactory()
    organization_services.add_person(site_admin, association, editor, "editor")
    with pytest.raises(PermissionDenied):
        services.save_site(editor, association, {"enabled": True})
    website = services.save_site(site_admin, association, {"enabled": True})
    post = services.save_post(editor, website, {"title": {"de": "Sommerfest"}, "status": "draft"})
    assert post.slug == "sommerfest"
    assert AuditEntry.objects.filter(action="website.created").exists()
    assert AuditEntry.objects.filter(action="website_post.created").exists()


def test_another_organisations_admin_cannot_write_on_the_site(website: Any) -> None:
    stranger = PersonFactory()
    make_organization(admin=stranger, name="Anderer Verein")
    with pytest.raises(PermissionDenied):
        services.save_post(stranger, website, {"title": {"de": "Übernahme"}})
    with pytest.raises(PermissionDenied):
        services.save_site(stranger, website.organization, {"enabled": False})
    page = services.save_page(
        website.organization.affiliations.first().person, website, {"title": {"de": "Über uns"}}
    )
    with pytest.raises(PermissionDenied):
        services.save_page(stranger, website, {"title": {"de": "Gehackt"}}, page)
    with pytest.raises(PermissionDenied):
        services.remove_page(stranger, page)


def test_a_scheduled_post_appears_when_its_time_has_come(website: Any, site_admin: Any) -> None:
    soon = timezone.now() + datetime.timedelta(hours=2)
    post = services.save_post(
        site_admin,
        website,
        {"title": {"de": "Konferenz"}, "status": "published", "publish_at": soon},
    )
    draft = services.save_post(site_admin, website, {"title": {"de": "Entwurf"}})
    assert list(queries.live_posts(website)) == []
    later = soon + datetime.timedelta(minutes=1)
    assert list(queries.live_posts(website, now=later)) == [post]
    assert draft not in queries.live_posts(website, now=later)


def test_fallback_to_the_main_language(website: Any, site_admin: Any) -> None:
    post = services.save_post(
        site_admin,
        website,
        {"title": {"de": "Sommerfest", "ar": "مهرجان الصيف"}, "body": {"de": "Wir feiern."}},
    )
    assert post.title_in("ar") == ("مهرجان الصيف", "ar")
    assert post.body_in("ar") == ("Wir feiern.", "de")
    assert post.title_in("tr") == ("Sommerfest", "de")


def test_a_title_is_required_and_the_text_is_kept(website: Any, site_admin: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.save_post(site_admin, website, {"title": {"de": "  "}, "body": {"de": "Text"}})
    assert "title" in error.value.message_dict


def test_revisions_are_kept_and_restored(website: Any, site_admin: Any) -> None:
    page = services.save_page(
        site_admin,
        website,
        {"kind": "history", "title": {"de": "Geschichte"}, "body": {"de": "2017"}},
    )
    services.save_page(
        site_admin, website, {"body": {"de": "2017 gegründet, 2020 gewachsen"}}, page
    )
    services.save_page(site_admin, website, {"status": "published"}, page)  # no text change
    revisions = list(queries.revisions_of(page))
    assert len(revisions) == 2
    services.restore_revision(site_admin, revisions[-1])
    page.refresh_from_db()
    assert page.body == {"de": "2017"}
    assert queries.revisions_of(page).count() == 3
    assert AuditEntry.objects.filter(action="website.revision_restored").exists()


def test_a_light_accent_colour_is_refused(association: Any, site_admin: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.save_site(site_admin, association, {"accent_color": "#ffee88"})
    assert "accent_color" in error.value.message_dict


def test_impressum_names_the_missing_fields(website: Any, site_admin: Any) -> None:
    assert queries.impressum(website).missing == []
    services.save_site(site_admin, website.organization, {"responsible_person": ""})
    website.refresh_from_db()
    impressum = queries.impressum(website)
    assert impressum.missing == ["responsible"]
    assert impressum.values["register"] == "Amtsgericht Rostock, VR 1234"
