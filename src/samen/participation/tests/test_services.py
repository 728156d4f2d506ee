"""Registration, search, the income rule, measurements, consent and optimistic locking."""

from datetime import date
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError

from samen.participation import services
from samen.participation.models import (
    BenefitEpisode,
    ContactMoment,
    Pillar,
    Resident,
)

from .factories import ArrangementFactory, DossierFactory, ResidentFactory

DATA = {
    "given_names": "Fatima",
    "surname": "El Amrani",
    "date_of_birth": date(1990, 2, 3),
    "street": "Markt",
    "house_number": "3",
    "postal_code": "6001ab",
    "city": "Weert",
}


def test_registration_opens_a_dossier_with_three_pillars(weert, case_worker):
    resident = services.register_resident(weert, "12345672", DATA, actor=case_worker)
    assert resident.bsn == "012345672"
    assert resident.postal_code == "6001 AB"
    assert str(resident) == resident.reference and resident.reference.startswith("R-")
    dossier = resident.dossier
    assert dossier.municipality == weert and dossier.is_open
    assert sorted(dossier.pillars.values_list("kind", flat=True)) == sorted(Pillar.Kind.values)
    assert dossier.plan and dossier.talent_profile


def test_the_same_bsn_twice_in_one_municipality_is_refused_with_the_dossier(
    weert, nederweert, case_worker
):
    first = services.register_resident(weert, "111222333", DATA, actor=case_worker)
    with pytest.raises(services.DuplicateResident) as duplicate:
        services.register_resident(weert, "1112.22.333", DATA, actor=case_worker)
    assert duplicate.value.dossier == first.dossier
    # Another municipality is another controller: a separate resident, not linked.
    other = services.register_resident(nederweert, "111222333", DATA, actor=None)
    assert other.pk != first.pk
    assert Resident.objects.filter(bsn="111222333").count() == 2


def test_the_database_refuses_a_duplicate_even_past_the_check(weert):
    from django.db import IntegrityError, transaction

    services.register_resident(weert, "111222333", DATA, actor=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.create(municipality=weert, bsn="111222333", **DATA)


def test_an_invalid_bsn_is_refused(weert):
    with pytest.raises(ValidationError, match="elfproef"):
        services.register_resident(weert, "111222334", DATA, actor=None)


def test_search_by_name_bsn_and_reference_within_scope(weert, nederweert, case_worker):
    mine = ResidentFactory(
        municipality=weert, given_names="Anna", surname="Müller", bsn="111222333"
    )
    ResidentFactory(municipality=nederweert, given_names="Anna", surname="Müller", bsn="123456782")
    assert list(services.search_residents(case_worker, "anna muller")) == [mine]
    assert list(services.search_residents(case_worker, "1112.22.333")) == [mine]
    assert list(services.search_residents(case_worker, mine.reference.lower())) == [mine]
    assert list(services.search_residents(case_worker, "123456782")) == []  # Nederweert's
    assert list(services.search_residents(case_worker, "123456789")) == []  # not a valid BSN


def test_add_months_clamps_to_the_end_of_the_month():
    assert services.add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert services.add_months(date(2023, 5, 15), 12) == date(2024, 5, 15)
    assert services.add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)


def episode(dossier, kind, start, end=None, reason=""):
    return services.add_benefit_episode(
        dossier, kind=kind, started_on=start, ended_on=end, end_reason=reason
    )


def test_return_within_twelve_months_after_work_reuses_earlier_data(dossier):
    W = BenefitEpisode.EndReason.WORK
    episode(dossier, "bijstand", date(2020, 1, 1), date(2022, 3, 31), W)
    back = episode(dossier, "bijstand", date(2023, 3, 1))
    hint = services.reuse_hint(list(dossier.benefit_episodes.all()), date(2023, 6, 1))
    assert hint.has_returned and hint.returned_on == back.started_on
    assert hint.window_ends_on == date(2023, 3, 31)


