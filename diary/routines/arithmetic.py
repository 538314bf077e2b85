"""A recipe's vitamin K, calcium and vitamin D. Pure and typed: no request, no database.

A recipe is the sum of its ingredients (foods.amounts.total_logged, the diary's own sum), so
unknown stays unknown per form or nutrient: one no ingredient has data for is absent, never 0."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from foods.amounts import HUNDRED, Intake, LoggedAmount, total_logged

STORED_PLACES = Decimal("0.001")  # as a VitaminKValue keeps µg


@dataclass(frozen=True)
class RecipeFigures:
    whole: Intake  # the whole dish: every ingredient added up
    weight: Decimal  # grams of the dish: the cooked weight if given, else the ingredients'
    servings: Decimal
    # Calcium (mg) and vitamin D (µg) of the whole dish, by nutrient, summed the same way.
    nutrients_whole: Mapping[str, Decimal] = field(default_factory=dict)

    @property
    def serving_grams(self) -> Decimal:
        return self.weight / self.servings

    @property
    def per_serving(self) -> Intake:
        return self.whole.scaled(1 / self.servings)

    @property
    def per_100g(self) -> dict[str, Decimal]:
        """µg per 100 g of the dish, by form (to the thousandth, as a food's value is kept)."""
        return self._per_100g(self.whole.amounts)

    @property
    def nutrients_per_100g(self) -> dict[str, Decimal]:
        """Calcium (mg) and vitamin D (µg) per 100 g of the dish, kept as vitamin K's are."""
        return self._per_100g(self.nutrients_whole)

    @property
    def nutrients_per_serving(self) -> dict[str, Decimal]:
        return {key: amount / self.servings for key, amount in self.nutrients_whole.items()}

    def _per_100g(self, whole: Mapping[str, Decimal]) -> dict[str, Decimal]:
        if not self.weight:
            return {}
        return {
            key: (amount * HUNDRED / self.weight).quantize(STORED_PLACES, rounding=ROUND_HALF_UP)
            for key, amount in whole.items()
        }


def recipe_figures(
    ingredients: Iterable[LoggedAmount],
    *,
    servings: Decimal,
    cooked_grams: Decimal | None,
    nutrients: Iterable[LoggedAmount] = (),
) -> RecipeFigures:
    """The dish from its ingredients as (values per 100 g, False, quantity, grams) tuples, and
    their calcium and vitamin D as the same tuples."""
    whole = total_logged(ingredients)
    weight = cooked_grams if cooked_grams is not None else whole.grams
    return RecipeFigures(
        whole=whole,
        weight=weight,
        servings=servings,
        nutrients_whole=total_logged(nutrients).amounts,
    )
