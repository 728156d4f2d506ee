"""Fixtures of the participation tests: Weert (own municipality), Nederweert (another municipality
in the same region) and Oude IJsselstreek (another region)."""

import pytest

from samen.accounts.roles import Role
from samen.conftest import login_verified

from .factories import DossierFactory


@pytest.fixture
def weert(seed_region):
    return seed_region.municipalities.get(cbs_code="GM0988")


@pytest.fixture
def nederweert(seed_region):
    return seed_region.municipalities.get(cbs_code="GM0946")


@pytest.fixture
def oude_ijsselstreek(other_region):
    return other_region.municipalities.get()


@pytest.fixture
def case_worker(make_user, weert):
    return make_user(Role.CASE_WORKER, weert, full_name="Karin Klantmanager")


@pytest.fixture
def cw_client(client, case_worker):
    login_verified(client, case_worker)
    client.user = case_worker
    return client


@pytest.fixture
def dossier(weert, case_worker):
    return DossierFactory(
        municipality=weert,
        given_names="Maarten",
        surname="Verbeek",
        bsn="111222333",
        actor=case_worker,
    )


@pytest.fixture
def organisation(seed_region):
    from samen.network.models import Organisation, StakeholderGroup

    group, _ = StakeholderGroup.objects.get_or_create(name="Aanbieders (test)")
    return Organisation.objects.create(
        region=seed_region, name="Houtwerkplaats De Spaander", stakeholder_group=group
    )
