"""Import the USDA SR28 vitamin K files (official ASCII format) into the catalogue.

Format (sr28_doc.pdf, chapter 2): ISO-8859-1 text, CRLF line ends, fields separated by `^`,
text fields wrapped in `~`. The whole directory is parsed and checked first; only then does
anything touch the database, in one transaction.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from django.db.models import Q

from foods import vitamers
from foods.models import Food, FoodGroup, Method, Portion, Source, VitaminKValue

from . import sanity
from .base import (
    ImportFileError,
    Log,
    Tally,
    import_file,
    refresh_figures,
    retire,
    sync,
    sync_values,
)

SOURCE_KEY = "usda-sr28"
SOURCE = {
    "key": SOURCE_KEY,
    "name": "USDA SR28",
    # fixtures/usda-sr28/README.md
    "citation": (
        "U.S. Department of Agriculture, Agricultural Research Service, Nutrient Data "
        "Laboratory. USDA National Nutrient Database for Standard Reference, Release 28 "
        '(2015, revised 2016). Published today as the "SR Legacy" data type of FoodData Central.'
    ),
    "url": "",
    "licence": "Public domain (U.S. Government work)",
}
KEY_PREFIX = "sr28:"
CHANGE_REASON = "Imported from USDA SR28"

# SR28 Src_Cd -> how the value was obtained (SRC_CD.txt holds SR28's own wording).
METHOD_BY_SRC_CD = {
    "1": Method.ANALYTICAL,
    "6": Method.ANALYTICAL,
    "12": Method.ANALYTICAL,
    "13": Method.ANALYTICAL,
    "4": Method.IMPUTED,
    "7": Method.ASSUMED_ZERO,
    "5": Method.LABEL,
    "8": Method.LABEL,
    "9": Method.LABEL,
    "11": Method.AGGREGATED,
}

# (file name, number of ^-separated fields per line)
FD_GROUP = ("FD_GROUP.txt", 2)
FOOD_DES = ("FOOD_DES.txt", 14)
NUTR_DEF = ("NUTR_DEF.txt", 6)
NUT_DATA = ("NUT_DATA.txt", 18)
WEIGHT = ("WEIGHT.txt", 7)
SRC_CD = ("SRC_CD.txt", 2)
DERIV_CD = ("DERIV_CD.txt", 2)
DATA_SRC = ("DATA_SRC.txt", 9)
DATSRCLN = ("DATSRCLN.txt", 3)
FOOTNOTE = ("FOOTNOTE.txt", 5)
REQUIRED = (FD_GROUP, FOOD_DES, NUT_DATA, WEIGHT, SRC_CD, DERIV_CD, DATA_SRC, DATSRCLN)
SHIPPED = (*REQUIRED, NUTR_DEF, FOOTNOTE)

MAX_METHOD_DETAIL = cast(int, Food._meta.get_field("name").max_length)  # 200, as method_detail
MAX_NAME = cast(int, Food._meta.get_field("name").max_length)
MAX_MEASURE = cast(int, Portion._meta.get_field("description").max_length)
MAX_NDB = cast(int, Food._meta.get_field("ndb_no").max_length)

type Spec = tuple[str, int]  # (file name, fields per line)
type Fields = list[str]
type Row = dict[str, Any]  # {field: value} of one row to write


@dataclass
class Parsed:
    groups: dict[str, str] = field(default_factory=dict)  # code -> name
    foods: dict[str, Row] = field(default_factory=dict)  # ndb -> {field: value}
    values: dict[tuple[str, str], Row] = field(default_factory=dict)  # (ndb, form) -> ...
    portions: dict[tuple[str, int], Row] = field(default_factory=dict)  # (ndb, seq) -> ...
    studies: int = 0
    links: int = 0


class Reader:
    """Lines of one SR28 file, split into fields, with helpers that report file and line."""

    def __init__(self, directory: Path, spec: Spec) -> None:
        self.name, self.width = spec
        self.path = Path(directory) / self.name
        self.line = 0

    def error(self, reason: str) -> ImportFileError:
        return ImportFileError(self.path, self.line, reason)

    def __iter__(self) -> Iterator[Fields]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raise ImportFileError(self.path, None, "file not found") from None
        lines = raw.decode("iso-8859-1").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for self.line, line in enumerate(lines, start=1):
            fields = line.removesuffix("\r").split("^")
            if len(fields) != self.width:
                raise self.error(
                    f"expected {self.width} fields separated by ^, found {len(fields)}"
                    " (truncated or malformed line)"
                )
            yield fields

    def text(
        self,
        fields: Fields,
        index: int,
        name: str,
        *,
        required: bool = True,
        max_length: int | None = None,
    ) -> str:
        raw = fields[index]
        if raw == "":  # SR28 leaves empty text fields unwrapped
            if required:
                raise self.error(f"{name} is empty")
            return ""
        if len(raw) < 2 or not (raw.startswith("~") and raw.endswith("~")):
            raise self.error(f"{name} {raw!r} is not a text field wrapped in ~")
        value = raw[1:-1].strip()
        if required and not value:
            raise self.error(f"{name} is empty")
        if max_length and len(value) > max_length:
            raise self.error(f"{name} is longer than {max_length} characters")
        return value

    def number(self, fields: Fields, index: int, name: str) -> Decimal:
        found = self.optional_number(fields, index, name)
        if found is None:
            raise self.error(f"{name} is empty")
        return found

    def optional_number(self, fields: Fields, index: int, name: str) -> Decimal | None:
        raw = fields[index].strip()
        if not raw:
            return None
        try:
            return sanity.parse_decimal(raw)
        except ValueError as exc:
            raise self.error(f"{name}: {exc}") from None

    def count(self, fields: Fields, index: int, name: str) -> int | None:
        try:
            return sanity.parse_count(fields[index])
        except ValueError as exc:
            raise self.error(f"{name}: {exc}") from None


def _code_table(directory: Path, spec: Spec) -> dict[str, str]:
    reader = Reader(directory, spec)
    table: dict[str, str] = {}
    for fields in reader:
        code = reader.text(fields, 0, "code")
        if code in table:
            raise reader.error(f"code {code} appears twice")
        table[code] = reader.text(fields, 1, "description")
    return table


def _citation(
    authors: str,
    title: str,
    year: str,
    journal: str,
    vol: str,
    issue: str,
    start: str,
    end: str,
) -> str:
    """'Authors (Year). Title. Journal Vol(Issue):Start-End.' from DATA_SRC's fields."""
    text = authors or "Unknown authors"
    if year:
        text += f" ({year})"
    text += "."
    if title:
        text += f" {title.rstrip('.')}."
    if journal:
        where = journal
        if vol:
            where += f" {vol}"
        if issue:
            where += f"({issue})"
        if start:
            where += f":{start}" + (f"-{end}" if end and end != start else "")
        text += f" {where}."
    elif vol or issue:  # reports: Vol_City/Issue_State hold the city and state
        text += " " + ", ".join(part for part in (vol, issue) if part) + "."
    return text


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse(directory: str | Path, log: Log | None = None) -> Parsed:
    """Read and check every file in `directory`; raises ImportFileError on the first problem.
    Each file is read by its own function below, in an order where each finds the codes and
    foods it refers to already read."""
    log = log or Log()
    directory = Path(directory)
    if not directory.is_dir():
        raise ImportFileError(directory, None, "not a directory")
    parsed = Parsed()
    src_codes = _source_codes(directory)
    deriv_codes = _code_table(directory, DERIV_CD)
    _check_nutrient_units(directory)
    parsed.groups = _code_table(directory, FD_GROUP)
    log(f"  {FD_GROUP[0]}: {len(parsed.groups)} food groups", 2)
    parsed.foods = _foods(directory, parsed.groups)
    log(f"  {FOOD_DES[0]}: {len(parsed.foods)} foods", 1)
    parsed.values = _values(directory, parsed.foods, src_codes, deriv_codes, log)
    parsed.portions = _portions(directory, parsed.foods)
    log(f"  {WEIGHT[0]}: {len(parsed.portions)} portions", 1)
    studies = _studies(directory)
    parsed.studies = len(studies)
    parsed.links = _link_studies(directory, parsed, studies)
    log(f"  {DATSRCLN[0]}: {parsed.links} links to {parsed.studies} studies", 1)
    _footnotes(directory, parsed)
    return parsed


