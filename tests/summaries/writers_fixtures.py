"""Sample documents for the writer tests: the báo cáo tổng hợp of the 2023 example campaign in Hoằng Hóa,
and a văn bản đôn đốc (công văn) from the same office. Plain data, no database."""

import datetime
import unicodedata

from lantoa.summaries.document import OfficialDocument, Section, Signer, Table

COMMUNES = [
    "Hoằng Xuân", "Hoằng Giang", "Hoằng Hợp", "Hoằng Phú", "Hoằng Quỳ", "Hoằng Kim", "Hoằng Trung",
    "Hoằng Trinh", "Hoằng Sơn", "Hoằng Lương", "Hoằng Xuyên", "Hoằng Cát", "Hoằng Khê", "Hoằng Quý",
    "Hoằng Đức", "Hoằng Hà", "Hoằng Đạt", "Hoằng Đạo", "Hoằng Thắng", "Hoằng Đồng",
]  # fmt: skip

APPENDIX_COLUMNS = [
    "TT",
    "Đơn vị",
    "Tin bài trên cổng TTĐT",
    "Lượt phát thanh",
    "Băng rôn, khẩu hiệu",
    "Hội nghị tuyên truyền",
    "Người được hướng dẫn",
    "Lượt tiếp cận",
]


def appendix_rows(count: int) -> list[list]:
    rows = []
    for index in range(count):
        name = f"UBND xã {COMMUNES[index % len(COMMUNES)]}"
        if index >= len(COMMUNES):
            name += f" ({index // len(COMMUNES) + 1})"
        rows.append(
            [index + 1, name, 3 + index % 7, 12 + index % 11, index % 4, 1, 150 + 37 * index, 1200 * index]
        )
    return rows


def totals_of(rows: list[list]) -> list:
    return ["", "Tổng cộng", *[sum(row[col] for row in rows) for col in range(2, len(APPENDIX_COLUMNS))]]


def figures_table(count: int = 20) -> Table:
    rows = appendix_rows(count)
    return Table(
        title="Phụ lục: Số liệu của các đơn vị",
        columns=APPENDIX_COLUMNS,
        rows=rows,
        totals=totals_of(rows),
        landscape=True,
        note="Số liệu tổng hợp từ sổ hoạt động của các đơn vị đến hết ngày 10/10/2023.",
    )


def report_document(
    *, date: datetime.date | None = datetime.date(2023, 10, 5), rows: int = 20
) -> OfficialDocument:
    return OfficialDocument(
        doc_kind="bao_cao",
        parent_agency="UBND huyện Hoằng Hóa",
        agency="Phòng Văn hóa và Thông tin",
        number="05/BC-VHTT",
        place="Hoằng Hóa",
        date=date,
        title="Báo cáo",
        subject="Kết quả tuyên truyền kỷ niệm 69 năm Ngày Giải phóng Thủ đô",
        recipients=["Ủy ban nhân dân huyện Hoằng Hóa"],
        intro=[
            (
                "Thực hiện Công văn số 1234/UBND-VHTT ngày 28/9/2023 của UBND huyện Hoằng Hóa về việc tuyên "
                "truyền kỷ niệm 69 năm Ngày Giải phóng Thủ đô (10/10/1954 - 10/10/2023), Phòng Văn hóa và "
                "Thông tin báo cáo kết quả thực hiện như sau:"
            )
        ],
        sections=[
            Section(
                heading="I. KẾT QUẢ THỰC HIỆN",
                paragraphs=[
                    "1. Có 38/38 đơn vị đã báo cáo; 36 đơn vị báo cáo đúng hạn, 2 đơn vị báo cáo muộn.",
                    (
                        "2. Toàn huyện đăng 1.234 tin, bài trên cổng thông tin điện tử; phát 2.468 lượt tin "
                        "trên hệ thống truyền thanh cơ sở; treo 312 băng rôn, khẩu hiệu."
                    ),
                ],
            ),
            Section(
                heading="II. KHÓ KHĂN, VƯỚNG MẮC",
                paragraphs=["Một số xã chưa cập nhật minh chứng kịp thời trên phần mềm."],
            ),
            Section(
                heading="III. ĐỀ XUẤT, KIẾN NGHỊ",
                paragraphs=["Đề nghị UBND huyện chỉ đạo các xã cập nhật minh chứng đầy đủ, đúng hạn."],
            ),
        ],
        closing=["Trên đây là báo cáo kết quả tuyên truyền của Phòng Văn hóa và Thông tin."],
        cc=["Như trên", "Chủ tịch, các PCT UBND huyện", "Lưu: VT, VHTT"],
        signer=Signer(authority="KT. Trưởng phòng", position="Phó Trưởng phòng", name="Lê Văn Minh"),
        appendix=[figures_table(rows)],
    )


def letter_document() -> OfficialDocument:
    return OfficialDocument(
        doc_kind="cong_van",
        parent_agency="",
        agency="Ủy ban nhân dân huyện Hoằng Hóa",
        number="   /UBND-VHTT",
        place="Hoằng Hóa",
        date=datetime.date(2023, 10, 12),
        title="",
        subject="đôn đốc báo cáo kết quả tuyên truyền kỷ niệm Ngày Giải phóng Thủ đô",
        recipients=["UBND xã Hoằng Xuân", "UBND xã Hoằng Giang", "UBND xã Hoằng Hợp"],
        intro=[
            (
                "Ngày 28/9/2023, UBND huyện ban hành Công văn số 1234/UBND-VHTT về việc tuyên truyền kỷ niệm "
                "69 năm Ngày Giải phóng Thủ đô; hạn báo cáo là ngày 15/10/2023."
            )
        ],
        closing=[
            "UBND huyện đề nghị UBND các xã khẩn trương báo cáo trước ngày 15/10/2023.",
            "Trân trọng.",
        ],
        cc=["Như trên", "Lưu: VT, VHTT"],
        signer=Signer(authority="TM. Ủy ban nhân dân", position="Chủ tịch", name="Nguyễn Văn An"),
    )


def decomposed(text: str) -> str:
    """The same text as it arrives from some legacy tools: Unicode NFD."""
    return unicodedata.normalize("NFD", text)
