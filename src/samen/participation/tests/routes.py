"""Route table of the participation module for the URL walk (samen.core.tests.test_url_permissions).

The walk logs in a case worker for Weert (GM0988) and every other role for the whole seed region;
the objects below are created in Weert, so the case worker and the administrator reach them.
A case worker of another municipality is tested separately (test_permission_matrix.py).
"""

from samen.accounts.roles import ALL_ROLES, Role
from samen.core.tests.routes import ANON, API_ANON, LOGIN_REDIRECT, only

CW, ADMIN, PARTNER = Role.CASE_WORKER, Role.ADMIN, Role.PARTNER
READERS = {CW, ADMIN}


def post_only(roles, anonymous=LOGIN_REDIRECT):
    """A POST-only page or endpoint opened with GET: 405 for those allowed, 403 for the rest."""
    return lambda role: anonymous if role == ANON else (405 if role in roles else 403)


def api(roles, ok=200):
    return only(roles, ok=ok, anonymous=API_ANON)


def partner_not_member(anonymous=LOGIN_REDIRECT):
    """The walk's partner is not a member of the organisation the consent names: 404."""
    return lambda role: anonymous if role == ANON else (404 if role == PARTNER else 403)


def _organisation(region):
    from samen.network.models import Organisation, StakeholderGroup

    group, _ = StakeholderGroup.objects.get_or_create(name="Aanbieders (test)")
    organisation, _ = Organisation.objects.get_or_create(
        region=region, name="Zorgboerderij De Linde (test)", defaults={"stakeholder_group": group}
    )
    return organisation


NO_KWARGS = {
    "resident-list",
    "resident-create",
    "retention-list",
    "shared-list",
    "talent-list",
    "dossier-list",
    "shared-profile-list",
    "resident-search",
}


def _consent(dossier, region):
    """The running consent for the test organisation, when a reused dossier has one already."""
    return dossier.consents.active().filter(organisation=_organisation(region)).first()


def url_kwargs(name, region):
    return build_kwargs(name, region.municipalities.get(cbs_code="GM0988"))


def build_kwargs(name, municipality, dossier=None):
    """URL kwargs for ``name`` with a (new) dossier in ``municipality`` and the part it needs."""
    from samen.participation import services
    from samen.participation.models import BenefitEpisode

    from .factories import ArrangementFactory, DossierFactory

    short = name.split(":")[-1].removeprefix("participation-")
    if short in NO_KWARGS:
        return {}
    if short == "talent-detail":
        return {"code": "afspraken-nakomen"}
    region = municipality.region
    dossier = dossier or DossierFactory(municipality=municipality)
    if short in ("shared-detail", "shared-profile-detail"):
        consent = _consent(dossier, region) or services.give_consent(
            dossier,
            organisation=_organisation(region),
            shared=["talents"],
            form="written",
            given_on=dossier.opened_on,
            actor=None,
        )
        return {"pseudonym": consent.pseudonym}
    if short in ("resident-detail", "resident-reveal-bsn"):
        return {"uuid": dossier.resident.uuid}
    kwargs = {"uuid": dossier.uuid}
    if short in ("pillar-update", "dossier-pillar"):
        kwargs["kind"] = "work"
    elif short in ("benefit-end", "dossier-end-benefit-episode"):
        episode = BenefitEpisode.objects.create(
            dossier=dossier, kind=BenefitEpisode.Kind.BIJSTAND, started_on=dossier.opened_on
        )
        kwargs["part"] = episode.uuid
    elif short in ("arrangement-switch", "arrangement-end", "dossier-end-arrangement"):
        kwargs["part"] = ArrangementFactory(dossier=dossier).uuid
    elif short in ("consent-withdraw", "dossier-withdraw-consent"):
        consent = _consent(dossier, region) or services.give_consent(
            dossier,
            organisation=_organisation(region),
            shared=["talents"],
            form="written",
            given_on=dossier.opened_on,
            actor=None,
        )
        kwargs["part"] = consent.uuid
    return kwargs


#: Routes that show a resident's data: each must write the access log (test_access_log.py).
DOSSIER_PAGES = [
    "participation:dossier-detail",
    "participation:resident-update",
    "participation:dossier-close",
    "participation:pillar-update",
    "participation:plan-update",
    "participation:contact-create",
    "participation:benefit-create",
    "participation:benefit-end",
    "participation:arrangement-create",
    "participation:arrangement-switch",
    "participation:arrangement-end",
    "participation:target-group-create",
    "participation:measurements",
    "participation:ladder-create",
    "participation:health-create",
    "participation:self-reliance-create",
    "participation:talent-profile-update",
    "participation:consent-create",
]
DOSSIER_API_READS = [
    "participation-resident-detail",
    "participation-dossier-detail",
    "participation-dossier-contact-moments",
    "participation-dossier-income",
    "participation-dossier-arrangements",
    "participation-dossier-target-group",
    "participation-dossier-measurements",
    "participation-dossier-talent-profile",
    "participation-dossier-plan",
    "participation-dossier-consents",
]
#: POST-only routes (GET answers 405 to those allowed).
POST_ONLY_PAGES = {
    "participation:reveal-bsn": {CW},
    "participation:dossier-reopen": READERS,
    "participation:consent-withdraw": READERS,
}
POST_ONLY_API = [
    "participation-resident-search",
    "participation-resident-reveal-bsn",
    "participation-dossier-switch",
    "participation-dossier-close",
    "participation-dossier-reopen",
    "participation-dossier-ladder-assessments",
    "participation-dossier-health-assessments",
    "participation-dossier-self-reliance-assessments",
    "participation-dossier-pillar",
    "participation-dossier-end-arrangement",
    "participation-dossier-end-benefit-episode",
    "participation-dossier-withdraw-consent",
]

#: Pages only a case worker opens (they record something); the administrator only reads/corrects.
CASE_WORKER_PAGES = {
    "participation:resident-create",
    "participation:contact-create",
    "participation:benefit-create",
    "participation:arrangement-create",
    "participation:arrangement-switch",
    "participation:target-group-create",
    "participation:ladder-create",
    "participation:health-create",
    "participation:self-reliance-create",
    "participation:consent-create",
}

EXPECTED = {
    "participation:resident-list": only(READERS),
    **{name: only({CW} if name in CASE_WORKER_PAGES else READERS) for name in DOSSIER_PAGES},
    "participation:resident-create": only({CW}),
    **{name: post_only(roles) for name, roles in POST_ONLY_PAGES.items()},
    "participation:retention-list": only({ADMIN}),
    "participation:shared-list": only({PARTNER}),
    "participation:shared-detail": partner_not_member(),
    "participation:talent-list": only(ALL_ROLES),
    "participation-resident-list": api(READERS),
    "participation-dossier-list": api(READERS),
    **{name: api(READERS) for name in DOSSIER_API_READS},
    **{name: post_only(READERS, anonymous=API_ANON) for name in POST_ONLY_API},
    "participation-shared-profile-list": api({PARTNER}),
    "participation-shared-profile-detail": partner_not_member(anonymous=API_ANON),
    "participation-talent-list": api(ALL_ROLES),
    "participation-talent-detail": api(ALL_ROLES),
}
