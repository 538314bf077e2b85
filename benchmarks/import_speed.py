"""How long the full USDA SR28 import takes (target: under 60 s), and a re-import.

Not a test: it creates a throwaway test database (`test_<name>` on PostgreSQL, in memory on
SQLite), runs `import_usda_sr28 fixtures/usda-sr28` into the empty catalogue, then again (which
must change nothing), then the whole `load_catalogue --force`, and prints the wall times.

    .venv/bin/python benchmarks/import_speed.py                        # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/k2_import_bench \
        .venv/bin/python benchmarks/import_speed.py                    # PostgreSQL
"""

import io
import sys
import time
from pathlib import Path

from _common import setup_django

setup_django()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from foods.models import Food, VitaminKValue  # noqa: E402


def timed(label, *args):
    out = io.StringIO()
    started = time.perf_counter()
    call_command(*args, stdout=out)
    elapsed = time.perf_counter() - started
    print(f"{label:<40} {elapsed:6.2f} s   {out.getvalue().strip().splitlines()[-1]}")
    return elapsed


def main():
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"{connection.vendor}, DEBUG={settings.DEBUG}")
        sr28 = str(Path(settings.BASE_DIR) / "fixtures" / "usda-sr28")
        first = timed("import_usda_sr28 (empty database)", "import_usda_sr28", sr28)
        timed("import_usda_sr28 again (no change)", "import_usda_sr28", sr28)
        timed("load_catalogue --force", "load_catalogue", "--force")
        timed("load_catalogue (up to date)", "load_catalogue")
        print(f"{Food.objects.count()} foods, {VitaminKValue.objects.count()} values")
        if first > 60:
            sys.exit("The full SR28 import took over 60 s.")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
