"""A cascaded campaign shows each area below: the Sở sees the district's communes report, area by area."""

import datetime

import pytest
from django.urls import reverse

from lantoa.dashboard.selectors import child_areas
from lantoa.directives.services import add_task, assign_units, create_directive
from lantoa.reports.models import Report
from lantoa.reports.services import save_report, submit_report
from tests.signing import sign_and_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def department_directive(example_directive, department_officer, department_leader, district_committee):
    """The Sở TT&TT's công văn to the district, which the example implements."""
    department = department_officer.memberships.get().unit
    directive = create_directive(
        issuer=department,
        office=department,
        actor=department_officer,
        number="2276/STTTT-TTBCXB",
        subject="V/v tuyên truyền hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023",
        issued_on=datetime.date(2023, 9, 20),
        period_start=datetime.date(2023, 10, 1),
        period_end=datetime.date(2023, 10, 10),
        report_due=datetime.date(2023, 10, 20),
    )
    task = add_task(directive=directive, actor=department_officer, text="Tuyên truyền Ngày Chuyển đổi số.")
    assign_units(task=task, units=[district_committee], actor=department_officer)
    sign_and_issue(directive, preparer=department_officer, signer=department_leader)
    example_directive.implements = directive
    example_directive.save(update_fields=["implements"])
    return directive


def test_the_department_sees_the_districts_communes_reporting(
    client, department_directive, example_directive, commune_committee, commune_reporter, department_officer
):
    report = Report.objects.get(directive=example_directive, unit=commune_committee)
    save_report(
        report=report, actor=commune_reporter, results="Đã tuyên truyền.", difficulties="", proposals=""
    )
    submit_report(report=report, actor=commune_reporter)

    [area] = child_areas(department_directive)
    assert area.area_name == "UBND huyện Hoằng Hóa"
    assert (area.expected, area.pending, area.accepted, area.missing) == (38, 1, 0, 37)

    client.force_login(department_officer)
    page = client.get(reverse("dashboard:directive", args=[department_directive.pk])).content.decode()
    assert "Theo địa bàn" in page
    assert "UBND huyện Hoằng Hóa" in page
    assert "1/38" in page


def test_the_area_count_is_one_query_whatever_the_number_of_areas(
    department_directive, django_assert_num_queries
):
    with django_assert_num_queries(1):
        child_areas(department_directive)


def test_the_district_sees_only_its_own_row_on_the_departments_directive(
    client, department_directive, leader
):
    client.force_login(leader)
    response = client.get(reverse("dashboard:directive", args=[department_directive.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chỉ hiển thị đơn vị của bạn" in page
    assert "Theo địa bàn" not in page


def test_the_areas_are_in_the_xlsx_export(client, department_directive, department_officer):
    import io

    import openpyxl

    client.force_login(department_officer)
    response = client.get(reverse("dashboard:directive_xlsx", args=[department_directive.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Theo địa bàn"]
    assert [c.value for c in sheet[2]] == ["UBND huyện Hoằng Hóa", 38, 0, 0, 38, 0]
