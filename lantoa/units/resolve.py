"""Turning what a directive writes ("Phòng VH-TT", "UBND các xã, thị trấn") into units of the tree.

The rule that matters most: never guess silently. A phrase either resolves to units we are sure of, or it
comes back unresolved with the best suggestions and the reason, for a person to decide.
"""

import datetime
import difflib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.units.areas import Area, display_name, place_phrases
from lantoa.units.keys import head_of, unit_keys
from lantoa.units.models import AreaType, Level, Unit, UnitKey, UnitKind
from lantoa.units.names import fold, name_key, nfc, words

# Nouns that start the name of an agency; a comma followed by one of them separates two names,
# while "UBND các xã, thị trấn" or "Trung tâm Văn hóa, Thông tin, …" stay whole.
_HEAD_NOUNS = (
    r"ubnd|uy ban|hdnd|hoi dong|so|phong|trung tam|dai|van phong|to|ban|cong an|bo|cuc|chi cuc|hoi|doan|"
    r"mat tran|buu dien|truong|benh vien|quan doi|ban chi huy|vien|tong cong ty|cong ty|chi nhanh|lien doan"
)
_HEAD_KEYS = tuple(
    name_key(w)
    for w in (
        "UBND",
        "Ủy ban",
        "Phòng",
        "Trung tâm",
        "Đài",
        "Văn phòng",
        "Tổ",
        "Ban",
        "Công an",
        "Chi cục",
        "Hội",
        "Đoàn",
        "Mặt trận",
        "Bưu điện",
        "Trường",
        "Bệnh viện",
        "Sở",
        "Cục",
        "Bộ",
    )
)
# "các sở, ban, ngành" is one group, not a Sở and a Ban.
_SPLIT_COMMA = re.compile(rf",\s*(?=(?:{_HEAD_NOUNS})\b)(?!ban\s*,?\s*nganh)")
_SPLIT_AND = re.compile(rf"\s+va\s+(?=(?:{_HEAD_NOUNS})\b)")
_LEADING_NOISE = re.compile(
    r"^(?:[-+*•]+|\(?[0-9ivxlc]+[.)/]|[a-zđ]\))?\s*"
    r"(?:kinh gui|giao cho|giao|de nghi|yeu cau|chi dao|dong gui|gui)?\s*:?\s*",
)

_COMMUNE_WORDS = {"xa", "phuong", "thi tran", "dac khu"}
_DISTRICT_WORDS = {"huyen", "quan", "thi xa", "thanh pho"}
_PROVINCE_WORDS = {"tinh", "thanh pho truc thuoc trung uong"}
_GROUP = re.compile(
    r"^(?P<head>.*?)\s*\bcac\s+(?P<areas>(?:xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho|tinh)\b.*)$"
)
_OFFICES_GROUP = re.compile(
    r"\bcac\s+(?:phong\s*,?\s*ban|phong|co quan)(?:\s*,?\s*ban)?\s+chuyen mon\b|\bcac phong ban\b"
)
_DEPARTMENTS_GROUP = re.compile(r"\bcac\s+so\b(?:\s*,?\s*ban\s*,?\s*nganh)?")
_COMMITTEE_HEAD = re.compile(r"^(?:ubnd|uy ban nhan dan|chu tich ubnd|chu tich uy ban nhan dan)?$")
_RELATIVE_COMMITTEE = re.compile(
    r"^(?:ubnd|uy ban nhan dan)\s+(?P<area>tinh|huyen|quan|thi xa|thanh pho|xa|phuong|thi tran|dac khu)$"
)
_AREA_WORD_TYPES = {
    "tinh": {AreaType.PROVINCE, AreaType.CENTRAL_CITY},
    "huyen": {AreaType.RURAL_DISTRICT},
    "quan": {AreaType.URBAN_DISTRICT},
    "thi xa": {AreaType.DISTRICT_TOWN},
    "thanh pho": {AreaType.PROVINCIAL_CITY, AreaType.CENTRAL_CITY},
    "xa": {AreaType.COMMUNE},
    "phuong": {AreaType.WARD},
    "thi tran": {AreaType.TOWNSHIP},
    "dac khu": {AreaType.SPECIAL_ZONE},
}
# Words that qualify a name without naming anything else: "Trung tâm … huyện", "… trên địa bàn huyện".
_FILLER_KEYS = sorted(
    {
        name_key(w)
        for w in (
            "trên địa bàn",
            "địa bàn",
            "trực thuộc",
            "thuộc",
            "của",
            "các",
            "huyện",
            "tỉnh",
            "thị xã",
            "thành phố",
            "quận",
            "xã",
            "phường",
            "thị trấn",
            "đặc khu",
            "cấp",
            "giao",
            "đề nghị",
            "yêu cầu",
            "kính gửi",
            "chỉ đạo",
            "chủ trì",
            "phối hợp",
            "thực hiện",
            "với",
            "và",
            "cùng",
            "có trách nhiệm",
            "ủy ban nhân dân",
            "nhân dân",
            "UBND",
        )
    },
    key=len,
    reverse=True,
)


