"""Borrowed values in the shipped catalogue, as a person sees them: the food page, the food box,
the day's K2 sentence, the CSV export; and each borrowed value is exactly its donor's value."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from foods.models import Food, VitaminKValue
from tests.factories import make_entry

# Every test here reads the whole shipped catalogue, loaded once for the module.
pytestmark = pytest.mark.usefixtures("catalogue")

DAY = "2026-11-23"


@pytest.fixture
def loaded(catalogue, db):
    return catalogue


def text(html):
    """The words a person reads: tags dropped, spaces closed up before punctuation."""
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r"\( ", "(", re.sub(r" ([,;.)])", r"\1", words))


def gouda():
    return Food.objects.get(catalogue_key="sr28:01022")


def test_every_borrowed_value_is_its_donors_value(loaded):
    borrowed = VitaminKValue.objects.filter(borrowed_from__isnull=False).select_related(
        "borrowed_from"
    )
    assert borrowed.exists()
    for value in borrowed:
        donor = value.borrowed_from
        assert (value.form, value.amount_ug, value.source_id) == (
            donor.form,
            donor.amount_ug,
            donor.source_id,
        ), value
        assert donor.borrowed_from_id is None  # never a copy of a copy
        assert value.borrow_reason
        # and never where the food has a measured value for that form
        assert value.food.values.filter(form=value.form).count() == 1


def test_the_food_page_links_a_borrowed_value_to_its_donor_with_the_reason(client, loaded):
    food = gouda()
    donor = Food.objects.get(catalogue_key="lit:nevo-2023:Cheese Gouda 48+ av")
    html = client.get(food.get_absolute_url()).content.decode()
    assert f'<a href="{donor.get_absolute_url()}">Cheese Gouda 48+ av</a>' in html
    page = text(html)
    assert "Borrowed from Cheese Gouda 48+ av, NEVO 2023/8.0 (RIVM)" in page
    assert "Why: same food, Dutch sample (NEVO)" in page
    assert "K2 64.5 µg, borrowed from Cheese Gouda 48+ av, NEVO 2023/8.0 (RIVM)" in page


def test_the_same_food_comparison_leaves_the_borrowed_value_out(client, loaded):
    html = client.get(gouda().get_absolute_url()).content.decode()
    comparison = text(html[html.index('id="other-sources"') :])
    # only NEVO's own K2 reading, not SR28 gouda's copy of it beside it as an "agreement"
    assert "Cheese, gouda (this page), NEVO" not in comparison


def test_the_food_box_shows_a_borrowed_k2_as_borrowed(client, user, loaded):
    html = client.get(reverse("day:search"), {"q": "gouda"}).content.decode()
    first = text(html[html.index('role="option"') : html.index("</li>")])
    assert "Cheese, gouda" in first
    assert "K2 18.3 µg (borrowed from Cheese Gouda 48+ av, NEVO 2023/8.0 (RIVM))" in first


def test_a_food_with_only_a_total_shows_it_instead_of_two_no_data(client, user, loaded):
    html = client.get(reverse("day:search"), {"q": "chicken thigh"}).content.decode()
    options = [text(option) for option in html.split('role="option"')[1:]]
    japan = next(option for option in options if "(Japan)" in option)
    assert "vitamin K (form not separated) " in japan and "MEXT" in japan
    assert "no data" not in japan


def test_the_day_says_what_its_k2_rests_on_food_by_food(client, user, loaded):
    make_entry(user, Food.objects.get(ndb_no="16113"), grams=20)  # natto
    make_entry(user, Food.objects.get(ndb_no="11457"), grams=30)  # spinach, raw
    entry = make_entry(user, gouda(), grams=30)
    html = client.get(reverse("day:day", args=[DAY])).content.decode()
    basis = text(html[html.index('id="k2-basis"') :].split("</p>")[0])
    # natto 20 g × 939 µg MK-7 + gouda 30 g × 64.5 µg K2 = 187.8 + 19.35
    assert "K2 207.2 µg — measured for Natto; borrowed for Cheese, gouda; no data for " in basis
    assert "Spinach, raw" in basis
    shares = text(html[html.index('id="k2-shares"') :].split("</p>")[0])
    assert "K2 of the grams logged: 25% measured, 38% borrowed, 38% no data" in shares
    assert "K2 as a whole is known for" not in html
    row = text(html[html.index(f'id="entry-{entry.pk}"') :].split("</li>")[0])
    assert "K2 19.4 µg borrowed from Cheese Gouda 48+ av, NEVO 2023/8.0 (RIVM)" in row


def test_the_export_says_where_k2_comes_from(loaded):
    out = io.StringIO()
    call_command("export_foods", stdout=out)
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows["Cheese, gouda"]["k2_total_ug"] == "64.5"
    assert rows["Cheese, gouda"]["k2_provenance"] == (
        "borrowed from Cheese Gouda 48+ av, NEVO 2023/8.0 (RIVM)"
    )
    assert rows["Cheese, gouda"]["source"] == "USDA SR28"
    assert rows["Natto"]["k2_provenance"] == "measured"
    assert rows["Spinach, raw"]["k2_provenance"] == ""
    assert Decimal(rows["Natto"]["mk7_ug"]) == Decimal("939")