def test_no_reuse_after_twelve_months_or_when_not_left_for_work(dossier, weert):
    W, M = BenefitEpisode.EndReason.WORK, BenefitEpisode.EndReason.MOVED
    episode(dossier, "bijstand", date(2020, 1, 1), date(2021, 3, 31), W)
    episode(dossier, "bijstand", date(2022, 4, 1))  # one year and a day later
    assert services.reuse_hint(list(dossier.benefit_episodes.all()), date(2022, 5, 1)) is None

    other = DossierFactory(municipality=weert)
    episode(other, "ioaw", date(2020, 1, 1), date(2021, 3, 31), M)
    episode(other, "ioaw", date(2021, 6, 1))
    assert services.reuse_hint(list(other.benefit_episodes.all()), date(2021, 7, 1)) is None


def test_after_leaving_for_work_the_window_is_shown_until_it_closes(dossier):
    episode(dossier, "bijstand", date(2022, 1, 1), date(2023, 6, 30), BenefitEpisode.EndReason.WORK)
    episodes = list(dossier.benefit_episodes.all())
    pending = services.reuse_hint(episodes, date(2024, 1, 1))
    assert pending and not pending.has_returned and pending.window_ends_on == date(2024, 6, 30)
    assert services.reuse_hint(episodes, date(2024, 7, 1)) is None


def test_benefit_episodes_do_not_overlap_and_need_a_reason_to_end(dossier):
    episode(dossier, "bijstand", date(2020, 1, 1))
    with pytest.raises(ValidationError, match="overlapt"):
        episode(dossier, "ioaw", date(2021, 1, 1))
    with pytest.raises(ValidationError, match="reden"):
        episode(dossier, "none", date(2019, 1, 1), date(2019, 6, 1))
    open_episode = dossier.benefit_episodes.get()
    services.end_benefit_episode(open_episode, ended_on=date(2020, 12, 31), end_reason="work")
    with pytest.raises(ValidationError, match="al beëindigd"):
        services.end_benefit_episode(open_episode, ended_on=date(2021, 1, 31), end_reason="other")


def test_a_contact_moment_submitted_twice_is_stored_once(dossier, case_worker):
    token = uuid4()
    for _ in range(2):
        services.add_contact_moment(
            dossier,
            occurred_on=date(2024, 2, 1),
            channel="home_visit",
            summary="Kennismaking",
            actor=case_worker,
            token=token,
        )
    assert ContactMoment.objects.filter(dossier=dossier).count() == 1


def test_a_concurrent_edit_is_detected(dossier):
    plan = dossier.plan
    services.save_versioned(plan, plan.version, {"agreed_goals": "Ritme opbouwen"})
    with pytest.raises(services.ConcurrentEdit):
        services.save_versioned(
            plan, plan.version, {"agreed_goals": "Iets anders"}
        )  # stale version
    plan.refresh_from_db()
    assert plan.agreed_goals == "Ritme opbouwen" and plan.version == 2


LADDER = {
    "paid_work": "no",
    "unpaid_work": "no",
    "organised_activities": "yes",
    "social_contacts": "yes",
    "wish": "step",
    "hours": "up_to_8",
    "lasting_support": "no",
    "barriers": "no",
}


def test_ladder_assessment_stores_answers_derivation_and_suggestion(dossier, case_worker):
    ArrangementFactory(dossier=dossier, kind="daycare", started_on=date(2023, 1, 1))
    assessment = services.record_ladder_assessment(
        dossier, answers=LADDER, assessed_on=date(2024, 1, 10), assessor=case_worker
    )
    assert (assessment.current_rung, assessment.confirmed_rung, assessment.potential_rung) == (
        3,
        3,
        4,
    )
    assert assessment.suggested_rung == 3
    assert assessment.assessor == case_worker and assessment.answers["hours"] == "up_to_8"


def test_a_confirmed_rung_that_differs_needs_an_explanation(dossier, case_worker):
    with pytest.raises(ValidationError, match="Licht toe"):
        services.record_ladder_assessment(
            dossier,
            answers=LADDER,
            assessed_on=date(2024, 1, 10),
            assessor=case_worker,
            confirmed_rung=4,
        )
    assessment = services.record_ladder_assessment(
        dossier,
        answers=LADDER,
        assessed_on=date(2024, 1, 10),
        assessor=case_worker,
        confirmed_rung=4,
        deviation_note="Doet sinds kort vrijwilligerswerk in de buurttuin",
    )
    assert assessment.confirmed_rung == 4 and assessment.potential_rung >= 4


