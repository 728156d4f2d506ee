"""The network's demo loader: the seed's groups and values, invented partners, trekkers as owners."""

from django.core.management import call_command

from samen.accounts.models import User
from samen.accounts.roles import Role
from samen.network import demo
from samen.network.models import (
    Contact,
    Endorsement,
    Organisation,
    OrganisationMember,
    SharedValue,
    StakeholderGroup,
)


def load():
    from samen.accounts import demo as accounts_demo
    from samen.regions import demo as regions_demo

    context = {}
    regions_demo.load(context)
    accounts_demo.load(context)
    demo.load(context)
    return context


def test_the_seeds_eight_groups_and_six_values(db):
    context = load()
    assert list(StakeholderGroup.objects.values_list("name", flat=True)) == [
        "Bedrijfsleven",
        "Inwoners/vrijwilligers",
        "Onderwijs",
        "Re-integratiebedrijven",
        "Welzijn",
        "Zorg",
        "Wonen en vrije tijd",
        "Gemeenten",
    ]
    values = SharedValue.objects.filter(region__name="Samen aan de slag")
    assert [v.title for v in values] == [
        "Loslaten is lef hebben",
        "We organiseren nabijheid",
        "De behoefte van de inwoner staat centraal",
        "Integraal werken in het sociaal domein",
        "De kracht van duurzame samenwerking",
        "Talentontwikkeling",
    ]
    assert all(v.explanation for v in values)
    assert sorted(context["values"]) == [1, 2, 3, 4, 5, 6]


def test_forty_partners_over_the_three_municipalities(db):
    context = load()
    organisations = Organisation.objects.filter(region__name="Samen aan de slag")
    assert organisations.count() == 40 == len(context["organisations"])
    assert {m.cbs_code for o in organisations for m in o.municipalities.all()} == {
        "GM1706",
        "GM0946",
        "GM0988",
    }
    assert {o.stakeholder_group.name for o in organisations} == set(demo.STAKEHOLDER_GROUPS)
    assert all(o.expertise and o.offers and o.seeks for o in organisations)
    assert Endorsement.objects.count() > 150
    assert Contact.objects.shown().count() == 40 and Contact.objects.count() > 40


def test_some_profiles_are_stale_for_the_worklist(db):
    load()
    stale = [o for o in Organisation.objects.all() if o.is_stale()]
    assert 5 <= len(stale) < 20
    assert any(o.confirmed_at is None for o in stale)


def test_partner_and_trekkers_own_different_organisations(db):
    load()
    owned = OrganisationMember.objects.filter(is_owner=True).select_related("user", "organisation")
    by_email = {m.user.email: m.organisation.name for m in owned}
    assert by_email["partner@samen.demo"] == "Welzijnsstichting Samen Verder"
    trekkers = {email: name for email, name in by_email.items() if email.startswith("trekker")}
    assert sorted(trekkers) == [f"trekker{i}@samen.demo" for i in range(1, 9)]
    assert len(set(trekkers.values())) == 8
    for email in trekkers:
        assert User.objects.get(email=email).roles == {Role.PARTNER}


def test_the_whole_demo_loads_twice_without_duplicates(db):
    call_command("load_demo", verbosity=0)
    counts = [
        model.objects.count()
        for model in (Organisation, Endorsement, Contact, OrganisationMember, User)
    ]
    call_command("load_demo", verbosity=0)
    assert counts == [
        model.objects.count()
        for model in (Organisation, Endorsement, Contact, OrganisationMember, User)
    ]
