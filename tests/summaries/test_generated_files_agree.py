"""The same figure reads the same in the DOCX appendix, in the XLSX annex and on the unit's report page,
for the example and for a campaign of 200 communes."""

import io
import re

import docx
import openpyxl
import pytest
from django.urls import reverse

from lantoa.summaries.docx_writer import format_number
from lantoa.summaries.selectors import aggregate
from lantoa.summaries.services import generate_summary

pytestmark = pytest.mark.django_db

VALUE = re.compile(r'<span class="value">([^<]*)</span>')


def _docx_appendix(generation):
    table = docx.Document(io.BytesIO(generation.docx.read())).tables[-1]
    cells = [[c.text for c in row.cells] for row in table.rows]
    header, *rows, totals = cells
    return header, {row[1]: row[3:] for row in rows}, totals[3:]


def _xlsx_figures(generation):
    sheet = openpyxl.load_workbook(io.BytesIO(generation.xlsx.read())).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header, *body, totals = rows
    links = {row[0].value: row[0].hyperlink.target for row in sheet.iter_rows(min_row=2) if row[0].hyperlink}
    return header, {row[0]: row[3:] for row in body}, totals[3:], links


def _page_values(client, report_id) -> list[str]:
    page = client.get(reverse("reports:detail", args=[report_id]))
    assert page.status_code == 200
    return VALUE.findall(page.content.decode())


def _check_agreement(client, directive, officer):
    generation = generate_summary(
        directive=directive, actor=officer, base_url="http://lantoa.test/", with_pdf=False
    )
    aggregation = aggregate(directive)
    header, docx_rows, docx_totals = _docx_appendix(generation)
    xlsx_header, xlsx_rows, xlsx_totals, links = _xlsx_figures(generation)
    assert (
        header[3:] == xlsx_header[3:] == [f"{i.name} ({i.unit_of_measure})" for i in aggregation.indicators]
    )
    client.force_login(officer)
    accepted_sum = [0] * len(aggregation.indicators)
    for row in aggregation.rows:
        values = aggregation.values(row)
        assert docx_rows[row.unit_name] == ["—" if v is None else format_number(v) for v in values], (
            row.unit_name
        )
        assert xlsx_rows[row.unit_name] == values, row.unit_name
        assert links[row.unit_name] == f"http://lantoa.test{reverse('reports:detail', args=[row.report_id])}"
        if row.figures is not None:
            page = _page_values(client, row.report_id)
            assert page == ["—" if v is None else str(v) for v in values], row.unit_name
        if row.is_counted:
            accepted_sum = [a + (v or 0) for a, v in zip(accepted_sum, values, strict=True)]
    assert docx_totals == [format_number(v) for v in accepted_sum]
    assert xlsx_totals == accepted_sum
    return aggregation


def test_example_figures_agree_in_docx_xlsx_and_report_pages(client, scene, officer):
    aggregation = _check_agreement(client, scene.directive, officer)
    assert sum(aggregation.accepted.values()) > 0


def test_a_campaign_of_200_communes_agrees_in_docx_xlsx_and_report_pages(client, big_campaign, officer):
    aggregation = _check_agreement(client, big_campaign(200), officer)
    assert len(aggregation.rows) == 200
    assert aggregation.completeness.missing == 20


def test_the_activity_sheet_lists_what_each_unit_submitted_with_links_back_into_lantoa(scene, officer):
    generation = generate_summary(
        directive=scene.directive, actor=officer, base_url="https://lantoa.test", with_pdf=False
    )
    sheet = openpyxl.load_workbook(io.BytesIO(generation.xlsx.read())).worksheets[1]
    rows = list(sheet.iter_rows(min_row=2))
    submitted = scene.accepted + scene.pending
    expected = sum(
        len({pk for ids in r.snapshots.get(version=r.version).content["activities"].values() for pk in ids})
        for r in submitted
    )
    assert len(rows) == expected
    evidence_links = [row[6].hyperlink.target for row in rows]
    assert all(re.fullmatch(r"https://lantoa\.test/hoat-dong/\d+/", link) for link in evidence_links)
