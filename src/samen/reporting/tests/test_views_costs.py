"""Cost overview and milestone pages (issue 8 A and B): figures, downloads, forms, scope."""

import io
from datetime import date
from decimal import Decimal

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook

from samen.accounts.roles import Role
from samen.regions.models import AllocationKey
from samen.regions.tests.factories import AllocationKeyFactory
from samen.reporting.models import Milestone, MilestoneDocument, Programme

from .factories import MilestoneFactory, ProgrammeFactory


@pytest.fixture
def key(seed_region):
    return AllocationKeyFactory(
        region=seed_region, name="Inwoners 2019", kind=AllocationKey.Kind.POPULATION
    )


@pytest.fixture
def programmes(seed_region, key):
    return [
        ProgrammeFactory(
            region=seed_region,
            name="Aanjager",
            budgeting=Programme.Budgeting.TOTAL,
            amount=Decimal("170000"),
            starts_on=date(2019, 7, 1),
            ends_on=date(2021, 12, 31),
            allocation_key=key,
        ),
        ProgrammeFactory(region=seed_region, name="Experimenteerruimte", allocation_key=key),
    ]


def test_cost_overview_shows_both_seed_tables(
    seed_region, programmes, client_as, django_assert_max_num_queries
):
    client = client_as(Role.COUNCIL_MEMBER, seed_region.municipalities.get(cbs_code="GM0946"))
    with django_assert_max_num_queries(15):
        response = client.get(f"/rapportage/{seed_region.uuid}/kosten/")
    content = response.content.decode()
    assert response.status_code == 200
    for figure in ("€ 8.011", "€ 16.023", "€ 40.057", "€ 96.725", "€ 170.000"):
        assert figure in content
    for figure in ("€ 23.563", "€ 70.689", "€ 58.620", "€ 170.691", "€ 300.000"):
        assert figure in content
    assert content.count('role="img"') == 2  # one chart per programme, each beside its table
    assert "Programma toevoegen" not in content  # council members read, controllers keep


