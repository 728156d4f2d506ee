"""End-to-end: a partner logs in, finds partners in the directory (live HTMX filtering), opens a
profile, and updates their own organisation's profile — in Debian's Chromium, with the CSP in force.

axe-core (WCAG 2.1 A/AA) runs on the directory with results, on a profile and on the edit form; no
serious or critical violations are allowed. Screenshots go to var/screenshots/network-*.png.

Run:  .venv/bin/python -m pytest tests/browser/test_network_directory.py -q -p no:cacheprovider
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

try:
    from playwright.sync_api import Page, expect
except ImportError as exc:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        raise
    pytest.skip(f"Playwright is not installed ({exc}).", allow_module_level=True)

from samen.accounts.demo import DEMO_PASSWORD
from samen.network.models import Organisation

from .test_allocation_journey import check_accessibility

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
PARTNER = "partner@samen.demo"
OWN_ORGANISATION = "Welzijnsstichting Samen Verder"
SCREENSHOTS = REPO_ROOT / "var" / "screenshots"


def log_in_as_partner(page: Page, base_url: str) -> None:
    """Partners are not municipal staff: e-mail and password, no second factor."""
    page.goto(f"{base_url}/account/login/")
    page.locator('[name="auth-username"]').fill(PARTNER)
    page.locator('[name="auth-password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()


def results_names(page: Page) -> list[str]:
    return page.locator("#directory-results tbody th a").all_inner_texts()


def test_partner_finds_partners_and_updates_own_profile(
    transactional_db, live_server, page: Page, axe_source
):
    call_command("load_demo", stdout=io.StringIO())
    log_in_as_partner(page, live_server.url)

    # --- The directory, from the main menu --------------------------------------------------
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Partners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners")
    expect(page.locator("#directory-count")).to_have_text("40 organisaties gevonden")

    # --- Live filtering: typing swaps the results in without reloading the page --------------
    page.evaluate("() => { window.samenNotReloaded = true; }")
    page.get_by_role("searchbox", name="Zoeken", exact=True).fill("dagbesteding hout")
    expect(page.locator("#directory-results")).to_contain_text("Dagbesteding Het Ambacht")
    expect(page).to_have_url(re.compile(r"/netwerk/\?.*q=dagbesteding(%20|\+)hout"))  # hx-push-url
    assert "Bakkerij Het Gouden Korenaar" not in results_names(page)

    page.get_by_label("Werkzaam in", exact=True).select_option(label="Weert")
    expect(page).to_have_url(re.compile(r"municipality=GM0988"))
    expect(page.locator("#directory-results tbody tr")).to_have_count(1)
    assert results_names(page) == ["Dagbesteding Het Ambacht"]
    assert page.evaluate("() => window.samenNotReloaded === true"), "results should come by HTMX"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "network-directory.png"), full_page=True)
    check_accessibility(page, axe_source, "the partner directory with results")

    # --- A profile: consented contacts only, endorsements, last confirmation -----------------
    page.get_by_role("link", name="Dagbesteding Het Ambacht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dagbesteding Het Ambacht")
    expect(page.locator("#contacts")).to_contain_text("Contactpunt Dagbesteding Het Ambacht")
    expect(page.locator("main")).not_to_contain_text("geen toestemming")
    expect(page.locator("#endorsements")).to_contain_text("Talentontwikkeling")
    expect(page.locator("#confirmation-status")).to_contain_text("bevestigd")
    expect(page.get_by_role("link", name="Profiel bewerken")).to_have_count(0)  # not the owner
    check_accessibility(page, axe_source, "a partner profile")

    # --- The partner's own organisation: edit and confirm ------------------------------------
    own = Organisation.objects.get(name=OWN_ORGANISATION)
    page.goto(f"{live_server.url}/netwerk/organisaties/{own.uuid}/")
    page.get_by_role("link", name="Profiel bewerken").click()
    page.screenshot(path=str(SCREENSHOTS / "network-profile-form.png"), full_page=True)
    check_accessibility(page, axe_source, "the profile edit form")
    page.get_by_label("Wat we zoeken").fill("Partners voor een inlooppunt in Budel")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Het profiel is opgeslagen")
    expect(page.locator("main")).to_contain_text("Partners voor een inlooppunt in Budel")
    page.get_by_role("button", name="Profiel is actueel").click()
    expect(page.locator("main")).to_contain_text("staat als actueel bevestigd")
    page.screenshot(path=str(SCREENSHOTS / "network-profile.png"), full_page=True)

    # --- The shared values with who endorsed them ---------------------------------------------
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Gedeelde waarden"
    ).click()
    expect(page.get_by_role("heading", name="6. Talentontwikkeling")).to_be_visible()
    expect(page.locator("main")).to_contain_text(OWN_ORGANISATION)
    check_accessibility(page, axe_source, "the shared values")

    if page.console_errors:
        print("\nConsole errors:\n  " + "\n  ".join(page.console_errors))
    assert not page.errors, f"JavaScript errors in the page: {page.errors}"
