"""Finding 2 on SQLite: two Undo clicks at once answered "database is locked" (4 of 20). With
IMMEDIATE transactions and a busy timeout (settings) the writers wait their turn instead."""

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import TALLY

ROOT = Path(__file__).resolve().parents[2]
THREADS = 8


def test_undo_and_a_double_add_at_once_on_a_sqlite_file(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env |= {"DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests/security/sqlite_race.py"), str(THREADS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    TALLY["races"] += 3
    TALLY["race requests"] += 3 * THREADS
    assert outcome == {
        "undo_errors": [],
        "restored": 1,
        "add_errors": [],
        "lunch": 1,
        "profile_errors": [],
    }
