"""Write tables of figures as an XLSX workbook that opens cleanly in Excel and LibreOffice.

Numbers are stored as numbers (shown with thousands separators by the reader's locale), totals are plain
values computed here rather than formulas (a reader that does not recalculate would show an empty
total), text is Unicode NFC and never becomes a formula.

The OOXML is written here, row by row, straight into the zip: a national campaign's annex has 30,000+
activity rows and 130,000+ links, and a cell-object library (openpyxl ~9 s, XlsxWriter ~5 s) spent most of
the compile building objects it then serialised. Rows may be any iterable, so a caller can stream them;
only one sheet part's rows are spooled (to disk past a few MB) while its column widths are measured.

Excel keeps at most 65,530 hyperlinks per worksheet and silently drops the rest. Rather than lose the
links back to activities and reports, a sheet that would go past that limit continues on a second sheet
("Hoạt động (2)", …) with the same header, so every link is kept.
The writer takes plain data and imports nothing from Django.
"""

import io
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat

Value = str | int | float | None

TOTAL_LABEL = "Tổng cộng"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
MAX_TITLE = 31
MIN_WIDTH = 6
MAX_WIDTH = 60
# Excel's limits per worksheet: hyperlinks beyond 65,530 are dropped on opening; 1,048,576 rows.
MAX_LINKS = 65_530
MAX_ROWS = 1_048_576

_FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot hold; readers refuse them, so they are dropped.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_SPOOL_BYTES = 8 * 1024 * 1024

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HYPERLINK = f"{_REL}/hyperlink"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass
class Sheet:
    """One worksheet.

    `rows`: a list, or any iterable (a generator streams a long sheet without holding it). `totals`: None
    for no totals row; True to sum every number column here (the first text column gets "Tổng cộng"); or
    an explicit row of values. `links`: optional URLs shaped like `rows` (links[r][c], None where there is
    no link), a list or an iterable consumed alongside the rows. `number_columns`: indexes of the columns
    holding figures; None → every column whose filled cells are all numbers.
    """

    title: str
    columns: list[str]
    rows: Iterable[list[Value]] = field(default_factory=list)
    totals: list[Value] | bool | None = None
    links: Iterable[list[str | None]] | None = None
    number_columns: Sequence[int] | None = None


