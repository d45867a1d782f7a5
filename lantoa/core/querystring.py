"""Reading numbers from a query string or a form without trusting it.

`str.isdigit()` says yes to "²" and "٣", which `int()` then refuses or reads as another number, and a
40-digit id overflows the database's integer: a 500 from a typed URL. Ids are plain ASCII digits here.
"""

import re

_ID = re.compile(r"[0-9]{1,18}")


def positive_int(value) -> int | None:
    """The number in `value` if it is written with 0–9 only and fits a database id, else None."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    return int(value) or None


def ascii_digits(value: str) -> bool:
    """True for a non-empty run of 0–9 (unlike str.isdigit, which accepts ² and other scripts' digits)."""
    return bool(value) and value.isascii() and value.isdigit()
