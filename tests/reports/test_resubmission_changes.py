"""A resubmission shows what changed since the last submission: figures up or down, narrative rewritten,
activities added or removed."""

import datetime

import pytest
from django.urls import reverse

from lantoa.indicators.models import Indicator
from lantoa.reports.selectors import changes_since_last_submission, compare_contents, directive_indicators
from lantoa.reports.services import return_report, save_report, submit_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned_once(hoang_xuan_report, commune_committee, commune_reporter, officer, log_activity):
    """Hoằng Xuân submitted two articles and one broadcast; the office sent it back."""
    log_activity(commune_committee, title="Tin giữ lại", on=datetime.date(2023, 10, 2))
    dropped = log_activity(commune_committee, title="Tin trùng lặp", on=datetime.date(2023, 10, 3))
    log_activity(commune_committee, type="broadcast", title="Bản tin", minutes=20)
    report = save_report(
        report=hoang_xuan_report,
        actor=commune_reporter,
        results="Đăng 2 tin bài.",
        difficulties="Thiếu loa.",
        proposals="",
        manual_figures={Indicator.objects.get(code="guidance-documents"): 1},
    )
    report = submit_report(report=report, actor=commune_reporter)
    report = return_report(report=report, actor=officer, reason="Tin thứ hai trùng lặp; bổ sung bản tin.")
    return report, dropped


def _correct(report, commune_committee, commune_reporter, dropped, log_activity):
    """The unit removes the duplicate, logs two more broadcasts, and rewrites its results."""
    dropped.delete()
    log_activity(
        commune_committee,
        type="broadcast",
        title="Bản tin bổ sung",
        minutes=10,
        on=datetime.date(2023, 10, 5),
    )
    return save_report(
        report=report,
        actor=commune_reporter,
        results="Đăng 1 tin bài, phát 2 bản tin.",
        difficulties="Thiếu loa.",
        proposals="",
        manual_figures={Indicator.objects.get(code="guidance-documents"): 3},
    )


def test_resubmission_lists_figures_up_and_down_narrative_and_activities_added_and_removed(
    returned_once, commune_committee, commune_reporter, log_activity
):
    report, dropped = returned_once
    report = _correct(report, commune_committee, commune_reporter, dropped, log_activity)
    report = submit_report(report=report, actor=commune_reporter)
    assert report.version == 2

    changes, against = changes_since_last_submission(report, current={})
    assert against == 1
    figures = {f.name: (f.before, f.after, f.went_up) for f in changes.figures}
    assert figures["Tin, bài đăng trên Trang thông tin điện tử"] == (2, 1, False)
    assert figures["Thời lượng phát sóng"] == (20, 30, True)
    assert figures["Tin, bài phát trên đài truyền thanh (bản tin)"] == (1, 2, True)
    assert figures["Văn bản chỉ đạo, hướng dẫn đã ban hành"] == (1, 3, True)
    assert "Gương điển hình, câu chuyện thành công được giới thiệu" not in figures  # 0 both times
    assert [t.label for t in changes.narrative] == ["Kết quả thực hiện"]
    assert changes.narrative[0].before == "Đăng 2 tin bài."
    assert [a.title for a in changes.added] == ["Bản tin bổ sung"]
    # deleted from the ledger since, yet still named: the snapshot kept its title
    assert [(a.title, a.on) for a in changes.removed] == [("Tin trùng lặp", datetime.date(2023, 10, 3))]


def test_the_reviewer_sees_the_changes_on_the_report_page(
    client, officer, returned_once, commune_committee, commune_reporter, log_activity
):
    report, dropped = returned_once
    report = _correct(report, commune_committee, commune_reporter, dropped, log_activity)
    submit_report(report=report, actor=commune_reporter)
    client.force_login(officer)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Thay đổi so với lần nộp 1" in page
    assert "20 → <strong>30</strong>" in page
    assert "(tăng)" in page
    assert "(giảm)" in page
    assert "Đã sửa mục “Kết quả thực hiện”" in page
    assert "Bản tin bổ sung" in page
    assert "Tin trùng lặp" in page


def test_while_correcting_a_returned_report_the_unit_sees_what_it_changed_so_far(
    client, returned_once, commune_committee, commune_reporter, log_activity
):
    report, dropped = returned_once
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Tin thứ hai trùng lặp; bổ sung bản tin." in page  # the reason, up front
    assert "Không có thay đổi nào." in page
    assert "Nộp lại báo cáo" in page
    _correct(report, commune_committee, commune_reporter, dropped, log_activity)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "(chưa nộp lại)" in page
    assert "Bản tin bổ sung" in page


def test_a_first_submission_has_nothing_to_compare(hoang_xuan_report, commune_reporter):
    report = save_report(
        report=hoang_xuan_report, actor=commune_reporter, results="Lần đầu", difficulties="", proposals=""
    )
    report = submit_report(report=report, actor=commune_reporter)
    assert changes_since_last_submission(report, current={}) is None


def test_identical_contents_have_no_changes(hoang_xuan_report):
    content = {"figures": {"web-articles": 2}, "activities": {"web-articles": [1, 2]}, "results": "A"}
    indicators = directive_indicators(hoang_xuan_report.directive)
    assert not compare_contents(content, dict(content), indicators=indicators)
