from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foods.importers.base import ImportFileError, Log
from foods.importers.sr28 import import_sr28


class Command(BaseCommand):
    help = (
        "Load the USDA SR28 vitamin K files (FOOD_DES, FD_GROUP, NUT_DATA, WEIGHT, SRC_CD, "
        "DERIV_CD, DATSRCLN, DATA_SRC) from DIR. Idempotent; all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="directory with the SR28 .txt files")

    def handle(self, *args: Any, directory: str, verbosity: int, **options: Any) -> None:
        try:
            import_sr28(directory, Log(self.stdout.write, verbosity))
        except ImportFileError as exc:
            raise CommandError(f"Nothing imported. {exc}") from exc
