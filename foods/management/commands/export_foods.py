from typing import Any

from django.core.management.base import BaseCommand

from foods.importers.export import write_csv


class Command(BaseCommand):
    help = (
        "Write the shared food catalogue as CSV on stdout: one row per food, µg per 100 g, "
        "an empty cell where there is no data. Supplements (per dose unit) are left out."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        write_csv(self.stdout)
