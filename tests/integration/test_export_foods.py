"""export_foods: the shared catalogue as CSV on stdout, µg per 100 g, empty = no data."""

import csv
import io

import pytest
from django.core.management import call_command

from foods.importers.export import HEADER
from tests.factories import make_food, make_group, make_user

EXPECTED_HEADER = (
    "ndb_no,name,source,food_group,k1_ug,dihydro_k1_ug,mk4_ug,mk7_ug,mk_other_ug,"
    "k2_unspecified_ug,k2_total_ug,k_not_separated_ug,k2_provenance"
)

# Every test here reads the whole shipped catalogue, loaded once for the module.
pytestmark = pytest.mark.usefixtures("catalogue")


def export():
    out = io.StringIO()
    call_command("export_foods", stdout=out)
    return out.getvalue()


@pytest.fixture
def exported(catalogue, db):
    return export()


def by_name(text):
    return {row["name"]: row for row in csv.DictReader(io.StringIO(text))}


def test_header_is_exact(exported):
    assert exported.splitlines()[0] == EXPECTED_HEADER
    assert ",".join(HEADER) == EXPECTED_HEADER


def test_natto_row(exported):
    natto = next(row for row in csv.DictReader(io.StringIO(exported)) if row["ndb_no"] == "16113")
    assert natto == {
        "ndb_no": "16113",
        "name": "Natto",
        "source": "Kamao et al. 2007; USDA SR28",
        "food_group": "Legumes and Legume Products",
        "k1_ug": "23.1",  # SR28, imputed
        "dihydro_k1_ug": "",  # no data
        "mk4_ug": "",
        "mk7_ug": "939",  # Kamao et al. 2007
        "mk_other_ug": "",
        "k2_unspecified_ug": "",
        "k2_total_ug": "939",
        "k_not_separated_ug": "",
        "k2_provenance": "measured",
    }


def test_literature_only_cheeses(exported):
    rows = by_name(exported)
    assert rows["Cheese Gouda 48+ av"] == {
        "ndb_no": "",
        "name": "Cheese Gouda 48+ av",
        "source": "NEVO 2023/8.0 (RIVM)",
        "food_group": "Dairy and Egg Products",
        "k1_ug": "3.9",
        "dihydro_k1_ug": "",
        "mk4_ug": "",
        "mk7_ug": "",
        "mk_other_ug": "",
        "k2_unspecified_ug": "64.5",
        "k2_total_ug": "64.5",
        "k_not_separated_ug": "",
        "k2_provenance": "measured",
    }
    cheddar = rows["Cheddar cheese (Australia)"]  # MK-5 1.1 + MK-8 4 + MK-9 8
    assert (cheddar["mk_other_ug"], cheddar["k2_total_ug"], cheddar["k1_ug"]) == (
        "13.1",
        "13.1",
        "",
    )


def test_source_tells_the_two_salamis_apart(exported):
    salamis = [row for row in csv.DictReader(io.StringIO(exported)) if row["name"] == "Salami"]
    assert sorted((row["source"], row["k2_total_ug"]) for row in salamis) == [
        ("CIQUAL 2020 (ANSES)", "9"),
        ("NEVO 2023/8.0 (RIVM)", "9"),
    ]


def test_mext_total_is_neither_k1_nor_k2(exported):
    natto = by_name(exported)["Natto, hikiwari (cracked-bean natto)"]  # MEXT 04047
    assert (natto["k1_ug"], natto["k2_total_ug"], natto["mk7_ug"]) == ("", "", "")
    assert natto["k_not_separated_ug"] == "930"


def test_measured_zero_is_zero_and_missing_is_empty(exported):
    rows = by_name(exported)
    whipped = rows["Butter, whipped, with salt"]  # NUT_DATA.txt line 3: dihydro 0.0, Src_Cd 1
    assert whipped["dihydro_k1_ug"] == "0"
    assert whipped["mk4_ug"] == "20.9"
    kale = rows["Kale, raw"]
    assert (kale["k1_ug"], kale["mk4_ug"], kale["k2_total_ug"]) == ("704.8", "", "")


def test_one_row_per_shared_food_without_supplements(exported):
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert len(rows) == 5227 + 103
    assert not any(row["name"].startswith("Vitamin K") for row in rows)  # supplements


@pytest.mark.django_db
def test_constant_number_of_queries(django_assert_num_queries):
    # Works whether or not the session's catalogue is loaded: counts rows added here.
    make_food("Test natto", values={"k1": "23.1", "mk7": 939}, portions=[("cup", 175)])
    with django_assert_num_queries(2):  # foods with their group, then all their values
        first = export()
    for n in range(5):
        make_food(f"Cheese {n}", values={"k1": 1, "k2": 2, "mk9": 3}, group=make_group())
    make_food("Someone's own cheese", values={"k1": 9}, owner=make_user())  # not shared
    with django_assert_num_queries(2):
        second = export()
    assert len(second.splitlines()) == len(first.splitlines()) + 5
