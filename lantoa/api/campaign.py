"""Directives with their tasks and assignments, units, reports and the activity ledger."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Literal

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lantoa.activities.models import ActivityType
from lantoa.activities.selectors import activities_visible_to
from lantoa.activities.services import create_activity, quantities_for
from lantoa.api.base import Pages
from lantoa.api.errors import ERRORS
from lantoa.api.schemas import (
    MAX_ID,
    ActivityOut,
    DirectiveDetailOut,
    DirectiveOut,
    Field,
    InputSchema,
    JobOut,
    ReportDetailOut,
    ReportIn,
    ReportOut,
    ReturnIn,
    UnitOut,
)
from lantoa.api.work import job_out
from lantoa.directives.models import Directive, DirectiveState
from lantoa.directives.selectors import (
    assignments_visible_to,
    directives_visible_to,
    get_directive_for_user_or_404,
    issuers_for,
    offices_for,
    sees_whole_directive,
)
from lantoa.directives.services import start_import
from lantoa.indicators.models import Indicator
from lantoa.reports.models import Report, ReportState
from lantoa.reports.selectors import get_report_for_user_or_404, report_content, reports_visible_to
from lantoa.reports.services import ReportError, accept_report, return_report, save_report, submit_report
from lantoa.units.selectors import get_unit_for_user_or_404, search_units, units_visible_to

router = Router()


def _id():
    return Path(..., ge=1, le=MAX_ID)


def _text(value: str | None) -> str:
    """Query text as the database can take it: PostgreSQL refuses NUL characters outright."""
    return (value or "").replace("\x00", "").strip()[:200]


def _unit_ref(unit) -> dict:
    return {"id": unit.pk, "name": unit.name}


# --- directives -----------------------------------------------------------------------------------------

DirectiveStateName = Literal[tuple(DirectiveState.values)]  # type: ignore[valid-type]


class DirectiveFilter(InputSchema):
    q: str | None = Field(None, max_length=200, description="Số, ký hiệu hoặc trích yếu có chứa chuỗi này")
    state: DirectiveStateName | None = None  # type: ignore[valid-type]


def _directive(d: Directive) -> dict:
    return {
        "id": d.pk,
        "number": d.number,
        "doc_type": d.doc_type,
        "subject": d.subject,
        "state": d.state,
        "issuer": _unit_ref(d.issuer),
        "issued_on": d.issued_on,
        "period_start": d.period_start,
        "period_end": d.period_end,
        "report_due": d.report_due,
    }


@router.get("/directives", response={200: list[DirectiveOut], **ERRORS}, tags=["Văn bản"])
@paginate(Pages)
def list_directives(request, filters: Query[DirectiveFilter]):
    """Văn bản chỉ đạo mà người dùng được xem, mới nhất trước."""
    directives = directives_visible_to(request.user).select_related("issuer").order_by("-created_at", "-pk")
    if q := _text(filters.q):
        directives = directives.filter(Q(number__icontains=q) | Q(subject__icontains=q))
    if filters.state:
        directives = directives.filter(state=filters.state)
    return directives  # sliced to the page by the paginator, then read through DirectiveOut


class ImportIn(InputSchema):
    issuer: int = Field(..., ge=1, le=MAX_ID, description="Đơn vị ban hành (UBND…) mà người dùng soạn thay")
    office: int = Field(..., ge=1, le=MAX_ID, description="Cơ quan tham mưu (Phòng…)")
    text: str = Field("", max_length=500_000, description="Nội dung văn bản, khi không gửi tệp")


@router.post("/directives/import", response={202: JobOut, **ERRORS}, tags=["Văn bản"])
def import_directive(request, data: Form[ImportIn], file: File[UploadedFile] = None):
    """Nhập văn bản (PDF, DOCX, ảnh, .txt hoặc gói edXML; hoặc nội dung dán vào `text`): Lantoa đọc văn bản
    trong một tác vụ nền và lập đề xuất; theo dõi ở /jobs/{id}, kết quả có `directive`."""
    issuer = issuers_for(request.user).filter(pk=data.issuer).first()
    office = offices_for(request.user).filter(pk=data.office).first()
    if issuer is None or office is None:
        raise Http404
    job = start_import(issuer=issuer, office=office, actor=request.user, upload=file, text=data.text)
    return Status(202, job_out(job))


@router.get("/directives/{directive_id}", response={200: DirectiveDetailOut, **ERRORS}, tags=["Văn bản"])
def get_directive(request, directive_id: int = _id()):
    """Một văn bản với các nhiệm vụ và đơn vị được giao (chỉ những đơn vị người dùng được xem)."""
    directive = get_directive_for_user_or_404(request.user, directive_id)
    assignments = defaultdict(list)
    for a in assignments_visible_to(request.user, directive).select_related("unit").order_by("unit__name"):
        assignments[a.task_id].append(
            {"id": a.pk, "unit": _unit_ref(a.unit), "role": a.role, "due_on": a.due_on}
        )
    whole = sees_whole_directive(request.user, directive)
    tasks = [
        {
            "id": t.pk,
            "position": t.position,
            "text": t.text,
            "role": t.role,
            "assignee_text": t.assignee_text,
            "due_on": t.due_on,
            "assignments": assignments.get(t.pk, []),
        }
        for t in directive.tasks.order_by("position", "pk")
        if whole or t.pk in assignments
    ]
    return {
        **_directive(directive),
        "place": directive.place,
        "signer_name": directive.signer_name,
        "tasks": tasks,
    }


# --- units ----------------------------------------------------------------------------------------------


@router.get("/units", response={200: list[UnitOut], **ERRORS}, tags=["Đơn vị"])
@paginate(Pages)
def list_units(
    request, q: str | None = Query(None, max_length=200, description="Tên đơn vị, viết thế nào cũng được")
):
    """Đơn vị người dùng được xem (đơn vị của mình và các đơn vị trực thuộc); tìm theo tên."""
    units = units_visible_to(request.user)
    if text := _text(q):
        units = search_units(units, text)
    return units.order_by("path").values("id", "name", "kind", "level", "parent_id")


# --- reports --------------------------------------------------------------------------------------------

ReportStateName = Literal[tuple(ReportState.values)]  # type: ignore[valid-type]


class ReportFilter(Schema):
    directive: int | None = Field(None, ge=1, le=MAX_ID)
    unit: int | None = Field(None, ge=1, le=MAX_ID)
    state: ReportStateName | None = None  # type: ignore[valid-type]


def _report(r: Report) -> dict:
    return {
        "id": r.pk,
        "directive_id": r.directive_id,
        "unit": _unit_ref(r.unit),
        "state": r.state,
        "due_on": r.due_on,
        "version": r.version,
        "is_late": r.is_late,
        "submitted_at": r.submitted_at,
    }


def _report_detail(report: Report) -> dict:
    content = report_content(report)
    return {
        **_report(report),
        "results": report.results,
        "difficulties": report.difficulties,
        "proposals": report.proposals,
        "figures": {code: float(value) for code, value in content["figures"].items()},
        "manual": content["manual"],
    }


@router.get("/reports", response={200: list[ReportOut], **ERRORS}, tags=["Báo cáo"])
@paginate(Pages)
def list_reports(request, filters: Query[ReportFilter]):
    """Báo cáo của đơn vị mà người dùng được xem: cán bộ xã chỉ thấy báo cáo của xã mình."""
    reports = reports_visible_to(request.user).select_related("unit").order_by("-pk")
    if filters.directive:
        reports = reports.filter(directive_id=filters.directive)
    if filters.unit:
        reports = reports.filter(unit_id=filters.unit)
    if filters.state:
        reports = reports.filter(state=filters.state)
    return reports


@router.get("/reports/{report_id}", response={200: ReportDetailOut, **ERRORS}, tags=["Báo cáo"])
def get_report(request, report_id: int = _id()):
    """Một báo cáo: số liệu (từ sổ theo dõi và nhập tay) và phần nội dung."""
    return _report_detail(get_report_for_user_or_404(request.user, report_id))


@router.patch("/reports/{report_id}", response={200: ReportDetailOut, **ERRORS}, tags=["Báo cáo"])
def update_report(request, payload: ReportIn, report_id: int = _id()):
    """Sửa nội dung và số liệu nhập tay của báo cáo (khi đang soạn hoặc bị trả lại)."""
    report = get_report_for_user_or_404(request.user, report_id)
    codes = set(payload.manual_figures)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    unknown = sorted(codes - set(indicators))
    if unknown:
        raise ReportError(
            _("Không có chỉ tiêu mã: {codes}.").format(codes=", ".join(unknown)), code="unknown_indicator"
        )
    figures: dict[Indicator, Decimal | None] = {indicators[c]: v for c, v in payload.manual_figures.items()}
    report = save_report(
        report=report,
        actor=request.user,
        results=report.results if payload.results is None else payload.results,
        difficulties=report.difficulties if payload.difficulties is None else payload.difficulties,
        proposals=report.proposals if payload.proposals is None else payload.proposals,
        manual_figures=figures,
    )
    return _report_detail(get_report_for_user_or_404(request.user, report.pk))


@router.post("/reports/{report_id}/submit", response={200: ReportDetailOut, **ERRORS}, tags=["Báo cáo"])
def submit(request, report_id: int = _id()):
    """Nộp báo cáo (hoặc nộp lại sau khi bị trả lại)."""
    report = submit_report(report=get_report_for_user_or_404(request.user, report_id), actor=request.user)
    return _report_detail(get_report_for_user_or_404(request.user, report.pk))


@router.post("/reports/{report_id}/accept", response={200: ReportDetailOut, **ERRORS}, tags=["Báo cáo"])
def accept(request, report_id: int = _id()):
    """Duyệt báo cáo đã nộp (người kiểm tra của đơn vị ban hành)."""
    report = accept_report(report=get_report_for_user_or_404(request.user, report_id), actor=request.user)
    return _report_detail(get_report_for_user_or_404(request.user, report.pk))


@router.post("/reports/{report_id}/return", response={200: ReportDetailOut, **ERRORS}, tags=["Báo cáo"])
def return_(request, payload: ReturnIn, report_id: int = _id()):
    """Trả lại báo cáo đã nộp, kèm lý do."""
    report = return_report(
        report=get_report_for_user_or_404(request.user, report_id), actor=request.user, reason=payload.reason
    )
    return _report_detail(get_report_for_user_or_404(request.user, report.pk))


# --- activities -----------------------------------------------------------------------------------------

ActivityTypeName = Literal[tuple(ActivityType.values)]  # type: ignore[valid-type]


class ActivityFilter(Schema):
    unit: int | None = Field(None, ge=1, le=MAX_ID)
    since: datetime.date | None = None
    until: datetime.date | None = None


class ActivityIn(InputSchema):
    unit: int = Field(..., ge=1, le=MAX_ID)
    type: ActivityTypeName  # type: ignore[valid-type]
    occurred_on: datetime.date
    title: str = Field(..., min_length=1, max_length=500)
    channel: str = Field("", max_length=255)
    url: str = Field("", max_length=1000)
    note: str = Field("", max_length=5000)
    count: int | None = Field(None, ge=0, le=1_000_000)
    minutes: int | None = Field(None, ge=0, le=1_000_000)
    plays: int | None = Field(None, ge=0, le=1_000_000)
    participants: int | None = Field(None, ge=0, le=10_000_000)
    people_guided: int | None = Field(None, ge=0, le=10_000_000)
    reach: int | None = Field(None, ge=0, le=1_000_000_000)
    links: str = Field("", max_length=10_000, description="Đường dẫn minh chứng, mỗi dòng một đường dẫn")


def _activity(a) -> dict:
    return {
        "id": a.pk,
        "unit": _unit_ref(a.unit),
        "type": a.type,
        "occurred_on": a.occurred_on,
        "title": a.title,
        "channel": a.channel,
        "url": a.url,
        "count": a.count,
        "minutes": a.minutes,
        "plays": a.plays,
        "participants": a.participants,
        "people_guided": a.people_guided,
        "reach": a.reach,
        "note": a.note,
        "evidence": [
            {"id": e.pk, "kind": e.kind, "url": e.url, "original_name": e.original_name, "size": e.size}
            for e in a.evidence.all()
        ],
    }


@router.get("/activities", response={200: list[ActivityOut], **ERRORS}, tags=["Sổ theo dõi"])
@paginate(Pages)
def list_activities(request, filters: Query[ActivityFilter]):
    """Hoạt động người dùng được xem, mới nhất trước, kèm minh chứng."""
    activities = (
        activities_visible_to(request.user)
        .select_related("unit")
        .prefetch_related("evidence")
        .order_by("-occurred_on", "-pk")
    )
    if filters.unit:
        activities = activities.filter(unit_id=filters.unit)
    if filters.since:
        activities = activities.filter(occurred_on__gte=filters.since)
    if filters.until:
        activities = activities.filter(occurred_on__lte=filters.until)
    return activities


@router.post("/activities", response={201: ActivityOut, **ERRORS}, tags=["Sổ theo dõi"])
def add_activity(request, data: Form[ActivityIn], files: File[list[UploadedFile]] = None):
    """Ghi một hoạt động của đơn vị, với tệp minh chứng (multipart/form-data, trường `files`)."""
    unit = get_unit_for_user_or_404(request.user, data.unit)
    names = quantities_for(data.type)
    quantities = {name: getattr(data, name) for name in names if getattr(data, name) is not None}
    activity = create_activity(
        unit=unit,
        actor=request.user,
        activity_type=data.type,
        occurred_on=data.occurred_on,
        title=data.title,
        channel=data.channel,
        url=data.url,
        quantities=quantities,
        note=data.note,
        links=[line.strip() for line in data.links.splitlines() if line.strip()],
        files=files or [],
    )
    activity = (
        activities_visible_to(request.user)
        .select_related("unit")
        .prefetch_related("evidence")
        .get(pk=activity.pk)
    )
    return Status(201, _activity(activity))
