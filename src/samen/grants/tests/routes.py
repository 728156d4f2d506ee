"""Route table of the grants module for the URL walk (samen.core.tests.test_url_permissions).

The walk's partner speaks for no organisation, so someone else's application is a 404 for them.
"""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from samen.accounts.roles import Role
from samen.accounts.rules import BUDGET_WRITERS, GOVERNANCE
from samen.core.tests.routes import ANON, API_ANON, LOGIN_REDIRECT, everyone, only

R = Role
CASE_HANDLERS = {R.FACILITATOR, R.STEERING_MEMBER, R.DECISION_MAKER, R.CONTROLLER, R.ADMIN}
APPLICATION_READERS = CASE_HANDLERS | {R.PARTNER}
SCHEME_READERS = set(GOVERNANCE) | {R.PARTNER}
REVIEW_READERS = {R.STEERING_MEMBER, R.FACILITATOR, R.DECISION_MAKER, R.ADMIN}
WALK_FILE = "grants/route-walk/document.pdf"


def _walk_objects(region):
    """One scheme with a budget, a submitted application with an attachment, a review and a
    decision with its letter — made once per test (kept on the region instance)."""
    cached = getattr(region, "_grants_walk", None)
    if cached:
        return cached
    from samen.grants.models import Attachment, Decision, Review

    from .factories import SchemeFactory, budget, staff, submitted

    scheme = SchemeFactory(region=region)
    budget(scheme, ceiling=Decimal("100000"))
    application, partner = submitted(scheme)
    if not default_storage.exists(WALK_FILE):
        default_storage.save(WALK_FILE, ContentFile(b"%PDF-1.4\n% route walk\n"))
    attachment = Attachment.objects.create(
        application=application,
        title="Begroting",
        file=WALK_FILE,
        original_name="begroting.pdf",
        content_type="application/pdf",
        size=24,
        uploaded_by=partner,
    )
    review = Review.objects.create(
        application=application, reviewer=staff(R.STEERING_MEMBER, region), view="Goed."
    )
    decision = Decision.objects.create(
        application=application,
        kind=Decision.Kind.REFUSAL,
        reasons="Route walk.",
        decided_by=staff(R.DECISION_MAKER, region),
        mandate_reference="Mandaat",
        issuing_body=scheme.issuing_body,
        document=WALK_FILE,
    )
    from samen.grants.models import BudgetYear

    region._grants_walk = {
        "scheme": scheme,
        "application": application,
        "attachment": attachment,
        "review": review,
        "decision": decision,
        "budget_year": BudgetYear.objects.get(scheme=scheme),
    }
    return region._grants_walk


def url_kwargs(name, region):
    bare = name.split(":")[-1]
    if bare in {
        "application-list",
        "register",
        "worklist",
        "scheme-list",
        "scheme-create",
    } or bare.endswith("-list"):
        return {}
    objects = _walk_objects(region)
    if bare.startswith("scheme") or bare in {
        "ledger",
        "ceiling",
        "carry-over",
        "application-create",
    }:
        return {"uuid": objects["scheme"].uuid}
    if bare.startswith("grant-scheme"):
        return {"uuid": objects["scheme"].uuid}
    if bare == "attachment-download":
        return {"uuid": objects["attachment"].uuid}
    if bare in {"decision-document", "grant-decision-detail"}:
        return {"uuid": objects["decision"].uuid}
    if bare == "grant-review-detail":
        return {"uuid": objects["review"].uuid}
    if bare == "grant-ledger-detail":
        return {"uuid": objects["budget_year"].uuid}
    if bare == "transition":
        return {"uuid": objects["application"].uuid, "step": "accept"}
    return {"uuid": objects["application"].uuid}


def application_page(ok=200, staff_without_perm=None):
    """A page of the walk's application: case handlers ``ok``, everyone else 404."""

    def expect(role):
        if role == ANON:
            return LOGIN_REDIRECT
        if role in CASE_HANDLERS:
            return (
                ok
                if staff_without_perm is None or role in staff_without_perm[0]
                else staff_without_perm[1]
            )
        return 404

    return expect


def api_detail(readers, hidden_for=frozenset()):
    def expect(role):
        if role == ANON:
            return API_ANON
        if role in hidden_for:
            return 404
        return 200 if role in readers else 403

    return expect


EXPECTED = {
    # Web
    "grants:application-list": only(APPLICATION_READERS),
    "grants:register": everyone(anonymous=200),
    "grants:worklist": only(APPLICATION_READERS),
    "grants:scheme-list": only(SCHEME_READERS),
    "grants:scheme-create": only(BUDGET_WRITERS),
    "grants:scheme-detail": only(SCHEME_READERS),
    "grants:scheme-edit": only(BUDGET_WRITERS),
    "grants:ledger": only(GOVERNANCE),
    "grants:ceiling": only(BUDGET_WRITERS, ok=302),
    "grants:carry-over": only(BUDGET_WRITERS, ok=302),
    "grants:application-create": only({R.PARTNER}),
    "grants:application-detail": application_page(),
    # Staff see the application but are not its applicant: editing is refused.
    "grants:application-edit": application_page(ok=403),
    "grants:application-autosave": everyone(ok=405),
    "grants:attachment-upload": everyone(ok=405),
    "grants:review": application_page(staff_without_perm=({R.STEERING_MEMBER}, 403)),
    "grants:transition": application_page(),
    "grants:attachment-download": application_page(),
    "grants:decision-document": application_page(),
    # API
    "grant-scheme-list": only(SCHEME_READERS, anonymous=API_ANON),
    "grant-scheme-detail": only(SCHEME_READERS, anonymous=API_ANON),
    "grant-application-list": only(APPLICATION_READERS, anonymous=API_ANON),
    "grant-application-detail": api_detail(APPLICATION_READERS, hidden_for={R.PARTNER}),
    "grant-application-transitions": only(APPLICATION_READERS, ok=405, anonymous=API_ANON),
    "grant-review-list": only(REVIEW_READERS, anonymous=API_ANON),
    "grant-review-detail": only(REVIEW_READERS, anonymous=API_ANON),
    "grant-decision-list": only(APPLICATION_READERS, anonymous=API_ANON),
    "grant-decision-detail": api_detail(APPLICATION_READERS, hidden_for={R.PARTNER}),
    "grant-ledger-list": only(GOVERNANCE, anonymous=API_ANON),
    "grant-ledger-detail": only(GOVERNANCE, anonymous=API_ANON),
    "grant-register-list": everyone(anonymous=200),
}
