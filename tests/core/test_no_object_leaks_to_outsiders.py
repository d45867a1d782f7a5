"""Every page that names an object refuses people who may not see it, for GET and for a direct POST.

The walk covers every URL pattern of the campaign apps, so a page added later is checked too.
"""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from lantoa.activities.services import create_activity
from lantoa.core.models import AuditEvent
from lantoa.directives.models import Directive
from lantoa.reports.models import Report
from lantoa.units.models import Level, Role, Unit, UnitKind
from lantoa.units.services import grant_membership

pytestmark = pytest.mark.django_db

CAMPAIGN_NAMESPACES = {
    "directives",
    "activities",
    "reports",
    "units",
    "summaries",
    "dashboard",
    "notifications",
    "jobs",
    "evidence",
}


def _patterns(patterns=None, prefix="", namespace=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from _patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and namespace in CAMPAIGN_NAMESPACES:
            yield namespace, p.name, prefix + str(p.pattern)


def _photo() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 200)).save(buffer, format="JPEG")
    return SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def world(example_directive, commune_committee, commune_reporter, officer):
    activity = create_activity(
        unit=commune_committee,
        actor=commune_reporter,
        activity_type="broadcast",
        occurred_on=datetime.date(2023, 10, 3),
        title="Bản tin chuyển đổi số",
        quantities={"count": 1, "minutes": 10, "plays": 2},
        files=[_photo()],
    )
    from lantoa.summaries.services import generate_summary

    generation = generate_summary(
        directive=example_directive, actor=officer, base_url="http://testserver", with_pdf=False
    )
    from lantoa.notifications.models import Message

    # A message of the commune officer's own: nobody else may open it.
    message = Message.objects.create(
        recipient=commune_reporter,
        directive=example_directive,
        subject="Nhắc báo cáo",
        body="Báo cáo chưa nộp.",
        url="http://testserver/bao-cao/",
    )
    from lantoa.summaries.models import SummaryRevision

    # The narrative as it was before a redraft: only the directive's managers may restore it.
    revision = SummaryRevision.objects.create(
        summary=generation.summary, reason="redraft", texts={"results": "Đã làm."}, created_by=officer
    )
    task = example_directive.tasks.first()
    from lantoa.jobs.models import Job, JobState

    # A failed job of the officer's: only they may follow it or try it again.
    job = Job.objects.create(kind="summary.generate", state=JobState.FAILED, created_by=officer, error="…")
    from lantoa.evidence.models import Flag

    flag = Flag.objects.create(
        activity=activity,
        unit_id=activity.unit_id,
        kind="photo_date",
        key="photo_date:x",
        reason="Ảnh chụp ngày 05/10/2022.",
    )
    return {
        "job": job,
        "flag": flag,
        "revision": revision,
        "message": message,
        "generation": generation,
        "directive": example_directive,
        "task": task,
        "assignment": example_directive.assignments.filter(unit=commune_committee).first(),
        "report": Report.objects.get(directive=example_directive, unit=commune_committee),
        "activity": activity,
        "evidence": activity.evidence.get(),
        "unit": commune_committee,
    }


def _url(namespace: str, name: str, route: str, world: dict) -> str | None:
    if "<" not in route:
        return None  # lists and forms with no object: nothing to leak
    owner = {
        "directives": "directive",
        "activities": "evidence" if name.startswith("evidence") else "activity",
        "reports": "directive" if name == "review" else "report",
        "units": "unit",
        "summaries": "generation" if name == "file" else "directive",
        "dashboard": "directive",
        "notifications": {"open": "message", "nudge": "report"}.get(name, "directive"),
        "jobs": "job",
        "evidence": "flag",
    }[namespace]
    values = {
        "pk": world[owner].pk,
        "task_pk": world["task"].pk,
        "assignment_pk": world["assignment"].pk,
        "revision_pk": world["revision"].pk,
        "code": "radio-news",
        "kind": "docx",
    }

    def fill(match: re.Match) -> str:
        return str(values[match.group(1)])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", fill, route)


def _walk(client, world, *, skip=frozenset()):
    refused = 0
    for namespace, name, route in _patterns():
        if (namespace, name) in skip:
            continue
        url = _url(namespace, name, route, world)
        if url is None:
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in {403, 404, 405}, (
                f"{method.__name__.upper()} {url} ({namespace}:{name}) answered {response.status_code}"
            )
            refused += 1
    return refused


def test_an_outsider_is_refused_every_object_page_and_changes_nothing(client, outsider, world):
    before = AuditEvent.objects.exclude(action__startswith="auth.").count()
    client.force_login(outsider)
    assert _walk(client, world) > 40
    assert AuditEvent.objects.exclude(action__startswith="auth.").count() == before


