from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samen.accounts.demo import DEMO_PASSWORD

#: Each module that has demo data offers ``load(context: dict)``; they run in this order and share
#: ``context`` (``regions``: name -> Region, ``logins``: rows for the printed overview, ...).
DEMO_MODULES = [
    "samen.regions.demo",
    "samen.accounts.demo",
    "samen.network.demo",
    "samen.actionlines.demo",
    "samen.grants.demo",
    "samen.participation.demo",
    "samen.matching.demo",
    "samen.migration.demo",
    "samen.reporting.demo",
]


def demo_modules():
    for name in DEMO_MODULES:
        try:
            yield import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise  # a broken import inside the module, not a module without demo data


class Command(BaseCommand):
    help = "Load the demo region from the seed documents and one demo user per role (idempotent)."

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                "Demo data is off here (ALLOW_DEMO_DATA): it creates users with a known password."
            )
        context = {}
        with transaction.atomic():
            for module in demo_modules():
                module.load(context)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        logins = context["logins"]
        email_width = max(len(email) for email, _, _ in logins)
        role_width = max(len(role) for _, role, _ in logins)
        for email, role, scope in logins:
            self.stdout.write(f"  {email:{email_width}}  {role:{role_width}}  {scope}")
