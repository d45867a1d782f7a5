"""Write an `OfficialDocument` as a DOCX laid out by Nghị định 30/2020/NĐ-CP, Phụ lục I.

The geometry follows the Government's own sample files (Phụ lục III, Mẫu 1.4 for a báo cáo, Mẫu 1.5 for a
công văn):

- A4 portrait, margins top 25 mm, bottom 20 mm, left 35 mm, right 20 mm, page header 10 mm from the edge.
  The decree allows top/bottom 20–25, left 30–35, right 15–20 mm; DESIGN.md's "25/20/35/20" is read in
  the order the sample files store it (`pgMar top=1418 bottom=1134 left=1985 right=1134` twips), i.e.
  top 25, bottom 20, left 35, right 20 — exactly the Government's own files.
- Times New Roman everywhere (ascii, hAnsi, eastAsia and cs fonts, in the defaults and on every run, so no
  reader substitutes a font for the Vietnamese diacritics).
- Header and signature blocks are borderless two-column tables with the column widths of the sample forms;
  the short rules under the agency name and the trích yếu, and the full-length rule under the Tiêu ngữ, are
  bottom borders of empty paragraphs indented to the wanted length (the text itself is never underlined).
- Page numbers are a centred PAGE field in the page header, hidden on the first page; every appendix starts a
  new section (landscape when `Table.landscape`) numbered from 1 on its own.
- Conventions of the sample forms applied to the content: the body ends with "./."; with a "Kính gửi" the
  Nơi nhận list starts with "Như trên" and it always ends with a "Lưu: VT…" item; appendix titles are
  written UPPER under a "Phụ lục" (or "Phụ lục I", "II"… when there are several) line and a "(Kèm theo …)"
  line.

The writer takes plain data and returns bytes; it imports nothing from Django.
"""

import datetime
import functools
import io
import re
import unicodedata
from collections.abc import Iterable

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, Twips

from lantoa.summaries.document import OfficialDocument, Signer, Table

FONT = "Times New Roman"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(25)
MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT = Mm(35)
MARGIN_RIGHT = Mm(20)
HEADER_DISTANCE = Mm(10)
FOOTER_DISTANCE = Mm(10)
FIRST_LINE_INDENT = Cm(1.27)

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK_DATE = "ngày … tháng … năm …"

# Column widths in twips of the sample forms (Phụ lục III): (header left, header right, footer left, footer right).
_LAYOUT = {
    "bao_cao": {"header": (3829, 5670), "footer": (3400, 5884), "national_size": 13},
    "cong_van": {"header": (3852, 5402), "footer": (3510, 5812), "national_size": 12},
}
_HEADER_INDENT = -199  # twips; the sample forms let the header table hang a little into the left margin
_CELL_MARGIN = 108  # twips; Word's default left/right cell margin, part of every column width

# Advance widths (1/1000 em) of Times New Roman for the printable ASCII range, from the metric-compatible
# Liberation Serif. Vietnamese letters take the width of their base letter, so these are enough to size
# the rules under the header lines without the font being installed.
_REGULAR_WIDTHS = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722,
    722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333,
    278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
)  # fmt: skip
_BOLD_WIDTHS = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778,
    778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333,
    278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
)  # fmt: skip


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def text_width_pt(text: str, size: float, *, bold: bool = False) -> float:
    """The printed width of one line of `text` in points, in Times New Roman."""
    widths = _BOLD_WIDTHS if bold else _REGULAR_WIDTHS
    total = 0
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            continue
        char = {"Đ": "D", "đ": "d"}.get(char, char)
        index = ord(char) - 32
        total += widths[index] if 0 <= index < len(widths) else 500
    return total * size / 1000


def vietnamese_date(date: datetime.date | None) -> str:
    """ "ngày 05 tháng 10 năm 2023": days 1–9 and months 1–2 take a leading zero (Phụ lục I, II.4.b)."""
    if date is None:
        return BLANK_DATE
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {day} tháng {month} năm {date.year}"