def test_health_and_self_reliance_scores_are_validated(dossier, case_worker):
    scores = {code: 7 for code, _l in services.instruments.HEALTH_DIMENSIONS}
    with pytest.raises(ValidationError, match="Zingeving"):
        services.record_health_assessment(
            dossier,
            scores={**scores, "meaningfulness": 11},
            assessed_on=date(2024, 1, 1),
            assessor=case_worker,
            filled_in="together",
        )
    health = services.record_health_assessment(
        dossier,
        scores=scores,
        assessed_on=date(2024, 1, 1),
        assessor=case_worker,
        filled_in="resident",
    )
    assert health.participation == 7
    zrm = services.record_self_reliance_assessment(
        dossier,
        scores={"finances": 2, "housing": 4},
        assessed_on=date(2024, 1, 1),
        assessor=case_worker,
    )
    assert zrm.scores == {"finances": 2, "housing": 4}


def test_timeline_lists_all_measurements_newest_first(dossier, case_worker):
    services.record_ladder_assessment(
        dossier, answers=LADDER, assessed_on=date(2023, 1, 10), assessor=case_worker
    )
    services.record_self_reliance_assessment(
        dossier, scores={"finances": 2}, assessed_on=date(2024, 1, 1), assessor=case_worker
    )
    entries = services.measurement_timeline(
        dossier.ladder_assessments.all(), [], dossier.self_reliance_assessments.all()
    )
    assert [e.kind for e in entries] == ["self_reliance", "ladder"]


def test_consent_shares_only_what_was_agreed_until_withdrawn(dossier, organisation, case_worker):
    profile = dossier.talent_profile
    profile.ambitions = "Meubelmaker worden"
    profile.hours_per_week = 12
    profile.save()
    consent = services.give_consent(
        dossier,
        organisation=organisation,
        shared=["ambitions"],
        form="written",
        given_on=date(2024, 1, 1),
        actor=case_worker,
    )
    shared = services.shared_profile(consent)
    assert shared.ambitions == "Meubelmaker worden"
    assert shared.hours_per_week is None and shared.talents is None and shared.ladder_rung is None
    assert shared.pseudonym.startswith("P-") and shared.pseudonym != dossier.resident.reference
    with pytest.raises(ValidationError, match="al een lopende toestemming"):
        services.give_consent(
            dossier,
            organisation=organisation,
            shared=["hours"],
            form="verbal",
            given_on=date(2024, 2, 1),
            actor=case_worker,
        )
    services.withdraw_consent(consent, actor=case_worker)
    consent.refresh_from_db()
    assert not consent.is_active
    again = services.give_consent(
        dossier,
        organisation=organisation,
        shared=["hours"],
        form="verbal",
        given_on=date(2024, 2, 1),
        actor=case_worker,
    )
    assert again.pseudonym != consent.pseudonym  # a new consent, a new pseudonym


def test_consent_needs_something_to_share_and_a_partner_in_the_region(dossier, other_region):
    from samen.network.models import Organisation, StakeholderGroup

    group, _ = StakeholderGroup.objects.get_or_create(name="Werkgevers (test)")
    elsewhere = Organisation.objects.create(
        region=other_region, name="Elders BV", stakeholder_group=group
    )
    with pytest.raises(ValidationError, match="ten minste één"):
        services.give_consent(
            dossier,
            organisation=elsewhere,
            shared=[],
            form="written",
            given_on=date(2024, 1, 1),
            actor=None,
        )
    with pytest.raises(ValidationError, match="regio"):
        services.give_consent(
            dossier,
            organisation=elsewhere,
            shared=["talents"],
            form="written",
            given_on=date(2024, 1, 1),
            actor=None,
        )


def test_partners_see_only_consents_of_their_organisation(
    dossier, organisation, make_user, seed_region
):
    from samen.accounts.roles import Role
    from samen.network.models import OrganisationMember

    member = make_user(Role.PARTNER, seed_region)
    stranger = make_user(Role.PARTNER, seed_region)
    OrganisationMember.objects.create(organisation=organisation, user=member)
    consent = services.give_consent(
        dossier,
        organisation=organisation,
        shared=["talents"],
        form="written",
        given_on=date(2024, 1, 1),
        actor=None,
    )
    assert list(services.shared_profiles_for(member)) == [consent]
    assert list(services.shared_profiles_for(stranger)) == []
    services.withdraw_consent(consent, actor=None)
    assert list(services.shared_profiles_for(member)) == []
