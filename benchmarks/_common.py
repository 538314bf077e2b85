"""What the benchmark scripts share: Django set up from the command line, and median / p95."""

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(*, database_url=None, plain_static_files=False):
    """Production settings with a throwaway secret; `database_url` is the default DATABASE_URL.

    plain_static_files: serve static files without the manifest (no collectstatic for a
    benchmark that renders pages).
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "k2tracker.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret-" + "x" * 40)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("DJANGO_HTTPS", "0")
    if database_url:
        os.environ.setdefault("DATABASE_URL", database_url)

    import django

    django.setup()
    if plain_static_files:
        from django.conf import settings

        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }


def median_p95(times):
    """(median, 95th percentile) of a list of timings."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95
