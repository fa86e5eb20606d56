import secrets

from django.conf import settings
from django.core.management.base import BaseCommand

from sxsh.core.services import demo_users_ensure


class Command(BaseCommand):
    help = "Create one demo user per role (password kept in the data folder) and print them."

    def handle(self, *args, **options):
        path = settings.DATA_DIR / "demo-password"
        if not path.exists():
            settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(9), encoding="utf-8")
            path.chmod(0o600)
        password = path.read_text(encoding="utf-8").strip()
        users = demo_users_ensure(password=password)
        self.stdout.write("Demo logins (DEMO DATA — not for production):")
        for user in users:
            self.stdout.write(f"  {user.username:<12} {password}   {user.get_role_display()}")