def date_line(place: str, date: datetime.date | None) -> str:
    place = nfc(place).strip()
    when = vietnamese_date(date)
    return f"{place}, {when}" if place else when[0].upper() + when[1:]


def format_number(value: int | float) -> str:
    """1234567 → "1.234.567"; 1234.5 → "1.234,5" (Vietnamese separators)."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --------------------------------------------------------------------------------------------------------
# Low-level formatting


def _set_fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]  # theme fonts would override the explicit ones
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)


def _add_run(paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(nfc(text))
    _set_fonts(run._r.get_or_add_rPr())
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(size * 2)))
    run._r.rPr.append(size_cs)
    return run


def _format(
    paragraph,
    *,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
    first_line=None,
    left=None,
    right=None,
    keep_with_next: bool = False,
):
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    if first_line is not None:
        fmt.first_line_indent = first_line
    if left is not None:
        fmt.left_indent = left
    if right is not None:
        fmt.right_indent = right
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


def _line(container, text: str, size: float, *, bold=False, italic=False, **fmt):
    paragraph = container.add_paragraph()
    _format(paragraph, **fmt)
    if text:
        _add_run(paragraph, text, size, bold=bold, italic=italic)
    else:
        _mark_size(paragraph, size)
    return paragraph


def _first_line(cell, text: str, size: float, **kwargs):
    """Write into the empty paragraph every new cell starts with, then add paragraphs after it."""
    paragraph = cell.paragraphs[0]
    if paragraph.runs:
        return _line(cell, text, size, **kwargs)
    fmt = {k: v for k, v in kwargs.items() if k not in ("bold", "italic")}
    _format(paragraph, **fmt)
    _add_run(paragraph, text, size, bold=kwargs.get("bold", False), italic=kwargs.get("italic", False))
    return paragraph


def _mark_size(paragraph, size: float) -> None:
    """Size the paragraph mark, which sets the height of an empty paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    _set_fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(max(2, int(size * 2))))
        rpr.append(element)


_PPR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _rule(container, length_twips: int, available_twips: int):
    """A solid 0.75 pt rule of the given length, centred: the bottom border of an empty, indented paragraph."""
    length = max(300, min(int(length_twips), available_twips))
    side = max(0, (available_twips - length) // 2)
    paragraph = container.add_paragraph()
    _format(paragraph, left=Twips(side), right=Twips(side))
    _mark_size(paragraph, 2)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.insert_element_before(borders, *_PPR_AFTER_BORDER)
    return paragraph


def _pt_to_twips(points: float) -> int:
    return round(points * 20)


def _table(container, widths: Iterable[int], rows: int = 1, *, borders: str = "nil", indent: int = 0):
    """A fixed-layout table; `borders` is "nil" for the header/signature blocks or "single" for figures."""
    widths = [int(w) for w in widths]
    table = container.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    tbl = table._tbl
    tblpr = tbl.tblPr
    for child in list(tblpr):
        if child.tag != qn("w:tblStyle"):
            tblpr.remove(child)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(widths)))
    width.set(qn("w:type"), "dxa")
    tblpr.append(width)
    if indent:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), str(indent))
        ind.set(qn("w:type"), "dxa")
        tblpr.append(ind)
    tblpr.append(_borders("w:tblBorders", borders, ("top", "left", "bottom", "right", "insideH", "insideV")))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    look = OxmlElement("w:tblLook")
    look.set(qn("w:val"), "0000")
    tblpr.append(look)
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(w))
    for row in table.rows:
        _style_row_cells(row, widths, borders)
    return table


def _borders(tag: str, kind: str, sides: Iterable[str]):
    element = OxmlElement(tag)
    for side in sides:
        border = OxmlElement(f"w:{side}")
        if kind == "nil":
            border.set(qn("w:val"), "nil")
        else:
            for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
                border.set(qn(key), value)
        element.append(border)
    return element


