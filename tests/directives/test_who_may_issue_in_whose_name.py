"""Ai được ban hành nhân danh ai: a person prepares directives for their own unit and for the People's
Committee their office directly serves, and a directive goes out only when a leader of its issuer signs it.

The audit's escalation: an officer of a district's Phòng VH&TT (or a commune officer) issued a directive in
the name of the UBND tỉnh to every commune of the province, and from then on read another district's
activities and photos. Every step of that attempt is refused here, by the form and by a forged POST.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lantoa.activities.models import Activity
from lantoa.directives.lifecycle import approve_directive, submit_for_signature
from lantoa.directives.models import Directive, DirectiveState, Task
from lantoa.directives.selectors import issuers_for
from lantoa.directives.services import DirectiveError, add_task, assign_units, create_directive
from lantoa.indicators.models import Indicator
from lantoa.reports.models import Report
from lantoa.reports.services import open_reports_for
from lantoa.units.models import Unit

pytestmark = pytest.mark.django_db


def _new(client, *, issuer, office, subject="Kế hoạch tuyên truyền toàn tỉnh"):
    return client.post(
        reverse("directives:new"),
        {
            "issuer": issuer.pk,
            "office": office.pk,
            "doc_type": "ke_hoach",
            "subject": subject,
            "issued_on": "20/09/2023",
        },
    )


def _reads(client, activity: Activity) -> tuple[int, int]:
    evidence = activity.evidence.get()
    return (
        client.get(reverse("activities:detail", args=[activity.pk])).status_code,
        client.get(reverse("activities:evidence", args=[evidence.pk])).status_code,
    )


def test_a_district_office_officer_prepares_for_its_office_and_its_district_committee_only(
    client, officer, culture_office, district_committee
):
    assert set(issuers_for(officer)) == {culture_office, district_committee}
    client.force_login(officer)
    form = client.get(reverse("directives:new")).context["form"]
    assert set(form.fields["issuer"].queryset) == {culture_office, district_committee}
    assert form.fields["issuer"].initial == district_committee.pk


def test_a_commune_officer_prepares_for_its_commune_only(commune_officer, commune_committee):
    assert list(issuers_for(commune_officer)) == [commune_committee]


def test_a_department_officer_prepares_for_the_department_and_the_province_committee(
    department_officer, department, province_committee
):
    assert set(issuers_for(department_officer)) == {department, province_committee}


def test_a_commune_reporter_prepares_for_no_one(commune_reporter):
    assert not issuers_for(commune_reporter).exists()


def test_district_office_officer_cannot_write_in_the_name_of_the_province_by_a_forged_post(
    client, officer, culture_office, province_committee
):
    client.force_login(officer)
    response = _new(client, issuer=province_committee, office=culture_office)
    assert response.status_code == 200
    assert "Bạn không được soạn văn bản nhân danh đơn vị này" in response.content.decode()
    response = client.post(
        reverse("directives:import"),
        {"issuer": province_committee.pk, "office": culture_office.pk, "text": "Kính gửi: UBND các xã"},
    )
    assert response.status_code == 200
    assert not Directive.objects.filter(issuer=province_committee).exists()
    with pytest.raises(PermissionDenied, match="không được soạn văn bản nhân danh UBND tỉnh"):
        create_directive(issuer=province_committee, office=culture_office, actor=officer)
    assert not Directive.objects.filter(issuer=province_committee).exists()


def test_commune_officer_cannot_write_in_the_name_of_the_province_or_the_district(
    client, commune_officer, commune_committee, province_committee, district_committee
):
    client.force_login(commune_officer)
    for issuer in (province_committee, district_committee):
        assert _new(client, issuer=issuer, office=commune_committee).status_code == 200
        with pytest.raises(PermissionDenied):
            create_directive(issuer=issuer, office=commune_committee, actor=commune_officer)
    assert not Directive.objects.filter(issuer__in=[province_committee, district_committee]).exists()
    # Its own commune's directive, on the other hand, it may prepare.
    assert _new(client, issuer=commune_committee, office=commune_committee).status_code == 302


def test_the_escalation_leaves_another_districts_activity_and_photo_hidden(
    client, officer, culture_office, province_committee, distant_activity
):
    client.force_login(officer)
    assert _reads(client, distant_activity) == (404, 404)

    # 1. The form, with the province's id typed in.
    _new(client, issuer=province_committee, office=culture_office)
    assert not Directive.objects.filter(issuer=province_committee).exists()

    # 2. A directive of that shape, as the old code let it be made, gives its office nothing to act on.
    forged = Directive.objects.create(
        issuer=province_committee,
        office=culture_office,
        subject="Giả danh UBND tỉnh",
        report_due=datetime.date(2023, 10, 15),
        created_by=officer,
    )
    task = Task.objects.create(directive=forged, position=1, text="Tuyên truyền")
    for name, args, data in [
        ("task_units", [forged.pk, task.pk], {"all_communes": "on"}),
        ("submit", [forged.pk], {}),
        ("approve", [forged.pk], {}),
        ("edit", [forged.pk], {"subject": "x"}),
    ]:
        assert client.post(reverse(f"directives:{name}", args=args), data).status_code == 404, name
    with pytest.raises(PermissionDenied):
        assign_units(task=task, units=[distant_activity.unit], actor=officer)
    with pytest.raises(PermissionDenied):
        approve_directive(directive=forged, actor=officer)
    forged.refresh_from_db()
    assert forged.state == DirectiveState.DRAFT
    assert not forged.assignments.exists()
    assert not Report.objects.filter(directive=forged).exists()

    assert _reads(client, distant_activity) == (404, 404)


def test_a_directive_of_that_shape_already_issued_opens_nothing(
    client, officer, culture_office, province_committee, distant_activity
):
    """Issued before the rule existed: its office still reads none of the communes' work through it."""
    forged = Directive.objects.create(
        issuer=province_committee,
        office=culture_office,
        subject="Giả danh UBND tỉnh",
        period_start=datetime.date(2023, 10, 1),
        period_end=datetime.date(2023, 10, 10),
        report_due=datetime.date(2023, 10, 15),
        state=DirectiveState.ISSUED,
        created_by=officer,
    )
    forged.indicators.set(Indicator.objects.filter(code="radio-news"))
    task = Task.objects.create(directive=forged, position=1, text="Tuyên truyền")
    forged.assignments.create(task=task, unit=distant_activity.unit, due_on=forged.report_due)
    open_reports_for(directive=forged)
    report = Report.objects.get(directive=forged)

    client.force_login(officer)
    assert _reads(client, distant_activity) == (404, 404)
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:review", args=[forged.pk])).status_code == 404
    assert client.get(reverse("directives:detail", args=[forged.pk])).status_code == 404
    assert client.get(reverse("summaries:detail", args=[forged.pk])).status_code == 404
    assert client.get(reverse("dashboard:directive", args=[forged.pk])).status_code == 404


