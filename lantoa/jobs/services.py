"""The one door to background work: `enqueue` a job; a worker runs it with `run_job`.

    queued ──claim──▶ running ──▶ succeeded
      ▲                  │
      └──── back-off ────┤ (JobRetry or an unexpected error, attempts left)
                         ▼
                       failed ──retry_job (a person)──▶ queued

Where the work runs is a setting (LANTOA_JOBS_MODE), not the caller's business:
- "embedded" (one machine, no broker): the Job table is the queue; a thread in each web process and any
  `lantoa worker` poll it and claim jobs with one conditional UPDATE, so a job runs once however many
  processes look.
- "celery": the same claim, but a Celery worker is told at once through the broker (Redis); its beat runs the
  schedule and sweeps up a job whose message was lost.
- "eager": run when the enqueuing transaction commits, in the same thread (tests, scripts).
Every mode claims through the table, so a job delivered twice still runs once: that is what makes retries
and redelivery safe.
"""

import logging
import math

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.core.audit import record
from lantoa.jobs.models import Job, JobState, JobTransition
from lantoa.jobs.registry import JobFailed, JobRetry, kind_of

logger = logging.getLogger(__name__)


class JobError(ValidationError):
    """A person asked for something a job cannot do (retry one that is not failed)."""


@transaction.atomic
def enqueue(
    *,
    kind: str,
    params: dict | None = None,
    actor=None,
    target: models.Model | None = None,
    idempotency_key: str | None = None,
    reuse_pending: bool = False,
    max_attempts: int | None = None,
    delay: float = 0,
) -> Job:
    """Queue one job and hand it to a worker once the caller's transaction commits.

    The same `idempotency_key` gives back the job it first made, whatever happened to it; `reuse_pending`
    gives back an unfinished job of the same kind for the same object (a second click on "Tạo báo cáo")."""
    spec = kind_of(kind)
    object_type, object_id = (target._meta.label_lower, str(target.pk)) if target is not None else ("", "")
    if idempotency_key:
        existing = Job.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if reuse_pending and target is not None:
        pending = (
            Job.objects.filter(kind=kind, object_type=object_type, object_id=object_id)
            .filter(state__in=[JobState.QUEUED, JobState.RUNNING])
            .order_by("pk")
            .first()
        )
        if pending is not None:
            return pending
    now = timezone.now()
    job = Job(
        kind=kind,
        params=params or {},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        object_type=object_type,
        object_id=object_id,
        idempotency_key=idempotency_key or None,
        max_attempts=max_attempts or spec.max_attempts,
        run_after=now + timezone.timedelta(seconds=delay),
        created_at=now,
    )
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        # Another process enqueued the same key between our look and our write: theirs is the job.
        return Job.objects.get(idempotency_key=idempotency_key)
    JobTransition.objects.create(job=job, from_state="", to_state=JobState.QUEUED, actor=job.created_by)
    job_id = job.pk
    transaction.on_commit(lambda: dispatch(job_id, countdown=delay))
    return job


@transaction.atomic
def retry_job(*, job: Job, actor) -> Job:
    """A person tries a failed job again, from the start."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.state != JobState.FAILED:
        raise JobError(_("Chỉ thử lại được tác vụ đã không thành công."), code="not_failed")
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state=JobState.QUEUED, attempts=0, error="", progress=0, progress_note="", run_after=now
    )
    JobTransition.objects.create(
        job=locked, from_state=JobState.FAILED, to_state=JobState.QUEUED, actor=actor, note=_("Thử lại")
    )
    record(actor=actor, action="job.retry", obj=locked, summary=locked.kind)
    transaction.on_commit(lambda: dispatch(job.pk))
    locked.refresh_from_db()
    return locked


def dispatch(job_id: int, *, countdown: float = 0) -> None:
    """Tell a worker about a queued job. Never raises: a job nobody was told about is still in the table,
    and the embedded loop or the beat's sweep finds it."""
    mode = settings.LANTOA_JOBS_MODE
    try:
        if mode == "eager":
            if countdown <= 0:
                run_job(job_id)
        elif mode == "celery":
            from lantoa.jobs.celery_app import run_job_task

            run_job_task.apply_async((job_id,), countdown=max(0, math.ceil(countdown)))
        else:
            from lantoa.jobs import embedded

            embedded.wake()
    except Exception:
        logger.exception("job %s not dispatched (mode %s); the sweep will find it", job_id, mode)


# --------------------------------------------------------------------------------------------- running


class Progress:
    """What a handler calls to move the progress bar; it also tells the sweep the worker is alive."""

    def __init__(self, job: Job):
        self.job = job

    def __call__(self, percent: float, note: str = "") -> None:
        percent = max(0, min(100, int(percent)))
        self.job.progress, self.job.progress_note = percent, note[:255]
        Job.objects.filter(pk=self.job.pk).update(
            progress=percent, progress_note=note[:255], heartbeat_at=timezone.now()
        )


def _claim(job_id: int) -> Job | None:
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED, run_after__lte=now).update(
        state=JobState.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, error=""
    )
    if not claimed:
        return None
    job = Job.objects.select_related("created_by").get(pk=job_id)
    JobTransition.objects.create(
        job=job, from_state=JobState.QUEUED, to_state=JobState.RUNNING, attempt=job.attempts
    )
    return job


