"""Finding 4: an admin edit of natto's MK-7 (939 -> 1) changed a past day from 1,443 to 505
µg. Entries now keep the values they were logged with; the day says when the catalogue has
revised them and offers a one-click update. Also: stale edits and double submissions."""

import csv
import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from diary.day import services
from diary.models import Entry
from diary.selectors import entry_list_period
from foods.models import VitaminKValue
from foods.services import food_figures_refresh
from tests.factories import make_natto, make_user

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)


@pytest.fixture
def natto_day(alice):
    natto = make_natto()
    entry = services.entry_add(
        user=alice,
        day=DAY,
        food=natto,
        meal="breakfast",
        quantity=Decimal(150),
        portion=None,
        grams=Decimal(150),
    )
    return natto, entry


def admin_edits_mk7(client, natto, amount):
    """The admin's change form, as a person with staff rights would use it."""
    root = make_user("root")
    root.is_staff = root.is_superuser = True
    root.save()
    value = natto.values.get(form="mk7")
    value.amount_ug = Decimal(amount)
    value.save()
    food_figures_refresh([natto.pk])  # as the admin's save_model does after the save
    return value


def day_total(client):
    response = client.get(reverse("day:day", args=[DAY.isoformat()]))
    return response


def test_an_admin_edit_leaves_a_past_day_as_logged(signed_in, natto_day):
    natto, entry = natto_day
    before = Entry.objects.get(pk=entry.pk).intake().total
    assert before == Decimal("1443.15")  # 150 g x (23.1 + 939) / 100
    admin_edits_mk7(signed_in, natto, "1")
    after = Entry.objects.get(pk=entry.pk).intake().total
    assert after == before
    (logged,) = entry_list_period(user=entry.user, first=DAY, last=DAY)
    assert logged.intake.total == before  # the week, trend and CSV read the same


def test_the_entries_csv_counts_a_past_day_as_logged_too(signed_in, natto_day):
    natto, _ = natto_day
    admin_edits_mk7(signed_in, natto, "1")
    response = signed_in.get("/diary/export/", {"from": DAY, "to": DAY})
    (row,) = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    # 150 g as logged: MK-7 939 µg/100 g then, not the 1 µg the catalogue has since.
    assert row["mk7_ug"] == "1408.5" and row["total_ug"] == "1443.2"


def test_the_day_says_values_were_revised_and_one_click_updates(signed_in, natto_day):
    natto, entry = natto_day
    page = signed_in.get(reverse("day:day", args=[DAY.isoformat()])).content.decode()
    assert "Values revised since you logged this" not in page
    admin_edits_mk7(signed_in, natto, "1")
    page = signed_in.get(reverse("day:day", args=[DAY.isoformat()])).content.decode()
    assert "Values revised since you logged this" in page
    response = signed_in.post(reverse("day:refresh", args=[entry.pk]))
    assert response.status_code == 302
    assert Entry.objects.get(pk=entry.pk).intake().total == Decimal("36.15")
    page = signed_in.get(reverse("day:day", args=[DAY.isoformat()])).content.decode()
    assert "Values revised since you logged this" not in page


def test_report_queries_do_not_grow_with_snapshots(alice, natto_day, django_assert_num_queries):
    natto, _ = natto_day
    for day in range(1, 20):
        Entry.objects.create(
            user=alice, day=DAY - datetime.timedelta(days=day), meal="lunch", food=natto,
            quantity=Decimal(10), grams=Decimal(10), logged_values={"mk7": "939"},
        )  # fmt: skip
    with django_assert_num_queries(2):  # the entries, then the foods they use, once each
        assert (
            len(entry_list_period(user=alice, first=DAY - datetime.timedelta(days=30), last=DAY))
            == 20
        )


def test_undo_brings_back_the_values_it_was_logged_with(alice, natto_day):
    natto, entry = natto_day
    token = services.entry_delete(entry=Entry.objects.select_related("food").get(pk=entry.pk))
    VitaminKValue.objects.filter(food=natto, form="mk7").update(amount_ug=Decimal(1))
    restored = services.entry_restore(user=alice, token=token)
    assert restored.intake().total == Decimal("1443.15")
    assert services.entry_restore(user=alice, token=token).pk == restored.pk  # twice: once


def test_a_stale_edit_says_changed_in_another_tab_and_keeps_the_newer(signed_in, natto_day):
    _, entry = natto_day
    url = reverse("day:edit", args=[entry.pk])
    first = signed_in.post(url, {"amount": "20", "unit": "g", "meal": "lunch", "version": "1"})
    assert first.status_code == 302
    second = signed_in.post(
        url, {"amount": "30", "unit": "g", "meal": "lunch", "version": "1"}, follow=True
    )
    assert "changed in another tab" in second.content.decode()
    entry.refresh_from_db()
    assert (entry.grams, entry.version) == (Decimal(20), 2)


def test_the_edit_form_carries_the_entrys_version(signed_in, natto_day):
    _, entry = natto_day
    page = signed_in.get(
        reverse("day:day", args=[DAY.isoformat()]) + f"?edit={entry.pk}"
    ).content.decode()
    assert 'name="version" value="1"' in page


def test_an_add_sent_twice_adds_once(signed_in, natto_day):
    natto, _ = natto_day
    data = {
        "food": natto.pk,
        "amount": "20",
        "unit": "g",
        "meal": "lunch",
        "submission": str(uuid.uuid4()),
    }
    url = reverse("day:add", args=[DAY.isoformat()])
    signed_in.post(url, data)
    again = signed_in.post(url, data, follow=True)
    assert "the form was sent twice, so it was added once" in again.content.decode()
    assert Entry.objects.filter(meal="lunch").count() == 1
    signed_in.post(url, {**data, "submission": str(uuid.uuid4())})  # a new form: a new entry
    assert Entry.objects.filter(meal="lunch").count() == 2


def test_a_copy_sent_twice_copies_once_even_when_asked_to_copy_again(signed_in, natto_day):
    data = {"source": DAY.isoformat(), "meal": "", "confirm": "on", "submission": str(uuid.uuid4())}
    url = reverse("day:copy", args=["2026-11-24"])
    signed_in.post(url, data)
    again = signed_in.post(url, data, follow=True)
    assert "copied once" in again.content.decode()
    assert Entry.objects.filter(day="2026-11-24").count() == 1


@pytest.mark.django_db(transaction=True)  # the reference is checked at a real commit
def test_a_food_deleted_between_the_check_and_the_insert_is_food_gone(alice, monkeypatch):
    """The other tab's delete lands after the entry was validated (the race's window)."""
    from foods.models import Food

    own = Food.objects.create(name="Sauerkraut", owner=alice)
    gone = Food.objects.get(pk=own.pk)
    validate = Entry.full_clean

    def validate_then_other_tab_deletes(self, *args, **kwargs):
        validate(self, *args, **kwargs)
        Food.objects.filter(pk=own.pk).delete()

    monkeypatch.setattr(Entry, "full_clean", validate_then_other_tab_deletes)
    with pytest.raises(services.FoodGone):
        services.entry_add(
            user=alice, day=DAY, food=gone, meal="lunch", quantity=Decimal(1), portion=None,
            grams=Decimal(1),
        )  # fmt: skip
    assert not Entry.objects.filter(food_id=own.pk).exists()


def test_each_rendered_form_gets_its_own_submission_token():
    from django.template import Context, Template

    template = Template("{% submission_field %}")
    first, second = template.render(Context()), template.render(Context())
    assert first.startswith('<input type="hidden" name="submission" value="')
    assert uuid.UUID(first.split('value="')[1][:36]) and first != second
