"""Favourite foods on the diary page: the toggle on each entry row, and one-click add."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from diary.models import Entry, Favourite
from tests.factories import hx, make_entry, make_food, make_kale, make_supplement, make_user

# user (signed in on `client`) and natto: tests/integration/conftest.py
pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)
DAY_URL = "/diary/2026-11-23/"
ADD_URL = "/diary/2026-11-23/add/"


def toggle_url(food):
    return f"/diary/2026-11-23/favourites/{food.pk}/"


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def panel(html):
    """The favourites panel of a page or fragment."""
    return html.split('<section id="favourites"')[1].split("</section>")[0]


def quick_add_fields(html, food):
    form = re.search(rf'<input type="hidden" name="food" value="{food.pk}">.*?</form>', html)
    return dict(re.findall(r'name="(amount|unit|meal)" value="([^"]*)"', form.group(0)))


def row_button(html, entry):
    row = html.split(f'<li id="entry-{entry.pk}" class="entry">')[1].split("</li>")[0]
    return re.search(r"<button[^>]*fav-button[^>]*>.*?</button>", row).group(0)


def test_toggle_without_javascript_redirects_to_the_day(client, user, natto):
    entry = make_entry(user, natto, grams=100)
    button = row_button(text(client.get(DAY_URL)), entry)
    assert (
        'aria-pressed="false"' in button
        and '☆</span><span class="visually-hidden">Favourite (Natto)</span>' in button
    )
    assert '<span class="visually-hidden">Favourite (Natto)</span>' in button
    assert "No favourites yet" in text(client.get(DAY_URL))

    for _ in range(2):  # twice: still one favourite
        response = client.post(toggle_url(natto), {"favourite": "1"})
        assert response.status_code == 302 and response.url == DAY_URL
    assert Favourite.objects.get().food == natto
    html = text(client.get(DAY_URL))
    assert "Added Natto to your favourites." in html
    button = row_button(html, entry)
    assert (
        'aria-pressed="true"' in button
        and '★</span><span class="visually-hidden">Favourite (Natto)</span>' in button
    )
    assert 'Add </span>Natto · 100 g<span class="visually-hidden"> to breakfast<' in panel(html)

    for _ in range(2):
        response = client.post(toggle_url(natto), {"favourite": "0"})
        assert response.status_code == 302 and response.url == DAY_URL
    assert not Favourite.objects.exists()
    html = text(client.get(DAY_URL))
    assert "Removed Natto from your favourites." in html
    assert 'aria-pressed="false"' in row_button(html, entry)
    assert "No favourites yet" in panel(html)


def test_toggle_with_htmx_swaps_the_panel_and_the_buttons(client, user, natto):
    make_entry(user, natto, grams=40, meal="lunch")
    response = client.post(toggle_url(natto), {"favourite": "1"}, headers=hx("favourites"))
    assert response.status_code == 200
    html = text(response)
    assert html.lstrip().startswith('<section id="favourites"') and "<html" not in html
    assert "Added Natto to your favourites." in html
    assert 'Add </span>Natto · 40 g<span class="visually-hidden"> to lunch<' in panel(html)
    # Every button for natto on the page is replaced out of band, now pressed.
    oob = re.search(r"<form[^>]*hx-swap-oob=\"outerHTML:\.fav-food-(\d+)\"[^>]*>.*?</form>", html)
    assert oob.group(1) == str(natto.pk)
    assert 'aria-pressed="true"' in oob.group(0) and 'name="favourite" value="0"' in oob.group(0)
    assert "HX-Trigger" not in response.headers  # nothing logged changed

    client.post(toggle_url(natto), {"favourite": "1"}, headers=hx("favourites"))
    assert Favourite.objects.count() == 1
    response = client.post(toggle_url(natto), {"favourite": "0"}, headers=hx("favourites"))
    html = text(response)
    assert "No favourites yet" in panel(html)
    oob = re.search(r"<form[^>]*hx-swap-oob=[^>]*>.*?</form>", html).group(0)
    assert 'aria-pressed="false"' in oob and 'name="favourite" value="1"' in oob
    assert not Favourite.objects.exists()


def test_a_change_to_a_favourite_food_sends_its_new_last_amount(client, user, natto):
    """The favourites panel offers each favourite in its last amount: an add, change, delete
    or undo of that food's entry sends the panel along; of another food, it is left as it is."""
    kale = make_kale()
    Favourite.objects.create(user=user, food=natto)
    fields = {"amount": "30", "unit": "g", "meal": "lunch"}
    response = client.post(ADD_URL, {"food": kale.pk, **fields}, headers=hx("add-entry"))
    assert 'id="favourites"' not in text(response)  # kale is not a favourite: nothing changed
    response = client.post(ADD_URL, {"food": natto.pk, **fields}, headers=hx("add-entry"))
    assert 'Add </span>Natto · 30 g<span class="visually-hidden"> to lunch<' in panel(
        text(response)
    )
    entry = Entry.objects.get(food=natto)
    edit = {"amount": "45", "unit": "g", "meal": "dinner"}
    response = client.post(f"/diary/entries/{entry.pk}/", edit, headers=hx("meals"))
    assert 'Add </span>Natto · 45 g<span class="visually-hidden"> to dinner<' in panel(
        text(response)
    )
    response = client.post(f"/diary/entries/{entry.pk}/delete/", headers=hx(f"entry-{entry.pk}"))
    html = text(response)
    # Never logged any more: offered as 100 g to the meal of the hour.
    assert 'Add </span>Natto · 100 g<span class="visually-hidden"> to ' in panel(html)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post("/diary/undo/", {"token": token}, headers=hx("meals"))
    assert 'Add </span>Natto · 45 g<span class="visually-hidden"> to dinner<' in panel(
        text(response)
    )
    kale_entry = Entry.objects.get(food=kale)
    response = client.post(f"/diary/entries/{kale_entry.pk}/", edit, headers=hx("meals"))
    assert response.status_code == 200 and 'id="favourites"' not in text(response)


