"""Running an import: scan the export, then every sheet in batches, and account for every row.

``execute(run, export_path, mapping_path)`` is the one entry point, used by the management command,
by the background task of the upload page and by the demo data:

1. the export is read and every row validated (``validation.scan``, no database);
2. the sheets are processed in the order of ``formats.SHEET_ORDER``, ``run.batch_size`` rows at a
   time. An import writes each batch in its own transaction *together with* the batch's results
   (``ImportBatch``, ``ImportRowResult``, the sheet's counts): a crash or Ctrl-C rolls back the
   batch it was in and nothing else, and running the same run again continues after the last
   committed batch;
3. a dry run does exactly the same work inside one transaction that is rolled back at the end, so
   its report is what the import would do (including the participation module's rules), and then
   stores the outcomes.

For every sheet, rows read = created + updated + unchanged + rejected when the run completes; the
counts are written to ``run.summary`` once, so they are in the change trail with the run.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from itertools import islice
from pathlib import Path

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import formats, workers
from .audit import attributed_to
from .handlers import HANDLERS, Context
from .mapping import EMPTY, MappingError, read_mapping
from .models import OUTCOME_FIELDS, ImportBatch, ImportRowResult, ImportRun, ImportSheet, Outcome
from .parsing import CellError, parse_bsn
from .reading import ExportError, open_export
from .validation import scan

logger = logging.getLogger(__name__)

#: How long the progress of a dry run is kept in the cache (it cannot be committed while running).
PROGRESS_TIMEOUT = 60 * 60


def file_hash(path) -> str:
    """SHA-256 of a file, or of a folder's files (names and contents, in name order)."""
    path = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.name.encode() + b"\0")
        with file.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1024 * 1024), b""):
                digest.update(chunk)
    return digest.hexdigest()


def progress_key(run) -> str:
    return f"migration:progress:{run.pk}"


def rows_done(run) -> int:
    """Progress as the web page should show it (a dry run keeps it in the cache)."""
    if run.dry_run and run.status == ImportRun.Status.RUNNING:
        return cache.get(progress_key(run), run.rows_done)
    return run.rows_done


class _Rollback(Exception):
    """Ends the transaction of a dry run."""


def _update_run(run: ImportRun, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=list(fields))


def execute(run: ImportRun, export_path, mapping_path=None, *, progress=None) -> ImportRun:
    """Run ``run`` (or continue it after an interruption); returns it with its final status.

    ``progress`` (optional, the command's progress bar) gets ``scanned(n)`` while the export is
    read, ``begin(total, done)`` when processing starts and ``advance(n)`` after every batch.
    A KeyboardInterrupt or any error marks the run interrupted or failed and is raised again.
    """
    _update_run(
        run,
        status=ImportRun.Status.RUNNING,
        started_at=run.started_at or timezone.now(),
        heartbeat_at=timezone.now(),
        phase=_("lezen en controleren"),
        error="",
    )
    try:
        try:
            mapping = read_mapping(mapping_path) if mapping_path else EMPTY
            export = open_export(export_path)
            scanned = scan(
                export,
                mapping,
                progress=progress.scanned if progress else None,
                parts=_parts(run),
            )
        except MappingError as error:
            return _fail(
                run,
                _("Het mappingbestand klopt niet: %(errors)s")
                % {"errors": "; ".join(error.messages)},
            )
        except ExportError as error:
            return _fail(run, str(error))
        with scanned:
            _prepare_sheets(run, scanned)
            if progress:
                progress.begin(run.rows_total, run.rows_done)
            ctx = Context(
                run=run,
                municipality=run.municipality,
                actor=run.started_by,
                source_system=run.source_system,
                rejected_persons=_rejected_persons(run),
            )
            with attributed_to(run.started_by, ctx.cid):
                if run.dry_run:
                    _dry_run(run, ctx, scanned, progress)
                else:
                    _import(run, ctx, scanned, progress)
        return _finish(run)
    except KeyboardInterrupt:
        _stop(run, ImportRun.Status.INTERRUPTED, _("Onderbroken (Ctrl-C)."))
        raise
    except Exception as error:
        logger.exception("Import run %s failed", run.pk)  # the message may hold data: not logged
        _stop(
            run,
            ImportRun.Status.FAILED,
            _("Afgebroken door een fout: %(type)s") % {"type": type(error).__name__},
        )
        raise


