"""The importers against the real shipped files (fixtures/): what the whole loaded catalogue holds,
and that bad files change nothing in it. The catalogue is loaded once for this module
(tests/conftest.py `catalogue`).
"""

from decimal import Decimal

import pytest
from django.core.management import CommandError

from foods.amounts import per_basis
from foods.importers import sr28
from foods.importers.base import ImportFileError
from foods.models import Food, Method, Portion, Source, VitaminKValue
from tests.importer_files import (
    LITERATURE_CSV,
    SR28_DIR,
    copy_fixtures,
    replace_line,
    run,
    snapshot,
    value,
)

# Every test here reads the whole shipped catalogue, loaded once for the module.
pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def loaded(catalogue, db):
    """The shipped catalogue, inside a test transaction that is rolled back afterwards."""
    return catalogue


NEVO_ROWS_ADDED = [  # read in the NEVO 2023/8.0 file: (code, English name, K1, K2)
    (73, "Cabbage sauerkraut raw", "25.1", "6.1"),
    (879, "Butter salted", "14.9", "15"),
    (289, "Buttermilk", "0", "2.5"),
    (299, "Cream whipping unprepared", "5.1", "5.4"),
    (1909, "Sausage excl liver products av", "1.6", "5.7"),
    (5165, "Sausage dried metworst", "2.3", "9"),
    (2362, "Sausage Dutch Frikandel frozen unprep", "1.3", "28"),
    (1487, "Cheese Brie 60+", "4.9", "12.5"),
    (3155, "Cheese 30+ age 4-8 weeks", "2.2", "43.6"),
    (3163, "Cheese 30+ age 8 wk-4 mths", "2.3", "47.3"),
    (3164, "Cheese 30+ age 4-7 mths", "2.3", "45.2"),
    (3165, "Cheese 30+ age 10-12 mths", "2.3", "45.2"),
]


MEXT_TOTALS = [  # read in the MEXT 2020 table: (food no., name, total vitamin K)
    ("12004", "Egg, whole, raw (Japan)", 12),
    ("12010", "Egg yolk, raw (Japan)", 39),
    ("11221", "Chicken thigh with skin, raw (Japan)", 29),
    ("11232", "Chicken liver, raw (Japan)", 14),
    ("04046", "Natto, itohiki (ordinary sticky natto)", 600),
    ("04047", "Natto, hikiwari (cracked-bean natto)", 930),
    ("04048", "Natto, goto natto (koji natto)", 590),
    ("04049", "Tera natto (salted/hama natto)", 190),
]


def test_sr28_counts(loaded):
    sr28_foods = Food.objects.filter(catalogue_key__startswith="sr28:")
    assert sr28_foods.count() == 5227
    from_sr28 = VitaminKValue.objects.filter(source__key="usda-sr28", borrowed_from=None)
    assert from_sr28.filter(form="k1").count() == 5226
    assert from_sr28.filter(form="dk1").count() == 1410
    assert from_sr28.filter(form="mk4").count() == 588
    from_weight = Portion.objects.filter(food__in=sr28_foods, weight_source="")
    assert from_weight.count() == 10230  # natto's pack and 3 oz come from literature-portions


def test_sr28_spot_values_read_by_hand(loaded):
    # FOOD_DES.txt line 1: ~01001~^~0100~^~Butter, salted~ ...
    butter = Food.objects.get(ndb_no="01001")
    assert butter.name == "Butter, salted"
    assert butter.group.name == "Dairy and Egg Products"
    assert butter.catalogue_key == "sr28:01001"
    assert butter.search_name == "butter, salted"
    # NUT_DATA.txt line 1: ~01001~^~430~^7.0^1^^~1~^~~ ...
    assert value("01001", "k1").amount_ug == Decimal("7.0")
    assert not VitaminKValue.objects.filter(food=butter, form="mk4").exists()  # no row: no data
    # WEIGHT.txt lines 1-4: pat 5.0 g, tbsp 14.2 g, cup 227 g, stick 113 g
    assert [(p.description, p.grams) for p in butter.portions.order_by("seq")] == [
        ('pat (1" sq, 1/3" high)', Decimal("5.0")),
        ("tbsp", Decimal("14.2")),
        ("cup", Decimal("227")),
        ("stick", Decimal("113")),
    ]
    # FOOD_DES.txt line 2042 and NUT_DATA.txt line 2912: Kale, raw, K1 704.8, Src_Cd 1, 1 point
    kale = value("11233", "k1")
    assert kale.food.name == "Kale, raw"
    assert kale.food.scientific_name == "Brassica oleracea (Acephala Group)"
    assert kale.amount_ug == Decimal("704.8")
    assert kale.data_points == 1
    # NUT_DATA.txt line 4363: ~16113~^~430~^23.1^0^^~4~^~BFSN~^~16112~ (natto, imputed K1)
    assert value("16113", "k1").amount_ug == Decimal("23.1")
    # WEIGHT.txt line 6528: ~16113~^1^1^~cup~^175
    natto_cup = Portion.objects.get(food__ndb_no="16113", seq=1)
    assert (natto_cup.amount, natto_cup.description, natto_cup.grams) == (1, "cup", 175)


