"""The job machinery: one door in (`enqueue`), each job run once, retried with back-off, failing in Vietnamese."""

import pytest
from django.urls import reverse

from lantoa.core.models import AuditEvent
from lantoa.jobs.models import Job, JobState
from lantoa.jobs.services import backoff_seconds, enqueue, retry_job, run_due_jobs, run_job

pytestmark = pytest.mark.django_db


def _states(job: Job) -> list[str]:
    return [f"{t.from_state or '∅'}→{t.to_state}" for t in job.transitions.all()]


def test_a_queued_job_runs_once_its_transaction_commits_and_keeps_its_history(
    officer, example_directive, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue(
            kind="tests.scripted", params={"echo": "xin chào"}, actor=officer, target=example_directive
        )
        assert Job.objects.get(pk=job.pk).state == JobState.QUEUED  # not before the commit
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.result == {"echo": "xin chào", "attempt": 1}
    assert job.progress == 100
    assert (job.object_type, job.object_id) == ("directives.directive", str(example_directive.pk))
    assert _states(job) == ["∅→queued", "queued→running", "running→succeeded"]


def test_the_same_idempotency_key_gives_back_the_same_job_and_it_runs_once(
    officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue(kind="tests.scripted", actor=officer, idempotency_key="nhac-viec@1")
        second = enqueue(kind="tests.scripted", actor=officer, idempotency_key="nhac-viec@1")
    assert first.pk == second.pk
    assert Job.objects.filter(idempotency_key="nhac-viec@1").count() == 1
    assert run_job(first.pk) is None  # delivered twice: the second delivery finds it done
    assert Job.objects.get(pk=first.pk).attempts == 1


def test_a_passing_failure_is_retried_with_growing_back_off_until_it_succeeds(officer, later):
    job = enqueue(kind="tests.scripted", params={"plan": "retry: 2"}, actor=officer)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert job.attempts == 1
    assert "sẽ thử lại sau 10 giây" in job.progress_note
    assert run_due_jobs() == 0  # not before its back-off ends
    later()
    assert run_due_jobs() == 1
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert job.attempts == 2
    assert "sau 40 giây" in job.progress_note
    later()
    run_due_jobs()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.result["attempt"] == 3
    assert [backoff_seconds(n) for n in (1, 2, 3)] == [10, 40, 160]


def test_a_refusal_fails_at_once_with_its_vietnamese_reason(officer):
    job = enqueue(kind="tests.scripted", params={"plan": "fail: Tệp PDF bị hỏng."}, actor=officer)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.attempts == 1
    assert job.error == "Tệp PDF bị hỏng."


def test_an_unexpected_error_ends_in_a_vietnamese_message_never_a_traceback(officer, later):
    job = enqueue(kind="tests.scripted", params={"plan": "crash"}, actor=officer)
    for _attempt in range(3):
        later()
        run_due_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.attempts == 3
    assert "lỗi hệ thống" in job.error
    assert "boom" not in job.error
    assert "Traceback" not in job.error
    # The technical reason stays in the history, for the administrator.
    assert "RuntimeError: boom" in job.transitions.last().note


def test_the_officer_tries_a_failed_job_again_and_it_is_audited(client, officer):
    job = enqueue(kind="tests.scripted", params={"plan": "fail: Chưa cài OCR."}, actor=officer)
    run_job(job.pk)
    client.force_login(officer)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Chưa cài OCR." in page
    assert "Thử lại" in page
    response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert job.attempts == 0
    assert AuditEvent.objects.filter(action="job.retry", object_id=str(job.pk)).exists()
    assert _states(job)[-1] == "failed→queued"


def test_only_a_failed_job_can_be_tried_again(officer):
    from lantoa.jobs.services import JobError

    job = enqueue(kind="tests.scripted", actor=officer)
    with pytest.raises(JobError):
        retry_job(job=job, actor=officer)


def test_another_person_cannot_see_or_retry_someone_elses_job(client, officer, commune_reporter):
    job = enqueue(kind="tests.scripted", params={"plan": "fail: x"}, actor=officer)
    run_job(job.pk)
    client.force_login(commune_reporter)
    for name, method in (("detail", client.get), ("status", client.get), ("retry", client.post)):
        assert method(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404
    assert Job.objects.get(pk=job.pk).state == JobState.FAILED


def test_a_job_whose_worker_died_goes_back_to_the_queue_and_runs_again(officer):
    from django.utils import timezone

    from lantoa.jobs.services import recover_stale_jobs

    job = enqueue(kind="tests.scripted", actor=officer)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, attempts=1, heartbeat_at=timezone.now() - timezone.timedelta(hours=2)
    )
    assert recover_stale_jobs() == 1
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.attempts == 2
    assert "running→queued" in _states(job)


def test_the_schedule_queues_one_reminder_run_per_period_however_often_it_fires(settings):
    from django.utils import timezone

    from lantoa.jobs.services import run_schedule

    settings.LANTOA_REMINDER_EVERY_SECONDS = 300
    now = timezone.now().replace(minute=1, second=0)
    first = run_schedule(now=now)
    again = run_schedule(now=now + timezone.timedelta(seconds=30))
    assert [j.pk for j in first] == [j.pk for j in again]
    assert first[0].kind == "reminders.run"
    assert Job.objects.filter(kind="reminders.run").count() == 1


def test_the_reminder_run_is_a_job(officer, example_directive):
    job = enqueue(kind="reminders.run")
    run_job(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert set(job.result) >= {"reminders", "emails_sent"}


def test_evidence_checks_are_queued_as_a_job(settings, officer, django_capture_on_commit_callbacks):
    from lantoa.evidence.dispatch import schedule_checks

    settings.LANTOA_EVIDENCE_CHECKS = "job"
    with django_capture_on_commit_callbacks(execute=True):
        schedule_checks(activity_ids=[10**9])  # an activity that no longer exists: nothing to flag
    job = Job.objects.get(kind="evidence.check")
    assert job.params == {"evidence": [], "activities": [10**9]}
    assert job.state == JobState.SUCCEEDED, job.error
