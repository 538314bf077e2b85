"""Finding 5: no way to take your data out whole or bring it back, and no account deletion.
A backup restored into a new account equals the original; restoring twice adds nothing."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from diary.backup.selectors import backup_document
from diary.backup.services import BackupError, account_delete, backup_restore
from diary.models import (
    DoseSchedule,
    Entry,
    Favourite,
    Profile,
    Recipe,
    SavedMeal,
    ScheduledDose,
)
from diary.myfoods.services import user_source_get_or_create
from diary.routines.models import MAX_SAVED_MEALS
from diary.routines.services import saved_meal_create
from foods.models import Food, NutrientValue, Portion, VitaminKValue
from tests.factories import make_entry, make_food, make_natto, make_user

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_account(alice):
    """Everything a person can own: profile, own food with values and portions, own
    supplement, entries of catalogue and own foods (grams, portion, units), favourites."""
    Profile.objects.filter(user=alice).update(
        life_stage="man",
        personal_target_ug=Decimal(150),
        time_zone="Europe/Paris",
        takes_vka=True,
        show_bone=False,
        vitamin_d_unit="iu",
    )
    natto = make_natto()
    kraut = make_food("Sauerkraut", values={"k1": 13, "mk7": 4.5}, portions=[("cup", 142)])
    kraut.owner = alice
    kraut.save()
    capsule = make_food("MK-7 100", values={"mk7": 100}, dose_unit="capsule", owner=alice)
    NutrientValue.objects.create(
        food=capsule,
        nutrient="vit_d",
        amount=Decimal(25),
        source=user_source_get_or_create(),
        method="user",
    )
    day = datetime.date(2026, 11, 20)
    make_entry(alice, natto, grams=50, day=day)
    cup = kraut.portions.get()
    Entry.objects.create(
        user=alice, day=day, meal="lunch", food=kraut, portion=cup, quantity=Decimal(2),
        grams=Decimal(284), logged_values={"k1": "13", "mk7": "4.5"},
    )  # fmt: skip
    Entry.objects.create(
        user=alice, day=day, meal="supplements", food=capsule, quantity=Decimal(1),
        logged_values={"mk7": "100"}, logged_nutrients={"vit_d": "25"},
    )  # fmt: skip
    make_entry(alice, natto, grams=50, day=day)  # the same twice on one day is two entries
    Favourite.objects.create(user=alice, food=natto)
    Favourite.objects.create(user=alice, food=kraut)
    return alice


def comparable(document):
    """A backup without what differs between two accounts by nature (names, ids, time)."""
    document = json.loads(json.dumps(document))
    keys = {food["key"]: food["name"] for food in document["custom_foods"]}
    for food in document["custom_foods"]:
        food["key"] = food["name"]
    for item in document["entries"] + document["favourites"]:
        if "custom" in item["food"]:
            item["food"] = {"custom": keys[item["food"]["custom"]]}
    del document["exported_at"], document["account"]
    return document


def test_a_backup_restored_into_a_new_account_equals_the_original(full_account):
    original = backup_document(user=full_account)
    bob = make_user("bob")
    result = backup_restore(user=bob, document=json.loads(json.dumps(original)))
    assert (result.entries_added, result.foods_added, result.favourites_added) == (4, 2, 2)
    assert comparable(backup_document(user=bob)) == comparable(original)
    # Past days read the same in both accounts.
    for user in (full_account, bob):
        totals = sorted(e.intake().total for e in Entry.objects.for_user(user))
        assert totals == sorted(e.intake().total for e in Entry.objects.for_user(full_account))


def test_restoring_into_the_same_account_adds_nothing_twice(full_account):
    document = json.loads(json.dumps(backup_document(user=full_account)))
    result = backup_restore(user=full_account, document=document)
    assert (result.entries_added, result.entries_already_there, result.foods_added) == (0, 4, 0)
    assert Entry.objects.for_user(full_account).count() == 4
    assert Food.objects.filter(owner=full_account).count() == 2


def test_a_partial_account_gets_only_what_it_lacks(full_account):
    document = json.loads(json.dumps(backup_document(user=full_account)))
    Entry.objects.filter(user=full_account, meal="lunch").delete()
    result = backup_restore(user=full_account, document=document)
    assert (result.entries_added, result.entries_already_there) == (1, 3)


def test_download_restore_through_the_pages(client, full_account):
    client.force_login(full_account)
    response = client.get(reverse("backup:download"))
    assert response["Content-Disposition"].startswith('attachment; filename="k2tracker-alice-')
    assert "no-store" in response["Cache-Control"]
    data = response.content
    bob = make_user("bob")
    client.force_login(bob)
    upload = io.BytesIO(data)
    upload.name = "backup.json"
    answer = client.post(reverse("backup:restore"), {"file": upload}, follow=True)
    restored = (
        "Restored: 4 entries, 2 of your own foods, 2 favourites, 0 INR and dose records, "
        "0 routines (recipes, saved meals, scheduled supplements)."
    )
    assert restored in answer.content.decode()


def test_the_restore_page_counts_the_routines_it_added(client, full_account):
    kale = Entry.objects.filter(user=full_account).first()
    saved_meal_create(user=full_account, name="Usual", day=kale.day, meal=kale.meal)
    client.force_login(full_account)
    data = client.get(reverse("backup:download")).content
    client.force_login(make_user("carol"))
    upload = io.BytesIO(data)
    upload.name = "backup.json"
    answer = client.post(reverse("backup:restore"), {"file": upload}, follow=True)
    assert "1 routine (recipes, saved meals, scheduled supplements)." in answer.content.decode()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not json", "not JSON"),
        (b'{"format": "other"}', "not a K2 Tracker backup"),
        (b'{"format": "k2tracker-backup", "version": 99}', "version 99"),
        (b'{"format": "k2tracker-backup", "version": 1}', "damaged or incomplete"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_changes_nothing(signed_in, content, message):
    upload = io.BytesIO(content)
    upload.name = "backup.json"
    response = signed_in.post(reverse("backup:restore"), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Entry.objects.exists()


def test_a_bad_value_inside_rolls_everything_back(full_account):
    document = json.loads(json.dumps(backup_document(user=full_account)))
    document["entries"][-1]["quantity"] = "-5"
    bob = make_user("bob")
    with pytest.raises(BackupError):
        backup_restore(user=bob, document=document)
    assert not Entry.objects.filter(user=bob).exists()
    assert not Food.objects.filter(owner=bob).exists()


def test_account_deletion_asks_for_the_password_then_removes_everything(client, full_account):
    client.force_login(full_account)
    kraut_ids = list(Food.objects.filter(owner=full_account).values_list("pk", flat=True))
    wrong = client.post(reverse("backup:delete_account"), {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 400
    assert "not your password" in wrong.content.decode()
    assert get_user_model().objects.filter(pk=full_account.pk).exists()
    response = client.post(
        reverse("backup:delete_account"), {"password": PASSWORD, "confirm": "on"}, follow=True
    )
    assert "and everything in it are deleted" in response.content.decode()
    assert not get_user_model().objects.filter(username="alice").exists()
    assert not Entry.objects.exists() and not Favourite.objects.exists()
    assert not Profile.objects.filter(user_id=full_account.pk).exists()
    assert not Food.objects.filter(pk__in=kraut_ids).exists()
    assert not Food.history.filter(id__in=kraut_ids).exists()
    assert not VitaminKValue.history.filter(food_id__in=kraut_ids).exists()
    assert not Portion.history.filter(food_id__in=kraut_ids).exists()
    assert Food.objects.filter(name="Natto").exists()  # the catalogue stays
    assert "_auth_user_id" not in client.session


def test_deleting_an_account_keeps_other_accounts(full_account):
    bob = make_user("bob")
    make_entry(bob, Food.objects.get(name="Natto"))
    account_delete(user=full_account)
    assert Entry.objects.filter(user=bob).count() == 1


def test_the_steady_mode_and_its_inr_and_dose_log_go_into_the_backup_and_back(alice):
    from tests.factories import VKA_DAY, make_dose, make_inr, make_vka_profile

    make_vka_profile(alice, inr_low=Decimal("2.5"), inr_high=Decimal("3.5"))
    make_inr(alice, VKA_DAY, "2.8", note="after the holidays")
    make_dose(alice, VKA_DAY, mg="5")
    make_dose(alice, VKA_DAY + datetime.timedelta(days=7), schedule="5 mg Mon–Fri, 2.5 mg Sat–Sun")
    document = backup_document(user=alice)
    assert document["version"] == 5
    bob = make_user()
    first = backup_restore(user=bob, document=document)
    again = backup_restore(user=bob, document=document)  # nothing twice
    assert (first.log_added, again.log_added) == (3, 0)
    copy = backup_document(user=bob)["anticoagulation"]
    assert copy == document["anticoagulation"]
    assert copy["settings"]["inr_low"] == "2.50" and copy["inr_results"][0]["note"]


def test_a_version_1_backup_still_restores(alice):
    document = backup_document(user=alice)
    document["version"] = 1
    del document["anticoagulation"]
    del document["profile"]["age_months"]
    result = backup_restore(user=make_user(), document=document)
    assert result.log_added == 0


def test_an_amount_typed_in_ounces_comes_back_as_typed(alice):
    natto = make_natto()
    Entry.objects.create(
        user=alice, day=datetime.date(2026, 11, 20), meal="dinner", food=natto,
        quantity=Decimal(8), unit="oz", grams=Decimal("226.796"),
        logged_values={"k1": "23.1", "mk7": "939"},
    )  # fmt: skip
    document = json.loads(json.dumps(backup_document(user=alice)))
    assert document["entries"][0]["unit"] == "oz"
    bob = make_user("bob")
    backup_restore(user=bob, document=document)
    restored = Entry.objects.get(user=bob)
    assert (restored.quantity, restored.unit, restored.grams) == (8, "oz", Decimal("226.796"))
    # A unit nobody can type is refused, and nothing is restored.
    document["entries"][0]["unit"] = "furlong"
    carol = make_user("carol")
    with pytest.raises(BackupError):
        backup_restore(user=carol, document=document)
    assert not Entry.objects.filter(user=carol).exists()


def test_calcium_and_vitamin_d_and_their_settings_go_into_the_backup_and_back(full_account):
    document = json.loads(json.dumps(backup_document(user=full_account)))
    bob = make_user("bob")
    backup_restore(user=bob, document=document)
    capsule = Food.objects.get(owner=bob, name="MK-7 100")
    assert [(v.nutrient, v.amount) for v in capsule.nutrients.all()] == [("vit_d", Decimal(25))]
    entry = Entry.objects.get(user=bob, food=capsule)
    assert entry.logged_nutrients == {"vit_d": "25"}
    profile = Profile.objects.get(user=bob)
    assert (profile.show_bone, profile.vitamin_d_unit) == (False, "iu")


@pytest.mark.parametrize(
    ("where", "change", "message"),
    [
        ("entry", {"logged_nutrients": {"vit_d": "-1"}}, "logged_nutrients: vit_d: an amount"),
        ("entry", {"logged_nutrients": {"zinc": "1"}}, "unknown nutrient 'zinc'"),
        ("food", {"nutrients": [{"nutrient": "ca", "amount": "99999"}]}, "plausibility ceiling"),
        ("profile", {"show_bone": "no"}, "show_bone"),
        ("profile", {"vitamin_d_unit": "mg"}, "vitamin_d_unit"),
    ],
)
def test_a_bad_calcium_or_vitamin_d_value_is_named_and_nothing_is_restored(
    full_account, where, change, message
):
    document = json.loads(json.dumps(backup_document(user=full_account)))
    target = {
        "entry": document["entries"][-1],
        "food": document["custom_foods"][-1],
        "profile": document["profile"],
    }[where]
    target.update(change)
    bob = make_user("bob")
    with pytest.raises(BackupError, match=message):
        backup_restore(user=bob, document=document)
    assert not Entry.objects.filter(user=bob).exists()
    assert not Food.objects.filter(owner=bob).exists()


@pytest.fixture
def routines(alice):
    """A recipe of a catalogue food and an own food, a saved meal, a schedule with a dose."""
    from diary.routines import services as routine_services
    from diary.routines.services import IngredientInput

    natto = make_natto()
    pesto = make_food("My pesto", values={"k1": 100}, portions=[("tbsp", 15)], owner=alice)
    tbsp = pesto.portions.get()
    routine_services.recipe_save(
        user=alice,
        name="Natto pasta",
        servings=Decimal(2),
        cooked_grams=Decimal(400),
        ingredients=[
            IngredientInput(food=natto, quantity=Decimal(50), portion=None, grams=Decimal(50)),
            IngredientInput(food=pesto, quantity=Decimal(2), portion=tbsp, grams=Decimal(30)),
        ],
    )
    day = datetime.date(2026, 11, 20)
    make_entry(alice, natto, grams=30, day=day)
    Entry.objects.create(
        user=alice, day=day, meal="breakfast", food=natto, quantity=Decimal(1), unit="oz",
        grams=Decimal("28.35"),
    )  # fmt: skip
    routine_services.saved_meal_create(user=alice, name="Weekday", day=day, meal="breakfast")
    capsule = make_food("MK-7 100", values={"mk7": 100}, dose_unit="capsule", owner=alice)
    schedule = routine_services.schedule_save(
        schedule=DoseSchedule(
            user=alice, food=capsule, starts=day, every="weekdays", weekdays="04",
            time_of_day="morning",
        )
    )  # fmt: skip
    routine_services.dose_skip(schedule=schedule, day=day)
    return alice


def test_recipes_saved_meals_and_schedules_go_into_the_backup_and_back(routines):
    document = json.loads(json.dumps(backup_document(user=routines)))
    assert [r["servings"] for r in document["routines"]["recipes"]] == ["2.00"]
    bob = make_user("bob")
    first = backup_restore(user=bob, document=document)
    again = backup_restore(user=bob, document=document)
    assert (first.routines_added, again.routines_added) == (3, 0)
    copy = comparable(backup_document(user=bob))["routines"]
    original = comparable(document)["routines"]
    for part in (copy, original):  # own foods are named by key, which differs per account
        for recipe in part["recipes"]:
            recipe["food"] = "recipe"
            for item in recipe["ingredients"]:
                item["food"] = item["food"].get("catalogue", {}).get("name", "own")
        for schedule in part["schedules"]:
            schedule["food"] = "own"
    assert copy == original
    recipe = Recipe.objects.get(user=bob)
    assert recipe.food.name == "Natto pasta" and recipe.ingredients.count() == 2
    assert ScheduledDose.objects.get(schedule__user=bob).status == "skipped"


@pytest.mark.parametrize(
    ("part", "index", "change", "message"),
    [
        ("schedules", 0, {"every": "n_days"}, "interval_days"),
        ("schedules", 0, {"starts": "2026-12-01", "ends": "2026-11-01"}, "ends"),
        ("saved_meals", 0, {"name": "x" * 101}, "name"),
        ("saved_meals", 0, {"meal": "elevenses"}, "meal"),
        ("recipes", 0, {"servings": "0"}, "servings"),
    ],
)
def test_a_bad_routine_is_refused_by_name_and_nothing_is_restored(
    routines, part, index, change, message
):
    document = json.loads(json.dumps(backup_document(user=routines)))
    document["routines"][part][index].update(change)
    bob = make_user("bob")
    with pytest.raises(BackupError, match=rf"routines\.{part}\[{index}\].*{message}"):
        backup_restore(user=bob, document=document)
    assert not Entry.objects.filter(user=bob).exists()
    assert not Food.objects.filter(owner=bob).exists()


def test_a_saved_meal_item_with_an_impossible_amount_is_refused(routines):
    document = json.loads(json.dumps(backup_document(user=routines)))
    document["routines"]["saved_meals"][0]["items"][0]["grams"] = "9000"
    with pytest.raises(BackupError, match=r"routines\.saved_meals\[0\]"):
        backup_restore(user=make_user("bob"), document=document)


def test_a_file_with_more_saved_meals_than_a_person_keeps_is_refused(routines):
    document = json.loads(json.dumps(backup_document(user=routines)))
    one = document["routines"]["saved_meals"][0]
    document["routines"]["saved_meals"] = [
        {**one, "name": f"Usual {n}"} for n in range(MAX_SAVED_MEALS + 1)
    ]
    bob = make_user("bob")
    with pytest.raises(BackupError, match=rf"routines\.saved_meals\[{MAX_SAVED_MEALS}\].*at most"):
        backup_restore(user=bob, document=document)
    assert not SavedMeal.objects.filter(user=bob).exists()
    assert not Entry.objects.filter(user=bob).exists()


@pytest.fixture
def scheduled(alice):
    """The steady-intake mode with an MK-7 schedule started, changed and stopped (its dated
    events), two doses taken (one of a changed amount) and one skipped, and a capsule logged
    by hand on a dose's day beside the dose's own entry."""
    from diary.routines import services as routine_services
    from tests.factories import make_vka_profile

    make_vka_profile(alice)
    capsule = make_food("MK-7 100", values={"mk7": 100}, dose_unit="capsule", owner=alice)
    start = datetime.date(2026, 11, 2)
    schedule = routine_services.schedule_save(
        schedule=DoseSchedule(user=alice, food=capsule, starts=start)
    )
    Entry.objects.create(
        user=alice, day=start, meal="supplements", food=capsule, quantity=Decimal(3),
        logged_values={"mk7": "100"},
    )  # fmt: skip
    routine_services.dose_take(schedule=schedule, day=start)
    routine_services.dose_take(
        schedule=schedule, day=start + datetime.timedelta(days=1), quantity=2
    )
    routine_services.dose_skip(schedule=schedule, day=start + datetime.timedelta(days=2))
    schedule.quantity = Decimal(2)
    routine_services.schedule_save(schedule=schedule, on=datetime.date(2026, 11, 10))
    routine_services.schedule_stop(
        schedule=schedule, last_day=datetime.date(2026, 11, 20), on=datetime.date(2026, 11, 15)
    )
    return alice


def _schedule_rows(user):
    """What the timeline, the clinic report and the day pages show of a person's schedules."""
    from diary.anticoagulation.charts import timeline_chart
    from diary.anticoagulation.selectors import clinic_report

    report = clinic_report(
        user=user, first=datetime.date(2026, 11, 1), last=datetime.date(2026, 11, 25)
    )
    doses = [
        (
            dose.day,
            dose.status,
            dose.entry and (dose.entry.day, dose.entry.meal, dose.entry.quantity),
        )
        for dose in ScheduledDose.objects.filter(schedule__user=user).select_related("entry")
    ]
    return (
        [(event.day, event.kind, event.text) for event in report.schedule_events],
        report.schedule_evidence,
        timeline_chart(report)["supplements"],
        doses,
    )


