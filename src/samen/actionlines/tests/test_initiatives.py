"""Initiatives: proposal per value, the three criteria, the decision, overlap, becoming a line."""

import uuid
from datetime import date

import pytest

from samen.actionlines import services
from samen.actionlines.models import ActionLine, Initiative
from samen.actionlines.services import FitAnswer
from samen.actionlines.similarity import similarities, stem, tokens
from samen.actionlines.workflow import TransitionNotAllowed

from .factories import (
    ActionLineFactory,
    InitiativeFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
)

ALL_MET = {
    "strengthens_values": (True, "Versterkt talentontwikkeling."),
    "no_conflict": (True, "Botst met geen waarde of lijn."),
    "innovative": (True, "Nieuw in de regio."),
}


def fits(values, served=(6,)):
    return [FitAnswer(v, n in served, f"Antwoord bij waarde {n}") for n, v in values.items()]


@pytest.fixture
def proposal(seed_region, values, partner):
    organisation = partner.organisation_memberships.get().organisation
    return services.propose_initiative(
        seed_region,
        title="Talentenmatch voor werkzoekenden",
        description="Werkzoekenden matchen met beschikbaar werk op basis van hun talenten in plaats van hun cv.",
        who="Werkpad en drie werkgevers",
        organisation=organisation,
        fits=fits(values, served=(5, 6)),
        by=partner,
    )


# --- Proposal -----------------------------------------------------------------------------------


def test_a_proposal_answers_every_value_once(proposal, values):
    assert proposal.value_fits.count() == 6
    assert set(proposal.value_fits.filter(serves=True).values_list("value__number", flat=True)) == {
        5,
        6,
    }
    assert proposal.status == Initiative.Status.PROPOSED


@pytest.mark.parametrize(
    "answers, message",
    [
        (lambda v: fits(v)[:5], "elke gedeelde waarde"),
        (lambda v: [*fits(v), fits(v)[0]], "elke gedeelde waarde"),
        (lambda v: [FitAnswer(f.value, f.serves, "") for f in fits(v)], "Licht bij elke"),
        (lambda v: fits(v, served=()), "minstens één"),
    ],
)
def test_incomplete_answers_are_refused(seed_region, values, partner, answers, message):
    with pytest.raises(services.ServiceError, match=message):
        services.propose_initiative(
            seed_region,
            title="X",
            description="Y",
            who="",
            organisation=None,
            fits=answers(values),
            by=partner,
        )
    assert not Initiative.objects.exists()


def test_proposing_for_someone_elses_organisation_is_refused(seed_region, values, partner):
    with pytest.raises(services.ServiceError, match="waar u bij hoort"):
        services.propose_initiative(
            seed_region,
            title="X",
            description="Y",
            who="",
            organisation=OrganisationFactory(region=seed_region),
            fits=fits(values),
            by=partner,
        )


def test_a_double_submit_makes_one_initiative(seed_region, values, partner):
    key = uuid.uuid4()
    kwargs = {
        "title": "X",
        "description": "Y",
        "who": "",
        "organisation": None,
        "fits": fits(values),
        "by": partner,
    }
    first = services.propose_initiative(seed_region, submission_key=key, **kwargs)
    second = services.propose_initiative(seed_region, submission_key=key, **kwargs)
    assert first.pk == second.pk and Initiative.objects.count() == 1


def test_only_the_proposer_edits_until_the_decision(proposal, values, partner, facilitator):
    services.update_initiative(
        proposal,
        title="Nieuwe titel",
        description="d",
        who="",
        organisation=None,
        fits=fits(values),
        by=partner,
    )
    assert Initiative.objects.get(pk=proposal.pk).title == "Nieuwe titel"
    with pytest.raises(services.PermissionDenied):
        services.update_initiative(
            proposal,
            title="Kaping",
            description="d",
            who="",
            organisation=None,
            fits=fits(values),
            by=facilitator,
        )


# --- Criteria and decision ----------------------------------------------------------------------


