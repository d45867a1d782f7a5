"""Compiling a summary (DOCX + XLSX + PDF, seconds to minutes nationally) in the background."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.directives.models import Directive
from lantoa.jobs.registry import JobFailed, job_kind
from lantoa.summaries.services import generate_summary


@job_kind("summary.generate", label=gettext_lazy("Tạo báo cáo tổng hợp"), max_attempts=2)
def generate_summary_job(job, progress) -> dict:
    directive = Directive.objects.filter(pk=job.params.get("directive")).first()
    if directive is None:
        raise JobFailed(_("Văn bản này không còn nữa."))
    actor = job.created_by
    if actor is None:
        raise JobFailed(_("Tài khoản đã yêu cầu tạo báo cáo không còn nữa."))
    progress(10, _("Đang tổng hợp số liệu và viết tệp DOCX, XLSX, PDF…"))
    generation = generate_summary(
        directive=directive,
        actor=actor,
        base_url=job.params.get("base_url") or "/",
        with_pdf=job.params.get("with_pdf", True),
    )
    message = _("Đã tạo báo cáo tổng hợp lần {n}.").format(n=generation.version)
    if generation.content.get("pdf_problem"):
        message = f"{message} {generation.content['pdf_problem']}"
    return {
        "generation": generation.pk,
        "version": generation.version,
        "url": reverse("summaries:detail", args=[directive.pk]),
        "message": message,
    }
