"""CSV files to download: cells a spreadsheet will not run as formulas, and the answers that
carry them, whole or streamed."""

import csv
import itertools
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

from .http import as_download

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection, OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLACES = Decimal("0.001")


def safe_cell(value: object) -> str:
    """A CSV cell: '' for no data (never 0), numbers plain, text defused against formulas."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number(value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def number(value: Decimal | None) -> str:
    """A Decimal for a file: three places at most, no trailing zeros, no exponent."""
    if value is None:
        return ""
    rounded = value.quantize(_PLACES).normalize()
    return f"{rounded:f}"


# Every CSV file starts with a UTF-8 byte-order mark: without it Excel reads the file as the
# system's code page and shows "µg" as "Âµg". Other readers skip it (Python: utf-8-sig).
BOM = "\ufeff"


def csv_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    preamble: Iterable[Sequence[object]] = (),
) -> HttpResponse:
    """A CSV file: the `preamble` rows (what the file's figures are placed against), the column
    names, the rows."""
    response = as_download(HttpResponse(content_type="text/csv; charset=utf-8"), filename)
    response.write(BOM)
    writer = csv.writer(response)
    for line in preamble:
        writer.writerow([safe_cell(cell) for cell in line])
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response


class _Line:
    """A file-like object whose write() hands back the line csv.writer gives it."""

    def write(self, line: str) -> str:
        return line


def streaming_csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """As csv_response, sent as it is written: a long export starts at once and the whole
    file is never held in memory."""
    writer = csv.writer(_Line())
    body = (writer.writerow([safe_cell(cell) for cell in row]) for row in rows)
    lines = itertools.chain([BOM + writer.writerow(header)], body)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    return as_download(response, filename)
