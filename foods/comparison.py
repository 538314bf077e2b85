"""Comparing values across sources and across foods of one kind. Pure Python, Decimal.

Two things the food page shows:

- the spread when several sources give a value for the same food and form (Emmental K2: NEVO
  43.3 vs CIQUAL 5.23 µg/100 g);
- a caution on a value far above every other food of its kind (CIQUAL raw goose liver K2
  369 µg/100 g, 46 times the next liver in the catalogue).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

# A value is an outlier when it is more than OUTLIER_FACTOR times the highest value of every
# other food of its kind, and at least MIN_PEERS other foods of that kind have a value to compare
# with. CIQUAL's raw goose liver K2 is 46 times the next liver; between sources for one food the
# catalogue already shows 8 times (Emmental K2), so a caution says "this value stands apart from
# every food of its kind: check its source", not "this value is wrong".
OUTLIER_FACTOR = Decimal(10)
MIN_PEERS = 3
# Peers' highest value counts as at least this much, so a trace among zeros (SR28 livers print
# K1 0.0) is not called an outlier: being "ten times 0 µg" says nothing.
PEER_FLOOR_UG = Decimal(1)


@dataclass(frozen=True)
class Kind:
    """Foods that are alike enough to compare (all livers), found by a word in the name."""

    key: str
    plural: str  # "livers": reads in "the 3 other livers in the catalogue"
    word: str  # the word every name of the kind contains (also a cheap database filter)
    pattern: str  # regular expression on the lower-cased name
    exclude: str = ""  # names that contain the word but are a product made from it
    group_code: str = ""  # limit to one food group (cheese: not pizza or macaroni and cheese)


KINDS = (
    Kind(
        "liver",
        "livers",
        "liver",
        r"\bliver\b",
        exclude=r"\bexcl\b|sausage|wurst|pat[eé]|spread|oil|loaf|paste|cheese|dumpling",
    ),
    Kind("cheese", "cheeses", "chees", r"chees", group_code="0100"),
)


def kind_of(name: str, group_code: str | None = None) -> Kind | None:
    """The kind a food belongs to by its name (and group), or None when it has none."""
    lowered = name.lower()
    for kind in KINDS:
        if not re.search(kind.pattern, lowered):
            continue
        if kind.exclude and re.search(kind.exclude, lowered):
            continue
        if kind.group_code and kind.group_code != group_code:
            continue
        return kind
    return None


def is_outlier(value: Decimal, peers: Sequence[Decimal]) -> bool:
    """True when `value` is more than OUTLIER_FACTOR times the highest of `peers` (the same
    figure for every other food of its kind), given at least MIN_PEERS of them.

    Only the high side: tables print zeros and traces, so a value far below the others is
    ordinary and gets no caution.
    """
    if len(peers) < MIN_PEERS:
        return False
    return value > OUTLIER_FACTOR * max(max(peers), PEER_FLOOR_UG)


@dataclass(frozen=True)
class Spread:
    low: Decimal
    high: Decimal

    @property
    def ratio(self) -> Decimal | None:
        """high / low, or None when the lowest value is 0 (no ratio to a zero)."""
        return self.high / self.low if self.low else None


def spread(values: Sequence[Decimal]) -> Spread | None:
    """Lowest and highest of two or more values; None for fewer (nothing to compare)."""
    if len(values) < 2:
        return None
    return Spread(low=min(values), high=max(values))
