"""The ceiling holds when many decisions are taken at the same moment (Awb 4:25).

On PostgreSQL, 100 award attempts of EUR 1,000 race against a free budget of EUR 20,000 from
concurrent threads, each with its own database connection: exactly 20 succeed and the ledger adds
up. SQLite has no row locks (``select_for_update`` is a no-op there) and lets one writer at a time
hold the whole database file, so the race cannot happen there; the sequential version runs on both.
"""

import threading
import uuid
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from samen.grants import ledger, services
from samen.grants.models import Application, BudgetYear, Decision, TransitionLog
from samen.grants.states import State

from .factories import advised

ATTEMPTS = 100
AWARD = Decimal("1000")
FREE = Decimal("20000")
#: Threads, each with its own connection. PostgreSQL's max_connections (100 by default) is shared
#: with the test runner and other work, so 100 attempts come from 50 concurrent connections.
THREADS = 50


def _advised_applications(scheme, count):
    """One application walked to 'advised' through the services, and copies of it in that state."""
    first, _ = advised(scheme, amount=AWARD)
    values = list(first.values.all())
    copies = []
    for index in range(count - 1):
        clone = Application.objects.get(pk=first.pk)
        clone.pk = clone.id = None
        clone.uuid = uuid.uuid4()
        clone.reference = f"{first.reference}-{index}"
        clone.client_token = None
        clone.save()
        clone.values.set(values)
        copies.append(clone)
    return [first, *copies]


def _race(applications, decision_maker):
    barrier = threading.Barrier(THREADS)
    queue = list(applications)
    lock = threading.Lock()
    outcomes, errors = Counter(), []

    def worker():
        try:
            barrier.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    application = queue.pop()
                try:
                    services.decide(
                        Application.objects.get(pk=application.pk),
                        decision_maker,
                        outcome="award",
                        amount=AWARD,
                        reasons="Past binnen de regeling.",
                    )
                    outcome = "awarded"
                except ledger.BudgetExceeded:
                    outcome = "refused: ceiling"
                with lock:
                    outcomes[outcome] += 1
        except Exception as error:  # noqa: BLE001 - collected and asserted empty below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes, errors


def _assert_exactly_twenty(scheme):
    year = BudgetYear.objects.get(scheme=scheme, year=timezone.localdate().year)
    assert year.committed == FREE and year.free == 0
    assert ledger.discrepancies(year) == []
    assert Decision.objects.filter(kind="award").count() == 20
    assert Application.objects.filter(status=State.DECIDED).count() == 20
    assert Application.objects.filter(status=State.ADVISED).count() == ATTEMPTS - 20
    assert TransitionLog.objects.filter(transition="decide").count() == 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_never_exceed_the_ceiling(scheme, decision_maker):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite has no row locks and allows one writer per database file, "
            "so concurrent awards cannot race there (CI runs this on PostgreSQL)."
        )
    ledger.set_ceiling(scheme, timezone.localdate().year, FREE, "Raadsbesluit test")
    applications = _advised_applications(scheme, ATTEMPTS)
    outcomes, errors = _race(applications, decision_maker)
    assert errors == []
    assert outcomes == {"awarded": 20, "refused: ceiling": ATTEMPTS - 20}
    _assert_exactly_twenty(scheme)


@pytest.mark.django_db
def test_one_hundred_awards_in_a_row_stop_at_the_ceiling(scheme, decision_maker):
    ledger.set_ceiling(scheme, timezone.localdate().year, FREE, "Raadsbesluit test")
    outcomes = Counter()
    for application in _advised_applications(scheme, ATTEMPTS):
        try:
            services.decide(
                application, decision_maker, outcome="award", amount=AWARD, reasons="Past."
            )
            outcomes["awarded"] += 1
        except ledger.BudgetExceeded as error:
            assert "€ 0,00 vrij" in str(error)
            outcomes["refused"] += 1
    assert outcomes == {"awarded": 20, "refused": 80}
    _assert_exactly_twenty(scheme)
