"""Expected status per role for every reporting route (walked by core's test_url_permissions)."""

from samen.accounts.roles import Role
from samen.accounts.rules import BUDGET_WRITERS, GOVERNANCE
from samen.core.tests.routes import API_ANON, only
from samen.reporting.rules import DASHBOARD_READERS

from .factories import CouncilLetterFactory, MilestoneFactory, ProgrammeFactory

R = Role
WRITERS = BUDGET_WRITERS


def url_kwargs(name, region):
    short = name.split(":")[-1]
    if short in ("index", "worklist") or (name.endswith("-list") and ":" not in name):
        return {}
    if short == "region-dashboard" or name == "reporting-region-dashboard":
        return {"uuid": region.uuid, "query": "period=2021-H1"}
    if short in ("region-quickscan", "reporting-region-quickscan"):
        return {"uuid": region.uuid, "query": "change_on=2021-01-01&months=4"}
    if short in ("municipality-quickscan", "reporting-municipality-quickscan"):
        weert = region.municipalities.get(cbs_code="GM0988")
        return {"uuid": weert.uuid, "query": "change_on=2021-01-01&months=4"}
    if short == "municipality-dashboard" or name == "reporting-municipality-dashboard":
        return {"uuid": region.municipalities.get(cbs_code="GM0988").uuid}
    if short in ("letter-detail", "letter-preview", "letter-pdf", "reporting-councilletter-detail"):
        # A finalised letter (archived PDF): every governance role may read it.
        return {"uuid": final_letter(region).uuid}
    if short in ("letter-update", "letter-finalise"):
        return {"uuid": CouncilLetterFactory(region=region, period="2021-H2").uuid}
    if short in (
        "costs",
        "programme-create",
        "milestones",
        "milestone-create",
        "letter-list",
        "letter-create",
    ):
        return {"region": region.uuid}
    if short == "programme-update":
        return {"region": region.uuid, "uuid": ProgrammeFactory(region=region).uuid}
    if short == "milestone-update":
        return {"region": region.uuid, "uuid": MilestoneFactory(region=region).uuid}
    if short in ("milestone-detail", "milestone-document-add", "reporting-milestone-detail"):
        return {"uuid": MilestoneFactory(region=region).uuid}
    if name in ("reporting-programme-detail", "reporting-programme-costs"):
        return {"uuid": ProgrammeFactory(region=region).uuid}
    raise KeyError(name)


def final_letter(region):
    """A final letter with a real snapshot; its stored PDF is a stand-in (rendering a PDF for
    every role would only slow the walk down; test_letters renders real ones)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from samen.accounts.tests.factories import UserFactory
    from samen.reporting import letters

    letter = CouncilLetterFactory(region=region)
    if letter.is_final:
        return letter
    stand_in = b"%PDF-1.4 stand-in"
    letter.snapshot = letters.compose(letter)
    letter.pdf.save("brief.pdf", ContentFile(stand_in), save=False)
    letter.pdf_sha256 = letters.sha256(stand_in)
    letter.status = "final"
    letter.finalised_at = timezone.now()
    letter.finalised_by = UserFactory()
    letter.save()
    return letter


EXPECTED = {
    "reporting:index": only(DASHBOARD_READERS),
    "reporting:worklist": only(WRITERS),
    "reporting:region-dashboard": only(DASHBOARD_READERS),
    # The walk gives municipal roles (case worker, resident) Weert: the page is theirs.
    "reporting:municipality-dashboard": only(DASHBOARD_READERS),
    "reporting-region-dashboard": only(DASHBOARD_READERS, anonymous=API_ANON),
    "reporting-municipality-dashboard": only(DASHBOARD_READERS, anonymous=API_ANON),
    "reporting:region-quickscan": only(DASHBOARD_READERS),
    "reporting:municipality-quickscan": only(DASHBOARD_READERS),
    "reporting-region-quickscan": only(DASHBOARD_READERS, anonymous=API_ANON),
    "reporting-municipality-quickscan": only(DASHBOARD_READERS, anonymous=API_ANON),
    "reporting:costs": only(GOVERNANCE),
    "reporting:programme-create": only(WRITERS),
    "reporting:programme-update": only(WRITERS),
    "reporting:milestones": only(GOVERNANCE),
    "reporting:milestone-create": only(WRITERS),
    "reporting:milestone-update": only(WRITERS),
    "reporting:milestone-detail": only(GOVERNANCE),
    # POST only: a GET is "method not allowed" for those who may post, refused for the others.
    "reporting:milestone-document-add": only(WRITERS, ok=405),
    "reporting:letter-list": only(GOVERNANCE),
    "reporting:letter-create": only(WRITERS),
    "reporting:letter-detail": only(GOVERNANCE),
    "reporting:letter-preview": only(GOVERNANCE),
    "reporting:letter-pdf": only(GOVERNANCE),
    "reporting:letter-update": only(WRITERS),
    # POST only.
    "reporting:letter-finalise": only(WRITERS, ok=405),
    "reporting-councilletter-list": only(GOVERNANCE, anonymous=API_ANON),
    "reporting-councilletter-detail": only(GOVERNANCE, anonymous=API_ANON, refused=403),
    "reporting-programme-list": only(GOVERNANCE, anonymous=API_ANON),
    "reporting-programme-detail": only(GOVERNANCE, anonymous=API_ANON, refused=403),
    "reporting-programme-costs": only(GOVERNANCE, anonymous=API_ANON, refused=403),
    "reporting-milestone-list": only(GOVERNANCE, anonymous=API_ANON),
    "reporting-milestone-detail": only(GOVERNANCE, anonymous=API_ANON, refused=403),
}
