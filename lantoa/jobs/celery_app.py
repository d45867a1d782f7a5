"""Scale-out: the Celery application on the broker in LANTOA_BROKER_URL (Redis).

Celery carries only the job's id; the Job table stays the truth (state, progress, attempts, result), so the
pages and the API read the same rows whichever mode runs the work. `lantoa worker` starts this app's worker
(with its beat unless told otherwise); `lantoa scheduler` starts the beat alone.
"""

import os

from celery import Celery
from celery.schedules import schedule

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")

app = Celery("lantoa")


def _configure() -> None:
    from django.conf import settings

    app.conf.update(
        broker_url=settings.LANTOA_BROKER_URL or "redis://127.0.0.1:6379/0",
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": 3600},
        task_ignore_result=True,
        # A worker that dies mid-job gives its message back; the claim makes the redelivery harmless.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        timezone=settings.TIME_ZONE,
        beat_schedule={
            "lantoa-schedule": {
                "task": "lantoa.jobs.schedule",
                "schedule": schedule(settings.LANTOA_REMINDER_EVERY_SECONDS),
            },
            "lantoa-sweep": {"task": "lantoa.jobs.sweep", "schedule": schedule(60)},
        },
    )


def _django() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


@app.task(name="lantoa.jobs.run", bind=True)
def run_job_task(self, job_id: int) -> None:
    _django()
    from lantoa.jobs.services import run_job

    run_job(job_id)


@app.task(name="lantoa.jobs.schedule")
def schedule_task() -> None:
    _django()
    from lantoa.jobs.services import run_schedule

    run_schedule()


@app.task(name="lantoa.jobs.sweep")
def sweep_task() -> None:
    _django()
    from lantoa.jobs.services import recover_stale_jobs, sweep_lost_jobs

    recover_stale_jobs()
    sweep_lost_jobs()


_configure()
