"""The day page's vitamin D and calcium beside vitamin K, on the shipped SR28 values."""

import csv
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from diary.models import Entry, Profile
from foods.models import Food, NutrientValue
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("catalogue")

DAY_URL = "/diary/2026-11-23/"
ADD_URL = "/diary/2026-11-23/add/"


def text(response):
    return re.sub(r"\s+", " ", html.unescape(strip_tags(response.content.decode())))


def add(client, ndb, grams):
    food = Food.objects.get(ndb_no=ndb)
    response = client.post(
        ADD_URL, {"food": food.pk, "amount": grams, "unit": "g", "meal": "lunch"}
    )
    assert response.status_code == 302


@pytest.fixture
def person(catalogue, client, db):
    user = make_user(life_stage="woman", age=40)
    client.force_login(user)
    return user


def test_milk_and_egg_show_calcium_and_vitamin_d_by_the_one_rounding_rule(client, person):
    add(client, "01077", "244")  # whole milk with added vitamin D
    add(client, "01123", "50")  # egg, whole, raw
    page = text(client.get(DAY_URL))
    assert "Vitamin D 4.2 µg: not yet reached your RDA 15 µg, upper limit 100 µg." in page
    assert "Calcium 303.7 mg: not yet reached your RDA 1,000 mg, upper limit 2,500 mg." in page
    assert "D3 4.2 µg" in page  # SR28 gives both foods' D as D3
    assert "IOM 2011" in page


def test_vitamin_d_in_iu_when_the_person_prefers(client, person):
    Profile.objects.filter(user=person).update(vitamin_d_unit="iu")
    add(client, "01077", "244")
    add(client, "01123", "50")
    page = text(client.get(DAY_URL))
    assert "Vitamin D 166.9 IU: not yet reached your RDA 600 IU, upper limit 4,000 IU." in page


def test_a_food_without_data_is_counted_as_no_data_not_zero(client, person):
    without_d = Food.objects.filter(catalogue_key__startswith="sr28:").exclude(
        nutrients__nutrient="vit_d"
    )[0]
    add(client, "01123", "50")
    response = client.post(
        ADD_URL, {"food": without_d.pk, "amount": "100", "unit": "g", "meal": "lunch"}
    )
    assert response.status_code == 302
    page = text(client.get(DAY_URL))
    assert "Vitamin D 1 µg:" in page
    assert "No data for 1 food." in page
    assert f"no data for {without_d.name} (unknown, not 0)" in page


def test_a_past_day_keeps_the_values_it_was_logged_with(client, person):
    add(client, "01077", "244")
    NutrientValue.objects.filter(food__ndb_no="01077", nutrient="ca").update(amount=Decimal(200))
    entry = Entry.objects.get()
    assert Decimal(entry.logged_nutrients["ca"]) == Decimal(113)
    page = text(client.get(DAY_URL))
    assert "Calcium 275.7 mg" in page


def test_a_revised_calcium_value_is_offered_as_an_update(client, person):
    add(client, "01077", "244")
    assert "Values revised since you logged this" not in text(client.get(DAY_URL))
    NutrientValue.objects.filter(food__ndb_no="01077", nutrient="ca").update(amount=Decimal(200))
    assert "Values revised since you logged this" in text(client.get(DAY_URL))
    entry = Entry.objects.get()
    assert client.post(reverse("day:refresh", args=[entry.pk])).status_code == 302
    page = text(client.get(DAY_URL))
    assert "Calcium 488 mg" in page  # 244 g x 200 mg / 100 g
    assert "Values revised since you logged this" not in page


def test_k_only_view_shows_no_vitamin_d_or_calcium(client, person):
    Profile.objects.filter(user=person).update(show_bone=False)
    add(client, "01077", "244")
    page = text(client.get(DAY_URL))
    assert "Calcium" not in page
    assert "Vitamin D" not in page


