from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foods.importers.base import ImportFileError, Log
from foods.importers.catalogue import load


class Command(BaseCommand):
    help = (
        "Load the shipped catalogue from fixtures/ (USDA SR28, literature CSV, supplements) "
        "when the files changed since the last load; --force reloads anyway."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="reload even when the files are unchanged"
        )

    def handle(self, *args: Any, force: bool, verbosity: int, **options: Any) -> None:
        try:
            load(Log(self.stdout.write, verbosity), force=force)
        except ImportFileError as exc:
            raise CommandError(f"Catalogue not loaded; nothing changed. {exc}") from exc
