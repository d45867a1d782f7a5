"""Comparing the names of agencies the way people write them.

Directives write the same unit many ways: "Phòng Văn hóa và Thông tin", "Phòng VH-TT", "phòng VHTT",
"Vănphòng" glued by a PDF extractor, "Uỷ ban" and "Ủy ban". We compare names as *keys*: no diacritics,
no case, no spaces or punctuation (which makes glued words harmless), and with the usual abbreviations
folded in, applied the same way to both sides. The folding itself (case, diacritics, tone-mark placement,
apostrophes, dashes) is the project's one normalisation in `lantoa.documents.names`.
"""

import functools
import re

from lantoa.documents.names import fold, normalize, words

__all__ = ["fold", "name_key", "nfc", "normalize", "words"]

# Longest phrases first so "thông tin và truyền thông" folds before "thông tin".
_ABBREVIATIONS: list[tuple[str, str]] = [
    ("uybannhandan", "UBND"),
    ("hoidongnhandan", "HDND"),
    ("vanhoa", "VH"),
    ("thongtin", "TT"),
    ("thethao", "TT"),
    ("dulich", "DL"),
    ("truyenthong", "TT"),
    ("khoahoc", "KH"),
    ("congnghe", "CN"),
    ("kehoach", "KH"),
    ("dautu", "DT"),
    ("giaoduc", "GD"),
    ("daotao", "DT"),
    ("laodong", "LD"),
    ("thuongbinh", "TB"),
    ("xahoi", "XH"),
    ("nongnghiep", "NN"),
    ("phattriennongthon", "PTNT"),
    ("tainguyen", "TN"),
    ("moitruong", "MT"),
    ("taichinh", "TC"),
    ("kinhte", "KT"),
    ("hatang", "HT"),
    ("dothi", "DT"),
    ("phatthanh", "PT"),
    ("truyenhinh", "TH"),
]
_ABBREVIATION_RE = re.compile("|".join(sorted((p for p, _ in _ABBREVIATIONS), key=len, reverse=True)))
_ABBREVIATION_MAP = dict(_ABBREVIATIONS)
# "và" between two abbreviated words disappears the way "&" does: "VH và TT" = "VH&TT" = "VHTT".
_AND_BETWEEN_ABBREVIATIONS = re.compile(r"(?<=[A-Z])va(?=[A-Z])")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The comparison key of a name: folded, glued, abbreviations applied."""
    glued = _NOT_ALNUM.sub("", fold(text))
    marked = _ABBREVIATION_RE.sub(lambda m: _ABBREVIATION_MAP[m.group(0)], glued)
    return _AND_BETWEEN_ABBREVIATIONS.sub("", marked).lower()


def nfc(text: str) -> str:
    """A name as it is stored and shown: the one normalisation of `lantoa.documents.names`."""
    return normalize(text)
