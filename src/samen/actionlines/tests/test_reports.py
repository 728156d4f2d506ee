"""Progress reports: frozen once submitted, versions, double submits, leads only, notifications."""

import uuid
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from samen.actionlines import services
from samen.actionlines.models import Follow, Notification, ProgressReport, ReportVersion
from samen.actionlines.services import ReportContent

FULL = ReportContent(
    summary="Twintig matches tussen werk en talent.",
    traffic_light="green",
    done="Drie matchingsbijeenkomsten.",
    results="Twintig inwoners aan het werk, doel was vijftien.",
    needed="Meer werkgevers uit de zorg.",
    next_steps="Uitbreiden naar Cranendonck.",
)


def report_of(line, lead, submit=True, period=(2020, 2), **kwargs):
    return services.start_report(
        line, kind="half_yearly", content=FULL, by=lead, period=period, submit=submit, **kwargs
    )


def test_submitted_report_is_frozen_and_an_edit_makes_a_new_version(line, lead):
    report = report_of(line, lead)
    first = report.versions.get()
    assert first.state == ReportVersion.State.SUBMITTED

    changed = ReportContent(
        **{**FULL.__dict__, "traffic_light": "orange", "change_note": "Stoplicht"}
    )
    second = services.save_report(report, content=changed, by=lead, submit=True)

    first.refresh_from_db()
    assert (first.number, first.traffic_light, first.state) == (1, "green", "submitted")
    assert (second.number, second.traffic_light, second.state) == (2, "orange", "submitted")
    report.refresh_from_db()
    assert report.current_version == second
    assert list(report.versions.values_list("number", flat=True)) == [1, 2]


def test_a_draft_is_edited_in_place(line, lead):
    report = report_of(line, lead, submit=False)
    draft = report.versions.get()
    edited = ReportContent(**{**FULL.__dict__, "summary": "Bijgewerkt."})
    version = services.save_report(report, content=edited, by=lead, based_on=(1, 0))
    assert version.pk == draft.pk and version.summary == "Bijgewerkt." and version.revision == 1
    assert report.versions.count() == 1
    report.refresh_from_db()
    assert report.current_version is None and report.first_submitted_at is None


def test_stale_edit_is_refused_instead_of_overwriting(line, lead):
    report = report_of(line, lead, submit=False)
    services.save_report(report, content=ReportContent(summary="Eerste"), by=lead, based_on=(1, 0))
    with pytest.raises(services.ConflictError):
        services.save_report(
            report, content=ReportContent(summary="Tweede"), by=lead, based_on=(1, 0)
        )
    assert report.versions.get().summary == "Eerste"


def test_double_submit_with_the_same_key_makes_one_report(line, lead):
    key = uuid.uuid4()
    first = report_of(line, lead, submission_key=key)
    second = report_of(line, lead, submission_key=key)
    assert first.pk == second.pk
    assert ProgressReport.objects.filter(action_line=line).count() == 1


def test_submitting_twice_changes_nothing_the_second_time(
    line, lead, django_capture_on_commit_callbacks
):
    report = report_of(line, lead, submit=False)
    with django_capture_on_commit_callbacks(execute=True):
        once = services.submit_report(report, by=lead)
        twice = services.submit_report(report, by=lead)
    assert once.pk == twice.pk and report.versions.count() == 1
    assert Notification.objects.filter(kind="report_submitted").count() == 0  # nobody else follows


def test_saving_the_same_content_twice_makes_one_version(line, lead):
    report = report_of(line, lead)
    changed = ReportContent(**{**FULL.__dict__, "summary": "Nieuw"})
    services.save_report(report, content=changed, by=lead, based_on=(1, 0), submit=True)
    services.save_report(report, content=changed, by=lead, based_on=(1, 0), submit=True)
    assert report.versions.count() == 2


