"""“31/38 đã gửi” reads the same on the dashboard, the review page, the summary page and in its files: one
selector counts for all of them, and a unit that has not reported reads “—”, never 0."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from lantoa.summaries.selectors import completeness
from lantoa.summaries.services import generate_summary

pytestmark = pytest.mark.django_db

HEADLINE = re.compile(r"<strong>(\d+)/(\d+)</strong>\s*đơn vị đã gửi báo cáo")


def test_the_dashboard_the_review_page_and_the_summary_page_give_the_same_completeness(
    client, scene, officer
):
    c = completeness(scene.directive)
    # 12 accepted + 4 waiting + 1 returned: the returned report was sent too, on every page.
    assert (c.submitted, c.expected, c.on_time, c.late) == (17, 38, 16, 1)
    client.force_login(officer)
    pages = {
        name: client.get(reverse(name, args=[scene.directive.pk])).content.decode()
        for name in ("dashboard:directive", "reports:review", "summaries:detail")
    }
    for name, page in pages.items():
        found = HEADLINE.search(page)
        assert found, name
        assert found.groups() == ("17", "38"), name
    assert "16 đúng hạn" in pages["summaries:detail"]
    assert "16 đúng hạn" in pages["reports:review"]
    assert "Đã gửi: 16 đúng hạn, 1 muộn" in pages["dashboard:directive"]
    for state, label, n in (
        ("draft", "Đang soạn", 21),
        ("submitted", "Đã nộp", 4),
        ("returned", "Bị trả lại", 1),
    ):
        assert f'id="tab-{state}" href="?state={state}">{label} ({n})' in pages["reports:review"]


def test_the_xlsx_annex_counts_the_same(scene, officer):
    generation = generate_summary(
        directive=scene.directive, actor=officer, base_url="http://t/", with_pdf=False
    )
    sheet = openpyxl.load_workbook(io.BytesIO(generation.xlsx.read()))["Tình hình báo cáo"]
    totals = [cell.value for cell in list(sheet.iter_rows())[-1]]
    assert totals[0] == "17/38 đơn vị đã gửi báo cáo"
    assert totals[4] == "16 đúng hạn, 1 muộn"


def test_a_unit_that_has_not_reported_reads_a_dash_on_the_review_page_never_zero(client, scene, officer):
    client.force_login(officer)
    page = client.get(
        reverse("reports:review", args=[scene.directive.pk]), {"state": "draft"}
    ).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:]
    assert len(rows) == 21
    silent = next(row for row in rows if scene.missing[-1].unit.short_name in row)
    figures = re.findall(r'<td class="num[^"]*">([^<]*)</td>', silent)
    assert figures
    assert set(figures) == {"—"}
    # The one draft whose ledger has a bulletin shows it, provisional, and still no zeros beside it.
    logged = next(row for row in rows if scene.missing[3].unit.short_name in row)
    assert "0</td>" not in logged


def test_overdue_counts_the_units_still_owing_after_their_deadline(scene, clock):
    clock("16/10/2023 09:00")
    assert completeness(scene.directive).overdue == 21 + 1  # never submitted, and the returned one
    clock("14/10/2023 09:00")
    assert completeness(scene.directive).overdue == 0
