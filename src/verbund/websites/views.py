"""The public site of an organisation under ``/<lang>/s/<slug>/``.

These pages set no cookies (no CSRF token, no session write, no language cookie: the
language is in the address) and load nothing from other hosts: styles and the accent colour
come from us."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from verbund.core import protection
from verbund.websites import feeds, policy, queries, services
from verbund.websites.forms import ContactForm, SubscribeForm
from verbund.websites.models import Page, Post, Website, text_in
from verbund.websites.render import markdown_to_html


def _site(request: HttpRequest, slug: str) -> Website:
    website = queries.site_of(slug)
    if website is None or not policy.can_view_site(request.user, website):
        raise Http404
    return website


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _alternates(request: HttpRequest) -> list[tuple[str, str, str]]:
    path = request.path
    return [
        (code, str(name), request.build_absolute_uri(translate_url(path, code)))
        for code, name in settings.LANGUAGES
    ]


def _nav(website: Website, language: str) -> list[tuple[str, str]]:
    slug = website.organization.slug
    items = [(reverse("websites:home", args=[slug]), _("Home"))]
    for page in queries.live_pages(website):
        items.append((reverse("websites:page", args=[slug, page.slug]), page.title_in(language)[0]))
    items.append((reverse("websites:news", args=[slug]), _("News")))
    items.append((reverse("websites:team", args=[slug]), _("Team")))
    items.append((reverse("websites:events", args=[slug]), _("Events")))
    if queries.is_network(website):
        items.append((reverse("websites:members", args=[slug]), _("Members")))
    if services.contact_address(website):
        items.append((reverse("websites:contact", args=[slug]), _("Contact")))
    return items


def _render(
    request: HttpRequest, website: Website, template: str, context: dict[str, Any]
) -> HttpResponse:
    language = _language()
    context.update(
        {
            "site": website,
            "org": website.organization,
            "nav": _nav(website, language),
            "alternates": _alternates(request),
            "canonical": request.build_absolute_uri(request.path),
            "current_path": request.path,
            "main_language_name": translation.get_language_info(website.main_language)[
                "name_translated"
            ],
        }
    )
    return render(request, f"websites/{template}", context)


def _text(content: Page | Post, language: str) -> dict[str, Any]:
    title, title_language = content.title_in(language)
    body, body_language = content.body_in(language)
    return {
        "title": title,
        "title_language": title_language,
        "html": markdown_to_html(body),
        "text_language": body_language if body else title_language,
        "fallback": (body_language if body else title_language) != language,
        "rtl": (body_language if body else title_language) in settings.RTL_LANGUAGES,
    }


def _title(content: Page | Post, language: str) -> dict[str, Any]:
    """The title only, for lists (the text is not rendered)."""
    title, title_language = content.title_in(language)
    return {"title": title, "title_language": title_language}


def home(request: HttpRequest, slug: str) -> HttpResponse:
    website = _site(request, slug)
    language = _language()
    description, description_language = website.organization.description_in(language)
    posts = [(p, _title(p, language)) for p in queries.live_posts(website)[:3]]
    return _render(
        request,
        website,
        "home.html",
        {
            "description": description,
            "description_language": description_language,
            "description_fallback": bool(description) and description_language != language,
            "themes": queries.themes_of(website),
            "languages": queries.languages_of(website, language),
            "contact": queries.public_contact(website),
            "posts": posts,
            "header_alt": text_in(website.header_image_alt, language, website.main_language)[0],
            "json_ld": feeds.organization_ld(
                website,
                request.build_absolute_uri(request.path),
                queries.public_contact(website),
            ),
        },
    )


def page(request: HttpRequest, slug: str, page_slug: str) -> HttpResponse:
    website = _site(request, slug)
    found = queries.live_page(website, page_slug)
    if found is None or not policy.can_view_page(request.user, found):
        raise Http404
    return _render(request, website, "page.html", {"text": _text(found, _language())})


def news(request: HttpRequest, slug: str) -> HttpResponse:
    website = _site(request, slug)
    language = _language()
    posts = [(p, _title(p, language)) for p in queries.live_posts(website)[:50]]
    return _render(
        request,
        website,
        "news.html",
        {"posts": posts, "form": SubscribeForm(), "challenge": _challenge(SUBSCRIBE)},
    )


def post(request: HttpRequest, slug: str, post_slug: str) -> HttpResponse:
    website = _site(request, slug)
    found = queries.live_post(website, post_slug)
    if found is None or not policy.can_view_post(request.user, found):
        raise Http404
    text = _text(found, _language())
    json_ld = feeds.article_ld(
        found, text["title"], request.build_absolute_uri(request.path), text["title_language"]
    )
    return _render(
        request,
        website,
        "post.html",
        {
            "post": found,
            "text": text,
            "json_ld": json_ld,
            "image_alt": found.image_alt_in(_language()) if found.image else "",
            "image_url": request.build_absolute_uri(found.image.url) if found.image else "",
        },
    )


def team(request: HttpRequest, slug: str) -> HttpResponse:
    website = _site(request, slug)
    return _render(request, website, "team.html", {"bodies": queries.team(website)})


def events(request: HttpRequest, slug: str) -> HttpResponse:
    website = _site(request, slug)
    return _render(request, website, "events.html", {"events": queries.events(website)})


def members(request: HttpRequest, slug: str) -> HttpResponse:
    website = _site(request, slug)
    if not queries.is_network(website):
        raise Http404
    return _render(request, website, "members.html", {"members": queries.members(website)})


def impressum(request: HttpRequest, slug: str) -> HttpResponse:
    website = _site(request, slug)
    found = queries.impressum(website)
    return _render(
        request,
        website,
        "impressum.html",
        {
            "impressum": found,
            "warn": found.missing and policy.sees_impressum_warning(request.user, website),
        },
    )


def privacy(request: HttpRequest, slug: str) -> HttpResponse:
    website = _site(request, slug)
    return _render(request, website, "privacy.html", {"impressum": queries.impressum(website)})


def theme_css(request: HttpRequest, slug: str) -> HttpResponse:
    """The site's accent colour as a small style sheet (no inline styles under our CSP)."""
    website = _site(request, slug)
    response = HttpResponse(
        f":root {{ --accent: {website.accent_color}; }}\n", content_type="text/css"
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


def feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The Atom feed of the site's news in the current language (with fallback)."""
    website = _site(request, slug)
    if not policy.is_public(website):
        raise Http404
    base = request.build_absolute_uri("/").rstrip("/")
    body = feeds.atom(website, queries.live_posts(website)[:30], _language(), base)
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


def sitemap(request: HttpRequest, slug: str) -> HttpResponse:
    """Every public page of the site, with its versions in every language."""
    website = _site(request, slug)
    if not policy.is_public(website):
        raise Http404
    pages, posts = list(queries.live_pages(website)), list(queries.live_posts(website))
    paths = feeds.in_languages(lambda: feeds.site_paths(website, pages, posts))
    here = paths[_language()]
    urls = []
    for index, path in enumerate(here):
        alternates = {
            code: request.build_absolute_uri(found[index]) for code, found in paths.items()
        }
        urls.append((request.build_absolute_uri(path), alternates))
    return HttpResponse(feeds.sitemap(urls), content_type="application/xml")


# --- Forms for visitors: contact and news by e-mail ------------------------------------------
#
# No CSRF token: it would need a cookie, and these pages set none. What stands in for it: the
# proof-of-work challenge is signed and single-use, a POST from another site's page (its
# Origin header) is refused, and what the form does — send a message to the organisation or a
# confirmation link to the given address — gives a forger nothing.

CONTACT = "website-contact"
SUBSCRIBE = "website-subscribe"


def _foreign_origin(request: HttpRequest) -> bool:
    origin = request.headers.get("Origin")
    return bool(origin) and origin != request.build_absolute_uri("/").rstrip("/")


def _limit(namespace: str, solved: bool) -> protection.Limit:
    allowed = (
        settings.WEBSITE_FORMS_PER_HOUR if solved else settings.WEBSITE_FORMS_PER_HOUR_WITHOUT_POW
    )
    return protection.Limit(namespace, "post", int(allowed))


def _may_go_ahead(request: HttpRequest, namespace: str, form: Any, too_many: str) -> bool:
    """A visitor's form is valid and within its connection's limit (the stricter one when
    the proof-of-work was not solved); a refusal goes into the form, which keeps the input."""
    solved = protection.verify(namespace, str(request.POST.get("altcha") or ""))
    limit = _limit(namespace, solved)
    if protection.exceeded(request, limit):
        form.add_error(None, too_many)
        return False
    if not form.is_valid():
        return False
    protection.count(request, limit)
    return True


def _challenge(namespace: str) -> str:
    return protection.challenge_json(namespace, int(settings.WEBSITE_POW_MAX_NUMBER))


@csrf_exempt
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    website = _site(request, slug)
    if not policy.is_public(website) or not services.contact_address(website):
        raise Http404
    form = ContactForm(request.POST or None)
    sent = False
    if request.method == "POST":
        if _foreign_origin(request):
            return HttpResponse(status=403)
        too_many = _("Too many messages from your connection. Try again in an hour.")
        if _may_go_ahead(request, CONTACT, form, too_many):
            sent = services.send_contact_message(
                website,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
                language=_language(),
            )
    return _render(
        request,
        website,
        "contact.html",
        {"form": form, "sent": sent, "challenge": _challenge(CONTACT)},
    )


@csrf_exempt
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    website = _site(request, slug)
    if not policy.is_public(website):
        raise Http404
    form = SubscribeForm(request.POST or None)
    asked = False
    if request.method == "POST":
        if _foreign_origin(request):
            return HttpResponse(status=403)
        too_many = _("Too many requests from your connection. Try again in an hour.")
        if _may_go_ahead(request, SUBSCRIBE, form, too_many):
            services.subscribe(website, form.cleaned_data["email"], _language())
            asked = True
    return _render(
        request,
        website,
        "subscribe.html",
        {"form": form, "asked": asked, "challenge": _challenge(SUBSCRIBE)},
    )


@csrf_exempt
def confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """A GET shows a button (mail scanners follow links); the POST confirms."""
    website = _site(request, slug)
    try:
        subscriber = services.subscriber_to_confirm(token)
    except ValidationError as error:
        return _render(request, website, "subscribed.html", {"problem": error.messages[0]})
    if subscriber.website_id != website.pk:
        raise Http404
    done = False
    if request.method == "POST":
        services.confirm_subscription(token)
        done = True
    return _render(request, website, "subscribed.html", {"done": done, "confirming": True})


@csrf_exempt  # mail programs post the one-click unsubscribe without a session (RFC 8058)
def unsubscribe(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    website = _site(request, slug)
    try:
        subscriber = services.subscriber_leaving(token)
    except ValidationError:
        return _render(request, website, "subscribed.html", {"left": True, "done": True})
    if subscriber.website_id != website.pk:
        raise Http404
    done = False
    if request.method == "POST":
        services.unsubscribe(token)
        done = True
    return _render(request, website, "subscribed.html", {"left": True, "done": done})


def events_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """The public events for a calendar program to subscribe to."""
    website = _site(request, slug)
    if not policy.is_public(website):
        raise Http404
    base = request.build_absolute_uri("/").rstrip("/")
    body = feeds.events_ics(website, queries.events(website), base, request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-events.ics"'
    return response
