"""Import cited vitamin K values from fixtures/menaquinones-literature.csv.

Adds the foods SR28 lacks (NEVO and CIQUAL cheeses, meats, livers, fish...) and, on an SR28
food, only the forms SR28 has no value for: an SR28 value is never overwritten. One value per
food and form: when two rows give the same form for the same food, the first row in the file
wins and the later one is reported as superseded.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from django.db.models import Q

from foods import vitamers
from foods.models import Food, FoodGroup, Method, Source, VitaminKValue

from . import sanity
from .base import (
    ImportFileError,
    Log,
    Tally,
    csv_rows,
    import_file,
    sync,
    sync_catalogue_foods,
    sync_sources,
    sync_values,
)
from .sr28 import SOURCE_KEY as SR28_KEY

KEY_PREFIX = "lit:"
CHANGE_REASON = "Imported from the literature CSV"

COLUMNS = {
    "k1_ug_per_100g": vitamers.K1,
    "mk4_ug_per_100g": vitamers.MK4,
    "mk5_ug_per_100g": vitamers.MK5,
    "mk6_ug_per_100g": vitamers.MK6,
    "mk7_ug_per_100g": vitamers.MK7,
    "mk8_ug_per_100g": vitamers.MK8,
    "mk9_ug_per_100g": vitamers.MK9,
    "mk10_ug_per_100g": vitamers.MK10,
    "total_k2_ug_per_100g": vitamers.K2_UNSPECIFIED,  # NEVO, CIQUAL: a K2 total only
    # MEXT: one vitamin K total (K1 + MK-4 + MK-7) that is neither K1 nor K2.
    "total_k_not_separated_ug_per_100g": vitamers.K_UNSEPARATED,
}
HEADER = [
    "food",
    "description",
    *COLUMNS,
    "source",
    "source_table",
    "where_read",
]

# Literature names that are the same food as an SR28 food (name -> NDB number). Kept small
# and explicit: a name match is a judgement, not string similarity.
SR28_MATCHES = {"Natto": "16113"}

NEVO_LICENCE = (
    "Use allowed in unmodified form, citing source and version: "
    '"NEVO-online versie 2023/8.0, RIVM, Bilthoven".'
)
CIQUAL_LICENCE = (
    'Cite "Anses. 2020. Ciqual French food composition table." A third-party attribution file '
    "describes CIQUAL as reusable under the Etalab Open Licence 2.0."
)


@dataclass(frozen=True)
class SourceSpec:
    match: str  # text the CSV's citation starts with
    key: str
    name: str
    method: str
    licence: str = ""


# Every citation in the CSV, with a short name and how its values were obtained
# (vitamin-k-reference.md section 4). A new citation must be added here: its method is a
# judgement the importer cannot guess.
SOURCES = (
    SourceSpec("Kamao M", "kamao-2007", "Kamao et al. 2007", Method.ANALYTICAL),
    SourceSpec(
        "NIH Office of Dietary Supplements", "nih-ods", "NIH ODS fact sheet", Method.SECONDARY
    ),
    SourceSpec(
        "Schurgers LJ, Vermeer C", "schurgers-2000", "Schurgers & Vermeer 2000", Method.ANALYTICAL
    ),
    SourceSpec("Dunlop E", "dunlop-2022", "Dunlop et al. 2022", Method.ANALYTICAL),
    SourceSpec(
        "J Dairy Sci 2007", "jdairysci-2007", "J Dairy Sci 2007 (MK-9(4H))", Method.ANALYTICAL
    ),
    SourceSpec("Fu X, Harshman", "fu-2017", "Fu et al. 2017", Method.ANALYTICAL),
    SourceSpec(
        "Fu X et al.", "fu-conference", "Fu et al. (conference abstract)", Method.ANALYTICAL
    ),
    SourceSpec(
        "Koivu-Tikkanen", "koivu-tikkanen-2000", "Koivu-Tikkanen et al. 2000", Method.ANALYTICAL
    ),
    SourceSpec("Food Chem 2025", "foodchem-2025", "Food Chem 2025 (Denmark)", Method.ANALYTICAL),
    SourceSpec("Foods 2021", "foods-2021", "Foods 2021 (Danish cheeses)", Method.ANALYTICAL),
    # Before "Walther B": the first spec whose text starts the citation wins.
    SourceSpec(
        "Walther B, Schmidt R",
        "walther-schmidt-2021",
        "Walther & Schmidt 2021 (Swiss cheeses)",
        Method.ANALYTICAL,
    ),
    SourceSpec("Walther B", "walther-2021", "Walther et al. 2021", Method.ANALYTICAL),
    SourceSpec("Vermeer C, Raes J", "vermeer-2018", "Vermeer et al. 2018", Method.ANALYTICAL),
    SourceSpec(
        "MEXT", "mext-2020", "MEXT 2020 (Japan)", Method.TABLE, "Reuse and licence terms not read."
    ),
    SourceSpec("RIVM, NEVO", "nevo-2023", "NEVO 2023/8.0 (RIVM)", Method.TABLE, NEVO_LICENCE),
    SourceSpec("ANSES, Ciqual", "ciqual-2020", "CIQUAL 2020 (ANSES)", Method.TABLE, CIQUAL_LICENCE),
)
SOURCE_KEYS = {spec.key for spec in SOURCES}

# SR28 food groups for literature foods, by keyword in the name (first rule that matches).
GROUP_NAMES = {
    "0100": "Dairy and Egg Products",
    "0500": "Poultry Products",
    "0700": "Sausages and Luncheon Meats",
    "1000": "Pork Products",
    "1100": "Vegetables and Vegetable Products",
    "1300": "Beef Products",
    "1500": "Finfish and Shellfish Products",
    "1600": "Legumes and Legume Products",
    "1700": "Lamb, Veal, and Game Products",
    "1900": "Sweets",
    "2200": "Meals, Entrees, and Side Dishes",
    "MEAT": "Meat, mixed or unspecified",  # our own: "Meat av raw excl liver" fits no SR28 group
}
GROUP_RULES = (
    (r"chocolate", "1900"),
    (r"stamppot|\(dish\)", "2200"),  # a dish before its ingredients (sauerkraut stamppot)
    (r"sauerkraut", "1100"),
    (r"natto|miso|soy", "1600"),
    (r"liver.*\b(pork|pig)", "1000"),
    (r"liver.*\b(cow|beef|veal|calf)", "1300"),
    (r"liver.*\b(goose|chicken|duck|turkey)", "0500"),
    (r"salami|sausage", "0700"),
    (r"chees|quark|butter|milk|cream|yog[h]?urt|kefir|\begg", "0100"),
    (r"herring|salmon|mackerel|plaice|trout|pike|fish|cod|tuna|eel", "1500"),
    (r"chicken|duck|goose|turkey", "0500"),
    (r"pork", "1000"),
    (r"beef", "1300"),
    (r"venison|hare|lamb|veal|rabbit|game", "1700"),
    (r"meat", "MEAT"),
)
URL = re.compile(r"https?://\S+")


def group_code_for(name: str) -> str | None:
    """The food group code for a literature food's name, or None when no rule fits."""
    lowered = name.lower()
    for pattern, code in GROUP_RULES:
        if re.search(pattern, lowered):
            return code
    return None


