"""The life of an import run, without HTTP: start one, find the one to continue, confirm a dry run.

The management command, the upload page and the demo data all go through these functions, so the
same rules hold everywhere: only an administrator of the municipality starts or confirms a run, an
import is confirmed from a completed dry run of the *same* file (checked by its SHA-256), one import
per municipality runs at a time, and an interrupted import is continued rather than started again.
"""

from __future__ import annotations

import getpass
import hashlib
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .importer import execute, file_hash
from .models import ImportRun

#: A running run without a sign of life for this long was killed (kill -9, a server restart).
STALE_AFTER = timedelta(minutes=15)
#: Rows per transaction. Larger batches mean fewer statements and commits per row (100,000
#: residents: 64 s at 1,000, 60-61 s at 3,000-10,000); a failed batch is redone as a whole.
DEFAULT_BATCH_SIZE = 5000


class ImportBusy(Exception):
    """Another import for this municipality is running."""


class NotConfirmable(Exception):
    """This dry run cannot be confirmed (not completed, already confirmed, or the file changed)."""


def command_line_user() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "?"
    return _("commandoregel (%(user)s)") % {"user": name}


def check_may_import(user, municipality, *, confirm: bool) -> None:
    """Refuse anyone but an administrator of ``municipality`` (PermissionDenied)."""
    perm = "migration.confirm_importrun" if confirm else "migration.add_importrun"
    if user is not None and not user.has_perm(perm, municipality):
        raise PermissionDenied(
            _("Alleen een functioneel beheerder van %(name)s mag dit.") % {"name": municipality}
        )


def create_run(
    municipality,
    export_path,
    *,
    dry_run: bool,
    user=None,
    mapping_path=None,
    source_name: str = "",
    source_system: str = "",
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    export_file=None,
    mapping_file=None,
    dry_run_of=None,
) -> ImportRun:
    """Record a new run (not started yet). Raises ImportBusy when an import is already running."""
    check_may_import(user, municipality, confirm=not dry_run)
    run = ImportRun(
        municipality=municipality,
        dry_run=dry_run,
        dry_run_of=dry_run_of,
        source_name=(source_name or Path(export_path).name)[:255],
        source_system=(source_system or _("vorige uitvoerder"))[:80],
        file_hash=file_hash(export_path),
        mapping_name=Path(mapping_path).name[:255] if mapping_path else "",
        mapping_hash=file_hash(mapping_path) if mapping_path else "",
        batch_size=batch_size,
        workers=workers,
        started_by=user,
        started_by_name=(str(user) if user else command_line_user())[:254],
    )
    if export_file is not None:
        run.export_file = export_file
    if mapping_file is not None:
        run.mapping_file = mapping_file
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError:
        if ImportRun.objects.active_imports().filter(municipality=municipality).exists():
            raise ImportBusy(
                _("Voor %(name)s loopt al een import; wacht tot die klaar is.")
                % {"name": municipality}
            ) from None
        raise
    return run


def upload_hash(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def create_uploaded_run(municipality, upload, *, user, mapping=None, source_system="") -> ImportRun:
    """Record a dry run of an uploaded export; the files go to private storage with the run."""
    check_may_import(user, municipality, confirm=False)
    run = ImportRun(
        municipality=municipality,
        dry_run=True,
        source_name=Path(upload.name).name[:255],
        source_system=(source_system or _("vorige uitvoerder"))[:80],
        file_hash=upload_hash(upload),
        mapping_name=Path(mapping.name).name[:255] if mapping else "",
        mapping_hash=upload_hash(mapping) if mapping else "",
        started_by=user,
        started_by_name=str(user)[:254],
    )
    run.export_file = upload
    if mapping:
        run.mapping_file = mapping
    run.save()
    return run


def is_stale(run: ImportRun, now=None) -> bool:
    now = now or timezone.now()
    last_sign = run.heartbeat_at or run.started_at or run.created_at
    return run.status == ImportRun.Status.RUNNING and now - last_sign > STALE_AFTER


def resumable_run(municipality, export_hash: str, mapping_hash: str = "") -> ImportRun | None:
    """The interrupted import of this very file (and mapping) for this municipality, if any."""
    candidates = ImportRun.objects.filter(
        municipality=municipality,
        dry_run=False,
        file_hash=export_hash,
        mapping_hash=mapping_hash,
    ).filter(Q(status__in=ImportRun.RESUMABLE) | Q(status=ImportRun.Status.RUNNING))
    for run in candidates.order_by("-created_at"):
        if run.status in ImportRun.RESUMABLE or is_stale(run):
            return run
    return None


def confirm_dry_run(dry_run: ImportRun, user) -> ImportRun:
    """Create the import of a completed dry run (same stored file, same mapping, same batches).

    A second confirmation of the same dry run (a double click) returns the first import.
    """
    check_may_import(user, dry_run.municipality, confirm=True)
    if not dry_run.dry_run or dry_run.status != ImportRun.Status.COMPLETED:
        raise NotConfirmable(_("Alleen een afgeronde proefimport kan worden bevestigd."))
    existing = ImportRun.objects.filter(dry_run_of=dry_run).first()
    if existing:
        return existing
    path = Path(dry_run.export_file.path)
    if file_hash(path) != dry_run.file_hash:
        raise NotConfirmable(
            _("Het bestand is veranderd sinds de proefimport; lever het opnieuw aan.")
        )
    try:
        return create_run(
            dry_run.municipality,
            path,
            dry_run=False,
            user=user,
            mapping_path=dry_run.mapping_file.path if dry_run.mapping_file else None,
            source_name=dry_run.source_name,
            source_system=dry_run.source_system,
            batch_size=dry_run.batch_size,
            export_file=dry_run.export_file.name,
            mapping_file=dry_run.mapping_file.name if dry_run.mapping_file else None,
            dry_run_of=dry_run,
        )
    except IntegrityError:
        existing = ImportRun.objects.filter(dry_run_of=dry_run).first()
        if existing:
            return existing
        raise


def run_stored(run: ImportRun) -> ImportRun:
    """Execute a run whose files were uploaded (the background task of the upload page)."""
    return execute(
        run,
        run.export_file.path,
        run.mapping_file.path if run.mapping_file else None,
    )
