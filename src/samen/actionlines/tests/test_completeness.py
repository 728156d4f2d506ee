"""The aanjager's completeness worklist: each rule, and that it stays a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samen.actionlines import services
from samen.actionlines.models import ProgressReport

from .factories import (
    ActionLineFactory,
    ActionLineLeadFactory,
    CommitmentFactory,
    MeetingFactory,
    MunicipalityRoleFactory,
    OrganisationFactory,
    ProgressReportFactory,
)

TODAY = date(2021, 9, 1)


def complete_line(region, values, **kwargs):
    """A line that breaks no rule on TODAY."""
    line = ActionLineFactory(region=region, **kwargs)
    line.values.set([values[1]])
    ActionLineLeadFactory(action_line=line)
    CommitmentFactory(action_line=line)
    for municipality in region.municipalities.all():
        MunicipalityRoleFactory(action_line=line, municipality=municipality)
    ProgressReportFactory(
        action_line=line, first_submitted_at=timezone.make_aware(timezone.datetime(2021, 7, 10))
    )
    return line


def flagged(region, code):
    worklist = services.completeness(region, TODAY)
    items = list(worklist.items(code))
    assert worklist.counts[code] == len(items)
    return items


@pytest.fixture
def complete(seed_region, values):
    line = complete_line(seed_region, values, title="Compleet")
    for value in values.values():
        line.values.add(value)
    return line


def test_a_complete_line_breaks_no_line_rule(complete, seed_region):
    worklist = services.completeness(seed_region, TODAY)
    assert {code: worklist.counts[code] for code in services.LINE_RULE_FLAGS} == dict.fromkeys(
        services.LINE_RULE_FLAGS, 0
    )


def test_line_without_lead(complete, seed_region):
    complete.lead_links.all().delete()
    assert flagged(seed_region, "no_lead") == [complete]


def test_line_without_committed_partner(complete, seed_region):
    complete.commitments.all().delete()
    assert flagged(seed_region, "no_partner") == [complete]


def test_line_without_value(complete, seed_region):
    complete.values.clear()
    assert flagged(seed_region, "no_value") == [complete]


def test_line_missing_one_municipality_role(complete, seed_region):
    complete.municipality_roles.filter(municipality__name="Nederweert").delete()
    assert flagged(seed_region, "missing_role") == [complete]
    missing = services.municipalities_without_role([complete], seed_region)
    assert [m.name for m in missing[complete.pk]] == ["Nederweert"]


def test_line_without_report_in_the_last_six_months(complete, seed_region):
    ProgressReport.objects.filter(action_line=complete).update(
        first_submitted_at=timezone.make_aware(timezone.datetime(2021, 2, 28))
    )
    assert flagged(seed_region, "no_recent_report") == [complete]


def test_a_report_exactly_six_months_ago_still_counts(complete, seed_region):
    ProgressReport.objects.filter(action_line=complete).update(
        first_submitted_at=timezone.make_aware(timezone.datetime(2021, 3, 1, 9))
    )
    assert flagged(seed_region, "no_recent_report") == []


def test_updates_and_drafts_are_not_a_half_yearly_report(complete, seed_region):
    ProgressReport.objects.filter(action_line=complete).update(
        kind="update", period_start=None, period_end=None
    )
    ProgressReportFactory(action_line=complete, first_submitted_at=None)  # a draft
    assert flagged(seed_region, "no_recent_report") == [complete]


def test_a_line_younger_than_six_months_is_not_yet_due(seed_region, values):
    young = complete_line(seed_region, values, start_date=TODAY - timedelta(days=30))
    young.reports.all().delete()
    assert flagged(seed_region, "no_recent_report") == []


def test_paused_and_ended_lines_are_not_on_the_line_rules(seed_region):
    ActionLineFactory(region=seed_region, status="paused")
    ActionLineFactory(region=seed_region, status="ended")
    worklist = services.completeness(seed_region, TODAY)
    assert all(worklist.counts[code] == 0 for code in services.LINE_RULE_FLAGS)


def test_values_no_active_line_serves(complete, seed_region, values):
    complete.values.set([values[1], values[2]])
    ended = ActionLineFactory(region=seed_region, status="ended")
    ended.values.set([values[3]])
    assert [v.number for v in flagged(seed_region, "unserved_value")] == [3, 4, 5, 6]


def test_partners_not_committed_to_an_active_line(complete, seed_region):
    idle = OrganisationFactory(region=seed_region, name="Sportclub")
    former = OrganisationFactory(region=seed_region, name="Bibliotheek")
    CommitmentFactory(
        action_line=ActionLineFactory(region=seed_region, status="ended"), organisation=former
    )
    committed = complete.commitments.get().organisation
    lead_org = complete.lead_links.get().organisation
    result = flagged(seed_region, "uncommitted_organisation")
    assert idle in result and former in result and committed not in result
    assert lead_org in result  # leading is not committing: the organisation still has to commit


def test_follow_ups_past_their_date(seed_region, facilitator):
    meeting = MeetingFactory(region=seed_region, date=date(2021, 4, 1))
    late = services.add_follow_up(
        meeting, description="Verslag rondsturen", owner=facilitator, due_date=date(2021, 5, 1)
    )
    services.add_follow_up(
        meeting, description="Later", owner=facilitator, due_date=date(2021, 12, 1)
    )
    done = services.add_follow_up(
        meeting, description="Gedaan", owner=facilitator, due_date=date(2021, 5, 1)
    )
    services.complete_follow_up(done, on=date(2021, 4, 20))
    assert flagged(seed_region, "overdue_follow_up") == [late]


def test_other_regions_do_not_count(complete, seed_region, other_region, values):
    ActionLineFactory(region=other_region)
    OrganisationFactory(region=other_region)
    worklist = services.completeness(seed_region, TODAY)
    assert worklist.counts["no_lead"] == 0
    assert all(o.region_id == seed_region.pk for o in worklist.items("uncommitted_organisation"))


def test_counting_is_a_fixed_number_of_queries(seed_region, values):
    def queries():
        with CaptureQueriesContext(connection) as context:
            services.completeness(seed_region, TODAY)
        return len(context.captured_queries)

    complete_line(seed_region, values)
    few = queries()
    for _ in range(15):
        complete_line(seed_region, values)
        ActionLineFactory(region=seed_region)
    assert queries() == few == 1


# --- Page and API -------------------------------------------------------------------------------


def test_worklist_page_shows_counts_and_items(
    complete, seed_region, facilitator, login, django_assert_max_num_queries
):
    gap = ActionLineFactory(region=seed_region, title="Zonder alles")
    client = login(facilitator)
    with django_assert_max_num_queries(15):
        response = client.get("/actielijnen/volledigheid/")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-rule="no_lead">1<' in content and gap.title in content
    one_rule = client.get("/actielijnen/volledigheid/", {"regel": "no_lead"})
    assert [row[0] for row in one_rule.context["sections"][0]["rows"]] == [gap]
    assert client.get("/actielijnen/volledigheid/", {"regel": "bestaat-niet"}).status_code == 404


def test_worklist_is_for_the_facilitator(seed_region, partner, login):
    assert login(partner).get("/actielijnen/volledigheid/").status_code == 403


def test_worklist_of_another_region_is_not_found(seed_region, other_region, client_as):
    from samen.accounts.roles import Role

    client = client_as(Role.FACILITATOR, other_region)
    assert client.get("/actielijnen/volledigheid/", {"regio": seed_region.uuid}).status_code == 404


def test_worklist_api(complete, seed_region, facilitator, login):
    ActionLineFactory(region=seed_region, title="Zonder alles")
    body = login(facilitator).get("/api/v1/action-line-completeness").json()
    rules = {rule["code"]: rule for rule in body["rules"]}
    assert rules["no_lead"]["count"] == 1 and rules["no_lead"]["items"][0]["name"] == "Zonder alles"
    assert set(rules) == set(services.RULES_BY_CODE)


def test_page_previews_match_the_rules(
    seed_region, values, facilitator, login, django_assert_max_num_queries
):
    for index in range(14):
        line = ActionLineFactory(region=seed_region, title=f"Lijn {index:02d}")
        if index % 2:
            line.values.set([values[1]])
    client = login(facilitator)
    with django_assert_max_num_queries(15):
        response = client.get("/actielijnen/volledigheid/")
    sections = {s["rule"].code: s for s in response.context["sections"]}
    worklist = services.completeness(seed_region)
    for code in services.LINE_RULE_FLAGS:
        expected = list(worklist.items(code)[:10])
        assert [row[0] for row in sections[code]["rows"]] == expected, code
    assert sections["no_value"]["count"] == 7 and len(sections["no_lead"]["rows"]) == 10
