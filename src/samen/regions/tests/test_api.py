import pytest

from samen.accounts.roles import Role

from .factories import (
    AllocationKeyFactory,
    MunicipalityFactory,
    PopulationFigureFactory,
    RegionFactory,
)


def allocation_url(region, query=""):
    return f"/api/v1/regions/{region.uuid}/allocation?{query}"


def test_population_allocation_returns_amounts_and_shares(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    response = client.get(allocation_url(seed_region, "amount=100000&key=population"))
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == "100000.00"
    assert body["reference_date"] == "2019-01-01"
    assert [
        (line["cbs_code"], line["amount"], line["share_percentage"]) for line in body["lines"]
    ] == [
        ("GM1706", "23563.00", "23.6"),
        ("GM0946", "19540.00", "19.5"),
        ("GM0988", "56897.00", "56.9"),
    ]


def test_aanjager_2019_split_with_trailing_slash(seed_region, client_as):
    client = client_as(Role.FACILITATOR, seed_region)
    response = client.get(f"/api/v1/regions/{seed_region.uuid}/allocation/?amount=34000")
    assert [line["amount"] for line in response.json()["lines"]] == [
        "8011.00",
        "6644.00",
        "19345.00",
    ]


def test_equal_split_over_chosen_municipalities(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    response = client.get(
        allocation_url(seed_region, "amount=137250&key=equal&municipalities=GM0946,GM0988")
    )
    assert [line["amount"] for line in response.json()["lines"]] == ["68625.00", "68625.00"]


def test_stored_key_by_uuid(seed_region, client_as):
    key = AllocationKeyFactory(region=seed_region)
    client = client_as(Role.CONTROLLER, seed_region)
    response = client.get(allocation_url(seed_region, f"amount=300&key={key.uuid}"))
    assert response.json()["key"] == str(key.uuid)
    assert [line["amount"] for line in response.json()["lines"]] == ["100.00", "100.00", "100.00"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("amount=-1", "negatief"),
        ("amount=tienduizend", "geen bedrag"),
        ("amount=10.123", "twee decimalen"),
        ("amount=10&key=onbekend", "Onbekende verdeelsleutel"),
        ("amount=10&municipalities=GM9999", "GM9999"),
    ],
)
def test_bad_input_is_a_clear_400(seed_region, client_as, query, message):
    client = client_as(Role.CONTROLLER, seed_region)
    response = client.get(allocation_url(seed_region, query))
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_missing_amount_is_a_400_naming_the_field(seed_region, client_as):
    response = client_as(Role.CONTROLLER, seed_region).get(allocation_url(seed_region, "key=equal"))
    assert response.status_code == 400
    assert "amount" in response.json()


def test_region_without_population_data_is_a_400(client_as):
    region = RegionFactory()
    MunicipalityFactory(region=region, name="Zonder telling")
    client = client_as(Role.CONTROLLER, region)
    response = client.get(allocation_url(region, "amount=100&key=population"))
    assert response.status_code == 400
    assert "Zonder telling" in response.json()["detail"]


def test_another_regions_allocation_is_not_found(seed_region, other_region, client_as):
    client = client_as(Role.CONTROLLER, other_region)
    assert client.get(allocation_url(seed_region, "amount=100")).status_code == 404


def test_roles_without_allocation_rights_are_refused(seed_region, client_as):
    client = client_as(Role.CASE_WORKER, seed_region.municipalities.first())
    assert client.get(allocation_url(seed_region, "amount=100")).status_code == 403


def test_anonymous_is_refused(seed_region, client):
    assert client.get(allocation_url(seed_region, "amount=100")).status_code == 403


def test_token_authentication(seed_region, make_user, client):
    from rest_framework.authtoken.models import Token

    user = make_user(Role.COUNCIL_MEMBER, seed_region)
    token = Token.objects.create(user=user)
    response = client.get(
        allocation_url(seed_region, "amount=100000"), HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.status_code == 200


def test_region_list_is_scoped_and_query_count_is_flat(
    seed_region, other_region, client_as, django_assert_max_num_queries
):
    client = client_as(Role.CONTROLLER, seed_region)
    for _ in range(5):
        extra = RegionFactory()
        PopulationFigureFactory(municipality=MunicipalityFactory(region=extra))
        client.user.memberships.create(role=Role.CONTROLLER, region=extra)
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/regions/")
    names = [region["name"] for region in response.json()["results"]]
    assert "Samen aan de slag" in names and "Oude IJsselstreek" not in names
    assert len(names) == 6


def test_municipality_list_shows_newest_population(
    seed_region, client_as, django_assert_max_num_queries
):
    client = client_as(Role.ADMIN, seed_region)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/municipalities/")
    rows = {m["cbs_code"]: m["population"]["inhabitants"] for m in response.json()["results"]}
    assert rows == {"GM1706": 20500, "GM0946": 17000, "GM0988": 49500}


def test_me_lists_roles_and_permissions(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    body = client.get("/api/v1/me/").json()
    assert body["memberships"][0]["role"] == "controller"
    assert "regions.use_allocation" in body["permissions"]
    assert "audit.view_accesslog" not in body["permissions"]


def test_allocation_loads_the_region_once(seed_region, client_as, django_assert_max_num_queries):
    client = client_as(Role.CONTROLLER, seed_region)
    with django_assert_max_num_queries(7):
        response = client.get(allocation_url(seed_region, "amount=100000"))
    assert response.status_code == 200
