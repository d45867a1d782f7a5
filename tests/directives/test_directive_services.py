"""The write services the pages call refuse the same things when called directly."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from lantoa.core.models import AuditEvent
from lantoa.directives.models import Directive
from lantoa.directives.services import (
    DirectiveError,
    add_task,
    assign_units,
    create_directive,
    create_directive_from_parse,
    import_directive,
    settle_unresolved,
    update_directive,
    update_task,
)
from lantoa.documents import parse_text
from lantoa.units.models import Unit

pytestmark = pytest.mark.django_db


def test_an_outsider_cannot_import_a_directive_for_the_district(outsider, district_committee, culture_office):
    with pytest.raises(PermissionDenied):
        import_directive(
            issuer=district_committee, office=culture_office, actor=outsider, text="Kính gửi: ..."
        )
    assert not Directive.objects.filter(created_by=outsider).exists()


def test_a_commune_reporter_cannot_write_a_directive_for_the_district(
    commune_reporter, district_committee, culture_office
):
    with pytest.raises(PermissionDenied):
        create_directive(issuer=district_committee, office=culture_office, actor=commune_reporter)


def test_an_officer_cannot_write_in_the_name_of_another_district(
    officer, other_district_committee, culture_office
):
    with pytest.raises(PermissionDenied, match="không được soạn văn bản nhân danh"):
        create_directive(issuer=other_district_committee, office=culture_office, actor=officer)


def test_the_office_must_work_for_the_issuer(province_committee, culture_office, department_officer):
    """Someone at home in both the Sở and the Phòng may still not name the Phòng as the province's office."""
    from lantoa.units.services import grant_membership

    grant_membership(user=department_officer, unit=culture_office, role="officer")
    with pytest.raises(DirectiveError, match="không trực thuộc"):
        create_directive(issuer=province_committee, office=culture_office, actor=department_officer)


def test_an_unreadable_upload_leaves_nothing_behind(officer, district_committee, culture_office):
    before = Directive.objects.count()
    with pytest.raises(DirectiveError, match="PDF bị hỏng"):
        import_directive(
            issuer=district_committee,
            office=culture_office,
            actor=officer,
            upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n garbage"),
        )
    assert Directive.objects.count() == before


def test_a_new_report_deadline_moves_the_units_that_had_the_old_one(officer, draft_example_directive):
    directive = draft_example_directive
    task = directive.tasks.get(position=7)
    update_task(task=task, actor=officer, due_on=datetime.date(2023, 10, 12))
    update_directive(directive=directive, actor=officer, report_due=datetime.date(2023, 10, 18))
    assert set(task.assignments.values_list("due_on", flat=True)) == {datetime.date(2023, 10, 12)}
    others = directive.assignments.exclude(task=task)
    assert set(others.values_list("due_on", flat=True)) == {datetime.date(2023, 10, 18)}


def test_a_unit_not_open_on_the_directives_date_cannot_be_given_a_task(officer, draft_example_directive):
    directive = draft_example_directive
    task = directive.tasks.get(position=1)
    # A commune of the 2025 reform did not exist yet in 2023.
    new_commune = Unit.objects.filter(opened_on=datetime.date(2025, 7, 1), level="commune").first()
    assert new_commune is not None
    with pytest.raises(DirectiveError, match="không hoạt động vào ngày 25/09/2023"):
        assign_units(task=task, units=[new_commune], actor=officer)


def test_assigning_many_units_is_one_audited_change(officer, draft_example_directive, commune_committee):
    directive = draft_example_directive
    task = directive.tasks.get(position=1)
    assign_units(task=task, units=[commune_committee], actor=officer, role="coordinate")
    assert task.assignments.get(unit=commune_committee).role == "coordinate"
    assert AuditEvent.objects.filter(action="assignment.set_many", object_id=str(task.pk)).count() == 1


def test_settling_a_name_assigns_the_unit_and_clears_the_flag(
    officer, draft_example_directive, culture_office
):
    task = add_task(
        directive=draft_example_directive, actor=officer, text="Tổng hợp.", assignee_text="Phòng Văn hóa"
    )
    settle_unresolved(task=task, actor=officer, text="Phòng Văn hóa", unit=culture_office)
    task.refresh_from_db()
    assert task.unresolved == []
    assert list(task.assignments.values_list("unit", flat=True)) == [culture_office.pk]
    with pytest.raises(DirectiveError, match="đã được xử lý"):
        settle_unresolved(task=task, actor=officer, text="Phòng Văn hóa", unit=culture_office)


def test_a_commune_reporter_cannot_assign_units(commune_reporter, draft_example_directive, commune_committee):
    task = draft_example_directive.tasks.get(position=1)
    with pytest.raises(PermissionDenied):
        assign_units(task=task, units=[commune_committee], actor=commune_reporter)


def test_the_report_deadline_is_the_one_for_the_report_not_a_tasks_own_due_date(
    officer, district_committee, culture_office
):
    text = """Kính gửi: UBND các xã, thị trấn.
1. UBND các xã, thị trấn hoàn thành việc treo băng rôn trước ngày 05/11/2023.
2. Các cơ quan, đơn vị báo cáo kết quả thực hiện về UBND huyện (qua Phòng Văn hóa và Thông tin) trước ngày 20/11/2023 để tổng hợp./.
"""
    directive = create_directive_from_parse(
        issuer=district_committee,
        office=culture_office,
        actor=officer,
        parsed=parse_text(text),
        source_text=text,
    )
    assert directive.report_due == datetime.date(2023, 11, 20)
    assert directive.report_to == district_committee
    assert [task.due_on for task in directive.tasks.all()] == [datetime.date(2023, 11, 5)]
