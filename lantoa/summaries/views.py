from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantoa.core.confirm import Confirmation, ask, is_confirmed
from lantoa.reports.selectors import is_report_author
from lantoa.summaries import narrative, pdf, selectors
from lantoa.summaries.downloads import generation_file_response
from lantoa.summaries.forms import SummaryForm
from lantoa.summaries.models import SummaryRevision
from lantoa.summaries.services import (
    NARRATIVE_FIELDS,
    TEXT_FIELDS,
    SummaryError,
    narrative_problems,
    pdf_missing_notice,
    redraft_summary,
    restore_summary,
    save_summary,
    start_generation,
    submit_upward,
)


def _error_text(error: SummaryError) -> str:
    return " ".join(error.messages)


def _refused(request, error: SummaryError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _page_url(directive, anchor: str = "") -> str:
    return reverse("summaries:detail", args=[directive.pk]) + (f"#{anchor}" if anchor else "")


def redraft_confirmation(directive) -> Confirmation:
    return Confirmation(
        title=_("Soạn lại phần nội dung từ số liệu mới nhất?"),
        lines=[
            _(
                "Mở đầu và các mục I, II, III sẽ được viết lại từ số liệu hiện nay; những gì bạn đã sửa tay "
                "trong các mục này sẽ được thay thế."
            ),
            _("Nội dung hiện tại được lưu lại: bạn có thể khôi phục ở mục “Các bản nội dung trước”."),
            _("Phần đầu văn bản (số, ngày, kính gửi), nơi nhận và người ký giữ nguyên."),
        ],
        button=_("Soạn lại"),
        cancel_url=_page_url(directive, "noi-dung"),
    )


def restore_confirmation(directive, revision: SummaryRevision) -> Confirmation:
    return Confirmation(
        title=_("Khôi phục bản nội dung này?"),
        lines=[
            _("Phần nội dung trở lại như lúc {at} ({reason}).").format(
                at=revision.created_at.astimezone().strftime("%H:%M %d/%m/%Y"),
                reason=revision.get_reason_display().lower(),
            ),
            _("Nội dung hiện tại cũng được lưu lại, để khôi phục nếu cần."),
        ],
        button=_("Khôi phục"),
        cancel_url=_page_url(directive, "ban-truoc"),
    )


def upward_confirmation(directive, upstream, version: int | None) -> Confirmation:
    return Confirmation(
        title=_("Nộp báo cáo tổng hợp lên cấp trên?"),
        lines=[
            _("Báo cáo tổng hợp lần {n} trở thành báo cáo của {unit} về {directive}.").format(
                n=version, unit=upstream.unit, directive=upstream.directive
            ),
            _("Sau khi nộp, chỉ sửa được khi cấp trên trả lại."),
        ],
        button=_("Nộp lên cấp trên"),
        cancel_url=_page_url(directive, "cap-tren"),
    )


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
    # What the next generation would print, and what in the text the data contradicts now.
    texts = (
        {name: getattr(summary, name) for name in NARRATIVE_FIELDS}
        if summary is not None
        else {name: narrative.defaults(aggregation)[name] for name in NARRATIVE_FIELDS}
    )
    labels = narrative.field_labels()
    preview = narrative.rendered(texts, aggregation) if manages else {}
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
            "problems": narrative_problems(summary, aggregation) if manages else [],
            "preview": [(labels[name], preview[name]) for name in NARRATIVE_FIELDS] if manages else [],
            "placeholders": narrative.placeholders(aggregation) if manages else [],
            "revisions": list(summary.revisions.select_related("created_by")[:10])
            if manages and summary is not None
            else [],
            "redraft": redraft_confirmation(directive),
            "upward": upward_confirmation(
                directive, upstream, generations[0].version if generations else None
            )
            if upstream is not None
            else None,
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
            summary = save_summary(
                directive=directive, actor=request.user, date=form.cleaned_data["date"], **form.text_fields()
            )
        except SummaryError as error:
            messages.error(request, _error_text(error))
        else:
            problems = narrative_problems(summary, selectors.aggregate(directive))
            if problems:
                messages.warning(
                    request,
                    _(
                        "Đã lưu, nhưng phần nội dung có {n} chỗ không khớp số liệu: chưa tạo báo cáo được "
                        "cho đến khi sửa (xem mục “Kiểm tra số liệu”)."
                    ).format(n=len(problems)),
                )
            else:
                messages.success(request, _("Đã lưu báo cáo tổng hợp. Khi đã vừa ý, hãy bấm “Tạo báo cáo”."))
            return redirect("summaries:detail", pk=directive.pk)
    if access != selectors.MANAGE:
        raise PermissionDenied(_("Chỉ đơn vị ban hành hoặc đơn vị đầu mối được sửa báo cáo tổng hợp."))
    return _render(request, directive, access, form=form)


@require_http_methods(["GET", "POST"])
def summary_redraft(request, pk: int):
    directive, access = selectors.get_summary_directive_for_user_or_404(request.user, pk)
    if access != selectors.MANAGE:
        raise PermissionDenied(_("Chỉ đơn vị ban hành hoặc đơn vị đầu mối được soạn lại báo cáo tổng hợp."))
    if request.method != "POST" or not is_confirmed(request):
        return ask(request, redraft_confirmation(directive))
    try:
        redraft_summary(directive=directive, actor=request.user)
    except SummaryError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _(
                "Đã soạn lại phần nội dung từ số liệu mới nhất; bản trước được lưu ở mục “Các bản nội dung "
                "trước”. Hãy đọc lại trước khi tạo báo cáo."
            ),
        )
    return redirect(_page_url(directive, "noi-dung"))