def _api_url(route: str, world: dict) -> str | None:
    values = {
        "directive_id": world["directive"].pk,
        "report_id": world["report"].pk,
        "job_id": world["job"].pk,
        "generation_id": world["generation"].pk,
        "kind": "docx",
    }
    if "<" not in route:
        return None
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def test_an_outsiders_api_token_is_refused_every_object_endpoint_and_changes_nothing(client, outsider, world):
    from lantoa.api.tokens import create_token

    _token, secret = create_token(user=outsider, name="thử")
    before = (
        AuditEvent.objects.exclude(action__startswith=("auth.")).exclude(action="api.token.create").count()
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    refused = 0
    for p in get_resolver().url_patterns:
        if not (isinstance(p, URLResolver) and p.namespace == "api"):
            continue
        for route in {str(q.pattern) for q in p.url_patterns}:
            url = _api_url(str(p.pattern) + route, world)
            if url is None:
                continue
            for method in ("get", "post", "patch"):
                response = getattr(client, method)(url, {}, content_type="application/json", **headers)
                # 422: the body was refused before anything was looked up; nothing is told about the object.
                assert response.status_code in {403, 404, 405, 422}, (
                    f"{method.upper()} {url}: {response.status_code}"
                )
                refused += 1
    assert refused >= 20
    after = (
        AuditEvent.objects.exclude(action__startswith=("auth.")).exclude(action="api.token.create").count()
    )
    assert after == before


def test_another_communes_officer_cannot_see_or_change_this_communes_activities_reports_or_files(
    client, world, other_district_committee
):
    district = world["directive"].issuer
    neighbour = district.children.filter(kind="peoples_committee").exclude(pk=world["unit"].pk).first()
    person = get_user_model().objects.create_user(username="canbo-xa-ben", password="x-unused-x")
    grant_membership(user=person, unit=neighbour, role=Role.REPORTER)
    before = AuditEvent.objects.exclude(action__startswith="auth.").count()
    client.force_login(person)
    # The directive assigns the neighbour too, so its own pages may open; everything of the other commune may not.
    only_commune_objects = {
        (ns, name) for ns, name, _route in _patterns() if ns in {"directives", "units", "dashboard"}
    }
    assert _walk(client, world, skip=only_commune_objects) > 10
    assert AuditEvent.objects.exclude(action__startswith="auth.").count() == before


def test_another_commune_sees_only_its_own_row_on_the_dashboard(client, world):
    district = world["directive"].issuer
    neighbour = district.children.filter(kind="peoples_committee").exclude(pk=world["unit"].pk).first()
    person = get_user_model().objects.create_user(username="canbo-xa-ben-2", password="x-unused-x")
    grant_membership(user=person, unit=neighbour, role=Role.REPORTER)
    client.force_login(person)
    page = client.get(f"/bang-dieu-khien/van-ban/{world['directive'].pk}/").content.decode()
    assert str(neighbour) in page
    assert str(world["unit"]) not in page


def _office_of(district: Unit) -> Unit:
    """That district's Phòng VH&TT (the demo lists only Hoằng Hóa's offices: the others are made here)."""
    office, _created = Unit.objects.get_or_create(
        parent=district,
        kind=UnitKind.OFFICE,
        name="Phòng Văn hóa và Thông tin",
        defaults={"level": Level.DISTRICT},
    )
    return office


@pytest.mark.parametrize("where", ["district office", "commune"])
def test_an_officer_who_tries_to_issue_in_the_provinces_name_still_sees_nothing(
    client, world, other_district_committee, province_committee, where
):
    """The audited escalation: an officer of another district's Phòng VH&TT, or of one of its communes, names
    the UBND tỉnh as the issuer (a forged id in the form) to reach every commune of the province."""
    if where == "district office":
        unit = _office_of(other_district_committee)
    else:
        unit = other_district_committee.children.filter(kind=UnitKind.PEOPLES_COMMITTEE).first()
    person = get_user_model().objects.create_user(username=f"leo-thang-{unit.pk}", password="x-unused-x")
    grant_membership(user=person, unit=unit, role=Role.OFFICER)
    client.force_login(person)
    # Signing in is itself audited; what must not appear is anything after it.
    before = AuditEvent.objects.count()
    for url, data in [
        ("/van-ban/moi/", {"doc_type": "ke_hoach", "subject": "Kế hoạch toàn tỉnh"}),
        ("/van-ban/nhap/", {"text": "Kính gửi: UBND các xã, phường, thị trấn trên địa bàn tỉnh."}),
    ]:
        response = client.post(url, {"issuer": province_committee.pk, "office": unit.pk, **data})
        assert response.status_code == 200, url
        assert "Bạn không được soạn văn bản nhân danh đơn vị này" in response.content.decode()
    assert not Directive.objects.filter(issuer=province_committee).exists()
    assert _walk(client, world) > 40
    assert AuditEvent.objects.count() == before
