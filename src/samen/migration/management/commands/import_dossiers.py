"""python src/manage.py import_dossiers PATH --municipality GM1509 [--dry-run] [--report report.csv]

Reads an export (folder, ZIP, XLSX or CSV; see docs/migration.md) into the dossiers of one
municipality. With --dry-run nothing is written to the dossiers. Without it, rows are imported in
batches; after a crash or Ctrl-C the same command continues where it stopped. Prints a summary per
sheet (rows read = created + updated + unchanged + rejected) and can write the per-row report and
a ZIP of the rejected rows to correct and import again.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from samen.accounts.models import User
from samen.regions.models import Municipality

from ... import reports, services
from ...importer import execute, file_hash
from ...models import MAX_WORKERS, ImportRun


class ProgressBar:
    """The command's view of ``importer.execute``'s progress (tqdm on stderr)."""

    def __init__(self, enabled: bool):
        # No monitor thread: the import forks worker processes, and forking a process that runs
        # other threads can leave a lock held in the child.
        tqdm.monitor_interval = 0
        self.enabled = enabled
        self.bar = tqdm(desc="Lezen en controleren", unit=" rijen", disable=not enabled)

    def scanned(self, count):
        self.bar.update(count)

    def begin(self, total, done):
        self.bar.close()
        self.bar = tqdm(
            desc="Verwerken", total=total, initial=done, unit=" rijen", disable=not self.enabled
        )

    def advance(self, count):
        self.bar.update(count)

    def close(self):
        self.bar.close()


class Command(BaseCommand):
    help = "Importeer cliëntgegevens uit een export (map, ZIP, XLSX of CSV) in de dossiers van een gemeente."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="De export: een map of ZIP met CSV-bestanden, een XLSX- of CSV-bestand."
        )
        parser.add_argument(
            "--municipality", required=True, help="CBS-code van de gemeente, bijv. GM1509."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen controleren: niets in de dossiers schrijven.",
        )
        parser.add_argument("--report", help="Schrijf het rapport per rij naar dit CSV-bestand.")
        parser.add_argument(
            "--rejected",
            help="Schrijf de afgewezen rijen als ZIP (te corrigeren en opnieuw in te lezen).",
        )
        parser.add_argument(
            "--mapping", help="Mappingbestand dat bladen, kolommen en codes hernoemt."
        )
        parser.add_argument(
            "--source", default="", help="Herkomst van de gegevens, bijv. 'Laborijn'."
        )
        parser.add_argument(
            "--user",
            help="E-mailadres van de functioneel beheerder die importeert (voor het logboek).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=services.DEFAULT_BATCH_SIZE,
            help="Rijen per transactie.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.MIGRATION_WORKERS,
            help=(
                "Processen die de rijen van een blad naast elkaar verwerken (PostgreSQL; "
                f"standaard MIGRATION_WORKERS = {settings.MIGRATION_WORKERS}). "
                "Een proefimport leest de bladen zo, maar verwerkt ze in één transactie."
            ),
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help="Een onderbroken import niet hervatten maar opnieuw beginnen.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk.")

    def handle(self, *args, **options):
        municipality = self._municipality(options["municipality"])
        user = self._user(options["user"])
        path = Path(options["path"])
        mapping = Path(options["mapping"]) if options["mapping"] else None
        for file in filter(None, [path, mapping]):
            if not file.exists():
                raise CommandError(f"{file} bestaat niet.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size moet minstens 1 zijn.")
        if not 1 <= options["workers"] <= MAX_WORKERS:
            raise CommandError(f"--workers moet tussen 1 en {MAX_WORKERS} liggen.")
        run = self._run(municipality, user, path, mapping, options)
        progress = ProgressBar(enabled=not options["no_progress"])
        try:
            execute(run, path, mapping, progress=progress)
        except KeyboardInterrupt:
            progress.close()
            raise CommandError(
                "Onderbroken. De batch die bezig was is teruggedraaid; eerdere batches zijn "
                "bewaard. Start dezelfde opdracht opnieuw om verder te gaan.",
                returncode=130,
            ) from None
        progress.close()
        self._summary(run)
        self._write_reports(run, options)
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(run.error)

    def _municipality(self, code):
        try:
            return Municipality.objects.get(cbs_code=code.upper())
        except Municipality.DoesNotExist:
            raise CommandError(f"Gemeente {code} bestaat niet in Samen.") from None

    def _user(self, email):
        if not email:
            return None
        try:
            return User.objects.get(email__iexact=email, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"Gebruiker {email} bestaat niet of is niet actief.") from None

    def _run(self, municipality, user, path, mapping, options) -> ImportRun:
        dry_run = options["dry_run"]
        if not dry_run and not options["restart"]:
            earlier = services.resumable_run(
                municipality, file_hash(path), file_hash(mapping) if mapping else ""
            )
            if earlier is not None:
                self.stdout.write(
                    f"Hervat de onderbroken import van {earlier.created_at:%d-%m-%Y %H:%M} "
                    f"(run {earlier.reference}, {earlier.rows_done} van {earlier.rows_total} rijen verwerkt)."
                )
                return earlier
        try:
            return services.create_run(
                municipality,
                path,
                dry_run=dry_run,
                user=user,
                mapping_path=mapping,
                source_system=options["source"],
                batch_size=options["batch_size"],
                workers=options["workers"],
            )
        except (services.ImportBusy, PermissionDenied) as error:
            raise CommandError(str(error)) from None

    def _summary(self, run):
        kind = "Proefimport (er is niets in de dossiers geschreven)" if run.dry_run else "Import"
        self.stdout.write(
            f"\n{kind} {run.source_name} voor {run.municipality}: {run.get_status_display()}"
        )
        if run.error:
            self.stdout.write(self.style.ERROR(run.error))
        for notice in run.notices:
            self.stdout.write(f"  - {notice}")
        verbs = ("zou aanmaken", "zou bijwerken") if run.dry_run else ("aangemaakt", "bijgewerkt")
        for sheet in run.sheets.all():
            balance = (
                self.style.SUCCESS("klopt") if sheet.balanced else self.style.ERROR("KLOPT NIET")
            )
            self.stdout.write(
                f"{sheet.name:18} gelezen {sheet.rows_read:>7} = {verbs[0]} {sheet.created}"
                f" + {verbs[1]} {sheet.updated} + ongewijzigd {sheet.unchanged}"
                f" + afgewezen {sheet.rejected}  ({balance}; lege regels {sheet.empty_lines},"
                f" met waarschuwing {sheet.warnings})"
            )
            for notice in sheet.notices:
                self.stdout.write(f"{'':18} - {notice}")

    def _write_reports(self, run, options):
        if options["report"]:
            with open(options["report"], "w", encoding="utf-8", newline="") as stream:
                count = reports.write_row_report(run, stream)
            self.stdout.write(f"Rapport per rij ({count} rijen): {options['report']}")
        if options["rejected"]:
            with open(options["rejected"], "wb") as stream:
                reports.write_rejected_zip(run, stream)
            self.stdout.write(f"Afgewezen rijen: {options['rejected']}")
