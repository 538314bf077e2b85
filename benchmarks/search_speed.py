"""How fast food search answers at the server, on the full shipped catalogue.

Not a test: it creates a throwaway test database (as the test runner does: `test_<name>` on
PostgreSQL, in memory on SQLite), loads the catalogue with `manage.py load_catalogue`, then
sends the requests the search box sends (htmx, HX-Target: food-results) through Django's test
Client and prints the median and p95 per query. The target is under 20 ms.

    .venv/bin/python benchmarks/search_speed.py                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/k2_search_bench \
        .venv/bin/python benchmarks/search_speed.py                   # PostgreSQL

Baselines measured in the same run: a trivial `Food.objects.count()` and the static "About the
data" page through the same client. The ratio says what a search costs above the fixed price
of a request (middleware, template, one query).
"""

import argparse
import os
import time

from _common import median_p95, setup_django

setup_django(plain_static_files=True)  # production settings; no collectstatic needed

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
from tests.relevance import load_cases, score  # noqa: E402

QUERIES = [
    {"q": "natto"},
    {"q": "eggs"},
    {"q": "olive oil"},
    {"q": "collard greens"},
    {"q": "mk7"},
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


def timed(fn, runs, clock=time.perf_counter):
    fn()  # warm-up: connection, template and query caches
    times = []
    for _ in range(runs):
        start = clock()
        fn()
        times.append((clock() - start) * 1000)
    return times


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
        if vendor == "postgresql":
            # Planner statistics, as autovacuum would gather them soon after a load.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"{vendor}: {Food.objects.count()} foods loaded in "
            f"{time.perf_counter() - started:.1f} s; {args.runs} requests per line; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        # On a busy machine wall time mostly measures waiting for a CPU. This process's CPU
        # time is the work itself: with SQLite it includes the database, with PostgreSQL not.
        print(
            "wall = time at the server (test Client, no network); "
            f"cpu = this process's CPU time "
            f"({'incl. SQLite' if vendor == 'sqlite' else 'client side only'})\n"
        )
        client = Client()
        url = reverse("foods:list")
        about = reverse("foods:about")

        def measure(fn):
            wall = median_p95(timed(fn, args.runs))
            cpu = median_p95(timed(fn, max(10, args.runs // 4), time.process_time))
            return wall[0], wall[1], cpu[0]

        header = f"{'':<40} {'median':>8} {'p95':>8} {'cpu med':>8} {'queries':>8}"
        count = measure(lambda: Food.objects.count())
        about_page = measure(lambda: client.get(about))
        print(header.replace(" " * 40, f"{'baseline':<40}", 1))
        print(
            f"{'Food.objects.count()':<40} {count[0]:>6.2f}ms {count[1]:>6.2f}ms {count[2]:>6.2f}ms"
        )
        print(
            f"{'About page (template, no query)':<40} {about_page[0]:>6.2f}ms "
            f"{about_page[1]:>6.2f}ms {about_page[2]:>6.2f}ms\n"
        )

        print(header.replace(" " * 40, f"{'search (htmx fragment request)':<40}", 1))
        results = []
        for params in QUERIES:
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                response = client.get(url, params, headers=HEADERS)
            assert response.status_code == 200, (params, response.status_code)
            wall_med, wall_p95, cpu_med = measure(
                lambda p=params: client.get(url, p, headers=HEADERS)
            )
            results.append((wall_med, cpu_med))
            label = " ".join(f"{k}={v[:16]}{'…' if len(v) > 16 else ''}" for k, v in params.items())
            flag = "" if wall_p95 < 20 else "  (p95 over 20 ms)"
            print(
                f"{label:<40} {wall_med:>6.2f}ms {wall_p95:>6.2f}ms {cpu_med:>6.2f}ms "
                f"{len(queries):>8}{flag}"
            )
        # Every relevance case typed once per run, as one pool: its p95 is the bar.
        cases = load_cases()
        pooled = []
        for _ in range(max(1, args.runs // 10)):
            for case in cases:
                start = time.perf_counter()
                client.get(url, {"q": case.query}, headers=HEADERS)
                pooled.append((time.perf_counter() - start) * 1000)
        pooled_med, pooled_p95 = median_p95(pooled)
        print(
            f"\n{len(cases)} relevance-set queries, {len(pooled)} requests: median "
            f"{pooled_med:.2f} ms, p95 {pooled_p95:.2f} ms"
            f"{'' if pooled_p95 < 20 else '  (p95 over 20 ms)'}"
        )
        print(score(cases).summary)
        worst_wall = max(r[0] for r in results)
        worst_cpu = max(r[1] for r in results)
        print(
            f"\nslowest median: {worst_wall:.2f} ms wall = {worst_wall / about_page[0]:.1f}× the "
            f"About page, {worst_wall / count[0]:.0f}× a count() query; "
            f"slowest CPU median {worst_cpu:.2f} ms = "
            f"{worst_cpu / about_page[2]:.1f}× the About page"
        )
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