def test_cost_overview_downloads_as_csv_and_xlsx(seed_region, programmes, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    url = f"/rapportage/{seed_region.uuid}/kosten/"
    csv = client.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert "Weert;49500;56,9;19345;38690;38690;96725" in lines
    assert "Totaal;;;34000;68000;68000;170000" in lines
    xlsx = client.get(url, {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(xlsx.content))
    sheet = workbook.worksheets[0]
    weert = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Weert")
    assert weert[3:] == (19345, 38690, 38690, 96725)


def test_cost_overview_of_another_region_is_a_404(other_region, seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    assert client.get(f"/rapportage/{other_region.uuid}/kosten/").status_code == 404


def test_controller_adds_a_programme_in_dutch_notation(seed_region, key, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    url = f"/rapportage/{seed_region.uuid}/kosten/nieuw/"
    data = {
        "name": "Aanjager",
        "budgeting": "total",
        "amount": "170.000",
        "starts_on": "2019-07-01",
        "ends_on": "2021-12-31",
        "allocation_key": key.pk,
        "decision_reference": "DJ-694895",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    programme = Programme.objects.get(region=seed_region)
    assert programme.amount == Decimal("170000.00")
    again = client.post(url, data)  # the same form submitted twice
    assert again.status_code == 200
    assert "al een programma met deze naam" in again.content.decode()
    assert Programme.objects.filter(region=seed_region).count() == 1


def test_bad_input_is_refused_in_dutch_and_kept(seed_region, key, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    response = client.post(
        f"/rapportage/{seed_region.uuid}/kosten/nieuw/",
        {
            "name": "X",
            "budgeting": "per_year",
            "amount": "-5",
            "starts_on": "2021-01-01",
            "ends_on": "2020-01-01",
            "allocation_key": key.pk,
            "decision_reference": "x",
        },
    )
    content = response.content.decode()
    assert "mag niet negatief zijn" in content
    assert 'value="-5"' in content
    assert not Programme.objects.exists()


def test_a_stale_edit_does_not_overwrite(seed_region, programmes, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    programme = programmes[0]
    url = f"/rapportage/{seed_region.uuid}/kosten/{programme.uuid}/wijzigen/"
    form = {
        "name": "Aanjager",
        "budgeting": "total",
        "amount": "170000",
        "starts_on": "2019-07-01",
        "ends_on": "2021-12-31",
        "allocation_key": programme.allocation_key_id,
        "decision_reference": "nieuw besluit",
        "expected_version": programme.version,
    }
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "decision_reference": "oud"})
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    programme.refresh_from_db()
    assert programme.decision_reference == "nieuw besluit"
    assert programme.version == 2


@freeze_time("2021-08-15")
def test_calendar_shows_derived_statuses_and_downloads(seed_region, client_as):
    MilestoneFactory(region=seed_region, title="Quick scan juli", due_on=date(2021, 7, 31))
    MilestoneFactory(region=seed_region, title="Jaarplan", college_on=date(2021, 5, 1))
    client = client_as(Role.STEERING_MEMBER, seed_region.municipalities.get(cbs_code="GM0988"))
    response = client.get(f"/rapportage/{seed_region.uuid}/besluitvorming/")
    content = response.content.decode()
    assert 'data-status="overdue"' in content and 'data-status="done"' in content
    assert "1 moment is te laat" in content
    csv = client.get(f"/rapportage/{seed_region.uuid}/besluitvorming/", {"format": "csv"})
    assert "Quick scan juli;" in csv.content.decode("utf-8-sig")


@freeze_time("2021-08-15")
def test_worklist_lists_overdue_milestones_of_the_controllers_region(
    seed_region, other_region, client_as, django_assert_max_num_queries
):
    MilestoneFactory(region=seed_region, title="Quick scan juli", due_on=date(2021, 7, 31))
    MilestoneFactory(region=seed_region, title="Al gedaan", college_on=date(2021, 5, 1))
    MilestoneFactory(region=other_region, title="Andere regio", due_on=date(2021, 7, 31))
    client = client_as(Role.CONTROLLER, seed_region)
    with django_assert_max_num_queries(15):
        response = client.get("/rapportage/werklijst/")
    content = response.content.decode()
    assert "Quick scan juli" in content
    assert "Al gedaan" not in content and "Andere regio" not in content
    assert "15 dagen" in content


def test_controller_creates_a_milestone_once_and_links_a_document(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    data = {
        "title": "Evaluatie: quick scan",
        "kind": "decision",
        "window_starts_on": "2021-04-01",
        "due_on": "2021-05-31",
        "by_college": "on",
        "by_committee": "on",
        "committee_name": "commissie MO",
        "by_council": "on",
        "submission_token": "6c1f4a9e-3b9b-4d1e-9f0a-0c7c1c1d2e3f",
    }
    url = f"/rapportage/{seed_region.uuid}/besluitvorming/nieuw/"
    first = client.post(url, data)
    second = client.post(url, data)  # double submit
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    milestone = Milestone.objects.get(region=seed_region)
    documents = f"/rapportage/besluitvorming/{milestone.uuid}/documenten/"
    client.post(documents, {"title": "Raadsvoorstel", "reference": "DJ-1"})
    client.post(documents, {"title": "Zonder link of kenmerk"})
    assert list(MilestoneDocument.objects.values_list("title", flat=True)) == ["Raadsvoorstel"]
    page = client.get(f"/rapportage/besluitvorming/{milestone.uuid}/").content.decode()
    assert "Raadsvoorstel" in page and "DJ-1" in page


def test_milestone_text_is_shown_as_text_not_html(seed_region, client_as):
    milestone = MilestoneFactory(region=seed_region, title="<script>alert(1)</script>")
    client = client_as(Role.CONTROLLER, seed_region)
    content = client.get(f"/rapportage/besluitvorming/{milestone.uuid}/").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content
