"""Vitamin K intake arithmetic. Pure Python: no Django, no database, Decimal throughout.

A value that is not known is absent, never 0. Totals add up the known values and keep, beside
them, how many of the logged grams had data for K1 and for K2, so a page can say
"K2 data for 80% of grams logged" instead of pretending the rest was zero.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from foods.amounts import HUNDRED, NOTHING, ZERO, Intake

MAN = "man"
WOMAN = "woman"
PREGNANT = "pregnant"
BREASTFEEDING = "breastfeeding"
TEEN = "teen"
CHILD = "child"
INFANT = "infant"  # not yet a profile choice: the age is then in months


@dataclass(frozen=True)
class IomGroup:
    """One IOM 2001 life-stage group and its adequate intake (AI), µg/day.

    The AIs were set from phylloquinone (K1) intakes, one value per group, with no upper limit
    and no separate value for K2 (vitamin-k-reference.md §1.1, §1.2).
    """

    key: str
    label: str  # reads after "Adequate intake for "
    ai_ug: Decimal


# Every group of the IOM 2001 table (vitamin-k-reference.md §1.1), in its order.
IOM_2001_GROUPS = (
    IomGroup("infant_0_6", "infants 0–6 months", Decimal("2.0")),
    IomGroup("infant_7_12", "infants 7–12 months", Decimal("2.5")),
    IomGroup("child_1_3", "children 1–3 years", Decimal(30)),
    IomGroup("child_4_8", "children 4–8 years", Decimal(55)),
    IomGroup("child_9_13", "children 9–13 years", Decimal(60)),
    IomGroup("teen_14_18", "boys and girls 14–18 years", Decimal(75)),
    IomGroup("man", "men 19 and older", Decimal(120)),
    IomGroup("woman", "women 19 and older", Decimal(90)),
    IomGroup("pregnant_14_18", "pregnancy at 18 or younger", Decimal(75)),
    IomGroup("pregnant_19", "pregnancy at 19 or older", Decimal(90)),
    IomGroup("breastfeeding_14_18", "breastfeeding at 18 or younger", Decimal(75)),
    IomGroup("breastfeeding_19", "breastfeeding at 19 or older", Decimal(90)),
)
_GROUPS = {group.key: group for group in IOM_2001_GROUPS}
ADULT_AGE = 19


def iom_group(life_stage: str, age: int | None = None, *, months: int | None = None) -> IomGroup:
    """The IOM 2001 group of a person, or ValueError saying what is missing or contradictory.

    `age` is in whole years; an infant's age is in `months` (0–12). Men and women are 19 or
    older (a man of 15 is a teen: 75 µg, not 120); pregnancy and breastfeeding need the age,
    since the AI is 75 µg at 18 or younger and 90 µg from 19.
    """
    if life_stage == INFANT:
        if months is None or not 0 <= months <= 12:
            raise ValueError("Give the infant's age in months, from 0 to 12.")
        return _GROUPS["infant_0_6" if months <= 6 else "infant_7_12"]
    if months is not None:
        raise ValueError("An age in months is for infants only.")
    if age is not None and age < 0:
        raise ValueError("An age cannot be negative.")
    if life_stage in (MAN, WOMAN):
        if age is not None and age < ADULT_AGE:
            raise ValueError(
                f"The {life_stage}'s value is from {ADULT_AGE}: under that, choose the child or "
                "teen group for the age."
            )
        return _GROUPS[life_stage]
    if life_stage in (PREGNANT, BREASTFEEDING):
        if age is None:
            raise ValueError(
                "Give the age: the adequate intake is 75 µg at 18 or younger and 90 µg from 19."
            )
        return _GROUPS[f"{life_stage}_{'14_18' if age < ADULT_AGE else '19'}"]
    if life_stage == TEEN:
        if age is not None and not 14 <= age <= 18:
            raise ValueError("The teen group is 14 to 18 years.")
        return _GROUPS["teen_14_18"]
    if life_stage == CHILD:
        if age is None:
            raise ValueError("A child's adequate intake depends on age.")
        if age < 1:
            raise ValueError("Under 1 year the adequate intake is by months: choose infant.")
        if age > 13:
            raise ValueError("From 14 to 18 choose the teen group; from 19, man or woman.")
        return _GROUPS["child_1_3" if age <= 3 else "child_4_8" if age <= 8 else "child_9_13"]
    raise ValueError(f"Unknown life stage: {life_stage!r}")


def lenient_group(life_stage: str, age: int | None = None, months: int | None = None) -> IomGroup:
    """The group of a profile saved before iom_group's rules were asked for (a pregnancy with
    no age, a "man" of 15, a "child" of 16): iom_group's answer, else the stage's own value
    with the age put aside, until the person completes the profile."""
    try:
        return iom_group(life_stage, age, months=months)
    except ValueError:
        if life_stage in (PREGNANT, BREASTFEEDING):
            return iom_group(life_stage, ADULT_AGE)
        if life_stage == CHILD and age is not None and age > 13:
            return _GROUPS["teen_14_18"]
        if life_stage in (CHILD, INFANT):
            return _GROUPS["infant_0_6"]
        return iom_group(life_stage)  # man, woman or teen with an age outside the group


def mean_of_logged(daily_totals: Sequence[Decimal | None]) -> Decimal | None:
    """Average over the days that were logged (None = not logged, never counted as 0)."""
    logged = [t for t in daily_totals if t is not None]
    return sum(logged, ZERO) / len(logged) if logged else None


def per_day(amounts: Sequence[Decimal | None], days: int) -> Decimal | None:
    """The amounts' sum spread over `days` (a week's supplements over the days its average
    counts); None when none is known or there are no days."""
    known = [amount for amount in amounts if amount is not None]
    return sum(known, ZERO) / days if known and days else None


def rolling_mean(daily_totals: Sequence[Decimal | None], window: int = 7) -> list[Decimal | None]:
    """Trailing mean over `window` days, ignoring days not logged; None where none was."""
    return [
        mean_of_logged(daily_totals[max(0, i - window + 1) : i + 1])
        for i in range(len(daily_totals))
    ]


def grams_to_provide(amount_ug: Decimal, ug_per_100g: Decimal | None) -> Decimal | None:
    """Grams of a food that provide `amount_ug`, or None when the food has none of it."""
    if not ug_per_100g or ug_per_100g <= 0:
        return None
    return Decimal(amount_ug) * HUNDRED / Decimal(ug_per_100g)


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole as a Decimal between 0 and 1, or None when either is unknown or whole is 0."""
    if part is None or whole is None or not whole:
        return None
    return min(max(Decimal(part) / Decimal(whole), ZERO), Decimal(1))


