"""``manage.py seed_demo [--if-empty]``: fill the registry with the demo networks and people.

Everything is written through the services, as the web interface would, so the demo data
carries audit entries and search fields like real data. Organisations whose slug already
exists are left alone, so running the command twice does no harm. The command lives with the
site-wide pages because it writes through every app (registry, networks, and each app's
``demo.py``); the data of the registry is ``organizations/demo_data.py``.
"""

from __future__ import annotations

import importlib
import importlib.util
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.text import slugify

from verbund.accounts import services as account_services
from verbund.accounts.models import User
from verbund.core.actors import DEMO_LOADER
from verbund.core.text import fold
from verbund.networks import services as network_services
from verbund.networks.taxonomy import NetworkRoleKind
from verbund.organizations import services
from verbund.organizations.demo_data import (
    ALL_ORGANIZATIONS,
    BKMO_MEMBERS,
    CITIES,
    DEMO_ADMIN_KEY,
    FICTION_MOBILE_PREFIX,
    FICTION_PHONE_PREFIXES,
    FIRST_NAMES,
    LAST_NAMES,
    MIGRANET,
    NETWORKS,
    PEOPLE,
    STREETS,
    DemoOrganization,
)
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Function, Role, Status, Visibility

VISIBILITY_CYCLE = (Visibility.PUBLIC, Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STAFF)
CONTACT_FUNCTIONS = (Function.CHAIR, Function.COORDINATOR, Function.OFFICE, Function.PRESS)
# Organisations the platform's staff have checked; the rest is unverified self-description.
VERIFIED_SLUGS = frozenset(o.slug for o in (*NETWORKS, *BKMO_MEMBERS))


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    people: dict[str, User] = field(default_factory=dict)


def _person(email: str, display_name: str, *, superuser: bool = False) -> User:
    """A demo account whose address counts as verified, so mandatory verification lets it in."""
    return account_services.demo_person(DEMO_LOADER, email, display_name, superuser=superuser)


def load_app_demos(people: dict[str, User]) -> list[str]:
    """Each app may add its own demo data in ``verbund/<app>/demo.py`` with a function
    ``load(people)``; they run in the order of ``INSTALLED_APPS`` (lower layers first), after
    the registry and its memberships exist. ``people`` holds the demo accounts by key."""
    loaded = []
    for config in apps.get_app_configs():
        if not config.name.startswith("verbund.") or config.name.endswith(".organizations"):
            continue
        name = f"{config.name}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        importlib.import_module(name).load(people)
        loaded.append(config.label)
    return loaded


def _phone(city: str, rng: random.Random) -> str:
    prefix = FICTION_PHONE_PREFIXES.get(city)
    if prefix:
        return f"{prefix}{rng.randint(0, 999):03d}"
    return f"{FICTION_MOBILE_PREFIX}{rng.randint(0, 99):02d}"


def _coordinate(value: float, rng: random.Random) -> Decimal:
    return Decimal(str(value + rng.uniform(-0.02, 0.02))).quantize(Decimal("0.000001"))


