"""The embedded mode: jobs run in a thread of the web process, fed from the Job table (no broker).

Each web process (gunicorn worker, runserver) has at most one such thread; it sleeps until `wake()` or a
poll interval passes, then runs every due job. Several processes may poll the same table: the claim in
`services.run_job` lets only one of them run a given job. `lantoa worker` runs the same loop in the
foreground, with the schedule, for a machine that wants jobs out of the web processes altogether.
"""

import logging
import os
import threading

from django.conf import settings
from django.db import OperationalError, close_old_connections

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_wake = threading.Event()
_thread: threading.Thread | None = None
_pid: int | None = None


def _loop() -> None:
    from lantoa.jobs.services import recover_stale_jobs, run_due_jobs

    while settings.LANTOA_JOBS_MODE == "embedded":
        ran = 0
        try:
            close_old_connections()
            recover_stale_jobs()
            ran = run_due_jobs(limit=20)
        except OperationalError as exc:
            if "locked" not in str(exc):
                logger.exception("embedded job loop")
            else:  # SQLite busy with a long write of the web process: the jobs stay queued for the next round
                logger.warning("embedded job loop: %s; due jobs wait for the next poll", exc)
        except Exception:  # the loop must outlive a broken job or a database hiccup
            logger.exception("embedded job loop")
        finally:
            close_old_connections()
        if not ran:
            _wake.wait(timeout=settings.LANTOA_JOBS_POLL_SECONDS)
            _wake.clear()


def running() -> bool:
    return _thread is not None and _thread.is_alive() and _pid == os.getpid()


def ensure_started() -> None:
    """Start this process's job thread once (again after a fork: threads do not survive one)."""
    global _thread, _pid
    if settings.LANTOA_JOBS_MODE != "embedded":
        return
    with _lock:
        if running():
            return
        _pid = os.getpid()
        _thread = threading.Thread(target=_loop, name="lantoa-jobs", daemon=True)
        _thread.start()


def wake() -> None:
    ensure_started()
    _wake.set()