def _source_codes(directory: Path) -> dict[str, str]:
    """SRC_CD: how each value was obtained; every code needs a method (METHOD_BY_SRC_CD)."""
    src_codes = _code_table(directory, SRC_CD)
    for code in src_codes:
        if code not in METHOD_BY_SRC_CD:
            raise ImportFileError(
                directory / SRC_CD[0], None, f"source code {code} has no method mapping"
            )
    return src_codes


def _check_nutrient_units(directory: Path) -> None:
    """NUTR_DEF (optional): the vitamin K nutrients are in µg."""
    if not (directory / NUTR_DEF[0]).exists():
        return
    reader = Reader(directory, NUTR_DEF)
    for fields in reader:
        number = reader.text(fields, 0, "Nutr_No")
        if number in vitamers.SR28_NUTRIENTS:
            unit = reader.text(fields, 1, "Units")
            if unit != "µg":
                raise reader.error(f"nutrient {number} is in {unit!r}, expected µg")


def _foods(directory: Path, groups: dict[str, str]) -> dict[str, Row]:
    """FOOD_DES: ndb -> the food's fields; its group is a code of FD_GROUP."""
    reader = Reader(directory, FOOD_DES)
    foods: dict[str, Row] = {}
    for fields in reader:
        ndb = reader.text(fields, 0, "NDB_No", max_length=MAX_NDB)
        if ndb in foods:
            raise reader.error(f"food {ndb} appears twice")
        group = reader.text(fields, 1, "FdGrp_Cd")
        if group not in groups:
            raise reader.error(f"unknown food group {group} (not in {FD_GROUP[0]})")
        name = reader.text(fields, 2, "Long_Desc", max_length=MAX_NAME)
        common = reader.text(fields, 4, "ComName", required=False)
        foods[ndb] = {
            "name": name,
            "ndb_no": ndb,
            "catalogue_key": KEY_PREFIX + ndb,
            "group": group,  # code; replaced by the FoodGroup pk when writing
            "scientific_name": reader.text(fields, 9, "SciName", required=False, max_length=200),
            "description": f"Also called: {common}." if common else "",
            **Food.names_derived_from(name),
            "owner_id": None,
        }
    return foods


