"""Stage 5 of the reader: who is given what work, read by the kind of section it sits in.

Work is assigned in a handful of ways, and each has its own reading:

- a heading that names a body ("1. Sở Tài chính", "3. Giao Công an Thành phố") owns the items under it;
- labelled fields ("Đơn vị chủ trì: …", "Đơn vị phối hợp: …", "Thời gian hoàn thành: …") and task tables
  give roles and due dates to the task they belong to;
- in prose, a trigger ("giao", "đề nghị", "yêu cầu", "khuyến khích", "chỉ đạo X như sau") or a body at
  the start of a clause ("Sở Y tế chủ trì, phối hợp với …") assigns the rest of the clause;
- an introduction ("UBND tỉnh yêu cầu X thực hiện các nội dung sau:") gives the list that follows to X,
  unless the list names its own bodies;
- a delegation ("UBND các huyện giao cho Phòng Y làm đầu mối …") gives work to both.

Then what is not an assignment is left out: the issuer speaking of itself, the basis ("Căn cứ…"), recaps of
earlier texts ("đã giao"), closings ("Trên đây là…", "nếu có khó khăn… phản ánh về…"), composition and award
lists, and generic re-addresses ("yêu cầu các đơn vị triển khai thực hiện Chỉ thị này"). One entry per
body, with lead > perform > coordinate.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .entities import GRAMMAR, NAME_REACH, Grammar, Mention, Tokens, fold, starts_with_verb
from .layout import Para
from .outline import Node, heading_kind, iter_nodes, section_kind

ROLE_RANK = {"lead": 3, "perform": 2, "coordinate": 1}

# "(?:kính\s+|trân\s+trọng\s+)?đề\s+nghị|yêu\s+cầu|giao(?:\s+nhiệm\s+vụ)?(?:\s+cho)?|phân\s+công(?:\s+cho)?|
# khuyến\s+khích|đồng\s+ý\s+giao|ủy\s+quyền\s+cho|uỷ\s+quyền\s+cho" at the start of a word, in any case. The first
# letter is matched first, spelt out case by case as re.I would match it ("\u212a" is the Kelvin sign), so the
# regex engine scans for it; the words that share a first letter cannot both match at one place.
_TRIGGER_FIRST = "kK\u212atTđĐyYgGpPuUủỦ"
_TRIGGER = re.compile(
    rf"[{_TRIGGER_FIRST}](?<![\w][{_TRIGGER_FIRST}])(?i:"
    r"(?<=[kK\u212a])(?:ính\s+đề\s+nghị|huyến\s+khích)|(?<=[tT])rân\s+trọng\s+đề\s+nghị|"
    r"(?<=[đĐ])(?:ề\s+nghị|ồng\s+ý\s+giao)|(?<=[yY])êu\s+cầu|(?<=[gG])iao(?:\s+nhiệm\s+vụ)?(?:\s+cho)?|"
    r"(?<=[pP])hân\s+công(?:\s+cho)?|(?<=[ủỦ])y\s+quyền\s+cho|(?<=[uU])ỷ\s+quyền\s+cho)\s+(?=\S)"
)
_TRIGGER_NOT = re.compile(
    r"(?:theo|xét|của|được|đã|về|tại|đáp\s+ứng|đúng|với|các|những|nhận|bàn|như)\s*$|(?:chủ\s+trương|được)\s+$",
    re.I,
)
# "có ý kiến chỉ đạo Bộ X như sau:", "chỉ đạo các Đài … các nội dung sau:".
# "chỉ đạo" as a word of its own, in any case: the "c" is matched first, case by case, so the engine scans
# for it; its lookbehind is checked after it.
_DIRECT = re.compile(r"[cC](?<![\w][cC])(?i:hỉ\s+đạo)\s+(?=\S)")
_LIST_INTRO = re.compile(
    r"^(?:[,:]?\s*(?:tập\s+trung\s+|khẩn\s+trương\s+|tổ\s+chức\s+|triển\s+khai\s+|nghiêm\s+túc\s+|"
    r"thực\s+hiện\s+|lãnh\s+đạo,?\s+chỉ\s+đạo\s+[^:]{0,80}?|phối\s+hợp\s+[^:]{0,120}?|"
    r"triển\s+khai\s+thực\s+hiện\s+|hoàn\s+thành\s+ngay\s+|cụ\s+thể\s+)*)"
    r"(?:(?:tốt\s+)?(?:các|một\s+số|những)\s+(?:nội\s+dung|nhiệm\s+vụ|công\s+việc|việc)(?:\s+(?:cụ\s+thể|trọng\s+tâm|chủ\s+yếu))?"
    r"(?:\s+(?:sau|như\s+sau|sau\s+đây))?|như\s+sau|(?:các\s+)?(?:nội\s+dung|nhiệm\s+vụ)\s+sau(?:\s+đây)?|"
    r"cụ\s+thể\s+như\s+sau|sau\s+đây)\s*:?\s*$",
    re.I,
)
_GENERIC_TASK = re.compile(
    r"^[,:]?\s*(?:chỉ\s+đạo\s+(?:các\s+)?(?:cơ\s+quan|đơn\s+vị|ngành)(?:,?\s*(?:đơn\s+vị|địa\s+phương))*"
    r"(?:\s+(?:có\s+)?liên\s+quan|\s+chức\s+năng|\s+trực\s+thuộc)?\s+)?(?:(?:căn\s+cứ\s+(?:chức\s+năng,?\s+)?"
    r"nhiệm\s+vụ(?:\s+được\s+(?:giao|phân\s+công))?|khẩn\s+trương|nghiêm\s+túc|chủ\s+động|căn\s+cứ\s+chức\s+năng,?\s+nhiệm\s+vụ(?:\s+được\s+giao)?|"
    r"theo\s+chức\s+năng,?\s+nhiệm\s+vụ(?:\s+được\s+giao)?)[,\s]+)*"
    r"(?:tổ\s+chức[,\s]+)?(?:triển\s+khai[,\s]+)?(?:tổ\s+chức[,\s]+)?(?:thực\s+hiện|triển\s+khai)"
    r"(?:\s+(?:nghiêm\s+túc|có\s+hiệu\s+quả|đầy\s+đủ|tốt|kịp\s+thời|thống\s+nhất))*"
    r"(?:\s+(?:các\s+)?(?:nội\s+dung|nhiệm\s+vụ)(?:\s+chỉ\s+đạo)?\s+(?:nêu\s+)?trên|\s+(?:Chỉ\s+thị|Kế\s+hoạch|Công\s+văn|"
    r"Thông\s+báo|Công\s+điện|văn\s+bản)\s+này|\s+(?:theo\s+)?(?:đúng\s+)?(?:quy\s+định|nội\s+dung\s+trên))*"
    r"(?:\s+(?:theo\s+thẩm\s+quyền|và\s+quy\s+định\s+pháp\s+lu[âậ]t|theo\s+quy\s+định))*\s*[./;]*$",
    re.I,
)
# "Chủ trì", "làm đầu mối", "là cơ quan chủ trì" at the start of a text or after a stop or a comma: the lead.
_LEAD_WORDS = (
    r"(?:(?:tiếp\s+tục|trên\s+cơ\s+sở[^,;]{0,60},|căn\s+cứ[^,;]{0,60},|theo\s+chức\s+năng[^,;]{0,40},)\s*)?"
    r"(?:chủ\s+trì|làm\s+đầu\s+mối|là\s+(?:cơ\s+quan\s+)?(?:đầu\s+mối|chủ\s+trì|thường\s+trực)|là\s+cơ\s+quan\s+chủ\s+trì)\b"
)
# The one pattern "(?:^|[;.:]\s*|,\s*)" + _LEAD_WORDS is kept as two: the start of the text, and a search that
# begins with the punctuation, which the regex engine scans for instead of trying every position.
_LEAD_AT_START = re.compile(_LEAD_WORDS, re.I)
_LEAD_AFTER_STOP = re.compile(r"[;.:,]\s*" + _LEAD_WORDS, re.I)


def _leads(text: str) -> bool:
    """Whether the text names its body the lead anywhere: at its start or after a stop or a comma."""
    return _LEAD_AT_START.match(text) is not None or _LEAD_AFTER_STOP.search(text) is not None


def _leads_at_start(text: str) -> bool:
    return _LEAD_AT_START.match(text) is not None or _LEAD_AFTER_STOP.match(text) is not None


_COORDINATE_START = re.compile(
    r"^[,:]?\s*(?:(?:căn\s+cứ|trên\s+cơ\s+sở|theo)\s+chức\s+năng,?\s+nhiệm\s+vụ(?:\s+được\s+giao)?,?\s*)?"
    r"(?:chủ\s+động\s+|tham\s+gia\s+|tích\s+cực\s+)?phối\s+hợp(?:\s+chặt\s+chẽ)?\s+(?:với|cùng)\s",
    re.I,
)
# Partners named where the clause states its bodies' roles: "X chủ trì, phối hợp với A, B …", "X phối hợp với A …".
_PARTNER_START = re.compile(
    r"^[\s,:]*(?:(?:(?:căn\s+cứ|trên\s+cơ\s+sở|theo)\s+chức\s+năng,?\s+nhiệm\s+vụ(?:\s+được\s+giao)?,?\s*)?"
    r"(?:tiếp\s+tục\s+)?(?:chủ\s+trì|là\s+cơ\s+quan\s+chủ\s+trì|làm\s+đầu\s+mối)\s*,?\s*|"
    r"(?:tập\s+trung\s+)?(?:lãnh\s+đạo,?\s+)?chỉ\s+đạo\s+và\s+)?"
    r"(?:chủ\s+động\s+|tham\s+gia\s+|tích\s+cực\s+)?phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+(?:với|cùng))?\s+(?=\S)",
    re.I,
)
_PARTNER = re.compile(r"(?<![\w])phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+(?:với|cùng))?\s+(?=\S)", re.I)
_CLAUSE_SKIP = re.compile(
    r"^(?:Căn\s*cứ(?!\s+(?:vào\s+)?(?:(?:Kế\s+hoạch|Chỉ\s+thị|Công\s+văn|Quyết\s+định|Thông\s+báo|văn\s+bản)\s+này|"
    r"chức\s+năng|tình\s+hình|nhiệm\s+vụ|kết\s+quả|nội\s+dung|điều\s+kiện|yêu\s+cầu|thực\s+tế))|Thực\s+hiện\s+(?:Công\s+văn|Kế\s+hoạch|Quyết\s+định|Chỉ\s+thị|Thông\s+báo|Hướng\s+dẫn|Nghị|"
    r"Chương\s+trình|ý\s+kiến|chỉ\s+đạo|nhiệm\s+vụ\s+được\s+giao|văn\s+bản)|Xét\s|Về\s+đề\s+nghị|Theo\s+đề\s+nghị|"
    r"Tại\s+(?:công\s+văn|văn\s+bản|Quyết\s+định|Thông\s+báo|Kết\s+luận|Nghị)|Trên\s+đây|Trong\s+quá\s+trình|"
    r"Quá\s+trình\s+(?:triển\s+khai|thực\s+hiện)|Trường\s+hợp\s+có\s+khó\s+khăn|Nếu\s+có\s+khó\s+khăn|Đây\s+là|"
    r"Trân\s+trọng|Nhận\s+được)",
    re.I,
)
_CLOSING = re.compile(
    r"^(?:Trên\s+đây|Trong\s+quá\s+trình|Quá\s+trình\s+(?:triển\s+khai|thực\s+hiện)|Trường\s+hợp\s+có\s+khó\s+khăn|"
    r"Nếu\s+có\s+khó\s+khăn|Đây\s+là|Trân\s+trọng|Nhận\s+được)",
    re.I,
)
# Background before the main clause: no body named here is given work, but a trigger after it still counts
# ("Để công tác … đạt kết quả tốt, Bộ … yêu cầu Sở … thực hiện …").
_BACKGROUND = re.compile(
    r"^(?:Để\s|Nhằm\s|Sau\s+khi|Ngày\s+\d|Đến\s+nay|Tuy\s+nhiên|Hiện\s+nay|Thời\s+gian\s+qua|Năm\s+\d{4}|"
    r"Trong\s+những\s+năm\s+qua|Bên\s+cạnh\s+đó|Qua\s+đó)",
    re.I,
)
# "Căn cứ …, UBND huyện yêu cầu …": the main clause after a basis phrase.
_MAIN_AFTER_BASIS = re.compile(
    r",\s*(?:UBND|Ủy\s+ban|Uỷ\s+ban|Chủ\s+tịch|Bộ|Sở|Phó\s+Thủ\s+tướng|Thủ\s+tướng|Văn\s+phòng|Ban|Phòng)"
    r"[^,;:]{0,80}$",
    re.I,
)
_ESCALATION = re.compile(
    r"(?:,\s*|;\s*|\.\s*|\s)(?:trong\s+quá\s+trình[^,;.]{0,60},\s*)?(?:nếu|trường\s+hợp)\s+có\s+(?:khó\s+khăn|vướng\s+mắc|phát\s+sinh)",
    re.I,
)
# "(?:ếu|ợp)\s+có\s" in any case, spelt out case by case (the letters have no other case-insensitive
# matches) so that the regex engine scans for the four first letters instead of lower-casing every character.
_ESCALATION_HINT = re.compile(r"[ếẾợỢ](?:(?<=[ếẾ])[uU]|(?<=[ợỢ])[pP])\s+[cC][óÓ]\s")


def _escalation(text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """ "…, nếu có khó khăn, vướng mắc …": the regex tries every space, so look for its core words first."""
    endpos = len(text) if endpos is None else endpos
    if not _ESCALATION_HINT.search(text, pos, endpos):
        return None
    return _ESCALATION.search(text, pos, endpos)


_RECAP = re.compile(r"\b(?:đã|vừa)\s+(?:giao|ban\s+hành|chỉ\s+đạo|phê\s+duyệt|yêu\s+cầu|đề\s+nghị)\b", re.I)
_CONNECTIVE = re.compile(
    r"^(?:(?:Đồng\s+thời|Ngoài\s+ra|Bên\s+cạnh\s+đó|Riêng|Theo\s+đó|Trên\s+cơ\s+sở\s+đó|Trên\s+cơ\s+sở[^,;]{0,160}|"
    r"Căn\s+cứ\s+(?:vào\s+)?(?:chức\s+năng,?\s+nhiệm\s+vụ(?:\s+được\s+giao)?|(?:Kế\s+hoạch|Chỉ\s+thị|Công\s+văn)\s+này"
    r"(?:\s+và\s+[^,]{0,60})?|tình\s+hình\s+thực\s+tế[^,]{0,40})|Giao|Đề\s+nghị|Yêu\s+cầu)\s*,?\s*)",
    re.I,
)
# Heading words around the name of a body: "Giao Sở X", "Trách nhiệm của X", "X thực hiện các nhiệm vụ sau:".
_HEADING_PREFIX = re.compile(
    r"^(?:Giao(?:\s+cho)?|(?:Kính\s+)?Đề\s+nghị|Yêu\s+cầu|Trách\s+nhiệm\s+của|Nhiệm\s+vụ\s+của|Đối\s+với|"
    r"Phân\s+công|Khuyến\s+khích)\s+",
    re.I,
)
_HEADING_SUFFIX = re.compile(
    r"\s*(?:(?:có\s+trách\s+nhiệm|chủ\s+trì|thực\s+hiện|triển\s+khai|chịu\s+trách\s+nhiệm)(?:\s+(?:các|một\s+số|những))?"
    r"(?:\s+(?:nhiệm\s+vụ|nội\s+dung|công\s+việc))?(?:\s+(?:sau|như\s+sau|cụ\s+thể|sau\s+đây))?)?\s*[:.]?\s*$",
    re.I,
)
_FIELD = re.compile(
    r"^(?P<label>(?:Đơn\s+vị|Cơ\s+quan)\s+(?:chủ\s+trì(?:,\s*phối\s+hợp)?|phối\s+hợp|thực\s+hiện|thực\s+hiện\s+chính)"
    r"|Chủ\s+trì|Phối\s+hợp|Cơ\s+quan,\s+đơn\s+vị\s+(?:chủ\s+trì|phối\s+hợp|thực\s+hiện)"
    r"|Nhiệm\s+vụ|Nội\s+dung(?:,\s*biện\s+pháp)?|Thời\s+gian(?:\s+(?:thực\s+hiện|hoàn\s+thành|triển\s+khai))?"
    r"|Sản\s+phẩm|Kinh\s+phí|Kết\s+quả)\s*(?::|$)\s*",
    re.I,
)
_QUOTA = re.compile(
    r"^\s*[:,]?\s*(?:không\s+quá|tối\s+đa|mỗi|chọn|xét\s+chọn|\d+\s+(?:tập\s+thể|cá\s+nhân))", re.I
)
_COMPOSITION = re.compile(r"\b(?:gồm(?:\s+có)?|bao\s+gồm|thành\s+phần)\s*:?\s*$", re.I)
_SELF = re.compile(
    r"^(?:(?:Chủ\s+tịch|Phó\s+Chủ\s+tịch|Thường\s+trực|Lãnh\s+đạo)\s+)?(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)"
    r"(?:\s+(?:tỉnh|huyện|xã|thành\s+phố|thị\s+xã|quận|phường|thị\s+trấn|Thành\s+phố|TP))?$|"
    r"^(?:Thủ\s+tướng(?:\s+Chính\s+phủ)?|Phó\s+Thủ\s+tướng(?:\s+Chính\s+phủ)?|Chính\s+phủ|"
    r"Bộ\s+trưởng|Ban\s+Thường\s+trực|Ban\s+Chỉ\s+đạo)$",
    re.I,
)


# The issuer speaking of itself: "UBND huyện Phù Cừ thông báo…", "Sở TT&TT đề nghị…", "Bộ … có ý kiến…".
_ISSUER_SPEAKS = re.compile(
    r"^\s*,?\s*(?:(?:xin|trân\s+trọng|kính)\s+)?(?:thông\s+báo|yêu\s+cầu|đề\s+nghị|có\s+ý\s+kiến|ban\s+hành|"
    r"nhận\s+được|chỉ\s+đạo\s+(?:như\s+sau|:)|kính\s+gửi|đã\s|vừa\s|"
    r"đồng\s+ý|thống\s+nhất|cảm\s+ơn|hướng\s+dẫn\s+(?:như\s+sau|:))",
    re.I,
)
_INTRO_END = re.compile(
    r"(?:như\s+sau|sau\s+đây|(?:nội\s+dung|nhiệm\s+vụ|công\s+việc|việc)\s+sau)\s*:\s*$", re.I
)
_CONTINUES = re.compile(r"(?:trước|chậm\s+nhất)\s+(?:ngày\s+)?\d|^(?:Báo\s+cáo|Gửi|Nộp|Đồng\s+thời)\b", re.I)
_VAGUE_NAME = re.compile(
    r"^(?:tất\s+cả\s+)?(?:các|những)\s+(?:cơ\s+quan|đơn\s+vị|địa\s+phương|tổ\s+chức|lực\s+lượng|ngành)"
    r"(?:,?\s*(?:và\s+)?(?:cơ\s+quan|đơn\s+vị|địa\s+phương|tổ\s+chức|cá\s+nhân|ngành|doanh\s+nghiệp))*"
    r"(?:\s+(?:có\s+)?liên\s+quan|\s+chức\s+năng|\s+chuyên\s+môn|\s+trên\s+địa\s+bàn)*$",
    re.I,
)
_FACTORED = re.compile(r"^(?:Các|các)\s+(Bộ|Sở|Ban|Phòng|Cục|Tổng\s+cục|Hội)$")
_RESPONSIBLE = re.compile(r"\s(?:có|chịu)\s+trách\s+nhiệm\s*:?\s*$", re.I)
_PREDICATE_WORDS = re.compile(
    r"(?:cần|phải|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|là\s+cơ\s+quan|làm|giao\s+cho|giao|khẩn\s+trương|"
    r"nghiêm\s+túc|chủ\s+động|tích\s+cực|thường\s+xuyên|định\s+kỳ|(?:hằng|hàng)\s+(?:tháng|quý|năm|tuần)|kịp\s+thời|liên\s+tục|tiếp\s+tục|trân\s+trọng|đề\s+nghị|"
    r"yêu\s+cầu)\b",
    re.I,
)


def _vague(mention: Mention) -> bool:
    return mention.generic or _vague_name(mention.name)


def _vague_name(name: str) -> bool:
    """ "các cơ quan, đơn vị", "Các phòng, ban, đơn vị": plural kinds with no body named."""
    name = " ".join(name.split())
    return bool(_VAGUE_NAME.match(name)) or (
        re.match(r"(?:tất\s+cả\s+)?(?:các|những)\s", name, re.I) is not None and name[1:] == name[1:].lower()
    )


# "Điều 3. Chánh Văn phòng …, Thủ trưởng các cơ quan … chịu trách nhiệm thi hành Quyết định này": the formula
# that ends a decision, not work given.
_ENACTING = re.compile(r"\s*(?:có\s+|chịu\s+)?(?:trách\s+nhiệm\s+)?(?:tổ\s+chức\s+)?thi\s+hành\b", re.I)
_VAGUE_REPORT_HINT = re.compile(r"(?:tất\s+cả\s+)?(?:các|những)\s.{0,160}?báo\s+cáo", re.I | re.S)
_REPORT_ONLY = re.compile(
    r"(?:định\s+kỳ\s+)?(?:(?:hằng|hàng)\s+(?:tháng|quý|năm|tuần|ngày)\s+)?(?:gửi\s+)?báo\s+cáo\s+(?:kết\s+quả|tình\s+hình|tiến\s+độ)",
    re.I,
)
_CONTACT = re.compile(r"^(?:Địa\s+chỉ|Điện\s+thoại|Email|E-mail|Fax|Website|ĐT|Số\s+điện\s+thoại)\b", re.I)


@dataclass
class Duty:
    unit: str
    role: str
    text: str
    span: tuple[int, int]
    due: str | None = None
    order: int = 0


@dataclass
class Context:
    """What the extractor knows about the document while it reads the body."""

    issuer_key: str | None
    recipients: list[str]
    doc_type: str = "other"
    grammar: Grammar = GRAMMAR
    duties: list[Duty] = field(default_factory=list)
    counter: int = 0

    def add(self, unit: str, role: str, para: Para, start: int, end: int, due: str | None = None) -> None:
        text_slice = para.text[start:end]
        lead = len(text_slice) - len(text_slice.lstrip(" ,:;-–"))
        start += lead
        while end > start and para.text[end - 1] in " ,;":
            end -= 1
        text = " ".join(para.text[start:end].split())
        unit = clean_unit(unit)
        if not unit or not text:
            if unit and not text:
                text = ""
            else:
                return
        span = para.mapped.span(start, end) if text else (para.start, para.start)
        self.counter += 1
        self.duties.append(Duty(unit, role, text, span, due, self.counter))


# -------------------------------------------------------------------------------------------------- names
_TRAIL = re.compile(
    r"(?:\s*[:;,.]+|\s+(?:có\s+trách\s+nhiệm|chủ\s+trì|thực\s+hiện|như\s+sau|sau\s+đây|sau))+\s*$", re.I
)


@functools.lru_cache(maxsize=4096)
def clean_unit(name: str) -> str:
    name = " ".join(name.split())
    name = _HEADING_PREFIX.sub("", name)
    name = re.sub(r"^(?:và|cùng|với|cho)\s+", "", name, flags=re.I)
    name = _TRAIL.sub("", name).strip(" ,;:.-–")
    if (
        name
        and name[0].islower()
        and not name.startswith(("các", "những", "toàn", "tất", "mọi", "hệ", "đ/c", "đài", "cơ"))
    ):
        name = name[0].upper() + name[1:]
    return name


_KEY_DROP = re.compile(
    r"\b(?:tren dia ban(?: (?:tinh|huyen|xa|thanh pho|thi xa))?|co lien quan|lien quan|thuoc tinh|cap tinh|"
    r"trong tinh|truc thuoc trung uong|truc thuoc tw)\b"
)
_KEY_ABBREVIATIONS = (
    (r"\buy ban nhan dan\b", "ubnd"),
    (r"\bhoi dong nhan dan\b", "hdnd"),
    (r"\bvan hoa\b", "vh"),
    (r"\bthong tin\b", "tt"),
    (r"\bthe thao\b", "tt"),
    (r"\bdu lich\b", "dl"),
    (r"\btruyen thong\b", "tt"),
    (r"\bmat tran to quoc viet nam\b", "mttq"),
    (r"\buy ban mttq\b", "ubmttq"),
    (r"\bthanh pho\b", "tp"),
)
_KEY_ABBREVIATION_RES = [(re.compile(pattern), repl) for pattern, repl in _KEY_ABBREVIATIONS]
_TITLE_KEY = re.compile(
    r"^(?:giam doc|pho giam doc|chu tich|pho chu tich|thu truong|bo truong|nguoi dung dau|lanh dao|truong|"
    r"cac dong chi|dong chi|d/c)\s+"
)


@functools.lru_cache(maxsize=20_000)
def unit_key(name: str) -> str:
    key = fold(name)
    key = _KEY_DROP.sub(" ", " ".join(key.split()))
    key = re.sub(r"^(?:tat ca|toan the|he thong)\s+", "", key)
    key = _TITLE_KEY.sub("", key)
    key = re.sub(r"^cac\s+", "", key)
    for pattern, repl in _KEY_ABBREVIATION_RES:
        key = pattern.sub(repl, key)
    key = re.sub(r"\bva\b|&", " ", key)  # "VH, TT và DL" = "VH,TT,TT&DL"
    key = re.sub(r"[^a-z0-9]", "", key)
    # "Trung tâm … huyện", "Sở Y tế tỉnh": the issuer's own level after a name repeats it.
    return re.sub(r"(?<=.{6})(?:tinh|huyen|xa|tp|thixa)$", "", key)


# -------------------------------------------------------------------------------------------- the reading
_COLUMN_KINDS = (
    ("task", re.compile(r"^(?:tên\s+)?(?:nhiệm\s+vụ|nội\s+dung|công\s+việc|hoạt\s+động)", re.I)),
    ("lead", re.compile(r"(?:đơn\s+vị|cơ\s+quan)?\s*chủ\s+trì", re.I)),
    ("coordinate", re.compile(r"(?:đơn\s+vị|cơ\s+quan)?\s*phối\s+hợp", re.I)),
    ("perform", re.compile(r"(?:đơn\s+vị|cơ\s+quan)\s+(?:thực\s+hiện|được\s+giao)|^thực\s+hiện$", re.I)),
    ("due", re.compile(r"thời\s+(?:gian|hạn)|tiến\s+độ", re.I)),
)


def task_tables(paras: list[Para]) -> list[list[list[Para]]]:
    """Tables whose header names a task column and a body column ("Nhiệm vụ | Đơn vị chủ trì | Thời gian")."""
    tables: list[list[list[Para]]] = []
    rows: list[list[Para]] = []
    last_row = None
    for para in paras:
        if para.row is None:
            if rows:
                tables.append(rows)
            rows, last_row = [], None
            continue
        if para.row != last_row:
            rows.append([])
            last_row = para.row
        rows[-1].append(para)
    if rows:
        tables.append(rows)
    return [table for table in tables if _table_columns(table) is not None]


def _table_columns(table: list[list[Para]]) -> tuple[int, dict[int, str]] | None:
    for index, row in enumerate(table[:3]):
        columns: dict[int, str] = {}
        for col, cell in enumerate(row):
            text = " ".join(cell.text.split())
            if len(text) > 60:
                continue
            for kind, pattern in _COLUMN_KINDS:
                if pattern.search(text) and kind not in columns.values():
                    columns[col] = kind
                    break
        if "task" in columns.values() and any(
            k in columns.values() for k in ("lead", "perform", "coordinate")
        ):
            return index, columns
    return None


def extract(body_roots: list[Node], ctx: Context, tables: list[list[list[Para]]] | None = None) -> list[Duty]:
    reader = _Reader(ctx)
    for table in tables or []:
        reader.read_table(table)
    # A plan that has a section for the assignment of work ("TỔ CHỨC THỰC HIỆN", "PHÂN CÔNG NHIỆM VỤ")
    # assigns there; elsewhere its sentences describe (only an explicit "giao …" still assigns).
    kinds = {
        heading_kind(node.text)
        for node in iter_nodes(body_roots)
        if node.marker is not None and node.is_heading()
    }
    reader.plan = "organisation" in kinds and (ctx.doc_type in ("ke_hoach", "other") or "purpose" in kinds)
    reader.read_list(body_roots, scope=None)
    known = {unit_key(d.unit) for d in ctx.duties}
    for unit, role, para, start, stop in reader.deferred:
        key = unit_key(unit)
        bare = re.sub(
            r"^(?:Thủ\s+trưởng|Giám\s+đốc|Chủ\s+tịch|Lãnh\s+đạo|Người\s+đứng\s+đầu)\s+", "", unit, flags=re.I
        )
        if (
            key
            and key not in known
            and not _vague_name(bare)
            and not any(key in other or other in key for other in known if len(other) >= 6)
        ):
            known.add(key)
            ctx.add(unit, role, para, start, stop)
    return ctx.duties


@dataclass
class _Scope:
    """Bodies that own the items of a list, and whether the items may name their own."""

    units: list[tuple[str, str]]  # (name, role)
    origin: str  # heading | intro


class _Reader:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.g = ctx.grammar
        self.carry: list[tuple[str, str]] = []  # bodies the last paragraph gave work to
        self._token_cache: dict[int, Tokens] = {}
        self.plan = False
        self.describing = False
        self.deferred: list[tuple[str, str, Para, int, int]] = []

    # ------------------------------------------------------------------ lists and headings
    def read_list(self, nodes: list[Node], scope: _Scope | None) -> None:
        intro: _Scope | None = None
        for node in nodes:
            kind = section_kind(node)
            current = scope
            if intro is not None and node.marker is not None:
                # Items of an introduction's list belong to its bodies unless they name their own.
                current = intro
            elif node.marker is None and node.parent is None:
                intro = None
                if (
                    scope is None
                    and self.carry
                    and _CONTINUES.search(node.text)
                    and not _CLOSING.match(node.text)
                    and self._subject(node.para, 0) is None
                ):
                    # "Báo cáo xin gửi về Văn phòng Bộ trước ngày 05/12/2011": more of the request just made.
                    current = _Scope(self.carry, "carry")
            self.carry = []
            new_intro = self.read_node(node, current, kind)
            if new_intro is not None:
                intro = new_intro

    def _items_name_bodies(self, nodes: list[Node]) -> bool:
        for node in nodes:
            if node.marker is None:
                continue
            if self._heading_units(node) or self._subject(node.para, node.offset) is not None:
                return True
        return False

    def read_node(self, node: Node, scope: _Scope | None, kind: str | None) -> _Scope | None:
        """Reads one item and its children; returns a scope that the following items inherit, if any."""
        # A plan's content, time or budget parts describe the work: no body is given any by being the
        # subject of a sentence there (only an explicit "giao …", a heading or a labelled field assigns).
        top = None
        for candidate in (node, *node.ancestors()):
            if candidate.marker is not None and candidate.is_heading():
                top = candidate
        top_kind = section_kind(top) if top is not None else None
        describing = self.plan and top is not None and top_kind != "organisation" and kind != "organisation"
        describing = describing and scope is None
        saved, self.describing = self.describing, describing or (self.describing and scope is None)
        try:
            return self._read_node(node, scope, kind)
        finally:
            self.describing = saved

    def _read_node(self, node: Node, scope: _Scope | None, kind: str | None) -> _Scope | None:
        if kind in ("purpose", "scope", "award") or (
            node.marker is not None and node.is_heading() and heading_kind(node.text) in ("time", "budget", "report")
            and not self._heading_units(node)
        ):  # fmt: skip
            self._read_triggers_only(node, kind)
            return None
        if self._read_fields(node):
            return None
        heading = self._heading_units(node) if node.marker is not None or node.children else []
        if heading and self.describing and all(re.match(r"(?:các|những)\s", n, re.I) for n, _ in heading):
            heading = []  # "7. Các ngành, lĩnh vực khác" in a plan's description: a topic, not a body
        if heading:
            inline = self._inline_task(node)
            units = heading
            roles = self._roles_from_tasks(node, inline)
            scope_units = [(name, roles) for name, _ in units]
            if inline is not None:
                start, end = inline
                self._prose(node.para, start, end, _Scope(scope_units, "heading"), first_clause_owner=True)
            self.read_list(node.children, _Scope(scope_units, "heading"))
            if not node.children and inline is None:
                for name, role in scope_units:
                    self.ctx.add(name, role, node.para, len(node.para.text), len(node.para.text))
            return None
        if _COMPOSITION.search(node.text[-40:]):  # anchored at the end: only the tail can match
            return None
        titled = node.children and node.is_heading() and heading_kind(node.text) == "content"
        # "2. Nhiệm vụ cụ thể" over its items is a title, not work of its own.
        intro = self._prose(node.para, node.offset, len(node.para.text), None if titled else scope)
        if node.children:
            child_scope = intro or scope
            if intro is None and node.is_heading() and scope is None:
                child_scope = None
            self.read_list(node.children, child_scope)
            return None
        return intro

    def _heading_units(self, node: Node) -> list[tuple[str, str]]:
        """Bodies named by a heading ("1. Sở Tài chính", "1.1. Giao Công an Thành phố:", "4. Đề nghị X và Y")."""
        text = node.text
        if not text or not (node.is_heading() or ":" in text[:200]) or _is_caps(text):
            return []
        head = text
        colon = text.find(":")
        if (0 < colon < 200 and not node.is_heading()) or (0 < colon < len(text) - 1 and node.is_heading()):
            head = text[:colon]
        stripped = _HEADING_PREFIX.sub("", head.strip())
        if _FACTORED.match(stripped) and head is not text:
            return []  # "Các Bộ: Tài chính, Y tế …" names its bodies after the colon
        offset = len(head) - len(head.lstrip()) + (len(head.strip()) - len(stripped))
        t = Tokens(stripped)
        mentions = self.g.mentions(stripped, t)
        if not mentions or mentions[0].start > 0:
            return []
        # The heading must be (nearly) only names: "Sở Tài chính", "UBND các xã, thị trấn trên địa bàn huyện:".
        covered_to = _covered(stripped, mentions)
        rest = _HEADING_SUFFIX.sub("", stripped[covered_to:]).strip(" ,;:.")
        whole = clean_unit(_HEADING_SUFFIX.sub("", stripped))
        if rest and _is_name_tail(rest) and covered_to == mentions[0].end:
            # "UBND các xã, thị trấn trên địa bàn huyện", "Các đơn vị cấp nước sạch trên địa bàn thành phố".
            return [(whole, "perform")]
        if rest and not _is_name_tail(rest):
            single = len(mentions) == 1 or _covered(stripped, mentions[:1]) == covered_to
            grouped = mentions[0].kind == "group" and stripped[:1] in "Cc"
            untriggered = stripped == head.strip()
            if (
                single
                and len(stripped) <= 200
                and (node.is_heading() or head is not text)
                and (
                    not self._starts_predicate(rest)
                    or (_RESPONSIBLE.search(stripped) and untriggered)
                    or (grouped and node.children and not text.rstrip().endswith(":"))
                )
            ):
                # "Các tổ chức, cá nhân … khai thác nước dưới đất trên địa bàn có trách nhiệm": the whole heading.
                return [(whole, "perform")]
            return []
        del offset
        return [(clean_unit(name), "perform") for name in _split_names(stripped[:covered_to], mentions)]

    def _starts_predicate(self, rest: str) -> bool:
        return starts_with_verb(rest)

    def _inline_task(self, node: Node) -> tuple[int, int] | None:
        """ "1. Sở Nội vụ: Tham mưu…" — the text after the colon of a heading that carries its own task."""
        text = node.para.text
        colon = text.find(":", node.offset)
        if colon < 0 or colon >= len(text) - 2:
            return None
        return colon + 1, len(text)

    def _roles_from_tasks(self, node: Node, inline: tuple[int, int] | None) -> str:
        texts = []
        if inline is not None:
            texts.append(node.para.text[inline[0] : inline[1]])
        for child in node.children:
            texts.append(child.text)
        role = "perform"
        starts = [_COORDINATE_START.match(t) is not None for t in texts if t.strip()]
        if starts and all(starts):
            role = "coordinate"
        if any(_leads(t) for t in texts):
            role = "lead"
        if _leads(node.text):
            role = "lead"
        return role

    # ------------------------------------------------------------------ labelled fields
    def _read_fields(self, node: Node) -> bool:
        """A task with labelled fields: "a) Nhiệm vụ: …", "b) Cơ quan thực hiện: - Đơn vị chủ trì: X …"."""
        fields = _field_nodes(node)
        roles = [(label, f) for label, f in fields if _role_of_label(label)]
        if not roles:
            return False
        tasks: list[tuple[Para, int, int]] = []
        due = None
        content = [f for label, f in fields if re.match(r"nhiệm\s+vụ|nội\s+dung", label, re.I)]
        for label, f in fields:
            if re.match(r"thời\s+gian", label, re.I):
                due = _first_due("Thời gian hoàn thành: " + f.text[_after_label(f) - f.offset :])
        if content:
            for f in content:
                start = _after_label(f)
                if f.para.text[start:].strip():
                    tasks.append((f.para, start, len(f.para.text)))
                for sub in f.children:
                    for d in sub.walk():
                        tasks.append((d.para, d.offset, len(d.para.text)))
        else:
            if node.marker is not None:
                tasks.append((node.para, node.offset, len(node.para.text)))
            for child in node.children:
                if any(child is f for _, f in fields) or _FIELD.match(child.text):
                    continue
                for d in child.walk():
                    tasks.append((d.para, d.offset, len(d.para.text)))
        for label, f in roles:
            role = _role_of_label(label)
            names = []
            texts = [(f.para, _after_label(f))]
            for sub in f.children:
                for d in sub.walk():
                    sub_label = _FIELD.match(d.text)
                    if sub_label and _role_of_label(sub_label.group("label")):
                        continue
                    texts.append((d.para, d.offset))
            for para, start in texts:
                names.extend(self._names_in(para.text[start:]))
            for name in names:
                for para, start, end in tasks or [(f.para, len(f.para.text), len(f.para.text))]:
                    self.ctx.add(name, role, para, start, end, due)
        return True

    def read_table(self, table: list[list[Para]]) -> None:
        found = _table_columns(table)
        if found is None:
            return
        header, columns = found
        width = len(table[header])
        for row in table[header + 1 :]:
            if len(row) != width:
                continue
            cells = {kind: row[col] for col, kind in columns.items()}
            task = cells.get("task")
            if task is None or not task.text.strip() or task.text.strip().isdigit():
                continue
            due = timeline_first_due(cells["due"].text) if "due" in cells else None
            for role in ("lead", "perform", "coordinate"):
                if role in cells:
                    for name in self._names_in(cells[role].text):
                        self.ctx.add(name, role, task, 0, len(task.text), due)

    def _names_in(self, text: str) -> list[str]:
        """The bodies of a labelled field ("Đơn vị phối hợp: Sở Khoa học và Công nghệ, UBND xã, phường.")."""
        text = text.strip().rstrip(".;")
        if not text:
            return []
        out = []
        for part in re.split(r"\s*;\s*", text):
            part = part.strip()
            if not part or part.startswith("("):
                # A remark in brackets under a list of bodies explains their roles; it names nobody new.
                continue
            t = Tokens(part)
            mentions = self.g.mentions(part, t)
            covered = _covered(part, mentions) if mentions and mentions[0].start == 0 else 0
            if covered >= len(part.rstrip(" .")) - 2:
                out.extend(clean_unit(name) for name in _split_names(part, mentions))
            else:
                # Not only names ("Đồng chí Phó chủ tịch Thường trực, phụ trách lĩnh vực …"): one body, as written.
                out.append(clean_unit(part))
        return out[:8]

    # ------------------------------------------------------------------ prose
    def _read_triggers_only(self, node: Node, kind: str | None) -> None:
        if kind == "purpose":
            return
        for d in node.walk():
            self._prose(d.para, d.offset, len(d.para.text), None, triggers_only=True)

    def _subject(self, para: Para, offset: int) -> list[Mention] | None:
        text = para.text[offset:]
        lead = _CONNECTIVE.match(text)
        start = lead.end() if lead else 0
        t = Tokens(text[start : start + NAME_REACH])
        m = self.g.mention_at(t, 0) if len(t) else None
        if m is None:
            return None
        return [m]

    def _prose(
        self,
        para: Para,
        start: int,
        end: int,
        scope: _Scope | None,
        *,
        triggers_only: bool = False,
        first_clause_owner: bool = False,
    ) -> _Scope | None:
        """Reads the clauses of one paragraph; returns the bodies an introduction hands its list to."""
        text = para.text
        if _CONTACT.match(text[start:end].lstrip()):
            return None
        clauses = list(_clauses(text, start, end))
        blocked: list[tuple[int, int]] = []
        background: list[tuple[int, int]] = []
        closing_until = -1
        # Every escalation looked for below lies inside text[start:end]: without its core words there,
        # there is none anywhere in this paragraph.
        may_escalate = _ESCALATION_HINT.search(text, start, end) is not None
        for a, b in clauses:
            clause = text[a:b].lstrip(" ,;:-–")
            escalation = _escalation(text[a:b]) if may_escalate else None
            if a < closing_until:
                blocked.append((a, b))
            elif _CLAUSE_SKIP.match(clause) or (escalation is not None and escalation.start() < 3):
                blocked.append((a, b))
                if _CLOSING.match(clause) or escalation is not None:
                    # A closing sentence runs to its full stop, whatever its ";" split off.
                    full_stop = re.search(r"[.!?](?:/\.)?(?:\s|$)", text[b - 2 : end])
                    closing_until = (b - 2 + full_stop.end()) if full_stop else end
            elif _BACKGROUND.match(clause):
                background.append((a, b))
            elif self._vague_report(clause):
                # "Các cơ quan, đơn vị báo cáo kết quả … trước ngày 20/11": a deadline, not a task of the list's
                # owners either.
                blocked.append((a, b))
        anchors: list[tuple[int, int, list[tuple[str, str]], bool]] = []  # (at, task start, units, intro)
        consumed: list[tuple[int, int]] = []
        directed: set[int] = set()  # "… chỉ đạo các Đài … các nội dung sau:": where the list is handed on
        triggers = sorted(
            [*_TRIGGER.finditer(text, start, end), *_DIRECT.finditer(text, start, end)],
            key=lambda m: m.start(),
        )
        for trig in triggers:
            if any(a <= trig.start() < b for a, b in consumed):
                continue
            if self.describing and not re.match(r"(?:giao|phân\s+công)", trig.group(), re.I):
                # In a plan's description of the work, "khuyến khích các doanh nghiệp…" is policy, not a task.
                continue
            inside = next(((a, b) for a, b in blocked if a <= trig.start() < b), None)
            if inside is not None and (
                inside[0] < closing_until
                or _CLOSING.match(text[inside[0] : inside[1]].lstrip(" ,;:-–"))
                or not _MAIN_AFTER_BASIS.search(text[inside[0] : trig.start()])
            ):
                continue
            before = text[max(start, trig.start() - 60) : trig.start()]
            if _TRIGGER_NOT.search(before) or _RECAP.search(before[-40:]):
                continue
            if not re.match(r"giao|phân", trig.group(), re.I) and self._inside_task_of_subject(
                para, clauses, trig.start()
            ):
                # "Hội … chủ động …; khuyến khích các doanh nghiệp thành viên tham gia …": a body's own task.
                continue
            pos = trig.end()
            ptok = self._tokens(para)
            first = ptok.index_at(pos)
            mentions = self._mention_list(ptok, first) if first is not None else []
            if not mentions or any(_SELF.match(" ".join(m.name.split())) for m in mentions):
                # "đề nghị Thủ tướng Chính phủ xem xét…": a request upward, not work given.
                continue
            names_end = mentions[-1].end
            rest = text[names_end:end]
            head = _first_clause(rest).strip()
            intro = bool(_LIST_INTRO.match(head or ":")) or head.endswith(":")
            if trig.re is _DIRECT and (not intro or all(m.generic for m in mentions)):
                continue
            if scope is None and not intro and all(m.generic for m in mentions):
                # "đề nghị các cơ quan, đơn vị khẩn trương …": nobody in particular, no list of work.
                continue
            if scope is not None and all(m.generic for m in mentions) and not intro:
                # "đề nghị các địa phương ưu tiên …" inside a list owned by UBND các tỉnh: the same bodies.
                anchors.append((trig.start(), names_end, list(scope.units), False))
                consumed.append((trig.start(), names_end))
                continue
            anchors.append((trig.start(), names_end, self._units_with_roles(mentions, rest, intro), intro))
            consumed.append((trig.start(), names_end))
            if trig.re is _DIRECT:
                directed.add(trig.start())
        if not triggers_only and not self.describing:
            for a, b in clauses:
                if any(x <= a < y for x, y in blocked + background) or any(x <= a < y for x, y in consumed):
                    continue
                before = text[max(start, a - 3) : a].rstrip()
                if before.endswith(";") and not _CONNECTIVE.match(text[a:b].lstrip(" ,;:-–")):
                    # After ";" a name usually continues a list of objects ("hướng dẫn Sở A; các xã tổ chức…").
                    continue
                found = self._subject_anchor(para, a, b, end, scope)
                if found is not None:
                    anchors.append(found)
        anchors.sort(key=lambda item: item[0])
        if anchors and not any(intro for *_, intro in anchors):
            self.carry = [u for u in anchors[-1][2] if u[1] != "coordinate"]
        intro_scope: _Scope | None = None
        for i, (_at, task_start, units, intro) in enumerate(anchors):
            stop = anchors[i + 1][0] if i + 1 < len(anchors) else end
            if not text[task_start:stop].strip(" ,") and i + 1 < len(anchors):
                # "UBND các huyện giao cho Phòng Y làm đầu mối…": the delegation is the delegating body's task.
                stop = anchors[i + 2][0] if i + 2 < len(anchors) else end
            for a, _b in blocked:
                if task_start <= a < stop:
                    stop = a
                    break
            escalation = _escalation(text, task_start, stop) if may_escalate else None
            if escalation:
                stop = escalation.start()
            task = text[task_start:stop]
            generic = _GENERIC_TASK.match(_first_sentence(task)) is not None
            head = _first_clause(task).strip()
            list_intro = intro and (
                _LIST_INTRO.match(head or ":") is not None or _INTRO_END.search(head) is not None
            )
            hands_on = (
                i + 1 < len(anchors) and anchors[i + 1][0] in directed and anchors[i + 1][0] >= task_start
            )
            if hands_on:
                # "đề nghị UBND các huyện chỉ đạo các Đài … các nội dung sau:": the bodies that direct have
                # that as their task; the list goes to the directed ones.
                stop = len(_first_clause(text[task_start:end])) + task_start
                list_intro = False
            if intro and not hands_on:
                primary = [(u, r) for u, r in units if r != "coordinate"] or units
                intro_scope = _Scope(primary, "intro")
            for unit, role in units:
                if generic:
                    # "Yêu cầu các sở, ban, ngành; UBND các phường, xã … triển khai thực hiện tốt Kế hoạch này":
                    # a closing that only re-addresses; it gives work only to bodies not named before.
                    self.deferred.append((unit, role, para, task_start, stop))
                    continue
                if list_intro and intro_scope is not None and (unit, role) in intro_scope.units:
                    continue
                self.ctx.add(unit, role, para, task_start, stop)
        if anchors and scope is not None and not triggers_only and anchors[0][0] > start:
            lead_text = text[start : anchors[0][0]]
            if lead_text.strip(" .;:,") and not _GENERIC_TASK.match(_first_sentence(lead_text)):
                live = [
                    c for c in clauses if c[0] < anchors[0][0] and not any(x <= c[0] < y for x, y in blocked)
                ]
                if live:
                    for unit, role in scope.units:
                        self.ctx.add(unit, role, para, live[0][0], anchors[0][0])
        if not anchors and scope is not None and not triggers_only:
            # No body named here: the text is a task of the bodies that own this list.
            live = [c for c in clauses if not any(x <= c[0] < y for x, y in blocked)]
            if not live:
                return None
            first = live[0][0]
            stop = end
            for a, _b in blocked:
                if a > first:
                    stop = a
                    break
            escalation = _escalation(text, first, stop) if may_escalate else None
            if escalation:
                stop = escalation.start()
            task = text[first:stop]
            if _GENERIC_TASK.match(_first_sentence(task)) or not task.strip(" .;:"):
                return None
            for unit, role in scope.units:
                self.ctx.add(unit, role, para, first, stop)
            for unit, role in self._partners(task):
                self.ctx.add(unit, role, para, first, stop)
        return intro_scope

    def _factored_list(self, after: str) -> tuple[list[str], int] | None:
        t = Tokens(after)
        parts: list[list[int]] = []
        current: list[int] = []
        k = 0
        while k < len(t):
            if t.tok(k) == "," or t.low(k) == "và":
                if current:
                    parts.append(current)
                current = []
                k += 1
                continue
            starts = not current and not t.is_cap(k)
            if not t.is_word(k) or starts or (current and t.is_verb(k) and not t.is_cap(k)):
                break
            current.append(k)
            k += 1
        if current:
            parts.append(current)
        if len(parts) < 2 or len(parts[-1]) > 5:
            return None
        return [" ".join(t.tok(i) for i in part) for part in parts], t.spans[parts[-1][-1]][1]

    def _inside_task_of_subject(self, para: Para, clauses: list[tuple[int, int]], at: int) -> bool:
        """Whether `at` lies in a sentence whose subject is a body other than the issuer."""
        text = para.text
        sentence_start = 0
        for a, _b in clauses:
            if a > at:
                break
            if a == 0 or text[max(0, a - 2) : a].rstrip().endswith((".", ":")) or a == clauses[0][0]:
                sentence_start = a
        if sentence_start >= at:
            return False
        lead = text[sentence_start:at]
        if (
            _TRIGGER.search(lead)
            or _BACKGROUND.match(lead.lstrip(" ,;:-–"))
            or _CLAUSE_SKIP.match(lead.lstrip())
        ):
            return False
        skip = len(lead) - len(lead.lstrip(" ,;:-–"))
        ptok = self._tokens(para)
        first = ptok.index_at(sentence_start + skip)
        if first is None or ptok.spans[first][0] != sentence_start + skip:
            return False
        mentions = self._mention_list(ptok, first)
        if not mentions or mentions[-1].end >= at:
            return False
        names = [m.name for m in mentions]
        rest = text[mentions[-1].end : at]
        return not (any(_SELF.match(" ".join(n.split())) for n in names) or self._is_issuer(names)) and (
            self._predicate(rest) and not _ISSUER_SPEAKS.match(rest)
        )

    def _vague_report(self, clause: str) -> bool:
        lead = _CONNECTIVE.match(clause)
        clause = clause[lead.end() :] if lead else clause
        if not _VAGUE_REPORT_HINT.match(clause):
            return False
        t = Tokens(clause)
        mentions = self._mention_list(t) if len(t) else []
        if not mentions or not all(m.kind == "skip" or _vague(m) for m in mentions):
            return False
        return _REPORT_ONLY.match(t.text[mentions[-1].end :].lstrip()) is not None

    def _subject_anchor(self, para: Para, a: int, b: int, end: int, scope: _Scope | None = None):
        """A body at the start of a clause followed by its predicate: "Sở Y tế chủ trì, phối hợp …"."""
        text = para.text
        clause = text[a:b]
        lead = _CONNECTIVE.match(clause.lstrip(" ,;:-–"))
        skip = len(clause) - len(clause.lstrip(" ,;:-–")) + (lead.end() if lead else 0)
        ptok = self._tokens(para)
        first = ptok.index_at(a + skip)
        if first is None or ptok.spans[first][0] != a + skip:
            return None
        mentions = self._mention_list(ptok, first)
        if not mentions:
            return None
        names_end = mentions[-1].end
        rest = text[names_end:end]
        factored = _FACTORED.match(mentions[0].name) if len(mentions) == 1 else None
        if factored and rest.lstrip().startswith(":"):
            # "Các Bộ: Tài chính, Y tế, Tư pháp, Nội vụ khẩn trương …": one head noun for several bodies.
            offset = names_end + len(rest) - len(rest.lstrip()) + 1
            listed = self._factored_list(text[offset : offset + 240])
            if listed is not None:
                parts, used = listed
                mentions = [Mention(0, 0, "org", f"{factored.group(1)} {part}") for part in parts]
                names_end = offset + used
                rest = text[names_end:end]
        if _ISSUER_SPEAKS.match(rest):
            return None
        heading_is_group = scope is not None and all(
            re.match(r"(?:các|những|tất\s+cả)\s", name, re.I) for name, _ in scope.units
        )
        if (
            scope is not None
            and scope.origin == "heading"
            and not lead
            and not heading_is_group
            and not all(m.kind == "org" for m in mentions)
        ):
            # Under "1. Ban Thường trực …" a clause that starts with a name speaks of the heading's own work
            # ("- Đồng chí Chủ tịch … chỉ đạo chung", "- Các ngân hàng thương mại tham gia phối hợp …").
            return None
        if _REPORT_ONLY.match(rest.lstrip()):
            # "Các cơ quan, đơn vị báo cáo kết quả … trước ngày 25/6": when reports are due; it gives work only
            # to the bodies it names in particular.
            mentions = [m for m in mentions if not _vague(m)]
            if not mentions:
                return None
        if not self._predicate(rest):
            # "Tất cả các cơ quan, các thôn, các cơ sở di tích lịch sử văn hóa, các hộ gia đình thực hiện…":
            # a long subject runs on to its verb.
            verb = self._verb_after(rest)
            if verb is None:
                return None
            extended = text[a + skip : names_end + verb]
            mentions = [Mention(0, len(extended), "group", extended.strip())]
            names_end += verb
            rest = text[names_end:end]
        names = [m.name for m in mentions]
        if any(_SELF.match(" ".join(n.split())) for n in names) or self._is_issuer(names):
            return None
        if _ISSUER_SPEAKS.match(rest) or _QUOTA.match(rest) or _ENACTING.match(rest):
            return None
        head = _first_clause(rest).strip()
        intro = head.endswith(":")
        return (a + skip, names_end, self._units_with_roles(mentions, rest, intro), intro)

    def _dedupe_anchors(self, anchors):
        out = []
        seen = set()
        for start, units, intro in anchors:
            if start in seen:
                continue
            seen.add(start)
            out.append((start, units, intro))
        return out

    def _tokens(self, para: Para) -> Tokens:
        cached = self._token_cache.get(id(para))
        if cached is None or cached.text is not para.text:
            cached = Tokens(para.text)
            self._token_cache[id(para)] = cached
        return cached

    def _mention_list(self, t: Tokens, i: int = 0) -> list[Mention]:
        """Bodies listed from token i on: "Sở A, Sở B và UBND các xã", "Giám đốc: Sở A, Sở B"."""
        out: list[Mention] = []
        # "Giao Giám đốc: Sở A, Sở B…": a title factored out before a colon.
        n = self.g.title_len(t, i)
        if n and t.tok(i + n) == ":":
            i = i + n + 1
        while i < len(t):
            m = self.g.mention_at(t, i)
            if m is None:
                break
            out.append(m)
            j = t.index_at(m.end)
            if j is None:
                break
            if t.tok(j) in (",", ";") or t.low(j) in ("và", "cùng"):
                k = j + 1
                if t.tok(j) == "," and t.low(k) in ("và", "cùng"):
                    k += 1
                if self.g.mention_at(t, k) is not None:
                    i = k
                    continue
            break
        if len(out) > 1 and not all(m.generic for m in out):
            # "…, UBND các xã, phường, các cơ quan, đơn vị có liên quan": the vague tail adds nobody.
            last = out[-1]
            out = [m for m in out if not m.generic]
            if out and out[-1] is not last:
                out.append(Mention(last.start, last.end, "skip", "", True))
        return out

    def _verb_after(self, rest: str) -> int | None:
        """Where the predicate starts in what follows a subject's first names, if only names come before."""
        t = Tokens(rest[:220])
        for i in range(len(t)):
            tok = t.tok(i)
            if (
                tok in (".", ";", ":", "(")
                or (tok.isdigit() and i > 0)
                or t.low(i) in ("ở", "tại", "về", "cho", "với", "định", "hằng", "hàng")
            ):
                return None
            if (
                i > 0
                and t.is_verb(i)
                and t.low(i) not in ("có", "theo", "được", "đã", "thông", "quản", "bảo")
            ):
                return t.spans[i][0]
            if i > 28:
                return None
        return None

    def _predicate(self, rest: str) -> bool:
        rest = rest.lstrip()
        if not rest:
            return False
        if rest[0] in ":":
            return True
        return bool(starts_with_verb(rest) or _PREDICATE_WORDS.match(rest))

    def _is_issuer(self, names: list[str]) -> bool:
        if not self.ctx.issuer_key:
            return False
        return any(unit_key(n) == self.ctx.issuer_key for n in names)

    def _partners(self, rest: str) -> list[tuple[str, str]]:
        """Partners of "phối hợp với …" where a clause states roles: bodies in particular coordinate."""
        partners: list[tuple[str, str]] = []
        partner = _PARTNER_START.match(rest)
        if partner is not None:
            t = Tokens(rest[partner.end() : partner.end() + 400])
            for m in self._mention_list(t):
                if m.generic or m.kind == "skip" or _SELF.match(" ".join(m.name.split())):
                    continue
                if self.plan and re.match(r"(?:các|những|tất\s+cả)\s", m.name, re.I):
                    # In a plan's list of duties "phối hợp với các sở, ngành" names no one to give work to.
                    continue
                partners.append((clean_unit(m.name), "coordinate"))
        return partners

    def _units_with_roles(self, mentions: list[Mention], rest: str, intro: bool) -> list[tuple[str, str]]:
        partners = self._partners(rest)
        role = "perform"
        if _COORDINATE_START.match(rest):
            # An introduction's bodies own its list even when they work with partners on it.
            role = ("lead" if partners else "perform") if intro else "coordinate"
        elif partners and intro:
            role = "lead"
        if _leads_at_start(rest.lstrip(" ,")) or _leads(_first_clause(rest)):
            role = "lead"
        return [(clean_unit(m.name), role) for m in mentions if m.kind != "skip"] + partners


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


