"""search_organisations on the database the suite runs on (SQLite locally, PostgreSQL in CI)."""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samen.accounts.roles import Role
from samen.network import search
from samen.network.models import Organisation
from samen.network.services import DirectoryFilters, search_organisations

from .factories import (
    EndorsementFactory,
    OrganisationFactory,
    SharedValueFactory,
    StakeholderGroupFactory,
)

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search only"
)


@pytest.fixture
def directory(seed_region, other_region):
    """Four organisations in the seed region and one in the other region."""
    care, welfare = StakeholderGroupFactory(name="Zorg"), StakeholderGroupFactory(name="Welzijn")
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    nederweert = seed_region.municipalities.get(cbs_code="GM0946")
    organisations = {
        "care": OrganisationFactory(
            region=seed_region,
            name="Thuiszorg Aan de Maas",
            stakeholder_group=care,
            expertise="Persoonlijke verzorging en wijkverpleging",
            offers="Signalering achter de voordeur",
            municipalities=[weert],
        ),
        "daycare": OrganisationFactory(
            region=seed_region,
            name="Dagbesteding Het Ambacht",
            stakeholder_group=care,
            expertise="Arbeidsmatige dagbesteding in hout en metaal",
            seeks="Opdrachtgevers voor productieklussen",
            municipalities=[nederweert],
        ),
        "welfare": OrganisationFactory(
            region=seed_region,
            name="Welzijnsstichting Samen Verder",
            stakeholder_group=welfare,
            expertise="Opbouwwerk en ouderenadvies",
            description="Wij ondersteunen zorgaanbieders met vrijwilligers.",
            municipalities=[weert, nederweert],
        ),
        "bakery": OrganisationFactory(
            region=seed_region,
            name="Bakkerij Het Gouden Korenaar",
            stakeholder_group=StakeholderGroupFactory(name="Bedrijfsleven"),
            expertise="Ambachtelijk bakken",
            offers="Leerwerkplekken",
        ),
        "elsewhere": OrganisationFactory(
            region=other_region,
            name="Thuiszorg Achterhoek",
            stakeholder_group=care,
            expertise="Persoonlijke verzorging",
        ),
    }
    return organisations


def names(queryset):
    return [organisation.name for organisation in queryset]


@pytest.fixture
def partner(make_user, seed_region):
    return make_user(Role.PARTNER, seed_region)


def test_without_words_everything_of_the_users_region_alphabetically(directory, partner):
    assert names(search_organisations(partner)) == [
        "Bakkerij Het Gouden Korenaar",
        "Dagbesteding Het Ambacht",
        "Thuiszorg Aan de Maas",
        "Welzijnsstichting Samen Verder",
    ]


def test_a_municipal_role_sees_its_whole_region(directory, make_user, seed_region):
    council_member = make_user(
        Role.COUNCIL_MEMBER, seed_region.municipalities.get(cbs_code="GM0946")
    )
    assert len(search_organisations(council_member)) == 4


def test_words_match_name_expertise_offers_and_seeks(directory, partner):
    assert names(search_organisations(partner, "verzorging")) == ["Thuiszorg Aan de Maas"]
    assert names(search_organisations(partner, "productieklussen")) == ["Dagbesteding Het Ambacht"]
    assert names(search_organisations(partner, "Leerwerkplekken")) == [
        "Bakkerij Het Gouden Korenaar"
    ]


def test_every_word_must_match(directory, partner):
    assert names(search_organisations(partner, "dagbesteding hout")) == ["Dagbesteding Het Ambacht"]
    assert names(search_organisations(partner, "dagbesteding bakken")) == []


def test_a_word_also_matches_as_prefix_for_live_filtering(directory, partner):
    assert names(search_organisations(partner, "welz")) == ["Welzijnsstichting Samen Verder"]


def test_case_does_not_matter(directory, partner):
    assert names(search_organisations(partner, "THUISZORG")) == ["Thuiszorg Aan de Maas"]


def test_another_regions_organisations_are_never_found(directory, partner):
    assert "Thuiszorg Achterhoek" not in names(search_organisations(partner, "thuiszorg"))


def test_filter_by_stakeholder_group_and_municipality(directory, partner):
    care = directory["care"].stakeholder_group
    by_group = search_organisations(partner, "", DirectoryFilters(stakeholder_group=care.pk))
    assert names(by_group) == ["Dagbesteding Het Ambacht", "Thuiszorg Aan de Maas"]
    in_weert = search_organisations(partner, "", DirectoryFilters(municipality="gm0988"))
    assert names(in_weert) == ["Thuiszorg Aan de Maas", "Welzijnsstichting Samen Verder"]
    both = DirectoryFilters(stakeholder_group=care.pk, municipality="GM0946")
    assert names(search_organisations(partner, "", both)) == ["Dagbesteding Het Ambacht"]


