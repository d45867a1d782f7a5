from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lantoa.units.changes import ChangeFileError, apply_changes, read_changes


class Command(BaseCommand):
    help = (
        "Apply administrative changes (rename, retype, recode, move, merge, split) with their legal basis and "
        "effective date from FILE (.toml), or the changes shipped with Lantoa when no FILE is given; then move "
        "sub-units and people for every change now in force. Safe to run again; run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", type=Path, help="change files (.toml); default: the shipped ones"
        )

    def handle(self, *args, files=(), **options):
        try:
            specs = None
            if files:
                specs = []
                for path in files:
                    if not path.exists():
                        raise CommandError(f"Không tìm thấy tệp {path} (file not found)")
                    specs += read_changes(path)
            report = apply_changes(actor=None, specs=specs)
        except ChangeFileError as exc:
            raise CommandError("Không áp dụng được; chưa có gì được lưu.\n" + "\n".join(exc.errors)) from exc
        lines = report.lines()
        for line in lines or ["Không có thay đổi nào mới."]:
            self.stdout.write(line)
