"""Importing one sheet in several processes side by side.

An import is bound by Python's time per row (parsing, the participation rules, building objects),
not by the database, so a second process on a second core nearly halves it. The rows of a sheet are
split by BSN (``part_of``): every row of one resident goes to the same process, in file order, so
the rules that compare a row with the resident's earlier rows (overlapping benefit periods,
switching arrangements) see them exactly as in one process. Sheets still follow each other in
``SHEET_ORDER``: a sheet starts when every process has finished the one before it.

Each process writes its own batches, each in its own transaction, numbered ``k * parts + part`` so
that an interrupted run continues with exactly the batches that are missing (the numbering only
depends on the run's ``workers`` and ``batch_size``, both stored with the run).

The processes are forked from the command (Linux, PostgreSQL); the web upload and dry runs (one
transaction for everything) stay in one process.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from django.db import connection, connections

logger = logging.getLogger(__name__)

#: How often the parent looks at the progress its workers committed.
POLL_SECONDS = 0.5

#: The garbage collector's first threshold in the forked processes (Python's default is 700).
CHILD_GC_THRESHOLD = 50_000


class WorkerFailed(RuntimeError):
    """A worker process stopped with an error; its running batch was rolled back."""


def can_fork() -> bool:
    """Whether work can go to forked processes that see what this process committed."""
    return (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and "fork" in multiprocessing.get_all_start_methods()
    )


def part_of(row, parts: int) -> int:
    """The process a row goes to: by BSN, so one resident's rows stay together and in order."""
    return int(row.bsn) % parts if row.bsn else row.line % parts


def run_parts(parts: int, work: Callable[[int], None], *, poll: Callable[[], None]) -> None:
    """Run ``work(part)`` for every part in its own process and wait for all of them.

    ``poll`` is called every ``POLL_SECONDS`` while they run (to show progress). Raises
    ``WorkerFailed`` if one of them failed; on Ctrl-C or any error here the others are stopped
    (their running batch is rolled back by the database) and the error is raised again.
    """
    connections.close_all()  # a forked child must not share this process's connection
    context = multiprocessing.get_context("fork")
    with _frozen_heap():
        _run_processes(context, parts, work, poll)


def _run_processes(context, parts, work, poll) -> None:
    processes = [
        context.Process(target=_child, args=(work, part), name=f"samen-import-{part}")
        for part in range(parts)
    ]
    for process in processes:
        process.start()
    try:
        while any(process.is_alive() for process in processes):
            for process in processes:
                process.join(POLL_SECONDS / parts)
            poll()
    except BaseException:
        for process in processes:
            process.terminate()
        for process in processes:
            process.join()
        raise
    poll()
    failed = [process.name for process in processes if process.exitcode != 0]
    if failed:
        raise WorkerFailed(", ".join(failed))


def map_forked(fn: Callable, items: list, parts: int) -> list:
    """``fn(item)`` for every item, in up to ``parts`` forked processes; the results in order.

    For work without the database (reading the sheets). A result is what ``fn`` returned or the
    exception it raised — returned, not raised, so that the caller can clean up what the other
    items produced (their temporary files) before it raises the error.
    """
    global _task  # noqa: PLW0603 - a forked process finds the function here (no pickling)
    _task = fn
    connections.close_all()  # a forked child must not share this process's connection
    try:
        with (
            _frozen_heap(),
            ProcessPoolExecutor(
                max_workers=min(parts, len(items)), mp_context=multiprocessing.get_context("fork")
            ) as pool,
        ):
            return list(pool.map(_run_task, items))
    finally:
        _task = None


_task: Callable | None = None


@contextlib.contextmanager
def _frozen_heap():
    """Keep the objects that exist before the fork out of the children's garbage collections.

    A collection in a forked child walks every tracked object, its inherited copy of Django and of
    the parent's data included, and writing their headers copies those memory pages: the
    children spent about a tenth of their time in it. ``gc.freeze()`` before forking is what
    Python's documentation advises for this; the children also collect on a higher threshold
    (``_child_settings``) and once after every batch (``batch_done``).
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


_in_child = False


def _child_settings() -> None:
    global _in_child  # noqa: PLW0603 - set once in a forked process
    _in_child = True
    gc.set_threshold(CHILD_GC_THRESHOLD, *gc.get_threshold()[1:])


def batch_done() -> None:
    """Collect a finished batch's garbage in a worker: with the high threshold, cycles between the
    batch's objects (cached relations) would otherwise pile up in the older generations. Cheap,
    because the frozen heap is not walked. Outside a worker Python's own thresholds apply."""
    if _in_child:
        gc.collect()


def _run_task(item):
    _child_settings()
    try:
        return _task(item)
    except Exception as error:  # noqa: BLE001 - handed to the caller, see map_forked
        return error


def _child(work: Callable[[int], None], part: int) -> None:
    _child_settings()
    try:
        work(part)
    except BaseException as error:  # noqa: BLE001 - reported to the parent as the exit code
        # The message may hold personal data (a row's values): only the type is logged.
        logger.error("Import worker %s stopped: %s", part, type(error).__name__)  # noqa: TRY400
        connections.close_all()
        sys.exit(1)
    connections.close_all()
