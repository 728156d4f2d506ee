"""Decision milestones: the calendar, one milestone with its documents, and the worklist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView, View

from samen.accounts.permissions import scope_queryset

from .. import exports, milestones
from ..forms import MilestoneDocumentForm, MilestoneForm
from ..models import CouncilLetter, Milestone
from ..rules import letters_visible_to
from ..services import ConcurrentEdit, save_versioned
from ..tables import TEXT, Column, Table
from .base import RegionScopedMixin, ScopedObjectMixin, regions_for


def milestones_of(user, region):
    queryset = (
        Milestone.objects.filter(region=region)
        .select_related("municipality")
        .annotate(document_count=Count("documents"))
    )
    return scope_queryset(user, queryset, "reporting.view_milestone")


def calendar_table(rows, title) -> Table:
    columns = [
        Column("what", _("Wat")),
        Column("when", _("Wanneer")),
        Column("due_on", _("Uiterlijk")),
        Column("who", _("Wie")),
        Column("municipality", _("Gemeente")),
        Column("status", _("Status"), TEXT),
    ]
    return Table(
        key="besluitvorming",
        title=title,
        columns=columns,
        rows=[
            [
                row.milestone.title,
                row.when,
                row.milestone.due_on.isoformat(),
                ", ".join(step.label for step in row.steps),
                row.milestone.municipality.name if row.milestone.municipality else _("alle"),
                row.status_label,
            ]
            for row in rows
        ],
    )


class MilestoneCalendarView(RegionScopedMixin, TemplateView):
    permission_required = "reporting.view_milestone"
    template_name = "reporting/milestones.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        rows = milestones.calendar_rows(milestones_of(request.user, self.region), today)
        wanted = request.GET.get("status")
        if wanted in milestones.STATUS_LABELS:
            rows = [row for row in rows if row.status == wanted]
        title = _("Besluitvormingsmomenten %(region)s") % {"region": self.region.name}
        download = exports.download([calendar_table(rows, title)], title, request.GET.get("format"))
        if download:
            return download
        years = {}
        for row in rows:
            years.setdefault(row.milestone.due_on.year, []).append(row)
        return self.render_to_response(
            self.get_context_data(
                years=sorted(years.items()),
                today=today,
                statuses=list(milestones.STATUS_LABELS.items()),
                wanted=wanted,
                overdue_count=sum(row.status == milestones.OVERDUE for row in rows),
                can_edit=request.user.has_perm("reporting.add_milestone", self.region),
            )
        )


class MilestoneDetailView(ScopedObjectMixin, DetailView):
    model = Milestone
    permission_required = "reporting.view_milestone"
    template_name = "reporting/milestone_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "municipality")

    def get_context_data(self, **kwargs):
        milestone = self.object
        row = milestones.calendar_rows([milestone])[0]
        can_edit = self.request.user.has_perm("reporting.change_milestone", milestone)
        return super().get_context_data(
            row=row,
            documents=list(milestone.documents.all()),
            can_edit=can_edit,
            document_form=MilestoneDocumentForm() if can_edit else None,
            **kwargs,
        )


class MilestoneFormView(RegionScopedMixin, FormView):
    form_class = MilestoneForm
    template_name = "reporting/milestone_form.html"

    @property
    def permission_required(self):
        return "reporting.change_milestone" if "uuid" in self.kwargs else "reporting.add_milestone"

    def get_object(self):
        if "uuid" not in self.kwargs:
            return None
        return get_object_or_404(
            milestones_of(self.request.user, self.region), uuid=self.kwargs["uuid"]
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(region=self.region, instance=self.get_object())
        return kwargs

    def form_valid(self, form):
        milestone = form.instance
        token = form.cleaned_data.get("submission_token")
        if milestone.pk is None and token:
            existing = Milestone.objects.filter(submission_token=token, region=self.region).first()
            if existing:  # a double submit: the first one was saved
                return redirect("reporting:milestone-detail", uuid=existing.uuid)
            milestone.submission_token = token
        try:
            save_versioned(milestone, form.cleaned_data.get("expected_version"))
        except ConcurrentEdit as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Het besluitvormingsmoment is opgeslagen."))
        return redirect("reporting:milestone-detail", uuid=milestone.uuid)


class MilestoneDocumentAddView(ScopedObjectMixin, View):
    """Link a document (proposal, decision, letter) to a milestone."""

    permission_required = "reporting.change_milestone"
    http_method_names = ["post"]

    def post(self, request, uuid):
        queryset = scope_queryset(request.user, Milestone.objects.all(), self.permission_required)
        milestone = get_object_or_404(queryset, uuid=uuid)
        form = MilestoneDocumentForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
            return redirect("reporting:milestone-detail", uuid=milestone.uuid)
        document = form.save(commit=False)
        document.milestone = milestone
        document.submission_token = form.cleaned_data.get("submission_token")
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:
            pass  # the same form submitted twice: the first document stands
        else:
            messages.success(request, _("Het document is gekoppeld."))
        return redirect("reporting:milestone-detail", uuid=milestone.uuid)


class WorklistView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The controller's worklist: overdue milestones and letters still in draft."""

    permission_required = "reporting.view_worklist"
    template_name = "reporting/worklist.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        regions = regions_for(user, "reporting.view_worklist")
        scoped = scope_queryset(
            user,
            Milestone.objects.filter(region__in=regions).select_related("region", "municipality"),
            "reporting.view_milestone",
        )
        overdue = milestones.calendar_rows(milestones.overdue(scoped, today), today)
        coming = milestones.calendar_rows(milestones.upcoming(scoped, today, months=2), today)
        drafts = letters_visible_to(
            user,
            scope_queryset(
                user,
                CouncilLetter.objects.filter(status=CouncilLetter.Status.DRAFT).select_related(
                    "region", "municipality"
                ),
                "reporting.change_councilletter",
            ),
        )
        return super().get_context_data(
            today=today,
            overdue=overdue,
            coming=[row for row in coming if row.status != milestones.OVERDUE],
            drafts=list(drafts.order_by("period_start")),
            **kwargs,
        )
