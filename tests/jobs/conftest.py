import pytest
from django.utils import timezone

from lantoa.jobs.registry import JobFailed, JobRetry, job_kind
from tests.documents.conftest import example_scan, example_scan_pdf, require_ocr  # noqa: F401 - shared fixtures

# Kinds that behave as told, for the tests of the machinery itself: "succeed", "fail: <msg>", "retry: <n>" (ask
# for a retry on the first n attempts), "crash".


@job_kind("tests.scripted", label="Tác vụ thử", max_attempts=3)
def scripted(job, progress):
    plan = job.params.get("plan", "succeed")
    progress(50, "Nửa đường")
    if plan.startswith("fail:"):
        raise JobFailed(plan.removeprefix("fail:").strip())
    if plan.startswith("retry:") and job.attempts <= int(plan.removeprefix("retry:")):
        raise JobRetry("Máy chủ bên ngoài chưa trả lời.")
    if plan == "crash":
        raise RuntimeError("boom at line 12")
    return {"echo": job.params.get("echo"), "attempt": job.attempts}


@pytest.fixture
def later():
    """Move the clock past every back-off: make all queued jobs due now."""
    from lantoa.jobs.models import Job, JobState

    def advance():
        Job.objects.filter(state=JobState.QUEUED).update(run_after=timezone.now())

    return advance
