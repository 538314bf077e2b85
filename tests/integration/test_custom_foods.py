"""A user's own foods and supplements: private, validated, saved whole or not at all."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models.deletion import RestrictedError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.models import Entry
from diary.myfoods.forms import BasePortionFormSet
from foods.models import Food, Method, NutrientValue, Portion, Source, VitaminKValue
from tests.factories import day_begun, make_entry, make_food, make_group, make_user

pytestmark = pytest.mark.django_db


NUMBERISH = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["NaN", "-NaN", "sNaN", "Infinity", "-inf", "1e309", "1e-309", "0x10", "٣"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)


def food_data(name="Grandma's sauerkraut", values=None, portions=(), group="", **extra):
    """POST data for the food form. values: {form: "text"}; portions: [(description, grams)]."""
    data = {"name": name, "group": group, **extra}
    for form in ("k1", "dk1", "mk4", "mk5", "mk6", "mk7", "mk8", "mk9", "mk10", "k2"):
        data[f"value-{form}"] = (values or {}).get(form, "")
    data.update(portion_data(portions))
    return data


def portion_data(portions, existing=()):
    """Management form plus rows; existing: [(portion, description, grams, delete)]."""
    rows = [(p.pk, d, g, delete) for p, d, g, delete in existing]
    rows += [("", d, g, False) for d, g in portions]
    total = max(len(rows), 3)
    data = {
        "portions-TOTAL_FORMS": str(total),
        "portions-INITIAL_FORMS": str(len(existing)),
        "portions-MIN_NUM_FORMS": "0",
        "portions-MAX_NUM_FORMS": "1000",
    }
    for i in range(total):
        pk, description, grams, delete = rows[i] if i < len(rows) else ("", "", "", False)
        data[f"portions-{i}-id"] = pk
        data[f"portions-{i}-description"] = description
        data[f"portions-{i}-grams"] = grams
        if delete:
            data[f"portions-{i}-DELETE"] = "on"
    return data


def supplement_data(name="MK-7 100", dose_unit="softgel", values=None):
    data = {"name": name, "dose_unit": dose_unit}
    for form in ("k1", "dk1", "mk4", "mk5", "mk6", "mk7", "mk8", "mk9", "mk10", "k2"):
        data[f"value-{form}"] = (values or {}).get(form, "")
    return data


def make_custom_food(owner, name="My kale chips", values=None, **fields):
    source, _ = Source.objects.get_or_create(
        key="user-entered", defaults={"name": "Your own entry", "citation": "user"}
    )
    food = Food.objects.create(name=name, owner=owner, **fields)
    for form, amount in (values or {"k1": "300"}).items():
        VitaminKValue.objects.create(
            food=food, form=form, amount_ug=Decimal(amount), source=source, method=Method.USER
        )
    return food


def values_of(food):
    return {v.form: v.amount_ug for v in food.values.all()}


@pytest.fixture
def user(client):
    user = make_user("alice")
    client.force_login(user)
    return user


# --- Create -----------------------------------------------------------------------------------


def test_new_food_form_is_labelled(client, user):
    response = client.get(reverse("myfoods:new-food"))
    assert response.status_code == 200
    page = response.content.decode()
    for field in ("name", "group", "value-k1", "value-mk7", "value-k2", "portions-0-grams"):
        assert f'for="id_{field}"' in page
    assert "blank field means" in page
    assert "Nothing was saved" not in page


def test_create_food_with_values_and_portions(client, user):
    group = make_group()
    response = client.post(
        reverse("myfoods:new-food"),
        food_data(
            group=group.pk,
            values={"k1": "12.5", "mk7": "40", "mk4": ""},
            portions=[("slice", "30"), ("cup", "142.5")],
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("myfoods:list")
    food = Food.objects.get(name="Grandma's sauerkraut")
    assert food.owner == user
    assert food.group == group
    assert food.dose_unit == ""
    # Blank is no data: no row, never a 0.
    assert values_of(food) == {"k1": Decimal("12.5"), "mk7": Decimal("40")}
    for value in food.values.all():
        assert value.source.key == "user-entered"
        assert value.source.name == "Your own entry"
        assert value.method == Method.USER
    assert [(p.seq, p.description, p.grams) for p in food.portions.all()] == [
        (1, "slice", Decimal("30")),
        (2, "cup", Decimal("142.5")),
    ]
    assert Source.objects.filter(key="user-entered").count() == 1

    page = client.get(response.url).content.decode()
    assert "“Grandma&#x27;s sauerkraut” is added." in page
    assert "K1 (phylloquinone): 12.5 µg" in page
    assert "MK-7: 40 µg" in page
    assert "1 slice (30 g)" in page


def test_a_typed_zero_is_stored_and_no_values_is_fine(client, user):
    client.post(reverse("myfoods:new-food"), food_data(name="Zero", values={"mk7": "0"}))
    assert values_of(Food.objects.get(name="Zero")) == {"mk7": Decimal(0)}
    client.post(reverse("myfoods:new-food"), food_data(name="Nothing known"))
    food = Food.objects.get(name="Nothing known")
    assert values_of(food) == {}
    page = client.get(reverse("myfoods:list")).content.decode()
    assert '<span class="no-data">no data</span>' in page


def test_create_supplement_per_dose_unit(client, user):
    response = client.get(reverse("myfoods:new-supplement"))
    assert response.status_code == 200
    assert "portions-TOTAL_FORMS" not in response.content.decode()
    response = client.post(
        reverse("myfoods:new-supplement"),
        supplement_data(values={"mk7": "6000", "k1": "90"}),  # above a food's 5,000 ceiling
    )
    assert response.status_code == 302
    food = Food.objects.get(name="MK-7 100")
    assert (food.owner, food.dose_unit, food.is_supplement) == (user, "softgel", True)
    assert values_of(food) == {"mk7": Decimal(6000), "k1": Decimal(90)}
    page = client.get(reverse("myfoods:list")).content.decode()
    assert "MK-7: 6000 µg" in page
    assert "softgel" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (food_data(name=""), "name", "required"),
        (food_data(values={"k1": "-1"}), "k1", "cannot be negative"),
        (food_data(values={"mk7": "5001"}), "mk7", "plausibility ceiling of 5,000"),
        (food_data(values={"mk7": "NaN"}), "mk7", "Enter a number"),
        (food_data(values={"mk7": "Infinity"}), "mk7", "Enter a number"),
        (food_data(values={"mk7": "1e309"}), "mk7", "digits"),
        (food_data(values={"mk7": "1.2345"}), "mk7", "decimal places"),
        (food_data(values={"k1": "ten"}), "k1", "Enter a number"),
        (food_data(values={"k1": "10"}, group="999999"), "group", "valid choice"),
    ],
)
def test_bad_food_input_saves_nothing(client, user, data, field, message):
    response = client.post(reverse("myfoods:new-food"), data)
    assert response.status_code == 200
    forms = (response.context["food_form"], response.context["values_form"])
    errors = {name: errs for form in forms for name, errs in form.errors.items()}
    assert message in " ".join(errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert not Food.objects.filter(owner=user).exists()
    assert not VitaminKValue.objects.filter(food__owner=user).exists()


@pytest.mark.parametrize(
    ("portions", "message"),
    [
        ([("slice", "0")], "more than 0 g"),
        ([("slice", "-3")], "more than 0 g"),
        ([("slice", "NaN")], "Enter a number"),
        ([("", "30")], "required"),
    ],
)
def test_bad_portion_saves_nothing(client, user, portions, message):
    response = client.post(
        reverse("myfoods:new-food"), food_data(values={"k1": "10"}, portions=portions)
    )
    assert response.status_code == 200
    assert message in str(response.context["portions"].errors)
    assert not Food.objects.filter(owner=user).exists()
    assert not VitaminKValue.objects.filter(food__owner=user).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (supplement_data(dose_unit="bucket"), "valid choice"),
        (supplement_data(values={"mk7": "50001"}), "50,000"),
    ],
)
def test_bad_supplement_input_saves_nothing(client, user, data, message):
    response = client.post(reverse("myfoods:new-supplement"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Food.objects.filter(owner=user).exists()


def test_a_failure_while_saving_leaves_nothing_half_saved(client, user, monkeypatch):
    def explode(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(BasePortionFormSet, "save_in_order", explode)
    with pytest.raises(RuntimeError):
        client.post(
            reverse("myfoods:new-food"),
            food_data(values={"k1": "10"}, portions=[("slice", "30")]),
        )
    assert not Food.objects.filter(owner=user).exists()
    assert not VitaminKValue.objects.filter(food__owner=user).exists()


# --- Edit -------------------------------------------------------------------------------------


def test_edit_changes_values_and_portions(client, user):
    food = make_custom_food(user, values={"k1": "300", "mk4": "5"})
    cup = Portion.objects.create(food=food, seq=1, description="cup", grams=Decimal(50))
    handful = Portion.objects.create(food=food, seq=2, description="handful", grams=Decimal(20))

    page = client.get(reverse("myfoods:edit", args=[food.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="My kale chips"' in html
    assert 'name="value-k1" value="300.000"' in html

    data = food_data(name="Kale chips", values={"k1": "250", "mk7": "3"})  # MK-4 blanked
    data.update(
        portion_data(
            [("bag", "80")],
            existing=[(cup, "cup", "55", False), (handful, "handful", "20", True)],
        )
    )
    response = client.post(reverse("myfoods:edit", args=[food.pk]), data)
    assert response.status_code == 302
    food.refresh_from_db()
    assert food.name == "Kale chips"
    assert values_of(food) == {"k1": Decimal(250), "mk7": Decimal(3)}
    assert [(p.seq, p.description, p.grams) for p in food.portions.all()] == [
        (1, "cup", Decimal(55)),
        (2, "bag", Decimal(80)),
    ]


def test_a_portion_used_in_the_diary_cannot_be_removed(client, user):
    food = make_custom_food(user)
    cup = Portion.objects.create(food=food, seq=1, description="cup", grams=Decimal(50))
    make_entry(user, food, grams=50, portion=cup)
    data = food_data(name=food.name, values={"k1": "300"})
    data.update(portion_data([], existing=[(cup, "cup", "50", True)]))
    response = client.post(reverse("myfoods:edit", args=[food.pk]), data)
    assert response.status_code == 200
    assert "Your diary uses cup" in response.content.decode()
    assert food.portions.count() == 1


def test_edit_supplement_keeps_it_a_supplement(client, user):
    food = make_custom_food(user, name="K2 drops", values={"mk7": "10"}, dose_unit="drop")
    response = client.post(
        reverse("myfoods:edit", args=[food.pk]),
        supplement_data(name="K2 drops", dose_unit="drop", values={"mk7": "12.5"}),
    )
    assert response.status_code == 302
    food.refresh_from_db()
    assert food.dose_unit == "drop"
    assert values_of(food) == {"mk7": Decimal("12.5")}


def test_the_catalogue_is_not_editable_here(client, user):
    shared = make_food("Catalogue kale", values={"k1": "390"})
    assert client.get(reverse("myfoods:edit", args=[shared.pk])).status_code == 404
    assert client.post(reverse("myfoods:delete", args=[shared.pk])).status_code == 404
    assert Food.objects.filter(pk=shared.pk).exists()


# --- Ownership --------------------------------------------------------------------------------


def test_another_users_food_is_invisible_and_untouchable(client, user):
    other = make_user("bob")
    theirs = make_custom_food(other, name="Bob's secret natto", values={"mk7": "900"})

    assert client.get(reverse("myfoods:edit", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("myfoods:edit", args=[theirs.pk]), food_data(name="Hijacked", values={"k1": "1"})
    )
    assert response.status_code == 404
    assert client.get(reverse("myfoods:delete", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("myfoods:delete", args=[theirs.pk])).status_code == 404
    assert client.get(theirs.get_absolute_url()).status_code == 404

    theirs.refresh_from_db()
    assert theirs.name == "Bob's secret natto"
    assert values_of(theirs) == {"mk7": Decimal(900)}
    assert "Bob&#x27;s secret natto" not in client.get(reverse("myfoods:list")).content.decode()
    assert not Food.objects.visible_to(user).filter(pk=theirs.pk).exists()
    assert Food.objects.visible_to(other).filter(pk=theirs.pk).exists()


def test_a_new_food_belongs_to_its_creator_only(client, user):
    other = make_user("bob")
    client.post(reverse("myfoods:new-food"), food_data(name="Alice's pesto", owner=other.pk))
    food = Food.objects.get(name="Alice's pesto")
    assert food.owner == user
    assert not Food.objects.visible_to(other).filter(pk=food.pk).exists()

    bobs_browser = Client()
    bobs_browser.force_login(other)
    assert "Alice" not in bobs_browser.get(reverse("myfoods:list")).content.decode()
    assert bobs_browser.get(reverse("myfoods:edit", args=[food.pk])).status_code == 404


# --- Delete -----------------------------------------------------------------------------------


def test_delete_an_unused_food(client, user):
    food = make_custom_food(user)
    confirm = client.get(reverse("myfoods:delete", args=[food.pk]))
    assert confirm.status_code == 200
    assert "Delete “My kale chips”" in confirm.content.decode()
    response = client.post(reverse("myfoods:delete", args=[food.pk]))
    assert response.status_code == 302
    assert response.url == reverse("myfoods:list")
    assert not Food.objects.filter(pk=food.pk).exists()
    assert not VitaminKValue.objects.filter(food_id=food.pk).exists()
    assert "is deleted" in client.get(response.url).content.decode()


def test_delete_refused_while_the_diary_uses_it(client, user):
    food = make_custom_food(user)
    make_entry(user, food, grams=40)

    confirm = client.get(reverse("myfoods:delete", args=[food.pk]))
    assert "cannot be deleted: 1 diary entry use it" in confirm.content.decode()
    assert "<button" not in confirm.content.decode().split("<main")[1]

    response = client.post(reverse("myfoods:delete", args=[food.pk]), follow=True)
    assert response.status_code == 200
    assert "cannot be deleted: 1 diary entry use it" in response.content.decode()
    assert Food.objects.filter(pk=food.pk).exists()
    assert Entry.objects.filter(food=food).count() == 1


def test_delete_is_post_only_in_effect(client, user):
    food = make_custom_food(user)
    client.get(reverse("myfoods:delete", args=[food.pk]))
    assert Food.objects.filter(pk=food.pk).exists()
    assert client.put(reverse("myfoods:delete", args=[food.pk])).status_code == 405


# --- List -------------------------------------------------------------------------------------


def test_list_queries_stay_constant_as_foods_grow(client, user, django_assert_num_queries):
    def add(n):
        for i in range(n):
            food = make_custom_food(user, name=f"Food {i}", values={"k1": "1", "mk7": "2"})
            Portion.objects.create(food=food, description="cup", grams=Decimal(10))
            make_entry(user, food, grams=10)
        make_custom_food(user, name=f"Supplement {n}", dose_unit="capsule")

    add(1)
    day_begun(client)  # the day's first request also fills in automatic doses
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("myfoods:list"))
    add(5)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("myfoods:list"))
    assert response.content.decode().count("In your diary 1 time") == 6


def test_empty_list(client, user):
    page = client.get(reverse("myfoods:list")).content.decode()
    assert "You have not added a food yet." in page
    assert "You have not added a supplement yet." in page


# --- Deleting a user --------------------------------------------------------------------------


def test_deleting_a_user_takes_their_entries_and_own_foods_with_them():
    alice, bob = make_user("alice"), make_user("bob")
    shared = make_food("Catalogue kale", values={"k1": "390"})
    own = make_custom_food(alice, name="Alice's kale")
    own_portion = Portion.objects.create(food=own, description="bowl", grams=Decimal(80))
    make_entry(alice, own, grams=80, portion=own_portion)
    make_entry(alice, shared, grams=20)
    bob_food = make_custom_food(bob, name="Bob's kale")
    bob_entries = [make_entry(bob, shared, grams=30), make_entry(bob, bob_food, grams=10)]

    # RESTRICT alone would refuse: the entries are deleted in the same cascade.
    with pytest.raises(RestrictedError):
        own.delete()
    alice.delete()

    assert not Food.objects.filter(pk=own.pk).exists()
    assert not Entry.objects.filter(user_id=alice.pk).exists()
    assert not Portion.objects.filter(food_id=own.pk).exists()
    assert Food.objects.filter(pk=shared.pk).exists()
    assert sorted(Entry.objects.filter(user=bob).values_list("pk", flat=True)) == sorted(
        e.pk for e in bob_entries
    )
    assert Food.objects.filter(pk=bob_food.pk, owner=bob).exists()


@given(amount=NUMBERISH, grams=NUMBERISH)
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_odd_amounts_get_a_message_or_a_plausible_value(client, user, amount, grams):
    Food.objects.filter(owner=user).delete()
    response = client.post(
        reverse("myfoods:new-food"),
        food_data(name="Fuzz", values={"mk7": amount}, portions=[("slice", grams)]),
    )
    food = Food.objects.filter(owner=user).first()
    if response.status_code == 302:
        value = food.values.get(form="mk7").amount_ug if food.values.exists() else None
        assert value is None or Decimal(0) <= value <= Decimal(5000)
        assert Decimal(0) < food.portions.get().grams
    elif response.status_code == 400:  # a NUL character is refused before the form
        assert "\x00" in amount + grams
        assert food is None
    else:
        assert response.status_code == 200
        assert food is None


def test_a_portion_typed_with_its_count_is_not_counted_twice(client, user):
    """'1 slice' typed as the measure read '1 1 slice' in the diary's unit list."""
    food = make_food("My bread", owner=user, values={"k1": 2}, portions=[("1 slice", 30)])
    plain = make_food("Other bread", owner=user, values={"k1": 2}, portions=[("slice", 30)])
    assert food.portions.get().label == "1 slice"
    assert plain.portions.get().label == "1 slice"
    html = client.get("/diary/units/", {"food": food.pk}).content.decode()
    assert "1 slice (30 g)" in html and "1 1 slice" not in html


