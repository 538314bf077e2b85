"""Files and characters nobody should be able to stall the server or break an account with.
Each reproduction: no 500, no request over 2 s, the account still opens, nothing half-saved."""

import datetime
import io
import json
import time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from diary.anticoagulation import selectors as anticoagulation_selectors
from diary.anticoagulation import steadiness
from diary.anticoagulation.exports import html_to_pdf
from diary.anticoagulation.models import MAX_LIVE_SHARE_LINKS
from diary.backup.selectors import backup_document
from diary.models import MAX_UNITS, DoseChange, Entry, InrResult, ShareLink
from foods.models import SUPPLEMENT_CEILING_UG
from foods.text import parse_id
from tests.factories import (
    make_entry,
    make_food,
    make_inr,
    make_natto,
    make_supplement,
    make_user,
    make_vka_profile,
)

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SLOW = 2.0  # seconds: no answer may take longer
DAY = datetime.date(2026, 11, 20)


def timed(call, *args, **kwargs):
    started = time.perf_counter()
    response = call(*args, **kwargs)
    elapsed = time.perf_counter() - started
    assert elapsed < SLOW, f"{elapsed:.1f} s"
    assert response.status_code != 500
    return response


def restore(client, content):
    upload = io.BytesIO(content if isinstance(content, bytes) else json.dumps(content).encode())
    upload.name = "backup.json"
    return timed(client.post, reverse("backup:restore"), {"file": upload})


def still_opens(client):
    """The person's pages all answer: diary, a day, week, report, download, a new restore."""
    for url in (
        reverse("day:today"),
        reverse("day:day", args=[DAY.isoformat()]),
        reverse("reports:week"),
        reverse("anticoagulation:report"),
        reverse("backup:download"),
    ):
        assert timed(client.get, url).status_code == 200, url


@pytest.fixture
def account(signed_in, alice):
    """alice with a catalogue entry, an own food with a portion, an INR and a dose: a backup
    with each kind of object to spoil."""
    natto = make_natto()
    make_entry(alice, natto, grams=50, day=DAY)
    make_food("Kraut", values={"k1": 13}, portions=[("cup", 142)], owner=alice)
    make_vka_profile(alice)
    make_inr(alice, DAY, "2.4")
    DoseChange.objects.create(user=alice, day=DAY, mg_per_day=Decimal(5))
    return alice


@pytest.fixture
def document(account):
    return json.loads(json.dumps(backup_document(user=account)))


def refused(response, *words):
    text = response.content.decode()
    assert response.status_code == 400
    for word in words:
        assert word in text, (word, text[text.find("errorlist") : text.find("errorlist") + 400])


def nothing_changed(user, entries=1):
    assert Entry.objects.filter(user=user).count() == entries
    assert InrResult.objects.filter(user=user).count() == 1


# --- µg in a restored entry ---------------------------------------------------------------------


@pytest.mark.parametrize("k1", ["1e999999", "1e49999", "1e9999", "-100000", "50000.001", "1e-9"])
def test_logged_values_beyond_the_catalogue_bounds_are_refused(signed_in, account, document, k1):
    document["entries"][0]["logged_values"] = {"k1": k1, "mk7": "939"}
    Entry.objects.filter(user=account).delete()  # so the entry would be added
    refused(restore(signed_in, document), "entries[0]", "logged_values")
    nothing_changed(account, entries=0)
    still_opens(signed_in)


@pytest.mark.parametrize("snapshot", [{"k9": "1"}, {"k1": True}, {"k1": [1]}, ["1"], {"k1": "NaN"}])
def test_logged_values_of_unknown_forms_or_not_numbers_are_refused(
    signed_in, account, document, snapshot
):
    document["entries"][0]["logged_values"] = snapshot
    Entry.objects.filter(user=account).delete()
    refused(restore(signed_in, document), "entries[0]", "logged_values")
    nothing_changed(account, entries=0)


def test_a_logged_value_at_the_ceiling_still_restores(signed_in, account, document):
    pill = make_supplement(mk7="1")
    document["entries"][0]["food"] = {"catalogue": {"id": pill.pk, "name": pill.name}}
    document["entries"][0].update(grams=None, quantity=str(MAX_UNITS))
    document["entries"][0]["logged_values"] = {"mk7": str(SUPPLEMENT_CEILING_UG)}
    response = restore(signed_in, document)
    assert response.status_code == 302
    assert Entry.objects.filter(user=account, food=pill).get().intake().total == Decimal(5000000)


