"""The one door to the evidence checks: `schedule_checks` runs them after the transaction that saved the
evidence commits, outside the request, as an `evidence.check` background job (lantoa.jobs: a worker or the
web process's job thread, retried with back-off).

LANTOA_EVIDENCE_CHECKS = "job" (default) | "thread" (a daemon thread of this process) | "inline" (tests: the
checks run at commit, synchronously).
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, transaction

logger = logging.getLogger(__name__)


def _run(evidence_ids: list[int], activity_ids: list[int]) -> None:
    from lantoa.evidence.services import run_checks

    try:
        run_checks(evidence_ids=evidence_ids, activity_ids=activity_ids)
    except Exception:
        # A check that fails leaves no flag: it must never break the unit's work. It is logged for the admin.
        logger.exception("evidence checks failed for evidence %s, activities %s", evidence_ids, activity_ids)


def _in_thread(evidence_ids: list[int], activity_ids: list[int]) -> None:
    close_old_connections()
    try:
        _run(evidence_ids, activity_ids)
    finally:
        close_old_connections()


_pending = threading.local()


def _start() -> None:
    evidence_ids = sorted(getattr(_pending, "evidence", set()))
    activity_ids = sorted(getattr(_pending, "activities", set()))
    _pending.evidence, _pending.activities, _pending.registered = set(), set(), False
    if not evidence_ids and not activity_ids:
        return
    mode = getattr(settings, "LANTOA_EVIDENCE_CHECKS", "job")
    if mode == "inline":
        _run(evidence_ids, activity_ids)
    elif mode == "job":
        from lantoa.jobs.services import enqueue

        enqueue(kind="evidence.check", params={"evidence": evidence_ids, "activities": activity_ids})
    else:
        threading.Thread(
            target=_in_thread, args=(evidence_ids, activity_ids), daemon=True, name="evidence-checks"
        ).start()


def schedule_checks(*, evidence_ids=(), activity_ids=()) -> None:
    """Check this evidence and these activities once the current transaction commits. Everything one
    transaction schedules (an activity, its photos, its links) is checked in one run: a link is fetched
    once, however many rows of its activity were saved."""
    if not evidence_ids and not activity_ids:
        return
    connection = transaction.get_connection()
    # A rolled-back transaction drops its callbacks: what it had gathered is forgotten with it.
    waiting = getattr(_pending, "registered", False) and any(
        entry[1] is _start for entry in getattr(connection, "run_on_commit", [])
    )
    if not waiting:
        _pending.evidence, _pending.activities, _pending.registered = set(), set(), True
    _pending.evidence.update(evidence_ids)
    _pending.activities.update(activity_ids)
    if not waiting:
        transaction.on_commit(_start)