def test_sr28_provenance_analytical_and_imputed(loaded):
    # NUT_DATA.txt line 2: ~01002~^~428~^20.9^4^0.453^~1~^~A~; DATSRCLN.txt line 2 -> S8165
    analytical = value("01002", "mk4")
    assert analytical.amount_ug == Decimal("20.9")
    assert analytical.source.name == "USDA SR28"
    assert analytical.source.licence == "Public domain (U.S. Government work)"
    assert analytical.method == Method.ANALYTICAL
    assert analytical.method_detail == (
        "Src_Cd 1: Analytical or derived from analytical; Deriv_Cd A: Analytical data"
    )
    assert analytical.data_points == 4
    assert analytical.reference == (
        "Nutrient Data Laboratory, ARS, USDA (2014). "
        "National Food and Nutrient Analysis Program Wave 18c. Beltsville, MD."
    )
    # DATSRCLN.txt line 1 -> DATA_SRC.txt line 6 (D4002): a journal article
    assert value("01001", "k1").reference == (
        "S.L. Booth, J.A. Sadowski, J.A. T. Pennington (1995). Phylloquinone (Vitamin K) "
        "Content of Foods in the U.S. Food and Drug Administration's Total Diet Study. "
        "Journal of Agricultural and Food Chemistry 43(6):1574-1579."
    )
    imputed = value("16113", "k1")
    assert imputed.method == Method.IMPUTED
    assert imputed.method_detail.startswith(
        "Src_Cd 4: Calculated or imputed; Deriv_Cd BFSN: Based on another form of the food"
    )
    assert imputed.data_points == 0
    assert imputed.reference == ""
    assert imputed.note == "Based on NDB 16112 (Miso)."


def test_sr28_measured_zero_is_stored_as_zero(loaded):
    # NUT_DATA.txt line 3: ~01002~^~429~^0.0^4^0.000^~1~^~A~ (a measured zero, not "no data")
    zero = value("01002", "dk1")
    assert zero.amount_ug == 0
    assert zero.method == Method.ANALYTICAL
    assert VitaminKValue.objects.filter(source__key="usda-sr28", method="assumed_zero").count()


def test_natto_gets_kamao_mk7_and_keeps_its_sr28_k1(loaded):
    natto = Food.objects.get(ndb_no="16113")
    mk7 = natto.values.select_related("source").get(form="mk7")
    assert mk7.amount_ug == 939
    assert mk7.source.name == "Kamao et al. 2007"
    assert mk7.source.citation.startswith("Kamao M, Suhara Y, Tsugawa N, et al. 2007")
    assert mk7.source.url.startswith("https://shibaura.pure.elsevier.com/")
    assert mk7.method == Method.ANALYTICAL
    assert "Source table: Abstract (full tables not read)" in mk7.note
    k1 = natto.values.select_related("source").get(form="k1")
    assert (k1.amount_ug, k1.source.key, k1.method) == (Decimal("23.1"), "usda-sr28", "imputed")
    assert not Food.objects.filter(name="Natto", ndb_no__isnull=True).exists()


def test_nevo_cheese_is_a_literature_food(loaded):
    gouda = Food.objects.get(catalogue_key="lit:nevo-2023:Cheese Gouda 48+ av")
    assert gouda.name == "Cheese Gouda 48+ av"
    assert gouda.ndb_no is None
    assert gouda.group.code == "0100"
    assert gouda.description.startswith('NEVO code 513, Dutch name "Kaas Goudse 48+ gem"')
    values = {v.form: v for v in gouda.values.select_related("source")}
    assert set(values) == {"k1", "k2"}
    assert values["k1"].amount_ug == Decimal("3.9")
    assert values["k2"].amount_ug == Decimal("64.5")  # K2, form not reported
    nevo = values["k2"].source
    assert nevo.name == "NEVO 2023/8.0 (RIVM)"
    assert "NEVO-online versie 2023/8.0, RIVM, Bilthoven" in nevo.licence
    assert values["k2"].method == Method.TABLE


