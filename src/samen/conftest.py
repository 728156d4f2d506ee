"""Fixtures shared by every module's tests."""

from datetime import date

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from samen.accounts.roles import Role
from samen.accounts.tests.factories import MembershipFactory, TOTPDeviceFactory, UserFactory
from samen.regions.tests.factories import (
    MunicipalityFactory,
    PopulationFigureFactory,
    RegionFactory,
)


@pytest.fixture
def seed_region(db):
    """The region of seed 000: Cranendonck, Nederweert and Weert with their 2019 populations."""
    region = RegionFactory(name="Samen aan de slag")
    for code, name, inhabitants in [
        ("GM1706", "Cranendonck", 20500),
        ("GM0946", "Nederweert", 17000),
        ("GM0988", "Weert", 49500),
    ]:
        municipality = MunicipalityFactory(region=region, cbs_code=code, name=name)
        PopulationFigureFactory(
            municipality=municipality, inhabitants=inhabitants, reference_date=date(2019, 1, 1)
        )
    return region


@pytest.fixture
def other_region(db):
    region = RegionFactory(name="Oude IJsselstreek")
    municipality = MunicipalityFactory(region=region, cbs_code="GM1509", name="Oude IJsselstreek")
    PopulationFigureFactory(
        municipality=municipality, inhabitants=39500, reference_date=date(2020, 1, 1)
    )
    return region


@pytest.fixture
def make_user(db):
    """make_user(role, scope) -> a user holding ``role`` for a region or municipality."""

    def make(role=Role.CONTROLLER, scope=None, **user_kwargs):
        user = UserFactory(**user_kwargs)
        if role is not None:
            from samen.regions.models import Region

            scope = scope or MunicipalityFactory()
            if isinstance(scope, Region):
                MembershipFactory(user=user, role=role, region=scope, municipality=None)
            else:
                MembershipFactory(user=user, role=role, municipality=scope)
        return user

    return make


def login_verified(client, user):
    """Log ``user`` in with a confirmed authenticator, as after the two-step login."""
    device = TOTPDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_as(client, make_user):
    """client_as(role, scope) -> a test client logged in (with 2FA) as a user holding that role."""

    def login(role=Role.CONTROLLER, scope=None):
        user = make_user(role, scope)
        login_verified(client, user)
        client.user = user
        return client

    return login