def test_expertise_filter_searches_only_expertise(directory, partner):
    # "vrijwilligers" is in the welfare organisation's description, not in its expertise.
    assert names(search_organisations(partner, "vrijwilligers")) == [
        "Welzijnsstichting Samen Verder"
    ]
    assert (
        names(search_organisations(partner, "", DirectoryFilters(expertise="vrijwilligers"))) == []
    )
    expertise = DirectoryFilters(expertise="ouderenadvies")
    assert names(search_organisations(partner, "", expertise)) == ["Welzijnsstichting Samen Verder"]


def test_filter_by_endorsed_value(directory, partner, seed_region):
    value = SharedValueFactory(region=seed_region, number=6, title="Talentontwikkeling")
    EndorsementFactory(organisation=directory["bakery"], value=value)
    found = search_organisations(partner, "", DirectoryFilters(value=6))
    assert names(found) == ["Bakkerij Het Gouden Korenaar"]


def test_filters_do_not_duplicate_rows(directory, partner, seed_region):
    for number in (1, 2):
        EndorsementFactory(
            organisation=directory["welfare"],
            value=SharedValueFactory(region=seed_region, number=number),
        )
    found = search_organisations(
        partner, "welzijn", DirectoryFilters(value=1, municipality="GM0988")
    )
    assert names(found) == ["Welzijnsstichting Samen Verder"]


@pytest.mark.parametrize(
    "text", ["'", "zorg & | ! ( ) : *", "<b>zorg</b>", "a:*", "\\", "''::text"]
)
def test_operators_and_quotes_are_just_text(directory, partner, text):
    # Never a syntax error from to_tsquery, never SQL: only the words count.
    list(search_organisations(partner, text))


def test_no_words_in_the_query_means_no_word_filter(directory, partner):
    assert len(search_organisations(partner, " !!! ")) == 4


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=60))
def test_any_typed_text_searches_without_error(directory, partner, text):
    found = names(search_organisations(partner, text))
    assert set(found) <= {o.name for key, o in directory.items() if key != "elsewhere"}


def test_words_are_lowercased_and_limited():
    assert search.words("Zorg, WELZIJN & 'sport'") == ["zorg", "welzijn", "sport"]
    assert len(search.words(" ".join(["woord"] * 30))) == search.MAX_WORDS


@on_postgres
def test_postgres_stems_dutch_words(directory, partner):
    # "zorgaanbieders" (plural) finds the description's "zorgaanbieders" and stems alike.
    assert names(search_organisations(partner, "zorgaanbieder")) == [
        "Welzijnsstichting Samen Verder"
    ]
    assert names(search_organisations(partner, "verzorgingen")) == ["Thuiszorg Aan de Maas"]


@on_postgres
def test_postgres_ranks_name_matches_first(directory, partner, seed_region):
    OrganisationFactory(region=seed_region, name="Aa Sportclub", seeks="Plek voor dagbesteding")
    found = names(search_organisations(partner, "dagbesteding"))
    # The name match (weight A) comes before the match in "wat we zoeken" (weight C), although
    # alphabetically it would come second.
    assert found == ["Dagbesteding Het Ambacht", "Aa Sportclub"]


@on_postgres
def test_the_stored_document_follows_every_change(directory, partner):
    bakery = directory["bakery"]
    assert names(search_organisations(partner, "glutenvrij")) == []
    Organisation.objects.filter(pk=bakery.pk).update(offers="Glutenvrij bakken leren")  # no save()
    assert names(search_organisations(partner, "glutenvrij")) == [bakery.name]


@on_postgres
def test_the_stored_document_weighs_the_fields_as_declared(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a "
            "ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "WHERE d.adrelid = 'network_organisation'::regclass AND a.attname = %s",
            [search.DOCUMENT_COLUMN],
        )
        [expression] = cursor.fetchone()
    for field, weight in search.DOCUMENT_FIELDS:
        assert f"COALESCE({field}, ''" in expression
        assert f"'{weight}'" in expression
    assert expression.count("'dutch'::regconfig") == len(search.DOCUMENT_FIELDS)


@on_postgres
def test_postgres_search_uses_the_gin_indexes(directory, make_user):
    """The query repeats the indexed expression exactly, so PostgreSQL can use the index.

    A superuser's search has no region condition, so with sequential scans off the planner can
    only answer from the GIN index — or, if the expressions drifted apart, not use it at all.
    """
    partner = make_user(None, is_superuser=True)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            words = search_organisations(partner, "verzorging")
            expertise = search_organisations(partner, "", DirectoryFilters(expertise="bakken"))
            plans = words.explain(), expertise.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert search.DOCUMENT_INDEX in plans[0], plans[0]
    assert search.EXPERTISE_INDEX in plans[1], plans[1]
