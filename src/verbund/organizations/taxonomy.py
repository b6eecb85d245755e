"""The registry's fixed vocabularies: kinds, themes, federal states, legal forms, functions.

Codes are stored; labels are translated at display time. Language names come from Babel's
CLDR data so every ISO 639-1 language is named in the viewer's own language.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MIGRANT_ORGANISATION = "migrant", _("Migrant organisation")
    NEW_GERMAN_ORGANISATION = "new_german", _("New German organisation")
    UMBRELLA = "umbrella", _("Umbrella association")
    FEDERAL = "federal", _("Federal association")
    STATE = "state", _("State association")
    PARENTS_NETWORK = "parents", _("Parents' network")
    LOCAL_NETWORK = "local_network", _("Local network")
    PARTNER = "partner", _("Partner institution")


class PartnerKind(models.TextChoices):
    SCHOOL = "school", _("School")
    DAY_CARE = "day_care", _("Day-care centre")
    JOBCENTER = "jobcenter", _("Jobcenter")
    YOUTH_OFFICE = "youth_office", _("Youth welfare office")
    IMMIGRATION_OFFICE = "immigration_office", _("Immigration office")
    SOCIAL_OFFICE = "social_office", _("Social welfare office")
    MIGRATION_COUNSELLING = "migration_counselling", _("Migration counselling")
    WOMENS_SHELTER = "womens_shelter", _("Women's shelter")
    RELIGIOUS_COMMUNITY = "religious_community", _("Religious community")
    POLICE = "police", _("Police")
    FOUNDATION = "foundation", _("Foundation")
    POLITICAL_EDUCATION = "political_education", _("Political education")
    AUTHORITY = "authority", _("Public authority")
    OTHER = "other", _("Other institution")


class Theme(models.TextChoices):
    EDUCATION_FAMILY = "education_family", _("Education & family")
    YOUTH = "youth", _("Youth")
    POLITICS_PARTICIPATION = "politics", _("Politics & participation")
    WOMENS_RIGHTS = "womens_rights", _("Women's rights")
    EMPOWERMENT = "empowerment", _("Empowerment")
    ECONOMY_WORK = "economy_work", _("Economy & work")
    ANTI_RACISM = "anti_racism", _("Anti-racism & anti-discrimination")
    REFUGEES_ASYLUM = "refugees_asylum", _("Refugees & asylum")
    HEALTH_SOCIAL = "health_social", _("Health & social")
    CULTURE = "culture", _("Culture")
    SPORT = "sport", _("Sport")
    LANGUAGE_COURSES = "language_courses", _("Language & integration courses")


# Membership tests on ``Choices.values`` build a new list each time; these are built once.
KIND_CODES = frozenset(Kind.values)
THEME_CODES = frozenset(Theme.values)


class FederalState(models.TextChoices):
    """ISO 3166-2:DE codes."""

    BW = "BW", _("Baden-Württemberg")
    BY = "BY", _("Bavaria")
    BE = "BE", _("Berlin")
    BB = "BB", _("Brandenburg")
    HB = "HB", _("Bremen")
    HH = "HH", _("Hamburg")
    HE = "HE", _("Hesse")
    MV = "MV", _("Mecklenburg-Western Pomerania")
    NI = "NI", _("Lower Saxony")
    NW = "NW", _("North Rhine-Westphalia")
    RP = "RP", _("Rhineland-Palatinate")
    SL = "SL", _("Saarland")
    SN = "SN", _("Saxony")
    ST = "ST", _("Saxony-Anhalt")
    SH = "SH", _("Schleswig-Holstein")
    TH = "TH", _("Thuringia")


class LegalForm(models.TextChoices):
    REGISTERED_ASSOCIATION = "ev", _("Registered association (e.V.)")
    NON_PROFIT_COMPANY = "ggmbh", _("Non-profit limited company (gGmbH)")
    FOUNDATION = "foundation", _("Foundation")
    CIVIL_LAW_PARTNERSHIP = "gbr", _("Civil-law partnership (GbR)")
    COOPERATIVE = "eg", _("Cooperative (eG)")
    PUBLIC_BODY = "public", _("Public body")
    INFORMAL = "informal", _("Informal group")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    STAFF = "staff", _("Staff only")


class Function(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    TREASURER = "treasurer", _("Treasurer")
    BOARD_MEMBER = "board_member", _("Board member")
    SPOKESPERSON = "spokesperson", _("Spokesperson")
    COORDINATOR = "coordinator", _("Coordinator")
    OFFICE = "office", _("Office")
    PRESS = "press", _("Press contact")
    CONTACT = "contact", _("Contact person")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    """What a person may do for an organisation on the platform."""

    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")
    MEMBER = "member", _("Member")


# ISO 639-1 codes the registry offers. All of them, so no community is left out.
_ISO_639_1 = (
    "aa",
    "ab",
    "ae",
    "af",
    "ak",
    "am",
    "an",
    "ar",
    "as",
    "av",
    "ay",
    "az",
    "ba",
    "be",
    "bg",
    "bi",
    "bm",
    "bn",
    "bo",
    "br",
    "bs",
    "ca",
    "ce",
    "ch",
    "co",
    "cr",
    "cs",
    "cu",
    "cv",
    "cy",
    "da",
    "de",
    "dv",
    "dz",
    "ee",
    "el",
    "en",
    "eo",
    "es",
    "et",
    "eu",
    "fa",
    "ff",
    "fi",
    "fj",
    "fo",
    "fr",
    "fy",
    "ga",
    "gd",
    "gl",
    "gn",
    "gu",
    "gv",
    "ha",
    "he",
    "hi",
    "ho",
    "hr",
    "ht",
    "hu",
    "hy",
    "hz",
    "ia",
    "id",
    "ie",
    "ig",
    "ii",
    "ik",
    "io",
    "is",
    "it",
    "iu",
    "ja",
    "jv",
    "ka",
    "kg",
    "ki",
    "kj",
    "kk",
    "kl",
    "km",
    "kn",
    "ko",
    "kr",
    "ks",
    "ku",
    "kv",
    "kw",
    "ky",
    "la",
    "lb",
    "lg",
    "li",
    "ln",
    "lo",
    "lt",
    "lu",
    "lv",
    "mg",
    "mh",
    "mi",
    "mk",
    "ml",
    "mn",
    "mr",
    "ms",
    "mt",
    "my",
    "na",
    "nb",
    "nd",
    "ne",
    "ng",
    "nl",
    "nn",
    "no",
    "nr",
    "nv",
    "ny",
    "oc",
    "oj",
    "om",
    "or",
    "os",
    "pa",
    "pi",
    "pl",
    "ps",
    "pt",
    "qu",
    "rm",
    "rn",
    "ro",
    "ru",
    "rw",
    "sa",
    "sc",
    "sd",
    "se",
    "sg",
    "si",
    "sk",
    "sl",
    "sm",
    "sn",
    "so",
    "sq",
    "sr",
    "ss",
    "st",
    "su",
    "sv",
    "sw",
    "ta",
    "te",
    "tg",
    "th",
    "ti",
    "tk",
    "tl",
    "tn",
    "to",
    "tr",
    "ts",
    "tt",
    "tw",
    "ty",
    "ug",
    "uk",
    "ur",
    "uz",
    "ve",
    "vi",
    "vo",
    "wa",
    "wo",
    "xh",
    "yi",
    "yo",
    "za",
    "zh",
    "zu",
)
LANGUAGE_CODES: tuple[str, ...] = tuple(sorted(_ISO_639_1))
LANGUAGE_CODE_SET = frozenset(LANGUAGE_CODES)


@lru_cache(maxsize=16)
def _language_names(locale_code: str) -> dict[str, str]:
    try:
        names = Locale.parse(locale_code).languages
    except (ValueError, LookupError):
        names = Locale.parse("en").languages
    english = Locale.parse("en").languages
    return {code: names.get(code) or english.get(code) or code for code in LANGUAGE_CODES}


def language_name(code: str, locale_code: str | None = None) -> str:
    """The name of an ISO 639-1 language in the viewer's language ("tr" -> "Türkisch")."""
    names = _language_names(locale_code or translation.get_language() or "de")
    return names.get(code, code)


