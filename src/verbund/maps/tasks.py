"""Background work of the map, run by the task worker (``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from verbund.core.actors import WORKER


@task()
def refine_pins(organization_ids: list[int]) -> int:
    """Ask the online geocoder for organisations whose address just changed (queued after the
    registry write's commit); returns how many pins moved."""
    from verbund.maps import services
    from verbund.organizations.models import Organization

    moved = 0
    for organization in Organization.objects.filter(pk__in=organization_ids).order_by("pk"):
        moved += services.refine_pin(WORKER, organization)
    return moved
