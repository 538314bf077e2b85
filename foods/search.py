"""Catalogue search and ranking, done in the database.

Everything here returns a lazy QuerySet: filtering, ranking and sorting are SQL (Case/When,
Subquery/Sum), so a page costs the same few queries however many foods match, on SQLite and
on PostgreSQL alike (where `LIKE '%word%'` uses the trigram index of migration 0002).

What a query means is worked out in Python first, from reviewed data in foods/search_terms.py:
each word with its other spellings and its singular/plural (word_variants), and the synonym
rewrites of the words (alternatives). The database then ranks with one CASE (_rank) and the
stored Food.search_weight; the person's own history (`preferred`) and vitamin K data break ties.
The relevance set in tests/relevance_cases.csv says whether a change helps.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice, permutations, product
from typing import Any

from django.core import paginator
from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.utils.functional import cached_property

from . import search_terms, vitamers
from .models import Food, Portion, VitaminKValue
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

ALL_K = (vitamers.K1, *vitamers.K2_FORMS)
_AMOUNT = DecimalField(max_digits=14, decimal_places=3)


@dataclass(frozen=True)
class Query:
    """The cleaned search input: what was typed, folded and split into words."""

    text: str
    words: tuple[str, ...]
    typed: bool = False  # something was typed, even if nothing searchable was left

    def __bool__(self) -> bool:
        return self.typed


def parse_query(raw: object) -> Query:
    """Fold (case, accents), drop punctuation, cut to a sane length: never raises."""
    folded = fold(str(raw or "")[:MAX_QUERY_CHARS])
    plain = " ".join(_PUNCTUATION.sub(" ", folded).split())
    words = tuple(plain.split()[:MAX_WORDS])
    return Query(text=" ".join(words), words=words, typed=bool(folded))


def search(
    queryset: QuerySet,
    query: Query,
    *,
    preferred: QuerySet | Iterable[int] | None = None,
    forms: Iterable[str] | None = None,
) -> QuerySet:
    """Foods matching the query, best matches first (see best_first).

    preferred: ids of foods the person logged before (a values("food_id") QuerySet or a list);
    forms: the vitamin K forms being sorted on (default: any form).
    """
    return best_first(matching(queryset, query), query, preferred=preferred, forms=forms)


# --- what the query means: words, their variants, synonyms ----------------------------------

_VOWELS = frozenset("aeiou")
_SPELLING_OF = {word: group for group in search_terms.SPELLINGS for word in group}
MAX_ALTERNATIVES = 4  # the typed words plus up to three synonym rewrites
MAX_HEAD_WORDS = 3  # word-order permutations are tried up to this many words
MAX_COMBINATIONS = 8  # variant combinations per permutation


def _singular_and_plural(word: str) -> set[str]:
    """English plural <-> singular, by the regular rules only ("blueberries" <-> "blueberry")."""
    if len(word) < 3 or not word.isalpha():
        return set()
    forms = set()
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith("ves") and len(word) > 4:
        forms.add(word[:-3] + "f")
    elif word.endswith(("oes", "ches", "shes", "sses", "xes")):
        forms.add(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.add(word[:-1])
    if not word.endswith("s"):
        if word.endswith("y") and word[-2] not in _VOWELS:
            forms.add(word[:-1] + "ies")
        elif word.endswith(("x", "ch", "sh", "o")):
            forms.add(word + "es")
            forms.add(word + "s")
        else:
            forms.add(word + "s")
    return forms


def word_variants(word: str) -> tuple[str, ...]:
    """The word, its other spellings and its singular/plural: the typed word first."""
    spellings = _SPELLING_OF.get(word, frozenset({word}))
    variants = set(spellings)
    for spelling in spellings:
        variants |= _singular_and_plural(spelling)
    return (word, *sorted(variants - {word}))


def _minimal(variants: Sequence[str]) -> tuple[str, ...]:
    """Variants not containing another one: enough for a `contains` filter ("egg" finds "eggs")."""
    return tuple(v for v in variants if not any(o != v and o in v for o in variants))


def alternatives(query: Query) -> tuple[tuple[str, ...], ...]:
    """The typed words, then each synonym rewrite of them (SYNONYMS in foods/search_terms.py)."""
    words = query.words
    found = [words]
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            for replacement in search_terms.SYNONYMS.get(phrase, ()):
                rewritten = (*words[:start], *replacement.split(), *words[start + size :])
                if rewritten not in found:
                    found.append(rewritten)
    return tuple(found[:MAX_ALTERNATIVES])


def _terms(words: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(word_variants(word) for word in words)


def _heads(terms: Sequence[Sequence[str]], permute: bool) -> list[tuple[str, ...]]:
    """Word sequences to look for at the start of a name: every order (short queries) of every
    variant combination, capped."""
    orders = permutations(terms) if permute and len(terms) <= MAX_HEAD_WORDS else [terms]
    heads: list[tuple[str, ...]] = []
    for order in orders:
        heads.extend(islice(product(*order), MAX_COMBINATIONS))
    return heads


# The rank is one SQL CASE written here rather than composed from Q objects: Django took
# 10-20 ms to compile the hundred-odd lookups a three-word query makes, the database < 1 ms to
# run them. Plain SQL-92 (=, LIKE ... ESCAPE, REPLACE, ||): the same on SQLite and PostgreSQL.
# Every value is a query parameter.
Sql = tuple[str, list[str]]
_NAME = '"foods_food"."search_name"'
_PLAIN = f"REPLACE({_NAME}, ',', '')"  # "egg, yolk, raw" -> "egg yolk raw"
_WORDS = _NAME
for _mark in (",", "(", ")", "%%", "/"):  # so "100" is a word of "100% juice" (%% is "%")
    _WORDS = f"REPLACE({_WORDS}, '{_mark}', ' ')"
_PADDED = f"(' ' || {_WORDS} || ' ')"


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _eq(column: str, value: str) -> Sql:
    return f"{column} = %s", [value]


def _starts(column: str, value: str) -> Sql:
    return f"{column} LIKE %s ESCAPE '\\'", [_like(value) + "%"]


def _contains(column: str, value: str) -> Sql:
    return f"{column} LIKE %s ESCAPE '\\'", ["%" + _like(value) + "%"]


def _join(operator: str, parts: Iterable[Sql | None]) -> Sql | None:
    kept = [part for part in parts if part is not None]
    if not kept:
        return None
    return (
        "(" + f" {operator} ".join(text for text, _ in kept) + ")",
        [param for _, params in kept for param in params],
    )


def _head_sql(head: Sequence[str]) -> Sql | None:
    """The name's first comma-separated parts are exactly these words ("Oil, olive, ...")."""
    text = ", ".join(head)
    return _join("OR", [_eq(_NAME, text), _starts(_NAME, text + ",")])


