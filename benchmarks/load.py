"""Requests per second of each page under load, as a share of a trivial signed-in view.

Not a test: a script that prints figures. It creates its own PostgreSQL database (dropped and
re-created each run, dropped at the end), migrates it, loads the shipped catalogue, seeds 1,000
users with 90 days of entries and one person with three years (5 entries a day, today's
included), collects the static files into a temporary folder, starts gunicorn (2 sync workers,
production settings: DEBUG off, HTTPS off), signs in through the real sign-in form, and drives
each page with wrk (Debian's `wrk`: apt-get install -y wrk).

    make bench
    .venv/bin/python benchmarks/load.py --seconds 5 --connections 16 --pages day,add,week
    .venv/bin/python benchmarks/load.py --instances 2      # two gunicorns sharing the database

Each page runs between two runs of the "floor": a trivial signed-in view (benchmarks/load_urls.py,
added only at benchmark time through benchmarks/load_settings.py) through the same middleware;
the ratio page / floor (the mean of the two) holds up better than req/s while other work shares
the machine. Answers that are not 2xx are counted and left out of req/s (wrk counts only >= 400;
a redirect to the sign-in page would otherwise look fast), and the add-entry POST is checked by
counting the rows it created (they are deleted after its run). The add POST goes to each of the
last 90 days in turn, so a day holds about the 5 entries of a real one plus a few added; all to
today, the day grew to hundreds of entries under load and the add slowed down with it. The
entries are written with COPY (bulk_create of 455,000 rows took three minutes here).

Options: --seconds 8 (per page), --floor-seconds 3 (per floor run), --connections 16,
--threads 1 (wrk's; the machine has 2 cores), --workers 2 (per gunicorn), --instances 1,
--pages (comma-separated keys, default all: see PAGE_KEYS), --users 1000, --db k2_load_bench, --pg
postgres://postgres@127.0.0.1:5432, --keep (leave the database for benchmarks/profile_page.py),
--cold (the page cache off: what a page costs the first time after a change).
REDIS_URL and other environment settings pass through.

BEFORE, measured on 2026-11-29, commit c01a2cb (see benchmarks/README.md for the table).
"""

import argparse
import contextlib
import datetime
import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
LUA_SCRIPT = BENCH_DIR / "load.lua"
USERNAME = "bench-measured"
PASSWORD = "bench-only-password-not-secret"  # noqa: S105 - a throwaway user in a throwaway DB
YEARS = 3
CROWD_DAYS = 90
ENTRIES_PER_DAY = 5
MEAL_CYCLE = ("breakfast", "lunch", "dinner", "snacks", "lunch")
MEAL_HOURS = (7, 12, 19, 16, 13)
ADD_DAYS = 90  # the add POST's days: today and the 89 before it
PAGE_KEYS = (
    "day",
    "add",
    "trend365",
    "foods-k2",
    "trend90",
    "search-cheese",
    "search-natto",
    "week",
    "diary-search",
    "home",
    "food",
    "export",
)


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str
    method: str = "GET"
    body: str = ""
    headers: tuple[str, ...] = ()
    expect: str = ""  # text every 2xx answer must contain (the floor's "ok")
    # Paths wrk takes in turn (the first is `path`, which the checks use): the add POST goes
    # to each of the last ADD_DAYS days, so its day stays a real day's size while wrk adds
    # thousands of entries (all to today, the day would grow to hundreds of them).
    paths: tuple[str, ...] = ()
    content_type: str = "text/html"