# --- created_at in years the database cannot read back --------------------------------------------


@pytest.mark.parametrize(
    "stamp", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "1899-12-31T12:00:00"]
)
def test_created_at_outside_the_diarys_years_is_refused(signed_in, account, document, stamp):
    document["entries"][0]["created_at"] = stamp
    Entry.objects.filter(user=account).delete()
    refused(restore(signed_in, document), "entries[0]", "created_at")
    nothing_changed(account, entries=0)
    still_opens(signed_in)


@pytest.mark.parametrize("part", ["inr_results", "dose_changes"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_inr_and_dose_days_outside_the_diarys_years_are_refused(
    signed_in, account, document, part, day
):
    document["anticoagulation"][part][0]["day"] = day
    refused(restore(signed_in, document), f"anticoagulation.{part}[0]", "day")
    nothing_changed(account)
    assert DoseChange.objects.filter(user=account).count() == 1
    still_opens(signed_in)


# --- The file itself ------------------------------------------------------------------------------


def test_a_deeply_nested_file_is_refused_before_parsing(signed_in, account):
    deep = b"[" * 100_000 + b"]" * 100_000
    refused(restore(signed_in, deep), "nests deeper")
    refused(restore(signed_in, b'{"a": ' * 50_000 + b"1" + b"}" * 50_000), "nests deeper")
    nothing_changed(account)


def test_brackets_inside_strings_do_not_count_as_depth(signed_in, account, document):
    document["anticoagulation"]["inr_results"][0]["note"] = '[[[[[[[[[[[[[[[[[[[[[[[[[ {{{{ \\"'
    document["anticoagulation"]["inr_results"][0]["day"] = "2026-11-19"
    assert restore(signed_in, document).status_code == 302
    assert InrResult.objects.filter(user=account).count() == 2


def new_food_portion_seq(document, seq):
    food = document["custom_foods"][0]
    food["name"] = "A food not in the account yet"
    food["portions"][0]["seq"] = seq


@pytest.mark.parametrize(
    "spoil, where",
    [
        (lambda d: d["entries"][0]["food"]["catalogue"].update(id="__INF__"), "food references"),
        (lambda d: d["entries"][0]["food"]["catalogue"].update(id="__BIG__"), "food references"),
        (
            lambda d: (
                d["custom_foods"][0].update(name="New")
                or d["custom_foods"][0]["portions"][0].update(seq="__INF__")
            ),
            "custom_foods[0]",
        ),
        (
            lambda d: (
                d["custom_foods"][0].update(name="New")
                or d["custom_foods"][0]["portions"][0].update(seq="__BIG__")
            ),
            "custom_foods[0]",
        ),
        (lambda d: d["profile"].update(age="__INF__"), "profile"),
        (lambda d: d["profile"].update(age="__BIG__"), "profile"),
        (lambda d: d["profile"].update(age=10**30), "profile"),
        (lambda d: d["profile"].update(age="²"), "profile"),
    ],
)
def test_infinity_and_huge_numbers_in_whole_number_fields_are_refused(
    signed_in, account, document, spoil, where
):
    spoil(document)
    text = json.dumps(document).replace('"__INF__"', "Infinity").replace('"__BIG__"', "1e400")
    response = restore(signed_in, text.encode())
    assert response.status_code == 400
    assert where in response.content.decode() or "not a number" in response.content.decode()
    nothing_changed(account)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d["anticoagulation"]["inr_results"][0].update(note="a\u0000b"),
        lambda d: d["custom_foods"][0].update(name="Kraut\u0000"),
        lambda d: d["profile"].update({"time\u0000zone": "x"}),
    ],
)
def test_a_nul_character_anywhere_in_a_file_is_refused(signed_in, account, document, spoil):
    spoil(document)
    refused(restore(signed_in, document), "NUL")
    nothing_changed(account)


