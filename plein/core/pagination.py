"""Keyset pagination: the cost of a page does not grow with the number of rows before it
(no OFFSET, no COUNT(*) over everything)."""

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any] | None:
    """The cursor's values, or None when it was tampered with (then the first page is shown)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    # RecursionError: JSON nested a few thousand levels deep ("[[[[...") in a crafted link.
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(values, list) or len(values) != size:
        return None
    if not all(isinstance(value, str | int) for value in values):
        return None
    return values


def keyset_page(
    queryset: QuerySet,
    fields: tuple[str, str],
    cursor: str,
    size: int,
    *,
    descending: bool = False,
) -> Page:
    """One page of `queryset` ordered by two fields (the last one unique), ascending or
    descending. Values in the cursor must be JSON-friendly: dates travel as ISO strings."""
    first, second = fields
    if descending:
        queryset = queryset.order_by(f"-{first}", f"-{second}")
        beyond = "lt"
    else:
        queryset = queryset.order_by(first, second)
        beyond = "gt"
    values = decode_cursor(cursor, 2) if cursor else None
    if values is not None:
        queryset = queryset.filter(
            Q(**{f"{first}__{beyond}": values[0]})
            | Q(**{first: values[0], f"{second}__{beyond}": values[1]})
        )
    rows = list(queryset[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor([_plain(getattr(last, first)), _plain(getattr(last, second))])
    return Page(items=rows, next_cursor=next_cursor)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
