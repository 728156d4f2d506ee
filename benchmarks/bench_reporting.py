"""Benchmark: reporting dashboards and the council letter on 400,000 residents (PostgreSQL).

Run from the repository root (the database is dropped and created again: use a scratch one):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samen_reporting_bench \\
        .venv/bin/python benchmarks/bench_reporting.py [--residents 400000] [--runs 20]

It seeds, with the ORM's bulk inserts, invented residents over 342 municipalities in 12 regions
(municipality sizes log-normal, as in the participation benchmark), each with a dossier (8% closed)
and a history from 2016 to 2022 shaped like a Participatiewet caseload:

- one or two benefit episodes (about 45% ended: 60% of those for work, some returning within a
  year);
- 0–4 participation-ladder measurements (a random walk over the rungs) and 0–2 Positieve
  Gezondheid measurements;
- 0–2 arrangements, a third of the second ones a switch from the first;
- placements through matching for about 6% (with work opportunities of the region's partners);
- for the largest region: 24 action lines with reports, partners, platform meetings, a grant
  scheme with a ceiling for 2020 and 2021, applications and decisions, the two cost programmes of
  seed 000 and the seed-004 milestones.

Then, through Django's test client and the whole middleware stack (sessions, CSRF, OTP, 2FA, CSP,
auditlog, axes), as a controller with a region-wide membership and a verified second factor, for
the period 2021-H1 it measures:

  a. each dashboard section of the largest region (the HTMX request the page makes per section);
  b. each section of the largest municipality's dashboard;
  c. the whole region dashboard in one API call (GET /api/v1/dashboards/regions/<uuid>);
  d. the council letter of the largest region: composing the content (all queries) and rendering
     the PDF with WeasyPrint, separately and together.

Each measurement reports runs, median (p50), p95 and the SQL queries of one call. Results are
recorded in docs/reporting.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samen_reporting_bench"
MUNICIPALITIES = 342
REGIONS = 12
BATCH = 10_000
PERIOD = "2021-H1"
SECTIONS = ("work", "participation", "switching", "network", "experiments")


def configure(url: str) -> None:
    """Fresh database, migrated, with the CI settings (fast hashing, 2FA on)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DJANGO_SETTINGS_MODULE"] = "samen.conf.ci"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    # As in Django's test runner: keep the connection (and the query log) across test-client
    # requests, so that one request's queries can be counted.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, reset_queries

    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)


def sizes(rng: random.Random, total: int) -> list[int]:
    weights = [rng.lognormvariate(6.5, 1.1) for _ in range(MUNICIPALITIES)]
    scale = total / sum(weights)
    counts = [max(10, int(w * scale)) for w in weights]
    counts[counts.index(max(counts))] += total - sum(counts)
    return counts


def day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def bulk(model, rows):
    """Insert in batches; returns the objects with their primary keys (PostgreSQL)."""
    created = []
    for index in range(0, len(rows), BATCH):
        created += model.objects.bulk_create(rows[index : index + BATCH])
    return created


def seed_geography(rng):
    from samen.regions.models import Municipality, PopulationFigure, Region

    regions = Region.objects.bulk_create(
        Region(name=f"Regio {number:02d} (benchmark)") for number in range(1, REGIONS + 1)
    )
    municipalities = Municipality.objects.bulk_create(
        Municipality(
            region=regions[index % REGIONS], cbs_code=f"GM{index:04d}", name=f"Gemeente {index:04d}"
        )
        for index in range(1, MUNICIPALITIES + 1)
    )
    PopulationFigure.objects.bulk_create(
        PopulationFigure(
            municipality=m, inhabitants=rng.randint(5_000, 250_000), reference_date=date(2019, 1, 1)
        )
        for m in municipalities
    )
    return regions, municipalities