def test_schedules_with_their_doses_entries_and_events_come_back_whole(scheduled):
    document = json.loads(json.dumps(backup_document(user=scheduled)))
    bob = make_user("bob")
    result = backup_restore(user=bob, document=document)
    assert (result.entries_added, result.routines_added) == (3, 1)
    events, evidence, timeline, doses = _schedule_rows(bob)
    assert (events, evidence, timeline, doses) == _schedule_rows(scheduled)
    assert [(day.day, kind) for day, kind, _ in events] == [
        (2, "started"),
        (10, "changed"),
        (20, "stopped"),
    ]
    assert evidence and timeline[1] == "started MK-7 100"
    assert doses == [
        (datetime.date(2026, 11, 2), "taken", (datetime.date(2026, 11, 2), "supplements", 1)),
        (datetime.date(2026, 11, 3), "taken", (datetime.date(2026, 11, 3), "supplements", 2)),
        (datetime.date(2026, 11, 4), "skipped", None),
    ]
    # The dose's own entry, not the capsule logged by hand that day: undoing the dose takes
    # its entry away and leaves the other.
    from diary.routines.services import dose_undo

    dose_undo(dose=ScheduledDose.objects.get(schedule__user=bob, day=datetime.date(2026, 11, 2)))
    assert [e.quantity for e in Entry.objects.for_user(bob).on(datetime.date(2026, 11, 2))] == [3]
    # Restoring again adds nothing twice.
    again = backup_restore(user=bob, document=document)
    assert again.routines_added == 0
    assert ScheduledDose.objects.filter(schedule__user=bob).count() == 2


