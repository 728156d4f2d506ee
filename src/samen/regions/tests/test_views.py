from samen.accounts.roles import Role

from .factories import MunicipalityFactory, PopulationFigureFactory, RegionFactory


def test_allocation_page_shows_seed_amounts_in_dutch_notation(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    response = client.get(
        f"/regio/{seed_region.uuid}/verdelen/", {"amount": "100.000", "key": "population"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content
    for amount in ("€ 23.563", "€ 19.540", "€ 56.897", "23,6%", "19,5%", "56,9%"):
        assert amount in content


def test_htmx_request_gets_only_the_result_fragment(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    response = client.get(
        f"/regio/{seed_region.uuid}/verdelen/",
        {"amount": "34000", "key": "population"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "€ 8.011" in content and "€ 6.644" in content and "€ 19.345" in content


def test_invalid_amount_shows_the_error_and_keeps_the_input(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    response = client.get(
        f"/regio/{seed_region.uuid}/verdelen/", {"amount": "-5", "key": "population"}
    )
    content = response.content.decode()
    assert "mag niet negatief zijn" in content
    assert 'value="-5"' in content
    assert 'aria-invalid="true"' in content


def test_missing_population_is_explained_on_the_page(client_as):
    region = RegionFactory()
    MunicipalityFactory(region=region, name="Zonder telling")
    response = client_as(Role.CONTROLLER, region).get(
        f"/regio/{region.uuid}/verdelen/", {"amount": "10"}
    )
    assert "Zonder telling" in response.content.decode()


def test_csv_download_adds_up_to_the_total(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    response = client.get(
        f"/regio/{seed_region.uuid}/verdelen/",
        {"amount": "100000", "key": "population", "format": "csv"},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = [line.split(";") for line in response.content.decode().strip().splitlines()]
    assert rows[1][:2] == ["GM1706", "Cranendonck"] and rows[1][4] == "23563"
    assert sum(int(row[4]) for row in rows[1:4]) == 100000


def test_allocation_page_of_another_region_is_not_found(seed_region, other_region, client_as):
    client = client_as(Role.CONTROLLER, other_region)
    assert client.get(f"/regio/{seed_region.uuid}/verdelen/").status_code == 404


def test_menu_item_goes_straight_to_the_only_region(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    response = client.get("/regio/verdelen/")
    assert (
        response.status_code == 302
        and response["Location"] == f"/regio/{seed_region.uuid}/verdelen/"
    )


def test_region_page_lists_municipalities_without_n_plus_one(
    seed_region, client_as, django_assert_max_num_queries
):
    for _ in range(10):
        PopulationFigureFactory(municipality=MunicipalityFactory(region=seed_region))
    client = client_as(Role.COUNCIL_MEMBER, seed_region)
    with django_assert_max_num_queries(12):
        response = client.get(f"/regio/{seed_region.uuid}/")
    assert response.content.decode().count('scope="row"') == 13


def test_region_list_query_count_is_flat(
    seed_region, client_as, make_user, django_assert_max_num_queries
):
    client = client_as(Role.ADMIN, seed_region)
    for _ in range(8):
        client.user.memberships.create(role=Role.ADMIN, region=RegionFactory())
    with django_assert_max_num_queries(10):
        response = client.get("/regio/")
    assert response.content.decode().count('utrecht-link" href="/regio/') == 9


def test_municipality_page_shows_policy_choices_to_staff_only(seed_region, client_as):
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    weert.policy_settings.create(
        key="grants.decision_period_weeks", value=6, valid_from="2020-01-01"
    )
    staff = client_as(Role.CONTROLLER, weert).get(f"/regio/gemeente/{weert.uuid}/").content.decode()
    assert "Beslistermijn subsidieaanvragen" in staff and "eigen keuze" in staff


def test_municipality_page_hides_policies_from_partners(seed_region, client_as):
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    content = (
        client_as(Role.PARTNER, seed_region).get(f"/regio/gemeente/{weert.uuid}/").content.decode()
    )
    assert "Weert" in content and "Beleidskeuzes" not in content
