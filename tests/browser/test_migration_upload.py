"""End-to-end: an administrator uploads Laborijn's example export, reads the dry-run report,
confirms the import and checks the reconciliation, in Debian's Chromium with the site's CSP in force.

Also: the run page of a run still in progress polls its status (HTMX) and reloads itself with the
report when the run is done. axe-core (WCAG 2.1 A/AA) runs on the upload page, the dry-run report
and the reconciliation; a screenshot of the report goes to var/screenshots/migration-report.png.

Run:  .venv/bin/python -m pytest tests/browser/test_migration_upload.py -q -p no:cacheprovider
"""

import os
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError as exc:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        raise
    pytest.skip(f"Playwright is not installed ({exc}).", allow_module_level=True)

from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.demo import DEMO_PASSWORD
from samen.accounts.models import Membership, User
from samen.accounts.roles import Role
from samen.regions.models import Municipality, Region

from .test_allocation_journey import check_accessibility, current_token

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = REPO_ROOT / "src" / "samen" / "migration" / "examples" / "laborijn-export"
ADMIN = "beheerder@migratie.example"
SCREENSHOT = REPO_ROOT / "var" / "screenshots" / "migration-report.png"


@pytest.fixture
def setup(transactional_db, settings, tmp_path):
    settings.MIGRATION_RUN_INLINE = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    region = Region.objects.create(name="Oude IJsselstreek")
    municipality = Municipality.objects.create(
        region=region, cbs_code="GM1509", name="Oude IJsselstreek"
    )
    admin = User.objects.create_user(ADMIN, DEMO_PASSWORD, full_name="Bea Beheer")
    Membership.objects.create(
        user=admin, role=Role.ADMIN, municipality=municipality, valid_from=date(2020, 1, 1)
    )
    case_worker = User.objects.create_user(
        "klantmanager@samen.demo", DEMO_PASSWORD, full_name="Karin"
    )
    Membership.objects.create(
        user=case_worker,
        role=Role.CASE_WORKER,
        municipality=municipality,
        valid_from=date(2020, 1, 1),
    )
    device = TOTPDevice.objects.create(user=admin, name="default", confirmed=True)
    export = tmp_path / "laborijn.zip"
    with zipfile.ZipFile(export, "w") as archive:
        for file in sorted(EXAMPLE.iterdir()):
            archive.write(file, file.name)
    return {"municipality": municipality, "device": device, "export": export}


def log_in(page: Page, base_url: str, device) -> None:
    # A dry run happens inside the upload request here; give a busy machine time.
    page.set_default_timeout(30_000)
    expect.set_options(timeout=15_000)
    page.goto(f"{base_url}/account/login/")
    page.locator('[name="auth-username"]').fill(ADMIN)
    page.locator('[name="auth-password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.locator('[name="token-otp_token"]').fill(current_token(device))
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()


def counts_of(page: Page, sheet: str) -> dict:
    row = page.locator(f'#sheet-table tr[data-sheet="{sheet}"]')
    return {
        name: row.locator(f'[data-count="{name}"]').inner_text()
        for name in ("rows_read", "created", "updated", "unchanged", "rejected", "empty_lines")
    }


def test_upload_dry_run_confirm_reconcile(
    transactional_db, setup, live_server, page: Page, axe_source
):
    log_in(page, live_server.url, setup["device"])

    # --- Upload -----------------------------------------------------------------------------------
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Gegevensmigratie"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gegevensmigratie")
    page.get_by_role("link", name="Export aanleveren").click()
    check_accessibility(page, axe_source, "the upload page")
    page.get_by_label("Export").set_input_files(str(setup["export"]))
    page.get_by_label("Herkomst van de gegevens").fill("Laborijn")
    page.get_by_role("button", name="Proefimport starten").click()

    # --- The dry-run report -------------------------------------------------------------------------
    expect(page.get_by_role("heading", level=1)).to_have_text("Proefimport laborijn.zip")
    expect(page).to_have_url(re.compile(r"/migratie/[0-9a-f-]{36}/$"))
    assert counts_of(page, "personen") == {
        "rows_read": "14",
        "created": "8",
        "updated": "0",
        "unchanged": "0",
        "rejected": "6",
        "empty_lines": "2",
    }
    rejected = page.locator("#rejected-rows")
    expect(rejected).to_contain_text("onbekende voorziening 'dagbest.'")
    expect(rejected).to_contain_text("BSN 123456780 voldoet niet aan de 11-proef")
    expect(page.locator("#warned-rows")).to_contain_text("loonwaardebepaling")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    check_accessibility(page, axe_source, "the dry-run report")

    # Every row of a sheet, filtered to the rejected ones.
    page.get_by_role("link", name="Alle rijen met hun uitkomst").click()
    page.get_by_label("Blad").select_option("voorzieningen")
    page.get_by_label("Uitkomst").select_option(label="afgewezen")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("#row-table tbody tr")).to_have_count(3)
    page.go_back()
    page.go_back()

    # --- Confirm ----------------------------------------------------------------------------------------
    page.get_by_label(
        "Ik heb het rapport gelezen; importeer de goedgekeurde rijen in de dossiers."
    ).check()
    page.get_by_role("button", name="Importeren in de dossiers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import laborijn.zip")
    expect(page.locator("#run-status")).to_contain_text("klaar")
    assert counts_of(page, "voorzieningen")["created"] == "5"

    # --- Reconciliation ---------------------------------------------------------------------------------
    page.get_by_role("link", name="Afstemming: per blad wat er is binnengekomen").click()
    expect(page.get_by_role("status")).to_contain_text("Sluitend: alle 40 rijen zijn verantwoord.")
    expect(page.locator("#trail-table")).to_contain_text("inwoners")
    check_accessibility(page, axe_source, "the reconciliation page")

    assert not page.errors, f"JavaScript errors in the page: {page.errors}"


def test_a_running_run_polls_and_reloads_when_done(
    transactional_db, setup, live_server, page: Page
):
    from samen.migration.models import ImportRun, ImportSheet

    run = ImportRun.objects.create(
        municipality=setup["municipality"],
        dry_run=True,
        status="running",
        source_name="groot.zip",
        file_hash="0" * 64,
        started_by_name="Bea Beheer",
        rows_total=100,
        rows_done=40,
    )
    log_in(page, live_server.url, setup["device"])
    page.goto(f"{live_server.url}/migratie/{run.uuid}/")
    expect(page.locator("progress#run-progress")).to_have_attribute("value", "40")
    ImportRun.objects.filter(pk=run.pk).update(rows_done=70)
    expect(page.locator("#run-status")).to_contain_text("70 van 100 rijen verwerkt")  # polled
    ImportSheet.objects.create(run=run, name="personen", rows_read=100, created=100)
    ImportRun.objects.filter(pk=run.pk).update(status="completed", rows_done=100)
    expect(page.locator("#sheet-table")).to_be_visible(timeout=15_000)  # reloaded with the report
    expect(page.locator("progress#run-progress")).to_have_count(0)
    assert not page.errors, f"JavaScript errors in the page: {page.errors}"
