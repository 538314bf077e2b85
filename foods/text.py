"""Text folding for search: case- and accent-insensitive, the same in Python and in the index."""

import unicodedata


def fold(text: str) -> str:
    """'Crème Fraîche' -> 'creme fraiche'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
