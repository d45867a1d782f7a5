"""The example công văn becomes a campaign: proposed from the parser, confirmed and issued."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from lantoa.directives.lifecycle import DirectiveError, approve_directive
from lantoa.directives.models import DirectiveState, DirectiveTransition
from lantoa.reports.models import Report, ReportState

pytestmark = pytest.mark.django_db


def test_parsed_example_proposes_the_units_of_the_district(draft_example_directive, culture_office):
    directive = draft_example_directive
    assert directive.state == DirectiveState.DRAFT
    assert directive.period_start == datetime.date(2023, 10, 1)
    assert directive.period_end == datetime.date(2023, 10, 10)
    assert directive.report_due == datetime.date(2023, 10, 15)
    assert directive.report_via == culture_office
    assert directive.report_to.short_name == "UBND huyện Hoằng Hóa"
    assert directive.implements_text.startswith("Công văn số 2276/STTTT-TTBCXB ngày 20/09/2023")
    assert directive.tasks.count() == 8
    units = set(directive.assignments.values_list("unit__short_name", flat=True))
    assert "Phòng Văn hóa và Thông tin" in units
    assert "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch" in units
    assert len(units) == 38
    assert not directive.tasks.exclude(unresolved=[]).exists()
    codes = set(directive.indicators.values_list("code", flat=True))
    assert {"web-articles", "web-banners", "radio-news"} <= codes


def test_issuing_opens_one_draft_report_per_unit_with_the_deadline(example_directive):
    assert example_directive.state == DirectiveState.ISSUED
    reports = Report.objects.filter(directive=example_directive)
    assert reports.count() == 38
    assert set(reports.values_list("state", flat=True)) == {ReportState.DRAFT}
    assert set(reports.values_list("due_on", flat=True)) == {datetime.date(2023, 10, 15)}
    assert list(
        DirectiveTransition.objects.filter(directive=example_directive).values_list("to_state", flat=True)
    ) == [
        DirectiveState.DRAFT,
        DirectiveState.PENDING,
        DirectiveState.ISSUED,
    ]


def test_an_issued_directive_cannot_be_signed_again(example_directive, leader):
    with pytest.raises(DirectiveError, match="đã được ký duyệt và giao nhiệm vụ rồi"):
        approve_directive(directive=example_directive, actor=leader)


def test_a_commune_officer_cannot_sign_the_districts_directive(draft_example_directive, commune_reporter):
    with pytest.raises(PermissionDenied):
        approve_directive(directive=draft_example_directive, actor=commune_reporter)
