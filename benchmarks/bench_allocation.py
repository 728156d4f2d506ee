"""Benchmark: splitting money over municipalities (samen.regions.services) and its API endpoint.

Run from the repository root:

    .venv/bin/python benchmarks/bench_allocation.py [--scale 1.0]

It uses the CI settings with its own temporary SQLite database (migrated here, removed at the end),
seeds one region with 350 municipalities (the number of Dutch municipalities) with population figures
on 10 reference dates each, and measures:

  a. ``split_amount`` (the largest-remainder split) on 3, 30 and 350 weights keyed by CBS code, and
     on 350 weights keyed by ``Municipality`` instances as ``allocate`` calls it;
  b. ``allocate(region, amount, "population")`` for the 350-municipality region, queries included;
  c. GET /api/v1/regions/<uuid>/allocation/?amount=...&key=population through Django's test client,
     as a superuser and as a controller with a region-wide membership (both with a verified second
     factor, as the 2FA middleware demands of staff).

Results are recorded in docs/benchmarks.md. ``--scale`` multiplies the iteration counts.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

MUNICIPALITIES = 350
REFERENCE_DATES = [date(year, 1, 1) for year in range(2016, 2026)]  # 10 reference dates
AMOUNT = Decimal("12345678")  # whole euros: split in euros
AMOUNT_WITH_CENTS = Decimal("12345678.90")


def configure(database_path: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "samen.conf.ci"
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    # Adds "testserver" to ALLOWED_HOSTS and keeps mail in memory, as the test runner does.
    setup_test_environment()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def populations(rng: random.Random, count: int) -> list[int]:
    """Inhabitants like Dutch municipalities: from ~1,000 (Schiermonnikoog) to ~930,000."""
    return [max(900, min(935_000, int(rng.lognormvariate(10.4, 0.75)))) for _ in range(count)]


def seed(rng: random.Random):
    from samen.regions.models import Municipality, PopulationFigure, Region

    region = Region.objects.create(name="Nederland (benchmark)")
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=region, cbs_code=f"GM{index:04d}", name=f"Gemeente {index:04d}")
        for index in range(1, MUNICIPALITIES + 1)
    )
    figures = []
    for municipality, base in zip(municipalities, populations(rng, MUNICIPALITIES), strict=True):
        for step, reference_date in enumerate(REFERENCE_DATES):
            growth = 1 + (step - len(REFERENCE_DATES) + 1) * rng.uniform(0.0, 0.01)
            figures.append(
                PopulationFigure(
                    municipality=municipality,
                    inhabitants=max(1, int(base * growth)),
                    reference_date=reference_date,
                    source="CBS StatLine (synthetic)",
                )
            )
    PopulationFigure.objects.bulk_create(figures, batch_size=1000)
    return region


def verified_client(user):
    """A test client logged in as ``user`` with a confirmed authenticator (2FA passed)."""
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


def run(scale: float) -> list[tuple[str, int, float, float, str]]:
    from samen.accounts.models import Membership, User
    from samen.accounts.roles import Role
    from samen.regions.models import Municipality
    from samen.regions.services import allocate, split_amount

    rng = random.Random(2026)
    region = seed(rng)
    results = []

    def record(label, timings, queries="–"):
        results.append((label, len(timings), statistics.median(timings), p95(timings), queries))

    # (a) the pure split, no database
    for size, iterations in ((3, 20000), (30, 5000), (350, 500)):
        weights = {f"GM{i:04d}": Decimal(n) for i, n in enumerate(populations(rng, size), start=1)}
        count = max(1, int(iterations * scale))
        record(
            f"split_amount, {size} weights",
            measure(lambda w=weights: split_amount(AMOUNT, w), count),
        )
        if size == 350:
            record(
                f"split_amount, {size} weights, amount with cents",
                measure(lambda w=weights: split_amount(AMOUNT_WITH_CENTS, w), count),
            )
            # As allocate() calls it: the keys are Municipality instances, not strings.
            municipal_weights = dict(
                zip(
                    Municipality.objects.filter(region=region).order_by("name"),
                    weights.values(),
                    strict=True,
                )
            )
            record(
                f"split_amount, {size} weights, Municipality keys",
                measure(lambda w=municipal_weights: split_amount(AMOUNT, w), count),
            )

    # (b) the service: loads the municipalities with their figures, then splits
    def service():
        result = allocate(region, AMOUNT, "population")
        assert len(result.lines) == MUNICIPALITIES
        assert sum(line.amount for line in result.lines) == AMOUNT

    record(
        f"allocate(region of {MUNICIPALITIES}, population)",
        measure(service, max(1, int(200 * scale))),
        count_queries(service),
    )

    # (c) the API endpoint, through the whole middleware stack and the permission layer
    url = f"/api/v1/regions/{region.uuid}/allocation/?amount={AMOUNT}&key=population"
    superuser = User.objects.create_superuser(
        "bench-admin@example.nl", None, full_name="Bench Admin"
    )
    controller = User.objects.create_user(
        "bench-controller@example.nl", None, full_name="Bench Controller"
    )
    Membership.objects.create(user=controller, role=Role.CONTROLLER, region=region)

    for label, user in (("superuser", superuser), ("controller, region membership", controller)):
        client = verified_client(user)

        def request(client=client):
            response = client.get(url)
            assert response.status_code == 200, (response.status_code, response.content[:300])
            assert len(response.json()["lines"]) == MUNICIPALITIES

        record(
            f"GET /api/v1/regions/<uuid>/allocation/ ({label})",
            measure(request, max(1, int(100 * scale))),
            count_queries(request),
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the iteration counts")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="samen-bench-"))
    try:
        configure(workdir / "bench.sqlite3")
        results = run(args.scale)
        import django
        from django.db import connection

        print(
            f"Python {platform.python_version()} ({platform.python_implementation()}), "
            f"Django {django.get_version()}, {connection.vendor} {connection.Database.sqlite_version}"
        )
        print(f"CPU count: {os.cpu_count()}, platform: {platform.platform()}")
        print(
            f"Data: 1 region, {MUNICIPALITIES} municipalities × {len(REFERENCE_DATES)} population "
            f"figures; amount {AMOUNT}"
        )
        print()
        header = f"{'measurement':70} {'runs':>6} {'median ms':>10} {'p95 ms':>10} {'queries':>8}"
        print(header)
        print("-" * len(header))
        for label, runs, median, p95_value, queries in results:
            print(
                f"{label:70} {runs:6d} {median * 1000:10.3f} {p95_value * 1000:10.3f} {queries!s:>8}"
            )
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
