"""The audit helper every service writes through: what it records for a new object, a
change, no change and a removal, and who it names as the actor."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PersonFactory, make_organization
from verbund.core import audit, history
from verbund.core.actors import OPERATOR, SIGNED_LINK
from verbund.core.models import AuditEntry
from verbund.networks.models import Body

FIELDS = ("kind", "name", "description", "is_public")


def entries(**filters: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(**filters).order_by("id"))


@pytest.mark.django_db
def test_a_new_object_records_created_with_its_filled_fields_only() -> None:
    organization = make_organization()
    person = PersonFactory()
    body = Body(organization=organization, kind="board", name="", description="Leads")
    with audit.recording(person, body, FIELDS, action="body", scope=organization):
        body.save()
    [entry] = entries(action="body.created")
    assert entry.actor == person
    assert entry.scope_id == str(organization.pk)
    assert entry.target_id == str(body.pk)
    # The empty name is not a change; the default is_public=True and the description are.
    assert entry.changes == {
        "description": [None, "Leads"],
        "is_public": [None, True],
        "kind": [None, "board"],
    }


@pytest.mark.django_db
def test_a_change_records_updated_with_old_and_new_values_and_nothing_when_unchanged() -> None:
    organization = make_organization()
    body = Body.objects.create(organization=organization, kind="board", name="Vorstand")
    with audit.recording(OPERATOR, body, FIELDS, action="body", scope=organization):
        body.name = "Sprecherrat"
        body.save()
    with audit.recording(OPERATOR, body, FIELDS, action="body", scope=organization):
        body.save()
    [entry] = entries(action__startswith="body.")
    assert entry.action == "body.updated"
    assert entry.changes == {"name": ["Vorstand", "Sprecherrat"]}
    assert entry.actor is None and entry.system_actor == "operator"


@pytest.mark.django_db
def test_an_exact_code_is_kept_and_always_records_without_a_change() -> None:
    organization = make_organization()
    body = Body.objects.create(organization=organization, kind="board")
    with audit.recording(
        SIGNED_LINK, body, FIELDS, action="body.confirmed", scope=organization, always=True
    ) as note:
        note.summary = "confirmed from the link"
    [entry] = entries(action="body.confirmed")
    assert entry.changes == {}
    assert entry.summary == "confirmed from the link"
    assert entry.system_actor == "signed_link"


@pytest.mark.django_db
def test_an_error_inside_the_block_records_nothing() -> None:
    organization = make_organization()
    body = Body.objects.create(organization=organization, kind="board")
    with (
        pytest.raises(RuntimeError),
        audit.recording(OPERATOR, body, FIELDS, action="body", scope=organization),
    ):
        body.name = "x"
        raise RuntimeError
    assert not entries(action__startswith="body.")


@pytest.mark.django_db
def test_removed_records_the_values_that_are_gone() -> None:
    organization = make_organization()
    body = Body.objects.create(organization=organization, kind="board", name="Vorstand")
    audit.removed(OPERATOR, body, FIELDS, action="body", scope=organization)
    [entry] = entries(action="body.removed")
    assert entry.changes == {
        "is_public": [True, None],
        "kind": ["board", None],
        "name": ["Vorstand", None],
    }


@pytest.mark.django_db
def test_readable_names_the_system_actor_and_the_fields() -> None:
    organization = make_organization()
    body = Body.objects.create(organization=organization, kind="board", name="Vorstand")
    with audit.recording(OPERATOR, body, FIELDS, action="body", scope=organization):
        body.is_public = False
        body.save()
    [entry] = entries(action="body.updated")
    shown = history.readable(entry)
    assert shown.action == "Gremium geändert"
    assert shown.actor == "der Betrieb (Konsole)"
    assert [(c.field, c.before, c.after) for c in shown.changes] == [("Öffentlich", "ja", "nein")]
