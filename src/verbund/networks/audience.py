"""Who a network's message reaches: the one place every sending feature asks.

Network mailings, meeting invitations, reminders and minutes, assembly notices, membership
decisions and digests all resolve their recipients through :func:`reach`, so the rules are
the same everywhere:

- only member organisations whose membership both sides accepted (``ACTIVE``) are reached;
- at each of them, the contact persons who want this kind of message, and the accounts of its
  people; the organisation's general address only when none of them is reached;
- each address once (compared without case), the first source found wins;
- addresses unsubscribed from this kind of message from this network are marked, not
  dropped, so the preview can say why they are missing;
- each recipient in their language where the sender wrote a version in it, else in the
  sender's first language.

What the sender may *see* of the result is decided apart from this, by
``queries.shown_recipients`` under the registry's visibility rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet

from verbund.networks.models import Membership, Unsubscription
from verbund.networks.taxonomy import AddressSource, MembershipStatus, MessageKind
from verbund.organizations.models import (
    Affiliation,
    ContactPerson,
    Organization,
    OrganizationLanguage,
)
from verbund.organizations.taxonomy import Visibility

# Which wish of a contact person each kind of message follows.
WISH_FIELD = {
    MessageKind.MAILING: "receives_mailings",
    MessageKind.MEETING: "receives_meetings",
    MessageKind.ASSEMBLY: "receives_assemblies",
    # Membership decisions and digests are about the membership itself: they follow the
    # wish for mailings, the broadest one.
    MessageKind.MEMBERSHIP: "receives_mailings",
    MessageKind.DIGEST: "receives_mailings",
}
SITE_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)
T = TypeVar("T")


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    organization_id: int | None
    # Where the address comes from and, for a contact person or the organisation's own
    # address, its visibility: together they decide who may see the address on the
    # sender's pages (``policy.can_see_recipient``).
    source: str = AddressSource.ACCOUNT
    visibility: str = Visibility.STAFF
    unsubscribed: bool = False


@dataclass(frozen=True)
class Missing:
    """A member organisation the message does not reach, and why."""

    organization_id: int
    name: str
    slug: str
    reason: str  # "no_address" or "unsubscribed"


@dataclass
class Reach:
    recipients: list[Recipient]
    missing: list[Missing]

    @property
    def reached(self) -> list[Recipient]:
        return [r for r in self.recipients if not r.unsubscribed]


def first_language(written: Sequence[str]) -> str:
    """The sender's first language: German where they wrote it, else the first they wrote."""
    if not written or settings.LANGUAGE_CODE in written:
        return settings.LANGUAGE_CODE
    return written[0]


def active_members(network: Organization) -> QuerySet[Organization]:
    """The member organisations of ``network`` whose membership both sides accepted."""
    return Organization.objects.filter(
        pk__in=Membership.objects.filter(network=network, status=MembershipStatus.ACTIVE).values(
            "member"
        )
    )


