"""Run by test_sqlite_races in a process of its own, whatever database the suite runs on:
`make run`'s settings on a fresh SQLite file, and threads with their own connections that undo
one delete and send one add form at the same moment, calling the services directly. Prints
JSON."""

import json
import os
import sys
import threading
import uuid
from decimal import Decimal

import django

sys.path.insert(0, os.getcwd())
os.environ["DJANGO_SETTINGS_MODULE"] = "k2tracker.settings"
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from diary.day import services  # noqa: E402
from diary.models import Entry, Profile  # noqa: E402
from diary.profile.services import profile_update  # noqa: E402
from tests.factories import make_entry, make_food, make_user  # noqa: E402

THREADS = int(sys.argv[1])


def at_once(call):
    barrier = threading.Barrier(THREADS)
    errors = []

    def run():
        barrier.wait()
        try:
            call()
        except (services.AlreadySubmitted, services.NothingToUndo):
            pass  # the answers the page turns into a message
        except Exception as error:  # anything else would be a 500
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


call_command("migrate", verbosity=0)
user = make_user("alice")
kale = make_food("Kale", values={"k1": 389.6})
token = services.entry_delete(entry=make_entry(user, kale))
undo_errors = at_once(lambda: services.entry_restore(user=user, token=token))
restored = Entry.objects.count()
submission = uuid.uuid4()
add_errors = at_once(
    lambda: services.entry_add(
        user=user, day=make_entry(user, kale).day, food=kale, meal="lunch",
        quantity=Decimal(5), portion=None, grams=Decimal(5), submission=submission,
    )
)  # fmt: skip
# A transaction that reads before it writes (validation, then save): under SQLite's default
# DEFERRED mode two of them at once fail with "database is locked" instead of waiting.
profile_errors = at_once(
    lambda: profile_update(profile=Profile.objects.get(user=user), time_zone="Europe/Paris")
)
print(
    json.dumps(
        {
            "undo_errors": undo_errors,
            "restored": restored,
            "add_errors": add_errors,
            "lunch": Entry.objects.filter(meal="lunch").count(),
            "profile_errors": profile_errors,
        }
    )
)
