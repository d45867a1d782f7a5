"""`lantoa worker`: run background jobs outside the web processes.

With LANTOA_BROKER_URL it starts the Celery worker (and its beat, the schedule, unless --no-beat: then run
`lantoa scheduler` once somewhere). Without a broker it runs the Job table's queue in the foreground and the
schedule with it, for one machine that wants the web processes to serve pages only.
"""

import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Chạy các tác vụ nền (đọc văn bản, nhận dạng chữ, tạo báo cáo tổng hợp, gửi thư, nhắc việc)."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=2, help="Số tác vụ chạy cùng lúc (Celery).")
        parser.add_argument(
            "--no-beat",
            action="store_true",
            help="Không chạy lịch nhắc việc ở đây (đã có `lantoa scheduler`).",
        )
        parser.add_argument(
            "--once", action="store_true", help="Không có broker: chạy hết các tác vụ đang chờ rồi dừng."
        )

    def handle(self, *args, concurrency=2, no_beat=False, once=False, **options):
        if concurrency < 1:
            raise CommandError("--concurrency phải từ 1 trở lên.")
        if settings.LANTOA_JOBS_MODE == "celery":
            self._celery(concurrency, beat=not no_beat)
        else:
            self._table(beat=not no_beat, once=once)

    def _celery(self, concurrency: int, *, beat: bool) -> None:
        from lantoa.jobs.celery_app import app

        argv = ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", "--without-gossip"]
        if beat:
            argv += ["--beat", f"--schedule={settings.DATA_DIR / 'celerybeat-schedule'}"]
        app.worker_main(argv)

    def _table(self, *, beat: bool, once: bool) -> None:
        from django.db import close_old_connections

        from lantoa.jobs.services import recover_stale_jobs, run_due_jobs, run_schedule

        if once:
            ran = run_due_jobs()
            self.stdout.write(f"Đã chạy {ran} tác vụ.")
            return
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write("Đang chạy tác vụ nền từ cơ sở dữ liệu (không có broker); Ctrl+C để dừng.")
        next_schedule = 0.0
        try:
            while not stop.is_set():
                ran = 0
                try:
                    close_old_connections()
                    if beat and time.monotonic() >= next_schedule:
                        run_schedule()
                        next_schedule = time.monotonic() + settings.LANTOA_REMINDER_EVERY_SECONDS
                    recover_stale_jobs()
                    ran = run_due_jobs(limit=20)
                except Exception as exc:  # a broken round must not end the service; the next one retries
                    self.stderr.write(f"Lỗi khi chạy tác vụ: {exc!r}")
                finally:
                    close_old_connections()
                if not ran:
                    stop.wait(settings.LANTOA_JOBS_POLL_SECONDS)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Đã dừng.")
