"""PostgreSQL: keep the German and English search vector in a stored column.

An index on the expression ``to_tsvector(...)`` lets PostgreSQL find rows, but whenever it
reads rows instead (a common word such as "Verein" matches most of the registry) it has to
parse every row's text again, which takes seconds on 20,000 organisations. A generated
column is computed once per write and read back as it is. Django does not know the column;
``search_pg`` reads it through a lookup on ``search_text``. SQLite is unaffected.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE organizations_organization ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS ("
    "to_tsvector('german'::regconfig, COALESCE(search_text, '')) || "
    "to_tsvector('english'::regconfig, COALESCE(search_text, ''))"
    ") STORED",
    "CREATE INDEX IF NOT EXISTS organization_search_vector ON organizations_organization "
    "USING gin (search_vector)",
    # Facet counts and their filters read these columns only (an index-only scan) instead
    # of the wide rows.
    "CREATE INDEX IF NOT EXISTS organization_facets ON organizations_organization "
    "(status, kind, federal_state, city, id)",
    "DROP INDEX IF EXISTS organization_search_de",
    "DROP INDEX IF EXISTS organization_search_en",
    "ANALYZE organizations_organization",
]
BACKWARD = [
    "DROP INDEX IF EXISTS organization_facets",
    "DROP INDEX IF EXISTS organization_search_vector",
    "ALTER TABLE organizations_organization DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX IF NOT EXISTS organization_search_de ON organizations_organization "
    "USING gin (to_tsvector('german'::regconfig, COALESCE(search_text, '')))",
    "CREATE INDEX IF NOT EXISTS organization_search_en ON organizations_organization "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(search_text, '')))",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("organizations", "0003_importjob")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
