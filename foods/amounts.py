"""Vitamin K in an amount of one food. Pure Python: no request, no diary, Decimal throughout.

A value that is not known is absent, never 0. An Intake adds up the known values and keeps,
beside them, how many of the logged grams had data for K1 and for K2, so a page can say
"K2 data for 80% of grams logged" instead of pretending the rest was zero.

This is the catalogue's arithmetic (per 100 g, per portion, per dose unit); the diary adds
Intakes up by day and period on top of it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import vitamers

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


@dataclass(frozen=True, eq=True)
class Intake:
    """Vitamin K in µg by form, for one amount of a food or any sum of them."""

    amounts: Mapping[str, Decimal] = field(default_factory=lambda: _frozen({}))
    grams: Decimal = ZERO  # grams of food logged (supplement doses are not grams)
    grams_with_k1: Decimal = ZERO
    grams_with_k2: Decimal = ZERO

    def __post_init__(self) -> None:
        if not isinstance(self.amounts, MappingProxyType):
            object.__setattr__(self, "amounts", _frozen(self.amounts))

    __hash__ = None  # type: ignore[assignment]  # holds a mapping: compare, don't hash

    def __add__(self, other: object) -> "Intake":
        if not isinstance(other, Intake):
            return NotImplemented
        amounts = dict(self.amounts)
        for form, amount in other.amounts.items():
            amounts[form] = amounts.get(form, ZERO) + amount
        return Intake(
            amounts=amounts,
            grams=self.grams + other.grams,
            grams_with_k1=self.grams_with_k1 + other.grams_with_k1,
            grams_with_k2=self.grams_with_k2 + other.grams_with_k2,
        )

    def scaled(self, factor: Decimal | int | str) -> "Intake":
        factor = Decimal(factor)
        return Intake(
            amounts={form: amount * factor for form, amount in self.amounts.items()},
            grams=self.grams * factor,
            grams_with_k1=self.grams_with_k1 * factor,
            grams_with_k2=self.grams_with_k2 * factor,
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
    def total(self) -> Decimal | None:
        """K1 + K2. Dihydrophylloquinone is not counted: the adequate intakes are phylloquinone."""
        return sum_known([self.k1, self.k2])

    @property
    def k1_coverage(self) -> Decimal | None:
        """Share (0–1) of logged grams with K1 data; None when no grams were logged."""
        return self.grams_with_k1 / self.grams if self.grams else None

    @property
    def k2_coverage(self) -> Decimal | None:
        return self.grams_with_k2 / self.grams if self.grams else None


NOTHING = Intake()


def total(intakes: Iterable[Intake]) -> Intake:
    return sum(intakes, NOTHING)


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
    factor = Decimal(grams) / HUNDRED if grams is not None else Decimal(units)  # type: ignore[arg-type]
    eaten = Decimal(grams) if grams is not None else ZERO
    has_k1 = vitamers.K1 in values_per_basis
    has_k2 = any(form in values_per_basis for form in vitamers.K2_FORMS)
    return Intake(
        amounts={form: Decimal(v) * factor for form, v in values_per_basis.items()},
        grams=eaten,
        grams_with_k1=eaten if has_k1 else ZERO,
        grams_with_k2=eaten if has_k2 else ZERO,
    )


def amount_intake(
    values_per_basis: Values,
    *,
    is_supplement: bool,
    quantity: Decimal | None,
    grams: Decimal | None,
) -> Intake:
    """The one place that decides how an amount is counted: a supplement by its dose units
    (`quantity`), any other food by the grams eaten."""
    if is_supplement:
        return entry_intake(values_per_basis, units=quantity)
    return entry_intake(values_per_basis, grams=grams)


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


@dataclass(frozen=True)
class ResultFigures:
    """What one search result shows: K1 and K2 in the food's default serving (per 100 g when
    it has no household measure, per dose unit for a supplement) and where K2 comes from."""

    serving: str  # "1 oz (28.35 g)", "100 g", "1 capsule"
    k1: Decimal | None  # None: no data (never shown as 0)
    k2: Decimal | None
    k2_sources: tuple[str, ...]  # short source names of the K2 values; () when no K2 data

    @property
    def has_k2(self) -> bool:
        return self.k2 is not None


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
    sources = {value.source.name for value in food.values.all() if value.form in vitamers.K2_FORMS}
    return ResultFigures(
        serving=serving, k1=eaten.k1, k2=eaten.k2, k2_sources=tuple(sorted(sources))
    )
