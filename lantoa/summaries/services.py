"""Every write to summaries goes through here: save the text, redraft it, generate the files, submit upward.

The document itself is built as plain data (`document.OfficialDocument`, xlsx `Sheet`s) and handed to the
writers, so what a summary says and how a file is laid out stay apart.
"""

import datetime
import itertools
import secrets
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from lantoa.core.audit import record
from lantoa.directives.models import Directive
from lantoa.directives.selectors import can_manage
from lantoa.reports.models import Report
from lantoa.reports.selectors import directive_indicators, is_report_author
from lantoa.reports.services import save_report, submit_report
from lantoa.summaries import narrative
from lantoa.summaries.document import OfficialDocument, Section, Signer, Table
from lantoa.summaries.models import RevisionReason, Summary, SummaryGeneration, SummaryRevision
from lantoa.summaries.selectors import (
    Aggregation,
    aggregate,
    frozen,
    issuer_of,
    iter_activity_lines,
    report_state_label,
    upstream_report,
)

TEXT_FIELDS = (
    "number",
    "place",
    "subject",
    "recipients",
    "intro",
    "results",
    "strengths",
    "weaknesses",
    "proposals",
    "cc",
    "signer_authority",
    "signer_position",
    "signer_name",
)
NARRATIVE_FIELDS = narrative.NARRATIVE_FIELDS


class SummaryError(ValidationError):
    """A summary that cannot be saved, generated or submitted as asked; the message says what to do."""


def _require_manager(actor, directive: Directive) -> None:
    if not can_manage(actor, directive):
        raise PermissionDenied(
            _("Chỉ chuyên viên, lãnh đạo của đơn vị ban hành hoặc đơn vị đầu mối được soạn báo cáo tổng hợp.")
        )


def _require_issued(directive: Directive) -> None:
    if not directive.is_in_force:  # a draft, or one still waiting for its signature
        raise SummaryError(
            _("Văn bản chưa được giao nên chưa có báo cáo nào để tổng hợp: hãy giao nhiệm vụ trước."),
            code="draft",
        )


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _new_summary(directive: Directive, actor, aggregation: Aggregation) -> Summary:
    return Summary.objects.create(directive=directive, created_by=actor, **narrative.defaults(aggregation))


@transaction.atomic
def save_summary(*, directive: Directive, actor, date: datetime.date | None, **fields: str) -> Summary:
    """Save what the officer wrote: header, sections I–III, Nơi nhận and signer."""
    _require_manager(actor, directive)
    _require_issued(directive)
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown summary fields: {sorted(unknown)}")
    summary = Summary.objects.select_for_update().filter(directive=directive).first()
    if summary is None:
        summary = _new_summary(directive, actor, aggregate(directive))
    changed = []
    for name, value in fields.items():
        value = _clean(value)
        if getattr(summary, name) != value:
            setattr(summary, name, value)
            changed.append(name)
    if summary.date != date:
        summary.date = date
        changed.append("date")
    if changed:
        summary.save()
        record(
            actor=actor, action="summary.save", obj=summary, summary=str(summary), detail={"fields": changed}
        )
    return summary


def _texts(summary: Summary) -> dict[str, str]:
    return {name: getattr(summary, name) for name in NARRATIVE_FIELDS}


def _keep(summary: Summary, actor, reason: str) -> SummaryRevision:
    return SummaryRevision.objects.create(
        summary=summary, reason=reason, texts=_texts(summary), created_by=actor
    )


@transaction.atomic
def redraft_summary(*, directive: Directive, actor) -> Summary:
    """Rewrite the opening and sections I–III from the latest data; the header and signer stay. What was
    there before is kept as a revision, to restore with `restore_summary`: nothing typed by hand is lost."""
    _require_manager(actor, directive)
    _require_issued(directive)
    aggregation = aggregate(directive)
    summary = Summary.objects.select_for_update().filter(directive=directive).first()
    if summary is None:
        summary = _new_summary(directive, actor, aggregation)
        record(actor=actor, action="summary.redraft", obj=summary, summary=str(summary))
        return summary
    drafted = narrative.defaults(aggregation)
    kept = None
    if any(getattr(summary, name) != drafted[name] for name in NARRATIVE_FIELDS):
        kept = _keep(summary, actor, RevisionReason.REDRAFT)
    for name in NARRATIVE_FIELDS:
        setattr(summary, name, drafted[name])
    summary.save()
    record(
        actor=actor,
        action="summary.redraft",
        obj=summary,
        summary=str(summary),
        detail={"kept_revision": kept.pk if kept else None},
    )
    return summary


