"""How the steadiness page writes a difference from usual: signed, the project's rounding."""

from decimal import Decimal

import pytest

from diary.anticoagulation.steadiness import Difference
from diary.anticoagulation.text import difference_text, signed_percent, signed_ug


@pytest.mark.parametrize(
    ("ug", "text"),
    [
        (Decimal("974.46"), "+974.5 µg"),
        (Decimal("-30"), "−30 µg"),
        (Decimal("0"), "0 µg"),
        (Decimal("0.04"), "<0.1 µg"),
        (Decimal("1234.5"), "+1,234.5 µg"),
    ],
)
def test_signed_ug(ug, text):
    assert signed_ug(ug) == text


def test_signed_percent_and_the_whole_difference():
    assert signed_percent(Decimal("1264.6")) == "+1265%"
    assert signed_percent(Decimal("-12.4")) == "−12%"
    assert signed_percent(None) == ""
    assert difference_text(Difference(ug=Decimal("-20"), percent=Decimal("-25"))) == "−20 µg (−25%)"
    assert difference_text(Difference(ug=Decimal("20"), percent=None)) == "+20 µg"
    assert difference_text(None) == ""