def test_a_backup_restored_into_the_account_it_came_from_keeps_its_doses_links(scheduled):
    document = json.loads(json.dumps(backup_document(user=scheduled)))
    before = _schedule_rows(scheduled)
    DoseSchedule.objects.filter(user=scheduled).delete()  # the doses' entries stay
    result = backup_restore(user=scheduled, document=document)
    assert (result.entries_added, result.entries_already_there, result.routines_added) == (0, 3, 1)
    assert _schedule_rows(scheduled) == before


@pytest.mark.parametrize("version", [3, 4])
def test_a_schedule_from_a_version_3_or_4_backup_restores_as_before(scheduled, version):
    """Those files had no events and no dose's entry: the doses come back unlinked."""
    document = json.loads(json.dumps(backup_document(user=scheduled)))
    document["version"] = version
    for schedule in document["routines"]["schedules"]:
        del schedule["events"]
        for dose in schedule["doses"]:
            del dose["entry"]
    bob = make_user("bob")
    result = backup_restore(user=bob, document=document)
    assert (result.entries_added, result.routines_added) == (3, 1)
    events, _, _, doses = _schedule_rows(bob)
    assert events == []
    assert [(day.day, status, entry) for day, status, entry in doses] == [
        (2, "taken", None),
        (3, "taken", None),
        (4, "skipped", None),
    ]


