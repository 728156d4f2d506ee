"""Benchmark: the grants pages on PostgreSQL with 10,000 applications, 50,000 reviews and 100,000
ledger rows.

Run from the repository root (PostgreSQL must be running; the script creates and drops its own
database, ``samen_grants_bench`` by default):

    .venv/bin/python benchmarks/bench_grants.py [--scale 1.0] [--runs 40] [--keep]

It uses the CI settings, migrates a fresh database and seeds one region (Cranendonck, Nederweert,
Weert) with one scheme, ten budget years, 400 partner organisations (each with its own partner),
10,000 applications in all states (each with a budget line, a shared value and ~3 recorded steps),
50,000 reviews by six steering members (150,000 scores), ~5,000 decisions and 100,000 ledger
entries whose running totals are set from the journal (and checked: the ledger adds up). Then it
measures, through Django's test client and the whole middleware stack (sessions, 2FA, CSP, audit
log, the permission layer):

  a. the application list (page 1 of 200) as a facilitator, filtered by status, and as a partner;
  b. an application's page (5 reviews, advice, decision, ledger figures, history);
  c. the ledger page of the scheme (10 years x 3 municipalities, the 50 latest entries);
  d. the worklist of a decision maker and the API lists of applications and ledger.

Results are recorded in docs/grants.md. ``--scale`` multiplies the data volume.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samen_grants_bench"
YEARS = list(range(2017, 2027))
ORGANISATIONS = 400
MEMBERS = 6


def database(url: str, *, create: bool) -> None:
    """Create (fresh) or drop the benchmark database through the server's 'postgres' database."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')


