"""The `lantoa` command: Django's manage.py under our name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "lantoa"
    if len(argv) > 1 and argv[1] == "parse":
        # The reader needs no database or settings: skip Django's start-up (about a second per call), so
        # scripts that read one file at a time stay fast.
        from lantoa.documents.cli import main as read

        sys.exit(read(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    from django.core.management import execute_from_command_line

    # Our own commands use dashes on the command line (`lantoa import-units`); Django's module names cannot.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
