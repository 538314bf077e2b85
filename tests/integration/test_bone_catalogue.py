"""Calcium and vitamin D in the loaded catalogue: every value is SR28's, read here straight from
the shipped file (not through the importer), with its provenance; a reload changes nothing and a
bad file changes nothing. The catalogue is loaded once for this module."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from foods.importers import sr28_bone
from foods.importers.base import ImportFileError
from foods.models import Method, NutrientValue, VitaminKValue
from tests.importer_files import SR28_BONE_DIR, SR28_DIR, copy_fixtures, replace_line, snapshot

pytestmark = pytest.mark.usefixtures("catalogue")

NUMBERS = {"301": "ca", "328": "vit_d", "326": "d3", "325": "d2"}


def sr28_rows():
    """{(ndb, nutrient): (amount, Src_Cd, data points)} as NUT_DATA.txt has them."""
    rows = {}
    text = (SR28_BONE_DIR / "NUT_DATA.txt").read_bytes().decode("iso-8859-1")
    for line in text.splitlines():
        cells = line.split("^")
        number = cells[1].strip("~")
        if number in NUMBERS:
            rows[(cells[0].strip("~"), NUMBERS[number])] = (
                Decimal(cells[2]),
                cells[5].strip("~"),
                int(cells[3]),
            )
    return rows


@pytest.fixture
def loaded(catalogue, db):
    return catalogue


def imported():
    return {
        (ndb, nutrient): (amount, method, points)
        for ndb, nutrient, amount, method, points in NutrientValue.objects.filter(
            source__key="usda-sr28"
        ).values_list("food__ndb_no", "nutrient", "amount", "method", "data_points")
    }


def test_every_calcium_and_vitamin_d_value_equals_sr28(loaded):
    expected = sr28_rows()
    counts = {n: sum(1 for _, k in expected if k == n) for n in NUMBERS.values()}
    assert counts == {"ca": 5222, "vit_d": 4503, "d3": 1688, "d2": 100}
    got = imported()
    assert set(got) == set(expected)
    wrong = [
        key
        for key, (amount, src, points) in expected.items()
        if got[key][0] != amount
        or got[key][2] != points
        or (src == "7") != (got[key][1] == Method.ASSUMED_ZERO)
    ]
    assert wrong == []


def test_milk_and_egg_read_by_hand(loaded):
    milk = {v.nutrient: v for v in NutrientValue.objects.filter(food__ndb_no="01077")}
    assert (milk["ca"].amount, milk["vit_d"].amount, milk["d3"].amount) == (
        Decimal("113"),
        Decimal("1.3"),
        Decimal("1.3"),
    )
    assert "d2" not in milk  # SR28 gives no D2 row: no data, not 0
    assert milk["ca"].method == Method.ANALYTICAL
    assert milk["ca"].data_points == 16
    assert milk["ca"].method_detail.startswith("Src_Cd 1: ")
    assert milk["ca"].unit == "mg"
    assert milk["vit_d"].unit == "µg"


def test_assumed_zero_is_said_as_such_and_no_row_is_no_data(loaded):
    butter_d = NutrientValue.objects.get(food__ndb_no="01001", nutrient="vit_d")
    assert (butter_d.amount, butter_d.method) == (Decimal("0.0"), Method.ASSUMED_ZERO)
    assert butter_d.get_method_display() == "assumed zero"
    without_d = 5227 - 4503
    assert (
        NutrientValue.objects.filter(source__key="usda-sr28", nutrient="vit_d")
        .values("food")
        .distinct()
        .count()
        == 5227 - without_d
    )


def test_vitamin_k_values_are_untouched(loaded):
    assert VitaminKValue.objects.filter(source__key="usda-sr28", borrowed_from=None).count() == (
        5226 + 1410 + 588
    )


def test_second_load_changes_no_row(loaded):
    before = snapshot()
    out = io.StringIO()
    call_command("load_catalogue", "--force", stdout=out)
    assert snapshot() | {"CatalogueLoad": None} == before | {"CatalogueLoad": None}
    assert "Calcium and vitamin D values: 0 created, 0 updated, 11513 unchanged" in out.getvalue()


@pytest.mark.parametrize(
    ("line", "old", "new", "reason"),
    [
        (1, "^24^", "^2A^", "Nutr_Val: '2A' is not a number"),
        (1, "^24^", "^-24^", "cannot be negative"),
        (1, "~301~", "~999~", "unknown nutrient 999"),
        (1, "~01001~", "~99999~", "unknown food 99999"),
    ],
)
def test_malformed_bone_file_stops_and_changes_nothing(loaded, tmp_path, line, old, new, reason):
    base = copy_fixtures(tmp_path)
    replace_line(base / "usda-sr28-bone" / "NUT_DATA.txt", line, old, new)
    before = snapshot()
    with pytest.raises(ImportFileError) as error:
        sr28_bone.import_sr28_bone(base / "usda-sr28-bone", SR28_DIR)
    assert f"NUT_DATA.txt, line {line}: " in str(error.value)
    assert reason in str(error.value)
    assert snapshot() == before
