"""Calcium and vitamin D in a day, against the person's IOM 2011 RDA and upper limit (UL).
Pure Python: no Django, no database, Decimal throughout.

The reference values are the IOM 2011 table (anticoagulation-and-bone-reference.md §3.1): an
RDA (an adequate intake, AI, for infants) and a tolerable upper intake level by life stage. A
food with no calcium or vitamin D data adds nothing and is counted as "no data", never as 0.
A day's standing is worked out from the total as the page shows it (rounded half up to 0.1 by
foods.formatting, the one rounding rule), so "above the upper limit" always agrees with the number.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from foods import nutrients
from foods.amounts import ZERO, counted
from foods.formatting import mg_text, round_ug, vitamin_d_text

from . import intake


@dataclass(frozen=True)
class BoneGroup:
    """One IOM 2011 life-stage group: calcium in mg/day, vitamin D in µg/day."""

    key: str
    label: str  # reads after "for "
    calcium_rda_mg: Decimal
    calcium_ul_mg: Decimal
    d_rda_ug: Decimal
    d_ul_ug: Decimal
    is_ai: bool = False  # infants: an adequate intake, not an RDA

    @property
    def kind(self) -> str:
        return "AI" if self.is_ai else "RDA"


def _group(
    key: str, label: str, ca: int, ca_ul: int, d: int, d_ul: str, ai: bool = False
) -> BoneGroup:
    return BoneGroup(key, label, Decimal(ca), Decimal(ca_ul), Decimal(d), Decimal(d_ul), ai)


# IOM 2011 (§3.1), in the table's order.
IOM_2011_GROUPS = (
    _group("infant_0_6", "infants 0–6 months", 200, 1000, 10, "25", ai=True),
    _group("infant_7_12", "infants 7–12 months", 260, 1500, 10, "37.5", ai=True),
    _group("child_1_3", "children 1–3 years", 700, 2500, 15, "63"),
    _group("child_4_8", "children 4–8 years", 1000, 2500, 15, "75"),
    _group(
        "young_9_18", "9–18 years (pregnancy and breastfeeding included)", 1300, 3000, 15, "100"
    ),
    _group(
        "adult_19_50", "adults 19–50 (pregnancy and breastfeeding included)", 1000, 2500, 15, "100"
    ),
    _group("man_51_70", "men 51–70", 1000, 2000, 15, "100"),
    _group("woman_51_70", "women 51–70", 1200, 2000, 15, "100"),
    _group("adult_71", "adults over 70", 1200, 2000, 20, "100"),
)
_GROUPS = {group.key: group for group in IOM_2011_GROUPS}


def bone_group(life_stage: str, age: int | None = None, months: int | None = None) -> BoneGroup:
    """The IOM 2011 group of a profile. The infant groups split at 6 months as vitamin K's do;
    an adult without an age is placed with 19–50 (the page asks for the age from 51)."""
    if life_stage == intake.INFANT:
        return _GROUPS["infant_0_6" if months is None or months <= 6 else "infant_7_12"]
    if life_stage == intake.CHILD and age is not None and age <= 8:
        return _GROUPS["child_1_3" if age <= 3 else "child_4_8"]
    if life_stage in (intake.CHILD, intake.TEEN):
        return _GROUPS["young_9_18"]
    if age is not None and age < intake.ADULT_AGE:
        return _GROUPS["young_9_18"]
    if life_stage in (intake.PREGNANT, intake.BREASTFEEDING) or age is None or age <= 50:
        return _GROUPS["adult_19_50"]
    if age <= 70:
        return _GROUPS["man_51_70" if life_stage == intake.MAN else "woman_51_70"]
    return _GROUPS["adult_71"]


@dataclass(frozen=True)
class Logged:
    """One entry as the day counts it: its calcium/vitamin D per basis, and how much."""

    food: str
    values: Mapping[str, Decimal]
    is_supplement: bool
    quantity: Decimal
    grams: Decimal | None


@dataclass(frozen=True)
class Nutrient:
    """A day's total of one nutrient with its coverage and its supplement share."""

    total: Decimal | None  # None: nothing logged had data
    from_supplements: Decimal | None
    no_data: tuple[str, ...] = field(default_factory=tuple)  # foods logged without data
    extra: Mapping[str, Decimal] = field(default_factory=dict)  # D3, D2 where known

    @property
    def shown(self) -> Decimal | None:
        return None if self.total is None else round_ug(self.total)