def _style_row_cells(row, widths: list[int], borders: str) -> list:
    cells = row.cells
    for cell, width in zip(cells, widths, strict=True):
        cell.width = Twips(width)
        tcpr = cell._tc.get_or_add_tcPr()
        if borders == "nil":
            tcpr.append(_borders("w:tcBorders", "nil", ("top", "left", "bottom", "right")))
        cell.vertical_alignment = (
            WD_CELL_VERTICAL_ALIGNMENT.TOP if borders == "nil" else WD_CELL_VERTICAL_ALIGNMENT.CENTER
        )
    return cells


def _row_properties(row, *, header: bool = False) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


# --------------------------------------------------------------------------------------------------------
# Document parts


def _setup_styles(doc) -> None:
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    for element in rpr_default.findall(qn("w:sz")) + rpr_default.findall(qn("w:szCs")):
        element.set(qn("w:val"), "28")
    lang = rpr_default.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    ppr_default = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr_default.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    _set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(14)


def _setup_section(section, *, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = FOOTER_DISTANCE
    section.different_first_page_header_footer = True


def _restart_page_numbers(section) -> None:
    sectpr = section._sectPr
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    sectpr.insert_element_before(
        numbering,
        "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
        "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
    )  # fmt: skip


def _page_number_header(section) -> None:
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    _format(paragraph)
    for kind, text in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "2"),
        ("end", None),
    ):
        run = _add_run(paragraph, "", 14)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
    first = section.first_page_header
    first.is_linked_to_previous = False
    _format(first.paragraphs[0])
    _mark_size(first.paragraphs[0], 14)


def _content_twips(width: int) -> int:
    return width - 2 * _CELL_MARGIN


def _write_header(doc, document: OfficialDocument, layout: dict) -> None:
    left_width, right_width = layout["header"]
    table = _table(doc, (left_width, right_width), rows=2, indent=_HEADER_INDENT)
    left, right = table.rows[0].cells
    number_cell, date_cell = table.rows[1].cells
    left_text = _content_twips(left_width)
    right_text = _content_twips(right_width)

    agency = nfc(document.agency).upper().strip()
    parent = nfc(document.parent_agency).upper().strip()
    if parent:
        _first_line(left, parent, 13)
    agency_lines = agency.splitlines() or [""]
    for part in agency_lines:
        _first_line(left, part, 13, bold=True)
    longest = max(text_width_pt(part, 13, bold=True) for part in agency_lines)
    _rule(left, min(_pt_to_twips(longest), left_text) * 0.4, left_text)

    national_size = layout["national_size"]
    _first_line(right, NATIONAL_NAME, national_size, bold=True)
    _first_line(right, MOTTO, 14, bold=True)
    _rule(right, _pt_to_twips(text_width_pt(MOTTO, 14, bold=True)), right_text)

    # A number left blank ("   /BC-UBND") keeps its spaces for the văn thư to fill in by hand.
    _first_line(number_cell, f"Số: {nfc(document.number).rstrip()}", 13, before=4)
    if document.doc_kind == "cong_van" and document.subject.strip():
        _line(number_cell, _vv(document.subject), 12, before=6)
    _first_line(date_cell, date_line(document.place, document.date), 14, italic=True, before=4)


def _vv(subject: str) -> str:
    subject = nfc(subject).strip()
    return subject if subject.lower().startswith("v/v") else f"V/v {subject}"


def _write_title(doc, document: OfficialDocument, text_twips: int) -> None:
    title = nfc(document.title).strip().upper() or "BÁO CÁO"
    _line(doc, title, 14, bold=True, before=18, keep_with_next=True)
    subject = nfc(document.subject).strip()
    if subject:
        _line(doc, subject, 14, bold=True, keep_with_next=True)
        width = min(_pt_to_twips(text_width_pt(subject, 14, bold=True)), text_twips)
        _rule(doc, width * 0.4, text_twips)


