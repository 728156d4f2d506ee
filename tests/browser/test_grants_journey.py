"""End-to-end: a subsidy application from concept to beschikking, in Debian's Chromium.

A partner fills in an application on the open demo scheme (the draft is saved by HTMX as they
type) and submits it; the facilitator finds it complete; two steering members score it on the
scorecard; the facilitator fixes the advice; the team leader awards it under mandate and sends the
beschikking; the letter is a PDF that holds the amount. Staff log in with two-factor
authentication. axe-core (WCAG 2.1 A/AA) checks the application form, the scorecard, the decision
form and the application page with its decision; a screenshot of the last goes to
var/screenshots/grants.png.

Run:  .venv/bin/python -m pytest tests/browser/test_grants_journey.py -q -p no:cacheprovider
"""

import io
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

try:
    from playwright.sync_api import Page, expect
except ImportError as exc:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        raise
    pytest.skip(f"Playwright is not installed ({exc}).", allow_module_level=True)

from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.demo import DEMO_PASSWORD
from samen.accounts.models import User

from .test_allocation_journey import check_accessibility, current_token

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO_ROOT / "var" / "screenshots" / "grants.png"
OPEN_SCHEME = "Experimenteerregeling Samen aan de Slag! – doorlopende demoregeling"
TITLE = "Buurtwerkplaats voor jongeren"


