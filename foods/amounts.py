"""Vitamin K in an amount of one food. Pure Python: no request, no diary, Decimal throughout.

A value that is not known is absent, never 0. An Intake adds up the known values and keeps,
beside them, how many of the logged grams had data for each form (COVERAGE), so a page can say
"MK-7 data for 20% of grams logged" instead of pretending the rest was zero.

This is the catalogue's arithmetic (per 100 g, per portion, per dose unit); the diary adds
Intakes up by day and period on top of it.
"""

import functools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import nutrients, vitamers

if TYPE_CHECKING:
    from .models import Food, Portion

ZERO = Decimal(0)
HUNDRED = Decimal(100)

Values = Mapping[str, Decimal]


def _frozen(mapping: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
    return MappingProxyType(dict(mapping))


def sum_known(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the known values; None when none is known (unknown is not zero)."""
    known = [v for v in values if v is not None]
    return sum(known, ZERO) if known else None


# What coverage is reported for (completeness per form), with the page's wording.
COVERAGE = {
    "k1": "K1",
    "mk4": "MK-4",
    "mk7": "MK-7",
    "mk_other": "other MK-n (MK-5, 6, 8, 9, 10)",
    "k2": "K2 as a whole",
    "total": "total vitamin K",
}


def covered(forms: Collection[str]) -> frozenset[str]:
    """The COVERAGE keys a food with values for `forms` has complete data for.

    A food covers a form only where it has a value for it (a measured 0 counts): SR28 measured
    K1, dihydro-K1 and MK-4 only, so its foods never cover MK-7. A group is covered only when
    every form in it is: "other MK-n" needs MK-5, 6, 8, 9 and 10 alike. K2 as a whole is covered
    by a source's K2 total ("form not reported": NEVO, CIQUAL) or by a value for every single
    menaquinone, not by any one of them: SR28 cream cheese (MK-4 only) and a cheddar with
    MK-5/8/9 only do not cover K2. A K2 total covers K2 but no single form (not MK-7). Total
    vitamin K is covered by K1 and K2 together or by a total whose form was not separated (MEXT),
    which covers neither K1 nor K2.
    """
    present = set(forms)
    has = {
        "k1": vitamers.K1 in present,
        "mk4": vitamers.MK4 in present,
        "mk7": vitamers.MK7 in present,
        "mk_other": present.issuperset(vitamers.OTHER_MK_FORMS),
        "k2": vitamers.K2_UNSPECIFIED in present or present.issuperset(vitamers.SEPARATE_K2_FORMS),
    }
    has["total"] = (has["k1"] and has["k2"]) or vitamers.K_UNSEPARATED in present
    return frozenset(key for key, yes in has.items() if yes)


def _frozen_grams(mapping: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
    """Coverage grams with a zero for every key, so equal Intakes compare equal."""
    return MappingProxyType({key: mapping.get(key, ZERO) for key in COVERAGE})


@dataclass(frozen=True, eq=True)
class Intake:
    """Vitamin K in µg by form, for one amount of a food or any sum of them."""

    amounts: Mapping[str, Decimal] = field(default_factory=lambda: _frozen({}))
    grams: Decimal = ZERO  # grams of food logged (supplement doses are not grams)
    # COVERAGE key -> grams of food logged that had data for it
    grams_covered: Mapping[str, Decimal] = field(default_factory=lambda: _frozen_grams({}))

    def __post_init__(self) -> None:
        if not isinstance(self.amounts, MappingProxyType):
            object.__setattr__(self, "amounts", _frozen(self.amounts))
        if set(self.grams_covered) != set(COVERAGE):
            object.__setattr__(self, "grams_covered", _frozen_grams(self.grams_covered))

    __hash__ = None  # type: ignore[assignment]  # holds a mapping: compare, don't hash

    def __add__(self, other: object) -> "Intake":
        if not isinstance(other, Intake):
            return NotImplemented
        return total((self, other))

    def scaled(self, factor: Decimal | int | str) -> "Intake":
        factor = Decimal(factor)
        return Intake(
            amounts={form: amount * factor for form, amount in self.amounts.items()},
            grams=self.grams * factor,
            grams_covered={key: grams * factor for key, grams in self.grams_covered.items()},
        )

    def amount(self, form: str) -> Decimal | None:
        """µg of one form, or None when nothing logged had data for it."""
        return self.amounts.get(form)

    @property
    def is_empty(self) -> bool:
        return not self.amounts and not self.grams

    @property
    def k1(self) -> Decimal | None:
        return self.amount(vitamers.K1)

    @property
    def dihydro_k1(self) -> Decimal | None:
        return self.amount(vitamers.DIHYDRO_K1)

    @property
    def mk4(self) -> Decimal | None:
        return self.amount(vitamers.MK4)

    @property
    def mk7(self) -> Decimal | None:
        return self.amount(vitamers.MK7)

    @property
    def mk_other(self) -> Decimal | None:
        """MK-5, 6, 8, 9, 10 together."""
        return sum_known(self.amount(form) for form in vitamers.OTHER_MK_FORMS)

    @property
    def k2_unspecified(self) -> Decimal | None:
        return self.amount(vitamers.K2_UNSPECIFIED)

    @property
    def k2(self) -> Decimal | None:
        """All menaquinones with data; None when no K2 form had data."""
        return sum_known(self.amount(form) for form in vitamers.K2_FORMS)

    @property
    def unseparated(self) -> Decimal | None:
        """Vitamin K a source gave only as one total (MEXT): neither K1 nor K2."""
        return self.amount(vitamers.K_UNSEPARATED)

    @property
    def total(self) -> Decimal | None:
        """K1 + K2 + totals whose form was not separated. Dihydrophylloquinone is not counted:
        the adequate intakes are phylloquinone."""
        return sum_known([self.k1, self.k2, self.unseparated])

    def coverage_of(self, key: str) -> Decimal | None:
        """Share (0–1) of logged grams with data for a COVERAGE key; None when no grams were
        logged (supplement doses are not grams)."""
        return self.grams_covered[key] / self.grams if self.grams else None

    @property
    def coverage(self) -> Mapping[str, Decimal | None]:
        """COVERAGE key -> share of logged grams with data for it (see `covered`)."""
        return MappingProxyType({key: self.coverage_of(key) for key in COVERAGE})

    @property
    def grams_with_k1(self) -> Decimal:
        return self.grams_covered["k1"]

    @property
    def grams_with_k2(self) -> Decimal:
        """Grams with K2 as a whole known (a K2 total or every menaquinone), not just one form."""
        return self.grams_covered["k2"]

    @property
    def k1_coverage(self) -> Decimal | None:
        """Share (0–1) of logged grams with K1 data; None when no grams were logged."""
        return self.coverage_of("k1")

    @property
    def k2_coverage(self) -> Decimal | None:
        """Share of logged grams whose K2 as a whole is known (see `covered`): a food with one
        menaquinone only (SR28's MK-4) does not count: one menaquinone is not K2 as a whole."""
        return self.coverage_of("k2")


NOTHING = Intake()


def total(intakes: Iterable[Intake]) -> Intake:
    """The sum of Intakes (what `+` gives for two), built once rather than once per addition
    (a year of entries is 1,800 of them)."""
    amounts: dict[str, Decimal] = {}
    grams = ZERO
    grams_covered = dict.fromkeys(COVERAGE, ZERO)
    for one in intakes:
        for form, amount in one.amounts.items():
            amounts[form] = amounts.get(form, ZERO) + amount
        grams += one.grams
        for key, covered_grams in one.grams_covered.items():
            grams_covered[key] += covered_grams
    return Intake(amounts=amounts, grams=grams, grams_covered=grams_covered)


def entry_intake(
    values_per_basis: Values,
    *,
    grams: Decimal | int | str | None = None,
    units: Decimal | int | str | None = None,
) -> Intake:
    """Vitamin K in an amount of a food.

    `values_per_basis` maps form -> µg per 100 g (food, with `grams`) or per dose unit
    (supplement, with `units`). Forms missing from it have no data.
    """
    if (grams is None) == (units is None):
        raise ValueError("Give grams for a food or units for a supplement, not both.")
    return amount_intake(
        values_per_basis,
        is_supplement=units is not None,
        quantity=None if units is None else Decimal(units),
        grams=None if grams is None else Decimal(grams),
    )


def counted(
    *, is_supplement: bool, quantity: Decimal | None, grams: Decimal | None
) -> tuple[Decimal, Decimal]:
    """(factor on the values per basis, grams eaten) of one amount: a supplement is counted by
    its dose units (`quantity`) and weighs no grams, any other food by the grams eaten. Every
    nutrient's sum uses it (vitamin K here, calcium and vitamin D in diary.bone)."""
    if is_supplement:
        return Decimal(quantity), ZERO  # type: ignore[arg-type]
    return Decimal(grams) / HUNDRED, Decimal(grams)  # type: ignore[arg-type]


def amount_intake(
    values_per_basis: Values,
    *,
    is_supplement: bool,
    quantity: Decimal | None,
    grams: Decimal | None,
) -> Intake:
    """The one place that decides how an amount is counted: a supplement by its dose units
    (`quantity`), any other food by the grams eaten."""
    factor, eaten = counted(is_supplement=is_supplement, quantity=quantity, grams=grams)
    return Intake(
        amounts={form: Decimal(value) * factor for form, value in values_per_basis.items()},
        grams=eaten,
        grams_covered=dict.fromkeys(_covered_keys(frozenset(values_per_basis)), eaten),
    )


# One diary entry as the sums take it: (values per basis, is a supplement, quantity, grams).
LoggedAmount = tuple[Values, bool, Decimal | None, Decimal | None]


def total_logged(logged: Iterable[LoggedAmount]) -> Intake:
    """What `total(amount_intake(values, is_supplement=…, quantity=…, grams=…) for …)` gives for
    (values per basis, is supplement, quantity, grams) tuples, without an Intake for each: a
    365-day trend adds up 1,800 amounts. Equal to it, Decimal for Decimal (tests/unit)."""
    amounts: dict[str, Decimal] = {}
    grams = ZERO
    grams_covered = dict.fromkeys(COVERAGE, ZERO)
    for values, is_supplement, quantity, eaten in logged:
        factor, weight = counted(is_supplement=is_supplement, quantity=quantity, grams=eaten)
        for form, value in values.items():
            amounts[form] = amounts.get(form, ZERO) + Decimal(value) * factor
        grams += weight
        for key in _covered_keys(frozenset(values)):
            grams_covered[key] += weight
    return Intake(amounts=amounts, grams=grams, grams_covered=grams_covered)


@functools.lru_cache(maxsize=256)
def _covered_keys(forms: frozenset[str]) -> frozenset[str]:
    return covered(forms)


def values_by_form(food: "Food") -> dict[str, Decimal]:
    """{form: µg per basis} from the food's (prefetched) values."""
    return {value.form: value.amount_ug for value in food.values.all()}


def per_basis(food: "Food") -> Intake:
    """The food's vitamin K per 100 g (per dose unit for a supplement)."""
    return amount_intake(
        values_by_form(food), is_supplement=food.is_supplement, quantity=Decimal(1), grams=HUNDRED
    )


def per_portion(food: "Food", portion: "Portion") -> Intake:
    return entry_intake(values_by_form(food), grams=portion.grams)


def first_portion(food: "Food") -> Any:
    """The food's first household measure (from prefetched portions), or None."""
    portions = list(food.portions.all())
    return portions[0] if portions else None


# Where a food's K2 comes from (K2Basis): values measured for it, values borrowed from the same
# food analysed elsewhere (fixtures/borrowed-values.csv), a supplement's label, or no data.
MEASURED, BORROWED, LABEL, NO_DATA = "measured", "borrowed", "label", "no data"
PROVENANCES = (MEASURED, BORROWED, LABEL, NO_DATA)
PROVENANCE_WORDING = {
    MEASURED: "measured for",
    BORROWED: "borrowed for",
    LABEL: "from the label for",
    NO_DATA: "no data for",
}


def borrowed_forms(food: "Food") -> frozenset[str]:
    """The forms whose (prefetched) value the food borrowed from another food."""
    return frozenset(value.form for value in food.values.all() if value.borrowed_from_id)


def borrowed_from(food: "Food", forms: Collection[str] = vitamers.K2_FORMS) -> tuple[str, ...]:
    """'Cheese Gouda 48+ av, NEVO 2023/8.0 (RIVM)' for each donor of these forms, from values
    prefetched with their source and donor food (selectors.values_with_sources)."""
    donors = {
        f"{value.borrowed_from.food.name}, {value.source.name}"
        for value in food.values.all()
        if value.borrowed_from is not None and value.form in forms
    }
    return tuple(sorted(donors))


def k2_provenance(forms: Collection[str], borrowed: Collection[str], *, label: bool) -> str:
    """MEASURED, BORROWED, LABEL or NO_DATA for the K2 of one food whose counted values are for
    `forms`, of which `borrowed` were borrowed. K2 resting on any borrowed value is BORROWED; a
    supplement's is its LABEL."""
    k2 = set(forms) & set(vitamers.K2_FORMS)
    if not k2:
        return NO_DATA
    if label:
        return LABEL
    return BORROWED if k2 & set(borrowed) else MEASURED


@dataclass(frozen=True)
class K2Basis:
    """What a sum of logged foods' K2 rests on, food by food and by grams."""

    k2: Decimal | None
    foods: Mapping[str, tuple[str, ...]]  # provenance -> food names, in the order logged
    grams: Mapping[str, Decimal]  # provenance -> grams of food logged (supplements weigh none)

    @property
    def parts(self) -> list[tuple[str, tuple[str, ...]]]:
        """(wording, food names) for each provenance some food has, for the day's sentence."""
        return [
            (PROVENANCE_WORDING[key], self.foods[key]) for key in PROVENANCES if self.foods[key]
        ]

    @property
    def has_borrowed(self) -> bool:
        return bool(self.foods[BORROWED])

    @property
    def has_no_data(self) -> bool:
        return bool(self.foods[NO_DATA])

    @property
    def shares(self) -> list[tuple[str, Decimal]]:
        """(provenance, share of the logged grams) for each provenance some grams have."""
        return [
            (key, share)
            for key in PROVENANCES
            if self.grams[key] and (share := self.share(key)) is not None
        ]

    def share(self, provenance: str) -> Decimal | None:
        """Share (0–1) of the logged grams whose K2 has this provenance; None without grams."""
        logged = sum(self.grams.values(), ZERO)
        return self.grams[provenance] / logged if logged else None


# One logged food as K2Basis takes it: (food name, forms counted, forms borrowed, is a
# supplement, grams eaten or None).
LoggedFood = tuple[str, Collection[str], Collection[str], bool, Decimal | None]


def k2_basis(logged: Iterable[LoggedFood], k2: Decimal | None) -> K2Basis:
    """Sort each logged food by where its K2 comes from (k2_provenance); a food logged twice is
    named once, under the provenance of its first entry."""
    foods: dict[str, list[str]] = {provenance: [] for provenance in PROVENANCES}
    grams = dict.fromkeys(PROVENANCES, ZERO)
    named: set[str] = set()
    for name, forms, borrowed, is_supplement, eaten in logged:
        provenance = k2_provenance(forms, borrowed, label=is_supplement)
        if name not in named:
            named.add(name)
            foods[provenance].append(name)
        grams[provenance] += eaten or ZERO
    return K2Basis(
        k2=k2,
        foods=MappingProxyType({key: tuple(names) for key, names in foods.items()}),
        grams=MappingProxyType(grams),
    )


@dataclass(frozen=True)
class ResultFigures:
    """What one search result shows: K1 and K2 in the food's default serving (per 100 g when
    it has no household measure, per dose unit for a supplement) and where K2 comes from."""

    serving: str  # "1 oz (28.35 g)", "100 g", "1 capsule"
    k1: Decimal | None  # None: no data (never shown as 0)
    k2: Decimal | None
    k2_sources: tuple[str, ...]  # short source names of the K2 values measured for the food
    # "Cheese Gouda 48+ av, NEVO 2023/8.0 (RIVM)" for each food a K2 value was borrowed from
    k2_borrowed: tuple[str, ...] = ()
    # A total whose form was not separated (MEXT): neither K1 nor K2, shown only without them.
    unseparated: Decimal | None = None
    unseparated_sources: tuple[str, ...] = ()

    @property
    def has_k2(self) -> bool:
        return self.k2 is not None

    @property
    def only_unseparated(self) -> bool:
        """Nothing known but a total of K1 and K2 together: show that, not two "no data"."""
        return self.k1 is None and self.k2 is None and self.unseparated is not None


def result_figures(food: "Food") -> ResultFigures:
    """Figures for a search result, from prefetched values (with their source) and portions:
    see foods.search.with_display_rows(queryset, portions=True)."""
    if food.is_supplement:
        eaten, serving = per_basis(food), f"1 {food.dose_unit}"
    else:
        portion = first_portion(food)
        if portion is None:
            eaten, serving = per_basis(food), "100 g"
        else:
            eaten, serving = per_portion(food, portion), str(portion)
    values = list(food.values.all())
    measured = {
        value.source.name
        for value in values
        if value.form in vitamers.K2_FORMS and not value.borrowed_from_id
    }
    unseparated = {value.source.name for value in values if value.form == vitamers.K_UNSEPARATED}
    return ResultFigures(
        serving=serving,
        k1=eaten.k1,
        k2=eaten.k2,
        k2_sources=tuple(sorted(measured)),
        k2_borrowed=borrowed_from(food),
        unseparated=eaten.unseparated,
        unseparated_sources=tuple(sorted(unseparated)),
    )


def bone_per_serving(food: "Food") -> tuple[Decimal | None, Decimal | None]:
    """(vitamin D µg, calcium mg) in the serving a search result shows (a dose unit, the first
    household measure, else 100 g), from prefetched calcium and vitamin D values; None: no data."""
    values = {value.nutrient: value.amount for value in food.nutrients.all()}
    factor = Decimal(1)
    if not food.is_supplement and (portion := first_portion(food)) is not None:
        factor = portion.grams / HUNDRED
    d, ca = nutrients.vitamin_d(values), values.get(nutrients.CALCIUM)
    return (None if d is None else d * factor, None if ca is None else ca * factor)
