"""The district's summary is its report on the Sở's directive: submitted upward, it counts in the Sở's
aggregation like any unit's report."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lantoa.reports.models import Report, ReportState
from lantoa.reports.services import accept_report
from lantoa.summaries.selectors import aggregate, upstream_report
from lantoa.summaries.services import SummaryError, generate_summary, submit_upward

pytestmark = pytest.mark.django_db


def test_the_sos_directive_assigns_every_district_and_the_example_implements_it(
    upstream, scene, district_committee
):
    assert upstream.state == "issued"
    assert Report.objects.filter(directive=upstream).count() >= 26
    assert upstream_report(scene.directive).unit == district_committee


def test_the_district_summary_submitted_upward_appears_in_the_sos_aggregation(
    upstream, scene, officer, leader, department_officer, district_committee
):
    generation = generate_summary(
        directive=scene.directive, actor=officer, base_url="http://t/", with_pdf=False
    )
    report = submit_upward(directive=scene.directive, actor=leader)
    assert report.state == ReportState.SUBMITTED
    snapshot = report.snapshots.get(version=1)
    district_totals = aggregate(scene.directive).accepted
    codes = {i.code for i in upstream.indicators.all()}
    assert snapshot.content["figures"] == {c: v for c, v in district_totals.items() if c in codes}
    assert snapshot.content["figures"]["radio-news"] > 0
    generation.refresh_from_db()
    assert generation.submitted_upward

    before = aggregate(upstream)
    assert before.pending["radio-news"] == district_totals["radio-news"]
    assert before.accepted["radio-news"] == 0
    accept_report(report=report, actor=department_officer)
    after = aggregate(upstream)
    assert after.accepted["radio-news"] == district_totals["radio-news"]
    district_row = next(r for r in after.rows if r.unit_id == district_committee.pk)
    assert district_row.is_counted
    assert (
        after.completeness.missing == after.completeness.expected - 1
    )  # the other districts have not reported


def test_only_people_of_the_assigned_unit_submit_upward(upstream, scene, officer):
    generate_summary(directive=scene.directive, actor=officer, base_url="http://t/", with_pdf=False)
    with pytest.raises(PermissionDenied):
        submit_upward(
            directive=scene.directive, actor=officer
        )  # the Phòng's officer is not of the UBND huyện
    assert upstream_report(scene.directive).state == ReportState.DRAFT


def test_submitting_upward_needs_a_generated_summary(upstream, scene, leader):
    with pytest.raises(SummaryError, match="Tạo báo cáo"):
        submit_upward(directive=scene.directive, actor=leader)


def test_a_directive_implementing_nothing_in_lantoa_cannot_submit_upward(scene, officer, leader):
    generate_summary(directive=scene.directive, actor=officer, base_url="http://t/", with_pdf=False)
    with pytest.raises(SummaryError, match="theo đường văn bản"):
        submit_upward(directive=scene.directive, actor=leader)


def test_the_leader_submits_upward_from_the_summary_page(client, upstream, scene, officer, leader):
    generate_summary(directive=scene.directive, actor=officer, base_url="http://t/", with_pdf=False)
    client.force_login(leader)
    page = client.get(reverse("summaries:detail", args=[scene.directive.pk])).content.decode()
    assert "Nộp lên cấp trên (báo cáo lần 1)" in page
    client.post(reverse("summaries:submit_upward", args=[scene.directive.pk]), {"xac_nhan": "1"})
    assert upstream_report(scene.directive).state == ReportState.SUBMITTED


def test_the_sos_officer_reads_the_district_summary_but_cannot_change_it(
    client, upstream, scene, department_officer
):
    client.force_login(department_officer)
    page = client.get(reverse("summaries:detail", args=[scene.directive.pk]))
    assert page.status_code == 200
    assert "Chỉ xem" in page.content.decode()
    assert 'action="/tong-hop/' not in page.content.decode()
    assert client.post(reverse("summaries:generate", args=[scene.directive.pk])).status_code == 403
    assert not hasattr(scene.directive, "summary") or not scene.directive.summary.generations.exists()
