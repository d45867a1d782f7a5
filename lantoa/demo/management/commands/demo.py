from django.core.management import call_command
from django.core.management.base import BaseCommand

from lantoa.demo.services import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Migrate, load the demo (Thanh Hóa, 2023 and 2025) and serve it on 127.0.0.1:8000 unless --no-serve."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load the demo data and exit")
        parser.add_argument(
            "--addr", default="127.0.0.1:8000", help="where to serve (default 127.0.0.1:8000)"
        )

    def handle(self, *args, no_serve=False, addr="127.0.0.1:8000", **options):
        call_command("migrate", interactive=False, verbosity=0)
        demo = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {demo.summary}"))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in demo.logins:
            self.stdout.write(f"  {login.username:<18} {login.persona}")
        self.stdout.write("")
        if no_serve:
            return
        self.stdout.write(f"Serving on http://{addr}/  (Ctrl+C to stop)")
        call_command("runserver", addr, use_reloader=False, skip_checks=True)