def test_accepting_needs_all_three_criteria_checked_and_met(proposal, facilitator):
    with pytest.raises(TransitionNotAllowed, match="alle drie"):
        services.decide_initiative(proposal, "accept", reason="Mooi", by=facilitator)
    services.record_checks(
        proposal, {**ALL_MET, "innovative": (False, "Bestaat al in Weert.")}, by=facilitator
    )
    with pytest.raises(TransitionNotAllowed, match="niet aan alle drie"):
        services.decide_initiative(proposal, "accept", reason="Mooi", by=facilitator)
    services.record_checks(proposal, ALL_MET, by=facilitator)
    accepted = services.decide_initiative(
        proposal, "accept", reason="Past binnen de waarden", by=facilitator
    )
    assert accepted.status == "accepted" and accepted.decided_by == facilitator
    assert proposal.criterion_checks.count() == 3


def test_every_criterion_needs_a_reason(proposal, facilitator):
    with pytest.raises(services.ServiceError, match="Motiveer"):
        services.record_checks(proposal, {"innovative": (True, " ")}, by=facilitator)


def test_rejecting_needs_a_reason_and_is_final(proposal, facilitator):
    with pytest.raises(services.ServiceError):
        services.decide_initiative(proposal, "reject", reason="", by=facilitator)
    services.decide_initiative(
        proposal, "reject", reason="Overlapt met Werk en talent", by=facilitator
    )
    with pytest.raises(TransitionNotAllowed):
        services.decide_initiative(proposal, "accept", reason="Toch", by=facilitator)
    with pytest.raises(services.ServiceError, match="al besloten"):
        services.record_checks(proposal, ALL_MET, by=facilitator)


# --- Becoming a line ----------------------------------------------------------------------------


def accept(initiative, facilitator):
    services.record_checks(initiative, ALL_MET, by=facilitator)
    return services.decide_initiative(initiative, "accept", reason="Akkoord", by=facilitator)


def test_an_accepted_initiative_becomes_a_line_with_its_data(proposal, partner, facilitator):
    accept(proposal, facilitator)
    line = services.create_line_from_initiative(
        proposal, by=facilitator, start_date=date(2021, 3, 1)
    )
    assert (line.title, line.aim, line.status) == (proposal.title, proposal.description, "active")
    assert set(line.values.values_list("number", flat=True)) == {5, 6}
    assert list(line.committed_partners.all()) == [proposal.organisation]
    assert list(line.leads.all()) == [partner]
    assert line.lead_links.get().organisation == proposal.organisation
    again = services.create_line_from_initiative(
        proposal, by=facilitator, start_date=date(2021, 3, 1)
    )
    assert again == line and ActionLine.objects.count() == 1


def test_a_proposer_without_organisation_does_not_become_lead(
    seed_region, values, make_user, facilitator
):
    from samen.accounts.roles import Role

    resident = make_user(Role.RESIDENT, seed_region.municipalities.get(name="Weert"))
    initiative = services.propose_initiative(
        seed_region,
        title="Buurtmoestuin",
        description="Samen tuinieren",
        who="",
        organisation=None,
        fits=fits(values),
        by=resident,
    )
    accept(initiative, facilitator)
    line = services.create_line_from_initiative(
        initiative, by=facilitator, start_date=date(2021, 3, 1)
    )
    assert not line.leads.exists() and not line.committed_partners.exists()


def test_only_an_accepted_initiative_becomes_a_line(proposal, facilitator):
    with pytest.raises(services.ServiceError, match="aanvaard"):
        services.create_line_from_initiative(proposal, by=facilitator, start_date=date(2021, 3, 1))


# --- Overlap ------------------------------------------------------------------------------------

LINES = {
    "Werk en talent": "Beschikbaar werk koppelen aan de talenten van inwoners, in plaats van cv's en vacatures te "
    "schuiven. Werkgevers, re-integratiebedrijven en uitzendbureaus vullen elkaar aan.",
    "Samen tegen eenzaamheid": "Eenzame ouderen en jongeren vinden aansluiting via buurtnetwerken, vrijwilligers en "
    "huisartsen die signaleren.",
    "Simpel Switchen": "Inwoners stappen zonder drempels over tussen dagbesteding, beschut werk, garantiebaan en "
    "regulier werk.",
    "Jongeren aan zet": "Jongeren zonder startkwalificatie vinden een leerwerkplek bij bedrijven in de regio.",
}


@pytest.fixture
def lines(seed_region, values):
    made = {}
    for title, aim in LINES.items():
        made[title] = ActionLineFactory(region=seed_region, title=title, aim=aim)
    made["Werk en talent"].values.set([values[6]])
    made["Jongeren aan zet"].values.set([values[6], values[3]])
    made["Samen tegen eenzaamheid"].values.set([values[2]])
    return made


