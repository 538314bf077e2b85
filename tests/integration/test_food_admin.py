"""The catalogue admin through the real admin: edits with a reason, history, revert, retire."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from foods.models import Food, NutrientValue, Portion, VitaminKValue
from tests.factories import make_entry, make_food, make_natto, make_source, make_user

CHANGELIST = reverse("admin:foods_food_changelist")

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-editor-1")
    client.force_login(user)
    return user


def change_url(food):
    return reverse("admin:foods_food_change", args=[food.pk])


def fields_of(form):
    """What a browser would submit for this form as rendered (unticked boxes are left out)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[form.add_prefix(name)] = "on"
        elif value is not False:
            data[form.add_prefix(name)] = "" if value is None else value
    return data


def form_data(response):
    """The POST data the change page would send back unchanged (main form and inlines)."""
    data = fields_of(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            value = management[name].value()
            data[management.add_prefix(name)] = "" if value is None else str(value)
        for form in formset.forms:
            data.update(fields_of(form))
    return data


def value_prefix(response, form_code):
    formset = next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "values"
    )
    for form in formset.forms:
        if form.instance.form == form_code:
            return form.prefix
    raise AssertionError(form_code)


def add_value_row(data, food, form, amount):
    """Add a new row to the values inline of the change page's POST data, as "Add another"."""
    total = int(data["values-TOTAL_FORMS"])
    data["values-TOTAL_FORMS"] = str(total + 1)
    new = f"values-{total}"
    data.update(
        {
            f"{new}-food": food.pk,
            f"{new}-form": form,
            f"{new}-amount_ug": amount,
            f"{new}-source": make_source().pk,
            f"{new}-method": "analytical",
        }
    )


def post_change(client, food, reason="Checked against Kamao 2007", **changes):
    page = client.get(change_url(food))
    data = form_data(page)
    for key, value in changes.items():
        if key.startswith(("k1", "mk7", "mk4", "k2")):
            form_code, field = key.split("__")
            data[f"{value_prefix(page, form_code)}-{field}"] = value
        else:
            data[key] = value
    if reason is not None:
        data["change_reason"] = reason
    else:
        data.pop("change_reason", None)
    return client.post(change_url(food), data)


# --- access -----------------------------------------------------------------------------------


