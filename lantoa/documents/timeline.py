"""Stage 6 of the reader: every date in the body, found once, then labelled by what it is for.

A date is a deadline to send something back or finish the work ("gửi báo cáo … trước ngày 15/12/2023",
"hoàn thành trước ngày 31/12/2025", "gửi ý kiến … trước ngày 03/3/2017"), part of the campaign window
("Thời gian cao điểm từ 01/10 đến hết ngày 10/10/2023", "Đợt 1… Đợt 2…"), or something else: the date of a
document cited ("Công văn số 2276 ngày 20/9/2023"), an anniversary ("(30/4/1975 - 30/4/2025)"), a lunar
date, a yearly or monthly date ("trước ngày 25/12 hằng năm" is not a date of this year), a deadline
already past when the document was signed (quoted from an earlier text), or the issuer's own timetable.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from .entities import GRAMMAR, NAME_REACH, Tokens
from .model import Period, ReportDeadline

_D = r"(?P<d{t}>\d{{1,2}})"
# Every date starts with a digit: the lookahead and the lookbehinds placed after the first digit (rather
# than before it) let the regex engine skip to the digits instead of trying every position.
_DAY_MONTH_YEAR = (
    r"(?=\d)(?:(?P<d{t}>\d(?<![\d/.][\s\S])\d?)\s*(?P<s{t}>[/.\-])\s*(?P<m{t}>\d{{1,2}})(?:\s*(?P=s{t})\s*(?P<y{t}>\d{{4}}))?(?![\d/])"
    r"|(?P<D{t}>\d(?<!\d[\s\S])\d?)\s+tháng\s+(?P<M{t}>\d{{1,2}})(?:\s*(?:năm|,|/)\s*(?P<Y{t}>\d{{4}}))?(?!\d))"
)


# The characters re.I matches to each first letter used in _any_of() ("\u212a" is the Kelvin sign).
_CASES = {"b": "bB", "c": "cC", "d": "dD", "đ": "đĐ", "g": "gG", "h": "hH", "k": "kK\u212a", "n": "nN",
          "p": "pP", "r": "rR", "t": "tT", "x": "xX", "ý": "ýÝ"}  # fmt: skip


def _any_of(*words: str) -> re.Pattern[str]:
    """A yes/no search for any of `words` (regex fragments) in any case, as re.I would find them.

    Each first letter is spelt out case by case and checked again behind the match, so the regex engine
    scans for one character set instead of lower-casing every character of the text for each word.
    """
    first = "".join(sorted({c for word in words for c in _CASES[word[0]]}))
    alternatives = "|".join(f"(?<=[{_CASES[word[0]]}])(?i:{word[1:]})" for word in words)
    return re.compile(f"[{first}](?:{alternatives})")


def _date(tag: str) -> str:
    return _DAY_MONTH_YEAR.format(t=tag)


DATE = re.compile(_date("0"), re.I)
# Below, a pattern's first letter is spelt out case by case, (?-i:[tT]), where re.I would lower-case every
# character of the text to compare it: the engine tests a character set, or scans for it.
RANGE = re.compile(
    r"(?:(?-i:[tT])(?:ừ|rong\s+thời\s+gian\s+từ)|(?-i:[bB])ắt\s+đầu\s+từ)\s+(?:ngày\s+)?(?:(?P<bare>\d{1,2})(?=\s+(?:đến|tới|[-–]))|"
    + _date("1")
    + r")\s*(?:đến|tới|[-–])\s*(?:hết\s+)?(?:ngày\s+)?"
    + _date("2"),
    re.I,
)
# "(02/4/1972 – 02/4/2023)", "(16/5 đến 01/6/2015)": a span in brackets.
BRACKET_RANGE = re.compile(
    r"\(\s*(?:[^()]{0,30}?\s)?" + _date("1") + r"\s*(?:đến|tới|[-–])\s*" + _date("2"), re.I
)
MONTH_RANGE = re.compile(
    r"(?-i:[tT])ừ\s+tháng\s+(?P<m1>\d{1,2})(?:\s*(?:/|năm)\s*(?P<y1>\d{4}))?\s*(?:đến|tới|[-–])\s*(?P<hết>hết\s+)?tháng\s+"
    r"(?P<m2>\d{1,2})\s*(?:/|năm)\s*(?P<y2>\d{4})",
    re.I,
)
DUE_WORDS = re.compile(
    r"(?:trước\s+và\s+trong|trước|chậm\s+nhất(?:\s+là)?|hạn\s+chót|hạn\s+cuối(?:\s+cùng)?|không\s+quá|"
    r"thời\s+hạn(?:\s+hoàn\s+thành)?\s*:?|hạn\s*:|xong\s+trước|hoàn\s+thành\s+trong)\s*"
    r"(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{1,2}\s*(?:phút)?)?\s*,?\s*)?(?:(?:ngày|hết\s+ngày)\s+)?$",
    re.I,
)
_RETURN_WORDS = _any_of(
    r"báo\s+cáo", "gửi", "nộp", r"hoàn\s+thành", r"hoàn\s+tất", "xong", r"ý\s+kiến", r"góp\s+ý", r"đăng\s+ký",
    r"hồ\s+sơ", r"danh\s+sách", r"cập\s+nhật", r"đề\s+xuất", r"phê\s+duyệt", r"ban\s+hành", "trình",
    r"tổng\s+hợp", r"cung\s+cấp", r"kết\s+quả",
)  # fmt: skip
_OWN_TIMETABLE = re.compile(
    r"kiểm\s+tra(?:\s+và)?\s+đánh\s+giá|xếp\s+hạng|chấm\s+điểm|tổng\s+kết\s+phong\s+trào", re.I
)
_REFERENCE_BEFORE = re.compile(
    r"(?:số\s+|/)[\w.\-/&]*\s*,?\s*(?:ngày\s+)?$|(?:Công\s+văn|Kế\s+hoạch|Quyết\s+định|Chỉ\s+thị|Thông\s+báo|"
    r"Nghị\s+quyết|Nghị\s+định|Thông\s+tư|Hướng\s+dẫn|Tờ\s+trình|Báo\s+cáo|Luật|Kết\s+luận|Văn\s+bản)[^.;:]{0,40}?"
    r"\bngày\s+$",
    re.I,
)
_RECURRENCES = (
    (re.compile(r"(?:hằng|hàng|mỗi)\s+tuần|định\s+kỳ\s+(?:hằng\s+)?tuần", re.I), "weekly"),
    (re.compile(r"(?:hằng|hàng|mỗi)\s+tháng|định\s+kỳ\s+(?:hằng\s+)?tháng", re.I), "monthly"),
    (re.compile(r"(?:hằng|hàng|mỗi)\s+quý|định\s+kỳ\s+(?:hằng\s+)?quý", re.I), "quarterly"),
    (
        re.compile(r"định\s+kỳ\s+(?:6|sáu)\s+tháng|(?:6|sáu)\s+tháng\s+(?:một\s+lần|\/\s*lần)", re.I),
        "semiannual",
    ),
    (re.compile(r"(?:hằng|hàng|mỗi)\s+năm|định\s+kỳ\s+(?:hằng\s+)?năm", re.I), "yearly"),
)
_LUNAR = re.compile(r"^\s*\)?\s*(?:âm\s+lịch|\(?\s*âm\s+lịch)", re.I)
_WAVE = re.compile(r"\b(?-i:[đĐ])ợt\s+(?:\d+|[IVX]+|một|hai|ba)\b", re.I)
_WINDOW_CONTEXT = _any_of(
    r"thời\s+gian", r"cao\s+điểm", r"treo\s+cờ", r"tuyên\s+truyền", r"diễn\s+ra", r"tổ\s+chức", r"triển\s+khai",
    r"thực\s+hiện", r"phát\s+động", "đợt", r"chiến\s+dịch", r"tháng\s+hành\s+động", r"ra\s+quân", r"hưởng\s+ứng",
)  # fmt: skip
_CAMPAIGN = re.compile(r"cao\s+điểm|phong\s+trào|chiến\s+dịch|đợt\s+thi\s+đua|tháng\s+hành\s+động", re.I)
# A task's own timing in a plan: "- Thời gian thực hiện: Từ tháng 12/2025 đến quý I/2026."
_TASK_TIME = re.compile(
    r"^\W*(?:[a-zđ]\)|\d+(?:\.\d+)*\.?)?\s*Thời\s+gian\s+(?:thực\s+hiện|hoàn\s+thành)\s*:", re.I
)
_DIGIT = re.compile(r"\d")
_ESCALATION = re.compile(r"(?:nếu|trường\s+hợp)\s+có\s+(?:khó\s+khăn|vướng\s+mắc)", re.I)


def _iso(day: str, month: str, year: int | str | None) -> str | None:
    if year is None:
        return None
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _parts(match: re.Match[str], tag: str) -> tuple[str, str, str | None] | None:
    if match.group(f"d{tag}") is not None:
        return match.group(f"d{tag}"), match.group(f"m{tag}"), match.group(f"y{tag}")
    if match.group(f"D{tag}") is not None:
        return match.group(f"D{tag}"), match.group(f"M{tag}"), match.group(f"Y{tag}")
    return None


def _month_start(month: int, year: int) -> str | None:
    try:
        return datetime.date(year, month, 1).isoformat()
    except ValueError:
        return None


def _month_end(month: int, year: int) -> str | None:
    try:
        return datetime.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    except ValueError:
        return None


def _recurrence(text: str) -> str | None:
    for pattern, name in _RECURRENCES:
        if pattern.search(text):
            return name
    return None


def first_due(text: str, default_year: int | None = None, *, labelled: bool = False) -> str | None:
    """The first dated deadline in a short text ("Thời gian hoàn thành: trước ngày 30/6/2024"), where the
    work comes back or is finished by then ("Tổ chức hội nghị chậm nhất ngày …" is an event, not a due)."""
    for match in DATE.finditer(text):
        before = text[max(0, match.start() - 60) : match.start()]
        if not DUE_WORDS.search(before):
            continue
        if not labelled and not _RETURN_WORDS.search(text[max(0, match.start() - 220) : match.start()]):
            continue
        parts = _parts(match, "0")
        if parts is None:
            continue
        day, month, year = parts
        after = text[match.end() : match.end() + 30]
        if _recurrence(after) or _recurrence(before[-30:]):
            return None
        return _iso(day, month, year or default_year)
    return None


@dataclass
class _Sentence:
    text: str
    para_index: int


_SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\-+])")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_BREAK.split(text) if s.strip()]


def read(
    paras: list[str], *, doc_date: str | None, year_hint: int | None, timed: set[int] | None = None
) -> tuple[Period | None, list[ReportDeadline], list[str]]:
    """The campaign window and the deadlines of a body; `timed` holds the indexes of paragraphs that sit in
    a section about time ("II. THỜI GIAN", "4. Thời gian tuyên truyền"), where a bare range is the window."""
    warnings: list[str] = []
    default_year = int(doc_date[:4]) if doc_date else year_hint
    deadlines: list[ReportDeadline] = []
    windows: list[tuple[str | None, str, str]] = []
    waves: list[tuple[str | None, str, str]] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()
    relative: list[tuple[re.Match[str], str]] = []
    timed = timed or set()
    task_times = sum(1 for para in paras if _TASK_TIME.match(para))

    def keep(found: list[ReportDeadline]) -> None:
        for deadline in found:
            key = (deadline.date, deadline.recurrence, deadline.to)
            if key not in seen:
                seen.add(key)
                deadlines.append(deadline)

    for index, para in enumerate(paras):
        if task_times >= 2 and _TASK_TIME.match(para):
            # Each task of a plan with its own "Thời gian thực hiện": timings, not the campaign's window.
            for sentence in _sentences(para):
                keep(_deadlines(sentence, default_year, doc_date))
            continue
        if not _DIGIT.search(para):
            continue  # every date, window and deadline has a number in it
        own_time = _TASK_TIME.match(para)
        if own_time:
            # A single "Thời gian thực hiện: từ nay đến hết ngày 31/12/2023" is the window of the whole work.
            para = para[own_time.end() :]
        for sentence in _sentences(para):
            if not _DIGIT.search(sentence):
                continue  # as for the paragraph: every pattern below needs a number
            if re.match(r"^\s*(?:Căn\s+cứ|Tại\s+(?:Công\s+văn|Văn\s+bản))", sentence, re.I):
                continue
            _windows(
                sentence,
                default_year,
                windows,
                waves,
                timed=index in timed or bool(own_time),
                doc_date=doc_date,
            )
            keep(_deadlines(sentence, default_year, doc_date))
            for match in RELATIVE_DUE.finditer(sentence):
                if _RETURN_WORDS.search(sentence[: match.start()] + sentence[match.end() : match.end() + 80]):
                    relative.append((match, sentence))
    period = None
    spans = waves or windows
    if spans:
        starts = [s for s, _, _ in spans if s]
        ends = [e for _, e, _ in spans if e]
        if ends:
            start = min(starts) if starts else None
            end = max(ends)
            if start is None or start <= end:
                period = Period(start=start, end=end, text=spans[0][2])
    # "Trong 05 ngày làm việc kể từ ngày kết thúc đợt ra quân, … báo cáo": counted from a known day.
    for match, sentence in relative:
        base = match.group("base") or ""
        origin = None
        if re.match(r"kết\s+thúc", base, re.I) and period is not None:
            origin = period.end
        elif re.match(r"ký|ban\s+hành", base, re.I):
            origin = doc_date
        if origin:
            date = _add_days(origin, int(match.group("n")), working=bool(match.group("working")))
            keep([ReportDeadline(date, None, *_to_via(sentence), _clip(sentence))])
    return period, deadlines, warnings


RELATIVE_DUE = re.compile(
    r"(?-i:[tT])rong\s+(?:thời\s+hạn\s+|vòng\s+)?(?P<n>\d{1,3})\s+ngày(?P<working>\s+làm\s+việc)?\s*,?\s*kể\s+từ\s+"
    r"(?:ngày\s+)?(?P<base>ký|ban\s+hành|nhận\s+được|kết\s+thúc)?",
    re.I,
)
FROM_NOW = re.compile(r"(?-i:[tT])ừ\s+nay\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?" + _date("3"), re.I)
MONTH_IN = re.compile(
    r"(?:(?-i:[tT])rong|(?-i:[sS\u017f])uốt)\s+tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>\d{4})", re.I
)


def _add_days(iso: str, days: int, *, working: bool) -> str:
    day = datetime.date.fromisoformat(iso)
    if not working:
        return (day + datetime.timedelta(days=days)).isoformat()
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day.isoformat()


def _windows(
    sentence: str,
    default_year: int | None,
    windows: list,
    waves: list,
    *,
    timed: bool = False,
    doc_date: str | None = None,
) -> None:
    is_wave = bool(_WAVE.search(sentence))
    target = waves if is_wave else windows
    # Whether the sentence speaks of a campaign's time: asked only once a range or a month is there.
    context = True if timed or is_wave else None
    used: list[tuple[int, int]] = []
    for match in RANGE.finditer(sentence):
        end_parts = _parts(match, "2")
        if end_parts is None:
            continue
        d2, m2, y2 = end_parts
        year2 = int(y2) if y2 else default_year
        if match.group("bare"):
            d1, m1, y1 = match.group("bare"), m2, None
        else:
            start_parts = _parts(match, "1")
            if start_parts is None:
                continue
            d1, m1, y1 = start_parts
        year1 = int(y1) if y1 else year2
        start, end = _iso(d1, m1, year1), _iso(d2, m2, year2)
        if start is None or end is None:
            continue
        if start > end and not y1:
            start = _iso(d1, m1, (year1 or 0) - 1)
        if start is None or start > end or _too_long(start, end):
            continue
        if _LUNAR.match(sentence[match.end() : match.end() + 12]):
            continue
        before = sentence[: match.start()]
        if _REFERENCE_BEFORE.search(before[-60:]):
            continue
        if context is None:
            context = bool(_WINDOW_CONTEXT.search(sentence))
        if not context:
            continue
        used.append((match.start(), match.end()))
        target.append((start, end, sentence))
    for match in BRACKET_RANGE.finditer(sentence):
        if any(a <= match.start() < b for a, b in used):
            continue
        p1, p2 = _parts(match, "1"), _parts(match, "2")
        if p1 is None or p2 is None:
            continue
        (d1, m1, y1), (d2, m2, y2) = p1, p2
        if y1 and y2 and y1 != y2:
            continue  # an anniversary: (19/5/1890 - 19/5/2015)
        inside = sentence[max(0, match.start() - 1) : match.start() + 40]
        if not re.search(r"treo\s+cờ|từ|thời\s+gian|đợt", inside, re.I):
            continue
        year2 = int(y2) if y2 else default_year
        start, end = _iso(d1, m1, int(y1) if y1 else year2), _iso(d2, m2, year2)
        if start and end and start <= end and not _too_long(start, end):
            target.append((start, end, sentence))
    if context is None and (MONTH_IN.search(sentence) or FROM_NOW.search(sentence)):
        context = bool(_WINDOW_CONTEXT.search(sentence))
    if context and not _TASK_TIME.match(sentence) and not re.search(r"hoàn\s+thành", sentence, re.I):
        # "Các hoạt động … được tổ chức trong tháng 10/2025": the whole month.
        for match in MONTH_IN.finditer(sentence):
            bounds = (_month_start(int(match.group("m")), int(match.group("y"))),
                      _month_end(int(match.group("m")), int(match.group("y"))))  # fmt: skip
            if bounds[0] and bounds[1]:
                target.append((bounds[0], bounds[1], sentence))
        for match in FROM_NOW.finditer(sentence):
            parts = _parts(match, "3")
            if parts and parts[2]:
                end = _iso(parts[0], parts[1], parts[2])
                if end and (doc_date is None or doc_date <= end):
                    target.append((doc_date, end, sentence))
    for match in MONTH_RANGE.finditer(sentence):
        y2 = int(match.group("y2"))
        end = _month_end(int(match.group("m2")), y2)
        # "từ tháng 10 năm 2025 đến hết tháng 3 năm 2026" for a campaign, not a task's timing.
        if end and (match.group("hết") or _CAMPAIGN.search(sentence)) and not _TASK_TIME.match(sentence):
            y1 = int(match.group("y1")) if match.group("y1") else y2
            start = _month_start(int(match.group("m1")), y1)
            target.append((start if start and start <= end else None, end, sentence))
    if is_wave and not any(t[2] == sentence for t in target):
        # "Đợt 1: Ngày 21/4/2021 (Tức 10/3 âm lịch)": a wave of one day.
        for match in DATE.finditer(sentence):
            if _LUNAR.match(sentence[match.end() : match.end() + 12]):
                continue
            parts = _parts(match, "0")
            if parts is None:
                continue
            day, month, year = parts
            iso = _iso(day, month, year or default_year)
            if iso:
                target.append((iso, iso, sentence))
                break


def _too_long(start: str, end: str) -> bool:
    return (datetime.date.fromisoformat(end) - datetime.date.fromisoformat(start)).days > 400


_DUE_HINT = _any_of("trước", r"chậm\s+nhất", "hạn", r"không\s+quá", "xong", r"hoàn\s+thành")


def _deadlines(sentence: str, default_year: int | None, doc_date: str | None) -> list[ReportDeadline]:
    out: list[ReportDeadline] = []
    if not _DUE_HINT.search(sentence):
        return out
    escalation = _ESCALATION.search(sentence)
    for match in DATE.finditer(sentence):
        if escalation and match.start() > escalation.start():
            continue
        before = sentence[max(0, match.start() - 70) : match.start()]
        due = DUE_WORDS.search(before)
        if not due:
            continue
        head = sentence[: match.start()]
        after = sentence[match.end() : match.end() + 40]
        recurrence = _recurrence(after[:25]) or (
            _recurrence(head[-40:]) if re.search(r"(?:hằng|hàng|mỗi)\s+\w+\s*$", head[-20:]) else None
        )
        parts = _parts(match, "0")
        if parts is None:
            continue
        day, month, year = parts
        if not _RETURN_WORDS.search(head[-220:]) or (
            _OWN_TIMETABLE.search(head[-120:]) and not re.search(r"báo\s+cáo|gửi|nộp", head[-120:], re.I)
        ):
            continue
        if recurrence:
            out.append(ReportDeadline(None, recurrence, *_to_via(head), _clip(sentence)))
            continue
        iso = _iso(day, month, year or default_year)
        if iso is None:
            continue
        if doc_date and iso < doc_date:
            continue  # quoted from an earlier text: already past when this one was signed
        out.append(ReportDeadline(iso, None, *_to_via(head), _clip(sentence)))
    # "trước ngày 15 hằng tháng", "trước ngày 20 hằng tháng": a recurring day with no month.
    for match in re.finditer(
        r"trước\s+ngày\s+(\d{1,2})\s+(?:hằng|hàng|mỗi)\s+(tháng|quý|tuần|năm)", sentence, re.I
    ):
        head = sentence[: match.start()]
        if _RETURN_WORDS.search(head[-220:]):
            recurrence = {"tháng": "monthly", "quý": "quarterly", "tuần": "weekly", "năm": "yearly"}[
                match.group(2).lower()
            ]
            out.append(ReportDeadline(None, recurrence, *_to_via(head), _clip(sentence)))
    return out


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:297] + "…"


def _last(matches):
    last = None
    for last in matches:  # noqa: B007 - the last one is the one wanted
        pass
    return last


def _to_via(head: str) -> tuple[str | None, str | None]:
    """Whom a report goes to, and through whom: "báo cáo kết quả về UBND huyện (qua Phòng VH&TT)"."""
    to = via = None
    match = _last(re.finditer(r"(?:báo\s+cáo|gửi)(?:[^.;()]{0,80}?)\s(?:về|cho|lên|tới)\s+", head, re.I))
    direct = _last(re.finditer(r"báo\s+cáo\s+(?:kết\s+quả\s+)?(?=[A-ZĐÀ-Ỹ])", head))
    start = None
    if match is not None:
        start = match.end()
    if direct is not None and (start is None or direct.end() > start):
        start = direct.end()
    if start is not None:
        t = Tokens(head[start : start + NAME_REACH])
        mention = GRAMMAR.mention_at(t, 0) if len(t) else None
        if mention is not None:
            to = " ".join(mention.name.split())
            rest = head[start + mention.end :]
            via_match = re.match(r"\s*\(?\s*(?:thông\s+)?qua\s+", rest, re.I)
            if via_match:
                t2 = Tokens(rest[via_match.end() : via_match.end() + NAME_REACH])
                sub = GRAMMAR.mention_at(t2, 0) if len(t2) else None
                if sub is not None:
                    via = " ".join(sub.name.split())
                    via = via[:1].upper() + via[1:]
    return to, via
