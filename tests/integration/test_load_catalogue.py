"""load_catalogue: loads fixtures/ only when the shipped files changed; --force reloads."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from foods.importers import catalogue as shipped
from foods.importers.base import Log
from foods.models import CatalogueLoad, VitaminKValue
from tests.importer_files import copy_fixtures, replace_line, snapshot

# Every test here reads the whole shipped catalogue, loaded once for the module.
pytestmark = pytest.mark.usefixtures("catalogue")


def load(*args, **options):
    out = io.StringIO()
    call_command("load_catalogue", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def loaded(catalogue, db):
    return catalogue


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def test_unchanged_files_are_skipped_without_writing(loaded, django_assert_max_num_queries):
    before = snapshot()
    with django_assert_max_num_queries(1) as captured:  # the latest CatalogueLoad, nothing else
        output = load()
    assert output.strip() == "Catalogue up to date"
    assert not [q["sql"] for q in captured.captured_queries if WRITE.match(q["sql"])]
    assert snapshot() == before


def test_force_reloads_and_records_the_load(loaded):
    loads = CatalogueLoad.objects.count()
    output = load("--force")
    assert "Foods: 0 created, 0 updated, 5227 unchanged" in output
    assert "Foods: 0 created, 0 updated, 103 unchanged" in output
    assert "Supplements: 0 created, 0 updated, 10 unchanged" in output
    assert "Catalogue loaded" in output
    assert CatalogueLoad.objects.count() == loads + 1
    assert CatalogueLoad.objects.latest().checksum == shipped.checksum()
    assert load().strip() == "Catalogue up to date"


def test_changed_file_is_loaded_then_up_to_date(loaded, tmp_path, settings):
    fixtures = copy_fixtures(tmp_path)
    replace_line(fixtures / "supplements.csv", 2, ",mk7,90,", ",mk7,95,", encoding="utf-8")
    settings.BASE_DIR = tmp_path
    output = load()
    assert "Supplement values: 0 created, 1 updated, 7 unchanged" in output
    assert "Foods: 0 created, 0 updated, 5227 unchanged" in output
    dose = VitaminKValue.objects.get(food__catalogue_key="supp:mk7-90")
    assert dose.amount_ug == Decimal("95")
    assert CatalogueLoad.objects.latest().checksum == shipped.checksum(fixtures)
    assert load().strip() == "Catalogue up to date"


def test_malformed_file_loads_nothing(loaded, tmp_path, settings):
    fixtures = copy_fixtures(tmp_path)
    # SR28 loads fine, then the literature CSV fails: the SR28 part is rolled back too.
    replace_line(fixtures / "usda-sr28" / "NUT_DATA.txt", 2912, "^704.8^", "^705.0^")
    replace_line(fixtures / "menaquinones-literature.csv", 42, ",3.9,", ",3.9x,", encoding="utf-8")
    settings.BASE_DIR = tmp_path
    before = snapshot()
    with pytest.raises(CommandError, match=r"menaquinones-literature.csv, line 42: .*3.9x"):
        load()
    assert snapshot() == before
    assert VitaminKValue.objects.get(food__ndb_no="11233", form="k1").amount_ug == Decimal("704.8")


def test_paths_are_under_base_dir_fixtures(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    base, files = shipped.shipped_files()
    assert base == tmp_path / "fixtures"
    assert all(path.is_relative_to(base) for path in files)
    names = {path.relative_to(base).as_posix() for path in files}
    assert {"usda-sr28/NUT_DATA.txt", "menaquinones-literature.csv", "supplements.csv"} <= names


def test_checksum_changes_with_any_shipped_byte(tmp_path):
    fixtures = copy_fixtures(tmp_path)
    original = shipped.checksum(fixtures)
    assert original == shipped.checksum(fixtures)
    replace_line(fixtures / "usda-sr28" / "WEIGHT.txt", 6528, "^175^", "^176^")
    assert shipped.checksum(fixtures) != original


def test_a_command_prints_each_line_once_and_code_leaves_a_log_record(loaded, caplog):
    # The console logger and the command's output used to print every line twice in a terminal.
    with caplog.at_level("INFO", logger="foods.importers"):
        output = load("--force")
    assert output.count("Catalogue loaded") == 1
    assert not [r for r in caplog.records if r.name.startswith("foods.importers")]
    with caplog.at_level("INFO", logger="foods.importers"):
        shipped.load(Log(), force=True)
    assert any("Catalogue loaded" in r.getMessage() for r in caplog.records)
