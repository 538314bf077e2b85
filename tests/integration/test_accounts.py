"""Sign-up, log in/out, password change and reset, and the profile page."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.models import Profile
from tests.factories import make_entry, make_food, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "violet-lantern-orchard-42"


def signup_data(**overrides):
    return {
        "username": "alice",
        "email": "",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "time_zone": "UTC",
        **overrides,
    }


def profile_data(**overrides):
    return {
        "life_stage": "woman",
        "age": "",
        "age_months": "",
        "personal_target_ug": "",
        "time_zone": "UTC",
        "email": "",
        **overrides,
    }


def is_logged_in(client):
    return client.get(reverse("profile:edit")).status_code == 200


# --- Sign-up ----------------------------------------------------------------------------------


def test_signup_page_has_labelled_fields(client):
    response = client.get(reverse("profile:signup"))
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("username", "email", "password1", "password2"):
        assert f'<label for="id_{field}"' in html


def test_signup_logs_in_creates_profile_and_lands_on_today(client):
    response = client.post(reverse("profile:signup"), signup_data(email="alice@example.org"))
    assert response.status_code == 302
    assert response.url == reverse("day:today")
    user = User.objects.get(username="alice")
    assert user.email == "alice@example.org"
    assert user.check_password(NEW_PASSWORD)
    profile = Profile.objects.get(user=user)
    assert profile.time_zone == "UTC"
    assert profile.target_ug == Decimal(90)
    assert is_logged_in(client)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "something-else-entirely"}, "password2", "didn’t match"),
        ({"password1": "password123", "password2": "password123"}, "password2", "too common"),
        ({"password1": "short", "password2": "short"}, "password2", "too short"),
        ({"password1": "48213957604", "password2": "48213957604"}, "password2", "numeric"),
        ({"username": ""}, "username", "required"),
        ({"username": "bad name!"}, "username", "valid username"),
        ({"email": "not-an-email"}, "email", "valid email"),
    ],
)
def test_signup_refuses_bad_input_with_a_field_error(client, overrides, field, message):
    response = client.post(reverse("profile:signup"), signup_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not User.objects.exists()
    assert not Profile.objects.exists()
    assert not is_logged_in(client)


@pytest.mark.parametrize("username", ["alice", "ALICE"])
def test_signup_refuses_an_existing_username(client, username):
    make_user("alice")
    response = client.post(reverse("profile:signup"), signup_data(username=username))
    assert response.status_code == 200
    assert "already exists" in " ".join(response.context["form"].errors["username"])
    assert User.objects.count() == 1


def test_signup_when_logged_in_goes_to_the_diary(client):
    client.force_login(make_user())
    response = client.get(reverse("profile:signup"))
    assert response.status_code == 302
    assert response.url == reverse("day:today")


# --- Log in, log out --------------------------------------------------------------------------


def test_login_then_logout_by_post(client):
    make_user("bob", password=PASSWORD)
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert 'for="id_username"' in page.content.decode()
    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("day:today")
    assert is_logged_in(client)

    assert client.get(reverse("logout")).status_code == 405  # logging out takes a POST
    assert is_logged_in(client)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert not is_logged_in(client)


def test_a_message_not_yet_shown_is_gone_after_sign_out(client):
    """On a shared browser the next person never reads the last one's message."""
    alice = make_user("alice", password=PASSWORD)
    entry = make_entry(alice, make_food("Kale", values={"k1": 389.6}))
    client.force_login(alice)
    deleted = client.post(reverse("day:delete", args=[entry.pk]))  # its page is not opened
    assert deleted.status_code == 302
    assert "messages" not in client.cookies  # kept with the session, not in a cookie
    client.post(reverse("logout"))
    home = client.get(reverse("home")).content.decode()
    client.force_login(make_user("bob", password=PASSWORD))
    today = client.get(reverse("day:today")).content.decode()
    assert "Deleted Kale" not in home and "Deleted Kale" not in today


def test_a_message_is_shown_once_to_its_person(client):
    alice = make_user("alice", password=PASSWORD)
    entry = make_entry(alice, make_food("Kale", values={"k1": 389.6}))
    client.force_login(alice)
    day = client.post(reverse("day:delete", args=[entry.pk])).url
    assert "Deleted Kale" in client.get(day).content.decode()
    assert "Deleted Kale" not in client.get(day).content.decode()


