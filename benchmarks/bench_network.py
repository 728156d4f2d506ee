"""Benchmark: the partner directory's search and the facilitator's worklist on 10,000 organisations.

Run from the repository root against a PostgreSQL server (the search under test is PostgreSQL's
full-text search; SQLite is refused unless --allow-sqlite, and then measures only the fallback):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samen_bench \\
        .venv/bin/python benchmarks/bench_network.py [--organisations 10000] [--scale 1.0]

It never touches the data of the database named in DATABASE_URL: like the test runner it creates a
database ``test_<name>`` next to it, migrates it, seeds it and drops it at the end. Seeded are two
regions — the seed region with its three municipalities and 90 % of the organisations, and a second
region with the rest (so the role filter has something to exclude) — with synthetic Dutch profile
texts (word frequencies following Zipf's law over a social-domain vocabulary), six shared values
endorsed by most organisations, contacts, and a tenth of the profiles stale.

Measured, after three warm-up runs each:

  a. ``search_organisations`` for a partner of the seed region as the directory page uses it: the
     count plus the first page of 25 with municipalities and endorsements prefetched — for several
     queries (common word, rarer word, two words, a prefix, words plus filters, expertise filter,
     no words at all); and, for comparison, the same words with the ILIKE fallback on PostgreSQL;
  b. GET /netwerk/?q=... and GET /api/v1/organisations?q=... through Django's test client and the
     whole middleware stack, with their query counts;
  c. the facilitator's worklist: ``stale_profiles`` (count + first page of 50) and GET /netwerk/verouderd/;
  d. the full export (HSDS JSON and CSV) of all organisations the partner may see.

It also prints PostgreSQL's plan for one search, to show that the GIN index is used.
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
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

PAGE = 25
WORDS = [
    "zorg",
    "welzijn",
    "dagbesteding",
    "begeleiding",
    "jongeren",
    "ouderen",
    "mantelzorg",
    "vrijwilligers",
    "werkgevers",
    "leerwerkplekken",
    "stage",
    "jobcoaching",
    "re-integratie",
    "talent",
    "talentontwikkeling",
    "scholing",
    "taal",
    "digitale",
    "vaardigheden",
    "wijkverpleging",
    "thuiszorg",
    "huisarts",
    "positieve",
    "gezondheid",
    "armoede",
    "schulden",
    "wonen",
    "huurders",
    "sport",
    "bewegen",
    "cultuur",
    "muziek",
    "bibliotheek",
    "buurt",
    "wijk",
    "dorpshuis",
    "ontmoeting",
    "eenzaamheid",
    "inloop",
    "opvoeding",
    "gezin",
    "jeugdhulp",
    "school",
    "onderwijs",
    "mbo",
    "praktijk",
    "techniek",
    "groen",
    "onderhoud",
    "logistiek",
    "productie",
    "horeca",
    "winkel",
    "bakkerij",
    "metaal",
    "hout",
    "installatie",
    "zorgaanbieders",
    "participatie",
    "beschut",
    "werk",
    "garantiebaan",
    "detachering",
    "maatjes",
    "signaleren",
    "verbinden",
    "netwerk",
    "ondernemers",
    "inclusief",
    "duurzaam",
    "samenwerking",
]
#: Word frequencies follow Zipf's law (the n-th word is n times rarer than the first), as in real
#: text: "zorg" is in most profiles, "bibliotheek" in a few hundred.
ZIPF = [1 / rank for rank in range(1, len(WORDS) + 1)]
RARE = " Wij runnen ook een kringloopwinkel."
SUFFIXES = [
    "Stichting",
    "Coöperatie",
    "Vereniging",
    "Centrum",
    "Collectief",
    "Groep",
    "Huis",
    "Punt",
    "Werkplaats",
]
SEARCHES = [
    ("one common word", "zorg", {}),
    ("one rarer word", "bibliotheek", {}),
    ("a rare word (1 % of profiles)", "kringloopwinkel", {}),
    ("two words", "jongeren stage", {}),
    ("prefix while typing", "talentontw", {}),
    ("word + group + municipality", "begeleiding", {"group": True, "municipality": "GM0988"}),
    ("expertise filter only", "", {"expertise": "jobcoaching"}),
    ("no words (first page A-Z)", "", {}),
]


def configure(allow_sqlite: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.conf.ci")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) and not allow_sqlite:
        sys.exit(
            "bench_network measures PostgreSQL full-text search: set DATABASE_URL=postgres://... "
            "(or pass --allow-sqlite to measure only the LIKE fallback)."
        )
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # "testserver" in ALLOWED_HOSTS, mail kept in memory


def sentence(rng: random.Random, low: int, high: int) -> str:
    chosen = rng.choices(WORDS, weights=ZIPF, k=rng.randint(low, high))
    return " ".join(chosen).capitalize() + "."


def seed(rng: random.Random, count: int):
    """Two regions, 8 groups, 6 values per region, ``count`` organisations with their relations."""
    from django.utils import timezone

    from samen.network.models import (
        Contact,
        Endorsement,
        Organisation,
        SharedValue,
        StakeholderGroup,
    )
    from samen.regions.models import Municipality, Region

    region = Region.objects.create(name="Samen aan de slag")
    other = Region.objects.create(name="Oude IJsselstreek")
    municipalities = [
        Municipality.objects.create(region=region, cbs_code=code, name=name)
        for code, name in (("GM1706", "Cranendonck"), ("GM0946", "Nederweert"), ("GM0988", "Weert"))
    ]
    elsewhere = Municipality.objects.create(
        region=other, cbs_code="GM1509", name="Oude IJsselstreek"
    )
    groups = [StakeholderGroup.objects.create(name=f"Groep {i}", order=i) for i in range(1, 9)]
    values = {
        r.pk: [
            SharedValue.objects.create(region=r, number=n, title=f"Waarde {n}") for n in range(1, 7)
        ]
        for r in (region, other)
    }
    now = timezone.now()
    organisations = []
    for index in range(count):
        in_seed_region = index % 10 != 0
        stale = index % 10 == 5
        organisations.append(
            Organisation(
                region=region if in_seed_region else other,
                name=f"{rng.choice(WORDS).capitalize()} {rng.choice(SUFFIXES)} {index:05d}",
                stakeholder_group=rng.choice(groups),
                description=sentence(rng, 15, 35) + (RARE if index % 100 == 7 else ""),
                expertise=sentence(rng, 5, 12),
                offers=sentence(rng, 6, 14),
                seeks=sentence(rng, 6, 14),
                website=f"https://org{index}.example.nl",
                email=f"info@org{index}.example.nl",
                confirmed_at=now - timedelta(days=400 + index % 300 if stale else index % 300),
            )
        )
    organisations = Organisation.objects.bulk_create(organisations, batch_size=1000)
    through = Organisation.municipalities.through
    links, endorsements, contacts = [], [], []
    for organisation in organisations:
        places = (
            rng.sample(municipalities, rng.randint(1, 3))
            if organisation.region_id == region.pk
            else [elsewhere]
        )
        links += [through(organisation_id=organisation.pk, municipality_id=m.pk) for m in places]
        for value in values[organisation.region_id][: rng.randint(3, 6)]:
            endorsements.append(
                Endorsement(
                    organisation=organisation,
                    value=value,
                    endorsed_on=date(2018, 11, 16),
                    signed_by="Bestuurder (directeur)",
                )
            )
        contacts.append(
            Contact(
                organisation=organisation,
                name=f"Contactpunt {organisation.pk}",
                email=f"contact@org{organisation.pk}.example.nl",
                consent_given_at=now if organisation.pk % 4 else None,
            )
        )
    through.objects.bulk_create(links, batch_size=5000)
    Endorsement.objects.bulk_create(endorsements, batch_size=5000)
    Contact.objects.bulk_create(contacts, batch_size=5000)
    return region, groups, len(endorsements), len(contacts)


def analyze() -> None:
    """VACUUM ANALYZE, as autovacuum would after a bulk load.

    Besides statistics, VACUUM moves the GIN indexes' "pending list" (where fast updates collect
    new entries) into the index proper; before that the planner prices the index so high that it
    scans the table instead (47 ms instead of 0.3 ms for a rare word in 10,000 profiles).
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


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


