"""The officer corrects the proposal before issuing: metadata, tasks, units, roles, dates, indicators."""

import datetime
import re

import pytest
from django.urls import reverse

from lantoa.directives.forms import DirectiveForm
from lantoa.directives.models import Assignment, TaskRole
from lantoa.indicators.models import Indicator
from lantoa.units.models import Level, Unit, UnitKind

pytestmark = pytest.mark.django_db


def _metadata(directive, officer, **changes) -> dict:
    """What the metadata form posts when the officer changes only `changes`."""
    data = {}
    for name, value in DirectiveForm(directive=directive, user=officer).initial.items():
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = "" if value is None else value
    data.update(changes)
    return data


def _edit(directive):
    return reverse("directives:edit", args=[directive.pk])


def test_officer_corrects_the_number_and_the_deadline_and_the_units_follow(
    client, officer, draft_example_directive
):
    directive = draft_example_directive
    client.force_login(officer)
    response = client.post(
        _edit(directive), _metadata(directive, officer, number="1500/UBND-VHTT", report_due="20/10/2023")
    )
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.number == "1500/UBND-VHTT"
    assert directive.report_due == datetime.date(2023, 10, 20)
    assert set(directive.assignments.values_list("due_on", flat=True)) == {datetime.date(2023, 10, 20)}
    page = client.get(response["Location"]).content.decode()
    assert "1500/UBND-VHTT" in page
    assert "20/10/2023" in page


