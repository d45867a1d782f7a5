"""`lantoa parse FILE [--json]`: a thin wrapper around the directive reader's CLI."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from lantoa.documents.cli import main


class Command(BaseCommand):
    help = (
        "Đọc văn bản chỉ đạo (PDF, DOCX, TXT, ảnh) và in cấu trúc (read a directive); --json for the contract"
    )

    def run_from_argv(self, argv: list[str]) -> None:
        # argv is ["lantoa", "parse", ...]; the reader's CLI owns its own arguments and exit codes.
        sys.exit(main(argv[2:]))

    def handle(self, *args: str, **options: object) -> None:  # pragma: no cover - call_command path
        code = main([str(a) for a in args])
        if code:
            raise SystemExit(code)
