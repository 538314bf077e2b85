"""Import SR28 calcium and vitamin D (fixtures/usda-sr28-bone/, the official format) for the SR28
foods already in the catalogue.

The directory holds NUT_DATA, DATSRCLN, DATA_SRC and FOOTNOTE cut down to nutrients 301, 324,
325, 326 and 328; the foods and the Src_Cd / Deriv_Cd tables are the vitamin K directory's
(fixtures/usda-sr28/). Everything is parsed and checked first, then written in one transaction.
A food with no row has no data for that nutrient (never 0); Src_Cd 7 is stored as "assumed zero".
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Q

from foods import nutrients
from foods.models import Food, NutrientValue, Source

from .base import ImportFileError, Log, Tally, import_file, sync_nutrient_values
from .sr28 import (
    CHANGE_REASON,
    DATA_SRC,
    DATSRCLN,
    DERIV_CD,
    FOOD_DES,
    FOOTNOTE,
    KEY_PREFIX,
    NUT_DATA,
    SOURCE,
    SOURCE_KEY,
    Fields,
    Reader,
    Row,
    _code_table,
    _source_codes,
    _studies,
    row_provenance,
)

SHIPPED = (NUT_DATA, DATSRCLN, DATA_SRC, FOOTNOTE)
KNOWN_NUMBERS = (*nutrients.SR28_NUTRIENTS, nutrients.SR28_SAME_IN_IU)


@dataclass
class Parsed:
    values: dict[tuple[str, str], Row] = field(default_factory=dict)  # (ndb, nutrient) -> ...
    links: int = 0


def _nutrient(reader: Reader, fields: Fields, index: int) -> str | None:
    """The nutrient a row is about; None for 324, the same vitamin D in IU."""
    number = reader.text(fields, index, "Nutr_No")
    if number not in KNOWN_NUMBERS:
        raise reader.error(
            f"unknown nutrient {number} (expected one of {', '.join(KNOWN_NUMBERS)})"
        )
    return nutrients.SR28_NUTRIENTS.get(number)


def parse(directory: str | Path, sr28_directory: str | Path, log: Log | None = None) -> Parsed:
    """Read and check the bone files against the SR28 foods and code tables; raises
    ImportFileError naming file and line on the first problem."""
    log = log or Log()
    directory, sr28_directory = Path(directory), Path(sr28_directory)
    if not directory.is_dir():
        raise ImportFileError(directory, None, "not a directory")
    src_codes = _source_codes(sr28_directory)
    deriv_codes = _code_table(sr28_directory, DERIV_CD)
    reader = Reader(sr28_directory, FOOD_DES)
    names = {
        reader.text(fields, 0, "NDB_No"): reader.text(fields, 2, "Long_Desc") for fields in reader
    }
    parsed = Parsed()
    _values(directory, parsed, names, src_codes, deriv_codes)
    counts = {n: sum(1 for _, k in parsed.values if k == n) for n in nutrients.ALL}
    log(
        f"  {NUT_DATA[0]}: {len(parsed.values)} values ("
        + ", ".join(f"{nutrients.LABELS[n]} {count}" for n, count in counts.items())
        + ")",
        1,
    )
    studies = _studies(directory)
    _link_studies(directory, parsed, studies)
    log(f"  {DATSRCLN[0]}: {parsed.links} links to {len(studies)} studies", 1)
    _footnotes(directory, parsed)
    return parsed


def _values(
    directory: Path,
    parsed: Parsed,
    names: dict[str, str],
    src_codes: dict[str, str],
    deriv_codes: dict[str, str],
) -> None:
    """NUT_DATA: (ndb, nutrient) -> the value's fields, with how it was obtained."""
    reader = Reader(directory, NUT_DATA)
    for fields in reader:
        ndb = reader.text(fields, 0, "NDB_No")
        if ndb not in names:
            raise reader.error(f"unknown food {ndb} (not in {FOOD_DES[0]})")
        nutrient = _nutrient(reader, fields, 1)
        if nutrient is None:
            continue
        if (ndb, nutrient) in parsed.values:
            raise reader.error(f"food {ndb} has a second value for {nutrients.LABELS[nutrient]}")
        amount = reader.number(fields, 2, "Nutr_Val")
        if (problem := nutrients.value_problem(nutrient, amount)) is not None:
            raise reader.error(problem)
        parsed.values[(ndb, nutrient)] = {
            "nutrient": nutrient,
            "amount": amount,
            **row_provenance(
                reader, fields, src_codes, deriv_codes, names, unit=nutrients.UNITS[nutrient]
            ),
        }


