"""The pages: upload, dry-run report, confirm, reconciliation, rows and downloads; who sees what."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samen.accounts.roles import Role
from samen.audit.models import AccessLog
from samen.migration.models import ImportRun
from samen.participation.models import Resident

from .conftest import EXAMPLES
from .factories import ImportRunFactory, with_results
from .hostile import BSNS, person, write_zip


def example_zip(tmp_path):
    folder = EXAMPLES / "laborijn-export"
    path = tmp_path / "laborijn.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in folder.iterdir():
            archive.write(file, file.name)
    return path


@pytest.fixture
def admin_client(client, admin):
    from samen.conftest import login_verified

    return login_verified(client, admin)


def upload(client, path, gm1509, **extra):
    data = {
        "municipality": gm1509.pk,
        "export": SimpleUploadedFile(path.name, path.read_bytes()),
        "source_system": "Laborijn",
        **extra,
    }
    return client.post(reverse("migration:upload"), data)


class TestUploadToReconciliation:
    def test_the_whole_flow(self, admin_client, gm1509, tmp_path, case_worker):
        response = upload(admin_client, example_zip(tmp_path), gm1509)
        dry = ImportRun.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("migration:run-detail", kwargs={"uuid": dry.uuid})
        assert (dry.dry_run, dry.status, dry.started_by.email) == (
            True,
            "completed",
            "beheerder@example.nl",
        )
        assert not Resident.objects.exists()

        page = admin_client.get(response["Location"])
        html = page.content.decode()
        assert "Proefimport laborijn.zip" in html
        assert 'data-sheet="personen"' in html
        assert "onbekende voorziening &#x27;dagbest.&#x27;" in html
        assert "BSN 123456780 voldoet niet aan de 11-proef" in html
        assert "Importeren in de dossiers" in html

        confirm = reverse("migration:run-confirm", kwargs={"uuid": dry.uuid})
        refused = admin_client.post(confirm, {})
        assert refused.status_code == 302 and ImportRun.objects.count() == 1
        response = admin_client.post(confirm, {"understood": "on"})
        real = ImportRun.objects.get(dry_run=False)
        assert response["Location"] == reverse("migration:run-detail", kwargs={"uuid": real.uuid})
        assert real.status == "completed" and Resident.objects.count() == 8
        admin_client.post(confirm, {"understood": "on"})  # a double submit
        assert ImportRun.objects.filter(dry_run=False).count() == 1

        dry_page = admin_client.get(reverse("migration:run-detail", kwargs={"uuid": dry.uuid}))
        assert "Importeren in de dossiers" not in dry_page.content.decode()
        reconciliation = admin_client.get(
            reverse("migration:run-reconciliation", kwargs={"uuid": real.uuid})
        )
        html = reconciliation.content.decode()
        assert "Sluitend: alle 40 rijen zijn verantwoord." in html
        assert "inwoners" in html and 'id="trail-table"' in html

    def test_the_status_fragment_polls_while_running_and_reloads_when_done(
        self, admin_client, gm1509, admin
    ):
        run = ImportRunFactory(
            municipality=gm1509, status="running", rows_total=10, rows_done=4, dry_run=False
        )
        url = reverse("migration:run-status", kwargs={"uuid": run.uuid})
        fragment = admin_client.get(url, HTTP_HX_REQUEST="true")
        assert 'hx-trigger="every 1s"' in fragment.content.decode()
        assert "4 van 10 rijen verwerkt" in fragment.content.decode()
        assert 'value="4"' in fragment.content.decode()
        ImportRun.objects.filter(pk=run.pk).update(status="completed", rows_done=10)
        done = admin_client.get(url + "?was=active", HTTP_HX_REQUEST="true")
        assert done["HX-Refresh"] == "true"
        assert "hx-trigger" not in done.content.decode()

    def test_a_dry_run_shows_progress_from_the_cache(self, admin_client, gm1509):
        from django.core.cache import cache

        from samen.migration.importer import progress_key

        run = ImportRunFactory(municipality=gm1509, status="running", rows_total=10, rows_done=0)
        cache.set(progress_key(run), 7)
        fragment = admin_client.get(reverse("migration:run-status", kwargs={"uuid": run.uuid}))
        assert "7 van 10 rijen verwerkt" in fragment.content.decode()

    def test_an_unreadable_export_shows_the_reason(self, admin_client, gm1509, tmp_path):
        path = write_zip(
            tmp_path / "export.zip", {"uitkeringen": [{"bsn": BSNS[0], "soort": "bijstand"}]}
        )
        upload(admin_client, path, gm1509)
        run = ImportRun.objects.get()
        assert run.status == "failed"
        page = admin_client.get(reverse("migration:run-detail", kwargs={"uuid": run.uuid}))
        assert "het blad personen ontbreekt" in page.content.decode()

    def test_html_in_the_export_is_shown_as_text(self, admin_client, gm1509, tmp_path):
        path = write_zip(
            tmp_path / "x.zip",
            {
                "personen": [
                    person(BSNS[0], achternaam="<script>alert(1)</script>", postcode="<b>x</b>")
                ]
            },
        )
        upload(admin_client, path, gm1509)
        run = ImportRun.objects.get()
        html = admin_client.get(
            reverse("migration:run-detail", kwargs={"uuid": run.uuid})
        ).content.decode()
        assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html

    def test_an_interrupted_import_can_be_resumed(self, admin_client, gm1509, tmp_path, admin):
        from samen.migration import services

        path = write_zip(tmp_path / "export.zip", {"personen": [person(BSNS[0])]})
        dry = services.run_stored(
            services.create_uploaded_run(
                gm1509, SimpleUploadedFile("export.zip", path.read_bytes()), user=admin
            )
        )
        real = services.confirm_dry_run(dry, admin)
        ImportRun.objects.filter(pk=real.pk).update(status="interrupted")
        page = admin_client.get(reverse("migration:run-detail", kwargs={"uuid": real.uuid}))
        assert "Hervatten" in page.content.decode()
        admin_client.post(reverse("migration:run-resume", kwargs={"uuid": real.uuid}))
        real.refresh_from_db()
        assert real.status == "completed" and Resident.objects.count() == 1


class TestUploadChecks:
    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("export.pdf", b"%PDF-1.4", "Lever een .zip, .xlsx of .csv aan"),
            ("export.xlsx", b"not a zip at all", "Dit is geen echt .xlsx-bestand"),
            ("personen.csv", b"PK\x03\x04zip", "geen CSV-bestand"),
            ("personen.csv", b"", "leeg"),
        ],
    )
    def test_type_and_content_are_checked(self, admin_client, gm1509, name, content, message):
        response = admin_client.post(
            reverse("migration:upload"),
            {
                "municipality": gm1509.pk,
                "source_system": "x",
                "export": SimpleUploadedFile(name, content),
            },
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not ImportRun.objects.exists()

    def test_size_is_checked(self, admin_client, gm1509, monkeypatch):
        from samen.migration import forms

        monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 10)
        response = admin_client.post(
            reverse("migration:upload"),
            {
                "municipality": gm1509.pk,
                "source_system": "x",
                "export": SimpleUploadedFile("personen.csv", b"bsn;voornamen\n1;2\n"),
            },
        )
        assert "hoogstens" in response.content.decode()

    def test_only_own_municipalities_can_be_chosen(self, admin_client, gm1509, seed_region):
        weert = seed_region.municipalities.get(cbs_code="GM0988")
        response = admin_client.post(
            reverse("migration:upload"),
            {
                "municipality": weert.pk,
                "source_system": "x",
                "export": SimpleUploadedFile("personen.csv", b"bsn\n1\n"),
            },
        )
        assert "Selecteer een geldige keuze" in response.content.decode()
        assert not ImportRun.objects.exists()

    def test_a_single_csv_named_after_its_sheet(self, admin_client, gm1509, tmp_path):
        from .hostile import csv_text

        path = tmp_path / "personen.csv"
        path.write_text(csv_text([person(BSNS[0])]), encoding="cp1252")
        upload(admin_client, path, gm1509)
        assert ImportRun.objects.get().sheets.get().created == 1

    def test_with_a_mapping_file(self, admin_client, gm1509, tmp_path):
        folder = EXAMPLES / "andere-koppen"
        path = tmp_path / "andere.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for file in folder.iterdir():
                archive.write(file, file.name)
        mapping = EXAMPLES / "mapping-voorbeeld.csv"
        upload(
            admin_client,
            path,
            gm1509,
            mapping=SimpleUploadedFile("mapping.csv", mapping.read_bytes()),
        )
        run = ImportRun.objects.get()
        assert run.mapping_name == "mapping.csv"
        assert {s.name: s.created for s in run.sheets.all()} == {"personen": 1, "voorzieningen": 2}


class TestReportsInTheBrowser:
    @pytest.fixture
    def imported(self, admin_client, gm1509, tmp_path, case_worker):
        upload(admin_client, example_zip(tmp_path), gm1509)
        return ImportRun.objects.get()

    def test_every_row_of_a_sheet_with_its_outcome(self, admin_client, imported):
        url = reverse("migration:run-rows", kwargs={"uuid": imported.uuid})
        html = admin_client.get(url + "?blad=voorzieningen").content.decode()
        assert html.count('data-outcome="') == 8
        assert "zou worden aangemaakt" in html and "Let op:" in html
        rejected = admin_client.get(url + "?blad=personen&uitkomst=r").content.decode()
        assert rejected.count('data-outcome="r"') == 6 and 'data-outcome="c"' not in rejected
        assert admin_client.get(url + "?blad=nonsense").status_code == 404

    def test_downloads(self, admin_client, imported):
        report = admin_client.get(reverse("migration:run-report", kwargs={"uuid": imported.uuid}))
        assert report["Content-Type"].startswith("text/csv")
        assert report.content.decode("utf-8-sig").count("\r\n") == 41
        sheet = admin_client.get(
            reverse(
                "migration:run-rejected-sheet",
                kwargs={"uuid": imported.uuid, "sheet": "uitkeringen"},
            )
        )
        assert "onbekende uitkering 'WW'" in sheet.content.decode("utf-8-sig")
        assert (
            admin_client.get(
                reverse(
                    "migration:run-rejected-sheet", kwargs={"uuid": imported.uuid, "sheet": "x"}
                )
            ).status_code
            == 404
        )

    def test_the_rejected_zip_logs_the_residents_it_adds(self, admin_client, imported, admin):
        response = admin_client.post(
            reverse("migration:run-confirm", kwargs={"uuid": imported.uuid}), {"understood": "on"}
        )
        real = ImportRun.objects.get(dry_run=False)
        zipped = admin_client.get(reverse("migration:run-rejected", kwargs={"uuid": real.uuid}))
        assert response.status_code == 302 and zipped["Content-Type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
        assert "personen.csv" in names
        logged = AccessLog.objects.filter(actor=admin, activity=AccessLog.Activity.EXPORT)
        assert logged.count() == 4
        assert set(logged.values_list("purpose", flat=True)) == {
            "gegevensmigratie: herstelbestand afgewezen rijen"
        }


class TestWhoSeesWhat:
    def test_another_municipalitys_run_is_a_404(self, client_as, seed_region, gm1509):
        run = with_results(ImportRunFactory(municipality=gm1509))
        client = client_as(Role.ADMIN, seed_region.municipalities.get(cbs_code="GM0988"))
        for name in (
            "run-detail",
            "run-rows",
            "run-reconciliation",
            "run-report",
            "run-rejected",
            "run-status",
        ):
            assert (
                client.get(reverse(f"migration:{name}", kwargs={"uuid": run.uuid})).status_code
                == 404
            ), name
        assert (
            client.post(
                reverse("migration:run-confirm", kwargs={"uuid": run.uuid}), {"understood": "on"}
            ).status_code
            == 404
        )
        assert run.uuid.hex not in client.get(
            reverse("migration:run-list")
        ).content.decode().replace("-", "")

    def test_a_region_administrator_sees_the_runs_of_its_municipalities(
        self, client_as, other_region, gm1509
    ):
        run = with_results(ImportRunFactory(municipality=gm1509))
        client = client_as(Role.ADMIN, other_region)
        assert (
            client.get(reverse("migration:run-detail", kwargs={"uuid": run.uuid})).status_code
            == 200
        )

    @pytest.mark.parametrize(
        "role", [Role.CASE_WORKER, Role.CONTROLLER, Role.DECISION_MAKER, Role.PARTNER]
    )
    def test_other_roles_are_refused(self, client_as, gm1509, role):
        run = with_results(ImportRunFactory(municipality=gm1509))
        client = client_as(role, gm1509)
        assert client.get(reverse("migration:run-list")).status_code == 403
        assert (
            client.get(reverse("migration:run-detail", kwargs={"uuid": run.uuid})).status_code
            == 403
        )
        assert client.post(reverse("migration:upload"), {}).status_code == 403

    def test_the_list_counts_its_queries(self, admin_client, gm1509, django_assert_max_num_queries):
        for _ in range(30):
            with_results(ImportRunFactory(municipality=gm1509))
        with django_assert_max_num_queries(15):
            response = admin_client.get(reverse("migration:run-list"))
        assert response.status_code == 200
        assert response.content.decode().count('href="/migratie/') >= 25

    def test_the_run_page_counts_its_queries(
        self, admin_client, gm1509, django_assert_max_num_queries
    ):
        run = with_results(ImportRunFactory(municipality=gm1509))
        with django_assert_max_num_queries(15):
            assert (
                admin_client.get(
                    reverse("migration:run-detail", kwargs={"uuid": run.uuid})
                ).status_code
                == 200
            )
