"""One person's tabs against `make run`'s server: a SQLite file and Django's threaded dev server.

    .venv/bin/python benchmarks/tabs_sqlite.py [--seconds 8] [--previews 8] [--adds 4]

Migrates a throwaway SQLite file, creates one person and one food, starts
`manage.py runserver --noreload` (DEBUG on, as `make run`) on a free loopback port, then for
`--seconds` keeps `--previews` connections asking for the add form's preview and `--adds`
connections sending the add form, each add with a new submission id. Prints the answers and
exits 1 on any error (anything but the 200 preview and the 302 add, a socket error) or an add
answered but not kept. Deleted afterwards: the file and the server.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = "k2tabsbenchmark" + "0" * 17
DAY = "2026-11-23"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(env: dict[str, str]) -> tuple[str, int]:
    """Migrate the file; one person and one food; a signed-in session. (session key, food id)"""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "k2tracker.settings"
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from tests.factories import make_food, make_user

    call_command("migrate", verbosity=0)
    user = make_user("tabs")
    kale = make_food("Kale", values={"k1": 389.6})
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "diary.profile.backends.ProfileModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    from django.db import connections

    connections.close_all()
    return session.session_key, kale.pk


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--previews", type=int, default=8)
    parser.add_argument("--adds", type=int, default=4)
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory(prefix="k2-tabs-")
    env = {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{Path(folder.name) / 'db.sqlite3'}",
        "K2_PAGE_CACHE": "1",
    }
    session_key, food_id = seed(env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(NoRedirect())
    headers = {"X-CSRFToken": CSRF, "Cookie": f"csrftoken={CSRF}; sessionid={session_key}"}

    def send(path: str, data: dict | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body, headers=headers)
        try:
            with opener.open(request, timeout=30) as response:
                response.read()
                return str(response.status)
        except urllib.error.HTTPError as error:
            return str(error.code)
        except OSError as error:
            return type(error).__name__

    try:
        for _ in range(300):  # until the server answers
            if send("/").isdigit():
                break
            time.sleep(0.1)
        answers: Counter[str] = Counter()
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds
        preview = f"/diary/preview/?food={food_id}&amount=100&unit=g&meal=lunch"
        add = {"food": food_id, "amount": "100", "unit": "g", "meal": "lunch"}

        def tab(kind: str) -> None:
            while time.monotonic() < stop:
                if kind == "preview":
                    status = send(preview)
                else:
                    status = send(f"/diary/{DAY}/add/", {**add, "submission": str(uuid.uuid4())})
                with lock:
                    answers[f"{kind} {status}"] += 1

        threads = [threading.Thread(target=tab, args=("preview",)) for _ in range(args.previews)]
        threads += [threading.Thread(target=tab, args=("add",)) for _ in range(args.adds)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)

    from diary.models import Entry

    kept = Entry.objects.count()
    added = answers["add 302"]
    errors = sum(n for key, n in answers.items() if key not in ("preview 200", "add 302"))
    print(f"{args.previews} preview and {args.adds} add connections for {args.seconds:g} s:")
    for key, n in sorted(answers.items()):
        print(f"  {key}: {n}")
    print(f"errors: {errors}; adds answered: {added}, kept: {kept}")
    if errors or kept != added:
        print(log[-3000:], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