def _fail(run, message) -> ImportRun:
    _update_run(
        run, status=ImportRun.Status.FAILED, error=message, finished_at=timezone.now(), phase=""
    )
    return run


def _stop(run, status, message) -> None:
    # The failed batch's transaction is gone; this is a fresh one.
    run.refresh_from_db(fields=["rows_done"])
    _update_run(run, status=status, error=message, phase="", heartbeat_at=timezone.now())


def _prepare_sheets(run, scanned) -> None:
    """Create the per-sheet records (a continued run keeps the counts it has)."""
    for name, sheet in scanned.sheets.items():
        ImportSheet.objects.update_or_create(
            run=run,
            name=name,
            defaults={
                "position": ImportSheet.position_of(name),
                "source_label": sheet.label[:300],
                "details": sheet.details[:200],
                "rows_read": sheet.rows_read,
                "empty_lines": sheet.empty_lines,
                "notices": sheet.notices,
            },
        )
    _update_run(run, rows_total=scanned.total_rows, notices=scanned.notices, phase=_("verwerken"))


def _rejected_persons(run) -> dict:
    """Persons rejected by batches this run already committed (when it continues)."""
    found = {}
    for line, raw in ImportRowResult.objects.filter(
        run=run, sheet="personen", outcome=Outcome.REJECTED
    ).values_list("line", "raw"):
        try:
            found.setdefault(parse_bsn((raw or {}).get("bsn", "")), line)
        except CellError:
            continue
    return found


def _batches(rows, size):
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def _process(handler, rows):
    """One batch in a savepoint; retried once when a concurrent registration of the same BSN (or
    a clash of random references) makes the database refuse it."""
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return handler.process(rows)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _parts(run) -> int:
    """How many processes read the export and (not in a dry run) import it."""
    return run.workers if run.workers > 1 and workers.can_fork() else 1


def _import(run, ctx, scanned, progress) -> None:
    parts = _parts(run)
    for name, sheet in scanned.sheets.items():
        done = set(ImportBatch.objects.filter(run=run, sheet=name).values_list("number", flat=True))
        if parts == 1:
            _import_part(run, ctx, name, sheet.rows(), done, progress=progress)
        else:
            _import_in_workers(run, ctx, name, sheet, done, parts, progress)
            # What the workers learnt about rejected persons, for the sheets that follow.
            ctx.rejected_persons = _rejected_persons(run)
        if name == formats.PERSONS:
            ctx.know_dossiers()


def _import_part(run, ctx, name, rows, done, *, part=0, parts=1, progress=None) -> None:
    """Import ``rows`` batch by batch; batch k of this part is number ``k * parts + part``."""
    handler = HANDLERS[name](ctx)
    for index, batch in enumerate(_batches(rows, run.batch_size)):
        number = index * parts + part
        if number in done:
            continue  # written by an earlier, interrupted attempt of this run
        with transaction.atomic():
            _commit_without_waiting_for_disk()
            verdicts = _process(handler, batch)
            _record(run, _BatchResult(name, number, batch, verdicts))
        workers.batch_done()
        if progress:
            progress.advance(len(batch))


def _import_in_workers(run, ctx, name, sheet, done, parts, progress) -> None:
    def work(part):
        _import_part(run, ctx, name, sheet.rows(part), done, part=part, parts=parts)

    shown = ImportRun.objects.values_list("rows_done", flat=True).get(pk=run.pk)

    def poll():
        nonlocal shown
        now = ImportRun.objects.values_list("rows_done", flat=True).get(pk=run.pk)
        if progress and now > shown:
            progress.advance(now - shown)
        shown = now

    workers.run_parts(parts, work, poll=poll)


