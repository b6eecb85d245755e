"""The access log cannot be edited with SQL either. On PostgreSQL the access log cannot be changed or deleted, not even with SQL from the
application's own connection: a trigger refuses every UPDATE, and every DELETE except inside
the retention job's transaction (which sets ``verbund.counselling_purge`` locally)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION counselling_access_log_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('verbund.counselling_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the counselling access log cannot be changed';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER counselling_access_log_guard
BEFORE UPDATE OR DELETE ON counselling_accesslogentry
FOR EACH ROW EXECUTE FUNCTION counselling_access_log_guard();
"""
DROP = """
DROP TRIGGER IF EXISTS counselling_access_log_guard ON counselling_accesslogentry;
DROP FUNCTION IF EXISTS counselling_access_log_guard();
"""


# SQLite has no session settings: there the trigger refuses updates only.
SQLITE_TRIGGER = """
CREATE TRIGGER counselling_access_log_guard
BEFORE UPDATE ON counselling_accesslogentry
BEGIN SELECT RAISE(ABORT, 'the counselling access log cannot be changed'); END;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(TRIGGER)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS counselling_access_log_guard")


class Migration(migrations.Migration):
    dependencies = [("counselling", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