def test_one_half_yearly_report_per_period(line, lead):
    report_of(line, lead)
    with pytest.raises(services.ServiceError, match="bestaat al"):
        report_of(line, lead)
    report_of(line, lead, period=(2021, 1))
    assert line.reports.count() == 2


def test_submitting_a_half_yearly_report_needs_every_part(line, lead):
    with pytest.raises(services.ServiceError, match="volgende stappen"):
        services.start_report(
            line,
            kind="half_yearly",
            content=ReportContent(
                summary="Kort", traffic_light="green", done="a", results="b", needed="c"
            ),
            by=lead,
            period=(2020, 2),
            submit=True,
        )
    assert not line.reports.exists()


def test_an_update_needs_only_its_text_and_has_no_light(line, lead):
    report = services.start_report(
        line,
        kind="update",
        content=ReportContent(summary="Nieuwe werkgever."),
        by=lead,
        submit=True,
    )
    assert report.current_version.summary == "Nieuwe werkgever." and report.period_start is None
    with pytest.raises(services.ServiceError, match="geen stoplicht"):
        services.start_report(
            line, kind="update", content=ReportContent(summary="x", traffic_light="red"), by=lead
        )


def test_no_report_on_a_half_year_that_has_not_started(line, lead):
    next_year = date.today().year + 1
    with pytest.raises(services.ServiceError, match="nog niet begonnen"):
        report_of(line, lead, period=(next_year, 1))


def test_only_the_lines_leads_report(line, partner, facilitator):
    for user in (partner, facilitator):
        with pytest.raises(PermissionDenied):
            report_of(line, user)
    assert not line.reports.exists()


def test_an_ended_line_takes_no_new_reports(line, lead, facilitator):
    services.change_status(line, "end", on=date(2021, 1, 1), reason="Doel bereikt", by=facilitator)
    line.refresh_from_db()
    with pytest.raises(PermissionDenied):
        report_of(line, lead)


def test_submission_mails_every_follower_but_the_author(
    line, lead, partner, facilitator, django_capture_on_commit_callbacks
):
    services.follow(line, partner)
    services.follow(line, facilitator)
    Follow.objects.get_or_create(action_line=line, user=lead)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_of(line, lead)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([partner.email, facilitator.email])
    message = mail.outbox[0]
    assert "Werk en talent" in message.subject
    assert f"/actielijnen/rapportages/{report.uuid}/" in message.body
    notification = Notification.objects.get(recipient=partner)
    assert notification.kind == "report_submitted" and notification.emailed_at is not None


