"""Saved meals, recipes and scheduled supplements: the services a person's routines go
through, and the pages that call them."""

import datetime
import re
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from diary.day import services as day_services
from diary.models import DoseSchedule, Entry, Profile, Recipe, SavedMeal, ScheduledDose
from diary.myfoods import services as myfood_services
from diary.routines import services
from diary.routines.models import MAX_SAVED_MEALS
from diary.routines.services import IngredientInput
from foods.models import Food, NutrientValue
from tests.factories import (
    hx,
    make_entry,
    make_food,
    make_kale,
    make_source,
    make_supplement,
    make_user,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 23)
NEXT = DAY + datetime.timedelta(days=1)


def _spinach():
    return make_food("Spinach, raw", values={"k1": "482.9"}, portions=[("cup", 30)])


def _butter():
    return make_food("Butter", values={"k1": "7", "mk4": "15"}, portions=[("tbsp", 14.2)])


def _entry(user, food, grams, *, quantity=None, day=DAY, meal="breakfast", **fields):
    """An entry as logged: `quantity` of its unit (grams unless a portion or unit is given)."""
    return Entry.objects.create(
        user=user,
        food=food,
        day=day,
        meal=meal,
        quantity=Decimal(str(quantity if quantity is not None else grams)),
        grams=None if grams is None else Decimal(str(grams)),
        **fields,
    )


def _ing(food, grams, portion=None, quantity=None, unit=""):
    return IngredientInput(
        food=food,
        quantity=Decimal(quantity if quantity is not None else grams),
        portion=portion,
        grams=Decimal(grams),
        unit=unit,
    )


# --- saved meals ------------------------------------------------------------------------------


def test_a_saved_meal_keeps_the_units_as_typed_and_logs_them_into_another_day(user):
    kale, butter = make_kale(), _butter()
    cup = kale.portions.get()
    _entry(user, kale, "100.5", portion=cup, quantity="1.5")
    _entry(user, butter, "28.35", quantity=1, unit="oz")
    make_entry(user, butter, grams=10, day=DAY, meal="dinner")

    saved = services.saved_meal_create(
        user=user, name="Weekday breakfast", day=DAY, meal="breakfast"
    )
    logged = services.saved_meal_log(user=user, saved_meal=saved, day=NEXT, meal="lunch")

    rows = list(Entry.objects.filter(user=user, day=NEXT).order_by("pk"))
    assert [(e.food, e.meal, e.quantity, e.portion, e.unit, e.grams) for e in rows] == [
        (kale, "lunch", Decimal("1.5"), cup, "", Decimal("100.5")),
        (butter, "lunch", Decimal(1), None, "oz", Decimal("28.35")),
    ]
    assert len(logged.entries) == 2
    # Each is an ordinary entry: it can be changed after logging.
    day_services.entry_update(
        entry=rows[1],
        meal="lunch",
        quantity=Decimal(2),
        portion=None,
        grams=Decimal("56.7"),
        unit="oz",
    )
    assert Entry.objects.get(pk=rows[1].pk).quantity == 2


def test_a_saved_meal_logs_all_its_items_or_none(user):
    kale, butter = make_kale(), _butter()
    make_entry(user, kale, grams=100, day=DAY)
    make_entry(user, butter, grams=10, day=DAY)
    saved = services.saved_meal_create(user=user, name="Breakfast", day=DAY, meal="breakfast")
    # The second item became impossible (a restored file, an admin): nothing of the meal is added.
    saved.items.filter(food=butter).update(grams=Decimal(6000), quantity=Decimal(6000))
    with pytest.raises(ValidationError, match="Butter"):
        services.saved_meal_log(user=user, saved_meal=saved, day=NEXT, meal="breakfast")
    assert not Entry.objects.filter(day=NEXT).exists()


def test_a_saved_meal_logged_twice_with_one_submission_adds_once(user):
    make_entry(user, make_kale(), grams=100, day=DAY)
    saved = services.saved_meal_create(user=user, name="Kale", day=DAY, meal="breakfast")
    import uuid

    token = uuid.uuid4()
    services.saved_meal_log(
        user=user, saved_meal=saved, day=NEXT, meal="breakfast", submission=token
    )
    with pytest.raises(day_services.AlreadySubmitted):
        services.saved_meal_log(
            user=user, saved_meal=saved, day=NEXT, meal="breakfast", submission=token
        )
    assert Entry.objects.filter(day=NEXT).count() == 1


def test_an_empty_meal_is_not_saved_and_names_are_unique_per_person(user):
    with pytest.raises(services.NothingToSave):
        services.saved_meal_create(user=user, name="Nothing", day=DAY, meal="lunch")
    make_entry(user, make_kale(), day=DAY)
    services.saved_meal_create(user=user, name="Kale", day=DAY, meal="breakfast")
    with pytest.raises(ValidationError, match="already have a saved meal"):
        services.saved_meal_create(user=user, name="Kale", day=DAY, meal="breakfast")


