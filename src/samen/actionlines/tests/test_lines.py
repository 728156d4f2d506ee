"""Action lines: the status machine, leads, partners, municipality roles; pages and API."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from samen.actionlines import services
from samen.actionlines.models import ActionLine, Follow, MunicipalityRole, StatusChange
from samen.actionlines.workflow import LINE_TRANSITIONS, TransitionNotAllowed, available

from .factories import (
    ActionLineFactory,
    CommitmentFactory,
    MunicipalityRoleFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
    ProgressReportFactory,
)

TODAY = date.today()


# --- Status machine -----------------------------------------------------------------------------


def test_pause_resume_end_are_recorded_with_date_and_reason(line, facilitator):
    services.change_status(line, "pause", on=date(2020, 3, 1), reason="Corona", by=facilitator)
    services.change_status(
        line, "resume", on=date(2020, 9, 1), reason="Weer op gang", by=facilitator
    )
    services.change_status(
        line, "end", on=date(2021, 12, 31), reason="Doel bereikt", by=facilitator
    )
    line.refresh_from_db()
    assert line.status == ActionLine.Status.ENDED and line.end_date == date(2021, 12, 31)
    steps = list(
        StatusChange.objects.filter(action_line=line)
        .order_by("changed_on")
        .values_list("from_status", "to_status", "reason")
    )
    assert steps == [
        ("active", "paused", "Corona"),
        ("paused", "active", "Weer op gang"),
        ("active", "ended", "Doel bereikt"),
    ]


def test_an_ended_line_stays_ended(line, facilitator):
    services.change_status(line, "end", on=TODAY, reason="Klaar", by=facilitator)
    line.refresh_from_db()
    assert available(LINE_TRANSITIONS, line) == []
    for step in ("pause", "resume", "end"):
        with pytest.raises(TransitionNotAllowed):
            services.change_status(line, step, on=TODAY, reason="Opnieuw", by=facilitator)


def test_pausing_twice_records_one_change(line, facilitator):
    services.change_status(line, "pause", on=TODAY, reason="Even stil", by=facilitator)
    with pytest.raises(TransitionNotAllowed):
        services.change_status(line, "pause", on=TODAY, reason="Even stil", by=facilitator)
    assert line.status_changes.count() == 1


@pytest.mark.parametrize(
    "reason, on, message",
    [("", TODAY, "reden"), ("Omdat", TODAY + timedelta(days=1), "vandaag")],
)
def test_status_change_needs_a_reason_and_no_future_date(line, facilitator, reason, on, message):
    with pytest.raises(services.ServiceError, match=message):
        services.change_status(line, "pause", on=on, reason=reason, by=facilitator)
    line.refresh_from_db()
    assert line.status == "active"


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(st.sampled_from(["pause", "resume", "end"]), max_size=6))
def test_the_machine_never_leaves_its_states(steps):
    """Any sequence of requested steps leaves a line in a declared status, ended being final."""

    class Line:
        status = ActionLine.Status.ACTIVE

        def get_status_display(self):
            return self.status

    line = Line()
    ended = False
    for step in steps:
        try:
            transition = LINE_TRANSITIONS[step]
            if transition.refusal(line):
                raise TransitionNotAllowed
        except TransitionNotAllowed:
            continue
        assert not ended, "an ended line took another step"
        line.status = transition.target
        ended = line.status == ActionLine.Status.ENDED
    assert line.status in ActionLine.Status.values


def test_status_change_mails_followers(
    line, facilitator, partner, django_capture_on_commit_callbacks
):
    services.follow(line, partner)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(line, "pause", on=TODAY, reason="Geen trekker meer", by=facilitator)
    assert [m.to for m in mail.outbox] == [[partner.email]]
    assert "gepauzeerd" in mail.outbox[0].subject and "Geen trekker meer" in mail.outbox[0].body


# --- Leads, partners, roles ---------------------------------------------------------------------


def test_a_new_lead_follows_the_line(line, partner, facilitator):
    member = partner.organisation_memberships.get()
    lead = services.assign_lead(line, member, since=TODAY, by=facilitator)
    assert lead.organisation == member.organisation
    assert Follow.objects.filter(action_line=line, user=partner).exists()
    services.assign_lead(line, member, since=TODAY, by=facilitator)  # twice: still one
    assert line.lead_links.count() == 1


def test_a_lead_comes_from_a_partner_of_the_region(line, other_region, facilitator):
    member = OrganisationMemberFactory(organisation=OrganisationFactory(region=other_region))
    with pytest.raises(services.ServiceError, match="eigen regio"):
        services.assign_lead(line, member, since=TODAY, by=facilitator)


def test_municipality_roles_are_set_and_cleared(line):
    weert, nederweert = (line.region.municipalities.get(name=n) for n in ("Weert", "Nederweert"))
    services.set_municipality_roles(
        line, {weert: ("regisseren", "Weert houdt regie"), nederweert: ("loslaten", "")}
    )
    assert dict(line.municipality_roles.values_list("municipality__name", "role")) == {
        "Weert": "regisseren",
        "Nederweert": "loslaten",
    }
    services.set_municipality_roles(line, {nederweert: ("", "")})
    assert list(line.municipality_roles.values_list("municipality__name", flat=True)) == ["Weert"]


def test_a_role_for_another_regions_municipality_is_refused(line, other_region):
    with pytest.raises(services.ServiceError):
        services.set_municipality_roles(
            line, {other_region.municipalities.get(): ("faciliteren", "")}
        )


# --- Pages --------------------------------------------------------------------------------------


def test_facilitator_creates_a_line_in_the_ui(seed_region, values, facilitator, login):
    client = login(facilitator)
    response = client.post(
        "/actielijnen/nieuw/",
        {
            "title": "Eenzaamheid doorbreken",
            "aim": "Minder eenzame inwoners.",
            "start_date": "2020-02-01",
            "values": [values[2].pk, values[3].pk],
        },
    )
    line = ActionLine.objects.get(title="Eenzaamheid doorbreken")
    assert response.status_code == 302 and response["Location"] == f"/actielijnen/{line.uuid}/"
    assert line.region == seed_region and line.status == "active"
    assert set(line.values.values_list("number", flat=True)) == {2, 3}


def test_bad_input_is_explained_and_kept(values, facilitator, login):
    response = login(facilitator).post("/actielijnen/nieuw/", {"title": "Half", "aim": ""})
    content = response.content.decode()
    assert response.status_code == 200 and 'value="Half"' in content
    assert "Dit veld is vereist" in content


def test_facilitator_pauses_a_line_in_the_ui(line, facilitator, login):
    client = login(facilitator)
    response = client.post(
        f"/actielijnen/{line.uuid}/status/",
        {"transition": "pause", "on": TODAY.isoformat(), "reason": "Zomerstop"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == "paused"
    page = client.get(f"/actielijnen/{line.uuid}/").content.decode()
    assert "Gepauzeerd" in page and "Zomerstop" in page


def test_facilitator_assigns_lead_and_partner_in_the_ui(line, partner, facilitator, login):
    client = login(facilitator)
    member = partner.organisation_memberships.get()
    client.post(
        f"/actielijnen/{line.uuid}/trekkers-en-partners/",
        {"lead-member": member.pk, "lead-since": "2020-01-01"},
    )
    organisation = OrganisationFactory(region=line.region, name="Woonstichting De Kempen")
    client.post(
        f"/actielijnen/{line.uuid}/trekkers-en-partners/",
        {"commitment-organisation": organisation.pk, "commitment-since": "2020-01-01"},
    )
    assert list(line.leads.all()) == [partner]
    assert list(line.committed_partners.all()) == [organisation]
    lead = line.lead_links.get()
    client.post(f"/actielijnen/{line.uuid}/trekkers-en-partners/", {"remove_lead": lead.pk})
    assert not line.lead_links.exists()


def test_facilitator_sets_municipality_roles_in_the_ui(line, facilitator, login):
    weert = line.region.municipalities.get(name="Weert")
    response = login(facilitator).post(
        f"/actielijnen/{line.uuid}/rollen/",
        {f"role_{weert.pk}": "stimuleren", f"explanation_{weert.pk}": "Subsidie voor de start"},
    )
    assert response.status_code == 302
    assert MunicipalityRole.objects.get(action_line=line).role == "stimuleren"


def test_anyone_follows_and_unfollows_in_the_ui(line, partner, login):
    client = login(partner)
    client.post(f"/actielijnen/{line.uuid}/volgen/", {"action": "follow"})
    assert Follow.objects.filter(action_line=line, user=partner).exists()
    assert "Niet meer volgen" in client.get(f"/actielijnen/{line.uuid}/").content.decode()
    client.post(f"/actielijnen/{line.uuid}/volgen/", {"action": "unfollow"})
    assert not Follow.objects.filter(action_line=line, user=partner).exists()


def test_list_filters_by_status_value_and_municipality(seed_region, values, partner, login):
    weert = seed_region.municipalities.get(name="Weert")
    talent = ActionLineFactory(region=seed_region, title="Talent")
    talent.values.set([values[6]])
    MunicipalityRoleFactory(action_line=talent, municipality=weert)
    paused = ActionLineFactory(region=seed_region, title="Stilgelegd", status="paused")
    paused.values.set([values[1]])
    client = login(partner)

    def titles(query):
        response = client.get("/actielijnen/", query)
        return [line.title for line in response.context["lines"]]

    assert titles({"status": "paused"}) == ["Stilgelegd"]
    assert titles({"value": values[6].uuid}) == ["Talent"]
    assert titles({"municipality": weert.uuid}) == ["Talent"]
    assert titles({"mine": "on"}) == []
    assert titles({}) == ["Stilgelegd", "Talent"]


def test_line_list_has_a_fixed_number_of_queries(
    seed_region, values, partner, login, django_assert_max_num_queries
):
    for index in range(25):
        line = ActionLineFactory(region=seed_region, title=f"Lijn {index:02d}")
        line.values.set([values[1 + index % 6]])
        CommitmentFactory(action_line=line)
        ProgressReportFactory(action_line=line)
    from .factories import ActionLineLeadFactory

    for line in ActionLine.objects.all()[:10]:
        ActionLineLeadFactory(action_line=line)
    client = login(partner)
    with django_assert_max_num_queries(15):
        response = client.get("/actielijnen/")
    assert response.status_code == 200 and len(response.context["lines"]) == 25


def test_line_detail_shows_html_as_text(seed_region, partner, login):
    line = ActionLineFactory(
        region=seed_region, title="<b>Vet</b>", aim="<script>alert(1)</script>"
    )
    content = login(partner).get(f"/actielijnen/{line.uuid}/").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in content and "&lt;b&gt;Vet&lt;/b&gt;" in content
    )


# --- API ----------------------------------------------------------------------------------------


def test_api_lists_and_creates_lines(seed_region, values, facilitator, partner, login):
    client = login(facilitator)
    response = client.post(
        "/api/v1/action-lines",
        {
            "title": "Jongeren en werk",
            "aim": "Jongeren aan de slag",
            "start_date": "2020-01-01",
            "values": [str(values[6].uuid)],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "active" and body["values"] == [str(values[6].uuid)]
    assert body["region"] == str(seed_region.uuid)
    listed = login(partner).get("/api/v1/action-lines").json()
    assert [row["title"] for row in listed["results"]] == ["Jongeren en werk"]


def test_api_status_change_leads_partners_and_roles(line, partner, facilitator, login):
    client = login(facilitator)
    base = f"/api/v1/action-lines/{line.uuid}"
    member = partner.organisation_memberships.get()
    assert (
        client.post(
            f"{base}/leads",
            {
                "user": str(partner.uuid),
                "organisation": str(member.organisation.uuid),
                "since": "2020-01-01",
            },
            content_type="application/json",
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"{base}/commitments",
            {"organisation": str(member.organisation.uuid), "since": "2020-01-01"},
            content_type="application/json",
        ).status_code
        == 200
    )
    roles = {"roles": [{"municipality": "GM0988", "role": "faciliteren", "explanation": "Ruimte"}]}
    body = client.post(f"{base}/municipality-roles", roles, content_type="application/json").json()
    assert body["municipality_roles"] == [
        {"municipality": "GM0988", "role": "faciliteren", "explanation": "Ruimte"}
    ]
    assert body["leads"][0]["user"]["uuid"] == str(partner.uuid)
    response = client.post(
        f"{base}/status",
        {"transition": "end", "on": TODAY.isoformat(), "reason": "Klaar"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "ended"
    again = client.post(
        f"{base}/status",
        {"transition": "end", "on": TODAY.isoformat(), "reason": "Klaar"},
        content_type="application/json",
    )
    assert again.status_code == 400 and "status" in again.json()["detail"]


def test_api_follow_and_unfollow(line, partner, login):
    client = login(partner)
    assert client.post(f"/api/v1/action-lines/{line.uuid}/follow").json() == {"following": True}
    assert client.get("/api/v1/action-line-follows").json()["results"][0]["action_line"] == str(
        line.uuid
    )
    assert client.delete(f"/api/v1/action-line-follows/{line.uuid}").status_code == 204
    assert not Follow.objects.filter(user=partner).exists()
    assert (
        client.post(
            "/api/v1/action-line-follows",
            {"action_line": str(line.uuid)},
            content_type="application/json",
        ).status_code
        == 201
    )
    assert client.delete(f"/api/v1/action-lines/{line.uuid}/follow").json() == {"following": False}


def test_api_line_list_has_a_fixed_number_of_queries(
    seed_region, partner, login, django_assert_max_num_queries
):
    for _ in range(20):
        line = ActionLineFactory(region=seed_region)
        CommitmentFactory(action_line=line)
        MunicipalityRoleFactory(action_line=line, municipality=seed_region.municipalities.first())
    client = login(partner)
    with django_assert_max_num_queries(15):
        assert client.get("/api/v1/action-lines").status_code == 200


def test_timezone_today_is_used_for_status_dates(line, facilitator):
    change = services.change_status(
        line, "pause", on=timezone.localdate(), reason="x", by=facilitator
    )
    assert change.changed_on == timezone.localdate()


def test_a_lead_finds_their_own_lines(line, lead, seed_region, login):
    ActionLineFactory(region=seed_region, title="Andere lijn")
    response = login(lead).get("/actielijnen/", {"mine": "on"})
    assert [row.title for row in response.context["lines"]] == [line.title]
