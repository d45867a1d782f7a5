import datetime

from django.core.management.base import BaseCommand

from lantoa.core.uploads import cleanup_uploads


class Command(BaseCommand):
    help = (
        "Remove files under MEDIA_ROOT that no row refers to (uploads cut short by a crash) and stale upload "
        "spools, older than a grace period. --dry-run lists them only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be removed, remove nothing"
        )
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=24,
            help="leave files younger than this alone, so uploads in flight are never touched (default 24)",
        )

    def handle(self, *args, dry_run=False, grace_hours=24.0, **options):
        result = cleanup_uploads(grace=datetime.timedelta(hours=grace_hours), dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        for name in result.removed:
            self.stdout.write(f"  {name}")
        self.stdout.write(
            f"{verb} {len(result.removed)} orphan file(s), {result.removed_bytes / 1024 / 1024:.1f} MB; "
            f"kept {result.referenced} referenced and {result.kept_young} younger than {grace_hours:g} h."
        )
