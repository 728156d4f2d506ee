import factory
from django.utils import timezone

from samen.migration.models import ImportBatch, ImportRowResult, ImportRun, ImportSheet, Outcome
from samen.regions.tests.factories import MunicipalityFactory


class ImportRunFactory(factory.django.DjangoModelFactory):
    """A completed dry run of a small export (no files: as after the files were cleaned up)."""

    class Meta:
        model = ImportRun

    municipality = factory.SubFactory(MunicipalityFactory)
    dry_run = True
    status = ImportRun.Status.COMPLETED
    source_name = "export.zip"
    source_system = "Laborijn"
    file_hash = "0" * 64
    started_by_name = "Bea Beheer"
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)
    rows_total = 3
    rows_done = 3


def with_results(run: ImportRun) -> ImportRun:
    """Give ``run`` one sheet with two accepted rows and one rejected row."""
    ImportSheet.objects.create(
        run=run, name="personen", position=0, rows_read=3, empty_lines=1, created=2, rejected=1
    )
    ImportBatch.objects.create(run=run, sheet="personen", number=0, lines=[2, 3, 5], outcomes="ccr")
    ImportRowResult.objects.create(
        run=run,
        sheet="personen",
        line=5,
        outcome=Outcome.REJECTED,
        reasons=["BSN 123456780 voldoet niet aan de 11-proef"],
        raw={"bsn": "123456780", "voornamen": "Piet"},
    )
    return run