def _commit_without_waiting_for_disk() -> None:
    """Let PostgreSQL acknowledge this batch's commit before it is flushed to disk.

    Safe here because a batch and its ``ImportBatch`` record commit together: a crash of the
    database server can at most lose the last few committed batches *as a whole*, and running the
    same run again redoes exactly those. It spares the import a disk flush per batch.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _dry_run(run, ctx, scanned, progress) -> None:
    collected, done = [], 0
    try:
        with transaction.atomic():
            for name, sheet in scanned.sheets.items():
                handler = HANDLERS[name](ctx)
                for number, rows in enumerate(_batches(sheet.rows(), run.batch_size)):
                    verdicts = _process(handler, rows)
                    collected.append(_BatchResult(name, number, rows, verdicts))
                    done += len(rows)
                    cache.set(progress_key(run), done, PROGRESS_TIMEOUT)
                    if progress:
                        progress.advance(len(rows))
                if name == formats.PERSONS:
                    ctx.know_dossiers()
            raise _Rollback
    except _Rollback:
        pass
    with transaction.atomic():
        for result in collected:
            _record(run, result)
    cache.delete(progress_key(run))


class _BatchResult:
    """A batch's outcomes in the compact form ``_record`` stores (a dry run keeps these in memory
    until its rollback: line numbers, one letter per row, and only the rows with something to say)."""

    __slots__ = ("sheet", "number", "lines", "outcomes", "details")

    def __init__(self, sheet, number, rows, verdicts):
        self.sheet, self.number = sheet, number
        self.lines = [row.line for row in rows]
        self.outcomes = "".join(verdict.outcome for verdict in verdicts)
        self.details = [
            (row.line, verdict, row.raw if verdict.outcome == Outcome.REJECTED else None)
            for row, verdict in zip(rows, verdicts, strict=True)
            if verdict.outcome == Outcome.REJECTED or verdict.warnings
        ]


def _record(run, result: _BatchResult) -> None:
    """Store a batch's outcomes and move the counters (inside the batch's transaction)."""
    ImportBatch.objects.create(
        run=run,
        sheet=result.sheet,
        number=result.number,
        lines=result.lines,
        outcomes=result.outcomes,
    )
    ImportRowResult.objects.bulk_create(
        ImportRowResult(
            run=run,
            sheet=result.sheet,
            line=line,
            outcome=verdict.outcome,
            reasons=verdict.reasons,
            warnings=verdict.warnings,
            raw=raw,
        )
        for line, verdict, raw in result.details
    )
    counts = Counter(result.outcomes)
    warnings = sum(1 for _line, verdict, _raw in result.details if verdict.warnings)
    ImportSheet.objects.filter(run=run, name=result.sheet).update(
        warnings=F("warnings") + warnings,
        **{field: F(field) + counts[outcome] for outcome, field in OUTCOME_FIELDS.items()},
    )
    ImportRun.objects.filter(pk=run.pk).update(
        rows_done=F("rows_done") + len(result.lines), heartbeat_at=timezone.now()
    )


def summary_of(run) -> dict:
    fields = ["rows_read", "empty_lines", "created", "updated", "unchanged", "rejected", "warnings"]
    return {
        sheet.name: {name: getattr(sheet, name) for name in fields} | {"balanced": sheet.balanced}
        for sheet in run.sheets.all()
    }


def _finish(run) -> ImportRun:
    run.refresh_from_db(fields=["rows_done", "rows_total"])
    _update_run(
        run,
        status=ImportRun.Status.COMPLETED,
        finished_at=timezone.now(),
        phase="",
        summary=summary_of(run),
    )
    return run
