"""One normalisation of names: however a name is typed, it finds the unit written the other way.

Vietnamese names come with two tone-mark conventions ("Hòa"/"Hoà", "Thủy"/"Thuỷ", "Ủy"/"Uỷ"), three
apostrophes (Ea H'Leo, Ea H’Leo, Ea Hʼ Leo), several dashes, decomposed Unicode from PDFs, and stray spaces.
"""

import unicodedata

import pytest

from lantoa.documents.names import fold, normalize, same_name, words
from lantoa.units.names import name_key


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Thuỷ", "Thủy"),
        ("Hoà Bình", "Hòa Bình"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("khoẻ", "khỏe"),
        ("THUỶ NGUYÊN", "THỦY NGUYÊN"),
        ("Thuỵ Khuê", "Thụy Khuê"),
        ("Ea H’Leo", "Ea H'Leo"),
        ("Ea Hʼ Leo", "Ea H' Leo"),
        ("Đài Phát thanh – Truyền hình  Hậu Giang", "Đài Phát thanh - Truyền hình Hậu Giang"),
        ("Phát thanh—Truyền hình", "Phát thanh—Truyền hình".replace("—", "-")),
        ("  xã\u00a0Ia Mơ ,", "xã Ia Mơ,"),
        ("Văn\u200bphòng", "Vănphòng"),
    ],
)
def test_every_spelling_of_a_name_normalises_to_the_one_the_official_lists_use(typed, canonical):
    assert normalize(typed) == canonical


def test_syllables_with_one_right_tone_place_are_left_alone():
    for name in ("Hoàn Kiếm", "Quỳnh Lưu", "Hoằng Hóa", "Quý", "giữa", "Thuyên", "Ngọc Hồi", "Phong Điền"):
        assert normalize(name) == name


def test_decomposed_text_from_a_pdf_is_the_same_name():
    decomposed = unicodedata.normalize("NFD", "Xã Thuỷ Xuân")
    assert normalize(decomposed) == "Xã Thủy Xuân"
    assert same_name(decomposed, "xã thủy xuân")


def test_a_different_letter_is_a_different_name():
    assert not same_name("Phố Bảng", "Phó Bảng")
    assert not same_name("Ia Mơ", "Ia Mơ Nông")


def test_fold_keeps_every_position_so_matches_can_be_cut_from_the_original():
    original = "Ủy ban nhân dân xã Ea H’Leo – Hòa"
    folded = fold(original)
    assert folded == "uy ban nhan dan xa ea h'leo - hoa"
    assert len(folded) == len(original)
    start = folded.index("ea h'leo")
    assert original[start : start + len("ea h'leo")] == "Ea H’Leo"


def test_words_and_keys_ignore_conventions_and_punctuation():
    assert words("Ea H’Leo") == words("Ea H'Leo") == "ea h leo"
    assert name_key("Thuỷ") == name_key("Thủy")
    assert name_key("UBND xã Ea H’Leo") == name_key("Ủy ban nhân dân xã Ea H'Leo")
    assert name_key("Phòng VH-TT") == name_key("Phòng Văn hoá và Thông tin")