def test_a_d3_and_mk7_capsule_adds_its_d3_and_its_mk7(client, person):
    add(client, "01077", "244")
    add(client, "01123", "50")
    before = text(client.get(DAY_URL))
    capsule = Food.objects.get(catalogue_key="supp:d3-25-mk7-100")
    response = client.post(
        ADD_URL, {"food": capsule.pk, "amount": "1", "unit": "unit", "meal": "supplements"}
    )
    assert response.status_code == 302
    page = text(client.get(DAY_URL))
    assert "Vitamin D 29.2 µg (25 µg from supplements): reached your RDA 15 µg" in page
    assert "Calcium 303.7 mg:" in page  # the capsule carries no calcium: not counted as 0
    # Milk and egg have no MK-7 data; the capsule adds its 100 µg.
    assert "MK-7 no data" in before
    assert "MK-7 100 µg" in page


def test_a_day_above_the_upper_limit_says_so_with_its_source(client, person):
    capsule = Food.objects.get(catalogue_key="supp:d3-75-mk7-90")
    response = client.post(
        ADD_URL, {"food": capsule.pk, "amount": "2", "unit": "unit", "meal": "supplements"}
    )
    assert response.status_code == 302
    page = text(client.get(DAY_URL))
    # Said outside the folded details too.
    assert (
        "Vitamin D 150 µg: above the upper limit of 100 µg a day (IOM 2011 tolerable upper "
        "intake level)." in page
    )
    assert (
        "Vitamin D 150 µg (150 µg from supplements): above the upper limit of 100 µg a day "
        "(IOM 2011 tolerable upper intake level); your RDA is 15 µg." in page
    )


def test_generic_supplements_carry_d3_and_calcium_per_dose(catalogue, db):
    rows = {
        (v.food.catalogue_key, v.nutrient): (v.amount, v.method)
        for v in NutrientValue.objects.filter(
            food__catalogue_key__startswith="supp:"
        ).select_related("food")
    }
    assert rows == {
        ("supp:d3-25-mk7-100", "d3"): (Decimal(25), "label"),
        ("supp:d3-75-mk7-90", "d3"): (Decimal(75), "label"),
        ("supp:ca-500-d3-10", "d3"): (Decimal(10), "label"),
        ("supp:ca-500-d3-10", "ca"): (Decimal(500), "label"),
        ("supp:d3-25", "d3"): (Decimal(25), "label"),
    }
    calcium_tablet = Food.objects.get(catalogue_key="supp:ca-500-d3-10")
    assert calcium_tablet.values.count() == 0  # no vitamin K: no row, not 0


def test_the_profile_turns_vitamin_d_and_calcium_off_and_on_and_chooses_iu(client, person):
    add(client, "01077", "244")
    base = {"life_stage": "woman", "age": "40", "time_zone": "UTC", "email": ""}
    response = client.post("/accounts/profile/", base)  # the box left unticked
    assert response.status_code == 302
    assert "Calcium" not in text(client.get(DAY_URL))
    client.post("/accounts/profile/", {**base, "show_bone": "on", "vitamin_d_unit": "iu"})
    page = text(client.get(DAY_URL))
    assert "Vitamin D 126.9 IU" in page and "Calcium 275.7 mg" in page


def test_new_people_see_vitamin_d_and_calcium(db):
    assert make_user().profile.show_bone is True


def test_week_table_and_csvs_carry_vitamin_d_and_calcium(client, person):
    add(client, "01077", "244")
    add(client, "01123", "50")
    week = text(client.get("/diary/week/2026-W48/"))
    assert "Mon 23 Nov 4.2 303.7 not above" in week
    assert "Tue 24 Nov not logged not logged" in week
    assert "Average over the days logged: vitamin D 4.2 µg, calcium 303.7 mg" in week
    lines = client.get("/diary/week/2026-W48/?format=csv").content.decode("utf-8-sig").splitlines()
    rows = list(csv.DictReader(lines[2:]))
    assert (rows[0]["vitamin_d_ug"], rows[0]["calcium_mg"]) == ("4.2", "303.7")
    assert (rows[1]["vitamin_d_ug"], rows[1]["calcium_mg"]) == ("", "")  # not logged: not 0