@dataclass
class Run:
    """What wrk measured on one URL (summed over the instances)."""

    requests: int = 0
    seconds: float = 0.0
    not_2xx: int = 0
    unexpected: int = 0
    socket_errors: int = 0
    timeouts: int = 0
    p99_ms: float = 0.0
    queries: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return self.not_2xx + self.unexpected + self.socket_errors + self.timeouts

    @property
    def rps(self) -> float:
        """Good answers per second: a page that fails fast must not look fast."""
        good = max(0, self.requests - self.not_2xx - self.unexpected)
        return good / self.seconds if self.seconds else 0.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="per page")
    parser.add_argument("--floor-seconds", type=int, default=3, help="per floor run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--instances", type=int, default=1, choices=(1, 2, 3, 4))
    parser.add_argument("--pages", default=",".join(PAGE_KEYS), help="comma-separated keys")
    parser.add_argument(
        "--quick-ms",
        type=float,
        default=100,
        help="before each run, wait until the floor answers within this, 3 times in a row",
    )
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--db", default="k2_load_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="the page cache off (K2_PAGE_CACHE=0): every answer rendered afresh",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the seeded database at the end (for profiling a page in-process)",
    )
    args = parser.parse_args()
    args.page_keys = [key.strip() for key in args.pages.split(",") if key.strip()]
    unknown = sorted(set(args.page_keys) - set(PAGE_KEYS))
    if unknown:
        parser.error(f"unknown pages {unknown}; choose from {', '.join(PAGE_KEYS)}")
    if not (1 <= args.seconds <= 120 and 1 <= args.floor_seconds <= 120):
        parser.error("--seconds and --floor-seconds must be 1..120")
    if not 1 <= args.connections <= 256:
        parser.error("--connections must be 1..256")
    return args


def server_env(args: argparse.Namespace, static_root: str) -> dict[str, str]:
    """Production settings (DEBUG off) on the benchmark's database; HTTP, loopback only."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-benchmark-only-not-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_HTTPS": "0",
        "K2_PAGE_CACHE": "0" if args.cold else os.environ.get("K2_PAGE_CACHE", "1"),
        "DATABASE_URL": f"{args.pg}/{args.db}",
        "K2_BENCH_STATIC_ROOT": static_root,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(BENCH_DIR), os.environ.get("PYTHONPATH")])),
    }


def admin_sql(args: argparse.Namespace, statement: str) -> None:
    """Run CREATE/DROP DATABASE on the server's maintenance database (outside a transaction)."""
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True
    )


def seed(users: int, rng: random.Random) -> tuple[object, object]:
    """1,000 users with 90 days, one with three years (5 entries a day); returns (user, a food)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    Food = apps.get_model("foods", "Food")
    Entry = apps.get_model("diary", "Entry")
    Profile = apps.get_model("diary", "Profile")
    User = get_user_model()

    catalogue = list(
        Food.objects.filter(owner__isnull=True, retired=False, dose_unit="").values_list(
            "pk", flat=True
        )
    )
    if len(catalogue) < 500:
        raise SystemExit(f"the catalogue has only {len(catalogue)} foods: did load_catalogue run?")
    pool = rng.sample(catalogue, 400)  # what people here eat, spread over the catalogue
    measured = User.objects.create(username=USERNAME, password=make_password(PASSWORD))
    crowd = User.objects.bulk_create(
        User(username=f"bench{i:04d}", password="!unusable") for i in range(users - 1)
    )
    zones = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo")
    # The measured user's profile comes with the user (a post_save signal); bulk_create sends
    # no signals, so the crowd's are made here. UTC: "today" is the server's today.
    Profile.objects.filter(user=measured).update(time_zone="UTC")
    Profile.objects.bulk_create(Profile(user=user, time_zone=rng.choice(zones)) for user in crowd)
    # Logged at meal times, never after now: the add POST's rows are told apart by created_at.
    now = datetime.datetime.now(datetime.UTC)
    today, latest = now.date(), now - datetime.timedelta(minutes=5)

    grams_choices = [str(g) for g in range(10, 301)]
    meals = list(zip(MEAL_CYCLE, MEAL_HOURS, strict=True))[:ENTRIES_PER_DAY]

    def stamps(day: datetime.date) -> list[str]:
        """The day's COPY lines after the user id, with {} for the food and {g} for grams."""
        lines = []
        for meal, hour in meals:
            at = datetime.datetime.combine(day, datetime.time(hour), datetime.UTC)
            at = min(at, latest).isoformat()
            lines.append(f"{day.isoformat()}\t{meal}\t{{}}\t{{g}}\t{{g}}\t{at}\t{at}\t1\n")
        return lines

    def day_of(user_pk: int, day: datetime.date, foods: list[int]) -> str:
        return "".join(
            f"{user_pk}\t" + row.format(rng.choice(foods), g=rng.choice(grams_choices))
            for row in stamped[day]
        )

    own_foods = rng.sample(pool, 150)  # one person eats a narrower range
    days = [today - datetime.timedelta(days=d) for d in range(365 * YEARS + 1)]
    recent = days[:CROWD_DAYS]
    stamped = {day: stamps(day) for day in days}
    # COPY of rows known to be valid, foreign-key triggers off (session_replication_role):
    # bulk_create of 450,000 entries took three minutes on a busy machine, this a few seconds.
    columns = ", ".join(
        Entry._meta.get_field(name).column
        for name in (
            "user",
            "day",
            "meal",
            "food",
            "grams",
            "quantity",
            "created_at",
            "updated_at",
            "version",  # an entry's first version; logged_values stays empty (today's values)
        )  # fmt: skip
    )
    copy_sql = f"COPY {Entry._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        with cursor.cursor.copy(copy_sql) as copy:
            copy.write("".join(day_of(measured.pk, day, own_foods) for day in days))
            for user in crowd:
                copy.write("".join(day_of(user.pk, day, pool) for day in recent))
        cursor.execute("SET session_replication_role = DEFAULT")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does to a settled production database
    natto = (
        Food.objects.filter(owner__isnull=True, search_name__contains="natto")
        .order_by("pk")
        .first()
    )
    return measured, natto or Food.objects.get(pk=pool[0])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    args: argparse.Namespace, env: dict[str, str], port: int, log: Path
) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "k2tracker.wsgi:application",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--chdir",
            str(ROOT),
            "--error-logfile",
            str(log),
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,  # its own process group: stopped together, nothing else
    )


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def wait_until_up(server: subprocess.Popen, base: str, log: Path) -> None:
    for _ in range(120):  # up to 60 s
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {base}:\n{log.read_text()[-3000:]}")