def test_a_person_keeps_at_most_fifty_saved_meals(user):
    make_entry(user, make_kale(), day=DAY)
    SavedMeal.objects.bulk_create(
        SavedMeal(user=user, name=f"Usual {n}", meal="breakfast") for n in range(MAX_SAVED_MEALS)
    )
    with pytest.raises(ValidationError, match="at most 50 saved meals"):
        services.saved_meal_create(user=user, name="One more", day=DAY, meal="breakfast")
    assert SavedMeal.objects.filter(user=user).count() == MAX_SAVED_MEALS
    # Another person is not held back by it.
    other = make_user("other")
    make_entry(other, make_kale(), day=DAY)
    assert services.saved_meal_create(user=other, name="Mine", day=DAY, meal="breakfast")


def test_the_day_page_saves_a_meal_and_logs_it_tomorrow_in_one_tap(client_in, user):
    make_entry(user, make_kale(), grams=80, day=DAY)
    response = client_in.post(
        reverse("routines:save-meal", kwargs={"day": DAY.isoformat()}),
        {"name": "Green breakfast", "meal": "breakfast"},
    )
    assert response.status_code == 302
    saved = SavedMeal.objects.get(user=user)
    page = client_in.get(reverse("day:day", kwargs={"day": NEXT.isoformat()})).content.decode()
    assert "Green breakfast" in page
    response = client_in.post(
        reverse("routines:log-meal", kwargs={"day": NEXT.isoformat()}),
        {"saved_meal": str(saved.pk), "meal": "breakfast"},
        follow=True,
    )
    assert "Logged “Green breakfast” (1 item) in breakfast." in response.content.decode()
    assert Entry.objects.get(day=NEXT).grams == 80


