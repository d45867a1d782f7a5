"""At national scale (3,321 communes, 10 activities each) the XLSX annex keeps every link back to the
reports and activities: the activity sheet continues on a second sheet before Excel's 65,530 links per
worksheet, and a reader (openpyxl here) finds them all."""

import importlib.util
import io
import warnings
from pathlib import Path

import openpyxl
import pytest
from openpyxl.packaging.relationship import RelationshipList

from lantoa.summaries.selectors import activity_lines, aggregate
from lantoa.summaries.services import build_sheets
from lantoa.summaries.xlsx_writer import MAX_LINKS, write_xlsx

BENCH = Path(__file__).resolve().parents[2] / "bench" / "summary.py"
pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_summary", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def openpyxl_finds_links_by_id(monkeypatch):
    """openpyxl looks each hyperlink's relationship up by a linear scan (quadratic: ~5 minutes for 126,000
    links); the same lookup through a dict keeps this test to its build. Excel and LibreOffice index them."""
    indexes = {}

    def get(self, key):
        index = indexes.get(id(self))
        if index is None or index[0] is not self:
            index = indexes[id(self)] = (self, {r.Id: r for r in self})
        try:
            return index[1][key]
        except KeyError:
            raise KeyError(f"Unknown relationship: {key}") from None

    monkeypatch.setattr(RelationshipList, "get", get)


def test_the_national_annex_keeps_every_link_to_reports_and_activities(openpyxl_finds_links_by_id):
    directive = load_bench().build(3321, 10)
    aggregation = aggregate(directive)
    counted = len(activity_lines(aggregation))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "Ignoring URL" or any other warning
        xlsx = write_xlsx(build_sheets(aggregation, base_url="https://lantoa.example.gov.vn"))

    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert workbook.sheetnames == ["Số liệu", "Hoạt động", "Hoạt động (2)", "Tình hình báo cáo"]
    activity_rows = links = 0
    for title in ("Hoạt động", "Hoạt động (2)"):
        sheet = workbook[title]
        assert [c.value for c in sheet[1]][:3] == ["Đơn vị", "Ngày", "Nội dung"], "each part has the header"
        found = [c.hyperlink.target for row in sheet.iter_rows(min_row=2) for c in row if c.hyperlink]
        assert len(found) <= MAX_LINKS
        activity_rows += sheet.max_row - 1
        links += len(found)
    assert activity_rows == counted > 30_000
    # The unit's report, the activity (its title and its evidence cell) and the activity's own address.
    assert links == 4 * counted
    last = workbook["Hoạt động (2)"]
    assert last.cell(row=last.max_row, column=3).hyperlink.target.startswith(
        "https://lantoa.example.gov.vn/hoat-dong/"
    )
    figures = workbook["Số liệu"]
    assert figures.max_row == 3321 + 2  # header, one row per commune, the totals