def run(count: int, scale: float) -> tuple[list, dict]:
    from django.db import connection

    from samen.accounts.models import Membership, User
    from samen.accounts.roles import Role
    from samen.network import search
    from samen.network.export import iter_csv, iter_json
    from samen.network.services import DirectoryFilters, search_organisations, stale_profiles

    rng = random.Random(2026)
    started = time.perf_counter()
    region, groups, endorsement_count, contact_count = seed(rng, count)
    analyze()
    facts = {
        "seed_seconds": time.perf_counter() - started,
        "endorsements": endorsement_count,
        "contacts": contact_count,
    }
    partner = User.objects.create_user("bench-partner@example.nl", None, full_name="Bench Partner")
    Membership.objects.create(user=partner, role=Role.PARTNER, region=region)
    facilitator = User.objects.create_user(
        "bench-aanjager@example.nl", None, full_name="Bench Aanjager"
    )
    Membership.objects.create(user=facilitator, role=Role.FACILITATOR, region=region)
    results = []
    runs = max(5, int(50 * scale))

    def record(label, timings, queries="–", found="–"):
        results.append(
            (label, len(timings), statistics.median(timings), p95(timings), queries, found)
        )

    def filters_for(options):
        return DirectoryFilters(
            stakeholder_group=groups[0].pk if options.get("group") else None,
            municipality=options.get("municipality"),
            expertise=options.get("expertise", ""),
        )

    # (a) the service as the directory page uses it: count + first page with prefetches
    for label, words, options in SEARCHES:
        filters = filters_for(options)

        def directory_page(words=words, filters=filters):
            found = search_organisations(partner, words, filters)
            total = found.count()
            page = list(found[:PAGE])
            for organisation in page:
                list(organisation.municipalities.all())
                list(organisation.endorsements.all())
            return total

        total = directory_page()
        record(
            f"search: {label} ({words or '-'})",
            measure(directory_page, runs),
            count_queries(directory_page),
            total,
        )

    if connection.vendor == "postgresql":
        # The same words with the ILIKE fallback, on the same data, to show what the index buys.
        from samen.network.services import directory_queryset

        for words in ("zorg", "jongeren stage"):
            condition = search.contains_all_words(
                words, [field for field, _weight in search.DOCUMENT_FIELDS]
            )

            def fallback(condition=condition):
                found = directory_queryset(partner).filter(condition).order_by("name")
                return found.count(), list(found[:PAGE])

            record(
                f"ILIKE fallback for comparison ({words})",
                measure(fallback, runs),
                count_queries(fallback),
                fallback()[0],
            )

    # (b) through the whole stack
    client = verified_client(partner)
    for label, url in (
        ("GET /netwerk/?q=zorg", "/netwerk/?q=zorg"),
        (
            "GET /netwerk/?q=begeleiding&municipality=GM0988",
            "/netwerk/?q=begeleiding&municipality=GM0988",
        ),
        ("GET /api/v1/organisations?q=zorg", "/api/v1/organisations?q=zorg"),
    ):

        def request(url=url):
            response = client.get(url)
            assert response.status_code == 200, (response.status_code, response.content[:300])

        record(label, measure(request, max(5, int(30 * scale))), count_queries(request))

    # (c) the facilitator's worklist
    def worklist():
        stale = stale_profiles(facilitator)
        return stale.count(), list(stale[:50])

    record(
        "stale_profiles (count + first 50)",
        measure(worklist, runs),
        count_queries(worklist),
        worklist()[0],
    )
    aanjager = verified_client(facilitator)

    def worklist_page():
        assert aanjager.get("/netwerk/verouderd/").status_code == 200

    record(
        "GET /netwerk/verouderd/",
        measure(worklist_page, max(5, int(30 * scale))),
        count_queries(worklist_page),
    )

    # (d) the full export of everything the partner sees
    everything = search_organisations(partner)
    size = {}

    def export_json():
        size["json"] = sum(len(chunk) for chunk in iter_json(everything))

    def export_csv():
        size["csv"] = sum(len(chunk) for chunk in iter_csv(everything))

    exports = max(2, int(5 * scale))
    record(
        "export: HSDS JSON, all visible organisations",
        measure(export_json, exports, warmup=1),
        count_queries(export_json),
    )
    record(
        "export: CSV organizations, all visible",
        measure(export_csv, exports, warmup=1),
        count_queries(export_csv),
    )
    facts["export_json_bytes"] = size["json"]
    facts["export_csv_bytes"] = size["csv"]

    if connection.vendor == "postgresql":
        facts["plan"] = search_organisations(partner, "kringloopwinkel").explain()
    return results, facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the iteration counts")
    parser.add_argument("--allow-sqlite", action="store_true", help="measure the fallback only")
    args = parser.parse_args()

    configure(args.allow_sqlite)
    from django.db import connection

    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results, facts = run(args.organisations, args.scale)
        import django

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT version()"
                if connection.vendor == "postgresql"
                else "SELECT sqlite_version()"
            )
            database_version = cursor.fetchone()[0]
        print(f"Python {platform.python_version()}, Django {django.get_version()}")
        print(f"Database: {database_version.split(' on ')[0]} (scratch database {test_database})")
        print(f"CPU count: {os.cpu_count()}, platform: {platform.platform()}")
        print(
            f"Data: {args.organisations} organisations (90 % in the seed region), "
            f"{facts['endorsements']} endorsements, {facts['contacts']} contacts; "
            f"seeded in {facts['seed_seconds']:.1f} s"
        )
        print(
            f"Export sizes: JSON {facts['export_json_bytes'] / 1e6:.1f} MB, CSV {facts['export_csv_bytes'] / 1e6:.1f} MB"
        )
        print()
        header = f"{'measurement':62} {'runs':>5} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'found':>6}"
        print(header)
        print("-" * len(header))
        for label, runs, median, p95_value, queries, found in results:
            print(
                f"{label:62} {runs:5d} {median * 1000:10.1f} {p95_value * 1000:9.1f} {queries!s:>8} {found!s:>6}"
            )
        if "plan" in facts:
            print("\nPlan of search_organisations(partner, 'kringloopwinkel'):")
            print(facts["plan"])
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)


if __name__ == "__main__":
    main()
