"""Benchmark: resident dossiers at national scale on PostgreSQL.

Run from the repository root (the database is dropped and created again, so use a scratch one):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samen_participation_bench \\
        .venv/bin/python benchmarks/bench_participation.py [--residents 400000] [--runs 200]

It seeds 400,000 invented residents (the national bijstand population) over 342 municipalities
(sizes log-normal, like the real spread from a few dozen to ~40,000), each with an open dossier, its
three pillars, a plan, a talent profile, a benefit episode, an arrangement and a ladder measurement;
200 "rich" dossiers get two years of history (switches, measurements, contact moments, consent).
Rows go in with PostgreSQL's COPY. Then it measures, through Django's test client and the whole
middleware stack (sessions, CSRF, OTP, 2FA, CSP, auditlog, axes), as a case worker with a verified
second factor:

  a. search by BSN (POST /participatie/, exact match on the (municipality, bsn) unique index);
  b. search by name (POST /participatie/, two name parts) in the largest and a median municipality;
  c. the same BSN search through the API (POST /api/v1/residents/search);
  d. the dossier page (GET /participatie/dossiers/<uuid>/) of the rich dossiers;
  e. the resident list (GET /participatie/, first page of 25);
  f. the dossier through the API (GET /api/v1/dossiers/<uuid>).

Each measurement reports runs, median (p50), p95 and the number of SQL queries of one call.
Results are recorded in docs/participation.md.
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
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samen_participation_bench"
MUNICIPALITIES = 342
RICH = 200

FIRST = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Eva",
    "Fatima",
    "Gijs",
    "Hanneke",
    "Ibrahim",
    "Jeroen",
    "Kim",
    "Lotte",
    "Mohammed",
    "Noor",
    "Olga",
    "Pieter",
    "Rik",
    "Sanne",
    "Tim",
    "Umut",
    "Vera",
    "Wim",
    "Yara",
    "Zeynep",
    "Anouk",
    "Bas",
    "Carla",
    "Dirk",
    "Esther",
    "Femke",
    "Gert",
    "Hasan",
    "Iris",
    "Joost",
    "Karima",
    "Lars",
    "Mirjam",
    "Nina",
    "Olaf",
    "Priya",
    "Roel",
    "Sofie",
    "Thijs",
    "Vincent",
    "Wendy",
    "Youssef",
    "Jan",
    "Henk",
]
LAST = [
    "Jansen",
    "Vries",
    "Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Boer",
    "Mulder",
    "Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Leeuwen",
    "Dekker",
    "Brouwer",
    "Wit",
    "Dijkstra",
    "Smits",
    "Willems",
    "Claessens",
    "Geurts",
    "Bongers",
    "Hermans",
    "Wijnen",
    "Lemmens",
    "Tekin",
    "Yilmaz",
    "Kowalski",
    "Haile",
    "Kovalenko",
    "Bosman",
    "Gerritsen",
    "Rutten",
    "Dongen",
    "Kuijpers",
    "Nieuwenhuis",
    "Horst",
    "Wissink",
]


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


def sizes(rng: random.Random, total: int) -> list[int]:
    weights = [rng.lognormvariate(6.5, 1.1) for _ in range(MUNICIPALITIES)]
    scale = total / sum(weights)
    counts = [max(10, int(w * scale)) for w in weights]
    counts[counts.index(max(counts))] += total - sum(counts)
    return counts


def copy_rows(cursor, table: str, columns: list[str], rows) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def seed(rng: random.Random, total: int):
    from django.db import connection
    from django.utils import timezone

    from samen.participation.bsn import generate_bsns
    from samen.participation.models import normalise_name
    from samen.regions.models import Municipality, Region

    region = Region.objects.create(name="Nederland (benchmark)")
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=region, cbs_code=f"GM{i:04d}", name=f"Gemeente {i:04d}")
        for i in range(1, MUNICIPALITIES + 1)
    )
    counts = sizes(rng, total)
    now = timezone.now()
    today = timezone.localdate()
    bsns = generate_bsns(40_000_000, total)
    started = time.perf_counter()
    with connection.cursor() as django_cursor:
        cursor = django_cursor.connection.cursor()
        residents = []
        index = 0
        for municipality, count in zip(municipalities, counts, strict=True):
            for _ in range(count):
                first, last = rng.choice(FIRST), rng.choice(LAST)
                residents.append(
                    (
                        uuid.uuid4(),
                        f"R-{index:08X}",
                        municipality.pk,
                        bsns[index],
                        first,
                        "",
                        last,
                        normalise_name(f"{first} {last}"),
                        date(1960 + index % 45, 1 + index % 12, 1 + index % 28),
                        "Kerkstraat",
                        str(1 + index % 200),
                        "1234 AB",
                        "Plaats",
                        "",
                        "",
                        now,
                        now,
                        1,
                    )
                )
                index += 1
        copy_rows(
            cursor,
            "participation_resident",
            [
                "uuid",
                "reference",
                "municipality_id",
                "bsn",
                "given_names",
                "surname_prefix",
                "surname",
                "search_name",
                "date_of_birth",
                "street",
                "house_number",
                "postal_code",
                "city",
                "phone",
                "email",
                "created_at",
                "updated_at",
                "version",
            ],
            residents,
        )
        cursor.execute("SELECT id, municipality_id FROM participation_resident ORDER BY id")
        resident_rows = cursor.fetchall()
        opened = today - timedelta(days=400)
        copy_rows(
            cursor,
            "participation_dossier",
            [
                "uuid",
                "resident_id",
                "municipality_id",
                "status",
                "opened_on",
                "closing_reason",
                "created_at",
                "version",
            ],
            ((uuid.uuid4(), rid, mid, "open", opened, "", now, 1) for rid, mid in resident_rows),
        )
        cursor.execute("SELECT id FROM participation_dossier ORDER BY id")
        dossier_ids = [row[0] for row in cursor.fetchall()]
        copy_rows(
            cursor,
            "participation_pillar",
            ["uuid", "dossier_id", "kind", "status", "goals", "updated_at", "version"],
            (
                (uuid.uuid4(), did, kind, "active", "", now, 1)
                for did in dossier_ids
                for kind in ("work", "participation", "income")
            ),
        )
        copy_rows(
            cursor,
            "participation_plan",
            ["uuid", "dossier_id", "agreed_goals", "actions", "updated_at", "version"],
            ((uuid.uuid4(), did, "Stap voor stap naar werk", "", now, 1) for did in dossier_ids),
        )
        copy_rows(
            cursor,
            "participation_talentprofile",
            [
                "uuid",
                "dossier_id",
                "ambitions",
                "motivation",
                "limitations",
                "updated_at",
                "version",
            ],
            ((uuid.uuid4(), did, "", "", "[]", now, 1) for did in dossier_ids),
        )
        copy_rows(
            cursor,
            "participation_benefitepisode",
            ["uuid", "dossier_id", "kind", "started_on", "end_reason", "created_at"],
            ((uuid.uuid4(), did, "bijstand", opened, "", now) for did in dossier_ids),
        )
        copy_rows(
            cursor,
            "participation_arrangement",
            [
                "uuid",
                "dossier_id",
                "kind",
                "provider_name",
                "hours_per_week",
                "support",
                "started_on",
                "end_reason",
                "uwv_advice_reference",
                "created_at",
                "version",
            ],
            (
                (uuid.uuid4(), did, "daycare", "Dagbesteding", 8, "", opened, "", "", now, 1)
                for did in dossier_ids
            ),
        )
        answers = '{"paid_work": "no", "unpaid_work": "no", "organised_activities": "yes", "social_contacts": "yes", "wish": "step", "hours": "up_to_8", "lasting_support": "no", "barriers": "no"}'
        copy_rows(
            cursor,
            "participation_ladderassessment",
            [
                "uuid",
                "dossier_id",
                "assessed_on",
                "created_at",
                "answers",
                "current_rung",
                "potential_rung",
                "horizon_months",
                "suggested_rung",
                "confirmed_rung",
                "deviation_note",
            ],
            ((uuid.uuid4(), did, opened, now, answers, 3, 4, 12, 3, 3, "") for did in dossier_ids),
        )
        cursor.execute("ANALYZE")
    loaded = time.perf_counter() - started
    return municipalities, counts, dossier_ids, loaded


def enrich(rng: random.Random, dossier_ids, case_worker) -> list:
    """Two years of history for RICH dossiers, through the services (as in real use)."""
    from samen.participation import services, switching
    from samen.participation.models import Arrangement, Dossier

    rich = Dossier.objects.filter(pk__in=rng.sample(dossier_ids, RICH)).select_related("resident")
    today = date.today()
    for dossier in rich:
        current = dossier.arrangements.get()
        for step, kind in enumerate(
            [Arrangement.Kind.WORK_DAYCARE, Arrangement.Kind.SHELTERED_WORK], start=1
        ):
            current = switching.switch_arrangement(
                current,
                switching.Draft(
                    dossier,
                    kind,
                    current.started_on + timedelta(days=120 * step),
                    provider_name="Werkplaats",
                    uwv_advice_on=today,
                ),
                reason="Stap omhoog",
                actor=case_worker,
            )
        for months in range(0, 24, 6):
            day = today - timedelta(days=700 - 30 * months)
            services.record_health_assessment(
                dossier,
                scores=dict.fromkeys(
                    (
                        "body_functions",
                        "mental_wellbeing",
                        "meaningfulness",
                        "quality_of_life",
                        "participation",
                        "daily_functioning",
                    ),
                    5 + months % 4,
                ),
                assessed_on=day,
                assessor=case_worker,
                filled_in="together",
            )
            services.add_contact_moment(
                dossier,
                occurred_on=day,
                channel="office",
                summary="Voortgang besproken.",
                actor=case_worker,
            )
        services.record_self_reliance_assessment(
            dossier, scores={"finances": 3, "housing": 4}, assessed_on=today, assessor=case_worker
        )
    return list(rich)


def measure(call, runs: int):
    """(runs, p50 ms, p95 ms, SQL queries of one call) after three warm-up calls."""
    from django.db import connection

    for _ in range(3):
        call(0)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        call(0)
    timings = []
    for index in range(runs):
        started = time.perf_counter()
        response = call(index)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return runs, statistics.median(timings), p95, len(queries)


def case_worker_client(municipality):
    from django.test import Client

    from samen.accounts.roles import Role
    from samen.accounts.tests.factories import MembershipFactory, UserFactory
    from samen.conftest import login_verified

    user = UserFactory(full_name=f"Klantmanager {municipality.cbs_code}")
    MembershipFactory(user=user, role=Role.CASE_WORKER, municipality=municipality)
    return login_verified(Client(), user), user


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=400_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL=postgres://...).")
    rng = random.Random(400_000)  # noqa: S311 - reproducible benchmark data
    configure(url)
    total_started = time.perf_counter()
    municipalities, counts, dossier_ids, loaded = seed(rng, args.residents)
    from samen.participation.models import Resident

    largest = municipalities[counts.index(max(counts))]
    median_count = sorted(counts)[len(counts) // 2]
    median = municipalities[counts.index(median_count)]
    print(
        f"Seeded {args.residents:,} residents over {MUNICIPALITIES} municipalities (COPY) in {loaded:.0f} s; "
        f"largest {largest.cbs_code} with {max(counts):,}, median {median.cbs_code} with {median_count:,}."
    )

    client, case_worker = case_worker_client(largest)
    dossier_ids_largest = list(
        Resident.objects.filter(municipality=largest).values_list("dossier__id", flat=True)
    )
    rich = enrich(rng, dossier_ids_largest, case_worker)
    median_client, _ = case_worker_client(median)
    print(
        f"Enriched {len(rich)} dossiers; total set-up {time.perf_counter() - total_started:.0f} s.\n"
    )

    bsns = list(Resident.objects.filter(municipality=largest).values_list("bsn", flat=True)[:1000])
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(args.runs)]
    runs = args.runs
    results = [
        (
            "a. search by BSN (POST page), largest municipality",
            measure(lambda i: client.post("/participatie/", {"query": bsns[i % len(bsns)]}), runs),
        ),
        (
            "b. search by name (POST page), largest municipality",
            measure(
                lambda i: client.post("/participatie/", {"query": names[i % len(names)]}), runs
            ),
        ),
        (
            "b. search by name (POST page), median municipality",
            measure(
                lambda i: median_client.post("/participatie/", {"query": names[i % len(names)]}),
                runs,
            ),
        ),
        (
            "c. search by BSN (POST API)",
            measure(
                lambda i: client.post(
                    "/api/v1/residents/search",
                    {"query": bsns[i % len(bsns)]},
                    content_type="application/json",
                ),
                runs,
            ),
        ),
        (
            "d. dossier page (rich dossier)",
            measure(
                lambda i: client.get(f"/participatie/dossiers/{rich[i % len(rich)].uuid}/"), runs
            ),
        ),
        (
            "e. resident list, first page of 25, largest municipality",
            measure(lambda i: client.get("/participatie/"), runs),
        ),
        (
            "f. dossier through the API (rich dossier)",
            measure(lambda i: client.get(f"/api/v1/dossiers/{rich[i % len(rich)].uuid}"), runs),
        ),
    ]
    from django.db import connection

    print(
        f"Python {platform.python_version()}, PostgreSQL {connection.cursor().connection.info.server_version}, "
        f"{os.cpu_count()} CPUs\n"
    )
    print("| measurement | runs | p50 | p95 | SQL queries |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, (n, p50, p95, queries) in results:
        print(f"| {label} | {n} | {p50:.1f} ms | {p95:.1f} ms | {queries} |")
    print(f"\nTotal {time.perf_counter() - total_started:.0f} s.")


if __name__ == "__main__":
    main()
