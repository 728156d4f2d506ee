import re
from decimal import Decimal

from django.core.management import call_command

from samen.accounts.models import Membership, User
from samen.accounts.roles import Role
from samen.regions.models import Municipality, Region
from samen.regions.services import allocate


def test_demo_loads_the_seed_region_and_one_user_per_role(db, capsys):
    call_command("load_demo")
    output = capsys.readouterr().out
    region = Region.objects.get(name="Samen aan de slag")
    assert sorted(region.municipalities.values_list("cbs_code", flat=True)) == [
        "GM0946",
        "GM0988",
        "GM1706",
    ]
    assert Municipality.objects.get(cbs_code="GM1509").region.name == "Oude IJsselstreek"
    assert {m.role for m in Membership.objects.all()} == set(Role)
    assert "samen-demo-2026" in output and "teamleider@samen.demo" in output
    rows = [line for line in output.splitlines() if "@samen.demo" in line]
    assert len({re.match(r"  \S+\s+", row).end() for row in rows}) == 1, "roles line up"
    assert User.objects.get(email="teamleider@samen.demo").active_memberships[0].mandate_reference


def test_demo_reproduces_the_seed_tables(db):
    call_command("load_demo")
    region = Region.objects.get(name="Samen aan de slag")
    assert [line.amount for line in allocate(region, Decimal(100000)).lines] == [
        23563,
        19540,
        56897,
    ]
    assert [line.amount for line in allocate(region, Decimal(34000)).lines] == [8011, 6644, 19345]
    orientation = region.allocation_keys.get(kind="equal")
    assert [
        line.amount for line in allocate(region, Decimal(137250), str(orientation.uuid)).lines
    ] == [68625, 68625]


def test_demo_is_idempotent(db):
    call_command("load_demo")
    counts = (
        Region.objects.count(),
        Municipality.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    call_command("load_demo")
    assert counts == (
        Region.objects.count(),
        Municipality.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def test_demo_refuses_without_permission(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="ALLOW_DEMO_DATA"):
        call_command("load_demo")