def test_login_with_a_wrong_password_says_so(client):
    make_user("bob", password=PASSWORD)
    response = client.post(reverse("login"), {"username": "bob", "password": "wrong"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()
    assert not is_logged_in(client)


def test_login_follows_next(client):
    make_user("bob", password=PASSWORD)
    response = client.post(
        reverse("login"),
        {"username": "bob", "password": PASSWORD, "next": reverse("myfoods:list")},
    )
    assert response.url == reverse("myfoods:list")


# --- Passwords --------------------------------------------------------------------------------


def test_password_change(client):
    user = make_user("bob", password=PASSWORD)
    client.force_login(user)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert 'for="id_old_password"' in page.content.decode()

    bad = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert bad.status_code == 200
    assert "old_password" in bad.context["form"].errors

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert client.get(response.url).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_by_email_with_a_working_link(client):
    user = make_user("bob", password=PASSWORD)
    user.email = "bob@example.org"
    user.save()
    # Reset links go only to a confirmed address (tests/security covers the unconfirmed one).
    user.profile.verified_email = "bob@example.org"
    user.profile.save()

    response = client.post(reverse("password_reset"), {"email": "bob@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert client.get(response.url).status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@example.org"]
    assert message.subject == "Reset your K2 Tracker password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    # The link works once.
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "does not work any more" in again.content.decode()


def test_password_reset_for_an_unknown_email_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302  # same answer: no way to probe for accounts
    assert mail.outbox == []


# --- Profile ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("life_stage", "age", "months", "target", "text"),
    [
        ("man", "", "", 120, "Adequate intake for men 19 and older: 120 µg/day (IOM 2001)"),
        ("woman", "", "", 90, "Adequate intake for women 19 and older: 90 µg/day (IOM 2001)"),
        ("pregnant", "30", "", 90, "Adequate intake for pregnancy at 19 or older: 90 µg/day"),
        ("pregnant", "17", "", 75, "pregnancy at 18 or younger: 75 µg/day"),
        ("breastfeeding", "19", "", 90, "breastfeeding at 19 or older: 90 µg/day"),
        ("breastfeeding", "18", "", 75, "breastfeeding at 18 or younger: 75 µg/day"),
        ("teen", "", "", 75, "Adequate intake for boys and girls 14–18 years: 75 µg/day"),
        ("infant", "", "3", "2.0", "infants 0–6 months: 2 µg/day"),
        ("infant", "", "9", "2.5", "infants 7–12 months: 2.5 µg/day"),
        ("child", "2", "", 30, "children 1–3 years: 30 µg/day"),
        ("child", "6", "", 55, "children 4–8 years: 55 µg/day"),
        ("child", "13", "", 60, "children 9–13 years: 60 µg/day"),
    ],
)
def test_life_stage_sets_the_target(client, life_stage, age, months, target, text):
    user = make_user()
    client.force_login(user)
    data = profile_data(life_stage=life_stage, age=age, age_months=months)
    response = client.post(reverse("profile:edit"), data)
    assert response.status_code == 302
    assert response.url == reverse("profile:edit")
    profile = Profile.objects.get(user=user)
    assert profile.life_stage == life_stage
    assert profile.target_ug == Decimal(target)
    page = client.get(reverse("profile:edit")).content.decode()
    assert f"{Decimal(target).normalize():f} µg/day</strong>" in page
    assert text in page
    assert "No upper limit has been set" in page
    assert "Your profile is saved." in page


def test_profile_page_for_a_new_account_shows_the_default(client):
    client.force_login(make_user())
    response = client.get(reverse("profile:edit"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Adequate intake for women 19 and older: 90 µg/day (IOM 2001)" in page
    assert 'value="UTC"' in page
    assert '<datalist id="time-zones">' in page
    assert '<option value="Europe/Paris">' in page
    assert "js/profile.js" in page
    for field in ("life_stage_0", "age", "age_months", "personal_target_ug", "time_zone"):
        assert f'for="id_{field}"' in page


def test_profile_is_created_when_missing(client):
    user = get_user_model().objects.create_user("carol", password=PASSWORD)
    client.force_login(user)
    assert client.get(reverse("profile:edit")).status_code == 200
    assert Profile.objects.get(user=user).life_stage == "woman"


def test_personal_target_overrides_the_adequate_intake(client):
    user = make_user()
    client.force_login(user)
    client.post(reverse("profile:edit"), profile_data(life_stage="man", personal_target_ug="150.5"))
    profile = Profile.objects.get(user=user)
    assert profile.target_ug == Decimal("150.5")
    page = client.get(reverse("profile:edit")).content.decode()
    assert "150.5 µg/day</strong>" in page
    assert "your personal target" in page
    assert "For comparison: Adequate intake for men 19 and older: 120 µg/day" in page

    # Clearing it goes back to the adequate intake.
    client.post(reverse("profile:edit"), profile_data(life_stage="man", personal_target_ug=""))
    assert Profile.objects.get(user=user).target_ug == Decimal(120)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"life_stage": "child", "age": ""}, "age", "A child's adequate intake depends on age"),
        ({"life_stage": "child", "age": "15"}, "age", "From 14 to 18 choose the teen group"),
        # A "man" of 15 was once given 120 µg; a pregnancy without an age, 90.
        ({"life_stage": "man", "age": "15"}, "age", "choose the child or teen group"),
        ({"life_stage": "pregnant", "age": ""}, "age", "Give the age"),
        ({"life_stage": "infant", "age_months": ""}, "age_months", "age in months"),
        ({"life_stage": "infant", "age_months": "13"}, "age_months", "from 0 to 12"),
        ({"age": "-1"}, "age", ""),
        ({"age": "121"}, "age", "less than or equal to 120"),
        ({"age": "1e309"}, "age", "whole number"),
        ({"age": "NaN"}, "age", "whole number"),
        ({"personal_target_ug": "0"}, "personal_target_ug", "at least 1 µg"),
        ({"personal_target_ug": "-5"}, "personal_target_ug", "at least 1 µg"),
        ({"personal_target_ug": "60000"}, "personal_target_ug", "not plausible"),
        ({"personal_target_ug": "NaN"}, "personal_target_ug", "Enter a number"),
        ({"personal_target_ug": "Infinity"}, "personal_target_ug", "Enter a number"),
        ({"personal_target_ug": "-inf"}, "personal_target_ug", "Enter a number"),
        ({"personal_target_ug": "1e309"}, "personal_target_ug", ""),
        ({"personal_target_ug": "12.345"}, "personal_target_ug", "decimal place"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "not a known time zone"),
        ({"time_zone": ""}, "time_zone", "required"),
        ({"time_zone": "../../etc/passwd"}, "time_zone", "not a known time zone"),
        ({"life_stage": "elf"}, "life_stage", "valid choice"),
        ({"email": "nope"}, "email", "valid email"),
    ],
)
def test_bad_profile_input_gets_a_field_error_and_saves_nothing(client, overrides, field, message):
    user = make_user()
    client.force_login(user)
    # Every other field changes too, so a partial save would show.
    data = profile_data(life_stage="man", time_zone="Europe/Paris", email="x@example.org")
    response = client.post(reverse("profile:edit"), {**data, **overrides})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert 'aria-invalid="true"' in response.content.decode()
    profile = Profile.objects.get(user=user)
    assert (profile.life_stage, profile.age, profile.personal_target_ug) == ("woman", None, None)
    assert (profile.time_zone, profile.takes_vka) == ("UTC", False)
    assert User.objects.get(pk=user.pk).email == ""
    # The page shows what is saved, not the rejected input.
    assert "Adequate intake for women 19 and older: 90 µg/day" in response.content.decode()


