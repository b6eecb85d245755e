"""Writes of the map: placing an organisation's pin.

The map takes part in every registry write through :class:`PinHook`, which ``MapsConfig``
registers in ``organizations.hooks.location_hooks``: ``plan`` runs before an organisation is
saved (inside the registry service's transaction and permission check), ``remember`` after.
So every way of writing an organisation — forms, importers, the API, commands — places pins
the same way, and the registry never imports the map.

Inside a registry write only the offline gazetteer is asked (a dictionary lookup). When the
operator has switched the online geocoder on, ``remember`` queues :func:`refine_pins` as a
task after the commit; the online answer then comes through :func:`refine_pin`, never inside
an import's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from verbund.core import gazetteer
from verbund.core.gazetteer import Source
from verbund.maps import geocoding, policy
from verbund.maps.models import PinSource
from verbund.organizations import services as organization_services
from verbund.organizations.models import Organization

ADDRESS_FIELDS: tuple[str, ...] = ("street", "postal_code", "city", "federal_state")
# Organisations per task when an import asks the online geocoder after its commit.
REFINE_BATCH = 200


def _coordinate(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(gazetteer.COORDINATE_PLACES)
    except (InvalidOperation, ValueError):
        return None


def _pin(latitude: Any, longitude: Any) -> tuple[Decimal, Decimal] | None:
    lat, lon = _coordinate(latitude), _coordinate(longitude)
    return (lat, lon) if lat is not None and lon is not None else None


def locate(organization: Organization) -> gazetteer.Point | None:
    """The best point for the address: online when configured (outside any transaction)."""
    return geocoding.locate(
        street=organization.street,
        postal_code=organization.postal_code,
        city=organization.city,
        state=organization.federal_state,
    )


def locate_offline(organization: Organization) -> gazetteer.Point | None:
    return gazetteer.locate_offline(
        organization.postal_code, organization.city, organization.federal_state
    )


@dataclass(frozen=True)
class PinPlan:
    """What ``plan`` decided, for ``remember`` to store after the save."""

    source: str | None
    record: PinSource | None
    # Placed from the gazetteer while the online geocoder is on: ask it after the commit.
    refine: bool = False


class PinHook:
    """The map's part in a registry write (``organizations.hooks.LocationHook``)."""

    def plan(
        self,
        organization: Organization,
        data: Mapping[str, Any],
        *,
        before: Mapping[str, Any] | None,
    ) -> PinPlan:
        """Derive the federal state and the pin of an organisation about to be saved.

        ``before`` is the audit snapshot taken before the change (``None`` for a new one).
        Coordinates that arrive in ``data`` and differ from the stored ones were placed by a
        person (or come with an import) and are kept from then on; an address change moves
        only pins that geocoding placed. Empty coordinates ask for geocoding. Runs before the
        save, so a new organisation costs no query beyond the one that stores the pin's
        source.
        """
        if not organization.federal_state and organization.postal_code:
            organization.federal_state = gazetteer.state_for_postal_code(organization.postal_code)

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
        point = locate_offline(organization)
        refine = geocoding.online_enabled() and bool(organization.postal_code or organization.city)
        if point is None:
            organization.latitude = organization.longitude = None
            return PinPlan(None, record, refine)
        organization.latitude, organization.longitude = point.latitude, point.longitude
        return PinPlan(point.source, record, refine)

    def remember(self, organization: Organization, plan: PinPlan) -> None:
        """Store where the pin came from, once the organisation is saved."""
        if plan.source is None:
            if plan.record is not None:
                plan.record.delete()
        elif plan.record is None:
            PinSource.objects.create(organization=organization, source=plan.source)
        elif plan.record.source != plan.source:
            plan.record.source = plan.source
            plan.record.save(update_fields=["source", "updated_at"])
        if plan.refine:
            _refine_after_commit([organization.pk])

    def remember_many(self, planned: Iterable[tuple[Organization, PinPlan]]) -> None:
        """``remember`` for many organisations just created (bulk imports), in one insert."""
        pairs = list(planned)
        PinSource.objects.bulk_create(
            [
                PinSource(organization=organization, source=plan.source)
                for organization, plan in pairs
                if plan.source is not None and plan.record is None
            ],
            batch_size=1000,
        )
        _refine_after_commit([organization.pk for organization, plan in pairs if plan.refine])


def _refine_after_commit(ids: list[int]) -> None:
    if not ids:
        return
    from verbund.maps.tasks import refine_pins

    for start in range(0, len(ids), REFINE_BATCH):
        batch = ids[start : start + REFINE_BATCH]
        transaction.on_commit(partial(refine_pins.enqueue, batch))


def _place(actor: Any, organization: Organization, point: gazetteer.Point) -> None:
    with transaction.atomic():
        organization_services.place_pin(
            actor, organization, point.latitude, point.longitude, summary=point.source
        )
        PinSource.objects.update_or_create(
            organization=organization, defaults={"source": point.source}
        )


def refine_pin(actor: Any, organization: Organization) -> bool:
    """Ask the online geocoder for the street-level point of an automatic pin; True when the
    pin moved. Runs in a task after the registry write's commit, never inside it."""
    if not policy.can_geocode(actor, organization):
        raise PermissionDenied
    record = PinSource.objects.filter(organization=organization).first()
    if record is not None and record.source not in Source.AUTOMATIC - {Source.ONLINE}:
        return False  # placed by hand, or already street-level
    if not geocoding.online_enabled():
        return False
    point = geocoding.locate_online(
        organization.street, organization.postal_code, organization.city
    )
    if point is None:
        return False
    _place(actor, organization, point)
    return True


def geocode_missing(actor: Any, organization: Organization) -> bool:
    """Fill empty coordinates from the address; True when a pin was placed. The geocoder is
    asked before the write's transaction begins."""
    if not policy.can_geocode(actor, organization):
        raise PermissionDenied
    if organization.latitude is not None and organization.longitude is not None:
        return False
    point = locate(organization)
    if point is None:
        return False
    _place(actor, organization, point)
    return True