def reach(
    network: Organization,
    kind: str,
    *,
    organizations: QuerySet[Organization] | None = None,
    written: Sequence[str] = (),
    extra: Iterable[Recipient] = (),
) -> Reach:
    """Everyone a message of ``kind`` from ``network`` goes to (see the module's text).

    ``organizations`` narrows the members (a filter the sender chose); it is always
    intersected with the active members, so no filter reaches beyond consent. ``written``
    are the languages the sender wrote versions in; ``extra`` are recipients the feature
    adds on its own (seat holders of the network's bodies, invited people), de-duplicated
    and unsubscribe-checked like the rest. A fixed number of queries, whatever the size.
    """
    kind = MessageKind(kind)
    written = [code for code in written if code]
    fallback = first_language(written)
    members = active_members(network)
    if organizations is not None:
        members = members.filter(pk__in=organizations.values("pk"))
    member_rows = list(
        members.order_by("pk").values_list("pk", "name", "email", "email_visibility", "slug")
    )
    member_ids = [row[0] for row in member_rows]

    # "As the organisation": its first working language the site speaks, by code.
    organization_language: dict[int, str] = {}
    for organization_id, code in (
        OrganizationLanguage.objects.filter(organization_id__in=member_ids, code__in=SITE_LANGUAGES)
        .order_by("organization_id", "code")
        .values_list("organization_id", "code")
    ):
        organization_language.setdefault(organization_id, code)

    def language_for(wanted: str | None, organization_id: int | None) -> str:
        for code in (wanted, organization_language.get(organization_id or 0)):
            if code and (not written or code in written):
                return code
        return fallback

    found: dict[str, Recipient] = {}
    reached_organizations: set[int] = set()

    def add(recipient: Recipient) -> None:
        key = recipient.email.strip().lower()
        if not key:
            return
        if recipient.organization_id is not None:
            # An address shared with another member still reaches this one too.
            reached_organizations.add(recipient.organization_id)
        if key in found:
            return
        found[key] = Recipient(
            key,
            recipient.name[:150],
            recipient.language,
            recipient.organization_id,
            recipient.source,
            recipient.visibility,
        )

    contacts = (
        ContactPerson.objects.filter(organization_id__in=member_ids, **{WISH_FIELD[kind]: True})
        .exclude(email="")
        .order_by("organization_id", "position", "pk")
        .values_list(
            "email",
            "name",
            "language",
            "person__preferred_language",
            "organization_id",
            "visibility",
        )
    )
    for email, name, language, account_language, organization_id, visibility in contacts:
        add(
            Recipient(
                email,
                name or "",
                language_for(language or account_language, organization_id),
                organization_id,
                AddressSource.CONTACT,
                visibility,
            )
        )
    accounts = (
        Affiliation.objects.filter(organization_id__in=member_ids, person__is_active=True)
        .order_by("organization_id", "pk")
        .values_list(
            "person__email",
            "person__display_name",
            "person__preferred_language",
            "organization_id",
        )
    )
    for email, name, language, organization_id in accounts:
        add(
            Recipient(
                email or "",
                name or "",
                language_for(language, organization_id),
                organization_id,
                AddressSource.ACCOUNT,
            )
        )
    for pk, name, email, email_visibility, _slug in member_rows:
        if pk not in reached_organizations and email:
            add(
                Recipient(
                    email,
                    name,
                    language_for(None, pk),
                    pk,
                    AddressSource.ORGANIZATION,
                    email_visibility,
                )
            )
    for recipient in extra:
        add(recipient)

    unsubscribed = set(
        Unsubscription.objects.filter(network=network, kind=kind).values_list("email", flat=True)
    )
    recipients = []
    for key, recipient in found.items():
        if key in unsubscribed:
            recipient = Recipient(**{**recipient.__dict__, "unsubscribed": True})
        recipients.append(recipient)

    reaching = {r.organization_id for r in recipients if not r.unsubscribed}
    addressed = {r.organization_id for r in recipients}
    missing = [
        Missing(pk, name, slug, "unsubscribed" if pk in addressed else "no_address")
        for pk, name, _email, _visibility, slug in member_rows
        if pk not in reaching
    ]
    return Reach(recipients, missing)


def unsubscribed_from(network: Organization, kind: str, emails: Iterable[str]) -> set[str]:
    """Of ``emails``, those unsubscribed from ``kind`` messages of ``network`` (lower case)."""
    wanted = {email.strip().lower() for email in emails if email}
    if not wanted:
        return set()
    return {
        email.lower()
        for email in Unsubscription.objects.filter(network=network, kind=kind).values_list(
            "email", flat=True
        )
        if email.lower() in wanted
    }


def reachable(
    network: Organization, kind: str, items: Iterable[T], address: Callable[[T], str]
) -> list[T]:
    """Of ``items`` (whatever a feature sends to: accounts, invitations), each address once
    and none unsubscribed from ``kind`` messages of ``network``; ``address`` gives an
    item's e-mail address."""
    chosen: dict[str, T] = {}
    for item in items:
        key = (address(item) or "").strip().lower()
        if key and key not in chosen:
            chosen[key] = item
    blocked = unsubscribed_from(network, kind, chosen)
    return [item for key, item in chosen.items() if key not in blocked]


def people_to_reach(network: Organization, kind: str, people: Iterable[Any]) -> list[Any]:
    """Of ``people`` (accounts a feature chose), each address once and none unsubscribed
    from ``kind`` messages of ``network``."""
    return reachable(network, kind, people, lambda person: person.email)
