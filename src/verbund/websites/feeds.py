"""Machine-readable views of a site: the Atom feed of its news (feedgen), its sitemap, and
the JSON-LD of its home page and posts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from feedgen.feed import FeedGenerator

from verbund.websites.models import Post, Website
from verbund.websites.render import markdown_to_html


def atom(website: Website, posts: Iterable[Post], language: str, base: str) -> bytes:
    org = website.organization
    home = base + reverse("websites:home", args=[org.slug])
    generator = FeedGenerator()
    generator.id(home)
    generator.title(org.name)
    generator.link(href=home, rel="alternate")
    generator.link(href=base + reverse("websites:feed", args=[org.slug]), rel="self")
    generator.language(language)
    generator.author({"name": org.name})
    generator.updated(website.updated_at)
    for post in reversed(list(posts)):  # feedgen puts the last added first
        entry = generator.add_entry()
        url = base + reverse("websites:post", args=[org.slug, post.slug])
        entry.id(url)
        entry.link(href=url)
        entry.title(post.title_in(language)[0])
        entry.published(post.shown_at)
        entry.updated(max(post.updated_at, post.shown_at))
        body, _code = post.body_in(language)
        html = markdown_to_html(body)
        if post.image:
            html = (
                f'<p><img src="{escape(base + post.image.url)}" '
                f'alt="{escape(post.image_alt_in(language), {chr(34): "&quot;"})}"></p>{html}'
            )
        entry.content(html, type="html")
    return bytes(generator.atom_str(pretty=False))


def sitemap(urls: Iterable[tuple[str, dict[str, str]]]) -> bytes:
    """``urls`` are (location, {language: location}) pairs."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for location, alternates in urls:
        lines.append(f"<url><loc>{escape(location)}</loc>")
        for code, href in alternates.items():
            lines.append(f'<xhtml:link rel="alternate" hreflang="{code}" href="{escape(href)}"/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines).encode()


def site_paths(website: Website, pages: Iterable[Any], posts: Iterable[Any]) -> list[str]:
    """The site's public pages, as paths in the current language."""
    slug = website.organization.slug
    paths = [reverse(f"websites:{name}", args=[slug]) for name in ("home", "news", "team")]
    paths += [reverse("websites:events", args=[slug])]
    paths += [reverse("websites:page", args=[slug, p.slug]) for p in pages]
    paths += [reverse("websites:post", args=[slug, p.slug]) for p in posts]
    paths += [reverse(f"websites:{name}", args=[slug]) for name in ("impressum", "privacy")]
    return paths


def in_languages(path_of: Any) -> dict[str, str]:
    result = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result[code] = path_of()
    return result


def _json(data: dict[str, Any]) -> str:
    # "</" cannot end the script element early.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def organization_ld(website: Website, url: str, contact: dict[str, str]) -> str:
    org = website.organization
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": org.name,
        "url": url,
    }
    if contact.get("email"):
        data["email"] = contact["email"]
    if org.city:
        data["address"] = {
            "@type": "PostalAddress",
            "addressLocality": org.city,
            "addressCountry": "DE",
        }
    return _json(data)


def article_ld(post: Post, title: str, url: str, language: str) -> str:
    return _json(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "url": url,
            "inLanguage": language,
            "datePublished": post.shown_at.isoformat(),
            "dateModified": post.updated_at.isoformat(),
            "publisher": {"@type": "Organization", "name": post.website.organization.name},
        }
    )


def events_ics(website: Website, events: Iterable[Any], base: str, host: str) -> bytes:
    """The site's public events as an iCalendar file: whole days, so no time zone applies."""
    import datetime

    import icalendar

    org = website.organization
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Verbund//websites//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", org.name)
    events_url = base + reverse("websites:events", args=[org.slug])
    for conference in events:
        event = icalendar.Event()
        event.add("uid", f"conference-{conference.pk}@{host}")
        event.add("dtstamp", conference.created_at)
        event.add("summary", conference.title)
        event.add("dtstart", conference.starts_on)
        event.add("dtend", conference.ends_on + datetime.timedelta(days=1))
        if conference.place:
            event.add("location", conference.place)
        event.add("url", events_url)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
