"""Summaries (generate as a job, list, download) and jobs (status)."""

from typing import Literal

from django.urls import reverse
from ninja import Path, Router, Status

from lantoa.api.errors import ERRORS
from lantoa.api.schemas import MAX_ID, GenerationOut, JobOut
from lantoa.jobs.selectors import get_job_for_user_or_404
from lantoa.summaries import selectors as summary_selectors
from lantoa.summaries.downloads import FILE_TYPES, generation_file_response
from lantoa.summaries.services import start_generation

router = Router()


def _id():
    return Path(..., ge=1, le=MAX_ID)


def job_out(job) -> dict:
    return {
        "id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "progress": job.progress,
        "progress_note": job.progress_note,
        "error": job.error,
        "attempts": job.attempts,
        "result": job.result,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


@router.post(
    "/summaries/{directive_id}/generate", response={202: JobOut, **ERRORS}, tags=["Báo cáo tổng hợp"]
)
def generate(request, directive_id: int = _id()):
    """Tạo báo cáo tổng hợp (DOCX, XLSX, PDF) trong một tác vụ nền; theo dõi ở /jobs/{id}."""
    directive, _access = summary_selectors.get_summary_directive_for_user_or_404(request.user, directive_id)
    job = start_generation(directive=directive, actor=request.user, base_url=request.build_absolute_uri("/"))
    return Status(202, job_out(job))


@router.get(
    "/summaries/{directive_id}/generations",
    response={200: list[GenerationOut], **ERRORS},
    tags=["Báo cáo tổng hợp"],
)
def generations(request, directive_id: int = _id()):
    """Các lần tạo báo cáo tổng hợp của văn bản, mới nhất trước, với đường dẫn tải tệp."""
    directive, _access = summary_selectors.get_summary_directive_for_user_or_404(request.user, directive_id)
    rows = summary_selectors.generations_of(summary_selectors.summary_of(directive))
    return [
        {
            "id": g.pk,
            "version": g.version,
            "generated_at": g.generated_at,
            "files": {
                kind: reverse("api:download_generation", kwargs={"generation_id": g.pk, "kind": kind})
                for kind in FILE_TYPES
                if getattr(g, kind)
            },
        }
        for g in rows
    ]


@router.get(
    "/summaries/generations/{generation_id}/{kind}",
    response=ERRORS,
    tags=["Báo cáo tổng hợp"],
    url_name="download_generation",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp báo cáo tổng hợp",
                "content": {
                    mime: {"schema": {"type": "string", "format": "binary"}} for mime in FILE_TYPES.values()
                },
            }
        }
    },
)
def download(request, kind: Literal["docx", "xlsx", "pdf"], generation_id: int = _id()):
    """Tải tệp DOCX, XLSX hoặc PDF của một lần tạo báo cáo tổng hợp."""
    generation = summary_selectors.get_generation_for_user_or_404(request.user, generation_id)
    return generation_file_response(generation, kind)


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS}, tags=["Tác vụ nền"])
def get_job(request, job_id: int = _id()):
    """Trạng thái, tiến độ và kết quả của một tác vụ nền người dùng đã yêu cầu."""
    return job_out(get_job_for_user_or_404(request.user, job_id))
