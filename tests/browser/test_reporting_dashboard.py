"""End-to-end: a controller opens the region dashboard, the cost overview, the archived council
letter and a quick scan in Chromium.

Every section loads (HTMX, with the site's CSP in force), every chart sits next to its data table,
and axe-core finds no serious or critical WCAG 2.1 A/AA violations on the dashboard, the cost
overview, the letter's preview and the quick scan. Screenshot: var/screenshots/reporting-dashboard.png.

Run:  .venv/bin/python -m pytest tests/browser/test_reporting_dashboard.py -q -p no:cacheprovider
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

try:
    from playwright.sync_api import Page, expect
except ImportError as exc:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        raise
    pytest.skip(f"Playwright is not installed ({exc}).", allow_module_level=True)

from samen.accounts.models import User
from tests.browser.test_allocation_journey import (
    CONTROLLER,
    check_accessibility,
    log_in_with_second_factor,
)

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO_ROOT / "var" / "screenshots" / "reporting-dashboard.png"
SECTIONS = ["work", "participation", "switching", "network", "experiments"]


def test_controller_reads_the_region_dashboard_and_costs(
    transactional_db, live_server, page: Page, axe_source, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)  # the demo archives a finalised letter
    call_command("load_demo", stdout=io.StringIO())
    user = User.objects.get(email=CONTROLLER)
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    log_in_with_second_factor(page, live_server.url, device)

    # --- Menu -> Rapportage -> region dashboard, period 2021-H1 --------------------------------
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportage").click()
    page.get_by_role("link", name="Dashboard regio Samen aan de slag").click()
    page.get_by_label("Periode").fill("2021-H1")
    page.get_by_role("button", name="Periode tonen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samen aan de slag")

    # --- Each section is swapped in by HTMX; each chart has its table ---------------------------
    for key in SECTIONS:
        expect(page.locator(f'#section-{key}[data-loaded="true"]')).to_be_visible()
    figures = page.locator("figure.reporting-figure")
    assert figures.count() >= len(SECTIONS)
    for index in range(figures.count()):
        figure = figures.nth(index)
        expect(figure.locator("table")).to_have_count(1)
        charts = figure.locator("svg[role='img']")
        if charts.count():
            # The chart is named by its title and points to the table for the figures.
            assert charts.first.get_attribute("aria-labelledby")
            expect(figure.locator("table caption")).not_to_be_empty()
    expect(page.locator("#section-network table").first).to_contain_text("Actief")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    check_accessibility(page, axe_source, "the region dashboard")

    # --- Cost overview: seed 000's tables ---------------------------------------------------------
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportage").click()
    page.get_by_role("link", name="Kostenoverzicht per gemeente en jaar").first.click()
    content = page.locator("main")
    for amount in ("€ 8.011", "€ 40.057", "€ 96.725", "€ 170.000", "€ 56.897", "€ 300.000"):
        expect(content).to_contain_text(amount)
    check_accessibility(page, axe_source, "the cost overview")

    # --- The archived council letter of 2021-H1 and its preview -----------------------------------
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportage").click()
    page.get_by_role("link", name="Raadsinformatiebrieven").first.click()
    page.get_by_role("link", name="Voortgang Samen aan de slag – eerste halfjaar 2021").click()
    expect(page.locator("[data-letter-status]")).to_have_attribute("data-letter-status", "final")
    page.get_by_role("link", name="Brief bekijken").click()
    expect(page.locator("article")).to_contain_text("Aan de gemeenteraden van Cranendonck")
    check_accessibility(page, axe_source, "the council letter preview")

    # --- A quick scan around the start of the new execution ----------------------------------------
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportage").click()
    page.get_by_role("link", name="Quick scan gemeente Weert").click()
    page.get_by_label("Datum van de verandering").fill("2021-01-01")
    page.get_by_label("Aantal maanden ervoor en erna").fill("4")
    page.get_by_role("button", name="Vergelijken").click()
    expect(page.locator("#table-quickscan")).to_be_visible()
    check_accessibility(page, axe_source, "the quick scan")

    if page.console_errors:
        print("\nConsole errors:\n  " + "\n  ".join(page.console_errors))
    assert not page.errors, f"JavaScript errors in the page: {page.errors}"