def test_time_zone_and_email_are_saved(client):
    user = make_user()
    client.force_login(user)
    client.post(
        reverse("profile:edit"),
        profile_data(time_zone=" Pacific/Auckland ", email="me@example.org"),
    )
    profile = Profile.objects.get(user=user)
    assert profile.time_zone == "Pacific/Auckland"
    assert str(profile.zone) == "Pacific/Auckland"
    assert User.objects.get(pk=user.pk).email == "me@example.org"
    assert 'value="me@example.org"' in client.get(reverse("profile:edit")).content.decode()


def test_the_steady_mode_is_set_on_its_own_page_and_the_profile_shows_it(client):
    user = make_user()
    client.force_login(user)
    page = client.get(reverse("profile:edit")).content.decode()
    assert "steady vitamin K intake" not in page
    assert 'href="/diary/anticoagulation/settings/">Turn it on</a>' in page

    # The profile form no longer sets the flag alone: posting it changes nothing.
    client.post(reverse("profile:edit"), profile_data(takes_vka="on"))
    assert Profile.objects.get(user=user).takes_vka is False

    Profile.objects.filter(user=user).update(takes_vka=True)  # as turning the mode on does
    page = client.get(reverse("profile:edit")).content.decode()
    assert "a steady vitamin K intake from day to day matters more than the amount" in page
    assert "clinician who manages your anticoagulation" in page
    assert "Schurgers et al. 2007" in page
    assert "The steady vitamin K mode is <strong>on</strong>" in page


