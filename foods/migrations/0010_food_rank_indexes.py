"""Indexes for the rankings on the stored figures: richest first, NULLs last, then
by name, so a page of /foods/?sort=...&basis=... reads the top of an index instead of sorting
every food. PostgreSQL only: SQLite cannot index NULLS LAST, and its catalogue is small."""

from django.db import migrations

FIELDS = [
    f"{sort}_per_{basis}" for basis in ("100g", "portion") for sort in ("k1", "k2", "mk7", "total")
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "food_rank_{field}" ON "foods_food" '
            f'("{field}" DESC NULLS LAST, "name", "id")'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "food_rank_{field}"')


class Migration(migrations.Migration):
    dependencies = [("foods", "0009_food_figures")]

    operations = [migrations.RunPython(create, drop)]
