"""The day page's writes at the service level: what a person does, without the HTTP around it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from diary.day import services
from diary.models import Entry, Favourite, Meal, Profile
from diary.selectors import profile_get
from tests.factories import make_entry, make_food, make_natto, make_user

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)


def test_entry_add_validates_with_the_model_and_saves_nothing_when_wrong():
    user, natto = make_user(), make_natto()
    entry = services.entry_add(
        user=user, day=DAY, food=natto, meal=Meal.LUNCH, quantity=Decimal(50), portion=None,
        grams=Decimal(50),
    )  # fmt: skip
    assert Entry.objects.get() == entry
    with pytest.raises(ValidationError) as error:
        services.entry_add(
            user=user, day=DAY, food=natto, meal=Meal.LUNCH, quantity=Decimal(9000),
            portion=None, grams=Decimal(9000),
        )  # fmt: skip
    assert "quantity" in error.value.message_dict
    assert Entry.objects.count() == 1


def test_another_users_food_is_refused():
    owner, other = make_user(), make_user()
    private = make_food("Owner's soup", owner=owner, values={"k1": 1})
    with pytest.raises(ValidationError):
        services.entry_add(
            user=other, day=DAY, food=private, meal=Meal.LUNCH, quantity=Decimal(1),
            portion=None, grams=Decimal(1),
        )  # fmt: skip
    assert not Entry.objects.exists()


def test_delete_then_restore_brings_back_the_same_entry_once():
    user, natto = make_user(), make_natto()
    first = make_entry(user, natto, grams=10, day=DAY)
    entry = make_entry(user, natto, grams=40, day=DAY, meal=Meal.DINNER)
    pk = entry.pk
    token = services.entry_delete(entry=entry)
    assert list(Entry.objects.all()) == [first]
    restored = services.entry_restore(user=user, token=token)
    again = services.entry_restore(user=user, token=token)  # a second click adds nothing
    assert restored.pk == again.pk == pk
    assert (restored.meal, restored.grams) == (Meal.DINNER, 40)
    # Back in its place among the day's entries, not at the end.
    assert list(Entry.objects.on(DAY).order_by("created_at", "pk")) == [first, restored]


def test_a_token_is_good_only_for_its_owner():
    owner, thief = make_user(), make_user()
    token = services.entry_delete(entry=make_entry(owner, make_natto(), day=DAY))
    with pytest.raises(services.NothingToUndo):
        services.entry_restore(user=thief, token=token)
    with pytest.raises(services.NothingToUndo):
        services.entry_restore(user=owner, token=token + "x")
    assert services.undo_notice(user=thief, token=token) is None
    assert not Entry.objects.exists()


def test_entries_copy_copies_a_meal_and_leaves_retired_foods_out():
    user, natto = make_user(), make_natto()
    old = make_food("Old food", values={"k1": 1})
    source = DAY - datetime.timedelta(days=1)
    make_entry(user, natto, grams=40, day=source, meal=Meal.BREAKFAST)
    make_entry(user, old, grams=5, day=source, meal=Meal.BREAKFAST)
    make_entry(user, natto, grams=10, day=source, meal=Meal.DINNER)
    old.retired = True
    old.save()
    result = services.entries_copy(user=user, source=source, day=DAY, meal=Meal.BREAKFAST)
    assert (result.copied, result.skipped_retired) == (1, 1)
    assert [(e.food, e.grams) for e in Entry.objects.on(DAY)] == [(natto, 40)]


def test_favourite_set_twice_is_once_and_unset_removes_it():
    user, natto = make_user(), make_natto()
    services.favourite_set(user=user, food=natto, favourite=True)
    services.favourite_set(user=user, food=natto, favourite=True)
    assert Favourite.objects.filter(user=user).count() == 1
    services.favourite_set(user=user, food=natto, favourite=False)
    assert not Favourite.objects.exists()


def test_every_new_user_has_a_profile_and_reading_it_writes_nothing(
    django_assert_max_num_queries, django_user_model
):
    admin = django_user_model.objects.create_superuser("root", password="x" * 12)
    assert Profile.objects.get(user=admin).time_zone == "UTC"
    # The profile made with the user comes with it (no query) or is read (one): never written.
    with django_assert_max_num_queries(1):
        assert profile_get(user=admin).life_stage == "woman"
