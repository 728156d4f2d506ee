"""Importing into the dossiers: dry run, import, second run, interruptions and the rules of
the participation module, on the example export and on hostile files."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from samen.accounts.roles import Role
from samen.migration import handlers, services
from samen.migration.importer import execute
from samen.migration.models import ImportBatch, ImportRowResult, ImportRun, Outcome
from samen.migration.reports import write_rejected_zip, write_row_report
from samen.participation import services as participation
from samen.participation import switching
from samen.participation.models import (
    Arrangement,
    BenefitEpisode,
    Dossier,
    LadderAssessment,
    Pillar,
    Resident,
    TargetGroupRegistration,
)

from .conftest import EXAMPLES, counts
from .hostile import BSNS, ZERO_BSN, person, write_folder, write_zip

EXAMPLE = EXAMPLES / "laborijn-export"
EXPECTED_EXAMPLE = {
    "personen": (14, 8, 0, 0, 6),
    "doelgroepregister": (2, 2, 0, 0, 0),
    "uitkeringen": (10, 6, 0, 0, 4),
    "voorzieningen": (8, 5, 0, 0, 3),
    "metingen": (6, 4, 0, 0, 2),
}


def unchanged(expected):
    return {
        name: (read, 0, 0, read - rej, rej) for name, (read, _c, _u, _n, rej) in expected.items()
    }


def reasons(run, sheet, line):
    return ImportRowResult.objects.get(run=run, sheet=sheet, line=line).reasons


def assert_balanced(run):
    for sheet in run.sheets.all():
        assert sheet.balanced, sheet.name
        assert run.summary[sheet.name]["balanced"] is True


class TestTheExampleExport:
    def test_a_dry_run_reports_everything_and_writes_nothing(self, run_export, case_worker):
        run = run_export(EXAMPLE, dry_run=True)
        assert run.status == ImportRun.Status.COMPLETED
        assert counts(run) == EXPECTED_EXAMPLE
        assert_balanced(run)
        assert not Resident.objects.exists()
        assert not LogEntry.objects.filter(cid=str(run.uuid)).exists()
        assert reasons(run, "personen", 11) == ["BSN 123456780 voldoet niet aan de 11-proef"]
        assert reasons(run, "voorzieningen", 5) == ["onbekende voorziening 'dagbest.'"]
        assert reasons(run, "uitkeringen", 5) == [
            "einddatum ligt voor startdatum (31-12-2019 < 01-02-2020)"
        ]
        sheet = run.sheets.get(name="personen")
        assert sheet.empty_lines == 2
        assert "kolom 'Opmerking' is onbekend en niet ingelezen" in sheet.notices

    def test_the_import_creates_complete_dossiers(self, run_export, case_worker, admin):
        run = run_export(EXAMPLE)
        assert counts(run) == EXPECTED_EXAMPLE
        assert_balanced(run)
        assert Resident.objects.count() == 8
        sem = Resident.objects.get(bsn=ZERO_BSN)  # delivered as 19719255
        assert (sem.house_number, sem.postal_code) == ("1 BIS", "7051 EF")
        zoe = Resident.objects.get(bsn="999990020")  # Windows-1252, Excel serial birth date
        assert (zoe.given_names, zoe.date_of_birth) == ("Zoë", date(1985, 12, 29))
        fatima = Resident.objects.get(bsn="999990032")  # whitespace everywhere
        assert (fatima.given_names, fatima.surname, fatima.street) == (
            "Fatima",
            "El Amrani",
            "Hoofdstraat",
        )
        for dossier in Dossier.objects.all():
            assert dossier.pillars.count() == 3
            assert hasattr(dossier, "plan") and hasattr(dossier, "talent_profile")
            assert dossier.created_by == admin
        anna = Dossier.objects.get(resident__bsn="999990007")
        assert set(anna.pillars.values_list("case_worker", flat=True)) == {case_worker.pk}
        assert anna.benefit_episodes.get().kind == BenefitEpisode.Kind.BIJSTAND
        assert anna.arrangements.get().provider_name == "Zorgboerderij De Linde"
        ladder = anna.ladder_assessments.get()
        assert (ladder.confirmed_rung, ladder.suggested_rung) == (3, 3)
        assert "gegevensmigratie" in ladder.deviation_note
        rene = Dossier.objects.get(resident__bsn="999990019")
        assert (
            rene.target_group_registrations.get().status
            == TargetGroupRegistration.Status.REGISTERED
        )
        job = rene.arrangements.get()
        assert (job.kind, job.hours_per_week) == (Arrangement.Kind.JOB_GUARANTEE, Decimal("24.5"))
        mehmet = Dossier.objects.get(resident__bsn="999990068").arrangements.get()
        assert mehmet.support == Arrangement.Support.WAGE_SUBSIDY
        warned = ImportRowResult.objects.get(run=run, sheet="voorzieningen", line=8)
        assert warned.outcome == Outcome.CREATED and "loonwaardebepaling" in warned.warnings[0]

    def test_the_import_is_in_the_change_trail_without_a_bsn(self, run_export, case_worker, admin):
        run = run_export(EXAMPLE)
        entries = LogEntry.objects.filter(cid=str(run.uuid))
        # 8 residents x (resident, dossier, plan, talent profile) + 2 + 6 + 5 + 4; no pillars,
        # as register_resident (which creates them in bulk) logs none either.
        assert entries.count() == 8 * 4 + 2 + 6 + 5 + 4
        assert not entries.filter(content_type__model="pillar").exists()
        assert set(entries.values_list("actor", flat=True)) == {admin.pk}
        for entry in entries.filter(content_type__model="resident"):
            assert "bsn" not in entry.changes
            assert all(bsn not in str(entry.changes) for bsn in BSNS)
        run_entries = LogEntry.objects.get_for_object(run)
        assert run_entries.filter(changes__icontains="summary").exists()
        assert run_entries.filter(changes__icontains=run.file_hash).exists()

    def test_the_trail_of_a_bulk_created_object_reads_as_auditlogs_own(
        self, run_export, case_worker
    ):
        from auditlog.diff import model_instance_diff

        from samen.migration.audit import create_changes

        run_export(EXAMPLE)
        for model in (
            Resident,
            Dossier,
            BenefitEpisode,
            Arrangement,
            LadderAssessment,
            TargetGroupRegistration,
        ):
            for obj in model.objects.all()[:3]:
                concrete = {f.name for f in model._meta.concrete_fields}
                expected = {
                    k: v for k, v in model_instance_diff(None, obj).items() if k in concrete
                }
                assert create_changes(obj) == expected, model.__name__

    def test_a_second_run_changes_nothing(self, run_export, case_worker):
        run_export(EXAMPLE)
        before = LogEntry.objects.exclude(content_type__model="importrun").count()
        again = run_export(EXAMPLE)
        assert counts(again) == unchanged(EXPECTED_EXAMPLE)
        assert_balanced(again)
        assert LogEntry.objects.exclude(content_type__model="importrun").count() == before

    def test_the_dry_run_predicts_the_import_row_by_row(self, run_export, case_worker):
        dry = run_export(EXAMPLE, dry_run=True, batch_size=3)
        real = run_export(EXAMPLE, batch_size=3)

        def outcomes(run):
            return list(
                ImportBatch.objects.filter(run=run)
                .order_by("sheet", "number")
                .values_list("sheet", "lines", "outcomes")
            )

        assert outcomes(dry) == outcomes(real)
        dry_reasons = list(
            ImportRowResult.objects.filter(run=dry).values_list(
                "sheet", "line", "reasons", "warnings"
            )
        )
        real_reasons = list(
            ImportRowResult.objects.filter(run=real).values_list(
                "sheet", "line", "reasons", "warnings"
            )
        )
        assert sorted(dry_reasons) == sorted(real_reasons)

    def test_xlsx_and_csv_import_the_same(self, run_export, case_worker, gm1509, make_user):
        from_xlsx = run_export(EXAMPLES / "laborijn-export.xlsx")
        assert counts(from_xlsx) == EXPECTED_EXAMPLE
        assert Resident.objects.filter(bsn=ZERO_BSN).exists()  # the number cell lost its zero

    def test_the_per_row_report_has_a_line_for_every_row(self, run_export, case_worker):
        run = run_export(EXAMPLE, dry_run=True)
        stream = io.StringIO()
        assert write_row_report(run, stream) == 40
        text = stream.getvalue()
        assert "personen;2;zou worden aangemaakt;;" in text
        assert "voorzieningen;5;afgewezen;onbekende voorziening 'dagbest.';" in text
        assert "999990007" not in text  # no BSNs in the report


class TestAsIfEnteredByHand:
    def test_an_imported_dossier_equals_a_registered_one(
        self, run_export, gm1509, other_region, admin, tmp_path
    ):
        from samen.regions.tests.factories import MunicipalityFactory

        by_hand = MunicipalityFactory(region=other_region, cbs_code="GM0001")
        data = {
            "given_names": "Anna",
            "surname_prefix": "",
            "surname": "Jansen",
            "date_of_birth": date(1985, 3, 12),
            "street": "Dorpsstraat",
            "house_number": "12",
            "postal_code": "7081AB",
            "city": "Gendringen",
            "phone": "",
            "email": "",
        }
        resident = participation.register_resident(by_hand, BSNS[0], data, actor=admin)
        Pillar.objects.filter(dossier=resident.dossier).update(case_worker=None)
        participation.add_benefit_episode(
            resident.dossier, kind="bijstand", started_on=date(2019, 1, 1)
        )
        switching.start_arrangement(
            switching.Draft(
                dossier=resident.dossier,
                kind="daycare",
                started_on=date(2019, 2, 1),
                provider_name="De Linde",
                hours_per_week=Decimal("12"),
            ),
            actor=admin,
        )
        folder = write_folder(
            tmp_path / "export",
            {
                "personen": [person(BSNS[0])],
                "uitkeringen": [{"bsn": BSNS[0], "soort": "bijstand", "startdatum": "01-01-2019"}],
                "voorzieningen": [
                    {
                        "bsn": BSNS[0],
                        "soort": "dagbesteding",
                        "aanbieder": "De Linde",
                        "uren_per_week": "12",
                        "startdatum": "01-02-2019",
                    }
                ],
            },
        )
        run_export(folder)
        imported = Resident.objects.get(municipality=gm1509)

        def fields(
            obj,
            skip=(
                "id",
                "uuid",
                "reference",
                "municipality",
                "resident",
                "dossier",
                "created_at",
                "updated_at",
                "created_by",
                "submission_token",
                "search_name",
            ),
        ):
            return {
                f.attname: getattr(obj, f.attname)
                for f in obj._meta.concrete_fields
                if f.name not in skip
            }

        assert fields(imported) == fields(resident)
        assert imported.search_name == resident.search_name
        for relation in ("pillars", "benefit_episodes", "arrangements"):
            mine = sorted((fields(o) for o in getattr(imported.dossier, relation).all()), key=str)
            theirs = sorted((fields(o) for o in getattr(resident.dossier, relation).all()), key=str)
            assert mine == theirs, relation
        assert fields(imported.dossier.plan) == fields(resident.dossier.plan)
        assert fields(imported.dossier.talent_profile) == fields(resident.dossier.talent_profile)
        assert fields(imported.dossier) == fields(resident.dossier)


def export(tmp_path, **sheets):
    return write_folder(tmp_path / "export", sheets)


def benefit(bsn, start, end="", reason="", kind="bijstand"):
    return {"bsn": bsn, "soort": kind, "startdatum": start, "einddatum": end, "reden_einde": reason}


def arrangement(bsn, kind, start, **extra):
    return {"bsn": bsn, "soort": kind, "startdatum": start, **extra}


class TestRowsAmongOthers:
    def test_one_bad_row_among_good_ones(self, run_export, tmp_path):
        rows = [person(bsn) for bsn in BSNS[:5]]
        rows[2] = person(BSNS[2], geboortedatum="32-01-1980")
        run = run_export(export(tmp_path, personen=rows))
        assert counts(run) == {"personen": (5, 4, 0, 0, 1)}
        assert not Resident.objects.filter(bsn=BSNS[2]).exists()
        assert reasons(run, "personen", 4) == ["geboortedatum '32-01-1980' bestaat niet"]

    def test_rows_of_a_rejected_person_say_where_the_person_went_wrong(self, run_export, tmp_path):
        folder = export(
            tmp_path,
            personen=[person(BSNS[0]), person(BSNS[1], postcode="onbekend")],
            uitkeringen=[
                benefit(BSNS[0], "01-01-2020"),
                benefit(BSNS[1], "01-01-2020"),
                benefit(BSNS[2], "01-01-2020"),
            ],
        )
        run = run_export(folder)
        assert counts(run)["uitkeringen"] == (3, 1, 0, 0, 2)
        assert "afgewezen in blad personen (rij 3)" in reasons(run, "uitkeringen", 3)[0]
        assert reasons(run, "uitkeringen", 4) == [
            "dit BSN staat niet in blad personen en is in deze gemeente niet bekend"
        ]

    def test_child_rows_attach_to_a_resident_already_in_samen(self, run_export, tmp_path):
        run_export(export(tmp_path / "a", personen=[person(BSNS[0])]))
        run = run_export(
            export(
                tmp_path / "b",
                personen=[person(BSNS[1])],
                uitkeringen=[benefit(BSNS[0], "01-01-2020")],
            )
        )
        assert counts(run)["uitkeringen"] == (1, 1, 0, 0, 0)

    def test_overlapping_benefit_periods_are_refused(self, run_export, tmp_path):
        folder = export(
            tmp_path,
            personen=[person(BSNS[0])],
            uitkeringen=[
                benefit(BSNS[0], "01-01-2019", "31-12-2020", "werk"),
                benefit(BSNS[0], "01-06-2020", kind="ioaw"),
            ],
        )
        run = run_export(folder)
        assert counts(run)["uitkeringen"] == (2, 1, 0, 0, 1)
        assert (
            "overlapt met bijstand (Participatiewet) vanaf 01-01-2019"
            in reasons(run, "uitkeringen", 3)[0]
        )

    def test_the_arrangement_rules_of_simpel_switchen_apply(self, run_export, tmp_path):
        folder = export(
            tmp_path,
            personen=[person(bsn) for bsn in BSNS[:4]],
            voorzieningen=[
                arrangement(BSNS[0], "beschut_werk", "01-01-2021"),
                arrangement(
                    BSNS[1],
                    "beschut_werk",
                    "01-01-2021",
                    uwv_advies_datum="01-12-2020",
                    uwv_advies_kenmerk="UWV-123",
                ),
                arrangement(BSNS[2], "wsw", "01-01-2018"),
                arrangement(BSNS[3], "garantiebaan", "01-01-2021"),
            ],
        )
        run = run_export(folder)
        assert counts(run)["voorzieningen"] == (4, 2, 0, 0, 2)
        assert "advies van UWV" in reasons(run, "voorzieningen", 2)[0]
        assert "Wsw" in reasons(run, "voorzieningen", 4)[0]
        garantiebaan = ImportRowResult.objects.get(run=run, sheet="voorzieningen", line=5)
        assert garantiebaan.outcome == Outcome.CREATED
        assert "doelgroepregister" in garantiebaan.warnings[0]
        sheltered = Arrangement.objects.get(kind="sheltered_work")
        assert (sheltered.uwv_advice_on, sheltered.uwv_advice_reference) == (
            date(2020, 12, 1),
            "UWV-123",
        )

    def test_an_old_wsw_employment_is_taken_over(self, run_export, tmp_path):
        folder = export(
            tmp_path,
            personen=[person(BSNS[0])],
            voorzieningen=[arrangement(BSNS[0], "wsw", "01-01-2010")],
        )
        assert counts(run_export(folder))["voorzieningen"] == (1, 1, 0, 0, 0)

    def test_an_unknown_case_worker_is_a_warning_not_a_rejection(self, run_export, tmp_path):
        run = run_export(
            export(tmp_path, personen=[person(BSNS[0], klantmanager_email="niemand@example.nl")])
        )
        result = ImportRowResult.objects.get(run=run, sheet="personen", line=2)
        assert result.outcome == Outcome.CREATED
        assert "niemand@example.nl is in Samen geen klantmanager" in result.warnings[0]
        assert set(Pillar.objects.values_list("case_worker", flat=True)) == {None}

    def test_residents_of_another_municipality_are_not_touched(
        self, run_export, tmp_path, seed_region, make_user
    ):
        weert = seed_region.municipalities.get(cbs_code="GM0988")
        weert_admin = make_user(Role.ADMIN, weert)
        run_export(
            export(tmp_path / "a", personen=[person(BSNS[0], achternaam="Weert")]),
            municipality=weert,
            user=weert_admin,
        )
        run = run_export(export(tmp_path / "b", personen=[person(BSNS[0])]))
        assert counts(run)["personen"] == (1, 1, 0, 0, 0)
        assert Resident.objects.get(municipality=weert).surname == "Weert"


class TestUpdates:
    def test_changed_rows_are_updated_through_the_services(self, run_export, tmp_path, case_worker):
        first = {
            "personen": [person(BSNS[0])],
            "doelgroepregister": [
                {"bsn": BSNS[0], "status": "niet opgenomen", "datum": "01-01-2020"}
            ],
            "uitkeringen": [benefit(BSNS[0], "01-01-2019")],
            "voorzieningen": [
                arrangement(BSNS[0], "dagbesteding", "01-02-2019", uren_per_week="12")
            ],
            "metingen": [
                {
                    "bsn": BSNS[0],
                    "instrument": "participatieladder",
                    "datum": "01-02-2019",
                    "trede_of_score": "2",
                }
            ],
        }
        run_export(export(tmp_path / "a", **first))
        resident = Resident.objects.get()
        second = {
            "personen": [
                person(BSNS[0], straat="Nieuwstraat", klantmanager_email="klantmanager@samen.demo")
            ],
            "doelgroepregister": [{"bsn": BSNS[0], "status": "opgenomen", "datum": "01-01-2020"}],
            "uitkeringen": [benefit(BSNS[0], "01-01-2019", "31-12-2021", "werk")],
            "voorzieningen": [
                arrangement(
                    BSNS[0],
                    "dagbesteding",
                    "01-02-2019",
                    uren_per_week="16",
                    einddatum="31-12-2021",
                    reden_einde="naar werk",
                )
            ],
            "metingen": [
                {
                    "bsn": BSNS[0],
                    "instrument": "participatieladder",
                    "datum": "01-02-2019",
                    "trede_of_score": "3",
                }
            ],
        }
        run = run_export(export(tmp_path / "b", **second))
        assert {name: c[2] for name, c in counts(run).items()} == dict.fromkeys(second, 1)
        resident.refresh_from_db()
        assert (resident.street, resident.version) == ("Nieuwstraat", 2)
        assert set(resident.dossier.pillars.values_list("case_worker", flat=True)) == {
            case_worker.pk
        }
        episode = BenefitEpisode.objects.get()
        assert (episode.ended_on, episode.end_reason) == (date(2021, 12, 31), "work")
        day_care = Arrangement.objects.get()
        assert (day_care.ended_on, day_care.end_reason, day_care.hours_per_week) == (
            date(2021, 12, 31),
            "naar werk",
            Decimal("16.0"),
        )
        assert LadderAssessment.objects.get().confirmed_rung == 3
        assert TargetGroupRegistration.objects.get().status == "registered"
        updates = LogEntry.objects.filter(cid=str(run.uuid), action=LogEntry.Action.UPDATE)
        assert {e.content_type.model for e in updates} >= {
            "resident",
            "pillar",
            "benefitepisode",
            "arrangement",
            "ladderassessment",
            "targetgroupregistration",
        }

    def test_a_change_that_would_overlap_is_a_rejection(self, run_export, tmp_path):
        episodes = [
            benefit(BSNS[0], "01-01-2019", "31-12-2020", "werk"),
            benefit(BSNS[0], "01-01-2021", kind="ioaw"),
        ]
        run_export(export(tmp_path / "a", personen=[person(BSNS[0])], uitkeringen=episodes))
        longer = benefit(BSNS[0], "01-01-2019", "31-12-2021", "werk")
        run = run_export(export(tmp_path / "b", personen=[person(BSNS[0])], uitkeringen=[longer]))
        assert counts(run)["uitkeringen"] == (1, 0, 0, 0, 1)
        assert "overlapt met IOAW vanaf 01-01-2021" in reasons(run, "uitkeringen", 2)[0]
        assert BenefitEpisode.objects.get(kind="bijstand").ended_on == date(2020, 12, 31)


def _fail_on_call(monkeypatch, handler_class, call_number, error):
    original = handler_class.decide
    calls = {"n": 0}

    def decide(self, valid):
        calls["n"] += 1
        if calls["n"] == call_number:
            # Write first, then fail: the batch's transaction must take the writes back.
            original(self, valid)
            raise error
        return original(self, valid)

    monkeypatch.setattr(handler_class, "decide", decide)


class TestInterruptions:
    def _export(self, tmp_path):
        return export(
            tmp_path,
            personen=[person(bsn) for bsn in BSNS[:3]],
            uitkeringen=[benefit(bsn, "01-01-2020") for bsn in BSNS[:3]],
        )

    def test_a_crash_in_the_middle_batch_keeps_earlier_batches_and_a_rerun_completes(
        self, run_export, tmp_path, monkeypatch, gm1509, admin
    ):
        folder = self._export(tmp_path)
        _fail_on_call(monkeypatch, handlers.BenefitsHandler, 2, RuntimeError("disk full"))
        with pytest.raises(RuntimeError):
            run_export(folder, batch_size=1)
        run = ImportRun.objects.get()
        assert run.status == ImportRun.Status.FAILED
        assert run.error == "Afgebroken door een fout: RuntimeError"
        assert Resident.objects.count() == 3
        assert list(BenefitEpisode.objects.values_list("dossier__resident__bsn", flat=True)) == [
            BSNS[0]
        ]
        assert ImportBatch.objects.filter(run=run, sheet="uitkeringen").count() == 1
        assert counts(run)["uitkeringen"] == (3, 1, 0, 0, 0)
        assert run.rows_done == 4

        monkeypatch.undo()
        again = services.resumable_run(gm1509, run.file_hash)
        assert again == run
        execute(again, folder)
        assert again.status == ImportRun.Status.COMPLETED
        assert counts(again) == {"personen": (3, 3, 0, 0, 0), "uitkeringen": (3, 3, 0, 0, 0)}
        assert_balanced(again)
        assert BenefitEpisode.objects.count() == 3
        assert again.rows_done == again.rows_total == 6

    def test_ctrl_c_marks_the_run_interrupted(self, run_export, tmp_path, monkeypatch):
        _fail_on_call(monkeypatch, handlers.PersonsHandler, 2, KeyboardInterrupt())
        with pytest.raises(KeyboardInterrupt):
            run_export(self._export(tmp_path), batch_size=1)
        run = ImportRun.objects.get()
        assert run.status == ImportRun.Status.INTERRUPTED
        assert Resident.objects.count() == 1
        assert services.resumable_run(run.municipality, run.file_hash) == run

    def test_a_crash_in_a_dry_run_leaves_nothing(self, run_export, tmp_path, monkeypatch):
        _fail_on_call(monkeypatch, handlers.BenefitsHandler, 2, RuntimeError("boom"))
        with pytest.raises(RuntimeError):
            run_export(self._export(tmp_path), dry_run=True, batch_size=1)
        assert not Resident.objects.exists()
        assert not ImportBatch.objects.exists()

    def test_a_batch_the_database_refuses_once_is_retried(self, run_export, tmp_path, monkeypatch):
        # E.g. two random resident references that clash, or a case worker registering the same
        # BSN at the same moment: the unique constraint refuses the batch, the retry decides anew.
        original = handlers.insert
        calls = {"n": 0}

        def insert(model, objs, **kwargs):
            if model is Resident:
                calls["n"] += 1
                if calls["n"] == 1:
                    original(model, objs[:1], **kwargs)
                    raise IntegrityError("duplicate key value violates unique constraint")
            return original(model, objs, **kwargs)

        monkeypatch.setattr(handlers, "insert", insert)
        run = run_export(export(tmp_path, personen=[person(bsn) for bsn in BSNS[:2]]))
        assert calls["n"] == 2
        assert counts(run) == {"personen": (2, 2, 0, 0, 0)}
        assert Resident.objects.count() == 2

    def test_a_stale_running_import_can_be_continued(self, run_export, tmp_path, gm1509, admin):
        from datetime import timedelta

        from django.utils import timezone

        folder = self._export(tmp_path)
        run = services.create_run(gm1509, folder, dry_run=False, user=admin)
        ImportRun.objects.filter(pk=run.pk).update(status="running", heartbeat_at=timezone.now())
        assert services.resumable_run(gm1509, run.file_hash) is None
        ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
        assert services.resumable_run(gm1509, run.file_hash) == run


class TestStructure:
    def test_an_export_without_personen_fails_with_the_reason(self, run_export, tmp_path):
        run = run_export(export(tmp_path, uitkeringen=[benefit(BSNS[0], "01-01-2020")]))
        assert run.status == ImportRun.Status.FAILED
        assert "het blad personen ontbreekt" in run.error
        assert not run.sheets.exists()

    def test_a_wrong_mapping_file_fails_with_every_mistake(self, run_export, tmp_path):
        mapping = tmp_path / "mapping.csv"
        mapping.write_text("soort;blad;van;naar\nblad;;x;mensen\nkolom;personen;a;b\n")
        run = run_export(export(tmp_path, personen=[person(BSNS[0])]), mapping=mapping)
        assert run.status == ImportRun.Status.FAILED
        assert "regel 2: blad 'mensen' bestaat niet in Samen" in run.error
        assert "regel 3: kolom 'b' bestaat niet in blad personen" in run.error

    def test_the_example_with_other_headers_and_its_mapping(self, run_export):
        run = run_export(EXAMPLES / "andere-koppen", mapping=EXAMPLES / "mapping-voorbeeld.csv")
        assert counts(run) == {"personen": (1, 1, 0, 0, 0), "voorzieningen": (2, 2, 0, 0, 0)}
        assert run.mapping_name == "mapping-voorbeeld.csv"

    def test_a_missing_required_column_rejects_every_row_and_nothing_is_lost(
        self, run_export, tmp_path
    ):
        folder = export(
            tmp_path,
            personen=[person(BSNS[0])],
            uitkeringen=[{"bsn": BSNS[0], "soort": "bijstand"}],
        )
        run = run_export(folder)
        assert counts(run)["uitkeringen"] == (1, 0, 0, 0, 1)
        assert reasons(run, "uitkeringen", 2) == [
            "verplichte kolom startdatum ontbreekt in blad uitkeringen"
        ]


class TestCorrectAndImportAgain:
    def test_rejected_rows_come_back_as_a_complete_export(self, run_export, tmp_path, case_worker):
        run = run_export(EXAMPLE)
        stream = io.BytesIO()
        added = write_rejected_zip(run, stream)
        assert {r.bsn for r in added} == {"999990032", "999990044", "999990068", ZERO_BSN}
        archive = zipfile.ZipFile(io.BytesIO(stream.getvalue()))
        files = {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}
        assert set(files) == {
            "personen.csv",
            "uitkeringen.csv",
            "voorzieningen.csv",
            "metingen.csv",
        }
        fixed = {
            name: text.replace("31-02-1990", "28-02-1990")
            .replace("dagbest.", "dagbesteding")
            .replace(";veel;", ";8;")
            for name, text in files.items()
        }
        path = tmp_path / "herstel.zip"
        with zipfile.ZipFile(path, "w") as out:
            for name, text in fixed.items():
                out.writestr(name, text.encode("utf-8-sig"))
        again = run_export(path)
        created = {name: c[1] for name, c in counts(again).items()}
        assert created == {"personen": 1, "uitkeringen": 0, "voorzieningen": 2, "metingen": 0}
        assert counts(again)["personen"][3] == 4  # the residents added to make it complete
        assert Resident.objects.filter(bsn="999990081", date_of_birth=date(1990, 2, 28)).exists()

    def test_a_formula_in_a_cell_is_escaped_and_read_back(self, run_export, tmp_path):
        run = run_export(
            export(
                tmp_path, personen=[person(BSNS[0], achternaam='=HYPERLINK("x")', postcode="0000")]
            )
        )
        stream = io.BytesIO()
        write_rejected_zip(run, stream)
        text = (
            zipfile.ZipFile(io.BytesIO(stream.getvalue())).read("personen.csv").decode("utf-8-sig")
        )
        assert "'=HYPERLINK" in text


class TestWhoMayImport:
    def test_only_an_administrator_of_the_municipality(
        self, gm1509, make_user, tmp_path, seed_region
    ):
        folder = export(tmp_path, personen=[person(BSNS[0])])
        for user in (
            make_user(Role.CASE_WORKER, gm1509),
            make_user(Role.ADMIN, seed_region.municipalities.get(cbs_code="GM0988")),
            make_user(Role.CONTROLLER, gm1509),
        ):
            with pytest.raises(PermissionDenied):
                services.create_run(gm1509, folder, dry_run=True, user=user)

    def test_one_import_at_a_time_per_municipality(self, gm1509, admin, tmp_path):
        folder = export(tmp_path, personen=[person(BSNS[0])])
        services.create_run(gm1509, folder, dry_run=False, user=admin)
        with pytest.raises(services.ImportBusy):
            services.create_run(gm1509, folder, dry_run=False, user=admin)
        services.create_run(gm1509, folder, dry_run=True, user=admin)  # a dry run may run alongside


class TestConfirm:
    def _dry_run(self, gm1509, admin, tmp_path):
        from django.core.files.uploadedfile import SimpleUploadedFile

        path = write_zip(tmp_path / "export.zip", {"personen": [person(BSNS[0])]})
        upload = SimpleUploadedFile("export.zip", path.read_bytes())
        run = services.create_uploaded_run(gm1509, upload, user=admin, source_system="Laborijn")
        return services.run_stored(run)

    def test_confirming_imports_the_same_file_once(self, gm1509, admin, tmp_path, settings):
        settings.MEDIA_ROOT = str(tmp_path / "media")
        dry = self._dry_run(gm1509, admin, tmp_path)
        assert dry.status == ImportRun.Status.COMPLETED
        real = services.confirm_dry_run(dry, admin)
        assert services.confirm_dry_run(dry, admin) == real  # a double click
        services.run_stored(real)
        assert counts(real) == {"personen": (1, 1, 0, 0, 0)}
        assert (real.file_hash, real.export_file.name) == (dry.file_hash, dry.export_file.name)

    def test_a_changed_file_or_an_unfinished_dry_run_cannot_be_confirmed(
        self, gm1509, admin, tmp_path, settings, make_user
    ):
        settings.MEDIA_ROOT = str(tmp_path / "media")
        dry = self._dry_run(gm1509, admin, tmp_path)
        with pytest.raises(PermissionDenied):
            services.confirm_dry_run(dry, make_user(Role.CASE_WORKER, gm1509))
        with open(dry.export_file.path, "ab") as stream:
            stream.write(b"x")
        with pytest.raises(services.NotConfirmable, match="veranderd"):
            services.confirm_dry_run(dry, admin)
        ImportRun.objects.filter(pk=dry.pk).update(status="running")
        dry.refresh_from_db()
        with pytest.raises(services.NotConfirmable, match="afgeronde proefimport"):
            services.confirm_dry_run(dry, admin)
