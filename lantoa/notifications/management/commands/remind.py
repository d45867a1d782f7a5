"""`lantoa remind`: chase the reports that are still owed. Safe to run as often as you like."""

import datetime
import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from lantoa.notifications.services import run_reminders


class Command(BaseCommand):
    help = (
        "Nhắc các đơn vị chưa nộp báo cáo (trước hạn, đến hạn, quá hạn) bằng thư điện tử và thông báo "
        "trong Lantoa; chạy lại không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ in ai sẽ được nhắc và vì sao; không ghi gì."
        )
        parser.add_argument("--today", help="Coi hôm nay là ngày này (YYYY-MM-DD): để thử hoặc chạy bù.")
        parser.add_argument(
            "--loop", action="store_true", help="Chạy mãi, mỗi --every giây (cho dịch vụ systemd)."
        )
        parser.add_argument(
            "--every", type=int, default=300, help="Số giây giữa hai lần chạy với --loop (mặc định 300)."
        )

    def handle(self, *args, dry_run=False, today=None, loop=False, every=300, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(
                    f"--today phải có dạng YYYY-MM-DD, ví dụ 2023-10-15 (nhận được {today!r})."
                ) from exc
        if every < 1:
            raise CommandError("--every phải là số giây lớn hơn 0, ví dụ --every 300.")
        if not loop:
            self._run(day, dry_run)
            return
        if day is not None:
            raise CommandError(
                "--loop chạy theo ngày thực; bỏ --today, hoặc chạy bù từng ngày không kèm --loop."
            )
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            while not stop.is_set():
                try:
                    self._run(None, dry_run)
                except Exception as exc:  # a broken run must not end the service; the next one retries
                    self.stderr.write(f"Lần chạy lỗi: {exc!r}")
                stop.wait(every)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Đã dừng.")

    def _run(self, day, dry_run: bool) -> None:
        result = run_reminders(today=day, dry_run=dry_run)
        when = result.today.strftime("%d/%m/%Y")
        if dry_run:
            for line in result.lines:
                self.stdout.write(line)
            self.stdout.write(f"[thử] {when}: {result.reminders} lần nhắc sẽ được tạo; không ghi gì.")
            return
        self.stdout.write(
            f"{when}: {result.reminders} lần nhắc, {result.messages} thông báo cho đơn vị, "
            f"{result.summaries} bản tổng hợp cho chuyên viên; {result.emails_sent} thư đã gửi "
            f"(trong đó {result.digests} thư tổng hợp hằng ngày), "
            f"{result.emails_failed} thư chưa gửi được (sẽ gửi lại lần sau)."
        )
