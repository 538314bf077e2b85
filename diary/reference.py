"""Where a day's total vitamin K stands: against the adult reference range and the person's own
value. Pure Python: no Django, no database, Decimal throughout.

The total compared is K1 + K2 (+ vitamin K whose form a source did not separate), as NIH's fact
sheet and food labels count vitamin K. The IOM (2001) set its adequate intakes from K1 intakes;
the pages say so once and keep K1 alone visible. The adult range 90–120 µg is the span of the
adult adequate intakes (women 90, men 120); infants, children and teens are placed against their
own value only.

The status is worked out from the total as the page shows it (rounded half up to 0.1 µg by
foods.formatting, the one rounding rule), so a day that reads "90 µg" is within the range even
if it was 89.96 µg before rounding. Unknown is not zero: a total is the sum of the forms with
data; a day with nothing logged, or with no data for any form, has no status at all.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from foods.formatting import round_ug

from .intake import IomGroup

RANGE_LOW = Decimal(90)
RANGE_HIGH = Decimal(120)
ADULT_GROUPS = frozenset({"man", "woman", "pregnant_19", "breastfeeding_19"})

BELOW = "below"
WITHIN = "within"
ABOVE = "above"
REACHED = "reached"
NOT_YET = "not yet reached"


def range_status(
    total_ug: Decimal | None, low: Decimal = RANGE_LOW, high: Decimal = RANGE_HIGH
) -> str | None:
    """'below', 'within' (both edges included) or 'above' the range; None with no total."""
    if total_ug is None:
        return None
    shown = round_ug(total_ug)
    if shown < low:
        return BELOW
    return WITHIN if shown <= high else ABOVE


def own_status(total_ug: Decimal | None, own_ug: Decimal) -> str | None:
    """'reached' or 'not yet reached' the person's own value; None with no total."""
    if total_ug is None:
        return None
    return REACHED if round_ug(total_ug) >= own_ug else NOT_YET


def still_to_go(total_ug: Decimal | None, own_ug: Decimal) -> Decimal:
    """µg still missing to the person's own value; the whole value with no total (nothing known
    can be counted towards it), 0 once reached."""
    shown = round_ug(total_ug) if total_ug is not None else Decimal(0)
    return max(Decimal(own_ug) - shown, Decimal(0))


@dataclass(frozen=True)
class Reference:
    """What a person's totals are placed against.

    `own_ug` is their adequate intake or personal target; `adult` says whether the adult range
    90–120 µg is shown (it is not for infants, children and teens, nor in the steady-intake
    mode, where the person's usual intake replaces it).
    """

    own_ug: Decimal
    adult: bool
    personal: bool = False

    @property
    def low(self) -> Decimal:
        return RANGE_LOW if self.adult else self.own_ug

    @property
    def high(self) -> Decimal:
        return RANGE_HIGH if self.adult else self.own_ug

    def range_status(self, total_ug: Decimal | None) -> str | None:
        """Below / within / above the adult range; None for a child's page or with no total."""
        return range_status(total_ug) if self.adult else None

    def own_status(self, total_ug: Decimal | None) -> str | None:
        return own_status(total_ug, self.own_ug)

    def status(self, total_ug: Decimal | None) -> str | None:
        """The one word a table shows: the range status for an adult, else reached or not."""
        return self.range_status(total_ug) if self.adult else self.own_status(total_ug)

    @property
    def statuses(self) -> tuple[str, ...]:
        """Every status a day can have, in order: a trend counts its days under each."""
        return (BELOW, WITHIN, ABOVE) if self.adult else (NOT_YET, REACHED)

    def count(self, totals: Iterable[Decimal | None]) -> dict[str, int]:
        """How many of the days fall under each status; days with no total are not counted."""
        counts = dict.fromkeys(self.statuses, 0)
        for total in totals:
            status = self.status(total)
            if status is not None:
                counts[status] += 1
        return counts

    @property
    def column(self) -> str:
        """The heading of a table's status column."""
        if self.adult:
            return "against 90–120 µg"
        return f"against your {_ug(self.own_ug)} µg"


def _ug(value: Decimal) -> str:
    return f"{round_ug(value):f}".removesuffix(".0")


def reference_for(
    group: IomGroup, *, personal_ug: Decimal | None = None, steady: bool = False
) -> Reference:
    """The Reference of a person in an IOM group, with their personal target if they set one.
    In the steady-intake mode the range is not shown: the usual intake replaces it."""
    return Reference(
        own_ug=personal_ug or group.ai_ug,
        adult=group.key in ADULT_GROUPS and not steady,
        personal=personal_ug is not None,
    )


@dataclass(frozen=True)
class Segment:
    """One stacked part of the day's bar: `x` and `width` on the gauge's 0..width scale."""

    key: str  # "k1", "k2" or "unseparated"
    x: int
    width: int


@dataclass(frozen=True)
class Gauge:
    """Geometry of the day's stacked bar, for SVG attributes (no inline styles)."""

    width: int
    parts: tuple[Segment, ...]
    band_x: int  # the shaded range; for a child's page it is their one value (no width)
    band_width: int
    own: int  # the person's own value


def gauge(parts: list[tuple[str, Decimal | None]], reference: Reference, width: int = 300) -> Gauge:
    """The stacked parts (unknown ones left out, never drawn as 0) on a scale that runs to 125%
    of the largest of the range's top, the person's value and the day's total."""
    known = [(key, Decimal(ug)) for key, ug in parts if ug is not None and ug > 0]
    total = sum((ug for _, ug in known), Decimal(0))
    scale = max(reference.high, reference.own_ug, total) * Decimal("1.25")

    def at(value: Decimal) -> int:
        return int((value / scale * width).to_integral_value())

    segments, start = [], Decimal(0)
    for key, ug in known:
        x = at(start)
        start += ug
        segments.append(Segment(key, x, at(start) - x))
    band_x = at(reference.low)
    return Gauge(
        width=width,
        parts=tuple(segments),
        band_x=band_x,
        band_width=at(reference.high) - band_x,
        own=at(reference.own_ug),
    )