def test_no_mail_when_the_transaction_rolls_back(
    line, lead, partner, django_capture_on_commit_callbacks
):
    services.follow(line, partner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report_of(line, lead)
    assert len(callbacks) == 1 and mail.outbox == []  # the mail waits for the commit


def test_a_new_version_also_notifies(line, lead, partner, django_capture_on_commit_callbacks):
    report = report_of(line, lead)
    services.follow(line, partner)
    changed = ReportContent(**{**FULL.__dict__, "needed": "Een locatie in Weert."})
    with django_capture_on_commit_callbacks(execute=True):
        services.save_report(report, content=changed, by=lead, submit=True)
    assert len(mail.outbox) == 1 and "versie (2)" in mail.outbox[0].body


# --- Pages --------------------------------------------------------------------------------------

FORM = {
    "period": "2020-2",
    "traffic_light": "green",
    "summary": "Twintig matches.",
    "done": "Drie bijeenkomsten.",
    "results": "Doel gehaald.",
    "needed": "Werkgevers.",
    "next_steps": "Verbreden.",
}


def test_lead_posts_a_report_in_the_ui_and_a_double_post_is_one_report(line, lead, login):
    client = login(lead)
    page = client.get(f"/actielijnen/{line.uuid}/rapportage/")
    key = page.context["form"].initial["submission_key"]
    data = {**FORM, "submission_key": key, "action": "submit"}
    first = client.post(f"/actielijnen/{line.uuid}/rapportage/", data)
    second = client.post(f"/actielijnen/{line.uuid}/rapportage/", data)
    report = ProgressReport.objects.get()
    assert first["Location"] == second["Location"] == f"/actielijnen/rapportages/{report.uuid}/"
    assert report.current_version.traffic_light == "green"


def test_a_lead_saves_a_draft_that_others_do_not_see(line, lead, partner, login):
    client = login(lead)
    data = {**FORM, "summary": "Nog niet af", "action": "draft", "submission_key": uuid.uuid4()}
    client.post(f"/actielijnen/{line.uuid}/rapportage/", data)
    report = ProgressReport.objects.get()
    assert report.first_submitted_at is None
    assert client.get(f"/actielijnen/rapportages/{report.uuid}/").status_code == 200
    other = login(partner)
    assert other.get(f"/actielijnen/rapportages/{report.uuid}/").status_code == 404
    assert "Nog niet af" not in other.get(f"/actielijnen/{line.uuid}/").content.decode()


def test_editing_a_submitted_report_in_the_ui_makes_version_two(line, lead, partner, login):
    report = report_of(line, lead)
    client = login(lead)
    page = client.get(f"/actielijnen/rapportages/{report.uuid}/bewerken/")
    assert page.context["form"].initial["based_on"] == "1:0"
    data = {
        **FORM,
        "summary": "Bijgesteld",
        "change_note": "Cijfers",
        "based_on": "1:0",
        "action": "submit",
    }
    assert client.post(f"/actielijnen/rapportages/{report.uuid}/bewerken/", data).status_code == 302
    history = login(partner).get(f"/actielijnen/rapportages/{report.uuid}/")
    assert [v.number for v in history.context["versions"]] == [2, 1]
    old = login(partner).get(f"/actielijnen/rapportages/{report.uuid}/", {"versie": 1})
    assert old.context["shown"].summary == FULL.summary


def test_a_stale_edit_in_the_ui_keeps_the_text(line, lead, login):
    report = report_of(line, lead)
    services.save_report(
        report, content=ReportContent(**{**FULL.__dict__, "summary": "Tussendoor"}), by=lead
    )
    data = {**FORM, "summary": "Mijn tekst", "based_on": "1:0", "action": "draft"}
    response = login(lead).post(f"/actielijnen/rapportages/{report.uuid}/bewerken/", data)
    content = response.content.decode()
    assert (
        response.status_code == 200
        and "intussen door iemand anders" in content
        and "Mijn tekst" in content
    )


def test_submit_button_of_a_draft(line, lead, login):
    report = report_of(line, lead, submit=False)
    client = login(lead)
    client.post(f"/actielijnen/rapportages/{report.uuid}/indienen/")
    client.post(f"/actielijnen/rapportages/{report.uuid}/indienen/")
    report.refresh_from_db()
    assert report.first_submitted_at and report.versions.count() == 1


def test_non_leads_get_403_on_report_pages(line, lead, partner, facilitator, login):
    report = report_of(line, lead)
    for user in (partner, facilitator):
        client = login(user)
        assert client.get(f"/actielijnen/{line.uuid}/rapportage/").status_code == 403
        assert (
            client.post(
                f"/actielijnen/{line.uuid}/rapportage/", {**FORM, "action": "submit"}
            ).status_code
            == 403
        )
        assert client.get(f"/actielijnen/rapportages/{report.uuid}/bewerken/").status_code == 403
        assert client.post(f"/actielijnen/rapportages/{report.uuid}/indienen/").status_code == 403
    assert line.reports.count() == 1


def test_report_text_is_shown_as_text(line, lead, partner, login):
    evil = ReportContent(
        **{
            **FULL.__dict__,
            "summary": '<img src=x onerror="alert(1)">',
            "done": "<script>x</script>",
        }
    )
    report = services.start_report(
        line, kind="half_yearly", content=evil, by=lead, period=(2021, 1), submit=True
    )
    content = login(partner).get(f"/actielijnen/rapportages/{report.uuid}/").content.decode()
    assert "<script>x</script>" not in content and "&lt;script&gt;x&lt;/script&gt;" in content
    assert "<img src=x" not in content


def test_notifications_page_shows_only_own(
    line, lead, partner, facilitator, login, django_capture_on_commit_callbacks
):
    services.follow(line, partner)
    with django_capture_on_commit_callbacks(execute=True):
        report_of(line, lead)
    assert len(login(partner).get("/actielijnen/meldingen/").context["notifications"]) == 1
    assert len(login(facilitator).get("/actielijnen/meldingen/").context["notifications"]) == 0


# --- API ----------------------------------------------------------------------------------------


def test_api_lead_posts_edits_and_submits(line, lead, login):
    client = login(lead)
    key = str(uuid.uuid4())
    body = {
        "action_line": str(line.uuid),
        "kind": "half_yearly",
        "year": 2020,
        "half": 2,
        **FULL.__dict__,
        "submission_key": key,
    }
    body.pop("change_note")
    created = client.post(
        "/api/v1/progress-reports", {**body, "submit": False}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    again = client.post(
        "/api/v1/progress-reports", {**body, "submit": False}, content_type="application/json"
    )
    assert again.json()["uuid"] == created.json()["uuid"]
    url = f"/api/v1/progress-reports/{created.json()['uuid']}"
    edited = client.patch(
        url,
        {**FULL.__dict__, "summary": "Aangepast", "based_on_version": 1, "based_on_revision": 0},
        content_type="application/json",
    )
    assert edited.json()["versions"][0]["summary"] == "Aangepast"
    stale = client.patch(
        url,
        {**FULL.__dict__, "summary": "Oud", "based_on_version": 1, "based_on_revision": 0},
        content_type="application/json",
    )
    assert stale.status_code == 409
    submitted = client.post(f"{url}/submit").json()
    assert submitted["current_version"]["state"] == "submitted"
    assert client.post(f"{url}/submit").json()["current_version"]["number"] == 1
    v2 = client.patch(
        url,
        {**FULL.__dict__, "traffic_light": "red", "submit": True},
        content_type="application/json",
    ).json()
    assert [v["number"] for v in v2["versions"]] == [1, 2] and v2["versions"][0][
        "traffic_light"
    ] == "green"


def test_api_only_leads_post(line, lead, partner, facilitator, login):
    body = {"action_line": str(line.uuid), "kind": "update", "summary": "Hallo"}
    for user in (partner, facilitator):
        assert (
            login(user)
            .post("/api/v1/progress-reports", body, content_type="application/json")
            .status_code
            == 403
        )
    assert (
        login(lead)
        .post("/api/v1/progress-reports", body, content_type="application/json")
        .status_code
        == 201
    )


def test_api_hides_drafts_from_others(line, lead, partner, login):
    report_of(line, lead, submit=False)
    submitted = report_of(line, lead, period=(2021, 1))
    listed = (
        login(partner)
        .get("/api/v1/progress-reports", {"action_line": str(line.uuid)})
        .json()["results"]
    )
    assert [r["uuid"] for r in listed] == [str(submitted.uuid)]
    assert len(login(lead).get("/api/v1/progress-reports").json()["results"]) == 2


def test_api_report_of_another_region_is_not_found(line, lead, other_region, client_as):
    from samen.accounts.roles import Role

    report = report_of(line, lead)
    client = client_as(Role.PARTNER, other_region)
    assert client.get(f"/api/v1/progress-reports/{report.uuid}").status_code == 404
    assert client.get(f"/api/v1/action-lines/{line.uuid}").status_code == 404


def test_api_report_list_query_count(line, lead, login, django_assert_max_num_queries):
    for year in range(2000, 2015):
        report_of(line, lead, period=(year, 1))
    client = login(lead)
    with django_assert_max_num_queries(15):
        response = client.get("/api/v1/progress-reports")
    assert response.json()["count"] == 15
