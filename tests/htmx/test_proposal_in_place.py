"""On the long proposal page and on a task's page, the officer settles or dismisses a name the reader could
not place, changes a unit's role or deadline, or removes a unit, and only the fragment that changed is
answered (the phone keeps its place in the list); without JavaScript the same forms redirect as before."""

import datetime
import re

import pytest
from django.urls import reverse

from lantoa.directives.models import Assignment, TaskRole
from lantoa.directives.services import add_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged_task(draft_example_directive, officer):
    """Task 9, for “Phòng Văn hóa”, a name the reader suggests units for but cannot settle alone."""
    task = add_task(
        directive=draft_example_directive,
        actor=officer,
        text="Tổng hợp kết quả, báo cáo UBND huyện.",
        assignee_text="Phòng Văn hóa",
        role=TaskRole.LEAD,
    )
    assert task.unresolved[0]["text"] == "Phòng Văn hóa"
    return task


def _settle(directive, task):
    return reverse("directives:task_settle", args=[directive.pk, task.pk])


def _dismiss(directive, task):
    return reverse("directives:task_dismiss", args=[directive.pk, task.pk])


def _assignment(directive, assignment):
    return reverse("directives:assignment", args=[directive.pk, assignment.pk])


def _remove(directive, assignment):
    return reverse("directives:assignment_remove", args=[directive.pk, assignment.pk])


def _hoang_xuan_on_task_7(directive, commune_committee) -> Assignment:
    return Assignment.objects.select_related("unit").get(
        directive=directive, task__position=7, unit=commune_committee
    )


# --- the proposal page ----------------------------------------------------------------------------------


def test_the_proposal_page_posts_its_names_in_place_and_still_has_plain_forms(
    client, officer, draft_example_directive, flagged_task
):
    client.force_login(officer)
    page = client.get(reverse("directives:edit", args=[draft_example_directive.pk])).content.decode()
    settle = _settle(draft_example_directive, flagged_task)
    assert (
        f'<form method="post" action="{settle}" class="inline" hx-post="{settle}" hx-target="closest li"'
        in page
    )
    assert '<p id="tong-so">' in page
    assert '<ul class="checklist" id="dieu-kien-giao">' in page