@require_POST
def summary_restore(request, pk: int, revision_pk: int):
    directive, access = selectors.get_summary_directive_for_user_or_404(request.user, pk)
    if access != selectors.MANAGE:
        raise PermissionDenied(_("Chỉ đơn vị ban hành hoặc đơn vị đầu mối được khôi phục nội dung."))
    revision = SummaryRevision.objects.filter(pk=revision_pk, summary__directive=directive).first()
    if revision is None:
        raise Http404
    if not is_confirmed(request):
        return ask(request, restore_confirmation(directive, revision))
    try:
        restore_summary(directive=directive, actor=request.user, revision=revision)
    except SummaryError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã khôi phục bản nội dung trước; nội dung vừa thay được lưu lại."))
    return redirect(_page_url(directive, "noi-dung"))


@require_POST
def summary_generate(request, pk: int):
    directive, _access = selectors.get_summary_directive_for_user_or_404(request.user, pk)
    try:
        job = start_generation(
            directive=directive, actor=request.user, base_url=request.build_absolute_uri("/")
        )
    except SummaryError as error:
        _refused(request, error)
        return redirect(_page_url(directive, "kiem-tra"))
    # The files are written by a job; its page shows the progress and then opens the summary again.
    return redirect("jobs:detail", pk=job.pk)


@require_POST
def summary_submit_upward(request, pk: int):
    directive, access = selectors.get_summary_directive_for_user_or_404(request.user, pk)
    upstream = selectors.upstream_report(directive)
    may = access == selectors.MANAGE and upstream is not None and is_report_author(request.user, upstream)
    if may and not is_confirmed(request):
        generations = selectors.generations_of(selectors.summary_of(directive))
        return ask(
            request,
            upward_confirmation(directive, upstream, generations[0].version if generations else None),
        )
    try:
        report = submit_upward(directive=directive, actor=request.user)
    except SummaryError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Đã nộp báo cáo tổng hợp lên cấp trên: báo cáo của {unit} về {directive}.").format(
                unit=report.unit, directive=report.directive
            ),
        )
    return redirect("summaries:detail", pk=directive.pk)


@require_GET
def generation_file(request, pk: int, kind: str):
    generation = selectors.get_generation_for_user_or_404(request.user, pk)
    if kind == "edxml":
        # The báo cáo tổng hợp as an edXML package (QCVN 102:2016), ready to send upward.
        from django.http import HttpResponse

        from lantoa.directives.edxml import package_bytes_of_summary

        response = HttpResponse(package_bytes_of_summary(generation), content_type="application/xml")
        name = f"bao-cao-tong-hop-{generation.summary.directive_id}-lan-{generation.version}.edxml"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return generation_file_response(generation, kind)