def sign_in(base: str) -> dict[str, str]:
    """Through the real form: GET it for the CSRF token, POST it; returns the cookies."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/accounts/login/", timeout=30) as response:
        html = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if match is None:
        raise SystemExit("the sign-in page has no csrfmiddlewaretoken field")
    form = urllib.parse.urlencode(
        {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)}
    ).encode()
    with opener.open(f"{base}/accounts/login/", data=form, timeout=30) as response:
        landed = urllib.parse.urlsplit(response.url).path
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies or landed.startswith("/accounts/login"):
        raise SystemExit(f"signing in failed (landed on {landed}, cookies {sorted(cookies)})")
    return cookies


def pages(today: datetime.date, food: object, cookies: dict[str, str]) -> dict[str, Page]:
    htmx = ("HX-Request: true", "HX-Current-URL: http://127.0.0.1/diary/")
    csv_from = (today - datetime.timedelta(days=364)).isoformat()
    return {
        page.key: page
        for page in [
            Page("day", "day page /diary/ (5 entries today)", "/diary/"),
            Page(
                "add",
                f"add an entry (htmx POST, {ADD_DAYS} days)",
                f"/diary/{today.isoformat()}/add/",
                paths=tuple(
                    f"/diary/{today - datetime.timedelta(days=back)}/add/"
                    for back in range(ADD_DAYS)
                ),
                method="POST",
                body=urllib.parse.urlencode(
                    {"food": food.pk, "amount": "50", "unit": "g", "meal": "lunch"}
                ),
                headers=(
                    *htmx,
                    "HX-Target: add-entry",
                    f"X-CSRFToken: {cookies['csrftoken']}",
                    "Content-Type: application/x-www-form-urlencoded",
                ),
            ),
            Page("trend365", "trend, 365 days", "/diary/trend/?days=365"),
            Page("foods-k2", "richest in K2 per serving", "/foods/?sort=k2&basis=portion"),
            Page("trend90", "trend, 90 days", "/diary/trend/?days=90"),
            Page("search-cheese", 'search "cheese"', "/foods/?q=cheese"),
            Page("search-natto", 'search "natto"', "/foods/?q=natto"),
            Page("week", "week", "/diary/week/"),
            Page(
                "diary-search",
                "diary food search (htmx)",
                "/diary/search/?q=cheese",
                headers=(*htmx, "HX-Target: food-options"),
            ),
            Page("home", "home", "/"),
            Page("food", f"food page ({food.name[:28]})", food.get_absolute_url()),
            Page(
                "export",
                "CSV export, 365 days",
                f"/diary/export/?from={csv_from}&to={today.isoformat()}",
                content_type="text/csv",
            ),
        ]
    }


FLOOR = Page("floor", "floor", "/bench-floor/", expect="ok", content_type="text/plain")


def count_queries(page: Page, user: object) -> int | None:
    """SQL queries of one request to the page (the second: the first warms caches); None if
    it does not answer 2xx. Through Django's test Client in this process, signed in as `user`."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    headers = dict(line.split(": ", 1) for line in page.headers)
    headers.pop("Content-Type", None)  # the Client encodes the form itself
    data = dict(urllib.parse.parse_qsl(page.body))
    send = client.post if page.method == "POST" else client.get
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = send(page.path, data=data or None, headers=headers)
    return len(queries) if 200 <= response.status_code <= 299 else None


