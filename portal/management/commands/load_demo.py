from django.core.management.base import BaseCommand

from portal.demo import load_demo


class Command(BaseCommand):
    help = "Load demo content and one account per role (idempotent; passwords print once)."

    def handle(self, *args, **options):
        created = load_demo()
        if not created:
            self.stdout.write("Demo content is in place; no new accounts.")
            return
        self.stdout.write(
            self.style.SUCCESS("Demo accounts created. Note these passwords: they are shown only once.")
        )
        for account in created:
            self.stdout.write(f"  {account.role:<28} {account.email:<30} {account.password}")
