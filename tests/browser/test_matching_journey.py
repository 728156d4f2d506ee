"""End-to-end: a case worker (klantmanager) of Weert opens the explained ranking of work for a
resident, records the best fit as a proposal, confirms the first step and starts an assignment round.

Runs in Debian's Chromium with the site's CSP in force and a real two-step login; axe-core (WCAG 2.1
A/AA) checks the ranking, the match and the round pages. Saves a screenshot of the ranking to
var/screenshots/matching.png.

Run:  .venv/bin/python -m pytest tests/browser/test_matching_journey.py -q -p no:cacheprovider
"""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

try:
    from playwright.sync_api import Page, expect
except ImportError as exc:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        raise
    pytest.skip(f"Playwright is not installed ({exc}).", allow_module_level=True)

from samen.accounts.demo import DEMO_PASSWORD
from samen.accounts.demo import load as load_accounts
from samen.accounts.models import Membership, User
from samen.accounts.roles import Role
from samen.regions.demo import load as load_regions
from samen.regions.models import Municipality

from .test_allocation_journey import check_accessibility, current_token

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
CASE_WORKER = "klantmanager.matching@samen.demo"
SCREENSHOT = REPO_ROOT / "var" / "screenshots" / "matching.png"


def setup_data():
    from django.core.management import call_command

    # An earlier transactional test may have flushed the vocabulary its data migration loaded.
    call_command("load_talents", verbosity=0)
    from samen.matching.tests.factories import (
        DossierFactory,
        OrganisationFactory,
        WorkOpportunityFactory,
        with_profile,
    )

    context = {}
    load_regions(context)
    load_accounts(context)
    weert = Municipality.objects.get(cbs_code="GM0988")
    user, _ = User.objects.get_or_create(email=CASE_WORKER, defaults={"full_name": "Wim Werk"})
    user.set_password(DEMO_PASSWORD)
    user.save()
    Membership.objects.create(
        user=user, role=Role.CASE_WORKER, municipality=weert, valid_from=date(2019, 1, 1)
    )
    organisation = OrganisationFactory(region=weert.region, name="Logistiek Centrum Kempenpoort")
    WorkOpportunityFactory(
        municipality=weert,
        organisation=organisation,
        title="Orderpicker in het magazijn",
        asked=["afspraken-nakomen", "nauwkeurig-werken", "zelfstandig-werken"],
        taught=["zelfstandig-werken"],
        hours_min=16,
        hours_max=24,
    )
    WorkOpportunityFactory(
        municipality=weert,
        organisation=organisation,
        title="Garantiebaan retour",
        kind="job_guarantee",
    )
    dossier = DossierFactory(municipality=weert, given_names="Maarten", surname="Verbeek")
    with_profile(dossier, talent_codes=["afspraken-nakomen", "nauwkeurig-werken"], hours=20)
    return user, dossier


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


def test_case_worker_ranks_proposes_and_confirms(
    transactional_db, live_server, page: Page, axe_source
):
    user, dossier = setup_data()
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    log_in(page, live_server.url, device)

    # --- The explained ranking; the garantiebaan is only shown with its legal reason ----------
    page.goto(f"{live_server.url}/matching/inwoners/{dossier.uuid}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Passend werk voor Maarten Verbeek")
    best = page.locator(".samen-ranking > li").first
    expect(best).to_contain_text("Orderpicker in het magazijn")
    expect(best).to_contain_text("Talenten die passen (2 van 3 gevraagd)")
    expect(best).to_contain_text("Gevraagd en hier aan te leren: Zelfstandig werken")
    expect(page.locator(".samen-ranking")).not_to_contain_text("Garantiebaan retour")
    page.get_by_label("Toon ook werkplekken die (nog) niet kunnen, met de reden").check()
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(".samen-ranking")).to_contain_text("doelgroepregister")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    check_accessibility(page, axe_source, "the ranking for a resident")

    # --- Record the best fit as a proposal and confirm the first step ---------------------------
    best.get_by_role("button", name="Vastleggen als voorstel").click()
    expect(page).to_have_url(re.compile(r"/matching/matches/[0-9a-f-]{36}/$"))
    expect(page.get_by_text("De match is vastgelegd als voorstel.")).to_be_visible()
    check_accessibility(page, axe_source, "a match")
    page.get_by_role("button", name="Besproken met de inwoner").click()
    expect(page.get_by_text("De stap is vastgelegd.")).to_be_visible()
    expect(page.locator("dl")).to_contain_text("besproken met inwoner")

    # --- An assignment round for Weert ----------------------------------------------------------
    page.goto(f"{live_server.url}/matching/rondes/nieuw/")
    page.get_by_label("Voor wie").select_option(label="Gemeente Weert")
    page.get_by_role("button", name="Ronde starten").click()
    expect(page.get_by_role("status").filter(has_text="klaar")).to_be_visible()
    check_accessibility(page, axe_source, "an assignment round")

    assert not page.errors, f"JavaScript errors in the page: {page.errors}"
