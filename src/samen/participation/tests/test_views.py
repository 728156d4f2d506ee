"""The case worker's pages, end to end through Django's test client."""

import re
from datetime import date

import pytest
from django.urls import reverse

from samen.accounts.roles import Role
from samen.audit.models import AccessLog
from samen.conftest import login_verified
from samen.participation import services
from samen.participation.models import Arrangement, LadderAssessment, Resident

from .factories import (
    ArrangementFactory,
    DossierFactory,
    HealthAssessmentFactory,
    LadderAssessmentFactory,
)

REGISTRATION = {
    "bsn": "1112.22.333",
    "given_names": "Maarten",
    "surname_prefix": "",
    "surname": "Verbeek",
    "date_of_birth": "1985-04-12",
    "street": "Kerkstraat",
    "house_number": "12",
    "postal_code": "6001 AB",
    "city": "Weert",
    "phone": "",
    "email": "",
}


def url(name, dossier, **kwargs):
    return reverse(f"participation:{name}", kwargs={"uuid": dossier.uuid, **kwargs})


def test_case_worker_registers_a_resident(cw_client, weert):
    response = cw_client.post(
        reverse("participation:resident-create"), {**REGISTRATION, "municipality": weert.pk}
    )
    resident = Resident.objects.get()
    assert response.status_code == 302
    assert response.url == url("dossier-detail", resident.dossier)
    assert resident.bsn == "111222333" and resident.municipality == weert


def test_a_wrong_bsn_is_refused_in_dutch_and_nothing_is_lost(cw_client, weert):
    response = cw_client.post(
        reverse("participation:resident-create"),
        {**REGISTRATION, "bsn": "111222334", "municipality": weert.pk},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "elfproef" in page
    assert 'value="Verbeek"' in page  # what was typed stays
    assert not Resident.objects.exists()


def test_a_duplicate_bsn_links_to_the_existing_dossier(cw_client, dossier, weert):
    response = cw_client.post(
        reverse("participation:resident-create"), {**REGISTRATION, "municipality": weert.pk}
    )
    page = response.content.decode()
    assert "al ingeschreven" in page
    assert url("dossier-detail", dossier) in page
    assert Resident.objects.count() == 1


def test_the_list_masks_the_bsn_and_logs_each_resident(
    cw_client, dossier, django_assert_max_num_queries
):
    for _ in range(30):
        DossierFactory(municipality=dossier.municipality)
    with django_assert_max_num_queries(15):
        response = cw_client.get(reverse("participation:resident-list"))
    page = response.content.decode()
    assert re.search(r"\*{6}\d{3}", page) and "111222333" not in page
    assert AccessLog.objects.filter(actor=cw_client.user).count() == 25  # one page


def test_search_by_bsn_goes_by_post_and_is_logged(cw_client, dossier):
    form_page = cw_client.get(reverse("participation:resident-list")).content.decode()
    assert re.search(r'<form method="post" action="/participatie/" role="search"', form_page)
    AccessLog.objects.all().delete()
    response = cw_client.post(reverse("participation:resident-list"), {"query": "111 222 333"})
    page = response.content.decode()
    assert "Verbeek, Maarten" in page and "111222333" not in page
    entry = AccessLog.objects.get()
    assert entry.activity == "search" and entry.subject_reference == dossier.resident.reference
    assert "111222333" not in entry.request_path


def test_the_dossier_page_shows_all_parts_within_the_query_budget(
    cw_client, dossier, organisation, django_assert_max_num_queries
):
    ArrangementFactory(dossier=dossier, kind="daycare", provider_name="Creatief Atelier")
    LadderAssessmentFactory(dossier=dossier)
    HealthAssessmentFactory(dossier=dossier)
    services.add_contact_moment(
        dossier,
        occurred_on=date(2024, 1, 5),
        channel="home_visit",
        summary="Eerste gesprek thuis",
        actor=None,
    )
    services.add_benefit_episode(dossier, kind="bijstand", started_on=date(2023, 1, 1))
    services.give_consent(
        dossier,
        organisation=organisation,
        shared=["talents"],
        form="written",
        given_on=date(2024, 1, 1),
        actor=None,
    )
    with django_assert_max_num_queries(15):
        response = cw_client.get(url("dossier-detail", dossier))
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Maarten Verbeek",
        "******333",
        "Werk",
        "Meedoen",
        "Inkomen",
        "Creatief Atelier",
        "Eerste gesprek thuis",
        "Houtwerkplaats De Spaander",
        "trede 3",
    ):
        assert text in page, text
    assert "111222333" not in page
    assert "no-store" in response["Cache-Control"]


