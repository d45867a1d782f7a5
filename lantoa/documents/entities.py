"""Stage 4 of the reader: names of government bodies, wherever they stand in a sentence.

A name is read with a small grammar rather than a list of known strings, because real directives name
bodies we have never seen ("Ban Chỉ đạo 389 quốc gia", "Kho bạc nhà nước khu vực XI"):

    name    = [title] (org | group) [qualifier]*
    title   = "Bộ trưởng" | "Giám đốc" | "Chủ tịch" | "Thủ trưởng" | "Người đứng đầu" | "Đồng chí" …
    org     = head-noun words* [owner] [level place]
    group   = ["tất cả" | "hệ thống"] "các" plural-noun ("," plural-noun)* [qualifier]*

Head nouns (Sở, Phòng, Ban, UBND, Công an…) open a name; capitalised words, the lowercase syllables of
known field names ("nông nghiệp", "du lịch"), "và" and "-" inside a name, an owner after the name
("Văn phòng UBND tỉnh", "Ban Tuyên giáo Tỉnh ủy"), and an administrative level with its place name
continue it. A capitalised verb after a complete name ends it ("Công an tỉnh / Chỉ đạo …" where a
heading and its text were run together). Place names come from a gazetteer of every province, district
and commune of both eras, so "UBND phường Phú Bài" stops where the place ends.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# How far a name can reach: the longest names of bodies are well under this many characters.
NAME_REACH = 320
# A word (with "&", "'" or a dot after a letter inside: "VH&TT", "TP.HCM"), else any one other character.
# (The dot is matched before its lookbehind is checked: most words are followed by a space, not a dot.)
TOKEN = re.compile(r"[^\W_]+(?:(?:[&'’]|\.(?<=[^\W\d_]\.))[^\W_]+)*|\S")


def _index(phrases) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(phrase.split())
        out.setdefault(words[0], []).append(words)
    for value in out.values():
        value.sort(key=len, reverse=True)
    return out


# Head nouns that need a capitalised (or abbreviated) name after them: "Phòng Văn hóa", not "phòng, chống".
_STRICT_HEADS = _index(
    """sở|phòng|ban|trung tâm|đài|bộ|cục|chi cục|tổng cục|vụ|viện|học viện|hội|đoàn|mặt trận|trường|
    bệnh viện|ngân hàng|chi nhánh|báo|trạm|hạt|ủy ban|uỷ ban|công ty|tổng công ty|tập đoàn|kho bạc|quỹ|
    liên đoàn|liên minh|văn phòng|thanh tra|đảng ủy|đảng uỷ|bảo hiểm|đội|tổ|cổng|trang|tòa án|toà án|
    viện kiểm sát|hải quan|kiểm toán|nhà xuất bản|tạp chí|cơ quan|ủy ban mặt trận|uỷ ban mặt trận|
    bảo tàng|thư viện|nhà văn hóa|đại học|hội đồng|bộ đội|chi bộ|huyện đoàn|công chức""".replace(
        "\n", ""
    ).split("|")
)
# Head nouns that stand alone or take only a level and a place ("UBND huyện", "Công an tỉnh").
_LOOSE_HEADS = _index(
    """ủy ban nhân dân|uỷ ban nhân dân|ubnd|hđnd|hội đồng nhân dân|công an|bưu điện|điện lực|huyện đoàn|
    tỉnh đoàn|thành đoàn|huyện ủy|tỉnh ủy|thành ủy|thị ủy|huyện uỷ|tỉnh uỷ|thành uỷ|thị uỷ|ubmttq|mttq|
    ubmttqvn|ub mttq|bộ chỉ huy quân sự|ban chỉ huy quân sự|chính phủ|thủ tướng chính phủ|quốc hội|
    thông tấn xã việt nam|thông tấn xã|đài truyền hình việt nam|đài tiếng nói việt nam|viettel|vnpt|
    mobifone|báo và phát thanh , truyền hình|báo và phát thanh - truyền hình|trang thông tin điện tử|
    cổng thông tin điện tử|trang ttđt|cổng ttđt|cơ quan thường trực|tổ công tác|đài truyền thanh|
    đài phát thanh|đài phát thanh và truyền hình|trung tâm y tế|trạm y tế|bảo hiểm xã hội|kho bạc nhà nước|
    chi cục thuế|thuế|văn phòng ubnd|văn phòng hđnd và ubnd|văn phòng ủy ban nhân dân|
    văn phòng uỷ ban nhân dân|ban chỉ đạo|ban thường trực|ban thường vụ|ban công tác mặt trận|
    thường trực|ủy ban kiểm tra|hệ thống truyền thanh|bộ chính trị|ban bí thư|ngân hàng nhà nước|
    kiểm toán nhà nước|chi cục hải quan|ngân hàng chính sách xã hội|tòa án nhân dân|toà án nhân dân|
    viện kiểm sát nhân dân|liên minh hợp tác xã|cục hải quan|thanh tra|ban quản lý|ban điều hành""".replace(
        "\n", ""
    ).split("|")
)
# Titles of the person heading a body: "Giám đốc Sở Tài chính", "Chủ tịch UBND các xã" name the body.
_TITLES = _index(
    """bộ trưởng|thứ trưởng|thủ trưởng|người đứng đầu|giám đốc|phó giám đốc|chủ tịch|phó chủ tịch|
    chánh văn phòng|phó chánh văn phòng|trưởng ban|phó trưởng ban|trưởng phòng|phó trưởng phòng|
    hiệu trưởng|lãnh đạo|tư lệnh|chỉ huy trưởng|bí thư|phó bí thư|cục trưởng|tổng giám đốc|viện trưởng|
    chánh án|chủ nhiệm|đồng chí|các đồng chí|đ/c|các đ/c|đ.c|cán bộ|chuyên viên|trưởng|thủ trưởng các|
    tổng cục trưởng|vụ trưởng|chi cục trưởng|trưởng công an|trưởng đài|phó trưởng|
    trưởng ban thường trực|phó trưởng ban thường trực|phó chủ tịch thường trực|phó chủ tịch thường trực,""".replace(
        "\n", ""
    ).split("|")
)
_HONORIFIC = _index(
    ["quý sở", "quý bộ", "quý cơ quan", "quý đơn vị", "quý ủy ban", "quý uỷ ban", "quý ban", "quý địa phương"]
)
# Nouns of a plural group: "các sở, ban, ngành", "các cơ quan, đơn vị liên quan".
_PLURAL = _index(
    """cơ quan|đơn vị|sở|ban|ngành|phòng|đoàn thể|tổ chức|hội|trường|địa phương|xã|huyện|phường|thị trấn|
    thị xã|tỉnh|thành phố|doanh nghiệp|phòng ban|ban ngành|trung tâm|bộ|tổ|thôn|bản|khu phố|tổ dân phố|
    trường học|bệnh viện|trạm y tế|đài|báo|cơ quan báo chí|lực lượng|quân khu|đội|cơ sở|chủ rừng|
    hộ gia đình|cá nhân|xí nghiệp|hợp tác xã|ngân hàng|chi nhánh|cấp ủy|chi bộ|nhà trường|
    cơ quan thông tin|cơ quan báo|đơn vị sự nghiệp|hội đoàn thể|đặc khu|thành viên|ban chỉ đạo|hội viên|đoàn viên|
    cơ quan chuyên môn|phòng chuyên môn|tổ chức chính trị - xã hội|mặt trận|quận|cơ quan ngang bộ|
    cơ quan, đơn vị|ủy ban nhân dân|uỷ ban nhân dân|ubnd|đài truyền thanh|nhà xuất bản|tạp chí|
    cơ quan truyền thông|cơ quan tham mưu|thôn, bản|cá nhân|đảng viên|hộ|tập thể|ngân hàng thương mại|
    đồng chí|đ/c|chủ đầu tư|trường đại học|cơ sở đào tạo|tổ chức hội""".replace("\n", "").split("|")
)
# Levels of schools, which run as a list after "các trường": "mầm non, tiểu học, trung học cơ sở".
_SCHOOL_LEVELS = _index(
    """mầm non|mẫu giáo|tiểu học|trung học cơ sở|trung học phổ thông|thcs|thpt|th|phổ thông|liên cấp|
    phổ thông dân tộc nội trú|phổ thông dân tộc bán trú|dân tộc nội trú|dân tộc bán trú""".replace(
        "\n", ""
    ).split("|")
)
_GROUP_OPENERS = _index(["tất cả các", "toàn thể các", "hệ thống các", "toàn bộ các", "các", "những", "mọi"])
_QUALIFIERS = _index(
    """có liên quan|liên quan|chuyên môn|cấp tỉnh|cấp huyện|cấp xã|cấp thành phố|trực thuộc|
    chính trị - xã hội|chính trị xã hội|đoàn thể|tuyến tỉnh|tuyến huyện|tuyến xã|các cấp|chức năng|
    báo chí|thông tin|truyền thông|trung ương|địa phương|quân đội|nhà nước|cơ sở|ngang bộ|thuộc chính phủ|
    thông tin đại chúng|sự nghiệp|công lập|trên địa bàn|trong tỉnh|trong huyện|trong xã|toàn tỉnh|
    trong thành phố|đóng trên địa bàn|của tỉnh|của huyện|của thành phố|thuộc tỉnh|thuộc huyện|
    thuộc thành phố|thuộc sở|thuộc bộ|thuộc ubnd|chuyên trách|thường trực|quản lý nhà nước""".replace(
        "\n", ""
    ).split("|")
)
_ADMIN_ONE = frozenset({"tỉnh", "huyện", "xã", "phường", "quận", "tp", "thôn", "bản", "ấp"})
_ADMIN_TWO = frozenset({("thị", "trấn"), ("thành", "phố"), ("thị", "xã"), ("đặc", "khu"), ("quân", "khu")})
_ADMIN_STARTS = _ADMIN_ONE | {first for first, _ in _ADMIN_TWO}
# The words a level and place can start with ("tỉnh …", "cấp xã", "trung ương"): see level_place().
_PLACE_STARTS = _ADMIN_STARTS | {"cấp", "trung"}
_OWNERS = _index(
    """ủy ban nhân dân|uỷ ban nhân dân|ubnd|hđnd|hội đồng nhân dân|tỉnh ủy|huyện ủy|thành ủy|thị ủy|
    đảng ủy|tỉnh uỷ|huyện uỷ|thành uỷ|thị uỷ|đảng uỷ|mttq|ubmttq|ub mttq|mặt trận|bộ|sở|chính phủ|
    quốc hội|trung ương|đoàn đại biểu quốc hội|đoàn đbqh""".replace("\n", "").split("|")
)
# Lowercase word pairs that occur inside names ("Sở Nông nghiệp và phát triển nông thôn").
_NAME_BIGRAMS = frozenset(
    tuple(pair.split())
    for pair in """phòng cháy|chữa cháy|cứu nạn|cứu hộ|nông thôn|phát triển|dự án|quỹ đất|số quốc|quốc gia|
    lao động|thương binh|nội vụ|tư pháp|tài chính|tài nguyên|nông nghiệp|xây dựng|công thương|tuyên giáo|
    dân vận|thanh niên|phụ nữ|nông dân|cựu chiến|chiến binh|quân sự|xã hội|đào tạo|đầu tư|truyền thông|
    đô thị|thương mại|du lịch|thông tin|an toàn|giao thông|vận tải|môi trường|dân tộc|tôn giáo|kinh tế|
    hạ tầng|quốc phòng|an ninh|thể thao|văn hóa|văn hoá|truyền thanh|phát thanh|truyền hình|công nghệ|
    khoa học|gia đình|trật tự|y tế|chuyển đổi|đổi số|chỉ đạo|chuyên môn|vệ sinh|thực phẩm|bệnh tật|
    kiểm soát|khu vực|cảnh sát|dân số|di sản|bảo tàng|thư viện|nhân dân|hành chính|chính công|trung ương|
    điện tử|thông tấn|nhà nước|chi nhánh|thường trực|quản lý|cộng đồng|bảo vệ|bí mật|thi đua|khen thưởng|
    kiểm tra|biên phòng|cơ yếu|ngoại vụ|ngoại giao|giáo dục|hợp tác|tiếng nói|cấp nước|bưu chính|
    viễn thông|chế xuất|công nghiệp|xây dựng đảng|mặt trận|tổ quốc|việt nam|đặc dụng|phòng hộ|
    lâm nghiệp|dân cư|chính trị|quốc tế|hải quan|kiểm lâm|thủy lợi|thuỷ lợi|thú y|bảo vệ thực|cộng sản|liên hiệp""".replace(
        "\n", ""
    ).split("|")
)
# Verbs that start a predicate after a complete name: "Công an tỉnh / Chỉ đạo…", "Sở Xây dựng / Theo dõi…".
_VERBS = frozenset(
    re.split(
        r"\s*\|\s*",
        """chủ trì|phối hợp|thực hiện|tổ chức|triển khai|tham mưu|theo dõi|chỉ đạo|hướng dẫn|kiểm tra|rà soát|
    tuyên truyền|tăng cường|đẩy mạnh|khẩn trương|xây dựng|ban hành|có trách nhiệm|chịu trách nhiệm|
    căn cứ|trên cơ sở|tiếp tục|chủ động|đôn đốc|báo cáo|tổng hợp|cung cấp|bảo đảm|đảm bảo|nghiên cứu|
    phổ biến|quán triệt|đăng tải|phát động|vận động|lồng ghép|phát hiện|xử lý|quản lý|bố trí|cân đối|
    đề xuất|thẩm định|tập trung|hoàn thành|hoàn thiện|giải quyết|thường xuyên|làm đầu mối|là cơ quan|
    nâng cao|duy trì|định hướng|biên tập|sản xuất|ứng dụng|phát huy|mở|treo|đăng|cập nhật|gửi|nộp|
    lập|cử|bổ sung|sửa đổi|tiếp nhận|phân bổ|tạo điều kiện|huy động|trình|tập huấn|bồi dưỡng|đánh giá|
    giám sát|kịp thời|nghiêm túc|thống nhất|lãnh đạo|phải|cần|được|đã|sẽ|đang|tích cực|quan tâm|
    tiếp thu|hỗ trợ|tuyên dương|biểu dương|khuyến khích|thành lập|kiện toàn|chia sẻ|số hóa|
    hạn chế|thu gom|vận hành|tăng|giảm|thực thi|rút kinh nghiệm|chấp hành|liên hệ|sơ kết|tổng kết|
    dành|bám sát|nắm|nắm bắt|theo|có|quyết định|thành lập|giúp|làm|chuẩn bị|tham gia|đăng ký|ưu tiên|
    giới thiệu|ký kết|ngăn chặn|khắc phục|phấn đấu|đầu tư|xem xét|phê duyệt|lựa chọn|tuyển chọn|phản ánh|
    thông báo|công khai|kiểm soát|điều tra|đẩy nhanh|nhân rộng|biên soạn|phát hành|dán|trang trí|
    chỉnh trang|ra quân|rà soát|tuyên truyền|bảo vệ|phòng chống|phòng ngừa|tiến hành|thi đua|đóng góp|
    ban hành|kết nối|tích hợp|triển khai|sử dụng|khai thác|học tập|nghiêm cấm|không|chưa|luôn|tiếp nhận|
    tiên phong|dẫn dắt|đón|mở rộng|cung ứng|nâng cấp|vận dụng|thúc đẩy|hưởng ứng|góp phần""".strip(),
    )
)
_VERB_INDEX = _index(_VERBS)
_VERB_START = re.compile(
    r"(?:"
    + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(_VERBS, key=len, reverse=True))
    + r")(?![\w])",
    re.I,
)


def starts_with_verb(text: str) -> bool:
    """Whether a predicate starts here ("chủ trì, phối hợp …", "Tăng cường …")."""
    return _VERB_START.match(text.lstrip()) is not None


_OFFICE_HEADS = frozenset({"văn phòng", "cơ quan thường trực", "thường trực", "ban thường trực"})
_ROMAN = re.compile(r"[IVX]{1,5}")
_ABBREVIATION = re.compile(r"^[A-ZĐ][A-ZĐ0-9&.,]*[A-ZĐ0-9]$|^[A-ZĐ]{2,}$")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


@functools.lru_cache(maxsize=1)
def places() -> dict[str, int]:
    """Folded place names (provinces, districts, communes of both eras) → how many words they have."""
    path = Path(__file__).with_name("data") / "places.txt"
    out: dict[str, int] = {}
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            name = line.strip()
            if name:
                out[fold(name)] = len(name.split())
    except OSError:  # pragma: no cover - a broken install still reads, with fewer place names
        pass
    return out


@dataclass
class Mention:
    start: int  # character offsets in the paragraph text
    end: int
    kind: str  # org | group | person | honorific
    name: str
    generic: bool = False  # "các cơ quan, đơn vị liên quan": nobody in particular


class Tokens:
    """The tokens of one paragraph, with their character offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(TOKEN.finditer(text))
        self.spans = [m.span() for m in matches]
        self.toks = [m.group() for m in matches]
        lowered = text.lower()
        if len(lowered) == len(text):
            self.lows = [lowered[a:b] for a, b in self.spans]
        else:  # pragma: no cover - a letter whose lower case is longer ("İ")
            self.lows = [t.lower() for t in self.toks]
        self._starts: list[int] | None = None

    def __len__(self) -> int:
        return len(self.toks)

    def low(self, i: int) -> str:
        return self.lows[i] if 0 <= i < len(self.lows) else ""

    def tok(self, i: int) -> str:
        return self.toks[i] if 0 <= i < len(self.toks) else ""

    def index_at(self, char: int) -> int | None:
        """The token that starts at (or first after) a character offset."""
        if self._starts is None:
            self._starts = [a for a, _ in self.spans]
        i = bisect_left(self._starts, char)
        return i if i < len(self._starts) else None

    # The grammar asks these of every token it walks over: they index the lists directly (a token is
    # never empty) rather than going through tok().
    def is_cap(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i][0].isupper()

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i][0].isalnum()

    def match(self, index: dict[str, list[tuple[str, ...]]], i: int) -> int:
        if i < 0 or i >= len(self.lows):
            return 0
        candidates = index.get(self.lows[i])
        if not candidates:
            return 0
        lows = self.lows
        n = len(lows)
        for words in candidates:
            size = len(words)
            if i + size <= n and (size == 1 or tuple(lows[i : i + size]) == words):
                return size
        return 0

    def admin_len(self, i: int) -> int:
        lows = self.lows
        n = len(lows)
        if not 0 <= i < n:
            return 0
        low = lows[i]
        if low not in _ADMIN_STARTS:
            return 0  # asked of nearly every token: most are no level at all
        nxt = lows[i + 1] if i + 1 < n else ""
        if nxt in ("ủy", "uỷ", "đoàn", "hội", "viên") or (low == "xã" and nxt == "hội"):
            return 0
        if (low, nxt) in _ADMIN_TWO:
            return 2
        if low == "tp" and i + 1 < n and self.toks[i + 1] == ".":
            return 2
        if low in _ADMIN_ONE:
            return 1
        return 0

    def is_verb(self, i: int) -> bool:
        return bool(self.match(_VERB_INDEX, i))

    def char_span(self, a: int, b: int) -> tuple[int, int]:
        return self.spans[a][0], self.spans[b - 1][1]