_CLAUSE_END = re.compile(r"[;.]\s")
_SENTENCE_END = re.compile(r"\.\s+(?=[A-ZĐÀ-Ỹ])|;\s")


def _first_clause(text: str) -> str:
    end = _CLAUSE_END.search(text)
    return text[: end.start()] if end else text


def _first_sentence(text: str) -> str:
    end = _SENTENCE_END.search(text)
    return text[: end.start()] if end else text


def _covered(text: str, mentions: list[Mention]) -> int:
    """How far a list of names reaches from the start of `text` (separators between names included)."""
    end = 0
    for m in mentions:
        between = text[end : m.start]
        if end and not re.fullmatch(r"\s*(?:[,;]|và|,\s*và|cùng)\s*", between):
            break
        if not end and m.start > 0:
            break
        end = m.end
    return end


def _split_names(text: str, mentions: list[Mention]) -> list[str]:
    names = []
    end = 0
    for m in mentions:
        between = text[end : m.start]
        if end and not re.fullmatch(r"\s*(?:[,;]|và|,\s*và|cùng)\s*", between):
            break
        names.append(m.name)
        end = m.end
    return names


_NAME_TAIL = re.compile(
    r"^(?:(?:trên\s+địa\s+bàn|trong|thuộc|của|cấp|các)\s+[\w\s,]{0,40}|liên\s+quan|có\s+liên\s+quan|\(.*\))$",
    re.I,
)


