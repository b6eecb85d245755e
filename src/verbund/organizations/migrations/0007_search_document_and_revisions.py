"""The directory's search objects in Django's migration state.

Migrations 0002 and 0004 created the trigram extension, a generated ``search_vector`` column
on the organisation table and three indexes with raw SQL that Django's state did not know,
so SQLite and PostgreSQL disagreed about the schema. They are replaced here by objects Django
generates (``sqlmigrate organizations 0007`` shows their SQL): the ``pg_trgm`` extension
(``TrigramExtension``), the PostgreSQL-only model ``SearchDocument`` with its generated
vector (``GeneratedField``) and GIN indexes (``GinIndex``, ``OpClass``), and the revision log
of the in-process index. Only the removal of the old raw objects is raw SQL, because Django
never knew them; it runs on PostgreSQL only and is reversed by recreating them.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import models

OLD_OBJECTS = [
    "DROP INDEX IF EXISTS organization_facets",
    "DROP INDEX IF EXISTS organization_search_vector",
    "DROP INDEX IF EXISTS organization_name_trgm",
    "ALTER TABLE organizations_organization DROP COLUMN IF EXISTS search_vector",
]
RESTORE_OLD_OBJECTS = [
    "ALTER TABLE organizations_organization ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS ("
    "to_tsvector('german'::regconfig, COALESCE(search_text, '')) || "
    "to_tsvector('english'::regconfig, COALESCE(search_text, ''))"
    ") STORED",
    "CREATE INDEX IF NOT EXISTS organization_search_vector ON organizations_organization "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS organization_name_trgm ON organizations_organization "
    "USING gin (name_folded gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS organization_facets ON organizations_organization "
    "(status, kind, federal_state, city, id)",
]


def _on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


def fill(apps, schema_editor):
    """Documents for the organisations that exist, and revision 0 (the writers' lock row)."""
    revision = apps.get_model("organizations", "SearchRevision")
    revision.objects.using(schema_editor.connection.alias).get_or_create(
        number=0, defaults={"token": "0", "organizations": None}
    )
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "INSERT INTO organizations_searchdocument (organization_id, name_folded, search_text) "
        "SELECT id, name_folded, search_text FROM organizations_organization "
        "ON CONFLICT (organization_id) DO NOTHING"
    )
    schema_editor.execute("ANALYZE organizations_searchdocument")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0006_changeproposal")]

    operations = [
        migrations.RunPython(_on_postgres(OLD_OBJECTS), _on_postgres(RESTORE_OLD_OBJECTS)),
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchRevision",
            fields=[
                ("number", models.BigIntegerField(primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=32)),
                ("organizations", models.JSONField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "organization",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="organizations.organization",
                    ),
                ),
                ("name_folded", models.CharField(blank=True, max_length=240)),
                ("search_text", models.TextField(blank=True)),
                (
                    "vector",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "search_text", config="german"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "search_text", config="english"
                            ),
                            django.contrib.postgres.search.SearchConfig("german"),
                        ),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
            ],
            options={
                "required_db_vendor": "postgresql",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["vector"], name="search_document_vector"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        django.contrib.postgres.indexes.OpClass("name_folded", name="gin_trgm_ops"),
                        name="search_document_name_trgm",
                    ),
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
