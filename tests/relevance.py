"""The search relevance set (tests/relevance_cases.csv) and its score, shared by the CI test
(tests/integration/test_search_relevance.py) and benchmarks/search_speed.py.

Each case is what a person types and the exact catalogue name of the food they mean, written
from fixtures/usda-sr28/FOOD_DES.txt, the literature CSV and fixtures/supplements.csv.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

CASES_FILE = Path(__file__).with_name("relevance_cases.csv")
SCORE_KEY = pytest.StashKey[str]()  # the summary line, for tests/conftest.py to print
# The K2 relevance set (tests/everyday_k2_foods.txt): its summary line, printed the same way.
K2_SCORE_KEY = pytest.StashKey[str]()
K2_FOODS_FILE = Path(__file__).with_name("everyday_k2_foods.txt")
# Of the 40, how many first options show a K2 figure with its source. The goal is 36; the
# shipped data reaches K2_FLOOR, and the test holds that floor so no change loses a hit. Raise
# it as cited values are added for the misses the test lists (the About page names them).
K2_GOAL = 36
K2_FLOOR = 22
TOP_1_BAR = 0.90  # every case in the top 3, at least 90% first


@dataclass(frozen=True)
class Case:
    query: str
    expected: str
    why: str


@dataclass(frozen=True)
class Score:
    cases: int
    top_1: int
    top_3: int
    misses: tuple[tuple[str, str, tuple[str, ...]], ...]  # (query, expected, top 3) not first

    @property
    def summary(self) -> str:
        return (
            f"search relevance: top-1 {self.top_1}/{self.cases} ({self.top_1 / self.cases:.0%}), "
            f"top-3 {self.top_3}/{self.cases} ({self.top_3 / self.cases:.0%})"
        )

    @property
    def passes(self) -> bool:
        return self.top_3 == self.cases and self.top_1 >= TOP_1_BAR * self.cases


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [Case(row["query"], row["expected"], row["why"]) for row in csv.DictReader(handle)]


def score(cases: list[Case]) -> Score:
    """Search the shared catalogue (as /foods/ and the diary do) for every case."""
    from foods import search
    from foods.models import Food

    foods = Food.objects.filter(owner__isnull=True).active()
    top_1 = top_3 = 0
    misses = []
    for case in cases:
        found = tuple(
            search.search(foods, search.parse_query(case.query))[:3].values_list("name", flat=True)
        )
        top_1 += found[:1] == (case.expected,)
        top_3 += case.expected in found
        if found[:1] != (case.expected,):
            misses.append((case.query, case.expected, found))
    return Score(cases=len(cases), top_1=top_1, top_3=top_3, misses=tuple(misses))


def load_k2_queries(path: Path = K2_FOODS_FILE) -> list[str]:
    """One query per line; '#' lines are comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
