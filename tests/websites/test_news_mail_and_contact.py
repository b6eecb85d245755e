"""Issue 18: news by e-mail with double opt-in and one-click unsubscribe, a news post with an
image (resized, its camera data removed), a network's post as a mailing to its members, and a
contact form that forwards to the organisation's address without showing it. The public
pages of all this set no cookie; nothing a visitor sends through the contact form is stored."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from tests.bombs import png_of_pixels
from tests.factories import PersonFactory, make_organization
from tests.networks.helpers import join, run_worker
from verbund.core import protection
from verbund.core.actors import OPERATOR
from verbund.core.models import AuditEntry
from verbund.networks.models import Mailing
from verbund.websites import services, tasks, views
from verbund.websites.models import Post, Subscriber

pytestmark = pytest.mark.django_db


def solved(namespace: str) -> str:
    return protection.solve(protection.new_challenge(namespace, 1000))


def path_in(message: Any, pattern: str = r"https?://\S+") -> str:
    found = re.search(pattern, message.body)
    assert found, message.body
    return urlsplit(found.group(0)).path


def subscribe(email: str, language: str = "de") -> Any:
    return Client().post(
        f"/{language}/s/kulturbruecke/news/subscribe/",
        {"email": email, "altcha": solved(views.SUBSCRIBE)},
    )


@pytest.mark.django_db(transaction=True)  # the real worker closes its connection
def test_double_opt_in_news_by_mail_and_one_click_unsubscribe(
    website: Any, site_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe("leser@example.org", "ar")
    assert response.status_code == 200 and not response.cookies
    assert 'id="subscribe-asked"' in response.content.decode()
    run_worker()
    [confirmation] = mail.outbox
    assert confirmation.to == ["leser@example.org"]
    assert re.search("[\u0600-\u06ff]", confirmation.subject)  # in the reader's language
    link = path_in(confirmation)
    # A mail scanner's GET confirms nothing.
    page = Client().get(link)
    assert page.status_code == 200 and not page.cookies
    assert Subscriber.objects.get().confirmed_at is None
    # Unconfirmed, the address gets no news.
    post = services.save_post(
        site_admin,
        website,
        {"title": {"de": "Sommerfest", "ar": "حفل الصيف"}, "status": "published"},
    )
    assert tasks.deliver_post.call(post.pk) == 0
    assert Client().post(link).status_code == 200
    assert Subscriber.objects.get().confirmed_at is not None

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_post(site_admin, post) == 1
    run_worker()
    [news] = mail.outbox
    assert news.subject == "حفل الصيف"
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with pytest.raises(ValidationError):  # once per post
        services.send_post(site_admin, post)
    leave = urlsplit(news.extra_headers["List-Unsubscribe"].strip("<>")).path
    assert Client().post(leave).status_code == 200  # the mail program's one click
    assert not Subscriber.objects.exists()  # the address is gone
    assert not AuditEntry.objects.filter(summary__icontains="leser@example.org").exists()


def test_the_form_tells_nobody_who_subscribed_and_unconfirmed_addresses_expire(
    website: Any, django_capture_on_commit_callbacks: Any
) -> None:
    Subscriber.objects.create(
        website=website, email="treu@example.org", language="de", nonce="x",
        confirmed_at=timezone.now(),
    )  # fmt: skip
    old = Subscriber.objects.create(website=website, email="alt@example.org", language="de")
    Subscriber.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    known = subscribe("treu@example.org").content.decode()
    new = subscribe("neu@example.org").content.decode()
    assert 'id="subscribe-asked"' in known and 'id="subscribe-asked"' in new
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "treu@example.org",
        "neu@example.org",
    }


def test_a_scheduled_post_is_mailed_at_its_time_not_before(website: Any, site_admin: Any) -> None:
    Subscriber.objects.create(
        website=website, email="leser@example.org", language="de", nonce="x",
        confirmed_at=timezone.now(),
    )  # fmt: skip
    later = timezone.now() + datetime.timedelta(hours=2)
    post = services.save_post(
        site_admin, website, {"title": {"de": "Später"}, "status": "published", "publish_at": later}
    )
    services.send_post(site_admin, post)
    later_still = later + datetime.timedelta(hours=1)
    Post.objects.filter(pk=post.pk).update(publish_at=later_still)  # the editor moved it
    assert tasks.deliver_post.call(post.pk) == 0  # due at the old time: nothing goes out
    queued = DBTaskResult.objects.filter(task_path__endswith="deliver_post").order_by("-pk")
    first = queued.first()
    assert first is not None and first.run_after == later_still  # it goes out at the new time
    before = queued.count()
    Post.objects.filter(pk=post.pk).update(status="draft")
    assert tasks.deliver_post.call(post.pk) == 0 and queued.count() == before  # withdrawn
    Post.objects.filter(pk=post.pk).update(status="published")
    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now())
    assert tasks.deliver_post.call(post.pk) == 1


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (3000, 2000), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Kamera GmbH"  # Make
    exif[0x8825] = {1: "N", 2: (54.0, 5.0, 30.0)}  # GPS position
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_an_image_is_resized_and_loses_its_camera_data(website: Any, site_admin: Any) -> None:
    upload = SimpleUploadedFile("fest.jpg", photo_with_gps(), content_type="image/jpeg")
    with pytest.raises(ValidationError) as missing:
        services.save_post(
            site_admin, website, {"title": {"de": "Fest"}, "image": upload, "image_alt": {}}
        )
    assert "image_alt" in missing.value.message_dict
    upload.seek(0)
    post = services.save_post(
        site_admin,
        website,
        {"title": {"de": "Fest"}, "image": upload, "image_alt": {"de": "Tanz im Hof"}},
    )
    with Image.open(post.image.path) as stored:
        assert max(stored.size) == 1600 and (post.image_width, post.image_height) == stored.size
        assert not stored.getexif()
    with open(post.image.path, "rb") as file:
        assert b"Kamera GmbH" not in file.read()


def test_an_image_bomb_is_refused(website: Any, site_admin: Any, settings: Any) -> None:
    settings.WEBSITE_IMAGE_MAX_SOURCE_PIXELS = 10_000_000
    bomb = SimpleUploadedFile("bomb.png", png_of_pixels(5000, 5000), content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        services.save_post(
            site_admin, website, {"title": {"de": "x"}, "image": bomb, "image_alt": {"de": "x"}}
        )
    assert refused.value.error_dict["image"][0].code == "too_many_pixels"


def test_contact_form_forwards_without_showing_the_address_and_stores_nothing(
    website: Any, settings: Any
) -> None:
    settings.WEBSITE_FORMS_PER_HOUR = 2
    visitor = Client()
    page = visitor.get("/de/s/kulturbruecke/contact/")
    assert "post@kulturbruecke.example" not in page.content.decode() and not page.cookies
    entries = AuditEntry.objects.count()
    form = {"name": "Mira", "email": "mira@example.org", "message": "Wann ist das Fest?"}
    response = visitor.post(
        "/de/s/kulturbruecke/contact/", {**form, "altcha": solved(views.CONTACT)}
    )
    assert 'id="contact-sent"' in response.content.decode() and not response.cookies
    [message] = mail.outbox
    assert message.to == ["post@kulturbruecke.example"] and message.reply_to == ["mira@example.org"]
    assert "Wann ist das Fest?" in message.body
    assert "post@kulturbruecke.example" not in response.content.decode()
    assert AuditEntry.objects.count() == entries  # nothing kept
    # A reused challenge counts as none: the stricter limit applies.
    visitor.post("/de/s/kulturbruecke/contact/", {**form, "altcha": solved(views.CONTACT)})
    blocked = visitor.post(
        "/de/s/kulturbruecke/contact/", {**form, "altcha": solved(views.CONTACT)}
    )
    assert "Too many" in blocked.content.decode() or "Zu viele" in blocked.content.decode()
    assert len(mail.outbox) == 2
    # From another site's page: refused.
    foreign = Client(HTTP_ORIGIN="https://evil.example").post(
        "/de/s/kulturbruecke/contact/", {**form, "altcha": solved(views.CONTACT)}
    )
    assert foreign.status_code == 403


def test_a_networks_post_becomes_a_draft_mailing_to_its_members(db: Any) -> None:
    coordinator = PersonFactory()
    network = make_organization(name="Netz Nord", slug="netz-nord", admin=coordinator)
    join(OPERATOR, network, make_organization(name="Mitglied", email="m@example.org"))
    site = services.save_site(coordinator, network, {"enabled": True})
    titles = {"de": "Aufruf", "tr": "\u00c7a\u011fr\u0131"}
    post = services.save_post(
        coordinator, site, {"title": titles, "body": {"de": "Kommt!"}, "status": "published"}
    )
    client = Client()
    client.force_login(coordinator)
    response = client.post(f"/de/s/netz-nord/edit/news/{post.pk}/mailing/")
    mailing = Mailing.objects.get()
    assert response["Location"].endswith(f"/mailings/{mailing.pk}/")
    assert mailing.versions["de"]["subject"] == "Aufruf"
    assert "/s/netz-nord/news/" in mailing.versions["de"]["body"]
    assert mailing.versions["tr"]["subject"] == titles["tr"]
    # Someone who only writes for the site of a member may not mail the network's members.
    stranger = Client()
    stranger.force_login(PersonFactory())
    assert stranger.post(f"/de/s/netz-nord/edit/news/{post.pk}/mailing/").status_code == 403


def test_public_events_as_icalendar_read_by_two_parsers(website: Any, db: Any) -> None:
    import icalendar
    import vobject

    from verbund.assemblies import services as assembly_services

    network = make_organization(name="Netz Ost", slug="netz-ost", kind="umbrella", admin=None)
    site = services.save_site(OPERATOR, network, {"enabled": True})
    start = timezone.localdate() + datetime.timedelta(days=20)
    assembly_services.save_conference(
        OPERATOR,
        network,
        {
            "title": "Jahreskonferenz",
            "starts_on": start,
            "ends_on": start + datetime.timedelta(days=1),
            "place": "Rostock",
        },
    )
    del site
    response = Client().get("/de/s/netz-ost/events.ics")
    assert response["Content-Type"].startswith("text/calendar") and not response.cookies
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Jahreskonferenz" and str(event["LOCATION"]) == "Rostock"
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + datetime.timedelta(days=2)  # exclusive end
    parsed = vobject.readOne(response.content.decode())
    assert parsed.vevent.summary.value == "Jahreskonferenz"
    assert parsed.vevent.dtstart.value == start


def test_a_header_image_is_cleaned_and_described(website: Any, site_admin: Any) -> None:
    upload = SimpleUploadedFile("kopf.jpg", photo_with_gps(), content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.save_site(site_admin, website.organization, {"header_image": upload})
    upload.seek(0)
    saved = services.save_site(
        site_admin,
        website.organization,
        {"header_image": upload, "header_image_alt": {"de": "Unser Hof im Sommer"}},
    )
    with Image.open(saved.header_image.path) as stored:
        assert max(stored.size) == 1600 and not stored.getexif()
    page = Client().get("/de/s/kulturbruecke/").content.decode()
    assert 'alt="Unser Hof im Sommer"' in page and saved.header_image.url in page
