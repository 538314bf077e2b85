"""Settings for benchmarks/load.py only: the production settings, plus a URLconf with the floor
view and static files collected into the benchmark's own temporary folder.

Nothing else changes, so every page goes through the same middleware as in production.
"""

import os

from k2tracker.settings import *  # noqa: F403 - the production settings, unchanged

ROOT_URLCONF = "load_urls"
STATIC_ROOT = os.environ["K2_BENCH_STATIC_ROOT"]
