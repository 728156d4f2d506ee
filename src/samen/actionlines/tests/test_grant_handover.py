"""An accepted initiative becomes a draft subsidy application (only when the grants module is there)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from samen.actionlines import services

from .test_initiatives import ALL_MET, accept, fits

grants_factories = pytest.importorskip(
    "samen.grants.tests.factories", reason="the grants module is not installed here"
)
Application = pytest.importorskip("samen.grants.models").Application


@pytest.fixture
def accepted(seed_region, values, partner, facilitator):
    organisation = partner.organisation_memberships.get().organisation
    initiative = services.propose_initiative(
        seed_region,
        title="Taalcafé aan het werk",
        description="Nieuwkomers oefenen Nederlands op de werkvloer.",
        who="",
        organisation=organisation,
        fits=fits(values, served=(2, 6)),
        by=partner,
    )
    return accept(initiative, facilitator)


@pytest.fixture
def scheme(seed_region):
    return grants_factories.SchemeFactory(region=seed_region)


def test_the_draft_carries_the_initiatives_data(accepted, scheme, partner, values):
    application = services.draft_application_from_initiative(accepted, by=partner)
    assert (application.title, application.description) == (accepted.title, accepted.description)
    assert application.organisation == accepted.organisation and application.scheme == scheme
    assert set(application.values.values_list("number", flat=True)) == {2, 6}
    again = services.draft_application_from_initiative(accepted, by=partner)
    assert again.pk == application.pk and Application.objects.count() == 1


def test_the_line_it_became_goes_along(accepted, scheme, partner, facilitator):
    line = services.create_line_from_initiative(
        accepted, by=facilitator, start_date=timezone.localdate()
    )
    accepted.refresh_from_db()
    assert services.draft_application_from_initiative(accepted, by=partner).action_line == line


def test_only_the_proposer_of_an_accepted_initiative(
    seed_region, values, partner, facilitator, scheme
):
    organisation = partner.organisation_memberships.get().organisation
    proposed = services.propose_initiative(
        seed_region,
        title="X",
        description="Y",
        who="",
        organisation=organisation,
        fits=fits(values),
        by=partner,
    )
    with pytest.raises(PermissionDenied):
        services.draft_application_from_initiative(proposed, by=partner)
    services.record_checks(proposed, ALL_MET, by=facilitator)
    services.decide_initiative(proposed, "accept", reason="Ja", by=facilitator)
    with pytest.raises(PermissionDenied):
        services.draft_application_from_initiative(proposed, by=facilitator)


def test_no_open_scheme_is_explained(accepted, seed_region, partner):
    grants_factories.SchemeFactory(
        region=seed_region,
        opens_on=timezone.localdate() - timedelta(days=400),
        closes_on=timezone.localdate() - timedelta(days=30),
    )
    with pytest.raises(services.ServiceError, match="geen subsidieregeling open"):
        services.draft_application_from_initiative(accepted, by=partner)


def test_page_and_api(accepted, scheme, partner, login):
    client = login(partner)
    detail = client.get(f"/actielijnen/initiatieven/{accepted.uuid}/").content.decode()
    assert "concept-subsidieaanvraag" in detail
    response = client.post(f"/actielijnen/initiatieven/{accepted.uuid}/subsidieaanvraag/")
    application = Application.objects.get()
    assert response.status_code == 302 and str(application.uuid) in response["Location"]
    api = client.post(f"/api/v1/initiatives/{accepted.uuid}/grant-application")
    assert api.status_code == 201 and api.json() == {"application": str(application.uuid)}
