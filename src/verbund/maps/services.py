"""Writes of the map: placing an organisation's pin.

``plan_pin`` and ``remember_pin`` run inside ``organizations.services.create_organization``
and ``update_organization`` (their transaction, their permission check), so every way of
writing an organisation — forms, importers, the API, commands — geocodes the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from verbund.core import audit
from verbund.maps import geocoding
from verbund.maps.geocoding import Source
from verbund.maps.models import PinSource
from verbund.organizations import policy
from verbund.organizations.models import Organization

ADDRESS_FIELDS: tuple[str, ...] = ("street", "postal_code", "city", "federal_state")


def _coordinate(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(geocoding.COORDINATE_PLACES)
    except (InvalidOperation, ValueError):
        return None


def _pin(latitude: Any, longitude: Any) -> tuple[Decimal, Decimal] | None:
    lat, lon = _coordinate(latitude), _coordinate(longitude)
    return (lat, lon) if lat is not None and lon is not None else None


def locate(organization: Organization) -> geocoding.Point | None:
    return geocoding.locate(
        street=organization.street,
        postal_code=organization.postal_code,
        city=organization.city,
        state=organization.federal_state,
    )


@dataclass(frozen=True)
class PinPlan:
    """What ``plan_pin`` decided, for ``remember_pin`` to store after the save."""

    source: str | None
    record: PinSource | None


def plan_pin(
    organization: Organization, data: Mapping[str, Any], *, before: Mapping[str, Any] | None
) -> PinPlan:
    """Derive the federal state and the pin of an organisation about to be saved.

    ``before`` is the audit snapshot taken before the change (``None`` for a new one).
    Coordinates that arrive in ``data`` and differ from the stored ones were placed by a
    person (or come with an import) and are kept from then on; an address change moves only
    pins that geocoding placed. Empty coordinates ask for geocoding. Runs before the save, so
    a new organisation costs no query beyond the one that stores the pin's source.
    """
    if not organization.federal_state and organization.postal_code:
        organization.federal_state = geocoding.state_for_postal_code(organization.postal_code)

    record = None
    if before is not None and organization.pk is not None:
        record = PinSource.objects.filter(organization=organization).first()
    current = _pin(organization.latitude, organization.longitude)
    previous = _pin(before.get("latitude"), before.get("longitude")) if before else None
    address_changed = before is None or any(
        str(before.get(name) or "") != str(getattr(organization, name) or "")
        for name in ADDRESS_FIELDS
    )
    coordinates_given = "latitude" in data or "longitude" in data

    if current is not None and coordinates_given and current != previous:
        return PinPlan(Source.MANUAL, record)
    if current is not None and (
        (record is not None and record.placed_by_hand) or not address_changed
    ):
        return PinPlan(record.source if record else None, record)
    point = locate(organization)
    if point is None:
        organization.latitude = organization.longitude = None
        return PinPlan(None, record)
    organization.latitude, organization.longitude = point.latitude, point.longitude
    return PinPlan(point.source, record)


def remember_pin(organization: Organization, plan: PinPlan) -> None:
    """Store where the pin came from, once the organisation is saved."""
    if plan.source is None:
        if plan.record is not None:
            plan.record.delete()
    elif plan.record is None:
        PinSource.objects.create(organization=organization, source=plan.source)
    elif plan.record.source != plan.source:
        plan.record.source = plan.source
        plan.record.save(update_fields=["source", "updated_at"])


def remember_new_pins(pinned: Iterable[tuple[Organization, PinPlan]]) -> None:
    """``remember_pin`` for many organisations just created (bulk imports), in one insert."""
    PinSource.objects.bulk_create(
        [
            PinSource(organization=organization, source=plan.source)
            for organization, plan in pinned
            if plan.source is not None and plan.record is None
        ],
        batch_size=1000,
    )


@transaction.atomic
def geocode_missing(actor: Any, organization: Organization) -> bool:
    """Fill empty coordinates from the address; True when a pin was placed."""
    if actor is not None and not policy.can_edit(actor, organization):
        raise PermissionDenied
    if organization.latitude is not None and organization.longitude is not None:
        return False
    point = locate(organization)
    if point is None:
        return False
    before = audit.snapshot(organization, ("latitude", "longitude"))
    organization.latitude, organization.longitude = point.latitude, point.longitude
    organization.save(update_fields=["latitude", "longitude", "updated_at"])
    PinSource.objects.update_or_create(organization=organization, defaults={"source": point.source})
    audit.record(
        actor=actor,
        action="organization.geocoded",
        target=organization,
        changes=audit.diff(before, audit.snapshot(organization, ("latitude", "longitude"))),
        summary=point.source,
    )
    from verbund.organizations.services import registry_changed

    transaction.on_commit(registry_changed)
    return True
