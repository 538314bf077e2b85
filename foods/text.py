"""Text folding for search: case- and accent-insensitive, the same in Python and in the index."""

import unicodedata


def fold(text: str) -> str:
    """'Crème Fraîche' -> 'creme fraiche'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


MAX_ID = 2**63 - 1  # the largest id a database bigint holds


def parse_id(text: object) -> int | None:
    """A row id typed in an address or a form: ASCII digits only ("12"), else None.

    `str.isdigit()` is not enough: "²", "١٢" and "１２" are digits to it, and `int()` refuses the
    first and reads the others, so an id is checked here and nowhere else."""
    if not isinstance(text, str) or not text.isascii() or not text.isdigit():
        return None
    if len(text) > 19:
        return None
    value = int(text)
    return value if value <= MAX_ID else None
