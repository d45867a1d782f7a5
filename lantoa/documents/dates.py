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
# "trước 17 giờ 00 ngày 14/02/2025": an hour may come before the day.
_HOUR = r"(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{1,2}\s*(?:phút)?)?\s*,?\s*)?"
DUE = re.compile(_DUE_WORDS + r"\s+" + _HOUR + r"(?:(?:ngày|hết\s+ngày)\s+)?" + date_pattern("0"), re.I)
# "từ nay đến hết ngày 31/12/2023": from the document date.
FROM_NOW = re.compile(r"từ\s+nay\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?" + date_pattern("2"), re.I)
RELATIVE_DUE = re.compile(
    r"trong\s+(?:thời\s+hạn\s+|vòng\s+)?(?P<n>\d{1,3})\s+ngày(?:\s+làm\s+việc)?\s*,?\s*kể\s+từ\s+(?:ngày\s+)?"
    r"(?P<base>ký|ban\s+hành|nhận\s+được|kết\s+thúc)?",
    re.I,
)
RANGE = re.compile(
    r"từ\s+(?:ngày\s+)?"
    + date_pattern("1")
    + r"\s*(?:đến|tới|[-–])\s*(?:hết\s+)?(?:ngày\s+)?"
    + date_pattern("2"),
    re.I,
)
# "từ tháng 3/2023 đến tháng 12/2023", "trong tháng 11 năm 2025", "trong tháng 4/2024".
MONTH_RANGE = re.compile(
    r"từ\s+tháng\s+(?P<m1>\d{1,2})(?:\s*(?:/|năm)\s*(?P<y1>\d{4}))?\s*(?:đến|tới|[-–])\s*(?:hết\s+)?tháng\s+"
    r"(?P<m2>\d{1,2})\s*(?:/|năm)\s*(?P<y2>\d{4})",
    re.I,
)
MONTH_IN = re.compile(r"(?:trong|suốt)\s+tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>\d{4})", re.I)
# A report named by its period: "báo cáo 6 tháng…, báo cáo năm…" (each such report is a deadline of its own).
REPORT_KIND = re.compile(
    r"báo\s+cáo\s+(?:định\s+kỳ\s+)?(?:6\s+tháng|sáu\s+tháng|năm|quý|tháng|tuần)(?!\s*(?:\d|[IVX]+\b))", re.I
)
_RECURRENCES = (
    (re.compile(r"(?:định\s+kỳ\s+)?(?:6|sáu)\s+tháng(?!\s+(?:đầu|cuối))", re.I), "semiannual"),
    (re.compile(r"(?:hằng|hàng|mỗi)\s+tuần|định\s+kỳ\s+tuần", re.I), "weekly"),
    (re.compile(r"(?:hằng|hàng|mỗi)\s+tháng|định\s+kỳ\s+tháng", re.I), "monthly"),
    (re.compile(r"(?:hằng|hàng|mỗi)\s+quý|định\s+kỳ\s+quý", re.I), "quarterly"),
    (
        re.compile(r"(?:hằng|hàng|mỗi)\s+năm|định\s+kỳ\s+năm|báo\s+cáo\s+năm(?!\s*(?:\d|[IVX]+\b))", re.I),
        "annual",
    ),
    (re.compile(r"báo\s+cáo\s+quý(?!\s*(?:\d|[IVX]+\b))", re.I), "quarterly"),
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


def add_days(iso: str, days: int, *, working: bool = False) -> str:
    """`days` days after `iso`; working days skip Saturdays and Sundays (public holidays are not known)."""
    day = datetime.date.fromisoformat(iso)
    if not working:
        return (day + datetime.timedelta(days=days)).isoformat()
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day.isoformat()


def month_bounds(month: int, year: int) -> tuple[str, str] | None:
    """First and last day of a month."""
    try:
        first = datetime.date(year, month, 1)
    except ValueError:
        return None
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first.isoformat(), (following - datetime.timedelta(days=1)).isoformat()