def test_a_department_officer_prepares_for_the_province_and_only_a_province_leader_issues_it(
    client,
    department_officer,
    department_leader,
    leader,
    officer,
    province_leader,
    commune_officer,
    department,
    province_committee,
    distant_commune,
    commune_committee,
):
    client.force_login(department_officer)
    response = _new(client, issuer=province_committee, office=department, subject="Kế hoạch của UBND tỉnh")
    directive = Directive.objects.get(issuer=province_committee)
    assert response["Location"] == reverse("directives:edit", args=[directive.pk])
    task = add_task(directive=directive, actor=department_officer, text="Tuyên truyền Ngày CĐS.")
    assign_units(task=task, units=[distant_commune, commune_committee], actor=department_officer)
    client.post(
        reverse("directives:edit", args=[directive.pk]),
        {
            "doc_type": "ke_hoach",
            "subject": directive.subject,
            "issued_on": "20/09/2023",
            "report_due": "20/10/2023",
        },
    )

    # The officer signs nothing: the button is "Trình ký" and a forged POST to sign is a 404.
    page = client.get(reverse("directives:edit", args=[directive.pk])).content.decode()
    assert "Trình ký" in page
    assert reverse("directives:approve", args=[directive.pk]) not in page
    assert client.post(reverse("directives:approve", args=[directive.pk])).status_code == 404
    client.post(reverse("directives:submit", args=[directive.pk]))
    directive.refresh_from_db()
    assert directive.state == DirectiveState.PENDING
    assert not Report.objects.filter(directive=directive).exists()

    # Neither the Sở's own leader, nor the district's leader or officer, nor a commune officer, signs in the
    # province's name.
    for person in (department_leader, leader, officer, commune_officer):
        client.force_login(person)
        assert client.post(reverse("directives:approve", args=[directive.pk])).status_code == 404
        with pytest.raises(PermissionDenied):
            approve_directive(directive=directive, actor=person)
    directive.refresh_from_db()
    assert directive.state == DirectiveState.PENDING

    client.force_login(province_leader)
    page = client.get(reverse("directives:awaiting")).content.decode()
    assert "Văn bản chờ ký duyệt (1)" in page
    client.post(reverse("directives:approve", args=[directive.pk]), {"xac_nhan": "1"})
    directive.refresh_from_db()
    assert directive.state == DirectiveState.ISSUED
    assert directive.signed_by == province_leader
    assert Report.objects.filter(directive=directive).count() == 2


