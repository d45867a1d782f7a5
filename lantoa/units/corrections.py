"""Known errors and disputes of the source data, reviewed in one place, each with its reason.

The division data comes from the `vietnamadminunits` package (GSO/NSO codes and names of 1/7/2025).
Cross-checked against the Statistics Office's list of the 3,321 communes of 25/6/2025 (the list that
preceded Quyết định 19/2025/QĐ-TTg), it agrees on 3,320 codes and names. What it gets wrong is corrected
here and nowhere else; what two sources disagree on, and we cannot settle, is recorded here so that
`lantoa check-units` shows it as known instead of failing on it every time.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TypeCorrection:
    type_label: str  # the type the unit really has: "Xã", "Phường", "Đặc khu"
    reason: str


# The package's type column contradicts its own names in exactly these rows. The name is right (it is the
# name the Statistics Office lists and the resolutions use), so the type follows the name.
TYPE_CORRECTIONS_2025: dict[str, TypeCorrection] = {
    "10543": TypeCorrection(
        "Phường",
        "Gói dữ liệu ghi tên “Phường Việt Hòa” (Hải Phòng) nhưng cột loại ghi “Xã”; danh mục của Cục Thống kê "
        "ngày 25/6/2025 ghi phường Việt Hòa.",
    ),
    "11848": TypeCorrection(
        "Xã",
        "Gói dữ liệu ghi tên “Xã Vĩnh Hòa” (Hải Phòng) nhưng cột loại ghi “Phường”; danh mục của Cục Thống kê "
        "ngày 25/6/2025 ghi xã Vĩnh Hòa.",
    ),
    "31213": TypeCorrection(
        "Phường",
        "Gói dữ liệu ghi tên “Phường Tân Lộc” (Cần Thơ) nhưng cột loại ghi “Xã”; danh mục của Cục Thống kê "
        "ngày 25/6/2025 ghi phường Tân Lộc.",
    ),
    "31299": TypeCorrection(
        "Xã",
        "Gói dữ liệu ghi tên “Xã Phong Điền” (Cần Thơ) nhưng cột loại ghi “Phường”; danh mục của Cục Thống kê "
        "ngày 25/6/2025 ghi xã Phong Điền.",
    ),
}


@dataclass(frozen=True)
class KnownDifference:
    """A difference between our tree and another list that has been looked at and is kept on purpose."""

    kind: str  # "code" or "name", as `check-units` names its kinds
    code: str  # our code of the unit
    other: str  # what the other list says: its code, or its name
    reason: str


KNOWN_DIFFERENCES: list[KnownDifference] = [
    KnownDifference(
        "code",
        "23938",
        "23737",
        "Xã Ia Mơ (Gia Lai): nguồn dữ liệu ghi mã 23938 (mã của xã Ia Mơ cũ, huyện Chư Prông), một số danh "
        "mục ghi 23737 (mã của xã Ia Mơ Nông cũ, huyện Chư Păh). Giữ 23938 cho đến khi Cục Thống kê xác nhận.",
    ),
    KnownDifference(
        "name",
        "00745",
        "Phó Bảng",
        "Xã Phố Bảng (Tuyên Quang): các nguồn viết “Phố Bảng” hoặc “Phó Bảng” (thị trấn Phó Bảng cũ). Giữ tên "
        "của nguồn dữ liệu; cả hai cách viết đều tìm ra đơn vị này.",
    ),
]

# Other spellings that must find a unit although the normalisation keeps them apart (a different letter,
# not a different convention): the spelling another source uses.
EXTRA_ALIASES_2025: dict[str, list[str]] = {"00745": ["Xã Phó Bảng", "UBND xã Phó Bảng"]}


def known_difference(kind: str, code: str, other: str) -> KnownDifference | None:
    from lantoa.documents.names import same_name

    for known in KNOWN_DIFFERENCES:
        if known.kind == kind and known.code == code and same_name(known.other, other):
            return known
    return None
