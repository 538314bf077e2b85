from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foods.importers.base import ImportFileError, Log
from foods.importers.literature import import_literature


class Command(BaseCommand):
    help = (
        "Load cited vitamin K values from CSV (fixtures/menaquinones-literature.csv): foods "
        "SR28 lacks, and forms SR28 has no value for. Never overwrites an SR28 value."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", metavar="CSV", help="the literature CSV file")

    def handle(self, *args: Any, csv: str, verbosity: int, **options: Any) -> None:
        try:
            import_literature(csv, Log(self.stdout.write, verbosity))
        except ImportFileError as exc:
            raise CommandError(f"Nothing imported. {exc}") from exc
