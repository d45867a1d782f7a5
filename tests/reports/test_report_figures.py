"""A report's figures are computed from the unit's ledger inside the directive's window; each one opens
onto the activities behind it; indicators nobody itemises are typed in."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from lantoa.activities.models import ActivityExclusion
from lantoa.indicators.models import Indicator
from lantoa.reports.models import ManualFigure
from lantoa.reports.selectors import report_content
from lantoa.reports.services import ReportError, save_report, submit_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(hoang_xuan_report, commune_committee, other_commune_report, log_activity, commune_reporter):
    """Hoằng Xuân's ledger: what counts, and what must not."""
    unit = commune_committee
    counted = {
        "article_1": log_activity(
            unit,
            title="Xã Hoằng Xuân hưởng ứng Ngày CĐS",
            url="https://hoangxuan.vn/tin-1",
            on=datetime.date(2023, 10, 1),
        ),
        "article_2": log_activity(unit, title="Hướng dẫn cài VNeID", count=2, on=datetime.date(2023, 10, 10)),
        "broadcast": log_activity(unit, type="broadcast", title="Bản tin CĐS", minutes=15, plays=3),
    }
    not_counted = {
        "before_window": log_activity(unit, title="Tin cũ", on=datetime.date(2023, 9, 30)),
        "after_window": log_activity(unit, title="Tin muộn", on=datetime.date(2023, 10, 11)),
        "other_commune": log_activity(other_commune_report.unit, title="Tin xã khác"),
        "unticked": log_activity(unit, title="Tin không liên quan"),
    }
    ActivityExclusion.objects.create(
        activity=not_counted["unticked"], directive=hoang_xuan_report.directive, created_by=commune_reporter
    )
    return counted, not_counted


def test_ledger_figures_appear_in_the_report_page(client, commune_reporter, hoang_xuan_report, ledger):
    content = report_content(hoang_xuan_report)
    assert content["figures"]["web-articles"] == 3  # one article + one with count 2
    assert content["figures"]["radio-news"] == 1
    assert content["figures"]["radio-minutes"] == 15
    assert content["figures"]["radio-plays"] == 3
    assert content["figures"]["events"] == 0
    assert "guidance-documents" not in content["figures"]  # manual, not typed yet

    client.force_login(commune_reporter)
    page = client.get(reverse("reports:detail", args=[hoang_xuan_report.pk])).content.decode()
    assert "Tin, bài đăng trên Trang thông tin điện tử" in page
    assert "Thời lượng phát sóng" in page
    assert reverse("reports:figure", args=[hoang_xuan_report.pk, "web-articles"]) in page
    assert "xem hoạt động (2)" in page


def test_submission_freezes_the_figures_and_the_activities_behind_them(
    hoang_xuan_report, commune_reporter, ledger
):
    counted, not_counted = ledger
    report = save_report(
        report=hoang_xuan_report,
        actor=commune_reporter,
        results="Đăng 3 tin bài, phát 1 bản tin.",
        difficulties="Thiếu loa ở thôn 5.",
        proposals="Hỗ trợ kinh phí thay loa.",
        manual_figures={Indicator.objects.get(code="guidance-documents"): Decimal("2")},
    )
    report = submit_report(report=report, actor=commune_reporter)
    snapshot = report.snapshots.get(version=1)
    content = snapshot.content
    assert content["figures"]["web-articles"] == 3
    assert content["figures"]["radio-minutes"] == 15
    assert content["figures"]["guidance-documents"] == 2
    assert content["manual"] == ["guidance-documents"]
    assert sorted(content["activities"]["web-articles"]) == sorted(
        [counted["article_1"].pk, counted["article_2"].pk]
    )
    assert content["activities"]["radio-minutes"] == [counted["broadcast"].pk]
    every_id = {pk for ids in content["activities"].values() for pk in ids}
    assert every_id.isdisjoint(a.pk for a in not_counted.values())
    assert content["results"] == "Đăng 3 tin bài, phát 1 bản tin."
    assert content["difficulties"] == "Thiếu loa ở thôn 5."
    assert content["proposals"] == "Hỗ trợ kinh phí thay loa."
    assert content["items"][str(counted["article_1"].pk)]["title"] == "Xã Hoằng Xuân hưởng ứng Ngày CĐS"


def test_a_figure_drills_down_to_the_activities_behind_it(
    client, commune_reporter, hoang_xuan_report, ledger
):
    _counted, not_counted = ledger
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:figure", args=[hoang_xuan_report.pk, "web-articles"])).content.decode()
    assert "01/10/2023" in page
    assert "Xã Hoằng Xuân hưởng ứng Ngày CĐS" in page
    assert 'href="https://hoangxuan.vn/tin-1"' in page
    assert "Hướng dẫn cài VNeID" in page
    for activity in not_counted.values():
        assert activity.title not in page
    assert "Bản tin CĐS" not in page  # a broadcast, not an article


def test_once_submitted_the_drill_down_shows_what_was_submitted_not_what_was_logged_since(
    client, commune_reporter, hoang_xuan_report, commune_committee, ledger, log_activity
):
    report = save_report(
        report=hoang_xuan_report, actor=commune_reporter, results="Kết quả", difficulties="", proposals=""
    )
    submit_report(report=report, actor=commune_reporter)
    log_activity(commune_committee, title="Tin đăng sau khi nộp")
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:figure", args=[report.pk, "web-articles"])).content.decode()
    assert "Xã Hoằng Xuân hưởng ứng Ngày CĐS" in page
    assert "Tin đăng sau khi nộp" not in page
    detail = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Số liệu đã nộp lần 1" in detail


