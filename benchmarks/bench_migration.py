"""Benchmark: importing a generated export of 100,000 residents with their episodes into PostgreSQL.

Run from the repository root (PostgreSQL must be reachable; the script creates and drops its own
database ``<name>_bench`` next to the one in --database-url):

    .venv/bin/python benchmarks/bench_migration.py [--residents 100000]
        [--database-url postgres://postgres@127.0.0.1:5432/samen_migration]

What it does:

1. generates an export folder of CSV files (Windows-1252, semicolons, Dutch dates, some Excel
   serial dates and BSNs without their leading zero, 0.5 % hostile rows): ``personen`` (N rows),
   ``uitkeringen`` (~1.5 N), ``voorzieningen`` (~1.2 N), ``metingen`` (~0.8 N) and
   ``doelgroepregister`` (~0.3 N);
2. creates a fresh database, migrates it and adds GM1509 with an administrator and a case worker;
3. runs, each in its own process (so its peak memory is its own):
   a. ``import_dossiers --dry-run`` (nothing written),
   b. ``import_dossiers`` (the import),
   c. ``import_dossiers`` again (every accepted row "unchanged");
   and reports wall time, peak resident memory (``ru_maxrss``) and the per-sheet counts.

Goals (issue 7): import < 60 s and < 300 MB peak memory. Results are recorded in docs/migration.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samen_migration"
ADMIN = "beheerder@bench.example"
CASE_WORKER = "klantmanager@bench.example"
HOSTILE_SHARE = 0.005

FIRST_NAMES = [
    "Anna",
    "Sem",
    "Zoë",
    "René",
    "Fatima",
    "Mehmet",
    "Noor",
    "Jeroen",
    "Ilse",
    "Kees",
    "Daan",
    "Lotte",
    "Emma",
    "Bram",
    "Yara",
    "Sanne",
]
SURNAMES = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van der", "Berg"),
    ("", "Bakker"),
    ("", "Yilmaz"),
    ("El", "Amrani"),
    ("ter", "Horst"),
    ("", "Hendriks"),
    ("", "Smit"),
    ("van", "Dijk"),
]
PLACES = [
    ("Ulft", 7071),
    ("Gendringen", 7081),
    ("Varsseveld", 7051),
    ("Terborg", 7061),
    ("Silvolde", 7064),
]
STREETS = ["Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsstraat", "Hoofdstraat", "Beukenlaan"]
ARRANGEMENTS = [
    "dagbesteding",
    "vrijwilligerswerk",
    "scholing",
    "regulier",
    "loonkostensubsidie",
    "beschut_werk",
    "garantiebaan",
]


def bsns(count: int, rng: random.Random) -> list[str]:
    from stdnum.nl import bsn

    found, prefix = [], 10_000_000
    while len(found) < count:
        prefix += rng.randint(1, 40)
        for check in range(10):
            number = f"{prefix:08d}{check}"
            if bsn.is_valid(number):
                found.append(number)
                break
    return found


def dutch(day: date) -> str:
    return f"{day:%d-%m-%Y}"


def generate(folder: Path, residents: int, seed: int = 7) -> dict:
    """Write the export; returns the number of rows per sheet."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        name: (folder / f"{name}.csv").open("w", encoding="cp1252", newline="")
        for name in ("personen", "uitkeringen", "voorzieningen", "metingen", "doelgroepregister")
    }
    writers = {
        name: csv.writer(stream, delimiter=";", lineterminator="\r\n")
        for name, stream in files.items()
    }
    writers["personen"].writerow(
        [
            "BSN",
            "Voornamen",
            "Voorvoegsel",
            "Achternaam",
            "Geboortedatum",
            "Straat",
            "Huisnummer",
            "Huisnummertoevoeging",
            "Postcode",
            "Woonplaats",
            "Telefoon",
            "E-mail",
            "Klantmanager_email",
        ]
    )
    writers["uitkeringen"].writerow(["BSN", "Soort", "Startdatum", "Einddatum", "Reden_einde"])
    writers["voorzieningen"].writerow(
        [
            "BSN",
            "Soort",
            "Aanbieder",
            "Uren_per_week",
            "Startdatum",
            "Einddatum",
            "Uwv_advies_datum",
        ]
    )
    writers["metingen"].writerow(["BSN", "Instrument", "Datum", "Trede_of_score"])
    writers["doelgroepregister"].writerow(["BSN", "Status", "Datum"])
    counts = dict.fromkeys(files, 0)

    def write(name, row):
        writers[name].writerow(row)
        counts[name] += 1

    for index, number in enumerate(bsns(residents, rng)):
        hostile = rng.random() < HOSTILE_SHARE
        shown_bsn = number[1:] if number.startswith("0") and index % 3 == 0 else number
        if hostile and index % 2:
            shown_bsn = number[:-1] + str((int(number[-1]) + 1) % 10)  # fails the 11-proof
        prefix, surname = rng.choice(SURNAMES)
        place, postcode = rng.choice(PLACES)
        born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 15000))
        born_text = str((born - date(1899, 12, 30)).days) if index % 10 == 0 else dutch(born)
        write(
            "personen",
            [
                shown_bsn,
                rng.choice(FIRST_NAMES),
                prefix,
                surname,
                born_text if not (hostile and index % 2 == 0) else "31-02-1990",
                rng.choice(STREETS),
                rng.randint(1, 250),
                "",
                f"{postcode} {rng.choice('ABCDEFGH')}{rng.choice('KLMNPRST')}",
                place,
                "",
                "",
                CASE_WORKER if index % 4 == 0 else "",
            ],
        )
        start = date(2015, 1, 1) + timedelta(days=rng.randint(0, 1800))
        if rng.random() < 0.5:
            end = start + timedelta(days=rng.randint(60, 700))
            write("uitkeringen", [shown_bsn, "bijstand", dutch(start), dutch(end), "werk"])
            start = end + timedelta(days=rng.randint(30, 400))
        write(
            "uitkeringen",
            [shown_bsn, rng.choice(["bijstand", "bijstand", "ioaw"]), dutch(start), "", ""],
        )
        registered = rng.random() < 0.3
        if registered:
            write("doelgroepregister", [shown_bsn, "opgenomen", dutch(start)])
        for _ in range(rng.choice([0, 1, 1, 2, 2])):
            kind = rng.choice(ARRANGEMENTS)
            began = start + timedelta(days=rng.randint(0, 600))
            advice = dutch(began - timedelta(days=30)) if kind == "beschut_werk" else ""
            hours = (
                f"{rng.randint(4, 36)},{rng.choice('05')}"
                if not (hostile and kind == "regulier")
                else "veel"
            )
            write("voorzieningen", [shown_bsn, kind, "Laborijn", hours, dutch(began), "", advice])
        if rng.random() < 0.8:
            write(
                "metingen",
                [
                    shown_bsn,
                    "participatieladder",
                    dutch(start + timedelta(days=10)),
                    rng.randint(1, 6),
                ],
            )
    for stream in files.values():
        stream.close()
    return counts


