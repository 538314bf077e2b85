"""Catalogue search and ranking, done in the database.

Everything here returns a lazy QuerySet: filtering, ranking and sorting are SQL (Case/When,
Subquery/Sum), so a page costs the same few queries however many foods match, on SQLite and
on PostgreSQL alike.
"""

import re
from dataclasses import dataclass

from django.core import paginator
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Length, Replace
from django.utils.functional import cached_property

from . import vitamers
from .models import Portion, VitaminKValue
from .text import fold

# Longer input is cut, not refused: nobody types a 100-character food name.
MAX_QUERY_CHARS = 100
MAX_WORDS = 8
MIN_CONTAINS_CHARS = 2

_PUNCTUATION = re.compile(r"[^\w\s]+")

# Sort keys offered to the user -> the forms summed for them.
SORTS = {
    "k1": ("K1", (vitamers.K1,)),
    "k2": ("K2", vitamers.K2_FORMS),
    "mk7": ("MK-7", (vitamers.MK7,)),
    "total": ("Total vitamin K", vitamers.TOTAL_FORMS),
}
BASES = {"100g": "per 100 g", "portion": "per serving"}
KINDS = {"foods": "Foods", "supplements": "Supplements"}

_AMOUNT = DecimalField(max_digits=14, decimal_places=3)


@dataclass(frozen=True)
class Query:
    """The cleaned search input: what was typed, folded and split into words."""

    text: str
    words: tuple[str, ...]
    typed: bool = False  # something was typed, even if nothing searchable was left

    def __bool__(self):
        return self.typed


def parse_query(raw):
    """Fold (case, accents), drop punctuation, cut to a sane length: never raises."""
    folded = fold(str(raw or "")[:MAX_QUERY_CHARS])
    plain = " ".join(_PUNCTUATION.sub(" ", folded).split())
    words = tuple(plain.split()[:MAX_WORDS])
    return Query(text=" ".join(words), words=words, typed=bool(folded))


def search(queryset, query):
    """Foods whose name contains every word, best matches first."""
    return best_first(matching(queryset, query), query)


def matching(queryset, query):
    """Foods whose name contains every word (no ordering: cheap to count)."""
    if not query:
        return queryset
    if not query.words:  # only punctuation or emoji: nothing can match
        return queryset.none()
    if len(query.text) < MIN_CONTAINS_CHARS:
        # One letter is contained in nearly every name: match it as the start of a name only,
        # so the first keystroke does not sort the whole catalogue.
        queryset = queryset.filter(search_name__startswith=query.text)
    for word in query.words:
        queryset = queryset.filter(search_name__contains=word)
    return queryset


def best_first(queryset, query):
    """Rank 0: the name (commas ignored) starts with the whole query ("egg yolk" ->
    "Egg, yolk, raw, fresh"); 1: it starts with the first word; 2: the words appear anywhere.
    Within a rank, shorter names first, then alphabetical. No query: alphabetical.
    """
    if not query or not query.words:
        return queryset.order_by("name", "pk")
    queryset = queryset.alias(plain_name=Replace(F("search_name"), Value(","), Value("")))
    return queryset.annotate(
        rank=Case(
            When(plain_name__startswith=query.text, then=Value(0)),
            When(search_name__startswith=query.words[0], then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        name_length=Length("search_name"),
    ).order_by("rank", "name_length", "search_name", "pk")


class Paginator(paginator.Paginator):
    """Counts a plain filtered queryset: the ranking annotations only slow the COUNT down."""

    def __init__(self, object_list, per_page, *, count_from):
        super().__init__(object_list, per_page)
        self.count_from = count_from

    @cached_property
    def count(self):
        return self.count_from.count()


def _sum_of(forms):
    """µg per basis of these forms for the outer food; NULL when it has none of them.

    The form test sits in the aggregate's FILTER, not in WHERE: one index probe per food on
    food_id instead of one per (food, form) pair, about twice as fast on the full catalogue.
    """
    values = (
        VitaminKValue.objects.filter(food=OuterRef("pk"))
        .order_by()
        .values("food")
        .annotate(amount=Sum("amount_ug", filter=Q(form__in=forms)))
        .values("amount")[:1]
    )
    return Subquery(values, output_field=_AMOUNT)


def _first_portion_grams():
    """The food's first household measure (SR28 Seq 1): the common serving."""
    grams = Portion.objects.filter(food=OuterRef("pk")).order_by("seq", "pk").values("grams")[:1]
    return Subquery(grams, output_field=_AMOUNT)


def rank_by(queryset, sort, basis):
    """Richest first in one form (or total); foods without data for it come last.

    basis "portion" multiplies by the first household portion: foods without one sort last.
    """
    forms = SORTS[sort][1]
    amount = _sum_of(forms)
    if basis == "portion":
        amount = ExpressionWrapper(
            amount * _first_portion_grams() / Value(100), output_field=_AMOUNT
        )
    return queryset.annotate(sort_amount=amount).order_by(
        F("sort_amount").desc(nulls_last=True), "name", "pk"
    )


def with_display_rows(queryset, portions=False):
    """What a result row shows, fetched for the whole page in one more query (two with
    portions)."""
    lookups = [Prefetch("values", queryset=VitaminKValue.objects.order_by("form"))]
    if portions:
        lookups.append(Prefetch("portions", queryset=Portion.objects.order_by("seq", "pk")))
    return queryset.select_related("group").prefetch_related(*lookups)