def _values(
    directory: Path,
    foods: dict[str, Row],
    src_codes: dict[str, str],
    deriv_codes: dict[str, str],
    log: Log,
) -> dict[tuple[str, str], Row]:
    """NUT_DATA: (ndb, form) -> the value's fields, with how it was obtained."""
    names = {ndb: food["name"] for ndb, food in foods.items()}
    reader = Reader(directory, NUT_DATA)
    values: dict[tuple[str, str], Row] = {}
    per_form = dict.fromkeys(vitamers.SR28_NUTRIENTS.values(), 0)
    for fields in reader:
        ndb = reader.text(fields, 0, "NDB_No")
        if ndb not in foods:
            raise reader.error(f"unknown food {ndb} (not in {FOOD_DES[0]})")
        nutrient = reader.text(fields, 1, "Nutr_No")
        form = vitamers.SR28_NUTRIENTS.get(nutrient)
        if form is None:
            raise reader.error(
                f"unknown nutrient {nutrient} (expected one of "
                f"{', '.join(vitamers.SR28_NUTRIENTS)})"
            )
        if (ndb, form) in values:
            raise reader.error(f"food {ndb} has a second value for nutrient {nutrient}")
        amount = reader.number(fields, 2, "Nutr_Val")
        problem = sanity.value_problem(amount)
        if problem:
            raise reader.error(problem)
        values[(ndb, form)] = {
            "form": form,
            "amount_ug": amount,
            **row_provenance(reader, fields, src_codes, deriv_codes, names, unit="µg"),
        }
        per_form[form] += 1
    log(
        f"  {NUT_DATA[0]}: {len(values)} values ("
        + ", ".join(f"{vitamers.LABELS[form]} {n}" for form, n in per_form.items())
        + ")",
        1,
    )
    return values


def row_provenance(
    reader: Reader,
    fields: Fields,
    src_codes: Mapping[str, str],
    deriv_codes: Mapping[str, str],
    names: Mapping[str, str],
    *,
    unit: str,
) -> Row:
    """How a NUT_DATA row's value was obtained: method (from Src_Cd), SR28's own wording of
    Src_Cd and Deriv_Cd, data points, and a note naming the food it was based on, the standard
    error and the range (in `unit`). The studies (`reference`) are added from DATSRCLN."""
    src = reader.text(fields, 5, "Src_Cd")
    if src not in src_codes:
        raise reader.error(f"unknown source code {src} (not in {SRC_CD[0]})")
    deriv = reader.text(fields, 6, "Deriv_Cd", required=False)
    if deriv and deriv not in deriv_codes:
        raise reader.error(f"unknown derivation code {deriv} (not in {DERIV_CD[0]})")
    detail = f"Src_Cd {src}: {src_codes[src]}"
    if deriv:
        detail += f"; Deriv_Cd {deriv}: {deriv_codes[deriv]}"
    notes = []
    ref_ndb = reader.text(fields, 7, "Ref_NDB_No", required=False)
    if ref_ndb:
        ref_name = names.get(ref_ndb)
        notes.append(f"Based on NDB {ref_ndb}" + (f" ({ref_name})." if ref_name else "."))
    std_error = reader.optional_number(fields, 4, "Std_Error")
    if std_error is not None:
        notes.append(f"Standard error {std_error} {unit}.")
    low = reader.optional_number(fields, 10, "Min")
    high = reader.optional_number(fields, 11, "Max")
    if low is not None and high is not None:
        notes.append(f"Range {low}–{high} {unit}.")
    return {
        "method": METHOD_BY_SRC_CD[src],
        "method_detail": _clip(detail, MAX_METHOD_DETAIL),
        "data_points": reader.count(fields, 3, "Num_Data_Pts"),
        "reference": "",
        "note": " ".join(notes),
    }