def source_spec_for(citation: str) -> SourceSpec | None:
    for spec in SOURCES:
        if citation.startswith(spec.match):
            return spec
    return None


@dataclass
class Row:
    line: int
    food: str
    description: str
    values: dict[str, Decimal]
    citation: str
    source_table: str
    where_read: str
    spec: SourceSpec


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)  # Rows that carry at least one number
    # (line, food, citation) of rows with no number
    empty: list[tuple[int, str, str]] = field(default_factory=list)


def parse(path: str | Path, log: Log | None = None) -> Parsed:
    parsed = Parsed()
    for line, cells in csv_rows(path, HEADER):
        parsed_row = _parse_row(path, line, cells)
        if parsed_row.values:
            parsed.rows.append(parsed_row)
        else:
            parsed.empty.append((line, parsed_row.food, parsed_row.citation))
    return parsed


def _parse_row(path: str | Path, line: int, cells: list[str]) -> Row:
    row = dict(zip(HEADER, cells, strict=True))
    food = row["food"].strip()
    if not food:
        raise ImportFileError(path, line, "the food column is empty")
    if len(food) > cast(int, Food._meta.get_field("name").max_length):
        raise ImportFileError(path, line, "the food name is too long")
    values: dict[str, Decimal] = {}
    for column, form in COLUMNS.items():
        text = row[column].strip()
        if not text:
            continue
        try:
            amount = sanity.parse_decimal(text)
        except ValueError as exc:
            raise ImportFileError(path, line, f"column {column}: {exc}") from None
        problem = sanity.value_problem(amount)
        if problem:
            raise ImportFileError(path, line, f"column {column}: {problem}")
        values[form] = amount
    citation = row["source"].strip()
    spec = source_spec_for(citation)
    if values and spec is None:
        raise ImportFileError(
            path,
            line,
            f"unknown source {citation[:80]!r}: add it to SOURCES in "
            "foods/importers/literature.py with a short name and method",
        )
    return Row(
        line=line,
        food=food,
        description=row["description"].strip(),
        values=values,
        citation=citation,
        source_table=row["source_table"].strip(),
        where_read=row["where_read"].strip(),
        spec=cast(SourceSpec, spec),  # None only on a row without numbers, never written
    )


