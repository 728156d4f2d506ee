"""An import in several processes (PostgreSQL): every row is decided as in one process, and a run
whose worker failed continues with exactly the batches that are missing."""

import pytest
from django.db import connection

from samen.migration import handlers, services
from samen.migration.importer import execute
from samen.migration.models import ImportBatch, ImportRowResult, ImportRun
from samen.migration.validation import Row
from samen.migration.workers import WorkerFailed, part_of
from samen.participation.models import BenefitEpisode, Resident

from .conftest import counts
from .hostile import BSNS, person
from .test_import import EXAMPLE, EXPECTED_EXAMPLE, assert_balanced, benefit, export

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="worker processes need PostgreSQL (SQLite allows one writer per database file)",
)


def outcome_per_line(run) -> dict:
    found = {}
    for sheet, lines, outcomes in ImportBatch.objects.filter(run=run).values_list(
        "sheet", "lines", "outcomes"
    ):
        found.update(
            {(sheet, line): outcome for line, outcome in zip(lines, outcomes, strict=True)}
        )
    return found


def said_per_line(run) -> dict:
    return {
        (sheet, line): (reasons, warnings)
        for sheet, line, reasons, warnings in ImportRowResult.objects.filter(run=run).values_list(
            "sheet", "line", "reasons", "warnings"
        )
    }


def start(gm1509, admin, path, **options):
    run = services.create_run(gm1509, path, user=admin, **options)
    return execute(run, path)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_workers_decide_every_row_as_one_process_does(gm1509, admin, case_worker):
    dry = start(gm1509, admin, EXAMPLE, dry_run=True, batch_size=2, workers=2)
    run = start(gm1509, admin, EXAMPLE, dry_run=False, batch_size=2, workers=2)
    assert run.status == ImportRun.Status.COMPLETED
    assert counts(run) == EXPECTED_EXAMPLE
    assert_balanced(run)
    assert outcome_per_line(run) == outcome_per_line(dry)
    assert said_per_line(run) == said_per_line(dry)
    numbers = set(ImportBatch.objects.filter(run=run).values_list("number", flat=True))
    assert {number % 2 for number in numbers} == {0, 1}, "both workers wrote batches"
    run.refresh_from_db()
    assert run.rows_done == run.rows_total


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_failed_worker_fails_the_run_and_a_rerun_adds_only_what_is_missing(
    gm1509, admin, tmp_path, monkeypatch
):
    folder = export(
        tmp_path,
        personen=[person(bsn) for bsn in BSNS],
        uitkeringen=[benefit(bsn, "01-01-2020") for bsn in BSNS],
    )
    original = handlers.BenefitsHandler.decide

    def decide(self, valid):
        if any(row.bsn == BSNS[3] for _index, row in valid):
            raise RuntimeError("disk full")
        return original(self, valid)

    monkeypatch.setattr(handlers.BenefitsHandler, "decide", decide)
    run = services.create_run(gm1509, folder, dry_run=False, user=admin, batch_size=1, workers=2)
    with pytest.raises(WorkerFailed):
        execute(run, folder)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.error == "Afgebroken door een fout: WorkerFailed"
    assert Resident.objects.count() == len(BSNS)
    imported = set(BenefitEpisode.objects.values_list("dossier__resident__bsn", flat=True))
    assert BSNS[3] not in imported and imported, "the other worker went on"

    monkeypatch.undo()
    execute(run, folder)
    assert run.status == ImportRun.Status.COMPLETED
    assert counts(run) == {
        "personen": (len(BSNS), len(BSNS), 0, 0, 0),
        "uitkeringen": (len(BSNS), len(BSNS), 0, 0, 0),
    }
    assert_balanced(run)
    assert BenefitEpisode.objects.count() == len(BSNS)


def test_one_residents_rows_go_to_one_worker_and_rows_without_a_bsn_are_spread():
    def row(line, bsn):
        made = Row("uitkeringen", line, {})
        made.bsn = bsn
        return made

    assert {part_of(row(line, "999990019"), 2) for line in range(2, 40)} == {999990019 % 2}
    assert {part_of(row(line, ""), 3) for line in range(2, 40)} == {0, 1, 2}
    assert all(part_of(row(7, bsn), 1) == 0 for bsn in BSNS)


def scan_of(path, parts):
    from samen.migration.reading import open_export
    from samen.migration.validation import scan

    return scan(open_export(path), parts=parts)


def test_reading_the_sheets_in_processes_gives_the_same_scan(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with scan_of(EXAMPLE, 1) as alone, scan_of(EXAMPLE, 3) as side_by_side:
        assert list(side_by_side.sheets) == list(alone.sheets)
        assert side_by_side.notices == alone.notices
        for name, sheet in alone.sheets.items():
            other = side_by_side.sheets[name]
            assert (other.rows_read, other.empty_lines, other.notices, other.duplicates) == (
                sheet.rows_read,
                sheet.empty_lines,
                sheet.notices,
                sheet.duplicates,
            )
            assert list(other.rows()) == list(sheet.rows())
    assert not list(tmp_path.glob("samen-import-*")), "every spool file is removed"


def test_a_sheet_that_cannot_be_read_in_a_process_leaves_no_spool_files(tmp_path, monkeypatch):
    from samen.migration import validation
    from samen.migration.reading import ExportError

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    original = validation.validate_row

    def validate_row(sheet, *args, **kwargs):
        if sheet.name == "uitkeringen":
            raise ExportError("uitkeringen.csv is beschadigd rond regel 3")
        return original(sheet, *args, **kwargs)

    monkeypatch.setattr(validation, "validate_row", validate_row)
    with pytest.raises(ExportError, match="beschadigd rond regel 3"):
        scan_of(EXAMPLE, 2)
    assert not list(tmp_path.glob("samen-import-*"))
