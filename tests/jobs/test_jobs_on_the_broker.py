"""The scale-out mode: jobs reach a real Celery worker through Redis, and retries go back through it.

Needs Redis at 127.0.0.1:6379 (`.ci/run` starts it); without it these tests skip, except under CI=true.
"""

import os
import time

import pytest
from django.contrib.auth import get_user_model

from lantoa.jobs.models import Job, JobState

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

BROKER = os.environ.get("LANTOA_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


def _require_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as exc:
        message = f"Redis is not running at {BROKER} ({exc}); .ci/run starts it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def celery_worker(settings):
    _require_redis()
    from celery.contrib.testing.worker import start_worker

    from lantoa.jobs.celery_app import app

    settings.LANTOA_JOBS_MODE = "celery"
    settings.LANTOA_BROKER_URL = BROKER
    settings.LANTOA_JOBS_RETRY_SECONDS = 1
    app.conf.broker_url = BROKER
    import redis

    redis.Redis.from_url(BROKER).flushdb()  # nothing left over from an earlier run
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"):
        yield app


def _wait_for(job: Job, *, states=(JobState.SUCCEEDED, JobState.FAILED), timeout: float = 30) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in states:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job.pk} still {job.state} after {timeout} s: {list(job.transitions.all())}")


@pytest.fixture
def person():
    return get_user_model().objects.create_user(username="chuyenvien-broker", password="x-unused-x")


def test_a_job_reaches_the_celery_worker_through_redis(celery_worker, person):
    from lantoa.jobs.services import enqueue

    job = enqueue(kind="tests.scripted", params={"echo": "qua Redis"}, actor=person)
    job = _wait_for(job)
    assert job.state == JobState.SUCCEEDED
    assert job.result == {"echo": "qua Redis", "attempt": 1}


def test_a_retry_goes_back_through_the_broker_after_its_back_off(celery_worker, person):
    from lantoa.jobs.services import enqueue

    started = time.monotonic()
    job = enqueue(kind="tests.scripted", params={"plan": "retry: 1"}, actor=person)
    job = _wait_for(job, timeout=40)
    assert job.state == JobState.SUCCEEDED
    assert job.attempts == 2
    assert time.monotonic() - started >= 1  # waited for its back-off (1 s here)


def test_the_same_job_delivered_twice_runs_once(celery_worker, person):
    from lantoa.jobs.celery_app import run_job_task
    from lantoa.jobs.services import enqueue

    job = enqueue(kind="tests.scripted", actor=person)
    run_job_task.delay(job.pk)  # a duplicate message, as after a redelivery
    job = _wait_for(job)
    time.sleep(0.5)
    job.refresh_from_db()
    assert job.attempts == 1
    assert [t.to_state for t in job.transitions.all()] == ["queued", "running", "succeeded"]