def _message_of(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or exc.__class__.__name__


def backoff_seconds(attempt: int) -> float:
    """10 s, 40 s, 160 s… after the first, second, third failure (LANTOA_JOBS_RETRY_SECONDS is the first)."""
    return settings.LANTOA_JOBS_RETRY_SECONDS * 4 ** max(0, attempt - 1)


def _finish(job: Job, *, state: str, note: str = "", **fields) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        state=state, finished_at=now, heartbeat_at=now, **fields
    )
    JobTransition.objects.create(
        job=job, from_state=JobState.RUNNING, to_state=state, attempt=job.attempts, note=note[:2000]
    )


def _fail_or_retry(job: Job, message: str, *, final_message: str) -> None:
    if job.attempts < job.max_attempts:
        delay = backoff_seconds(job.attempts)
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            state=JobState.QUEUED,
            run_after=timezone.now() + timezone.timedelta(seconds=delay),
            progress_note=_("Lần {n} chưa được ({why}); sẽ thử lại sau {s} giây.").format(
                n=job.attempts, why=message[:120], s=int(delay)
            )[:255],
        )
        JobTransition.objects.create(
            job=job, from_state=JobState.RUNNING, to_state=JobState.QUEUED, attempt=job.attempts, note=message
        )
        dispatch(job.pk, countdown=delay)
        return
    _finish(job, state=JobState.FAILED, note=message, error=final_message)


def run_job(job_id: int) -> Job | None:
    """Claim and run one queued job; None when it is not queued and due (already taken, finished, waiting
    for its back-off). Never raises for what the job does."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        spec = kind_of(job.kind)
        result = spec.handler(job, Progress(job))
    except (JobFailed, ValidationError, PermissionDenied) as exc:
        message = _message_of(exc) or _("Tác vụ không thực hiện được.")
        _finish(job, state=JobState.FAILED, note=message, error=message)
    except JobRetry as exc:
        message = _message_of(exc)
        _fail_or_retry(
            job,
            message,
            final_message=_("{why} Đã thử {n} lần; hãy thử lại sau.").format(why=message, n=job.attempts),
        )
    except Exception as exc:
        logger.exception("job %s (%s) failed on attempt %s", job.pk, job.kind, job.attempts)
        _fail_or_retry(
            job,
            f"{exc.__class__.__name__}: {exc}"[:2000],
            final_message=_(
                "Tác vụ gặp lỗi hệ thống và đã dừng sau {n} lần thử. Hãy thử lại; nếu vẫn lỗi, báo quản trị "
                "hệ thống (mã tác vụ {pk})."
            ).format(n=job.attempts, pk=job.pk),
        )
    else:
        _finish(job, state=JobState.SUCCEEDED, result=result or {}, progress=100)
    job.refresh_from_db()
    return job


def due_jobs(*, now=None):
    now = now or timezone.now()
    return Job.objects.filter(state=JobState.QUEUED, run_after__lte=now).order_by("run_after", "pk")


def run_due_jobs(*, limit: int | None = None) -> int:
    """Run queued jobs that are due, one after the other, until none is left (or `limit` ran)."""
    ran = 0
    while limit is None or ran < limit:
        ids = list(due_jobs().values_list("pk", flat=True)[:10])
        if not ids:
            break
        progressed = False
        for pk in ids:
            if run_job(pk) is not None:
                ran += 1
                progressed = True
                if limit is not None and ran >= limit:
                    break
        if not progressed:
            break
    return ran


def recover_stale_jobs() -> int:
    """Running jobs whose worker died (no heartbeat for LANTOA_JOBS_STALE_SECONDS) go back to the queue, or
    fail when they have used their attempts."""
    cutoff = timezone.now() - timezone.timedelta(seconds=settings.LANTOA_JOBS_STALE_SECONDS)
    count = 0
    for job in Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=cutoff):
        note = _("Tiến trình chạy tác vụ đã dừng giữa chừng.")
        if job.attempts < job.max_attempts:
            moved = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, heartbeat_at__lt=cutoff).update(
                state=JobState.QUEUED, run_after=timezone.now()
            )
            to_state = JobState.QUEUED
        else:
            moved = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, heartbeat_at__lt=cutoff).update(
                state=JobState.FAILED,
                finished_at=timezone.now(),
                error=_("Tác vụ bị dừng giữa chừng {n} lần; hãy thử lại.").format(n=job.attempts),
            )
            to_state = JobState.FAILED
        if moved:
            JobTransition.objects.create(
                job=job, from_state=JobState.RUNNING, to_state=to_state, attempt=job.attempts, note=note
            )
            count += 1
            if to_state == JobState.QUEUED:
                dispatch(job.pk)
    return count


def sweep_lost_jobs(*, older_than: float = 60) -> int:
    """Celery mode: tell the broker again about due jobs nobody picked up (the broker was down when they
    were queued). A job told twice still runs once."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than)
    ids = list(due_jobs().filter(run_after__lt=cutoff).values_list("pk", flat=True)[:500])
    for pk in ids:
        dispatch(pk)
    return len(ids)


def schedule_slot(kind: str, *, every: int, now=None) -> str:
    """The idempotency key of a scheduled run: one per period, however many schedulers fire."""
    now = now or timezone.now()
    return f"{kind}@{int(now.timestamp()) // every}"


def run_schedule(*, now=None) -> list[Job]:
    """What the scheduler does each time it wakes: the reminder run of this period."""
    every = settings.LANTOA_REMINDER_EVERY_SECONDS
    return [
        enqueue(
            kind="reminders.run",
            idempotency_key=schedule_slot("reminders.run", every=every, now=now),
        )
    ]
