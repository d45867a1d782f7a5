"""Stage 2 of the reader: which paragraphs are the header, the title, the recipients, the body, the
closing (nơi nhận, signature) and the appendix — and the fields each of them states.

Each paragraph is judged on its own evidence (patterns of the Nghị định 30 layout: "Số:", the national
motto, "Hà Nội, ngày …", "V/v", upper-case agency names, "Kính gửi", "Nơi nhận", "KT. CHỦ TỊCH"), never by
"the header stops at the first line we do not expect". Body-only texts (a portal that published just the
operative paragraphs), texts that start at "Kính gửi" and texts whose signer sits above the body all
come out right because nothing is assumed about what comes first.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .layout import Para, collapse, marker_of
from .model import Signer

# --------------------------------------------------------------------------------------------- patterns
MOTTO = re.compile(
    r"C\s*Ộ\s*NG\s+H\s*(?:Ò|O)\s*À?\s*X\s*Ã\s+H\s*Ộ\s*I\s+CH\s*Ủ\s+NGH\s*Ĩ\s*A\s+VI\s*Ệ\s*T\s+NAM"
    r"|CỘNG\s*HÒA\s*XÃ\s*HỘI\s*CHỦ\s*NGHĨA\s*VIỆT\s*NAM|CỘNG\s*HOÀ\s*XÃ\s*HỘI\s*CHỦ\s*NGHĨA\s*VIỆT\s*NAM"
    r"|Độc\s*lập\s*[-–—]\s*Tự\s*do\s*[-–—]\s*Hạnh\s*phúc"
    r"|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM",
    re.I,
)
NUMBER = re.compile(
    r"(?<![\w/])Số\s*[:.]?\s*(?P<num>(?:\d[\w.]*|\.{2,}|…)?\s*(?:[/-]\s*[\wĐđ&.]+)+(?:-[\wĐđ&.]+)*)", re.I
)
# A number alone on its line, as a portal's document viewer prints it: "4360/BVHTTDL-VP", "402-CV/VPĐU".
BARE_NUMBER = re.compile(r"^\d{1,6}\s*(?:/\s*[\wĐđ&.]+|-[A-ZĐ]{1,6}/[\wĐđ&.]+)(?:-[\wĐđ&.]+)*$")
PLACE_DATE = re.compile(
    r"(?P<place>[^\W\d_](?:[\w.'’-]| (?!ngày))*?)\s*,\s*ngày\s*(?P<d>\d{1,2}|\.+|…)\s*(?:tháng\s*|/)\s*"
    r"(?P<m>\d{1,2}|\.+|…)\s*(?:năm\s*|/)\s*(?P<y>\d{4})",
    re.I,
)
SUBJECT = re.compile(r"^(?:V/v|Về\s+việc|V/V|VỀ\s+VIỆC)\b\s*:?\s*", re.I)
TITLES = (
    (re.compile(r"^KẾ\s*HOẠCH\b"), "ke_hoach"),
    (re.compile(r"^CHỈ\s*THỊ\b"), "chi_thi"),
    (re.compile(r"^THÔNG\s*BÁO\b"), "thong_bao"),
    (re.compile(r"^QUYẾT\s*ĐỊNH\b"), "quyet_dinh"),
    (re.compile(r"^BÁO\s*CÁO\b"), "bao_cao"),
    (re.compile(r"^CÔNG\s*VĂN\b|^Công\s+văn\s+(?=V/v|Về\s+việc)"), "cong_van"),
    (re.compile(r"^CÔNG\s*ĐIỆN\b"), "other"),
    (
        re.compile(r"^(?:HƯỚNG\s*DẪN|CHƯƠNG\s*TRÌNH|ĐỀ\s*ÁN|THƯ\s*MỜI|GIẤY\s*MỜI|TỜ\s*TRÌNH|NGHỊ\s*QUYẾT)\b"),
        "other",
    ),
)
NUMBER_TYPES = {"KH": "ke_hoach", "CT": "chi_thi", "TB": "thong_bao", "QĐ": "quyet_dinh", "BC": "bao_cao"}
KINH_GUI = re.compile(r"^(?:Kính\s*gửi|K[íi]nh\s*g[ửu]i)\s*:?\s*", re.I)
DONG_KINH_GUI = re.compile(r"^Đồng\s*kính\s*gửi\s*:?\s*", re.I)
# "THỦ TƯỚNG CHÍNH PHỦ điện:": a công điện names its addressees after this line.
DIEN = re.compile(r"^[A-ZĐÀ-Ỹ ,]{4,}\s+điện\s*:\s*", re.U)
NOI_NHAN = re.compile(r"^N[ơo]i\s*nh[ậa]n\s*:?\s*", re.I)
AUTHORITY = re.compile(r"(?<![\w.])(?:KT|TM|TL|TUQ|Q|KTBT)\s*[.,]\s*(?=[A-ZĐÀ-Ỹ])")
SIGNED = re.compile(r"^\(?\s*(?:đã\s+ký|ký|ký,\s*.*|đã\s+ký\s+và\s+đóng\s+dấu|chữ\s+ký.*)\s*\)?\.?$", re.I)
POSITIONS = (
    "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "PHÓ THỦ TƯỚNG",
    "THỦ TƯỚNG",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "PHÓ GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH VĂN PHÒNG",
    "PHÓ CHỦ NHIỆM",
    "CHỦ NHIỆM",
    "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN",
    "PHÓ TRƯỞNG PHÒNG",
    "TRƯỞNG PHÒNG",
    "PHÓ BÍ THƯ",
    "BÍ THƯ",
    "PHÓ CỤC TRƯỞNG",
    "CỤC TRƯỞNG",
    "VỤ TRƯỞNG",
    "TỔNG CỤC TRƯỞNG",
    "VIỆN TRƯỞNG",
    "HIỆU TRƯỞNG",
    "PHÓ HIỆU TRƯỞNG",
    "GIÁM ĐỐC SỞ",
    "CHÁNH THANH TRA",
)
_POSITION = re.compile(r"^(?:" + "|".join(p.replace(" ", r"\s+") for p in POSITIONS) + r")\b")
_PERSON_WORD = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]+"
PERSON = re.compile(rf"^(?:{_PERSON_WORD}\s+){{1,4}}{_PERSON_WORD}$")
_BODY_START = re.compile(
    r"^(?:Căn\s*cứ|Thực\s*hiện|Theo|Triển\s*khai|Nhằm|Để|Trên\s*cơ\s*sở|Xét|Sau\s+khi|Tiếp\s*theo|Về\s+đề\s+nghị"
    r"|Năm\s+\d{4}|Ngày\s+\d|Trong|Hiện\s+nay|Hưởng\s+ứng|Nhân\s+dịp|Thời\s+gian)\b"
)
_APPENDIX = re.compile(r"^(?:PHỤ\s*LỤC|Phụ\s+lục\s+(?:số\s+)?[IVX\d]+\s*$|DANH\s+(?:MỤC|SÁCH)\b)")
_FILE_PATH = re.compile(r"\s*[a-zA-Z]:\\[^\s].*$")
_SEPARATOR_TAIL = re.compile(r"\s*[-_=]{3,}\s*$")


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def is_upper(text: str) -> bool:
    if text == text.upper():
        return sum(1 for c in text if c.isalpha()) >= 3
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def doc_title(text: str) -> str | None:
    for pattern, doc_type in TITLES:
        if pattern.match(text):
            return doc_type
    return None


def _headerish(para: Para) -> bool:
    """A paragraph that belongs to a Nghị định 30 header (or a portal's metadata line)."""
    text = para.text
    if MOTTO.search(text) or NUMBER.match(text) or BARE_NUMBER.match(text) or SUBJECT.match(text):
        return True
    if PLACE_DATE.match(text) and len(text) < 90:
        return True
    if AUTHORITY.match(text) and len(text) < 160:
        return True
    if re.search(r"\bTheo\s+[A-ZĐÀ-Ỹ ,]{6,}\s*-?$", text):
        return True
    return is_upper(text) and len(text) <= 200 and marker_of(text) is None


def _signature_like(text: str) -> bool:
    return bool(
        AUTHORITY.match(text)
        or _POSITION.match(text)
        or SIGNED.match(text)
        or (PERSON.match(text) and len(text) <= 40)
        or re.match(r"^(?:TM|KT|TL)\s*\.", text)
    )


# ------------------------------------------------------------------------------------------------ zones
@dataclass
class Zones:
    header: list[Para] = field(default_factory=list)
    title: list[Para] = field(default_factory=list)
    recipients: list[Para] = field(default_factory=list)
    cc_to: list[Para] = field(default_factory=list)  # "Đồng kính gửi"
    body: list[Para] = field(default_factory=list)
    cc: list[Para] = field(default_factory=list)
    signature: list[Para] = field(default_factory=list)
    appendix: list[Para] = field(default_factory=list)
    doc_type: str | None = None


def split_zones(paras: list[Para]) -> Zones:
    zones = Zones()
    n = len(paras)
    i = 0
    mode = "header"
    limit = min(n, 60)
    while i < limit:
        para = paras[i]
        text = para.text
        if KINH_GUI.match(text) or DIEN.match(text):
            mode = "recipients"
            zones.recipients.append(para)
        elif DONG_KINH_GUI.match(text):
            mode = "cc_to"
            zones.cc_to.append(para)
        elif mode in ("recipients", "cc_to") and _recipient_item(para, zones):
            (zones.recipients if mode == "recipients" else zones.cc_to).append(para)
        elif mode == "header" and (kind := doc_title(text)) is not None and len(text) <= 300:
            zones.doc_type = kind
            zones.title.append(para)
            mode = "title"
        elif (mode == "title" and is_upper(text) and len(text) <= 300 and marker_of(text) is None) or (
            mode == "title" and SUBJECT.match(text)
        ):
            zones.title.append(para)
        elif mode in ("header", "title") and _headerish(para) and not _BODY_START.match(text):
            if mode == "title" and not (MOTTO.search(text) or NUMBER.match(text) or PLACE_DATE.match(text)):
                break
            zones.header.append(para)
            mode = "header"
        else:
            break
        i += 1
    body_start = i
    # The closing: "Nơi nhận" and the signature, found from the end.
    end = n
    appendix_at = None
    for j in range(body_start, n):
        if _APPENDIX.match(paras[j].text) and j > body_start and _has_closing(paras[body_start:j]):
            appendix_at = j
            break
    if appendix_at is not None:
        zones.appendix = paras[appendix_at:]
        end = appendix_at
    tail_start = end
    for j in range(end - 1, body_start - 1, -1):
        text = paras[j].text
        if NOI_NHAN.match(text):
            tail_start = j
            break
    # The signature may come before "Nơi nhận" (two-column footers flattened) or after it.
    sig_start = tail_start
    j = tail_start - 1
    while j >= body_start and (_signature_like(paras[j].text) or paras[j].text in ("|",)):
        sig_start = j
        j -= 1
    k = tail_start
    while k < end and not _signature_like(paras[k].text):
        k += 1
    zones.body = paras[body_start:sig_start]
    closing = paras[sig_start:end]
    for para in closing:
        if NOI_NHAN.match(para.text) or (zones.cc and not _signature_like(para.text)):
            zones.cc.append(para)
        elif _signature_like(para.text) or zones.signature:
            zones.signature.append(para)
        else:
            zones.cc.append(para)
    if not zones.signature and not zones.cc:
        # No "Nơi nhận": a signature block may still close the body.
        j = len(zones.body)
        while j > 0 and _signature_like(zones.body[j - 1].text) and len(zones.body[j - 1].text) < 80:
            j -= 1
        if j < len(zones.body) and any(
            AUTHORITY.match(p.text) or _POSITION.match(p.text) for p in zones.body[j:]
        ):
            zones.signature = zones.body[j:]
            zones.body = zones.body[:j]
    return zones


def _has_closing(paras: list[Para]) -> bool:
    return any(NOI_NHAN.match(p.text) or AUTHORITY.match(p.text) or _POSITION.match(p.text) for p in paras)


def _recipient_item(para: Para, zones: Zones) -> bool:
    text = para.text
    if _BODY_START.match(text) or len(text) > 250:
        return False
    marker = marker_of(text)
    if marker is not None and marker[0] in ("num", "roman", "sub") and not text.rstrip().endswith((";", ".")):
        return False
    if marker is not None and marker[0] in ("bullet",):
        return True
    first = zones.recipients[-1] if zones.recipients else None
    if first is not None and KINH_GUI.sub("", first.text).strip() == "" and len(zones.recipients) == 1:
        return len(text) < 200
    # A list without dashes: one name per line, each ending in ";" until the last.
    previous = (zones.recipients or zones.cc_to)[-1].text
    return previous.rstrip().endswith(";") and len(text) < 160 and not text.endswith(":")


# ----------------------------------------------------------------------------------------------- fields
@dataclass
class Header:
    number: str | None = None
    number_blank: bool = False
    date: str | None = None
    place: str | None = None
    issuer: str | None = None
    subject: str | None = None
    doc_type: str = "other"
    recipients: list[str] = field(default_factory=list)
    signer_before_body: Signer | None = None


def _strip_motto(text: str) -> str:
    return collapse(_SEPARATOR_TAIL.sub("", MOTTO.sub(" | ", text)))


_SUBJECT_IN_HEADER = re.compile(r"(?:^|\|\s*|\s)(V/v|Về\s+việc)\b\s*:?\s*(?P<rest>.*)$")


def read_header(zones: Zones) -> Header:
    header = Header()
    issuer_lines: list[str] = []
    subject_parts: list[str] = []
    for para in zones.header:
        text = para.text
        # Each field is searched for only until it is found: the header's paragraphs are matched against
        # patterns that try every position, and a found field is never read twice.
        number = NUMBER.search(text) if header.number is None and not header.number_blank else None
        if number and header.number is None and not header.number_blank:
            raw = re.sub(r"\s+", "", number.group("num"))
            raw = raw.rstrip(".,;")
            if raw[:1].isdigit():
                header.number = raw
            else:
                header.number_blank = True
            text = (text[: number.start()] + " | " + text[number.end() :]).strip()
        elif BARE_NUMBER.match(text) and header.number is None:
            header.number = re.sub(r"\s+", "", text)
            continue
        place_date = PLACE_DATE.search(text) if header.date is None else None
        if place_date and header.date is None:
            place = collapse(place_date.group("place"))
            header.place = re.sub(r"^(?:\|\s*)+", "", place).strip() or None
            header.date = _iso(place_date.group("d"), place_date.group("m"), place_date.group("y"))
            text = (text[: place_date.start()] + " | " + text[place_date.end() :]).strip()
        subject = None if subject_parts else _SUBJECT_IN_HEADER.search(text)
        if subject and not subject_parts:
            rest = subject.group("rest").split(" | ")[0]
            subject_parts.append(subject.group(1) + " " + rest)
            text = text[: subject.start()]
        signer = AUTHORITY.search(text) if header.signer_before_body is None else None
        if signer and header.signer_before_body is None:
            theo = re.search(r"\bTheo\s+(?P<issuer>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ,&-]+?)\s*-?\s*$", text)
            if theo:
                issuer_lines.append(theo.group("issuer"))
                text = text[: theo.start()]
            header.signer_before_body = parse_signer([text[signer.start() :]])
            text = text[: signer.start()]
        else:
            theo = re.search(r"\bTheo\s+(?P<issuer>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ,&-]+?)\s*-?\s*$", text)
            if theo:
                issuer_lines.append(theo.group("issuer"))
                text = text[: theo.start()]
        for piece in _strip_motto(text).split("|"):
            piece = collapse(piece).strip(" -–")
            if piece and is_upper(piece) and len(piece) <= 120:
                issuer_lines.append(piece)
    header.issuer = _issuer(issuer_lines)
    for para in zones.title:
        kind = doc_title(para.text)
        if kind is not None and header.doc_type == "other":
            header.doc_type = kind
            rest = re.sub(r"^\S+\s+\S+\s*", "", para.text) if kind != "other" else ""
            if rest:
                subject_parts.append(rest)
            continue
        subject_parts.append(para.text)
    if subject_parts:
        header.subject = collapse(" ".join(subject_parts))
    if header.doc_type == "other" and zones.doc_type:
        header.doc_type = zones.doc_type
    if header.doc_type == "other" and header.number:
        code = re.search(r"/([A-ZĐ]{2,3})(?:-|$)", header.number)
        if code and code.group(1) in NUMBER_TYPES:
            header.doc_type = NUMBER_TYPES[code.group(1)]
        elif not (code and code.group(1) == "CĐ"):
            header.doc_type = "cong_van"
    header.recipients = read_recipients(zones.recipients)
    if header.doc_type == "other" and (
        header.recipients or (header.subject or "").startswith(("V/v", "Về việc"))
    ):
        header.doc_type = "cong_van"
    return header


_ABBREVIATIONS = frozenset(
    {"ubnd", "hđnd", "mttq", "ubmttq", "tw", "tp", "cntt", "vh", "tt", "dl", "khcn", "gd&đt"}
)
_HEADS = frozenset(
    [
        "sở",
        "bộ",
        "phòng",
        "ban",
        "cục",
        "vụ",
        "viện",
        "đài",
        "hội",
        "đoàn",
        "tỉnh",
        "huyện",
        "thị",
        "thành",
        "xã",
        "phường",
        "quận",
        "trường",
    ]
) | {"văn phòng", "trung tâm", "ủy ban", "uỷ ban", "chi cục", "tổng cục", "thủ tướng", "mặt trận", "công an"}
_FIXED = (
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "hội đồng nhân dân",
    "Việt Nam",
    "Ban Thường trực",
    "Ban Thường vụ",
)
_LEVELS = frozenset({"tỉnh", "huyện", "xã", "phường", "quận", "thị xã", "thị trấn", "thành phố", "đặc khu"})


def title_case(upper: str) -> str:
    """'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH THANH HÓA' → 'Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa'."""
    words = " ".join(upper.replace(",", " , ").split()).lower().split()
    out: list[str] = []
    capitalise = True
    place = False
    i = 0
    while i < len(words):
        word = words[i]
        pair = " ".join(words[i : i + 2])
        fixed = next((p for p in _FIXED if words[i : i + len(p.split())] == p.lower().split()), None)
        if fixed is not None:
            # "Ủy ban nhân dân", "Việt Nam", "Ban Thường trực": written one way.
            out.append(fixed if out or fixed[0].isupper() else fixed[:1].upper() + fixed[1:])
            i += len(fixed.split())
            capitalise = False
            continue
        if word in _ABBREVIATIONS:
            out.append(word.upper())
            capitalise, i = False, i + 1
            continue
        if pair in _LEVELS or (word in _LEVELS and out):
            out.extend(words[i : i + (2 if pair in _LEVELS else 1)])
            i += 2 if pair in _LEVELS else 1
            place, capitalise = True, True
            continue
        if word == "," or word == "và":
            out.append(word)
            capitalise = not place
            i += 1
            continue
        out.append(word[:1].upper() + word[1:] if capitalise else word)
        head = pair if pair in _HEADS and i + 1 < len(words) else (word if word in _HEADS else None)
        if head == pair and i + 1 < len(words):
            out.append(words[i + 1])
            i += 1
        capitalise = place or head is not None
        i += 1
    return " ".join(out).replace(" , ", ", ")


def _issuer(lines: list[str]) -> str | None:
    from .entities import GRAMMAR, Tokens

    lines = [line for line in lines if not re.fullmatch(r"[\W\d]*", line)]
    if not lines:
        return None
    # The left column reads parent agency, then the issuing agency (which starts with its own head noun);
    # an agency whose name wraps continues without one ("ỦY BAN NHÂN DÂN" / "TỈNH HẬU GIANG").
    blocks: list[list[str]] = []
    for line in lines[:4]:
        titled = title_case(line)
        if not blocks or GRAMMAR.head(Tokens(titled), 0) is not None:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return title_case(" ".join(blocks[-1]))


def read_recipients(paras: list[Para]) -> list[str]:
    items: list[str] = []
    for para in paras:
        text = KINH_GUI.sub("", para.text)
        text = DIEN.sub("", text)
        text = DONG_KINH_GUI.sub("", text)
        for part in re.split(r"\s*;\s*(?=\S)|(?:^|(?<=[;:])\s*)[-–•]\s*(?=[A-ZĐÀ-Ỹ])", text):
            item = _clean_item(part)
            if item:
                items.append(item)
    return items


def _clean_item(text: str) -> str:
    text = collapse(text)
    text = re.sub(r"^[-+*•–—]\s*", "", text)
    return text.strip().rstrip(";,.").strip()


def read_cc(paras: list[Para]) -> list[str]:
    items: list[str] = []
    for para in paras:
        text = _FILE_PATH.sub("", NOI_NHAN.sub("", para.text))
        if not text.strip():
            continue
        pieces = re.split(r"(?:^|(?<=[;:.])\s*|\s(?=[-–•+]\s*(?:Như\s+trên|Lưu)))[-–•+]\s*(?=\S)", text)
        for k, piece in enumerate(pieces):
            item = _clean_item(piece)
            if not item:
                continue
            starts_item = k > 0 or marker_of(para.text) is not None or not items
            if not starts_item or (items and items[-1].endswith(",") and not para.text.startswith("-")):
                items[-1] = collapse(items[-1] + " " + item)
            else:
                items.append(item)
    return [re.sub(r"[;,.]+$", "", item).strip() for item in items if item.strip()]


def parse_signer(texts: list[str]) -> Signer | None:
    """The signature block: authority ("KT. CHỦ TỊCH"), position ("PHÓ CHỦ TỊCH") and name."""
    words: list[str] = []
    for text in texts:
        text = collapse(text.replace("|", " "))
        if not text or SIGNED.match(text):
            continue
        words.append(text)
    if not words:
        return None
    joined = " ".join(words)
    joined = re.sub(r"\(\s*(?:đã\s+ký|ký)[^)]*\)", " ", joined, flags=re.I)
    joined = collapse(joined.strip(" ;"))
    name = None
    person = re.search(rf"((?:{_PERSON_WORD}\s+){{1,4}}{_PERSON_WORD})\s*[;.]?$", joined)
    if person:
        name = person.group(1)
        joined = joined[: person.start()].strip()
    authority = None
    position = None
    parts = [p for p in re.split(r"\s*(?=(?<![\w.])(?:KT|TM|TL|TUQ|Q)\s*\.)", joined) if p.strip()]
    authorities = [p.strip().rstrip(",") for p in parts if AUTHORITY.match(p.strip())]
    rest = [p.strip() for p in parts if not AUTHORITY.match(p.strip())]
    if authorities:
        last = authorities[-1]
        # "KT. BỘ TRƯỞNG THỨ TRƯỞNG": the authority is the first title, the position what follows.
        tail = re.sub(r"^(?:KT|TM|TL|TUQ|Q)\s*\.\s*", "", last)
        split_at = _second_position(tail)
        if split_at:
            authorities[-1] = last[: len(last) - len(tail) + split_at].strip().rstrip(",")
            rest.insert(0, tail[split_at:].strip())
        authority = " ".join(authorities) if len(authorities) > 1 else authorities[0]
    if rest:
        position = collapse(" ".join(rest)).strip(" ,") or None
    if authority is None and position is None and name is None:
        return None
    if position is not None and not is_upper(position):
        position = None if name else position
    return Signer(authority=authority, position=position, name=name)


def _second_position(text: str) -> int:
    """Where a second title starts in "BỘ TRƯỞNG THỨ TRƯỞNG" or "BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM"."""
    first = _POSITION.match(text)
    if first is None:
        # "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH": an agency, not a title, follows TM.
        return 0
    pos = first.end()
    while True:
        rest = text[pos:]
        stripped = rest.lstrip(" ,")
        if not stripped:
            return 0
        nxt = _POSITION.match(stripped)
        if nxt is None:
            return 0
        offset = pos + (len(rest) - len(stripped))
        if not rest.startswith(","):
            return offset
        # "BỘ TRƯỞNG, CHỦ NHIỆM": two titles of one person joined by a comma belong together.
        pos = offset + nxt.end()
