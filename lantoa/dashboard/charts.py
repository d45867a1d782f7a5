"""Bar charts drawn on the server as SVG, so a phone shows them without any JavaScript library.

Bars are horizontal and every label sits on its own line(s) above its bar, so a long commune name wraps
instead of squeezing the bar on a 360-px screen; every bar has its number printed beside it. The drawing
takes plain data and imports nothing from Django.
"""

import datetime
import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

Number = int | float

WIDTH = 300  # viewBox units; the SVG scales to the card's width
BAR_SPACE = 215  # the longest bar; what is left holds its number
FONT = 15
LINE = 19
BAR = 16
LABEL_CHARS = 34  # characters per label line at FONT on WIDTH
ACCEPTED_COLOUR = "#1d6b3a"
PENDING_COLOUR = "#8fb4e8"
OTHERS_COLOUR = "#9aa5b1"
INK = "#1f2933"
MUTED = "#5f6b7a"


def number_text(value: Number | None) -> str:
    """Vietnamese grouping: 12.345 and 1.234,5."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        whole, _, decimals = f"{value:,.2f}".partition(".")
        return whole.replace(",", ".") + "," + decimals.rstrip("0")
    return f"{int(value):,}".replace(",", ".")


@dataclass
class Bar:
    label: str
    value: Number
    colour: str = ACCEPTED_COLOUR
    note: str = ""  # after the number: "(chờ duyệt 3)"


@dataclass
class Panel:
    """One indicator (or one series) of a chart: a heading and its bars, scaled to its own largest bar."""

    title: str
    bars: list[Bar] = field(default_factory=list)


def _lines(text: str, width: int = LABEL_CHARS) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


def _text(x: float, y: float, lines: list[str], *, weight: str = "normal", colour: str = INK) -> str:
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text x="{x}" y="{y}" font-size="{FONT}" font-weight="{weight}" fill="{colour}">{spans}</text>'


def bar_chart(title: str, panels: list[Panel], *, empty: str) -> str:
    """An SVG of one or more panels of horizontal bars. `empty` is written in a panel without bars."""
    parts: list[str] = []
    y = 0.0
    for panel in panels:
        heading = _lines(panel.title, LABEL_CHARS - 4)
        y += LINE
        parts.append(_text(0, y, heading, weight="bold"))
        y += LINE * (len(heading) - 1) + 6
        if not panel.bars:
            y += LINE
            parts.append(_text(0, y, [empty], colour=MUTED))
            y += 8
            continue
        largest = max((b.value for b in panel.bars), default=0) or 1
        for bar in panel.bars:
            label = _lines(bar.label)
            y += LINE
            parts.append(_text(0, y, label))
            y += LINE * (len(label) - 1) + 5
            length = max(BAR_SPACE * bar.value / largest, 1 if bar.value else 0)
            parts.append(
                f'<rect x="0" y="{y:.1f}" width="{length:.1f}" height="{BAR}" rx="2" fill="{bar.colour}"/>'
            )
            figure = number_text(bar.value) + (f" {bar.note}" if bar.note else "")
            # A number that does not fit after a long bar is written inside it, in white.
            inside = length + 6 + len(figure) * FONT * 0.55 > WIDTH
            x, colour, anchor = (length - 4, "#fff", "end") if inside else (length + 4, INK, "start")
            parts.append(
                f'<text x="{x:.1f}" y="{y + BAR - 3:.1f}" font-size="{FONT}" font-weight="bold" '
                f'fill="{colour}" text-anchor="{anchor}">{escape(figure)}</text>'
            )
            y += BAR + 4
        y += 8
    height = int(y + 4)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" '
        f'font-family="system-ui, sans-serif"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )


def top_with_others(
    items: list[tuple[str, Number]], *, top: int, others_label: str
) -> list[tuple[str, Number, bool]]:
    """The `top` largest items, largest first (ties by name), and the rest added up as one line."""
    ordered = sorted(items, key=lambda item: (-item[1], item[0]))
    head = [(label, value, False) for label, value in ordered[:top]]
    rest = ordered[top:]
    if rest:
        head.append((f"{others_label} ({len(rest)})", sum(value for _label, value in rest), True))
    return head


def days_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
