"""One machine, no broker: a thread of the web process runs jobs from the Job table, outside the request."""

import time

import pytest
from django.contrib.auth import get_user_model

from lantoa.jobs import embedded
from lantoa.jobs.models import Job, JobState
from lantoa.jobs.services import enqueue

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_job_queued_in_embedded_mode_is_run_by_the_web_processs_thread(settings):
    person = get_user_model().objects.create_user(username="mot-may", password="x-unused-x")
    settings.LANTOA_JOBS_MODE = "embedded"
    settings.LANTOA_JOBS_POLL_SECONDS = 1
    try:
        job = enqueue(kind="tests.scripted", params={"echo": "không cần broker"}, actor=person)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.state == JobState.SUCCEEDED:
                break
            time.sleep(0.1)
        assert job.state == JobState.SUCCEEDED
        assert job.result["echo"] == "không cần broker"
        assert embedded.running()
    finally:
        # The thread ends itself once the mode is no longer embedded.
        settings.LANTOA_JOBS_MODE = "eager"
        embedded.wake()
        embedded._thread.join(timeout=10)
    assert not embedded.running()


def test_lantoa_worker_once_runs_what_is_queued(settings, capsys):
    from django.core.management import call_command

    person = get_user_model().objects.create_user(username="hang-doi", password="x-unused-x")
    settings.LANTOA_JOBS_MODE = "embedded"
    try:
        # Queued while nobody runs jobs: as if the web processes were stopped.
        job = Job.objects.create(kind="tests.scripted", created_by=person)
        settings.LANTOA_JOBS_MODE = "eager"
        call_command("worker", "--once")
    finally:
        settings.LANTOA_JOBS_MODE = "eager"
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert "Đã chạy 1 tác vụ." in capsys.readouterr().out
