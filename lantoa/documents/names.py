"""One way to compare Vietnamese names, however they were typed.

The same place is written many ways: "Hòa" and "Hoà", "Thủy" and "Thuỷ" (old and new tone-mark placement),
"Ea H'Leo" and "Ea H’Leo", "Phát thanh – Truyền hình" and "Phát thanh - Truyền hình", text pasted from a PDF
in decomposed Unicode, with non-breaking spaces or zero-width characters. Everything that compares names (the
unit search, the unit picker, the importers and the directive reader's gazetteer) goes through this module, so
a name written one way always finds the unit written the other.

Pure Python, no Django: the directive reader imports it.

- `normalize(text)` is the canonical *display* form: Unicode NFC, tone marks placed the way the Statistics
  Office's lists place them ("Hòa", "Thủy", "Ủy ban"), one kind of apostrophe and dash, single spaces.
  Two spellings of one name give the same string; different names (Phố Bảng, Phó Bảng) stay different.
- `fold(text)` drops case and every diacritic ("Đ" → "d") and unifies apostrophes and dashes, one character
  out for each character in, so positions found in the folded text are positions in the original.
- `words(text)` is the folded text with punctuation turned into single spaces, for matching whole words.
"""

import functools
import re
import unicodedata

__all__ = ["fold", "normalize", "same_name", "words"]

# Tone marks (thanh điệu) as combining characters. U+0340/U+0341 are deprecated duplicates of grave/acute
# that some legacy converters still emit.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_TONE_ALIASES = {"\u0340": "\u0300", "\u0341": "\u0301"}
# Vowel shapes that are part of the letter, not the tone: â ê ô (circumflex), ă (breve), ơ ư (horn).
_SHAPES = {"\u0302", "\u0306", "\u031b"}
_VOWELS = set("aeiouy")
# Decomposed "o"/"u" then any marks then "a"/"e"/"y": the only vowel pairs whose tone place is disputed.
_OA_OE_UY = re.compile(r"(?i)(?:o[\u0300-\u036f]*[ae]|u[\u0300-\u036f]*y)")

_APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u2032\u00b4\u0060\uff07\u201b"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_APOSTROPHE_TABLE = {ord(c): "'" for c in _APOSTROPHES} | {ord(c): "-" for c in _DASHES}
_SPACES = re.compile(r"\s+")
# A dash with a space on at least one side separates two names ("Phát thanh - Truyền hình"); a dash
# glued on both sides joins an abbreviation ("VH-TT") and stays glued.
_SPACED_DASH = re.compile(r"\s+-\s*|\s*-\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:)])")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
# A word of decomposed text: letters with their combining marks (which \w alone does not match).
_WORD = re.compile(r"(?:\w|[\u0300-\u036f])+")


def _place_tone(word: str) -> str:
    """Put the tone mark of one decomposed word where the official lists put it.

    The two conventions differ only for an open syllable whose vowels are "oa", "oe" or "uy" (after an
    onset other than "qu"): old style "hòa, khỏe, thủy", new style "hoà, khoẻ, thuỷ". The official lists of
    units use the old style, so it is the one kept. Every other syllable already has one right place.
    """
    if not _OA_OE_UY.search(word):
        return word  # only "oa", "oe", "uy" have two conventions
    letters: list[list[str]] = []  # each base letter with the marks that follow it
    tone = ""
    for char in word:
        char = _TONE_ALIASES.get(char, char)
        if unicodedata.combining(char):
            if char in _TONES:
                tone = tone or char
            elif letters:
                letters[-1].append(char)
            continue
        letters.append([char])
    if not tone:
        return word
    bases = "".join(group[0] for group in letters).lower()
    shaped = [len(group) > 1 for group in letters]
    start = 2 if bases.startswith(("qu", "gi")) and len(bases) > 2 else 0
    vowel_at = [i for i in range(start, len(bases)) if bases[i] in _VOWELS]
    current = next((i for i, group in enumerate(letters) if tone in group), None)
    if (
        len(vowel_at) == 2
        and vowel_at[1] == vowel_at[0] + 1
        and vowel_at[1] == len(bases) - 1  # open syllable: nothing after the vowels
        and bases[vowel_at[0] : vowel_at[1] + 1] in {"oa", "oe", "uy"}
        and not shaped[vowel_at[0]]
        and not shaped[vowel_at[1]]
    ):
        target = vowel_at[0]
    else:
        return word
    if current == target:
        return word
    rebuilt = []
    for i, group in enumerate(letters):
        rebuilt.extend(group)
        if i == target:
            rebuilt.append(tone)
    return "".join(rebuilt)


def _fix_tones(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return _WORD.sub(lambda m: _place_tone(m.group(0)), decomposed)


@functools.lru_cache(maxsize=100_000)
def normalize(text: str) -> str:
    """The canonical way to write a name: same name, same string; different names stay different."""
    if not text:
        return ""
    text = _INVISIBLE.sub("", text).translate(_APOSTROPHE_TABLE)
    text = unicodedata.normalize("NFC", _fix_tones(text))
    text = _SPACES.sub(" ", text).strip()
    text = _SPACED_DASH.sub(" - ", text)
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name (case aside); "Phố Bảng" and "Phó Bảng" are not the same name."""
    return normalize(a).casefold() == normalize(b).casefold()


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "Đđ":
        return "d"
    if char in _APOSTROPHES:
        return "'"
    if char in _DASHES:
        return "-"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    lowered = (base or char).lower()
    return lowered if len(lowered) == 1 else char


def fold(text: str) -> str:
    """Lower case without diacritics, one character for each character of (NFC) input.

    Spaces and punctuation are kept, so a match found in the folded text is at the same place in the
    original: the reader and the resolver cut the original text where they matched the folded one.
    A lone combining mark (decomposed input) folds to nothing, so give NFC text to keep positions exact.
    """
    return "".join(_fold_char(c) for c in text if not unicodedata.combining(c))


def words(text: str) -> str:
    """Folded text with punctuation turned into single spaces: for matching whole words."""
    return " ".join(_NOT_ALNUM.sub(" ", fold(text)).split())