def _match_sql(terms: Sequence[Sequence[str]]) -> Sql | None:
    return _join("AND", [_join("OR", [_contains(_NAME, v) for v in _minimal(t)]) for t in terms])


def _tiers(terms: Sequence[Sequence[str]]) -> list[Sql | None]:
    """How well one reading of the query matches, best first:
    0 the name's first parts are the words, in any order ("olive oil" -> "Oil, olive, ...");
    1 the name, commas ignored, starts with the words ("cheese gouda" -> "Cheese Gouda 48+");
    2 the name's first part is one of the words ("toast" -> "Bread, ..., toasted");
    3 every word is a whole word of the name ("tea" -> "Beverages, tea, ...", not "steaks");
    4 the name starts with one of the words ("egg" -> "Eggnog");
    (5, the default: the words appear anywhere, as parts of words).
    """
    every_variant = [v for variants in terms for v in variants]
    plain_prefix: list[Sql] = []  # one word: the same as "starts with" below, so only for several
    for head in _heads(terms, permute=False) if len(terms) > 1 else ():
        text = " ".join(head)
        plain_prefix += [_eq(_PLAIN, text), _starts(_PLAIN, text + " ")]
    return [
        _join("OR", [_head_sql(head) for head in _heads(terms, permute=True)]),
        _join("OR", plain_prefix),
        _join("OR", [_head_sql((v,)) for v in every_variant]),
        _join(
            "AND",
            [_join("OR", [_contains(_PADDED, f" {v} ") for v in t]) for t in terms],
        ),
        _join("OR", [_starts(_NAME, v) for v in every_variant]),
    ]


def _rank(query: Query) -> RawSQL:
    """The CASE that gives each matching food its rank: 0 for a synonym's own name, then the
    tiers of _tiers, best of all readings of the query."""
    readings = [_terms(words) for words in alternatives(query)]
    tiers = [_tiers(terms) for terms in readings]
    # Rank 0: a synonym's catalogue name at the start of the name (a reviewed meaning: "mayo" ->
    # "Salad dressing, mayonnaise, regular" before "Mayonnaise, made with tofu").
    conditions = [_join("OR", [part for t in tiers[1:] for part in t[:2]])]
    for tier in range(len(tiers[0])):
        parts = []
        for terms, reading_tiers in zip(readings, tiers, strict=True):
            part = reading_tiers[tier]
            if part is not None and len(readings) > 1 and tier >= 2:
                # With synonyms, a loose tier counts only for a food matching that reading.
                part = _join("AND", [part, _match_sql(terms)])
            parts.append(part)
        conditions.append(_join("OR", parts))
    whens = [(sql, rank) for rank, sql in enumerate(conditions) if sql is not None]
    text = "CASE " + " ".join(f"WHEN {sql} THEN {rank}" for (sql, _), rank in whens)
    text += f" ELSE {len(conditions)} END"
    params = [param for (_, sql_params), _ in whens for param in sql_params]
    return RawSQL(text, params, output_field=IntegerField())


