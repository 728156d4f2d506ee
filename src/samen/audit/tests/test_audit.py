"""The two trails: changes (django-auditlog) and reads of personal data (AccessLog)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory

from samen.accounts.roles import Role
from samen.audit.models import AccessLog
from samen.audit.services import log_access
from samen.conftest import login_verified
from samen.regions.models import Municipality


def test_admin_change_is_in_the_trail_with_actor_before_and_after(client, make_user, seed_region):
    admin_user = make_user(Role.ADMIN, seed_region)
    login_verified(client, admin_user)
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    response = client.post(
        f"/beheer/regions/municipality/{weert.pk}/change/",
        {
            "region": seed_region.pk,
            "cbs_code": "GM0988",
            "name": "Gemeente Weert",
            "population_figures-TOTAL_FORMS": "0",
            "population_figures-INITIAL_FORMS": "0",
            "policy_settings-TOTAL_FORMS": "0",
            "policy_settings-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = LogEntry.objects.get_for_object(weert).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == admin_user
    assert entry.changes_dict["name"] == ["Weert", "Gemeente Weert"]


def test_trail_is_browsable_by_the_administrator_only(client, make_user, seed_region):
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    weert.name = "Weert (gewijzigd)"
    weert.save()
    login_verified(client, make_user(Role.ADMIN, seed_region))
    assert "Weert (gewijzigd)" in client.get("/beheer/auditlog/logentry/").content.decode()


def test_access_log_records_who_read_whose_data(make_user, seed_region):
    reader = make_user(Role.CASE_WORKER, seed_region.municipalities.first())
    request = RequestFactory().get("/dossiers/abc/", REMOTE_ADDR="10.0.0.7")
    request.user = reader
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    entry = log_access(
        request,
        weert,
        subject_reference="R-000042",
        purpose="uitvoering Participatiewet",
        municipality=weert,
    )
    assert entry.actor == reader and entry.actor_display == str(reader)
    assert entry.content_type == ContentType.objects.get_for_model(Municipality)
    assert (entry.object_id, entry.subject_reference, entry.request_path) == (
        str(weert.pk),
        "R-000042",
        "/dossiers/abc/",
    )
    assert entry.remote_addr == "10.0.0.7"


def test_access_log_cannot_be_edited_in_the_admin(client, make_user, seed_region):
    admin_user = make_user(Role.ADMIN, seed_region)
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    entry = AccessLog.objects.create(
        actor=admin_user,
        actor_display="x",
        activity="view",
        purpose="test",
        content_type=ContentType.objects.get_for_model(Municipality),
        object_id=str(weert.pk),
        subject_reference="R-1",
        municipality=weert,
    )
    login_verified(client, admin_user)
    assert client.get("/beheer/audit/accesslog/").status_code == 200
    response = client.post(f"/beheer/audit/accesslog/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AccessLog.objects.filter(pk=entry.pk).exists()
