"""Write tables of figures as an XLSX workbook that opens cleanly in Excel and LibreOffice.

Numbers are stored as numbers (shown with thousands separators by the reader's locale), totals are plain
values computed here rather than formulas (openpyxl cannot store a formula's cached result, and a reader
that does not recalculate would show an empty total), text is Unicode NFC and never becomes a formula.
The writer takes plain data and imports nothing from Django.
"""

import io
import re
import unicodedata
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

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

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")


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


# Cell formats are named styles registered once per workbook: a large sheet (a national campaign's
# activities are 30,000+ rows) then costs one style lookup per cell instead of four style objects.
_TEXT, _INTEGER, _DECIMAL, _HEADER, _LINK = (
    "lantoa-text",
    "lantoa-integer",
    "lantoa-decimal",
    "lantoa-header",
    "Hyperlink",
)


def _register_styles(workbook: Workbook) -> None:
    top_wrap = Alignment(vertical="top", wrap_text=True)
    right = Alignment(horizontal="right", vertical="top")
    for bold in (False, True):
        suffix = "-bold" if bold else ""
        font = Font(bold=bold)
        workbook.add_named_style(
            NamedStyle(name=_TEXT + suffix, font=font, alignment=top_wrap, border=_BORDER)
        )
        for name, number_format in ((_INTEGER, INTEGER_FORMAT), (_DECIMAL, DECIMAL_FORMAT)):
            workbook.add_named_style(
                NamedStyle(
                    name=name + suffix,
                    font=font,
                    alignment=right,
                    border=_BORDER,
                    number_format=number_format,
                )
            )
    workbook.add_named_style(
        NamedStyle(
            name=_HEADER,
            font=Font(bold=True),
            fill=_HEADER_FILL,
            border=_BORDER,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
    )
    # Keeps the name Excel and LibreOffice know for links, with our border and wrapping.
    workbook.add_named_style(
        NamedStyle(
            name=_LINK, font=Font(color="0563C1", underline="single"), alignment=top_wrap, border=_BORDER
        )
    )


class _Styler:
    """Applies a registered named style to a cell.

    openpyxl's `cell.style = name` looks the name up in a list and copies its style array on every call;
    on 300,000 cells that alone took seconds. The array is the same for every cell of a style, so it is
    resolved once per style (through the public setter) and copied from then on.
    """

    def __init__(self) -> None:
        self._arrays: dict[str, object] = {}

    def __call__(self, cell, name: str) -> None:
        array = self._arrays.get(name)
        if array is None:
            cell.style = name
            self._arrays[name] = copy(cell._style)
        else:
            cell._style = copy(array)


def _put(cell, value: Value, *, styler: _Styler, bold: bool = False) -> int:
    """Write one value; returns its display length for the column width."""
    suffix = "-bold" if bold else ""
    if value is None or value == "":
        cell.value = None
        styler(cell, _TEXT + suffix)
        return 0
    if isinstance(value, bool):
        value = "Có" if value else "Không"
    if _is_number(value):
        cell.value = value
        integral = isinstance(value, int) or float(value).is_integer()
        styler(cell, (_INTEGER if integral else _DECIMAL) + suffix)
        shown = f"{value:,.0f}" if integral else f"{value:,.2f}"
    else:
        text = _clean(str(value))
        cell.value = text
        # A text starting with "=" would otherwise be stored as a formula.
        cell.data_type = "s"
        styler(cell, _TEXT + suffix)
        shown = max(text.split("\n"), key=len)
    return len(shown)


def _fill_sheet(ws, sheet: Sheet, styler: _Styler) -> None:
    count = len(sheet.columns)
    widths = [0] * count
    for col, name in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=col)
        text = _clean(str(name))
        cell.value = text
        cell.data_type = "s"
        cell.style = _HEADER
        # Headers wrap, so the longest word matters more than the whole heading.
        widths[col - 1] = max(max((len(w) for w in text.split()), default=0), min(len(text), 18))

    for r, values in enumerate(sheet.rows, start=2):
        links = sheet.links[r - 2] if sheet.links and r - 2 < len(sheet.links) else None
        for c in range(count):
            value = values[c] if c < len(values) else None
            cell = ws.cell(row=r, column=c + 1)
            widths[c] = max(widths[c], _put(cell, value, styler=styler))
            url = links[c] if links and c < len(links) else None
            if url and _SAFE_LINK.match(url.strip()):
                cell.hyperlink = url.strip()
                styler(cell, _LINK)
                if cell.value is None:
                    cell.value = url.strip()
                    widths[c] = max(widths[c], len(url.strip()))

    totals = computed_totals(sheet) if sheet.totals is True else sheet.totals or None
    if totals:
        r = len(sheet.rows) + 2
        for c in range(count):
            value = totals[c] if c < len(totals) else None
            cell = ws.cell(row=r, column=c + 1)
            widths[c] = max(widths[c], _put(cell, value, styler=styler, bold=True))

    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(MIN_WIDTH, min(MAX_WIDTH, width * 1.15 + 2))
    ws.row_dimensions[1].height = 32 if any(len(str(n)) > 18 for n in sheet.columns) else 20
    ws.freeze_panes = "A2"
    if sheet.rows and count:
        ws.auto_filter.ref = f"A1:{get_column_letter(count)}{len(sheet.rows) + 1}"
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape" if count > 6 else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def write_xlsx(sheets: list[Sheet]) -> bytes:
    """The sheets as XLSX bytes, in order; an empty list gives one empty sheet."""
    workbook = Workbook()
    _register_styles(workbook)
    styler = _Styler()
    first = workbook.active
    taken: set[str] = set()
    if not sheets:
        first.title = sheet_title("Trang 1", taken)
    for index, sheet in enumerate(sheets):
        ws = first if index == 0 else workbook.create_sheet()
        ws.title = sheet_title(sheet.title, taken)
        _fill_sheet(ws, sheet, styler)
    workbook.properties.language = "vi-VN"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
