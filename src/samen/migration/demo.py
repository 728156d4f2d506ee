"""Demo data: the example export of Laborijn, tried and imported for Oude IJsselstreek (GM1509).

Runs after the participation demo. The administrator (beheerder@samen.demo) uploads
``examples/laborijn-export`` as a ZIP, the dry run reports its hostile rows, and the import is
confirmed, so that the run list, the report, the reconciliation page and the download of rejected
rows all have something to show. Idempotent: a completed import of the same file is not repeated.
"""

import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from samen.accounts.models import User
from samen.regions.models import Municipality

from . import services
from .models import ImportRun

EXAMPLE = Path(__file__).resolve().parent / "examples" / "laborijn-export"
ADMIN_EMAIL = "beheerder@samen.demo"
ZIP_NAME = "laborijn-export-oude-ijsselstreek.zip"


def example_zip() -> bytes:
    """The example folder as a ZIP with fixed timestamps (so its SHA-256 is always the same)."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(EXAMPLE.iterdir()):
            info = zipfile.ZipInfo(file.name, date_time=(2020, 12, 1, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, file.read_bytes())
    return stream.getvalue()


def load(context: dict) -> None:
    municipality = Municipality.objects.get(cbs_code="GM1509")
    admin = User.objects.get(email=ADMIN_EMAIL)
    upload = SimpleUploadedFile(ZIP_NAME, example_zip(), content_type="application/zip")
    if ImportRun.objects.filter(
        municipality=municipality,
        dry_run=False,
        status=ImportRun.Status.COMPLETED,
        file_hash=services.upload_hash(upload),
    ).exists():
        return
    dry_run = services.create_uploaded_run(
        municipality, upload, user=admin, source_system="Laborijn"
    )
    services.run_stored(dry_run)
    services.run_stored(services.confirm_dry_run(dry_run, admin))