def test_non_staff_and_anonymous_are_sent_to_login(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(make_user())
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_logs_in_through_the_admin_login(client):
    get_user_model().objects.create_superuser("boss", "b@example.org", "pw-boss-123")
    response = client.post(
        reverse("admin:login") + f"?next={CHANGELIST}",
        {"username": "boss", "password": "pw-boss-123", "next": CHANGELIST},
    )
    assert response.status_code == 302 and response["Location"] == CHANGELIST
    assert client.get(CHANGELIST).status_code == 200


# --- list -------------------------------------------------------------------------------------


def test_changelist_shows_k1_and_k2_columns_and_no_data(client, staff):
    make_natto()
    make_food("Lettuce", values={"k1": "126.3"})
    html = client.get(CHANGELIST).content.decode()
    assert "939 µg" in html and "23.1 µg" in html and "126.3 µg" in html
    assert "no data" in html


def test_changelist_query_count_is_constant(client, staff, django_assert_num_queries):
    make_food("Kale 0", values={"k1": 1, "mk4": 2}, portions=[("cup", 10)])
    client.get(CHANGELIST)
    with django_assert_num_queries(7) as one:
        client.get(CHANGELIST)
    for i in range(1, 30):
        make_food(f"Kale {i}", values={"k1": i, "mk4": 2}, portions=[("cup", 10)])
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(CHANGELIST)
    assert response.context["cl"].result_count == 30


def test_changelist_search_by_name_and_ndb_number_and_filters(client, staff):
    make_natto()
    make_food("Spinach, raw", values={"k1": 483}, ndb_no="11457")
    make_food("Old kale", retired=True)

    def names(params):
        return [food.name for food in client.get(CHANGELIST, params).context["cl"].result_list]

    assert names({"q": "11457"}) == ["Spinach, raw"]
    assert names({"q": "natto"}) == ["Natto"]
    assert names({"has_k2": "yes"}) == ["Natto"]
    assert names({"has_k2": "no"}) == ["Old kale", "Spinach, raw"]
    assert names({"retired__exact": "1"}) == ["Old kale"]
    kamao = make_source(key="kamao-2007")
    assert names({"values__source__id__exact": kamao.pk}) == ["Natto"]


# --- editing with a reason, and validation ----------------------------------------------------


def test_change_form_has_the_inlines_and_a_reason_field(client, staff):
    natto = make_natto()
    html = client.get(change_url(natto)).content.decode()
    assert "Reason for this change" in html
    assert "Vitamin K values" in html and "Household portions" in html


def test_change_without_a_reason_is_refused(client, staff):
    natto = make_natto()
    response = post_change(client, natto, reason=None, mk7__amount_ug="900")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["change_reason"] == ["This field is required."]
    assert VitaminKValue.objects.get(food=natto, form="mk7").amount_ug == Decimal("939")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "A vitamin K value cannot be negative."),
        ("6000", "Above the plausibility ceiling of 5,000 µg per 100 g for a food"),
        ("60000", "Above the plausibility ceiling of 50,000 µg."),
    ],
)
def test_implausible_values_are_refused_with_a_message(client, staff, amount, message):
    natto = make_natto()
    response = post_change(client, natto, mk7__amount_ug=amount)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert VitaminKValue.objects.get(food=natto, form="mk7").amount_ug == Decimal("939")


def test_a_supplement_may_exceed_the_food_ceiling(client, staff):
    pill = make_food("MK-4 15 mg capsule", values={"mk4": 15000}, dose_unit="capsule")
    response = post_change(client, pill, mk4__amount_ug="15000.5")
    assert response.status_code == 302, response.context["errors"]
    assert VitaminKValue.objects.get(food=pill).amount_ug == Decimal("15000.5")


def test_a_second_value_for_the_same_form_is_refused(client, staff):
    natto = make_natto()
    page = client.get(change_url(natto))
    data = form_data(page)
    data["change_reason"] = "Add a second MK-7 value"
    add_value_row(data, natto, "mk7", "800")
    response = client.post(change_url(natto), data)
    assert response.status_code == 200
    assert "There are two values for MK-7: a food has one value per form." in (
        response.content.decode()
    )
    assert VitaminKValue.objects.filter(food=natto).count() == 2


# --- history ----------------------------------------------------------------------------------


