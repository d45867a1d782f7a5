"""Generating again after new reports keeps the earlier files and shows what changed."""

import pytest
from django.urls import reverse

from lantoa.reports.services import accept_report, submit_report
from lantoa.summaries.selectors import compare_frozen
from lantoa.summaries.services import generate_summary

from .conftest import report_in

pytestmark = pytest.mark.django_db


def test_regenerating_after_new_reports_shows_what_changed(client, scene, officer, clock):
    first = generate_summary(directive=scene.directive, actor=officer, base_url="http://t/", with_pdf=False)
    pending, late_comer = scene.pending[0], scene.missing[0]
    clock("19/10/2023 09:00")
    accept_report(report=pending, actor=officer)
    report_in(late_comer, scene.reporter, broadcasts=2, banners=0)
    submit_report(report=late_comer, actor=scene.reporter)

    client.force_login(officer)
    page = client.get(reverse("summaries:detail", args=[scene.directive.pk])).content.decode()
    assert "Thay đổi từ lần tạo báo cáo gần nhất (lần 1)" in page
    assert pending.unit.short_name in page

    second = generate_summary(directive=scene.directive, actor=officer, base_url="http://t/", with_pdf=False)
    assert (first.version, second.version) == (1, 2)
    assert first.docx.name != second.docx.name
    changes = compare_frozen(first.content, second.content)
    moved = {u.name: u for u in changes.units}
    assert moved[pending.unit.short_name].state_before == "Đã nộp"
    assert moved[pending.unit.short_name].state_after == "Đã duyệt"
    assert moved[late_comer.unit.short_name].state_after == "Đã nộp"
    assert [
        f.before for f in moved[late_comer.unit.short_name].figures if f.name.startswith("Tin, bài phát")
    ] == [None]
    radio = next(t for t in changes.totals if t.name.startswith("Tin, bài phát"))
    assert radio.after - radio.before == pending.snapshots.get().content["figures"]["radio-news"]

    page = client.get(reverse("summaries:detail", args=[scene.directive.pk])).content.decode()
    assert "Thay đổi so với lần trước" in page
    assert "Thay đổi từ lần tạo báo cáo gần nhất" not in page  # nothing new since the second


def test_generating_twice_without_news_reports_no_change(scene, officer):
    first = generate_summary(directive=scene.directive, actor=officer, base_url="http://t/", with_pdf=False)
    second = generate_summary(directive=scene.directive, actor=officer, base_url="http://t/", with_pdf=False)
    assert not compare_frozen(first.content, second.content)
