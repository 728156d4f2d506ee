"""Benchmark: the aanjager's completeness worklist and the action-line pages at scale, on PostgreSQL.

Run from the repository root (PostgreSQL reachable; the script creates and drops its own database):

    .venv/bin/python benchmarks/bench_actionlines.py \
        --database postgres://postgres@127.0.0.1:5432/samen_actionlines_bench [--scale 1.0] [--keep]

Data (fixed random seed): one region with the three municipalities of the seeds, the six values,
**10,000 organisations**, **2,000 action lines** (85 % active, 10 % paused, 5 % ended) with leads,
commitments, values and municipality roles — a realistic share of them incomplete — and **50,000
progress reports** (40,000 half-yearly reports over 2006–2026 and 10,000 updates), each with a
submitted version and one in ten with a second version; 30 platform meetings with follow-ups.

Measured (median and p95 over the runs, after three warm-up calls; queries of one call):

  a. ``services.completeness(region)``: the counts of all eight rules;
  b. GET /actielijnen/volledigheid/ as the aanjager: counts plus the first items of each rule;
  c. GET /actielijnen/volledigheid/?regel=uncommitted_organisation: one rule, paginated;
  d. GET /actielijnen/ (50 lines per page, with lead names, values, latest light) as a partner;
  e. GET /actielijnen/?status=active&municipality=<uuid> (filtered list);
  f. GET /api/v1/action-lines (50 per page, nested leads/partners/roles/history);
  g. ``services.overlaps(initiative)``: text similarity against all 1,900 open lines;
  h. ``services.build_agenda(meeting)``: 1,700 active lines with their latest report.

Pages go through Django's test client and the whole middleware stack (sessions, 2FA, CSP,
auditlog), with a verified second factor as production requires of staff. Results are recorded
in docs/actionlines.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

ORGANISATIONS = 10_000
LINES = 2_000
HALF_YEARLY_PER_LINE = 20
UPDATES_PER_LINE = 5  # 2,000 × (20 + 5) = 50,000 reports
MEETINGS = 30
BATCH = 5_000
WORDS = [
    "werk",
    "talent",
    "jongeren",
    "eenzaamheid",
    "wijk",
    "zorg",
    "welzijn",
    "ouderen",
    "vrijwilligers",
    "onderwijs",
    "leerwerkplek",
    "dagbesteding",
    "beschut",
    "garantiebaan",
    "gezondheid",
    "gesprek",
    "huisarts",
    "taal",
    "nieuwkomers",
    "schulden",
    "wonen",
    "sport",
    "cultuur",
    "mantelzorg",
    "buurt",
    "ondernemers",
    "stage",
    "jobcoach",
    "matchen",
    "switchen",
    "participatie",
    "meedoen",
    "ontmoeting",
    "signaleren",
    "preventie",
    "armoede",
    "inkomen",
    "digitaal",
    "vaardigheden",
]


def create_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}"')


def configure(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "samen.conf.ci"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # "testserver" in ALLOWED_HOSTS, mail in memory
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def aware(day: date, hour: int = 10):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, clock(hour)))


def seed(rng: random.Random):
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from samen.accounts.models import Membership, User
    from samen.actionlines.models import (
        ActionLine,
        ActionLineLead,
        Commitment,
        FollowUp,
        Initiative,
        Meeting,
        MunicipalityRole,
        ProgressReport,
        ReportVersion,
        ValueFit,
    )
    from samen.network.models import Organisation, OrganisationMember, SharedValue, StakeholderGroup
    from samen.regions.models import Municipality, Region

    today = timezone.localdate()
    region = Region.objects.create(name="Samen aan de slag (benchmark)")
    municipalities = [
        Municipality.objects.create(region=region, cbs_code=code, name=name)
        for code, name in (("GM1706", "Cranendonck"), ("GM0946", "Nederweert"), ("GM0988", "Weert"))
    ]
    values = [
        SharedValue.objects.create(region=region, number=n, title=f"Waarde {n}")
        for n in range(1, 7)
    ]
    groups = [StakeholderGroup.objects.create(name=f"Groep {n}", order=n) for n in range(1, 9)]
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                region=region,
                name=f"Organisatie {n:05d}",
                stakeholder_group=groups[n % 8],
                description=sentence(rng, 12),
            )
            for n in range(ORGANISATIONS)
        ),
        batch_size=BATCH,
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        (
            User(
                email=f"trekker{n}@bench.example.nl",
                full_name=f"Trekker {n:04d}",
                password=password,
            )
            for n in range(LINES)
        ),
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        (
            Membership(user=u, role="partner", region=region, valid_from=date(2019, 1, 1))
            for u in users
        ),
        batch_size=BATCH,
    )
    members = OrganisationMember.objects.bulk_create(
        (
            OrganisationMember(organisation=organisations[n * 3], user=u)
            for n, u in enumerate(users)
        ),
        batch_size=BATCH,
    )
    statuses = ["active"] * 17 + ["paused"] * 2 + ["ended"]
    lines = ActionLine.objects.bulk_create(
        (
            ActionLine(
                region=region,
                title=f"Actielijn {n:04d}: " + sentence(rng, 4)[:-1],
                aim=sentence(rng, 30),
                start_date=date(2005, 1, 1) + timedelta(days=rng.randrange(7000)),
                status=rng.choice(statuses),
            )
            for n in range(LINES)
        ),
        batch_size=BATCH,
    )
    through = ActionLine.values.through
    through.objects.bulk_create(
        (
            through(actionline_id=line.pk, sharedvalue_id=value.pk)
            for line in lines
            if rng.random() > 0.03  # 3 % serve no value
            for value in rng.sample(values, rng.randint(1, 3))
        ),
        batch_size=BATCH,
    )
    ActionLineLead.objects.bulk_create(
        (
            ActionLineLead(
                action_line=line,
                user=member.user,
                organisation=member.organisation,
                since=line.start_date,
            )
            for line, member in zip(lines, members, strict=True)
            if rng.random() > 0.05  # 5 % without a lead
        ),
        batch_size=BATCH,
    )
    Commitment.objects.bulk_create(
        (
            Commitment(action_line=line, organisation=organisation, since=line.start_date)
            for line in lines
            if rng.random() > 0.04
            for organisation in rng.sample(organisations[: ORGANISATIONS // 2], rng.randint(1, 5))
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    roles = ["reguleren", "regisseren", "stimuleren", "faciliteren", "loslaten"]
    MunicipalityRole.objects.bulk_create(
        (
            MunicipalityRole(action_line=line, municipality=municipality, role=rng.choice(roles))
            for line in lines
            for municipality in municipalities
            if rng.random() > 0.04  # each role missing with 4 % chance
        ),
        batch_size=BATCH,
    )

    # 50,000 reports: 20 half-yearly (the newest 20 half years up to the line's last report) and 5
    # updates per line; a tenth of the lines stopped reporting a year or more ago.
    periods = [(year, half) for year in range(2006, today.year + 1) for half in (1, 2)]
    periods = [p for p in periods if date(p[0], 6 if p[1] == 1 else 12, 28) < today]
    reports, contents = [], []
    author = users[0]
    for n, line in enumerate(lines):
        stop = len(periods) - (rng.randint(2, 8) if rng.random() < 0.1 else 0)
        for year, half in periods[stop - HALF_YEARLY_PER_LINE : stop]:
            start = date(year, 1, 1) if half == 1 else date(year, 7, 1)
            end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
            submitted = aware(min(end + timedelta(days=14), today))
            reports.append(
                ProgressReport(
                    action_line=line,
                    kind="half_yearly",
                    period_start=start,
                    period_end=end,
                    created_by=author,
                    first_submitted_at=submitted,
                )
            )
            contents.append((submitted, rng.choice(["green", "orange", "red"])))
        for _ in range(UPDATES_PER_LINE):
            submitted = aware(today - timedelta(days=rng.randrange(3000)))
            reports.append(
                ProgressReport(
                    action_line=line,
                    kind="update",
                    submission_key=uuid.UUID(int=rng.getrandbits(128)),
                    created_by=author,
                    first_submitted_at=submitted,
                )
            )
            contents.append((submitted, ""))
        if n % 200 == 199:
            print(f"  reports for {n + 1} lines prepared", file=sys.stderr)
    reports = ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
    versions = []
    for report, (submitted, light) in zip(reports, contents, strict=True):
        numbers = [1, 2] if rng.random() < 0.1 else [1]
        for number in numbers:
            versions.append(
                ReportVersion(
                    report=report,
                    number=number,
                    state="submitted",
                    traffic_light=light,
                    summary=sentence(rng, 14),
                    done=sentence(rng, 25),
                    results=sentence(rng, 20),
                    needed=sentence(rng, 10),
                    next_steps=sentence(rng, 10),
                    author=author,
                    submitted_by=author,
                    submitted_at=submitted + timedelta(days=number - 1),
                )
            )
    ReportVersion.objects.bulk_create(versions, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE actionlines_progressreport AS r SET current_version_id = v.id "
            "FROM (SELECT report_id, MAX(id) AS id FROM actionlines_reportversion GROUP BY report_id) v "
            "WHERE v.report_id = r.id"
        )

    facilitator = User.objects.create_user("aanjager@bench.example.nl", None, full_name="Aanjager")
    Membership.objects.create(
        user=facilitator, role="facilitator", region=region, valid_from=date(2019, 1, 1)
    )
    meeting = None
    for n in range(MEETINGS):
        meeting = Meeting.objects.create(
            region=region,
            date=date(2008, 4, 1) + timedelta(days=182 * n),
            municipality=municipalities[n % 3],
            created_by=facilitator,
        )
        FollowUp.objects.bulk_create(
            FollowUp(
                meeting=meeting,
                action_line=rng.choice(lines),
                description=sentence(rng, 8),
                owner=facilitator,
                due_date=meeting.date + timedelta(days=30),
                done_on=None if rng.random() < 0.2 else meeting.date + timedelta(days=20),
            )
            for _ in range(5)
        )
    initiative = Initiative.objects.create(
        region=region,
        title="Talentenmatch voor jongeren in de wijk",
        description="Jongeren zonder werk vinden een leerwerkplek bij ondernemers in de buurt, met een "
        "jobcoach die matcht op talent in plaats van cv.",
        proposer=users[1],
    )
    ValueFit.objects.bulk_create(
        ValueFit(initiative=initiative, value=value, serves=value.number in (2, 6), explanation="x")
        for value in values
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return region, facilitator, users[0], meeting, initiative, municipalities[2]


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


def run(scale: float):
    from samen.actionlines import services
    from samen.actionlines.models import ActionLine, ProgressReport, ReportVersion
    from samen.network.models import Organisation

    rng = random.Random(2026)
    started = time.perf_counter()
    region, facilitator, lead, meeting, initiative, weert = seed(rng)
    seeded = time.perf_counter() - started
    volume = {
        "organisations": Organisation.objects.count(),
        "action lines": ActionLine.objects.count(),
        "reports": ProgressReport.objects.count(),
        "report versions": ReportVersion.objects.count(),
    }
    results = []

    def record(label, function, iterations):
        count = max(3, int(iterations * scale))
        timings = measure(function, count)
        results.append(
            (label, count, statistics.median(timings), p95(timings), count_queries(function))
        )

    worklist = services.completeness(region)
    record(
        "a. services.completeness(region): all counts", lambda: services.completeness(region), 50
    )

    facilitator_client = verified_client(facilitator)
    partner_client = verified_client(lead)

    def page(client, url, **params):
        def get():
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)

        return get

    record(
        "b. GET /actielijnen/volledigheid/ (aanjager)",
        page(facilitator_client, "/actielijnen/volledigheid/"),
        30,
    )
    record(
        "c. GET /actielijnen/volledigheid/?regel=uncommitted_organisation",
        page(facilitator_client, "/actielijnen/volledigheid/", regel="uncommitted_organisation"),
        30,
    )
    record("d. GET /actielijnen/ (partner, 50 per page)", page(partner_client, "/actielijnen/"), 30)
    record(
        "e. GET /actielijnen/?status=active&municipality=Weert",
        page(partner_client, "/actielijnen/", status="active", municipality=str(weert.uuid)),
        30,
    )
    record(
        "f. GET /api/v1/action-lines (50 per page)",
        page(partner_client, "/api/v1/action-lines"),
        30,
    )
    record(
        "g. services.overlaps(initiative) vs open lines", lambda: services.overlaps(initiative), 20
    )
    record("h. services.build_agenda(meeting)", lambda: services.build_agenda(meeting), 10)
    return results, volume, worklist.counts, seeded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/samen_actionlines_bench"
        ),
        help="PostgreSQL URL of a database the script may drop and create",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the iteration counts")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    create_database(args.database)
    try:
        configure(args.database)
        results, volume, counts, seeded = run(args.scale)
        import django
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
        print(
            f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {server}; "
            f"CPU count {os.cpu_count()}, {platform.platform()}"
        )
        print(
            "Data: "
            + ", ".join(f"{n:,} {label}" for label, n in volume.items())
            + f" (seeded in {seeded:.0f} s)"
        )
        print("Worklist counts: " + ", ".join(f"{code} {n:,}" for code, n in counts.items()))
        print()
        header = f"{'measurement':66} {'runs':>5} {'median ms':>10} {'p95 ms':>9} {'queries':>8}"
        print(header)
        print("-" * len(header))
        for label, runs, median, p95_value, queries in results:
            print(
                f"{label:66} {runs:5d} {median * 1000:10.1f} {p95_value * 1000:9.1f} {queries:8d}"
            )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(args.database)


if __name__ == "__main__":
    main()