def _portions(directory: Path, foods: dict[str, Row]) -> dict[tuple[str, int], Row]:
    """WEIGHT: (ndb, seq) -> the household measure's fields."""
    reader = Reader(directory, WEIGHT)
    portions: dict[tuple[str, int], Row] = {}
    for fields in reader:
        ndb = reader.text(fields, 0, "NDB_No")
        if ndb not in foods:
            raise reader.error(f"unknown food {ndb} (not in {FOOD_DES[0]})")
        seq = reader.count(fields, 1, "Seq")
        if seq is None or not 0 < seq < 32768:
            raise reader.error(f"Seq {fields[1]!r} is not a sequence number")
        if (ndb, seq) in portions:
            raise reader.error(f"food {ndb} has a second portion with Seq {seq}")
        amount = reader.number(fields, 2, "Amount")
        grams = reader.number(fields, 4, "Gm_Wgt")
        problem = sanity.portion_problem(amount, grams)
        if problem:
            raise reader.error(problem)
        portions[(ndb, seq)] = {
            "seq": seq,
            "amount": amount,
            "description": reader.text(fields, 3, "Msre_Desc", max_length=MAX_MEASURE),
            "grams": grams,
            "data_points": reader.count(fields, 5, "Num_Data_Pts"),
        }
    return portions


def _studies(directory: Path) -> dict[str, str]:
    """DATA_SRC: study id -> its citation."""
    reader = Reader(directory, DATA_SRC)
    studies: dict[str, str] = {}
    for fields in reader:
        key = reader.text(fields, 0, "DataSrc_ID")
        if key in studies:
            raise reader.error(f"study {key} appears twice")
        parts = [reader.text(fields, i, "field", required=False) for i in range(1, 9)]
        authors, title, year, journal, vol, issue, start, end = parts
        studies[key] = _citation(authors, title, year, journal, vol, issue, start, end)
    return studies


def _link_studies(directory: Path, parsed: Parsed, studies: dict[str, str]) -> int:
    """DATSRCLN: each value's studies go into its reference. Returns the number of links."""
    reader = Reader(directory, DATSRCLN)
    links = 0
    for fields in reader:
        ndb = reader.text(fields, 0, "NDB_No")
        nutrient = reader.text(fields, 1, "Nutr_No")
        study = reader.text(fields, 2, "DataSrc_ID")
        form = vitamers.SR28_NUTRIENTS.get(nutrient)
        if form is None:
            raise reader.error(f"unknown nutrient {nutrient}")
        if ndb not in parsed.foods:
            raise reader.error(f"unknown food {ndb} (not in {FOOD_DES[0]})")
        value = parsed.values.get((ndb, form))
        if value is None:
            raise reader.error(f"links food {ndb} nutrient {nutrient}, which has no value")
        if study not in studies:
            raise reader.error(f"unknown study {study} (not in {DATA_SRC[0]})")
        citation = studies[study]
        if citation not in value["reference"]:
            value["reference"] = (
                f"{value['reference']}\n{citation}" if value["reference"] else citation
            )
        links += 1
    return links


def _footnotes(directory: Path, parsed: Parsed) -> None:
    """FOOTNOTE (optional): notes on a food go into its description, on a value into its note."""
    if not (directory / FOOTNOTE[0]).exists():
        return
    reader = Reader(directory, FOOTNOTE)
    for fields in reader:
        ndb = reader.text(fields, 0, "NDB_No")
        if ndb not in parsed.foods:
            raise reader.error(f"unknown food {ndb} (not in {FOOD_DES[0]})")
        kind = reader.text(fields, 2, "Footnt_Typ")
        text = reader.text(fields, 4, "Footnt_Txt", required=False)
        if not text:
            continue
        if kind == "D":  # about the food as a whole
            food = parsed.foods[ndb]
            food["description"] = " ".join(filter(None, (food["description"], text)))
        elif kind == "N":  # about one nutrient's value
            form = vitamers.SR28_NUTRIENTS.get(reader.text(fields, 3, "Nutr_No"))
            if form is None:
                continue
            value = parsed.values.get((ndb, form))
            if value is not None:
                value["note"] = " ".join(filter(None, (value["note"], f"Footnote: {text}.")))


