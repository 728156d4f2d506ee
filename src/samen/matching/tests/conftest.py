"""Fixtures of the matching tests: Weert (own municipality), Nederweert (same region) and a
case worker of Weert; talents come from the vocabulary participation ships."""

import pytest

from samen.accounts.roles import Role
from samen.conftest import login_verified

from .factories import DossierFactory, OrganisationFactory, WorkOpportunityFactory, with_profile


@pytest.fixture
def weert(seed_region):
    return seed_region.municipalities.get(cbs_code="GM0988")


@pytest.fixture
def nederweert(seed_region):
    return seed_region.municipalities.get(cbs_code="GM0946")


@pytest.fixture
def case_worker(make_user, weert):
    return make_user(Role.CASE_WORKER, weert, full_name="Karin Klantmanager")


@pytest.fixture
def cw_client(client, case_worker):
    login_verified(client, case_worker)
    client.user = case_worker
    return client


@pytest.fixture
def organisation(seed_region):
    return OrganisationFactory(region=seed_region, name="Logistiek Weert BV")


@pytest.fixture
def dossier(weert, case_worker):
    dossier = DossierFactory(
        municipality=weert, given_names="Maarten", surname="Verbeek", actor=case_worker
    )
    return with_profile(
        dossier,
        talent_codes=["afspraken-nakomen", "nauwkeurig-werken"],
        hours=20,
    )


@pytest.fixture
def opportunity(weert, organisation):
    return WorkOpportunityFactory(
        municipality=weert,
        organisation=organisation,
        title="Orderpicker",
        asked=["afspraken-nakomen", "nauwkeurig-werken", "zelfstandig-werken"],
        taught=["zelfstandig-werken"],
        hours_min=16,
        hours_max=24,
    )