def configure(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "samen.conf.ci"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("PRIVATE_MEDIA_ROOT", "/tmp/samen-bench-media")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def bulk(model, rows, size=5000):
    created = []
    for start in range(0, len(rows), size):
        created += model.objects.bulk_create(rows[start : start + size], batch_size=size)
    return created


def seed(rng: random.Random, scale: float):
    """Everything the measured pages read, in bulk (the services are measured by the tests)."""
    from samen.accounts.models import Membership, User
    from samen.accounts.roles import Role
    from samen.grants import ledger
    from samen.grants.models import (
        Application,
        BudgetLine,
        BudgetShare,
        BudgetYear,
        Criterion,
        Decision,
        GrantScheme,
        LedgerEntry,
        Question,
        Review,
        Score,
        TransitionLog,
    )
    from samen.grants.states import State
    from samen.network.models import Organisation, OrganisationMember, SharedValue, StakeholderGroup
    from samen.regions.models import AllocationKey, Municipality, PopulationFigure, Region

    n_applications = int(10_000 * scale)
    n_entries = int(100_000 * scale)
    region = Region.objects.create(name="Samen aan de slag (benchmark)")
    municipalities = []
    for code, name, inhabitants in (
        ("GM1706", "Cranendonck", 20500),
        ("GM0946", "Nederweert", 17000),
        ("GM0988", "Weert", 49500),
    ):
        municipality = Municipality.objects.create(region=region, cbs_code=code, name=name)
        PopulationFigure.objects.create(
            municipality=municipality, inhabitants=inhabitants, reference_date=date(2019, 1, 1)
        )
        municipalities.append(municipality)
    key = AllocationKey.objects.create(
        region=region, name="Inwoners", kind="population", reference_date=date(2019, 1, 1)
    )
    scheme = GrantScheme.objects.create(
        region=region,
        name="Experimenteerregeling (benchmark)",
        issuing_municipality=municipalities[2],
        opens_on=date(2017, 1, 1),
        closes_on=date(2030, 12, 31),
        allocation_key=key,
        minimum_amount=Decimal("500"),
        maximum_amount=Decimal("25000"),
        minimum_reviews=2,
    )
    criteria = [
        Criterion.objects.create(scheme=scheme, number=i, title=f"Criterium {i}", knock_out=i == 2)
        for i in (1, 2, 3)
    ]
    Question.objects.create(scheme=scheme, number=1, text="Met wie werkt u samen?")
    for year in YEARS:
        ledger.set_ceiling(scheme, year, Decimal("50000000"), "Raadsbesluit (benchmark)")

    staff = {}
    for role in (Role.FACILITATOR, Role.DECISION_MAKER, Role.CONTROLLER):
        user = User.objects.create_user(f"{role}@bench.example", None, full_name=f"Bench {role}")
        Membership.objects.create(
            user=user, role=role, region=region, mandate_reference="Mandaat (benchmark)"
        )
        staff[role] = user
    members = []
    for index in range(MEMBERS):
        user = User.objects.create_user(
            f"member{index}@bench.example", None, full_name=f"Lid {index}"
        )
        Membership.objects.create(user=user, role=Role.STEERING_MEMBER, region=region)
        members.append(user)

    group = StakeholderGroup.objects.create(name="Welzijn (benchmark)")
    value = SharedValue.objects.create(region=region, number=1, title="Iedereen doet mee")
    organisations = bulk(
        Organisation,
        [
            Organisation(region=region, name=f"Organisatie {i:04d}", stakeholder_group=group)
            for i in range(ORGANISATIONS)
        ],
    )
    partners = bulk(
        User,
        [
            User(email=f"partner{i}@bench.example", full_name=f"Partner {i}", password="!")
            for i in range(ORGANISATIONS)
        ],
    )
    bulk(Membership, [Membership(user=u, role=Role.PARTNER, region=region) for u in partners])
    bulk(
        OrganisationMember,
        [
            OrganisationMember(organisation=o, user=u, is_owner=True)
            for o, u in zip(organisations, partners, strict=True)
        ],
    )

    states = [
        State.SUBMITTED,
        State.IN_REVIEW,
        State.ADVISED,
        State.SENT,
        State.ADVANCE_PAID,
        State.SETTLED,
        State.CLOSED,
        State.CONCEPT,
        State.INCOMPLETE,
        State.WITHDRAWN,
    ]
    weights = [8, 12, 5, 20, 20, 15, 10, 4, 3, 3]
    now = datetime(2026, 11, 1, 12, 0).astimezone()
    applications = []
    for index in range(n_applications):
        year = YEARS[index % len(YEARS)]
        received = date(year, 1, 1) + timedelta(days=rng.randrange(330))
        status = rng.choices(states, weights)[0]
        submitted = status != State.CONCEPT
        applications.append(
            Application(
                scheme=scheme,
                organisation=organisations[index % ORGANISATIONS],
                created_by=partners[index % ORGANISATIONS],
                status=status,
                title=f"Experiment {index:05d}",
                description="Omschrijving " * 20,
                expected_results="Resultaten " * 10,
                contact_name="Contact",
                contact_email="c@example.nl",
                project_start=received,
                project_end=received + timedelta(days=180),
                requested_amount=Decimal(rng.randrange(1000, 25000)),
                reference=f"SUB-{year}-{index + 1:05d}" if submitted else None,
                budget_year=year if submitted else None,
                received_on=received if submitted else None,
                submitted_at=now if submitted else None,
                decision_due_on=received + timedelta(weeks=8) if submitted else None,
            )
        )
    applications = bulk(Application, applications)
    bulk(
        BudgetLine,
        [
            BudgetLine(application=a, description="Kosten", amount=a.requested_amount + 1000)
            for a in applications
        ],
    )
    through = Application.values.through
    bulk(through, [through(application_id=a.pk, sharedvalue_id=value.pk) for a in applications])
    logs = []
    for a in applications:
        for step, (source, target) in enumerate(
            [
                (State.CONCEPT, State.SUBMITTED),
                (State.SUBMITTED, State.IN_REVIEW),
                (State.IN_REVIEW, State.ADVISED),
            ]
        ):
            logs.append(
                TransitionLog(
                    application=a,
                    transition=f"stap{step}",
                    from_state=source,
                    to_state=target,
                    actor=staff[Role.FACILITATOR],
                    actor_name="Bench",
                    effective_on=date(2020, 1, 1),
                )
            )
    bulk(TransitionLog, logs)

    reviewed = [a for a in applications if a.status != State.CONCEPT]
    reviews = bulk(
        Review,
        [
            Review(application=a, reviewer=m, view="Zienswijze.", submitted_at=now)
            for a in reviewed
            for m in members
        ][: int(50_000 * scale)],
    )
    bulk(
        Score,
        [
            Score(review=r, criterion=c, value=rng.randrange(0, 6), justification="Onderbouwing.")
            for r in reviews
            for c in criteria
        ],
        size=10000,
    )

    awarded = [
        a
        for a in applications
        if a.status in (State.SENT, State.ADVANCE_PAID, State.SETTLED, State.CLOSED)
    ]
    decisions = bulk(
        Decision,
        [
            Decision(
                application=a,
                kind="award",
                amount=a.requested_amount,
                reasons="Goed.",
                decided_by=staff[Role.DECISION_MAKER],
                mandate_reference="Mandaat",
                issuing_body="het college",
                sent_on=a.received_on + timedelta(weeks=6),
            )
            for a in awarded
        ],
    )
    years = {y.year: y for y in BudgetYear.objects.filter(scheme=scheme)}
    entries = []
    while len(entries) < n_entries:
        for decision in decisions:
            a = decision.application
            parts = ledger.split_by_weights(
                a.requested_amount,
                {m: Decimal(w) for m, w in zip(municipalities, (20500, 17000, 49500), strict=True)},
            )
            first_pass = len(entries) < len(decisions) * 3
            for municipality, amount in parts.items():
                # One commitment per municipality, then payments in eighths (tranches).
                entries.append(
                    LedgerEntry(
                        budget_year=years[a.budget_year],
                        municipality=municipality,
                        application=a,
                        decision=decision,
                        kind="commitment" if first_pass else "payment",
                        amount=amount if first_pass else (amount / 8).quantize(Decimal("0.01")),
                    )
                )
            if len(entries) >= n_entries:
                break
    bulk(LedgerEntry, entries[:n_entries], size=10000)
    from django.db.models import Sum

    for year in years.values():
        for share in BudgetShare.objects.filter(budget_year=year):
            sums = {
                row["kind"]: row["total"]
                for row in LedgerEntry.objects.filter(
                    budget_year=year, municipality=share.municipality
                )
                .values("kind")
                .annotate(total=Sum("amount"))
            }
            for kind, column in LedgerEntry.COLUMN.items():
                setattr(share, column, sums.get(kind, Decimal("0")))
            share.save()
        for column in LedgerEntry.COLUMN.values():
            setattr(
                year,
                column,
                sum(getattr(s, column) for s in BudgetShare.objects.filter(budget_year=year)),
            )
        year.save()
        assert ledger.discrepancies(year) == [], ledger.discrepancies(year)

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = {
        "applications": Application.objects.count(),
        "reviews": Review.objects.count(),
        "scores": Score.objects.count(),
        "ledger entries": LedgerEntry.objects.count(),
        "decisions": Decision.objects.count(),
        "transition logs": TransitionLog.objects.count(),
    }
    return scheme, staff, partners[0], counts


def verified_client(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(function, iterations: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        function()
    timings = []
    for _ in range(iterations):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return timings


def count_queries(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def run(scale: float, runs: int):
    from samen.accounts.roles import Role
    from samen.grants.models import Application

    rng = random.Random(2026)
    started = time.perf_counter()
    scheme, staff, partner, counts = seed(rng, scale)
    seeded = time.perf_counter() - started
    facilitator = verified_client(staff[Role.FACILITATOR])
    controller = verified_client(staff[Role.CONTROLLER])
    decision_maker = verified_client(staff[Role.DECISION_MAKER])
    from django.test import Client

    partner_client = Client()
    partner_client.force_login(partner)
    detail_uuids = list(
        Application.objects.filter(status__in=["sent", "advance_paid", "settled"]).values_list(
            "uuid", flat=True
        )[:200]
    )

    cases = [
        ("GET /subsidies/ (application list, facilitator)", facilitator, lambda: "/subsidies/"),
        (
            "GET /subsidies/?status=in_review (facilitator)",
            facilitator,
            lambda: "/subsidies/?status=in_review",
        ),
        ("GET /subsidies/ (application list, partner)", partner_client, lambda: "/subsidies/"),
        (
            "GET /subsidies/aanvragen/<uuid>/ (detail, facilitator)",
            facilitator,
            lambda: f"/subsidies/aanvragen/{rng.choice(detail_uuids)}/",
        ),
        (
            "GET /subsidies/regelingen/<uuid>/budget/ (ledger, controller)",
            controller,
            lambda: f"/subsidies/regelingen/{scheme.uuid}/budget/",
        ),
        (
            "GET /subsidies/werklijst/ (decision maker)",
            decision_maker,
            lambda: "/subsidies/werklijst/",
        ),
        (
            "GET /api/v1/grant-applications/ (facilitator)",
            facilitator,
            lambda: "/api/v1/grant-applications/",
        ),
        ("GET /api/v1/grant-ledger/ (controller)", controller, lambda: "/api/v1/grant-ledger/"),
    ]
    results = []
    for label, client, url in cases:

        def request(client=client, url=url):
            response = client.get(url())
            assert response.status_code == 200, (url(), response.status_code)

        results.append((label, runs, *summary(measure(request, runs)), count_queries(request)))
    return results, counts, seeded


def summary(timings):
    return statistics.median(timings), p95(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the data volume")
    parser.add_argument("--runs", type=int, default=40, help="timed requests per page")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    database(args.database_url, create=True)
    try:
        configure(args.database_url)
        results, counts, seeded = run(args.scale, args.runs)
        import django
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
        print(
            f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {server}"
        )
        print(f"CPU count: {os.cpu_count()}, platform: {platform.platform()}")
        print(
            "Data: "
            + ", ".join(f"{n:,} {name}" for name, n in counts.items())
            + f" (seeded in {seeded:.0f} s)"
        )
        print()
        header = f"{'measurement':62} {'runs':>5} {'median ms':>10} {'p95 ms':>9} {'queries':>8}"
        print(header)
        print("-" * len(header))
        for label, runs, median, p95_value, queries in results:
            print(
                f"{label:62} {runs:5d} {median * 1000:10.1f} {p95_value * 1000:9.1f} {queries:8d}"
            )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            database(args.database_url, create=False)


if __name__ == "__main__":
    main()
