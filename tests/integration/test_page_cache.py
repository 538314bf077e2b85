"""Whole pages served from the cache: what a person sees is never stale, never
another person's, and every form in a served copy still works."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diary.anticoagulation import services as vka_services
from diary.backup import services as backup_services
from diary.backup.selectors import backup_document
from diary.day import services as day_services
from diary.models import DoseSchedule, Entry, Favourite, Profile, person_data_changed
from diary.myfoods import services as myfood_services
from diary.profile.services import profile_update
from diary.routines import services as routine_services
from foods.models import Food
from foods.services import food_figures_refresh
from tests.factories import (
    NOW,
    VKA_DAY,
    hx,
    make_entry,
    make_food,
    make_inr,
    make_kale,
    make_supplement,
    make_user,
    make_vka_profile,
)
from tests.integration.test_custom_foods import food_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]

DAY = NOW.date()
DAY_URL = f"/diary/{DAY.isoformat()}/"
SUBMISSION = re.compile(r'name="submission" value="([0-9a-f-]{36})"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MASKED_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")  # a CSRF token, in a form or the htmx headers


def get(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
        # A streamed answer reads the database while it is sent.
        body = response.getvalue() if response.streaming else response.content
    assert response.status_code == 200
    return body.decode(), len(queries)


def version(user) -> int:
    return Profile.objects.get(user=user).data_version


def test_a_second_visit_is_served_from_the_cache_with_its_own_form_tokens(client_in, user):
    make_entry(user, make_kale(), grams=50, day=DAY)
    first, cold = get(client_in, DAY_URL)
    second, warm = get(client_in, DAY_URL)
    assert warm <= 2 < cold  # the session, the user with their profile: nothing more
    assert "Kale, raw" in second
    # Each served copy has fresh one-use tokens, so two tabs never send the same one...
    assert SUBMISSION.findall(first) and not set(SUBMISSION.findall(first)) & set(
        SUBMISSION.findall(second)
    )
    # ...and is otherwise the same page.
    assert SUBMISSION.sub("", MASKED_TOKEN.sub("", first)) == SUBMISSION.sub(
        "", MASKED_TOKEN.sub("", second)
    )


def test_a_served_copy_carries_csrf_tokens_that_work():
    user = make_user()
    kale = make_kale()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    browser.get(DAY_URL)  # rendered and kept
    page = browser.get(DAY_URL).content.decode()  # served from the cache
    (token, *_) = CSRF.findall(page)
    # htmx sends the one in the body's hx-headers: it works as well (a favourite, here).
    (header_token,) = re.findall(r'"X-CSRFToken": "([^"]+)"', page)
    starred = browser.post(
        reverse("day:favourite", args=[DAY.isoformat(), kale.pk]),
        {"favourite": "1"},
        headers={"X-CSRFToken": header_token},
    )
    assert starred.status_code == 302 and Favourite.objects.filter(user=user, food=kale).exists()
    response = browser.post(
        reverse("day:add", args=[DAY.isoformat()]),
        {
            "csrfmiddlewaretoken": token,
            "food": kale.pk,
            "amount": "30",
            "unit": "g",
            "meal": "lunch",
            "submission": SUBMISSION.findall(page)[0],
        },
    )
    assert response.status_code == 302
    assert Entry.objects.filter(user=user, food=kale).count() == 1


def test_an_add_shows_at_once_on_the_day_week_trend_and_export(client_in, user):
    kale = make_kale()
    urls = [
        DAY_URL,
        "/diary/week/2026-W48/",
        "/diary/trend/?days=30",
        f"/diary/export/?from={DAY}&to={DAY}",
    ]
    before = {url: get(client_in, url)[0] for url in urls}
    assert before[DAY_URL].count('class="entry-open"') == 0
    assert all("Kale" not in before[url] for url in urls[1:])
    response = client_in.post(
        reverse("day:add", args=[DAY.isoformat()]),
        {"food": kale.pk, "amount": "50", "unit": "g", "meal": "lunch"},
        headers=hx("add-entry"),
    )
    assert response.status_code == 200
    day, week, trend, export = (get(client_in, url)[0] for url in urls)
    assert day.count('class="entry-open"') == 1 and "Kale, raw" in export
    assert "194.8" in week and "194.8" in trend  # 50 g x 389.6 µg / 100 g, K1


def test_a_deleted_entry_leaves_the_page_with_its_undo_notice_shown_once(client_in, user):
    entry = make_entry(user, make_kale(), grams=50, day=DAY)
    assert get(client_in, DAY_URL)[0].count('class="entry-open"') == 1
    response = client_in.post(reverse("day:delete", args=[entry.pk]), follow=True)
    page = response.content.decode()
    assert "Deleted Kale, raw." in page and "Undo" in page
    assert page.count('class="entry-open"') == 0
    again = get(client_in, DAY_URL)[0]
    assert "Deleted Kale, raw." not in again and again.count('class="entry-open"') == 0


def test_another_person_never_gets_my_page(client_in, user):
    gouda = make_food("Aged gouda", values={"mk7": "50"})  # K2 only: never a K1 suggestion
    make_entry(user, gouda, grams=30, day=DAY)
    assert "Aged gouda" in get(client_in, DAY_URL)[0]
    other = Client()
    other.force_login(make_user("someone-else"))
    theirs = get(other, DAY_URL)[0]
    assert "Aged gouda" not in theirs and theirs.count('class="entry-open"') == 0


def test_my_own_food_is_in_my_search_only_and_leaves_it_when_deleted(client_in, user):
    mine = make_food("Grandma's sauerkraut", values={"k1": "10"}, owner=user)
    assert "Grandma" in get(client_in, "/foods/?q=sauerkraut")[0]
    assert "Grandma" in get(client_in, "/diary/search/?q=sauerkraut")[0]
    other = Client()
    other.force_login(make_user("someone-else"))
    assert "Grandma" not in get(other, "/foods/?q=sauerkraut")[0]
    myfood_services.own_food_delete(food=mine)
    assert "Grandma" not in get(client_in, "/foods/?q=sauerkraut")[0]
    assert "Grandma" not in get(client_in, "/diary/search/?q=sauerkraut")[0]


def test_a_new_day_at_midnight_is_a_new_page(client_in, user, monkeypatch):
    late = datetime.datetime(2026, 11, 25, 23, 59, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: late)
    assert "Wednesday 25 November 2026" in get(client_in, "/diary/")[0]
    monkeypatch.setattr("django.utils.timezone.now", lambda: late + datetime.timedelta(minutes=2))
    assert "Thursday 26 November 2026" in get(client_in, "/diary/")[0]


def test_a_profile_change_shows_at_once(client_in, user):
    assert "90 µg" in get(client_in, "/diary/week/2026-W48/")[0]
    response = client_in.post(
        reverse("profile:edit"),
        {"life_stage": "man", "time_zone": "UTC", "email": ""},
    )
    assert response.status_code == 302
    assert "120 µg" in get(client_in, "/diary/week/2026-W48/")[0]


def test_a_profile_read_before_another_change_never_puts_the_version_back(user):
    stale = Profile.objects.get(user=user)
    person_data_changed(user.pk)
    person_data_changed(user.pk)
    stale.time_zone = "Europe/Berlin"
    stale.save()
    assert version(user) == 3 and stale.data_version == 3


def _add(user, food):
    return day_services.entry_add(
        user=user,
        day=DAY,
        food=food,
        meal="lunch",
        quantity=Decimal(50),
        portion=None,
        grams=Decimal(50),
    )


# Every write of a person's data moves their version on: each service, run once.
WRITES = {
    "add": lambda user, food: _add(user, food),
    "update": lambda user, food: day_services.entry_update(
        entry=make_entry(user, food),
        meal="dinner",
        quantity=Decimal(60),
        portion=None,
        grams=Decimal(60),
    ),
    "refresh values": lambda user, food: day_services.entry_refresh_values(
        entry=make_entry(user, food)
    ),
    "delete": lambda user, food: day_services.entry_delete(entry=make_entry(user, food)),
    "restore": lambda user, food: day_services.entry_restore(
        user=user,
        token=day_services.entry_delete(entry=make_entry(user, food)),
    ),
    "copy": lambda user, food: day_services.entries_copy(
        user=user,
        source=make_entry(user, food, day=DAY - datetime.timedelta(days=1)).day,
        day=DAY,
    ),
    "favourite": lambda user, food: day_services.favourite_set(
        user=user, food=food, favourite=True
    ),
    "profile": lambda user, food: profile_update(
        profile=Profile.objects.get(user=user), life_stage="man"
    ),
    "steady mode on": lambda user, food: vka_services.anticoagulation_save(
        user=user, vka="warfarin", inr_low=Decimal(2), inr_high=Decimal(3), started_on=None
    ),
    "steady mode off": lambda user, food: (
        make_vka_profile(user),
        vka_services.anticoagulation_turn_off(user=user),
    ),
    "INR added": lambda user, food: _inr_added(user),
    "INR deleted": lambda user, food: vka_services.record_delete(
        record=make_inr(user, VKA_DAY, "2.5")
    ),
    "backup restored": lambda user, food: _restore_elsewhere(user, food),
    "saved meal made": lambda user, food: _saved_meal(user, food),
    "saved meal logged": lambda user, food: routine_services.saved_meal_log(
        user=user, saved_meal=_saved_meal(user, food), day=DAY, meal="dinner"
    ),
    "saved meal deleted": lambda user, food: routine_services.saved_meal_delete(
        saved_meal=_saved_meal(user, food)
    ),
    "recipe saved": lambda user, food: _recipe(user, food),
    "recipe's past entries updated": lambda user, food: routine_services.recipe_entries_update(
        recipe=_recipe(user, food), since=DAY
    ),
    "recipe deleted": lambda user, food: routine_services.recipe_delete(recipe=_recipe(user, food)),
    "schedule saved": lambda user, food: _schedule(user),
    "dose taken": lambda user, food: routine_services.dose_take(schedule=_schedule(user), day=DAY),
    "dose skipped": lambda user, food: routine_services.dose_skip(
        schedule=_schedule(user), day=DAY
    ),
    "doses logged automatically": lambda user, food: routine_services.doses_auto_log(
        user=user,
        today=routine_services.schedule_save(
            schedule=DoseSchedule(user=user, food=make_supplement(), starts=DAY, auto_log=True)
        ).starts,
    ),
    "dose back to pending": lambda user, food: routine_services.dose_undo(
        dose=routine_services.dose_take(schedule=_schedule(user), day=DAY)
    ),
}


def _saved_meal(user, food):
    make_entry(user, food, day=DAY)
    return routine_services.saved_meal_create(user=user, name="Usual", day=DAY, meal="breakfast")


def _recipe(user, food):
    return routine_services.recipe_save(
        user=user,
        name="Stew",
        servings=Decimal(2),
        cooked_grams=None,
        ingredients=[
            routine_services.IngredientInput(
                food=food, quantity=Decimal(100), portion=None, grams=Decimal(100)
            )
        ],
    )


def _schedule(user):
    return routine_services.schedule_save(
        schedule=DoseSchedule(user=user, food=make_supplement(), starts=DAY)
    )


def _inr_added(user):
    from diary.models import InrResult

    return vka_services.record_save(
        record=InrResult(user=user, day=VKA_DAY, value=Decimal("2.5"), measured_at="clinic")
    )


def _restore_elsewhere(user, food):
    """Restore into `user` a backup of another person who logged `food`."""
    donor = make_user("donor")
    make_entry(donor, food, day=DAY)
    document = json.loads(json.dumps(backup_document(user=donor), default=str))
    backup_services.backup_restore(user=user, document=document)


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_of_a_persons_data_moves_their_version_on(user, write):
    food = make_kale()
    before = version(user)
    WRITES[write](user, food)
    assert version(user) > before


def test_an_own_food_saved_or_deleted_moves_the_version_on(client_in, user):
    before = version(user)
    response = client_in.post(
        reverse("myfoods:new-food"), food_data("My kefir", values={"k1": "1"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert version(user) > before
    food = Food.objects.get(owner=user)
    before = version(user)
    myfood_services.own_food_delete(food=food)
    assert version(user) > before


def test_an_export_is_kept_once_sent_unless_it_is_too_long_to_keep(client_in, user, monkeypatch):
    kale = make_kale()
    for i in range(20):
        make_entry(user, kale, grams=10 + i, day=DAY - datetime.timedelta(days=i))
    url = f"/diary/export/?from={DAY - datetime.timedelta(days=30)}&to={DAY}"
    sent, cold = get(client_in, url)
    again, warm = get(client_in, url)
    assert again == sent and sent.count("\n") == 21 and warm <= 2 < cold
    monkeypatch.setattr("k2lib.page_cache.MAX_KEPT_STREAM_BYTES", 500)
    longer = f"/diary/export/?from={DAY - datetime.timedelta(days=60)}&to={DAY}"
    first, _ = get(client_in, longer)
    second, queries = get(client_in, longer)
    assert second == first and len(first) > 500 and queries > 2  # streamed again, not kept


def test_the_suggested_foods_are_read_once_per_catalogue_version(client_in, user):
    kale = make_kale()  # rich in K1, with a cup: suggested on a day short of K1
    response = client_in.get(DAY_URL, headers=hx("summary"))
    assert "Kale, raw" in response.content.decode()
    yesterday = f"/diary/{DAY - datetime.timedelta(days=1)}/"  # another page: not cached yet
    with CaptureQueriesContext(connection) as again:
        response = client_in.get(yesterday, headers=hx("summary"))
    assert "Kale, raw" in response.content.decode() and len(again) > 2
    assert not any('"k1_per_100g" DESC' in q["sql"] for q in again.captured_queries)
    kale.name = "Kale, curly, raw"
    kale.save()
    food_figures_refresh([kale.pk])  # as the admin does: a new catalogue version
    assert "Kale, curly, raw" in client_in.get(DAY_URL, headers=hx("summary")).content.decode()