def test_revealing_the_bsn_needs_a_purpose_and_is_logged(cw_client, dossier):
    AccessLog.objects.all().delete()
    assert cw_client.get(url("reveal-bsn", dossier)).status_code == 405
    refused = cw_client.post(url("reveal-bsn", dossier), {"purpose": ""})
    assert refused.status_code == 400 and "111222333" not in refused.content.decode()
    response = cw_client.post(
        url("reveal-bsn", dossier), {"purpose": "suwinet"}, HTTP_HX_REQUEST="true"
    )
    assert "111222333" in response.content.decode()
    entry = AccessLog.objects.get()
    assert entry.purpose == "BSN ingezien: gegevensuitwisseling UWV/SVB (Suwinet)"
    assert entry.subject_reference == dossier.resident.reference
    assert entry.object_id == str(dossier.resident.pk)


def test_administrators_read_but_do_not_reveal_or_record(client, make_user, dossier, weert):
    admin = login_verified(client, make_user(Role.ADMIN, weert))
    assert admin.get(url("dossier-detail", dossier)).status_code == 200
    assert admin.post(url("reveal-bsn", dossier), {"purpose": "identity"}).status_code == 403
    assert admin.get(url("contact-create", dossier)).status_code == 403


def test_the_dossier_links_to_the_ranking_of_work_for_those_who_may_open_it(
    cw_client, client, make_user, dossier, weert
):
    ranking = reverse("matching:resident-ranking", kwargs={"uuid": dossier.uuid})
    link = f'href="{ranking}" id="resident-ranking-link"'
    assert link in cw_client.get(url("dossier-detail", dossier)).content.decode()
    assert cw_client.get(ranking).status_code == 200

    client.logout()
    admin = login_verified(client, make_user(Role.ADMIN, weert))
    page = admin.get(url("dossier-detail", dossier))
    assert page.status_code == 200
    assert ranking not in page.content.decode()
    assert admin.get(ranking).status_code == 403


def test_the_ladder_flow_derives_then_confirms(cw_client, dossier):
    ArrangementFactory(dossier=dossier, kind="daycare", started_on=date(2023, 1, 2))
    form_page = cw_client.get(url("ladder-create", dossier)).content.decode()
    assert "Voorstel op basis van de lopende regeling" in form_page
    token = re.search(r'name="submission_token" value="([0-9a-f-]+)"', form_page).group(1)
    answers = {
        "assessed_on": "2024-03-01",
        "horizon_months": "12",
        "paid_work": "no",
        "unpaid_work": "no",
        "organised_activities": "yes",
        "social_contacts": "yes",
        "wish": "paid",
        "hours": "up_to_20",
        "lasting_support": "no",
        "barriers": "no",
        "submission_token": token,
    }
    step_one = cw_client.post(url("ladder-create", dossier), answers)
    assert "Huidige trede: 3" in step_one.content.decode()
    assert not LadderAssessment.objects.exists()
    token = re.search(
        r'name="submission_token" value="([0-9a-f-]+)"', step_one.content.decode()
    ).group(1)
    confirm = {**answers, "confirm": "1", "submission_token": token, "confirmed_rung": ""}
    assert cw_client.post(url("ladder-create", dossier), confirm).status_code == 302
    assert (
        cw_client.post(url("ladder-create", dossier), confirm).status_code == 302
    )  # double submit
    assessment = LadderAssessment.objects.get()
    assert (assessment.confirmed_rung, assessment.potential_rung, assessment.suggested_rung) == (
        3,
        5,
        3,
    )


def test_the_measurements_page_draws_both_charts_with_tables(
    cw_client, dossier, django_assert_max_num_queries
):
    LadderAssessmentFactory(dossier=dossier, assessed_on=date(2023, 1, 1))
    LadderAssessmentFactory(
        dossier=dossier,
        assessed_on=date(2024, 1, 1),
        confirmed_rung=5,
        current_rung=5,
        potential_rung=5,
    )
    HealthAssessmentFactory(dossier=dossier, assessed_on=date(2023, 1, 1))
    HealthAssessmentFactory(dossier=dossier, assessed_on=date(2024, 1, 1), participation=7)
    with django_assert_max_num_queries(15):
        page = cw_client.get(url("measurements", dossier)).content.decode()
    assert 'id="ladder-chart"' in page and 'id="ladder-table"' in page
    assert 'id="health-chart"' in page and 'id="health-table"' in page
    assert 'data-series="previous"' in page
    assert "+4" in page  # Meedoen 3 -> 7


def test_switching_through_the_page(cw_client, dossier):
    current = ArrangementFactory(dossier=dossier, kind="daycare", started_on=date(2019, 3, 4))
    switch_url = url("arrangement-switch", dossier, part=current.uuid)
    data = {
        "kind": "sheltered_work",
        "provider_name": "Houtwerkplaats De Spaander",
        "hours_per_week": "12",
        "started_on": "2021-01-04",
        "reason": "Kan meer aan; wil werken in de houtbewerking",
    }
    refused = cw_client.post(switch_url, data)
    assert "advies van UWV" in refused.content.decode()
    response = cw_client.post(switch_url, {**data, "uwv_advice_on": "2020-11-20"})
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.ended_on == date(2021, 1, 3)
    assert Arrangement.objects.get(switched_from=current).kind == "sheltered_work"


