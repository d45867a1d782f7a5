"""Vietnamese date expressions: "15/10/2023", "15/10", "ngày 20 tháng 9 năm 2023", ranges, recurrences."""

from __future__ import annotations

import datetime
import re


def date_pattern(tag: str) -> str:
    """A date regex whose group names carry `tag`, so several dates can share one pattern."""
    return (
        rf"(?:(?<!\d)(?P<d{tag}>\d{{1,2}})\s*(?P<s{tag}>[/.\-])\s*(?P<m{tag}>\d{{1,2}})"
        rf"(?:\s*(?P=s{tag})\s*(?P<y{tag}>\d{{4}}))?(?![\d/])"
        rf"|(?<!\d)(?P<D{tag}>\d{{1,2}})\s+tháng\s+(?P<M{tag}>\d{{1,2}})(?:\s*(?:năm|,)\s*(?P<Y{tag}>\d{{4}}))?)"
    )


DATE = re.compile(date_pattern("0"), re.I)
_DUE_WORDS = (
    r"(?:trước\s+và\s+trong|trước|chậm\s+nhất(?:\s+là)?|hạn\s+chót|hạn\s+cuối(?:\s+cùng)?|không\s+quá"
    r"|thời\s+hạn(?:\s+hoàn\s+thành)?\s*:?|hạn\s*:)"
)
DUE = re.compile(_DUE_WORDS + r"\s+(?:(?:ngày|hết\s+ngày)\s+)?" + date_pattern("0"), re.I)
RELATIVE_DUE = re.compile(
    r"trong\s+(?:thời\s+hạn\s+|vòng\s+)?(?P<n>\d{1,3})\s+ngày(?:\s+làm\s+việc)?\s*,?\s*kể\s+từ\s+(?:ngày\s+)?"
    r"(?P<base>ký|ban\s+hành|nhận\s+được)?",
    re.I,
)
RANGE = re.compile(
    r"từ\s+(?:ngày\s+)?"
    + date_pattern("1")
    + r"\s*(?:đến|tới|[-–])\s*(?:hết\s+)?(?:ngày\s+)?"
    + date_pattern("2"),
    re.I,
)
_RECURRENCES = (
    (re.compile(r"(?:định\s+kỳ\s+)?(?:6|sáu)\s+tháng(?!\s+(?:đầu|cuối))", re.I), "semiannual"),
    (re.compile(r"(?:hằng|hàng|mỗi)\s+tuần|định\s+kỳ\s+tuần", re.I), "weekly"),
    (re.compile(r"(?:hằng|hàng|mỗi)\s+tháng|định\s+kỳ\s+tháng", re.I), "monthly"),
    (re.compile(r"(?:hằng|hàng|mỗi)\s+quý|định\s+kỳ\s+quý", re.I), "quarterly"),
    (re.compile(r"(?:hằng|hàng|mỗi)\s+năm|định\s+kỳ\s+năm", re.I), "annual"),
)
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def to_iso(day: str, month: str, year: str | int | None) -> str | None:
    if year is None:
        return None
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def iso_from_match(match: re.Match[str], tag: str, default_year: int | None) -> str | None:
    if match.group(f"d{tag}") is not None:
        day, month, year = match.group(f"d{tag}"), match.group(f"m{tag}"), match.group(f"y{tag}")
    else:
        day, month, year = match.group(f"D{tag}"), match.group(f"M{tag}"), match.group(f"Y{tag}")
    return to_iso(day, month, year if year is not None else default_year)


def has_year(match: re.Match[str], tag: str) -> bool:
    return match.group(f"y{tag}") is not None or match.group(f"Y{tag}") is not None


def recurrence(text: str) -> str | None:
    # "định kỳ 6 tháng" must win over "tháng", so the order of _RECURRENCES matters.
    for pattern, name in _RECURRENCES:
        if name == "semiannual" and not re.search(r"định\s+kỳ|hằng|hàng|mỗi|báo\s+cáo", text, re.I):
            continue
        if pattern.search(text):
            return name
    return None


def dominant_year(text: str) -> int | None:
    counts: dict[str, int] = {}
    for match in _YEAR.finditer(text):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    if not counts:
        return None
    return int(max(counts.items(), key=lambda item: item[1])[0])


def add_days(iso: str, days: int) -> str:
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=days)).isoformat()