# --- The measured phases (each in a child process) ----------------------------------------------


def setup_django(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "samen.conf.ci"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()


def prepare_database(url: str) -> None:
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from samen.accounts.models import Membership, User
    from samen.accounts.roles import Role
    from samen.regions.models import Municipality, Region

    region = Region.objects.create(name="Oude IJsselstreek")
    municipality = Municipality.objects.create(
        region=region, cbs_code="GM1509", name="Oude IJsselstreek"
    )
    for email, role in ((ADMIN, Role.ADMIN), (CASE_WORKER, Role.CASE_WORKER)):
        user = User.objects.create_user(email, full_name=email.split("@")[0])
        Membership.objects.create(
            user=user, role=role, municipality=municipality, valid_from=date(2020, 1, 1)
        )


def _cpu_seconds() -> float:
    """CPU time of this process and of the worker processes it waited for."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def phase(url: str, export: Path, dry_run: bool, workers: int) -> dict:
    setup_django(url)
    import io

    from django.core.management import call_command

    from samen.migration.models import ImportRun

    out = io.StringIO()
    before = _cpu_seconds()
    started = time.perf_counter()
    call_command(
        "import_dossiers",
        str(export),
        municipality="GM1509",
        dry_run=dry_run,
        user=ADMIN,
        source="benchmark",
        no_progress=True,
        workers=workers,
        stdout=out,
    )
    seconds = time.perf_counter() - started
    run = ImportRun.objects.order_by("-created_at").first()
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(_cpu_seconds() - before, 1),
        "workers": run.workers,
        "load_average": os.getloadavg()[0],
        # The largest single process (the command or one of its workers).
        "peak_mb": round(
            max(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            )
            / 1024,
            1,
        ),
        "summary": run.summary,
        "output": out.getvalue(),
    }


# --- Driver ---------------------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{name}"))


def admin_sql(url: str, statement: str) -> None:
    import psycopg

    parts = urlparse(url)
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(statement)


def child(args, *extra) -> dict:
    command = [sys.executable, __file__, "--child", *extra, "--database-url", args.database_url]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-5000:])
        raise SystemExit(f"{' '.join(extra)} failed with exit code {result.returncode}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--child", choices=["prepare", "dry-run", "import"])
    parser.add_argument("--export")
    parser.add_argument(
        "--workers", type=int, default=2, help="Worker processes of the import (default 2)."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the database and the export.")
    args = parser.parse_args()
    if args.child == "prepare":
        prepare_database(args.database_url)
        print(json.dumps({"ok": True}))
        return
    if args.child:
        print(
            json.dumps(
                phase(args.database_url, Path(args.export), args.child == "dry-run", args.workers)
            )
        )
        return

    name = urlparse(args.database_url).path.lstrip("/") + "_bench"
    bench_url = with_database(args.database_url, name)
    workdir = Path(tempfile.mkdtemp(prefix="bench-migration-"))
    export = workdir / "export"
    started = time.perf_counter()
    counts = generate(export, args.residents)
    print(
        f"Export generated in {time.perf_counter() - started:.1f} s: {counts} "
        f"({sum(f.stat().st_size for f in export.iterdir()) / 1024 / 1024:.1f} MB)"
    )
    admin_sql(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
    admin_sql(args.database_url, f'CREATE DATABASE "{name}"')
    try:
        bench = argparse.Namespace(database_url=bench_url)
        child(bench, "prepare")
        results = {}
        for label, kind in (
            ("dry run", "dry-run"),
            ("import", "import"),
            ("second import", "import"),
        ):
            result = child(bench, kind, "--export", str(export), "--workers", str(args.workers))
            results[label] = result
            print(
                f"\n== {label}: {result['seconds']} s wall, {result['cpu_seconds']} s CPU "
                f"({result['workers']} worker(s)), peak {result['peak_mb']} MB, "
                f"load average {result['load_average']:.1f}"
            )
            print(result["output"])
        print(
            "\n| run | wall time | CPU time (Python processes) | peak memory (RSS) | load average |"
        )
        print("| --- | ---: | ---: | ---: | ---: |")
        for label, result in results.items():
            print(
                f"| {label} | {result['seconds']} s | {result['cpu_seconds']} s | "
                f"{result['peak_mb']} MB | {result['load_average']:.1f} |"
            )
        print(
            f"\n{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, {platform.platform()}"
        )
    finally:
        if not args.keep:
            admin_sql(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"Kept database {name} and export {export}")


if __name__ == "__main__":
    main()
