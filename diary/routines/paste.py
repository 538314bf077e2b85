"""Ingredient lines as people paste them ("200 g spinach", "1 tbsp butter", "2 eggs",
"½ cup grated gouda"): each read into an amount, a unit and the words that name the food.
Pure: the food itself is suggested by the search (selectors)."""

import re
from dataclasses import dataclass
from decimal import Decimal

from foods import units

MAX_LINES = 40
MAX_LINE = 200
_GLUED = re.compile(r"^([0-9]+(?:[.,][0-9]+)?)([^\W\d_]+)(.*)$")  # "200g spinach"
_FILLER = ("of ", "x ", "× ")


@dataclass(frozen=True)
class PastedLine:
    text: str
    amount: Decimal | None
    unit: str | None  # a foods.units key ("g", "cup"), or None: a count of the food's portion
    name: str  # the words naming the food
    problem: str = ""


def parse_line(text: str) -> PastedLine:
    text = " ".join(text.split())[:MAX_LINE]
    glued = _GLUED.match(text)
    text_ = f"{glued.group(1)} {glued.group(2)}{glued.group(3)}" if glued else text
    words = text_.split(" ")
    amount = None
    rest = words
    # The longest start that is an amount: "1 1/2", "1 ½", "½", "200".
    for size in (2, 1):
        if len(words) > size:
            try:
                amount = units.parse_amount(" ".join(words[:size]))
            except units.AmountError:
                continue
            rest = words[size:]
            break
    if amount is None:
        return PastedLine(text, None, None, text, "No amount at the start of this line.")
    unit = None
    for size in (2, 1):
        if len(rest) > size:
            try:
                unit = units.parse_unit(" ".join(rest[:size]))
            except units.UnitError:
                continue
            rest = rest[size:]
            break
    name = " ".join(rest)
    for filler in _FILLER:
        if name.casefold().startswith(filler):
            name = name[len(filler) :]
    if not name:
        return PastedLine(text, amount, unit, "", "No food named on this line.")
    return PastedLine(text, amount, unit, name)


def parse_lines(text: str) -> list[PastedLine]:
    lines = [line for line in text.splitlines() if line.strip()]
    return [parse_line(line) for line in lines[:MAX_LINES]]