def test_saving_a_meal_with_htmx_answers_the_panel_and_the_saved_meals(client_in, user):
    make_entry(user, make_kale(), grams=80, day=DAY)
    url = reverse("routines:save-meal", kwargs={"day": DAY.isoformat()})
    response = client_in.post(
        url, {"name": "Green breakfast", "meal": "breakfast"}, headers=hx("copy-panel")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saved “Green breakfast”: log it from any day in one tap." in page
    assert '<div id="saved-meals" hx-swap-oob="true">' in page
    assert "Green breakfast<span" in page  # its one-tap button
    # The same name again: refused with the typed values kept, nothing saved or re-sent.
    response = client_in.post(
        url, {"name": "Green breakfast", "meal": "breakfast"}, headers=hx("copy-panel")
    )
    page = response.content.decode()
    assert "already have a saved meal" in page
    assert 'value="Green breakfast"' in page
    assert 'id="saved-meals"' not in page
    assert SavedMeal.objects.filter(user=user).count() == 1


def test_another_persons_saved_meal_cannot_be_logged(client_in, user):
    other = make_user()
    make_entry(other, make_kale(), day=DAY)
    theirs = services.saved_meal_create(user=other, name="Theirs", day=DAY, meal="breakfast")
    response = client_in.post(
        reverse("routines:log-meal", kwargs={"day": NEXT.isoformat()}),
        {"saved_meal": str(theirs.pk), "meal": "breakfast"},
    )
    assert response.status_code == 404
    assert not Entry.objects.filter(user=user).exists()


# --- recipes ----------------------------------------------------------------------------------


def test_a_recipe_is_the_sum_of_its_ingredients_per_serving_and_per_100g(user):
    spinach, butter = _spinach(), _butter()
    tbsp = butter.portions.get()
    recipe = services.recipe_save(
        user=user,
        name="Creamed spinach",
        servings=Decimal(2),
        cooked_grams=None,
        ingredients=[_ing(spinach, 200), _ing(butter, "14.2", portion=tbsp, quantity=1)],
    )
    food = Food.objects.prefetch_related("values", "portions").get(pk=recipe.food_id)
    values = {v.form: v.amount_ug for v in food.values.all()}
    # K1: 200 g × 4.829 + 14.2 g × 0.07 = 965.8 + 0.994 = 966.794 µg in 214.2 g.
    assert values["k1"] == (Decimal("966.794") * 100 / Decimal("214.2")).quantize(Decimal("0.001"))
    assert values["mk4"] == (Decimal("2.13") * 100 / Decimal("214.2")).quantize(Decimal("0.001"))
    assert "mk7" not in values  # no ingredient has MK-7 data: unknown, not 0
    assert food.owner == user and [p.grams for p in food.portions.all()] == [Decimal("107.100")]


def test_a_cooked_weight_makes_100g_of_the_dish_richer(user):
    spinach = _spinach()
    recipe = services.recipe_save(
        user=user,
        name="Wilted spinach",
        servings=Decimal(1),
        cooked_grams=Decimal(100),
        ingredients=[_ing(spinach, 200)],
    )
    assert recipe.food.values.get(form="k1").amount_ug == Decimal("965.800")


def test_editing_a_recipe_leaves_past_entries_as_logged_until_asked(user):
    spinach, butter = _spinach(), _butter()
    recipe = services.recipe_save(
        user=user,
        name="Stew",
        servings=Decimal(1),
        cooked_grams=None,
        ingredients=[_ing(spinach, 100)],
    )
    food = Food.objects.prefetch_related("values", "portions").get(pk=recipe.food_id)
    entry = day_services.entry_add(
        user=user,
        day=DAY,
        food=food,
        meal="dinner",
        quantity=Decimal(100),
        portion=None,
        grams=Decimal(100),
    )
    before = entry.intake()
    services.recipe_save(
        user=user,
        name="Stew",
        servings=Decimal(1),
        cooked_grams=None,
        ingredients=[_ing(spinach, 100), _ing(butter, 100)],
        recipe=Recipe.objects.get(pk=recipe.pk),
    )
    entry.refresh_from_db()
    assert entry.intake() == before
    assert entry.logged_values == {"k1": "482.900"}
    assert services.recipe_entries_update(recipe=recipe, since=DAY) == 1
    entry.refresh_from_db()
    assert entry.logged_values["k1"] == "244.950"  # (482.9 + 7) / 2


def test_a_food_used_in_a_recipe_is_not_deleted_and_says_which_recipe(user):
    own = make_food("My pesto", values={"k1": "100"}, owner=user)
    services.recipe_save(
        user=user, name="Pasta", servings=Decimal(2), cooked_grams=None, ingredients=[_ing(own, 50)]
    )
    with pytest.raises(myfood_services.FoodInRecipe) as raised:
        myfood_services.own_food_delete(food=own)
    assert raised.value.recipe_names == ["Pasta"]
    assert Food.objects.filter(pk=own.pk).exists()


def test_a_recipe_used_in_another_recipe_is_not_deleted_and_the_page_says_where(client_in, user):
    pesto = services.recipe_save(
        user=user,
        name="Pesto",
        servings=Decimal(4),
        cooked_grams=None,
        ingredients=[_ing(_spinach(), 100)],
    )
    services.recipe_save(
        user=user,
        name="Pesto pasta",
        servings=Decimal(2),
        cooked_grams=None,
        ingredients=[_ing(pesto.food, 50)],
    )
    url = reverse("routines:recipe-delete", kwargs={"pk": pesto.pk})
    page = client_in.post(url, follow=True).content.decode()
    assert "This recipe is an ingredient of Pesto pasta, so it stays" in page
    assert "Your diary logs" not in page
    assert Recipe.objects.filter(pk=pesto.pk).exists()


def test_a_retired_food_is_not_a_new_ingredient_but_stays_in_a_recipe_that_has_it(user):
    spinach = _spinach()
    recipe = services.recipe_save(
        user=user,
        name="Salad",
        servings=Decimal(1),
        cooked_grams=None,
        ingredients=[_ing(spinach, 50)],
    )
    Food.objects.filter(pk=spinach.pk).update(retired=True)
    spinach.refresh_from_db()
    services.recipe_save(
        user=user,
        name="Salad",
        servings=Decimal(2),
        cooked_grams=None,
        ingredients=[_ing(spinach, 50)],
        recipe=recipe,
    )
    with pytest.raises(ValidationError, match="Spinach, raw has been retired"):
        services.recipe_save(
            user=user,
            name="Other",
            servings=Decimal(1),
            cooked_grams=None,
            ingredients=[_ing(spinach, 50)],
        )


def test_a_recipe_takes_no_supplement_nor_another_persons_food(user):
    other_food = make_food("Their food", values={"k1": "1"}, owner=make_user())
    with pytest.raises(ValidationError, match="Choose a food from the list"):
        services.recipe_save(
            user=user,
            name="X",
            servings=Decimal(1),
            cooked_grams=None,
            ingredients=[_ing(other_food, 5)],
        )
    capsule = make_supplement()
    with pytest.raises(ValidationError, match="schedule it as a dose"):
        services.recipe_save(
            user=user,
            name="X",
            servings=Decimal(1),
            cooked_grams=None,
            ingredients=[
                IngredientInput(food=capsule, quantity=Decimal(1), portion=None, grams=None)
            ],  # type: ignore[arg-type]
        )
    assert not Recipe.objects.exists()


def test_a_meal_saved_as_a_recipe_leaves_its_supplements_out(user):
    kale = make_kale()
    make_entry(user, kale, grams=100, day=DAY)
    _entry(user, make_supplement(), None, quantity=1)
    recipe = services.recipe_from_meal(
        user=user, name="Kale plate", day=DAY, meal="breakfast", servings=Decimal(1)
    )
    assert [i.food for i in recipe.ingredients.all()] == [kale]


def test_pasting_four_lines_reviews_them_then_saves_the_recipe(client_in, user):
    _spinach()
    _butter()
    make_food("Egg, whole, raw", values={"k1": "0.3", "mk4": "5.6"}, portions=[("large", 50)])
    make_food("Cheese, gouda", values={"k1": "2.3", "mk4": "5"}, portions=[("cup, grated", 100)])
    url = reverse("routines:recipe-new")
    review = client_in.post(
        url,
        {
            "name": "Spinach bake",
            "servings": "4",
            "rows": "0",
            "paste": "200 g spinach\n1 tbsp butter\n2 eggs\n½ cup grated gouda\n3 dragon scales",
            "action": "check",
        },
    )
    page = review.content.decode()
    assert review.status_code == 200
    assert "dragon scales" in page  # the line that matched no food is shown, to choose by hand
    assert "no food matched" in page.lower()
    assert 'value="200"' in page and 'value="0.5"' in page
    # The review keeps what was typed above the lines, and empties the box the lines came from.
    assert 'value="Spinach bake"' in page and 'value="4"' in page
    assert "dragon" not in page.split('name="paste"')[1].split("</textarea>")[0]
    assert not Recipe.objects.exists()  # nothing saved before the review


def test_the_recipe_page_shows_what_each_ingredient_brings(client_in, user):
    spinach, butter = _spinach(), _butter()
    recipe = services.recipe_save(
        user=user,
        name="Creamed spinach",
        servings=Decimal(2),
        cooked_grams=None,
        ingredients=[_ing(spinach, 200), _ing(butter, 10)],
    )
    page = client_in.get(reverse("routines:recipe", kwargs={"pk": recipe.pk})).content.decode()
    assert "965.8 µg" in page  # spinach's K1
    assert "0.7 µg" in page  # butter's K1
    assert "483.3 µg" in page  # per serving: (965.8 + 0.7) / 2 = 483.25, half up
    other = make_user()
    client_in.force_login(other)
    assert client_in.get(reverse("routines:recipe", kwargs={"pk": recipe.pk})).status_code == 404


def test_the_recipe_page_agrees_with_itself_after_an_ingredient_is_revised(client_in, user):
    greens = make_food("Greens", values={"k1": "400"})
    recipe = services.recipe_save(
        user=user, name="Greens", servings=Decimal(1), cooked_grams=None,
        ingredients=[_ing(greens, 100)],
    )  # fmt: skip
    url = reverse("routines:recipe", kwargs={"pk": recipe.pk})
    assert 'id="recipe-revised"' not in client_in.get(url).content.decode()
    greens.values.filter(form="k1").update(amount_ug=Decimal(100))
    page = client_in.get(url).content.decode()
    k1_row = re.search(r'<th scope="row">K1</th>(.*?)</tr>', page, re.S).group(1)
    # 100 g in one serving: per serving, per 100 g and the whole dish are all 100 µg now.
    assert re.findall(r"<td[^>]*>([^<]*)</td>", k1_row) == ["100 µg", "100 µg", "100 µg"]
    assert 'id="recipe-revised"' in page  # a serving logged still counts the 400 µg saved
    assert recipe.food.values.get(form="k1").amount_ug == Decimal(400)


def _with_bone(food, **amounts):
    for nutrient, amount in amounts.items():
        NutrientValue.objects.create(
            food=food,
            nutrient=nutrient,
            amount=Decimal(amount),
            source=make_source(),
            method="analytical",
        )
    return food


def test_a_recipe_sums_calcium_and_vitamin_d_and_names_what_has_no_data(client_in, user):
    milk = _with_bone(make_food("Milk, whole"), ca="113", vit_d="1.3")
    egg = _with_bone(make_food("Egg, whole, raw"), ca="56", d2="0.2", d3="1.8")  # D from its forms
    spinach = _with_bone(_spinach(), ca="99")  # no vitamin D data
    recipe = services.recipe_save(
        user=user,
        name="Spinach custard",
        servings=Decimal(2),
        cooked_grams=None,
        ingredients=[_ing(milk, 200), _ing(egg, 100), _ing(spinach, 100)],
    )
    stored = {v.nutrient: v.amount for v in NutrientValue.objects.filter(food=recipe.food)}
    # Calcium: 226 + 56 + 99 = 381 mg in 400 g; vitamin D: 2.6 + 2 = 4.6 µg (spinach unknown).
    assert stored == {"ca": Decimal("95.250"), "vit_d": Decimal("1.150")}
    page = client_in.get(reverse("routines:recipe", kwargs={"pk": recipe.pk})).content.decode()
    assert "190.5 mg" in page  # calcium per serving
    assert "2.3 µg" in page  # vitamin D per serving
    assert "No vitamin D data for Spinach, raw (unknown, not 0)" in page
    # Logged like a food, a serving counts its calcium on the day.
    entry = day_services.entry_add(
        user=user,
        day=DAY,
        food=Food.objects.prefetch_related("values", "nutrients").get(pk=recipe.food_id),
        meal="lunch",
        quantity=Decimal(200),
        portion=None,
        grams=Decimal(200),
    )
    assert Decimal(entry.logged_nutrients["ca"]) == Decimal("95.250")


def test_updating_past_entries_of_a_recipe_takes_its_calcium_too(user):
    milk = _with_bone(make_food("Milk, whole"), ca="113")
    recipe = services.recipe_save(
        user=user,
        name="Milk pudding",
        servings=Decimal(1),
        cooked_grams=None,
        ingredients=[_ing(milk, 100)],
    )
    entry = _entry(user, recipe.food, 100, logged_values={}, logged_nutrients={"ca": "113.000"})
    cheese = _with_bone(make_food("Cheese"), ca="700")
    services.recipe_save(
        user=user,
        name="Milk pudding",
        servings=Decimal(1),
        cooked_grams=None,
        ingredients=[_ing(milk, 100), _ing(cheese, 100)],
        recipe=Recipe.objects.get(pk=recipe.pk),
    )
    assert services.recipe_entries_update(recipe=recipe, since=DAY) == 1
    entry.refresh_from_db()
    assert entry.logged_nutrients == {"ca": "406.500"}  # (113 + 700) / 2


# --- scheduled supplements --------------------------------------------------------------------


def _schedule(user, **fields):
    fields = {"quantity": Decimal(1), "starts": DAY, **fields}
    return services.schedule_save(
        schedule=DoseSchedule(
            user=user, food=fields.pop("food", None) or make_supplement(), **fields
        )
    )


def test_a_dose_counts_only_once_taken_and_never_twice(user):
    schedule = _schedule(user)
    assert not Entry.objects.exists()  # pending: nothing counts
    services.dose_take(schedule=schedule, day=NEXT)
    with pytest.raises(services.AlreadyDone):
        services.dose_take(schedule=schedule, day=NEXT)
    with pytest.raises(services.AlreadyDone):
        services.dose_skip(schedule=schedule, day=NEXT)
    entry = Entry.objects.get()
    assert (entry.day, entry.meal, entry.quantity) == (NEXT, "supplements", 1)


def test_no_dose_before_the_start_after_the_end_or_off_the_chosen_weekdays(user):
    schedule = _schedule(
        user, every="weekdays", weekdays="0", ends=DAY + datetime.timedelta(days=14)
    )
    assert DAY.weekday() == 0
    for day in (DAY - datetime.timedelta(days=7), NEXT, DAY + datetime.timedelta(days=21)):
        with pytest.raises(ValidationError, match="not scheduled"):
            services.dose_take(schedule=schedule, day=day)
    services.dose_take(schedule=schedule, day=DAY + datetime.timedelta(days=7), quantity=Decimal(2))
    assert Entry.objects.get().quantity == 2


def test_a_schedule_is_checked_like_a_form(user):
    with pytest.raises(ValidationError) as raised:
        _schedule(user, every="n_days", ends=DAY - datetime.timedelta(days=1))
    assert set(raised.value.message_dict) >= {"interval_days", "ends"}
    with pytest.raises(ValidationError, match="Choose a supplement"):
        _schedule(user, food=make_kale())


@pytest.mark.django_db(transaction=True)
def test_two_taps_at_once_log_the_day_once(user):
    schedule = _schedule(user)
    outcomes = []
    barrier = threading.Barrier(2)

    def tap():
        try:
            barrier.wait()
            services.dose_take(schedule=DoseSchedule.objects.get(pk=schedule.pk), day=NEXT)
            outcomes.append("taken")
        except services.AlreadyDone:
            outcomes.append("already")
        except Exception as error:  # SQLite may refuse the second writer outright
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "taken" in outcomes
    assert Entry.objects.filter(day=NEXT).count() == 1
    assert ScheduledDose.objects.filter(day=NEXT).count() == 1


def test_the_day_shows_a_pending_dose_and_takes_it_in_one_tap(client_in, user):
    schedule = _schedule(user)
    url = reverse("day:day", kwargs={"day": NEXT.isoformat()})
    page = client_in.get(url).content.decode()
    assert "pending" in page and schedule.food.name in page
    before = client_in.get(
        reverse("day:day", kwargs={"day": (DAY - datetime.timedelta(days=1)).isoformat()})
    )
    assert "pending" not in before.content.decode()
    response = client_in.post(
        reverse("routines:dose", kwargs={"day": NEXT.isoformat(), "pk": schedule.pk}),
        {"action": "take", "amount": ""},
        follow=True,
    )
    assert f"Took {schedule.food.name}" in response.content.decode()
    assert Entry.objects.get().day == NEXT


# --- the steady-intake mode -------------------------------------------------------------------


def test_starting_changing_and_stopping_a_schedule_are_dated_events_in_the_clinic_report(
    client_in, user
):
    from diary.anticoagulation.charts import timeline_chart
    from diary.anticoagulation.selectors import clinic_report
    from tests.factories import make_vka_profile

    make_vka_profile(user)
    schedule = _schedule(user, starts=datetime.date(2026, 11, 2))
    schedule.quantity = Decimal(2)
    services.schedule_save(schedule=schedule, on=datetime.date(2026, 11, 10))
    services.schedule_stop(
        schedule=schedule, last_day=datetime.date(2026, 11, 20), on=datetime.date(2026, 11, 15)
    )
    first, last = datetime.date(2026, 11, 1), datetime.date(2026, 11, 25)
    report = clinic_report(user=user, first=first, last=last)
    assert [(e.day.day, e.kind) for e in report.schedule_events] == [
        (2, "started"),
        (10, "changed"),
        (20, "stopped"),
    ]
    assert report.schedule_events[1].text == "Vitamin K2 capsule: 2 × capsule, every day, evening"
    assert report.schedule_evidence  # the note the mode shows for an MK-7 supplement
    chart = timeline_chart(report)
    assert chart["supplements"][1] == "started Vitamin K2 capsule"
    assert chart["supplements"][9] == "changed Vitamin K2 capsule"
    page = client_in.get(
        reverse("anticoagulation:report"), {"from": first.isoformat(), "to": last.isoformat()}
    ).content.decode()
    assert "20 Nov 2026: stopped Vitamin K2 capsule: 2 × capsule" in page


def test_a_schedule_reads_as_set_on_the_routines_page_and_the_timeline(client_in, user):
    from diary.anticoagulation.charts import timeline_chart
    from diary.anticoagulation.selectors import clinic_report
    from tests.factories import make_vka_profile

    make_vka_profile(user)
    capsule = make_supplement(name="Vitamin K2: MK-7")
    _schedule(
        user, food=capsule, starts=datetime.date(2026, 11, 2), every="n_days", interval_days=3
    )
    page = client_in.get(reverse("routines:index")).content.decode()
    assert "1 × capsule, every 3 days, evening" in page
    first, last = datetime.date(2026, 11, 1), datetime.date(2026, 11, 25)
    chart = timeline_chart(clinic_report(user=user, first=first, last=last))
    assert chart["supplements"][1] == "started Vitamin K2: MK-7"  # the whole name


def _today(user):
    from diary.selectors import local_now, profile_get

    return local_now(profile_get(user=user)).date()


def _days_ago(user, days):
    return _today(user) - datetime.timedelta(days=days)


def _auto(user, *, starts, saved_on=None, **fields):
    """An automatic daily schedule saved on `saved_on` (by default its first day): the doses
    due up to that day were logged then, and none since."""
    schedule = DoseSchedule(
        user=user, food=make_supplement(), starts=starts, auto_log=True, **fields
    )
    return services.schedule_save(schedule=schedule, on=saved_on or starts)


def _dose_days(user):
    return sorted(Entry.objects.for_user(user).values_list("day", flat=True))


def test_an_automatic_schedule_logs_each_due_day_once_whatever_the_request(client_in, user):
    schedule = _auto(user, starts=_days_ago(user, 3))
    assert _dose_days(user) == [_days_ago(user, 3)]  # saving it logged its first day
    services.dose_skip(schedule=schedule, day=_days_ago(user, 1))
    # Any request, even one that fails: a diary's pages, the routines page, a missing page.
    client_in.get("/no-such-page/")
    client_in.get(reverse("routines:index"))
    assert _dose_days(user) == [_days_ago(user, days) for days in (3, 2, 0)]
    assert services.doses_auto_log(user=user, today=_today(user)) == 0  # nothing twice
    # Never before the start: a schedule starting tomorrow logs nothing today.
    _auto(user, starts=_days_ago(user, -1), saved_on=_today(user))
    assert services.doses_auto_log(user=user, today=_today(user)) == 0
    assert _dose_days(user) == [_days_ago(user, days) for days in (3, 2, 0)]


def test_a_retired_supplements_schedule_logs_nothing_new_and_can_still_be_stopped(client_in, user):
    schedule = _auto(user, starts=_days_ago(user, 3))
    assert _dose_days(user) == [_days_ago(user, 3)]
    schedule.food.retired = True
    schedule.food.save()
    assert services.doses_auto_log(user=user, today=_today(user)) == 0
    assert _dose_days(user) == [_days_ago(user, 3)]
    # Its edit page still offers it, so it can be given an end.
    response = client_in.post(
        reverse("routines:schedule-edit", kwargs={"pk": schedule.pk}),
        {
            "food": schedule.food_id,
            "quantity": "1",
            "every": "day",
            "starts": _days_ago(user, 3).isoformat(),
            "ends": _days_ago(user, 2).isoformat(),
            "time_of_day": "evening",
        },
    )
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.ends == _days_ago(user, 2)


def _week_total_today(client, user):
    from tests.integration.test_reports import chart_data

    data = chart_data(client.get(reverse("reports:week")), "week-data")
    return data["total"][_today(user).weekday()]


def _trend_total_today(client, user):
    from tests.integration.test_reports import chart_data

    data = chart_data(client.get(reverse("reports:trend"), {"days": 7}), "trend-data")
    return data["total"][data["labels"].index(_today(user).isoformat())]


def _export_days(client, user):
    from tests.integration.test_exports import download

    today = _today(user).isoformat()
    rows = download(client, _days_ago(user, 6).isoformat(), today)
    return [row[0] for row in rows if "Vitamin K2 capsule" in row]


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        (_week_total_today, 100.0),
        (_trend_total_today, 100.0),
        (lambda client, user: _export_days(client, user)[-1], "today"),
    ],
    ids=["week", "trend", "csv export"],
)
def test_automatic_doses_count_on_the_page_opened_first(client_in, user, read, expected):
    _auto(user, starts=_days_ago(user, 2))  # saved two days ago: today's dose not yet logged
    if expected == "today":
        expected = _today(user).isoformat()
    assert read(client_in, user) == expected  # the day page was never opened