def test_a_warning_must_be_acknowledged(cw_client, dossier):
    current = ArrangementFactory(dossier=dossier, kind="work_daycare", started_on=date(2020, 3, 2))
    data = {
        "kind": "job_guarantee",
        "provider_name": "Bakkerij Van Dijk",
        "started_on": "2022-03-01",
        "reason": "Garantiebaan",
    }
    page = cw_client.post(
        url("arrangement-switch", dossier, part=current.uuid), data
    ).content.decode()
    assert "doelgroepregister" in page and 'name="acknowledge_warnings"' in page
    response = cw_client.post(
        url("arrangement-switch", dossier, part=current.uuid),
        {**data, "acknowledge_warnings": "on"},
    )
    assert response.status_code == 302


def test_a_concurrent_edit_keeps_the_text_and_explains(cw_client, dossier):
    plan_url = url("plan-update", dossier)
    services.save_versioned(dossier.plan, 1, {"agreed_goals": "Door een collega"})
    response = cw_client.post(
        plan_url, {"agreed_goals": "Mijn tekst", "actions": "", "version": "1"}
    )
    page = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in page and "Mijn tekst" in page
    dossier.plan.refresh_from_db()
    assert dossier.plan.agreed_goals == "Door een collega"


def test_talent_profile_with_vocabulary_and_limitations(cw_client, dossier):
    from samen.participation.models import Talent

    wood = Talent.objects.get(code="houtbewerking")
    response = cw_client.post(
        url("talent-profile-update", dossier),
        {
            "version": "1",
            "talents": [wood.pk],
            "ambitions": "Meubels maken",
            "motivation": "Rust en ritme",
            "hours_per_week": "12",
            "limitations": ["pace", "fixed_rhythm"],
        },
    )
    assert response.status_code == 302
    profile = dossier.talent_profile
    profile.refresh_from_db()
    assert list(profile.talents.all()) == [wood] and profile.limitations == ["pace", "fixed_rhythm"]


def test_consent_and_withdrawal_decide_what_the_partner_sees(
    cw_client, client, dossier, organisation, make_user, seed_region
):
    from samen.network.models import OrganisationMember

    cw_client.post(
        url("consent-create", dossier),
        {
            "organisation": organisation.pk,
            "shared": ["ambitions", "ladder"],
            "form": "written",
            "given_on": "2024-01-01",
        },
    )
    consent = dossier.consents.get()
    partner = make_user(Role.PARTNER, seed_region)
    OrganisationMember.objects.create(organisation=organisation, user=partner)
    from django.test import Client

    partner_client = login_verified(Client(), partner)
    listing = partner_client.get(reverse("participation:shared-list")).content.decode()
    assert consent.pseudonym in listing and "Verbeek" not in listing
    detail = partner_client.get(
        reverse("participation:shared-detail", args=[consent.pseudonym])
    ).content.decode()
    assert "Verbeek" not in detail and "******333" not in detail and "Kerkstraat" not in detail
    cw_client.post(url("consent-withdraw", dossier, part=consent.uuid))
    assert (
        partner_client.get(
            reverse("participation:shared-detail", args=[consent.pseudonym])
        ).status_code
        == 404
    )


def test_a_closed_dossier_is_read_only_until_reopened(cw_client, dossier):
    cw_client.post(
        url("dossier-close", dossier), {"closed_on": date.today().isoformat(), "reason": "work"}
    )
    dossier.refresh_from_db()
    assert not dossier.is_open
    assert cw_client.get(url("contact-create", dossier)).status_code == 302
    assert cw_client.get(url("dossier-detail", dossier)).status_code == 200
    cw_client.post(url("dossier-reopen", dossier))
    dossier.refresh_from_db()
    assert dossier.is_open


@pytest.mark.parametrize(
    "name",
    [
        "benefit-create",
        "contact-create",
        "health-create",
        "self-reliance-create",
        "target-group-create",
        "arrangement-create",
        "consent-create",
        "dossier-close",
    ],
)
def test_every_form_renders(cw_client, dossier, organisation, name):
    assert cw_client.get(url(name, dossier)).status_code == 200


def test_a_name_search_with_many_results_stays_within_the_query_budget(
    cw_client, weert, django_assert_max_num_queries
):
    for _ in range(60):
        DossierFactory(municipality=weert, given_names="Jan", surname="Jansen")
    with django_assert_max_num_queries(15):
        response = cw_client.post(reverse("participation:resident-list"), {"query": "jan jansen"})
    page = response.content.decode()
    assert page.count("Jansen, Jan") == services.SEARCH_LIMIT
    assert "meer inwoners gevonden" in page