@transaction.atomic
def restore_summary(*, directive: Directive, actor, revision: SummaryRevision) -> Summary:
    """Bring back the narrative of an earlier revision; the text it replaces is kept in turn."""
    _require_manager(actor, directive)
    summary = Summary.objects.select_for_update().filter(directive=directive).first()
    if summary is None or revision.summary_id != summary.pk:
        raise SummaryError(_("Không tìm thấy bản nội dung này: hãy tải lại trang."), code="no_revision")
    if any(getattr(summary, name) != revision.texts.get(name, "") for name in NARRATIVE_FIELDS):
        _keep(summary, actor, RevisionReason.RESTORE)
        for name in NARRATIVE_FIELDS:
            setattr(summary, name, revision.texts.get(name, ""))
        summary.save()
    record(
        actor=actor,
        action="summary.restore",
        obj=summary,
        summary=str(summary),
        detail={"revision": revision.pk},
    )
    return summary


def narrative_problems(summary: Summary | None, aggregation: Aggregation) -> list[narrative.Problem]:
    """What the summary's text says that the data contradicts (empty for a summary not written yet)."""
    if summary is None:
        return []
    return narrative.problems_of(_texts(summary), aggregation)


# --- building the document -----------------------------------------------------------------------------


def _cell(value):
    return "—" if value is None else value


def appendix(aggregation: Aggregation) -> Table:
    """Phụ lục: one row per unit; a unit that has not reported shows "—", never 0."""
    rows = []
    late = " (" + _("muộn") + ")"
    for position, row in enumerate(aggregation.rows, start=1):
        state = row.state_label + (late if row.is_late else "")
        rows.append([position, row.unit_name, state, *(_cell(v) for v in aggregation.values(row))])
    return Table(
        title=_("Phụ lục: Số liệu của các đơn vị"),
        columns=[
            _("STT"),
            _("Đơn vị"),
            _("Tình trạng báo cáo"),
            *(f"{i.name} ({i.unit_of_measure})" for i in aggregation.indicators),
        ],
        rows=rows,
        totals=["", _("Tổng cộng (báo cáo đã duyệt)"), "", *aggregation.accepted_values()],
        note=_(
            "Dòng tổng cộng chỉ cộng số liệu của các báo cáo đã được duyệt. "
            "“—”: đơn vị chưa gửi báo cáo hoặc báo cáo đã bị trả lại để bổ sung."
        ),
    )


def build_document(summary: Summary, aggregation: Aggregation) -> OfficialDocument:
    """The document as one generation prints it: the narrative's placeholders filled from `aggregation`,
    the very data the appendix is written from."""
    issuer = issuer_of(summary.directive)
    text = narrative.rendered(_texts(summary), aggregation)
    evaluation = [_("1. Ưu điểm"), *_lines(text["strengths"]), _("2. Hạn chế"), *_lines(text["weaknesses"])]
    return OfficialDocument(
        doc_kind="bao_cao",
        parent_agency=issuer.parent_agency,
        agency=issuer.agency,
        number=summary.number,
        place=summary.place,
        date=summary.date,
        title=_("BÁO CÁO"),
        subject=summary.subject,
        recipients=_lines(summary.recipients),
        intro=_lines(text["intro"]),
        sections=[
            Section(heading=_("I. KẾT QUẢ THỰC HIỆN"), paragraphs=_lines(text["results"])),
            Section(heading=_("II. ĐÁNH GIÁ CHUNG"), paragraphs=evaluation),
            Section(heading=_("III. ĐỀ XUẤT, KIẾN NGHỊ"), paragraphs=_lines(text["proposals"])),
        ],
        cc=_lines(summary.cc),
        signer=Signer(
            authority=summary.signer_authority, position=summary.signer_position, name=summary.signer_name
        ),
        appendix=[appendix(aggregation)],
    )