def test_the_days_first_request_alone_fills_in_doses(client_in, user):
    """The first request of a local day reads the automatic schedules and writes the session's
    note (an UPDATE, with its savepoint under test); the day's later requests cost nothing."""
    from django.test.utils import CaptureQueriesContext

    url = reverse("myfoods:list")  # a page of its own (not kept whole in the cache)

    def get():
        with CaptureQueriesContext(connection) as queries:
            assert client_in.get(url).status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    first, second, third = get(), get(), get()
    assert len(second) == len(third)
    extra = [sql for sql in first if "diary_doseschedule" in sql or "django_session" in sql]
    assert [sql.split()[0] for sql in extra] == ["SELECT", "SELECT", "UPDATE"]
    assert len(first) - len(second) <= 4  # the schedules, the session's UPDATE, its savepoint
    assert not any("diary_doseschedule" in sql for sql in second)
    # With an automatic schedule, the same: nothing after the day's first request.
    _auto(user, starts=_days_ago(user, 2))
    client_in.get(url)
    assert not any("diary_doseschedule" in sql for sql in get())


def test_a_new_automatic_schedule_counts_today_at_once(client_in, user):
    from tests.factories import day_begun

    capsule = make_supplement()
    day_begun(client_in)  # today's doses are filled in already: the session says so
    response = client_in.post(
        reverse("routines:schedule-new"),
        {
            "food": capsule.pk,
            "quantity": "1",
            "every": "day",
            "starts": _today(user).isoformat(),
            "time_of_day": "evening",
            "auto_log": "on",
        },
    )
    assert response.status_code == 302
    assert _dose_days(user) == [_today(user)]
    assert _week_total_today(client_in, user) == 100.0


