"""The HSDS export: field names, consent, formula-safe CSV, constant query count."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samen.network import export
from samen.network.models import Organisation

from .factories import ContactFactory, EndorsementFactory, OrganisationFactory, SharedValueFactory

HSDS_ORGANIZATION = {"id", "name", "alternate_name", "description", "email", "url", "website"}
HSDS_CONTACT = {"id", "organization_id", "name", "title", "department", "email", "phones"}


@pytest.fixture
def profile(organisation, seed_region):
    organisation.website = "https://heuvelrand.example.nl"
    organisation.email = "info@heuvelrand.example.nl"
    organisation.phone = "+31 495 123 456"
    organisation.save()
    ContactFactory(organisation=organisation, name="Mila Met-Toestemming", function="Coördinator")
    ContactFactory(
        organisation=organisation, name="Zeger Zonder-Toestemming", consent_given_at=None
    )
    ContactFactory(
        organisation=organisation,
        name="Ilse Ingetrokken",
        consent_withdrawn_at=timezone.now(),
    )
    EndorsementFactory(
        organisation=organisation,
        value=SharedValueFactory(region=seed_region, number=6, title="Talentontwikkeling"),
    )
    return organisation


def read_json(queryset):
    return json.loads("".join(export.iter_json(queryset)))


def read_csv(queryset, table="organizations"):
    return list(csv.DictReader(io.StringIO("".join(export.iter_csv(queryset, table)))))


def test_json_is_an_hsds_page_of_organizations(profile):
    page = read_json(Organisation.objects.all())
    assert page["total_items"] == 1 and page["contents"][0]["id"] == str(profile.uuid)
    organization = page["contents"][0]
    assert organization.keys() >= HSDS_ORGANIZATION
    assert organization["url"] == organization["website"] == "https://heuvelrand.example.nl"
    assert organization["phones"][0]["number"] == "+31 495 123 456"
    [service] = organization["services"]
    assert service["description"] == "Stageplekken in de zorg"
    assert service["organization_id"] == organization["id"]
    assert [area["name"] for area in service["service_areas"]] == ["Weert"]
    assert service["service_areas"][0]["uri"].endswith("/gemeente/gm0988")
    samen = organization["samen"]
    assert samen["stakeholder_group"] == "Zorg"
    assert samen["endorsements"][0]["value"] == 6


def test_json_contacts_only_with_consent(profile):
    [organization] = read_json(Organisation.objects.all())["contents"]
    [contact] = organization["contacts"]
    assert contact.keys() >= HSDS_CONTACT
    assert (contact["name"], contact["title"]) == ("Mila Met-Toestemming", "Coördinator")
    assert contact["organization_id"] == organization["id"]
    assert "Zeger" not in json.dumps(organization) and "Ilse" not in json.dumps(organization)


def test_an_empty_export_is_valid_json(db):
    page = read_json(Organisation.objects.none())
    assert page["empty"] is True and page["contents"] == []


def test_csv_organizations_has_hsds_columns_first(profile):
    [row] = read_csv(Organisation.objects.all())
    assert list(row)[:7] == [
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "url",
        "website",
    ]
    assert row["name"] == "Zorgcollectief De Heuvelrand"
    assert row["samen_municipalities"] == "Weert"
    assert row["samen_endorsed_values"] == "6. Talentontwikkeling"


def test_csv_contacts_only_with_consent(profile):
    rows = read_csv(Organisation.objects.all(), "contacts")
    assert [(r["name"], r["organization_id"]) for r in rows] == [
        ("Mila Met-Toestemming", str(profile.uuid))
    ]
    assert list(rows[0]) == export.CONTACT_COLUMNS


@pytest.mark.parametrize(
    "text, cell",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-1+2", "'-1+2"),
        ("-12,50", "-12,50"),
        ("+31 495 123 456", "+31 495 123 456"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("Gewoon aanbod", "Gewoon aanbod"),
    ],
)
def test_csv_cells_cannot_run_as_spreadsheet_formulas(text, cell):
    assert export._cell(text) == cell


def test_html_stays_text_in_the_export(organisation):
    organisation.description = "<script>alert(1)</script>"
    organisation.save()
    [organization] = read_json(Organisation.objects.all())["contents"]
    assert organization["description"] == "<script>alert(1)</script>"  # data, not markup


def test_query_count_does_not_grow_with_the_number_of_organisations(seed_region, weert):
    value = SharedValueFactory(region=seed_region, number=1)

    def add(count):
        for _ in range(count):
            organisation = OrganisationFactory(region=seed_region, municipalities=[weert])
            ContactFactory(organisation=organisation)
            EndorsementFactory(organisation=organisation, value=value)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            read_json(Organisation.objects.all())
            read_csv(Organisation.objects.all())
        return len(captured.captured_queries)

    add(3)
    few = queries()
    add(30)
    assert queries() == few
