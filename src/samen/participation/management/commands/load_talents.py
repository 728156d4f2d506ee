from django.core.management.base import BaseCommand

from samen.participation.models import Talent
from samen.participation.talents import DATA_FILE, load_talents


class Command(BaseCommand):
    help = "Load or update the talent vocabulary from participation/data/talents.csv (idempotent)."

    def handle(self, *args, **options):
        created, updated = load_talents(Talent)
        self.stdout.write(f"{DATA_FILE.name}: {created} created, {updated} updated.")
