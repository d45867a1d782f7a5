"""The reviewer reads a flag on the report, looks, and marks it checked with a note; the unit cannot, an
outsider does not even see it. The summary counts what was accepted despite a flag."""

import io

import docx
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lantoa.core.models import AuditEvent
from lantoa.evidence.models import Flag
from lantoa.reports.models import Report
from lantoa.reports.services import accept_report, save_report, submit_report
from lantoa.summaries.services import generate_summary
from lantoa.units.models import Membership, Role
from tests.evidence.conftest import photo, recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(example_directive, commune_committee, commune_reporter, log_with_evidence) -> Flag:
    log_with_evidence(
        commune_committee, commune_reporter, files=[photo(seed=11, taken="2022:10:05 08:30:00")]
    )
    return Flag.objects.get()


@pytest.fixture
def report(example_directive, commune_committee) -> Report:
    return Report.objects.get(directive=example_directive, unit=commune_committee)


@pytest.fixture
def outsider_officer(other_district_committee):
    """An officer of another district: reviews nothing of Hoằng Hóa."""
    user = get_user_model().objects.create_user(username="chuyenvienkhac", password="x-unused-x")
    Membership.objects.create(user=user, unit=other_district_committee, role=Role.OFFICER)
    return user


def test_the_reviewer_sees_the_flag_on_the_report_and_marks_it_checked_with_a_note(
    client, officer, flagged, report
):
    client.force_login(officer)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'id="canh-bao"' in page
    assert flagged.reason in page
    assert reverse("evidence:check_flag", args=[flagged.pk]) in page
    response = client.post(
        reverse("evidence:check_flag", args=[flagged.pk]),
        {
            "note": "Đã gọi xã: ảnh năm ngoái, xã sẽ thay ảnh.",
            "next": reverse("reports:detail", args=[report.pk]),
        },
    )
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.is_checked
    assert flagged.checked_by == officer
    assert flagged.check_note == "Đã gọi xã: ảnh năm ngoái, xã sẽ thay ảnh."
    event = AuditEvent.objects.get(action="evidence.flag_checked")
    assert event.actor == officer
    page = client.get(reverse("reports:review", args=[report.directive_id])).content.decode()
    assert "1 cảnh báo đã kiểm tra" in page


def test_a_check_without_a_note_is_refused_with_a_sentence(client, officer, flagged):
    client.force_login(officer)
    response = client.post(reverse("evidence:check_flag", args=[flagged.pk]), {"note": "  "}, follow=True)
    assert "Hãy ghi bạn đã kiểm tra thế nào" in response.content.decode()
    flagged.refresh_from_db()
    assert not flagged.is_checked


def test_the_flag_shows_on_the_activity_page_for_the_reviewer(client, officer, flagged):
    client.force_login(officer)
    page = client.get(reverse("activities:detail", args=[flagged.activity_id])).content.decode()
    assert flagged.reason in page
    assert reverse("evidence:check_flag", args=[flagged.pk]) in page


def test_the_commune_cannot_mark_its_own_flag_checked(client, commune_reporter, flagged):
    client.force_login(commune_reporter)
    page = client.get(reverse("activities:detail", args=[flagged.activity_id])).content.decode()
    assert flagged.reason not in page
    response = client.post(reverse("evidence:check_flag", args=[flagged.pk]), {"note": "Ảnh đúng."})
    assert response.status_code == 403
    flagged.refresh_from_db()
    assert not flagged.is_checked


def test_an_officer_of_another_district_cannot_see_or_check_the_flag(client, outsider_officer, flagged):
    client.force_login(outsider_officer)
    response = client.post(reverse("evidence:check_flag", args=[flagged.pk]), {"note": "Ảnh đúng."})
    assert response.status_code == 404
    flagged.refresh_from_db()
    assert not flagged.is_checked


def test_the_report_says_per_figure_how_much_rests_on_evidence(
    client, officer, commune_committee, commune_reporter, log_with_evidence, report
):
    log_with_evidence(
        commune_committee,
        commune_reporter,
        type="broadcast",
        quantities={"count": 1, "minutes": 4},
        files=[recording(240)],
    )
    log_with_evidence(
        commune_committee, commune_reporter, type="broadcast", quantities={"count": 1, "minutes": 30}
    )
    client.force_login(officer)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "4 có minh chứng · 30 chỉ do đơn vị kê khai" in page


def test_the_summary_counts_items_accepted_despite_a_flag(
    client, officer, commune_reporter, flagged, report, example_directive
):
    save_report(report=report, actor=commune_reporter, results="Đã tổ chức.", difficulties="", proposals="")
    submit_report(report=report, actor=commune_reporter)
    accept_report(report=report, actor=officer)
    client.force_login(officer)
    page = client.get(reverse("summaries:detail", args=[example_directive.pk])).content.decode()
    assert "1 hoạt động có cảnh báo minh chứng nằm trong báo cáo đã duyệt" in page
    assert "(0 đã được ghi kết quả kiểm tra)" in page


def test_the_generated_summary_says_it_in_its_text_and_names_the_unit_in_its_annex(
    officer, commune_reporter, commune_committee, flagged, report, example_directive
):
    save_report(report=report, actor=commune_reporter, results="Đã tổ chức.", difficulties="", proposals="")
    submit_report(report=report, actor=commune_reporter)
    accept_report(report=report, actor=officer)
    generation = generate_summary(
        directive=example_directive, actor=officer, base_url="http://t/", with_pdf=False
    )

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(generation.docx.read())).paragraphs)
    assert (
        "1 hoạt động trong các báo cáo đã duyệt có cảnh báo về minh chứng (0 đã được kiểm tra, ghi kết quả)."
        in text
    )

    sheet = openpyxl.load_workbook(io.BytesIO(generation.xlsx.read()))["Tình hình báo cáo"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    column = rows[0].index("Hoạt động có cảnh báo minh chứng (đã kiểm tra)")
    *units, totals = rows[1:]
    flagged_units = [(row[0], row[column]) for row in units if row[column]]
    assert flagged_units == [(commune_committee.short_name, "1 (0 đã kiểm tra)")]
    assert totals[column] == "1 (0 đã kiểm tra)"


def test_a_flag_is_kept_under_its_activitys_unit_and_the_migration_fills_those_raised_before(
    flagged, example_directive, commune_committee, officer
):
    import importlib

    from django.apps import apps

    from lantoa.evidence.selectors import flag_counts_by_unit

    assert flagged.unit_id == commune_committee.pk
    assert flag_counts_by_unit(example_directive) == {commune_committee.pk: (1, 0)}

    # A flag raised before flags had a unit: the migration finds it from the activity.
    Flag.objects.filter(pk=flagged.pk).update(unit_id=officer.memberships.first().unit_id)
    importlib.import_module("lantoa.evidence.migrations.0002_flag_unit").fill(apps, None)
    assert Flag.objects.get(pk=flagged.pk).unit_id == commune_committee.pk