def test_literature_foods_by_name_and_source(loaded):
    salamis = Food.objects.filter(name="Salami", ndb_no__isnull=True)
    assert sorted(f.catalogue_key for f in salamis) == [
        "lit:ciqual-2020:Salami",
        "lit:nevo-2023:Salami",
    ]
    assert {f.group.code for f in salamis} == {"0700"}
    ciqual = Source.objects.get(key="ciqual-2020")
    assert ciqual.name == "CIQUAL 2020 (ANSES)"
    assert "Etalab" in ciqual.licence
    assert Source.objects.get(key="nih-ods").name == "NIH ODS fact sheet"
    chocolate = Food.objects.get(name="Dark chocolate bar, less than 70% cocoa")
    assert chocolate.group.code == "1900"
    cheddar = Food.objects.get(name="Cheddar cheese (Australia)")
    assert {v.form: v.amount_ug for v in cheddar.values.all()} == {
        "mk5": Decimal("1.1"),
        "mk8": 4,
        "mk9": 8,
    }


@pytest.mark.parametrize(("code", "name", "k1", "k2"), NEVO_ROWS_ADDED)
def test_nevo_rows_added_for_issue_12(loaded, code, name, k1, k2):
    food = Food.objects.get(catalogue_key=f"lit:nevo-2023:{name}")
    assert food.description.startswith(f"NEVO code {code}, Dutch name ")
    values = {v.form: v for v in food.values.select_related("source")}
    amounts = {form: v.amount_ug for form, v in values.items()}
    assert amounts == {"k1": Decimal(k1), "k2": Decimal(k2)}
    assert {v.source.key for v in values.values()} == {"nevo-2023"}
    assert food.group is not None


@pytest.mark.parametrize(("number", "name", "total"), MEXT_TOTALS)
def test_mext_totals_are_neither_k1_nor_k2(loaded, number, name, total):
    food = Food.objects.get(catalogue_key=f"lit:mext-2020:{name}")
    value = food.values.select_related("source").get()  # one value: the total, nothing else
    assert (value.form, value.amount_ug) == ("k_unsep", total)
    assert value.get_form_display() == "Vitamin K, form not separated"
    assert value.source.name == "MEXT 2020 (Japan)"
    assert value.method == Method.TABLE
    assert value.method_detail == f"Food no. {number}, column ビタミンK"
    per_100g = per_basis(Food.objects.prefetch_related("values").get(pk=food.pk))
    assert (per_100g.k1, per_100g.k2, per_100g.total) == (None, None, total)


def test_stamppot_reads_as_a_dish(loaded):
    dish = Food.objects.get(catalogue_key__startswith="lit:nevo-2023:Stamppot")
    assert dish.name == "Stamppot (dish): sauerkraut mashed with potato, no meat, prepared"
    assert dish.group.name == "Meals, Entrees, and Side Dishes"
    assert 'Dutch name "Stamppot zuurkool z vlees bereid"' in dish.description
    assert not Food.objects.filter(name__startswith="Sauerkraut w mashed").exists()
    assert Food.objects.get(name="Cabbage sauerkraut raw").group.code == "1100"


def test_literature_output_counts_skipped_and_superseded_rows(loaded):
    output = run("import_literature", str(LITERATURE_CSV))
    assert "132 rows: 105 with 189 numbers, 27 with no number" in output
    assert "Skipped: 27 rows with no number, 1 values superseded by an earlier row" in output
    assert (
        "line 3: skipped Natto MK-7 1000 µg (NIH ODS fact sheet): superseded by line 2 "
        "(Kamao et al. 2007)"
    ) in output
    assert "Nothing changed" in output
    detailed = run("import_literature", str(LITERATURE_CSV), verbosity=2)
    assert "line 4: Natto (Schurgers LJ, Vermeer C. 2000" in detailed
    assert "Skipped" not in run("import_literature", str(LITERATURE_CSV), verbosity=0)


def test_literature_never_overwrites_an_sr28_value(loaded, tmp_path):
    csv_path = tmp_path / "literature.csv"
    lines = LITERATURE_CSV.read_text(encoding="utf-8").splitlines()
    # A first row giving natto a K1 value: SR28 has one (23.1, imputed), so it must stay.
    lines.insert(1, 'Natto,"Made up for a test",99,,,,,,,,,,"Kamao M, test",Table 1,')
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = run("import_literature", str(csv_path))
    assert "line 2: skipped Natto K1 (phylloquinone) 99 µg (Kamao et al. 2007): SR28 has" in output
    k1 = value("16113", "k1")
    assert (k1.amount_ug, k1.source.key) == (Decimal("23.1"), "usda-sr28")
    assert value("16113", "mk7").amount_ug == 939