def _write_recipients(doc, recipients: list[str], *, first: bool) -> None:
    recipients = [nfc(r).strip().rstrip(";.").strip() for r in recipients if r and r.strip()]
    if not recipients:
        return
    before = 18 if first else 12
    if len(recipients) == 1:
        _line(doc, f"Kính gửi: {recipients[0]}.", 14, before=before, after=6)
        return
    # Mẫu 1.5: "Kính gửi:" starts about 3.5 cm in; the dashes line up under its colon, wrapped lines after
    # the dash.
    start = Cm(3.5)
    colon = Pt(text_width_pt("Kính gửi", 14))
    dash = Pt(text_width_pt("- ", 14))
    _line(doc, "Kính gửi:", 14, align=WD_ALIGN_PARAGRAPH.LEFT, before=before, left=start, keep_with_next=True)
    for index, recipient in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        _line(
            doc,
            f"- {recipient}{end}",
            14,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            left=start + colon + dash,
            first_line=-dash,
            after=6 if end == "." else 0,
            keep_with_next=end == ";",
        )


def _end_body(text: str) -> str:
    """The sample forms close the body with "./."."""
    text = text.rstrip()
    if text.endswith("./."):
        return text
    if text.endswith((".", ";", ":", ",")):
        return text[:-1] + "./."
    return text + "./."


def _body_paragraphs(document: OfficialDocument) -> list[tuple[str, bool]]:
    """(text, is_heading) in reading order, each paragraph on its own (embedded newlines split)."""

    def split(texts):
        for text in texts:
            for part in nfc(text).split("\n"):
                if part.strip():
                    yield part.strip()

    out = [(t, False) for t in split(document.intro)]
    for section in document.sections:
        out.extend((t, True) for t in split([section.heading]))
        out.extend((t, False) for t in split(section.paragraphs))
    out.extend((t, False) for t in split(document.closing))
    return out


def _write_body(doc, document: OfficialDocument) -> None:
    paragraphs = _body_paragraphs(document)
    last = max((i for i, (_, heading) in enumerate(paragraphs) if not heading), default=None)
    for index, (text, heading) in enumerate(paragraphs):
        if index == last:
            text = _end_body(text)
        _line(
            doc,
            text,
            14,
            bold=heading,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            first_line=FIRST_LINE_INDENT,
            before=6 if index == 0 else 0,
            after=6,
            line=1.15,
            keep_with_next=heading or index == len(paragraphs) - 1,
        )


def _cc_items(document: OfficialDocument) -> list[str]:
    items = [nfc(item).strip().lstrip("-").strip().rstrip(";.").strip() for item in document.cc]
    items = [item for item in items if item]
    if document.recipients and (not items or items[0].lower() != "như trên"):
        items.insert(0, "Như trên")
    if not any(item.lower().startswith("lưu") for item in items):
        items.append("Lưu: VT")
    return items


