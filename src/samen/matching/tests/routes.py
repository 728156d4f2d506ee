"""Route table of the matching module for the URL walk (samen.core.tests.test_url_permissions).

The walk logs in a case worker for Weert (GM0988) and every other role for the whole seed region.
The objects below are made in Weert; the walk's partner is not a member of the organisation that
offers the work, so it may read the opportunity but neither change it nor see its candidates.
"""

from datetime import date

from samen.accounts.roles import Role
from samen.core.tests.routes import ANON, API_ANON, LOGIN_REDIRECT, only

CW, ADMIN, PARTNER = Role.CASE_WORKER, Role.ADMIN, Role.PARTNER
VIEWERS = {PARTNER, CW, Role.FACILITATOR, ADMIN}
EDITORS = {PARTNER, CW, ADMIN}
PERSONAL = {CW, ADMIN}
QUALITY = {ADMIN, Role.CONTROLLER}


def post_only(roles, anonymous=LOGIN_REDIRECT):
    """A POST-only page opened with GET: 405 for those allowed, 403 for the rest."""
    return lambda role: anonymous if role == ANON else (405 if role in roles else 403)


def api(roles, ok=200):
    return only(roles, ok=ok, anonymous=API_ANON)


NO_KWARGS = {
    "opportunity-list",
    "opportunity-create",
    "match-list",
    "round-list",
    "round-start",
    "evaluation",
    "workopportunity-list",
    "assignmentrun-list",
    "evaluationrun-list",
}


def _objects(region):
    from ..models import AssignmentProposal, AssignmentRun, EvaluationRun
    from .factories import DossierFactory, MatchFactory, WorkOpportunityFactory, with_profile

    weert = region.municipalities.get(cbs_code="GM0988")
    dossier = with_profile(
        DossierFactory(municipality=weert), talent_codes=["afspraken-nakomen"], hours=16
    )
    opportunity = WorkOpportunityFactory(municipality=weert, asked=["afspraken-nakomen"])
    match = MatchFactory(dossier=dossier, opportunity=opportunity)
    run = AssignmentRun.objects.create(
        region=region, municipality=weert, status=AssignmentRun.Status.DONE, progress=100
    )
    proposal = AssignmentProposal.objects.create(
        run=run, dossier=dossier, opportunity=opportunity, score=50
    )
    evaluation = EvaluationRun.objects.create(
        source=EvaluationRun.Source.BENCHMARK, results={"samen": {"mrr": 0.5}}
    )
    return {
        "dossier": dossier,
        "opportunity": opportunity,
        "match": match,
        "run": run,
        "proposal": proposal,
        "evaluation": evaluation,
        "on": date.today(),
    }


#: Which object's uuid each route takes.
OBJECT_OF = {
    "opportunity": "opportunity",
    "workopportunity": "opportunity",
    "resident-ranking": "dossier",
    "match-propose": "dossier",
    "match": "match",
    "round": "run",
    "assignmentrun": "run",
    "proposal": "proposal",
    "evaluationrun": "evaluation",
}


def url_kwargs(name, region):
    short = name.split(":", 1)[-1]
    if short in NO_KWARGS:
        return {}
    objects = _objects(region)
    for prefix in sorted(OBJECT_OF, key=len, reverse=True):
        if short.startswith(prefix):
            return {"uuid": objects[OBJECT_OF[prefix]].uuid}
    raise KeyError(name)


EXPECTED = {
    # Web pages
    "matching:opportunity-list": only(VIEWERS),
    "matching:opportunity-create": only(EDITORS),
    "matching:opportunity-detail": only(VIEWERS),
    "matching:opportunity-update": only(PERSONAL),
    "matching:opportunity-candidates": only({CW}),
    "matching:resident-ranking": only({CW}),
    "matching:match-propose": post_only({CW}),
    "matching:match-list": only(PERSONAL),
    "matching:match-detail": only(PERSONAL),
    "matching:match-transition": post_only({CW}),
    "matching:round-list": only(PERSONAL),
    "matching:round-start": only({CW}),
    "matching:round-detail": only(PERSONAL),
    "matching:round-progress": only(PERSONAL),
    "matching:proposal-adopt": post_only({CW}),
    "matching:evaluation": only(QUALITY),
    # API
    "workopportunity-list": api(VIEWERS),
    "workopportunity-detail": api(VIEWERS),
    "workopportunity-candidates": api({CW}),
    "resident-ranking-detail": api({CW}),
    "match-list": api(PERSONAL),
    "match-detail": api(PERSONAL),
    "match-transition": api(PERSONAL, ok=405),
    "assignmentrun-list": api(PERSONAL),
    "assignmentrun-detail": api(PERSONAL),
    "assignmentrun-proposals": api(PERSONAL),
    "evaluationrun-list": api(QUALITY),
    "evaluationrun-detail": api(QUALITY),
}
