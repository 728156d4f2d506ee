"""Facilitator-only steps refuse other roles (and change nothing); other regions are a 404."""

from datetime import date

import pytest

from samen.accounts.roles import Role
from samen.actionlines import services
from samen.actionlines.models import ActionLine, Initiative, Meeting

from .factories import InitiativeFactory, MeetingFactory
from .test_initiatives import ALL_MET


@pytest.fixture
def objects(line, seed_region, values, facilitator):
    meeting = MeetingFactory(region=seed_region, date=date(2021, 4, 1))
    initiative = InitiativeFactory(region=seed_region, serves=[values[1]])
    accepted = InitiativeFactory(region=seed_region, serves=[values[1]])
    services.record_checks(accepted, ALL_MET, by=facilitator)
    services.decide_initiative(accepted, "accept", reason="Ja", by=facilitator)
    return {"line": line, "meeting": meeting, "initiative": initiative, "accepted": accepted}


def posts(objects, municipality_pk, member_pk):
    line, meeting = objects["line"].uuid, objects["meeting"].uuid
    initiative, accepted = objects["initiative"].uuid, objects["accepted"].uuid
    return [
        ("/actielijnen/nieuw/", {"title": "X", "aim": "Y", "start_date": "2021-01-01"}),
        (f"/actielijnen/{line}/bewerken/", {"title": "X", "aim": "Y", "start_date": "2021-01-01"}),
        (f"/actielijnen/{line}/status/", {"transition": "end", "on": "2021-01-01", "reason": "x"}),
        (
            f"/actielijnen/{line}/trekkers-en-partners/",
            {"lead-member": member_pk, "lead-since": "2021-01-01"},
        ),
        (f"/actielijnen/{line}/rollen/", {f"role_{municipality_pk}": "loslaten"}),
        (
            "/actielijnen/bijeenkomsten/nieuw/",
            {"date": "2030-01-01", "municipality": municipality_pk},
        ),
        (f"/actielijnen/bijeenkomsten/{meeting}/verslag/", {"minutes": "x", "revision": 0}),
        (f"/actielijnen/bijeenkomsten/{meeting}/besluit/", {"text": "x"}),
        (f"/actielijnen/bijeenkomsten/{meeting}/agenda/", {}),
        (f"/actielijnen/initiatieven/{initiative}/toetsen/", {}),
        (f"/actielijnen/initiatieven/{initiative}/besluit/", {"decision": "reject", "reason": "x"}),
        (f"/actielijnen/initiatieven/{accepted}/actielijn/", {"start_date": "2021-01-01"}),
    ]


@pytest.mark.parametrize(
    "role",
    [Role.PARTNER, Role.RESIDENT, Role.STEERING_MEMBER, Role.COUNCIL_MEMBER, Role.CASE_WORKER],
)
def test_only_the_facilitator_manages(objects, seed_region, partner, make_user, login, role):
    municipal = role in (Role.RESIDENT, Role.CASE_WORKER)
    user = make_user(
        role, seed_region.municipalities.get(name="Weert") if municipal else seed_region
    )
    client = login(user)
    weert = seed_region.municipalities.get(name="Weert").pk
    member = partner.organisation_memberships.get().pk
    refused = [
        url
        for url, data in posts(objects, weert, member)
        if client.post(url, data).status_code != 403
    ]
    assert refused == []
    assert ActionLine.objects.count() == 1 and objects["line"].lead_links.count() == 0
    assert Meeting.objects.count() == 1 and not Meeting.objects.get().minutes
    assert set(Initiative.objects.values_list("status", flat=True)) == {"proposed", "accepted"}


def test_a_facilitator_of_another_region_gets_404(
    objects, other_region, seed_region, partner, client_as
):
    client = client_as(Role.FACILITATOR, other_region)
    weert = seed_region.municipalities.get(name="Weert").pk
    member = partner.organisation_memberships.get().pk
    for url, data in posts(objects, weert, member)[1:5] + posts(objects, weert, member)[6:]:
        assert client.post(url, data).status_code == 404, url
    for url in (
        f"/actielijnen/{objects['line'].uuid}/",
        f"/api/v1/initiatives/{objects['initiative'].uuid}",
    ):
        assert client.get(url).status_code == 404
