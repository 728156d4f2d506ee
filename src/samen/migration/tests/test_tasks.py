"""The background run of an uploaded export (a thread of the web process)."""

import threading

from django.core.files.uploadedfile import SimpleUploadedFile

from samen.migration import services, tasks
from samen.migration.models import ImportRun

from .hostile import BSNS, person, write_zip


def test_an_uploaded_export_runs_in_a_thread(transactional_db, settings, gm1509, admin, tmp_path):
    settings.MIGRATION_RUN_INLINE = False
    path = write_zip(tmp_path / "export.zip", {"personen": [person(BSNS[0]), person(BSNS[1])]})
    run = services.create_uploaded_run(
        gm1509, SimpleUploadedFile("export.zip", path.read_bytes()), user=admin
    )
    tasks.start(run)  # outside a transaction: the thread starts at once
    worker = next(t for t in threading.enumerate() if t.name == f"import-run-{run.pk}")
    worker.join(timeout=120)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMPLETED
    assert run.summary["personen"]["created"] == 2