def test_a_figure_that_is_typed_in_or_unknown_has_no_drill_down(client, commune_reporter, hoang_xuan_report):
    client.force_login(commune_reporter)
    for code in ("guidance-documents", "no-such-indicator", "contest-participants"):
        assert client.get(reverse("reports:figure", args=[hoang_xuan_report.pk, code])).status_code == 404


def test_the_unit_types_in_figures_nobody_itemises(client, commune_reporter, hoang_xuan_report):
    client.force_login(commune_reporter)
    edit = reverse("reports:edit", args=[hoang_xuan_report.pk])
    form = client.get(edit).content.decode()
    assert 'name="manual_guidance-documents"' in form
    assert 'name="manual_web-articles"' not in form  # computed, never typed twice
    response = client.post(
        edit,
        {
            "results": "Ban hành kế hoạch.",
            "difficulties": "",
            "proposals": "",
            "manual_guidance-documents": "2,5",
        },
    )
    assert response.status_code == 302
    figure = ManualFigure.objects.get(report=hoang_xuan_report)
    assert (figure.indicator.code, figure.value) == ("guidance-documents", Decimal("2.5"))
    page = client.get(reverse("reports:detail", args=[hoang_xuan_report.pk])).content.decode()
    assert "2,5" in page
    assert "nhập tay" in page

    client.post(
        edit,
        {
            "results": "Ban hành kế hoạch.",
            "difficulties": "",
            "proposals": "",
            "manual_guidance-documents": "",
        },
    )
    assert not ManualFigure.objects.filter(report=hoang_xuan_report).exists()


def test_bad_manual_figures_are_refused_with_a_message_and_nothing_is_lost(
    client, commune_reporter, hoang_xuan_report
):
    save_report(
        report=hoang_xuan_report, actor=commune_reporter, results="Bản đã lưu", difficulties="", proposals=""
    )
    client.force_login(commune_reporter)
    edit = reverse("reports:edit", args=[hoang_xuan_report.pk])
    for bad, message in (
        ("-1", "không được âm"),
        ("mười", "Hãy nhập một số"),
        ("1.000", "nhập 1000 cho một nghìn"),
        ("2,555", "tối đa 2 chữ số sau dấu phẩy"),
    ):
        response = client.post(
            edit,
            {"results": "Bản mới", "difficulties": "", "proposals": "", "manual_guidance-documents": bad},
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert message in page
        assert "Bản mới" in page  # what was typed is still in the form
    hoang_xuan_report.refresh_from_db()
    assert hoang_xuan_report.results == "Bản đã lưu"


def test_the_service_refuses_typing_a_figure_the_ledger_computes(hoang_xuan_report, commune_reporter):
    with pytest.raises(ReportError, match="sổ theo dõi"):
        save_report(
            report=hoang_xuan_report,
            actor=commune_reporter,
            results="",
            difficulties="",
            proposals="",
            manual_figures={Indicator.objects.get(code="web-articles"): 10},
        )
    with pytest.raises(ReportError, match="không được âm"):
        save_report(
            report=hoang_xuan_report,
            actor=commune_reporter,
            results="",
            difficulties="",
            proposals="",
            manual_figures={Indicator.objects.get(code="guidance-documents"): -3},
        )
    assert not ManualFigure.objects.filter(report=hoang_xuan_report).exists()


def test_an_activity_deleted_after_submission_still_shows_behind_the_submitted_figure(
    client, commune_reporter, hoang_xuan_report, ledger
):
    counted, _not_counted = ledger
    report = save_report(
        report=hoang_xuan_report, actor=commune_reporter, results="Kết quả", difficulties="", proposals=""
    )
    submit_report(report=report, actor=commune_reporter)
    counted["article_2"].delete()
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:figure", args=[report.pk, "web-articles"])).content.decode()
    assert "Đã xóa khỏi sổ theo dõi sau khi nộp" in page
    assert "10/10/2023</strong> · Hướng dẫn cài VNeID" in page
    assert "Xã Hoằng Xuân hưởng ứng Ngày CĐS" in page


@pytest.mark.parametrize("activities", [3, 60])
def test_the_report_and_its_drill_down_take_the_same_number_of_queries_however_long_the_ledger(
    client,
    commune_reporter,
    hoang_xuan_report,
    commune_committee,
    log_activity,
    activities,
    django_assert_num_queries,
):
    for n in range(activities):
        log_activity(commune_committee, title=f"Tin {n}", on=datetime.date(2023, 10, 1 + n % 10))
    client.force_login(commune_reporter)
    detail = reverse("reports:detail", args=[hoang_xuan_report.pk])
    client.get(detail)  # warm the per-process caches (demo flag)
    # session, user; the report's scope (2); indicators, ledger figures, counted activities, typed-in
    # figures; author?; may manage?; reads every report?; history; how much of each figure has evidence
    with django_assert_num_queries(14):
        assert client.get(detail).status_code == 200
    with django_assert_num_queries(7):
        page = client.get(reverse("reports:figure", args=[hoang_xuan_report.pk, "web-articles"]))
    assert page.content.decode().count("<li>") == activities
