"""The importers against the real shipped files (fixtures/), through call_command.

Imports into an empty database; the checks on the whole loaded catalogue are in
test_importers_catalogue.py.
"""

import pytest
from django.core.management import CommandError

from foods.models import Food, Portion, VitaminKValue
from tests.importer_files import (
    LITERATURE_CSV,
    SR28_DIR,
    SUPPLEMENTS_CSV,
    run,
)


@pytest.mark.django_db
def test_first_sr28_import_creates_every_food_value_and_portion():
    output = run("import_usda_sr28", str(SR28_DIR))
    assert "Foods: 5227 created, 0 updated, 0 unchanged" in output
    assert "Values: 7224 created, 0 updated, 0 unchanged" in output
    assert "Portions: 10230 created, 0 updated, 0 unchanged" in output
    assert Food.objects.count() == 5227
    assert VitaminKValue.objects.count() == 7224
    assert Portion.objects.count() == 10230
    # Imported rows have a history entry, so an admin's later correction can be reverted.
    assert VitaminKValue.history.filter(history_type="+").count() == 7224

    again = run("import_usda_sr28", str(SR28_DIR))
    assert "Foods: 0 created, 0 updated, 5227 unchanged" in again
    assert "Nothing changed" in again


@pytest.mark.django_db
def test_literature_needs_the_sr28_food_it_names():
    with pytest.raises(CommandError) as error:
        run("import_literature", str(LITERATURE_CSV))
    assert "menaquinones-literature.csv, line 2: 'Natto' maps to SR28 food 16113" in str(
        error.value
    )
    assert not Food.objects.exists()


def test_missing_directory_is_an_error(db):
    with pytest.raises(CommandError, match="not a directory"):
        run("import_usda_sr28", "/nonexistent/sr28")
    with pytest.raises(CommandError, match="file not found"):
        run("import_literature", "/nonexistent/literature.csv")


def test_supplements_file_is_shipped():
    assert SUPPLEMENTS_CSV.exists()