def log_in(browser, base_url: str, email: str, staff: bool) -> Page:
    """A fresh browser context logged in as ``email`` (with a second factor for staff)."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    # As two_factor's set-up wizard leaves it: the login asks a token from the device "default".
    device = (
        TOTPDevice.objects.create(
            user=User.objects.get(email=email), name="default", confirmed=True
        )
        if staff
        else None
    )
    page.goto(f"{base_url}/account/login/")
    page.locator('[name="auth-username"]').fill(email)
    page.locator('[name="auth-password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if device:
        page.locator('[name="token-otp_token"]').fill(current_token(device))
        page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    return page


def take_step(page: Page, step: str, fill=None) -> None:
    """Open a step from the application page, fill its form and confirm it."""
    page.locator("#next-steps").get_by_role("link", name=step, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(step)
    if fill:
        fill(page)
    page.get_by_role("button", name=step, exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Gedaan")


def test_partner_submits_members_score_decision_maker_awards(
    transactional_db, live_server, browser, axe_source
):
    call_command("load_demo", stdout=io.StringIO())
    base = live_server.url
    today = timezone.localdate()

    # --- Partner: start, fill in (autosaved), submit ------------------------------------------
    partner = log_in(browser, base, "partner@samen.demo", staff=False)
    partner.goto(f"{base}/subsidies/regelingen/")
    partner.get_by_role("link", name=OPEN_SCHEME).click()
    partner.get_by_role("link", name="Subsidie aanvragen").click()
    partner.get_by_label("Titel van het experiment").fill(TITLE)
    partner.get_by_role("button", name="Aanvraag beginnen").click()
    expect(partner).to_have_url(re.compile(r"/subsidies/aanvragen/[0-9a-f-]{36}/bewerken/$"))

    partner.locator('[name="description"]').fill("Jongeren repareren fietsen voor buurtgenoten.")
    expect(partner.locator("#autosave-status")).to_contain_text(
        "Concept opgeslagen"
    )  # HTMX autosave
    partner.get_by_label("Beoogde resultaten").fill(
        "Vijftien jongeren doen mee, vijf vinden een leerbaan."
    )
    partner.locator('input[name="values"]').first.check()
    partner.get_by_label("Start activiteit").fill((today + timedelta(days=30)).isoformat())
    partner.get_by_label("Einde activiteit").fill((today + timedelta(days=210)).isoformat())
    partner.locator('[name="lines-0-description"]').fill("Gereedschap en begeleiding")
    partner.locator('[name="lines-0-amount"]').fill("7.500")
    partner.locator('[name="lines-0-co_financing"]').fill("1.000")
    partner.get_by_label("Gevraagd bedrag (euro)").fill("6.000")
    for answer in partner.locator('textarea[name^="question_"]').all():
        answer.fill("Met de buurtvereniging en het vakcollege.")
    # Let the last autosave finish first: the test server's in-memory SQLite shares one
    # connection between its threads, so two requests at once would trip over each other.
    partner.keyboard.press("Tab")
    partner.wait_for_timeout(1500)
    partner.wait_for_load_state("networkidle")
    check_accessibility(partner, axe_source, "the application form")
    partner.get_by_role("button", name="Opslaan en naar indienen").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("Indienen")
    partner.get_by_role("button", name="Indienen", exact=True).click()
    expect(partner.locator("#application-status")).to_have_text("Ingediend")
    application_url = partner.url
    expect(partner.locator("#deadlines")).to_contain_text("Uiterste beslisdatum")

    # --- Facilitator: complete -> in review ---------------------------------------------------
    facilitator = log_in(browser, base, "aanjager@samen.demo", staff=True)
    facilitator.goto(application_url)
    take_step(facilitator, "Volledig: in behandeling nemen")
    expect(facilitator.locator("#application-status")).to_have_text("In behandeling")

    # --- Two steering members score the criteria ----------------------------------------------
    for email, scores in (
        ("stuurgroep@samen.demo", ["5", "4", "4"]),
        ("adviseur@samen.demo", ["4", "4", "na"]),
    ):
        member = log_in(browser, base, email, staff=True)
        member.goto(application_url)
        member.get_by_role("link", name="Beoordelen (scorekaart)").click()
        for index, value in enumerate(scores):
            member.locator('select[name^="score_"]').nth(index).select_option(value)
            member.locator('textarea[name^="justification_"]').nth(index).fill(
                "Onderbouwing van de score."
            )
        member.get_by_label("Uw zienswijze op de aanvraag als geheel").fill(
            "Past goed bij de gedeelde waarden."
        )
        if email.startswith("stuurgroep"):
            check_accessibility(member, axe_source, "the scorecard")
        member.get_by_role("button", name="Beoordeling indienen").click()
        expect(member.get_by_role("status").first).to_contain_text("ingediend")
        member.context.close()

    facilitator.reload()
    take_step(facilitator, "Advies vaststellen")
    expect(facilitator.locator("#advice-outcome")).to_contain_text("Positief")

    # --- Decision maker: award under mandate, send the beschikking ----------------------------
    leader = log_in(browser, base, "teamleider@samen.demo", staff=True)
    leader.goto(application_url)
    leader.locator("#next-steps").get_by_role("link", name="Besluiten", exact=True).click()
    leader.get_by_label("Verlenen (geheel of gedeeltelijk)").check()
    expect(leader.get_by_label("Te verlenen bedrag (euro)")).to_have_value("6.000,00")
    leader.get_by_label("Motivering").fill(
        "Het experiment voldoet aan het toetsingskader; de stuurgroep adviseert positief."
    )
    check_accessibility(leader, axe_source, "the decision form")
    leader.get_by_role("button", name="Besluiten", exact=True).click()
    expect(leader.locator("#application-status")).to_have_text("Besluit genomen")
    take_step(leader, "Beschikking verzenden")
    expect(leader.locator("#application-status")).to_have_text("Beschikking verzonden")

    link = leader.locator("#decisions").get_by_role("link", name="PDF downloaden")
    expect(link).to_be_visible()
    letter = leader.request.get(base + link.get_attribute("href"))
    assert letter.ok and letter.headers["content-type"] == "application/pdf"
    import pypdf

    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(letter.body())).pages)
    assert (
        "6.000,00" in text and "Namens het college van burgemeester en wethouders van Weert" in text
    )
    assert "zes weken" in text

    # The applicant sees the sent decision and can download the same letter.
    partner.reload()
    expect(partner.locator("#decisions")).to_contain_text("Verleend")
    mine = partner.request.get(
        base
        + partner.locator("#decisions")
        .get_by_role("link", name="PDF downloaden")
        .get_attribute("href")
    )
    assert mine.ok and mine.body().startswith(b"%PDF")

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    leader.screenshot(path=str(SCREENSHOT), full_page=True)
    check_accessibility(leader, axe_source, "the application page with its decision")
    for page in (partner, facilitator, leader):
        assert not page.errors, f"JavaScript errors: {page.errors}"
        page.context.close()
