"""The BSN stays out of the change trail, error reports, URLs and str(); pages are not cached."""

from auditlog.models import LogEntry
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from samen.participation import services

from . import routes


def test_the_change_trail_never_holds_the_bsn(dossier):
    services.update_resident(dossier.resident, dossier.resident.version, {"phone": "0612345678"})
    entries = LogEntry.objects.get_for_object(dossier.resident)
    assert entries.count() == 2  # created, changed
    for entry in entries:
        assert "111222333" not in f"{entry.object_repr} {entry.changes} {entry.serialized_data}"
        assert "bsn" not in (entry.changes_dict or {})
    assert str(dossier.resident) == dossier.resident.reference


def test_search_terms_and_bsns_are_hidden_in_error_reports(cw_client, weert):
    response = cw_client.post(reverse("participation:resident-list"), {"query": "111222333"})
    hidden = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert hidden["query"] != "111222333"
    response = cw_client.post(reverse("participation:resident-create"), {"bsn": "111222333"})
    hidden = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert hidden["bsn"] != "111222333"


def test_no_page_puts_the_bsn_in_a_link_and_none_is_cached(cw_client, dossier, weert):
    for name in routes.DOSSIER_PAGES:
        response = cw_client.get(reverse(name, kwargs=routes.build_kwargs(name, weert, dossier)))
        page = response.content.decode()
        assert "111222333" not in page, name
        assert "no-store" in response["Cache-Control"], name
