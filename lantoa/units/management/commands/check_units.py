import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lantoa.units.check import OfficialListError, compare, read_official_list, reference_rows, tree_rows


class Command(BaseCommand):
    help = (
        "Compare the tree's provinces and communes with an official list (--file OFFICIAL.xlsx|csv, in the "
        "Statistics Office's layout) or, without --file, with the data package plus its corrections and the "
        "shipped changes. Prints every difference by kind; exits 1 when anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help="the official list, .xlsx or .csv")
        parser.add_argument("--province", help='only this province, e.g. "Thanh Hóa" or "38"')
        parser.add_argument(
            "--on", help="the day the tree is taken on (dd/mm/yyyy or yyyy-mm-dd); default today"
        )

    def handle(self, *args, file=None, province=None, on=None, **options):
        day = _day(on) if on else timezone.localdate()
        if file is not None:
            file = Path(file)
            if not file.exists():
                raise CommandError(f"Không tìm thấy tệp {file} (file not found)")
            try:
                theirs = read_official_list(file)
            except OfficialListError as exc:
                raise CommandError("Không đọc được danh mục.\n" + "\n".join(exc.errors)) from exc
            source = file.name
        else:
            theirs = reference_rows(day)
            source = "dữ liệu gói vietnamadminunits + đính chính + thay đổi kèm theo"
        result = compare(tree_rows(day), theirs, province=province)
        self.stdout.write(
            f"So cây đơn vị ngày {day:%d/%m/%Y} với {source}: {result.compared} đơn vị trong danh mục."
        )
        for line in result.lines():
            self.stdout.write(line)
        failing = result.failing
        if failing:
            hint = "" if file else " Nếu là thay đổi hành chính đã công bố: lantoa apply-changes."
            self.stderr.write(f"{len(failing)} khác biệt.{hint}")
            raise SystemExit(1)
        self.stdout.write("Không có khác biệt nào (ngoài những khác biệt đã biết).")


def _day(value: str) -> datetime.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise CommandError(f"Ngày “{value}” không đúng dạng dd/mm/yyyy.")
