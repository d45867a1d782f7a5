"""Who sees which job: the person who started it (and the site's superusers). Everybody else gets the same
404 as for a job that does not exist."""

from django.db.models import QuerySet
from django.http import Http404

from lantoa.jobs.models import Job


def jobs_visible_to(user) -> QuerySet[Job]:
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    if user.is_superuser:
        return Job.objects.all()
    return Job.objects.filter(created_by=user)


def get_job_for_user_or_404(user, pk: int) -> Job:
    job = jobs_visible_to(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