def test_settling_a_name_answers_the_task_with_its_new_unit_and_the_pages_counts(
    client, officer, draft_example_directive, flagged_task, culture_office, htmx
):
    directive = draft_example_directive
    client.force_login(officer)
    response = client.post(
        _settle(directive, flagged_task),
        {"text": "Phòng Văn hóa", "unit": culture_office.pk},
        headers=htmx("nv-9"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert page.lstrip().startswith('<li id="nv-9">')
    assert f"Đã giao nhiệm vụ 9 cho {culture_office}." in page
    assert (
        f'<ul class="chips"><li>{culture_office} <span class="muted">— huyện Hoằng Hóa, tỉnh Thanh Hóa</span></li></ul>'
        in page
    )
    assert "Chưa xác định được đơn vị" not in page
    # Out of band: the counts under the title and the checklist before issuing.
    assert re.search(r'<p id="tong-so" hx-swap-oob="true">.*9 nhiệm vụ ·\s*38 đơn vị</p>', page, re.S)
    checklist = page[page.index('<ul class="checklist" id="dieu-kien-giao" hx-swap-oob="true">') :]
    assert "Nhiệm vụ 9" not in checklist
    assert "Sẵn sàng giao nhiệm vụ cho 38 đơn vị." in checklist
    flagged_task.refresh_from_db()
    assert flagged_task.unresolved == []
    assert flagged_task.assignments.get().unit == culture_office
    # The note was shown in place; it does not come back on the next full page.
    assert (
        f"Đã giao nhiệm vụ 9 cho {culture_office}."
        not in client.get(reverse("directives:edit", args=[directive.pk])).content.decode()
    )


def test_dismissing_a_name_answers_the_task_without_its_flag(
    client, officer, draft_example_directive, flagged_task, htmx
):
    client.force_login(officer)
    page = client.post(
        _dismiss(draft_example_directive, flagged_task), {"text": "Phòng Văn hóa"}, headers=htmx("nv-9")
    ).content.decode()
    assert page.lstrip().startswith('<li id="nv-9">')
    assert "Đã bỏ qua “Phòng Văn hóa”." in page
    assert "Chưa xác định được đơn vị" not in page
    assert "Chưa giao cho đơn vị nào." in page  # the task now needs a unit chosen by hand
    assert "Chưa giao nhiệm vụ cho đơn vị nào." not in page
    assert "Nhiệm vụ 9: chưa xác định" not in page
    flagged_task.refresh_from_db()
    assert flagged_task.unresolved == []


def test_a_name_settled_already_is_explained_in_the_task(
    client, officer, draft_example_directive, flagged_task, culture_office, htmx
):
    client.force_login(officer)
    url = _settle(draft_example_directive, flagged_task)
    client.post(url, {"text": "Phòng Văn hóa", "unit": culture_office.pk}, headers=htmx("nv-9"))
    response = client.post(url, {"text": "Phòng Văn hóa", "unit": culture_office.pk}, headers=htmx("nv-9"))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<ul class="messages" role="alert"><li class="error">Tên đơn vị này đã được xử lý; hãy tải lại trang.'
        in page
    )
    assert flagged_task.assignments.count() == 1


def test_picking_a_unit_outside_the_tree_is_refused_in_the_task(
    client, officer, draft_example_directive, flagged_task, other_district_committee, htmx
):
    client.force_login(officer)
    page = client.post(
        _settle(draft_example_directive, flagged_task),
        {"text": "Phòng Văn hóa", "unit": other_district_committee.pk},
        headers=htmx("nv-9"),
    ).content.decode()
    assert "không nằm trong gợi ý hay trong các đơn vị của cơ quan ban hành" in page
    assert "Chưa xác định được đơn vị" in page  # the flag stays, to pick again
    flagged_task.refresh_from_db()
    assert flagged_task.unresolved
    assert not flagged_task.assignments.exists()


# --- the task page --------------------------------------------------------------------------------------


def test_settling_on_the_task_page_answers_its_names_and_its_units(
    client, officer, draft_example_directive, flagged_task, culture_office, htmx
):
    client.force_login(officer)
    page = client.get(reverse("directives:task", args=[draft_example_directive.pk, flagged_task.pk]))
    assert 'hx-target="#chua-ro"' in page.content.decode()
    response = client.post(
        _settle(draft_example_directive, flagged_task),
        {"text": "Phòng Văn hóa", "unit": culture_office.pk},
        headers=htmx("chua-ro"),
    )
    page = response.content.decode()
    assert "<html" not in page
    assert page.lstrip().startswith('<div id="chua-ro">')
    assert f"Đã giao nhiệm vụ 9 cho {culture_office}." in page
    assert "Chưa xác định được đơn vị" not in page
    units = page[page.index('<section class="card" id="don-vi" hx-swap-oob="true">') :]
    assert "Giao cho 1 đơn vị" in units
    assignment = flagged_task.assignments.get()
    assert f"<td>{culture_office}</td>" in units
    assert _assignment(draft_example_directive, assignment) in units


def test_changing_a_units_role_and_deadline_answers_its_row(
    client, officer, draft_example_directive, commune_committee, htmx
):
    directive = draft_example_directive
    assignment = _hoang_xuan_on_task_7(directive, commune_committee)
    client.force_login(officer)
    response = client.post(
        _assignment(directive, assignment),
        {f"a{assignment.pk}-role": "lead", f"a{assignment.pk}-due_on": "12/10/2023"},
        headers=htmx(),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert page.lstrip().startswith("<tr>")
    assert "Đã lưu vai trò và hạn của UBND xã Hoằng Xuân." in page
    assert '<option value="lead" selected>' in page
    assert 'value="12/10/2023"' in page
    assignment.refresh_from_db()
    assert (assignment.role, assignment.due_on) == (TaskRole.LEAD, datetime.date(2023, 10, 12))


def test_a_wrong_deadline_is_explained_in_the_row_and_what_was_typed_stays(
    client, officer, draft_example_directive, commune_committee, htmx
):
    directive = draft_example_directive
    assignment = _hoang_xuan_on_task_7(directive, commune_committee)
    before = (assignment.role, assignment.due_on)
    client.force_login(officer)
    page = client.post(
        _assignment(directive, assignment),
        {f"a{assignment.pk}-role": "lead", f"a{assignment.pk}-due_on": "32/13/2023"},
        headers=htmx(),
    ).content.decode()
    assert "Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/10/2023." in page
    assert 'value="32/13/2023"' in page
    assert '<option value="lead" selected>' in page
    assignment.refresh_from_db()
    assert (assignment.role, assignment.due_on) == before


def test_removing_a_unit_answers_a_note_in_its_place_and_the_new_count(
    client, officer, draft_example_directive, commune_committee, htmx
):
    directive = draft_example_directive
    assignment = _hoang_xuan_on_task_7(directive, commune_committee)
    left = assignment.task.assignments.count() - 1
    client.force_login(officer)
    page = client.post(_remove(directive, assignment), {"xac_nhan": "1"}, headers=htmx()).content.decode()
    assert "<html" not in page
    assert page.lstrip().startswith("<tr>")
    assert "Đã bỏ UBND xã Hoằng Xuân khỏi nhiệm vụ 7." in page
    assert f'<h2 id="don-vi-so" hx-swap-oob="true">Giao cho {left} đơn vị</h2>' in page
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_after_issuing_an_in_place_change_opens_the_directive_and_says_why(
    client, officer, example_directive, commune_committee, htmx
):
    assignment = _hoang_xuan_on_task_7(example_directive, commune_committee)
    client.force_login(officer)
    response = client.post(_remove(example_directive, assignment), headers=htmx())
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("directives:detail", args=[example_directive.pk])
    assert response.content == b""
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    page = client.get(response["HX-Redirect"]).content.decode()
    assert "Văn bản đã giao; không sửa nhiệm vụ và đơn vị được nữa." in page


# --- without JavaScript, and for people who may not change the proposal -------------------------------


def test_without_htmx_the_same_posts_redirect_as_before(
    client, officer, draft_example_directive, flagged_task, commune_committee
):
    directive = draft_example_directive
    client.force_login(officer)
    response = client.post(_dismiss(directive, flagged_task), {"text": "Phòng Văn hóa"})
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:edit", args=[directive.pk]) + "#nv-9"
    assignment = _hoang_xuan_on_task_7(directive, commune_committee)
    task_page = reverse("directives:task", args=[directive.pk, assignment.task_id])
    response = client.post(
        _assignment(directive, assignment),
        {f"a{assignment.pk}-role": "lead", f"a{assignment.pk}-due_on": "32/13/2023"},
    )
    assert (response.status_code, response["Location"]) == (302, task_page)
    assert "Hãy nhập ngày theo dạng ngày/tháng/năm" in client.get(task_page).content.decode()
    response = client.post(_remove(directive, assignment), {"xac_nhan": "1"})
    assert (response.status_code, response["Location"]) == (302, task_page)
    assert "Đã bỏ UBND xã Hoằng Xuân khỏi nhiệm vụ 7." in client.get(task_page).content.decode()


@pytest.mark.parametrize("with_htmx", [False, True])
def test_people_who_do_not_prepare_the_directive_get_the_same_404_with_or_without_htmx(
    client,
    outsider,
    commune_reporter,
    draft_example_directive,
    flagged_task,
    culture_office,
    commune_committee,
    htmx,
    with_htmx,
):
    directive = draft_example_directive
    assignment = _hoang_xuan_on_task_7(directive, commune_committee)
    before = (assignment.role, assignment.due_on)
    for person in (outsider, commune_reporter):
        client.force_login(person)
        headers = htmx("nv-9") if with_htmx else {}
        posts = [
            (_settle(directive, flagged_task), {"text": "Phòng Văn hóa", "unit": culture_office.pk}),
            (_dismiss(directive, flagged_task), {"text": "Phòng Văn hóa"}),
            (_assignment(directive, assignment), {f"a{assignment.pk}-role": "lead"}),
            (_remove(directive, assignment), {}),
        ]
        for url, data in posts:
            assert client.post(url, data, headers=headers).status_code == 404, url
    flagged_task.refresh_from_db()
    assert flagged_task.unresolved
    assignment.refresh_from_db()
    assert (assignment.role, assignment.due_on) == before
