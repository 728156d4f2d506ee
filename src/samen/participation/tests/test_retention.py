"""Retention: closed more than ten years ago -> listed, then destroyed with a record without
personal data; the change trail of the destroyed dossier goes too."""

import io
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from freezegun import freeze_time

from samen.participation import retention, services
from samen.participation.models import (
    Arrangement,
    ContactMoment,
    DestructionRecord,
    Dossier,
    Resident,
)

from .factories import ArrangementFactory, DossierFactory

TODAY = date(2035, 6, 15)


def closed(municipality, on, **kwargs):
    dossier = DossierFactory(municipality=municipality, **kwargs)
    dossier.opened_on = date(2015, 1, 1)
    dossier.save()
    return services.close_dossier(dossier, closed_on=on, reason="work")


def test_cutoff_is_ten_years_back():
    assert retention.cutoff(date(2035, 6, 15)) == date(2025, 6, 15)
    assert retention.cutoff(date(2036, 2, 29)) == date(2026, 2, 28)


@freeze_time(TODAY)
def test_only_dossiers_closed_more_than_ten_years_ago_are_due(weert):
    old = closed(weert, date(2025, 6, 14))
    closed(weert, date(2025, 6, 15))  # exactly ten years: not yet
    DossierFactory(municipality=weert)  # open
    assert list(retention.due_for_destruction()) == [old]


@freeze_time(TODAY)
def test_destroying_removes_everything_and_keeps_a_record_without_personal_data(weert, case_worker):
    old = closed(weert, date(2020, 1, 31), given_names="Pieter", surname="Janssen", bsn="111222333")
    ArrangementFactory(dossier=old, started_on=date(2016, 1, 4))
    services.add_contact_moment(
        old, occurred_on=date(2019, 5, 1), channel="phone", summary="Over Pieter", actor=case_worker
    )
    keep = DossierFactory(municipality=weert, surname="Blijft")
    resident_id, reference = old.resident_id, old.resident.reference
    assert LogEntry.objects.filter(object_pk=str(resident_id)).exists()

    records = retention.destroy([old, keep], performed_by="test")

    assert not Resident.objects.filter(pk=resident_id).exists()
    assert not Dossier.objects.filter(pk=old.pk).exists()
    assert not Arrangement.objects.filter(dossier_id=old.pk).exists()
    assert not ContactMoment.objects.filter(dossier_id=old.pk).exists()
    assert Dossier.objects.filter(pk=keep.pk).exists()  # open: never destroyed
    [record] = records
    assert (record.municipality, record.dossier_count, record.closed_before) == (
        weert,
        1,
        date(2025, 6, 15),
    )
    # The change trail held the old values (the name): it is purged, and the deletion itself
    # left no new entry with the resident's data.
    trail = " ".join(f"{entry.object_repr} {entry.changes}" for entry in LogEntry.objects.all())
    assert "Pieter" not in trail and "Janssen" not in trail and "111222333" not in trail
    stored = " ".join(str(v) for v in DestructionRecord.objects.values_list().get())
    assert "Pieter" not in stored and reference not in stored


@freeze_time(TODAY)
def test_the_command_counts_first_and_destroys_with_commit(weert):
    closed(weert, date(2021, 3, 1))
    out = io.StringIO()
    call_command("destroy_expired_dossiers", stdout=out)
    assert "1 dossier(s)" in out.getvalue() and Dossier.objects.count() == 1
    call_command("destroy_expired_dossiers", "--commit", stdout=out)
    assert Dossier.objects.count() == 0
    assert DestructionRecord.objects.get().dossier_count == 1


@pytest.mark.parametrize("role, status", [("admin", 200), ("case_worker", 403)])
@freeze_time(TODAY)
def test_the_destruction_list_is_for_administrators(client_as, weert, role, status):
    old = closed(weert, date(2020, 1, 31), surname="Verborgen")
    response = client_as(role, weert).get("/participatie/bewaartermijn/")
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert old.resident.reference in page and "Verborgen" not in page
