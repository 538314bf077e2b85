from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foods.importers.base import ImportFileError, Log
from foods.importers.borrowed import import_borrowed


class Command(BaseCommand):
    help = (
        "Apply the reviewed borrowed values (fixtures/borrowed-values.csv): a food without a "
        "value for a form takes it from the same food analysed elsewhere. Never overwrites a "
        "measured value; run after the other importers (load_catalogue does)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", metavar="CSV", help="the borrowed-values CSV file")

    def handle(self, *args: Any, csv: str, verbosity: int, **options: Any) -> None:
        try:
            import_borrowed(csv, Log(self.stdout.write, verbosity))
        except ImportFileError as exc:
            raise CommandError(f"Nothing imported. {exc}") from exc
