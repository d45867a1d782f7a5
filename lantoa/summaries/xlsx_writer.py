"""Write tables of figures as an XLSX workbook (with XlsxWriter) that opens cleanly in Excel and LibreOffice.

Numbers are stored as numbers (shown with thousands separators by the reader's locale), totals are plain
values computed here rather than formulas (a reader that does not recalculate would show an empty
total), text is Unicode NFC and never becomes a formula.
The writer takes plain data and imports nothing from Django.
"""

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import xlsxwriter

Value = str | int | float | None

TOTAL_LABEL = "Tổng cộng"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
MAX_TITLE = 31
MIN_WIDTH = 6
MAX_WIDTH = 60

_FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot hold; openpyxl refuses them, so they are dropped.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


@dataclass
class Sheet:
    """One worksheet.

    `totals`: None for no totals row; True to sum every number column here (the first text column gets
    "Tổng cộng"); or an explicit row of values. `links`: optional URLs shaped like `rows` (links[r][c], None
    where there is no link). `number_columns`: indexes of the columns holding figures; None → every column
    whose filled cells are all numbers.
    """

    title: str
    columns: list[str]
    rows: list[list[Value]]
    totals: list[Value] | bool | None = None
    links: list[list[str | None]] | None = None
    number_columns: Sequence[int] | None = None


def _clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", unicodedata.normalize("NFC", text))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def sheet_title(title: str, taken: set[str]) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\, not quoted, unique in the workbook."""
    base = _FORBIDDEN_IN_TITLE.sub("-", _clean(title or "")).strip().strip("'").strip() or "Trang"
    base = base[:MAX_TITLE].rstrip()
    candidate, counter = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({counter})"
        candidate = base[: MAX_TITLE - len(suffix)].rstrip() + suffix
        counter += 1
    taken.add(candidate)
    return candidate


def number_columns_of(sheet: Sheet) -> set[int]:
    if sheet.number_columns is not None:
        return set(sheet.number_columns)
    found = set()
    for col in range(len(sheet.columns)):
        values = [row[col] for row in sheet.rows if col < len(row) and row[col] not in (None, "")]
        if values and all(_is_number(v) for v in values):
            found.add(col)
    return found


def computed_totals(sheet: Sheet) -> list[Value]:
    """The totals row computed in Python: sums of the number columns, "Tổng cộng" in the first text column."""
    numbers = number_columns_of(sheet)
    totals: list[Value] = [None] * len(sheet.columns)
    for col in numbers:
        totals[col] = sum(row[col] for row in sheet.rows if col < len(row) and _is_number(row[col]))
    # The label goes in the first column of names, not in a column of row numbers left out of the sums.
    texts = [
        c for c in range(len(sheet.columns)) if any(isinstance(r[c], str) for r in sheet.rows if c < len(r))
    ]
    others = [c for c in range(len(sheet.columns)) if c not in numbers]
    label_col = (texts or others or [None])[0]
    if label_col is not None:
        totals[label_col] = TOTAL_LABEL
    return totals


def _display_length(value: Value) -> int:
    if value is None or value == "":
        return 0
    if _is_number(value):
        integral = isinstance(value, int) or float(value).is_integer()
        return len(f"{value:,.0f}" if integral else f"{value:,.2f}")
    return len(max(str(value).split("\n"), key=len))