def test_value_change_is_recorded_with_user_reason_and_old_and_new_value(client, staff):
    natto = make_natto()
    response = post_change(
        client, natto, reason="Typo: Kamao 2007 says 939, not 993", mk7__amount_ug="993"
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    value = VitaminKValue.objects.get(food=natto, form="mk7")
    assert value.amount_ug == Decimal("993")
    newest = value.history.first()
    assert newest.history_user == staff
    assert newest.history_change_reason == "Typo: Kamao 2007 says 939, not 993"
    assert natto.history.first().history_change_reason == "Typo: Kamao 2007 says 939, not 993"

    history = client.get(reverse("admin:foods_food_history", args=[natto.pk]))
    rows = [row for row in history.context["value_changes"] if row["kind"] == "changed"]
    assert rows[0]["label"] == "MK-7"
    assert (rows[0]["old"], rows[0]["new"]) == (Decimal("939"), Decimal("993"))
    html = history.content.decode()
    assert "Typo: Kamao 2007 says 939, not 993" in html
    assert "939 → 993" in html
    assert "editor" in html
    # The list shows the figures the site ranks by, stored when the value changed: at once.
    changelist = client.get(CHANGELIST).content.decode()
    assert "993 µg" in changelist and "939 µg" not in changelist


def test_portion_changes_and_deletions_are_recorded_with_the_reason(client, staff):
    natto = make_natto()
    page = client.get(change_url(natto))
    data = form_data(page)
    data["change_reason"] = "SR28 WEIGHT.txt: 1 cup is 175 g"
    data["portions-0-grams"] = "170"
    k1 = value_prefix(page, "k1")
    data[f"{k1}-DELETE"] = "on"
    assert client.post(change_url(natto), data).status_code == 302
    assert Portion.objects.get(food=natto).grams == Decimal("170")
    assert not VitaminKValue.objects.filter(food=natto, form="k1").exists()
    deleted = VitaminKValue.history.filter(food_id=natto.pk, history_type="-").get()
    assert deleted.history_change_reason == "SR28 WEIGHT.txt: 1 cup is 175 g"
    history = client.get(reverse("admin:foods_food_history", args=[natto.pk]))
    portion_row = history.context["portion_changes"][0]
    assert (portion_row["old"], portion_row["new"]) == (Decimal("175"), Decimal("170"))
    value_row = history.context["value_changes"][0]
    assert (value_row["kind"], value_row["old"], value_row["new"]) == (
        "deleted",
        Decimal("23.1"),
        None,
    )


def test_a_value_change_can_be_reverted_from_the_history(client, staff):
    natto = make_natto()
    post_change(client, natto, reason="Wrong edit", mk7__amount_ug="993")
    value = VitaminKValue.objects.get(food=natto, form="mk7")
    original = value.history.earliest("history_date")
    revert_url = reverse("admin:foods_vitaminkvalue_simple_history", args=[value.pk, original.pk])
    assert (
        revert_url
        in client.get(reverse("admin:foods_food_history", args=[natto.pk])).content.decode()
    )
    page = client.get(revert_url)
    assert page.status_code == 200
    data = form_data(page)
    data["change_reason"] = "Revert the wrong edit"
    assert client.post(revert_url, data).status_code == 302
    value.refresh_from_db()
    assert value.amount_ug == Decimal("939")
    assert value.history.first().history_change_reason == "Revert the wrong edit"
    # The figures the site ranks by follow the revert at once (they kept 993: a revert saves
    # without save_related), and so does the admin list, which shows them.
    natto.refresh_from_db()
    assert natto.mk7_per_100g == Decimal("939")
    assert "939 µg" in client.get(CHANGELIST).content.decode()


def test_a_food_change_can_be_reverted(client, staff):
    natto = make_natto()
    post_change(client, natto, reason="Rename", name="Natto, fermented soybeans")
    first = natto.history.earliest("history_date")
    url = reverse("admin:foods_food_simple_history", args=[natto.pk, first.pk])
    data = form_data(client.get(url))
    data["change_reason"] = "Back to the SR28 name"
    assert client.post(url, data).status_code == 302
    natto.refresh_from_db()
    assert natto.name == "Natto"


# --- delete vs retire -------------------------------------------------------------------------


def test_deleting_a_food_used_in_the_diary_is_refused_and_retire_is_offered(client, staff):
    natto = make_natto()
    user = make_user()
    make_entry(user, natto)
    make_entry(user, natto, grams=50)
    delete_url = reverse("admin:foods_food_delete", args=[natto.pk])
    html = client.get(delete_url).content.decode()
    assert "cannot be deleted: it is used in 2 diary entries" in html
    assert "Retire this food" in html
    response = client.post(delete_url, {"post": "yes"})
    assert response.status_code == 200
    assert Food.objects.filter(pk=natto.pk).exists()

    response = client.post(reverse("admin:foods_food_retire", args=[natto.pk]))
    assert response.status_code == 302
    natto.refresh_from_db()
    assert natto.retired
    assert natto.history.first().history_change_reason.startswith("Retired instead of deleted")
    # Hidden from search, still there for the diary.
    assert client.get(reverse("foods:list"), {"q": "natto"}).context["rows"] == []
    assert client.get(natto.get_absolute_url()).status_code == 200


def test_retire_needs_post(client, staff):
    natto = make_natto()
    assert client.get(reverse("admin:foods_food_retire", args=[natto.pk])).status_code == 405
    natto.refresh_from_db()
    assert not natto.retired


def test_bulk_delete_explains_which_foods_are_used(client, staff):
    natto = make_natto()
    spare = make_food("Spare")
    make_entry(make_user(), natto)
    response = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [natto.pk, spare.pk]}
    )
    html = response.content.decode()
    assert "Natto: used in 1 diary entry. Retire it instead." in html
    client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [natto.pk, spare.pk], "post": "yes"},
    )
    assert Food.objects.filter(pk__in=[natto.pk, spare.pk]).count() == 2


