"""Scans: the example rendered as a 300 dpi image (and an image-only PDF) read back through tesseract."""

from __future__ import annotations

from pathlib import Path

import pytest

from lantoa.documents import ParsedDirective, extract_text, parse_text

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("require_ocr")]

UNITS = [
    "Phòng Văn hóa và Thông tin",
    "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch",
    "UBND các xã, thị trấn",
]


def _check(parsed: ParsedDirective) -> None:
    assert [a.unit for a in parsed.assignments] == UNITS
    assert parsed.period is not None
    assert (parsed.period.start, parsed.period.end) == ("2023-10-01", "2023-10-10")
    assert [(d.date, d.to) for d in parsed.report_deadlines] == [("2023-10-15", "UBND huyện")]


def test_scanned_image_of_the_example_finds_units_period_and_deadline(example_scan: Path) -> None:
    _check(parse_text(extract_text(example_scan)))


def test_image_only_pdf_of_the_example_is_read_through_ocr(example_scan_pdf: Path) -> None:
    text = extract_text(example_scan_pdf)
    assert "Kính gửi" in text
    _check(parse_text(text))
