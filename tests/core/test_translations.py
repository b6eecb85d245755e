"""The translation catalogues: they compile, German and English are complete, the other five
languages cover the public pages, and a page in one language shows no words of another.

The catalogues are compiled here with Babel into a temporary directory (as `make messages`
does into the source tree), so these tests always check the current ``.po`` files.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.template.loader import get_template
from django.utils.translation.template import templatize

from tests.factories import make_organization

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
COMPLETE = ("de", "en")
PUBLIC_ONLY = ("tr", "ar", "fa", "ru", "uk")
NON_LATIN = ("ar", "fa", "ru", "uk")

# The CLDR plural category of each gettext plural form, in order.
PLURAL_CATEGORIES = {
    "de": ("one", "other"),
    "en": ("one", "other"),
    "tr": ("one", "other"),
    "fa": ("one", "other"),
    "ar": ("zero", "one", "two", "few", "many", "other"),
    "ru": ("one", "few", "many"),
    "uk": ("one", "few", "many"),
}

# What a visitor sees without logging in. Templates are found through Django's loader, so an
# override in our templates wins over the package's own, as at run time.
PUBLIC_TEMPLATES = (
    "base.html",
    "site/home.html",
    "403.html",
    "404.html",
    "organizations/directory.html",
    "organizations/profile.html",
    "maps/map.html",
    "maps/embed.html",
    "networks/index.html",
    "networks/detail.html",
    "networks/_who_we_are.html",
    "account/login.html",
    "account/signup.html",
    "account/password_reset.html",
    "counselling/report_form.html",
    "counselling/receipt_issued.html",
    "counselling/receipt.html",
    "counselling/report_refused.html",
    "counselling/receipt_refused.html",
    "exchange/index.html",
    "exchange/detail.html",
    "exchange/_card.html",
)
PUBLIC_PYTHON = (
    Path(settings.BASE_DIR) / "organizations" / "taxonomy.py",
    Path(settings.BASE_DIR) / "networks" / "taxonomy.py",
    Path(settings.BASE_DIR) / "counselling" / "taxonomy.py",
    Path(settings.BASE_DIR) / "counselling" / "forms.py",
    Path(settings.BASE_DIR) / "exchange" / "taxonomy.py",
    Path(settings.BASE_DIR) / "settings.py",  # the names of the seven languages
)
KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def read_catalogue(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=language)


def msgid_of(message: Any) -> str:
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


def is_translated(message: Any) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return not message.fuzzy and all(strings)


@pytest.fixture(scope="module")
def compiled_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every catalogue compiled with Babel, as `make messages` does."""
    target = tmp_path_factory.mktemp("locale")
    for language in LANGUAGES:
        catalog = read_catalogue(language)
        out = target / language / "LC_MESSAGES"
        out.mkdir(parents=True)
        with (out / "django.mo").open("wb") as handle:
            write_mo(handle, catalog)
    return target


@pytest.fixture
def current_translations(settings: Any, compiled_locale: Path) -> Iterator[None]:
    # Changing LOCALE_PATHS makes Django drop its cached catalogues.
    settings.LOCALE_PATHS = [compiled_locale]
    yield


# --- (a) every catalogue exists and compiles ----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_exists_and_compiles_without_errors(language: str, compiled_locale: Path) -> None:
    catalog = read_catalogue(language)
    assert not catalog.fuzzy, "the header is marked fuzzy: Babel would skip the whole catalogue"
    assert str(catalog.locale) == language
    problems = [
        f"{msgid_of(message)!r}: {'; '.join(str(error) for error in errors)}"
        for message, errors in catalog.check()
    ]
    assert problems == []
    with (compiled_locale / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = read_mo(handle)
    assert len(compiled) > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_header_picks_the_form_cldr_names(language: str) -> None:
    catalog = read_catalogue(language)
    categories = PLURAL_CATEGORIES[language]
    assert catalog.num_plurals == len(categories)
    choose = gettext.c2py(catalog.plural_expr)
    locale = Locale.parse(language)
    wrong = [
        (n, categories[choose(n)], locale.plural_form(n))
        for n in range(0, 250)
        if categories[choose(n)] != locale.plural_form(n)
    ]
    assert wrong == [], "number, our form, CLDR form"


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_for_several_numbers_name_the_number(language: str) -> None:
    """Russian uses its "one" form for 1, 21, 31 …: such a form must show the count."""
    catalog = read_catalogue(language)
    choose = gettext.c2py(catalog.plural_expr)
    forms_used = [choose(n) for n in range(0, 250)]
    shared = {form for form in set(forms_used) if forms_used.count(form) > 1}
    bad = []
    for message in catalog:
        if not isinstance(message.id, tuple | list) or not is_translated(message):
            continue
        needed = set(PLACEHOLDER.findall(message.id[1]))
        for form, text in enumerate(message.string):
            if form in shared and not needed <= set(PLACEHOLDER.findall(text)):
                bad.append((message.id[0], form, text))
    assert bad == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language: str) -> None:
    """A translation must not name a placeholder its msgid lacks (it would raise KeyError)."""
    placeholder = PLACEHOLDER
    bad = []
    for message in read_catalogue(language):
        if not message.id or not is_translated(message):
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        allowed = {name for text in ids for name in placeholder.findall(text)}
        for text in strings:
            if set(placeholder.findall(text)) - allowed:
                bad.append((msgid_of(message), text))
    assert bad == []


