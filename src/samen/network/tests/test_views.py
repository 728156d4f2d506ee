"""The web flows: directory, profile, editing, contacts, endorsements, values, worklist, export."""

import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samen.accounts.roles import Role
from samen.network.models import ConfirmationRequest, Contact, Endorsement, Organisation

from .factories import (
    ContactFactory,
    EndorsementFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
    SharedValueFactory,
    StakeholderGroupFactory,
)

DIRECTORY = reverse("network:directory")


def detail_url(organisation):
    return reverse("network:organisation-detail", kwargs={"uuid": organisation.uuid})


def edit_url(organisation):
    return reverse("network:organisation-edit", kwargs={"uuid": organisation.uuid})


def profile_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "stakeholder_group": organisation.stakeholder_group_id,
        "municipalities": [m.pk for m in organisation.municipalities.all()],
        "description": organisation.description,
        "expertise": organisation.expertise,
        "offers": organisation.offers,
        "seeks": organisation.seeks,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "version": organisation.version,
    }
    data.update(changes)
    return data


# --- directory ----------------------------------------------------------------------------------


def test_directory_finds_partners_by_words(organisation, seed_region, client_as):
    OrganisationFactory(region=seed_region, name="Bakkerij Het Gouden Korenaar")
    response = client_as(Role.RESIDENT, seed_region.municipalities.first()).get(
        DIRECTORY, {"q": "casemanagement"}
    )
    assert response.status_code == 200
    assert [o.name for o in response.context["organisation_list"]] == [organisation.name]
    assert b"1 organisatie gevonden" in response.content


def test_directory_filters_by_group_and_municipality(organisation, seed_region, client_as):
    OrganisationFactory(region=seed_region, name="Elders actief")
    client = client_as(Role.PARTNER, seed_region)
    response = client.get(
        DIRECTORY, {"group": organisation.stakeholder_group_id, "municipality": "GM0988"}
    )
    assert [o.name for o in response.context["organisation_list"]] == [organisation.name]


def test_directory_ignores_an_unknown_filter_value(organisation, seed_region, client_as):
    response = client_as(Role.PARTNER, seed_region).get(
        DIRECTORY, {"municipality": "GM9999", "group": "abc", "value": "zes"}
    )
    assert response.status_code == 200
    assert len(response.context["organisation_list"]) == 1