@dataclass
class Unresolved:
    text: str
    reason: str
    suggestions: list[Unit] = field(default_factory=list)


@dataclass
class Match:
    text: str
    units: list[Unit]
    is_group: bool = False


@dataclass
class Resolution:
    matches: list[Match] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)

    @property
    def units(self) -> list[Unit]:
        seen: dict[int, Unit] = {}
        for match in self.matches:
            for unit in match.units:
                seen.setdefault(unit.pk, unit)
        return list(seen.values())

    @property
    def is_complete(self) -> bool:
        return not self.unresolved


def _lines(text: str) -> list[str]:
    return [line for line in re.split(r"[;\n]+", unicodedata.normalize("NFC", text)) if line.strip()]


def _pieces(line: str) -> list[str]:
    """Cut one line at a comma or "và" that is followed by an agency noun."""
    # Judged on the folded text (same length as NFC input) and cut on the original.
    folded = fold(line)
    cuts = [0]
    for pattern in (_SPLIT_COMMA, _SPLIT_AND):
        cuts.extend(m.end() for m in pattern.finditer(folded))
    cuts = [*sorted(set(cuts)), len(line)]
    pieces = []
    for start, end in itertools.pairwise(cuts):
        piece = re.sub(r"\s+(?:và|va)$", "", line[start:end].strip(" \t,.:-–")).strip()
        if piece:
            pieces.append(piece)
    return pieces


def split_phrases(text: str) -> list[str]:
    """Cut a list of recipients into one phrase per agency (or group of agencies)."""
    return [piece for line in _lines(text) for piece in _pieces(line)]


def _strip_noise(phrase_words: str) -> str:
    return _LEADING_NOISE.sub("", phrase_words, count=1).strip()


def _committee_of(unit: Unit, *, above_commune: bool = False) -> Unit:
    """The People's Committee whose area `unit` works in (itself if it is one)."""
    node = unit
    while node is not None:
        if node.kind == UnitKind.PEOPLES_COMMITTEE and not (above_commune and node.level == Level.COMMUNE):
            return node
        node = node.parent
    return unit


def _ancestors(unit: Unit) -> list[Unit]:
    chain = []
    node = unit
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


class _Index:
    """The units of one scope with their name keys, loaded once per scope."""

    def __init__(self, units: Iterable[Unit]):
        self.units = list(units)
        by_key: dict[str, dict[int, Unit]] = {}
        for unit in self.units:
            for key in unit_keys(unit):
                by_key.setdefault(key, {})[unit.pk] = unit
        # Longest first, so "Sở TT&TT tỉnh Thanh Hóa" is taken whole before "tỉnh Thanh Hóa" is.
        self.keys: list[tuple[str, list[Unit]]] = sorted(
            ((k, list(v.values())) for k, v in by_key.items()), key=lambda kv: len(kv[0]), reverse=True
        )
        self._heads: dict[int, str] | None = None

    def head(self, unit: Unit) -> str:
        if self._heads is None:
            self._heads = {u.pk: head_of(u.name) for u in self.units}
        return self._heads.get(unit.pk, "")


