"""The contract between what a summary says and how it is written to a file.

Selectors and services build an `OfficialDocument` (plain data, no Django models); the writers in
`docx_writer` / `xlsx_writer` turn it into files. The same document shape serves the báo cáo tổng hợp
(doc_kind "bao_cao") and a công văn such as a văn bản đôn đốc (doc_kind "cong_van": a "V/v …" line under
the number instead of a title).
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class Signer:
    authority: str = ""  # "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN" — may be empty
    position: str = ""  # "PHÓ CHỦ TỊCH"
    name: str = ""  # "Lê Văn Minh"


@dataclass
class Section:
    heading: str  # "I. KẾT QUẢ THỰC HIỆN"
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Table:
    """A table of figures, e.g. the appendix "Phụ lục: Số liệu của các đơn vị"."""

    title: str
    columns: list[str]
    rows: list[list[str | int | float | None]]
    totals: list[str | int | float | None] | None = None
    landscape: bool = True
    note: str = ""


@dataclass
class OfficialDocument:
    doc_kind: str  # "bao_cao" | "cong_van"
    parent_agency: str  # cơ quan chủ quản, e.g. "UBND HUYỆN HOẰNG HÓA" ("" when none)
    agency: str  # cơ quan ban hành, e.g. "PHÒNG VĂN HÓA VÀ THÔNG TIN" or "ỦY BAN NHÂN DÂN HUYỆN HOẰNG HÓA"
    number: (
        str  # "05/BC-UBND" (the part after "Số: "); may have blanks "   /BC-UBND" for a number to be filled
    )
    place: str  # địa danh, e.g. "Hoằng Hóa"
    date: datetime.date | None  # None → "ngày … tháng … năm …" left to fill by hand
    title: str  # "BÁO CÁO" for a report; ignored for a công văn
    subject: str  # trích yếu: "Kết quả tuyên truyền …" (a công văn writes it as "V/v …")
    recipients: list[str] = field(default_factory=list)  # "Kính gửi:" lines; empty → no Kính gửi
    intro: list[str] = field(
        default_factory=list
    )  # paragraphs before the sections ("Thực hiện Công văn số …")
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # paragraphs after the sections
    cc: list[str] = field(
        default_factory=list
    )  # Nơi nhận items without "- " and ";", the last is "Lưu: VT, …"
    signer: Signer = field(default_factory=Signer)
    appendix: list[Table] = field(default_factory=list)