def test_own_supplement_carries_vitamin_d_in_iu_and_calcium(client_in, user):
    data = supplement_data("D3 1000 IU + K2", values={"mk7": "100"})
    data.update({"bone-calcium": "", "bone-vitamin_d": "1000", "bone-vitamin_d_unit": "iu"})
    response = client_in.post("/my-foods/new-supplement/", data)
    assert response.status_code == 302
    food = Food.objects.get(owner=user)
    assert {v.nutrient: v.amount for v in food.nutrients.all()} == {"vit_d": Decimal(25)}
    assert {v.form: v.amount_ug for v in food.values.all()} == {"mk7": Decimal(100)}
    edit = client_in.get(f"/my-foods/{food.pk}/").content.decode()
    assert 'name="bone-vitamin_d" value="25"' in edit  # shown in the person's unit (µg)


def test_renaming_an_own_supplement_keeps_its_vitamin_d_rows_as_they_are(client_in, user):
    capsule = make_custom_food(user, name="D3 + K2", values={"mk7": "100"}, dose_unit="softgel")
    source = Source.objects.get(key="user-entered")
    NutrientValue.objects.create(  # a D3 row, as a restore brings back
        food=capsule, nutrient="d3", amount=Decimal(25), source=source, method=Method.USER
    )
    entry = make_entry(user, capsule, grams=1, logged_nutrients={"d3": "25.000"})
    edit = client_in.get(f"/my-foods/{capsule.pk}/").content.decode()
    assert 'name="bone-vitamin_d" value="25"' in edit
    data = supplement_data("D3 + K2 (evening)", dose_unit="softgel", values={"mk7": "100"})
    data.update({"bone-calcium": "", "bone-vitamin_d": "25", "bone-vitamin_d_unit": "ug"})
    assert client_in.post(f"/my-foods/{capsule.pk}/", data).status_code == 302
    assert {v.nutrient: v.amount for v in capsule.nutrients.all()} == {"d3": Decimal(25)}
    assert not Entry.objects.with_food_values().get(pk=entry.pk).values_revised
    # Typing another amount replaces the split by the total typed.
    data["bone-vitamin_d"] = "30"
    assert client_in.post(f"/my-foods/{capsule.pk}/", data).status_code == 302
    assert {v.nutrient: v.amount for v in capsule.nutrients.all()} == {"vit_d": Decimal(30)}


def test_own_food_calcium_out_of_range_is_a_field_error_and_nothing_is_saved(client_in, user):
    data = food_data("Sesame paste")
    data.update({"bone-calcium": "20000", "bone-vitamin_d": "-1"})
    response = client_in.post("/my-foods/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Above the plausibility ceiling of 10,000 mg." in html
    assert "Ensure this value is greater than or equal to 0." in html
    assert not Food.objects.filter(owner=user).exists()