def _clean(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _ILLEGAL_XML.sub("", text) if _ILLEGAL_XML.search(text) else text


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def sheet_title(title: str, taken: set[str]) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\, not quoted, unique in the workbook."""
    base = _FORBIDDEN_IN_TITLE.sub("-", _clean(title or "")).strip().strip("'").strip() or "Trang"
    base = base[:MAX_TITLE].rstrip()
    candidate, counter = base, 2
    lowered = {t.lower() for t in taken}
    while candidate.lower() in lowered:
        suffix = f" ({counter})"
        candidate = base[: MAX_TITLE - len(suffix)].rstrip() + suffix
        counter += 1
    taken.add(candidate)
    return candidate


class _Totals:
    """The totals row, accumulated as rows stream past: sums of the number columns and "Tổng cộng" in the
    first column of names (not in a column of row numbers left out of the sums)."""

    def __init__(self, count: int, number_columns: Sequence[int] | None):
        self.count = count
        self.named = set(number_columns) if number_columns is not None else None
        self.sums: list[int | float] = [0] * count
        self.filled = [False] * count
        self.only_numbers = [True] * count
        self.has_text = [False] * count

    def add(self, values: Sequence[Value]) -> None:
        for col in range(min(self.count, len(values))):
            value = values[col]
            if value is None or value == "":
                continue
            self.filled[col] = True
            if _is_number(value):
                self.sums[col] += value
            else:
                self.only_numbers[col] = False
                if isinstance(value, str):
                    self.has_text[col] = True

    def numbers(self) -> set[int]:
        if self.named is not None:
            return self.named
        return {c for c in range(self.count) if self.filled[c] and self.only_numbers[c]}

    def row(self) -> list[Value]:
        numbers = self.numbers()
        totals: list[Value] = [None] * self.count
        for col in numbers:
            totals[col] = self.sums[col]
        texts = [c for c in range(self.count) if self.has_text[c]]
        others = [c for c in range(self.count) if c not in numbers]
        label_col = (texts or others or [None])[0]
        if label_col is not None:
            totals[label_col] = TOTAL_LABEL
        return totals


def number_columns_of(sheet: Sheet) -> set[int]:
    """The figure columns of a sheet whose rows are a list."""
    totals = _Totals(len(sheet.columns), sheet.number_columns)
    for row in sheet.rows:
        totals.add(row)
    return totals.numbers()


def computed_totals(sheet: Sheet) -> list[Value]:
    """The totals row computed in Python for a sheet whose rows are a list."""
    totals = _Totals(len(sheet.columns), sheet.number_columns)
    for row in sheet.rows:
        totals.add(row)
    return totals.row()


def _display_length(value: Value) -> int:
    if value is None or value == "":
        return 0
    if _is_number(value):
        integral = isinstance(value, int) or float(value).is_integer()
        return len(f"{value:,.0f}" if integral else f"{value:,.2f}")
    return len(max(str(value).split("\n"), key=len))


# --- styles ---------------------------------------------------------------------------------------------
# The cell formats (cellXfs indexes below), written once in styles.xml and shared by every cell.
HEADER, TEXT, TEXT_BOLD, INTEGER, INTEGER_BOLD, DECIMAL, DECIMAL_BOLD, LINK, LINK_INTEGER, LINK_DECIMAL = (
    range(1, 11)
)
_CELL = {("text", False): TEXT, ("text", True): TEXT_BOLD}
_CELL.update({("integer", False): INTEGER, ("integer", True): INTEGER_BOLD})
_CELL.update({("decimal", False): DECIMAL, ("decimal", True): DECIMAL_BOLD})

_TOP_WRAP = '<alignment vertical="top" wrapText="1"/>'
_TOP_RIGHT = '<alignment horizontal="right" vertical="top"/>'
_STYLES = (
    _XML
    + f'<styleSheet xmlns="{_MAIN}">'
    # Builtin number formats 3 and 4 are "#,##0" and "#,##0.00": every reader knows them.
    + '<fonts count="3">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E2F3"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    "<border>"
    + "".join(
        f'<{side} style="thin"><color auto="1"/></{side}>' for side in ("left", "right", "top", "bottom")
    )
    + "<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="11">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"'
    ' applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    + "".join(
        f'<xf numFmtId="{fmt}" fontId="{font}" fillId="0" borderId="1" xfId="0" applyNumberFormat="1"'
        f' applyFont="1" applyBorder="1" applyAlignment="1">{align}</xf>'
        for fmt, font, align in (
            (0, 0, _TOP_WRAP),
            (0, 1, _TOP_WRAP),
            (3, 0, _TOP_RIGHT),
            (3, 1, _TOP_RIGHT),
            (4, 0, _TOP_RIGHT),
            (4, 1, _TOP_RIGHT),
            (0, 2, _TOP_WRAP),
            (3, 2, _TOP_RIGHT),
            (4, 2, _TOP_RIGHT),
        )
    )
    + "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _stored_width(width: float) -> float:
    # What Excel stores for a column of `width` characters: the font's padding added, in 1/256 units
    # (a width of 60 is kept as 60.71), so every reader shows the same width.
    pixels = int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)
    return int(pixels / 7 * 256) / 256


def _number_text(value: int | float) -> str:
    return str(value) if isinstance(value, int) else repr(float(value))


@dataclass
class _Part:
    """One worksheet of the file: a sheet, or one of the pieces of a sheet split at Excel's limits."""

    title: str
    columns: int
    rows: int = 0  # data rows, without the header and totals
    totals: bool = False
    widths: list[float] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (cell, URL)
    header_height: int = 20


class _Writer:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.parts: list[_Part] = []
        self.taken: set[str] = set()

    # -- cells ---------------------------------------------------------------------------------------------
    @staticmethod
    def _cell(ref: str, value: Value, *, bold: bool = False) -> tuple[str, int]:
        """The <c> element of one plain value and its display length."""
        kind = type(value)
        # The two common cases first, without the general checks: a national annex has 250,000 cells.
        if kind is str and value:
            text = _clean(value)
            length = len(text) if "\n" not in text else max(map(len, text.split("\n")))
            style = TEXT_BOLD if bold else TEXT
            return (
                f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{_escape(text)}</t></is></c>',
                length,
            )
        if kind is int:
            return f'<c r="{ref}" s="{INTEGER_BOLD if bold else INTEGER}"><v>{value}</v></c>', len(
                f"{value:,}"
            )
        if isinstance(value, bool):
            value = "Có" if value else "Không"
        if value is None or value == "":
            return f'<c r="{ref}" s="{_CELL[("text", bold)]}"/>', 0
        if _is_number(value):
            integral = isinstance(value, int) or float(value).is_integer()
            style = _CELL[("integer" if integral else "decimal", bold)]
            return f'<c r="{ref}" s="{style}"><v>{_number_text(value)}</v></c>', _display_length(value)
        text = _clean(str(value))
        # An inline string, never a formula: a text starting with "=" stays text.
        xml = f'<c r="{ref}" s="{_CELL[("text", bold)]}" t="inlineStr"><is><t xml:space="preserve">'
        return xml + f"{_escape(text)}</t></is></c>", _display_length(text)

    # -- sheets --------------------------------------------------------------------------------------------
    def add(self, sheet: Sheet) -> None:
        count = len(sheet.columns)
        letters = [_column_letters(c) for c in range(count)]
        header = [_clean(str(name)) for name in sheet.columns]
        # Headers wrap, so the longest word matters more than the whole heading.
        header_widths = [max(max((len(w) for w in t.split()), default=0), min(len(t), 18)) for t in header]
        header_height = 32 if any(len(str(n)) > 18 for n in sheet.columns) else 20
        header_xml = (
            f'<row r="1" ht="{header_height}" customHeight="1">'
            + "".join(
                f'<c r="{letters[c]}1" s="{HEADER}" t="inlineStr"><is><t xml:space="preserve">'
                f"{_escape(text)}</t></is></c>"
                for c, text in enumerate(header)
            )
            + "</row>"
        )
        accumulate = _Totals(count, sheet.number_columns) if sheet.totals is True else None
        links_of = iter(sheet.links) if sheet.links is not None else repeat(None)
        rows = iter(sheet.rows)
        pending: tuple[list[Value], list[str | None] | None] | None = None
        number = 0
        while True:
            number += 1
            suffix = f" ({number})" if number > 1 else ""
            title = _clean(sheet.title or "Trang")[: MAX_TITLE - len(suffix)].rstrip() + suffix
            part = _Part(
                title=sheet_title(title, self.taken),
                columns=count,
                widths=list(header_widths),
                header_height=header_height,
            )
            with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
                spool.write(header_xml.encode())
                pending = self._fill(part, spool, rows, links_of, letters, accumulate, pending)
                if pending is None:
                    self._totals_row(
                        part, spool, accumulate.row() if accumulate else sheet.totals or None, letters
                    )
                self._write_part(part, spool)
            if pending is None:
                return

    def _totals_row(self, part: _Part, spool, totals: list[Value] | None, letters: list[str]) -> None:
        if not totals:
            return
        r = part.rows + 2
        cells = []
        for c in range(part.columns):
            xml, length = self._cell(f"{letters[c]}{r}", totals[c] if c < len(totals) else None, bold=True)
            cells.append(xml)
            part.widths[c] = max(part.widths[c], length)
        spool.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())
        part.totals = True

    def _fill(self, part, spool, rows: Iterator, links_of: Iterator, letters, accumulate, pending):
        """Write rows into one part until the rows end (→ None) or the next row would pass Excel's limits
        (→ that row, for the next part)."""
        count = part.columns
        widths = part.widths
        chunk: list[str] = []
        row_limit = MAX_ROWS - 2  # the header and a totals row
        source = _paired(rows, links_of)
        if pending is not None:
            source = chain([pending], source)
        cell = self._cell
        text_open = f'<c s="{TEXT}" t="inlineStr"><is><t xml:space="preserve">'
        link_open = f'<c s="{LINK}" t="inlineStr"><is><t xml:space="preserve">'
        blank = f'<c s="{TEXT}"/>'
        for values, links in source:
            row_links = None
            if links:
                for c in range(min(count, len(links))):
                    url = links[c]
                    if url and _SAFE_LINK.match(url := url.strip()):
                        if row_links is None:
                            row_links = {}
                        row_links[c] = _clean(url)
            full = part.rows >= row_limit or (row_links and len(part.links) + len(row_links) > MAX_LINKS)
            if full and part.rows:
                spool.write("".join(chunk).encode())
                return values, links
            part.rows += 1
            r = part.rows + 1
            if accumulate is not None:
                accumulate.add(values)
            cells = []
            # Cells carry no reference: they sit in column order, every column written, so readers place
            # them by position (only a linked cell's reference is needed, for its hyperlink).
            for c in range(count):
                value = values[c] if c < len(values) else None
                url = row_links.get(c) if row_links else None
                if url is None:
                    kind = type(value)
                    if kind is str and value:
                        text = _clean(value)
                        length = len(text) if "\n" not in text else max(map(len, text.split("\n")))
                        cells.append(f"{text_open}{_escape(text)}</t></is></c>")
                    elif value is None or value == "":
                        cells.append(blank)
                        continue
                    else:
                        xml, length = cell("", value)
                        cells.append(xml.replace(' r=""', "", 1))
                elif _is_number(value):
                    # A figure that links to its report stays a number, shown as a link.
                    integral = isinstance(value, int) or float(value).is_integer()
                    style = LINK_INTEGER if integral else LINK_DECIMAL
                    ref = f"{letters[c]}{r}"
                    cells.append(f'<c r="{ref}" s="{style}"><v>{_number_text(value)}</v></c>')
                    length = _display_length(value)
                    part.links.append((ref, url))
                else:
                    shown = (
                        _clean(value if type(value) is str else str(value))
                        if value not in (None, "")
                        else url
                    )
                    ref = f"{letters[c]}{r}"
                    cells.append(f'<c r="{ref}"{link_open[2:]}{_escape(shown)}</t></is></c>')
                    length = len(shown) if "\n" not in shown else max(map(len, shown.split("\n")))
                    part.links.append((ref, url))
                if length > widths[c]:
                    widths[c] = length
            chunk.append(f'<row r="{r}">{"".join(cells)}</row>')
            if len(chunk) >= 500:
                spool.write("".join(chunk).encode())
                chunk.clear()
        spool.write("".join(chunk).encode())
        return None

    def _write_part(self, part: _Part, spool) -> None:
        self.parts.append(part)
        index = len(self.parts)
        count = part.columns
        last_row = part.rows + 1 + (1 if part.totals else 0)
        last_col = _column_letters(max(count, 1) - 1)
        head = [
            _XML,
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
            f'<dimension ref="A1:{last_col}{last_row}"/>',
            '<sheetViews><sheetView workbookViewId="0"' + (' tabSelected="1"' if index == 1 else "") + ">",
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            if count
            else "",
            "</sheetView></sheetViews>",
            '<sheetFormatPr defaultRowHeight="15"/>',
        ]
        if count:
            head.append("<cols>")
            for c, width in enumerate(part.widths):
                shown = max(MIN_WIDTH, min(MAX_WIDTH, width * 1.15 + 2))
                head.append(
                    f'<col min="{c + 1}" max="{c + 1}" width="{_stored_width(shown)}" customWidth="1"/>'
                )
            head.append("</cols>")
        head.append("<sheetData>")
        tail = ["</sheetData>"]
        if part.rows and count:
            tail.append(f'<autoFilter ref="A1:{last_col}{part.rows + 1}"/>')
        if part.links:
            tail.append("<hyperlinks>")
            tail.extend(
                f'<hyperlink ref="{ref}" r:id="rId{n}"/>' for n, (ref, _url) in enumerate(part.links, 1)
            )
            tail.append("</hyperlinks>")
        tail.append(
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        )
        orientation = ' orientation="landscape"' if count > 6 else ""
        tail.append(f'<pageSetup paperSize="9"{orientation} fitToWidth="1" fitToHeight="0"/>')
        tail.append("</worksheet>")
        with self.archive.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as out:
            out.write("".join(head).encode())
            spool.seek(0)
            shutil.copyfileobj(spool, out, 1024 * 1024)
            out.write("".join(tail).encode())
        if part.links:
            with self.archive.open(
                f"xl/worksheets/_rels/sheet{index}.xml.rels", "w", force_zip64=True
            ) as out:
                out.write(f'{_XML}<Relationships xmlns="{_PKG_REL}">'.encode())
                batch = []
                for n, (_ref, url) in enumerate(part.links, 1):
                    batch.append(
                        f'<Relationship Id="rId{n}" Type="{_HYPERLINK}" Target="{_attribute(url)}"'
                        ' TargetMode="External"/>'
                    )
                    if len(batch) >= 2000:
                        out.write("".join(batch).encode())
                        batch.clear()
                out.write(("".join(batch) + "</Relationships>").encode())

    # -- the package -----------------------------------------------------------------------------------------
    def finish(self) -> None:
        if not self.parts:
            self.add(Sheet(title="Trang 1", columns=[]))
        names = []
        for index, part in enumerate(self.parts):
            quoted = _quoted(part.title)
            if part.rows and part.columns:
                last_col = _column_letters(part.columns - 1)
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
                    f"{_escape(quoted)}!$A$1:${last_col}${part.rows + 1}</definedName>"
                )
            if part.columns:
                names.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                    f"{_escape(quoted)}!$1:$1</definedName>"
                )
        workbook = (
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
            + "".join(
                f'<sheet name="{_attribute(p.title)}" sheetId="{n}" r:id="rId{n}"/>'
                for n, p in enumerate(self.parts, 1)
            )
            + "</sheets>"
            + (f"<definedNames>{''.join(names)}</definedNames>" if names else "")
            + "</workbook>"
        )
        count = len(self.parts)
        workbook_rels = (
            f'{_XML}<Relationships xmlns="{_PKG_REL}">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                for n in range(1, count + 1)
            )
            + f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"
        )
        sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        content_types = (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet_type}"/>'
                for n in range(1, count + 1)
            )
            + '<Override PartName="/xl/styles.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml"'
            ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            "</Types>"
        )
        root_rels = (
            f'{_XML}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>"
        )
        core = (
            f"{_XML}<cp:coreProperties"
            ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:language>vi-VN</dc:language></cp:coreProperties>'
        )
        self.archive.writestr("[Content_Types].xml", content_types)
        self.archive.writestr("_rels/.rels", root_rels)
        self.archive.writestr("docProps/core.xml", core)
        self.archive.writestr("xl/workbook.xml", workbook)
        self.archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        self.archive.writestr("xl/styles.xml", _STYLES)


def _paired(rows: Iterator, links_of: Iterator) -> Iterator:
    """Each row with its links; links shorter than the rows leave the last rows without any."""
    for values in rows:
        yield values, next(links_of, None)


def write_xlsx_to(target, sheets: Iterable[Sheet]) -> None:
    """Write the sheets, in order, into `target` (a path or a binary file); no sheets give one empty sheet."""
    # Level 1: the XML is very repetitive, so the fastest deflate still shrinks it ~10x.
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        writer = _Writer(archive)
        for sheet in sheets:
            writer.add(sheet)
        writer.finish()


def write_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """The sheets as XLSX bytes, in order; an empty list gives one empty sheet."""
    out = io.BytesIO()
    write_xlsx_to(out, sheets)
    return out.getvalue()
