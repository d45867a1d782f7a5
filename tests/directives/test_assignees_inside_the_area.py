"""A directive gives tasks only to units of its issuer's area, however the unit was chosen: ticked, typed as
a name, picked for an unresolved name, or slipped in by a forged POST."""

import pytest
from django.urls import reverse

from lantoa.directives.lifecycle import (
    DirectiveError,
    approve_directive,
    issue_problems,
    submit_for_signature,
)
from lantoa.directives.models import Assignment, DirectiveState
from lantoa.directives.services import add_task, assign_unit, assign_units, settle_unresolved

pytestmark = pytest.mark.django_db


def test_the_services_refuse_a_commune_of_another_district(officer, draft_example_directive, distant_commune):
    task = draft_example_directive.tasks.get(position=1)
    with pytest.raises(DirectiveError, match="không thuộc địa bàn của UBND huyện Hoằng Hóa"):
        assign_unit(task=task, unit=distant_commune, actor=officer)
    with pytest.raises(DirectiveError, match="không thuộc địa bàn"):
        assign_units(task=task, units=[distant_commune], actor=officer)
    assert not draft_example_directive.assignments.filter(unit=distant_commune).exists()


def test_the_district_committee_itself_and_the_province_are_outside_the_districts_area(
    officer, draft_example_directive, district_committee, province_committee
):
    task = draft_example_directive.tasks.get(position=1)
    for unit in (district_committee, province_committee):
        with pytest.raises(DirectiveError, match="không thuộc địa bàn"):
            assign_unit(task=task, unit=unit, actor=officer)


def test_a_forged_post_of_another_districts_commune_is_refused_with_a_message(
    client, officer, draft_example_directive, distant_commune
):
    task = draft_example_directive.tasks.get(position=1)
    client.force_login(officer)
    response = client.post(
        reverse("directives:task_units", args=[draft_example_directive.pk, task.pk]),
        {"units": [distant_commune.pk]},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    response = client.post(
        reverse("directives:task_settle", args=[draft_example_directive.pk, task.pk]),
        {"text": "x", "unit": distant_commune.pk},
        follow=True,
    )
    assert "không nằm trong gợi ý hay trong các đơn vị của cơ quan ban hành" in response.content.decode()
    assert not draft_example_directive.assignments.filter(unit=distant_commune).exists()


def test_a_name_found_only_in_another_district_is_flagged_not_assigned(
    officer, draft_example_directive, distant_commune
):
    task = add_task(
        directive=draft_example_directive,
        actor=officer,
        text="Phối hợp tuyên truyền.",
        assignee_text=distant_commune.name,
    )
    assert not task.assignments.exists()
    [flag] = task.unresolved
    assert flag["text"] == distant_commune.name
    assert "không thuộc địa bàn của UBND huyện Hoằng Hóa" in flag["reason"]
    with pytest.raises(DirectiveError, match="không thuộc địa bàn"):
        settle_unresolved(task=task, actor=officer, text=flag["text"], unit=distant_commune)


def test_a_unit_slipped_in_outside_the_area_stops_the_submission_and_the_signature(
    officer, leader, draft_example_directive, distant_commune
):
    directive = draft_example_directive
    task = directive.tasks.get(position=1)
    Assignment.objects.create(
        directive=directive, task=task, unit=distant_commune, due_on=directive.report_due
    )
    problem = f"{distant_commune} không thuộc địa bàn của UBND huyện Hoằng Hóa"
    assert any(p.startswith(problem) for p in issue_problems(directive))
    with pytest.raises(DirectiveError, match="không thuộc địa bàn"):
        submit_for_signature(directive=directive, actor=officer)
    with pytest.raises(DirectiveError, match="không thuộc địa bàn"):
        approve_directive(directive=directive, actor=leader)
    directive.refresh_from_db()
    assert directive.state == DirectiveState.DRAFT
