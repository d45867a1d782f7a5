"""`lantoa rebuild-figures [--directive PK] [--check]`: recompute the kept figures of the dashboards.

The ledger's services keep them as activities change; a bulk load that writes activities past the services
(a migration of old data, the benchmarks) rebuilds them after. `--check` recomputes nothing: it adds up
every signed directive's figures live from the activities, prints where the kept ones differ and exits 1.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from lantoa.activities import figures
from lantoa.activities.models import LedgerDayFigure, LedgerTypeFigure
from lantoa.directives.models import IN_FORCE_STATES, Directive


class Command(BaseCommand):
    help = "Tính lại số liệu lưu sẵn của bảng điều khiển từ sổ theo dõi (hoặc --check: chỉ so sánh)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--directive", type=int, help="chỉ văn bản có mã (pk) này")
        parser.add_argument(
            "--check", action="store_true", help="so sánh với số liệu tính trực tiếp, không sửa"
        )

    def handle(self, *args, directive=None, check=False, **options) -> None:
        directives = Directive.objects.order_by("pk")
        if directive is not None:
            directives = directives.filter(pk=directive)
            if not directives.exists():
                raise CommandError(f"Không có văn bản mã {directive}.")
        if not check:
            figures.rebuild(directive=directives.get() if directive is not None else None)
            self.stdout.write(
                f"Rebuilt the kept figures of {directives.filter(state__in=IN_FORCE_STATES).count()} signed directive(s)."
            )
            return
        found = []
        for one in directives.filter(state__in=IN_FORCE_STATES):
            found += figures.differences(one)
        # Rows of a directive that is not signed (any more) must not be kept at all.
        unsigned = directives.exclude(state__in=IN_FORCE_STATES).values("pk")
        for model in (LedgerTypeFigure, LedgerDayFigure):
            for directive_id in (
                model.objects.filter(directive__in=unsigned).values_list("directive_id", flat=True).distinct()
            ):
                found.append(f"directive {directive_id} is not signed but has kept {model.__name__} rows")
        for difference in found:
            self.stdout.write(str(difference))
        if found:
            self.stdout.write(f"{len(found)} difference(s): run `lantoa rebuild-figures` to recompute.")
            sys.exit(1)
        self.stdout.write("The kept figures agree with the ledger.")