@dataclass
class _Links:
    """Absolute links back into Lantoa, reversed once and filled by string replacement: the activity sheet
    of a national campaign has tens of thousands of rows."""

    base_url: str

    def __post_init__(self):
        marker = 987654321
        self._report = reverse("reports:detail", args=[marker]).replace(str(marker), "{}")
        self._figure = reverse("reports:figure", args=[marker, "CODE"]).replace(str(marker), "{}")
        self._activity = reverse("activities:detail", args=[marker]).replace(str(marker), "{}")
        self.base_url = self.base_url.rstrip("/")

    def report(self, pk: int) -> str:
        return self.base_url + self._report.format(pk)

    def figure(self, pk: int, code: str) -> str:
        return self.base_url + self._figure.format(pk).replace("CODE", code)

    def activity(self, pk: int) -> str:
        return self.base_url + self._activity.format(pk)


def build_sheets(aggregation: Aggregation, *, base_url: str) -> list:
    from lantoa.summaries.xlsx_writer import Sheet

    links = _Links(base_url)
    indicators = aggregation.indicators
    figure_rows, figure_links = [], []
    for row in aggregation.rows:
        figure_rows.append(
            [
                row.unit_name,
                row.state_label,
                _local_date(row.submitted_at),
                *aggregation.values(row),
            ]
        )
        report = links.report(row.report_id)
        figure_links.append(
            [
                report,
                report,
                None,
                # Only a figure that is there links to where it comes from: a blank cell stays blank.
                *(
                    (links.figure(row.report_id, i.code) if i.is_itemised else report)
                    if value is not None
                    else None
                    for i, value in zip(indicators, aggregation.values(row), strict=True)
                ),
            ]
        )
    figures = Sheet(
        title=_("Số liệu"),
        columns=[
            _("Đơn vị"),
            _("Tình trạng"),
            _("Ngày nộp"),
            *(f"{i.name} ({i.unit_of_measure})" for i in indicators),
        ],
        rows=figure_rows,
        totals=[_("Tổng cộng (đã duyệt)"), "", "", *aggregation.accepted_values()],
        links=figure_links,
    )
    # Streamed: the writer pulls one line at a time, the rows and their links in step (tee keeps only the
    # line between them), so a national annex never sits whole in memory.
    rows_of, links_of = itertools.tee(iter_activity_lines(aggregation))
    # Translated once, not once per row: gettext costs microseconds, times 30,000 rows.
    files_text, in_lantoa = _("{n} tệp, liên kết"), _("Xem trong Lantoa")
    activities = Sheet(
        title=_("Hoạt động"),
        columns=[
            _("Đơn vị"),
            _("Ngày"),
            _("Nội dung"),
            _("Đường dẫn"),
            _("Chỉ tiêu"),
            _("Tình trạng báo cáo"),
            _("Minh chứng"),
        ],
        rows=(
            [
                line.unit_name,
                _date_text(line.occurred_on),
                line.title,
                line.url or None,
                "; ".join(line.indicators),
                report_state_label(line.state),
                files_text.format(n=line.evidence) if line.evidence else in_lantoa,
            ]
            for line in rows_of
        ),
        links=(
            [
                links.report(line.report_id),
                None,
                links.activity(line.activity_id),
                line.url or None,
                None,
                None,
                links.activity(line.activity_id),
            ]
            for line in links_of
        ),
    )
    c = aggregation.completeness
    late, on_time, never = _("Muộn"), _("Đúng hạn"), _("Chưa nộp")
    completeness = Sheet(
        title=_("Tình hình báo cáo"),
        columns=[
            _("Đơn vị"),
            _("Tình trạng"),
            _("Hạn nộp"),
            _("Nộp lần đầu"),
            _("Đúng hạn"),
            _("Số lần nộp"),
            _("Hoạt động có cảnh báo minh chứng (đã kiểm tra)"),
        ],
        rows=[
            [
                row.unit_name,
                row.state_label,
                row.due_on.strftime("%d/%m/%Y") if row.due_on else None,
                _local_date(row.first_submitted_at),
                (late if row.is_late else on_time) if row.first_submitted_at else never,
                row.version,
                _flagged_text(aggregation.flagged_by_unit.get(row.unit_id)),
            ]
            for row in aggregation.rows
        ],
        totals=[
            _("{submitted}/{expected} đơn vị đã gửi báo cáo").format(
                submitted=c.submitted, expected=c.expected
            ),
            _("{n} đã duyệt").format(n=c.accepted),
            "",
            "",
            _("{n} đúng hạn, {late} muộn").format(n=c.on_time, late=c.late),
            "",
            _flagged_text((aggregation.flagged_accepted, aggregation.flagged_answered)) or "",
        ],
        links=[[links.report(row.report_id), None, None, None, None, None, None] for row in aggregation.rows],
    )
    return [figures, activities, completeness]