def test_the_persons_time_zone_decides_which_day_is_today(client, monkeypatch):
    """At 11:05 UTC on 25 Nov it is 00:05 on 26 Nov in Tonga (UTC+13), 01:05 on 25 Nov in
    Honolulu (UTC-10)."""
    from diary.profile.services import profile_update

    now = datetime.datetime(2026, 11, 25, 11, 5, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    starts = datetime.date(2026, 11, 24)
    seen = {}
    for zone in ("Pacific/Tongatapu", "Pacific/Honolulu"):
        person = make_user(time_zone=zone)
        _auto(person, starts=starts)
        client.force_login(person)
        client.get(reverse("routines:index"))
        seen[zone] = [day.day for day in _dose_days(person)]
    assert seen == {"Pacific/Tongatapu": [24, 25, 26], "Pacific/Honolulu": [24, 25]}
    # Honolulu's next midnight: nothing new before it, the new day's dose just after.
    honolulu = person
    now = datetime.datetime(2026, 11, 26, 9, 59, tzinfo=datetime.UTC)
    client.get(reverse("routines:index"))
    assert [day.day for day in _dose_days(honolulu)] == [24, 25]
    now = datetime.datetime(2026, 11, 26, 10, 1, tzinfo=datetime.UTC)
    client.get(reverse("routines:index"))
    assert [day.day for day in _dose_days(honolulu)] == [24, 25, 26]
    # Moving to Tonga, where 27 Nov has begun: the next request (of any session) reckons
    # today there, though Honolulu's day is not over.
    now = datetime.datetime(2026, 11, 26, 11, 5, tzinfo=datetime.UTC)
    client.get(reverse("routines:index"))
    assert [day.day for day in _dose_days(honolulu)] == [24, 25, 26]
    profile_update(profile=Profile.objects.get(user=honolulu), time_zone="Pacific/Tongatapu")
    client.get(reverse("routines:index"))
    assert [day.day for day in _dose_days(honolulu)] == [24, 25, 26, 27]


def test_a_restore_fills_in_the_days_since_the_backup_at_the_next_request(client_in, user):
    import io
    import json

    from diary.backup.selectors import backup_document

    _auto(user, starts=_days_ago(user, 5))
    document = backup_document(user=user)
    other = make_user()
    client_in.force_login(other)
    client_in.get(reverse("routines:index"))  # today is filled in for this session
    upload = io.BytesIO(json.dumps(document).encode())
    upload.name = "backup.json"
    assert client_in.post(reverse("backup:restore"), {"file": upload}).status_code == 302
    assert _dose_days(other) == [_days_ago(user, 5)]  # as in the file
    client_in.get(reverse("routines:index"))
    assert _dose_days(other) == [_days_ago(user, days) for days in range(5, -1, -1)]


def test_the_csv_export_names_the_recipe_with_the_amount_as_logged(client_in, user):
    from tests.integration.test_exports import download

    recipe = services.recipe_save(
        user=user,
        name="Green soup",
        servings=Decimal(4),
        cooked_grams=Decimal(800),
        ingredients=[_ing(_spinach(), 200)],
    )
    serving = recipe.food.portions.get()
    day_services.entry_add(
        user=user,
        day=DAY,
        food=Food.objects.prefetch_related("values").get(pk=recipe.food_id),
        meal="lunch",
        quantity=Decimal(1),
        portion=serving,
        grams=serving.grams,
    )
    rows = download(client_in, DAY.isoformat(), DAY.isoformat())
    assert rows[1][:6] == ["2026-11-23", "Lunch", "Green soup", "1", "serving", "200"]


def test_a_recipe_is_edited_through_its_page_and_a_line_matched_by_hand(client_in, user):
    spinach, butter = _spinach(), _butter()
    recipe = services.recipe_save(
        user=user,
        name="Soup",
        servings=Decimal(2),
        cooked_grams=None,
        ingredients=[_ing(spinach, 100)],
    )
    url = reverse("routines:recipe-edit", kwargs={"pk": recipe.pk})
    page = client_in.get(url).content.decode()
    assert 'value="100"' in page and f'<option value="{spinach.pk}" selected>' in page
    # A line no food matches says so; new words find one, picked before saving.
    data = {"name": "Soup", "servings": "2", "rows": "1", "i0-line": "Spinach, raw",
            "i0-amount": "100", "i0-unit": "g", "i0-food_id": str(spinach.pk),
            "paste": "1 tbsp beurre", "action": "check"}  # fmt: skip
    page = client_in.post(url, data).content.decode()
    assert "No food matched" in page
    data.update({"rows": "2", "paste": "", "i1-line": "butter", "i1-amount": "1", "i1-unit": "tbsp",
                 "i1-food_id": ""})  # fmt: skip
    page = client_in.post(url, data).content.decode()
    assert f'<option value="{butter.pk}"' in page
    data.update({"i1-food_id": str(butter.pk), "action": "save"})
    response = client_in.post(url, data)
    assert response.status_code == 302
    recipe.refresh_from_db()
    assert [(i.food, i.grams) for i in recipe.ingredients.all()] == [
        (spinach, Decimal(100)),
        (butter, Decimal("14.2")),
    ]


def test_deleting_an_own_food_used_in_a_recipe_says_which_recipe(client_in, user):
    own = make_food("My pesto", values={"k1": "100"}, owner=user)
    services.recipe_save(
        user=user, name="Pasta", servings=Decimal(2), cooked_grams=None, ingredients=[_ing(own, 50)]
    )
    response = client_in.post(reverse("myfoods:delete", kwargs={"pk": own.pk}), follow=True)
    assert "your recipe(s) Pasta use it" in response.content.decode()
    assert Food.objects.filter(pk=own.pk).exists()


def test_one_person_never_reads_or_changes_anothers_routines(client_in, user):
    other = make_user()
    make_entry(other, make_kale(), day=DAY)
    theirs = services.saved_meal_create(user=other, name="Theirs", day=DAY, meal="breakfast")
    schedule = _schedule(other)
    recipe = services.recipe_save(
        user=other, name="Their soup", servings=Decimal(1), cooked_grams=None,
        ingredients=[_ing(_spinach(), 100)],
    )  # fmt: skip
    day = DAY.isoformat()
    assert (
        client_in.post(
            reverse("routines:dose", kwargs={"day": day, "pk": schedule.pk}), {"action": "take"}
        ).status_code
        == 404
    )
    assert (
        client_in.get(reverse("routines:schedule-edit", kwargs={"pk": schedule.pk})).status_code
        == 404
    )
    assert (
        client_in.get(reverse("routines:recipe-edit", kwargs={"pk": recipe.pk})).status_code == 404
    )
    assert (
        client_in.post(reverse("routines:recipe-delete", kwargs={"pk": recipe.pk})).status_code
        == 404
    )
    client_in.post(reverse("routines:saved-meal-delete", kwargs={"pk": theirs.pk}))
    assert SavedMeal.objects.filter(pk=theirs.pk).exists()
    assert not ScheduledDose.objects.exists() and Recipe.objects.filter(pk=recipe.pk).exists()
    # Their foods are not offered for a schedule either.
    mine = client_in.get(reverse("routines:schedule-new")).content.decode()
    assert schedule.food.name in mine  # the shared catalogue's supplement
    own = make_supplement(owner=other, name="Their own pill")
    assert own.name not in client_in.get(reverse("routines:schedule-new")).content.decode()


def test_in_the_steady_mode_the_schedule_page_shows_the_evidence(client_in, user):
    from tests.factories import make_vka_profile

    make_vka_profile(user)
    schedule = _schedule(user)
    page = client_in.get(reverse("routines:schedule-edit", kwargs={"pk": schedule.pk}))
    assert "dated event on your timeline" in page.content.decode()