def _any_q(lookup: str, values: Iterable[str]) -> Q:
    condition = Q()
    for value in values:
        condition |= Q(**{lookup: value})
    return condition


def _match_q(terms: Sequence[Sequence[str]]) -> Q:
    """Every term appears in the name (any of its variants)."""
    condition = Q()
    for variants in terms:
        condition &= _any_q("search_name__contains", _minimal(variants))
    return condition


def name_matches(query: Query, name: str) -> bool:
    """Whether a name (a person's own, such as a saved meal's) holds every word of the query,
    folded as a food's search name is; one letter matches the start of the name only, as
    `matching` does. Synonyms are left out: the person chose those words themselves."""
    if not query.words:
        return False
    folded = " ".join(_PUNCTUATION.sub(" ", fold(name)).split())
    if len(query.text) < MIN_CONTAINS_CHARS:
        return folded.startswith(query.text)
    return all(word in folded for word in query.words)


def matching(queryset: QuerySet, query: Query) -> QuerySet:
    """Foods whose name contains every word of the query or of one of its synonym rewrites
    (no ordering: cheap to count)."""
    if not query:
        return queryset
    if not query.words:  # only punctuation or emoji: nothing can match
        return queryset.none()
    if len(query.text) < MIN_CONTAINS_CHARS:
        # One letter is contained in nearly every name: match it as the start of a name only,
        # so the first keystroke does not sort the whole catalogue.
        return queryset.filter(search_name__startswith=query.text)
    condition = Q()
    for words in alternatives(query):
        condition |= _match_q(_terms(words))
    return queryset.filter(condition)


def best_first(
    queryset: QuerySet,
    query: Query,
    *,
    preferred: QuerySet | Iterable[int] | None = None,
    forms: Iterable[str] | None = None,
) -> QuerySet:
    """Best match first, all decided in the one SQL query:

    1. how the name matches (_rank: a synonym's name, then the tiers of _tiers);
    2. foods the person logged before (`preferred`);
    3. foods with vitamin K data for `forms` (default: any form);
    4. basic foods before products, baby and fast foods, dishes, and the plain whole food
       first (Food.search_weight, from the marks in foods/search_terms.py);
    5. by default, foods with some K2 (measured or borrowed) before those without: a K2
       tracker's tie-break between foods that match and weigh alike;
    6. shorter names, then alphabetical. No query: alphabetical.
    """
    if not query or not query.words:
        return queryset.order_by("name", "pk")
    annotations = {
        "rank": _rank(query),
        "no_data": ~Exists(
            VitaminKValue.objects.filter(food=OuterRef("pk"), form__in=list(forms or ALL_K))
        ),
        "name_length": Length("search_name"),
    }
    data_order = ["no_data", "search_weight"]
    if forms is None:
        # Some K2: a measured 0 of MK-4 (wild blueberries, egg bread) is data, but no reason to
        # offer that food before its plainer namesake.
        annotations["no_k2"] = ~Exists(
            VitaminKValue.objects.filter(
                food=OuterRef("pk"), form__in=vitamers.K2_FORMS, amount_ug__gt=0
            )
        )
        data_order = ["no_data", "search_weight", "no_k2"]
    order = ["rank"]
    if preferred is not None:
        if not isinstance(preferred, QuerySet):
            preferred = list(preferred)
        annotations["not_preferred"] = Case(
            When(pk__in=preferred, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        order.append("not_preferred")
    order += [*data_order, "name_length", "search_name", "pk"]
    return queryset.annotate(**annotations).order_by(*order)


class Paginator(paginator.Paginator):
    """Counts a plain filtered queryset: the ranking annotations only slow the COUNT down."""

    def __init__(
        self, object_list: QuerySet[Food], per_page: int, *, count_from: QuerySet[Food]
    ) -> None:
        super().__init__(object_list, per_page)
        self.count_from = count_from

    @cached_property
    def count(self) -> int:
        return self.count_from.count()


def rank_by(queryset: QuerySet[Food], sort: str, basis: str) -> QuerySet[Food]:
    """Richest first in one form (or total); foods without data for it come last.

    basis "portion" is per first household portion: foods without one sort last. The figures
    are stored on Food (foods.services.food_figures_refresh), not summed per request.
    """
    amount = F(Food.figure_field(sort, basis))
    return queryset.annotate(sort_amount=amount).order_by(
        F("sort_amount").desc(nulls_last=True), "name", "pk"
    )


def with_display_rows(queryset: QuerySet, portions: bool = True) -> QuerySet:
    """What a result row shows (amounts.result_figures: values with their source, household
    portions), fetched for the whole page in two more queries, however many rows."""
    values = VitaminKValue.objects.select_related("source", "borrowed_from__food").order_by("form")
    lookups: list[Prefetch[Any, Any, Any]] = [Prefetch("values", queryset=values)]
    if portions:
        lookups.append(Prefetch("portions", queryset=Portion.objects.order_by("seq", "pk")))
    return queryset.select_related("group").prefetch_related(*lookups)
