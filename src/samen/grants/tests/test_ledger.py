"""The budget ledger: split by key, never overspent (service checks and database checks), adds up."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samen.grants import ledger
from samen.grants.models import BudgetShare, BudgetYear, CarryOver, GrantScheme, LedgerEntry
from samen.regions.models import Municipality

from .factories import SchemeFactory, budget, submitted

pytestmark = pytest.mark.django_db
THIS_YEAR = date.today().year


def shares(budget_year):
    return {s.municipality.cbs_code: s for s in budget_year.shares.select_related("municipality")}


def test_ceiling_is_split_by_population_to_the_euro(scheme):
    year = BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR)
    split = {code: s.ceiling for code, s in shares(year).items()}
    assert split == {
        "GM1706": Decimal("23563"),
        "GM0946": Decimal("19540"),
        "GM0988": Decimal("56897"),
    }
    assert year.ceiling == Decimal("100000") and year.free == Decimal("100000")
    assert ledger.discrepancies(year) == []


def test_scheme_charged_to_one_municipality_puts_everything_there(seed_region):
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    scheme = SchemeFactory(
        region=seed_region,
        charging=GrantScheme.Charging.MUNICIPALITY,
        allocation_key=None,
        charge_municipality=weert,
    )
    year = budget(scheme, ceiling=Decimal("5000"))
    assert {code: s.ceiling for code, s in shares(year).items()} == {"GM0988": Decimal("5000")}


def test_commit_splits_the_award_by_the_key_and_adds_up(scheme):
    application, _ = submitted(scheme)
    with transaction.atomic():
        parts = ledger.commit(application, Decimal("1000"))
    assert {m.cbs_code: amount for m, amount in parts.items()} == {
        "GM1706": Decimal("236"),
        "GM0946": Decimal("195"),
        "GM0988": Decimal("569"),
    }
    year = BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR)
    assert year.committed == Decimal("1000") and year.free == Decimal("99000")
    assert ledger.discrepancies(year) == []


def test_commit_above_the_free_budget_is_refused_with_the_free_amount(scheme):
    application, _ = submitted(scheme)
    with pytest.raises(ledger.BudgetExceeded) as error, transaction.atomic():
        ledger.commit(application, Decimal("100000.01"))
    assert "€ 100.000,00 vrij" in str(error.value) and "4:25" in str(error.value)
    assert BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR).committed == 0
    assert not LedgerEntry.objects.filter(kind="commitment").exists()


def test_filling_the_budget_exactly_never_overspends_a_municipality(scheme):
    application, _ = submitted(scheme)
    with transaction.atomic():
        for amount in ["33333", "33333", "33333", "1"]:
            ledger.commit(application, Decimal(amount))
    year = BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR)
    assert year.free == 0
    assert all(share.free == 0 for share in shares(year).values())
    assert ledger.discrepancies(year) == []
    with pytest.raises(ledger.BudgetExceeded), transaction.atomic():
        ledger.commit(application, Decimal("1"))


def test_the_database_refuses_an_overspending_update_even_without_the_service(scheme):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetYear.objects.filter(scheme=scheme).update(committed=F("ceiling") + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetShare.objects.filter(budget_year__scheme=scheme).update(committed=F("ceiling") + 1)


@pytest.mark.django_db(transaction=True)
def test_bookings_outside_a_transaction_are_refused(scheme):
    application, _ = submitted(scheme)
    with pytest.raises(RuntimeError):
        ledger.commit(application, Decimal("10"))


def test_lowering_the_ceiling_below_the_commitments_is_refused(scheme):
    application, _ = submitted(scheme)
    with transaction.atomic():
        ledger.commit(application, Decimal("60000"))
    with pytest.raises(ledger.BudgetExceeded):
        ledger.set_ceiling(scheme, THIS_YEAR, Decimal("59999"), "Raadsbesluit")
    year = ledger.set_ceiling(scheme, THIS_YEAR, Decimal("60000"), "Raadsbesluit verlaging")
    assert year.free == 0 and ledger.discrepancies(year) == []


def test_release_and_payments_follow_the_application_split(scheme):
    application, _ = submitted(scheme)
    with transaction.atomic():
        ledger.commit(application, Decimal("1000"))
        ledger.pay(application, Decimal("800"))
        ledger.release(application, Decimal("300"))
        kind, parts = ledger.settle_payments(application)
    figures = ledger.application_figures(application)
    assert kind == LedgerEntry.Kind.REPAYMENT and sum(parts.values()) == Decimal("100")
    assert figures.total_committed == Decimal("700") and figures.total_paid == Decimal("700")
    assert figures.net_committed() == figures.net_paid()
    year = BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR)
    assert year.free == Decimal("99300") and year.paid_net == Decimal("700")
    assert ledger.discrepancies(year) == []


def test_release_more_than_committed_is_refused(scheme):
    application, _ = submitted(scheme)
    with pytest.raises(ledger.LedgerError), transaction.atomic():
        ledger.commit(application, Decimal("100"))
        ledger.release(application, Decimal("101"))


def test_carry_over_needs_a_council_decision_and_moves_only_free_budget(scheme, controller):
    application, _ = submitted(scheme)
    with transaction.atomic():
        ledger.commit(application, Decimal("90000"))
    with pytest.raises(ledger.LedgerError):
        ledger.carry_over(
            scheme,
            THIS_YEAR,
            Decimal("1000"),
            council_decision=" ",
            decided_on=date.today(),
            user=controller,
        )
    with pytest.raises(ledger.BudgetExceeded):
        ledger.carry_over(
            scheme,
            THIS_YEAR,
            Decimal("10000.01"),
            council_decision="Raadsbesluit",
            decided_on=date.today(),
            user=controller,
        )
    record = ledger.carry_over(
        scheme,
        THIS_YEAR,
        Decimal("10000"),
        council_decision="Raadsbesluit 12-2026 overheveling",
        decided_on=date.today(),
        user=controller,
    )
    source = BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR)
    target = BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR + 1)
    assert source.free == 0 and source.carried_out == Decimal("10000")
    assert target.carried_in == Decimal("10000") and target.free == Decimal("10000")
    assert {c: s.carried_in for c, s in shares(target).items()} == {
        c: s.carried_out for c, s in shares(source).items()
    }
    assert CarryOver.objects.get() == record and record.recorded_by == controller
    assert ledger.discrepancies(source) == [] and ledger.discrepancies(target) == []


def test_fit_to_room_moves_a_rounding_euro_to_where_there_is_room():
    parts = {"a": Decimal(3), "b": Decimal(2)}
    assert ledger.fit_to_room(parts, {"a": Decimal(2), "b": Decimal(5)}) == {
        "a": Decimal(2),
        "b": Decimal(3),
    }
    with pytest.raises(ledger.BudgetExceeded):
        ledger.fit_to_room(parts, {"a": Decimal(2), "b": Decimal(2)})


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["commit", "release", "pay"]), st.integers(min_value=1, max_value=40000)
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_sequence_of_bookings_keeps_the_ledger_consistent(scheme, operations):
    application = _an_application(scheme)
    with transaction.atomic():
        for operation, euros in operations:
            amount = Decimal(euros)
            try:
                with transaction.atomic():
                    getattr(ledger, operation)(application, amount)
            except ledger.LedgerError:
                pass
        year = BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR)
        assert year.free >= 0
        assert all(share.free >= 0 for share in year.shares.all())
        assert ledger.discrepancies(year) == []
        transaction.set_rollback(True)


def _an_application(scheme):
    from samen.grants.models import Application

    existing = Application.objects.filter(scheme=scheme).first()
    return existing or submitted(scheme)[0]


def test_municipality_instances_are_the_split_keys(scheme):
    parts = ledger.split_by_scheme(scheme, Decimal("34000"))
    assert all(isinstance(m, Municipality) for m in parts)
    assert sum(parts.values()) == Decimal("34000")
