"""End-to-end: a controller logs in with two-factor authentication and splits an amount over the
municipalities of the demo region, in Debian's Chromium, with the site's CSP in force.

Also runs axe-core (WCAG 2.1 A/AA) on the login page and on the allocation page with a result, and
saves a screenshot of the result to var/screenshots/allocation.png for humans to look at.

Run:  .venv/bin/python -m pytest tests/browser -q -p no:cacheprovider   (add -s to see axe's minor findings)
"""

import io
import os
import re
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

try:
    from playwright.sync_api import Page, expect
except ImportError as exc:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        raise  # in CI a missing Playwright must fail the run, not skip it
    pytest.skip(f"Playwright is not installed ({exc}).", allow_module_level=True)

from samen.accounts.demo import DEMO_PASSWORD
from samen.accounts.models import User

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTROLLER = "controller@samen.demo"
REGION = "Samen aan de slag"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
SCREENSHOT = REPO_ROOT / "var" / "screenshots" / "allocation.png"

# (CBS code, municipality, share, amount) for € 100.000 split by population:
# 20.500 / 17.000 / 49.500 of 87.000 inhabitants, whole euros by largest remainder.
EXPECTED = [
    ("GM1706", "Cranendonck", "23,6%", "€ 23.563"),
    ("GM0946", "Nederweert", "19,5%", "€ 19.540"),
    ("GM0988", "Weert", "56,9%", "€ 56.897"),
]


def current_token(device: TOTPDevice) -> str:
    """The code an authenticator app would show now for ``device``."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def check_accessibility(page: Page, axe_source: str, where: str) -> None:
    """Run axe-core on the page as it is now; fail on serious or critical WCAG 2.1 A/AA violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, so `script-src 'self'` need not be relaxed
        # (an inline <script> from add_script_tag would be refused by the CSP).
        page.evaluate(axe_source)
    results = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return {
                passes: results.passes.length,
                incomplete: results.incomplete.map((v) => v.id),
                violations: results.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
                })),
            };
        }""",
        AXE_TAGS,
    )
    violations = results["violations"]
    assert results["passes"] > 0, f"axe checked nothing on {where}; was it injected?"
    report = []
    for v in violations:
        report.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            report.append(f"    target {' '.join(node['target'])}: {node['html'][:200]}")
            report.append("      " + (node["summary"] or "").replace("\n", "\n      "))
    print(
        f"\naxe on {where}: {results['passes']} rules passed, {len(violations)} violated, "
        f"to check by hand: {', '.join(results['incomplete']) or 'none'}"
    )
    if report:
        print("\n".join(report))
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, (
        f"axe found {len(blocking)} serious/critical WCAG violation(s) on {where} ({page.url}):\n"
        + "\n".join(report)
    )


def log_in_with_second_factor(page: Page, base_url: str, device: TOTPDevice) -> None:
    page.goto(f"{base_url}/account/login/")
    page.locator('[name="auth-username"]').fill(CONTROLLER)
    page.locator('[name="auth-password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    token_field = page.locator('[name="token-otp_token"]')
    expect(token_field).to_be_visible()
    token_field.fill(current_token(device))
    page.get_by_role("button", name="Volgende").click()
    # Logged in and verified: the main navigation appears and no set-up of 2FA is demanded.
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    assert "/account/two_factor/setup" not in page.url


def test_controller_allocates_an_amount_over_the_region(
    transactional_db, live_server, page: Page, axe_source
):
    call_command("load_demo", stdout=io.StringIO())
    user = User.objects.get(email=CONTROLLER)
    # As two_factor's set-up wizard leaves it: its login only asks for a token from the device
    # named "default" (two_factor.utils.default_device).
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)

    # --- Login page is accessible, then the real two-step login -------------------------------
    page.goto(f"{live_server.url}/account/login/")
    expect(page.locator('[name="auth-username"]')).to_be_visible()
    check_accessibility(page, axe_source, "the login page")
    log_in_with_second_factor(page, live_server.url, device)

    # --- Region list -> region -> allocation page ---------------------------------------------
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Regio's").click()
    page.get_by_role("link", name=REGION).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(REGION)
    page.get_by_role("link", name="Een bedrag verdelen over de gemeenten").click()
    expect(page).to_have_url(re.compile(r"/regio/[0-9a-f-]{36}/verdelen/$"))

    # --- Split € 100.000 by population; HTMX swaps the table in without reloading the page -----
    page.evaluate("() => { window.samenNotReloaded = true; }")
    page.get_by_label("Bedrag in euro's").fill("100.000")
    page.get_by_label("Verdeelsleutel").select_option(label="Naar inwoneraantal (alle gemeenten)")
    page.get_by_role("button", name="Verdelen", exact=True).click()

    result = page.locator("#allocation-result")
    table = result.locator("#allocation-table")
    expect(table).to_be_visible()
    for cbs_code, name, share, amount in EXPECTED:
        expect(table.locator(f'[data-cbs="{cbs_code}"]')).to_have_text(amount)
        row = table.locator("tbody tr").filter(
            has=page.get_by_role("rowheader", name=name, exact=True)
        )
        expect(row.locator("td").nth(1)).to_have_text(share)
    expect(table.locator("tfoot")).to_contain_text("€ 100.000")
    assert page.evaluate("() => window.samenNotReloaded === true"), (
        "the result should be swapped in by HTMX"
    )
    expect(page).to_have_url(re.compile(r"/verdelen/\?.*amount=100\.000"))  # hx-push-url

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    check_accessibility(page, axe_source, "the allocation page with a result")

    # --- A negative amount is refused in Dutch ------------------------------------------------
    page.get_by_label("Bedrag in euro's").fill("-5")
    page.get_by_role("button", name="Verdelen", exact=True).click()
    expect(result.get_by_role("alert")).to_contain_text("negatief")
    expect(result.locator("#allocation-table")).to_have_count(0)

    if page.console_errors:
        print("\nConsole errors:\n  " + "\n  ".join(page.console_errors))
    assert not page.errors, f"JavaScript errors in the page: {page.errors}"