def test_text_longer_than_the_forms_allow_and_unknown_dose_units_are_refused(
    signed_in, account, document
):
    original = json.loads(json.dumps(document))
    document["anticoagulation"]["inr_results"][0].update(note="x" * 10_000, day="2026-11-18")
    refused(restore(signed_in, document), "anticoagulation.inr_results[0]", "note")
    document = original
    document["custom_foods"][0].update(dose_unit="<b>", name="Other")
    refused(restore(signed_in, document), "custom_foods[0]", "dose_unit")
    nothing_changed(account)


# --- Arithmetic over the largest values allowed ------------------------------------------------


def test_the_report_and_steadiness_over_the_largest_values_allowed_are_quick(signed_in, alice):
    """Each day of 8 weeks holds the most a day can: entries of the strongest supplement
    allowed, at its most units; the report and the steadiness page still answer at once."""
    make_vka_profile(alice)
    pill = make_supplement(mk7=str(SUPPLEMENT_CEILING_UG))
    snapshot = {"mk7": str(SUPPLEMENT_CEILING_UG), "k1": str(SUPPLEMENT_CEILING_UG)}
    Entry.objects.bulk_create(
        Entry(
            user=alice, day=DAY - datetime.timedelta(days=i), meal="supplements", food=pill,
            quantity=MAX_UNITS - Decimal("0.001") * j, logged_values=snapshot,
        )
        for i in range(56)
        for j in range(5)
    )  # fmt: skip
    first, last = DAY - datetime.timedelta(days=55), DAY
    started = time.perf_counter()
    report = anticoagulation_selectors.clinic_report(user=alice, first=first, last=last)
    assert report.usual is not None and report.usual.total.mean > Decimal(10**7)
    assert time.perf_counter() - started < 1.0
    query = {"start": first.isoformat(), "end": last.isoformat()}
    timed(signed_in.get, reverse("anticoagulation:report"), query)
    timed(signed_in.get, reverse("anticoagulation:index"))
    timed(signed_in.get, reverse("reports:trend"))
    # The pure functions alone, on a month of the largest day totals.
    huge = Decimal("99999999999.999")
    days = [(DAY - datetime.timedelta(days=i), huge - i) for i in range(28)]
    started = time.perf_counter()
    for _ in range(100):
        steadiness.spread([value for _, value in days])
    assert time.perf_counter() - started < 1.0


# --- Ids that only look like digits ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["²", "١٢", "１２", "-1", "1.0", " 1", "", "9" * 30, None, 12])
def test_parse_id_takes_ascii_digits_only(text):
    assert parse_id(text) is None


def test_parse_id_reads_an_id():
    assert (parse_id("12"), parse_id("0012")) == (12, 12)


@pytest.mark.parametrize("digit", ["²", "١٢", "１２"])
def test_unicode_digits_in_ids_are_no_500(signed_in, alice, digit):
    inr = make_inr(alice, DAY, "2.4")
    day = reverse("day:day", args=[DAY.isoformat()])
    for url, query in [
        (reverse("day:today"), {"food": digit}),
        (reverse("day:units"), {"food": digit}),
        (reverse("day:preview"), {"food": digit, "amount": "1", "unit": "g"}),
        (day, {"edit": digit}),
        (reverse("anticoagulation:log"), {"edit": f"inr-{digit}"}),
    ]:
        assert timed(signed_in.get, url, query).status_code in (200, 302), url
    add = reverse("day:add", args=[DAY.isoformat()])
    answer = timed(signed_in.post, add, {"food": digit, "amount": "1", "unit": "g"})
    assert answer.status_code in (200, 400)
    for url in (f"/diary/{DAY}/favourites/{digit}/", f"/diary/２０２６-11-20{digit}/"):
        assert timed(signed_in.post, url, {"favourite": "1"}).status_code == 404
    assert not Entry.objects.exists()
    assert InrResult.objects.get() == inr


# --- The INR log's undo -----------------------------------------------------------------------


def test_the_undo_of_an_inr_delete_stays_out_of_the_address(signed_in, alice):
    inr = make_inr(alice, DAY, "2.4", note="private note")
    response = signed_in.post(reverse("anticoagulation:delete", args=["inr", inr.pk]))
    assert response.status_code == 302
    assert "undo" not in response["Location"] and "?" not in response["Location"]
    page = signed_in.get(response["Location"])
    token = page.context["undo"]
    assert token and token not in page.request["QUERY_STRING"]
    assert not signed_in.get(response["Location"]).context["undo"]  # shown once
    signed_in.post(reverse("anticoagulation:undo"), {"token": token})
    assert InrResult.objects.get(user=alice).note == "private note"
    # An old-style ?undo= in the address is not read.
    assert not signed_in.get(reverse("anticoagulation:log"), {"undo": token}).context["undo"]


