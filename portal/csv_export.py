"""CSV exports the admin areas share (sponsors, volunteers)."""

import csv
import io


def _cell(value) -> str:
    """Neutralise spreadsheet formulas: a cell never starts with = + - @ (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def to_csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()