def test_a_return_with_a_reason_goes_back_to_the_officer_who_fixes_and_resubmits(
    client, department_officer, province_leader, department, province_committee, distant_commune
):
    directive = create_directive(
        issuer=province_committee,
        office=department,
        actor=department_officer,
        subject="Kế hoạch của UBND tỉnh",
        issued_on=datetime.date(2023, 9, 20),
        report_due=datetime.date(2023, 10, 20),
    )
    task = add_task(directive=directive, actor=department_officer, text="Tuyên truyền Ngày CĐS.")
    assign_units(task=task, units=[distant_commune], actor=department_officer)
    submit_for_signature(directive=directive, actor=department_officer, note="Kính trình lãnh đạo.")

    client.force_login(province_leader)
    response = client.post(reverse("directives:return", args=[directive.pk]), {"reason": "  "})
    assert "Hãy ghi lý do trả lại" in response.content.decode()
    directive.refresh_from_db()
    assert directive.state == DirectiveState.PENDING
    client.post(
        reverse("directives:return", args=[directive.pk]),
        {"reason": "Đề nghị bổ sung chỉ tiêu số buổi của Tổ Công nghệ số cộng đồng."},
    )
    directive.refresh_from_db()
    assert directive.state == DirectiveState.RETURNED

    client.force_login(department_officer)
    page = client.get(reverse("directives:detail", args=[directive.pk])).content.decode()
    assert "Lãnh đạo trả lại" in page
    assert "Đề nghị bổ sung chỉ tiêu số buổi" in page
    assert "Sửa rồi trình ký lại" in page
    edit = client.get(reverse("directives:edit", args=[directive.pk])).content.decode()
    assert "Đề nghị bổ sung chỉ tiêu số buổi" in edit
    assert "Trình ký lại" in edit
    client.post(
        reverse("directives:task_add", args=[directive.pk]),
        {"text": "Tổ chức các buổi hướng dẫn của Tổ CNSCĐ.", "role": "perform"},
    )
    assert directive.tasks.count() == 2
    task2 = directive.tasks.get(position=2)
    client.post(
        reverse("directives:task_units", args=[directive.pk, task2.pk]), {"units": [distant_commune.pk]}
    )
    client.post(reverse("directives:submit", args=[directive.pk]), {"note": "Đã bổ sung."})
    directive.refresh_from_db()
    assert directive.state == DirectiveState.PENDING

    approve_directive(directive=directive, actor=province_leader)
    assert list(directive.transitions.values_list("to_state", flat=True)) == [
        DirectiveState.DRAFT,
        DirectiveState.PENDING,
        DirectiveState.RETURNED,
        DirectiveState.PENDING,
        DirectiveState.ISSUED,
    ]
    returned = directive.transitions.get(to_state=DirectiveState.RETURNED)
    assert returned.actor == province_leader
    assert returned.reason.startswith("Đề nghị bổ sung")


def test_the_province_area_is_the_whole_province_but_a_district_office_reaches_its_district_only(
    officer, draft_example_directive, distant_commune, department_officer, department, province_committee
):
    task = draft_example_directive.tasks.get(position=1)
    with pytest.raises(DirectiveError, match="không thuộc địa bàn của UBND huyện Hoằng Hóa"):
        assign_units(task=task, units=[distant_commune], actor=officer)
    provincial = create_directive(
        issuer=department,
        office=department,
        actor=department_officer,
        subject="Công văn của Sở",
        issued_on=datetime.date(2023, 9, 20),
    )
    task = add_task(directive=provincial, actor=department_officer, text="Tuyên truyền.")
    assign_units(task=task, units=[distant_commune], actor=department_officer)
    assert provincial.assignments.get().unit == distant_commune
    assert Unit.objects.filter(pk=distant_commune.pk, path__startswith=province_committee.path).exists()


def test_the_database_check_names_directives_left_over_from_before_the_rules(
    officer, culture_office, province_committee, distant_commune, example_directive
):
    from lantoa.directives.checks import directives_within_the_rules

    assert directives_within_the_rules(databases=["default"]) == []
    forged = Directive.objects.create(
        issuer=province_committee,
        office=culture_office,
        subject="Giả danh UBND tỉnh",
        state=DirectiveState.ISSUED,
        created_by=officer,
    )
    task = example_directive.tasks.get(position=1)
    example_directive.assignments.create(task=task, unit=distant_commune, due_on=example_directive.report_due)
    warnings = {w.id: w.msg for w in directives_within_the_rules(databases=["default"])}
    assert warnings["directives.W001"].endswith(f": {forged.pk}")
    assert warnings["directives.W002"].endswith(f": {example_directive.pk}")