def _note(row: Row) -> str:
    return "\n\n".join(filter(None, (row.description, f"Source table: {row.source_table}")))


def write(path: str | Path, parsed: Parsed, log: Log | None = None) -> dict[str, Tally]:
    """Bring the database in line with `parsed`. Call inside transaction.atomic()."""
    log = log or Log()
    tallies = {}

    # Sources: one per distinct citation among rows that carry numbers.
    desired_sources: dict[str, dict[str, Any]] = {}
    first_row: dict[str, Row] = {}
    for row in parsed.rows:
        if row.spec.key in desired_sources:
            continue
        url = URL.search(row.where_read)
        desired_sources[row.spec.key] = {
            "key": row.spec.key,
            "name": row.spec.name,
            "citation": row.citation,
            "url": url.group(0) if url else "",
            "licence": row.spec.licence,
        }
        first_row[row.spec.key] = row
    sources, tallies["Sources"] = sync_sources(desired_sources, reason=CHANGE_REASON)

    # SR28 foods the CSV names, and which forms SR28 already has for them.
    sr28_foods = {f.ndb_no: f for f in Food.objects.filter(ndb_no__in=SR28_MATCHES.values())}
    sr28_forms = set(
        VitaminKValue.objects.filter(
            food__in=list(sr28_foods.values()), source__key=SR28_KEY
        ).values_list("food_id", "form")
    )

    # Literature-only foods: one per name + source.
    codes = {
        code
        for row in parsed.rows
        if row.food not in SR28_MATCHES and (code := group_code_for(row.food)) is not None
    }
    groups, _ = sync(
        FoodGroup,
        {code: {"code": code, "name": GROUP_NAMES[code]} for code in codes},
        {g.code: g for g in FoodGroup.objects.filter(code__in=list(codes))},
        [],  # an existing group keeps its name (SR28's wording wins)
        reason=CHANGE_REASON,
    )
    desired_foods: dict[str, dict[str, Any]] = {}
    for row in parsed.rows:
        if row.food in SR28_MATCHES:
            ndb = SR28_MATCHES[row.food]
            if ndb not in sr28_foods:
                raise ImportFileError(
                    path,
                    row.line,
                    f"{row.food!r} maps to SR28 food {ndb}, which is not in the database "
                    "(run import_usda_sr28 first)",
                )
            continue
        key = f"{KEY_PREFIX}{row.spec.key}:{row.food}"
        if key in desired_foods:
            known = desired_foods[key]
            if row.description and row.description not in known["description"]:
                known["description"] += "\n\n" + row.description
            continue
        code = group_code_for(row.food)
        if code is None:
            log(f"  line {row.line}: no food group fits {row.food!r}; left without one", 1)
        desired_foods[key] = {
            "name": row.food,
            "catalogue_key": key,
            "group_id": groups[code].pk if code else None,
            "description": row.description,
            **Food.names_derived_from(row.food),
            "ndb_no": None,
            "owner_id": None,
        }
    foods, tally = sync_catalogue_foods(
        KEY_PREFIX,
        desired_foods,
        [
            "name",
            "group_id",
            "description",
            "search_name",
            "search_weight",
            "slug",
            "ndb_no",
            "owner_id",
        ],
        reason=CHANGE_REASON,
        gone_reason="No longer in the literature CSV",
    )
    tallies["Foods"] = tally
    log(f"Foods: {tally}", 1)

    # Values: the first row wins for a food and form; SR28's own values are kept.
    desired_values: dict[tuple[int, str], dict[str, Any]] = {}
    winner: dict[tuple[int, str], Row] = {}
    superseded = kept_sr28 = 0
    for row in parsed.rows:
        if row.food in SR28_MATCHES:
            food = sr28_foods[SR28_MATCHES[row.food]]
        else:
            food = foods[f"{KEY_PREFIX}{row.spec.key}:{row.food}"]
        for form, amount in row.values.items():
            label = f"{row.food} {vitamers.LABELS[form]} {amount} µg ({row.spec.name})"
            if (food.pk, form) in sr28_forms:
                kept_sr28 += 1
                log(f"  line {row.line}: skipped {label}: SR28 has a value, kept", 1)
                continue
            first = winner.get((food.pk, form))
            if first is not None:
                superseded += 1
                log(
                    f"  line {row.line}: skipped {label}: superseded by line {first.line} "
                    f"({first.spec.name}), the first row for this food and form",
                    1,
                )
                continue
            winner[(food.pk, form)] = row
            desired_values[(food.pk, form)] = {
                "food_id": food.pk,
                "form": form,
                "amount_ug": amount,
                "source_id": sources[row.spec.key].pk,
                "method": row.spec.method,
                "method_detail": row.source_table[:200],
                "reference": "",
                "data_points": None,
                "note": _note(row),
            }
    managed = Q(source__key__in=SOURCE_KEYS) | Q(food__catalogue_key__startswith=KEY_PREFIX)
    existing_values = {
        (v.food_id, v.form): v
        for v in VitaminKValue.objects.filter(managed | Q(food__in=list(sr28_foods.values())))
    }
    # Only values from this importer's own sources are removed when the CSV drops them.
    ours = set(Source.objects.filter(key__in=SOURCE_KEYS).values_list("pk", flat=True))
    tally = sync_values(
        desired_values,
        existing_values,
        reason=CHANGE_REASON,
        is_ours=lambda value: value.source_id in ours,
    )
    tallies["Values"] = tally
    log(f"Values: {tally}", 1)
    log(
        f"Skipped: {len(parsed.empty)} rows with no number, {superseded} values superseded by "
        f"an earlier row, {kept_sr28} values SR28 already has",
        1,
    )
    for line, name, citation in parsed.empty:
        log(f"  line {line}: {name} ({citation[:60]}): no number, skipped", 2)
    return tallies


def import_literature(path: str | Path, log: Log | None = None) -> dict[str, Tally]:
    """Parse and load the literature CSV in one transaction. Returns {table: Tally}."""
    return import_file("Literature", path, parse, write, log, summary=_summary)


def _summary(parsed: Parsed) -> str:
    numbers = sum(len(row.values) for row in parsed.rows)
    return (
        f"  {len(parsed.rows) + len(parsed.empty)} rows: {len(parsed.rows)} with "
        f"{numbers} numbers, {len(parsed.empty)} with no number"
    )