def _write_footer(doc, document: OfficialDocument, layout: dict) -> None:
    left_width, right_width = layout["footer"]
    spacer = _line(doc, "", 14)
    spacer.paragraph_format.keep_with_next = True
    table = _table(doc, (left_width, right_width), rows=1)
    _row_properties(table.rows[0])
    left, right = table.rows[0].cells

    _first_line(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    items = _cc_items(document)
    for index, item in enumerate(items):
        end = "." if index == len(items) - 1 else ";"
        _line(left, f"- {item}{end}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)

    _write_signer(right, document.signer)


def _write_signer(cell, signer: Signer) -> None:
    authority = nfc(signer.authority).strip().upper()
    position = nfc(signer.position).strip().upper()
    for line in authority.splitlines():
        _first_line(cell, line, 14, bold=True)
    if position:
        _first_line(cell, position, 14, bold=True)
    # Room for the handwritten signature and the seal (about 3 cm); a cell with no authority or position
    # already holds one empty paragraph.
    blanks = 4 if cell.paragraphs[0].runs else 3
    for _ in range(blanks):
        _line(cell, "", 14)
    _line(cell, nfc(signer.name).strip(), 14, bold=True)


# --------------------------------------------------------------------------------------------------------
# Appendices


def _appendix_heading(document: OfficialDocument, table: Table, index: int, count: int) -> tuple[str, str]:
    """("Phụ lục II", "SỐ LIỆU CỦA CÁC ĐƠN VỊ") from a title such as "Phụ lục: Số liệu của các đơn vị"."""
    title = nfc(table.title).strip()
    label = "Phụ lục" if count == 1 else f"Phụ lục {_roman(index + 1)}"
    lowered = title.lower()
    if lowered.startswith("phụ lục"):
        head, sep, rest = title.partition(":")
        if sep:
            title = rest.strip()
            if count == 1 and head.strip().lower() != "phụ lục":
                label = head.strip()
        else:
            title = ""
    return label, title.upper()


def _roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out += numeral
            number -= value
    return out


def _attached_to(document: OfficialDocument) -> str:
    kind = (
        "Công văn"
        if document.doc_kind == "cong_van"
        else nfc(document.title).strip().capitalize() or "Báo cáo"
    )
    return f"(Kèm theo {kind} số {nfc(document.number).rstrip()} {vietnamese_date(document.date)})"


def _cell_text(value) -> str:
    if value is None:
        return ""
    if _is_number(value) or isinstance(value, bool):
        return format_number(value)
    return nfc(str(value))


_COLUMN_PAD_PT = 2 * _CELL_MARGIN / 20 + 4  # the cell's margins and a little air, in points
_WORD_SAFETY = 1.04  # the widths are Liberation Serif's; a reader's Times New Roman may run a hair wider


def _column_needs(table: Table, size: float) -> tuple[list[float], list[float]]:
    """Per column, in points: what must fit on one line (the longest word of the header, the widest number —
    a header broken mid-word, "Th/ời/lư/ợn/g", or a figure split over two lines misreads), and what the
    column would like (its widest cell, a third of its header)."""
    minimum, natural = [], []
    for col, name in enumerate(table.columns):
        header = nfc(str(name))
        widest_word = max((text_width_pt(word, size, bold=True) for word in header.split()), default=0)
        values = [row[col] for row in table.rows if col < len(row)]
        if table.totals and col < len(table.totals):
            values.append(table.totals[col])
        numbers = max(
            (text_width_pt(_cell_text(v), size, bold=True) for v in values if _is_number(v)), default=0
        )
        content = max((text_width_pt(_cell_text(v), size) for v in values), default=0)
        least = max(widest_word, numbers) * _WORD_SAFETY + _COLUMN_PAD_PT
        minimum.append(least)
        natural.append(max(least, text_width_pt(header, size, bold=True) / 3 + _COLUMN_PAD_PT, content + 4))
    return minimum, natural


def _columns_fit(table: Table, available: int, size: float) -> bool:
    return sum(_column_needs(table, size)[0]) <= available / 20


def _column_widths(table: Table, available: int, size: float) -> list[int]:
    """Twips per column, filling `available`: every column gets at least its unbreakable minimum; what is
    left goes to the columns in proportion to how much more they would like (a long unit name, not "TT")."""
    minimum, natural = _column_needs(table, size)
    room = available / 20
    cap = room * 0.45
    natural = [max(least, min(max(width, 24), cap)) for least, width in zip(minimum, natural, strict=True)]
    if sum(minimum) >= room:
        # Too many columns for the page even at the smallest size: shrink evenly (the caller tried smaller
        # type first).
        points = [least * room / sum(minimum) for least in minimum]
    elif sum(natural) <= room:
        points = [width * room / sum(natural) for width in natural]
    else:
        spare = room - sum(minimum)
        wants = [width - least for least, width in zip(minimum, natural, strict=True)]
        points = [least + spare * want / sum(wants) for least, want in zip(minimum, wants, strict=True)]
    widths = [int(width * 20) for width in points]
    widths[-1] += available - sum(widths)
    return widths


def _write_appendix(doc, document: OfficialDocument, table: Table, index: int, count: int) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _setup_section(section, landscape=table.landscape)
    _restart_page_numbers(section)
    available = int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips

    label, title = _appendix_heading(document, table, index, count)
    _line(doc, label, 14, bold=True, keep_with_next=True)
    if title:
        _line(doc, title, 14, bold=True, keep_with_next=True)
    _line(doc, _attached_to(document), 14, italic=True, after=12, keep_with_next=True)

    columns = len(table.columns)
    size = 12 if columns <= 8 else 11 if columns <= 12 else 10
    # Smaller type before any header word has to break (down to 8 pt, still legible on paper).
    while size > 8 and not _columns_fit(table, available, size):
        size -= 1
    widths = _column_widths(table, available, size)
    grid = _table(doc, widths, rows=1, borders="single")
    header = grid.rows[0]
    _row_properties(header, header=True)
    for cell, name in zip(header.cells, table.columns, strict=True):
        _first_line(cell, str(name), size, bold=True)
    body_rows = list(table.rows)
    if table.totals:
        body_rows.append(table.totals)
    tbl = grid._tbl
    # The rows are written as one XML text and parsed once: a national appendix has 3,000+ rows, and
    # building them element by element took seconds.
    xml = []
    for row_index, values in enumerate(body_rows):
        is_total = table.totals is not None and row_index == len(body_rows) - 1
        cells = [values[col] if col < len(values) else None for col in range(columns)]
        xml.append(_figure_row_xml(cells, widths, size, bold=is_total))
    tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>"))
    if table.note.strip():
        _line(doc, table.note, 12, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6)


_FONTS_XML = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'


@functools.cache
def _figure_cell_parts(size: float, bold: bool) -> tuple[str, str, str]:
    """The XML of a bordered-table cell, cut around its width, its alignment and its text."""
    half_points = int(size * 2)
    bold_xml = "<w:b/><w:bCs/>" if bold else ""
    run = f'<w:rPr>{_FONTS_XML}{bold_xml}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    return (
        '<w:tc><w:tcPr><w:tcW w:w="',
        (
            '" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="'
        ),
        (
            f'"/><w:rPr>{_FONTS_XML}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr></w:pPr>'
            f'<w:r>{run}<w:t xml:space="preserve">'
        ),
    )


# Characters XML 1.0 cannot hold: dropped rather than refusing the whole document.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_escape(text: str) -> str:
    text = _ILLEGAL_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _figure_row_xml(values: list, widths: list[int], size: float, *, bold: bool) -> str:
    """One row of the appendix as XML text: bordered cells of the given widths, figures aligned right."""
    start, align, text_open = _figure_cell_parts(size, bold)
    cells = []
    for value, width in zip(values, widths, strict=True):
        text = _cell_text(value)
        jc = "right" if _is_number(value) else "left"
        if text:
            body = f"{text_open}{xml_escape(text)}</w:t></w:r></w:p></w:tc>"
        else:
            body = text_open.split("<w:r>", 1)[0] + "</w:p></w:tc>"
        cells.append(f"{start}{width}{align}{jc}{body}")
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>"


# --------------------------------------------------------------------------------------------------------


def write_docx(document: OfficialDocument) -> bytes:
    """The document as DOCX bytes (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""
    if document.doc_kind not in _LAYOUT:
        raise ValueError(
            f"Loại văn bản không hỗ trợ: {document.doc_kind!r} (dùng 'bao_cao' hoặc 'cong_van')."
        )
    layout = _LAYOUT[document.doc_kind]
    doc = Document()
    _setup_styles(doc)
    section = doc.sections[0]
    _setup_section(section)
    _page_number_header(section)
    text_twips = int((PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / 635)

    _write_header(doc, document, layout)
    if document.doc_kind == "bao_cao":
        _write_title(doc, document, text_twips)
    _write_recipients(doc, document.recipients, first=document.doc_kind == "cong_van")
    _write_body(doc, document)
    _write_footer(doc, document, layout)
    for index, table in enumerate(document.appendix):
        _write_appendix(doc, document, table, index, len(document.appendix))

    properties = doc.core_properties
    properties.title = nfc(document.subject).strip()[:255]
    properties.author = nfc(document.agency).strip()[:255]
    properties.language = "vi-VN"
    properties.created = datetime.datetime.now(tz=datetime.UTC)
    properties.modified = properties.created
    properties.last_modified_by = properties.author
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
