from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lantoa.reports.selectors import is_report_author
from lantoa.summaries import narrative, pdf, selectors
from lantoa.summaries.forms import SummaryForm
from lantoa.summaries.services import (
    TEXT_FIELDS,
    SummaryError,
    generate_summary,
    pdf_missing_notice,
    redraft_summary,
    save_summary,
    submit_upward,
)


def _error_text(error: SummaryError) -> str:
    return " ".join(error.messages)


def _render(request, directive, access, *, form: SummaryForm | None = None):
    aggregation = selectors.aggregate(directive)
    summary = selectors.summary_of(directive)
    generations = selectors.generations_of(summary)
    manages = access == selectors.MANAGE
    if manages and form is None:
        if summary is not None:
            initial = {name: getattr(summary, name) for name in TEXT_FIELDS}
            initial["date"] = summary.date
        else:
            initial = narrative.defaults(aggregation)
        form = SummaryForm(initial=initial)
    upstream = selectors.upstream_report(directive)
    live_changes = (
        selectors.compare_frozen(generations[0].content, selectors.frozen(aggregation))
        if generations
        else None
    )
    return render(
        request,
        "summaries/detail.html",
        {
            "directive": directive,
            "aggregation": aggregation,
            "totals": list(
                zip(
                    aggregation.indicators,
                    aggregation.accepted_values(),
                    aggregation.pending_values(),
                    strict=True,
                )
            ),
            "table": [(row, aggregation.values(row)) for row in aggregation.rows],
            "summary": summary,
            "history": selectors.generation_history(generations),
            "live_changes": live_changes,
            "manages": manages,
            "form": form if manages else None,
            "pdf_available": pdf.libreoffice_available(),
            "pdf_notice": pdf_missing_notice(),
            "upstream": upstream,
            "can_submit_upward": manages
            and upstream is not None
            and is_report_author(request.user, upstream),
        },
    )


@require_GET
def summary_detail(request, pk: int):
    directive, access = selectors.get_summary_directive_for_user_or_404(request.user, pk)
    return _render(request, directive, access)


@require_POST
def summary_save(request, pk: int):
    directive, access = selectors.get_summary_directive_for_user_or_404(request.user, pk)
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            save_summary(
                directive=directive, actor=request.user, date=form.cleaned_data["date"], **form.text_fields()
            )
        except SummaryError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Đã lưu báo cáo tổng hợp. Khi đã vừa ý, hãy bấm “Tạo báo cáo”."))
            return redirect("summaries:detail", pk=directive.pk)
    if access != selectors.MANAGE:
        raise PermissionDenied(_("Chỉ đơn vị ban hành hoặc đơn vị đầu mối được sửa báo cáo tổng hợp."))
    return _render(request, directive, access, form=form)


@require_POST
def summary_redraft(request, pk: int):
    directive, _access = selectors.get_summary_directive_for_user_or_404(request.user, pk)
    try:
        redraft_summary(directive=directive, actor=request.user)
    except SummaryError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("Đã soạn lại phần nội dung từ số liệu mới nhất; hãy đọc lại trước khi tạo báo cáo.")
        )
    return redirect("summaries:detail", pk=directive.pk)


@require_POST
def summary_generate(request, pk: int):
    directive, _access = selectors.get_summary_directive_for_user_or_404(request.user, pk)
    try:
        generation = generate_summary(
            directive=directive, actor=request.user, base_url=request.build_absolute_uri("/")
        )
    except SummaryError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã tạo báo cáo tổng hợp lần {n}.").format(n=generation.version))
        if generation.content.get("pdf_problem"):
            messages.warning(request, generation.content["pdf_problem"])
    return redirect("summaries:detail", pk=directive.pk)


@require_POST
def summary_submit_upward(request, pk: int):
    directive, _access = selectors.get_summary_directive_for_user_or_404(request.user, pk)
    try:
        report = submit_upward(directive=directive, actor=request.user)
    except SummaryError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Đã nộp báo cáo tổng hợp lên cấp trên: báo cáo của {unit} về {directive}.").format(
                unit=report.unit, directive=report.directive
            ),
        )
    return redirect("summaries:detail", pk=directive.pk)


KINDS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@require_GET
def generation_file(request, pk: int, kind: str):
    generation = selectors.get_generation_for_user_or_404(request.user, pk)
    stored = getattr(generation, kind) if kind in KINDS else None
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    directive = generation.summary.directive
    stem = slugify(directive.number.replace("/", "-")) or str(directive.pk)
    name = f"bao-cao-tong-hop-{stem}-lan-{generation.version}{Path(stored.name).suffix}"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=KINDS[kind])
