"""Writes that keep the catalogue's derived figures right.

Every code path that changes a food's values or portions (the importers, the admin, a person's
own food) ends with food_figures_refresh, so the rankings read stored columns instead of summing
every food's values on each request.
"""

import time
from collections.abc import Iterable
from decimal import Decimal

from django.core.cache import cache
from django.db import models
from django.db.models import DecimalField, ExpressionWrapper, OuterRef, Q, Subquery, Sum, Value

from . import search
from .models import Food, Portion, VitaminKValue

_AMOUNT = DecimalField(max_digits=24, decimal_places=8)
REASON_MAX = 100  # simple-history's history_change_reason column is 100 characters


def figure_sum(forms: Iterable[str], values_model: type[models.Model] = VitaminKValue) -> Subquery:
    """µg per basis of these forms for the outer food; NULL when it has none of them.

    The form test sits in the aggregate's FILTER, not in WHERE: one index probe per food on
    food_id instead of one per (food, form) pair.
    """
    values = (
        values_model._default_manager.filter(food=OuterRef("pk"))
        .order_by()
        .values("food")
        .annotate(amount=Sum("amount_ug", filter=Q(form__in=list(forms))))
        .values("amount")[:1]
    )
    return Subquery(values, output_field=_AMOUNT)


def first_portion_grams(portion_model: type[models.Model] = Portion) -> Subquery:
    """The food's first household measure (SR28 Seq 1): the common serving."""
    grams = (
        portion_model._default_manager.filter(food=OuterRef("pk"))
        .order_by("seq", "pk")
        .values("grams")[:1]
    )
    return Subquery(grams, output_field=_AMOUNT)


def figure_expressions(
    values_model: type[models.Model] = VitaminKValue, portion_model: type[models.Model] = Portion
) -> dict[str, ExpressionWrapper | Subquery]:
    """{Food figure field: its SQL}, per 100 g and per first portion, for each sort's forms.
    (The models are parameters so the migration that adds the columns can fill them.)"""
    expressions: dict[str, ExpressionWrapper | Subquery] = {}
    for sort, (_label, forms) in search.SORTS.items():
        expressions[Food.figure_field(sort, "100g")] = figure_sum(forms, values_model)
        # × 0.01, not / 100: SQLite divides integers as integers (939 µg × 45 g / 100 gave 422).
        expressions[Food.figure_field(sort, "portion")] = ExpressionWrapper(
            figure_sum(forms, values_model)
            * first_portion_grams(portion_model)
            * Value(Decimal("0.01")),
            output_field=_AMOUNT,
        )
    return expressions


def food_figures_refresh(food_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored ranking figures of these foods (None: every food), in one UPDATE.

    Call it after any change to values or portions; it also bumps the catalogue version, so
    cached catalogue pages are not served stale. Returns the number of foods updated.
    """
    foods = Food.objects.all()
    if food_ids is not None:
        ids = sorted(set(food_ids))
        if not ids:
            return 0
        foods = foods.filter(pk__in=ids)
    updated = foods.update(**figure_expressions())
    catalogue_version_bump()
    return updated


CATALOGUE_VERSION_KEY = "foods:catalogue-version"
# The version expires too, so a process whose local-memory cache never heard of a change made
# by another process (no REDIS_URL) serves it stale for at most this long, ETags included.
CATALOGUE_VERSION_SECONDS = 600


def catalogue_version() -> str:
    """A token that changes whenever the catalogue does: part of every cached catalogue answer's
    key and of the food pages' ETag, so a change is never served stale."""
    version = cache.get(CATALOGUE_VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        # add, not set: two processes starting at once agree on one version.
        cache.add(CATALOGUE_VERSION_KEY, version, timeout=CATALOGUE_VERSION_SECONDS)
        version = cache.get(CATALOGUE_VERSION_KEY, version)
    return str(version)


def catalogue_version_bump() -> None:
    """Every cached catalogue answer is out of date from now on (they expire on their own)."""
    cache.set(CATALOGUE_VERSION_KEY, str(time.time_ns()), timeout=CATALOGUE_VERSION_SECONDS)


def food_retire(*, foods: Iterable[Food], reason: str) -> int:
    """Retire foods instead of deleting them (diary entries use them): hidden from search and
    new entries, kept for the entries that have them. `reason` goes into their history."""
    retired = []
    for food in foods:
        food.retired = True
        food._change_reason = reason  # type: ignore[attr-defined]
        food.save()
        retired.append(food.pk)
    food_figures_refresh(retired)  # cached catalogue pages no longer list them
    return len(retired)


def borrowed_value_replace(*, value: VitaminKValue, reason: str) -> None:
    """A measured value saved for a form the food had borrowed replaces the borrowed one (the
    borrowed-values import fills only forms without a measured value, so it stays replaced)."""
    if value.borrowed_from_id:
        return
    borrowed = VitaminKValue.objects.filter(
        food_id=value.food_id, form=value.form, borrowed_from__isnull=False
    ).exclude(pk=value.pk)
    for old in borrowed:
        old._change_reason = f"Replaced by a measured value: {reason}"[:REASON_MAX]  # type: ignore[attr-defined]
        old.delete()
