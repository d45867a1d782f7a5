"""`lantoa create-token USERNAME [--name N]`: a personal API token, printed once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lantoa.api.tokens import TokenError, create_token


class Command(BaseCommand):
    help = "Tạo khóa truy cập API cho một tài khoản; khóa chỉ được in ra một lần."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Dòng lệnh", help="Tên khóa, để nhận ra sau này.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản đang hoạt động tên “{username}”.")
        try:
            _token, token = create_token(user=user, name=name)
        except TokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(token)
