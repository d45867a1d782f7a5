"""On the review page the officer accepts or returns a report and only that row (and the counts of the
filter bar) change; without JavaScript the same forms redirect back to the page as before."""

import re

import pytest
from django.urls import reverse

from lantoa.reports.models import Report, ReportState
from lantoa.reports.services import return_report, save_report, submit_report

pytestmark = pytest.mark.django_db


def _review(directive) -> str:
    return reverse("reports:review", args=[directive.pk])


def _oob_count(page: str, state: str) -> str:
    """The label and count the filter bar's tab of `state` is given out of band."""
    found = re.search(rf'<a id="tab-{state}" hx-swap-oob="innerHTML">([^<]*)</a>', page)
    assert found, f"no out-of-band count for {state}"
    return found.group(1)


def test_accepting_with_htmx_answers_the_row_with_its_new_state_and_the_counts(
    client, officer, example_directive, submitted, htmx
):
    client.force_login(officer)
    response = client.post(
        reverse("reports:accept", args=[submitted.pk]),
        {"next": _review(example_directive) + "?state=submitted", "xac_nhan": "1"},
        headers=htmx(),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert page.count("<tr>") == 1
    assert "UBND xã Hoằng Xuân" in page
    assert '<span class="state state-accepted">Đã duyệt</span>' in page
    assert "Đã duyệt báo cáo của UBND xã Hoằng Xuân." in page
    assert ">Duyệt</button>" not in page  # nothing left to do on an accepted report
    assert _oob_count(page, "submitted") == "Đã nộp (0)"
    assert _oob_count(page, "accepted") == "Đã duyệt (1)"
    assert _oob_count(page, "draft") == "Đang soạn (37)"
    submitted.refresh_from_db()
    assert submitted.state == ReportState.ACCEPTED
    assert submitted.transitions.last().actor == officer
    # The note was shown in the row; it does not come back as a message on the next page.
    assert "Đã duyệt báo cáo của" not in client.get(_review(example_directive)).content.decode()


def test_the_full_page_shows_the_tabs_the_counts_are_swapped_into(
    client, officer, example_directive, submitted
):
    client.force_login(officer)
    page = client.get(_review(example_directive), {"state": "submitted"}).content.decode()
    assert '<a id="tab-submitted" href="?state=submitted" class="current">Đã nộp (1)</a>' in page
    assert 'hx-post="{}"'.format(reverse("reports:accept", args=[submitted.pk])) in page
    assert 'hx-target="closest tr"' in page
    assert f'name="next" value="{_review(example_directive)}?state=submitted"' in page


def test_a_row_answered_in_place_still_works_without_javascript_afterwards(
    client, officer, example_directive, submitted, htmx
):
    """The forms of the new row carry the page they came from (the filtered list), never an outside one."""
    client.force_login(officer)
    review = _review(example_directive) + "?state=submitted"
    page = client.post(
        reverse("reports:return", args=[submitted.pk]), {"reason": "", "next": review}, headers=htmx()
    ).content.decode()
    assert page.count(f'name="next" value="{review}"') == 2  # accept and return
    page = client.post(
        reverse("reports:return", args=[submitted.pk]),
        {"reason": "", "next": "https://evil.example/"},
        headers=htmx(),
    ).content.decode()
    assert "evil.example" not in page
    assert page.count(f'name="next" value="{_review(example_directive)}"') == 2


def test_returning_with_a_reason_with_htmx_answers_the_returned_row(
    client, officer, example_directive, submitted, htmx
):
    client.force_login(officer)
    response = client.post(
        reverse("reports:return", args=[submitted.pk]),
        {"reason": "Thiếu số phút phát sóng.", "next": _review(example_directive)},
        headers=htmx(),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert '<span class="state state-returned">Bị trả lại</span>' in page
    assert "Đã trả lại báo cáo của UBND xã Hoằng Xuân." in page
    assert _oob_count(page, "returned") == "Bị trả lại (1)"
    assert _oob_count(page, "submitted") == "Đã nộp (0)"
    submitted.refresh_from_db()
    assert submitted.state == ReportState.RETURNED
    assert submitted.transitions.last().reason == "Thiếu số phút phát sóng."


def test_returning_without_a_reason_explains_in_the_row_and_keeps_what_was_typed(
    client, officer, example_directive, submitted, htmx
):
    client.force_login(officer)
    response = client.post(
        reverse("reports:return", args=[submitted.pk]),
        {"reason": "  \n ", "next": _review(example_directive)},
        headers=htmx(),
    )
    page = response.content.decode()
    assert response.status_code == 200  # htmx swaps only successful answers
    assert "<html" not in page
    assert "Hãy ghi lý do trả lại để đơn vị biết cần sửa, bổ sung gì." in page
    assert "<details open>" in page
    assert f'<textarea id="reason-{submitted.pk}" name="reason" rows="2" required>  \n </textarea>' in page
    assert '<span class="state state-submitted">Đã nộp</span>' in page
    assert ">Duyệt</button>" in page  # the officer can still accept instead
    assert _oob_count(page, "submitted") == "Đã nộp (1)"
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


def test_accepting_a_report_returned_meanwhile_explains_why_not_in_the_row(
    client, officer, leader, submitted, htmx
):
    return_report(report=submitted, actor=leader, reason="Thiếu ảnh minh chứng.")
    client.force_login(officer)
    page = client.post(reverse("reports:accept", args=[submitted.pk]), headers=htmx()).content.decode()
    assert "<html" not in page
    assert re.search(r'<p class="error" role="alert">[^<]*chờ đơn vị sửa và nộp lại rồi mới duyệt', page)
    assert '<span class="state state-returned">Bị trả lại</span>' in page
    submitted.refresh_from_db()
    assert submitted.state == ReportState.RETURNED


def test_without_htmx_accepting_still_redirects_back_to_the_review_page(
    client, officer, example_directive, submitted
):
    client.force_login(officer)
    review = _review(example_directive) + "?state=submitted"
    response = client.post(reverse("reports:accept", args=[submitted.pk]), {"next": review, "xac_nhan": "1"})
    assert (response.status_code, response["Location"]) == (302, review)
    assert "Đã duyệt báo cáo của UBND xã Hoằng Xuân." in client.get(review).content.decode()


def test_without_htmx_returning_still_redirects_or_shows_the_return_page(
    client, officer, example_directive, submitted
):
    client.force_login(officer)
    review = _review(example_directive) + "?state=submitted"
    response = client.post(reverse("reports:return", args=[submitted.pk]), {"reason": " ", "next": review})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page  # the full return page, as before
    assert "Hãy ghi lý do trả lại để đơn vị biết cần sửa, bổ sung gì." in page
    response = client.post(
        reverse("reports:return", args=[submitted.pk]), {"reason": "Bổ sung.", "next": review}
    )
    assert (response.status_code, response["Location"]) == (302, review)
    submitted.refresh_from_db()
    assert submitted.state == ReportState.RETURNED


@pytest.mark.parametrize("with_htmx", [False, True])
def test_people_outside_the_directive_get_the_same_404_with_or_without_htmx(
    client, outsider, centre_reporter, submitted, htmx, with_htmx
):
    headers = htmx() if with_htmx else {}
    for person in (outsider, centre_reporter):
        client.force_login(person)
        assert client.post(reverse("reports:accept", args=[submitted.pk]), headers=headers).status_code == 404
        response = client.post(
            reverse("reports:return", args=[submitted.pk]), {"reason": "Không được."}, headers=headers
        )
        assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED
    assert not submitted.transitions.exclude(to_state=ReportState.SUBMITTED).exists()


@pytest.mark.parametrize("with_htmx", [False, True])
def test_the_commune_cannot_accept_or_return_its_own_report_with_or_without_htmx(
    client, commune_reporter, submitted, htmx, with_htmx
):
    headers = htmx() if with_htmx else {}
    client.force_login(commune_reporter)
    assert client.post(reverse("reports:accept", args=[submitted.pk]), headers=headers).status_code == 403
    response = client.post(
        reverse("reports:return", args=[submitted.pk]), {"reason": "Tự trả."}, headers=headers
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


@pytest.mark.parametrize("communes", [10, 200])
def test_accepting_in_place_takes_the_same_number_of_queries_for_10_or_200_units(
    client, campaign, officer, communes, htmx, django_assert_num_queries
):
    directive, person = campaign(communes)
    reports = list(
        Report.objects.filter(directive=directive).select_related("directive", "unit").order_by("pk")
    )
    for report in reports[:3]:
        save_report(report=report, actor=person, results="Kết quả", difficulties="", proposals="")
        submit_report(report=report, actor=person)
    client.force_login(officer)
    client.get(_review(directive))  # warm the per-process caches (demo flag)
    # session, user; the report in scope (2); accepting: savepoint, lock, may review, history row, report,
    # audit, the unit's people, their choice of mail, their messages, release (10); the report again (2);
    # the reports in its state with their submitted figures (2), indicators, the evidence flags per unit;
    # the completeness (1); may manage. No ledger read: every row shown was submitted.
    with django_assert_num_queries(22):
        response = client.post(
            reverse("reports:accept", args=[reports[0].pk]), {"xac_nhan": "1"}, headers=htmx()
        )
    assert "Đã duyệt (1)" in response.content.decode()
