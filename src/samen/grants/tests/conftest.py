"""Fixtures of the grants tests: an open scheme with a budget in the seed region, and its staff."""

from decimal import Decimal

import pytest

from samen.accounts.roles import Role

from .factories import SchemeFactory, budget, staff


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded files and letters go to a temporary folder, never into the checkout."""
    settings.MEDIA_ROOT = str(tmp_path / "private-media")


@pytest.fixture
def scheme(seed_region):
    scheme = SchemeFactory(region=seed_region)
    budget(scheme, ceiling=Decimal("100000"))
    return scheme


@pytest.fixture
def facilitator(seed_region):
    return staff(Role.FACILITATOR, seed_region, full_name="Anne Aanjager")


@pytest.fixture
def member(seed_region):
    return staff(Role.STEERING_MEMBER, seed_region, full_name="Sam Stuurgroep")


@pytest.fixture
def decision_maker(seed_region):
    return staff(Role.DECISION_MAKER, seed_region, full_name="Frank Teamleider")


@pytest.fixture
def controller(seed_region):
    return staff(Role.CONTROLLER, seed_region, full_name="Dinie Controller")