def _plural(t: Tokens, k: int) -> int:
    """A plural group noun at k ("báo" of "các báo, đài"), but not the verb "báo cáo"."""
    if t.low(k) == "báo" and t.low(k + 1) == "cáo":
        return 0
    return t.match(_PLURAL, k)


class Grammar:
    """Finds names of bodies in a paragraph."""

    def __init__(self, gazetteer: Iterable[str] = ()) -> None:
        """`gazetteer`: names of bodies the caller knows (the issuer's unit tree), found as written even where
        the grammar would stop early ("Nhà văn hóa thôn Đông", "Tổ Công nghệ số cộng đồng xã Hoằng Xuân")."""
        self.places = places()
        self.known: dict[str, list[tuple[str, ...]]] = {}
        for name in gazetteer:
            words = tuple(fold(w) for w in TOKEN.findall(name))
            if len(words) >= 2:
                self.known.setdefault(words[0], []).append(words)
        for value in self.known.values():
            value.sort(key=len, reverse=True)

    def known_len(self, t: Tokens, i: int) -> int:
        """Tokens of a known name starting at i, or 0."""
        candidates = self.known.get(fold(t.tok(i)))
        if not candidates:
            return 0
        for words in candidates:
            if all(fold(t.tok(i + k)) == w for k, w in enumerate(words)):
                return len(words)
        return 0

    # ------------------------------------------------------------------ pieces
    def place_len(self, t: Tokens, i: int) -> int:
        """Tokens of a place name starting at i ("Thanh Hóa", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh")."""
        best = 0
        words: list[str] = []
        k = i
        while k < len(t) and k < i + 7:
            tok = t.tok(k)
            if tok in ("-", "–") and words:
                words.append("-")
                k += 1
                continue
            if not (t.is_cap(k) or tok.isdigit()):
                break
            words.append(tok)
            folded = fold(" ".join(w for w in words if w != "-"))
            if folded in self.places:
                best = k + 1 - i
            k += 1
        if best:
            return best
        # An unknown place: capitalised words that are not a verb or a head noun.
        k = i
        while k < len(t) and k < i + 3 and t.is_cap(k) and not t.is_verb(k) and not self.head(t, k):
            if _ABBREVIATION.match(t.tok(k)) and k > i:
                break
            k += 1
        return k - i

    def level_place(self, t: Tokens, i: int) -> int:
        """ "tỉnh Thanh Hóa", "huyện", "các xã, thị trấn", "cấp xã", "Thành phố": tokens used, or 0."""
        n = t.admin_len(i)
        if not n:
            if t.low(i) == "cấp" and t.admin_len(i + 1):
                return 1 + t.admin_len(i + 1)
            if t.low(i) == "trung" and t.low(i + 1) == "ương":
                return 2
            return 0
        k = i + n
        # "huyện, thị xã, thành phố": a list of levels; "các tỉnh/thành".
        while t.tok(k) in (",", "/") and (
            t.admin_len(k + 1) or (t.tok(k) == "/" and t.low(k + 1) == "thành")
        ):
            k += 1 + (t.admin_len(k + 1) or 1)
        if t.low(k) == "trực" and t.low(k + 1) == "thuộc":
            k += 2
            if t.low(k) == "trung" and t.low(k + 1) == "ương":
                k += 2
            elif t.low(k) == "tw":
                k += 1
            elif t.admin_len(k):
                k += t.admin_len(k)
            return k - i
        if t.low(i) in ("thôn", "bản", "ấp"):
            return 0
        return k - i + self.place_len(t, k)

    def head(self, t: Tokens, i: int) -> tuple[int, str] | None:
        """(token after the head noun, kind) when a name starts at i."""
        n = t.match(_LOOSE_HEADS, i)
        if n:
            return i + n, "loose"
        n = t.match(_STRICT_HEADS, i)
        if n and not (n == 1 and t.low(i) == "tổ" and t.low(i + 1) == "chức"):
            nxt = i + n
            if (t.is_cap(nxt) and t.is_word(nxt)) or _ABBREVIATION.match(t.tok(nxt)):
                return nxt, "strict"
            # "Sở, ban, ngành tỉnh", "Phòng VH&TT": abbreviations count as names.
            return None
        return None

    # ------------------------------------------------------------------ names
    def org_end(self, t: Tokens, i: int) -> int | None:
        found = self.head(t, i)
        if found is None:
            return None
        k, kind = found
        prev = "head" if kind == "strict" else "loose"
        n = len(t)
        placed = False
        if " ".join(t.lows[i:k]) == "ban quản lý":
            # "Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ", "Ban quản lý rừng phòng hộ": what it manages.
            while k < n and k < i + 14 and t.is_word(k) and not (t.is_verb(k) and not t.is_cap(k)):
                k += 1
            return k
        # "Văn phòng Ban Chỉ đạo …", "Cơ quan thường trực Ban Chỉ đạo …": the office of another body.
        if t.low(i) in ("văn", "cơ", "thường", "ban") and " ".join(t.lows[i:k]) in _OFFICE_HEADS:
            owner_end = self.org_end(t, k)
            if owner_end is not None and owner_end > k:
                return owner_end
        while k < n:
            tok, low = t.toks[k], t.lows[k]
            # The phrase indexes are keyed by their first word: a word that opens none skips the lookup.
            owner = t.match(_OWNERS, k) if low in _OWNERS else 0
            if (
                owner
                and (prev != "head" or owner > 1)
                and (t.is_cap(k) or low in ("ubnd", "hđnd"))
                and not placed
            ):
                k += owner
                prev = "cap"
                continue
            lp = self.level_place(t, k) if low in _PLACE_STARTS else 0
            if lp and not (placed and t.admin_len(k)):
                k += lp
                prev, placed = "place", True
                continue
            if low == "các" and t.low(k + 1) == "cấp" and prev != "head":
                k += 2
                prev, placed = "place", True
                continue
            q = t.match(_QUALIFIERS, k) if low in _QUALIFIERS else 0
            if (
                q
                and prev != "head"
                and low not in ("các", "thông", "truyền", "nhà", "cơ", "sự", "địa", "báo")
            ):
                k += q
                lp = self.level_place(t, k)
                k += lp
                prev, placed = "place", True
                continue
            if (
                low == "các"
                and (t.admin_len(k + 1) or _plural(t, k + 1))
                and prev in ("head", "loose", "cap", "low")
            ):
                # "Sở VHTTDL các tỉnh, thành phố", "Ban Công tác Mặt trận các thôn"
                m = t.admin_len(k + 1) or _plural(t, k + 1)
                lp = self.level_place(t, k + 1)
                k = k + 1 + max(m, lp)
                prev, placed = "place", True
                continue
            if low in ("thuộc", "trực") and prev != "head":
                j = k + (2 if low == "trực" and t.low(k + 1) == "thuộc" else 1)
                if low == "trực" and j == k + 1:
                    break
                sub = self.org_end(t, j)
                if sub is not None:
                    k, prev = sub, "place"
                    continue
                if t.low(j) in ("bộ", "sở", "ubnd", "tỉnh", "huyện", "xã", "thành") or t.admin_len(j):
                    k = j + (t.admin_len(j) or 1)
                    prev = "place"
                    continue
                break
            if (
                low == "và"
                and t.low(i) == "văn"
                and t.match(_OWNERS, k + 1)
                and t.low(k + 1) in ("hđnd", "ubnd", "ủy", "uỷ")
            ):
                # "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh": one office serving both.
                k += 1 + t.match(_OWNERS, k + 1)
                prev = "cap"
                continue
            if tok in (",", "-", "–", "&") or low == "và":
                nxt = k + 1
                if (
                    (self.head(t, nxt) is not None and not (tok in ("-", "–") and t.low(nxt) == "chi"))
                    or t.match(_TITLES, nxt)
                    or t.match(_GROUP_OPENERS, nxt)
                ):
                    break
                if t.is_cap(nxt) and t.match(_STRICT_HEADS, nxt) and tok == ",":
                    break
                if tok == "," and prev == "place":
                    break
                if (t.is_cap(nxt) and t.is_word(nxt)) or _ABBREVIATION.match(t.tok(nxt)):
                    k, prev = nxt + 1, "cap"
                    continue
                pair = (t.low(nxt), t.low(nxt + 1))
                if pair in _NAME_BIGRAMS and tok != ",":
                    k, prev = nxt + 2, "low"
                    continue
                break
            if not t.is_word(k):
                break
            if tok.isdigit() or _ROMAN.fullmatch(tok):
                # "Ban Chỉ đạo 389 quốc gia", "khu vực XI", "Ngân hàng Nhà nước chi nhánh khu vực 14".
                if prev in ("cap", "low", "head", "loose") and (
                    t.low(k - 1) in ("vực", "đạo", "gia") or prev == "cap"
                ):
                    k += 1
                    prev = "low"
                    continue
                break
            if t.is_cap(k) or _ABBREVIATION.match(tok):
                if placed:
                    break
                if prev not in ("head",) and t.is_verb(k) and t.tok(k - 1) not in (",", "-", "–", "&", "và"):
                    break
                if prev != "head" and self.head(t, k) is not None and t.match(_OWNERS, k) == 0:
                    break
                k += 1
                prev = "cap"
                continue
            if (
                low == "khu"
                and t.low(k + 1) == "vực"
                and (t.tok(k + 2).isdigit() or _ROMAN.fullmatch(t.tok(k + 2)))
            ):
                # "Kho bạc nhà nước khu vực XI", "Ngân hàng nhà nước khu vực 8".
                k += 3
                prev, placed = "place", True
                continue
            pair = (low, t.low(k + 1))
            if (
                pair in _NAME_BIGRAMS
                and not placed
                and prev in ("cap", "low", "head")
                and not (prev in ("low", "cap") and t.is_verb(k) and t.low(k - 1) not in ("và", ","))
            ):
                k += 2
                prev = "low"
                continue
            if prev == "cap" and (t.low(k - 1), low) in _NAME_BIGRAMS:
                k += 1
                prev = "low"
                continue
            break
        return k

    def group_end(self, t: Tokens, i: int) -> int | None:
        """ "các sở, ban, ngành tỉnh", "các cơ quan, đơn vị liên quan", "hệ thống các cơ quan báo chí"."""
        j = i
        opener = t.match(_GROUP_OPENERS, j)
        if not opener:
            return None
        j += opener
        n = _plural(t, j)
        if not n or (t.low(j) == "bộ" and t.low(j + 1) == "trưởng"):
            return None  # "các Bộ trưởng" are people, not ministries
        k = j + n
        school = False
        # "đơn vị Trường học, Trạm y tế": a kind named by another.
        while _plural(t, k) and t.low(k) not in ("các", "bộ", "sở"):
            k += _plural(t, k)
        if t.is_cap(k) and t.is_word(k) and t.match(_STRICT_HEADS, j):
            # "các Sở Thông tin và Truyền thông", "các Đài Phát thanh – Truyền hình cấp huyện": a kind of body
            # named in full.
            named = self.org_end(t, j)
            if named is not None and named > k:
                k = named
        while True:
            if t.tok(k) in (",", ";") or t.low(k) in ("và", "hoặc"):
                sep = k + 1
                if t.tok(k) != ";" and school and t.match(_SCHOOL_LEVELS, sep):
                    k = sep + t.match(_SCHOOL_LEVELS, sep)
                    continue
                if t.low(sep) == "các":
                    sep += 1
                m = _plural(t, sep)
                if m and self.head(t, sep) is None:
                    k = sep + m
                    while _plural(t, k) and t.low(k) not in ("các", "bộ", "sở"):
                        k += _plural(t, k)
                    continue
                if t.tok(k) == "," and t.low(sep) == "các" and _plural(t, sep + 1):
                    k = sep + 1 + _plural(t, sep + 1)
                    continue
                break
            q = t.match(_QUALIFIERS, k)
            if not q and t.low(j) in ("trường", "nhà"):
                q = t.match(_SCHOOL_LEVELS, k)
                school = school or bool(q)
            if q:
                k += q
                lp = self.level_place(t, k)
                if lp:
                    k += lp
                continue
            lp = self.level_place(t, k)
            if lp:
                k += lp
                continue
            if t.low(k) == "thuộc" or (t.low(k) == "trực" and t.low(k + 1) == "thuộc"):
                j2 = k + (2 if t.low(k) == "trực" else 1)
                sub = self.org_end(t, j2)
                if sub is not None:
                    k = sub
                    continue
                if t.admin_len(j2):
                    k = j2 + t.admin_len(j2)
                    continue
                if t.low(j2) in ("bộ", "sở", "ubnd", "phòng", "ban", "tỉnh") or t.is_cap(j2):
                    k = j2 + 1
                    continue
                break
            if t.low(k) in ("trung", "tw") and (t.low(k) == "tw" or t.low(k + 1) == "ương"):
                k += 1 if t.low(k) == "tw" else 2
                continue
            if self.head(t, k) is not None and _plural(t, k) == 0 and t.low(k) in ("sở", "bộ"):
                # "các đơn vị thuộc Sở" handled above; "các doanh nghiệp Nhà nước" a modifier.
                break
            if t.is_cap(k) and not t.is_verb(k) and self.head(t, k) is None and not t.match(_TITLES, k):
                # "các Sở, ban, ngành Thành phố", "các Bộ, ngành Trung ương"
                k += 1
                continue
            break
        return k

    def title_len(self, t: Tokens, i: int) -> int:
        n = t.match(_TITLES, i)
        if not n:
            return 0
        # "Phó Chủ tịch Thường trực", "Giám đốc:" (a factored title before a list).
        return n

    def mention_at(self, t: Tokens, i: int) -> Mention | None:
        """A name that starts exactly at token i."""
        if t.low(i) not in _STARTERS and not (self.known and self.known_len(t, i)):
            # Every reading below starts with a title, an honorific, a head noun, a group opener or a known
            # name; asked of every word of a heading, most words are none of them.
            return None
        start = i
        title = self.title_len(t, i)
        kind = "org"
        k = i + title
        if title and t.tok(k) == ":":
            return None
        honor = t.match(_HONORIFIC, k)
        if honor and not title:
            a, b = t.char_span(i, k + honor)
            return Mention(a, b, "honorific", t.text[a:b])
        end = self.org_end(t, k)
        known = self.known_len(t, k) if self.known else 0
        if known and (end is None or k + known > end):
            end = k + known
        if end is None:
            end = self.group_end(t, k)
            kind = "group"
        if end is None and title:
            # "Thủ trưởng cơ quan, ban, ngành", "Giám đốc Sở, Thủ trưởng…", "Đồng chí Phó Chủ tịch UBND xã"
            inner = self.title_len(t, k)
            if inner:
                sub = self.mention_at(t, k)
                if sub is not None:
                    end = t.index_at(sub.end)
                    end = len(t) if end is None else end
                    kind = "person"
            if end is None:
                m = _plural(t, k)
                if m or t.low(k) in ("sở", "bộ", "cơ", "ủy", "uỷ", "ubnd"):
                    fake = Tokens("các " + t.text[t.spans[k][0] : t.spans[k][0] + NAME_REACH])
                    sub_end = self.group_end(fake, 0)
                    if sub_end:
                        char_end = fake.spans[sub_end - 1][1] - 4 + t.spans[k][0]
                        end = t.index_at(char_end) or len(t)
                        kind = "group"
        if (
            end is None
            and title
            and t.low(k) in ("phụ", "thường", "được")
            and t.low(k + 1) in ("trách", "trực", "phân")
        ):
            # "Phó chủ tịch phụ trách lĩnh vực Công tác Xã hội", "Cán bộ phụ trách lĩnh vực giám sát …".
            end = k + 2
            field = k + 4 if (t.low(k + 2), t.low(k + 3)) == ("lĩnh", "vực") else -1
            while (
                end < len(t)
                and end < k + 16
                and t.tok(end) not in (".", ";", ":", "(")
                and not (
                    t.is_verb(end)
                    and end > k + 3
                    and not t.is_cap(end)
                    # "phụ trách lĩnh vực giám sát và phản biện xã hội": the field's own words
                    and not (field > 0 and (end == field or t.low(end - 1) in ("và", ",")))
                )
            ):
                end += 1
            kind = "person"
        if end is None or end <= k:
            return None
        if title:
            kind = "person" if kind == "org" else kind
            # "Bộ trưởng Bộ Tài chính - Phó Trưởng ban Thường trực Ban Chỉ đạo 389 quốc gia"
            if t.tok(end) in ("-", "–") and self.title_len(t, end + 1):
                sub = self.mention_at(t, end + 1)
                if sub is not None:
                    end = t.index_at(sub.end) or len(t)
            # "Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ": one group of heads.
            while t.tok(end) == "," and self.title_len(t, end + 1) and t.low(end + 1) in ("thủ", "người"):
                sub = self.mention_at(t, end + 1)
                if sub is None:
                    break
                end = t.index_at(sub.end) or len(t)
                while t.tok(end) == "," and t.low(end + 1) == "cơ" and t.low(end + 2) == "quan":
                    at = t.spans[end + 1][0]
                    g = self.group_end(Tokens("các " + t.text[at : at + NAME_REACH]), 0)
                    if not g:
                        break
                    end = end + 1 + (g - 1)
        a, b = t.char_span(start, end)
        name = t.text[a:b]
        generic = kind == "group" and _is_vague(name)
        return Mention(a, b, kind, name, generic)

    def mentions(self, text: str, t: Tokens | None = None) -> list[Mention]:
        t = t or Tokens(text)
        out: list[Mention] = []
        i = 0
        while i < len(t):
            m = self.mention_at(t, i) if t.is_word(i) else None
            if m is None:
                i += 1
                continue
            out.append(m)
            nxt = t.index_at(m.end)
            i = len(t) if nxt is None else max(nxt, i + 1)
        return out


# The first words of everything a name can start with (see mention_at).
_STARTERS = (
    frozenset(_TITLES)
    | frozenset(_HONORIFIC)
    | frozenset(_LOOSE_HEADS)
    | frozenset(_STRICT_HEADS)
    | frozenset(_GROUP_OPENERS)
)

_VAGUE = re.compile(
    r"^(?:tất cả |toàn thể |toàn bộ )?(?:các|những|mọi)\s+(?:cơ quan|đơn vị|địa phương|ngành|tổ chức|lực lượng)"
    r"(?:,?\s*(?:và\s+)?(?:cơ quan|đơn vị|địa phương|tổ chức|ngành|cá nhân|lực lượng))*"
    r"(?:\s+(?:có\s+)?liên\s+quan|\s+chức\s+năng|\s+chuyên\s+môn)*$",
    re.I,
)


def _is_vague(name: str) -> bool:
    return bool(_VAGUE.match(" ".join(name.split())))


GRAMMAR = Grammar()
