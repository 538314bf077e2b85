import csv
import datetime
import io
from decimal import Decimal

import pytest

from diary.models import Entry, Meal
from diary.reports.exports import ENTRY_HEADER
from foods.models import Method, Portion, VitaminKValue
from k2lib.csv_files import safe_cell
from tests.factories import make_entry, make_food, make_natto, make_source, make_user

# fixed_now, user and client_in: tests/integration/conftest.py
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]

D = datetime.date


def download(client, first, last):
    response = client.get("/diary/export/", {"from": first, "to": last})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="k2-diary-{first}-to-{last}.csv"'
    )
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_form_defaults_to_the_last_30_days_in_the_users_zone(client, user):
    client.force_login(make_user(time_zone="Pacific/Kiritimati"))  # UTC+14: already 26 Nov
    page = client.get("/diary/export/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="2026-10-28"' in html and 'value="2026-11-26"' in html
    assert '<label for="id_from">From</label>' in html
    assert '<label for="id_to">To</label>' in html


def test_entries_csv_has_every_form_and_leaves_no_data_empty(client_in, user):
    natto = make_natto()
    make_entry(user, natto, grams=100, day=D(2026, 11, 20))
    cup = Portion.objects.get(food=natto)
    half_cup = Portion.objects.create(
        food=natto, seq=2, amount=Decimal("0.5"), description="cup", grams=Decimal("87.5")
    )
    Entry.objects.create(
        user=user, food=natto, day=D(2026, 11, 21), meal=Meal.LUNCH,
        portion=half_cup, quantity=Decimal(1), grams=Decimal("87.5"),
    )  # fmt: skip
    drops = make_food("K2 drops", dose_unit="drop", values={"mk7": 50, "k2": 5})
    Entry.objects.create(
        user=user, food=drops, day=D(2026, 11, 22), meal=Meal.SUPPLEMENTS,
        quantity=Decimal(2), grams=None,
    )  # fmt: skip
    Entry.objects.create(
        user=user, food=natto, day=D(2026, 11, 23), meal=Meal.DINNER,
        portion=cup, quantity=Decimal(2), grams=Decimal(350),
    )  # fmt: skip

    rows = download(client_in, "2026-11-01", "2026-11-30")
    assert rows[0] == ENTRY_HEADER
    assert rows[0] == [
        "date", "meal", "food", "amount", "unit", "grams",
        "k1_ug", "dihydro_k1_ug", "mk4_ug", "mk5_ug", "mk6_ug", "mk7_ug", "mk8_ug", "mk9_ug",
        "mk10_ug", "k2_unspecified_ug", "k_not_separated_ug", "k2_total_ug", "total_ug",
        "vitamin_d_ug", "calcium_mg",
    ]  # fmt: skip
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(body) == 4
    natto_row = body[0]
    assert natto_row["date"] == "2026-11-20" and natto_row["meal"] == "Breakfast"
    assert natto_row["food"] == "Natto" and natto_row["unit"] == "g"
    assert natto_row["amount"] == "100" and natto_row["grams"] == "100"
    assert natto_row["k1_ug"] == "23.1" and natto_row["mk7_ug"] == "939"
    assert natto_row["k2_total_ug"] == "939" and natto_row["total_ug"] == "962.1"
    for empty in (
        "dihydro_k1_ug", "mk4_ug", "mk5_ug", "mk10_ug", "k2_unspecified_ug", "vitamin_d_ug",
        "calcium_mg",
    ):  # fmt: skip
        assert natto_row[empty] == ""  # no data, never 0
    assert body[1]["unit"] == "0.5 cup" and body[1]["amount"] == "1"
    assert body[1]["grams"] == "87.5"
    assert body[1]["mk7_ug"] == "821.6"  # 821.625 µg, to 0.1 µg half up as on every page
    assert body[2]["unit"] == "drop" and body[2]["amount"] == "2" and body[2]["grams"] == ""
    assert body[2]["mk7_ug"] == "100" and body[2]["k2_unspecified_ug"] == "10"
    assert body[2]["k1_ug"] == "" and body[2]["total_ug"] == "110"
    assert body[3]["unit"] == "cup" and body[3]["amount"] == "2" and body[3]["grams"] == "350"
    assert body[3]["meal"] == "Dinner" and body[3]["total_ug"] == "3367.4"  # 3,367.35


def test_a_zero_from_a_source_stays_zero(client_in, user):
    apple = make_food("Apple", values={"k1": "2.2"})
    VitaminKValue.objects.create(
        food=apple, form="mk4", amount_ug=0, source=make_source(), method=Method.ANALYTICAL
    )
    make_entry(user, apple, grams=100, day=D(2026, 11, 20))
    row = dict(zip(*download(client_in, "2026-11-20", "2026-11-20"), strict=True))
    assert row["mk4_ug"] == "0" and row["mk7_ug"] == ""


def test_export_includes_only_own_entries_in_the_range(client_in, user):
    natto = make_natto()
    make_entry(make_user(), natto, grams=300, day=D(2026, 11, 20))
    make_entry(user, natto, grams=10, day=D(2026, 11, 20))
    make_entry(user, natto, grams=20, day=D(2026, 10, 31))  # before the range
    make_entry(user, natto, grams=30, day=D(2026, 12, 1))  # after it
    rows = download(client_in, "2026-11-01", "2026-11-30")
    assert [row[3] for row in rows[1:]] == ["10"]


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]
)
def test_food_names_cannot_become_spreadsheet_formulas(client_in, user, name):
    make_entry(user, make_food(name, owner=user, values={"k1": 1}), grams=1, day=D(2026, 11, 2))
    rows = download(client_in, "2026-11-01", "2026-11-30")
    assert rows[1][2] == "'" + name
    assert safe_cell("Natto") == "Natto" and safe_cell(None) == "" and safe_cell(Decimal(0)) == "0"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "yesterday", "to": "2026-11-30"}, "from", "Enter a date"),
        ({"from": "2026-02-30", "to": "2026-11-30"}, "from", "Enter a date"),
        ({"from": "2026-11-30", "to": "2026-11-01"}, "to", "before the start date"),
        ({"from": "1899-12-31", "to": "2026-11-01"}, "from", "1900 or later"),
        ({"from": "2026-11-01", "to": "2028-01-01"}, "to", "no later than 2027"),
        ({"from": "2020-01-01", "to": "2026-11-01"}, "to", "at most five years"),
        ({"from": "2026-11-01"}, "to", "required"),
        ({"from": "", "to": ""}, "from", "required"),
        ({"from": "99999-01-01", "to": "2026-11-01"}, "from", "Enter a date"),
    ],
)
def test_bad_ranges_get_field_errors_not_a_file(client_in, params, field, message):
    response = client_in.get("/diary/export/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert 'class="errorlist' in response.content.decode()


def test_five_years_is_allowed(client_in, user):
    make_entry(user, make_natto(), grams=10, day=D(2022, 1, 1))
    rows = download(client_in, "2022-01-01", "2026-12-31")
    assert len(rows) == 2


@pytest.mark.parametrize(
    "url",
    [
        "/diary/export/?from=2026-11-20&to=2026-11-25",
        "/diary/week/2026-W48/?format=csv",
        "/diary/trend/?days=30&format=csv",
        "/diary/anticoagulation/report/?start=2026-11-20&end=2026-11-25&format=csv",
    ],
)
def test_every_csv_download_opens_in_excel_and_in_any_csv_reader(client_in, user, url):
    """A UTF-8 byte-order mark first, so Excel reads "µg" and "Crème fraîche" as written and
    not as "Ã‚Âµg"; any other reader (Python's utf-8-sig) finds the same columns as before."""
    make_entry(user, make_food("Crème fraîche", values={"k1": 1.5}), day=D(2026, 11, 24))
    response = client_in.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    # The week and the trend open with rows naming the range and the person's own value.
    header = [row[0] for row in rows].index("date")
    assert header == (2 if "/week/" in url or "/trend/" in url else 0)
    assert len({len(row) for row in rows[header:]}) == 1
    if "export" in url:
        assert any("Crème fraîche" in row for row in rows)
