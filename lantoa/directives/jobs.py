"""Reading a directive in the background: the import page returns at once and follows this job."""

from django.core.files import File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.directives.services import import_directive
from lantoa.jobs.registry import JobFailed, job_kind
from lantoa.units.models import Unit


@job_kind("directive.import", label=gettext_lazy("Đọc văn bản và lập đề xuất"), max_attempts=2)
def import_directive_job(job, progress) -> dict:
    params = job.params
    if job.created_by is None:
        raise JobFailed(_("Tài khoản đã nhập văn bản này không còn nữa."))
    issuer = Unit.objects.filter(pk=params.get("issuer")).first()
    office = Unit.objects.filter(pk=params.get("office")).first()
    if issuer is None or office is None:
        raise JobFailed(_("Đơn vị ban hành hoặc cơ quan tham mưu đã bị xóa: hãy nhập lại văn bản."))
    stored = params.get("file") or ""
    progress(2, _("Bắt đầu đọc văn bản…"))
    if stored:
        if not default_storage.exists(stored):
            raise JobFailed(_("Tệp đã tải lên không còn trên máy chủ: hãy tải lại tệp."))
        with default_storage.open(stored, "rb") as handle:
            directive = import_directive(
                issuer=issuer,
                office=office,
                actor=job.created_by,
                upload=File(handle, name=params.get("name") or "van-ban"),
                progress=progress,
            )
        # The directive keeps its own copy of the file; the upload waited here only for this job.
        default_storage.delete(stored)
    else:
        directive = import_directive(
            issuer=issuer, office=office, actor=job.created_by, text=params.get("text", ""), progress=progress
        )
    return {
        "directive": directive.pk,
        "url": reverse("directives:edit", args=[directive.pk]),
        "message": _("Đã đọc văn bản. Hãy kiểm tra đề xuất bên dưới, sửa nếu cần, rồi giao nhiệm vụ."),
    }
