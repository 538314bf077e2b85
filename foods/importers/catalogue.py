"""The shipped catalogue: which files make it, their fingerprint, and loading them all."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from foods.models import CatalogueLoad, Food, NutrientValue, Portion, VitaminKValue
from foods.services import catalogue_version_bump

from . import sr28, sr28_bone
from .base import Log
from .borrowed import import_borrowed
from .literature import import_literature
from .portions import import_portions
from .sr28 import import_sr28
from .sr28_bone import import_sr28_bone
from .supplements import import_supplements

# Bump when an importer's mapping changes, so `load_catalogue` reloads unchanged files.
# 2: the MEXT "form not separated" column; 3: Food.search_weight; 4: borrowed values;
# 5: calcium and vitamin D
IMPORTER_VERSION = "5"


def fixtures_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures"


def shipped_files(base: str | Path | None = None) -> tuple[Path, list[Path]]:
    base = Path(base or fixtures_dir())
    files = [base / "usda-sr28" / name for name, _ in sr28.SHIPPED]
    files += [base / "usda-sr28-bone" / name for name, _ in sr28_bone.SHIPPED]
    files += [
        base / "menaquinones-literature.csv",
        base / "supplements.csv",
        base / "literature-portions.csv",
        base / "borrowed-values.csv",
    ]
    return base, files


def checksum(base: str | Path | None = None) -> str:
    """sha256 over the importer version and each shipped file's name and bytes."""
    base, files = shipped_files(base)
    digest = hashlib.sha256(f"importers {IMPORTER_VERSION}\n".encode())
    for path in files:
        digest.update(f"{path.relative_to(base).as_posix()}\n".encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
        digest.update(b"\n")
    return digest.hexdigest()


def update_statistics() -> None:
    """Planner statistics for the catalogue tables after a bulk load (PostgreSQL's autovacuum
    would gather them later; SQLite never does). Without them SQLite sorts every food to show
    the first page by name instead of reading the name index."""
    tables = [model._meta.db_table for model in (Food, VitaminKValue, NutrientValue, Portion)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def is_up_to_date(fingerprint: str) -> bool:
    latest = CatalogueLoad.objects.order_by("-loaded_at", "-pk").first()
    return latest is not None and latest.checksum == fingerprint


def load(log: Log | None = None, *, force: bool = False, base: str | Path | None = None) -> bool:
    """Load all shipped files when they changed since the last load. Returns True if loaded."""
    log = log or Log()
    base = Path(base or fixtures_dir())
    fingerprint = checksum(base)
    if not force and is_up_to_date(fingerprint):
        log("Catalogue up to date", 1)
        return False
    with transaction.atomic():
        import_sr28(base / "usda-sr28", log)
        import_sr28_bone(base / "usda-sr28-bone", base / "usda-sr28", log)  # on the SR28 foods
        import_literature(base / "menaquinones-literature.csv", log)
        import_supplements(base / "supplements.csv", log)
        import_portions(base / "literature-portions.csv", log)  # after the foods it names
        # Last: it fills only what no importer above measured, from values they wrote.
        import_borrowed(base / "borrowed-values.csv", log)
        CatalogueLoad.objects.create(checksum=fingerprint)
    catalogue_version_bump()  # retired and renamed foods too, not only changed values
    update_statistics()
    log(f"Catalogue loaded ({fingerprint[:12]})", 1)
    return True