def _flagged_text(counts: tuple[int, int] | None) -> str | None:
    """Activities accepted although an evidence check raised a flag, and how many of them were checked."""
    if not counts or not counts[0]:
        return None
    return _("{n} ({checked} đã kiểm tra)").format(n=counts[0], checked=counts[1])


def _date_text(iso: str) -> str:
    try:
        return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def _local_date(moment: datetime.datetime | None) -> str | None:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%d/%m/%Y") if moment else None


# --- generating the files --------------------------------------------------------------------------------


@dataclass
class Files:
    docx: bytes
    xlsx: bytes
    pdf: bytes | None
    pdf_problem: str = ""


def render_files(
    summary: Summary, aggregation: Aggregation, *, base_url: str, with_pdf: bool = True
) -> Files:
    """The DOCX, the XLSX and, when LibreOffice is installed, the PDF. Writes nothing to the database."""
    from lantoa.summaries import pdf
    from lantoa.summaries.docx_writer import write_docx
    from lantoa.summaries.xlsx_writer import write_xlsx

    docx = write_docx(build_document(summary, aggregation))
    xlsx = write_xlsx(build_sheets(aggregation, base_url=base_url))
    pdf_bytes, problem = None, ""
    if with_pdf:
        if pdf.libreoffice_available():
            try:
                pdf_bytes = pdf.docx_to_pdf(docx)
            except pdf.PdfUnavailable as exc:
                problem = str(exc)
        else:
            problem = pdf_missing_notice()
    return Files(docx=docx, xlsx=xlsx, pdf=pdf_bytes, pdf_problem=problem)


def pdf_missing_notice() -> str:
    return _(
        "Chưa tạo được tệp PDF vì máy chủ chưa cài LibreOffice: nhờ quản trị cài gói “libreoffice-writer” "
        "(Debian, Ubuntu: apt-get install libreoffice-writer). Tệp DOCX và XLSX vẫn được tạo bình thường."
    )


def _refuse_contradictions(summary: Summary | None, aggregation: Aggregation) -> None:
    problems = narrative_problems(summary, aggregation)
    if problems:
        raise SummaryError(
            [
                _(
                    "Chưa tạo báo cáo: phần nội dung có số liệu không khớp với số liệu của các đơn vị. "
                    "Hãy sửa những chỗ sau rồi lưu và tạo lại."
                ),
                *(str(p) for p in problems),
            ],
            code="contradicts_data",
        )


def start_generation(*, directive: Directive, actor, base_url: str, with_pdf: bool = True):
    """Press "Tạo báo cáo": refuse at once what would be refused (not a manager, not issued, a figure in the
    narrative that contradicts the data), then queue the compilation as a `summary.generate` job (the files
    take seconds, nationally minutes). A second press while one is pending gives that job back."""
    from lantoa.jobs.services import enqueue

    _require_manager(actor, directive)
    _require_issued(directive)
    summary = Summary.objects.filter(directive=directive).first()
    if summary is not None:
        _refuse_contradictions(summary, aggregate(directive))
    return enqueue(
        kind="summary.generate",
        params={"directive": directive.pk, "base_url": base_url, "with_pdf": with_pdf},
        actor=actor,
        target=directive,
        reuse_pending=True,
    )