def top_contributors[K](
    intakes_by_key: Iterable[tuple[K, Intake]], limit: int = 3
) -> list[tuple[K, Intake]]:
    """[(key, Intake)] summed per key, largest known total first; unknown or 0 totals left out.

    Used by the day page (key: the Food) and the week page (key: food id and name). Equal totals
    keep the order in which their keys first appear.
    """
    summed: dict[K, Intake] = {}
    for key, one in intakes_by_key:
        summed[key] = summed.get(key, NOTHING) + one
    ranked = [(key, one) for key, one in summed.items() if one.total]
    ranked.sort(key=lambda pair: pair[1].total or ZERO, reverse=True)
    return ranked[:limit]


@dataclass(frozen=True)
class Serving:
    """An amount of one food: `count` portions (None: plain grams) weighing `grams`, adding `ug`."""

    count: Decimal | None
    grams: Decimal
    ug: Decimal


HALF = Decimal("0.5")
GRAM_STEP = Decimal(5)


def _ceil_to(value: Decimal, step: Decimal) -> Decimal:
    steps = (value / step).to_integral_value(rounding="ROUND_CEILING")
    return max(steps, Decimal(1)) * step


def serving_to_close_gap(
    gap_ug: Decimal,
    ug_per_100g: Decimal | None,
    portion_grams: Decimal | None = None,
    max_grams: Decimal = Decimal(500),
) -> "Serving | None":
    """The amount of a food that covers `gap_ug`: whole or half portions, else grams in 5 g steps.

    None when the food has no vitamin K data (or none of it), or when it would take more than
    `max_grams`, which nobody would eat to close a gap.
    """
    grams = grams_to_provide(gap_ug, ug_per_100g)
    if grams is None or ug_per_100g is None:
        return None
    if portion_grams:
        count = _ceil_to(grams / Decimal(portion_grams), HALF)
        grams = count * Decimal(portion_grams)
    else:
        count = None
        grams = _ceil_to(grams, GRAM_STEP)
    if grams > max_grams:
        return None
    return Serving(count=count, grams=grams, ug=grams * ug_per_100g / HUNDRED)


def best_serving(
    gap_ug: Decimal, ug_per_100g: Decimal | None, portion_weights: Sequence[Decimal] = ()
) -> "tuple[Serving, int | None] | None":
    """The serving that closes the gap with the least overshoot: (Serving, index of the portion
    in `portion_weights`, or None for grams). None when no serving would do."""
    tried: list[tuple[Serving | None, int | None]] = [
        (serving_to_close_gap(gap_ug, ug_per_100g, grams), index)
        for index, grams in enumerate(portion_weights)
    ] or [(serving_to_close_gap(gap_ug, ug_per_100g), None)]
    options = [(serving, index) for serving, index in tried if serving is not None]
    if not options:
        return None
    serving, index = min(options, key=lambda option: option[0].grams)
    if index is not None and serving.ug > 2 * gap_ug:
        # Half a cup of natto is 9 times a 90 µg gap: grams say it better.
        in_grams = serving_to_close_gap(gap_ug, ug_per_100g)
        if in_grams:
            return in_grams, None
    return serving, index
