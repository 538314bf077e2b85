"""How fast the week page renders for a user with three years of diary among 1,000 users.

Not a test: it seeds a throwaway PostgreSQL database, renders pages through Django's test
Client and prints the figures. The target is a median under 50 ms at the server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/k2_bench \
        .venv/bin/python benchmarks/week_speed.py

DATABASE_URL names the server and a base name: the script creates `test_<name>` (as the test
runner does), migrates it, seeds it and drops it at the end, so it never touches a real database.
Default: postgres://postgres@127.0.0.1:5432/k2_bench. Options: --users 1000 --entries-per-user 200
--renders 200.

The baseline is the home page, rendered in the same run by the same logged-in client: the ratio
says what the week page costs above the fixed price of a request (session, user, template).
"""

import argparse
import datetime
import random
import sys
import time
import warnings
from decimal import Decimal

from _common import median_p95, setup_django

# Production settings (DEBUG off: no query log), except static files: no collectstatic needed.
setup_django(database_url="postgres://postgres@127.0.0.1:5432/k2_bench", plain_static_files=True)

from django.conf import settings  # noqa: E402

settings.DEBUG = False
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no STATIC_ROOT here

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

from diary import periods  # noqa: E402
from diary.models import Entry, Meal, Profile  # noqa: E402
from foods.models import Food, FoodGroup, Method, Source, VitaminKValue  # noqa: E402
from foods.text import fold  # noqa: E402

FORMS = ("k1", "mk4", "mk7", "mk9", "k2")
MEALS = [meal.value for meal in Meal]
YEARS = 3


def seed(users, entries_per_user, rng):
    group = FoodGroup.objects.create(code="BENCH", name="Benchmark foods")
    source = Source.objects.create(key="bench", name="Benchmark", citation="made up")
    foods = Food.objects.bulk_create(
        Food(name=f"Food {i}", slug=f"food-{i}", search_name=fold(f"Food {i}"), group=group)
        for i in range(200)
    )
    values = []
    for food in foods:
        for form in rng.sample(FORMS, rng.randint(1, 3)):
            values.append(
                VitaminKValue(
                    food=food,
                    form=form,
                    amount_ug=Decimal(rng.randint(1, 9000)) / 10,
                    source=source,
                    method=Method.ANALYTICAL,
                )
            )
    VitaminKValue.objects.bulk_create(values)

    User = get_user_model()
    people = User.objects.bulk_create(
        User(username=f"bench{i:04d}", password="!unusable") for i in range(users)
    )
    Profile.objects.bulk_create(Profile(user=u, time_zone="Europe/Berlin") for u in people)

    today = timezone.now().date()
    first = today - datetime.timedelta(days=365 * YEARS)
    span = (today - first).days

    def entry(user, day):
        grams = Decimal(rng.randint(5, 300))
        return Entry(
            user=user,
            day=day,
            meal=rng.choice(MEALS),
            food=rng.choice(foods),
            quantity=grams,
            grams=grams,
        )

    measured = people[0]
    Entry.objects.bulk_create(  # ~3 entries a day for three years
        (
            entry(measured, first + datetime.timedelta(days=d))
            for d in range(span + 1)
            for _ in range(3)
        ),
        batch_size=5000,
    )
    batch = []
    for user in people[1:]:
        batch.extend(
            entry(user, first + datetime.timedelta(days=rng.randint(0, span)))
            for _ in range(entries_per_user)
        )
        if len(batch) >= 20000:
            Entry.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Entry.objects.bulk_create(batch, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return measured


def timed(client, url, renders):
    times = []
    for _ in range(renders):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--entries-per-user", type=int, default=200)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    vendor = connection.vendor
    if vendor != "postgresql":
        print(f"warning: measuring on {vendor}; the target is for PostgreSQL", file=sys.stderr)

    # No setup_test_environment(): its instrumented template rendering (a signal and a context
    # copy per template) would inflate the figures.
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        measured = seed(args.users, args.entries_per_user, random.Random(args.seed))
        entries = Entry.objects.count()
        mine = Entry.objects.for_user(measured).count()
        print(
            f"seeded {args.users} users, {entries:,} entries ({mine:,} for the measured user, "
            f"{YEARS} years) on {vendor} in {time.perf_counter() - started:.1f} s"
        )

        client = Client()
        client.force_login(measured)
        profile = Profile.objects.get(user=measured)
        monday = periods.monday_of(periods.local_today(timezone.now(), profile.zone))
        week_entries = Entry.objects.for_user(measured).between(
            monday, monday + datetime.timedelta(days=6)
        )
        year_ago = periods.week_label(monday - 52 * periods.ONE_WEEK)
        pages = {
            "week (this week)": "/diary/week/",
            "week (a year ago)": f"/diary/week/{year_ago}/",
            "trend (365 days)": "/diary/trend/?days=365",
            "baseline: home page": "/",
        }
        with CaptureQueriesContext(connection) as queries:
            client.get(pages["week (this week)"])
        print(f"week page: {len(queries)} queries, {week_entries.count()} entries this week")

        for url in pages.values():  # warm up: templates, connection, caches
            timed(client, url, 10)
        results = {name: [] for name in pages}
        for _ in range(args.renders // 10):  # interleaved, so drift hits every page alike
            for name, url in pages.items():
                results[name].extend(timed(client, url, 10))

        base_median, _ = median_p95(results["baseline: home page"])
        print(f"{args.renders} renders each, through the test Client (ms):")
        for name, times in results.items():
            median, p95 = median_p95(times)
            print(
                f"  {name:<22} median {median:6.2f}  p95 {p95:6.2f}  "
                f"ratio to baseline {median / base_median:4.2f}"
            )
        week_median, week_p95 = median_p95(results["week (this week)"])
        verdict = "meets" if week_median < 50 else "MISSES"
        print(f"week page median {week_median:.1f} ms {verdict} the 50 ms target")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
