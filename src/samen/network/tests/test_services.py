"""Profile upkeep: versions, confirmation, staleness, confirmation requests, consent, endorsements."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from freezegun import freeze_time

from samen.accounts.roles import Role
from samen.network.models import ConfirmationRequest, Contact, Endorsement, Organisation
from samen.network.services import (
    ConfirmationRequestError,
    StaleProfileError,
    confirm_profile,
    endorse,
    record_consent,
    request_confirmation,
    save_profile,
    stale_profiles,
    values_with_endorsements,
)

from .factories import (
    ConfirmationRequestFactory,
    ContactFactory,
    EndorsementFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
    SharedValueFactory,
)

URL = "https://samen.example.nl/netwerk/organisaties/x/"


# --- versions -----------------------------------------------------------------------------------


def test_saving_with_the_version_read_bumps_the_version(organisation):
    organisation.offers = "Nieuw aanbod"
    save_profile(organisation, expected_version=1)
    organisation.refresh_from_db()
    assert (organisation.version, organisation.offers) == (2, "Nieuw aanbod")


def test_a_save_based_on_an_old_version_is_refused_and_writes_nothing(organisation):
    first = Organisation.objects.get(pk=organisation.pk)
    second = Organisation.objects.get(pk=organisation.pk)
    first.offers = "Eerste wijziging"
    save_profile(first, expected_version=1)
    second.offers = "Tweede wijziging, gebaseerd op versie 1"
    called = []
    with pytest.raises(StaleProfileError) as conflict:
        save_profile(second, expected_version=1, save_related=lambda: called.append(True))
    organisation.refresh_from_db()
    assert organisation.offers == "Eerste wijziging"
    assert organisation.version == 2
    assert conflict.value.current.offers == "Eerste wijziging"
    assert "intussen gewijzigd" in str(conflict.value)
    assert not called  # the related data (e.g. municipalities) is not written either


def test_confirming_does_not_change_the_version(organisation):
    confirm_profile(organisation)
    organisation.refresh_from_db()
    assert organisation.version == 1


# --- staleness ----------------------------------------------------------------------------------


@freeze_time("2026-06-01 12:00")
def test_a_profile_is_stale_after_365_days_or_when_never_confirmed(organisation):
    now = timezone.now()
    organisation.confirmed_at = now - timedelta(days=365) + timedelta(seconds=1)
    assert not organisation.is_stale()
    organisation.confirmed_at = now - timedelta(days=365, seconds=1)
    assert organisation.is_stale()
    organisation.confirmed_at = None
    assert organisation.is_stale()


@freeze_time("2026-06-01 12:00")
def test_the_worklist_lists_stale_profiles_never_confirmed_first(
    seed_region, other_region, make_user
):
    now = timezone.now()
    OrganisationFactory(region=seed_region, name="Actueel", confirmed_at=now - timedelta(days=30))
    OrganisationFactory(region=seed_region, name="Oud", confirmed_at=now - timedelta(days=400))
    OrganisationFactory(region=seed_region, name="Ouder", confirmed_at=now - timedelta(days=800))
    OrganisationFactory(region=seed_region, name="Nooit", confirmed_at=None)
    OrganisationFactory(region=other_region, name="Elders", confirmed_at=None)
    facilitator = make_user(Role.FACILITATOR, seed_region)
    assert [o.name for o in stale_profiles(facilitator)] == ["Nooit", "Ouder", "Oud"]


def test_the_worklist_shows_the_latest_request(organisation, make_user, seed_region):
    organisation.confirmed_at = None
    organisation.save()
    facilitator = make_user(Role.FACILITATOR, seed_region, full_name="Anne Aanjager")
    ConfirmationRequestFactory(
        organisation=organisation,
        requested_on=date(2025, 1, 1),
        requested_at=timezone.now() - timedelta(days=300),
    )
    ConfirmationRequestFactory(organisation=organisation, requested_by=facilitator)
    [row] = stale_profiles(facilitator)
    assert row.last_requested_by == "Anne Aanjager"
    assert row.last_requested_on == timezone.localdate()


def test_partners_have_no_worklist(organisation, make_user, seed_region):
    organisation.confirmed_at = None
    organisation.save()
    assert not stale_profiles(make_user(Role.PARTNER, seed_region)).exists()


# --- asking owners to confirm -------------------------------------------------------------------


@pytest.fixture
def facilitator(make_user, seed_region):
    return make_user(Role.FACILITATOR, seed_region)


def test_a_request_mails_the_owners_and_is_recorded(organisation, owner, facilitator):
    request, created = request_confirmation(organisation, requested_by=facilitator, profile_url=URL)
    assert created
    assert request.requested_by == facilitator
    assert request.requested_on == timezone.localdate()
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert organisation.name in message.subject
    assert URL in message.body


def test_a_second_request_on_the_same_day_sends_nothing(
    organisation, owner, facilitator, make_user, seed_region
):
    first, _ = request_confirmation(organisation, requested_by=facilitator, profile_url=URL)
    colleague = make_user(Role.FACILITATOR, seed_region)
    again, created = request_confirmation(organisation, requested_by=colleague, profile_url=URL)
    assert not created
    assert again == first and again.requested_by == facilitator
    assert len(mail.outbox) == 1
    assert ConfirmationRequest.objects.count() == 1


def test_the_next_day_a_new_request_can_be_sent(organisation, owner, facilitator):
    with freeze_time("2026-03-02 09:00"):
        request_confirmation(organisation, requested_by=facilitator, profile_url=URL)
    with freeze_time("2026-03-03 09:00"):
        _, created = request_confirmation(organisation, requested_by=facilitator, profile_url=URL)
    assert created
    assert len(mail.outbox) == 2
    assert ConfirmationRequest.objects.count() == 2


def test_the_day_is_the_dutch_day(organisation, owner, facilitator):
    # 23:30 UTC on 2 March is already 3 March in Amsterdam; 00:30 local is the same Dutch day.
    with freeze_time("2026-03-02 23:30"):
        first, _ = request_confirmation(organisation, requested_by=facilitator, profile_url=URL)
    with freeze_time("2026-03-03 10:00"):
        _, created = request_confirmation(organisation, requested_by=facilitator, profile_url=URL)
    assert first.requested_on == date(2026, 3, 3)
    assert not created


def test_the_database_refuses_two_requests_on_one_day(organisation, facilitator):
    ConfirmationRequestFactory(organisation=organisation, requested_on=date(2026, 3, 3))
    with pytest.raises(IntegrityError), transaction.atomic():
        ConfirmationRequestFactory(organisation=organisation, requested_on=date(2026, 3, 3))


def test_without_owners_the_general_address_is_used(organisation, facilitator):
    organisation.email = "info@heuvelrand.example.nl"
    organisation.save()
    request, _ = request_confirmation(organisation, requested_by=facilitator, profile_url=URL)
    assert mail.outbox[0].to == ["info@heuvelrand.example.nl"]
    assert request.sent_to == "info@heuvelrand.example.nl"


def test_members_who_do_not_own_the_profile_are_not_mailed(organisation, owner, facilitator):
    OrganisationMemberFactory(organisation=organisation, is_owner=False)
    request_confirmation(organisation, requested_by=facilitator, profile_url=URL)
    assert mail.outbox[0].to == [owner.email]


def test_nobody_to_mail_is_a_clear_error_and_records_nothing(organisation, facilitator):
    organisation.email = ""
    organisation.save()
    with pytest.raises(ConfirmationRequestError, match="geen beheerder"):
        request_confirmation(organisation, requested_by=facilitator, profile_url=URL)
    assert not ConfirmationRequest.objects.exists()


def test_a_failing_mail_records_no_request(organisation, owner, facilitator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with pytest.raises(OSError):
        request_confirmation(organisation, requested_by=facilitator, profile_url=URL)
    assert not ConfirmationRequest.objects.exists()


# --- consent ------------------------------------------------------------------------------------


def test_only_contacts_with_consent_are_shown(organisation):
    shown = ContactFactory(organisation=organisation, name="Met toestemming")
    ContactFactory(organisation=organisation, name="Zonder", consent_given_at=None)
    ContactFactory(
        organisation=organisation, name="Ingetrokken", consent_withdrawn_at=timezone.now()
    )
    assert list(Contact.objects.shown()) == [shown]


def test_consent_can_be_withdrawn_and_given_again(organisation):
    contact = ContactFactory(organisation=organisation)
    record_consent(contact, given=False)
    contact.save()
    assert not contact.has_consent and contact.consent_withdrawn_at
    assert not Contact.objects.shown().exists()
    record_consent(contact, given=True)
    contact.save()
    assert contact.has_consent and contact.consent_withdrawn_at is None


def test_recording_consent_again_keeps_the_original_date(organisation):
    contact = ContactFactory(organisation=organisation)
    given_at = contact.consent_given_at
    record_consent(contact, given=True, now=given_at + timedelta(days=10))
    assert contact.consent_given_at == given_at


# --- endorsements -------------------------------------------------------------------------------


def test_endorsing_twice_keeps_the_first_signature(organisation, seed_region):
    value = SharedValueFactory(region=seed_region, number=2)
    first, created = endorse(organisation, value, signed_by="A", endorsed_on=date(2019, 1, 1))
    again, created_again = endorse(organisation, value, signed_by="B", endorsed_on=date(2020, 1, 1))
    assert created and not created_again
    assert again == first and again.signed_by == "A"
    assert Endorsement.objects.count() == 1


def test_a_value_of_another_region_cannot_be_endorsed(organisation, other_region):
    value = SharedValueFactory(region=other_region, number=1)
    with pytest.raises(ValidationError, match="andere regio"):
        endorse(organisation, value, signed_by="A", endorsed_on=date(2019, 1, 1))


def test_an_endorsement_cannot_be_dated_in_the_future(organisation, seed_region):
    value = SharedValueFactory(region=seed_region, number=1)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="toekomst"):
        endorse(organisation, value, signed_by="A", endorsed_on=tomorrow)


def test_values_carry_their_endorsement_count_and_the_first_organisations(
    seed_region, make_user, django_assert_max_num_queries
):
    value = SharedValueFactory(region=seed_region, number=1)
    SharedValueFactory(region=seed_region, number=2)
    for index in range(5):
        EndorsementFactory(
            organisation=OrganisationFactory(region=seed_region, name=f"Org {index}"), value=value
        )
    partner = make_user(Role.PARTNER, seed_region)
    with django_assert_max_num_queries(3):
        values = list(values_with_endorsements(partner, limit=3))
    assert [(v.number, v.endorsement_count) for v in values] == [(1, 5), (2, 0)]
    assert [e.organisation.name for e in values[0].shown_endorsements] == [
        "Org 0",
        "Org 1",
        "Org 2",
    ]
