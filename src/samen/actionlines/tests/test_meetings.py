"""Platform meetings: rotation, the agenda built from the lines, the record of the meeting."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from samen.actionlines import services
from samen.actionlines.models import Initiative, Meeting
from samen.actionlines.services import ReportContent

from .factories import (
    ActionLineFactory,
    InitiativeFactory,
    MeetingFactory,
    OrganisationFactory,
    ProgressReportFactory,
)

TODAY = timezone.localdate()


def aware(*args):
    return timezone.make_aware(datetime(*args))


# --- Rotation -----------------------------------------------------------------------------------


def test_first_meeting_starts_the_rotation_alphabetically(seed_region):
    suggestion = services.suggest_meeting(seed_region, date(2020, 1, 10))
    assert suggestion.municipality.name == "Cranendonck" and suggestion.previous is None
    assert suggestion.date == date(2020, 2, 10)


@pytest.mark.parametrize(
    "previous, expected",
    [("Cranendonck", "Nederweert"), ("Nederweert", "Weert"), ("Weert", "Cranendonck")],
)
def test_next_municipality_follows_the_previous_meeting(seed_region, previous, expected):
    MeetingFactory(
        region=seed_region,
        date=date(2019, 4, 1),
        municipality=seed_region.municipalities.get(name="Weert"),
    )
    MeetingFactory(
        region=seed_region,
        date=date(2020, 10, 1),
        municipality=seed_region.municipalities.get(name=previous),
    )
    suggestion = services.suggest_meeting(seed_region, date(2020, 11, 1))
    assert suggestion.municipality.name == expected


def test_next_date_is_half_a_year_later_but_at_least_four_weeks_ahead(seed_region):
    MeetingFactory(region=seed_region, date=date(2020, 8, 31))
    assert services.suggest_meeting(seed_region, date(2020, 9, 1)).date == date(2021, 2, 28)
    assert services.suggest_meeting(seed_region, date(2021, 2, 10)).date == date(2021, 3, 10)
    assert services.suggest_meeting(seed_region, date(2021, 6, 1)).date == date(2021, 6, 29)


def test_add_months_clips_to_month_end():
    assert services.add_months(date(2021, 8, 31), 6) == date(2022, 2, 28)
    assert services.add_months(date(2021, 3, 31), -6) == date(2020, 9, 30)
    assert services.add_months(date(2020, 2, 29), 12) == date(2021, 2, 28)


def test_meeting_must_be_in_a_municipality_of_the_region(seed_region, other_region, facilitator):
    with pytest.raises(services.ServiceError):
        services.plan_meeting(
            seed_region, on=TODAY, municipality=other_region.municipalities.get(), by=facilitator
        )


# --- Agenda -------------------------------------------------------------------------------------


@pytest.fixture
def agenda_region(seed_region):
    """Three lines: one with two half-yearly reports, one with a draft only, one paused."""
    reporting = ActionLineFactory(region=seed_region, title="A – rapporteert")
    ProgressReportFactory(
        action_line=reporting,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 6, 30),
        version__traffic_light="red",
        version__summary="Oud nieuws",
    )
    ProgressReportFactory(
        action_line=reporting,
        period_start=date(2020, 7, 1),
        period_end=date(2020, 12, 31),
        version__traffic_light="orange",
        version__summary="Laatste stand",
    )
    ProgressReportFactory(action_line=reporting, kind="update", period_start=None, period_end=None)
    draft_only = ActionLineFactory(region=seed_region, title="B – concept")
    ProgressReportFactory(action_line=draft_only, first_submitted_at=None)
    ActionLineFactory(region=seed_region, title="C – gepauzeerd", status="paused")
    return seed_region


def test_agenda_has_every_active_line_with_its_latest_submitted_report(agenda_region):
    meeting = MeetingFactory(region=agenda_region, date=date(2021, 4, 1))
    lines = [e for e in services.build_agenda(meeting) if e.kind == "line"]
    assert [(e.title, e.traffic_light, e.summary) for e in lines] == [
        ("A – rapporteert", "orange", "Laatste stand"),
        ("B – concept", "", ""),
    ]


def test_agenda_shows_the_newest_version_of_a_report(agenda_region, seed_region):
    line = seed_region.action_lines.get(title="A – rapporteert")
    report = line.reports.get(period_start=date(2020, 7, 1))
    lead = report.created_by
    from samen.accounts.models import Membership

    Membership.objects.create(
        user=lead, role="partner", region=seed_region, valid_from=date(2019, 1, 1)
    )
    from .factories import ActionLineLeadFactory

    ActionLineLeadFactory(action_line=line, user=lead)
    services.save_report(
        report,
        content=ReportContent(
            summary="Gecorrigeerd",
            traffic_light="green",
            done="a",
            results="b",
            needed="c",
            next_steps="d",
        ),
        by=lead,
        submit=True,
    )
    meeting = MeetingFactory(region=seed_region, date=date(2021, 4, 1))
    entry = services.build_agenda(meeting)[0]
    assert (entry.summary, entry.report_version.number) == ("Gecorrigeerd", 2)


def test_agenda_presents_initiatives_since_the_previous_meeting(seed_region, values):
    MeetingFactory(region=seed_region, date=date(2020, 10, 1))
    meeting = MeetingFactory(region=seed_region, date=date(2021, 4, 1))
    presented = InitiativeFactory(region=seed_region, title="Al gepresenteerd")
    new = InitiativeFactory(region=seed_region, title="Nieuw voorstel")
    accepted_now = InitiativeFactory(region=seed_region, title="Nu aanvaard", status="accepted")
    rejected = InitiativeFactory(region=seed_region, title="Afgewezen", status="rejected")
    after_meeting = InitiativeFactory(region=seed_region, title="Te laat")
    Initiative.objects.filter(pk=presented.pk).update(created_at=aware(2020, 9, 1))
    Initiative.objects.filter(pk=new.pk).update(created_at=aware(2021, 1, 15))
    Initiative.objects.filter(pk=accepted_now.pk).update(
        created_at=aware(2020, 9, 2), decided_at=aware(2021, 2, 1)
    )
    Initiative.objects.filter(pk=rejected.pk).update(created_at=aware(2021, 1, 2))
    Initiative.objects.filter(pk=after_meeting.pk).update(created_at=aware(2021, 4, 2))
    titles = [e.title for e in services.build_agenda(meeting) if e.kind == "initiative"]
    assert titles == ["Nu aanvaard", "Nieuw voorstel"]


def test_a_fixed_agenda_keeps_what_was_on_the_table(agenda_region, seed_region):
    meeting = MeetingFactory(region=seed_region, date=date(2021, 4, 1))
    services.fix_agenda(meeting)
    line = seed_region.action_lines.get(title="B – concept")
    ProgressReportFactory(action_line=line, version__summary="Na de bijeenkomst")
    ActionLineFactory(region=seed_region, title="D – later gestart")
    meeting.refresh_from_db()
    entries = services.build_agenda(meeting)
    assert [e.title for e in entries] == ["A – rapporteert", "B – concept"]
    assert entries[1].summary == ""
    services.fix_agenda(meeting)  # rebuilt on request
    meeting.refresh_from_db()
    assert [e.title for e in services.build_agenda(meeting)][-1] == "D – later gestart"


# --- Record -------------------------------------------------------------------------------------


def test_recording_the_meeting_stores_attendance_and_fixes_the_agenda(
    agenda_region, seed_region, facilitator
):
    meeting = MeetingFactory(region=seed_region, date=TODAY - timedelta(days=1))
    organisation = OrganisationFactory(region=seed_region)
    services.record_meeting(
        meeting,
        minutes="Goed gesprek.",
        organisations=[organisation],
        attendees=[facilitator],
        revision=0,
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Goed gesprek." and meeting.revision == 1 and meeting.agenda_fixed_at
    assert list(meeting.attending_organisations.all()) == [organisation]
    assert meeting.agenda_items.count() == 2
    with pytest.raises(services.ConflictError):
        services.record_meeting(
            meeting, minutes="Overschrijven", organisations=[], attendees=[], revision=0
        )


def test_no_minutes_before_the_meeting(seed_region):
    meeting = MeetingFactory(region=seed_region, date=TODAY + timedelta(days=10))
    with pytest.raises(services.ServiceError, match="op of na de dag"):
        services.record_meeting(meeting, minutes="Te vroeg", organisations=[], attendees=[])


def test_attendance_only_from_the_region(seed_region, other_region):
    meeting = MeetingFactory(region=seed_region, date=TODAY)
    with pytest.raises(services.ServiceError):
        services.record_meeting(
            meeting,
            minutes="",
            organisations=[OrganisationFactory(region=other_region)],
            attendees=[],
        )


def test_decisions_and_follow_ups_per_line(seed_region, other_region, facilitator):
    meeting = MeetingFactory(region=seed_region, date=date(2021, 4, 1))
    line = ActionLineFactory(region=seed_region)
    services.add_decision(meeting, text="De lijn gaat door in Weert.", action_line=line)
    follow_up = services.add_follow_up(
        meeting,
        description="Werkgevers benaderen",
        owner=facilitator,
        due_date=date(2021, 6, 1),
        action_line=line,
    )
    assert line.meeting_decisions.get().text == "De lijn gaat door in Weert."
    assert line.follow_ups.get() == follow_up
    with pytest.raises(services.ServiceError):
        services.add_decision(meeting, text="x", action_line=ActionLineFactory(region=other_region))
    with pytest.raises(services.ServiceError, match="na de bijeenkomst"):
        services.add_follow_up(
            meeting, description="x", owner=facilitator, due_date=date(2021, 3, 1)
        )


# --- Pages --------------------------------------------------------------------------------------


def test_facilitator_plans_a_meeting_with_the_suggested_place(seed_region, facilitator, login):
    MeetingFactory(
        region=seed_region,
        date=date(2020, 10, 1),
        municipality=seed_region.municipalities.get(name="Nederweert"),
    )
    client = login(facilitator)
    page = client.get("/actielijnen/bijeenkomsten/nieuw/")
    assert page.context["form"].initial["municipality"].name == "Weert"
    assert "Weert nu aan de beurt" in page.content.decode()
    weert = seed_region.municipalities.get(name="Weert")
    response = client.post(
        "/actielijnen/bijeenkomsten/nieuw/",
        {
            "date": (TODAY + timedelta(days=30)).isoformat(),
            "municipality": weert.pk,
            "venue": "Buurthuis De Roos",
        },
    )
    meeting = Meeting.objects.get(venue="Buurthuis De Roos")
    assert response["Location"] == f"/actielijnen/bijeenkomsten/{meeting.uuid}/"


def test_meeting_page_shows_agenda_and_record(
    agenda_region, seed_region, facilitator, partner, login
):
    meeting = MeetingFactory(region=seed_region, date=TODAY - timedelta(days=2))
    client = login(facilitator)
    organisation = OrganisationFactory(region=seed_region, name="Zorggroep Kempen")
    response = client.post(
        f"/actielijnen/bijeenkomsten/{meeting.uuid}/verslag/",
        {
            "minutes": "<i>Verslag</i>",
            "organisations": [organisation.pk],
            "attendees": [partner.pk],
            "revision": 0,
        },
    )
    assert response.status_code == 302
    client.post(f"/actielijnen/bijeenkomsten/{meeting.uuid}/besluit/", {"text": "Door met lijn A"})
    client.post(
        f"/actielijnen/bijeenkomsten/{meeting.uuid}/vervolgactie/",
        {
            "description": "Uitnodiging sturen",
            "owner": partner.pk,
            "due_date": (TODAY + timedelta(days=14)).isoformat(),
        },
    )
    content = login(partner).get(f"/actielijnen/bijeenkomsten/{meeting.uuid}/").content.decode()
    for text in (
        "Laatste stand",
        "Oranje – aandacht nodig",
        "Zorggroep Kempen",
        "Door met lijn A",
        "Uitnodiging sturen",
    ):
        assert text in content
    assert "&lt;i&gt;Verslag&lt;/i&gt;" in content


def test_meeting_list_query_count(seed_region, partner, login, django_assert_max_num_queries):
    for month in range(1, 13):
        meeting = MeetingFactory(region=seed_region, date=date(2020, month, 1))
        meeting.attending_organisations.add(OrganisationFactory(region=seed_region))
    client = login(partner)
    with django_assert_max_num_queries(15):
        response = client.get("/actielijnen/bijeenkomsten/")
    assert len(response.context["meetings"]) == 12


def test_meeting_of_another_region_is_not_found(seed_region, other_region, client_as):
    from samen.accounts.roles import Role

    meeting = MeetingFactory(region=seed_region)
    assert (
        client_as(Role.PARTNER, other_region)
        .get(f"/actielijnen/bijeenkomsten/{meeting.uuid}/")
        .status_code
        == 404
    )


# --- API ----------------------------------------------------------------------------------------


def test_api_plans_and_records_a_meeting(agenda_region, seed_region, facilitator, partner, login):
    client = login(facilitator)
    suggestion = client.get("/api/v1/platform-meetings/suggestion").json()
    assert suggestion["municipality"] == "GM1706"
    created = client.post(
        "/api/v1/platform-meetings",
        {"date": TODAY.isoformat(), "venue": "Gemeentehuis"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["municipality"] == "GM1706" and [e["title"] for e in body["agenda"]] == [
        "A – rapporteert",
        "B – concept",
    ]
    url = f"/api/v1/platform-meetings/{body['uuid']}"
    organisation = OrganisationFactory(region=seed_region)
    recorded = client.post(
        f"{url}/record",
        {
            "minutes": "Kort verslag",
            "organisations": [str(organisation.uuid)],
            "attendees": [str(partner.uuid)],
            "revision": 0,
        },
        content_type="application/json",
    )
    assert recorded.status_code == 200 and recorded.json()["agenda_fixed_at"]
    stale = client.post(
        f"{url}/record",
        {"minutes": "x", "organisations": [], "attendees": [], "revision": 0},
        content_type="application/json",
    )
    assert stale.status_code == 409
    client.post(f"{url}/decisions", {"text": "Besloten"}, content_type="application/json")
    follow_up = client.post(
        f"{url}/follow-ups",
        {
            "description": "Bellen",
            "owner": str(partner.uuid),
            "due_date": (TODAY + timedelta(days=7)).isoformat(),
        },
        content_type="application/json",
    ).json()
    assert (
        follow_up["decisions"][0]["text"] == "Besloten"
        and follow_up["follow_ups"][0]["description"] == "Bellen"
    )
    assert (
        login(partner)
        .post(f"{url}/decisions", {"text": "x"}, content_type="application/json")
        .status_code
        == 403
    )
