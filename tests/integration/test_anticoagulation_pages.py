"""The steady-intake mode's pages: settings, the INR and dose log with undo, the
steadiness page, the clinic report (page, CSV, PDF) and its share link. Each page: constant
queries, nobody else's data, bad input -> field errors and nothing saved."""

import datetime
import importlib.abc
import io
import sys
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from diary.anticoagulation import evidence
from diary.anticoagulation.selectors import steadiness_panel, supplement_warning
from diary.day.forms import EntryForm
from diary.models import AnticoagulationProfile, DoseChange, Entry, InrResult, Profile, ShareLink
from tests.factories import (
    VKA_DAY,
    day_begun,
    hx,
    make_dose,
    make_entry,
    make_food,
    make_inr,
    make_steady_days,
    make_supplement,
    make_user,
    make_vka_profile,
)

pytestmark = pytest.mark.django_db
LOG = reverse("anticoagulation:log")


# --- Settings: the mode on and off --------------------------------------------------------------


def test_turning_the_mode_on_keeps_the_profile_flag_in_step(client_in, user):
    page = client_in.get(reverse("anticoagulation:settings"))
    assert "Turn the mode on" in page.text
    response = client_in.post(
        reverse("anticoagulation:settings"),
        {"vka": "acenocoumarol", "inr_low": "2.5", "inr_high": "3.5", "started_on": "2026-01-05"},
    )
    assert response.status_code == 302
    profile = AnticoagulationProfile.objects.get(user=user)
    assert (profile.vka, profile.inr_low, profile.inr_high) == (
        "acenocoumarol",
        Decimal("2.5"),
        Decimal("3.5"),
    )
    assert Profile.objects.get(user=user).takes_vka is True
    client_in.post(reverse("anticoagulation:settings"), {"turn_off": "1"})
    assert not AnticoagulationProfile.objects.filter(user=user).exists()
    assert Profile.objects.get(user=user).takes_vka is False


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"vka": "warfarin", "inr_low": "3", "inr_high": "2"}, "inr_high", "above the lower"),
        ({"vka": "aspirin", "inr_low": "2", "inr_high": "3"}, "vka", "valid choice"),
        ({"vka": "warfarin", "inr_low": "0.1", "inr_high": "3"}, "inr_low", "between 0.5"),
    ],
)
def test_a_bad_range_is_a_field_error_and_saves_nothing(client_in, user, data, field, message):
    response = client_in.post(reverse("anticoagulation:settings"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not AnticoagulationProfile.objects.exists()
    assert Profile.objects.get(user=user).takes_vka is False


# --- The INR and dose log -----------------------------------------------------------------------


def test_an_inr_with_a_decimal_comma_is_added_through_htmx_without_a_reload(client_in, user):
    response = client_in.post(
        reverse("anticoagulation:add", args=["inr"]),
        {"inr-day": "2026-11-20", "inr-value": "2,45", "inr-measured_at": "self_test"},
        headers=hx("log"),
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="log"')  # the fragment, not a page
    assert "2.45" in response.text
    assert InrResult.objects.get(user=user).value == Decimal("2.45")


def test_an_inr_is_kept_without_saying_where_it_was_measured(client_in, user):
    response = client_in.post(
        reverse("anticoagulation:add", args=["inr"]),
        {"inr-day": "2026-11-20", "inr-value": "2.4", "inr-measured_at": ""},
    )
    assert response.status_code == 302
    assert InrResult.objects.get(user=user).measured_at == ""
    assert "2.40" in client_in.get(LOG).text


def test_the_inr_form_offers_where_the_last_result_was_measured(client_in, user):
    form = client_in.get(LOG).context["inr_form"]
    assert form["measured_at"].value() == ""  # nothing to go by yet
    make_inr(user, datetime.date(2026, 11, 10), "2.1", measured_at="lab")
    make_inr(user, datetime.date(2026, 11, 18), "2.6", measured_at="self_test")
    make_inr(user, datetime.date(2026, 11, 19), "2.2", measured_at="")
    html = client_in.get(LOG).text
    assert '<option value="self_test" selected>Self-test</option>' in html


@pytest.mark.parametrize(
    ("value", "message"),
    [("16", "between 0.5 and 15"), ("2.456", "two decimals"), ("abc", "as a number"), ("", "")],
)
def test_a_bad_inr_is_a_field_error_and_saves_nothing(client_in, value, message):
    response = client_in.post(
        reverse("anticoagulation:add", args=["inr"]),
        {"inr-day": "2026-11-20", "inr-value": value, "inr-measured_at": "lab"},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["inr_form"].errors["value"])
    assert not InrResult.objects.exists()


@pytest.mark.parametrize(
    ("mg", "schedule", "field"),
    [("", "", "mg_per_day"), ("5", "5 mg Mon–Fri", "weekly_schedule"), ("-1", "", "mg_per_day")],
)
def test_a_dose_needs_mg_or_a_schedule(client_in, mg, schedule, field):
    response = client_in.post(
        reverse("anticoagulation:add", args=["dose"]),
        {"dose-day": "2026-11-20", "dose-mg_per_day": mg, "dose-weekly_schedule": schedule},
    )
    assert response.context["dose_form"].errors[field]
    assert not DoseChange.objects.exists()


def test_a_weekly_schedule_is_kept_as_written_and_works_without_js(client_in, user):
    response = client_in.post(
        reverse("anticoagulation:add", args=["dose"]),
        {"dose-day": "2026-11-20", "dose-weekly_schedule": "5 mg Mon–Fri, 2.5 mg Sat–Sun"},
    )
    assert response.status_code == 302
    assert DoseChange.objects.get(user=user).weekly_schedule == "5 mg Mon–Fri, 2.5 mg Sat–Sun"
    assert "5 mg Mon–Fri, 2.5 mg Sat–Sun" in client_in.get(LOG).text


def test_edit_opens_in_place_and_saves(client_in, user):
    inr = make_inr(user, VKA_DAY, "2.4")
    form = client_in.get(f"{LOG}?edit=inr-{inr.pk}", headers=hx("log"))
    assert 'name="edit-inr-value"' in form.text
    client_in.post(
        reverse("anticoagulation:edit", args=["inr", inr.pk]),
        {"edit-inr-day": "2026-11-25", "edit-inr-value": "3.1", "edit-inr-measured_at": "lab"},
        headers=hx("log"),
    )
    inr.refresh_from_db()
    assert (inr.value, inr.measured_at) == (Decimal("3.10"), "lab")


def test_a_bad_edit_changes_nothing(client_in, user):
    inr = make_inr(user, VKA_DAY, "2.4")
    response = client_in.post(
        reverse("anticoagulation:edit", args=["inr", inr.pk]),
        {"edit-inr-day": "2026-11-25", "edit-inr-value": "40", "edit-inr-measured_at": "lab"},
    )
    assert "between 0.5 and 15" in response.text
    inr.refresh_from_db()
    assert inr.value == Decimal("2.40")


def test_delete_then_undo_twice_brings_the_row_back_once(client_in, user):
    dose = make_dose(user, VKA_DAY, mg="5", note="after the clinic")
    response = client_in.post(
        reverse("anticoagulation:delete", args=["dose", dose.pk]), headers=hx("log")
    )
    assert "Undo delete" in response.text
    assert not DoseChange.objects.exists()
    token = response.context["undo"]
    for _ in range(2):
        client_in.post(reverse("anticoagulation:undo"), {"token": token}, headers=hx("log"))
    restored = DoseChange.objects.get()
    assert (restored.pk, restored.mg_per_day, restored.note) == (
        dose.pk,
        Decimal("5.00"),
        "after the clinic",
    )


def test_another_users_log_is_never_seen_nor_changed(client_in, user):
    bob = make_user()
    theirs = make_inr(bob, VKA_DAY, "4.4", note="bob's secret")
    page = client_in.get(LOG)
    assert "bob's secret" not in page.text and "4.40" not in page.text
    edit = reverse("anticoagulation:edit", args=["inr", theirs.pk])
    data = {"edit-inr-day": "2026-11-25", "edit-inr-value": "2", "edit-inr-measured_at": "lab"}
    assert client_in.post(edit, data).status_code == 404
    delete = reverse("anticoagulation:delete", args=["inr", theirs.pk])
    assert client_in.post(delete).status_code == 404
    assert InrResult.objects.get().value == Decimal("4.40")


def test_an_undo_token_of_another_user_restores_nothing(client, user):
    bob = make_user()
    client.force_login(bob)
    inr = make_inr(bob, VKA_DAY, "2.2")
    token = client.post(
        reverse("anticoagulation:delete", args=["inr", inr.pk]), headers=hx("log")
    ).context["undo"]
    client.force_login(user)
    assert client.post(reverse("anticoagulation:undo"), {"token": token}).status_code == 404
    assert not InrResult.objects.exists()


def test_the_log_takes_the_same_queries_for_two_rows_or_twenty(
    client_in, user, django_assert_num_queries
):
    for i in range(2):
        make_inr(user, VKA_DAY - datetime.timedelta(days=i), "2.5")
    day_begun(client_in)  # the day's first request also fills in automatic doses
    with django_assert_num_queries(4) as two:
        client_in.get(LOG)
    for i in range(2, 20):
        make_inr(user, VKA_DAY - datetime.timedelta(days=i), "2.5")
        make_dose(user, VKA_DAY - datetime.timedelta(days=i), mg="5")
    with django_assert_num_queries(len(two.captured_queries)):
        client_in.get(LOG)


# --- The steadiness panel and page ---------------------------------------------------------------


def test_the_panel_shows_usual_mean_sd_and_the_foods_behind_a_big_day(user):
    make_vka_profile(user)
    make_steady_days(user, VKA_DAY, count=10, big_day=VKA_DAY)
    panel = steadiness_panel(user=user, profile=user.profile, day=VKA_DAY)["steadiness"]
    usual = panel["usual"]
    # Nine kale days before VKA_DAY: 18,19,20,21,22,18,19,20,21 g of 389.6 µg/100 g.
    grams = [18, 19, 20, 21, 22, 18, 19, 20, 21]
    assert usual.days == 9
    assert usual.mean == sum(Decimal(g) * Decimal("3.896") for g in grams) / 9
    today = panel["figures"][0]
    assert today.ug == Decimal("22") * Decimal("3.896") + Decimal("200") * Decimal("4.829")
    assert today.difference.ug == today.ug - usual.mean
    assert panel["foods"][0].name == "Spinach, raw"
    assert panel["foods"][0].ug == Decimal("965.8")
    assert panel["evidence"] == evidence.for_a_difference()


def test_the_panel_is_empty_while_the_mode_is_off(user, django_assert_num_queries):
    make_steady_days(user, VKA_DAY, count=10)
    with django_assert_num_queries(0):  # the profile's flag says the mode is off
        assert steadiness_panel(user=user, profile=user.profile, day=VKA_DAY) == {
            "steadiness": None
        }
    html = render_to_string("diary/anticoagulation/_steadiness.html", {"steadiness": None})
    assert html.strip() == ""


def test_the_panel_takes_three_queries(user, django_assert_num_queries):
    make_vka_profile(user)
    make_steady_days(user, VKA_DAY, count=10)
    with django_assert_num_queries(3):  # the mode, the entries, their foods
        steadiness_panel(user=user, profile=user.profile, day=VKA_DAY)


def test_the_panel_waits_for_seven_logged_days(user):
    make_vka_profile(user)
    make_steady_days(user, VKA_DAY, count=6)
    panel = steadiness_panel(user=user, profile=user.profile, day=VKA_DAY)["steadiness"]
    assert panel["usual"] is None
    assert panel["logged_days"] == 5


def test_the_steadiness_page_shows_only_the_persons_own_figures(
    client_in, user, fixed_now, django_assert_num_queries
):
    make_vka_profile(user)
    make_steady_days(user, VKA_DAY, count=10, big_day=VKA_DAY)
    make_inr(user, VKA_DAY - datetime.timedelta(days=7), "2.0")
    make_inr(user, VKA_DAY, "3.0")
    day_begun(client_in)  # the day's first request also fills in automatic doses
    with django_assert_num_queries(14) as few:  # scheduled supplements' events too
        page = client_in.get(reverse("anticoagulation:index"))
    assert "Your usual intake" in page.text and "9 logged days" in page.text
    assert "Spinach, raw" in page.text
    assert page.context["report"].ttr_text == "100%"
    assert 'id="timeline-data"' in page.text
    bob = make_user()
    make_steady_days(bob, VKA_DAY, count=20)
    make_inr(bob, VKA_DAY - datetime.timedelta(days=3), "9.9")
    for i in range(12, 20):
        make_entry(
            user,
            make_food(f"Food {i}", values={"k1": "10"}),
            day=VKA_DAY - datetime.timedelta(days=i),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        again = client_in.get(reverse("anticoagulation:index"))
    assert [line.inr.value for line in again.context["report"].inrs] == [
        Decimal("2.00"),
        Decimal("3.00"),
    ]
    assert "9.90" not in again.text


def test_the_steadiness_page_invites_to_turn_the_mode_on(client_in):
    page = client_in.get(reverse("anticoagulation:index"))
    assert "Turn the steady-intake mode on" in page.text


# --- The report for the clinic -------------------------------------------------------------------


REPORT = reverse("anticoagulation:report")
PERIOD = {"start": "2026-11-01", "end": "2026-11-25"}


def _report_data(user):
    make_vka_profile(user)
    make_steady_days(user, VKA_DAY, count=10, big_day=VKA_DAY - datetime.timedelta(days=1))
    make_inr(user, VKA_DAY - datetime.timedelta(days=14), "1.8")
    make_inr(user, VKA_DAY - datetime.timedelta(days=7), "2.6")
    make_inr(user, VKA_DAY, "3.4", note="after spinach")
    make_dose(user, VKA_DAY - datetime.timedelta(days=7), schedule="5 mg Mon–Fri, 2.5 mg Sat–Sun")
    pill = make_supplement()
    make_entry(user, pill, day=VKA_DAY - datetime.timedelta(days=3), grams=1)


def test_the_report_page_has_ttr_inrs_doses_far_days_and_supplements(
    client_in, user, fixed_now, django_assert_num_queries
):
    _report_data(user)
    day_begun(client_in)  # the day's first request also fills in automatic doses
    with django_assert_num_queries(12) as few:  # scheduled supplements' events too
        page = client_in.get(REPORT, PERIOD)
    report = page.context["report"]
    assert report.logged_days == 10 and report.all_days == 25
    # Hand computation: 1.8 -> 2.6 over 7 days: days 2..7 in range (day 1 is 1.914); 2.6 -> 3.4
    # over 7 days: 2.714, 2.829, 2.943 in, 3.057.. out => 6 + 3 = 9 of 14 days.
    assert (report.ttr.days_in_range, report.ttr.days_counted) == (9, 14)
    assert "64%" in page.text
    assert "5 mg Mon–Fri, 2.5 mg Sat–Sun" in page.text
    assert report.furthest[0].day == VKA_DAY - datetime.timedelta(days=1)
    assert report.furthest[0].foods[0].name == "Spinach, raw"
    assert report.supplements[0].name == "Vitamin K2 capsule"
    make_inr(make_user(), VKA_DAY, "7.7")
    make_inr(user, VKA_DAY - datetime.timedelta(days=3), "2.9")
    with django_assert_num_queries(len(few.captured_queries)):
        again = client_in.get(REPORT, PERIOD)
    assert "7.7" not in again.text


def test_a_bad_period_is_a_field_error(client_in):
    page = client_in.get(REPORT, {"start": "2026-11-25", "end": "2026-11-01"})
    assert "before the start" in " ".join(page.context["form"].errors["end"])


def test_the_report_as_csv(client_in, user, fixed_now):
    _report_data(user)
    response = client_in.get(REPORT, {**PERIOD, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("date,logged,k1_ug,mk4_ug,mk7_ug,total_ug,avg_4_day_ug")
    last = lines[-1].split(",")
    assert last[0] == "2026-11-25" and "3.40" in last


def test_the_pdf_holds_the_inr_table_and_ttr(client_in, user, fixed_now):
    _report_data(user)
    response = client_in.get(REPORT, {**PERIOD, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = "\n".join(page.extract_text() for page in pages)
    assert "INR results" in text
    assert "Time in therapeutic range" in text and "64%" in text
    for value in ("1.80", "2.60", "3.40"):
        assert value in text
    assert "after spinach" in text


# --- Share links ---------------------------------------------------------------------------------


def _share(client, data=PERIOD):
    client.post(reverse("anticoagulation:share"), data)
    return client.get(REPORT, data).context["new_link"]


def test_a_share_link_works_logged_out_and_stops_when_revoked(client_in, user, client, fixed_now):
    _report_data(user)
    url = _share(client_in)
    link = ShareLink.objects.get(user=user)
    assert link.token_hash not in url  # only the hash is stored, never the secret
    assert (link.expires_at - link.created_at).days == 14
    client.logout()
    shared = client.get(url)
    assert shared.status_code == 200 and "64%" in shared.text
    assert "Shared read-only;" in shared.text and user.username not in shared.text
    assert "Make a share link" not in shared.text  # the report alone
    client.force_login(user)
    client.post(reverse("anticoagulation:revoke", args=[link.pk]))
    client.logout()
    assert client.get(url).status_code == 404


def test_an_expired_or_forged_link_opens_nothing(client_in, user, client, fixed_now):
    url = _share(client_in)
    ShareLink.objects.update(expires_at=fixed_now - datetime.timedelta(seconds=1))
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(url[:-4] + "abc/").status_code == 404


def test_nobody_revokes_another_persons_link(client_in, user, fixed_now):
    bob = make_user()
    from diary.anticoagulation.services import share_link_create

    link, _ = share_link_create(user=bob, first=VKA_DAY, last=VKA_DAY)
    client_in.post(reverse("anticoagulation:revoke", args=[link.pk]))
    link.refresh_from_db()
    assert link.revoked_at is None


# --- The supplement confirmation ----------------------------------------------------------------


def test_a_supplement_warning_only_in_the_mode_and_only_for_vitamin_k_supplements(user):
    pill = make_supplement()
    kale = make_food("Kale, raw", values={"k1": "389.6"})
    assert supplement_warning(user=user, food=pill) is None  # mode off
    make_vka_profile(user)
    assert supplement_warning(user=user, food=kale) is None
    assert supplement_warning(user=user, food=pill) == evidence.for_a_supplement(
        evidence.MK7_SUPPLEMENT
    )


def _entry_data(food, **extra):
    return {"food": str(food.pk), "amount": "1", "unit": "unit", "meal": "supplements", **extra}


def test_a_supplement_in_the_mode_asks_once_before_saving_then_saves_when_confirmed(user):
    make_vka_profile(user)
    pill = make_supplement()
    form = EntryForm(_entry_data(pill), user=user)
    assert not form.is_valid()
    assert form.supplement_evidence == evidence.for_a_supplement(evidence.MK7_SUPPLEMENT)
    html = render_to_string(
        "diary/anticoagulation/_supplement_confirm.html",
        {"supplement_evidence": form.supplement_evidence, "food": pill},
    )
    assert "Theuwissen E et al. 2013" in html and 'name="confirm_supplement"' in html
    confirmed = EntryForm(_entry_data(pill, confirm_supplement="1"), user=user)
    assert confirmed.is_valid(), confirmed.errors


def test_without_the_mode_a_supplement_is_logged_without_asking(user):
    pill = make_supplement()
    assert EntryForm(_entry_data(pill), user=user).is_valid()


def test_the_report_says_which_supplements_started_and_stopped_in_the_period(user):
    from diary.anticoagulation.selectors import clinic_report

    mk7 = make_supplement()
    k1 = make_supplement(name="Vitamin K1 tablet")
    first, last = datetime.date(2026, 11, 1), datetime.date(2026, 11, 25)
    for day in (datetime.date(2026, 10, 20), datetime.date(2026, 11, 3)):
        make_entry(user, mk7, day=day, grams=1)
    for day in (datetime.date(2026, 11, 10), datetime.date(2026, 11, 12)):
        make_entry(user, k1, day=day, grams=1)
    make_entry(make_user(), k1, day=datetime.date(2026, 11, 30), grams=1)  # someone else's
    lines = {s.name: s for s in clinic_report(user=user, first=first, last=last).supplements}
    assert (lines["Vitamin K2 capsule"].before, lines["Vitamin K2 capsule"].days) == (True, 1)
    tablet = lines["Vitamin K1 tablet"]
    assert (tablet.first, tablet.last, tablet.days, tablet.before, tablet.after) == (
        datetime.date(2026, 11, 10),
        datetime.date(2026, 11, 12),
        2,
        False,
        False,
    )


def test_the_settings_page_lists_the_share_links_made(client_in, user, fixed_now):
    from diary.anticoagulation.services import share_link_create, share_link_revoke

    link, _ = share_link_create(user=user, first=VKA_DAY, last=VKA_DAY)
    share_link_revoke(user=user, pk=link.pk)
    share_link_create(user=user, first=VKA_DAY - datetime.timedelta(days=7), last=VKA_DAY)
    share_link_create(user=make_user(), first=VKA_DAY, last=VKA_DAY)
    page = client_in.get(reverse("anticoagulation:settings"))
    assert [shared.user for shared in page.context["links"]] == [user, user]
    assert page.text.count('class="link-button">Revoke') == 1  # the live one
    assert "revoked 25 Nov 2026" in page.text and "works until 9 Dec 2026" in page.text


def test_the_day_page_asks_before_logging_a_supplement_then_logs_it(client_in, user):
    make_vka_profile(user)
    pill = make_supplement()
    add = reverse("day:add", args=["2026-11-25"])
    first = client_in.post(add, _entry_data(pill), headers=hx("add-entry"))
    assert "Theuwissen E et al. 2013" in first.text
    assert 'name="confirm_supplement"' in first.text
    assert "healthy volunteers on acenocoumarol" in first.text
    assert not Entry.objects.exists()
    client_in.post(add, _entry_data(pill, confirm_supplement="1"), headers=hx("add-entry"))
    assert Entry.objects.get().food == pill


def test_kale_in_the_mode_is_logged_without_asking(client_in, user):
    make_vka_profile(user)
    kale = make_food("Kale, raw", values={"k1": "389.6"})
    data = {"food": str(kale.pk), "amount": "50", "unit": "g", "meal": "lunch"}
    client_in.post(reverse("day:add", args=["2026-11-25"]), data)
    assert Entry.objects.get().food == kale


class _NoPango(importlib.abc.MetaPathFinder):
    """WeasyPrint's import on a machine without Pango: cffi cannot open the library."""

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': No such file or directory")
        return None


def test_without_pango_the_pdf_link_says_what_to_install(client_in, user, fixed_now, monkeypatch):
    _report_data(user)
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])
    response = client_in.get(REPORT, {**PERIOD, "format": "pdf"})
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "PDF needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0" in response.text
    assert "format=print" in response.text and "format=csv" in response.text
