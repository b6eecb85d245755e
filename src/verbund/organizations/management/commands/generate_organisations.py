"""Generate a realistic, fictional registry for load tests and benchmarks.

Mostly migrant organisations, some networks, associations and partner institutions; spread
over the federal states roughly by population, in real cities with their postal codes; with
themes, languages, tags and descriptions in several languages. People are fictional.

Rows are written in batches through ``services.create_organizations``, the bulk path of a
spreadsheet import, so generated organisations are validated, pinned, audited and found
exactly like edited ones.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils.text import slugify

from verbund.core.actors import OPERATOR
from verbund.core.text import fold
from verbund.organizations import services
from verbund.organizations.models import (
    Organization,
    OrganizationLanguage,
    OrganizationTag,
    OrganizationTheme,
    SearchDocument,
    Tag,
)
from verbund.organizations.taxonomy import (
    Function,
    Kind,
    LegalForm,
    PartnerKind,
    Status,
    Theme,
    Visibility,
)


@dataclass(frozen=True)
class City:
    name: str
    postal_code: str
    state: str
    latitude: float
    longitude: float
    population: int  # thousands
    districts: tuple[tuple[str, str, float, float], ...] = ()


# Real cities with a postal code of each, coordinates of the centre and population (thousands).
CITIES: tuple[City, ...] = (
    City("Stuttgart", "70173", "BW", 48.78, 9.18, 630),
    City("Mannheim", "68159", "BW", 49.49, 8.47, 315),
    City("Karlsruhe", "76133", "BW", 49.01, 8.40, 306),
    City("Freiburg im Breisgau", "79098", "BW", 47.99, 7.85, 231),
    City("Heidelberg", "69117", "BW", 49.40, 8.69, 160),
    City("Ulm", "89073", "BW", 48.40, 9.99, 126),
    City("Heilbronn", "74072", "BW", 49.14, 9.22, 126),
    City("Pforzheim", "75175", "BW", 48.89, 8.70, 125),
    City("Reutlingen", "72764", "BW", 48.49, 9.21, 116),
    City("Esslingen am Neckar", "73728", "BW", 48.74, 9.31, 94),
    City("Ludwigsburg", "71634", "BW", 48.90, 9.19, 93),
    City("Tübingen", "72070", "BW", 48.52, 9.05, 91),
    City("Konstanz", "78462", "BW", 47.66, 9.18, 85),
    City("Sindelfingen", "71063", "BW", 48.71, 9.00, 64),
    City("München", "80331", "BY", 48.14, 11.58, 1488),
    City("Nürnberg", "90402", "BY", 49.45, 11.08, 518),
    City("Augsburg", "86150", "BY", 48.37, 10.90, 296),
    City("Regensburg", "93047", "BY", 49.01, 12.10, 153),
    City("Ingolstadt", "85049", "BY", 48.76, 11.42, 138),
    City("Fürth", "90762", "BY", 49.48, 10.99, 129),
    City("Würzburg", "97070", "BY", 49.79, 9.95, 127),
    City("Erlangen", "91052", "BY", 49.60, 11.00, 113),
    City("Bamberg", "96047", "BY", 49.89, 10.89, 77),
    City("Bayreuth", "95444", "BY", 49.94, 11.58, 74),
    City("Landshut", "84028", "BY", 48.54, 12.15, 73),
    City("Kempten (Allgäu)", "87435", "BY", 47.73, 10.31, 70),
    City("Rosenheim", "83022", "BY", 47.86, 12.12, 64),
    City("Passau", "94032", "BY", 48.57, 13.43, 53),
    City(
        "Berlin",
        "10115",
        "BE",
        52.52,
        13.40,
        3850,
        (
            ("Kreuzberg", "10997", 52.50, 13.42),
            ("Neukölln", "12043", 52.48, 13.44),
            ("Wedding", "13347", 52.55, 13.36),
            ("Moabit", "10551", 52.53, 13.34),
            ("Spandau", "13597", 52.54, 13.20),
            ("Marzahn", "12679", 52.54, 13.56),
            ("Schöneberg", "10827", 52.48, 13.35),
            ("Lichtenberg", "10365", 52.51, 13.50),
            ("Friedrichshain", "10243", 52.51, 13.45),
            ("Mitte", "10115", 52.53, 13.39),
        ),
    ),
    City("Potsdam", "14467", "BB", 52.40, 13.06, 183),
    City("Cottbus", "03046", "BB", 51.76, 14.33, 98),
    City("Brandenburg an der Havel", "14770", "BB", 52.41, 12.53, 73),
    City("Frankfurt (Oder)", "15230", "BB", 52.35, 14.55, 57),
    City("Eberswalde", "16225", "BB", 52.83, 13.82, 42),
    City("Bremen", "28195", "HB", 53.08, 8.80, 577),
    City("Bremerhaven", "27568", "HB", 53.55, 8.58, 115),
    City(
        "Hamburg",
        "20095",
        "HH",
        53.55,
        9.99,
        1900,
        (
            ("Altona", "22765", 53.55, 9.94),
            ("Wilhelmsburg", "21107", 53.50, 10.00),
            ("St. Georg", "20099", 53.555, 10.01),
            ("Harburg", "21073", 53.46, 9.98),
            ("Billstedt", "22111", 53.54, 10.11),
            ("Eimsbüttel", "20257", 53.57, 9.95),
        ),
    ),
    City("Frankfurt am Main", "60311", "HE", 50.11, 8.68, 773),
    City("Wiesbaden", "65183", "HE", 50.08, 8.24, 283),
    City("Kassel", "34117", "HE", 51.31, 9.48, 202),
    City("Darmstadt", "64283", "HE", 49.87, 8.65, 162),
    City("Offenbach am Main", "63065", "HE", 50.10, 8.77, 131),
    City("Hanau", "63450", "HE", 50.13, 8.92, 101),
    City("Gießen", "35390", "HE", 50.58, 8.68, 92),
    City("Marburg", "35037", "HE", 50.81, 8.77, 77),
    City("Fulda", "36037", "HE", 50.55, 9.68, 69),
    City("Rüsselsheim am Main", "65428", "HE", 49.99, 8.41, 66),
    City("Wetzlar", "35578", "HE", 50.56, 8.50, 53),
    City("Rostock", "18055", "MV", 54.09, 12.13, 210),
    City("Schwerin", "19053", "MV", 53.63, 11.41, 98),
    City("Neubrandenburg", "17033", "MV", 53.56, 13.26, 63),
    City("Greifswald", "17489", "MV", 54.09, 13.38, 60),
    City("Stralsund", "18439", "MV", 54.31, 13.09, 59),
    City("Hannover", "30159", "NI", 52.37, 9.74, 548),
    City("Braunschweig", "38100", "NI", 52.27, 10.52, 251),
    City("Oldenburg", "26122", "NI", 53.14, 8.21, 172),
    City("Osnabrück", "49074", "NI", 52.28, 8.05, 167),
    City("Wolfsburg", "38440", "NI", 52.42, 10.79, 126),
    City("Göttingen", "37073", "NI", 51.54, 9.93, 118),
    City("Salzgitter", "38226", "NI", 52.15, 10.33, 105),
    City("Hildesheim", "31134", "NI", 52.15, 9.95, 101),
    City("Delmenhorst", "27749", "NI", 53.05, 8.63, 80),
    City("Lüneburg", "21335", "NI", 53.25, 10.41, 78),
    City("Wilhelmshaven", "26382", "NI", 53.53, 8.11, 76),
    City("Celle", "29221", "NI", 52.62, 10.08, 70),
    City("Emden", "26721", "NI", 53.37, 7.21, 50),
    City(
        "Köln",
        "50667",
        "NW",
        50.94,
        6.96,
        1084,
        (
            ("Ehrenfeld", "50823", 50.95, 6.92),
            ("Mülheim", "51065", 50.96, 7.01),
            ("Kalk", "51103", 50.94, 7.00),
            ("Chorweiler", "50765", 51.02, 6.90),
        ),
    ),
    City("Düsseldorf", "40213", "NW", 51.23, 6.78, 629),
    City("Dortmund", "44135", "NW", 51.51, 7.47, 595),
    City("Essen", "45127", "NW", 51.46, 7.01, 586),
    City("Duisburg", "47051", "NW", 51.43, 6.76, 503),
    City("Bochum", "44787", "NW", 51.48, 7.22, 366),
    City("Wuppertal", "42103", "NW", 51.26, 7.15, 358),
    City("Bielefeld", "33602", "NW", 52.02, 8.53, 338),
    City("Bonn", "53111", "NW", 50.73, 7.10, 336),
    City("Münster", "48143", "NW", 51.96, 7.63, 320),
    City("Mönchengladbach", "41061", "NW", 51.19, 6.44, 268),
    City("Gelsenkirchen", "45879", "NW", 51.51, 7.10, 263),
    City("Aachen", "52062", "NW", 50.78, 6.08, 252),
    City("Krefeld", "47798", "NW", 51.33, 6.56, 228),
    City("Oberhausen", "46045", "NW", 51.47, 6.85, 209),
    City("Hagen", "58095", "NW", 51.36, 7.47, 189),
    City("Hamm", "59065", "NW", 51.68, 7.82, 180),
    City("Mülheim an der Ruhr", "45468", "NW", 51.43, 6.88, 171),
    City("Leverkusen", "51373", "NW", 51.03, 6.98, 166),
    City("Solingen", "42651", "NW", 51.17, 7.08, 160),
    City("Herne", "44623", "NW", 51.54, 7.22, 157),
    City("Neuss", "41460", "NW", 51.20, 6.69, 154),
    City("Paderborn", "33098", "NW", 51.72, 8.75, 152),
    City("Bottrop", "46236", "NW", 51.52, 6.93, 117),
    City("Bergisch Gladbach", "51465", "NW", 50.99, 7.13, 112),
    City("Recklinghausen", "45657", "NW", 51.61, 7.20, 111),
    City("Remscheid", "42853", "NW", 51.18, 7.19, 111),
    City("Moers", "47441", "NW", 51.45, 6.63, 104),
    City("Siegen", "57072", "NW", 50.87, 8.02, 102),
    City("Gütersloh", "33330", "NW", 51.91, 8.38, 101),
    City("Witten", "58452", "NW", 51.44, 7.34, 96),
    City("Iserlohn", "58636", "NW", 51.38, 7.70, 92),
    City("Mainz", "55116", "RP", 50.00, 8.27, 218),
    City("Ludwigshafen am Rhein", "67059", "RP", 49.48, 8.44, 173),
    City("Koblenz", "56068", "RP", 50.36, 7.59, 114),
    City("Trier", "54290", "RP", 49.75, 6.64, 111),
    City("Kaiserslautern", "67655", "RP", 49.44, 7.77, 100),
    City("Worms", "67547", "RP", 49.63, 8.36, 84),
    City("Neuwied", "56564", "RP", 50.43, 7.46, 65),
    City("Speyer", "67346", "RP", 49.32, 8.43, 51),
    City("Saarbrücken", "66111", "SL", 49.23, 7.00, 180),
    City("Neunkirchen", "66538", "SL", 49.35, 7.18, 47),
    City("Homburg", "66424", "SL", 49.33, 7.34, 42),
    City("Völklingen", "66333", "SL", 49.25, 6.86, 40),
    City("Leipzig", "04109", "SN", 51.34, 12.37, 616),
    City("Dresden", "01067", "SN", 51.05, 13.74, 563),
    City("Chemnitz", "09111", "SN", 50.83, 12.92, 248),
    City("Zwickau", "08056", "SN", 50.72, 12.50, 88),
    City("Plauen", "08523", "SN", 50.50, 12.14, 64),
    City("Görlitz", "02826", "SN", 51.15, 14.99, 56),
    City("Bautzen", "02625", "SN", 51.18, 14.42, 38),
    City("Magdeburg", "39104", "ST", 52.13, 11.63, 240),
    City("Halle (Saale)", "06108", "ST", 51.48, 11.97, 239),
    City("Dessau-Roßlau", "06844", "ST", 51.84, 12.24, 79),
    City("Lutherstadt Wittenberg", "06886", "ST", 51.87, 12.65, 45),
    City("Kiel", "24103", "SH", 54.32, 10.14, 247),
    City("Lübeck", "23552", "SH", 53.87, 10.69, 217),
    City("Flensburg", "24937", "SH", 54.79, 9.44, 92),
    City("Neumünster", "24534", "SH", 54.07, 9.98, 80),
    City("Norderstedt", "22846", "SH", 53.71, 10.00, 80),
    City("Erfurt", "99084", "TH", 50.98, 11.03, 215),
    City("Jena", "07743", "TH", 50.93, 11.59, 111),
    City("Gera", "07545", "TH", 50.88, 12.08, 93),
    City("Weimar", "99423", "TH", 50.98, 11.33, 65),
    City("Gotha", "99867", "TH", 50.95, 10.70, 45),
)

# Population of the federal states in millions: where organisations are.
STATE_WEIGHTS: dict[str, float] = {
    "NW": 18.1,
    "BY": 13.4,
    "BW": 11.3,
    "NI": 8.1,
    "HE": 6.4,
    "RP": 4.2,
    "SN": 4.1,
    "BE": 3.8,
    "SH": 2.95,
    "BB": 2.57,
    "ST": 2.17,
    "TH": 2.1,
    "HH": 1.9,
    "MV": 1.6,
    "SL": 0.99,
    "HB": 0.68,
}
STATE_NAMES_DE: dict[str, str] = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}

KIND_WEIGHTS: dict[str, float] = {
    Kind.MIGRANT_ORGANISATION: 72,
    Kind.NEW_GERMAN_ORGANISATION: 5,
    Kind.PARENTS_NETWORK: 4,
    Kind.LOCAL_NETWORK: 4,
    Kind.UMBRELLA: 2,
    Kind.STATE: 1,
    Kind.FEDERAL: 0.5,
    Kind.PARTNER: 11.5,
}


@dataclass(frozen=True)
class Community:
    adjective: str  # German adjective stem: "Türkisch" -> "Türkischer Elternverein"
    languages: tuple[str, ...]  # ISO 639-1, the first one spoken by nearly everyone
    weight: float


COMMUNITIES: tuple[Community, ...] = (
    Community("Türkisch", ("tr",), 22),
    Community("Kurdisch", ("ku", "tr"), 5),
    Community("Arabisch", ("ar",), 6),
    Community("Syrisch", ("ar", "ku"), 8),
    Community("Irakisch", ("ar", "ku"), 3),
    Community("Afghanisch", ("fa", "ps"), 6),
    Community("Iranisch", ("fa",), 4),
    Community("Russischsprachig", ("ru",), 9),
    Community("Ukrainisch", ("uk", "ru"), 7),
    Community("Polnisch", ("pl",), 5),
    Community("Vietnamesisch", ("vi",), 3),
    Community("Griechisch", ("el",), 2),
    Community("Italienisch", ("it",), 2),
    Community("Spanisch", ("es",), 1),
    Community("Portugiesisch", ("pt",), 1),
    Community("Kroatisch", ("hr",), 1),
    Community("Bosnisch", ("bs",), 1),
    Community("Serbisch", ("sr",), 1),
    Community("Albanisch", ("sq",), 1.5),
    Community("Eritreisch", ("ti",), 1),
    Community("Somalisch", ("so",), 0.7),
    Community("Ghanaisch", ("en", "ak"), 0.8),
    Community("Nigerianisch", ("en", "yo"), 0.8),
    Community("Kamerunisch", ("fr",), 1),
    Community("Kongolesisch", ("fr", "ln"), 0.7),
    Community("Marokkanisch", ("ar", "fr"), 1.5),
    Community("Tunesisch", ("ar", "fr"), 0.7),
    Community("Afrikanisch", ("fr", "en"), 2.5),
    Community("Lateinamerikanisch", ("es", "pt"), 1.2),
    Community("Chinesisch", ("zh",), 0.8),
    Community("Koreanisch", ("ko",), 0.5),
    Community("Tamilisch", ("ta",), 0.5),
    Community("Pakistanisch", ("ur",), 0.5),
    Community("Rumänisch", ("ro",), 1.2),
    Community("Bulgarisch", ("bg",), 0.8),
    Community("Armenisch", ("hy",), 0.5),
    Community("Georgisch", ("ka",), 0.4),
    Community("Jesidisch", ("ku",), 1),
    Community("Palästinensisch", ("ar",), 0.8),
    Community("Äthiopisch", ("am",), 0.5),
    Community("Libanesisch", ("ar", "fr"), 0.7),
)

# Nouns by grammatical gender, with the ending a preceding strong adjective takes.
NOUNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "er",
        (
            "Kulturverein",
            "Elternverein",
            "Frauenverein",
            "Sportverein",
            "Jugendverein",
            "Bildungsverein",
            "Freundeskreis",
            "Akademikerverein",
            "Unternehmerverband",
            "Studierendenverein",
            "Seniorenverein",
            "Förderverein",
            "Arbeiterverein",
        ),
    ),
    (
        "e",
        (
            "Gemeinde",
            "Gemeinschaft",
            "Elterninitiative",
            "Fraueninitiative",
            "Vereinigung",
            "Kulturgemeinschaft",
            "Frauengruppe",
            "Jugendinitiative",
        ),
    ),
    (
        "es",
        (
            "Kulturzentrum",
            "Bildungszentrum",
            "Begegnungszentrum",
            "Frauennetzwerk",
            "Elternnetzwerk",
            "Forum",
            "Kulturhaus",
            "Jugendnetzwerk",
        ),
    ),
)
PLURAL_NOUNS = (
    "Vereine",
    "Kulturvereine",
    "Elternvereine",
    "Frauenvereine",
    "Jugendverbände",
    "Akademikervereine",
    "Gemeinden",
)
BRAND_WORDS = (
    "Brücke",
    "Mosaik",
    "Kompass",
    "Regenbogen",
    "Horizont",
    "Anadolu",
    "Salam",
    "Sonnenblume",
    "Zukunft",
    "Miteinander",
    "Vielfalt",
    "Dialog",
    "Neue Wege",
    "Wurzeln",
    "Perspektive",
    "Baobab",
    "Nachbarschaft",
    "Ikhlas",
    "Druzhba",
    "Solidarność",
    "Hoa Sen",
    "Karawane",
    "Lotus",
    "Zeytin",
)
STREETS = (
    "Hauptstraße",
    "Bahnhofstraße",
    "Schulstraße",
    "Gartenstraße",
    "Lindenstraße",
    "Kirchstraße",
    "Goethestraße",
    "Schillerstraße",
    "Friedrichstraße",
    "Marktplatz",
    "Bergstraße",
    "Ringstraße",
    "Mühlenweg",
    "Am Park",
    "Rosenweg",
    "Wiesenstraße",
    "Industriestraße",
    "Parkstraße",
    "Ahornweg",
    "Talstraße",
)

PARTNER_NAMES: dict[str, tuple[str, ...]] = {
    PartnerKind.SCHOOL: (
        "Grundschule am {street}",
        "Gesamtschule {city}-{area}",
        "Gemeinschaftsschule {city}",
        "Berufskolleg {city}",
    ),
    PartnerKind.DAY_CARE: (
        "Kita Sonnenschein {city}",
        "Familienzentrum {area}",
        "Kita Regenbogen {city}",
    ),
    PartnerKind.JOBCENTER: ("Jobcenter {city}",),
    PartnerKind.YOUTH_OFFICE: ("Jugendamt {city}",),
    PartnerKind.IMMIGRATION_OFFICE: ("Ausländerbehörde {city}",),
    PartnerKind.SOCIAL_OFFICE: ("Sozialamt {city}",),
    PartnerKind.MIGRATION_COUNSELLING: (
        "Migrationsberatung für Erwachsene {city}",
        "Jugendmigrationsdienst {city}",
    ),
    PartnerKind.WOMENS_SHELTER: ("Frauenhaus {city}",),
    PartnerKind.RELIGIOUS_COMMUNITY: (
        "Evangelische Kirchengemeinde {area}",
        "Moscheegemeinde {city}-{area}",
        "Katholische Pfarrei {area}",
    ),
    PartnerKind.POLICE: ("Polizei {city} – Kontaktbereichsdienst",),  # noqa: RUF001
    PartnerKind.FOUNDATION: ("Bürgerstiftung {city}", "Stiftung Zusammenleben {city}"),
    PartnerKind.POLITICAL_EDUCATION: ("Volkshochschule {city}",),
    PartnerKind.AUTHORITY: ("Integrationsbüro der Stadt {city}",),
    PartnerKind.OTHER: ("Stadtbibliothek {city}", "Quartiersmanagement {area}"),
}
AREAS = ("Nord", "Süd", "Ost", "West", "Mitte", "Innenstadt", "Altstadt", "Neustadt")

THEME_PHRASES: dict[str, tuple[str, str]] = {
    Theme.EDUCATION_FAMILY: (
        "Hausaufgabenhilfe und Elternberatung",
        "homework help and advice for parents",
    ),
    Theme.YOUTH: ("Jugendtreffs und Ferienprogramme", "youth clubs and holiday programmes"),
    Theme.POLITICS_PARTICIPATION: (
        "Diskussionsabende zu kommunaler Politik",
        "debates on local politics",
    ),
    Theme.WOMENS_RIGHTS: (
        "Frauencafés und Beratung für Frauen",
        "women's cafés and counselling for women",
    ),
    Theme.EMPOWERMENT: ("Empowerment-Workshops", "empowerment workshops"),
    Theme.ECONOMY_WORK: (
        "Begleitung beim Berufseinstieg und bei der Anerkennung von Abschlüssen",
        "support with finding work and recognition of qualifications",
    ),
    Theme.ANTI_RACISM: ("Beratung bei Diskriminierung", "support against discrimination"),
    Theme.REFUGEES_ASYLUM: (
        "Begleitung von Geflüchteten zu Behörden",
        "accompanying refugees to public offices",
    ),
    Theme.HEALTH_SOCIAL: (
        "Gesundheitslotsen und Sozialberatung",
        "health guides and social counselling",
    ),
    Theme.CULTURE: ("Konzerte, Lesungen und Feste", "concerts, readings and festivals"),
    Theme.SPORT: ("Fußball, Schwimmen und Tanz", "football, swimming and dance"),
    Theme.LANGUAGE_COURSES: (
        "Deutschkurse und Unterricht in der Herkunftssprache",
        "German courses and heritage-language classes",
    ),
}
# A sentence per language in which organisations often also write.
COMMUNITY_TEXTS: dict[str, str] = {
    "tr": "{city} şehrinde göçmen ailelere danışmanlık, kurslar ve kültür etkinlikleri "  # noqa: RUF001
    "sunuyoruz.",
    "ar": "نقدم في {city} الاستشارة والدورات والأنشطة الثقافية للعائلات المهاجرة.",
    "ru": "Мы предлагаем в городе {city} консультации, курсы и культурные мероприятия для "
    "семей мигрантов.",
    "uk": "Ми пропонуємо в місті {city} консультації, курси та культурні заходи для родин "
    "мігрантів.",
    "fa": "ما در {city} مشاوره، دوره‌های آموزشی و برنامه‌های فرهنگی برای خانواده‌های مهاجر "
    "ارائه می‌دهیم.",
    "pl": "Oferujemy w mieście {city} doradztwo, kursy i wydarzenia kulturalne dla rodzin "
    "migrantów.",
    "vi": "Chúng tôi cung cấp tư vấn, khóa học và hoạt động văn hóa cho các gia đình di cư "
    "tại {city}.",
    "fr": "Nous proposons à {city} des conseils, des cours et des activités culturelles pour "
    "les familles issues de l'immigration.",
    "es": "Ofrecemos en {city} asesoramiento, cursos y actividades culturales para familias "
    "migrantes.",
}
TOPIC_TAGS = (
    "Ehrenamt",
    "Frauen",
    "Jugend",
    "Senioren",
    "Geflüchtete",
    "Eltern",
    "Selbstorganisation",
    "Studierende",
    "Queer",
    "Afrodeutsch",
    "Nachbarschaft",
    "Musik",
    "Religion",
    "Antirassismus",
    "Sprachmittlung",
)
# Fictional people: first and last names drawn independently.
FIRST_NAMES = (
    "Ayla",
    "Deniz",
    "Elif",
    "Leyla",
    "Mariam",
    "Nadia",
    "Olena",
    "Irina",
    "Thu",
    "Linh",
    "Fatou",
    "Amina",
    "Sara",
    "Katarzyna",
    "Sofia",
    "Yusuf",
    "Emre",
    "Karim",
    "Omid",
    "Dmytro",
    "Pavel",
    "Minh",
    "Kwame",
    "Ibrahima",
    "Tomasz",
    "Jonas",
    "Lena",
    "Miriam",
    "Hamid",
    "Rania",
    "Zeynep",
    "Baran",
    "Shirin",
)
LAST_NAMES = (
    "Aksoy",
    "Bozkurt",
    "Çelik",
    "Haddad",
    "Rahimi",
    "Karimi",
    "Petrenko",
    "Kovalenko",
    "Iwanowa",
    "Nguyen",
    "Tran",
    "Diallo",
    "Mensah",
    "Okafor",
    "Nowak",
    "Wiśniewska",
    "Papadopoulou",
    "Rossi",
    "Hodžić",
    "Berisha",
    "Tesfaye",
    "Farah",
    "Benali",
    "Yilmazer",
    "Hosseini",
    "Schröder",
    "Lindqvist",
    "Adeyemi",
)


def _weighted(rng: random.Random, weights: dict[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _initials(name: str) -> str:
    letters = [w[0] for w in name.replace("-", " ").split() if w[:1].isupper()]
    return "".join(letters)[:6] if len(letters) >= 2 else ""


@dataclass
class Draft:
    data: dict[str, Any]
    verified: bool
    contact: dict[str, Any] | None


class Generator:
    """Draws organisations one by one from a seeded random source."""

    def __init__(
        self, seed: int, *, tags: dict[str, Tag], taken_slugs: set[str], taken_names: set[str]
    ) -> None:
        self.rng = random.Random(seed)
        self.tags = tags
        self.taken_slugs = taken_slugs
        self.taken_names = taken_names
        by_state: dict[str, list[City]] = {}
        for city in CITIES:
            by_state.setdefault(city.state, []).append(city)
        self.cities_by_state = by_state
        self.community_weights = {c: c.weight for c in COMMUNITIES}

    def city(self) -> tuple[City, str, str, float, float]:
        """A city, chosen by state population and then by city population, and a district."""
        state = _weighted(self.rng, STATE_WEIGHTS)
        cities = self.cities_by_state[state]
        city = self.rng.choices(cities, weights=[c.population for c in cities])[0]
        if city.districts and self.rng.random() < 0.8:
            district, postal_code, latitude, longitude = self.rng.choice(city.districts)
            return city, district, postal_code, latitude, longitude
        return city, "", city.postal_code, city.latitude, city.longitude

    def name(self, kind: str, community: Community, city: City, area: str) -> tuple[str, str]:
        rng = self.rng
        adjective = community.adjective
        ending, nouns = rng.choice(NOUNS)
        noun = rng.choice(nouns)
        partner_kind = ""
        if kind == Kind.MIGRANT_ORGANISATION:
            pattern = rng.choices(
                ["plain", "in", "district", "deutsch", "hyphen", "brand"],
                weights=[40, 12, 10, 10, 8, 20],
            )[0]
            base = f"{adjective}{ending} {noun}"
            name = {
                "plain": f"{base} {city.name}",
                "in": f"{base} in {city.name}",
                "district": f"{base} {city.name}-{area}",
                "deutsch": f"Deutsch-{base} {city.name}",
                "hyphen": f"{adjective}-Deutsch{ending} {noun} {city.name}",
                "brand": f"{rng.choice(BRAND_WORDS)} – {base} {city.name}",  # noqa: RUF001
            }[pattern]
        elif kind == Kind.NEW_GERMAN_ORGANISATION:
            name = rng.choice(
                [
                    f"Initiative Neue Nachbarschaft {city.name}",
                    f"Forum Vielfalt {city.name}",
                    f"Netzwerk Zugehörigkeit {city.name}",
                    f"Junge Stimmen {city.name}",
                    f"Postmigrantisches Forum {city.name}",
                ]
            )
        elif kind == Kind.PARENTS_NETWORK:
            name = rng.choice(
                [
                    f"{adjective}es Elternnetzwerk {city.name}",
                    f"Elternnetzwerk {city.name}-{area}",
                    f"Migrantische Elterninitiative {city.name}",
                ]
            )
        elif kind == Kind.LOCAL_NETWORK:
            name = rng.choice(
                [
                    f"Verbund der Migrantenorganisationen {city.name}",
                    f"Netzwerk Migrantenorganisationen {city.name}",
                    f"Forum der Migrantinnen und Migranten {city.name}",
                ]
            )
        elif kind == Kind.STATE:
            state = STATE_NAMES_DE[city.state]
            name = rng.choice(
                [
                    f"Landesnetzwerk Migrantenorganisationen {state}",
                    f"Landesverband {adjective}er {rng.choice(PLURAL_NOUNS)} {state}",
                ]
            )
        elif kind == Kind.FEDERAL:
            name = f"Bundesverband {adjective}er {rng.choice(PLURAL_NOUNS)} in Deutschland"
        elif kind == Kind.UMBRELLA:
            name = rng.choice(
                [
                    f"Dachverband {adjective}er {rng.choice(PLURAL_NOUNS)} {city.name}",
                    f"Föderation {adjective}er Kulturvereine {STATE_NAMES_DE[city.state]}",
                ]
            )
        else:
            partner_kind = rng.choice(list(PARTNER_NAMES))
            name = rng.choice(PARTNER_NAMES[partner_kind]).format(
                city=city.name, area=area, street=rng.choice(STREETS)
            )
        if kind != Kind.PARTNER and rng.random() < 0.35:
            name += " e.V."
        return self._unique_name(name), partner_kind

    def _unique_name(self, name: str) -> str:
        candidate, number = name, 2
        while candidate in self.taken_names:
            candidate, number = f"{name} ({number})", number + 1
        self.taken_names.add(candidate)
        return candidate

    def _slug(self, name: str) -> str:
        base = slugify(fold(name))[:100] or "organisation"
        slug, number = base, 2
        while slug in self.taken_slugs:
            slug, number = f"{base}-{number}", number + 1
        self.taken_slugs.add(slug)
        return slug

    def _themes(self, kind: str) -> list[str]:
        count = self.rng.choices([1, 2, 3, 4], weights=[25, 35, 28, 12])[0]
        if kind in {Kind.LOCAL_NETWORK, Kind.STATE, Kind.FEDERAL, Kind.UMBRELLA}:
            count += 1
        return sorted(self.rng.sample(list(Theme.values), count))

    def _languages(self, kind: str, community: Community) -> list[str]:
        rng = self.rng
        languages = {"de"} if kind == Kind.PARTNER or rng.random() < 0.93 else set()
        if kind != Kind.PARTNER or rng.random() < 0.25:
            languages.add(community.languages[0])
            languages.update(c for c in community.languages[1:] if rng.random() < 0.25)
        if rng.random() < 0.07:
            languages.add("en")
        if rng.random() < 0.01:
            languages.add("fr")
        return sorted(languages)

    def _description(
        self,
        name: str,
        kind: str,
        community: Community,
        city: City,
        themes: list[str],
        languages: list[str],
        founded: int | None,
    ) -> dict[str, str]:
        rng = self.rng
        phrases = [THEME_PHRASES[t] for t in themes]
        german = ", ".join(p[0] for p in phrases)
        english = ", ".join(p[1] for p in phrases)
        with_history = f"mit {community.adjective.lower()}er Migrationsgeschichte"
        if kind == Kind.MIGRANT_ORGANISATION:
            intro = f"Wir sind ein Verein von und für Menschen {with_history} in {city.name}."
        elif kind == Kind.PARTNER:
            intro = f"{name} arbeitet in {city.name} mit Migrantenorganisationen zusammen."
        else:
            intro = f"{name} verbindet Organisationen und Menschen {with_history}."
        texts = {"de": f"{intro} Wir bieten {german} an."}
        if founded:
            texts["de"] += (
                f" Gegründet {founded}, engagieren sich bei uns rund "
                f"{rng.randrange(5, 120)} Ehrenamtliche."
            )
        if rng.random() < 0.4:
            texts["en"] = f"{name} in {city.name} offers {english}."
        for code in languages:
            if code in COMMUNITY_TEXTS and rng.random() < 0.5:
                texts[code] = COMMUNITY_TEXTS[code].format(city=city.name)
        return texts

    def draft(self) -> Draft:
        rng = self.rng
        kind = _weighted(rng, KIND_WEIGHTS)
        community = _weighted(rng, self.community_weights)
        city, district, postal_code, latitude, longitude = self.city()
        area = district or rng.choice(AREAS)
        name, partner_kind = self.name(kind, community, city, area)
        slug = self._slug(name)
        themes = self._themes(kind)
        languages = self._languages(kind, community)
        tags = [community.adjective] if kind != Kind.PARTNER else []
        tags += rng.sample(TOPIC_TAGS, rng.choice([0, 1, 1, 2, 3]))
        founded = int(rng.triangular(1961, 2025, 2012)) if rng.random() < 0.8 else None
        description = self._description(name, kind, community, city, themes, languages, founded)
        short_name = _initials(name) if rng.random() < 0.3 else ""
        legal_form = (
            LegalForm.PUBLIC_BODY
            if kind == Kind.PARTNER
            and partner_kind
            not in {PartnerKind.FOUNDATION, PartnerKind.RELIGIOUS_COMMUNITY, PartnerKind.OTHER}
            else LegalForm.FOUNDATION
            if partner_kind == PartnerKind.FOUNDATION
            else _weighted(
                rng,
                {
                    LegalForm.REGISTERED_ASSOCIATION: 85,
                    LegalForm.INFORMAL: 10,
                    LegalForm.NON_PROFIT_COMPANY: 5,
                },
            )
        )
        domain = f"{slug[:40].strip('-')}.example"
        # Drawn, not used: the services stamp the publication; the draw keeps every later
        # one, and so the registry of a seed, as it was.
        rng.randrange(1, 1500)
        data: dict[str, Any] = {
            "slug": slug,
            "name": name,
            "short_name": short_name,
            "kind": kind,
            "partner_kind": partner_kind,
            "legal_form": legal_form,
            "founding_year": founded,
            "description": description,
            "street": f"{rng.choice(STREETS)} {rng.randrange(1, 140)}",
            "postal_code": postal_code,
            "city": city.name,
            "district": district,
            "federal_state": city.state,
            "latitude": Decimal(f"{latitude + rng.gauss(0, 0.012):.6f}"),
            "longitude": Decimal(f"{longitude + rng.gauss(0, 0.018):.6f}"),
            "website": f"https://www.{domain}" if rng.random() < 0.6 else "",
            "email": f"info@{domain}" if rng.random() < 0.7 else "",
            "themes": themes,
            "languages": languages,
            "tags": [self.tags[t].name for t in tags],
        }
        verified = rng.random() < 0.3
        contact = None
        if rng.random() < 0.7:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            contact = {
                "name": f"{first} {last}",
                "function": rng.choice(
                    [Function.CHAIR, Function.COORDINATOR, Function.CONTACT, Function.OFFICE]
                ),
                "email": f"{slugify(fold(first))}.{slugify(fold(last))}@{domain}",
                "visibility": rng.choice([Visibility.PUBLIC, Visibility.MEMBERS]),
            }
        return Draft(data, verified, contact)


class Command(BaseCommand):
    help = "Generate fictional, realistic published organisations (for benchmarks and demos)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="random seed; the same seed gives the same registry",
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, count: int, seed: int, batch_size: int, **options: Any) -> None:
        started = time.perf_counter()
        tag_names = sorted({c.adjective for c in COMMUNITIES} | set(TOPIC_TAGS))
        tags = {name: services.tag_for(name) for name in tag_names}
        generator = Generator(
            seed,
            tags=tags,
            taken_slugs=set(Organization.objects.values_list("slug", flat=True)),
            taken_names=set(Organization.objects.values_list("name", flat=True)),
        )
        created = 0
        while created < count:
            drafts = [generator.draft() for _ in range(min(batch_size, count - created))]
            self._write(drafts)
            created += len(drafts)
            if options.get("verbosity", 1) > 1:
                self.stdout.write(f"{created} / {count}")
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses and may read every row's search text.
            with connection.cursor() as cursor:
                for model in (
                    Organization,
                    OrganizationTheme,
                    OrganizationLanguage,
                    OrganizationTag,
                    SearchDocument,
                ):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        services.registry_changed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {created} organisations in {time.perf_counter() - started:.1f} s."
            )
        )

    @staticmethod
    @transaction.atomic
    def _write(drafts: list[Draft]) -> None:
        """One batch through the registry's bulk service (validation, search columns, pins
        and audit entries as for a spreadsheet import), then the verified mark and the
        contact person of each through their services."""
        organizations = services.create_organizations(
            OPERATOR, [d.data for d in drafts], status=Status.PUBLISHED
        )
        for draft, organization in zip(drafts, organizations, strict=True):
            if draft.verified:
                services.set_verified(OPERATOR, organization, True)
            if draft.contact is not None:
                services.save_contact_person(OPERATOR, organization, draft.contact)