def seed_population(rng, municipalities, total):
    """Residents, dossiers, benefit episodes, measurements and arrangements."""
    from samen.participation.bsn import generate_bsns
    from samen.participation.models import (
        Arrangement,
        BenefitEpisode,
        Dossier,
        HealthAssessment,
        LadderAssessment,
        Resident,
        normalise_name,
    )

    counts = sizes(rng, total)
    bsns = generate_bsns(40_000_000, sum(max(0, c) for c in counts))
    residents, index = [], 0
    for municipality, count in zip(municipalities, counts, strict=True):
        for _ in range(count):
            residents.append(
                Resident(
                    reference=f"R-{index:08X}",
                    municipality=municipality,
                    bsn=bsns[index],
                    given_names="Inwoner",
                    surname=f"Benchmark {index}",
                    search_name=normalise_name(f"Inwoner Benchmark {index}"),
                    date_of_birth=date(1960 + index % 45, 1 + index % 12, 1 + index % 28),
                    street="Kerkstraat",
                    house_number=str(1 + index % 200),
                    postal_code="1234 AB",
                    city="Plaats",
                )
            )
            index += 1
    residents = bulk(Resident, residents)
    dossiers = []
    for resident in residents:
        closed = rng.random() < 0.08
        dossiers.append(
            Dossier(
                resident=resident,
                municipality_id=resident.municipality_id,
                status="closed" if closed else "open",
                opened_on=day_between(rng, date(2015, 1, 1), date(2020, 12, 31)),
                closed_on=date(2022, 3, 1) if closed else None,
                closing_reason="moved" if closed else "",
            )
        )
    dossiers = bulk(Dossier, dossiers)

    episodes, ladders, healths, first_arrangements = [], [], [], []
    for dossier in dossiers:
        start = day_between(rng, date(2016, 1, 1), date(2021, 6, 1))
        if rng.random() < 0.45:
            end = min(start + timedelta(days=rng.randint(60, 1500)), date(2022, 6, 30))
            reason = "work" if rng.random() < 0.6 else rng.choice(["moved", "other"])
            episodes.append(
                BenefitEpisode(
                    dossier=dossier,
                    kind="bijstand",
                    started_on=start,
                    ended_on=end,
                    end_reason=reason,
                )
            )
            if reason == "work" and rng.random() < 0.2:
                episodes.append(
                    BenefitEpisode(
                        dossier=dossier,
                        kind="bijstand",
                        started_on=end + timedelta(days=rng.randint(30, 500)),
                    )
                )
        else:
            episodes.append(BenefitEpisode(dossier=dossier, kind="bijstand", started_on=start))
        rung = rng.randint(1, 5)
        for _ in range(rng.randint(0, 4)):
            rung = max(1, min(6, rung + rng.choice([-1, 0, 0, 1, 1])))
            ladders.append(
                LadderAssessment(
                    dossier=dossier,
                    assessed_on=day_between(rng, date(2019, 1, 1), date(2022, 6, 30)),
                    answers={},
                    current_rung=rung,
                    potential_rung=6,
                    confirmed_rung=rung,
                )
            )
        for _ in range(rng.randint(0, 2)):
            scores = {code: rng.randint(2, 9) for code in HEALTH_CODES}
            healths.append(
                HealthAssessment(
                    dossier=dossier,
                    assessed_on=day_between(rng, date(2020, 1, 1), date(2021, 12, 31)),
                    **scores,
                )
            )
        if rng.random() < 0.6:
            started_on = day_between(rng, date(2018, 1, 1), date(2020, 12, 31))
            switch_on = day_between(rng, date(2020, 6, 1), date(2022, 6, 30))
            switching = rng.random() < 0.33 and switch_on > started_on
            first_arrangements.append(
                Arrangement(
                    dossier=dossier,
                    kind=rng.choice(KINDS),
                    started_on=started_on,
                    # Decided here, so the switch needs no UPDATE afterwards.
                    ended_on=switch_on - timedelta(days=1) if switching else None,
                    end_reason="Simpel Switchen" if switching else "",
                )
            )
    bulk(BenefitEpisode, episodes)
    bulk(LadderAssessment, ladders)
    bulk(HealthAssessment, healths)
    first_arrangements = bulk(Arrangement, first_arrangements)
    switches = [
        Arrangement(
            dossier_id=first.dossier_id,
            kind=rng.choice([k for k in KINDS if k != first.kind]),
            started_on=first.ended_on + timedelta(days=1),
            switched_from=first,
        )
        for first in first_arrangements
        if first.ended_on
    ]
    bulk(Arrangement, switches)
    return dossiers, {
        "residents": len(residents),
        "benefit episodes": len(episodes),
        "ladder measurements": len(ladders),
        "health measurements": len(healths),
        "arrangements": len(first_arrangements) + len(switches),
    }


HEALTH_CODES = (
    "body_functions",
    "mental_wellbeing",
    "meaningfulness",
    "quality_of_life",
    "participation",
    "daily_functioning",
)
KINDS = (
    "daycare",
    "work_daycare",
    "sheltered_work",
    "job_guarantee",
    "regular_supported",
    "regular",
    "volunteering",
    "education",
)