def test_directory_htmx_returns_only_the_results(organisation, seed_region, client_as):
    response = client_as(Role.PARTNER, seed_region).get(
        DIRECTORY,
        {"q": "zorg"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="directory-results",
    )
    html = response.content.decode()
    assert "<html" not in html and organisation.name in html


def test_directory_works_without_javascript(organisation, seed_region, client_as):
    html = client_as(Role.PARTNER, seed_region).get(DIRECTORY).content.decode()
    assert f'action="{DIRECTORY}"' in html and 'method="get"' in html
    assert 'type="submit"' in html


def test_directory_paginates(seed_region, client_as):
    for index in range(30):
        OrganisationFactory(region=seed_region, name=f"Partner {index:02d}")
    client = client_as(Role.PARTNER, seed_region)
    first = client.get(DIRECTORY)
    second = client.get(DIRECTORY, {"page": 2})
    assert len(first.context["organisation_list"]) == 25
    assert [o.name for o in second.context["organisation_list"]][0] == "Partner 25"
    assert b'rel="next"' in first.content


def test_directory_list_stays_within_15_queries(
    seed_region, weert, client_as, django_assert_max_num_queries
):
    value = SharedValueFactory(region=seed_region, number=1)
    for _index in range(30):
        organisation = OrganisationFactory(region=seed_region, municipalities=[weert])
        EndorsementFactory(organisation=organisation, value=value)
        ContactFactory(organisation=organisation)
    client = client_as(Role.PARTNER, seed_region)
    with django_assert_max_num_queries(15):
        response = client.get(DIRECTORY, {"q": "samenwerken", "municipality": "GM0988"})
    assert response.status_code == 200


def test_other_regions_are_not_in_the_directory(organisation, other_region, client_as):
    client = client_as(Role.PARTNER, other_region)
    assert not client.get(DIRECTORY).context["organisation_list"]
    assert client.get(detail_url(organisation)).status_code == 404


# --- profile page -------------------------------------------------------------------------------


def test_profile_shows_consented_contacts_and_endorsements(organisation, seed_region, client_as):
    ContactFactory(organisation=organisation, name="Mila Met-Toestemming")
    ContactFactory(organisation=organisation, name="Zeger Zonder", consent_given_at=None)
    EndorsementFactory(
        organisation=organisation,
        value=SharedValueFactory(region=seed_region, number=2, title="We organiseren nabijheid"),
        signed_by="A. Verhoeven (directeur)",
    )
    html = (
        client_as(Role.COUNCIL_MEMBER, seed_region).get(detail_url(organisation)).content.decode()
    )
    assert "Mila Met-Toestemming" in html and "Zeger Zonder" not in html
    assert "We organiseren nabijheid" in html and "A. Verhoeven (directeur)" in html
    assert "Profiel bewerken" not in html


def test_owners_see_their_contacts_without_consent_marked(organisation, owner, login):
    ContactFactory(organisation=organisation, name="Zeger Zonder", consent_given_at=None)
    html = login(owner).get(detail_url(organisation)).content.decode()
    assert "Zeger Zonder" in html and "niet zichtbaar" in html
    assert "Profiel bewerken" in html


def test_html_in_profile_texts_is_shown_as_text(organisation, seed_region, client_as):
    organisation.expertise = '<script>alert("x")</script><b>vet</b>'
    organisation.save()
    ContactFactory(organisation=organisation, name="<img src=x onerror=alert(1)>")
    html = client_as(Role.PARTNER, seed_region).get(detail_url(organisation)).content.decode()
    assert "<script>alert" not in html and "<b>vet</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_profile_says_when_it_was_last_confirmed(organisation, seed_region, client_as):
    organisation.confirmed_at = timezone.now() - timedelta(days=500)
    organisation.save()
    html = client_as(Role.PARTNER, seed_region).get(detail_url(organisation)).content.decode()
    assert "laatst als actueel bevestigd" in html and "meer dan een jaar geleden" in html


# --- editing ------------------------------------------------------------------------------------


def test_an_owner_edits_the_profile(organisation, owner, login, seed_region):
    nederweert = seed_region.municipalities.get(cbs_code="GM0946")
    client = login(owner)
    assert client.get(edit_url(organisation)).status_code == 200
    data = profile_data(organisation, offers="Ook leerwerkplekken", municipalities=[nederweert.pk])
    response = client.post(edit_url(organisation), data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.offers == "Ook leerwerkplekken"
    assert list(organisation.municipalities.all()) == [nederweert]
    assert organisation.version == 2


def test_a_partner_who_does_not_own_it_may_not_edit(organisation, seed_region, client_as):
    client = client_as(Role.PARTNER, seed_region)
    assert client.get(edit_url(organisation)).status_code == 403
    response = client.post(edit_url(organisation), profile_data(organisation, offers="Gekaapt"))
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.offers != "Gekaapt"


def test_a_non_owner_member_may_not_edit(organisation, make_user, seed_region, login):
    member = make_user(Role.PARTNER, seed_region)
    OrganisationMemberFactory(organisation=organisation, user=member, is_owner=False)
    assert login(member).get(edit_url(organisation)).status_code == 403


def test_an_owner_without_partner_role_in_force_may_not_edit(organisation, make_user, login):
    ex_partner = make_user(None)
    OrganisationMemberFactory(organisation=organisation, user=ex_partner, is_owner=True)
    assert login(ex_partner).get(edit_url(organisation)).status_code == 403


def test_the_facilitator_may_edit_any_profile_of_the_region(organisation, seed_region, client_as):
    client = client_as(Role.FACILITATOR, seed_region)
    response = client.post(edit_url(organisation), profile_data(organisation, seeks="Iets nieuws"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.seeks == "Iets nieuws"


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.PARTNER])
def test_another_regions_profile_is_a_404(organisation, other_region, client_as, role):
    assert client_as(role, other_region).get(edit_url(organisation)).status_code == 404


def test_a_concurrent_edit_is_not_overwritten(organisation, owner, login, seed_region):
    stale_form = profile_data(organisation, offers="Mijn wijziging")
    # Meanwhile the facilitator saves version 1 -> 2.
    organisation.seeks = "Wijziging van de aanjager"
    organisation.save()
    Organisation.objects.filter(pk=organisation.pk).update(version=2)

    response = login(owner).post(edit_url(organisation), stale_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "intussen gewijzigd" in html
    assert "Wijziging van de aanjager" in html  # what is saved now, next to the user's input
    assert "Mijn wijziging" in html  # the user's input is kept in the form
    organisation.refresh_from_db()
    assert organisation.offers != "Mijn wijziging"
    assert organisation.seeks == "Wijziging van de aanjager"
    # Saving again after seeing the conflict uses the new version and succeeds.
    assert response.context["form"]["version"].value() == "2"
    again = login(owner).post(edit_url(organisation), {**stale_form, "version": 2})
    assert again.status_code == 302


def test_invalid_input_loses_nothing_and_explains_in_dutch(organisation, owner, login):
    data = profile_data(organisation, name="", website="geen adres", offers="Bewaar mij")
    response = login(owner).post(edit_url(organisation), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit veld is vereist" in html and "geldige URL" in html and "Bewaar mij" in html


def test_the_name_must_be_unique_in_the_region(organisation, owner, login, seed_region):
    OrganisationFactory(region=seed_region, name="Bestaande naam")
    response = login(owner).post(
        edit_url(organisation), profile_data(organisation, name="Bestaande naam")
    )
    assert "al een organisatie met deze naam" in response.content.decode()


def test_an_owner_confirms_the_profile(organisation, owner, login):
    organisation.confirmed_at = None
    organisation.save()
    url = reverse("network:organisation-confirm", kwargs={"uuid": organisation.uuid})
    response = login(owner).post(url)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.confirmed_at is not None and not organisation.is_stale()


def test_a_stranger_cannot_confirm(organisation, seed_region, client_as):
    url = reverse("network:organisation-confirm", kwargs={"uuid": organisation.uuid})
    assert client_as(Role.PARTNER, seed_region).post(url).status_code == 403


def test_the_facilitator_registers_an_organisation(seed_region, weert, client_as):
    group = StakeholderGroupFactory(name="Onderwijs")
    client = client_as(Role.FACILITATOR, seed_region)
    assert client.get(reverse("network:organisation-create")).status_code == 200
    response = client.post(
        reverse("network:organisation-create"),
        {
            "region_choice": seed_region.pk,
            "name": "Taalhuis Cranendonck",
            "stakeholder_group": group.pk,
            "municipalities": [weert.pk],
            "expertise": "Taal",
        },
    )
    assert response.status_code == 302
    created = Organisation.objects.get(name="Taalhuis Cranendonck")
    assert created.region == seed_region and created.version == 1


def test_a_partner_cannot_register_organisations(seed_region, client_as):
    assert (
        client_as(Role.PARTNER, seed_region).get(reverse("network:organisation-create")).status_code
        == 403
    )


# --- contacts -----------------------------------------------------------------------------------


def test_an_owner_adds_a_contact_with_consent(organisation, owner, login):
    url = reverse("network:contact-create", kwargs={"uuid": organisation.uuid})
    response = login(owner).post(
        url,
        {
            "name": "Mila Jansen",
            "function": "Coördinator",
            "email": "mila@example.nl",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(name="Mila Jansen")
    assert contact.organisation == organisation and contact.has_consent


def test_a_contact_without_consent_is_stored_but_never_shown(
    organisation, owner, login, make_user, seed_region
):
    url = reverse("network:contact-create", kwargs={"uuid": organisation.uuid})
    login(owner).post(url, {"name": "Zeger Zonder", "email": "z@example.nl"})
    contact = Contact.objects.get(name="Zeger Zonder")
    assert contact.consent_given_at is None
    other = make_user(Role.PARTNER, seed_region)
    assert "Zeger Zonder" not in login(other).get(detail_url(organisation)).content.decode()


def test_consent_is_withdrawn_by_unticking(organisation, owner, login):
    contact = ContactFactory(organisation=organisation)
    url = reverse("network:contact-edit", kwargs={"uuid": contact.uuid})
    response = login(owner).post(url, {"name": contact.name, "email": contact.email})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert not contact.has_consent and contact.consent_withdrawn_at is not None


def test_an_owner_deletes_a_contact(organisation, owner, login):
    contact = ContactFactory(organisation=organisation)
    url = reverse("network:contact-delete", kwargs={"uuid": contact.uuid})
    assert login(owner).get(url).status_code == 200
    assert login(owner).post(url).status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_a_stranger_cannot_touch_contacts(organisation, seed_region, client_as):
    contact = ContactFactory(organisation=organisation)
    client = client_as(Role.PARTNER, seed_region)
    assert (
        client.post(reverse("network:contact-delete", kwargs={"uuid": contact.uuid})).status_code
        == 403
    )
    assert Contact.objects.filter(pk=contact.pk).exists()


# --- endorsements -------------------------------------------------------------------------------


def test_an_owner_endorses_a_value_once(organisation, owner, login, seed_region):
    value = SharedValueFactory(
        region=seed_region, number=3, title="De behoefte van de inwoner staat centraal"
    )
    url = reverse("network:endorsement-create", kwargs={"uuid": organisation.uuid})
    client = login(owner)
    page = client.get(url).content.decode()
    assert "De behoefte van de inwoner staat centraal" in page
    data = {"value": value.pk, "signed_by": "M. Clerkx (bestuurder)", "endorsed_on": "2019-02-01"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "signed_by": "Dubbel"}).status_code == 302  # double submit
    [endorsement] = Endorsement.objects.filter(organisation=organisation)
    assert (endorsement.signed_by, endorsement.endorsed_on) == (
        "M. Clerkx (bestuurder)",
        date(2019, 2, 1),
    )


def test_a_future_endorsement_date_is_refused(organisation, owner, login, seed_region):
    value = SharedValueFactory(region=seed_region, number=3)
    url = reverse("network:endorsement-create", kwargs={"uuid": organisation.uuid})
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = login(owner).post(
        url, {"value": value.pk, "signed_by": "X", "endorsed_on": tomorrow}
    )
    assert response.status_code == 200 and "toekomst" in response.content.decode()


def test_a_value_of_another_region_is_not_offered(organisation, owner, login, other_region):
    foreign = SharedValueFactory(region=other_region, number=1)
    url = reverse("network:endorsement-create", kwargs={"uuid": organisation.uuid})
    response = login(owner).post(
        url, {"value": foreign.pk, "signed_by": "X", "endorsed_on": "2019-01-01"}
    )
    assert response.status_code == 200
    assert not Endorsement.objects.exists()


def test_an_owner_withdraws_an_endorsement(organisation, owner, login):
    endorsement = EndorsementFactory(organisation=organisation)
    url = reverse(
        "network:endorsement-delete",
        kwargs={"uuid": organisation.uuid, "endorsement": endorsement.uuid},
    )
    assert login(owner).post(url).status_code == 302
    assert not Endorsement.objects.exists()


def test_a_stranger_cannot_endorse(organisation, seed_region, client_as):
    value = SharedValueFactory(region=seed_region, number=3)
    url = reverse("network:endorsement-create", kwargs={"uuid": organisation.uuid})
    client = client_as(Role.PARTNER, seed_region)
    response = client.post(url, {"value": value.pk, "signed_by": "X", "endorsed_on": "2019-01-01"})
    assert response.status_code == 403 and not Endorsement.objects.exists()


# --- shared values ------------------------------------------------------------------------------


def test_values_page_lists_the_values_with_who_endorsed_them(
    organisation, seed_region, client_as, django_assert_max_num_queries
):
    value = SharedValueFactory(region=seed_region, number=1, title="Loslaten is lef hebben")
    SharedValueFactory(region=seed_region, number=2, title="We organiseren nabijheid")
    EndorsementFactory(organisation=organisation, value=value, signed_by="R. Bongers (voorzitter)")
    for _index in range(20):
        EndorsementFactory(organisation=OrganisationFactory(region=seed_region), value=value)
    client = client_as(Role.STEERING_MEMBER, seed_region.municipalities.first())
    with django_assert_max_num_queries(15):
        response = client.get(reverse("network:values"))
    html = response.content.decode()
    assert "1. Loslaten is lef hebben" in html and "2. We organiseren nabijheid" in html
    assert "Onderschreven door 21 organisaties" in html
    assert organisation.name in html and "R. Bongers (voorzitter)" in html
    assert "?value=1" in html


# --- the facilitator's worklist -----------------------------------------------------------------


@pytest.fixture
def stale(organisation):
    organisation.confirmed_at = timezone.now() - timedelta(days=400)
    organisation.save()
    return organisation


def test_worklist_shows_stale_profiles(
    stale, seed_region, client_as, django_assert_max_num_queries
):
    for _index in range(20):
        OrganisationFactory(region=seed_region, confirmed_at=None)
    OrganisationFactory(region=seed_region, name="Net bevestigd")
    client = client_as(Role.FACILITATOR, seed_region)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("network:stale-profiles"))
    names = [o.name for o in response.context["organisations"]]
    assert stale.name in names and "Net bevestigd" not in names
    assert response.context["paginator"].count == 21


def test_asking_to_confirm_mails_once_a_day(stale, owner, seed_region, client_as):
    client = client_as(Role.FACILITATOR, seed_region)
    url = reverse("network:organisation-request-confirmation", kwargs={"uuid": stale.uuid})
    first = client.post(url, follow=True)
    assert "is gevraagd het profiel te bevestigen" in first.content.decode()
    assert "vandaag gevraagd" in first.content.decode()  # back on the worklist, button gone
    second = client.post(url, follow=True)
    assert "al om bevestiging gevraagd" in second.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [owner.email]
    request = ConfirmationRequest.objects.get()
    assert request.requested_by == client.user


def test_asking_without_anyone_to_mail_explains_why(stale, seed_region, client_as):
    client = client_as(Role.FACILITATOR, seed_region)
    url = reverse("network:organisation-request-confirmation", kwargs={"uuid": stale.uuid})
    response = client.post(url, follow=True)
    assert "geen beheerder" in response.content.decode()
    assert not ConfirmationRequest.objects.exists()


def test_partners_cannot_ask_for_confirmation(stale, owner, seed_region, client_as):
    url = reverse("network:organisation-request-confirmation", kwargs={"uuid": stale.uuid})
    assert client_as(Role.PARTNER, seed_region).post(url).status_code == 403
    assert not mail.outbox


def test_the_next_parameter_must_stay_on_this_site(stale, owner, seed_region, client_as):
    url = reverse("network:organisation-request-confirmation", kwargs={"uuid": stale.uuid})
    response = client_as(Role.FACILITATOR, seed_region).post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("network:stale-profiles")


# --- export -------------------------------------------------------------------------------------


def test_export_json_follows_the_directory_filters(organisation, seed_region, client_as):
    OrganisationFactory(region=seed_region, name="Bakkerij")
    response = client_as(Role.PARTNER, seed_region).get(
        reverse("network:export-json"), {"q": "casemanagement"}
    )
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    page = json.loads(b"".join(response.streaming_content))
    assert [o["name"] for o in page["contents"]] == [organisation.name]


def test_export_csv_contacts_table(organisation, seed_region, client_as):
    ContactFactory(organisation=organisation, name="Mila Met-Toestemming")
    ContactFactory(organisation=organisation, name="Zeger Zonder", consent_given_at=None)
    response = client_as(Role.PARTNER, seed_region).get(
        reverse("network:export-csv"), {"table": "contacts"}
    )
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("id,organization_id,service_id,name,title,department,email")
    assert "Mila Met-Toestemming" in body and "Zeger Zonder" not in body


def test_export_never_contains_another_region(organisation, other_region, client_as):
    response = client_as(Role.PARTNER, other_region).get(reverse("network:export-csv"))
    assert organisation.name not in b"".join(response.streaming_content).decode()
