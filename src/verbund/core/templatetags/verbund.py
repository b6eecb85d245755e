from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from babel.core import LOCALE_ALIASES
from django import template
from django.conf import settings
from django.template.defaultfilters import date as format_date
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import get_language_info

register = template.Library()


def _in_every_language(request: Any, address: str) -> dict[str, str]:
    """``address`` in each language, as Django's ``translate_url`` gives it, with the path
    resolved once per request: a page shows its language menu and its hreflang links, which
    would otherwise resolve the same path fourteen times."""
    path, _sep, query = address.partition("?")
    resolved: dict[str, Any] = request.__dict__.setdefault("_verbund_resolved_paths", {})
    if path not in resolved:
        try:
            resolved[path] = resolve(unquote(path))
        except Resolver404:
            resolved[path] = None
    match = resolved[path]
    addresses = {}
    for code, _name in settings.LANGUAGES:
        addresses[code] = address
        if match is None:
            continue
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        with translation.override(code):
            try:
                translated = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                continue
        addresses[code] = translated + (f"?{query}" if query else "")
    return addresses


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The current page in every language, so switching keeps the page and its filters."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    translated = _in_every_language(request, path) if request is not None else {}
    current = context.get("LANGUAGE_CODE")
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translated.get(code, path),
                "current": code == current,
                "dir": "rtl" if code in settings.RTL_LANGUAGES else "ltr",
            }
        )
    return links


def absolute(path: str) -> str:
    """An address on the public site (``VERBUND_SITE_URL``), never taken from the Host header."""
    return settings.SITE_URL.rstrip("/") + path


@register.inclusion_tag("core/_page_links.html", takes_context=True)
def page_links(context: dict[str, Any]) -> dict[str, Any]:
    """``<link rel="canonical">`` and one ``rel="alternate" hreflang`` per language plus
    ``x-default`` (the site's default language), all absolute.

    The canonical address is the page's path without its query, unless the view gives the
    query that makes the page what it is as ``canonical_query`` (the directory's filters in
    their stable order, say), so stray parameters and tracking tags never become canonical.
    """
    request = context.get("request")
    if request is None:
        return {"canonical": "", "alternates": []}
    query = str(context.get("canonical_query") or "")
    path = request.path + (f"?{query}" if query else "")
    translated = _in_every_language(request, path)
    alternates = [(code, absolute(translated[code])) for code, _name in settings.LANGUAGES]
    default = dict(alternates)[settings.LANGUAGE_CODE]
    return {"canonical": absolute(path), "alternates": [*alternates, ("x-default", default)]}


@register.filter
def og_locale(code: str) -> str:
    """The Open Graph locale of a language code: ``de`` → ``de_DE`` (CLDR's usual territory)."""
    return LOCALE_ALIASES.get(code, code).split(".")[0]


@register.simple_tag
def og_alternate_locales() -> list[str]:
    current = translation.get_language() or settings.LANGUAGE_CODE
    return [og_locale(code) for code, _name in settings.LANGUAGES if code != current]


@register.filter
def day_and_time(value: Any) -> str:
    """Weekday, date and time with the month in the case each language needs after a day
    number ("7 декабря", not "7. Декабрь"), the clock always in 24 hours."""
    if not value:
        return ""
    weekday, day = format_date(value, "l"), format_date(value, "DATE_FORMAT")
    return f"{weekday}, {day}, {format_date(value, 'H:i')}"


@register.filter
def date_and_time(value: Any) -> str:
    if not value:
        return ""
    return f"{format_date(value, 'DATE_FORMAT')}, {format_date(value, 'H:i')}"
