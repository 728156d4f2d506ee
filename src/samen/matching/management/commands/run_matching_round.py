"""``python src/manage.py run_matching_round GM0988 --user e-mail``: an assignment round outside a
web request (e.g. a large region overnight); the round's page follows its progress."""

from django.core.management.base import BaseCommand, CommandError

from samen.accounts.models import User
from samen.regions.models import Municipality, Region

from ... import services


class Command(BaseCommand):
    help = "Run an assignment round for a municipality (CBS code) or a region (name)."

    def add_arguments(self, parser):
        parser.add_argument("area", help="CBS code of a municipality, or the name of a region.")
        parser.add_argument("--user", required=True, help="E-mail of the case worker it runs for.")

    def handle(self, *args, area, user, **options):
        try:
            actor = User.objects.get(email=user)
        except User.DoesNotExist as error:
            raise CommandError("Unknown user.") from error
        municipality = Municipality.objects.filter(cbs_code=area).select_related("region").first()
        region = municipality.region if municipality else Region.objects.filter(name=area).first()
        if region is None:
            raise CommandError("Unknown municipality or region.")
        run = services.start_round(region=region, municipality=municipality, actor=actor)
        run = services.execute_round(run)
        self.stdout.write(
            f"{run}: {run.resident_count} residents, {run.place_count} places, "
            f"{run.proposal_count} proposals ({run.stage})."
        )