@pytest.mark.parametrize(
    ("part", "number", "change", "message"),
    [
        ("events", 1, {"kind": "restarted"}, "kind: Value 'restarted' is not a valid choice"),
        ("events", 0, {"text": "x" * 301}, "text: Ensure this value has at most 300"),
        ("events", 0, {"text": ""}, "text: This field cannot be blank"),
        ("events", 2, {"day": "1899-12-31"}, "day: "),
        ("events", 2, {"day": "someday"}, "damaged or incomplete"),
        ("events", 0, {"kind": None}, "kind: "),
        ("doses", 0, {"entry": 99}, r"entry: The backup has no entries\[99\]"),
        ("doses", 0, {"entry": -1}, "damaged or incomplete"),
        ("doses", 0, {"entry": 2}, "entry: entries.2. is not this dose"),
        ("doses", 1, {"entry": 0}, "entry: entries.0. is not this dose"),
        ("doses", 2, {"entry": 2}, "entry: Only a taken dose has an entry"),
    ],
)
def test_a_bad_event_or_dose_is_refused_by_name_and_nothing_is_restored(
    scheduled, part, number, change, message
):
    document = json.loads(json.dumps(backup_document(user=scheduled)))
    document["routines"]["schedules"][0][part][number].update(change)
    bob = make_user("bob")
    where = rf"routines\.schedules\[0\]\.{part}\[{number}\]"
    with pytest.raises(BackupError, match=rf"The backup's {where} .*{message}"):
        backup_restore(user=bob, document=document)
    assert not Entry.objects.filter(user=bob).exists()
    assert not Food.objects.filter(owner=bob).exists()
    assert not DoseSchedule.objects.filter(user=bob).exists()


def test_two_doses_naming_one_entry_are_refused(scheduled):
    document = json.loads(json.dumps(backup_document(user=scheduled)))
    doses = document["routines"]["schedules"][0]["doses"]
    doses[1]["entry"] = doses[0]["entry"]
    with pytest.raises(BackupError, match=r"doses\[1\].*entry: entries.\d. is another dose's"):
        backup_restore(user=make_user("bob"), document=document)
