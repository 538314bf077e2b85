"""The importer tests' helpers: the shipped files, corrupted copies, database snapshots."""

import io
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from foods.models import (
    CatalogueLoad,
    Food,
    FoodGroup,
    NutrientValue,
    Portion,
    Source,
    VitaminKValue,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SR28_DIR = FIXTURES / "usda-sr28"
SR28_BONE_DIR = FIXTURES / "usda-sr28-bone"
LITERATURE_CSV = FIXTURES / "menaquinones-literature.csv"
SUPPLEMENTS_CSV = FIXTURES / "supplements.csv"


def run(command, *args, **options):
    """What a management command printed."""
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def value(ndb, form):
    """The catalogue's value of one form for the SR28 food `ndb`, with its source."""
    return VitaminKValue.objects.select_related("source").get(food__ndb_no=ndb, form=form)


def copy_fixtures(tmp_path):
    """A writable copy of fixtures/ (a test corrupts one line of it)."""
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, target)
    return target


def replace_line(path, number, old, new, encoding="iso-8859-1"):
    """Replace `old` by `new` on line `number` (1-based) of `path`, keeping line ends."""
    lines = Path(path).read_bytes().decode(encoding).split("\n")
    assert old in lines[number - 1], f"{old!r} not on line {number} of {path}"
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    Path(path).write_bytes("\n".join(lines).encode(encoding))


def snapshot():
    """Every catalogue row with every field, for before/after comparisons."""
    return {
        model.__name__: sorted(model.objects.values_list(), key=lambda row: row[0])
        for model in (FoodGroup, Source, Food, VitaminKValue, NutrientValue, Portion, CatalogueLoad)
    } | {
        f"history:{model.__name__}": model.history.count()
        for model in (Food, VitaminKValue, NutrientValue, Portion)
    }
