"""The one door to the evidence checks: `schedule_checks` runs them after the transaction that saved the
evidence commits, outside the request. Routed through a daemon thread for now; one call site to move onto
the background jobs (lantoa.jobs) when they land.

LANTOA_EVIDENCE_CHECKS = "thread" (default) | "inline" (tests: the checks run at commit, synchronously).
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


def schedule_checks(*, evidence_ids=(), activity_ids=()) -> None:
    evidence_ids, activity_ids = sorted(set(evidence_ids)), sorted(set(activity_ids))
    if not evidence_ids and not activity_ids:
        return

    def start() -> None:
        if getattr(settings, "LANTOA_EVIDENCE_CHECKS", "thread") == "inline":
            _run(evidence_ids, activity_ids)
        else:
            threading.Thread(
                target=_in_thread, args=(evidence_ids, activity_ids), daemon=True, name="evidence-checks"
            ).start()

    transaction.on_commit(start)