def _link_studies(directory: Path, parsed: Parsed, studies: dict[str, str]) -> None:
    """DATSRCLN: each value's studies go into its reference (324's into vitamin D's)."""
    reader = Reader(directory, DATSRCLN)
    for fields in reader:
        ndb = reader.text(fields, 0, "NDB_No")
        nutrient = _nutrient(reader, fields, 1) or nutrients.VITAMIN_D
        study = reader.text(fields, 2, "DataSrc_ID")
        value = parsed.values.get((ndb, nutrient))
        if value is None:
            raise reader.error(f"links food {ndb} {nutrients.LABELS[nutrient]}, which has no value")
        if study not in studies:
            raise reader.error(f"unknown study {study} (not in {DATA_SRC[0]})")
        citation = studies[study]
        if citation not in value["reference"]:
            value["reference"] = "\n".join(filter(None, (value["reference"], citation)))
        parsed.links += 1


def _footnotes(directory: Path, parsed: Parsed) -> None:
    """FOOTNOTE: a note on a value goes into its note (one on the whole food is vitamin K's)."""
    reader = Reader(directory, FOOTNOTE)
    for fields in reader:
        ndb = reader.text(fields, 0, "NDB_No")
        text = reader.text(fields, 4, "Footnt_Txt", required=False)
        if reader.text(fields, 2, "Footnt_Typ") != "N" or not text:
            continue
        value = parsed.values.get((ndb, _nutrient(reader, fields, 3) or nutrients.VITAMIN_D))
        if value is not None and f"Footnote: {text}." not in value["note"]:
            value["note"] = " ".join(filter(None, (value["note"], f"Footnote: {text}.")))


def write(directory: str | Path, parsed: Parsed, log: Log | None = None) -> dict[str, Tally]:
    """Bring the SR28 foods' calcium and vitamin D in line with `parsed`. Call inside
    transaction.atomic(), after the SR28 vitamin K import made the foods."""
    log = log or Log()
    source, _ = Source.objects.get_or_create(key=SOURCE_KEY, defaults=SOURCE)
    foods = {
        str(food.catalogue_key).removeprefix(KEY_PREFIX): food.pk
        for food in Food.objects.filter(catalogue_key__startswith=KEY_PREFIX).only(
            "pk", "catalogue_key"
        )
    }
    missing = sorted({ndb for ndb, _ in parsed.values} - set(foods))
    if missing:
        raise ImportFileError(
            Path(directory) / NUT_DATA[0],
            None,
            f"foods not in the catalogue (import SR28 first): {missing[:5]}",
        )
    on_sr28_foods = Q(food__catalogue_key__startswith=KEY_PREFIX, source=source)
    existing = {(v.food_id, v.nutrient): v for v in NutrientValue.objects.filter(on_sr28_foods)}
    desired = {
        (foods[ndb], nutrient): {**values, "food_id": foods[ndb], "source_id": source.pk}
        for (ndb, nutrient), values in parsed.values.items()
    }
    tally = sync_nutrient_values(desired, existing, reason=CHANGE_REASON)
    log(f"Calcium and vitamin D values: {tally}", 1)
    return {"Calcium and vitamin D values": tally}


def import_sr28_bone(
    directory: str | Path, sr28_directory: str | Path, log: Log | None = None
) -> dict[str, Tally]:
    """Parse and load SR28 calcium and vitamin D in one transaction. Returns {table: Tally}."""
    return import_file(
        "USDA SR28 calcium and vitamin D",
        directory,
        lambda path, log: parse(path, sr28_directory, log),
        write,
        log,
        reading=f"Reading USDA SR28 calcium and vitamin D in {directory}",
    )