# --- (b) German and English are complete ----------------------------------------------------------


@pytest.mark.parametrize("language", COMPLETE)
def test_german_and_english_have_no_untranslated_or_fuzzy_entries(language: str) -> None:
    catalog = read_catalogue(language)
    fuzzy = [msgid_of(m) for m in catalog if m.id and m.fuzzy]
    missing = [msgid_of(m) for m in catalog if m.id and not m.fuzzy and not is_translated(m)]
    assert fuzzy == []
    assert missing == [], "run tools/i18n_status.py and translate these"


def test_status_tool_agrees_that_german_and_english_are_complete(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tools.i18n_status import main

    assert main(["--check", "--summary", "--languages", *COMPLETE]) == 0
    assert "de: " in capsys.readouterr().out


@pytest.mark.parametrize("language", COMPLETE)
def test_every_msgid_of_the_source_is_translated(language: str) -> None:
    """A string added to the code but not to the catalogues would show in English on a
    German page; tools/translations.py lists and adds them."""
    from tools.translations import missing, source_messages

    assert missing(language, source_messages()) == []


# --- (c) the other languages cover the public pages -------------------------------------------


def extract_msgids(code: str) -> set[tuple[str | None, str]]:
    found = set()
    for _lineno, message, _comments, context in extract(
        "python", io.BytesIO(code.encode("utf-8")), keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple | list) else message
        if singular:
            found.add((context, singular))
    return found


@cache
def public_msgids() -> frozenset[tuple[str | None, str]]:
    msgids: set[tuple[str | None, str]] = set()
    for name in PUBLIC_TEMPLATES:
        path = Path(get_template(name).origin.name)
        msgids |= extract_msgids(templatize(path.read_text(encoding="utf-8"), origin=str(path)))
    for path in PUBLIC_PYTHON:
        msgids |= extract_msgids(path.read_text(encoding="utf-8"))
    return frozenset(msgids)


def package_catalogues(language: str) -> list[Catalog]:
    """The catalogues Django and allauth ship, which translate their own templates."""
    import allauth
    import django

    catalogues = []
    for package in (django.__path__[0] + "/conf", allauth.__path__[0]):
        path = Path(package) / "locale" / language / "LC_MESSAGES" / "django.mo"
        if path.exists():
            with path.open("rb") as handle:
                catalogues.append(read_mo(handle))
    return catalogues


def test_public_msgids_are_found() -> None:
    msgids = {msgid for _context, msgid in public_msgids()}
    assert {"Search", "Skip to content", "Migrant organisation", "Thuringia"} <= msgids
    login_page = Path(get_template("account/login.html").origin.name).read_text(encoding="utf-8")
    login_msgids = extract_msgids(templatize(login_page))
    assert login_msgids
    assert login_msgids <= public_msgids()


@pytest.mark.parametrize("language", ["de", *PUBLIC_ONLY])
def test_every_public_string_is_translated(language: str) -> None:
    ours = {
        (message.context, msgid_of(message))
        for message in read_catalogue(language)
        if message.id and is_translated(message)
    }
    theirs = {
        (message.context, msgid_of(message))
        for catalog in package_catalogues(language)
        for message in catalog
        if message.id and message.string and all(message.string)
    }
    missing = sorted(
        msgid for context, msgid in public_msgids() if (context, msgid) not in ours | theirs
    )
    assert missing == [], f"untranslated public strings in {language}"


# --- (d) a page in one language shows no words of another ---------------------------------------


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GERMAN_WORDS = words(
    """und der die das nicht mit für oder Sie Ihre zum Suche Suchen Organisation Organisationen
    Verzeichnis Sprache Sprachen Anmelden Abmelden Seite Thema Themen Bundesland Ort Kontakt
    Passwort Vereine Beratung Familien Nachbarschaft Jugendliche Karte Netzwerke"""
)
ENGLISH_WORDS = words(
    """the and of for with your you or is are near Search search organisation organisations
    Organisations Language Languages Log Sign Password Forgot Remember Skip content Page Previous
    Next Find listed directory Main Themes Contact About Federal state Kind City Map Networks
    members"""
)
# Latin-script words that belong on an Arabic, Persian, Russian or Ukrainian page: names of
# products, formats, data sources and the map data's licence.
LATIN_ALLOWED = words(
    """Verbund JavaScript PNG JPEG GIF WebP MB Ctrl Cmd https OpenStreetMap countrystatecity
    Open Database License ODbL"""
)
WORD = re.compile(r"[^\W\d_]+")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

GERMAN_DESCRIPTION = "Wir beraten Familien und Jugendliche in der Nachbarschaft."


class VisibleText(HTMLParser):
    """The text a visitor sees or hears, minus elements marked as another language."""

    SKIP = {"script", "style", "template", "noscript"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
    SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page_language = ""
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden)
        self.parts: list[str] = []

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.page_language = values.get("lang") or ""
        language = values.get("lang")
        hidden = (
            self.hidden
            or tag in self.SKIP
            or (tag != "html" and language is not None and language != self.page_language)
        )
        if not hidden:
            spoken = (values[name] or "" for name in self.SPOKEN_ATTRIBUTES if name in values)
            self.parts.extend(spoken)
            if tag == "input" and values.get("type") in {"submit", "button"}:
                self.parts.append(values.get("value") or "")
        if tag not in self.VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> tuple[str, str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.page_language, " ".join(parser.parts)


@pytest.fixture
def german_only_profile(db: Any) -> Any:
    return make_organization(
        name="Yeni Ufuk Leipzig",
        short_name="YUL",
        city="Leipzig",
        postal_code="04109",
        federal_state="SN",
        description={"de": GERMAN_DESCRIPTION},
        themes=["education_family", "youth"],
        languages=["tr", "ar", "ku"],
    )


def public_pages(organization: Any) -> dict[str, tuple[str, dict[str, str] | None]]:
    """Pages by name: the URL (``{}`` is the language) and, for a form sent back with
    errors, what is posted. Validation messages come from Django and allauth, and a message
    their catalogue lacks falls back to German, the default language."""
    return {
        "home": ("/{}/", None),
        "directory": ("/{}/organisations/", None),
        "search": ("/{}/organisations/?q=Leipzig", None),
        "profile": ("/{}/organisations/" + organization.slug + "/", None),
        "not found": ("/{}/organisations/no-such-organisation/", None),
        "login": ("/{}/accounts/login/", None),
        "login failed": (
            "/{}/accounts/login/",
            {"login": "nobody@example.org", "password": "not-the-password-1"},
        ),
        "signup": ("/{}/accounts/signup/", None),
        "signup with errors": (
            "/{}/accounts/signup/",
            {"email": "not-an-address", "password1": "123", "password2": "1234"},
        ),
        "password reset": ("/{}/accounts/password/reset/", None),
        "map": ("/{}/map/", None),
        "networks": ("/{}/networks/", None),
        "exchange": ("/{}/exchange/", None),
    }


def page_words(
    client: Any, url: str, language: str, organization: Any, data: dict[str, str] | None = None
) -> list[str]:
    response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code in {200, 404}, url
    page_language, text = visible_text(response.content.decode())
    assert page_language == language, url
    for user_content in (organization.name, organization.short_name, organization.city):
        text = text.replace(user_content, " ")
    return WORD.findall(text)


@pytest.mark.django_db
@pytest.mark.usefixtures("current_translations")
def test_english_pages_show_no_german(client: Any, german_only_profile: Any) -> None:
    found = {}
    for name, (url, data) in public_pages(german_only_profile).items():
        words = page_words(client, url.format("en"), "en", german_only_profile, data)
        if german := sorted(set(words) & GERMAN_WORDS):
            found[name] = german
    assert found == {}


@pytest.mark.django_db
@pytest.mark.usefixtures("current_translations")
def test_german_only_description_is_marked_as_german_on_the_english_profile(
    client: Any, german_only_profile: Any
) -> None:
    html = client.get(f"/en/organisations/{german_only_profile.slug}/").content.decode()
    assert re.search(r'<div class="description" lang="de"[^>]*>\s*<p>' + GERMAN_DESCRIPTION, html)


@pytest.mark.django_db
@pytest.mark.usefixtures("current_translations")
@pytest.mark.parametrize("language", ["de", "tr"])
def test_german_and_turkish_pages_show_no_english(
    client: Any, german_only_profile: Any, language: str
) -> None:
    found = {}
    for name, (url, data) in public_pages(german_only_profile).items():
        words = page_words(client, url.format(language), language, german_only_profile, data)
        if english := sorted(set(words) & ENGLISH_WORDS):
            found[name] = english
    assert found == {}


@pytest.mark.django_db
@pytest.mark.usefixtures("current_translations")
@pytest.mark.parametrize("language", NON_LATIN)
def test_non_latin_pages_show_no_latin_words(
    client: Any, german_only_profile: Any, language: str
) -> None:
    """On Arabic, Persian, Russian and Ukrainian pages any Latin word is an untranslated one."""
    found = {}
    for name, (url, data) in public_pages(german_only_profile).items():
        page = page_words(client, url.format(language), language, german_only_profile, data)
        text = " ".join(page)
        if latin := sorted(set(LATIN_WORD.findall(text)) - LATIN_ALLOWED):
            found[name] = latin
    assert found == {}


# --- (e) Arabic and Persian run right to left ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("current_translations")
@pytest.mark.parametrize("language", LANGUAGES)
def test_text_direction_follows_the_language(client: Any, language: str) -> None:
    html = client.get(f"/{language}/").content.decode()
    direction = "rtl" if language in {"ar", "fa"} else "ltr"
    assert re.search(rf'<html lang="{language}" dir="{direction}">', html)