def seed_network(rng, region, user):
    """Partners, action lines with frozen reports, meetings (the largest region only)."""
    from django.utils import timezone

    from samen.actionlines.models import (
        ActionLine,
        Commitment,
        Meeting,
        ProgressReport,
        ReportVersion,
    )
    from samen.network.models import Organisation, StakeholderGroup

    group, _ = StakeholderGroup.objects.get_or_create(name="Re-integratiebedrijven")
    organisations = Organisation.objects.bulk_create(
        Organisation(region=region, name=f"Partner {n}", stakeholder_group=group)
        for n in range(120)
    )
    lines = ActionLine.objects.bulk_create(
        ActionLine(
            region=region, title=f"Actielijn {n}", aim="Meedoen.", start_date=date(2019, 1, 1)
        )
        for n in range(24)
    )
    Commitment.objects.bulk_create(
        Commitment(action_line=line, organisation=org, since=date(2019, 6, 1))
        for line in lines
        for org in rng.sample(organisations, 5)
    )
    for line in lines[:20]:
        report = ProgressReport.objects.create(
            action_line=line,
            kind="half_yearly",
            period_start=date(2021, 1, 1),
            period_end=date(2021, 6, 30),
            created_by=user,
            first_submitted_at=timezone.now(),
        )
        version = ReportVersion.objects.create(
            report=report,
            number=1,
            state="submitted",
            traffic_light=rng.choice(["green", "orange", "red"]),
            summary="Het loopt; meer werkgevers doen mee.",
            results="Meer plaatsingen.",
            author=user,
            submitted_at=timezone.now(),
            submitted_by=user,
        )
        report.current_version = version
        report.save(update_fields=["current_version"])
    for day in (date(2021, 3, 15), date(2021, 10, 5)):
        meeting = Meeting.objects.create(
            region=region, date=day, municipality=region.municipalities.first(), created_by=user
        )
        meeting.attending_organisations.set(rng.sample(organisations, 40))
    return organisations


def seed_matches(rng, region, dossiers, organisations):
    from samen.matching.models import Match, WorkOpportunity

    municipalities = list(region.municipalities.all())
    opportunities = WorkOpportunity.objects.bulk_create(
        WorkOpportunity(
            organisation=rng.choice(organisations),
            municipality=rng.choice(municipalities),
            title=f"Werkplek {n}",
            tasks="Orderpicken.",
            kind="paid",
            hours_min=12,
            hours_max=24,
            places=50,
        )
        for n in range(400)
    )
    ids = {m.pk for m in municipalities}
    matches = [
        Match(
            dossier=dossier,
            opportunity=rng.choice(opportunities),
            state="placed",
            source="ranking",
            score=rng.randint(40, 95),
            placed_on=day_between(rng, date(2020, 1, 1), date(2022, 6, 30)),
        )
        for dossier in dossiers
        if dossier.municipality_id in ids and rng.random() < 0.06
    ]
    return len(bulk(Match, matches))


def seed_grants_and_reporting(rng, region, user):
    from django.db import transaction

    from samen.grants import ledger
    from samen.regions.models import AllocationKey
    from samen.reporting import demo
    from samen.reporting.models import Programme

    key = AllocationKey.objects.create(
        region=region,
        name="Aanjager en experimenteerruimte 2019-2021",
        kind=AllocationKey.Kind.POPULATION,
        reference_date=date(2019, 1, 1),
    )
    for spec in demo.PROGRAMMES:
        Programme.objects.create(region=region, allocation_key=key, decision_reference="DJ", **spec)
    try:
        from samen.grants.models import GrantScheme

        scheme = GrantScheme.objects.create(
            region=region,
            name="Experimenteerregeling (benchmark)",
            issuing_municipality=region.municipalities.first(),
            opens_on=date(2020, 1, 1),
            closes_on=date(2021, 12, 31),
            allocation_key=key,
        )
        with transaction.atomic():
            for year in (2020, 2021):
                ledger.set_ceiling(scheme, year, Decimal("100000"), "Raadsbesluit")
    except Exception as error:  # noqa: BLE001 - the grants module may have moved on; say so
        print(f"  (grants data skipped: {error})")
    from samen.reporting.models import Milestone

    for title, when, start, due, bodies, handled in demo.SEED_004_MILESTONES:
        Milestone.objects.create(
            region=region,
            title=title,
            when_label=when,
            window_starts_on=start,
            due_on=due,
            by_college=bodies[0],
            by_committee=bodies[1],
            by_council=bodies[2],
            college_on=handled[0],
        )


def measure(label, call, runs, results):
    """Two warm-up calls, one counted call, then ``runs`` timed calls (wall and CPU time)."""
    from django.db import connection

    for _ in range(2):
        call()
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    # An execute wrapper survives the test client closing and reopening the connection.
    with connection.execute_wrapper(count):
        call()
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    row = (label, runs, statistics.median(timings), p95, statistics.median(cpu), len(executed))
    results.append(row)
    print(
        f"  {label:56} p50 {row[2] * 1000:7.0f} ms  p95 {row[3] * 1000:7.0f} ms  "
        f"cpu {row[4] * 1000:6.0f} ms  {row[5]:3} queries  (load {os.getloadavg()[0]:.1f})"
    )


