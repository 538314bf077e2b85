"""A trigram index on Food.search_name for PostgreSQL, so `LIKE '%word%'` uses an index.

SQLite has no equivalent; the search there scans search_name (5,000 short rows: about a
millisecond). pg_trgm is a trusted extension since PostgreSQL 13: a database owner may create it.
"""

from django.db import migrations

INDEX = "foods_food_search_name_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON foods_food USING gin (search_name gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("foods", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