class _Formats:
    """The cell formats of one workbook, made once: XlsxWriter shares a format between all its cells."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        border = {"border": 1}
        self.header = workbook.add_format(
            {
                **border,
                "bold": True,
                "bg_color": "#D9E2F3",
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        )
        self.link = workbook.add_format(
            {**border, "font_color": "#0563C1", "underline": 1, "valign": "top", "text_wrap": True}
        )
        self.link_numbers = {
            integral: workbook.add_format(
                {
                    **border,
                    "font_color": "#0563C1",
                    "underline": 1,
                    "align": "right",
                    "valign": "top",
                    "num_format": INTEGER_FORMAT if integral else DECIMAL_FORMAT,
                }
            )
            for integral in (True, False)
        }
        self.cells = {}
        for bold in (False, True):
            self.cells[("text", bold)] = workbook.add_format(
                {**border, "bold": bold, "valign": "top", "text_wrap": True}
            )
            for kind, number_format in (("integer", INTEGER_FORMAT), ("decimal", DECIMAL_FORMAT)):
                self.cells[(kind, bold)] = workbook.add_format(
                    {**border, "bold": bold, "align": "right", "valign": "top", "num_format": number_format}
                )


def _write_value(ws, row: int, col: int, value: Value, formats: _Formats, *, bold: bool = False) -> int:
    """Write one value (0-based row/col); returns its display length for the column width."""
    if isinstance(value, bool):
        value = "Có" if value else "Không"
    if value is None or value == "":
        ws.write_blank(row, col, None, formats.cells[("text", bold)])
        return 0
    if _is_number(value):
        integral = isinstance(value, int) or float(value).is_integer()
        ws.write_number(row, col, value, formats.cells[("integer" if integral else "decimal", bold)])
        return _display_length(value)
    text = _clean(str(value))
    # write_string, never write(): a text starting with "=" must stay text, not become a formula.
    ws.write_string(row, col, text, formats.cells[("text", bold)])
    return _display_length(text)


def _fill_sheet(ws, sheet: Sheet, formats: _Formats) -> None:
    count = len(sheet.columns)
    widths = [0] * count
    for col, name in enumerate(sheet.columns):
        text = _clean(str(name))
        ws.write_string(0, col, text, formats.header)
        # Headers wrap, so the longest word matters more than the whole heading.
        widths[col] = max(max((len(w) for w in text.split()), default=0), min(len(text), 18))

    for r, values in enumerate(sheet.rows, start=1):
        links = sheet.links[r - 1] if sheet.links and r - 1 < len(sheet.links) else None
        for c in range(count):
            value = values[c] if c < len(values) else None
            url = links[c] if links and c < len(links) else None
            url = url.strip() if url else None
            if url and _SAFE_LINK.match(url):
                shown = _clean(str(value)) if value not in (None, "") else url
                ws.write_url(r, c, url, formats.link, string=shown)
                if _is_number(value):
                    # A figure that links to its report stays a number: the link is kept in the sheet's
                    # hyperlink table while the cell's value is rewritten as a number.
                    integral = isinstance(value, int) or float(value).is_integer()
                    ws.write_number(r, c, value, formats.link_numbers[integral])
                widths[c] = max(widths[c], _display_length(shown))
            else:
                widths[c] = max(widths[c], _write_value(ws, r, c, value, formats))

    totals = computed_totals(sheet) if sheet.totals is True else sheet.totals or None
    if totals:
        r = len(sheet.rows) + 1
        for c in range(count):
            value = totals[c] if c < len(totals) else None
            widths[c] = max(widths[c], _write_value(ws, r, c, value, formats, bold=True))

    for c, width in enumerate(widths):
        ws.set_column(c, c, max(MIN_WIDTH, min(MAX_WIDTH, width * 1.15 + 2)))
    ws.set_row(0, 32 if any(len(str(n)) > 18 for n in sheet.columns) else 20)
    ws.freeze_panes(1, 0)
    if sheet.rows and count:
        ws.autofilter(0, 0, len(sheet.rows), count - 1)
    ws.hide_gridlines(0)
    if count > 6:
        ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def write_xlsx(sheets: list[Sheet]) -> bytes:
    """The sheets as XLSX bytes, in order; an empty list gives one empty sheet."""
    out = io.BytesIO()
    # XlsxWriter rather than openpyxl for writing: a national campaign's activity sheet has 30,000+ rows
    # and openpyxl took ~9 s for it (tests and importers still read files with openpyxl).
    workbook = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_urls": False, "strings_to_formulas": False}
    )
    formats = _Formats(workbook)
    taken: set[str] = set()
    if not sheets:
        workbook.add_worksheet(sheet_title("Trang 1", taken))
    for sheet in sheets:
        ws = workbook.add_worksheet(sheet_title(sheet.title, taken))
        _fill_sheet(ws, sheet, formats)
    workbook.set_properties({"language": "vi-VN"})
    workbook.close()
    return out.getvalue()