def profile_data(spec: DemoOrganization, index: int) -> dict[str, Any]:
    """The profile of one demo organisation, with invented but plausible contact details."""
    rng = random.Random(f"verbund-demo:{spec.slug}")
    postal_code, state, latitude, longitude = CITIES[spec.city]
    domain = f"{spec.slug}.example"
    has_phone = index % 2 == 0
    return {
        "slug": spec.slug,
        "name": spec.name,
        "short_name": spec.short_name,
        "kind": spec.kind,
        "partner_kind": spec.partner_kind,
        "legal_form": spec.legal_form,
        "founding_year": spec.founding_year or rng.randint(1975, 2020),
        "description": {"de": spec.about_de, "en": spec.about_en},
        "street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        "postal_code": postal_code,
        "city": spec.city,
        "federal_state": state,
        "latitude": _coordinate(latitude, rng),
        "longitude": _coordinate(longitude, rng),
        "address_visibility": Visibility.MEMBERS if index % 5 == 4 else Visibility.PUBLIC,
        "website": f"https://www.{domain}/",
        "website_visibility": Visibility.PUBLIC,
        "email": f"info@{domain}",
        "email_visibility": VISIBILITY_CYCLE[index % 4],
        "phone": _phone(spec.city, rng) if has_phone else "",
        "phone_visibility": VISIBILITY_CYCLE[index // 2 % 4] if has_phone else Visibility.PUBLIC,
        "social_links": [f"https://social.example/@{spec.slug}"] if index % 3 == 0 else [],
        "social_links_visibility": Visibility.PUBLIC,
        "themes": list(spec.themes),
        "languages": list(spec.languages),
        "tags": list(spec.communities),
    }


def _contacts(spec: DemoOrganization, index: int) -> list[dict[str, Any]]:
    rng = random.Random(f"verbund-demo-contacts:{spec.slug}")
    contacts = []
    for position in range(spec.contacts):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local_part = slugify(fold(f"{first} {last}")).replace("-", ".")
        function = (
            Function.SPOKESPERSON
            if spec.slug == MIGRANET
            else CONTACT_FUNCTIONS[(index + position) % len(CONTACT_FUNCTIONS)]
        )
        contacts.append(
            {
                "name": f"{first} {last}",
                "function": function,
                "email": f"{local_part}@{spec.slug}.example",
                "phone": _phone(spec.city, rng) if position == 0 else "",
                "visibility": VISIBILITY_CYCLE[(index + position) % len(VISIBILITY_CYCLE)],
                "position": position,
            }
        )
    return contacts


def seed(stdout: Any = None) -> SeedReport:
    """Create the demo people and organisations that do not exist yet."""
    report = SeedReport()
    admin = _person(settings.DEMO_ADMIN_EMAIL, "Demo-Administration", superuser=True)
    report.people[DEMO_ADMIN_KEY] = admin
    for demo_person in PEOPLE:
        report.people[demo_person.key] = _person(demo_person.email, demo_person.display_name)
    org_admin, editor, member = (report.people[k] for k in ("org_admin", "editor", "member"))

    existing = set(Organization.objects.values_list("slug", flat=True))
    created: dict[str, Organization] = {}
    for index, spec in enumerate(ALL_ORGANIZATIONS):
        if spec.slug in existing:
            report.skipped.append(spec.slug)
            continue
        owner = org_admin if spec.slug == MIGRANET or spec.awaiting_review else None
        organization = services.create_organization(
            DEMO_LOADER,
            profile_data(spec, index),
            admin=owner,
            status=Status.PUBLISHED if spec.status == Status.PUBLISHED else Status.DRAFT,
        )
        for contact in _contacts(spec, index):
            services.save_contact_person(admin, organization, contact)
        if spec.slug in VERIFIED_SLUGS:
            services.set_verified(admin, organization, True)
        if spec.slug == MIGRANET:
            services.add_person(admin, organization, editor, Role.EDITOR)
            services.add_person(admin, organization, member, Role.MEMBER)
            network_services.set_network_role(
                admin, organization, org_admin, NetworkRoleKind.COORDINATOR
            )
        if spec.awaiting_review:
            services.request_publication(org_admin, organization)
        report.created.append(spec.slug)
        created[spec.slug] = organization
    _add_memberships(created)
    load_app_demos(report.people)
    return report


def _add_memberships(created: dict[str, Organization]) -> None:
    """Memberships of the organisations created in this run, in networks old or new. The
    demo loader records them directly, as platform staff entering a registry from the paper
    files would (an audited exception: everyone else invites, and the member accepts)."""
    wanted = {s.slug: s.member_of for s in ALL_ORGANIZATIONS if s.slug in created}
    network_slugs = {slug for networks in wanted.values() for slug in networks}
    networks = {o.slug: o for o in Organization.objects.filter(slug__in=network_slugs)}
    for slug, member_of in wanted.items():
        for network_slug in member_of:
            if network_slug in networks:
                network_services.add_member(
                    DEMO_LOADER,
                    networks[network_slug],
                    created[slug],
                    reason="Demo data: the membership lists of the seed texts",
                )


class Command(BaseCommand):
    help = "Load the demo networks, organisations and people (fictional contact details)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the registry already holds any organisation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Organization.objects.exists():
            self.stdout.write("The registry already holds organisations; no demo data loaded.")
            return
        with transaction.atomic():
            report = seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {len(report.created)} organisations created, "
                f"{len(report.skipped)} already there."
            )
        )
        descriptions = {DEMO_ADMIN_KEY: "platform staff and superuser"}
        descriptions.update({p.key: p.description for p in PEOPLE})
        self.stdout.write(f"Demo logins (password for all: {settings.DEMO_ADMIN_PASSWORD}):")
        for key, person in report.people.items():
            self.stdout.write(f"  {person.email:<28} {descriptions[key]}")
