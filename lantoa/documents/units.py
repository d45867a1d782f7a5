"""Recognise names of government units ("Phòng Văn hóa và Thông tin", "UBND các xã, thị trấn") in text.

A unit name starts with a head noun (Sở, Phòng, UBND…) and goes on while the words look like part of a
name: capitalised words, the lowercase second syllable of a capitalised word ("Văn hóa"), "và" before a
capitalised word, administrative levels ("huyện", "các xã, thị trấn") and place names after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"[^\W_]+(?:[&'’.][^\W_]+)*|[,;:()\-–—/&]|\S")

# Head nouns that need a capitalised name after them ("Phòng Văn hóa", not "phòng, chống").
_STRICT_HEADS = (
    "sở",
    "phòng",
    "ban",
    "trung tâm",
    "đài",
    "tổ",
    "bộ",
    "cục",
    "chi cục",
    "hội",
    "đoàn",
    "mặt trận",
    "trường",
    "bệnh viện",
    "ngân hàng",
    "chi nhánh",
    "báo",
    "trạm",
    "hạt",
    "ủy ban",
    "uỷ ban",
    "công ty",
    "tập đoàn",
    "viện",
    "học viện",
    "kho bạc",
    "quỹ",
    "liên đoàn",
    "văn phòng",
    "thanh tra",
    "đảng ủy",
    "đảng uỷ",
    "bảo hiểm xã hội",
    "ngân hàng chính sách xã hội",
    "thủ tướng",
    "công chức",
    "đội",
)
# Head nouns that can stand alone or take only an administrative level ("UBND huyện", "Công an tỉnh").
_LOOSE_HEADS = (
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "ubnd",
    "hđnd",
    "hội đồng nhân dân",
    "công an",
    "bưu điện",
    "viettel",
    "vnpt",
    "mobifone",
    "điện lực",
    "huyện đoàn",
    "tỉnh đoàn",
    "thành đoàn",
    "huyện ủy",
    "tỉnh ủy",
    "ubmttq",
    "mttq",
    "văn phòng hđnd và ubnd",
    "văn phòng ubnd",
    "văn phòng hđnd",
    "ban chỉ huy quân sự",
    "bộ chỉ huy quân sự",
    "đài truyền thanh",
    "đài phát thanh",
    "trung tâm y tế",
    "bảo hiểm xã hội",
    "kho bạc nhà nước",
    "chi cục thuế",
    "chính phủ",
    "văn phòng ủy ban nhân dân",
    "văn phòng uỷ ban nhân dân",
    "ban điều hành",
    "ban nhân dân",
    "ban công tác mặt trận",
    "báo và phát thanh , truyền hình",
)
_PREFIXES = ("chủ tịch", "phó chủ tịch", "giám đốc", "thủ trưởng", "lãnh đạo", "hiệu trưởng", "trưởng")
# Titles of the person heading a unit: "Thủ trưởng các sở", "Chủ tịch UBND các xã" name the unit. A bare
# "Trưởng các thôn" is kept (the thôn is not a unit, its head is).
_KEPT_PREFIXES = frozenset({("trưởng",)})
_PLURAL_NOUNS = (
    "cơ quan",
    "đơn vị",
    "sở",
    "ban",
    "ngành",
    "phòng",
    "đoàn thể",
    "tổ chức",
    "hội",
    "trường",
    "địa phương",
    "xã",
    "huyện",
    "phường",
    "thị trấn",
    "doanh nghiệp",
    "phòng ban",
    "ban ngành",
    "trung tâm",
    "bộ",
    "tổ",
    "thôn",
    "bản",
    "khu phố",
    "tổ dân phố",
    "trường học",
    "mầm non",
    "tiểu học",
    "trung học cơ sở",
    "trung học phổ thông",
    "mn",
    "th",
    "thcs",
    "thpt",
    "đoàn thể chính trị - xã hội",
    "bệnh viện",
    "trạm y tế",
    "trung tâm y tế",
    "đài truyền thanh",
    "hợp tác xã",
)
_QUALIFIERS = (
    "có liên quan",
    "liên quan",
    "chuyên môn",
    "cấp tỉnh",
    "cấp huyện",
    "cấp xã",
    "trực thuộc",
    "chính trị - xã hội",
    "chính trị xã hội",
    "đoàn thể",
    "tuyến tỉnh",
    "tuyến huyện",
    "tuyến xã",
)
_ADMIN_ONE = frozenset({"tỉnh", "huyện", "xã", "phường", "quận", "tp"})
# Places below the commune, after "các" at the end of a name ("Ban Công tác Mặt trận các thôn").
_LOCALITIES = (
    "thôn",
    "bản",
    "ấp",
    "làng",
    "khu phố",
    "tổ dân phố",
    "khu dân cư",
    "thôn, tổ dân phố",
    "thôn, bản",
    "thôn, khu phố",
)
# Bodies that own the unit named before them ("Văn phòng Ủy ban nhân dân tỉnh", "Ban Tuyên giáo Tỉnh ủy"):
# inside a name they continue it instead of starting a new unit.
_OWNERS = (
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "hđnd",
    "hội đồng nhân dân",
    "tỉnh ủy",
    "huyện ủy",
    "thành ủy",
    "thị ủy",
    "đảng ủy",
    "tỉnh uỷ",
    "huyện uỷ",
    "thành uỷ",
    "thị uỷ",
    "đảng uỷ",
    "mttq",
    "ubmttq",
    "mặt trận",
)
# Verbs that look like name syllables ("Sở Xây dựng"): lowercase right after a capitalised word's second
# syllable they start the predicate ("Phòng Văn hóa - Xã hội xây dựng nội dung…").
_VERB_BIGRAMS = frozenset(
    {
        ("xây", "dựng"),
        ("chỉ", "đạo"),
        ("phát", "triển"),
        ("chuyển", "đổi"),
        ("thông", "tin"),
        ("phát", "thanh"),
        ("truyền", "thông"),
        ("an", "ninh"),
        ("giao", "thông"),
    }
)
_ADMIN_TWO = frozenset({("thị", "trấn"), ("thành", "phố"), ("thị", "xã")})
# Lowercase word pairs that occur inside unit names after a lowercase syllable.
_NAME_BIGRAMS = frozenset(
    {
        ("phòng", "cháy"),
        ("chữa", "cháy"),
        ("cứu", "nạn"),
        ("cứu", "hộ"),
        ("nông", "thôn"),
        ("phát", "triển"),
        ("dự", "án"),
        ("quỹ", "đất"),
        ("số", "quốc"),
        ("quốc", "gia"),
        ("lao", "động"),
        ("thương", "binh"),
        ("nội", "vụ"),
        ("tư", "pháp"),
        ("tài", "chính"),
        ("tài", "nguyên"),
        ("nông", "nghiệp"),
        ("xây", "dựng"),
        ("công", "thương"),
        ("tuyên", "giáo"),
        ("dân", "vận"),
        ("thanh", "niên"),
        ("phụ", "nữ"),
        ("nông", "dân"),
        ("cựu", "chiến"),
        ("chiến", "binh"),
        ("quân", "sự"),
        ("lao", "động"),
        ("xã", "hội"),
        ("đào", "tạo"),
        ("đầu", "tư"),
        ("truyền", "thông"),
        ("đô", "thị"),
        ("thương", "mại"),
        ("du", "lịch"),
        ("thông", "tin"),
        ("an", "toàn"),
        ("giao", "thông"),
        ("vận", "tải"),
        ("môi", "trường"),
        ("dân", "tộc"),
        ("tôn", "giáo"),
        ("kinh", "tế"),
        ("hạ", "tầng"),
        ("quốc", "phòng"),
        ("an", "ninh"),
        ("thể", "thao"),
        ("văn", "hóa"),
        ("truyền", "thanh"),
        ("phát", "thanh"),
        ("công", "nghệ"),
        ("khoa", "học"),
        ("gia", "đình"),
        ("trật", "tự"),
        ("y", "tế"),
        ("chuyển", "đổi"),
        ("đổi", "số"),
        ("chỉ", "đạo"),
        ("chuyên", "môn"),
        ("vệ", "sinh"),
        ("thực", "phẩm"),
        ("bệnh", "tật"),
        ("kiểm", "soát"),
        ("khu", "vực"),
        ("cảnh", "sát"),
        ("dân", "số"),
        ("di", "sản"),
        ("bảo", "tàng"),
        ("thư", "viện"),
        ("nhân", "dân"),
        ("hành", "chính"),
        ("chính", "công"),
        ("trung", "ương"),
    }
)
# Lowercase pairs that only occur in names, even after a comma ("Đội Cảnh sát phòng cháy, chữa cháy và cứu
# nạn, cứu hộ").
_NAME_ONLY_BIGRAMS = frozenset(
    {("phòng", "cháy"), ("chữa", "cháy"), ("cứu", "nạn"), ("cứu", "hộ"), ("trật", "tự"), ("an", "toàn")}
)
# Words that end a name when they follow a capitalised word ("UBND tỉnh Thanh Hóa về việc…").
_STOP = frozenset(
    [
        "chủ",
        "phối",
        "có",
        "thực",
        "tổ",
        "triển",
        "tham",
        "theo",
        "hướng",
        "chỉ",
        "phụ",
        "trên",
        "tại",
        "về",
        "để",
        "khẩn",
        "nghiêm",
        "căn",
        "cùng",
        "với",
        "báo",
        "tăng",
        "đẩy",
        "làm",
        "là",
        "xây",
        "kiểm",
        "rà",
        "tuyên",
        "đăng",
        "bố",
        "cung",
        "lập",
        "tiếp",
        "giao",
        "đề",
        "yêu",
        "ban",
        "quản",
        "phát",
        "đôn",
        "chịu",
        "được",
        "đã",
        "đang",
        "sẽ",
        "và",
        "hoặc",
        "nhằm",
        "trong",
        "của",
        "cho",
        "các",
        "những",
        "năm",
        "ngày",
        "tháng",
        "thì",
        "mà",
        "nếu",
        "khi",
        "đối",
        "từ",
        "đến",
        "sau",
        "trước",
        "vào",
        "ra",
        "lên",
        "nắm",
        "thông",
        "tuyển",
        "vận",
        "hỗ",
        "duy",
        "nâng",
        "đảm",
        "bảo",
        "gửi",
        "nộp",
        "hoàn",
        "cập",
        "chuẩn",
        "rút",
        "tích",
        "ưu",
        "định",
        "giải",
        "điều",
        "cử",
        "tập",
        "huy",
        "khảo",
        "đánh",
        "nghiên",
        "sử",
        "áp",
        "tổng",
        "kịp",
        "thường",
        "lưu",
        "nhận",
        "mời",
        "dự",
        "chấp",
        "tự",
        "ký",
        "theo",
    ]
)


@dataclass
class UnitMatch:
    name: str
    start: int  # character offsets in the scanned string
    end: int


def tokenize(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _heads_index(heads: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for head in heads:
        words = tuple(head.split())
        index.setdefault(words[0], []).append(words)
    for words_list in index.values():
        words_list.sort(key=len, reverse=True)
    return index


_STRICT = _heads_index(_STRICT_HEADS)
_LOOSE = _heads_index(_LOOSE_HEADS)
_PREFIX = _heads_index(_PREFIXES)
_PLURAL = _heads_index(_PLURAL_NOUNS)
_QUALIFIER = _heads_index(_QUALIFIERS)
_LOCALITY = _heads_index(_LOCALITIES)
_BARE_OWNERS = frozenset({"sở", "bộ", "ubnd", "phòng", "ban", "cục", "trung"})
# School levels after "các trường" ("các trường mầm non, tiểu học", "các trường TH, THCS").
_LEVEL = _heads_index(
    ("mầm non", "mẫu giáo", "tiểu học", "trung học cơ sở", "trung học phổ thông", "mn", "th", "thcs", "thpt")
)
_OWNER = _heads_index(_OWNERS)


class _Scanner:
    """Walks tokens of one string; all positions are token indexes."""

    def __init__(self, text: str, tokens: list[tuple[str, int, int]] | None = None) -> None:
        self.text = text
        self.tokens = tokens if tokens is not None else tokenize(text)
        self.lows = [tok.lower() for tok, _, _ in self.tokens]

    def low(self, i: int) -> str:
        return self.lows[i] if 0 <= i < len(self.lows) else ""

    def tok(self, i: int) -> str:
        return self.tokens[i][0] if 0 <= i < len(self.tokens) else ""

    def is_cap(self, i: int) -> bool:
        tok = self.tok(i)
        return bool(tok) and tok[0].isupper()

    def is_word(self, i: int) -> bool:
        tok = self.tok(i)
        return bool(tok) and tok[0].isalpha()

    def match_words(self, index: dict[str, list[tuple[str, ...]]], i: int) -> int:
        """Length in tokens of the longest phrase of `index` starting at i, or 0."""
        for words in index.get(self.low(i), ()):
            if all(self.low(i + k) == word for k, word in enumerate(words)):
                return len(words)
        return 0

    def admin_len(self, i: int) -> int:
        if self.low(i + 1) == "hội":
            return 0
        if (self.low(i), self.low(i + 1)) in _ADMIN_TWO:
            return 2
        return 1 if self.low(i) in _ADMIN_ONE else 0

    def head(self, i: int) -> tuple[int, str] | None:
        """(index after the head noun, kind) for a unit starting at token i."""
        j = i + self.match_words(_PREFIX, i)
        if self.low(j) == "các":
            n = self.match_words(_PLURAL, j + 1)
            if n:
                return j + 1 + n, "plural"
        n = self.match_words(_LOOSE, j)
        if n:
            return j + n, "loose"
        n = self.match_words(_STRICT, j)
        if n and (self.is_cap(j + n) or (self.tok(j + n).isupper() and self.is_word(j + n))):
            # "Tổ chức", "Ban hành", "Phòng, chống" are not units: the name must be capitalised.
            return j + n, "strict"
        return None

    def is_head(self, i: int) -> bool:
        return self.head(i) is not None

    def unit_end(self, i: int) -> int | None:
        found = self.head(i)
        if found is None:
            return None
        k, kind = found
        if kind == "plural":
            return self._plural_tail(k)
        prev = "head"
        placed = False
        n = len(self.tokens)
        while k < n:
            low = self.low(k)
            admin = self.admin_len(k)
            if admin:
                k, prev, placed = k + admin, "admin", True
                continue
            if low == "các" and self.match_words(_LOCALITY, k + 1):
                k, prev = k + 1 + self.match_words(_LOCALITY, k + 1), "admin"
                continue
            if low == "các" and (prev == "head" or self.admin_len(k + 1)):
                k += 1
                continue
            if low == "trực" and self.low(k + 1) == "thuộc" and self.is_cap(k + 2):
                k, prev = k + 2, "low"
                continue
            if low == "cấp" and self.admin_len(k + 1):
                k, prev = k + 1 + self.admin_len(k + 1), "admin"
                continue
            if self.tok(k) in (",", "-", "–", "&") or low == "và":
                nxt = k + 1
                if self.is_head(nxt):
                    break
                if self.tok(k) == "," and self.admin_len(nxt) and prev == "admin":
                    k, prev = nxt + self.admin_len(nxt), "admin"
                    continue
                if self.is_cap(nxt) and self.is_word(nxt):
                    k, prev = nxt + 1, "cap"
                    continue
                pair = (self.low(nxt), self.low(nxt + 1))
                if pair in _NAME_ONLY_BIGRAMS or (pair in _NAME_BIGRAMS and self.tok(k) != ","):
                    k, prev = nxt + 2, "low"
                    continue
            if self.is_word(k):
                if (
                    placed
                    and not (self.is_cap(k) or self.tok(k).isupper())
                    and (self.low(k - 1), low) not in _NAME_BIGRAMS
                ):
                    break
                if self.is_cap(k) or self.tok(k).isupper():
                    owner = self.match_words(_OWNER, k)
                    if owner:
                        k, prev = k + owner, "cap"
                        continue
                    if prev != "head" and self.is_head(k):
                        break
                    k, prev = k + 1, "cap"
                    continue
                if prev == "cap" and ((self.low(k - 1), low) in _NAME_BIGRAMS or low not in _STOP):
                    k, prev = k + 1, "low1"
                    continue
                if prev == "low1" and (low, self.low(k + 1)) in _VERB_BIGRAMS:
                    break
                if prev in ("low", "low1") and (self.low(k - 1), low) in _NAME_BIGRAMS:
                    k += 1
                    continue
                if (low, self.low(k + 1)) in _NAME_BIGRAMS and prev in ("low", "low1", "head", "cap"):
                    k, prev = k + 2, "low"
                    continue
                break
            break
        return k

    def _plural_tail(self, k: int) -> int:
        while True:
            sep = 1 if self.tok(k) == "," or self.low(k) == "và" else 0
            if sep:
                j = k + sep + (1 if self.low(k + sep) == "các" else 0)
                n = self.match_words(_PLURAL, j)
                if n:
                    k = j + n
                    continue
            n = self.match_words(_QUALIFIER, k) or self.match_words(_LEVEL, k)
            if n:
                k += n
                continue
            if self.low(k) == "cấp" and self.admin_len(k + 1):
                k += 1 + self.admin_len(k + 1)
                continue
            if self.admin_len(k) and not self.is_head(k) and self.low(k - 1) not in (",", "và"):
                k += self.admin_len(k)
                continue
            if self.low(k) == "thuộc":
                end = self.unit_end(k + 1)
                if end is not None:
                    k = end
                    continue
                # "các phòng, đơn vị thuộc Sở", "các cơ quan thuộc huyện": the owner named by its kind only.
                if self.low(k + 1) in _BARE_OWNERS or self.admin_len(k + 1):
                    k += 2
                    continue
            return k

    def units(self, i: int) -> tuple[list[tuple[int, int]], int]:
        """Token ranges of a list of units starting at i ("Sở A, Sở B và UBND các xã"), and the end."""
        found: list[tuple[int, int]] = []
        k = i
        while True:
            end = self.unit_end(k)
            if end is None or end == k:
                break
            found.append((k, end))
            k = end
            for sep in ((",",), (";",), ("và",), (",", "và"), (";", "và")):
                n = len(sep)
                if all(self.low(k + s) == sep[s] for s in range(n)) and self.is_head(k + n):
                    k += n
                    break
            else:
                break
        return found, k

    def char_range(self, start_tok: int, end_tok: int) -> tuple[int, int]:
        return self.tokens[start_tok][1], self.tokens[end_tok - 1][2]


def _comma(match: re.Match[str]) -> str:
    if match.group(1) or match.start() == 0 or match.string[match.start() - 1].isspace():
        return ", "
    before = match.string[: match.start()].rsplit(" ", 1)[-1].split(",")[-1]
    after = re.match(r"[^\s,]*", match.string[match.end() :])
    glued = before.isupper() and after is not None and after.group().isupper()
    return "," if glued else ", "


def normalize_name(raw: str) -> str:
    """Tidy a unit name as written: single spaces, no trailing punctuation, capitalised head noun."""
    name = " ".join(raw.split()).strip(" ,;:.-–")
    # "VH,TT,TT&DL" keeps its commas glued as written; any other comma is followed by one space.
    name = re.sub(r"\s*,(\s*)(?=(\S?))", _comma, name)
    words = name.split(" ")
    # "Trung tâm … Du lịch huyện": a bare administrative level after a real name is a qualifier.
    if (
        len(words) > 4
        and (words[-2].lower(), words[-1].lower()) in _ADMIN_TWO
        and words[-3].isalpha()
        and words[-3].islower()
    ):
        named = any(w[:1].isupper() and not w.isupper() for w in words[1:-2])
        if named and words[0].lower() in {"phòng", "trung"}:
            words = words[:-2]
    elif len(words) > 3 and words[-1].lower() in _ADMIN_ONE and words[-2].isalpha() and words[-2].islower():
        named = any(w[:1].isupper() and not w.isupper() for w in words[1:-1])
        # Only for units whose level word repeats the issuer's level ("Phòng … huyện", "Trung tâm … huyện").
        if named and words[0].lower() in {"phòng", "trung"}:
            words = words[:-1]
    name = " ".join(words)
    return name[:1].upper() + name[1:]


def find_units(text: str, start: int = 0, *, titles: bool = False) -> list[UnitMatch]:
    """Units listed at the very start of `text[start:]`; `titles` keeps "Chủ tịch UBND…" (a report goes to
    a person), otherwise the name starts at the unit."""
    # Unit lists are short: tokenising a bounded window keeps long paragraphs cheap.
    window = text[start : start + 400]
    scanner = _Scanner(window)
    ranges, _ = scanner.units(0)
    result = []
    for a, b in ranges:
        n = scanner.match_words(_PREFIX, a)
        if n and not titles and tuple(scanner.lows[a : a + n]) not in _KEPT_PREFIXES and a + n < b:
            a += n
        cs, ce = scanner.char_range(a, b)
        result.append(UnitMatch(normalize_name(text[start + cs : start + ce]), start + cs, start + ce))
    return result


def make_scanner(text: str) -> _Scanner:
    return _Scanner(text)


def starts_with_unit(text: str) -> bool:
    scanner = _Scanner(text)
    return bool(scanner.tokens) and scanner.is_head(0)


_ABBREVIATIONS = frozenset(
    {"ubnd", "hđnd", "mttq", "ubmttq", "thcs", "thpt", "tt&tt", "vh", "tt", "vnpt", "cntt"}
)
_FIELD_SEPARATORS = frozenset({",", "và", "-", "–"})
_TWO_WORD_HEADS = frozenset(
    {
        "trung tâm",
        "văn phòng",
        "chi cục",
        "công an",
        "bưu điện",
        "mặt trận",
        "bệnh viện",
        "thanh tra",
        "ngân hàng",
        "kho bạc",
        "công ty",
        "chi nhánh",
        "tập đoàn",
        "học viện",
        "liên đoàn",
        "ban chỉ",
    }
)


def title_case_unit(upper: str) -> str:
    """'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH THANH HÓA' → 'Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa'."""
    text = " ".join(upper.split()).lower()
    text = re.sub(r"\b(?:ủy|uỷ) ban nhân dân\b", "ubnd", text)
    text = re.sub(r"\bhội đồng nhân dân\b", "hđnd", text)
    text = re.sub(r"\s*,\s*", " , ", text)
    words = text.split()
    if not words:
        return ""
    head = 2 if " ".join(words[:2]) in _TWO_WORD_HEADS else 1
    out = [words[0].upper() if words[0] in _ABBREVIATIONS else words[0].capitalize(), *words[1:head]]
    place = False
    capitalise_next = True
    for i in range(head, len(words)):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word in _ABBREVIATIONS:
            out.append(word.upper())
            capitalise_next = False
        elif (word in _ADMIN_ONE or (word, nxt) in _ADMIN_TWO) and nxt != "hội":
            out.append(word)
            place, capitalise_next = True, False
        elif place and words[i - 1] not in ("thị", "thành"):
            out.append(word.capitalize())
        elif place:
            out.append(word)
        elif word in _FIELD_SEPARATORS:
            out.append(word)
            capitalise_next = True
        else:
            out.append(word.capitalize() if capitalise_next else word)
            capitalise_next = False
    return " ".join(out).replace(" , ", ", ")
