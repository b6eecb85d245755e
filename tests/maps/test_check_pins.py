"""``manage.py check_pins``: pins more than 25 km from the centre of their postal code."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_organization
from verbund.maps import queries
from verbund.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _run(*arguments: str) -> str:
    output = io.StringIO()
    call_command("check_pins", *arguments, stdout=output)
    return output.getvalue()


def test_a_pin_in_munich_for_a_rostock_address_is_reported() -> None:
    rostock = make_organization(name="Verein Rostock", city="Rostock", postal_code="18055")
    good = make_organization(name="Verein Schwerin", city="Schwerin", postal_code="19053")
    # Both got their pins from the postal code; one is then moved far away (as an import
    # with stale coordinates or a slip of the hand would).
    assert good.latitude is not None
    Organization.objects.filter(pk=rostock.pk).update(latitude=48.137, longitude=11.575)
    far = queries.pins_far_from_postal_code()
    assert [row.organization.pk for row in far] == [rostock.pk]
    assert 600 < far[0].kilometres < 700
    output = _run()
    assert "verein-rostock" in output and "verein-schwerin" not in output
    assert "1 organisations have a pin more than 25 km" in output
    with pytest.raises(CommandError):
        _run("--fail")


def test_the_limit_can_be_widened_and_unknown_codes_are_left_out() -> None:
    moved = make_organization(name="Verein Kiel", city="Kiel", postal_code="24103")
    # About 30 km north-east of Kiel's centre: reported at 25 km, not at 50 km.
    Organization.objects.filter(pk=moved.pk).update(latitude=54.55, longitude=10.40)
    unknown = make_organization(name="Verein Irgendwo", city="Irgendwo", postal_code="00000")
    Organization.objects.filter(pk=unknown.pk).update(latitude=48.0, longitude=11.0)
    assert [row.organization.pk for row in queries.pins_far_from_postal_code(25)] == [moved.pk]
    assert queries.pins_far_from_postal_code(50) == []
    assert "0 organisations" in _run("--km", "50", "--fail")