def _is_name_tail(rest: str) -> bool:
    return bool(_NAME_TAIL.match(rest.strip()))


# A stop, not after "TP", "Đ.c" or an initial. The punctuation comes first and the lookbehinds check it
# again, so the regex engine scans for the punctuation instead of trying every position.
_CLAUSE_BREAK = re.compile(r"[.;:!?](?<!\bTP[.;:!?])(?<!\bĐ\.c[.;:!?])(?<![A-ZĐ][.;:!?])(?:/\.)?\s+(?=\S)")


def _clauses(text: str, start: int, end: int):
    """Clause boundaries of text[start:end]: sentences, and parts after ";" or ":"."""
    pos = start
    for match in _CLAUSE_BREAK.finditer(text[start:end]):
        cut = start + match.end()
        yield pos, cut
        pos = cut
    if pos < end:
        yield pos, end


def _field_nodes(node: Node) -> list[tuple[str, Node]]:
    out = []
    for child in node.children:
        m = _FIELD.match(child.text)
        if m:
            out.append((m.group("label"), child))
            for sub in child.children:
                m2 = _FIELD.match(sub.text)
                if m2:
                    out.append((m2.group("label"), sub))
    return out


def _role_of_label(label: str) -> str | None:
    low = " ".join(label.lower().split())
    if low.endswith("chủ trì, phối hợp"):
        return None
    if "chủ trì" in low:
        return "lead"
    if "phối hợp" in low:
        return "coordinate"
    if "thực hiện" in low and ("đơn vị" in low or "cơ quan" in low):
        return "perform"
    return None


def _after_label(node: Node) -> int:
    m = _FIELD.match(node.text)
    return node.offset + (m.end() if m else 0)


def _first_due(text: str) -> str | None:
    from . import timeline

    return timeline.first_due(text)


def timeline_first_due(text: str) -> str | None:
    """A due date stated in a table cell: "Trước ngày 30/6/2024", "30/6/2024", "Quý II/2024" (none)."""
    from . import timeline

    due = timeline.first_due(text)
    if due:
        return due
    match = timeline.DATE.search(text)
    if match and text[: match.start()].strip(" :").lower() in ("", "ngày", "hạn", "trước", "trước ngày"):
        parts = timeline._parts(match, "0")
        if parts and parts[2]:
            return timeline._iso(parts[0], parts[1], parts[2])
    return None
