"""``python src/manage.py evaluate_matching``: measure the matching against four baselines."""

from django.core.management.base import BaseCommand, CommandError

from samen.regions.models import Region

from ... import quality

METHOD_LABELS = {
    "samen": "Samen (ranglijst)",
    "samen_round": "Samen (koppelronde)",
    "random": "willekeurig",
    "popularity": "populariteit",
    "rules": "alleen regels",
    "talent_overlap": "alleen talentoverlap",
}


class Command(BaseCommand):
    help = (
        "Measure ranking quality (precision@k, recall@k, NDCG@k, MRR), coverage, congestion and "
        "exposure parity of the matching next to four baselines, on a generated benchmark "
        "population or on a region's placements history. The result is stored (admin page)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", choices=["benchmark", "history"], default="benchmark")
        parser.add_argument("--region", help="Region name, for --source history.")
        parser.add_argument("--residents", type=int, default=3000)
        parser.add_argument("--opportunities", type=int, default=1200)
        parser.add_argument("--k", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2019)

    def handle(self, *args, **options):
        if options["k"] < 1:
            raise CommandError("k must be at least 1.")
        if options["source"] == "history":
            try:
                region = Region.objects.get(name=options["region"])
            except Region.DoesNotExist as error:
                raise CommandError("Give an existing region with --region.") from error
            run = quality.run_history(region, k=options["k"])
        else:
            if options["residents"] < 10 or options["opportunities"] < 10:
                raise CommandError("Use at least 10 residents and 10 opportunities.")
            run = quality.run_benchmark(
                residents=options["residents"],
                opportunities=options["opportunities"],
                k=options["k"],
                seed=options["seed"],
            )
        self.stdout.write(
            f"{run.get_source_display()}: {run.resident_count} residents, "
            f"{run.opportunity_count} opportunities, k={run.k}, {run.duration_seconds} s"
        )
        headers, rows = quality.table(run)
        if not rows:
            self.stdout.write("Too little data to measure.")
            return
        widths = [max(len(str(h)), 6) + 2 for h in headers]
        self.stdout.write(
            f"{'methode':22}"
            + "".join(f"{str(h):>{w}}" for h, w in zip(headers, widths, strict=True))
        )
        for method, values in rows:
            cells = "".join(
                f"{'–' if v is None else f'{v:.3f}':>{w}}"
                for v, w in zip(values, widths, strict=True)
            )
            self.stdout.write(f"{METHOD_LABELS.get(method, method):22}{cells}")