def overlap_of(initiative):
    return {o.action_line.title: o for o in services.overlaps(initiative)}


def test_same_idea_in_other_words_is_flagged(lines, proposal):
    found = overlap_of(proposal)
    assert found["Werk en talent"].flagged
    assert found["Werk en talent"].similarity >= services.TEXT_OVERLAP_THRESHOLD
    assert not found.get("Samen tegen eenzaamheid")


def test_an_unrelated_initiative_is_not_flagged(lines, seed_region, values):
    initiative = InitiativeFactory(
        region=seed_region,
        title="Repair café in Stramproy",
        description="Een repair café waar vrijwilligers kapotte spullen repareren met bezoekers.",
        serves=[values[5]],
    )
    assert not any(o.flagged for o in services.overlaps(initiative))


def test_shared_values_with_some_text_overlap_is_flagged(lines, seed_region, values):
    initiative = InitiativeFactory(
        region=seed_region,
        title="Leerwerkplekken in de zorg",
        description="Jongeren leren het vak in de zorg met een leerwerkplek bij zorgaanbieders.",
        serves=[values[6]],
    )
    overlap = overlap_of(initiative)["Jongeren aan zet"]
    assert services.VALUE_AND_TEXT_THRESHOLD <= overlap.similarity < services.TEXT_OVERLAP_THRESHOLD
    assert overlap.serves_all_values and overlap.flagged


def test_shared_values_alone_are_not_enough(lines, seed_region, values):
    initiative = InitiativeFactory(
        region=seed_region,
        title="Kunstroute",
        description="Kunstenaars openen hun atelier.",
        serves=[values[6]],
    )
    found = overlap_of(initiative)
    assert found["Werk en talent"].shared_values and not found["Werk en talent"].flagged


def test_ended_lines_do_not_count(lines, proposal):
    ActionLine.objects.filter(title="Werk en talent").update(status="ended")
    assert "Werk en talent" not in overlap_of(proposal)


def test_tokens_drop_stop_words_accents_and_suffixes():
    assert tokens("De jongeren én hun Talenten") == ["jong", "talent"]
    assert stem("eenzaamheid") == "eenzaam" and stem("werk") == "werk"
    assert similarities("", {1: "iets"}) == {1: 0.0}
    assert similarities("werk en talent", {1: "werk en talent"})[1] == pytest.approx(1.0)


# --- Pages --------------------------------------------------------------------------------------


def test_anyone_proposes_in_the_ui(seed_region, values, partner, login):
    client = login(partner)
    page = client.get("/actielijnen/initiatieven/nieuw/")
    key = page.context["form"].initial["submission_key"]
    data = {
        "title": "Buurtkamer",
        "description": "Een huiskamer in de wijk",
        "who": "Bewoners",
        "submission_key": key,
    }
    for number, value in values.items():
        data[f"fit_{value.pk}"] = f"Uitleg {number}"
    data[f"serves_{values[2].pk}"] = "on"
    first = client.post("/actielijnen/initiatieven/nieuw/", data)
    second = client.post("/actielijnen/initiatieven/nieuw/", data)
    initiative = Initiative.objects.get()
    assert (
        first["Location"] == second["Location"] == f"/actielijnen/initiatieven/{initiative.uuid}/"
    )
    assert initiative.value_fits.filter(serves=True).get().value == values[2]


def test_missing_value_answer_keeps_the_input(seed_region, values, partner, login):
    data = {"title": "Buurtkamer", "description": "Een huiskamer", "who": ""}
    response = login(partner).post("/actielijnen/initiatieven/nieuw/", data)
    assert response.status_code == 200 and 'value="Buurtkamer"' in response.content.decode()
    assert not Initiative.objects.exists()