def test_a_wrong_date_is_explained_and_the_typed_values_are_kept(client, officer, draft_example_directive):
    directive = draft_example_directive
    client.force_login(officer)
    response = client.post(
        _edit(directive),
        _metadata(directive, officer, number="999/UBND", period_start="10/10/2023", period_end="01/10/2023"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu" in page
    assert 'value="999/UBND"' in page
    directive.refresh_from_db()
    assert directive.number == "1234/UBND-VHTT"


def test_the_level_above_can_be_chosen_as_the_recipient_of_reports(
    client, officer, draft_example_directive, province_committee
):
    directive = draft_example_directive
    department = Unit.objects.get(parent=province_committee, name__startswith="Sở Thông tin và Truyền thông")
    client.force_login(officer)
    client.post(_edit(directive), _metadata(directive, officer, report_to=department.pk))
    directive.refresh_from_db()
    assert directive.report_to == department


def test_an_unknown_name_is_flagged_with_suggestions_and_resolved_by_picking_one(
    client, officer, draft_example_directive, culture_office
):
    directive = draft_example_directive
    client.force_login(officer)
    response = client.post(
        reverse("directives:task_add", args=[directive.pk]),
        {"text": "Tổng hợp kết quả, báo cáo UBND huyện.", "assignee_text": "Phòng Văn hóa", "role": "lead"},
    )
    assert response.status_code == 302
    task = directive.tasks.get(position=9)
    assert task.unresolved[0]["text"] == "Phòng Văn hóa"
    assert culture_office.pk in task.unresolved[0]["suggestions"]

    page = client.get(_edit(directive)).content.decode()
    assert "Chưa xác định được đơn vị" in page
    assert "“Phòng Văn hóa”" in page
    assert "Nhiệm vụ 9: chưa xác định được đơn vị “Phòng Văn hóa”" in page  # in the checklist before issuing
    assert f'name="unit" value="{culture_office.pk}"' in page

    response = client.post(
        reverse("directives:task_settle", args=[directive.pk, task.pk]),
        {"text": "Phòng Văn hóa", "unit": culture_office.pk},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.unresolved == []
    assignment = task.assignments.get()
    assert assignment.unit == culture_office
    assert assignment.role == TaskRole.LEAD
    assert "Chưa xác định được đơn vị" not in client.get(_edit(directive)).content.decode()


def test_a_flag_can_be_dismissed_when_the_name_needs_no_unit(client, officer, draft_example_directive):
    directive = draft_example_directive
    client.force_login(officer)
    client.post(
        reverse("directives:task_add", args=[directive.pk]),
        {"text": "Phối hợp tuyên truyền.", "assignee_text": "Đài Truyền thanh", "role": "coordinate"},
    )
    task = directive.tasks.get(position=9)
    assert task.unresolved
    client.post(
        reverse("directives:task_dismiss", args=[directive.pk, task.pk]), {"text": "Đài Truyền thanh"}
    )
    task.refresh_from_db()
    assert task.unresolved == []


def test_picking_a_unit_outside_the_suggestions_and_the_tree_is_refused(
    client, officer, draft_example_directive, other_district_committee
):
    directive = draft_example_directive
    client.force_login(officer)
    client.post(
        reverse("directives:task_add", args=[directive.pk]),
        {"text": "Tổng hợp.", "assignee_text": "Phòng Văn hóa", "role": "lead"},
    )
    task = directive.tasks.get(position=9)
    response = client.post(
        reverse("directives:task_settle", args=[directive.pk, task.pk]),
        {"text": "Phòng Văn hóa", "unit": other_district_committee.pk},
        follow=True,
    )
    assert "không nằm trong gợi ý hay trong các đơn vị của cơ quan ban hành" in response.content.decode()
    task.refresh_from_db()
    assert task.unresolved
    assert not task.assignments.exists()


def test_officer_gives_a_task_to_more_units_and_takes_one_away(
    client, officer, draft_example_directive, commune_committee, culture_office
):
    directive = draft_example_directive
    task = directive.tasks.get(position=1)  # the Phòng VH&TT's task
    client.force_login(officer)
    page = client.get(reverse("directives:task", args=[directive.pk, task.pk])).content.decode()
    assert "UBND xã Hoằng Xuân" in page  # the units of the district are offered
    response = client.post(
        reverse("directives:task_units", args=[directive.pk, task.pk]),
        {"units": [commune_committee.pk], "role": "coordinate"},
    )
    assert response.status_code == 302
    added = task.assignments.get(unit=commune_committee)
    assert added.role == TaskRole.COORDINATE
    assert added.due_on == datetime.date(2023, 10, 15)

    mine = task.assignments.get(unit=culture_office)
    client.post(reverse("directives:assignment_remove", args=[directive.pk, mine.pk]), {"xac_nhan": "1"})
    assert not task.assignments.filter(unit=culture_office).exists()


def test_every_commune_in_one_tick(client, officer, draft_example_directive, district_committee):
    directive = draft_example_directive
    task = directive.tasks.get(position=1)
    client.force_login(officer)
    client.post(reverse("directives:task_units", args=[directive.pk, task.pk]), {"all_communes": "on"})
    communes = Unit.objects.filter(
        parent=district_committee, kind=UnitKind.PEOPLES_COMMITTEE, level=Level.COMMUNE
    ).open_on(datetime.date(2023, 9, 25))
    assert task.assignments.filter(unit__in=communes).count() == communes.count() == 36


def test_ticking_nothing_asks_for_a_unit(client, officer, draft_example_directive):
    directive = draft_example_directive
    task = directive.tasks.get(position=1)
    client.force_login(officer)
    response = client.post(reverse("directives:task_units", args=[directive.pk, task.pk]), {})
    assert response.status_code == 200
    assert "Hãy đánh dấu ít nhất một đơn vị" in response.content.decode()


def test_officer_changes_one_units_role_and_deadline(
    client, officer, draft_example_directive, commune_committee
):
    directive = draft_example_directive
    assignment = Assignment.objects.get(directive=directive, task__position=7, unit=commune_committee)
    client.force_login(officer)
    client.post(
        reverse("directives:assignment", args=[directive.pk, assignment.pk]),
        {f"a{assignment.pk}-role": "lead", f"a{assignment.pk}-due_on": "12/10/2023"},
    )
    assignment.refresh_from_db()
    assert assignment.role == TaskRole.LEAD
    assert assignment.due_on == datetime.date(2023, 10, 12)


def test_officer_edits_a_tasks_text_role_and_due_date(client, officer, draft_example_directive):
    directive = draft_example_directive
    task = directive.tasks.get(position=7)
    client.force_login(officer)
    response = client.post(
        reverse("directives:task", args=[directive.pk, task.pk]),
        {"text": "Đẩy mạnh tuyên truyền trên Đài truyền thanh xã.", "role": "lead", "due_on": "12/10/2023"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.text == "Đẩy mạnh tuyên truyền trên Đài truyền thanh xã."
    assert set(task.assignments.values_list("role", "due_on")) == {("lead", datetime.date(2023, 10, 12))}


def test_an_empty_task_text_is_refused_and_the_old_text_stays(client, officer, draft_example_directive):
    directive = draft_example_directive
    task = directive.tasks.get(position=7)
    client.force_login(officer)
    response = client.post(
        reverse("directives:task", args=[directive.pk, task.pk]), {"text": "  ", "role": "lead"}
    )
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in response.content.decode()
    task.refresh_from_db()
    assert task.text.startswith("Chỉ đạo đẩy mạnh")


def test_officer_removes_a_task(client, officer, draft_example_directive):
    directive = draft_example_directive
    task = directive.tasks.get(position=3)
    client.force_login(officer)
    client.post(reverse("directives:task_remove", args=[directive.pk, task.pk]), {"xac_nhan": "1"})
    assert not directive.tasks.filter(position=3).exists()
    assert directive.tasks.count() == 7


def test_officer_picks_the_indicators(client, officer, draft_example_directive):
    directive = draft_example_directive
    client.force_login(officer)
    page = client.get(_edit(directive)).content.decode()
    web_articles = Indicator.objects.get(code="web-articles")
    assert re.search(rf'value="{web_articles.pk}"[^>]*checked', page)
    chosen = list(Indicator.objects.filter(code__in=["web-articles", "radio-news"]))
    client.post(reverse("directives:indicators", args=[directive.pk]), {"indicators": [i.pk for i in chosen]})
    assert set(directive.indicators.values_list("code", flat=True)) == {"web-articles", "radio-news"}
