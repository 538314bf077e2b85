"""A recipe's vitamin K. Pure and typed: no request, no database.

A recipe is the sum of its ingredients (foods.amounts.total_logged, the diary's own sum), so
unknown stays unknown per form: a form no ingredient has data for is absent, never 0."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from foods.amounts import HUNDRED, Intake, LoggedAmount, total_logged

STORED_PLACES = Decimal("0.001")  # as a VitaminKValue keeps µg


@dataclass(frozen=True)
class RecipeFigures:
    whole: Intake  # the whole dish: every ingredient added up
    weight: Decimal  # grams of the dish: the cooked weight if given, else the ingredients'
    servings: Decimal

    @property
    def serving_grams(self) -> Decimal:
        return self.weight / self.servings

    @property
    def per_serving(self) -> Intake:
        return self.whole.scaled(1 / self.servings)

    @property
    def per_100g(self) -> dict[str, Decimal]:
        """µg per 100 g of the dish, by form (to the thousandth, as a food's value is kept)."""
        if not self.weight:
            return {}
        return {
            form: (amount * HUNDRED / self.weight).quantize(STORED_PLACES, rounding=ROUND_HALF_UP)
            for form, amount in self.whole.amounts.items()
        }


def recipe_figures(
    ingredients: Iterable[LoggedAmount], *, servings: Decimal, cooked_grams: Decimal | None
) -> RecipeFigures:
    """The dish from its ingredients as (values per 100 g, False, quantity, grams) tuples."""
    whole = total_logged(ingredients)
    weight = cooked_grams if cooked_grams is not None else whole.grams
    return RecipeFigures(whole=whole, weight=weight, servings=servings)
