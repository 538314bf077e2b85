"""A day's figures as the week, the trend and the clinic report show them: each form's µg, and
the day's total against the adult range and the person's own value."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from diary.reference import Reference
from foods import amounts, formatting


def cell_text(value: Decimal | None) -> str | None:
    """A table cell's µg as text, None for no data (the template marks it up)."""
    return None if value is None else formatting.ug_number(value)


@dataclass(frozen=True)
class DayRow:
    day: datetime.date
    intake: amounts.Intake | None  # None: nothing logged that day
    against: Reference  # the adult range and the person's own value

    @property
    def logged(self) -> bool:
        return self.intake is not None

    def _get(self, name: str) -> Decimal | None:
        return None if self.intake is None else getattr(self.intake, name)

    @cached_property
    def k1(self) -> Decimal | None:
        return self._get("k1")

    @cached_property
    def k2(self) -> Decimal | None:
        return self._get("k2")

    @cached_property
    def mk7(self) -> Decimal | None:
        return self._get("mk7")

    @cached_property
    def mk4(self) -> Decimal | None:
        return self._get("mk4")

    @cached_property
    def k2_other(self) -> Decimal | None:
        """MK-5, 6, 8, 9, 10 and K2 of unreported form: the tooltip's 'other'."""
        if self.intake is None:
            return None
        known = [v for v in (self.intake.mk_other, self.intake.k2_unspecified) if v is not None]
        return sum(known, amounts.ZERO) if known else None

    @cached_property
    def unseparated(self) -> Decimal | None:
        """Vitamin K a source gave only as one total: neither K1 nor K2, counted in the total."""
        return self._get("unseparated")

    @cached_property
    def total(self) -> Decimal | None:
        return self._get("total")

    @property
    def range_status(self) -> str | None:
        """Below, within or above the adult range (None on a child's page or with no total)."""
        return self.against.range_status(self.total)

    @property
    def own_status(self) -> str | None:
        return self.against.own_status(self.total)

    @property
    def status(self) -> str:
        """What the table says about the day's total: against the adult range for an adult,
        against their own value for an infant, child or teen."""
        if not self.logged:
            return "not logged"
        return self.against.status(self.total) or "no data"

    @property
    def long_label(self) -> str:
        return f"{self.day:%a} {self.day.day} {self.day:%b %Y}"

    @property
    def status_class(self) -> str:
        return "band-" + self.status.replace(" ", "-")

    @cached_property
    def cells(self) -> list[str | None]:
        """Table cells K1, K2, MK-7, MK-4, other K2 as text (None: no data)."""
        return [cell_text(v) for v in (self.k1, self.k2, self.mk7, self.mk4, self.k2_other)]

    @cached_property
    def total_text(self) -> str | None:
        return cell_text(self.total)
