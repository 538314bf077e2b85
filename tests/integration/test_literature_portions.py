"""fixtures/literature-portions.csv: every literature K2 food has household portions and a
default serving, loaded by load_catalogue, shown on the food page, ranked per serving."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from foods import amounts
from foods.importers import catalogue as shipped
from foods.importers.literature import KEY_PREFIX
from foods.models import Food, Portion
from tests.importer_files import copy_fixtures, replace_line

LIST = reverse("foods:list")


def load(*args):
    out = io.StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_every_literature_food_has_a_default_serving(catalogue):
    # Rows added to the literature CSV later need rows in literature-portions.csv too.
    foods = Food.objects.filter(catalogue_key__startswith=KEY_PREFIX, retired=False)
    assert foods.count() >= 76
    without = [f.name for f in foods.prefetch_related("portions") if not f.portions.all()]
    assert without == [], f"add these to fixtures/literature-portions.csv: {without}"


@pytest.mark.django_db
def test_nevo_gouda_has_sr28_goudas_portions_with_their_source(catalogue):
    gouda = Food.objects.get(catalogue_key="lit:nevo-2023:Cheese Gouda 48+ av")
    sr28 = Food.objects.get(ndb_no="01022")
    copied = [(p.label, p.grams) for p in gouda.portions.order_by("seq")]
    assert copied == [(p.label, p.grams) for p in sr28.portions.order_by("seq")]
    assert copied == [("1 oz", Decimal("28.35")), ("1 package (7 oz)", Decimal("198"))]
    first = gouda.portions.order_by("seq").first()
    assert first.weight_source == "USDA SR28 WEIGHT.txt, NDB 01022 Cheese, gouda"


@pytest.mark.django_db
def test_natto_default_serving_is_one_pack_before_sr28s_cup(catalogue):
    natto = Food.objects.get(ndb_no="16113")
    portions = list(natto.portions.order_by("seq"))
    assert [(p.label, p.grams) for p in portions] == [
        ("1 pack", Decimal("45")),
        ("1 cup", Decimal("175")),  # SR28's own, untouched
        ("3 oz", Decimal("85")),
    ]
    assert "vitamin-k-reference.md" in portions[0].weight_source
    assert portions[1].weight_source == ""
    assert amounts.first_portion(natto) == portions[0]


@pytest.mark.django_db
def test_food_page_shows_the_servings_and_where_their_weight_comes_from(client, catalogue):
    for key in ("sr28:16113", "lit:nevo-2023:Cheese Gouda 48+ av"):
        food = Food.objects.get(catalogue_key=key)
        html = client.get(food.get_absolute_url()).content.decode()
        assert "default serving" in html
        assert "Weight: " in html
    sauerkraut = Food.objects.get(
        catalogue_key="lit:nevo-2023:"
        "Stamppot (dish): sauerkraut mashed with potato, no meat, prepared"
    )
    html = client.get(sauerkraut.get_absolute_url()).content.decode()
    assert "1 cup (210 g)" in html and "closest SR28 food" in html


@pytest.mark.django_db
def test_richest_in_k2_per_serving_ranks_the_literature_foods(client, catalogue):
    response = client.get(LIST, {"sort": "k2", "basis": "portion"})
    rows = response.context["rows"]
    assert rows[0]["food"].name == "Natto"  # one 45 g pack, not a 175 g cup
    assert rows[0]["sort_amount"] == Decimal("939") * Decimal("0.45")
    ranked = search_all_k2_per_serving()
    literature = Food.objects.filter(catalogue_key__startswith=KEY_PREFIX, retired=False)
    has_k2 = [f.pk for f in literature if amounts.per_basis(f).k2 is not None]
    assert len(has_k2) >= 75
    assert set(has_k2) <= set(ranked)  # every one has an amount per serving


def search_all_k2_per_serving():
    """Ids ranked by K2 per serving, those with an amount only."""
    from foods import search

    ranked = search.rank_by(Food.objects.active().filter(dose_unit=""), "k2", "portion")
    return [f.pk for f in ranked if f.sort_amount is not None]


@pytest.mark.django_db
def test_a_changed_portions_file_is_noticed_and_a_bad_one_changes_nothing(
    catalogue, tmp_path, settings
):
    fixtures = copy_fixtures(tmp_path)
    settings.BASE_DIR = tmp_path
    assert shipped.checksum(fixtures) == shipped.checksum()  # same bytes
    replace_line(fixtures / "literature-portions.csv", 2, ",45,yes,", ",50,yes,", encoding="utf-8")
    output = load()
    assert "Portions: 0 created, 1 updated" in output
    assert Portion.objects.get(food__ndb_no="16113", seq=0).grams == Decimal("50")
    assert load().strip() == "Catalogue up to date"

    replace_line(fixtures / "literature-portions.csv", 2, ",50,yes,", ",0,yes,", encoding="utf-8")
    with pytest.raises(CommandError, match=r"literature-portions.csv, line 2: .*more than 0 g"):
        load()
    assert Portion.objects.get(food__ndb_no="16113", seq=0).grams == Decimal("50")


@pytest.mark.django_db
def test_a_portion_for_an_unknown_food_is_refused_by_line(catalogue, tmp_path, settings):
    fixtures = copy_fixtures(tmp_path)
    settings.BASE_DIR = tmp_path
    portions = fixtures / "literature-portions.csv"
    last_line = len(portions.read_text(encoding="utf-8").splitlines()) + 1
    with portions.open("a", encoding="utf-8") as handle:
        handle.write('lit:nevo-2023:Cheese Moon,1,oz,28.35,yes,"USDA SR28 WEIGHT.txt"\n')
    with pytest.raises(CommandError, match=rf"line {last_line}: no food with catalogue key"):
        load()
