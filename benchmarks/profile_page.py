"""Where one page's time goes, in-process: milliseconds per request, SQL queries and their time,
and the functions that cost the most (cProfile). Not a test: a script that prints figures.

Runs against the database `load.py --keep` leaves seeded (the measured user, three years of
entries), with production settings and the test Client signed in as that user:

    .venv/bin/python benchmarks/load.py --pages day --seconds 1 --keep
    .venv/bin/python benchmarks/profile_page.py /diary/
    .venv/bin/python benchmarks/profile_page.py /diary/2026-11-30/add/ --target add-entry \
        --post "food=1234&amount=100&unit=g&meal=lunch"
    .venv/bin/python benchmarks/profile_page.py /diary/ --no-cache   # every request cold
    .venv/bin/python benchmarks/profile_page.py /diary/ --after-write   # as after the person's add
    .venv/bin/python benchmarks/profile_page.py /diary/ --after-write --no-profile   # true ms

Options: --requests 50, --top 25, --db postgres://postgres@127.0.0.1:5432/k2_load_bench.
"""

import argparse
import cProfile
import pstats
import statistics
import time
import urllib.parse
import uuid

from _common import setup_django

USERNAME = "bench-measured"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--post", help="form data (a query string): POST it instead of GET")
    parser.add_argument("--htmx", action="store_true", help="send HX-Request: true")
    parser.add_argument("--target", help="send HX-Target: this (an htmx fragment's id)")
    parser.add_argument("--no-cache", action="store_true", help="clear the cache before each")
    parser.add_argument(
        "--after-write",
        action="store_true",
        help="move the person's data version before each: their page as after a change of theirs "
        "(the catalogue's cached figures stay)",
    )
    parser.add_argument(
        "--no-profile", action="store_true", help="timings only, without cProfile's overhead"
    )
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/k2_load_bench")
    args = parser.parse_args()

    setup_django(database_url=args.db, plain_static_files=True)
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from diary.models import Entry, person_data_changed

    user = get_user_model().objects.get(username=USERNAME)
    client = Client()
    client.force_login(user)
    headers = {"HX-Request": "true"} if args.htmx or args.target else {}
    if args.target:
        headers["HX-Target"] = args.target
    data = dict(urllib.parse.parse_qsl(args.post)) if args.post else None

    def tidy(since):
        # A POST's new rows are deleted after it (untimed), so every request meets the same
        # day: a hundred adds would otherwise make the day a hundred entries long.
        if data is not None:
            Entry.objects.filter(user=user, created_at__gte=since).delete()

    def prepare():  # untimed
        if args.no_cache:
            cache.clear()
        if args.after_write:
            person_data_changed(user.pk)

    def one():
        if data is not None:
            # A fresh submission token each time: the same one twice is refused as a resend.
            response = client.post(args.path, {**data, "submission": uuid.uuid4()}, headers=headers)
        else:
            response = client.get(args.path, headers=headers)
        if response.status_code >= 400:
            raise SystemExit(f"{args.path} answered {response.status_code}")
        if response.streaming:  # a streamed answer does its work while it is sent
            response.getvalue()
        return response

    since = timezone.now()
    prepare()
    one()  # warm: imports, template loading, the cache
    prepare()
    with CaptureQueriesContext(connection) as captured:
        one()
    tidy(since)
    queries = list(captured.captured_queries)  # the next request empties the log
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    timings = []
    profiler = cProfile.Profile()
    for _ in range(args.requests):
        since = timezone.now()
        prepare()
        started = time.perf_counter()
        if args.no_profile:
            one()
        else:
            profiler.enable()
            one()
            profiler.disable()
        timings.append((time.perf_counter() - started) * 1000)
        tidy(since)
    print(
        f"{args.path}: median {statistics.median(timings):.1f} ms per request over "
        f"{args.requests}; {len(queries)} queries, {sql_ms:.1f} ms of SQL"
    )
    for query in queries:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:200]}")
    if args.no_profile:
        return
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