def _leftover_names_something(leftover: str) -> bool:
    rest = leftover
    for filler in _FILLER_KEYS:
        rest = rest.replace(filler, " ")
    return any(piece.startswith(_HEAD_KEYS) for piece in rest.split())


class _Resolver:
    def __init__(self, context: Unit, on: datetime.date, *, place: str = "", issuer: str = ""):
        self.context = context
        self.on = on
        self.chain = _ancestors(context)
        self._indexes: dict[str, _Index] = {}
        self.area = Area(context, on, self.chain)
        self.foreign_source = self._foreign_source(place, issuer)
        self._own_places: set[str] | None = None

    def _foreign_source(self, place: str, issuer: str) -> str | None:
        """The other area the text itself says it comes from (its place line, its issuer), if any."""
        if self.area.is_everything:
            return None
        for text in (place, issuer):
            found = self.area.foreign_in(words(text or ""))
            if found:
                return display_name(found)
        if place and not self.area.foreign_in(words(place)):
            # A place that is no province ("Vị Thanh"): foreign when the tree knows it only outside the area.
            named = list(Unit.objects.filter(kind=UnitKind.PEOPLES_COMMITTEE, area_name=nfc(place)))
            if named and not any(self.area.contains(u) for u in named):
                return nfc(place)
        return None

    # Scopes widen from the issuer's own unit to its province; beyond it, names are looked up through the
    # stored keys (`_find_elsewhere`), never by loading the whole tree.
    def scopes(self) -> Iterator[_Index]:
        roots = [
            node for node in self.chain if node.kind == UnitKind.PEOPLES_COMMITTEE or node.parent is None
        ]
        for root in roots:
            yield self._index(root)

    def _index(self, root: Unit) -> _Index:
        if root.path not in self._indexes:
            # The area's root spans its whole family: Tỉnh Đồng Nai's 2025 communes now sit under the city.
            paths = self.area.paths if self.area.root is not None and root.pk == self.area.root.pk else []
            condition = Q(path__startswith=root.path)
            for path in paths:
                condition |= Q(path__startswith=path)
            # The timestamps are never read here, and converting them was a third of the cost.
            units = list(Unit.objects.filter(condition).defer("created_at", "updated_at"))
            # Ancestors of the scope are named in directives too ("báo cáo UBND huyện", "Sở … tỉnh").
            ancestors = _ancestors(root)[1:]
            # Parents are in the scope itself (or above it): linked here instead of joined in SQL.
            by_pk = {u.pk: u for u in [*ancestors, *units]}
            for unit in units:
                if unit.parent_id in by_pk:
                    Unit.parent.field.set_cached_value(unit, by_pk[unit.parent_id])
            self._indexes[root.path] = _Index(units + ancestors)
        return self._indexes[root.path]

    def _area_index(self) -> _Index | None:
        return self._index(self.area.root) if self.area.root is not None else None

    def own_places(self) -> set[str]:
        if self._own_places is None:
            index = self._area_index()
            self._own_places = place_phrases(index.units) if index else set()
        return self._own_places

    def resolve(self, text: str) -> Resolution:
        result = Resolution()
        for line in _lines(text):
            pieces = _pieces(line)
            # "Văn phòng HĐND và UBND huyện" is one office, not two agencies: a whole line that names
            # exactly one unit wins over cutting it at "và".
            if len(pieces) > 1:
                whole = Resolution()
                self._resolve_phrase(line.strip(" \t,.:-–"), whole)
                if not whole.unresolved and len(whole.matches) == 1 and not whole.matches[0].is_group:
                    result.matches.extend(whole.matches)
                    continue
            for piece in pieces:
                self._resolve_phrase(piece, result)
        return result

    def _resolve_phrase(self, phrase: str, result: Resolution) -> None:
        phrase_words = _strip_noise(words(phrase))
        if not phrase_words:
            return
        elsewhere = self.area.foreign_in(phrase_words)
        if elsewhere:
            # "Sở Văn hóa … tỉnh Hậu Giang", "Đài Phát thanh - Truyền hình Hậu Giang": not one of ours.
            reason = _(
                "“{phrase}” là đơn vị của {province}, không thuộc {area}: chọn đơn vị của mình hoặc bỏ qua."
            )
            self._refuse(
                phrase,
                phrase_words,
                reason.format(phrase=phrase, province=display_name(elsewhere), area=self.area.label),
                result,
            )
            return
        if self.foreign_source and not self.area.names_own_place(phrase_words, self.own_places()):
            # A Hà Nội plan's "các sở, ban, ngành" are Hà Nội's departments, not ours.
            reason = _(
                "Văn bản của {source}: “{phrase}” không tự giao cho đơn vị của {area}. Chọn đơn vị nếu đúng, "
                "hoặc bỏ qua."
            )
            self._refuse(
                phrase,
                phrase_words,
                reason.format(source=self.foreign_source, phrase=phrase, area=self.area.label),
                result,
            )
            return
        self._resolve_plain(phrase, phrase_words, result)

    def _resolve_plain(self, phrase: str, phrase_words: str, result: Resolution) -> None:
        if self._resolve_relative(phrase, phrase_words, result):
            return
        if self._resolve_group(phrase, phrase_words, result):
            return
        self._resolve_names(phrase, phrase_words, result)

    def _refuse(self, phrase: str, phrase_words: str, reason: str, result: Resolution) -> None:
        """Leave a phrase unresolved for a person, with what it would mean inside the area first."""
        scratch = Resolution()
        self._resolve_plain(phrase, phrase_words, scratch)
        candidates = [u for m in scratch.matches for u in m.units]
        candidates += [u for problem in scratch.unresolved for u in problem.suggestions]
        own = [u for u in dict.fromkeys(candidates) if self.area.contains(u) and u.is_open_on(self.on)]
        # A group ("các sở, ban, ngành") is offered as what it would be here; a name, with similar names too.
        is_group = any(m.is_group for m in scratch.matches)
        similar = [] if is_group and own else self._suggest(name_key(phrase_words), phrase_words)
        similar = [u for u in similar if u not in own]
        result.unresolved.append(Unresolved(phrase, reason, (own + similar)[:10]))

    def _resolve_relative(self, phrase: str, phrase_words: str, result: Resolution) -> bool:
        """ "UBND huyện" written inside a district means that district's committee."""
        m = _RELATIVE_COMMITTEE.match(phrase_words)
        if not m:
            return False
        types = _AREA_WORD_TYPES[m.group("area")]
        for node in self.chain:
            if node.kind == UnitKind.PEOPLES_COMMITTEE and node.area_type in types:
                result.matches.append(Match(phrase, [node]))
                return True
        return False

    def _resolve_group(self, phrase: str, phrase_words: str, result: Resolution) -> bool:
        if _OFFICES_GROUP.search(phrase_words):
            committee = _committee_of(self.context)
            units = list(
                Unit.objects.filter(parent=committee, kind=UnitKind.OFFICE).open_on(self.on).order_by("name")
            )
            self._add_group(
                phrase, units, result, _("Không có phòng chuyên môn nào thuộc {unit}.").format(unit=committee)
            )
            return True
        m = _GROUP.match(phrase_words)
        if m is None:
            if re.fullmatch(r"(?:ubnd\s+)?cac\s+so(?:\s*,?\s*ban\s*,?\s*nganh)?(?:\s+.*)?", phrase_words):
                province = self._committee_at(Level.PROVINCE)
                units = (
                    list(
                        Unit.objects.filter(parent=province, kind=UnitKind.DEPARTMENT)
                        .open_on(self.on)
                        .order_by("name")
                    )
                    if province
                    else []
                )
                self._add_group(phrase, units, result, _("Không có sở, ngành nào thuộc tỉnh."))
                return True
            return False
        head = m.group("head").strip()
        area_words = set(
            re.findall(r"xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho|tinh", m.group("areas"))
        )
        # "các tỉnh, thành phố" are provinces although "thành phố" alone could be a district-level city.
        if area_words & _COMMUNE_WORDS:
            level = Level.COMMUNE
        elif "tinh" in area_words:
            level = Level.PROVINCE
        else:
            level = Level.DISTRICT
        areas = self._committees_of_level(level)
        if _COMMITTEE_HEAD.match(head):
            self._add_group(
                phrase, areas, result, _("Không có đơn vị hành chính nào đang hoạt động vào ngày này.")
            )
            return True
        # "Phòng VH-TT các huyện", "Tổ Công nghệ số cộng đồng các xã": the named unit inside each area.
        head_key = name_key(head)
        found: list[Unit] = []
        missing: list[Unit] = []
        if areas:
            candidates = (
                Unit.objects.filter(level=level)
                .exclude(kind=UnitKind.PEOPLES_COMMITTEE)
                .filter(parent__in=areas)
                .open_on(self.on)
                .select_related("parent")
            )
            by_area: dict[int, list[Unit]] = {}
            for unit in candidates:
                if any(name_key(n).startswith(head_key) for n in unit.all_names()):
                    by_area.setdefault(unit.parent_id, []).append(unit)
            for area in areas:
                hits = by_area.get(area.pk, [])
                (found.extend(hits) if hits else missing.append(area))
        if found:
            result.matches.append(Match(phrase, found, is_group=True))
        if missing or not found:
            result.unresolved.append(
                Unresolved(
                    phrase,
                    _("Không tìm thấy “{phrase}” ở {missing}/{total} đơn vị: {names}.").format(
                        phrase=phrase,
                        missing=len(missing),
                        total=len(areas),
                        names=", ".join(str(a) for a in missing[:5]) + ("…" if len(missing) > 5 else ""),
                    ),
                )
            )
        return True

    def _committee_at(self, level: str) -> Unit | None:
        for node in self.chain:
            if node.kind == UnitKind.PEOPLES_COMMITTEE and node.level == level:
                return node
        return None

    def _committees_of_level(self, level: str) -> list[Unit]:
        """Every People's Committee of `level` in the issuer's area, open on the directive's date."""
        qs = Unit.objects.filter(kind=UnitKind.PEOPLES_COMMITTEE, level=level).open_on(self.on)
        area = None
        for node in self.chain:
            if node.kind == UnitKind.PEOPLES_COMMITTEE and _LEVEL_RANK[node.level] < _LEVEL_RANK[level]:
                area = node
                break
        if area is not None:
            condition = Q(path__startswith=area.path)
            if self.area.root is not None and area.pk == self.area.root.pk:
                # Tỉnh Đồng Nai's 2025 communes moved under the city in 2026; on a 2025 date they are its.
                for path in self.area.paths:
                    condition |= Q(path__startswith=path)
            qs = qs.filter(condition)
        elif _LEVEL_RANK[self.context.level] >= _LEVEL_RANK[level]:
            return []
        return list(qs.order_by("path"))

    def _add_group(self, phrase: str, units: list[Unit], result: Resolution, empty_reason: str) -> None:
        if units:
            result.matches.append(Match(phrase, units, is_group=True))
        else:
            result.unresolved.append(Unresolved(phrase, empty_reason))

    def _resolve_names(self, phrase: str, phrase_words: str, result: Resolution) -> None:
        key = name_key(phrase_words)
        partial: tuple[list[list[Unit]], str] | None = None
        # Lazily: most names are found in the issuer's own scope, and wider scopes cost more to load.
        for index in itertools.chain(self.scopes(), (self._elsewhere(w) for w in [phrase_words])):
            found = self._find_in(index, key)
            if found is None:
                continue
            matched, leftover = found
            if _leftover_names_something(leftover):
                # "Sở TT&TT tỉnh Thanh Hóa" seen from a district: only the province matched here; look wider.
                partial = partial or found
                continue
            for units in matched:
                self._accept(phrase, units, result, phrase_words)
            return
        if partial is not None:
            for units in partial[0]:
                self._accept(phrase, units, result, phrase_words)
            result.unresolved.append(
                Unresolved(
                    phrase, _("Một phần tên đơn vị không nhận ra được: “{phrase}”.").format(phrase=phrase)
                )
            )
            return
        result.unresolved.append(
            Unresolved(
                phrase,
                _("Không tìm thấy đơn vị “{phrase}” trong cây tổ chức.").format(phrase=phrase),
                self._suggest(key, phrase_words),
            )
        )

    def _find_in(self, index: _Index, key: str) -> tuple[list[list[Unit]], str] | None:
        """Longest names first, each used once; returns the groups of same-named units and what is left."""
        remaining = key
        groups: list[list[Unit]] = []
        taken_paths: list[str] = []
        for unit_key, units in index.keys:
            if unit_key not in remaining:
                continue
            # "Trung tâm VH huyện Hoằng Hóa" names the centre; "huyện Hoằng Hóa" there only says where it is.
            units = [u for u in units if not any(p.startswith(u.path) for p in taken_paths)]
            remaining = remaining.replace(unit_key, " ", 1)
            if not units:
                continue
            groups.append(units)
            taken_paths.extend(u.path for u in units)
        if not groups:
            return None
        return groups, remaining

    def _elsewhere(self, phrase_words: str) -> _Index:
        """The units outside the issuer's scopes whose names the phrase contains, through the stored keys.

        A unit's name is a run of whole words of the phrase, so the keys of every run are looked up at once.
        """
        tokens = phrase_words.split()
        spans = {
            name_key(" ".join(tokens[i:j]))
            for i in range(len(tokens))
            for j in range(i + 1, min(len(tokens), i + 12) + 1)
        }
        spans = sorted(k for k in spans if len(k) >= 4)
        unit_ids = (
            set(UnitKey.objects.filter(key__in=spans).values_list("unit_id", flat=True)) if spans else set()
        )
        return _Index(Unit.objects.filter(pk__in=unit_ids).select_related("parent") if unit_ids else [])

    def _accept(self, phrase: str, units: list[Unit], result: Resolution, phrase_words: str = "") -> None:
        outside = [u for u in units if not self.area.contains(u)]
        if outside and len(outside) == len(units):
            # Found, but in another province: never assigned silently.
            province = _province_of(outside[0])
            result.unresolved.append(
                Unresolved(
                    phrase,
                    _(
                        "“{phrase}” là {unit} ({province}), không thuộc {area}: chọn nếu đúng, hoặc bỏ qua."
                    ).format(phrase=phrase, unit=outside[0], province=province, area=self.area.label),
                    [
                        *[u for u in self._suggest(name_key(phrase_words), phrase_words) if u not in outside],
                        *[u for u in outside if u.is_open_on(self.on)],
                    ][:10],
                )
            )
            return
        units = [u for u in units if u not in outside]
        open_units = [u for u in units if u.is_open_on(self.on)]
        if len(open_units) == 1:
            result.matches.append(Match(phrase, open_units))
            return
        if len(open_units) > 1:
            # Two units answer to the same name here (each district has its own "Phòng VH-TT"): ask.
            result.unresolved.append(
                Unresolved(
                    phrase,
                    _("“{phrase}” có thể là {count} đơn vị khác nhau; hãy chọn.").format(
                        phrase=phrase, count=len(open_units)
                    ),
                    open_units[:10],
                )
            )
            return
        closed = units[0]
        successors = [s for u in units for s in u.successors.all() if s.is_open_on(self.on)]
        result.unresolved.append(
            Unresolved(
                phrase,
                _("{unit} đã thôi hoạt động từ ngày {date}.").format(
                    unit=closed, date=closed.closed_on.strftime("%d/%m/%Y") if closed.closed_on else "?"
                )
                if closed.closed_on and closed.closed_on <= self.on
                else _("{unit} chưa hoạt động vào ngày {date}.").format(
                    unit=closed, date=self.on.strftime("%d/%m/%Y")
                ),
                successors,
            )
        )

    def _suggest(self, key: str, phrase_words: str) -> list[Unit]:
        """Units of the same kind with the most similar names, the issuer's area first.

        The agency noun decides: "Đài Phát thanh - Truyền hình Hậu Giang" is compared with stations only,
        never with "UBND xã Thiệu Giang", however alike the place names sound.
        """
        if not key:
            return []
        head = head_of(phrase_words)
        near = _committee_of(self.context).path
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)

        def score(pool: Iterable[tuple[str, list[Unit]]], head_of_unit) -> list[tuple[float, Unit]]:
            best: dict[int, tuple[float, Unit]] = {}
            for unit_key, units in pool:
                units = [u for u in units if u.is_open_on(self.on) and (not head or head_of_unit(u) == head)]
                if not units:
                    continue
                matcher.set_seq1(unit_key)
                if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
                    continue
                ratio = matcher.ratio()
                if ratio < (0.5 if head else 0.6):
                    continue
                for unit in units:
                    # Nearer units first among equals: the issuer's own district before the province's others.
                    value = ratio + (0.02 if unit.path.startswith(near) else 0.0)
                    if value > best.get(unit.pk, (0.0, unit))[0]:
                        best[unit.pk] = (value, unit)
            return sorted(best.values(), key=lambda su: su[0], reverse=True)

        index = self._area_index()
        own = [u for _s, u in score(index.keys, index.head)] if index else []
        others: list[Unit] = []
        # Beyond the area only by kind, through the index: there are a few hundred Sở, not 14,000 names.
        if head and head not in _COMMON_HEADS:
            rows = UnitKey.objects.filter(head=head).select_related("unit", "unit__parent")[:3000]
            pool: dict[str, list[Unit]] = {}
            for row in rows:
                if not self.area.contains(row.unit) or index is None:
                    pool.setdefault(row.key, []).append(row.unit)
            others = [u for _s, u in score(pool.items(), lambda u: head) if u not in own]
        return (own + others)[:5]


def _province_of(unit: Unit) -> str:
    node = unit
    while node is not None:
        if node.kind == UnitKind.PEOPLES_COMMITTEE and node.level == Level.PROVINCE:
            return str(node.aliases[0] if node.aliases else node)
        node = node.parent
    return ""


# Kinds every commune has: similarity beyond the area would mean thousands of names for nothing.
_COMMON_HEADS = {"ubnd", "hdnd"}
_LEVEL_RANK = {Level.NATIONAL: 0, Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 3}


def resolve_units(
    text: str, *, context: Unit, on: datetime.date | None = None, place: str = "", issuer: str = ""
) -> Resolution:
    """Resolve the agencies named in `text` as written by `context` (the issuer) on the date `on`.

    `place` and `issuer` are what the text itself says of where it comes from (the reader's `place` and
    `issuer`): when they point to another province, generic names ("các sở, ban, ngành", "UBND các huyện",
    "Sở Văn hóa …") are not given to the issuer's units but come back unresolved, with suggestions.
    """
    return _Resolver(context, on or timezone.localdate(), place=place, issuer=issuer).resolve(text)
