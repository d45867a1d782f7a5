"""Issuing is safe: no task goes out to nobody, the issued page shows the units the tasks really went to,
the unit picker offers the tree in force on the directive's date (before and after an administrative
change), and the signature asks first, naming what it will do."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lantoa.directives.lifecycle import (
    DirectiveError,
    approve_directive,
    issue_problems,
    submit_for_signature,
)
from lantoa.directives.models import DirectiveState
from lantoa.directives.selectors import assignable_units, picker_notice
from lantoa.directives.services import add_task, assign_units, create_directive
from lantoa.units.models import Level, Role, Unit, UnitKind
from lantoa.units.services import grant_membership, import_divisions

pytestmark = pytest.mark.django_db

DAY_2023 = datetime.date(2023, 9, 25)
DAY_2025 = datetime.date(2025, 10, 1)


def _communes(units):
    return units.filter(kind=UnitKind.PEOPLES_COMMITTEE, level=Level.COMMUNE)


def test_a_task_given_to_nobody_stops_the_directive_from_being_issued(
    draft_example_directive, officer, leader
):
    directive = draft_example_directive
    lonely = add_task(directive=directive, actor=officer, text="Tổng kết, rút kinh nghiệm.")
    assert not lonely.assignments.exists()
    problems = issue_problems(directive)
    assert (
        f"Nhiệm vụ {lonely.position} chưa giao cho đơn vị nào: hãy chọn đơn vị hoặc bỏ nhiệm vụ." in problems
    )
    with pytest.raises(DirectiveError, match=f"Nhiệm vụ {lonely.position} chưa giao cho đơn vị nào"):
        approve_directive(directive=directive, actor=leader)
    directive.refresh_from_db()
    assert directive.state == DirectiveState.DRAFT


def test_the_issued_page_lists_the_units_each_task_went_to_not_the_words_typed(
    client, example_directive, officer, district_committee
):
    task = max(example_directive.tasks.all(), key=lambda t: t.assignments.count())
    communes = task.assignments.filter(unit__level=Level.COMMUNE).count()
    client.force_login(officer)
    page = client.get(reverse("directives:detail", args=[example_directive.pk])).content.decode()
    item = page[page.index(f'id="nv-{task.position}"') :]
    item = item[: item.index("</li>\n")]
    assert f"{communes} xã, phường, thị trấn — {district_committee}" in item
    assert "UBND xã Hoằng Xuân" in item  # the real units, grouped and expandable
    assert "<details" in item
    if task.assignee_text:
        assert f"Văn bản ghi: “{task.assignee_text}”" in item  # the typed words, shown as what they are


def test_the_picker_offers_the_tree_of_the_directives_date_in_both_eras(
    department_officer, province_committee, department
):
    in_2023 = create_directive(
        issuer=province_committee, office=department, actor=department_officer, issued_on=DAY_2023
    )
    in_2025 = create_directive(
        issuer=province_committee, office=department, actor=department_officer, issued_on=DAY_2025
    )
    old, new = _communes(assignable_units(in_2023)), _communes(assignable_units(in_2025))
    assert old.count() == 547  # communes and towns under the 26 districts of 2023
    assert new.count() == 166  # the communes and wards of the two-level province
    assert not set(old.values_list("pk", flat=True)) & set(new.values_list("pk", flat=True))
    assert all(u.parent.level == Level.DISTRICT for u in old[:20])
    assert all(u.parent_id == province_committee.pk for u in new[:20])
    assert picker_notice(in_2023) is None


def test_a_district_on_a_date_after_it_closed_is_told_why_the_picker_is_empty(
    client, officer, district_committee, culture_office
):
    directive = create_directive(
        issuer=district_committee, office=culture_office, actor=officer, issued_on=DAY_2025
    )
    task = add_task(directive=directive, actor=officer, text="Tuyên truyền.")
    assert not assignable_units(directive).exists()
    notice = picker_notice(directive)
    assert "UBND huyện Hoằng Hóa thôi hoạt động từ 01/07/2025, trước ngày của văn bản (01/10/2025)" in notice
    assert any("không hoạt động vào ngày của văn bản (01/10/2025)" in p for p in issue_problems(directive))
    client.force_login(officer)
    page = client.get(reverse("directives:task", args=[directive.pk, task.pk])).content.decode()
    assert "thôi hoạt động từ 01/07/2025" in page
    assert "Không có đơn vị nào để giao vào ngày của văn bản." in page


def test_a_draft_without_a_date_says_the_picker_reads_today(officer, district_committee, culture_office):
    directive = create_directive(issuer=district_committee, office=culture_office, actor=officer)
    assert "thôi hoạt động" in picker_notice(directive)  # today the district no longer exists
    directive.issued_on = DAY_2023
    directive.save(update_fields=["issued_on"])
    assert _communes(assignable_units(directive)).count() == 36
    assert picker_notice(directive) is None


def test_a_directive_dated_before_a_change_still_reaches_the_units_that_moved_since(client):
    """Tỉnh Đồng Nai became Thành phố Đồng Nai on 30/04/2026 and its communes moved under the city: a draft of
    the province dated 2025 still offers every commune of that date, and may assign them."""
    from lantoa.units.changes import apply_changes, read_changes, shipped_files

    import_divisions(era="2025", province="Đồng Nai", with_changes=False)
    province = Unit.objects.get(code_2025="75")
    before = set(_communes(Unit.objects.under(province)).open_on(DAY_2025).values_list("pk", flat=True))
    person = get_user_model().objects.create_user(username="chuyenvien-dn", password="x-unused-x")
    grant_membership(user=person, unit=province, role=Role.OFFICER)
    apply_changes(actor=None, specs=[spec for path in shipped_files() for spec in read_changes(path)])
    city = Unit.objects.get(code_2025="75")
    assert city.pk != province.pk
    moved = _communes(Unit.objects.under(province)).open_on(DAY_2025)
    assert moved.count() < len(before)  # under the old province only: what the picker used to offer

    directive = create_directive(issuer=province, office=province, actor=person, issued_on=DAY_2025)
    offered = set(_communes(assignable_units(directive)).values_list("pk", flat=True))
    assert offered == before
    task = add_task(directive=directive, actor=person, text="Tuyên truyền trên đài truyền thanh.")
    under_the_city = _communes(Unit.objects.under(city)).open_on(DAY_2025).first()
    assign_units(task=task, units=[under_the_city], actor=person)
    assert task.assignments.filter(unit=under_the_city).exists()
    assert not any("không thuộc địa bàn" in p for p in issue_problems(directive))

    after = create_directive(issuer=city, office=city, actor=person, issued_on=datetime.date(2026, 5, 11))
    names = set(_communes(assignable_units(after)).values_list("name", flat=True))
    assert "Ủy ban nhân dân phường Dầu Giây" in names or any("phường Dầu Giây" in n for n in names)
    assert not any(n.endswith("xã Dầu Giây") for n in names)


def test_signing_asks_first_naming_how_many_tasks_and_units(client, draft_example_directive, officer, leader):
    directive = draft_example_directive
    submit_for_signature(directive=directive, actor=officer)
    units = directive.assignments.values("unit").distinct().count()
    tasks = directive.tasks.count()
    client.force_login(leader)
    page = client.get(reverse("directives:detail", args=[directive.pk])).content.decode()
    said = f"giao {tasks} nhiệm vụ cho {units} đơn vị"
    assert f'data-confirm="Ký duyệt nhân danh UBND huyện Hoằng Hóa: {said}.' in page
    response = client.post(reverse("directives:approve", args=[directive.pk]))
    question = response.content.decode()
    assert response.status_code == 200
    assert "Ký duyệt và giao nhiệm vụ?" in question
    assert said in question
    assert "Sau khi giao không sửa nhiệm vụ, đơn vị được nữa." in question
    directive.refresh_from_db()
    assert directive.state == DirectiveState.PENDING  # nothing happened yet
    client.post(reverse("directives:approve", args=[directive.pk]), {"xac_nhan": "1"})
    directive.refresh_from_db()
    assert directive.state == DirectiveState.ISSUED


def test_removing_a_task_or_a_unit_asks_first(client, draft_example_directive, officer, commune_committee):
    directive = draft_example_directive
    assignment = directive.assignments.filter(unit=commune_committee).select_related("task").first()
    task = assignment.task
    client.force_login(officer)
    question = client.post(reverse("directives:task_remove", args=[directive.pk, task.pk])).content.decode()
    assert f"Bỏ nhiệm vụ {task.position}?" in question
    assert directive.tasks.filter(pk=task.pk).exists()
    question = client.post(
        reverse("directives:assignment_remove", args=[directive.pk, assignment.pk])
    ).content.decode()
    assert f"Bỏ UBND xã Hoằng Xuân khỏi nhiệm vụ {task.position}?" in question
    assert directive.assignments.filter(pk=assignment.pk).exists()
    page = client.get(reverse("directives:task", args=[directive.pk, task.pk])).content.decode()
    assert page.count("data-confirm-danger") >= 2  # the task's removal and each unit's


def test_someone_who_may_not_sign_is_refused_not_asked(client, draft_example_directive, officer):
    submit_for_signature(directive=draft_example_directive, actor=officer)
    client.force_login(officer)
    assert client.post(reverse("directives:approve", args=[draft_example_directive.pk])).status_code == 404