def cookie_string(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in sorted(cookies.items()))


def cookie_header(cookies: dict[str, str]) -> str:
    return f"Cookie: {cookie_string(cookies)}"


def check(base: str, page: Page, cookies: dict[str, str]) -> str:
    """One request as wrk will send it (this also warms the workers); '' or what is wrong."""
    headers = dict(line.split(": ", 1) for line in (*page.headers, cookie_header(cookies)))
    request = urllib.request.Request(
        base + page.path,
        data=page.body.encode() if page.method == "POST" else None,
        headers=headers,
        method=page.method,
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            status, kind = response.status, response.headers.get("Content-Type", "")
            text = response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return f"answers {error.code} {error.headers.get('Location', '')}".strip()
    if not 200 <= status <= 299:
        return f"answers {status}"
    if not kind.startswith(page.content_type):
        return f"answers {kind}, not {page.content_type}"
    if page.expect and page.expect not in text:
        return f"answer lacks {page.expect!r}"
    return ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect (e.g. to the sign-in page) is an answer to report, not follow


def settle(ports: list[int], cookies: dict[str, str], quick_ms: float) -> float:
    """Wait until every instance answers the floor quickly again; returns the seconds waited.

    When wrk stops, the requests it left in gunicorn's queue are still served (a slow page's
    can take many seconds); without this wait they would slow the next run down. Bounded: 120 s."""
    started = time.perf_counter()
    for port in ports:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{FLOOR.path}", headers={"Cookie": cookie_string(cookies)}
        )
        quick = 0
        while quick < 3 and time.perf_counter() - started < 120:  # 3 quick answers in a row
            sent = time.perf_counter()
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
            quick = quick + 1 if (time.perf_counter() - sent) * 1000 < quick_ms else 0
    return time.perf_counter() - started