def language_choices(locale_code: str | None = None) -> list[tuple[str, str]]:
    names = _language_names(locale_code or translation.get_language() or "de")
    return sorted(names.items(), key=lambda item: item[1].casefold())


# The first two digits of a German postal code and the states they mostly belong to.
# Postal regions cross state borders, so a code may belong to more than one state.
POSTAL_REGION_STATES: dict[str, tuple[str, ...]] = {
    "01": ("SN",),
    "02": ("SN",),
    "03": ("BB", "SN"),
    "04": ("SN", "ST", "TH"),
    "06": ("ST", "SN", "TH"),
    "07": ("TH", "SN"),
    "08": ("SN",),
    "09": ("SN",),
    "10": ("BE",),
    "11": ("BE",),
    "12": ("BE",),
    "13": ("BE",),
    "14": ("BB", "BE"),
    "15": ("BB",),
    "16": ("BB",),
    "17": ("MV", "BB"),
    "18": ("MV",),
    "19": ("MV", "SH", "BB"),
    "20": ("HH",),
    "21": ("HH", "NI", "SH"),
    "22": ("HH", "SH"),
    "23": ("SH", "MV"),
    "24": ("SH",),
    "25": ("SH",),
    "26": ("NI",),
    "27": ("NI", "HB"),
    "28": ("HB", "NI"),
    "29": ("NI", "ST"),
    "30": ("NI",),
    "31": ("NI",),
    "32": ("NW", "NI"),
    "33": ("NW", "NI"),
    "34": ("HE", "NI", "NW"),
    "35": ("HE",),
    "36": ("HE", "TH"),
    "37": ("NI", "HE", "TH"),
    "38": ("NI", "ST"),
    "39": ("ST", "NI"),
    "40": ("NW",),
    "41": ("NW",),
    "42": ("NW",),
    "44": ("NW",),
    "45": ("NW",),
    "46": ("NW",),
    "47": ("NW",),
    "48": ("NW", "NI"),
    "49": ("NI", "NW"),
    "50": ("NW",),
    "51": ("NW",),
    "52": ("NW",),
    "53": ("NW", "RP"),
    "54": ("RP",),
    "55": ("RP",),
    "56": ("RP",),
    "57": ("NW", "RP", "HE"),
    "58": ("NW",),
    "59": ("NW",),
    "60": ("HE",),
    "61": ("HE",),
    "63": ("HE", "BY"),
    "64": ("HE",),
    "65": ("HE", "RP"),
    "66": ("SL", "RP"),
    "67": ("RP",),
    "68": ("BW", "HE"),
    "69": ("BW", "HE"),
    "70": ("BW",),
    "71": ("BW",),
    "72": ("BW",),
    "73": ("BW",),
    "74": ("BW",),
    "75": ("BW",),
    "76": ("BW", "RP"),
    "77": ("BW",),
    "78": ("BW",),
    "79": ("BW",),
    "80": ("BY",),
    "81": ("BY",),
    "82": ("BY",),
    "83": ("BY",),
    "84": ("BY",),
    "85": ("BY",),
    "86": ("BY",),
    "87": ("BY",),
    "88": ("BW", "BY"),
    "89": ("BW", "BY"),
    "90": ("BY",),
    "91": ("BY",),
    "92": ("BY",),
    "93": ("BY",),
    "94": ("BY",),
    "95": ("BY",),
    "96": ("BY", "TH"),
    "97": ("BY", "BW", "HE"),
    "98": ("TH",),
    "99": ("TH",),
}


class TakeOverStatus(models.TextChoices):
    """Where an invitation to take over a profile stands (expiry is read from its date)."""

    QUEUED = "queued", _("Being sent")
    SENT = "sent", _("Invited")
    OPENED = "opened", _("Opened")
    ACCEPTED = "accepted", _("Accepted")
    BOUNCED = "bounced", _("Not delivered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_TAKE_OVER = (TakeOverStatus.QUEUED, TakeOverStatus.SENT, TakeOverStatus.OPENED)


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ClaimMethod(models.TextChoices):
    ADDRESS = "address", _("confirmed from the organisation's registered address")
    DECISION = "decision", _("decided by the network or the platform team")
    SUPERSEDED = "superseded", _("closed: the organisation has an administrator now")
