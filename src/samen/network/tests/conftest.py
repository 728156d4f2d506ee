import pytest

from samen.accounts.roles import Role
from samen.conftest import login_verified

from .factories import OrganisationFactory, OrganisationMemberFactory, StakeholderGroupFactory


@pytest.fixture
def weert(seed_region):
    return seed_region.municipalities.get(cbs_code="GM0988")


@pytest.fixture
def organisation(seed_region, weert):
    """A care provider in Weert, in the seed region."""
    return OrganisationFactory(
        region=seed_region,
        name="Zorgcollectief De Heuvelrand",
        stakeholder_group=StakeholderGroupFactory(name="Zorg"),
        expertise="Wijkverpleging en casemanagement dementie",
        offers="Stageplekken in de zorg",
        seeks="Werkgevers voor zij-instromers",
        municipalities=[weert],
    )


@pytest.fixture
def owner(make_user, seed_region, organisation):
    """A partner who owns ``organisation``'s profile."""
    user = make_user(Role.PARTNER, seed_region)
    OrganisationMemberFactory(organisation=organisation, user=user, is_owner=True)
    return user


@pytest.fixture
def login(client):
    """login(user) -> the test client logged in as ``user`` (second factor verified)."""

    def log_in(user):
        login_verified(client, user)
        client.user = user
        return client

    return log_in