def test_generic_supplements_are_per_dose_unit(loaded):
    supplements = Food.objects.filter(group__code="SUPP").prefetch_related("values")
    doses = {(f.dose_unit, v.form, v.amount_ug) for f in supplements for v in f.values.all()}
    assert doses == {
        ("capsule", "mk7", 90),
        ("capsule", "mk7", 100),
        ("capsule", "mk7", 200),
        ("capsule", "mk4", 1000),
        ("capsule", "mk4", 15000),
        ("tablet", "k1", 100),
    }
    mk4 = Food.objects.get(catalogue_key="supp:mk4-15mg")
    assert "45 mg a day, taken as three 15 mg doses" in mk4.description
    assert mk4.basis_label == "per capsule"
    label = mk4.values.get()
    assert (label.source.key, label.method) == ("generic-supplement", Method.LABEL)


def test_second_import_changes_no_row(loaded):
    before = snapshot()
    sr28_output = run("import_usda_sr28", str(SR28_DIR))
    literature_output = run("import_literature", str(LITERATURE_CSV))
    supplements_output = run("load_catalogue", "--force")
    assert snapshot() | {"CatalogueLoad": None} == before | {"CatalogueLoad": None}
    assert "Foods: 0 created, 0 updated, 5227 unchanged" in sr28_output
    assert "Values: 0 created, 0 updated, 7224 unchanged" in sr28_output
    assert "Portions: 0 created, 0 updated, 10230 unchanged" in sr28_output
    assert "Foods: 0 created, 0 updated, 103 unchanged" in literature_output
    assert "Values: 0 created, 0 updated, 188 unchanged" in literature_output
    assert "Supplements: 0 created, 0 updated, 10 unchanged" in supplements_output
    for output in (sr28_output, literature_output):
        assert "Nothing changed" in output


SR28_CORRUPTIONS = [
    # (file, line, old text, new text, expected reason)
    ("NUT_DATA.txt", 1, "^~~^08/2010^", "", "expected 18 fields separated by ^, found 15"),
    ("NUT_DATA.txt", 2912, "^704.8^", "^7O4.8^", "Nutr_Val: '7O4.8' is not a number"),
    ("FOOD_DES.txt", 1, "~0100~", "~9900~", "unknown food group 9900"),
    ("NUT_DATA.txt", 2912, "~430~", "~999~", "unknown nutrient 999"),
    ("WEIGHT.txt", 6528, "~16113~", "~99999~", "unknown food 99999"),
    ("NUT_DATA.txt", 2912, "^704.8^", "^-704.8^", "cannot be negative"),
]


@pytest.mark.parametrize(("name", "line", "old", "new", "reason"), SR28_CORRUPTIONS)
def test_malformed_sr28_file_stops_and_changes_nothing(
    loaded, tmp_path, name, line, old, new, reason
):
    directory = copy_fixtures(tmp_path) / "usda-sr28"
    replace_line(directory / name, line, old, new)
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run("import_usda_sr28", str(directory))
    message = str(error.value)
    assert f"{name}, line {line}: " in message
    assert reason in message
    assert snapshot() == before


def test_malformed_literature_csv_stops_and_changes_nothing(loaded, tmp_path):
    csv_path = copy_fixtures(tmp_path) / "menaquinones-literature.csv"
    # Line 42 is "Cheese Gouda 48+ av": K1 3.9 becomes text.
    replace_line(csv_path, 42, ",3.9,", ",abc,", encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run("import_literature", str(csv_path))
    assert "menaquinones-literature.csv, line 42: column k1_ug_per_100g: 'abc' is not a number" in (
        str(error.value)
    )
    assert snapshot() == before


def test_truncated_literature_row_is_reported(loaded, tmp_path):
    csv_path = copy_fixtures(tmp_path) / "menaquinones-literature.csv"
    replace_line(csv_path, 42, ",3.9,", "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 42: expected 15 columns, found 2"):
        run("import_literature", str(csv_path))


def test_failure_while_writing_rolls_everything_back(loaded, tmp_path, monkeypatch):
    directory = copy_fixtures(tmp_path) / "usda-sr28"
    replace_line(directory / "NUT_DATA.txt", 2912, "^704.8^", "^705.0^")  # kale, raw
    replace_line(directory / "FOOD_DES.txt", 1, "Butter, salted", "Butter, salted (renamed)")
    real_sync = sr28.sync

    def failing_sync(model, *args, **kwargs):
        if model is Portion:  # after foods and values were written
            raise ImportFileError(directory / "WEIGHT.txt", 1, "simulated failure")
        return real_sync(model, *args, **kwargs)

    monkeypatch.setattr(sr28, "sync", failing_sync)
    before = snapshot()
    with pytest.raises(CommandError, match="simulated failure"):
        run("import_usda_sr28", str(directory))
    assert snapshot() == before
    assert value("11233", "k1").amount_ug == Decimal("704.8")
    assert Food.objects.get(ndb_no="01001").name == "Butter, salted"