def test_the_panel_comes_alone_as_a_fragment(client, user, natto):
    Favourite.objects.create(user=user, food=natto)
    html = text(client.get(DAY_URL, headers=hx("favourites")))
    assert html.lstrip().startswith('<section id="favourites"')
    assert "hx-swap-oob" not in html  # only a toggle sends buttons along


def test_other_users_favourites_and_foods_stay_theirs(client, user, natto):
    other = make_user()
    kale = make_kale()
    theirs = make_supplement(owner=other, name="Their capsule")
    Favourite.objects.create(user=other, food=kale)
    Favourite.objects.create(user=other, food=theirs)
    Favourite.objects.create(user=user, food=natto)
    html = panel(text(client.get(DAY_URL)))
    assert "Natto" in html and "Kale" not in html and "Their capsule" not in html

    for value in ["1", "0"]:
        assert client.post(toggle_url(theirs), {"favourite": value}).status_code == 404
    assert Favourite.objects.filter(user=other).count() == 2
    assert not Favourite.objects.filter(user=user, food=theirs).exists()
    assert (
        client.post("/diary/2026-11-23/favourites/999999/", {"favourite": "1"}).status_code == 404
    )
    # Bad input changes nothing and is not a server error.
    assert client.post(toggle_url(kale), {"favourite": "yes"}).status_code == 400
    assert client.post(toggle_url(kale), {}).status_code == 400
    assert client.get(toggle_url(kale)).status_code == 405
    assert (
        client.post(f"/diary/2026-02-30/favourites/{kale.pk}/", {"favourite": "1"}).status_code
        == 404
    )
    assert Favourite.objects.filter(user=user).count() == 1


def test_my_own_custom_food_can_be_a_favourite(client, user):
    mine = make_supplement(owner=user, name="My capsule")
    client.post(toggle_url(mine), {"favourite": "1"})
    html = panel(text(client.get(DAY_URL)))
    assert 'Add </span>My capsule · 1 × capsule<span class="visually-hidden"> to ' in html


def test_anonymous_users_go_to_login(client, natto):
    response = client.post(toggle_url(natto), {"favourite": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Favourite.objects.exists()


def test_one_click_adds_the_amount_last_used(client, user, natto):
    cup = natto.portions.get()
    kale = make_kale()
    capsule = make_supplement()
    earlier = DAY - datetime.timedelta(days=3)
    make_entry(user, natto, grams=30, day=earlier - datetime.timedelta(days=1), meal="lunch")
    Entry.objects.create(
        user=user, day=earlier, meal="dinner", food=natto, portion=cup, quantity=1, grams=175
    )
    for food in [natto, kale, capsule]:
        Favourite.objects.create(user=user, food=food)
    html = text(client.get(DAY_URL, headers=hx("favourites")))
    assert 'Add </span>Natto · 1 × 1 cup<span class="visually-hidden"> to dinner<' in html
    assert quick_add_fields(html, natto) == {"amount": "1", "unit": str(cup.pk), "meal": "dinner"}
    # Never logged: 100 g, or one dose of a supplement, to the add form's meal.
    page = text(client.get(DAY_URL))
    add_meal = re.search(r'<select id="id_meal" name="meal">.*?value="(\w+)" selected', page)
    assert quick_add_fields(html, kale) == {"amount": "100", "unit": "g", "meal": add_meal[1]}
    assert quick_add_fields(html, capsule) == {"amount": "1", "unit": "unit", "meal": add_meal[1]}

    # The chip posts to the same add view as recent foods.
    fields = quick_add_fields(html, natto)
    response = client.post(ADD_URL, {"food": natto.pk, **fields}, headers=hx("add-entry"))
    assert "Added 1 × 1 cup of Natto to dinner." in text(response)
    entry = Entry.objects.on(DAY).get()
    assert (entry.food, entry.portion, entry.quantity, entry.grams, entry.meal) == (
        natto,
        cup,
        1,
        175,
        "dinner",
    )
    client.post(ADD_URL, {"food": capsule.pk, **quick_add_fields(html, capsule)})
    assert Entry.objects.on(DAY).get(food=capsule).quantity == 1


def test_retired_favourites_are_not_offered(client, user):
    old = make_food("Old food", values={"k1": 1})
    entry = make_entry(user, old, grams=10)
    Favourite.objects.create(user=user, food=old)
    old.retired = True
    old.save()
    html = text(client.get(DAY_URL))
    assert "Old food" not in panel(html)
    # It can still be removed from its row...
    assert 'aria-pressed="true"' in row_button(html, entry)
    client.post(toggle_url(old), {"favourite": "0"})
    assert not Favourite.objects.exists()
    # ...but not added back: no button, and posting anyway is refused with a message.
    assert 'class="inline-form fav-form' not in text(client.get(DAY_URL))
    response = client.post(toggle_url(old), {"favourite": "1"}, headers=hx("favourites"))
    assert "This food has been retired" in text(response)
    assert not Favourite.objects.exists()


def test_the_model_rules(user, natto):
    other = make_user()
    theirs = make_food("Their food", owner=other)
    with pytest.raises(ValidationError, match="Choose a food from the list"):
        Favourite(user=user, food=theirs).full_clean()
    Favourite.objects.create(user=user, food=natto)
    with pytest.raises(ValidationError, match="already a favourite"):
        Favourite(user=user, food=natto).full_clean()
    natto_id = natto.pk
    user.delete()
    assert not Favourite.objects.filter(food_id=natto_id).exists()