def client_for(user):
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


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--residents", type=int, default=400_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--letter-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL=postgres://...).")
    configure(url)
    rng = random.Random(args.seed)

    from django.db import connection
    from django.db.models import Count

    from samen.accounts.models import Membership, User
    from samen.accounts.roles import Role
    from samen.regions.models import Municipality
    from samen.reporting import letters
    from samen.reporting.models import CouncilLetter
    from samen.reporting.periods import parse_period

    started = time.perf_counter()
    regions, municipalities = seed_geography(rng)
    dossiers, volumes = seed_population(rng, municipalities, args.residents)
    region_sizes = {
        row["region"]: row["n"]
        for row in Municipality.objects.values("region").annotate(n=Count("residents"))
    }
    largest_region = max(regions, key=lambda r: region_sizes.get(r.pk, 0))
    largest_municipality = (
        Municipality.objects.annotate(n=Count("residents")).order_by("-n").first()
    )
    user = User.objects.create_user(email="controller@bench.example", full_name="Controller")
    Membership.objects.create(user=user, role=Role.CONTROLLER, region=largest_region)
    Membership.objects.create(user=user, role=Role.CONTROLLER, region=largest_municipality.region)
    organisations = seed_network(rng, largest_region, user)
    volumes["placements (largest region)"] = seed_matches(
        rng, largest_region, dossiers, organisations
    )
    seed_grants_and_reporting(rng, largest_region, user)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seeded = time.perf_counter() - started
    print(f"Seeded in {seeded:.0f} s: " + ", ".join(f"{v:,} {k}" for k, v in volumes.items()))
    print(
        f"Largest region: {largest_region.name}, {region_sizes[largest_region.pk]:,} residents in "
        f"{largest_region.municipalities.count()} municipalities; largest municipality: "
        f"{largest_municipality.name}, {largest_municipality.n:,} residents."
    )

    client = client_for(user)
    results = []
    print("\nMeasurements (period 2021-H1):")
    for key in SECTIONS:
        url = f"/rapportage/{largest_region.uuid}/dashboard/?period={PERIOD}&section={key}"
        measure(
            f"a. region dashboard, section {key}",
            lambda url=url: _ok(client.get(url, HTTP_HX_REQUEST="true")),
            args.runs,
            results,
        )
    for key in SECTIONS:
        url = f"/rapportage/gemeente/{largest_municipality.uuid}/dashboard/?period={PERIOD}&section={key}"
        measure(
            f"b. municipality dashboard, section {key}",
            lambda url=url: _ok(client.get(url, HTTP_HX_REQUEST="true")),
            args.runs,
            results,
        )
    api = f"/api/v1/dashboards/regions/{largest_region.uuid}?period={PERIOD}"
    measure(
        "c. region dashboard, all sections, API", lambda: _ok(client.get(api)), args.runs, results
    )

    period = parse_period(PERIOD)
    letter = CouncilLetter.objects.create(
        region=largest_region,
        municipality=largest_region.municipalities.first(),
        period=PERIOD,
        period_start=period.start,
        period_end=period.end,
        subject=letters.default_subject(largest_region, period),
        introduction=letters.default_introduction(largest_region, period),
        letter_date=date(2021, 7, 15),
    )
    content = letters.compose(letter)
    measure(
        "d. council letter: compose (all figures)",
        lambda: letters.compose(letter),
        args.letter_runs,
        results,
    )
    measure(
        "d. council letter: render PDF (WeasyPrint)",
        lambda: letters.render_pdf(content, draft=True),
        args.letter_runs,
        results,
    )
    measure(
        "d. council letter: compose + render PDF",
        lambda: letters.render_pdf(letters.compose(letter), draft=True),
        args.letter_runs,
        results,
    )
    from io import BytesIO

    from pypdf import PdfReader

    pdf = letters.render_pdf(content, draft=True)
    print(f"\n  letter: {len(pdf):,} bytes, {len(PdfReader(BytesIO(pdf)).pages)} pages")

    import django

    print("\nHardware and software:")
    print(f"  CPU: {os.cpu_count()} logical CPUs; {platform.processor() or platform.machine()}")
    print(f"  Python {platform.python_version()}, Django {django.get_version()}, ", end="")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        print(f"PostgreSQL {cursor.fetchone()[0]}")
    print(
        "\n| measurement | runs | p50 | p95 | CPU p50 (this process) | SQL queries |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: |"
    )
    for label, runs, p50, p95, cpu, queries in results:
        print(
            f"| {label} | {runs} | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms | "
            f"{cpu * 1000:.0f} ms | {queries} |"
        )


def _ok(response):
    if response.status_code != 200:
        raise SystemExit(f"{response.status_code} from {response.request['PATH_INFO']}")
    return response


if __name__ == "__main__":
    main()
