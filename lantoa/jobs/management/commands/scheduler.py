"""`lantoa scheduler`: the periodic schedule (the reminder run, the sweep of lost jobs) as Celery beat."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Chạy lịch định kỳ (nhắc việc) trên Celery beat; chỉ một tiến trình như vậy cho cả hệ thống."

    def handle(self, *args, **options):
        if settings.LANTOA_JOBS_MODE != "celery":
            raise CommandError(
                "Chưa đặt LANTOA_BROKER_URL: không có broker thì `lantoa worker` tự chạy lịch nhắc việc."
            )
        from lantoa.jobs.celery_app import app

        app.start(["beat", "--loglevel=INFO", f"--schedule={settings.DATA_DIR / 'celerybeat-schedule'}"])
