"""Pages of the migration module: upload an export, follow the dry run, read its report, confirm
the import, reconcile what came in, and download the report and the rejected rows.

Only administrators of the run's municipality get here (``rules.py``); someone else's run is a 404.
"""

from __future__ import annotations

import io
from collections import Counter

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View

from samen.accounts.permissions import scope_queryset
from samen.audit.models import AccessLog
from samen.participation.services import log_resident_reads

from . import reports, services, tasks
from .formats import SHEET_ORDER, SHEETS
from .forms import ConfirmForm, UploadForm
from .importer import rows_done
from .models import DRY_RUN_LABELS, ImportBatch, ImportRowResult, ImportRun, Outcome

PURPOSE_MIGRATION = "gegevensmigratie: herstelbestand afgewezen rijen"
ROWS_PER_PAGE = 100
SHOWN_PROBLEMS = 50


class RunScopedMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The run from the URL, within the user's scope (others' runs are a 404)."""

    permission_required = "migration.view_importrun"

    def get_run(self) -> ImportRun:
        if not hasattr(self, "_run"):
            runs = scope_queryset(
                self.request.user,
                ImportRun.objects.select_related("municipality", "started_by", "dry_run_of"),
                "migration.view_importrun",
            )
            self._run = get_object_or_404(runs, uuid=self.kwargs["uuid"])
        return self._run


def sheet_order():
    """Sheets in import order (personen first), as an ORDER BY expression."""
    return Case(
        *(When(sheet=name, then=Value(i)) for i, name in enumerate(SHEET_ORDER)),
        default=Value(len(SHEET_ORDER)),
    )


def outcome_label(run, outcome) -> str:
    return str(DRY_RUN_LABELS[outcome] if run.dry_run else Outcome(outcome).label)


class RunListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "migration.view_importrun"
    template_name = "migration/run_list.html"
    paginate_by = 25

    def get_queryset(self):
        return scope_queryset(
            self.request.user,
            ImportRun.objects.select_related("municipality", "dry_run_of"),
            self.permission_required,
        ).order_by("-created_at")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_upload=self.request.user.has_perm("migration.add_importrun"), **kwargs
        )


class UploadView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "migration.add_importrun"
    template_name = "migration/upload.html"
    form_class = UploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        run = services.create_uploaded_run(
            data["municipality"],
            data["export"],
            user=self.request.user,
            mapping=data["mapping"],
            source_system=data["source_system"],
        )
        tasks.start(run)
        return redirect("migration:run-detail", uuid=run.uuid)


class RunDetailView(RunScopedMixin, DetailView):
    """The run: progress while it runs, then the report per sheet and the rows that need work."""

    template_name = "migration/run_detail.html"

    def get_object(self, queryset=None):
        return self.get_run()

    def get_context_data(self, **kwargs):
        run = self.object
        user = self.request.user
        problems = ImportRowResult.objects.filter(run=run).order_by(sheet_order(), "line")
        rejected = list(problems.filter(outcome=Outcome.REJECTED)[:SHOWN_PROBLEMS])
        warned = list(problems.exclude(warnings=[])[:SHOWN_PROBLEMS])
        confirmed = getattr(run, "confirmed_import", None) if run.dry_run else None
        return super().get_context_data(
            run=run,
            sheets=list(run.sheets.all()),
            rejected=rejected,
            warned=warned,
            shown_problems=SHOWN_PROBLEMS,
            rows_done=rows_done(run),
            confirmed=confirmed,
            can_confirm=(
                run.dry_run
                and run.status == ImportRun.Status.COMPLETED
                and confirmed is None
                and user.has_perm("migration.confirm_importrun", run.municipality)
            ),
            can_resume=self._can_resume(run),
            confirm_form=ConfirmForm(),
            **kwargs,
        )

    def _can_resume(self, run) -> bool:
        resumable = run.status in ImportRun.RESUMABLE or services.is_stale(run)
        perm = "migration.add_importrun" if run.dry_run else "migration.confirm_importrun"
        return (
            resumable
            and bool(run.export_file)
            and self.request.user.has_perm(perm, run.municipality)
        )


class RunStatusView(RunScopedMixin, View):
    """The HTMX fragment the run page polls; once the run is done it asks for a full reload."""

    def get(self, request, uuid):
        from django.template.loader import render_to_string

        run = self.get_run()
        html = render_to_string(
            "migration/_run_status.html",
            {"run": run, "rows_done": rows_done(run), "polling": run.is_active},
            request=request,
        )
        response = HttpResponse(html)
        if request.htmx and not run.is_active and request.GET.get("was") == "active":
            response["HX-Refresh"] = "true"
        return response


class ConfirmView(RunScopedMixin, View):
    """POST: turn a completed dry run into the import (a double submit finds the same import)."""

    def post(self, request, uuid):
        dry_run = self.get_run()
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Vink aan dat u het rapport hebt gelezen."))
            return redirect("migration:run-detail", uuid=dry_run.uuid)
        try:
            run = services.confirm_dry_run(dry_run, request.user)
        except PermissionDenied:
            raise
        except (services.NotConfirmable, services.ImportBusy) as error:
            messages.error(request, str(error))
            return redirect("migration:run-detail", uuid=dry_run.uuid)
        if run.status == ImportRun.Status.QUEUED:
            tasks.start(run)
        return redirect("migration:run-detail", uuid=run.uuid)


class ResumeView(RunScopedMixin, View):
    """POST: continue an interrupted run (an import goes on after its last committed batch)."""

    def post(self, request, uuid):
        run = self.get_run()
        perm = "migration.add_importrun" if run.dry_run else "migration.confirm_importrun"
        if not request.user.has_perm(perm, run.municipality):
            raise PermissionDenied
        if not (run.status in ImportRun.RESUMABLE or services.is_stale(run)) or not run.export_file:
            messages.error(request, _("Deze run kan niet worden hervat."))
        else:
            try:
                with transaction.atomic():
                    run.status = ImportRun.Status.QUEUED
                    run.save(update_fields=["status"])
            except IntegrityError:
                messages.error(
                    request, _("Voor deze gemeente loopt al een import; wacht tot die klaar is.")
                )
                return redirect("migration:run-detail", uuid=run.uuid)
            tasks.start(run)
        return redirect("migration:run-detail", uuid=run.uuid)


class RowsView(RunScopedMixin, DetailView):
    """Every row of one sheet with its outcome (the report in the browser), 100 per page."""

    template_name = "migration/run_rows.html"

    def get_object(self, queryset=None):
        return self.get_run()

    def get_context_data(self, **kwargs):
        run = self.object
        sheets = [s.name for s in run.sheets.all()]
        sheet = self.request.GET.get("blad") or (sheets[0] if sheets else "")
        if sheets and sheet not in sheets:
            raise Http404
        wanted = self.request.GET.get("uitkomst", "")
        if wanted and wanted not in Outcome.values:
            wanted = ""
        rows = []
        for lines, outcomes in (
            ImportBatch.objects.filter(run=run, sheet=sheet)
            .order_by("number")
            .values_list("lines", "outcomes")
        ):
            rows += [
                (line, outcome)
                for line, outcome in zip(lines, outcomes, strict=True)
                if not wanted or outcome == wanted
            ]
        page = Paginator(rows, ROWS_PER_PAGE).get_page(self.request.GET.get("pagina"))
        lines = [line for line, _outcome in page.object_list]
        details = {
            r.line: r for r in ImportRowResult.objects.filter(run=run, sheet=sheet, line__in=lines)
        }
        return super().get_context_data(
            run=run,
            sheets=sheets,
            sheet=sheet,
            wanted=wanted,
            outcomes=[(value, outcome_label(run, value)) for value in Outcome.values],
            page=page,
            rows=[
                (line, outcome, outcome_label(run, outcome), details.get(line))
                for line, outcome in page.object_list
            ],
            **kwargs,
        )


class ReconciliationView(RunScopedMixin, DetailView):
    """Per sheet what came in, the balance check, and what the run put in the dossiers."""

    template_name = "migration/run_reconciliation.html"

    def get_object(self, queryset=None):
        return self.get_run()

    def get_context_data(self, **kwargs):
        run = self.object
        trail = (
            LogEntry.objects.filter(cid=str(run.uuid))
            .values("content_type__app_label", "content_type__model", "action")
            .annotate(count=Count("id"))
            .order_by("content_type__model", "action")
        )
        from django.apps import apps

        changes = []
        for entry in trail:
            model = apps.get_model(entry["content_type__app_label"], entry["content_type__model"])
            action = {0: _("aangemaakt"), 1: _("gewijzigd"), 2: _("verwijderd")}.get(
                entry["action"], ""
            )
            changes.append((model._meta.verbose_name_plural, action, entry["count"]))
        sheets = list(run.sheets.all())
        totals = Counter()
        for sheet in sheets:
            for name in ("rows_read", "empty_lines", "created", "updated", "unchanged", "rejected"):
                totals[name] += getattr(sheet, name)
        return super().get_context_data(
            run=run,
            sheets=sheets,
            totals=totals,
            balanced=all(sheet.balanced for sheet in sheets),
            changes=changes,
            missing=[name for name in SHEET_ORDER if name not in {s.name for s in sheets}],
            **kwargs,
        )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _base_name(run) -> str:
    kind = "proefimport" if run.dry_run else "import"
    return slugify(f"{kind}-{run.municipality.cbs_code}-{run.created_at:%Y%m%d-%H%M}")


class ReportDownloadView(RunScopedMixin, View):
    def get(self, request, uuid):
        run = self.get_run()
        return _download(
            reports.row_report_bytes(run),
            f"{_base_name(run)}-rapport.csv",
            "text/csv; charset=utf-8",
        )


class RejectedDownloadView(RunScopedMixin, View):
    """The rejected rows as a re-importable ZIP; adding residents' current data is a logged read."""

    def get(self, request, uuid):
        run = self.get_run()
        stream = io.BytesIO()
        added = reports.write_rejected_zip(run, stream)
        log_resident_reads(
            request, added, purpose=PURPOSE_MIGRATION, activity=AccessLog.Activity.EXPORT
        )
        return _download(stream.getvalue(), f"{_base_name(run)}-afgewezen.zip", "application/zip")


class RejectedSheetDownloadView(RunScopedMixin, View):
    def get(self, request, uuid, sheet):
        run = self.get_run()
        if sheet not in SHEETS:
            raise Http404
        return _download(
            reports.rejected_sheet_csv(run, sheet),
            f"{_base_name(run)}-afgewezen-{sheet}.csv",
            "text/csv; charset=utf-8",
        )


def run_url(run) -> str:
    return reverse("migration:run-detail", kwargs={"uuid": run.uuid})
