"""Fixtures of the action lines tests: the seed region with its six values, a line and its lead."""

from datetime import date

import pytest

from samen.accounts.roles import Role
from samen.conftest import login_verified

from .factories import (
    ActionLineFactory,
    ActionLineLeadFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
    SharedValueFactory,
)

VALUE_TITLES = [
    "Loslaten is lef hebben",
    "We organiseren nabijheid",
    "De behoefte van de inwoner staat centraal",
    "Integraal werken in het sociaal domein",
    "De kracht van duurzame samenwerking",
    "Talentontwikkeling",
]


@pytest.fixture
def values(seed_region):
    """The six shared values of seed 003 §3.2 in the seed region, by number."""
    return {
        number: SharedValueFactory(region=seed_region, number=number, title=title)
        for number, title in enumerate(VALUE_TITLES, start=1)
    }


@pytest.fixture
def line(seed_region, values):
    line = ActionLineFactory(
        region=seed_region,
        title="Werk en talent",
        aim="Beschikbaar werk koppelen aan beschikbare talenten in plaats van cv's en vacatures.",
        start_date=date(2019, 1, 1),
    )
    line.values.set([values[6]])
    return line


@pytest.fixture
def lead(line, make_user):
    """A partner of the seed region who leads ``line`` on behalf of their organisation."""
    user = make_user(Role.PARTNER, line.region)
    organisation = OrganisationFactory(region=line.region, name="Werkpad Re-integratie")
    OrganisationMemberFactory(organisation=organisation, user=user)
    ActionLineLeadFactory(action_line=line, user=user, organisation=organisation)
    return user


@pytest.fixture
def partner(seed_region, make_user):
    """A partner of the seed region who leads nothing."""
    user = make_user(Role.PARTNER, seed_region)
    OrganisationMemberFactory(organisation=OrganisationFactory(region=seed_region), user=user)
    return user


@pytest.fixture
def facilitator(seed_region, make_user):
    return make_user(Role.FACILITATOR, seed_region)


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in as ``user`` with a verified second factor."""

    def log_in(user):
        login_verified(client, user)
        client.user = user
        return client

    return log_in
