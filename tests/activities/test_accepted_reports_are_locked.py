"""Once the office accepts a unit's report, the activities behind its figures are frozen."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.activities.models import Activity
from lantoa.activities.selectors import ledger_figures
from lantoa.activities.services import (
    ActivityError,
    add_evidence,
    create_activity,
    delete_activity,
    delete_evidence,
    set_counted,
    update_activity,
)
from lantoa.reports.models import Report, ReportState

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def _article(unit, actor, day=datetime.date(2023, 10, 5), **extra):
    return create_activity(
        unit=unit,
        actor=actor,
        activity_type=extra.pop("activity_type", "article"),
        occurred_on=day,
        title=extra.pop("title", "Tin Ngày Chuyển đổi số"),
        quantities={"count": 2},
        **extra,
    )


def _accept(directive, unit):
    Report.objects.filter(directive=directive, unit=unit).update(state=ReportState.ACCEPTED)


def _edit(activity, actor, **changes):
    fields = {
        "activity_type": activity.type,
        "occurred_on": activity.occurred_on,
        "title": activity.title,
        "quantities": {"count": activity.count},
    }
    fields.update(changes)
    return update_activity(activity=activity, actor=actor, **fields)


def test_an_activity_counted_in_an_accepted_report_cannot_be_edited_or_deleted(
    example_directive, commune_committee, commune_reporter
):
    activity = _article(
        commune_committee, commune_reporter, files=[SimpleUploadedFile("a.jpg", jpeg_bytes())]
    )
    _accept(example_directive, commune_committee)
    with pytest.raises(ActivityError) as refused:
        _edit(activity, commune_reporter, title="Sửa sau khi duyệt")
    assert "báo cáo đã được duyệt" in refused.value.messages[0]
    assert "trả lại báo cáo" in refused.value.messages[0]
    with pytest.raises(ActivityError):
        delete_activity(activity=activity, actor=commune_reporter)
    with pytest.raises(ActivityError):
        delete_evidence(evidence=activity.evidence.get(), actor=commune_reporter)
    with pytest.raises(ActivityError):
        add_evidence(activity=activity, actor=commune_reporter, links=["https://example.vn/tin"])
    with pytest.raises(ActivityError):
        set_counted(activity=activity, directive=example_directive, counted=False, actor=commune_reporter)
    activity.refresh_from_db()
    assert activity.title == "Tin Ngày Chuyển đổi số"
    assert activity.evidence.count() == 1
    assert ledger_figures(example_directive)[commune_committee.pk]["web-articles"] == 2


def test_the_pages_say_it_is_locked_and_a_direct_post_changes_nothing(
    client, example_directive, commune_committee, commune_reporter
):
    activity = _article(commune_committee, commune_reporter)
    _accept(example_directive, commune_committee)
    client.force_login(commune_reporter)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "báo cáo đã duyệt" in page
    assert reverse("activities:edit", args=[activity.pk]) not in page
    response = client.post(reverse("activities:delete", args=[activity.pk]), follow=True)
    assert "không sửa hoặc xóa được nữa" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()
    response = client.post(
        reverse("activities:edit", args=[activity.pk]),
        {"type": "article", "occurred_on": "2023-10-05", "title": "Sửa", "count": "9"},
    )
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.count == 2


def test_an_activity_the_accepted_report_does_not_count_stays_editable(
    example_directive, commune_committee, commune_reporter
):
    outside = _article(commune_committee, commune_reporter, day=datetime.date(2023, 10, 20))
    other = _article(commune_committee, commune_reporter, activity_type="other", title="Việc khác")
    _accept(example_directive, commune_committee)
    assert _edit(outside, commune_reporter, title="Tin tháng 10").title == "Tin tháng 10"
    delete_activity(activity=other, actor=commune_reporter)


def test_an_activity_cannot_be_moved_into_an_accepted_report(
    example_directive, commune_committee, commune_reporter
):
    outside = _article(commune_committee, commune_reporter, day=datetime.date(2023, 10, 20))
    _accept(example_directive, commune_committee)
    with pytest.raises(ActivityError):
        _edit(outside, commune_reporter, occurred_on=datetime.date(2023, 10, 5))
    outside.refresh_from_db()
    assert outside.occurred_on == datetime.date(2023, 10, 20)


def test_a_new_activity_does_not_slip_into_an_accepted_report(
    example_directive, commune_committee, commune_reporter
):
    _article(commune_committee, commune_reporter)
    _accept(example_directive, commune_committee)
    late = _article(commune_committee, commune_reporter, title="Tin ghi sau khi duyệt")
    assert ledger_figures(example_directive)[commune_committee.pk]["web-articles"] == 2
    assert late.exclusions.filter(directive=example_directive).exists()


def test_another_units_accepted_report_locks_nothing_here(
    example_directive, commune_committee, other_commune, commune_reporter
):
    activity = _article(commune_committee, commune_reporter)
    _accept(example_directive, other_commune)
    assert _edit(activity, commune_reporter, title="Vẫn sửa được").title == "Vẫn sửa được"


def test_the_edit_page_of_a_locked_activity_sends_back_to_the_detail(
    client, example_directive, commune_committee, commune_reporter
):
    activity = _article(commune_committee, commune_reporter)
    _accept(example_directive, commune_committee)
    client.force_login(commune_reporter)
    response = client.get(reverse("activities:edit", args=[activity.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("activities:detail", args=[activity.pk])
    assert "đề nghị trả lại báo cáo" in response.content.decode()
