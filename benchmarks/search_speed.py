"""How fast food search answers at the server, on the full shipped catalogue.

Not a test: it creates a throwaway test database (as the test runner does: `test_<name>` on
PostgreSQL, in memory on SQLite), loads the catalogue with `manage.py load_catalogue`, then
sends the requests the search box sends (htmx, HX-Target: food-results) through Django's test
Client and prints the median and p95 per query. The target (issue 3) is under 20 ms.

    .venv/bin/python benchmarks/search_speed.py                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/k2_search_bench \
        .venv/bin/python benchmarks/search_speed.py                   # PostgreSQL

Baselines measured in the same run: a trivial `Food.objects.count()` and the static "About the
data" page through the same client. The ratio says what a search costs above the fixed price
of a request (middleware, template, one query).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "k2tracker.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("DJANGO_HTTPS", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Production settings, except static files: no collectstatic for a benchmark.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402

from foods.models import Food  # noqa: E402

QUERIES = [
    {"q": "natto"},
    {"q": "gouda"},
    {"q": "egg yolk"},
    {"q": "cheese"},
    {"q": "spinach raw"},
    {"q": "CRÈME"},
    {"q": "beef ground 80"},
    {"q": "a"},
    {"q": "ch"},
    {"q": "zzzz"},
    {"q": ""},
    {"q": "x" * 2000},
    {"sort": "k2"},
    {"sort": "total", "basis": "portion"},
    {"q": "cheese", "sort": "mk4"},
    {"group": "0100", "sort": "k1"},
]
HEADERS = {"HX-Request": "true", "HX-Target": "food-results"}


class QueryCounter(list):
    """execute_wrapper that notes each query (the debug query log is reset per request)."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def timed(fn, runs):
    fn()  # warm-up: connection, template and query caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100, help="requests per query (default 100)")
    args = parser.parse_args()

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        call_command("load_catalogue", verbosity=0)
        vendor = connection.vendor
        print(
            f"{vendor}: {Food.objects.count()} foods loaded in "
            f"{time.perf_counter() - started:.1f} s; {args.runs} requests per line\n"
        )
        client = Client()
        url = reverse("foods:list")

        count_ms = summary(timed(lambda: Food.objects.count(), args.runs))
        about = reverse("foods:about")
        about_ms = summary(timed(lambda: client.get(about), args.runs))
        print(f"{'baseline':<42} {'median':>8} {'p95':>8}")
        print(f"{'Food.objects.count()':<42} {count_ms[0]:>6.2f}ms {count_ms[1]:>6.2f}ms")
        print(f"{'About page (no query)':<42} {about_ms[0]:>6.2f}ms {about_ms[1]:>6.2f}ms\n")

        print(f"{'search request (htmx fragment)':<42} {'median':>8} {'p95':>8} {'queries':>8}")
        medians = []
        for params in QUERIES:
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                response = client.get(url, params, headers=HEADERS)
            assert response.status_code == 200, (params, response.status_code)
            ms = summary(timed(lambda p=params: client.get(url, p, headers=HEADERS), args.runs))
            medians.append(ms[0])
            label = " ".join(f"{k}={v[:20]}{'…' if len(v) > 20 else ''}" for k, v in params.items())
            flag = "" if ms[1] < 20 else "  over 20 ms"
            print(f"{label:<42} {ms[0]:>6.2f}ms {ms[1]:>6.2f}ms {len(queries):>8}{flag}")
        worst = max(medians)
        print(
            f"\nslowest median {worst:.2f} ms = {worst / count_ms[0]:.0f}× a count() query, "
            f"{worst / about_ms[0]:.1f}× the About page"
        )
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
