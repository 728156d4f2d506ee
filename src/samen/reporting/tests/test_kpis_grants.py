"""Experiments and actual spending from the grants module, on hand-built data."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from samen.reporting import costs, dashboards
from samen.reporting.kpis import grants as kpis
from samen.reporting.periods import parse_period

pytestmark = pytest.mark.skipif(not kpis.applications_available(), reason="grants not migrated yet")

H1 = parse_period("2021-H1")


def at(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))


@pytest.fixture
def scheme(seed_region):
    from samen.grants.tests.factories import SchemeFactory

    return SchemeFactory(region=seed_region, name="Experimenteerregeling 2020 en 2021")


@pytest.fixture
def ledger_2020(scheme, seed_region):
    """2020: ceiling € 100.000 split by population; Weert committed € 20.000, paid € 16.000."""
    from samen.grants import ledger
    from samen.grants.models import LedgerEntry

    weert = seed_region.municipalities.get(cbs_code="GM0988")
    with transaction.atomic():
        year = ledger.set_ceiling(scheme, 2020, Decimal("100000"), "Raadsbesluit 2019")
        ledger.book(year, {weert: Decimal("20000")}, LedgerEntry.Kind.COMMITMENT)
        ledger.book(year, {weert: Decimal("16000")}, LedgerEntry.Kind.PAYMENT)
    return weert


def test_programme_shows_the_ledger_next_to_the_split(seed_region, scheme, ledger_2020):
    from samen.regions.models import AllocationKey

    from .factories import ProgrammeFactory

    programme = ProgrammeFactory(
        region=seed_region,
        name="Experimenteerruimte",
        allocation_key=AllocationKey.objects.get(region=seed_region, name="Naar inwoneraantal"),
        grant_scheme_uuid=scheme.uuid,
    )
    overview = costs.cost_overview(programme)
    assert overview.actuals_state == "linked"
    weert = next(row for row in overview.rows if row.municipality == ledger_2020)
    assert weert.actuals[2019] is None
    figures = weert.actuals[2020]
    assert figures.available == Decimal("56897.00")
    assert figures.committed == Decimal("20000.00")
    assert figures.paid == Decimal("16000.00")
    assert figures.free == Decimal("36897.00")
    table = costs.actuals_table(overview)
    row = next(r for r in table.rows if r[0] == "Weert" and r[1] == "2020")
    assert row[2:] == [
        Decimal("56897"),
        Decimal("56897.00"),
        Decimal("20000.00"),
        Decimal("16000.00"),
        Decimal("36897.00"),
    ]
    assert table.footer[0][3] == Decimal("100000.00")  # only 2020 has a ledger


@pytest.fixture
def applications(scheme, seed_region, make_user):
    from samen.accounts.roles import Role
    from samen.grants.models import Application, Decision
    from samen.grants.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(region=seed_region)
    partner = make_user(Role.PARTNER, seed_region)
    decider = make_user(Role.DECISION_MAKER, seed_region)

    def application(submitted, decision=None, amount=Decimal("0")):
        app = Application.objects.create(
            scheme=scheme,
            organisation=organisation,
            created_by=partner,
            title="Experiment",
            status="submitted",
            submitted_at=at(submitted) if submitted else None,
        )
        if decision:
            kind, decided = decision
            made = Decision.objects.create(
                application=app,
                kind=kind,
                amount=amount,
                reasons="Past in het toetsingskader.",
                decided_by=decider,
                mandate_reference="Mandaat",
                issuing_body="het college",
            )
            Decision.objects.filter(pk=made.pk).update(decided_at=at(decided))
        return app

    application(date(2021, 2, 1), ("award", date(2021, 3, 15)), Decimal("5000"))
    application(date(2021, 3, 1), ("partial", date(2021, 4, 20)), Decimal("2500.50"))
    application(date(2021, 5, 1), ("refusal", date(2021, 6, 10)))
    application(date(2021, 6, 20))  # still open
    application(date(2020, 11, 1), ("award", date(2021, 1, 10)), Decimal("1000"))
    application(date(2021, 6, 25), ("award", date(2021, 7, 5)), Decimal("9999"))  # after H1
    application(None)  # a concept: never submitted


def test_applications_and_decisions_in_the_period(applications, seed_region):
    assert kpis.applications(seed_region.pk, H1.start, H1.end) == {
        "submitted": 5,
        "awards": 3,
        "awarded": Decimal("8500.50"),
        "refusals": 1,
    }


def test_experiments_section_shows_counts_and_the_ledger_unsuppressed(
    applications, ledger_2020, seed_region
):
    section = dashboards.build_section(
        "experiments", dashboards.region_scope(seed_region), parse_period("2020")
    )
    counts, budget = section.tables
    assert counts.rows[0][1] == 1  # in 2020 only the November application was submitted
    weert = next(row for row in budget.rows if row[0] == "Weert 2020")
    assert weert[3:] == [Decimal("20000.00"), Decimal("16000.00"), Decimal("36897.00")]
