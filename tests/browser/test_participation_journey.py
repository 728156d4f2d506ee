"""End-to-end: a case worker (klantmanager) registers a resident, measures the Participatieladder,
switches the resident's arrangement (Simpel Switchen) and sees both on the ladder chart.

Runs in Debian's Chromium with the site's CSP in force, with a real two-step login, and runs
axe-core (WCAG 2.1 A/AA) on the dossier page, the ladder form and the measurements page. Saves a
screenshot of the measurements page to var/screenshots/participation.png.

Run:  .venv/bin/python -m pytest tests/browser/test_participation_journey.py -q -p no:cacheprovider
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

try:
    from playwright.sync_api import Page, expect
except ImportError as exc:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        raise
    pytest.skip(f"Playwright is not installed ({exc}).", allow_module_level=True)

from samen.accounts.demo import DEMO_PASSWORD
from samen.accounts.demo import load as load_accounts
from samen.accounts.models import User
from samen.regions.demo import load as load_regions

from .test_allocation_journey import check_accessibility, current_token

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
CASE_WORKER = "klantmanager@samen.demo"  # Oude IJsselstreek (GM1509)
# Also writes participation-dossier.png next to it.
SCREENSHOT = REPO_ROOT / "var" / "screenshots" / "participation.png"


def iso(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def log_in(page: Page, base_url: str, device: TOTPDevice) -> None:
    page.goto(f"{base_url}/account/login/")
    page.locator('[name="auth-username"]').fill(CASE_WORKER)
    page.locator('[name="auth-password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    token_field = page.locator('[name="token-otp_token"]')
    expect(token_field).to_be_visible()
    token_field.fill(current_token(device))
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()


def answer(page: Page, **answers) -> None:
    for question, value in answers.items():
        page.locator(f'input[name="{question}"][value="{value}"]').check()


def test_case_worker_registers_measures_and_switches(
    transactional_db, live_server, page: Page, axe_source
):
    context = {}
    load_regions(context)
    load_accounts(context)
    user = User.objects.get(email=CASE_WORKER)
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    log_in(page, live_server.url, device)

    # --- Register a resident -----------------------------------------------------------------
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inwoners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inwoners")
    page.get_by_role("link", name="Nieuwe inwoner inschrijven").click()
    page.get_by_label("BSN").fill("1112.22.334")  # a typo: fails the 11-proof
    page.get_by_label("Voornamen").fill("Joke")
    page.get_by_label("Achternaam").fill("Wissink")
    page.get_by_label("Geboortedatum").fill("1979-09-21")
    page.get_by_label("Straat").fill("Kerkstraat")
    page.get_by_label("Huisnummer en toevoeging").fill("12a")
    page.get_by_label("Postcode").fill("7081 AB")
    page.get_by_label("Woonplaats").fill("Gendringen")
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_text("elfproef")).to_be_visible()
    expect(page.get_by_label("Achternaam")).to_have_value("Wissink")  # nothing lost
    page.get_by_label("BSN").fill("1112.22.333")
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Joke Wissink")
    expect(page.get_by_text("******333")).to_be_visible()
    assert "111222333" not in page.content()
    check_accessibility(page, axe_source, "the dossier page")

    # --- Start day care two years ago ---------------------------------------------------------
    page.get_by_role("link", name="Regeling starten").click()
    page.get_by_label("Regeling", exact=True).select_option(label="dagbesteding (Wmo)")
    page.get_by_label("Aanbieder of werkgever").fill("Atelier De Kleurrijke Brug")
    page.get_by_label("Uren per week").fill("8")
    page.get_by_label("Startdatum").fill(iso(730))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#running-arrangements")).to_contain_text("dagbesteding (Wmo)")

    # --- Measure the ladder a year ago: Samen suggests rung 3 from the day care ---------------
    page.get_by_role("link", name="Metingen en grafieken").first.click()
    page.get_by_role("link", name="Participatieladder meten").click()
    expect(page.get_by_test_id("arrangement-suggestion")).to_contain_text("trede 3")
    page.get_by_label("Datum van het gesprek").fill(iso(365))
    answer(
        page, paid_work="no", unpaid_work="no", organised_activities="yes", social_contacts="yes"
    )
    answer(page, wish="paid", hours="up_to_20", lasting_support="yes", barriers="no")
    page.get_by_role("button", name="Trede afleiden").click()
    expect(page.get_by_test_id("ladder-outcome")).to_contain_text("Huidige trede: 3")
    check_accessibility(page, axe_source, "the ladder form with its outcome")
    page.get_by_role("button", name="Trede bevestigen en opslaan").click()
    expect(page.get_by_text("Meting op de participatieladder vastgelegd.")).to_be_visible()

    # --- Switch to beschut werk half a year ago: first refused without UWV's advice -------------
    page.get_by_role("link", name="Joke Wissink").click()
    page.get_by_role("link", name="Wisselen vanuit dagbesteding (Wmo)").click()
    page.get_by_label("Regeling", exact=True).select_option(label="beschut werk")
    page.get_by_label("Aanbieder of werkgever").fill("Houtwerkplaats De Spaander")
    page.get_by_label("Uren per week").fill("12")
    page.get_by_label("Wisseldatum (start van de nieuwe regeling)").fill(iso(182))
    page.get_by_label("Reden van de wissel").fill("Ritme opgebouwd; wil werken in de houtbewerking")
    page.get_by_role("button", name="Wisselen").click()
    expect(page.get_by_role("alert")).to_contain_text("advies van UWV")
    page.get_by_label("Datum advies beschut werk (UWV)").fill(iso(200))
    page.get_by_role("button", name="Wisselen").click()
    expect(
        page.get_by_text(re.compile(r"Gewisseld: dagbesteding \(Wmo\) eindigt op"))
    ).to_be_visible()
    expect(page.locator("#running-arrangements")).to_contain_text("beschut werk")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT.with_name("participation-dossier.png")), full_page=True)

    # --- Measure again: paid work with support (rung 5) ---------------------------------------
    page.get_by_role("link", name="Metingen en grafieken").first.click()
    page.get_by_role("link", name="Participatieladder meten").click()
    page.get_by_label("Datum van het gesprek").fill(iso(30))
    answer(page, paid_work="yes", paid_work_support="yes", unpaid_work="no")
    answer(page, organised_activities="yes", social_contacts="yes")
    answer(page, wish="stay", hours="up_to_20", lasting_support="yes", barriers="no")
    page.get_by_role("button", name="Trede afleiden").click()
    expect(page.get_by_test_id("ladder-outcome")).to_contain_text("Huidige trede: 5")
    page.get_by_role("button", name="Trede bevestigen en opslaan").click()

    # --- The ladder chart shows both measurements and the switch -------------------------------
    chart = page.locator("#ladder-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("circle[data-rung]")).to_have_count(2)
    expect(chart.locator('circle[data-rung="3"]')).to_have_count(1)
    expect(chart.locator('circle[data-rung="5"]')).to_have_count(1)
    expect(chart.locator('[data-switch="beschut werk"]')).to_have_count(1)
    expect(chart.locator('path[data-series="arrangement"]')).to_have_count(1)
    table = page.locator("#ladder-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(page.locator("#arrangement-steps")).to_contain_text("beschut werk")
    expect(page.locator("#timeline")).to_contain_text("gewisseld naar beschut werk")

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    check_accessibility(page, axe_source, "the measurements page")

    if page.console_errors:
        print("\nConsole errors:\n  " + "\n  ".join(page.console_errors))
    assert not page.errors, f"JavaScript errors in the page: {page.errors}"
