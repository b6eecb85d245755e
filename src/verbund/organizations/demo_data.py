# German names and texts use the en dash as German typography does.
# ruff: noqa: RUF001
"""Demo data for ``manage.py seed_demo``: the networks the seed texts describe, plus invented ones.

Organisation names come from the public seed texts; everything else about them (addresses,
e-mail addresses, founding years where the texts name none, descriptions, contact persons) is
invented for the demo. Every person here is fictional: no name, e-mail address or phone number
of a person named in the seed texts may appear (``tests/organizations/test_seed_demo.py``
checks this). Web and e-mail addresses use the reserved ``.example`` domains.

``member_of`` names the networks an organisation is a member of; ``seed_demo`` records these
memberships through the networks app's services.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.utils.text import slugify

from verbund.core.text import fold

# City -> (postal code, federal state, latitude, longitude) of the city centre.
CITIES: dict[str, tuple[str, str, float, float]] = {
    "Berlin": ("10963", "BE", 52.5200, 13.4050),
    "Hamburg": ("20095", "HH", 53.5511, 9.9937),
    "München": ("80331", "BY", 48.1372, 11.5756),
    "Nürnberg": ("90402", "BY", 49.4521, 11.0767),
    "Regensburg": ("93047", "BY", 49.0134, 12.1016),
    "Köln": ("50667", "NW", 50.9375, 6.9603),
    "Düsseldorf": ("40213", "NW", 51.2277, 6.7735),
    "Dortmund": ("44137", "NW", 51.5136, 7.4653),
    "Bochum": ("44787", "NW", 51.4818, 7.2162),
    "Bielefeld": ("33602", "NW", 52.0302, 8.5325),
    "Mönchengladbach": ("41061", "NW", 51.1805, 6.4428),
    "Frankfurt am Main": ("60311", "HE", 50.1109, 8.6821),
    "Kassel": ("34117", "HE", 51.3127, 9.4797),
    "Stuttgart": ("70173", "BW", 48.7758, 9.1829),
    "Mannheim": ("68159", "BW", 49.4875, 8.4660),
    "Freiburg im Breisgau": ("79098", "BW", 47.9990, 7.8421),
    "Hannover": ("30159", "NI", 52.3759, 9.7320),
    "Braunschweig": ("38100", "NI", 52.2689, 10.5268),
    "Göttingen": ("37073", "NI", 51.5413, 9.9158),
    "Bremen": ("28195", "HB", 53.0793, 8.8017),
    "Bremerhaven": ("27568", "HB", 53.5396, 8.5809),
    "Leipzig": ("04109", "SN", 51.3397, 12.3731),
    "Dresden": ("01067", "SN", 51.0504, 13.7373),
    "Chemnitz": ("09111", "SN", 50.8278, 12.9214),
    "Halle (Saale)": ("06108", "ST", 51.4828, 11.9697),
    "Magdeburg": ("39104", "ST", 52.1205, 11.6276),
    "Erfurt": ("99084", "TH", 50.9787, 11.0328),
    "Jena": ("07743", "TH", 50.9271, 11.5892),
    "Potsdam": ("14467", "BB", 52.3906, 13.0645),
    "Cottbus": ("03046", "BB", 51.7563, 14.3329),
    "Rostock": ("18055", "MV", 54.0924, 12.0991),
    "Schwerin": ("19053", "MV", 53.6355, 11.4012),
    "Greifswald": ("17489", "MV", 54.0865, 13.3923),
    "Neubrandenburg": ("17033", "MV", 53.5568, 13.2616),
    "Stralsund": ("18439", "MV", 54.3091, 13.0818),
    "Wismar": ("23966", "MV", 53.8925, 11.4650),
    "Güstrow": ("18273", "MV", 53.7945, 12.1750),
    "Waren (Müritz)": ("17192", "MV", 53.5200, 12.6790),
    "Neustrelitz": ("17235", "MV", 53.3617, 13.0638),
    "Parchim": ("19370", "MV", 53.4258, 11.8487),
    "Ludwigslust": ("19288", "MV", 53.3290, 11.4977),
    "Anklam": ("17389", "MV", 53.8560, 13.6890),
    "Bergen auf Rügen": ("18528", "MV", 54.4170, 13.4330),
    "Kiel": ("24103", "SH", 54.3233, 10.1228),
    "Lübeck": ("23552", "SH", 53.8655, 10.6866),
    "Flensburg": ("24937", "SH", 54.7937, 9.4469),
    "Mainz": ("55116", "RP", 49.9929, 8.2473),
    "Ludwigshafen am Rhein": ("67059", "RP", 49.4774, 8.4452),
    "Trier": ("54290", "RP", 49.7499, 6.6371),
    "Saarbrücken": ("66111", "SL", 49.2402, 6.9969),
    "Neunkirchen": ("66538", "SL", 49.3448, 7.1799),
}

# Invented phone numbers come from the ranges the Federal Network Agency keeps for fiction.
FICTION_PHONE_PREFIXES: dict[str, str] = {
    "Berlin": "+49 30 23125 ",
    "Frankfurt am Main": "+49 69 90009 ",
    "Hamburg": "+49 40 66969 ",
    "Köln": "+49 221 4710 ",
    "München": "+49 89 99998 ",
}
FICTION_MOBILE_PREFIX = "+49 171 39200"

STREETS: tuple[str, ...] = (
    "Lindenstraße",
    "Bahnhofstraße",
    "Schulstraße",
    "Gartenweg",
    "Am Markt",
    "Hauptstraße",
    "Friedensstraße",
    "Mühlenweg",
    "Rosenstraße",
    "Kirchplatz",
    "Parkallee",
    "Goethestraße",
    "Schillerplatz",
    "Brückenstraße",
    "Wiesenweg",
    "Ahornweg",
    "Hafenstraße",
    "Uferweg",
)

# Invented names for contact persons and demo accounts. None of them is a person from the seeds.
FIRST_NAMES: tuple[str, ...] = (
    "Aylin",
    "Bogdan",
    "Chiara",
    "Dariush",
    "Elif",
    "Farida",
    "Gökhan",
    "Hanna",
    "Ilias",
    "Jelena",
    "Kwame",
    "Lina",
    "Mariam",
    "Nikos",
    "Olena",
    "Pham Thi",
    "Rania",
    "Samuel",
    "Tamara",
    "Umut",
    "Vesna",
    "Wanjiru",
    "Yusuf",
    "Zofia",
    "Adebayo",
    "Birgit",
    "Cem",
    "Dilara",
    "Emre",
    "Fatou",
)
LAST_NAMES: tuple[str, ...] = (
    "Aksoy",
    "Brandt",
    "Chukwu",
    "Demirel",
    "Esposito",
    "Friedrich",
    "Georgiou",
    "Haddad",
    "Ivanova",
    "Jankowski",
    "Karaca",
    "Lindner",
    "Mensah",
    "Nguyen",
    "Okafor",
    "Petrenko",
    "Quaye",
    "Sadeghi",
    "Tesfaye",
    "Uysal",
    "Vogel",
    "Wojcik",
    "Yilmazer",
    "Zeller",
    "Hosseini",
    "Kowalczyk",
    "Mwangi",
    "Papadakis",
    "Sommer",
    "Traoré",
)


@dataclass(frozen=True)
class DemoOrganization:
    slug: str
    name: str
    kind: str
    city: str
    themes: tuple[str, ...]
    languages: tuple[str, ...]
    about_de: str
    about_en: str
    short_name: str = ""
    communities: tuple[str, ...] = ()
    founding_year: int | None = None
    partner_kind: str = ""
    legal_form: str = "ev"
    member_of: tuple[str, ...] = ()
    status: str = "published"
    awaiting_review: bool = False
    contacts: int = 0


def _org(
    slug: str,
    name: str,
    kind: str,
    city: str,
    themes: str,
    languages: str,
    de: str,
    en: str,
    **extra: Any,
) -> DemoOrganization:
    return DemoOrganization(
        slug=slug,
        name=name,
        kind=kind,
        city=city,
        themes=tuple(themes.split()),
        languages=tuple(languages.split()),
        about_de=de,
        about_en=en,
        **extra,
    )


BKMO = "bkmo"
NEMO = "bundesverband-nemo"
MIGRANET = "migranet-mv"
ACROSS_ORIGINS = "Herkunftsübergreifend"
UKRAINIAN = "bv-ukrainischstaemmiger-familien"
GREEK = "verband-griechischer-gemeinden"

# --- The federal networks ------------------------------------------------------------------

NETWORKS: tuple[DemoOrganization, ...] = (
    _org(
        BKMO,
        "Bundeskonferenz der Migrant*innenorganisationen",
        "federal",
        "Berlin",
        "politics anti_racism empowerment education_family economy_work",
        "de en tr ar ru",
        "Bundesweiter Zusammenschluss von Migrant*innenorganisationen und neuen deutschen "
        "Organisationen. Jährliche Bundeskonferenz, Ausschüsse zu Bildung, Teilhabe, "
        "Antirassismus und Sozialem; seit 2024 ein eingetragener Verein.",
        "Nationwide alliance of migrant organisations and new German organisations. An "
        "annual federal conference and committees on education, participation, anti-racism "
        "and social policy; a registered association since 2024.",
        short_name="BKMO",
        founding_year=2017,
        communities=(ACROSS_ORIGINS,),
        contacts=2,
    ),
    _org(
        NEMO,
        "Bundesverband Netzwerke von Migrant*innenorganisationen",
        "federal",
        "Dortmund",
        "politics anti_racism refugees_asylum empowerment",
        "de en ar tr ru",
        "Bundesverband der lokalen Verbünde von Migrant*innenorganisationen: "
        "herkunftsübergreifend, säkular, parteipolitisch neutral. Austausch, Beratung und "
        "Interessenvertretung auf Bundesebene.",
        "Federal association of local networks of migrant organisations: across origins, "
        "secular and independent of parties. Exchange, advice and representation at "
        "federal level.",
        short_name="NeMO",
        founding_year=2013,
        communities=(ACROSS_ORIGINS,),
        contacts=1,
    ),
)

# --- The 41 members listed in the BKMO brochure ----------------------------------------------
# The brochure's list has 41 entries; one of them is a person's name, not an organisation, and
# stays out of the demo (real people never appear in demo data). The kinds follow the
# brochure's count: 10 umbrella associations, 3 parents' networks, 7 federal associations,
# 4 state associations and further organisations.
BKMO_LISTED_ENTRIES = 41
BKMO_PERSON_ENTRIES = 1

_BKMO_MEMBERS: tuple[DemoOrganization, ...] = (
    _org(
        "afrotak-tv-cybernomads",
        "AFROTAK TV cyberNomads",
        "new_german",
        "Berlin",
        "culture empowerment anti_racism",
        "de en fr",
        "Medien- und Bildungsplattform, die Schwarze deutsche Perspektiven mit Videoformaten, "
        "Archivarbeit und Workshops zu digitaler Teilhabe sichtbar macht.",
        "Media and education platform that makes Black German perspectives visible through "
        "video, archive work and workshops on digital participation.",
        short_name="AFROTAK",
        founding_year=2001,
        communities=("Afrodeutsch",),
    ),
    _org(
        "amaro-drom",
        "Amaro Drom",
        "federal",
        "Berlin",
        "youth empowerment anti_racism",
        "de ro bg sr",
        "Jugendverband von Roma und Nicht-Roma: Jugendliche lernen, sich politisch "
        "einzubringen und gegen Antiziganismus einzutreten.",
        "Youth association of Roma and non-Roma: young people learn to get involved in "
        "politics and to stand up against antigypsyism.",
        founding_year=2006,
        communities=("Roma", "Sinti"),
    ),
    _org(
        "amfn",
        "Arbeitsgemeinschaft von Migrantinnen, Migranten und Flüchtlingen in Niedersachsen",
        "state",
        "Hannover",
        "politics refugees_asylum empowerment",
        "de tr ar fa ru",
        "Landesweiter Zusammenschluss niedersächsischer Migrant*innen- und "
        "Geflüchtetenorganisationen; berät Vereine und spricht mit der Landespolitik.",
        "State-wide alliance of migrant and refugee organisations in Lower Saxony; advises "
        "associations and speaks with state politics.",
        short_name="amfn",
        founding_year=1994,
        communities=(ACROSS_ORIGINS,),
        contacts=1,
    ),
    _org(
        "bbt",
        "Bundeselternnetzwerk der Migrant*innenorganisationen für Bildung und Teilhabe",
        "parents",
        "Berlin",
        "education_family politics youth",
        "de tr ar ru pl",
        "Netzwerk von Elternvereinen mit Migrationsgeschichte: Elternbildung, Beteiligung in "
        "Schule und Kita, Stimme der Eltern in der Bildungspolitik.",
        "Network of parents' associations with a migration history: parent education, a say "
        "in schools and day care, and the parents' voice in education policy.",
        short_name="bbt",
        founding_year=2014,
        communities=(ACROSS_ORIGINS,),
    ),
    _org(
        "bas",
        "Bundesverband ausländischer Studierender",
        "federal",
        "Berlin",
        "education_family youth politics",
        "de en fr es ar",
        "Vertritt internationale Studierende gegenüber Hochschulen und Politik: Aufenthalt, "
        "Finanzierung, Wohnen und Diskriminierung im Studium.",
        "Represents international students towards universities and politics: residence, "
        "funding, housing and discrimination during studies.",
        short_name="BAS",
        founding_year=2003,
        communities=("Internationale Studierende",),
    ),
    _org(
        "bifev",
        "Bundesverband interkultureller Frauen in Deutschland",
        "federal",
        "Berlin",
        "womens_rights empowerment economy_work",
        "de en tr ar fa",
        "Bundesweites Netzwerk von Frauenvereinen mit Migrationsgeschichte: Mentoring, "
        "Weiterbildung und politische Arbeit für gleiche Rechte.",
        "Nationwide network of women's associations with a migration history: mentoring, "
        "further training and political work for equal rights.",
        short_name="BIFeV",
        founding_year=2012,
        communities=("Frauen",),
    ),
    _org(
        "bvre",
        "Bundesverband russischsprachiger Eltern",
        "parents",
        "Berlin",
        "education_family youth language_courses",
        "de ru uk",
        "Dachorganisation russischsprachiger Elternvereine: Mehrsprachigkeit, Elternarbeit "
        "und Beratung zum deutschen Schulsystem.",
        "Umbrella of Russian-speaking parents' associations: multilingualism, work with "
        "parents and advice on the German school system.",
        short_name="BVRE",
        founding_year=2012,
        communities=("Russischsprachig",),
    ),
    _org(
        UKRAINIAN,
        "Bundesverband ukrainischstämmiger Familien, Senioren, Frauen und Jugendlichen",
        "federal",
        "München",
        "health_social education_family refugees_asylum",
        "uk ru de",
        "Unterstützt ukrainischstämmige Familien, Ältere, Frauen und Jugendliche: Beratung, "
        "Sprachcafés und Begegnung für Neuangekommene.",
        "Supports families, older people, women and young people of Ukrainian origin: "
        "counselling, language cafés and meeting places for new arrivals.",
        founding_year=2015,
        communities=("Ukrainisch",),
        contacts=1,
    ),
    _org(
        "damost",
        "DaMOst – Dachverband der Migrant*innenorganisationen in Ostdeutschland",
        "umbrella",
        "Leipzig",
        "politics empowerment anti_racism",
        "de ru ar vi pl",
        "Dachverband für die ostdeutschen Bundesländer: stärkt Migrant*innenorganisationen "
        "vor Ort und bringt ihre Anliegen in Landes- und Bundespolitik.",
        "Umbrella association for the eastern German states: strengthens local migrant "
        "organisations and brings their concerns to state and federal politics.",
        short_name="DaMOst",
        founding_year=2018,
        communities=(ACROSS_ORIGINS,),
        contacts=1,
    ),
    _org(
        "de-perspektive",
        "de.Perspektive",
        "new_german",
        "Köln",
        "politics empowerment",
        "de en",
        "Initiative für postmigrantische Perspektiven in Debatten über Demokratie, Medien "
        "und Zugehörigkeit.",
        "Initiative bringing post-migrant perspectives into debates on democracy, media and "
        "belonging.",
        founding_year=2019,
    ),
    _org(
        "djo",
        "djo – Deutsche Jugend in Europa",
        "federal",
        "Berlin",
        "youth culture politics",
        "de ru pl ar",
        "Kinder- und Jugendverband, in dem sich viele migrantische Jugendorganisationen "
        "zusammengeschlossen haben: Jugendbildung, Austausch und Beteiligung.",
        "Children's and youth association uniting many migrant youth organisations: youth "
        "education, exchanges and participation.",
        short_name="djo",
        founding_year=1951,
    ),
    _org(
        "eoto",
        "Each One Teach One",
        "new_german",
        "Berlin",
        "education_family anti_racism empowerment",
        "de en fr",
        "Community-basiertes Bildungsprojekt mit Bibliothek, Workshops und Beratung für "
        "Schwarze Menschen und People of Color.",
        "Community-based education project with a library, workshops and counselling for "
        "Black people and people of colour.",
        short_name="EOTO",
        founding_year=2012,
        communities=("Schwarze Community",),
    ),
    _org(
        "foeted",
        "FÖTED – Förderung Türkischer Elternvereine in Deutschland",
        "parents",
        "Köln",
        "education_family youth",
        "de tr",
        "Verbund türkeistämmiger Elternvereine: Elternseminare, Hausaufgabenhilfe und "
        "Zusammenarbeit mit Schulen.",
        "Federation of parents' associations of Turkish origin: seminars for parents, "
        "homework help and cooperation with schools.",
        short_name="FÖTED",
        founding_year=1993,
        communities=("Türkeistämmig",),
    ),
    _org(
        "igd",
        "Iranische Gemeinde in Deutschland",
        "umbrella",
        "Berlin",
        "politics culture refugees_asylum",
        "de fa en",
        "Dachverband iranischstämmiger Menschen und Vereine: politische Bildung, Kultur und "
        "Unterstützung für Geflüchtete.",
        "Umbrella for people and associations of Iranian origin: civic education, culture "
        "and support for refugees.",
        short_name="IGD",
        founding_year=2012,
        communities=("Iranisch",),
        contacts=1,
    ),
    _org(
        "jumu-deutschland",
        "JuMu Deutschland",
        "federal",
        "Frankfurt am Main",
        "youth empowerment politics",
        "de en ar tr",
        "Bundesweites Netzwerk junger Menschen mit Migrationsgeschichte: Peer-Projekte, "
        "Trainings und Beteiligung in der Jugendpolitik.",
        "Nationwide network of young people with a migration history: peer projects, "
        "training and a say in youth policy.",
        short_name="JuMu",
        founding_year=2016,
    ),
    _org(
        "kone",
        "Kone",
        "migrant",
        "Hamburg",
        "culture empowerment",
        "de fr en",
        "Verein für Begegnung, Kultur und gegenseitige Unterstützung in afrikanischen "
        "Communities in Hamburg.",
        "Association for encounters, culture and mutual support in African communities in Hamburg.",
        founding_year=2010,
        communities=("Westafrikanisch",),
    ),
    _org(
        "lamsa",
        "Landesnetzwerk Migrant*innenorganisationen Sachsen-Anhalt",
        "state",
        "Halle (Saale)",
        "politics economy_work empowerment",
        "de ar ru vi fa",
        "Landesnetzwerk für Sachsen-Anhalt: berät Vereine, qualifiziert Ehrenamtliche und "
        "vertritt migrantische Interessen im Land.",
        "State network for Saxony-Anhalt: advises associations, trains volunteers and "
        "represents migrant interests in the state.",
        short_name="LAMSA",
        founding_year=2008,
        communities=(ACROSS_ORIGINS,),
        contacts=2,
    ),
    _org(
        "loom",
        "Loom",
        "new_german",
        "Berlin",
        "culture empowerment",
        "de en",
        "Kollektiv, das postmigrantische Stimmen in Kultur und Medien verwebt: Lesungen, "
        "Podcasts, Netzwerktreffen.",
        "Collective weaving post-migrant voices into culture and media: readings, podcasts "
        "and network meetings.",
        founding_year=2020,
    ),
    _org(
        "migranetz-thueringen",
        "Migranetz Thüringen",
        "state",
        "Erfurt",
        "politics empowerment refugees_asylum",
        "de ar ru vi tr",
        "Landesnetzwerk der Migrant*innenorganisationen in Thüringen: Vernetzung, "
        "Fortbildung und politische Teilhabe.",
        "State network of migrant organisations in Thuringia: networking, further training "
        "and political participation.",
        founding_year=2015,
        communities=(ACROSS_ORIGINS,),
    ),
    _org(
        "mir-brandenburg",
        "Migrations- und Integrationsrat Land Brandenburg",
        "umbrella",
        "Potsdam",
        "politics refugees_asylum",
        "de ru ar pl vi",
        "Landesweiter Dachverband der Migrationsbeiräte und Migrant*innenorganisationen in "
        "Brandenburg.",
        "State-wide umbrella of migration councils and migrant organisations in Brandenburg.",
        short_name="MIR",
        founding_year=2006,
        communities=(ACROSS_ORIGINS,),
    ),
    _org(
        MIGRANET,
        "Netzwerk der Migrant*innenorganisationen in Mecklenburg-Vorpommern",
        "state",
        "Rostock",
        "politics anti_racism refugees_asylum empowerment",
        "de ru ar vi uk fr",
        "Landesnetzwerk von über 40 Migrant*innenorganisationen aus Mecklenburg-Vorpommern. "
        "Gegründet 2009 auf der 3. Konferenz der Migrantenselbstorganisationen; ein "
        "Sprecherrat vertritt das Netzwerk nach außen. Mit Stadtplan der Mitglieder.",
        "State network of more than 40 migrant organisations in Mecklenburg-Western "
        "Pomerania. Founded in 2009 at the 3rd conference of migrant self-organisations; a "
        "speaker council represents the network. With a city map of its members.",
        short_name="MIGRANET-MV",
        founding_year=2009,
        communities=(ACROSS_ORIGINS,),
        contacts=2,
    ),
    _org(
        "ndo",
        "neue deutsche organisationen",
        "new_german",
        "Berlin",
        "politics anti_racism empowerment",
        "de en",
        "Netzwerk postmigrantischer Initiativen, die sich für ein inklusives Deutschland "
        "und gegen Rassismus einsetzen.",
        "Network of post-migrant initiatives working for an inclusive Germany and against racism.",
        short_name="ndo",
        founding_year=2015,
    ),
    _org(
        "pawlo-masoso",
        "Pan-African Women's Empowerment & Liberation Organisation",
        "migrant",
        "Berlin",
        "womens_rights empowerment anti_racism",
        "de en fr",
        "Organisation afrikanischer und afrodiasporischer Frauen: Empowerment, Beratung und "
        "Arbeit gegen Mehrfachdiskriminierung.",
        "Organisation of African and Afro-diasporic women: empowerment, counselling and work "
        "against multiple discrimination.",
        short_name="PAWLO-Masoso",
        founding_year=2004,
        communities=("Afrikanische Diaspora",),
    ),
    _org(
        "psr",
        "Polnischer Sozialrat",
        "migrant",
        "Berlin",
        "health_social economy_work",
        "de pl",
        "Beratung für polnischsprachige Menschen zu Arbeit, Sozialleistungen und Wohnen; "
        "Kultur- und Bildungsangebote.",
        "Counselling for Polish-speaking people on work, benefits and housing; cultural and "
        "educational activities.",
        short_name="PSR",
        founding_year=1982,
        communities=("Polnisch",),
        contacts=1,
    ),
    _org(
        "queeraspora",
        "Queeraspora",
        "new_german",
        "Köln",
        "empowerment anti_racism health_social",
        "de en tr ar",
        "Empowerment-Räume für queere Menschen mit Migrationsgeschichte: Treffen, Beratung "
        "und Bildungsarbeit.",
        "Empowerment spaces for queer people with a migration history: meetings, "
        "counselling and education.",
        founding_year=2017,
        communities=("Queer",),
    ),
    _org(
        "stayin",
        "STayin",
        "migrant",
        "Stuttgart",
        "youth education_family",
        "de en tr it",
        "Jugendinitiative, die junge Menschen beim Übergang von der Schule in Ausbildung und "
        "Studium begleitet.",
        "Youth initiative accompanying young people from school into vocational training "
        "and university.",
        founding_year=2018,
    ),
    _org(
        "suedost-europa-kultur",
        "südost Europa Kultur",
        "migrant",
        "Berlin",
        "culture health_social refugees_asylum",
        "de bs sr hr sq",
        "Kultur- und Beratungszentrum für Menschen aus Südosteuropa: psychosoziale Beratung, "
        "Frauen- und Jugendarbeit.",
        "Cultural and counselling centre for people from south-eastern Europe: psychosocial "
        "counselling, work with women and young people.",
        founding_year=1991,
        communities=("Südosteuropäisch", "Bosnisch"),
    ),
    _org(
        "tgd",
        "Türkische Gemeinde in Deutschland",
        "umbrella",
        "Berlin",
        "politics anti_racism education_family economy_work",
        "de tr",
        "Bundesweiter Dachverband türkeistämmiger Vereine: Bildung, Antidiskriminierung, "
        "Teilhabe; Träger community-basierter Beratungsstellen gegen Rassismus.",
        "Nationwide umbrella of associations of Turkish origin: education, "
        "anti-discrimination and participation; runs community-based counselling centres "
        "against racism.",
        short_name="TGD",
        founding_year=1995,
        communities=("Türkeistämmig",),
        contacts=2,
    ),
    _org(
        "utbe",
        "Union des togolais de breme et de ses environs",
        "migrant",
        "Bremen",
        "culture education_family",
        "fr ee de",
        "Verein der togoischen Community in Bremen und Umgebung: Begegnung, Kultur und "
        "Hilfe beim Ankommen.",
        "Association of the Togolese community in and around Bremen: meeting, culture and "
        "help settling in.",
        short_name="U.T.B.E",
        founding_year=2005,
        communities=("Togoisch",),
    ),
    _org(
        "vafo",
        "Verband afghanischer Organisationen in Deutschland",
        "umbrella",
        "Frankfurt am Main",
        "refugees_asylum politics education_family",
        "de fa ps",
        "Dachverband afghanischer Vereine: Interessenvertretung, Bildung und Unterstützung "
        "für Geflüchtete.",
        "Umbrella of Afghan associations: representation, education and support for refugees.",
        short_name="VAFO",
        founding_year=2005,
        communities=("Afghanisch",),
        contacts=1,
    ),
    _org(
        "viw",
        "Verband für interkulturelle Wohlfahrtspflege, Empowerment und Diversity",
        "umbrella",
        "Berlin",
        "health_social empowerment",
        "de tr ar ru",
        "Wohlfahrtsverband migrantischer Träger: soziale Dienste, Qualifizierung und "
        "Diversität in der Wohlfahrtspflege.",
        "Welfare association of migrant providers: social services, training and diversity "
        "in welfare work.",
        short_name="VIW",
        founding_year=2016,
        communities=(ACROSS_ORIGINS,),
    ),
    _org(
        GREEK,
        "Verband Griechischer Gemeinden in der Bundesrepublik Deutschland",
        "umbrella",
        "Stuttgart",
        "culture education_family politics",
        "de el",
        "Dachverband der griechischen Gemeinden: Sprache und Kultur, Elternarbeit und "
        "politische Vertretung.",
        "Umbrella of the Greek communities: language and culture, work with parents and "
        "political representation.",
        founding_year=1965,
        communities=("Griechisch",),
    ),
    _org(
        "vkii",
        "Verein kamerunischer Ingenieure und Informatiker",
        "migrant",
        "Bochum",
        "economy_work education_family",
        "de fr en",
        "Netzwerk kamerunischer Fachkräfte in Technik und IT: Mentoring, Fachtagungen und "
        "Projekte in Kamerun.",
        "Network of Cameroonian engineers and IT specialists: mentoring, conferences and "
        "projects in Cameroon.",
        short_name="VKII",
        founding_year=1997,
        communities=("Kamerunisch",),
    ),
    _org(
        "vma",
        "Vereinigung Mandatsträgerinnen Afrikanischer Abstammung",
        "federal",
        "Hannover",
        "politics womens_rights",
        "de en fr",
        "Zusammenschluss von Frauen afrikanischer Abstammung in politischen Ämtern: "
        "Vernetzung und Nachwuchsförderung.",
        "Alliance of women of African descent holding political office: networking and "
        "encouraging newcomers.",
        short_name="VMA",
        founding_year=2020,
        communities=("Afrikanische Diaspora",),
    ),
    _org(
        "vietnamzentrum",
        "Vietnamzentrum",
        "migrant",
        "Hannover",
        "culture education_family health_social",
        "de vi",
        "Treffpunkt der vietnamesischen Community: Sprachkurse, Sozialberatung und Kulturfeste.",
        "Meeting point of the Vietnamese community: language courses, social counselling "
        "and cultural festivals.",
        founding_year=1995,
        communities=("Vietnamesisch",),
    ),
    _org(
        "yekmal",
        "Yekmal",
        "umbrella",
        "Bochum",
        "education_family womens_rights",
        "de ku tr",
        "Dachverband kurdischer Elternvereine: Muttersprachunterricht, Elternbildung und "
        "Frauenarbeit.",
        "Umbrella of Kurdish parents' associations: mother-tongue lessons, parent education "
        "and work with women.",
        founding_year=1993,
        communities=("Kurdisch",),
    ),
    _org(
        "young-voice-tgd",
        "Young Voice TGD",
        "migrant",
        "Berlin",
        "youth politics anti_racism",
        "de tr en",
        "Jugendorganisation der Türkischen Gemeinde in Deutschland: Beteiligung, politische "
        "Bildung und Engagement junger Menschen.",
        "Youth organisation of the Turkish Community in Germany: participation, civic "
        "education and youth engagement.",
        founding_year=2013,
        communities=("Türkeistämmig",),
        member_of=("tgd",),
    ),
    _org(
        "zan",
        "ZAN – Hilfsorganisation zur Förderung der Rechte afghanischer Frauen",
        "migrant",
        "Hamburg",
        "womens_rights refugees_asylum language_courses",
        "de fa ps",
        "Unterstützt afghanische Frauen und Mädchen: Beratung, Sprachkurse und Einsatz für "
        "Frauenrechte.",
        "Supports Afghan women and girls: counselling, language courses and advocacy for "
        "women's rights.",
        short_name="ZAN",
        founding_year=2002,
        communities=("Afghanisch",),
    ),
    _org(
        "zagd",
        "Zentralrat der Afrikanischen Gemeinde in Deutschland",
        "umbrella",
        "Berlin",
        "politics anti_racism empowerment",
        "de en fr",
        "Dachverband afrikanischer Vereine und Gemeinden: Interessenvertretung, "
        "Antidiskriminierung und Vernetzung.",
        "Umbrella of African associations and communities: representation, "
        "anti-discrimination and networking.",
        short_name="ZAGD",
        founding_year=2012,
        communities=("Afrikanische Diaspora",),
    ),
    _org(
        "zsd",
        "Zentralrat der Serben in Deutschland",
        "umbrella",
        "Frankfurt am Main",
        "culture politics",
        "de sr",
        "Dachverband serbischer Vereine und Gemeinden: Kultur, Sprache und Vertretung "
        "gegenüber Politik und Verwaltung.",
        "Umbrella of Serbian associations and communities: culture, language and "
        "representation towards politics and administration.",
        short_name="ZSD",
        founding_year=2013,
        communities=("Serbisch",),
    ),
)

BKMO_MEMBERS: tuple[DemoOrganization, ...] = tuple(
    replace(member, member_of=(*member.member_of, BKMO)) for member in _BKMO_MEMBERS
)

# The member list exactly as the brochure writes it, mapped to the demo slugs.
BKMO_MEMBER_LIST: dict[str, str] = {
    "AFROTAK TV cyberNomads": "afrotak-tv-cybernomads",
    "Amaro Drom": "amaro-drom",
    "Arbeitsgemeinschaft von Migrantinnen, Migranten und Flüchtlingen in Niedersachsen "
    "(amfn)": "amfn",
    "Bundeselternnetzwerk der Migrant*innenorganisationen für Bildung und Teilhabe (bbt)": "bbt",
    "Bundesverband ausländischer Studierender (BAS)": "bas",
    "Bundesverband interkultureller Frauen in Deutschland (BIFeV)": "bifev",
    "Bundesverband russischsprachiger Eltern (BVRE)": "bvre",
    "Bundesverband ukrainischstämmiger Familien, Senioren, Frauen und Jugendlichen": UKRAINIAN,
    "DaMOst – Dachverband der Migrant*innenorganisationen in Ostdeutschland": "damost",
    "de.Perspektive": "de-perspektive",
    "djo Deutsche Jugend in Europa": "djo",
    "Each One Teach One (EOTO)": "eoto",
    "FÖTED – Förderung Türkischer Elternvereine in Deutschland": "foeted",
    "Iranische Gemeinde in Deutschland (IGD)": "igd",
    "JuMu Deutschland": "jumu-deutschland",
    "Kone": "kone",
    "Landesnetzwerk Migrant*innenorganisationen Sachsen-Anhalt (LAMSA)": "lamsa",
    "Loom": "loom",
    "Migranetz Thüringen": "migranetz-thueringen",
    "Migrations- und Integrationsrat Land Brandenburg": "mir-brandenburg",
    "Netzwerk der Migrant*innenorganisationen in Mecklenburg-Vorpommern (Migranet-MV)": MIGRANET,
    "Neue deutsche Organisationen (ndo)": "ndo",
    "Pan-African Women's Empowerment & Liberation Organisation (PAWLO-Masoso)": "pawlo-masoso",
    "Polnischer Sozialrat (PSR)": "psr",
    "Queeraspora": "queeraspora",
    "STayin": "stayin",
    "südost Europa Kultur": "suedost-europa-kultur",
    "Türkische Gemeinde in Deutschland (TGD)": "tgd",
    "U.T.B.E - Union des togolais de breme et de ses environs": "utbe",
    "Verband afghanischer Organisationen in Deutschland (VAFO)": "vafo",
    "Verband für interkulturelle Wohlfahrtspflege, Empowerment und Diversity (VIW)": "viw",
    "Verband Griechischer Gemeinden in der Bundesrepublik Deutschland": GREEK,
    "Verein kamerunischer Ingenieure und Informatiker (VKII)": "vkii",
    "Vereinigung Mandatsträgerinnen Afrikanischer Abstammung (VMA)": "vma",
    "Vietnamzentrum": "vietnamzentrum",
    "Yekmal": "yekmal",
    "Young Voice TGD": "young-voice-tgd",
    "ZAN – Hilfsorganisation zur Förderung der Rechte afghanischer Frauen": "zan",
    "Zentralrat der Afrikanischen Gemeinde in Deutschland (ZAGD)": "zagd",
    "Zentralrat der Serben in Deutschland (ZSD)": "zsd",
}

# --- NeMO's local networks ("Verbünde") ------------------------------------------------------
# The seed says NeMO unites networks in 20 cities without naming them; the twenty cities
# chosen here and the generic names are invented for the demo.
NEMO_CITIES: tuple[str, ...] = (
    "Dortmund",
    "Bochum",
    "Düsseldorf",
    "Mönchengladbach",
    "Hannover",
    "Braunschweig",
    "Magdeburg",
    "Halle (Saale)",
    "Leipzig",
    "Dresden",
    "Nürnberg",
    "Hamburg",
    "Köln",
    "Bielefeld",
    "Kassel",
    "Stuttgart",
    "Mannheim",
    "Bremen",
    "Kiel",
    "Erfurt",
)


def nemo_network_slug(city: str) -> str:
    return "verbund-mo-" + slugify(fold(city))


LOCAL_NETWORKS: tuple[DemoOrganization, ...] = tuple(
    _org(
        nemo_network_slug(city),
        f"Verbund der Migrant*innenorganisationen {city}",
        "local_network",
        city,
        "politics empowerment education_family refugees_asylum",
        "de tr ar ru fa",
        f"Lokaler Verbund von Migrant*innenorganisationen in {city}: herkunftsübergreifend, "
        "säkular, mit wöchentlichem Koordinationstreffen, Protokoll und verteilten Aufgaben.",
        f"Local network of migrant organisations in {city}: across origins, secular, with a "
        "weekly coordination meeting, minutes and shared tasks.",
        communities=(ACROSS_ORIGINS,),
        founding_year=2012 + index % 8,
        member_of=(NEMO,),
        contacts=1 if index % 3 == 0 else 0,
    )
    for index, city in enumerate(NEMO_CITIES)
)

# --- The networking talk (7th integration conference) and its partners ----------------------
MG_NETWORK = nemo_network_slug("Mönchengladbach")

TALK_ASSOCIATIONS: tuple[DemoOrganization, ...] = (
    _org(
        "irfan",
        "IRFAN, Bildungs- und Kulturverein",
        "migrant",
        "Mönchengladbach",
        "education_family culture language_courses",
        "de tr ku",
        "Deutsch-türkischer und kurdischer Bildungs- und Kulturverein: Nachhilfe, "
        "Sprachkurse, Feste und Zusammenarbeit mit Schulen.",
        "German-Turkish and Kurdish education and culture association: tutoring, language "
        "courses, festivals and cooperation with schools.",
        communities=("Türkeistämmig", "Kurdisch"),
        founding_year=1998,
        member_of=(MG_NETWORK,),
        contacts=1,
    ),
    _org(
        "radio-mh",
        "Radio MH",
        "migrant",
        "Mönchengladbach",
        "culture empowerment",
        "de fr en ru",
        "Deutsch-afrikanisch-russisches Bürgerradio: Sendungen von und für die Communities "
        "der Stadt, Medienworkshops für Jugendliche.",
        "German-African-Russian community radio: programmes by and for the city's "
        "communities, media workshops for young people.",
        communities=("Afrikanische Diaspora", "Russischsprachig"),
        founding_year=2009,
        member_of=(MG_NETWORK,),
    ),
    _org(
        "le-cri-des-opprimes",
        "Le Cri Des Opprimés",
        "migrant",
        "Mönchengladbach",
        "refugees_asylum anti_racism health_social",
        "fr ln de",
        "Verein kongolesischer Geflüchteter: Begleitung zu Behörden, Austausch und "
        "Menschenrechtsarbeit.",
        "Association of Congolese refugees: accompanying people to authorities, exchange and "
        "human rights work.",
        communities=("Kongolesisch",),
        founding_year=2011,
        member_of=(MG_NETWORK,),
    ),
)

# Partner institutions of the kinds the talk lists; the names are generic and invented.
PARTNERS: tuple[DemoOrganization, ...] = (
    _org(
        "gesamtschule-mg-nord",
        "Städtische Gesamtschule Mönchengladbach-Nord",
        "partner",
        "Mönchengladbach",
        "education_family youth",
        "de",
        "Schule mit Bildungslotsen, die mit den Elternvereinen des Verbunds zusammenarbeitet.",
        "School with education guides that works with the network's parents' associations.",
        partner_kind="school",
        legal_form="public",
        founding_year=1975,
    ),
    _org(
        "integration-point-mg",
        "Integration Point im Jobcenter Mönchengladbach",
        "partner",
        "Mönchengladbach",
        "economy_work refugees_asylum",
        "de en ar fa",
        "Anlaufstelle für geflüchtete Menschen auf dem Weg in Arbeit und Ausbildung.",
        "Service point helping refugees into work and vocational training.",
        partner_kind="jobcenter",
        legal_form="public",
        founding_year=2016,
    ),
    _org(
        "integrationsbuero-mg",
        "Integrationsbüro der Stadt Mönchengladbach",
        "partner",
        "Mönchengladbach",
        "politics",
        "de",
        "Kommunale Stelle, die Vereine berät und den Austausch mit der Stadtverwaltung "
        "organisiert.",
        "Municipal office advising associations and organising exchange with the city "
        "administration.",
        partner_kind="authority",
        legal_form="public",
        founding_year=2008,
    ),
    _org(
        "jugendamt-mg",
        "Jugendamt Mönchengladbach",
        "partner",
        "Mönchengladbach",
        "youth education_family",
        "de",
        "Kooperationspartner für Jugendhilfe, Elternarbeit und Ferienprogramme.",
        "Partner for youth welfare, work with parents and holiday programmes.",
        partner_kind="youth_office",
        legal_form="public",
        founding_year=1950,
    ),
    _org(
        "migrationsberatung-mg",
        "Migrationsberatung für Erwachsene Mönchengladbach",
        "partner",
        "Mönchengladbach",
        "health_social refugees_asylum",
        "de ar tr ru",
        "Beratung zu Aufenthalt, Sprachkursen, Arbeit und Familie.",
        "Advice on residence, language courses, work and family.",
        partner_kind="migration_counselling",
        legal_form="ev",
        founding_year=2005,
    ),
    _org(
        "frauenberatung-niederrhein",
        "Frauenberatungsstelle Niederrhein",
        "partner",
        "Mönchengladbach",
        "womens_rights health_social",
        "de tr ar",
        "Beratung und Schutz für Frauen in Krisen, auch mehrsprachig.",
        "Counselling and protection for women in crisis, also in several languages.",
        partner_kind="womens_shelter",
        legal_form="ev",
        founding_year=1988,
    ),
    _org(
        "gespraechskreis-religionen-mg",
        "Gesprächskreis der Religionsgemeinden Mönchengladbach",
        "partner",
        "Mönchengladbach",
        "culture",
        "de tr ar",
        "Moschee-, Kirchen- und weitere Gemeinden, die sich regelmäßig austauschen und "
        "Räume für Vereine öffnen.",
        "Mosque, church and other communities meeting regularly and opening rooms to associations.",
        partner_kind="religious_community",
        legal_form="informal",
        founding_year=2004,
    ),
    _org(
        "polizei-kontaktstelle-mg",
        "Kontaktstelle der Polizei für Migrantenvereine Mönchengladbach",
        "partner",
        "Mönchengladbach",
        "health_social",
        "de",
        "Ansprechpersonen der Polizei für Vereine und Gemeinden.",
        "Police contact officers for associations and communities.",
        partner_kind="police",
        legal_form="public",
        founding_year=2010,
    ),
    _org(
        "lpb-nrw",
        "Landeszentrale für politische Bildung Nordrhein-Westfalen",
        "partner",
        "Düsseldorf",
        "politics",
        "de",
        "Fördert politische Bildung; Partnerin für Seminare der Migrantenselbstorganisationen.",
        "Promotes civic education; partner for seminars of migrant self-organisations.",
        partner_kind="political_education",
        legal_form="public",
        founding_year=1946,
    ),
    _org(
        "stiftung-miteinander-niederrhein",
        "Stiftung Miteinander Niederrhein",
        "partner",
        "Mönchengladbach",
        "culture education_family",
        "de",
        "Kleine Stiftung, die Projekte der Vereine vor Ort fördert.",
        "Small foundation funding local associations' projects.",
        partner_kind="foundation",
        legal_form="foundation",
        founding_year=2001,
    ),
    _org(
        "fabro",
        "FABRO",
        "partner",
        "Rostock",
        "politics empowerment",
        "de ru",
        "Träger in Rostock, bei dem die Geschäftsstelle von MIGRANET-MV angesiedelt ist.",
        "Organisation in Rostock that hosts the office of MIGRANET-MV.",
        partner_kind="other",
        founding_year=2003,
    ),
)

# --- Invented organisations, so that every federal state has entries -------------------------

INVENTED: tuple[DemoOrganization, ...] = (
    _org(
        "deutsch-syrischer-kulturverein-kiel",
        "Deutsch-Syrischer Kulturverein Kiel",
        "migrant",
        "Kiel",
        "culture language_courses refugees_asylum",
        "de ar ku",
        "Sprachcafé, Hausaufgabenhilfe und Kulturabende für syrische Familien in Kiel.",
        "Language café, homework help and cultural evenings for Syrian families in Kiel.",
        communities=("Syrisch", "Kurdisch"),
        founding_year=2016,
    ),
    _org(
        "afrikanisches-forum-luebeck",
        "Afrikanisches Forum Lübeck",
        "migrant",
        "Lübeck",
        "anti_racism empowerment culture",
        "de en fr",
        "Vernetzt afrikanische Vereine in Lübeck und organisiert Workshops gegen Rassismus.",
        "Connects African associations in Lübeck and runs anti-racism workshops.",
        communities=("Afrikanische Diaspora",),
        founding_year=2008,
    ),
    _org(
        "elternkreis-vielfalt-flensburg",
        "Elternkreis Vielfalt Flensburg",
        "migrant",
        "Flensburg",
        "education_family",
        "de tr da ar",
        "Elterngruppe, die mehrsprachige Familien bei Kita- und Schulfragen begleitet.",
        "Parents' group supporting multilingual families with day-care and school questions.",
        communities=(ACROSS_ORIGINS,),
        founding_year=2019,
    ),
    _org(
        "italienische-gemeinde-saarbruecken",
        "Italienische Gemeinde Saarbrücken",
        "migrant",
        "Saarbrücken",
        "culture education_family health_social",
        "de it",
        "Älteste Gemeinde der italienischen Gastarbeiterfamilien im Saarland: Seniorentreff, "
        "Sprachunterricht, Sozialberatung.",
        "The oldest community of Italian guest-worker families in Saarland: seniors' meeting "
        "place, language lessons, social counselling.",
        communities=("Italienisch",),
        founding_year=1962,
    ),
    _org(
        "frauennetzwerk-neunkirchen",
        "Internationales Frauennetzwerk Neunkirchen",
        "migrant",
        "Neunkirchen",
        "womens_rights economy_work",
        "de tr ar ru",
        "Frauen unterschiedlicher Herkunft unterstützen einander beim Berufseinstieg.",
        "Women of different origins support each other in getting into work.",
        communities=("Frauen", ACROSS_ORIGINS),
        founding_year=2011,
    ),
    _org(
        "eritreische-gemeinde-mainz",
        "Eritreische Gemeinde Mainz",
        "migrant",
        "Mainz",
        "refugees_asylum culture",
        "de ti ar",
        "Begleitung bei Behördengängen, Sprachkurse und Feste der eritreischen Community.",
        "Help with authorities, language courses and festivals of the Eritrean community.",
        communities=("Eritreisch",),
        founding_year=2014,
    ),
    _org(
        "griechisch-deutscher-sportverein-ludwigshafen",
        "Griechisch-Deutscher Sportverein Ludwigshafen",
        "migrant",
        "Ludwigshafen am Rhein",
        "sport youth",
        "de el",
        "Fußball und Basketball für Kinder und Jugendliche aller Herkünfte.",
        "Football and basketball for children and young people of every origin.",
        communities=("Griechisch",),
        founding_year=1972,
    ),
    _org(
        "portugiesischer-kulturkreis-trier",
        "Portugiesischer Kulturkreis Trier",
        "migrant",
        "Trier",
        "culture language_courses",
        "de pt",
        "Portugiesischunterricht für Kinder, Musik und Begegnung in der Grenzregion.",
        "Portuguese lessons for children, music and encounters in the border region.",
        communities=("Portugiesischsprachig",),
        founding_year=1979,
    ),
    _org(
        "vietnamesischer-verein-rostock",
        "Vietnamesischer Verein Rostock",
        "migrant",
        "Rostock",
        "culture education_family health_social",
        "de vi",
        "Beratung, Sprachkurse und Feste für vietnamesische Familien in Rostock.",
        "Counselling, language courses and festivals for Vietnamese families in Rostock.",
        communities=("Vietnamesisch",),
        founding_year=1992,
        member_of=(MIGRANET,),
    ),
    _org(
        "russischsprachiger-kulturverein-schwerin",
        "Russischsprachiger Kulturverein Schwerin",
        "migrant",
        "Schwerin",
        "culture language_courses",
        "de ru uk",
        "Bibliothek, Chor und Deutschkurse für russisch- und ukrainischsprachige Menschen.",
        "Library, choir and German courses for Russian- and Ukrainian-speaking people.",
        communities=("Russischsprachig",),
        founding_year=1997,
        member_of=(MIGRANET,),
    ),
    _org(
        "internationaler-studierendenclub-greifswald",
        "Internationaler Studierendenclub Greifswald",
        "migrant",
        "Greifswald",
        "youth culture",
        "de en ar",
        "Treffpunkt internationaler Studierender: Stammtisch, Ausflüge, Hilfe beim Ankommen.",
        "Meeting place for international students: regular get-togethers, trips, help settling in.",
        communities=("Internationale Studierende",),
        founding_year=2007,
        member_of=(MIGRANET,),
    ),
    _org(
        "afrikanischer-verein-neubrandenburg",
        "Afrikanischer Verein Neubrandenburg",
        "migrant",
        "Neubrandenburg",
        "anti_racism empowerment",
        "de fr en",
        "Setzt sich gegen Rassismus ein und begleitet Neuangekommene in der Region.",
        "Works against racism and accompanies new arrivals in the region.",
        communities=("Afrikanische Diaspora",),
        founding_year=2012,
        member_of=(MIGRANET,),
    ),
    _org(
        "polnisch-deutsche-initiative-cottbus",
        "Polnisch-Deutsche Initiative Cottbus",
        "migrant",
        "Cottbus",
        "culture economy_work",
        "de pl",
        "Nachbarschaftsprojekte und Beratung für Beschäftigte aus Polen in der Lausitz.",
        "Neighbourhood projects and advice for workers from Poland in Lusatia.",
        communities=("Polnisch",),
        founding_year=2004,
    ),
    _org(
        "ukrainische-familienhilfe-chemnitz",
        "Ukrainische Familienhilfe Chemnitz",
        "migrant",
        "Chemnitz",
        "refugees_asylum education_family",
        "uk ru de",
        "Hilfe für geflüchtete Familien aus der Ukraine: Kinderbetreuung, Beratung, Deutschkurse.",
        "Help for refugee families from Ukraine: childcare, counselling, German courses.",
        communities=("Ukrainisch",),
        founding_year=2022,
    ),
    _org(
        "kurdisches-zentrum-jena",
        "Kurdisches Zentrum Jena",
        "migrant",
        "Jena",
        "culture education_family",
        "de ku tr ar",
        "Kurdischer Sprachunterricht, Musik und Elternabende.",
        "Kurdish language lessons, music and parents' evenings.",
        communities=("Kurdisch",),
        founding_year=2010,
    ),
    _org(
        "bosnischer-kulturverein-regensburg",
        "Bosnischer Kulturverein Regensburg",
        "migrant",
        "Regensburg",
        "culture sport",
        "de bs",
        "Folklore, Sport und Begegnung für Familien aus Bosnien und Herzegowina.",
        "Folklore, sport and meeting place for families from Bosnia and Herzegovina.",
        communities=("Bosnisch",),
        founding_year=1994,
    ),
    _org(
        "lateinamerika-forum-freiburg",
        "Lateinamerika-Forum Freiburg",
        "migrant",
        "Freiburg im Breisgau",
        "culture politics",
        "de es pt",
        "Kulturprogramm und politische Bildung der lateinamerikanischen Communities.",
        "Cultural programme and civic education of the Latin American communities.",
        communities=("Lateinamerikanisch",),
        founding_year=2000,
    ),
    _org(
        "tuerkischer-elternverein-mannheim",
        "Türkischer Elternverein Mannheim",
        "migrant",
        "Mannheim",
        "education_family youth",
        "de tr",
        "Lernhilfe, Elterncafé und Berufsorientierung für Jugendliche.",
        "Learning support, parents' café and career guidance for young people.",
        communities=("Türkeistämmig",),
        founding_year=1986,
        member_of=("foeted",),
    ),
    _org(
        "iranischer-kulturverein-kassel",
        "Iranischer Kulturverein Kassel",
        "migrant",
        "Kassel",
        "culture language_courses",
        "de fa",
        "Persische Sprachschule, Literaturabende und Nouruz-Fest.",
        "Persian language school, literary evenings and the Nowruz festival.",
        communities=("Iranisch",),
        founding_year=1990,
        member_of=("igd",),
    ),
    _org(
        "somalische-gemeinde-bremerhaven",
        "Somalische Gemeinde Bremerhaven",
        "migrant",
        "Bremerhaven",
        "refugees_asylum health_social",
        "de so ar",
        "Beratung und Begleitung für somalische Familien in Bremerhaven.",
        "Counselling and support for Somali families in Bremerhaven.",
        communities=("Somalisch",),
        founding_year=2013,
    ),
    _org(
        "ghanaische-union-goettingen",
        "Ghanaische Union Göttingen",
        "migrant",
        "Göttingen",
        "culture empowerment",
        "de en ak",
        "Kultur, Musik und gegenseitige Hilfe der ghanaischen Community.",
        "Culture, music and mutual help in the Ghanaian community.",
        communities=("Ghanaisch",),
        founding_year=2003,
    ),
    _org(
        "jugendnetzwerk-vielfalt-bielefeld",
        "Jugendnetzwerk Vielfalt Bielefeld",
        "new_german",
        "Bielefeld",
        "youth politics anti_racism",
        "de en tr ar",
        "Junge Menschen aus Einwandererfamilien mischen sich in die Stadtpolitik ein.",
        "Young people from immigrant families getting involved in city politics.",
        communities=(ACROSS_ORIGINS,),
        founding_year=2018,
    ),
    _org(
        "arabischer-elternverein-magdeburg",
        "Arabischsprachiger Elternverein Magdeburg",
        "migrant",
        "Magdeburg",
        "education_family language_courses",
        "de ar",
        "Elternabende und Arabischunterricht für Kinder; Brücke zu Schulen.",
        "Parents' evenings and Arabic lessons for children; a bridge to schools.",
        communities=("Arabischsprachig",),
        founding_year=2017,
        member_of=(nemo_network_slug("Magdeburg"),),
    ),
    # Drafts: one the demo organisation admin has sent to staff for review, two still private.
    _org(
        "sprachbruecke-potsdam",
        "Sprachbrücke Potsdam",
        "migrant",
        "Potsdam",
        "language_courses refugees_asylum",
        "de ar fa uk",
        "Ehrenamtliche Sprachpat*innen für Neuangekommene in Potsdam.",
        "Volunteer language mentors for new arrivals in Potsdam.",
        communities=(ACROSS_ORIGINS,),
        founding_year=2023,
        status="draft",
        awaiting_review=True,
    ),
    _org(
        "chinesischer-kulturverein-dresden",
        "Chinesischer Kulturverein Dresden",
        "migrant",
        "Dresden",
        "culture language_courses",
        "de zh",
        "Chinesischunterricht und Kulturabende; das Profil wird noch ausgefüllt.",
        "Chinese lessons and cultural evenings; the profile is still being completed.",
        communities=("Chinesisch",),
        founding_year=2009,
        status="draft",
    ),
    _org(
        "koreanischer-frauenkreis-duesseldorf",
        "Koreanischer Frauenkreis Düsseldorf",
        "migrant",
        "Düsseldorf",
        "womens_rights culture",
        "de ko",
        "Treffen koreanischer Frauen der ersten und zweiten Generation.",
        "Meetings of first- and second-generation Korean women.",
        communities=("Koreanisch",),
        founding_year=1976,
        status="draft",
    ),
)

# --- MIGRANET-MV's members across the districts ---------------------------------------------
# The seed says the network has more than 40 member organisations from different districts
# and towns of Mecklenburg-Vorpommern without naming them; four are invented above, these
# forty are generic invented associations (kind of group + town).
_MV_GROUPS: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "Syrischer Kulturverein",
        "Syrisch",
        "culture education_family",
        "de ar",
        "Kulturabende, Hausaufgabenhilfe und ein Elterncafé für syrische Familien.",
        "Cultural evenings, homework help and a parents' café for Syrian families.",
    ),
    (
        "Ukrainische Initiative",
        "Ukrainisch",
        "refugees_asylum language_courses",
        "de uk ru",
        "Begleitung bei Behörden, Deutschkurse und Treffen für Geflüchtete aus der Ukraine.",
        "Help with the authorities, German courses and meetings for refugees from Ukraine.",
    ),
    (
        "Afghanischer Frauenverein",
        "Afghanisch",
        "womens_rights empowerment",
        "de fa ps",
        "Frauen stärken Frauen: Beratung, Nähwerkstatt und Sprachcafé.",
        "Women supporting women: counselling, a sewing workshop and a language café.",
    ),
    (
        "Kurdisches Kulturhaus",
        "Kurdisch",
        "culture youth",
        "de ku tr ar",
        "Musik, Tanz und Jugendarbeit; offen für alle Nachbarinnen und Nachbarn.",
        "Music, dance and youth work, open to all neighbours.",
    ),
    (
        "Vietnamesische Elterninitiative",
        "Vietnamesisch",
        "education_family",
        "de vi",
        "Eltern vernetzen sich, begleiten den Schulweg ihrer Kinder und feiern Tết.",
        "Parents network, follow their children through school and celebrate Tết.",
    ),
    (
        "Afrikanisches Forum",
        "Afrikanische Diaspora",
        "anti_racism politics",
        "de fr en",
        "Setzt sich gegen Rassismus und für politische Teilhabe in der Region ein.",
        "Works against racism and for political participation in the region.",
    ),
    (
        "Russischsprachiger Elternverein",
        "Russischsprachig",
        "education_family youth",
        "de ru",
        "Kurse am Wochenende, Ferienfahrten und Beratung für Familien.",
        "Weekend courses, holiday trips and advice for families.",
    ),
    (
        "Arabischer Frauentreff",
        "Arabisch",
        "womens_rights health_social",
        "de ar",
        "Gesundheitsgespräche, Beratung und ein wöchentlicher Treff für Frauen.",
        "Health talks, counselling and a weekly meeting for women.",
    ),
    (
        "Türkischer Kultur- und Sportverein",
        "Türkisch",
        "culture sport",
        "de tr",
        "Fußball, Folklore und Nachhilfe für Kinder und Jugendliche.",
        "Football, folk dance and tutoring for children and young people.",
    ),
    (
        "Eritreische Gemeinschaft",
        "Eritreisch",
        "refugees_asylum health_social",
        "de ti ar",
        "Begleitung zu Ärzten und Ämtern, Dolmetschen und ein monatliches Gemeinschaftsessen.",
        "Company to doctors and offices, interpreting and a monthly community dinner.",
    ),
)
_MV_TOWNS: tuple[str, ...] = (
    "Rostock",
    "Schwerin",
    "Greifswald",
    "Neubrandenburg",
    "Stralsund",
    "Wismar",
    "Güstrow",
    "Waren (Müritz)",
    "Neustrelitz",
    "Parchim",
    "Ludwigslust",
    "Anklam",
    "Bergen auf Rügen",
)
# Each kind of group in four towns: forty associations spread over the thirteen towns.
MIGRANET_DISTRICT_MEMBERS: tuple[DemoOrganization, ...] = tuple(
    _org(
        slugify(fold(f"{group} {town}")),
        f"{group} {town}",
        "migrant",
        town,
        themes,
        languages,
        de,
        en,
        communities=(community,),
        founding_year=1995 + (number * 7 + offset) % 28,
        member_of=(MIGRANET,),
    )
    for number, (group, community, themes, languages, de, en) in enumerate(_MV_GROUPS)
    for offset, town in enumerate(
        _MV_TOWNS[(number + step * 3) % len(_MV_TOWNS)] for step in range(4)
    )
)

ALL_ORGANIZATIONS: tuple[DemoOrganization, ...] = (
    *NETWORKS,
    *BKMO_MEMBERS,
    *LOCAL_NETWORKS,
    *TALK_ASSOCIATIONS,
    *PARTNERS,
    *INVENTED,
    *MIGRANET_DISTRICT_MEMBERS,
)


@dataclass(frozen=True)
class DemoPerson:
    key: str
    email: str
    display_name: str
    description: str


# Everyone logs in with settings.DEMO_ADMIN_PASSWORD.
DEMO_ADMIN_KEY = "admin"
PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson(
        "org_admin",
        "orga@verbund.example",
        "Jana Petersen",
        "administrator and coordinator of MIGRANET-MV; admin of the draft 'Sprachbrücke Potsdam'",
    ),
    DemoPerson("editor", "redaktion@verbund.example", "Yusuf Demirel", "editor of MIGRANET-MV"),
    DemoPerson("member", "mitglied@verbund.example", "Olena Kowalczyk", "member of MIGRANET-MV"),
)
