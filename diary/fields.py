"""Number fields that take only the digits 0-9. Python's Decimal reads '١٠٠' and '２０' as 100
and 20: a person who typed them may not see what was stored, so they are refused with a message."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

ASCII_DIGITS_MESSAGE = "Type the number with the digits 0–9 (e.g. 100 or 1.5)."


def refuse_non_ascii_digits(value: object) -> None:
    if isinstance(value, str) and not value.isascii():
        raise ValidationError(ASCII_DIGITS_MESSAGE, code="invalid")


class AsciiDecimalField(forms.DecimalField):
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        refuse_non_ascii_digits(value)
        return super().to_python(value)