def wrk(
    args: argparse.Namespace, ports: list[int], page: Page, cookies: dict[str, str], seconds: int
) -> Run:
    """Drive one URL for `seconds` with wrk; with several instances, one wrk on each at once."""
    share = max(1, args.connections // len(ports))
    env = {
        **os.environ,
        "BENCH_METHOD": page.method,
        "BENCH_BODY": page.body,
        "BENCH_EXPECT": page.expect,
        "BENCH_PATHS": " ".join(page.paths),
    }
    lines = (*page.headers, cookie_header(cookies))
    headers = [option for line in lines for option in ("-H", line)]
    procs = [
        subprocess.Popen(
            [
                "wrk",
                f"-t{min(args.threads, share)}",
                f"-c{share}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                str(LUA_SCRIPT),
                *headers,
                f"http://127.0.0.1:{port}{page.path}",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for port in ports
    ]
    run = Run()
    try:
        outputs = [proc.communicate(timeout=seconds + 120)[0] for proc in procs]
    finally:
        for proc in procs:  # on an error or a signal: no wrk left running
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    settle(ports, cookies, args.quick_ms)
    for proc, out in zip(procs, outputs, strict=True):
        match = re.search(r"^BENCH_RESULT (.*)$", out, re.MULTILINE)
        if proc.returncode != 0 or match is None:
            raise SystemExit(f"wrk failed on {page.path}:\n{out}")
        got = {k: int(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
        run.requests += got["requests"]
        run.seconds = max(run.seconds, got["duration_us"] / 1e6)
        run.not_2xx += got["not_2xx"]
        run.unexpected += got["unexpected"]
        run.socket_errors += got["socket_errors"]
        run.timeouts += got["timeouts"]
        run.p99_ms = max(run.p99_ms, got["p99_us"] / 1000)  # worst instance's p99
    return run


def print_table(rows: list[tuple[Page, Run, Run, Run]], args: argparse.Namespace) -> None:
    print()
    print(
        f"{args.connections} connections, {args.seconds} s per page "
        f"(floor: {args.floor_seconds} s before and after each page, averaged), "
        f"{args.instances} gunicorn instance(s) x {args.workers} sync workers, PostgreSQL, "
        f"page cache {'off (--cold)' if args.cold else 'on'}"
    )
    head = (
        f"{'page':<42} {'req/s':>7} {'floor':>7} {'ratio':>6} {'p99 ms':>8} {'failed':>7} "
        f"{'queries':>7}"
    )
    # req/s counts good answers only; "failed": not 2xx, 2xx without the expected content,
    # socket errors and timeouts; "queries": SQL queries of one request ("-": it failed).
    print(head)
    print("-" * len(head))
    worst: tuple[float, str] | None = None
    for page, run, before, after in rows:
        floor_rps = (before.rps + after.rps) / 2
        ratio = run.rps / floor_rps if floor_rps else 0.0
        flag = " <- FAILED ANSWERS" if run.failed or before.failed or after.failed else ""
        # wrk only times answers that arrive: when each connection got fewer than two, the
        # requests still queued at the end are missing and the p99 is too low.
        short = run.requests < 2 * args.connections
        if short and run.rps:
            waited = args.connections / run.rps * 1000  # Little's law: mean time in the system
            run.notes.append(
                f"* only {run.requests} answers: p99 understated; a request waited "
                f"~{waited:,.0f} ms on average (--seconds longer to measure it)"
            )
        elif short:
            run.notes.append(f"* no good answer within {run.seconds:.0f} s: no p99")
        print(
            f"{page.label:<42} {run.rps:7.1f} {floor_rps:7.1f} {ratio:6.2f} "
            f"{run.p99_ms:7.0f}{'*' if short else ' '} {run.failed:7d} "
            f"{'-' if run.queries is None else run.queries:>7}{flag}"
        )
        for note in run.notes:
            print(f"    {note}")
        if worst is None or ratio < worst[0]:
            worst = (ratio, page.label)
    if worst:
        print(f"worst ratio: {worst[0]:.2f} ({worst[1]})")
    failed = [(page, run) for page, run, _, _ in rows if run.failed]
    for page, run in failed:
        print(
            f"{page.label}: {run.not_2xx} not 2xx, {run.unexpected} without the expected text, "
            f"{run.socket_errors} socket errors, {run.timeouts} timeouts "
            f"of {run.requests} requests"
        )


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    started = time.perf_counter()
    # Other work on the machine lowers the figures (the ratios less): say how busy it was.
    print(f"load average at the start (1, 5, 15 min): {os.getloadavg()}", flush=True)
    static_root = tempfile.mkdtemp(prefix="k2-load-static-")
    logs = Path(tempfile.mkdtemp(prefix="k2-load-logs-"))
    env = server_env(args, static_root)
    os.environ.update({k: env[k] for k in env if k.startswith(("DJANGO_", "DATABASE_URL", "K2_"))})
    servers: list[subprocess.Popen] = []
    # A kill (SIGTERM) unwinds like Ctrl-C, so the finally below stops gunicorn and drops the DB.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(f"stopped by signal {signum}"))
    admin_sql(args, f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
    admin_sql(args, f'CREATE DATABASE "{args.db}"')
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_catalogue")
        manage(env, "collectstatic", "--noinput", "-v", "0")

        from _common import setup_django

        setup_django()  # the environment above: load_settings on the benchmark database
        from django.apps import apps
        from django.db import connection

        Entry = apps.get_model("diary", "Entry")
        seeded = time.perf_counter()
        measured, food = seed(args.users, random.Random(args.seed))
        print(
            f"seeded {args.users} users, {Entry.objects.count():,} entries "
            f"({Entry.objects.filter(user=measured).count():,} for the measured user) "
            f"in {time.perf_counter() - seeded:.0f} s",
            flush=True,
        )
        connection.close()  # the seeding connection is not needed while wrk runs

        ports = [free_port() for _ in range(args.instances)]
        for n, port in enumerate(ports):
            servers.append(start_gunicorn(args, env, port, logs / f"gunicorn-{n}.log"))
        for server, port, n in zip(servers, ports, range(len(ports)), strict=True):
            wait_until_up(server, f"http://127.0.0.1:{port}", logs / f"gunicorn-{n}.log")
        # One sign-in, one session in the database: every instance must accept it.
        cookies = sign_in(f"http://127.0.0.1:{ports[0]}")
        today = datetime.datetime.now(datetime.UTC).date()
        chosen = pages(today, food, cookies)

        rows: list[tuple[Page, Run, Run, Run]] = []
        # Floor, page, floor, page, ..., floor: each page compared with the floor on both sides.
        floor = wrk(args, ports, FLOOR, cookies, args.floor_seconds)
        for key in args.page_keys:
            page = chosen[key]
            run_started = datetime.datetime.now(datetime.UTC)  # the checks may add entries
            queries = count_queries(page, measured)
            connection.close()
            problems = [
                f"{p.label} on port {port}: {problem}"
                for port in ports
                for p in (FLOOR, page)
                if (problem := check(f"http://127.0.0.1:{port}", p, cookies))
            ]
            for problem in problems:
                print(f"warning: {page.label}: {problem}", file=sys.stderr)
            run = wrk(args, ports, page, cookies, args.seconds)
            run.notes.extend(problems)
            run.queries = queries
            if page.method == "POST":
                added, _ = Entry.objects.filter(
                    user=measured,
                    day__gt=today - datetime.timedelta(days=ADD_DAYS),
                    created_at__gte=run_started,
                ).delete()
                connection.close()
                # The wrk count may include a few answers still in flight at the end.
                if added < run.requests - len(ports) * args.connections:
                    run.notes.append(f"only {added} rows added by {run.requests} POSTs")
                    run.unexpected = max(run.unexpected, run.requests - added)
                run.notes.append(f"{added} entries added and deleted afterwards")
            after = wrk(args, ports, FLOOR, cookies, args.floor_seconds)
            rows.append((page, run, floor, after))
            print(
                f"  {page.label}: {run.rps:.1f} req/s (floor {floor.rps:.1f} before, "
                f"{after.rps:.1f} after), "
                f"p99 {run.p99_ms:.0f} ms, {run.failed} failed",
                flush=True,
            )
            floor = after
        print_table(rows, args)
        print(f"load average at the end (1, 5, 15 min): {os.getloadavg()}")
        if any(run.not_2xx for _, run, _, _ in rows):
            for log in sorted(logs.glob("*.log")):
                print(f"--- end of {log.name} ---\n{log.read_text()[-4000:]}")
        print(f"whole run: {time.perf_counter() - started:.0f} s")
    finally:
        for server in servers:
            stop_gunicorn(server)
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if args.keep:
            print(f"kept the database: DATABASE_URL={args.pg}/{args.db}")
        else:
            admin_sql(args, f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(logs, ignore_errors=True)


if __name__ == "__main__":
    main()
