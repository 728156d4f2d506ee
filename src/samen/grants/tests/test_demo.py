"""The demo loader: the seed scheme, its budget split, its history in several states, idempotent.

Runs without the network loader, so the defensive path (organisations made here) is the one tested;
with the network loader the same applications use its organisations.
"""

from decimal import Decimal

import pytest

from samen.accounts import demo as accounts_demo
from samen.grants import demo, ledger
from samen.grants.models import Application, BudgetYear, Decision, GrantScheme, Objection, Payment
from samen.regions import demo as regions_demo

pytestmark = pytest.mark.django_db


def load():
    context = {}
    regions_demo.load(context)
    accounts_demo.load(context)
    demo.load(context)
    return context


def test_demo_scheme_history_and_budget():
    load()
    scheme = GrantScheme.objects.get(name=demo.SCHEME)
    assert [c.knock_out for c in scheme.criteria.all()] == [False, True, False]
    year = BudgetYear.objects.get(scheme=scheme, year=2020)
    assert {s.municipality.name: s.ceiling for s in year.shares.select_related("municipality")} == {
        "Cranendonck": Decimal("23563"),
        "Nederweert": Decimal("19540"),
        "Weert": Decimal("56897"),
    }
    statuses = dict(Application.objects.filter(scheme=scheme).values_list("title", "status"))
    assert statuses == {
        "Talentenkeuken in de wijk": "settled",
        "Simpel Switchen-loket bij de dagbesteding": "objection",
        "Tweede wijkrestaurant": "closed",
        "Werkpad voor jongeren na de Praktijkschool": "in_review",
    }
    # Awarded 12,000 and 6,000; the first settled at 9,000 (3,000 released).
    assert year.free == Decimal("85000") and ledger.discrepancies(year) == []
    assert Decision.objects.filter(document="").count() == 0
    assert Decision.objects.filter(decided_by__email="teamleider@samen.demo").count() == 4
    assert Payment.objects.get().amount == Decimal("9600.00")
    assert Objection.objects.get().outcome == "pending"
    keuken = Application.objects.get(title="Talentenkeuken in de wijk")
    assert keuken.current_settlement.recovery == Decimal("600")
    assert keuken.reviews.filter(reviewer__email="stuurgroep@samen.demo").exists()
    open_scheme = GrantScheme.objects.get(name=demo.OPEN_SCHEME)
    assert open_scheme.applications.get().status == "concept"


def test_loading_twice_changes_nothing():
    load()
    before = (Application.objects.count(), Decision.objects.count(), BudgetYear.objects.count())
    load()
    assert (
        Application.objects.count(),
        Decision.objects.count(),
        BudgetYear.objects.count(),
    ) == before
