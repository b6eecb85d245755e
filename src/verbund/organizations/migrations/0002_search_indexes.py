"""PostgreSQL search indexes. SQLite searches the same columns without them.

0004 replaces the two expression indexes by a stored vector column with its own index.
"""

from django.db import migrations

INDEXES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS organization_search_de ON organizations_organization "
    "USING gin (to_tsvector('german'::regconfig, COALESCE(search_text, '')))",
    "CREATE INDEX IF NOT EXISTS organization_search_en ON organizations_organization "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(search_text, '')))",
    "CREATE INDEX IF NOT EXISTS organization_name_trgm ON organizations_organization "
    "USING gin (name_folded gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS organization_search_de",
    "DROP INDEX IF EXISTS organization_search_en",
    "DROP INDEX IF EXISTS organization_name_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(_run(INDEXES), _run(DROP))]
