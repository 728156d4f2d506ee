"""The network API: the same rules as the website (owners edit, others read, other regions 404)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from samen.accounts.roles import Role
from samen.network.models import Contact, Endorsement, Organisation

from .factories import (
    ContactFactory,
    EndorsementFactory,
    OrganisationFactory,
    SharedValueFactory,
    StakeholderGroupFactory,
)

API = "/api/v1"


def org_url(organisation, suffix=""):
    return f"{API}/organisations/{organisation.uuid}{suffix}"


# --- organisations: reading and searching -------------------------------------------------------


def test_list_searches_and_filters_like_the_directory(organisation, seed_region, client_as):
    OrganisationFactory(region=seed_region, name="Bakkerij Het Gouden Korenaar", expertise="Bakken")
    client = client_as(Role.PARTNER, seed_region)
    everything = client.get(f"{API}/organisations").json()
    assert everything["count"] == 2
    found = client.get(f"{API}/organisations", {"q": "casemanagement"}).json()
    assert [o["name"] for o in found["results"]] == [organisation.name]
    by_place = client.get(
        f"{API}/organisations",
        {"municipality": "GM0988", "group": organisation.stakeholder_group_id},
    ).json()
    assert [o["uuid"] for o in by_place["results"]] == [str(organisation.uuid)]
    assert client.get(f"{API}/organisations", {"expertise": "bakken"}).json()["count"] == 1


def test_a_bad_filter_is_a_400_naming_it(organisation, seed_region, client_as):
    response = client_as(Role.PARTNER, seed_region).get(f"{API}/organisations", {"group": "zorg"})
    assert response.status_code == 400 and "group" in response.json()


def test_detail_shows_the_profile_with_consented_contacts_only(
    organisation, seed_region, client_as
):
    ContactFactory(organisation=organisation, name="Mila Met-Toestemming")
    ContactFactory(organisation=organisation, name="Zeger Zonder", consent_given_at=None)
    EndorsementFactory(
        organisation=organisation, value=SharedValueFactory(region=seed_region, number=4)
    )
    body = client_as(Role.COUNCIL_MEMBER, seed_region).get(org_url(organisation)).json()
    assert body["name"] == organisation.name and body["stakeholder_group_name"] == "Zorg"
    assert body["municipalities"] == ["GM0988"]
    assert [c["name"] for c in body["contacts"]] == ["Mila Met-Toestemming"]
    assert [e["number"] for e in body["endorsements"]] == [4]
    assert body["version"] == 1 and body["is_stale"] is False


def test_another_regions_organisation_is_a_404(organisation, other_region, client_as):
    client = client_as(Role.FACILITATOR, other_region)
    assert client.get(org_url(organisation)).status_code == 404
    assert (
        client.patch(
            org_url(organisation), {"version": 1}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(f"{API}/organisations").json()["count"] == 0


def test_anonymous_gets_nothing(organisation, client):
    assert client.get(f"{API}/organisations").status_code == 403


def test_list_stays_within_15_queries(seed_region, weert, client_as, django_assert_max_num_queries):
    value = SharedValueFactory(region=seed_region, number=1)
    for _ in range(30):
        organisation = OrganisationFactory(region=seed_region, municipalities=[weert])
        ContactFactory(organisation=organisation)
        EndorsementFactory(organisation=organisation, value=value)
    client = client_as(Role.PARTNER, seed_region)
    with django_assert_max_num_queries(15):
        response = client.get(f"{API}/organisations", {"q": "samenwerken"})
    assert response.json()["count"] == 30


# --- organisations: changing --------------------------------------------------------------------


def test_an_owner_updates_with_the_version_read(organisation, owner, login, seed_region):
    response = login(owner).patch(
        org_url(organisation),
        {"offers": "Ook leerwerkplekken", "municipalities": ["GM0946", "GM0988"], "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    organisation.refresh_from_db()
    assert organisation.offers == "Ook leerwerkplekken"
    assert sorted(m.cbs_code for m in organisation.municipalities.all()) == ["GM0946", "GM0988"]


def test_an_update_without_version_is_refused(organisation, owner, login):
    response = login(owner).patch(
        org_url(organisation), {"offers": "X"}, content_type="application/json"
    )
    assert response.status_code == 400 and "version" in response.json()


def test_an_update_based_on_an_old_version_is_a_409_and_writes_nothing(organisation, owner, login):
    Organisation.objects.filter(pk=organisation.pk).update(version=3, seeks="Van een ander")
    response = login(owner).patch(
        org_url(organisation), {"seeks": "Van mij", "version": 2}, content_type="application/json"
    )
    assert response.status_code == 409 and "intussen gewijzigd" in response.json()["detail"]
    organisation.refresh_from_db()
    assert (organisation.seeks, organisation.version) == ("Van een ander", 3)


def test_a_partner_who_does_not_own_it_gets_403(organisation, seed_region, client_as):
    response = client_as(Role.PARTNER, seed_region).patch(
        org_url(organisation), {"offers": "Gekaapt", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.offers != "Gekaapt"


def test_roles_without_the_permission_get_403(organisation, seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    response = client.patch(org_url(organisation), {"version": 1}, content_type="application/json")
    assert response.status_code == 403


def test_municipalities_of_another_region_are_refused(organisation, owner, login, other_region):
    response = login(owner).patch(
        org_url(organisation),
        {"municipalities": ["GM1509"], "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 400 and "regio" in str(response.json())


def test_the_facilitator_registers_an_organisation(seed_region, client_as):
    group = StakeholderGroupFactory(name="Onderwijs")
    client = client_as(Role.FACILITATOR, seed_region)
    response = client.post(
        f"{API}/organisations",
        {
            "region": str(seed_region.uuid),
            "name": "Taalhuis Cranendonck",
            "stakeholder_group": group.pk,
            "municipalities": ["GM1706"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert (
        Organisation.objects.get(name="Taalhuis Cranendonck").municipalities.get().cbs_code
        == "GM1706"
    )
    again = client.post(
        f"{API}/organisations",
        {
            "region": str(seed_region.uuid),
            "name": "Taalhuis Cranendonck",
            "stakeholder_group": group.pk,
        },
        content_type="application/json",
    )
    assert again.status_code == 400 and "al een organisatie" in str(again.json())


def test_a_partner_cannot_register_organisations(seed_region, client_as):
    group = StakeholderGroupFactory()
    response = client_as(Role.PARTNER, seed_region).post(
        f"{API}/organisations",
        {"region": str(seed_region.uuid), "name": "Nieuw", "stakeholder_group": group.pk},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_html_is_stored_and_returned_as_text(organisation, owner, login):
    script = "<script>alert(1)</script>"
    login(owner).patch(
        org_url(organisation),
        {"description": script, "version": 1},
        content_type="application/json",
    )
    assert login(owner).get(org_url(organisation)).json()["description"] == script


# --- confirming and the worklist ----------------------------------------------------------------


def test_an_owner_confirms(organisation, owner, login):
    Organisation.objects.filter(pk=organisation.pk).update(confirmed_at=None)
    response = login(owner).post(org_url(organisation, "/confirm"))
    assert response.status_code == 200 and response.json()["is_stale"] is False
    organisation.refresh_from_db()
    assert organisation.confirmed_at is not None


def test_a_stranger_cannot_confirm(organisation, seed_region, client_as):
    assert (
        client_as(Role.PARTNER, seed_region).post(org_url(organisation, "/confirm")).status_code
        == 403
    )


def test_the_facilitators_worklist_and_request(organisation, owner, seed_region, client_as):
    Organisation.objects.filter(pk=organisation.pk).update(
        confirmed_at=timezone.now() - timedelta(days=400)
    )
    OrganisationFactory(region=seed_region, name="Actueel")
    client = client_as(Role.FACILITATOR, seed_region)
    worklist = client.get(f"{API}/organisations/stale").json()
    assert [o["name"] for o in worklist["results"]] == [organisation.name]

    first = client.post(org_url(organisation, "/request-confirmation"))
    assert first.status_code == 201 and first.json()["created"] is True
    assert first.json()["sent_to"] == [owner.email]
    second = client.post(org_url(organisation, "/request-confirmation"))
    assert second.status_code == 200 and second.json()["created"] is False
    assert len(mail.outbox) == 1
    worklist = client.get(f"{API}/organisations/stale").json()
    assert worklist["results"][0]["last_requested_by"] == client.user.full_name


def test_partners_have_no_worklist(organisation, seed_region, client_as):
    client = client_as(Role.PARTNER, seed_region)
    assert client.get(f"{API}/organisations/stale").status_code == 403
    assert client.post(org_url(organisation, "/request-confirmation")).status_code == 403


def test_nobody_to_mail_is_a_400(organisation, seed_region, client_as):
    response = client_as(Role.FACILITATOR, seed_region).post(
        org_url(organisation, "/request-confirmation")
    )
    assert response.status_code == 400 and "geen beheerder" in response.json()["detail"]


# --- contacts -----------------------------------------------------------------------------------


def test_others_see_only_contacts_with_consent(organisation, seed_region, client_as):
    ContactFactory(organisation=organisation, name="Met")
    hidden = ContactFactory(organisation=organisation, name="Zonder", consent_given_at=None)
    client = client_as(Role.PARTNER, seed_region)
    assert [c["name"] for c in client.get(f"{API}/contacts").json()["results"]] == ["Met"]
    assert client.get(f"{API}/contacts/{hidden.uuid}").status_code == 404


def test_owners_and_the_facilitator_see_all_their_contacts(
    organisation, owner, login, seed_region, client_as
):
    ContactFactory(organisation=organisation, name="Met")
    ContactFactory(organisation=organisation, name="Zonder", consent_given_at=None)
    ContactFactory(
        organisation=OrganisationFactory(region=seed_region),
        name="Ander zonder",
        consent_given_at=None,
    )
    mine = login(owner).get(f"{API}/contacts", {"organisation": str(organisation.uuid)}).json()
    assert [c["name"] for c in mine["results"]] == ["Met", "Zonder"]
    assert [c["name"] for c in login(owner).get(f"{API}/contacts").json()["results"]] == [
        "Met",
        "Zonder",
    ]
    facilitator = client_as(Role.FACILITATOR, seed_region)
    assert facilitator.get(f"{API}/contacts").json()["count"] == 3


def test_an_owner_adds_and_withdraws_consent(organisation, owner, login):
    client = login(owner)
    created = client.post(
        f"{API}/contacts",
        {
            "organisation": str(organisation.uuid),
            "name": "Mila",
            "email": "mila@example.nl",
            "consent": True,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["consent_given_at"] is not None
    uuid = created.json()["uuid"]
    withdrawn = client.patch(
        f"{API}/contacts/{uuid}", {"consent": False}, content_type="application/json"
    )
    assert withdrawn.json()["consent_withdrawn_at"] is not None
    assert not Contact.objects.shown().exists()
    assert client.delete(f"{API}/contacts/{uuid}").status_code == 204


def test_a_stranger_cannot_add_or_change_contacts(organisation, seed_region, client_as):
    contact = ContactFactory(organisation=organisation)
    client = client_as(Role.PARTNER, seed_region)
    response = client.post(
        f"{API}/contacts",
        {"organisation": str(organisation.uuid), "name": "Indringer"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert (
        client.patch(
            f"{API}/contacts/{contact.uuid}", {"name": "X"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.delete(f"{API}/contacts/{contact.uuid}").status_code == 403


def test_a_contact_does_not_move_to_another_organisation(organisation, owner, login, seed_region):
    contact = ContactFactory(organisation=organisation)
    other = OrganisationFactory(region=seed_region)
    response = login(owner).patch(
        f"{API}/contacts/{contact.uuid}",
        {"organisation": str(other.uuid)},
        content_type="application/json",
    )
    assert response.status_code == 400


# --- endorsements, values, groups ---------------------------------------------------------------


def test_an_owner_endorses_once_and_withdraws(organisation, owner, login, seed_region):
    value = SharedValueFactory(region=seed_region, number=5)
    client = login(owner)
    data = {
        "organisation": str(organisation.uuid),
        "value": str(value.uuid),
        "endorsed_on": "2019-05-01",
        "signed_by": "E. Thijssen (directeur-bestuurder)",
    }
    first = client.post(f"{API}/endorsements", data, content_type="application/json")
    assert first.status_code == 201, first.json()
    again = client.post(
        f"{API}/endorsements", {**data, "signed_by": "Dubbel"}, content_type="application/json"
    )
    assert again.status_code == 200 and again.json()["signed_by"] == data["signed_by"]
    assert Endorsement.objects.count() == 1
    assert client.delete(f"{API}/endorsements/{first.json()['uuid']}").status_code == 204


def test_endorsing_a_value_of_another_region_is_refused(organisation, owner, login, other_region):
    value = SharedValueFactory(region=other_region, number=5)
    response = login(owner).post(
        f"{API}/endorsements",
        {
            "organisation": str(organisation.uuid),
            "value": str(value.uuid),
            "endorsed_on": "2019-05-01",
            "signed_by": "X",
        },
        content_type="application/json",
    )
    assert response.status_code == 400  # the value is not in the user's scope: no such object
    assert not Endorsement.objects.exists()


def test_a_stranger_cannot_endorse_or_withdraw(organisation, seed_region, client_as):
    value = SharedValueFactory(region=seed_region, number=5)
    endorsement = EndorsementFactory(
        organisation=organisation, value=SharedValueFactory(region=seed_region, number=1)
    )
    client = client_as(Role.PARTNER, seed_region)
    response = client.post(
        f"{API}/endorsements",
        {
            "organisation": str(organisation.uuid),
            "value": str(value.uuid),
            "endorsed_on": "2019-05-01",
            "signed_by": "X",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.delete(f"{API}/endorsements/{endorsement.uuid}").status_code == 403


def test_endorsements_can_be_filtered(organisation, seed_region, client_as):
    one, two = (
        SharedValueFactory(region=seed_region, number=1),
        SharedValueFactory(region=seed_region, number=2),
    )
    EndorsementFactory(organisation=organisation, value=one)
    EndorsementFactory(organisation=OrganisationFactory(region=seed_region), value=two)
    client = client_as(Role.PARTNER, seed_region)
    by_value = client.get(f"{API}/endorsements", {"value": str(one.uuid)}).json()
    assert [e["organisation"] for e in by_value["results"]] == [str(organisation.uuid)]


def test_shared_values_with_counts(
    organisation, seed_region, other_region, client_as, django_assert_max_num_queries
):
    value = SharedValueFactory(region=seed_region, number=1, title="Loslaten is lef hebben")
    SharedValueFactory(region=other_region, number=1, title="Elders")
    EndorsementFactory(organisation=organisation, value=value)
    client = client_as(Role.RESIDENT, seed_region.municipalities.first())
    with django_assert_max_num_queries(15):
        body = client.get(f"{API}/shared-values").json()
    assert [(v["title"], v["endorsement_count"]) for v in body["results"]] == [
        ("Loslaten is lef hebben", 1)
    ]


def test_stakeholder_groups(seed_region, client_as):
    StakeholderGroupFactory(name="Bedrijfsleven", order=1)
    StakeholderGroupFactory(name="Gemeenten", order=8)
    body = client_as(Role.PARTNER, seed_region).get(f"{API}/stakeholder-groups").json()
    assert [g["name"] for g in body["results"]] == ["Bedrijfsleven", "Gemeenten"]


@pytest.mark.parametrize("path", ["organisations", "contacts", "endorsements", "shared-values"])
def test_api_lists_are_scoped_to_the_region(
    path, organisation, other_region, seed_region, client_as
):
    ContactFactory(organisation=organisation)
    EndorsementFactory(organisation=organisation)
    SharedValueFactory(region=seed_region, number=2)
    assert client_as(Role.PARTNER, other_region).get(f"{API}/{path}").json()["count"] == 0


@pytest.mark.parametrize("path", ["contacts", "endorsements"])
def test_a_malformed_uuid_filter_is_a_400(path, seed_region, client_as):
    response = client_as(Role.PARTNER, seed_region).get(f"{API}/{path}", {"organisation": "abc"})
    assert response.status_code == 400 and "organisation" in response.json()
