from django.core.management.base import BaseCommand

from localization.services import translator_page_permissions_sync


class Command(BaseCommand):
    help = "Grant each translators group page permissions on its own language's tree."

    def handle(self, *args, **options):
        created = translator_page_permissions_sync()
        self.stdout.write(f"{created} page permissions granted.")
