"""The kinds of job Lantoa knows: each app declares its own in its `jobs` module with `@job_kind`.

A handler is called as `handler(job, progress)` and returns a JSON-able dict kept as the job's result
(`"url"` in it is where the person who started the job goes when it is done, `"message"` what they are told).
It refuses with `JobFailed` (or a Django `ValidationError`/`PermissionDenied`, whose messages are already
written for people) when trying again cannot help, and raises `JobRetry` when it can (a mail server down);
any other exception is retried too, and ends as a generic Vietnamese message, never a traceback.
"""

from collections.abc import Callable
from dataclasses import dataclass


class JobFailed(Exception):
    """The job cannot succeed as asked: the message (Vietnamese) says why and what to do."""


class JobRetry(Exception):
    """Something outside Lantoa failed for now: try again later, with back-off."""


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str
    handler: Callable
    max_attempts: int


_KINDS: dict[str, JobKind] = {}


def job_kind(name: str, *, label, max_attempts: int = 3):
    def register(handler: Callable) -> Callable:
        _KINDS[name] = JobKind(name=name, label=label, handler=handler, max_attempts=max_attempts)
        return handler

    return register


def kind_of(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"unknown job kind {name!r}; known: {sorted(_KINDS)}") from None


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)
