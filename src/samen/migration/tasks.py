"""Running an uploaded export in the background, so the web request returns at once.

Samen's embedded default has no task queue: the run goes to a thread of the web process, after the
transaction that recorded it has committed. The page polls the run's status (HTMX) and shows its
progress. If the process dies mid-run (a restart), the run stays "bezig" without a sign of life;
the run page then offers to continue it, and the import continues after its last committed batch.

With ``MIGRATION_RUN_INLINE = True`` in the settings (the tests and the browser test) the run is
executed inside the request instead.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction

from .models import ImportRun

logger = logging.getLogger(__name__)


def run_inline() -> bool:
    return bool(getattr(settings, "MIGRATION_RUN_INLINE", False))


def start(run: ImportRun) -> None:
    """Execute ``run`` in the background (or now, when configured inline)."""
    if run_inline():
        _execute(run.pk)
        return
    transaction.on_commit(lambda: _spawn(run.pk))


def _spawn(run_id: int) -> None:
    thread = threading.Thread(
        target=_in_thread, args=(run_id,), name=f"import-run-{run_id}", daemon=True
    )
    thread.start()


def _in_thread(run_id: int) -> None:
    close_old_connections()
    try:
        _execute(run_id)
    finally:
        connection.close()


def _execute(run_id: int) -> None:
    from .services import run_stored

    run = ImportRun.objects.select_related("municipality", "started_by").get(pk=run_id)
    try:
        run_stored(run)
    except Exception:  # noqa: BLE001 - recorded on the run (status failed) by the importer
        logger.warning("Import run %s ended with an error", run_id)