@transaction.atomic
def generate_summary(
    *, directive: Directive, actor, base_url: str, with_pdf: bool = True
) -> SummaryGeneration:
    """Press "Tạo báo cáo": freeze the figures used, write the files under MEDIA_ROOT with generated names,
    and keep every earlier generation for comparison.

    Refused while a figure typed by hand in the narrative contradicts the data (the message says where and
    what the data says): a report must never go up with two sets of figures."""
    _require_manager(actor, directive)
    _require_issued(directive)
    summary = Summary.objects.select_for_update().filter(directive=directive).first()
    # Read after the lock: two officers generating at once both print the data as it is when theirs runs.
    aggregation = aggregate(directive)
    if summary is None:
        summary = _new_summary(directive, actor, aggregation)
    _refuse_contradictions(summary, aggregation)
    files = render_files(summary, aggregation, base_url=base_url, with_pdf=with_pdf)
    last = summary.generations.order_by("-version").values_list("version", flat=True).first() or 0
    content = frozen(aggregation)
    # The narrative exactly as printed, placeholders filled: what "Nộp lên cấp trên" sends up.
    content["narrative"] = narrative.rendered(_texts(summary), aggregation)
    content["pdf_problem"] = files.pdf_problem
    generation = SummaryGeneration(summary=summary, version=last + 1, generated_by=actor, content=content)
    stem = f"bao-cao-tong-hop-v{generation.version}-{secrets.token_hex(6)}"
    generation.docx.save(f"{stem}.docx", ContentFile(files.docx), save=False)
    generation.xlsx.save(f"{stem}.xlsx", ContentFile(files.xlsx), save=False)
    if files.pdf:
        generation.pdf.save(f"{stem}.pdf", ContentFile(files.pdf), save=False)
    generation.save()
    record(
        actor=actor,
        action="summary.generate",
        obj=summary,
        summary=str(summary),
        detail={"version": generation.version, "pdf": bool(files.pdf)},
    )
    return generation


# --- the cascade ---------------------------------------------------------------------------------------


@transaction.atomic
def submit_upward(*, directive: Directive, actor) -> Report:
    """ "Nộp lên cấp trên": the latest generated summary becomes this unit's report on the upstream
    directive. Its figures are the summary's accepted totals (for the upstream directive's indicators); the
    report then goes through the ordinary submission, snapshot and review of the reports app."""
    _require_manager(actor, directive)
    summary = Summary.objects.select_for_update().filter(directive=directive).first()
    generation = summary.generations.order_by("-version").first() if summary else None
    if generation is None:
        raise SummaryError(
            _("Chưa có báo cáo tổng hợp: hãy bấm “Tạo báo cáo” trước rồi mới nộp lên cấp trên."),
            code="not_generated",
        )
    report = upstream_report(directive)
    if report is None:
        raise SummaryError(
            _(
                "Văn bản này không thực hiện văn bản nào của cấp trên có giao nhiệm vụ cho {unit} trong Lantoa: "
                "hãy gửi tệp báo cáo tổng hợp theo đường văn bản."
            ).format(unit=directive.issuer),
            code="no_upstream",
        )
    if not is_report_author(actor, report):
        raise PermissionDenied(
            _(
                "Chỉ lãnh đạo, cán bộ của {unit} được nộp báo cáo lên cấp trên: hãy nhờ họ bấm “Nộp lên cấp trên”."
            ).format(unit=report.unit)
        )
    if not summary.results.strip():
        raise SummaryError(
            _("Hãy ghi mục “I. Kết quả thực hiện” của báo cáo tổng hợp trước khi nộp lên cấp trên."),
            code="no_results",
        )
    accepted = generation.content.get("accepted", {})
    figures = {i.code: accepted[i.code] for i in directive_indicators(report.directive) if i.code in accepted}
    # The text that generation printed, its placeholders filled with its own figures (a generation made
    # before placeholders existed printed the summary's text as it was).
    text = generation.content.get("narrative") or _texts(summary)
    save_report(
        report=report,
        actor=actor,
        results="\n".join(_lines(text["intro"]) + _lines(text["results"])),
        difficulties=text["weaknesses"],
        proposals=text["proposals"],
    )
    Report.objects.filter(pk=report.pk).update(source_summary_figures=figures)
    report = submit_report(report=report, actor=actor)
    generation.submitted_upward = True
    generation.save(update_fields=["submitted_upward"])
    summary.upstream_report = report
    summary.save(update_fields=["upstream_report", "updated_at"])
    record(
        actor=actor,
        action="summary.submit_upward",
        obj=summary,
        summary=str(report),
        detail={"version": generation.version, "report": report.pk, "figures": figures},
    )
    return report
