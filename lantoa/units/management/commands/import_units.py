import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lantoa.units.services import UnitImportError, import_divisions, import_units_file


class Command(BaseCommand):
    help = (
        "Import units: the official administrative divisions (--era 2025 | legacy [--province NAME]) "
        "or agencies from a spreadsheet (--file units.xlsx|units.csv). Re-running changes nothing."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--era", choices=["2025", "legacy"], help="2025: 34 provinces, 3,321 communes; legacy: pre-2025"
        )
        source.add_argument(
            "--file", type=Path, help="a .xlsx or .csv of agencies (see docs/units-import.md)"
        )
        parser.add_argument("--province", help='only this province, e.g. "Thanh Hóa"')

    def handle(self, *args, era=None, file=None, province=None, **options):
        started = time.perf_counter()
        try:
            if file is not None:
                if province:
                    raise CommandError("--province goes with --era, not --file")
                if not file.exists():
                    raise CommandError(f"Không tìm thấy tệp {file} (file not found)")
                result = import_units_file(path=file)
            else:
                result = import_divisions(era=era, province=province)
        except UnitImportError as exc:
            raise CommandError("Không nhập được tệp; chưa có gì được lưu.\n" + "\n".join(exc.errors)) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{result.summary()} ({time.perf_counter() - started:.1f} s)")
