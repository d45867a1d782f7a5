"""Evidence checks as a background job (queued by lantoa.evidence.dispatch)."""

from django.utils.translation import gettext_lazy as _

from lantoa.jobs.registry import job_kind


@job_kind("evidence.check", label=_("Kiểm tra minh chứng"), max_attempts=3)
def check_evidence_job(job, progress) -> dict:
    from lantoa.evidence.services import run_checks

    evidence_ids = [int(pk) for pk in job.params.get("evidence", [])]
    activity_ids = [int(pk) for pk in job.params.get("activities", [])]
    run_checks(evidence_ids=evidence_ids, activity_ids=activity_ids)
    return {"evidence": len(evidence_ids), "activities": len(activity_ids)}