# --- The delete-account form's password ------------------------------------------------------


@override_settings(AXES_FAILURE_LIMIT=3)
def test_wrong_passwords_on_the_delete_form_are_counted_like_sign_ins(signed_in, alice):
    url = reverse("backup:delete_account")
    answers = [
        timed(signed_in.post, url, {"password": f"wrong-{i}", "confirm": "on"}).status_code
        for i in range(4)
    ]
    assert answers[:2] == [400, 400] and answers[-1] == 429
    locked = signed_in.post(url, {"password": PASSWORD, "confirm": "on"})
    assert locked.status_code == 429
    assert "Too many wrong passwords" in locked.content.decode()
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_the_right_password_still_deletes_the_account(signed_in, alice):
    signed_in.post(reverse("backup:delete_account"), {"password": "wrong", "confirm": "on"})
    response = signed_in.post(
        reverse("backup:delete_account"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=alice.pk).exists()


# --- The PDF and the share link ---------------------------------------------------------------


def test_a_file_url_in_the_pdfs_html_is_neither_fetched_nor_embedded(tmp_path):
    image = tmp_path / "secret.svg"
    image.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50">'
        '<rect width="50" height="50" fill="red"/><text y="20">SECRETTEXT</text></svg>'
    )
    png = tmp_path / "secret.png"
    png.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e2a3a5e50000000049454e44ae426082"
        )
    )
    html = (
        f'<html><body><p>Note</p><img src="file://{png}"><img src="file://{image}">'
        f'<link rel="stylesheet" href="file://{tmp_path}/x.css"></body></html>'
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert b"/Image" not in pdf and b"SECRETTEXT" not in pdf
    # The same HTML with WeasyPrint's own fetcher does embed it: the test can fail.
    from weasyprint import HTML

    assert b"/Image" in HTML(string=html).write_pdf()


def test_the_share_page_shows_no_username(client, alice):
    make_vka_profile(alice)
    client.force_login(alice)
    client.post(reverse("anticoagulation:share"), {"start": "2026-11-01", "end": "2026-11-20"})
    link = client.session["anticoagulation_new_link"]
    client.logout()
    page = timed(client.get, link)
    assert page.status_code == 200
    assert "alice" not in page.content.decode()


def test_at_most_n_live_share_links(signed_in, alice):
    period = {"start": "2026-11-01", "end": "2026-11-20"}
    for _ in range(MAX_LIVE_SHARE_LINKS + 2):
        answer = signed_in.post(reverse("anticoagulation:share"), period, follow=True)
    assert ShareLink.objects.filter(user=alice).count() == MAX_LIVE_SHARE_LINKS
    assert f"already have {MAX_LIVE_SHARE_LINKS} share links" in answer.content.decode()
    # A revoked one makes room.
    signed_in.post(reverse("anticoagulation:revoke", args=[ShareLink.objects.first().pk]))
    signed_in.post(reverse("anticoagulation:share"), period)
    assert ShareLink.objects.filter(user=alice).count() == MAX_LIVE_SHARE_LINKS + 1


@override_settings(THROTTLES={"report-pdf": (1, 3600)})
def test_the_pdf_is_limited_per_person(signed_in, alice):
    query = {"start": "2026-11-01", "end": "2026-11-20", "format": "pdf"}
    assert signed_in.get(reverse("anticoagulation:report"), query).status_code == 200
    again = signed_in.get(reverse("anticoagulation:report"), query)
    assert again.status_code == 429 and "Too many PDFs this hour" in again.content.decode()
    # A limit on PDFs says nothing of passwords or the account's safety.
    assert "password" not in again.content.decode().lower()
    assert "account's safety" not in again.content.decode()
    # Someone else is not held back by it.
    bob = make_user("bob")
    signed_in.force_login(bob)
    assert signed_in.get(reverse("anticoagulation:report"), query).status_code == 200
