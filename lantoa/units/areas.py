"""The issuer's own area, and noticing a text that speaks of another one.

A name never resolves silently to a unit outside the issuer's area: a Hà Nội plan's "các sở, ban, ngành"
is Hà Nội's departments, not Thanh Hóa's, even when it is imported in a Thanh Hóa installation. The area is
the issuer's province (with the units that carried it on or that it carried on: Tỉnh Đồng Nai and Thành
phố Đồng Nai are one area), or the whole country for a ministry.
"""

import datetime
import functools
import re

from lantoa.units import divisions
from lantoa.units.models import Level, Unit, UnitKind
from lantoa.units.names import words

# A place name right after one of these is a commune or a district, not the province of the same name
# ("xã Long An", "huyện Thanh Hóa" do not speak of the provinces Long An and Thanh Hóa).
_LOWER_AREA_WORDS = ("xa", "phuong", "thi tran", "dac khu", "huyen", "quan", "thi xa")
_AREA_TYPE_WORDS = ("tinh", "thanh pho", "tp", *_LOWER_AREA_WORDS)


@functools.cache
def _province_pattern() -> re.Pattern:
    names = sorted(divisions.province_names(), key=len, reverse=True)
    return re.compile(r"(?:^|(?<= ))(?P<name>" + "|".join(re.escape(n) for n in names) + r")(?= |$)")


@functools.cache
def _merged_names() -> dict[str, set[str]]:
    """Province name → the names of the provinces of the other era it became, or that became it."""
    conv = divisions.conversion()
    short_of: dict[str, str] = {}
    for row in divisions.communes_legacy():
        short_of[row.province.key] = words(row.province.short)
    for row in divisions.communes_2025():
        short_of[row.province.key] = words(row.province.short)
    family: dict[str, set[str]] = {}
    for new_key, old_keys in conv.provinces.items():
        names = {short_of[k] for k in [new_key, *old_keys] if k in short_of}
        for name in names:
            family.setdefault(name, set()).update(names)
    return family


def provinces_named_in(text_words: str) -> list[str]:
    """The provinces a text names ("… Hậu Giang", "… tỉnh Quảng Ninh"), folded; not "xã Long An"."""
    found = []
    for m in _province_pattern().finditer(text_words):
        before = text_words[: m.start()].split()
        if before and (before[-1] in _LOWER_AREA_WORDS or " ".join(before[-2:]) in _LOWER_AREA_WORDS):
            continue
        found.append(m.group("name"))
    return found


class Area:
    """Where an issuer works on a day: its province (and that province's other names), or everything."""

    def __init__(self, context: Unit, on: datetime.date, chain: list[Unit]):
        from lantoa.units.changes import continuation_family

        self.on = on
        self.root = next(
            (u for u in chain if u.kind == UnitKind.PEOPLES_COMMITTEE and u.level == Level.PROVINCE), None
        )
        if self.root is None and context.level != Level.NATIONAL:
            # An agency directly under a ministry, or a unit without a province: its own subtree.
            self.root = chain[-1]
        family = continuation_family(self.root) if self.root is not None else []
        self.family = family
        self.paths = [u.path for u in family]
        own = {words(u.area_name) for u in family if u.area_name}
        # The provinces merged into this one on 1/7/2025 are part of it from that day; before it, they
        # were their own provinces.
        if on >= divisions.REFORM_DATE:
            for name in list(own):
                own |= _merged_names().get(name, set())
        self.own_names = own
        self.label = str(self.root) if self.root is not None else ""

    @property
    def is_everything(self) -> bool:
        return self.root is None

    def contains(self, unit: Unit) -> bool:
        """Inside the area, or above every area (a ministry speaks to everyone)."""
        if self.root is None or unit.level == Level.NATIONAL:
            return True
        return any(unit.path.startswith(p) for p in self.paths)

    def foreign_in(self, text_words: str) -> str | None:
        """The first province a text names that is not this area's, folded; None when it names none."""
        if self.root is None:
            return None
        for name in provinces_named_in(text_words):
            if name not in self.own_names:
                return name
        return None

    def names_own_place(self, text_words: str, places: set[str]) -> bool:
        """Whether a phrase names a place of this area with its type ("xã Hoằng Xuân", "tỉnh Thanh Hóa")."""
        padded = f" {text_words} "
        for name in self.own_names:
            if f" {name} " in padded:
                return True
        return any(f" {place} " in padded for place in places)


@functools.cache
def _display_names() -> dict[str, str]:
    names = {words(r.province.short): r.province.short for r in divisions.communes_legacy()}
    names.update({words(r.province.short): r.province.short for r in divisions.communes_2025()})
    return names


def display_name(name_words: str) -> str:
    """A folded province name as people write it, for messages ("hau giang" → "Hậu Giang")."""
    return _display_names().get(name_words, name_words.title())


def place_phrases(units) -> set[str]:
    """ "xa hoang xuan", "huyen hoang hoa"…: the committees of an area named with their type, folded."""
    phrases = set()
    for unit in units:
        if unit.kind == UnitKind.PEOPLES_COMMITTEE and unit.area_name:
            for alias in [*unit.aliases, unit.short_name]:
                alias_words = words(alias)
                for type_word in _AREA_TYPE_WORDS:
                    if alias_words.startswith((type_word + " ", "ubnd " + type_word + " ")):
                        phrases.add(alias_words.removeprefix("ubnd "))
    return phrases