def test_retire_action(client, staff):
    natto = make_natto()
    make_entry(make_user(), natto)
    response = client.post(
        CHANGELIST, {"action": "retire_selected", "_selected_action": [natto.pk]}, follow=True
    )
    assert "Retired 1 food" in response.content.decode()
    natto.refresh_from_db()
    assert natto.retired


def test_an_unused_food_can_be_deleted(client, staff):
    food = make_food("Unused", values={"k1": 1})
    response = client.post(reverse("admin:foods_food_delete", args=[food.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Food.objects.filter(pk=food.pk).exists()


def test_food_group_and_source_admins(client, staff):
    make_natto()
    assert (
        "Legumes and Legume Products"
        in client.get(reverse("admin:foods_foodgroup_changelist")).content.decode()
    )
    html = client.get(reverse("admin:foods_source_changelist")).content.decode()
    assert "Kamao et al. 2007" in html and "USDA SR28" in html


def test_value_column_says_micrograms_not_mg(client, staff):
    # capfirst("µg") is "Μg" (capital mu), which an editor reads as milligrams.
    natto = make_natto()
    page = client.get(change_url(natto)).content.decode()
    assert "Amount (µg)" in page
    assert "Μg" not in page


def test_saving_unchanged_values_records_no_change_in_their_history(client, staff):
    """A browser sends a text box's line breaks as CRLF: a note kept with LF ("\\n\\n", as the
    literature import writes it) is not a change, and no "note" change enters the history."""
    natto = make_natto()
    VitaminKValue.objects.filter(food=natto).update(
        note="Fermented soybeans.\n\nSource table: Table 2"
    )
    before = VitaminKValue.history.filter(food_id=natto.pk).count()
    page = client.get(change_url(natto))
    data = form_data(page)
    data = {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in data.items()
    }
    data["change_reason"] = "Checked, nothing to correct"
    assert client.post(change_url(natto), data).status_code == 302
    assert VitaminKValue.history.filter(food_id=natto.pk).count() == before
    assert VitaminKValue.objects.filter(food=natto, note__contains="\r").count() == 0
    history = client.get(reverse("admin:foods_food_history", args=[natto.pk]))
    assert all(row["other"] == [] for row in history.context["value_changes"])


# --- calcium and vitamin D values ------------------------------------------------------------


def nutrient_food():
    food = make_food("Milk, test", values={"k1": "0.3"})
    NutrientValue.objects.create(
        food=food, nutrient="ca", amount=Decimal("113"), source=make_source(), method="analytical"
    )
    return food


def nutrient_prefix(response, nutrient):
    formset = next(
        i.formset
        for i in response.context["inline_admin_formsets"]
        if i.formset.prefix == "nutrients"
    )
    for form in formset.forms:
        if form.instance.nutrient == nutrient:
            return form.prefix
    raise AssertionError(nutrient)


def add_nutrient_row(data, food, nutrient, amount):
    """Add a row to the calcium and vitamin D inline of the POST data, as "Add another"; its
    prefix."""
    total = int(data["nutrients-TOTAL_FORMS"])
    data["nutrients-TOTAL_FORMS"] = str(total + 1)
    row = f"nutrients-{total}"
    data.update(
        {
            f"{row}-food": food.pk,
            f"{row}-nutrient": nutrient,
            f"{row}-amount": amount,
            f"{row}-source": make_source().pk,
            f"{row}-method": "analytical",
        }
    )
    return row


def test_calcium_is_corrected_with_a_reason_and_the_history_shows_it(client, staff):
    milk = nutrient_food()
    page = client.get(change_url(milk))
    data = form_data(page)
    data[f"{nutrient_prefix(page, 'ca')}-amount"] = "120"
    data["change_reason"] = "SR28 Legacy gives 120 mg"
    response = client.post(change_url(milk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    value = NutrientValue.objects.get(food=milk, nutrient="ca")
    assert value.amount == Decimal("120")
    assert value.history.first().history_change_reason == "SR28 Legacy gives 120 mg"
    assert value.history.first().history_user == staff

    history = client.get(reverse("admin:foods_food_history", args=[milk.pk]))
    rows = [row for row in history.context["nutrient_changes"] if row["kind"] == "changed"]
    assert rows[0]["label"] == "Calcium (mg)"
    html = history.content.decode()
    assert "Calcium and vitamin D values: changes" in html
    assert "113 → 120" in html
    original = value.history.earliest("history_date")
    revert = reverse("admin:foods_nutrientvalue_simple_history", args=[value.pk, original.pk])
    assert revert in html
    # The public food page shows the corrected value at once (the catalogue version moved).
    assert "120 mg" in client.get(milk.get_absolute_url()).content.decode()


def test_a_vitamin_d_value_is_added_and_an_implausible_one_refused(client, staff):
    milk = nutrient_food()
    data = form_data(client.get(change_url(milk)))
    row = add_nutrient_row(data, milk, "vit_d", "2500")
    data["change_reason"] = "Fortified milk, label"
    refused = client.post(change_url(milk), data)
    assert refused.status_code == 200
    assert "plausibility ceiling of 2,000 µg" in refused.content.decode()
    assert not NutrientValue.objects.filter(food=milk, nutrient="vit_d").exists()

    data[f"{row}-amount"] = "1.2"
    assert client.post(change_url(milk), data).status_code == 302
    assert NutrientValue.objects.get(food=milk, nutrient="vit_d").amount == Decimal("1.2")


def test_a_second_calcium_value_and_a_borrowed_method_are_refused(client, staff):
    milk = nutrient_food()
    data = form_data(client.get(change_url(milk)))
    row = add_nutrient_row(data, milk, "ca", "90")
    data["change_reason"] = "Second value"
    response = client.post(change_url(milk), data)
    assert response.status_code == 200
    assert "two values for Calcium" in response.content.decode()
    data[f"{row}-nutrient"], data[f"{row}-method"] = "d3", "borrowed"
    response = client.post(change_url(milk), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert list(NutrientValue.objects.filter(food=milk).values_list("nutrient", "amount")) == [
        ("ca", Decimal("113"))
    ]


def test_the_database_holds_each_nutrient_to_its_own_ceiling():
    """A write that skips the model's checks (a bulk import, SQL) is refused by the database
    too: vitamin D above its 2,000 µg, though under calcium's 10,000 mg."""
    from django.db import IntegrityError, transaction

    milk = nutrient_food()
    with pytest.raises(IntegrityError), transaction.atomic():
        NutrientValue.objects.bulk_create(
            [NutrientValue(food=milk, nutrient="vit_d", amount=Decimal(2500),
                           source=make_source(), method="analytical")]
        )  # fmt: skip
    NutrientValue.objects.bulk_create(
        [NutrientValue(food=milk, nutrient="vit_d", amount=Decimal(2000),
                       source=make_source(), method="analytical")]
    )  # fmt: skip
    assert NutrientValue.objects.get(food=milk, nutrient="vit_d").amount == Decimal(2000)
