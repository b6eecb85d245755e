"""The search objects are in Django's migration state, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_models_and_the_migrations_agree_on_this_database() -> None:
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _sqlmigrate() -> str:
    out = io.StringIO()
    call_command("sqlmigrate", "organizations", "0007", stdout=out)
    return out.getvalue()


@pytest.mark.postgres_only
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL search objects")
def test_django_generates_the_postgres_search_objects() -> None:
    sql = _sqlmigrate()
    assert 'CREATE TABLE "organizations_searchdocument"' in sql
    assert (
        "GENERATED ALWAYS AS ((to_tsvector('german'::regconfig, COALESCE(\"search_text\", ''))"
        " || to_tsvector('english'::regconfig, COALESCE(\"search_text\", '')))) STORED" in sql
    )
    assert 'USING gin ("vector")' in sql
    assert 'USING gin ("name_folded" gin_trgm_ops)' in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'organizations_organization' AND column_name = 'search_vector'"
        )
        assert cursor.fetchone() == (0,)  # the raw column of migration 0004 is gone


def test_sqlite_has_the_state_but_not_the_postgres_table() -> None:
    from verbund.organizations.models import SearchDocument

    tables = connection.introspection.table_names()
    assert "organizations_searchrevision" in tables
    on_postgres = connection.vendor == "postgresql"
    assert ("organizations_searchdocument" in tables) == on_postgres
    assert SearchDocument._meta.can_migrate(connection) == on_postgres