def write(directory: str | Path, parsed: Parsed, log: Log | None = None) -> dict[str, Tally]:
    """Bring the database in line with `parsed`. Call inside transaction.atomic()."""
    log = log or Log()
    tallies = {}

    source, created = Source.objects.get_or_create(key=SOURCE_KEY, defaults=SOURCE)
    if not created and any(getattr(source, k) != v for k, v in SOURCE.items()):
        Source.objects.filter(pk=source.pk).update(**SOURCE)
        tallies["Sources"] = Tally(updated=1)
    else:
        tallies["Sources"] = Tally(created=1) if created else Tally(unchanged=1)

    groups, tallies["Food groups"] = sync(
        FoodGroup,
        {code: {"code": code, "name": name} for code, name in parsed.groups.items()},
        {g.code: g for g in FoodGroup.objects.filter(code__in=list(parsed.groups))},
        ["name"],
        reason=CHANGE_REASON,
    )

    existing: dict[str, Food] = {}
    for food in Food.objects.filter(
        Q(catalogue_key__startswith=KEY_PREFIX) | Q(ndb_no__isnull=False)
    ):
        if food.catalogue_key and food.catalogue_key.startswith(KEY_PREFIX):
            existing[food.catalogue_key.removeprefix(KEY_PREFIX)] = food
        else:  # a food someone entered with an NDB number: adopt it
            existing.setdefault(cast(str, food.ndb_no), food)  # not null: the filter
    desired = {
        ndb: {**values, "group_id": groups[values["group"]].pk}
        for ndb, values in parsed.foods.items()
    }
    for values in desired.values():
        del values["group"]
    log(f"Food groups: {tallies['Food groups']}", 2)
    food_fields = [
        "name",
        "ndb_no",
        "catalogue_key",
        "group_id",
        "scientific_name",
        "description",
        "search_name",
        "search_weight",
        "slug",
        "owner_id",
    ]
    foods, tally = sync(Food, desired, existing, food_fields, reason=CHANGE_REASON)
    gone = [food for ndb, food in existing.items() if ndb not in desired]
    tally.retired = retire(Food, gone, reason="No longer in USDA SR28")
    tallies["Foods"] = tally
    log(f"Foods: {tally}", 1)

    food_ids = {food.pk for food in foods.values()}
    on_sr28_foods = Q(food__catalogue_key__startswith=KEY_PREFIX)
    existing_values = {(v.food_id, v.form): v for v in VitaminKValue.objects.filter(on_sr28_foods)}
    desired_values = {}
    for (ndb, form), values in parsed.values.items():
        food_id = foods[ndb].pk
        desired_values[(food_id, form)] = {**values, "food_id": food_id, "source_id": source.pk}
    tally = sync_values(
        desired_values,
        existing_values,
        reason=CHANGE_REASON,
        is_ours=lambda value: value.source_id == source.pk and value.food_id in food_ids,
    )
    tallies["Values"] = tally
    log(f"Values: {tally}", 1)

    existing_portions: dict[tuple[int, int], Portion] = {}
    for portion in Portion.objects.filter(on_sr28_foods).order_by("pk"):
        existing_portions.setdefault((portion.food_id, portion.seq), portion)
    desired_portions = {}
    for (ndb, seq), values in parsed.portions.items():
        food_id = foods[ndb].pk
        desired_portions[(food_id, seq)] = {**values, "food_id": food_id}
    _, tally = sync(
        Portion,
        desired_portions,
        existing_portions,
        ["amount", "description", "grams", "data_points"],
        reason=CHANGE_REASON,
    )
    refresh_figures(tally)
    tallies["Portions"] = tally
    log(f"Portions: {tally}", 1)
    return tallies


def import_sr28(directory: str | Path, log: Log | None = None) -> dict[str, Tally]:
    """Parse and load SR28 from `directory` in one transaction. Returns {table: Tally}."""
    return import_file(
        "USDA SR28",
        directory,
        parse,
        write,
        log,
        reading=f"Reading USDA SR28 files in {directory}",
        summary=lambda parsed: "Writing to the database",
    )
