"""Finding 2: 500s from races. Each case fires real concurrent requests (threads released
together by a barrier) at a live server, and counts the answers: never a 500, and the database
holds what one request alone would have left."""

import datetime
import functools
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from django.contrib.auth import get_user_model

from diary.day import services
from diary.models import Entry
from tests.factories import make_entry, make_food, make_user

from .conftest import TALLY

# On both databases: the SQLite test database is a file (settings), so each of the live
# server's threads has its own connection and writers wait for the lock as `make run`'s do.
pytestmark = pytest.mark.django_db(transaction=True)

DAY = "2026-11-23"
TIMES = 6  # concurrent requests per race


class Browser:
    """A person's browser: a CSRF cookie and token, and a signed-in session if given one."""

    def __init__(self, base: str, session_key: str | None = None):
        self.base = base
        self.cookies = f"csrftoken={CSRF}" + (f"; sessionid={session_key}" if session_key else "")
        self.opener = urllib.request.build_opener(NoRedirect())

    def post(self, path: str, data: dict) -> tuple[int, str]:
        return self._send(path, urllib.parse.urlencode(data).encode())

    def get(self, path: str) -> tuple[int, str]:
        return self._send(path, None)

    def _send(self, path: str, body: bytes | None) -> tuple[int, str]:
        headers = {"X-CSRFToken": CSRF, "Cookie": self.cookies}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


CSRF = "k2securitysuite" + "0" * 17  # any 32 letters: cookie and header must agree


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def at_once(calls):
    """Run the calls on threads released together; return their answers."""
    TALLY["races"] += 1
    TALLY["race requests"] += len(calls)
    barrier = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        answers[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def signed_in_browser(live_server, user) -> Browser:
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "diary.profile.backends.ProfileModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return Browser(live_server.url, session.session_key)


def statuses(answers):
    return sorted(status for status, _ in answers)


def test_undo_clicked_at_once_restores_once(live_server):
    user = make_user("alice")
    kale = make_food("Kale", values={"k1": 389.6})
    token = services.entry_delete(entry=make_entry(user, kale))
    browsers = [signed_in_browser(live_server, user) for _ in range(TIMES)]
    answers = at_once([lambda b=b: b.post("/diary/undo/", {"token": token}) for b in browsers])
    assert statuses(answers) == [302] * TIMES
    assert Entry.objects.count() == 1


def test_one_name_signed_up_at_once_gives_one_account_and_messages(live_server):
    names = ["Twin", "twin", "TWIN", "twin", "Twin", "tWin"][:TIMES]

    def signup(name, i):
        data = {
            "username": name,
            "email": "",
            "password1": "a-long-new-passphrase",
            "password2": "a-long-new-passphrase",
            "time_zone": "UTC",
        }
        return Browser(live_server.url).post("/accounts/signup/", data)

    answers = at_once([lambda n=n, i=i: signup(n, i) for i, n in enumerate(names)])
    assert statuses(answers) == [200] * (TIMES - 1) + [302]
    refused = [html for status, html in answers if status == 200]
    assert all("already exists" in html for html in refused)
    assert get_user_model().objects.filter(username__iexact="twin").count() == 1


def test_one_form_sent_many_times_at_once_adds_one_entry(live_server):
    user = make_user("alice")
    kale = make_food("Kale", values={"k1": 389.6})
    token = str(uuid.uuid4())
    data = {"food": kale.pk, "amount": "100", "unit": "g", "meal": "lunch", "submission": token}
    browsers = [signed_in_browser(live_server, user) for _ in range(TIMES)]
    answers = at_once([lambda b=b: b.post(f"/diary/{DAY}/add/", data) for b in browsers])
    assert statuses(answers) == [302] * TIMES
    assert Entry.objects.count() == 1


def test_one_copy_sent_many_times_at_once_copies_once(live_server):
    user = make_user("alice")
    kale = make_food("Kale", values={"k1": 389.6})
    make_entry(user, kale, day=datetime.date(2026, 11, 22))
    make_entry(user, kale, grams=50, day=datetime.date(2026, 11, 22))
    data = {"source": "2026-11-22", "meal": "", "submission": str(uuid.uuid4())}
    browsers = [signed_in_browser(live_server, user) for _ in range(TIMES)]
    answers = at_once([lambda b=b: b.post(f"/diary/{DAY}/copy/", data) for b in browsers])
    assert 500 not in statuses(answers)
    assert Entry.objects.filter(day=DAY).count() == 2


def test_deleting_a_custom_food_while_another_tab_logs_it(live_server):
    """Each round: one tab deletes the food, another logs it. Either the entry exists and the
    food stays, or the food is gone and nothing uses it; both tabs get a page, not a 500."""
    user = make_user("alice")
    seen = []
    for round_ in range(TIMES):
        food = make_food(f"Sauerkraut {round_}", values={"k1": 13}, owner=user)
        one, two = signed_in_browser(live_server, user), signed_in_browser(live_server, user)
        add = {"food": food.pk, "amount": "100", "unit": "g", "meal": "lunch"}
        answers = at_once(
            [
                functools.partial(one.post, f"/my-foods/{food.pk}/delete/", {}),
                functools.partial(two.post, f"/diary/{DAY}/add/", add),
            ]
        )
        seen += statuses(answers)
        entries = Entry.objects.filter(food_id=food.pk).count()
        food_left = type(food).objects.filter(pk=food.pk).exists()
        assert (food_left and entries == 1) or (not food_left and entries == 0)
        if not food_left:  # the add was refused with a message on the form
            assert answers[1][0] == 200
    assert 500 not in seen


def test_two_tabs_saving_one_entry_at_once_keep_one_and_tell_the_other(live_server):
    user = make_user("alice")
    kale = make_food("Kale", values={"k1": 389.6})
    entry = make_entry(user, kale, day=datetime.date(2026, 11, 23))
    browsers = [signed_in_browser(live_server, user) for _ in range(TIMES)]
    answers = at_once(
        [
            lambda b=b, i=i: b.post(
                f"/diary/entries/{entry.pk}/",
                {"amount": str(10 + i), "unit": "g", "meal": "lunch", "version": "1"},
            )
            for i, b in enumerate(browsers)
        ]
    )
    assert statuses(answers) == [302] * TIMES
    entry.refresh_from_db()
    assert entry.version == 2  # exactly one save went through


def test_one_persons_tabs_preview_and_add_at_once(live_server):
    """Eight previews and four adds from one person's tabs at the same moment: every answer a
    page, every add kept. On a shared-cache in-memory SQLite test database some of these
    answered 500 ("database table is locked", "bad parameter or other API misuse")."""
    user = make_user("alice")
    kale = make_food("Kale", values={"k1": 389.6})
    browsers = [signed_in_browser(live_server, user) for _ in range(12)]
    preview = f"/diary/preview/?food={kale.pk}&amount=100&unit=g&meal=lunch"

    def add(browser):
        data = {"food": kale.pk, "amount": "100", "unit": "g", "meal": "lunch"}
        return browser.post(f"/diary/{DAY}/add/", {**data, "submission": str(uuid.uuid4())})

    calls = [functools.partial(b.get, preview) for b in browsers[:8]]
    calls += [functools.partial(add, b) for b in browsers[8:]]
    for _ in range(3):
        answers = at_once(calls)
        assert [status for status, _ in answers] == [200] * 8 + [302] * 4
        assert all("389.6" in html for _, html in answers[:8])
    assert Entry.objects.filter(user=user).count() == 12
