"""End-to-end: a lead posts a half-yearly report, the aanjager's worklist updates, and the agenda of
the next platform meeting shows the report — in Debian's Chromium, with the site's CSP in force.

The lead (trekker8@samen.demo, a partner: no second factor) writes the missing report of the demo's
incomplete line "Positieve Gezondheid in de praktijk". The aanjager (staff: real two-step login)
sees the line leave the "no recent report" rule, plans the next meeting at the suggested place in
the rotation, and finds the report's traffic light and summary on its agenda. axe-core (WCAG 2.1
A/AA) runs on the report form, the report, the worklist and the meeting page; no serious or
critical violations are allowed. Screenshots go to var/screenshots/actionlines-*.png.

Run:  .venv/bin/python -m pytest tests/browser/test_actionlines_journey.py -q -p no:cacheprovider
"""

import io
import os
import re
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

from samen.accounts.demo import DEMO_PASSWORD
from samen.accounts.models import User
from samen.actionlines.models import ProgressReport

from .test_allocation_journey import check_accessibility, current_token

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "var" / "screenshots"
LEAD = "trekker8@samen.demo"
FACILITATOR = "aanjager@samen.demo"
LINE = "Positieve Gezondheid in de praktijk"
SUMMARY = "Vijftien huisartsen voeren nu het brede gesprek; de doorverwijzing naar welzijn loopt."


def log_in(page: Page, base_url: str, email: str, device: TOTPDevice | None = None) -> None:
    page.goto(f"{base_url}/account/login/")
    page.locator('[name="auth-username"]').fill(email)
    page.locator('[name="auth-password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if device is not None:
        token_field = page.locator('[name="token-otp_token"]')
        expect(token_field).to_be_visible()
        token_field.fill(current_token(device))
        page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()


def menu(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=label, exact=True
    ).click()


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"actionlines-{name}.png"), full_page=True)


def test_lead_reports_worklist_updates_agenda_shows_it(
    transactional_db, live_server, browser, axe_source
):
    call_command("load_demo", stdout=io.StringIO())
    device = TOTPDevice.objects.create(
        user=User.objects.get(email=FACILITATOR), name="default", confirmed=True
    )

    # --- The lead writes and submits the half-yearly report -----------------------------------
    lead_context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    lead_context.set_default_timeout(10_000)
    page = lead_context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, LEAD)
    menu(page, "Actielijnen")
    page.get_by_role("link", name=LINE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LINE)
    page.get_by_role("link", name="Halfjaarrapportage schrijven").click()
    check_accessibility(page, axe_source, "the report form")

    page.get_by_role("radio", name="Oranje – aandacht nodig").check()
    page.get_by_label("Samenvatting").fill(SUMMARY)
    page.get_by_label("Wat is er gedaan?").fill(
        "Scholing in twee praktijken in Weert en één in Nederweert."
    )
    page.get_by_label("Resultaten ten opzichte van het doel").fill(
        "Vijftien van de twintig huisartsen."
    )
    page.get_by_label("Wat is er nodig?").fill("Een partner in Cranendonck.")
    page.get_by_label("Volgende stappen").fill("Wijkverpleging in Budel betrekken.")
    page.get_by_role("button", name="Indienen").click()

    expect(page.get_by_role("status").first).to_contain_text("ingediend")
    expect(page.locator("#report-content")).to_contain_text(SUMMARY)
    expect(page.locator("#version-table")).to_contain_text("Versie 1")
    screenshot(page, "report")
    check_accessibility(page, axe_source, "the submitted report")
    assert ProgressReport.objects.filter(
        action_line__title=LINE, current_version__summary=SUMMARY
    ).exists()
    lead_context.close()

    # --- The aanjager's worklist no longer lists the line under "no recent report" ------------
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, FACILITATOR, device)
    menu(page, "Volledigheid")
    expect(page.get_by_role("heading", level=1)).to_have_text("Toetsen op volledigheid")
    expect(page.locator('[data-rule="no_recent_report"]')).to_have_text("0")
    expect(page.locator('[data-rule="no_partner"]')).to_have_text("1")  # the other gaps remain
    recent = page.locator("#rule-no_recent_report")
    expect(recent).to_contain_text("Niets te doen")
    screenshot(page, "worklist")
    check_accessibility(page, axe_source, "the completeness worklist")

    # --- The next platform meeting: the rotation suggests Nederweert; the agenda shows it -----
    menu(page, "Platformbijeenkomsten")
    page.get_by_role("link", name="Bijeenkomst plannen").click()
    expect(page.locator("#meeting-suggestion")).to_contain_text("Nederweert nu aan de beurt")
    expect(page.get_by_label("Gemeente")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Locatie").fill("Gemeenschapshuis Nederweert")
    page.get_by_role("button", name="Plannen").click()

    agenda = page.locator("#agenda-lines")
    row = agenda.locator("tr").filter(has=page.get_by_role("rowheader", name=LINE))
    expect(row).to_contain_text(SUMMARY)
    expect(row).to_contain_text("Oranje – aandacht nodig")
    expect(page.locator("#agenda-initiatives")).to_contain_text("Taalcafé aan het werk")
    screenshot(page, "agenda")
    check_accessibility(page, axe_source, "the meeting page with its agenda")
    context.close()

    assert not errors, f"JavaScript errors in the page: {errors}"