def test_facilitator_checks_decides_and_converts_in_the_ui(lines, proposal, facilitator, login):
    client = login(facilitator)
    detail = client.get(f"/actielijnen/initiatieven/{proposal.uuid}/").content.decode()
    assert "mogelijke overlap" in detail and "Werk en talent" in detail
    data = {}
    for code, (met, reason) in ALL_MET.items():
        data[f"met_{code}"] = "yes" if met else "no"
        data[f"reason_{code}"] = reason
    assert (
        client.post(f"/actielijnen/initiatieven/{proposal.uuid}/toetsen/", data).status_code == 302
    )
    response = client.post(
        f"/actielijnen/initiatieven/{proposal.uuid}/besluit/",
        {"decision": "accept", "reason": "Sluit aan"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/actielijnen/initiatieven/{proposal.uuid}/actielijn/", {"start_date": "2021-04-01"}
    )
    line = ActionLine.objects.get(title=proposal.title)
    assert response["Location"] == f"/actielijnen/{line.uuid}/"
    assert client.get(f"/actielijnen/initiatieven/{proposal.uuid}/actielijn/").status_code == 404


def test_partner_cannot_check_or_decide(proposal, partner, login):
    client = login(partner)
    assert client.get(f"/actielijnen/initiatieven/{proposal.uuid}/toetsen/").status_code == 403
    assert (
        client.post(
            f"/actielijnen/initiatieven/{proposal.uuid}/besluit/",
            {"decision": "accept", "reason": "x"},
        ).status_code
        == 403
    )
    assert (
        "overlap" not in client.get(f"/actielijnen/initiatieven/{proposal.uuid}/").content.decode()
    )


def test_initiative_list_query_count(
    seed_region, values, partner, login, django_assert_max_num_queries
):
    for _ in range(20):
        InitiativeFactory(
            region=seed_region,
            organisation=OrganisationFactory(region=seed_region),
            serves=[values[1]],
        )
    client = login(partner)
    with django_assert_max_num_queries(15):
        response = client.get("/actielijnen/initiatieven/")
    assert len(response.context["initiatives"]) == 20


# --- API ----------------------------------------------------------------------------------------


def test_api_propose_check_decide_convert(lines, seed_region, values, partner, facilitator, login):
    organisation = partner.organisation_memberships.get().organisation
    body = {
        "title": "Talentenmatch",
        "description": "Werkzoekenden matchen met beschikbaar werk op basis van talent in plaats van cv.",
        "organisation": str(organisation.uuid),
        "value_fits": [
            {"value": str(v.uuid), "serves": n == 6, "explanation": f"Antwoord {n}"}
            for n, v in values.items()
        ],
    }
    created = login(partner).post("/api/v1/initiatives", body, content_type="application/json")
    assert created.status_code == 201, created.content
    url = f"/api/v1/initiatives/{created.json()['uuid']}"
    assert created.json()["overlaps"] == []  # overlaps are for the facilitator
    assert (
        login(partner)
        .post(
            f"{url}/decision",
            {"decision": "reject", "reason": "x"},
            content_type="application/json",
        )
        .status_code
        == 403
    )

    client = login(facilitator)
    detail = client.get(url).json()
    assert detail["overlaps"][0]["title"] == "Werk en talent" and detail["overlaps"][0]["flagged"]
    refused = client.post(
        f"{url}/decision", {"decision": "accept", "reason": "Ja"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "criteria" in refused.json()["detail"]
    checks = {"checks": [{"criterion": c, "met": m, "reason": r} for c, (m, r) in ALL_MET.items()]}
    assert client.post(f"{url}/checks", checks, content_type="application/json").status_code == 200
    assert (
        client.post(
            f"{url}/decision",
            {"decision": "accept", "reason": "Ja"},
            content_type="application/json",
        ).json()["status"]
        == "accepted"
    )
    line = client.post(
        f"{url}/action-line", {"start_date": "2021-05-01"}, content_type="application/json"
    )
    assert line.status_code == 201 and line.json()["leads"][0]["user"]["uuid"] == str(partner.uuid)


def test_api_proposer_edits_own_proposal_only(proposal, values, partner, facilitator, login):
    url = f"/api/v1/initiatives/{proposal.uuid}"
    assert (
        login(partner)
        .patch(url, {"title": "Beter"}, content_type="application/json")
        .json()["title"]
        == "Beter"
    )
    assert (
        login(facilitator)
        .patch(url, {"title": "Kaping"}, content_type="application/json")
        .status_code
        == 403
    )


def test_other_member_of_the_organisation_counts_as_member(seed_region, values, partner):
    organisation = partner.organisation_memberships.get().organisation
    colleague = OrganisationMemberFactory(organisation=organisation).user
    initiative = services.propose_initiative(
        seed_region,
        title="X",
        description="Y",
        who="",
        organisation=organisation,
        fits=fits(values),
        by=colleague,
    )
    assert initiative.organisation == organisation
