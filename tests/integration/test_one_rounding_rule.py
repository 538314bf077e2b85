"""One rounding rule: the same µg read the same on the day page, the week page, the
charts and the CSV files: half up to 0.1 µg, "<0.1" for a trace, "no data" for unknown."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest

from diary.models import Entry
from foods import formatting
from tests.factories import NOW, make_entry, make_food, make_supplement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]
DAY = NOW.date()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1643.25"), "1,643.3"),  # half up, not half even (1,643.2)
        (Decimal("1643.24"), "1,643.2"),
        (Decimal("0.05"), "0.1"),
        (Decimal("0.049"), "<0.1"),  # a trace is not 0
        (Decimal(0), "0"),  # a measured zero is 0
        (Decimal("939.0"), "939"),
        (None, "no data"),
    ],
)
def test_the_rule(value, text):
    assert formatting.ug_number(value) == text


def chart(html, element_id):
    found = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(found[1])


def test_the_same_values_read_the_same_everywhere(client_in, user):
    # 175 g of 939 µg/100 g is 1,643.25 µg of MK-7; 1 g of 4.9 µg/100 g is 0.049 µg of K1.
    natto = make_food("Natto", values={"mk7": 939})
    trace = make_food("Trace food", values={"k1": "4.9"})
    make_entry(user, natto, grams=175, day=DAY)
    make_entry(user, trace, grams=1, day=DAY)

    day = client_in.get(f"/diary/{DAY.isoformat()}/").content.decode()
    assert '<dd id="day-k2">1,643.3 µg</dd>' in day
    assert '<dd id="day-k1">&lt;0.1 µg</dd>' in day

    week_page = client_in.get("/diary/week/").content.decode()
    row = week_page.split(f'data-day="{DAY.isoformat()}"')[1].split("</tr>")[0]
    assert ">1,643.3<" in row and ("&lt;0.1" in row)

    data = chart(week_page, "week-data")
    wednesday = DAY.weekday()
    assert data["k2"][wednesday] == 1643.3 and data["k1"][wednesday] == 0.05  # a visible trace

    week_csv = client_in.get("/diary/week/?format=csv").content.decode("utf-8-sig")
    # Past the two rows that name the range and the person's own value.
    rows = {r["date"]: r for r in csv.DictReader(week_csv.splitlines()[2:])}
    assert rows[DAY.isoformat()]["k2_ug"] == "1643.3"
    assert rows[DAY.isoformat()]["k1_ug"] == "<0.1"

    export = (
        client_in.get("/diary/export/", {"from": DAY, "to": DAY}).getvalue().decode("utf-8-sig")
    )
    entries = list(csv.DictReader(io.StringIO(export)))
    assert entries[0]["mk7_ug"] == "1643.3" and entries[1]["k1_ug"] == "<0.1"


def test_two_mk7_capsules_alone_are_placed_by_the_total_and_say_they_are_supplements(
    client_in, user
):
    """200 µg of MK-7 from capsules is placed by the day's total, never as "target reached"
    without saying that it all came from supplements."""
    capsule = make_supplement(mk7="100")
    Entry.objects.create(user=user, day=DAY, meal="supplements", food=capsule, quantity=2)
    html = client_in.get(f"/diary/{DAY.isoformat()}/").content.decode()
    standing = " ".join(html.split('id="day-standing">')[1].split("</p>")[0].split())
    assert '= <strong id="day-total">200 µg</strong>, of which 200 µg from supplements' in standing
    assert "above</span> the 90–120 µg adult reference range" in standing
    assert "200 µg" in html.split('id="k2-by-form"')[1].split("</p>")[0]


def test_the_week_says_per_form_what_share_of_the_grams_has_data(client_in, user):
    """SR28-like cream cheese (MK-4 only) and a food of unreported K2 form: neither makes MK-7
    or K2 as a whole known, though K2 amounts are shown."""
    cream_cheese = make_food("Cream cheese", values={"k1": "2.9", "mk4": "4.8"})
    stew = make_food("Stew", values={"k2": "5"})
    make_entry(user, cream_cheese, grams=30, day=DAY)
    make_entry(user, stew, grams=70, day=DAY)
    html = client_in.get("/diary/week/").content.decode()
    coverage = html.split('id="week-coverage">')[1].split("</ul>")[0]
    assert "<li>K1: 30%</li>" in coverage and "<li>MK-4: 30%</li>" in coverage
    assert "<li>MK-7: 0%</li>" in coverage
    assert "<li>K2 as a whole: 70%</li>" in coverage  # only the stew's K2 total is complete