def test_week_without_vitamin_d_and_calcium_for_a_k_only_view(client, person):
    Profile.objects.filter(user=person).update(show_bone=False)
    add(client, "01077", "244")
    assert "Vitamin D and calcium" not in text(client.get("/diary/week/2026-W48/"))


def test_entries_csv_carries_each_entrys_vitamin_d_and_calcium(client, person):
    add(client, "01077", "244")
    response = client.get("/diary/export/", {"from": "2026-11-23", "to": "2026-11-23"})
    rows = list(csv.DictReader(response.getvalue().decode("utf-8-sig").splitlines()))
    assert (rows[0]["vitamin_d_ug"], rows[0]["calcium_mg"]) == ("3.2", "275.7")


def test_food_page_shows_calcium_and_vitamin_d_with_their_sources(client, person):
    milk = Food.objects.get(ndb_no="01077")
    page = text(client.get(milk.get_absolute_url()))
    assert "Calcium 113 mg USDA SR28, NDB 01077, analytical, 16 data points" in page
    assert "Vitamin D (D2 + D3) 1.3 µg USDA SR28, NDB 01077" in page
    assert "Vitamin D2" not in page  # SR28 gives no D2 for it: not a line of zeros
    butter = Food.objects.get(ndb_no="01001")
    assert "Vitamin D (D2 + D3) 0 µg USDA SR28, NDB 01001, assumed zero" in text(
        client.get(butter.get_absolute_url())
    )
    Profile.objects.filter(user=person).update(show_bone=False)
    assert "Calcium" not in text(client.get(milk.get_absolute_url()))


def test_a_visitor_sees_them_too(client, catalogue, db):
    milk = Food.objects.get(ndb_no="01077")
    assert "Calcium 113 mg" in text(client.get(milk.get_absolute_url()))


def test_the_food_box_shows_vitamin_d_and_calcium_per_serving(client, person):
    answer = text(client.get("/diary/search/", {"q": "milk whole vitamin d added"}))
    # 1 cup of whole milk with added vitamin D is 244 g: 3.172 µg and 275.72 mg.
    assert "vitamin D 3.2 µg · calcium 275.7 mg" in answer
    profile = Profile.objects.get(user=person)
    profile.show_bone = False
    profile.save()  # as the profile form does: the person's cached answers move on
    assert "calcium" not in text(client.get("/diary/search/", {"q": "milk whole vitamin d added"}))


def test_the_catalogue_search_shows_vitamin_d_and_calcium_per_serving(client, person):
    page = text(client.get("/foods/", {"q": "milk whole vitamin d added"}))
    assert "K2 and its source Vitamin DCalcium" in page  # the columns
    assert "1 cup (244 g) 0.7 µg 2.4 µgUSDA SR28 3.2 µg275.7 mg" in page


def test_a_saved_meal_and_a_scheduled_dose_keep_their_calcium_and_vitamin_d(client, person):
    import datetime

    from diary.models import DoseSchedule
    from diary.routines import services as routines

    add(client, "01077", "244")
    saved = routines.saved_meal_create(
        user=person, name="Milk", day=datetime.date(2026, 11, 23), meal="lunch"
    )
    routines.saved_meal_log(user=person, saved_meal=saved, day=datetime.date(2026, 11, 24), meal="")
    logged = Entry.objects.get(user=person, day=datetime.date(2026, 11, 24))
    assert Decimal(logged.logged_nutrients["ca"]) == Decimal(113)
    capsule = Food.objects.get(catalogue_key="supp:d3-25-mk7-100")
    schedule = DoseSchedule(user=person, food=capsule, starts=datetime.date(2026, 11, 1))
    dose = schedule.dose_entry(datetime.date(2026, 11, 25))
    assert dose.logged_nutrients == {"d3": "25.000"}