def _add(
    entries: Iterable[Logged],
    per_basis: Callable[[Mapping[str, Decimal]], Decimal | None],
    extras: tuple[str, ...] = (),
) -> Nutrient:
    total: Decimal | None = None
    supplements: Decimal | None = None
    extra: dict[str, Decimal] = {}
    missing: list[str] = []
    for entry in entries:
        amount = per_basis(entry.values)
        if amount is None:
            if entry.food not in missing:
                missing.append(entry.food)
            continue
        # The rule vitamin K's sums follow: a supplement by its dose units, a food by its grams.
        factor, _grams = counted(
            is_supplement=entry.is_supplement, quantity=entry.quantity, grams=entry.grams
        )
        amount *= factor
        total = (total or ZERO) + amount
        if entry.is_supplement:
            supplements = (supplements or ZERO) + amount
        for key in extras:
            if key in entry.values:
                extra[key] = extra.get(key, ZERO) + entry.values[key] * factor
    return Nutrient(total, supplements, tuple(missing), extra)


def calcium(entries: Iterable[Logged]) -> Nutrient:
    return _add(entries, lambda values: values.get(nutrients.CALCIUM))


def vitamin_d(entries: Iterable[Logged]) -> Nutrient:
    return _add(entries, nutrients.vitamin_d, extras=nutrients.D_FORMS)


REACHED = "reached"
NOT_YET = "not yet reached"
ABOVE_UL = "above the upper limit"


def standing(total: Decimal | None, rda: Decimal, ul: Decimal) -> str | None:
    """Where a day's total (as shown) stands: above the UL, reached the RDA, or not yet;
    None with no data."""
    if total is None:
        return None
    shown = round_ug(total)
    if shown > ul:
        return ABOVE_UL
    return REACHED if shown >= rda else NOT_YET


@dataclass(frozen=True)
class BoneDay:
    group: BoneGroup
    calcium: Nutrient
    vitamin_d: Nutrient

    @property
    def calcium_standing(self) -> str | None:
        return standing(self.calcium.total, self.group.calcium_rda_mg, self.group.calcium_ul_mg)

    @property
    def d_standing(self) -> str | None:
        return standing(self.vitamin_d.total, self.group.d_rda_ug, self.group.d_ul_ug)


def bone_day(group: BoneGroup, entries: Iterable[Logged]) -> BoneDay:
    entries = list(entries)
    return BoneDay(group=group, calcium=calcium(entries), vitamin_d=vitamin_d(entries))


@dataclass(frozen=True)
class Line:
    """One nutrient of the day as the page says it, every number through the one rounding rule."""

    key: str  # "vitamin-d", "calcium"
    label: str
    total: str
    standing: str | None
    kind: str  # "RDA" or "AI"
    rda: str
    ul: str
    from_supplements: str | None
    no_data: tuple[str, ...]
    forms: str  # "D3 4.2 µg" where the sources separate the forms; "" otherwise

    @property
    def above_ul(self) -> bool:
        return self.standing == ABOVE_UL

    @property
    def band(self) -> str:
        """The CSS class of the standing, as vitamin K's bands are named."""
        return {ABOVE_UL: "above", REACHED: "reached"}.get(self.standing or "", "below")


LABELS = {"vitamin-d": "Vitamin D", "calcium": "Calcium"}


def lines(day: BoneDay, d_unit: str = "ug") -> list[Line]:
    """Vitamin D (in the person's unit, µg or IU) and calcium, each against the RDA and UL."""
    group, d, ca = day.group, day.vitamin_d, day.calcium

    def d_text(value: Decimal | None) -> str:
        return vitamin_d_text(value, d_unit)

    forms = ", ".join(
        f"{label} {d_text(d.extra[key])}"
        for key, label in ((nutrients.D3, "D3"), (nutrients.D2, "D2"))
        if key in d.extra
    )
    return [
        _line("vitamin-d", d, day.d_standing, d_text, group, forms),
        _line("calcium", ca, day.calcium_standing, mg_text, group),
    ]


def _line(
    key: str,
    nutrient: Nutrient,
    standing_: str | None,
    text: Callable[[Decimal | None], str],
    group: BoneGroup,
    forms: str = "",
) -> Line:
    supplements = nutrient.from_supplements
    if key == "calcium":
        rda_ul = (group.calcium_rda_mg, group.calcium_ul_mg)
    else:
        rda_ul = (group.d_rda_ug, group.d_ul_ug)
    return Line(
        key=key,
        label=LABELS[key],
        total=text(nutrient.total),
        standing=standing_,
        kind=group.kind,
        rda=text(rda_ul[0]),
        ul=text(rda_ul[1]),
        from_supplements=None if supplements is None else text(supplements),
        no_data=nutrient.no_data,
        forms=forms,
    )