def test_profile_only_ever_touches_your_own(client):
    me, other = make_user(), make_user(life_stage="man")
    client.force_login(me)
    client.post(reverse("profile:edit"), profile_data(life_stage="teen", user=other.pk))
    assert Profile.objects.get(user=me).life_stage == "teen"
    assert Profile.objects.get(user=other).life_stage == "man"


@pytest.mark.parametrize(
    "url",
    [
        reverse("profile:edit"),
        reverse("password_change"),
        reverse("password_change_done"),
        reverse("myfoods:list"),
        reverse("myfoods:new-food"),
        reverse("myfoods:new-supplement"),
        reverse("myfoods:edit", args=[1]),
        reverse("myfoods:delete", args=[1]),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in(client, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


# --- Fuzzing: whatever is typed, a field message or a plausible saved value, never a 500 -------

NUMBERISH = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["NaN", "-NaN", "sNaN", "Infinity", "-inf", "1e309", "1e-309", "0x10", "٣"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)


@given(
    age=NUMBERISH,
    target=NUMBERISH,
    time_zone=st.one_of(st.text(max_size=40), st.sampled_from(["UTC", "Asia/Tokyo", "Etc/GMT+5"])),
)
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_profile_never_fails_on_odd_input(client, age, target, time_zone):
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("profile:edit"),
        profile_data(life_stage="child", age=age, personal_target_ug=target, time_zone=time_zone),
    )
    profile = Profile.objects.get(user=user)
    if response.status_code == 302:
        assert profile.age is not None and 0 <= profile.age <= 13
        target_ug = profile.personal_target_ug
        assert target_ug is None or Decimal(1) <= target_ug <= Decimal(50000)
        assert str(profile.zone) == profile.time_zone
    elif response.status_code == 400:  # a NUL character is refused before the form
        assert "\x00" in age + target + time_zone
        assert (profile.life_stage, profile.age, profile.time_zone) == ("woman", None, "UTC")
    else:
        assert response.status_code == 200
        assert response.context["form"].errors
        assert (profile.life_stage, profile.age, profile.time_zone) == ("woman", None, "UTC")


def test_a_child_profile_without_an_age_is_refused_by_the_database_too(db):
    from django.db import IntegrityError, transaction

    from diary.models import Profile
    from tests.factories import make_user

    profile = Profile.objects.get(user=make_user())
    profile.life_stage = "child"
    with pytest.raises(IntegrityError), transaction.atomic():
        profile.save()
    profile.refresh_from_db()
    assert profile.life_stage != "child"


def test_sign_up_takes_the_time_zone_so_today_is_the_persons_today(client):
    response = client.post(reverse("profile:signup"), signup_data(time_zone="Pacific/Auckland"))
    assert response.status_code == 302
    assert Profile.objects.get(user__username="alice").time_zone == "Pacific/Auckland"


def test_sign_up_refuses_an_unknown_time_zone_and_creates_nobody(client):
    response = client.post(reverse("profile:signup"), signup_data(time_zone="Mars/Olympus"))
    assert response.status_code == 200
    assert "is not a known time zone" in response.content.decode()
    assert not get_user_model().objects.exists()
