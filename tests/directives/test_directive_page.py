"""The directive page: what was asked, of whom, by when, and where each unit's report stands."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.directives.services import create_directive_from_parse
from lantoa.documents import parse_text
from lantoa.reports.models import Report, ReportState
from lantoa.units.models import Unit
from tests.signing import sign_and_issue

pytestmark = pytest.mark.django_db


def _page(client, directive, query="") -> str:
    response = client.get(reverse("directives:detail", args=[directive.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_window_the_deadline_and_the_recipient(client, officer, example_directive):
    client.force_login(officer)
    page = _page(client, example_directive)
    assert "từ 01/10/2023 đến 10/10/2023" in page
    assert "trước ngày 15/10/2023" in page
    assert "UBND huyện Hoằng Hóa" in page
    assert "qua Phòng Văn hóa và Thông tin" in page
    assert "Công văn số 2276/STTTT-TTBCXB ngày 20/09/2023" in page
    assert page.count('<mark id="task-') == 8
    assert "Đã giao" in page


def test_each_unit_shows_its_role_deadline_and_report_state(
    client, officer, example_directive, commune_committee
):
    report = Report.objects.get(directive=example_directive, unit=commune_committee)
    report.state = ReportState.SUBMITTED
    report.submitted_at = datetime.datetime(2023, 10, 14, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    report.save()
    client.force_login(officer)
    page = _page(client, example_directive)
    row = page[page.index("<strong>UBND xã Hoằng Xuân</strong>") :]
    row = row[: row.index("</tr>")]
    assert "7, 8" in row  # the two commune tasks
    assert "Thực hiện" in row
    assert "15/10/2023" in row
    assert "Đã nộp" in row
    assert "09:30 14/10/2023" in row
    # Units that have not reported after the deadline are flagged.
    assert page.count(">Quá hạn<") == 37


def test_filtering_by_report_state_keeps_only_those_units(
    client, officer, example_directive, commune_committee
):
    Report.objects.filter(directive=example_directive, unit=commune_committee).update(
        state=ReportState.SUBMITTED, submitted_at=timezone.now(), is_late=True
    )
    client.force_login(officer)
    page = _page(client, example_directive, "?state=submitted")
    assert "Đơn vị thực hiện (1)" in page
    assert "UBND xã Hoằng Xuân" in page
    assert "Nộp muộn" in page
    assert "Đã nộp (1)" in page
    assert "Đang soạn (37)" in page
    assert "Đơn vị thực hiện (37)" in _page(client, example_directive, "?state=draft")
    assert "Đơn vị thực hiện (38)" in _page(client, example_directive, "?state=nonsense")


def test_the_page_still_works_where_reports_have_no_page(client, officer, example_directive, settings):
    settings.ROOT_URLCONF = "tests.directives.urls_without_report_pages"
    client.force_login(officer)
    page = _page(client, example_directive)
    assert page.count('class="badge report-draft"') == 38
    assert not re.search(r'href="/bao-cao/\d+/"', page)


def test_each_report_links_to_its_page(client, officer, example_directive):
    client.force_login(officer)
    page = _page(client, example_directive)
    report = Report.objects.filter(directive=example_directive).first()
    assert f'href="/bao-cao/{report.pk}/"' in page
    assert len(re.findall(r'href="/bao-cao/\d+/"', page)) == 38


def test_a_draft_shows_its_managers_the_way_to_the_proposal(client, officer, draft_example_directive):
    client.force_login(officer)
    page = _page(client, draft_example_directive)
    assert reverse("directives:edit", args=[draft_example_directive.pk]) in page
    assert "chưa giao" in page


def test_the_upstream_directive_is_linked_for_those_who_can_see_it(
    client,
    leader,
    officer,
    department_officer,
    province_leader,
    province_committee,
    district_committee,
    culture_office,
    example_text,
):
    from lantoa.directives.services import add_task, assign_unit, create_directive, update_directive

    department = Unit.objects.get(parent=province_committee, name__startswith="Sở Thông tin và Truyền thông")
    upstream = create_directive(
        issuer=province_committee,
        office=department,
        actor=department_officer,
        number="2276/STTTT-TTBCXB",
        subject="V/v hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023",
        issued_on=datetime.date(2023, 9, 20),
    )
    task = add_task(directive=upstream, actor=department_officer, text="Tuyên truyền Ngày CĐS.")
    assign_unit(task=task, unit=district_committee, actor=department_officer)
    update_directive(directive=upstream, actor=department_officer, report_due=datetime.date(2023, 10, 20))
    sign_and_issue(upstream, preparer=department_officer, signer=province_leader)

    directive = create_directive_from_parse(
        issuer=district_committee,
        office=culture_office,
        actor=officer,
        parsed=parse_text(example_text),
        source_text=example_text,
    )
    assert directive.implements == upstream
    client.force_login(leader)  # the district is assigned by the Sở's directive
    assert reverse("directives:detail", args=[upstream.pk]) in _page(client, directive)
    client.force_login(officer)  # the Phòng is not: it sees the reference as written only
    page = _page(client, directive)
    assert "Công văn số 2276/STTTT-TTBCXB" in page
    assert reverse("directives:detail", args=[upstream.pk]) not in page
