"""The page that follows a job: a progress bar that htmx refreshes in place, then where the job leads."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from lantoa.jobs.models import JobState
from lantoa.jobs.registry import kinds
from lantoa.jobs.selectors import get_job_for_user_or_404
from lantoa.jobs.services import JobError, retry_job


def _context(job) -> dict:
    spec = kinds().get(job.kind)
    return {"job": job, "label": spec.label if spec else job.kind, "JobState": JobState}


@require_GET
def job_detail(request, pk: int):
    job = get_job_for_user_or_404(request.user, pk)
    if job.state == JobState.SUCCEEDED and job.result.get("url") and request.GET.get("stay") is None:
        if job.result.get("message"):
            messages.success(request, job.result["message"])
        return redirect(job.result["url"])
    return render(request, "jobs/detail.html", _context(job))


@require_GET
def job_status(request, pk: int):
    """The progress block alone, polled by htmx; once the job succeeded, htmx is sent where it leads."""
    job = get_job_for_user_or_404(request.user, pk)
    if job.state == JobState.SUCCEEDED and job.result.get("url"):
        if job.result.get("message"):
            messages.success(request, job.result["message"])
        response = HttpResponse()
        response["HX-Redirect"] = job.result["url"]
        return response
    return render(request, "jobs/_status.html", _context(job))


@require_POST
def job_retry(request, pk: int):
    job = get_job_for_user_or_404(request.user, pk)
    try:
        retry_job(job=job, actor=request.user)
    except JobError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("jobs:detail", pk=job.pk)
