"""Reads that look beyond one food: the same food in other sources and the other foods of its
kind (the food page), the catalogue's richest foods (the diary's suggestions). Each returns plain
data; the arithmetic is in comparison.py and amounts.py."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.core.cache import cache
from django.db.models import Prefetch

from . import amounts, comparison, nutrients, same_food, vitamers
from .models import Food, NutrientValue, VitaminKValue
from .services import CATALOGUE_VERSION_SECONDS, catalogue_version

# Herbs and spices top the per-100 g ranking but are eaten by the pinch: not a way to close a gap.
SPICES_GROUP = "0200"


def food_list_k1_richest(*, count: int) -> list[Food]:
    """The catalogue's `count` foods richest in K1 per 100 g among those with a household
    portion (spices left out), values and portions prefetched. The same for everyone: kept in
    the cache until the catalogue changes. The stored figures (services.food_figures_refresh)
    and the partial index food_k1_suggestion serve the order."""
    richest = cache.get_or_set(
        f"foods:k1-richest:{catalogue_version()}:{count}",
        lambda: list(
            Food.objects.active()
            .filter(dose_unit="", owner__isnull=True, k1_per_portion__isnull=False)
            .filter(k1_per_100g__gt=0)
            .exclude(group__code=SPICES_GROUP)
            .order_by("-k1_per_100g", "pk")
            .prefetch_related("values", "portions")[:count]
        ),
        CATALOGUE_VERSION_SECONDS,
    )
    return cast(list[Food], richest)


@dataclass(frozen=True)
class Reading:
    """One source's value for a food: `food` is that source's food (its page)."""

    food: Food
    sources: str
    amount: Decimal
    complete: bool = True  # a total is complete only when every form in it is known


@dataclass(frozen=True)
class FormComparison:
    label: str
    readings: tuple[Reading, ...]
    spread: comparison.Spread | None  # over the complete readings only


@dataclass(frozen=True)
class Caution:
    """A value far above every other food of its kind (comparison.is_outlier)."""

    figure: str  # "K1" or "K2"
    amount: Decimal
    sources: str
    kind: comparison.Kind
    peers: int
    highest: Decimal
    highest_food: Food


def values_with_sources() -> Prefetch:
    """A food's values with their source (and, for a borrowed value, the donor's food), in the
    query that fetches the values."""
    return Prefetch(
        "values", queryset=VitaminKValue.objects.select_related("source", "borrowed_from__food")
    )


def source_names(values: Iterable[VitaminKValue]) -> str:
    """'USDA SR28; Kamao et al. 2007': each source once, alphabetically."""
    return "; ".join(sorted({value.source.name for value in values}))


def same_food_comparison(food: Food) -> list[FormComparison]:
    """Every source's value for this food, form by form, where more than one source has one.

    `food` must have its values and their sources prefetched. The other sources' foods come
    from the explicit table in same_food.py. Totals are compared too (MEXT gives only a total);
    a total missing some form (SR28's K1 + MK-4) is listed but left out of the spread.
    """
    keys = same_food.same_as(food.catalogue_key)
    if not keys or food.owner_id is not None:
        return []
    others = (
        Food.objects.filter(catalogue_key__in=keys, owner__isnull=True, retired=False)
        .prefetch_related(values_with_sources())
        .order_by("name", "pk")
    )
    foods = [food, *others]
    if len(foods) < 2:
        return []
    rows = []
    for form, label in vitamers.LABELS.items():
        readings = tuple(
            Reading(one, value.source.name, value.amount_ug)
            for one in foods
            for value in one.values.all()
            # A borrowed value repeats another food's reading: it is not a reading of its own.
            if value.form == form and not value.borrowed_from_id
        )
        if len(readings) > 1:
            rows.append(
                FormComparison(label, readings, comparison.spread([r.amount for r in readings]))
            )
    totals = []
    for one in foods:
        own = [value for value in one.values.all() if not value.borrowed_from_id]
        values = {value.form: value.amount_ug for value in own}
        total = amounts.amount_intake(
            values, is_supplement=False, quantity=None, grams=amounts.HUNDRED
        ).total
        if total is None:
            continue
        counted = [value for value in own if value.form in vitamers.TOTAL_FORMS]
        complete = "total" in amounts.covered(values)
        totals.append(Reading(one, source_names(counted), total, complete))
    if len(totals) > 1:
        complete_amounts = [reading.amount for reading in totals if reading.complete]
        rows.append(
            FormComparison("Total vitamin K", tuple(totals), comparison.spread(complete_amounts))
        )
    return rows


FIGURES = (("K1", vitamers.K1_FORMS), ("K2", vitamers.K2_FORMS))


def kind_cautions(food: Food) -> list[Caution]:
    """Cautions for this food's K1 or K2 when far above every other food of its kind.

    `food` must have its group, values and their sources fetched. Only shared foods per 100 g:
    a supplement or a user's own food is not compared with the catalogue.
    """
    if food.owner_id is not None or food.is_supplement:
        return []
    kind = comparison.kind_of(food.name, food.group.code if food.group else None)
    if kind is None:
        return []
    candidates = (
        Food.objects.filter(
            owner__isnull=True, retired=False, dose_unit="", search_name__contains=kind.word
        )
        .exclude(pk=food.pk)
        .select_related("group")
        .prefetch_related("values")
    )
    peers = [
        peer
        for peer in candidates
        if comparison.kind_of(peer.name, peer.group.code if peer.group else None) == kind
    ]
    cautions = []
    for figure, forms in FIGURES:
        amount = amounts.sum_known(
            value.amount_ug for value in food.values.all() if value.form in forms
        )
        if amount is None:
            continue
        known = []
        for peer in peers:
            # A borrowed value repeats its donor's measurement: not another food's evidence.
            peer_amount = amounts.sum_known(
                value.amount_ug
                for value in peer.values.all()
                if value.form in forms and value.borrowed_from_id is None
            )
            if peer_amount is not None:
                known.append((peer_amount, peer))
        if comparison.is_outlier(amount, [peer_amount for peer_amount, _ in known]):
            highest, highest_food = max(known, key=lambda pair: pair[0])
            cautions.append(
                Caution(
                    figure=figure,
                    amount=amount,
                    sources=source_names(v for v in food.values.all() if v.form in forms),
                    kind=kind,
                    peers=len(known),
                    highest=highest,
                    highest_food=highest_food,
                )
            )
    return cautions


@dataclass(frozen=True)
class BoneRow:
    nutrient: str
    label: str
    amount: Decimal | None  # None: no data, never 0
    value: NutrientValue | None  # the stored value with its provenance

    @property
    def is_calcium(self) -> bool:
        return self.nutrient == nutrients.CALCIUM


def bone_rows(food: Food) -> list[BoneRow]:
    """Calcium and vitamin D of a food, each with its provenance; D3 and D2 only where a source
    separates them. Vitamin D is the source's total, else the sum of its forms (a supplement's
    D3). One query."""
    found = {v.nutrient: v for v in food.nutrients.select_related("source", "food")}
    amounts_ = {key: value.amount for key, value in found.items()}
    return [
        BoneRow(
            key,
            label,
            nutrients.vitamin_d(amounts_) if key == nutrients.VITAMIN_D else amounts_.get(key),
            found.get(key),
        )
        for key, label in nutrients.LABELS.items()
        if key not in nutrients.D_FORMS or key in found
    ]
