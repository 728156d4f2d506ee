"""Pages of the action lines module: lines, reports, completeness, platform meetings, initiatives.

Every object is looked up within the user's scope (others' objects are a 404); what roles cannot
express (leads, proposers) is asked from the predicates in ``rules``. Domain work is in ``services``.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from samen.accounts.permissions import scope_queryset
from samen.core.views import ScopedUrlObjectMixin
from samen.regions.models import Region

from . import rules, services
from .forms import (
    ActionLineForm,
    CommitmentForm,
    ConvertForm,
    CriteriaForm,
    FollowUpForm,
    InitiativeDecisionForm,
    InitiativeForm,
    LeadForm,
    LineFilterForm,
    MeetingDecisionForm,
    MeetingForm,
    MeetingRecordForm,
    MunicipalityRolesForm,
    NewActionLineForm,
    ReportForm,
    StatusChangeForm,
)
from .models import (
    ActionLine,
    ActionLineLead,
    Commitment,
    Follow,
    FollowUp,
    Initiative,
    Meeting,
    Notification,
    ProgressReport,
)
from .workflow import INITIATIVE_TRANSITIONS, LINE_TRANSITIONS, TransitionNotAllowed, available

PAGE_SIZE = 50
WORKLIST_PREVIEW = 10


def link_base(request) -> str:
    """Scheme and host for links in notification e-mails."""
    return request.build_absolute_uri("/")[:-1]


class Guarded(LoginRequiredMixin, PermissionRequiredMixin):
    """Logged in and holding ``permission_required`` somewhere; objects come from ``scoped``."""

    def scoped(self, queryset, perm=None):
        return scope_queryset(self.request.user, queryset, perm or self.permission_required)

    def regions(self, perm=None):
        return self.scoped(Region.objects.order_by("name"), perm)


class ServiceFormMixin:
    """Runs ``perform(form)``; a ``ServiceError`` becomes a form error and the input stays."""

    success_message = ""

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except services.ServiceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url(result))

    def get_success_url(self, result=None):
        return result.get_absolute_url() if hasattr(result, "get_absolute_url") else "/"


# --- Action lines -------------------------------------------------------------------------------


def _latest_light():
    newest = (
        ProgressReport.objects.filter(
            action_line=OuterRef("pk"),
            kind=ProgressReport.Kind.HALF_YEARLY,
            current_version__isnull=False,
        )
        .order_by("-period_end", "-first_submitted_at")
        .values("current_version__traffic_light")[:1]
    )
    return Subquery(newest)


class LineListView(Guarded, ListView):
    permission_required = "actionlines.view_actionline"
    template_name = "actionlines/line_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "lines"

    def get_queryset(self):
        self.filter_form = LineFilterForm(self.request.GET or None, regions=self.regions())
        lines = self.scoped(ActionLine.objects.all())
        if self.filter_form.is_bound and self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["status"]:
                lines = lines.filter(status=data["status"])
            if data["value"]:
                lines = lines.filter(values=data["value"])
            if data["municipality"]:
                lines = lines.filter(municipality_roles__municipality=data["municipality"])
            if data["mine"]:
                lines = lines.filter(lead_links__user=self.request.user)
        return (
            lines.select_related("region")
            .annotate(
                latest_light=_latest_light(), partner_count=Count("commitments", distinct=True)
            )
            .prefetch_related(
                "values",
                Prefetch(
                    "lead_links",
                    queryset=ActionLineLead.objects.select_related("user", "organisation"),
                ),
            )
            .order_by("title")
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            filter_form=self.filter_form,
            can_add=user.has_perm("actionlines.add_actionline"),
            can_check=user.has_perm("actionlines.view_completeness"),
            **kwargs,
        )


class LineCreateView(Guarded, ServiceFormMixin, FormView):
    permission_required = "actionlines.add_actionline"
    template_name = "actionlines/line_form.html"
    success_message = ""

    def get_form(self, form_class=None):
        regions = self.regions()
        if not regions.exists():
            raise PermissionDenied
        return NewActionLineForm(**self.get_form_kwargs(), regions=regions)

    def perform(self, form):
        data = form.cleaned_data
        line = services.create_line(
            region=form.chosen_region(),
            title=data["title"],
            aim=data["aim"],
            start_date=data["start_date"],
            values=data["values"],
            by=self.request.user,
        )
        messages.success(
            self.request, _("De actielijn is aangemaakt. Wijs nu trekkers, partners en rollen toe.")
        )
        return line

    def get_success_url(self, result=None):
        return reverse("actionlines:line-detail", args=[result.uuid])


class LineMixin(ScopedUrlObjectMixin):
    """Views on one line, found by uuid within the scope of ``permission_required``."""

    scoped_model = ActionLine
    scoped_select_related = ("region",)
    scoped_context_name = "line"
    detail_route = "actionlines:line-detail"


class LineDetailView(LineMixin, TemplateView):
    permission_required = "actionlines.view_actionline"
    template_name = "actionlines/line_detail.html"

    def get_context_data(self, **kwargs):
        line = self.get_scoped_object()
        user = self.request.user
        municipalities = list(line.region.municipalities.order_by("name"))
        roles = {r.municipality_id: r for r in line.municipality_roles.all()}
        reports = (
            rules.reports_visible_to(user, line.reports.all())
            .select_related("current_version")
            .annotate(version_count=Count("versions"))
            .order_by("-period_end", "-created_at")
        )
        return super().get_context_data(
            values=line.values.all(),
            leads=line.lead_links.select_related("user", "organisation").order_by(
                "user__full_name"
            ),
            commitments=line.commitments.select_related("organisation__stakeholder_group").order_by(
                "organisation__name"
            ),
            role_rows=[(m, roles.get(m.pk)) for m in municipalities],
            changes=line.status_changes.select_related("changed_by"),
            reports=reports,
            initiatives=line.initiatives.all(),
            is_following=Follow.objects.filter(action_line=line, user=user).exists(),
            follower_count=line.follows.count(),
            can_report=rules.may_report_on(user, line),
            can_manage=rules.may_manage_line(user, line),
            transitions=available(LINE_TRANSITIONS, line),
            **kwargs,
        )


class LineUpdateView(LineMixin, ServiceFormMixin, FormView):
    permission_required = "actionlines.change_actionline"
    template_name = "actionlines/line_form.html"
    success_message = ""

    def get_form(self, form_class=None):
        line = self.get_scoped_object()
        initial = {
            "title": line.title,
            "aim": line.aim,
            "start_date": line.start_date,
            "values": list(line.values.all()),
        }
        return ActionLineForm(**self.get_form_kwargs(), region=line.region, initial=initial)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("initial", None)
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        messages.success(self.request, _("De actielijn is bijgewerkt."))
        return services.update_line(
            self.get_scoped_object(),
            title=data["title"],
            aim=data["aim"],
            start_date=data["start_date"],
            values=data["values"],
        )


class LineStatusView(LineMixin, ServiceFormMixin, FormView):
    permission_required = "actionlines.change_actionline"
    template_name = "actionlines/line_status.html"

    def get_form(self, form_class=None):
        return StatusChangeForm(**self.get_form_kwargs(), line=self.get_scoped_object())

    def perform(self, form):
        data = form.cleaned_data
        change = services.change_status(
            self.get_scoped_object(),
            data["transition"],
            on=data["on"],
            reason=data["reason"],
            by=self.request.user,
            link_base=link_base(self.request),
        )
        messages.success(
            self.request,
            _("De status is nu: %(status)s. De volgers krijgen bericht.")
            % {"status": change.get_to_status_display().lower()},
        )
        return change


class LineLeadsView(LineMixin, ServiceFormMixin, FormView):
    """Leads and committed partners: add with the forms, remove with the buttons."""

    permission_required = "actionlines.change_actionline"
    template_name = "actionlines/line_people.html"
    prefix = "lead"

    def get_form(self, form_class=None):
        return LeadForm(**self.get_form_kwargs(), line=self.get_scoped_object())

    def get_context_data(self, **kwargs):
        line = self.get_scoped_object()
        commitment_form = kwargs.pop("commitment_form", None) or CommitmentForm(
            line=line, prefix="commitment"
        )
        return super().get_context_data(
            leads=line.lead_links.select_related("user", "organisation"),
            commitments=line.commitments.select_related("organisation"),
            commitment_form=commitment_form,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        line = self.get_scoped_object()
        if "remove_lead" in request.POST:
            lead = get_object_or_404(
                ActionLineLead, action_line=line, pk=request.POST["remove_lead"]
            )
            services.remove_lead(lead)
            messages.success(request, _("%(name)s is geen trekker meer.") % {"name": lead.user})
            return redirect("actionlines:line-people", uuid=line.uuid)
        if "remove_commitment" in request.POST:
            commitment = get_object_or_404(
                Commitment, action_line=line, pk=request.POST["remove_commitment"]
            )
            services.withdraw_commitment(commitment)
            messages.success(
                request,
                _("%(name)s is niet langer gecommitteerd.") % {"name": commitment.organisation},
            )
            return redirect("actionlines:line-people", uuid=line.uuid)
        if "commitment-organisation" in request.POST:
            form = CommitmentForm(request.POST, line=line, prefix="commitment")
            if form.is_valid():
                try:
                    services.commit_partner(
                        line, form.cleaned_data["organisation"], since=form.cleaned_data["since"]
                    )
                except services.ServiceError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("De partner is toegevoegd."))
                    return redirect("actionlines:line-people", uuid=line.uuid)
            return self.render_to_response(
                self.get_context_data(form=self.get_form(), commitment_form=form)
            )
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "lead-member" not in self.request.POST:
            kwargs.pop("data", None)
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        messages.success(self.request, _("De trekker is toegevoegd en volgt de lijn nu."))
        return services.assign_lead(
            self.get_scoped_object(), data["member"], since=data["since"], by=self.request.user
        )

    def get_success_url(self, result=None):
        return reverse("actionlines:line-people", args=[self.get_scoped_object().uuid])


class LineRolesView(LineMixin, ServiceFormMixin, FormView):
    permission_required = "actionlines.change_actionline"
    template_name = "actionlines/line_roles.html"

    def get_form(self, form_class=None):
        return MunicipalityRolesForm(**self.get_form_kwargs(), line=self.get_scoped_object())

    def perform(self, form):
        services.set_municipality_roles(self.get_scoped_object(), form.roles())
        messages.success(self.request, _("De rollen van de gemeenten zijn opgeslagen."))
        return self.get_scoped_object()


class LineFollowView(LineMixin, View):
    """POST: follow or unfollow the line (any logged-in user in the region)."""

    permission_required = "actionlines.add_follow"

    def post(self, request, uuid):
        line = self.get_scoped_object()
        if request.POST.get("action") == "unfollow":
            services.unfollow(line, request.user)
            messages.success(request, _("U volgt deze actielijn niet meer."))
        else:
            services.follow(line, request.user)
            messages.success(
                request,
                _(
                    "U volgt deze actielijn. U krijgt een e-mail bij een nieuwe status of rapportage."
                ),
            )
        return redirect("actionlines:line-detail", uuid=line.uuid)


# --- Progress reports ---------------------------------------------------------------------------


def _content(data) -> services.ReportContent:
    return services.ReportContent(
        summary=data.get("summary", ""),
        traffic_light=data.get("traffic_light", ""),
        done=data.get("done", ""),
        results=data.get("results", ""),
        needed=data.get("needed", ""),
        next_steps=data.get("next_steps", ""),
        change_note=data.get("change_note", ""),
    )


class ReportCreateView(LineMixin, ServiceFormMixin, FormView):
    """A lead writes a half-yearly report (``?soort=update`` for a short update)."""

    permission_required = "actionlines.add_progressreport"
    template_name = "actionlines/report_form.html"

    def kind(self):
        wanted = self.request.GET.get("soort") or self.request.POST.get("kind")
        return ProgressReport.Kind.UPDATE if wanted == "update" else ProgressReport.Kind.HALF_YEARLY

    def get_form(self, form_class=None):
        line = self.get_scoped_object()
        if not rules.may_report_on(self.request.user, line):
            raise PermissionDenied(_("Alleen de trekkers van deze actielijn rapporteren erover."))
        return ReportForm(**self.get_form_kwargs(), kind=self.kind())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kind=self.kind(), kind_label=ProgressReport.Kind(self.kind()).label, **kwargs
        )

    def perform(self, form):
        data = form.cleaned_data
        submit = self.request.POST.get("action") == "submit"
        report = services.start_report(
            self.get_scoped_object(),
            kind=self.kind(),
            content=_content(data),
            by=self.request.user,
            period=data.get("period"),
            submission_key=data.get("submission_key"),
            submit=submit,
            link_base=link_base(self.request),
        )
        messages.success(
            self.request,
            _("De rapportage is ingediend en staat vast; de volgers krijgen bericht.")
            if submit
            else _("Het concept is opgeslagen. Alleen de trekkers zien het tot u het indient."),
        )
        return report

    def get_success_url(self, result=None):
        return reverse("actionlines:report-detail", args=[result.uuid])


class ReportMixin(ScopedUrlObjectMixin):
    """One report; drafts stay hidden from everyone but the line's leads (a 404 for the others)."""

    permission_required = "actionlines.view_progressreport"
    scoped_model = ProgressReport
    scoped_select_related = ("action_line__region",)
    scoped_context_name = "report"
    detail_route = "actionlines:report-detail"

    def get_scoped_queryset(self):
        return rules.reports_visible_to(self.request.user, super().get_scoped_queryset())


class ReportDetailView(ReportMixin, TemplateView):
    template_name = "actionlines/report_detail.html"

    def get_context_data(self, **kwargs):
        report = self.get_scoped_object()
        user = self.request.user
        versions = list(
            rules.versions_visible_to(
                user, report.versions.select_related("author", "submitted_by")
            ).order_by("-number")
        )
        if not versions:
            raise Http404
        shown = versions[0]
        wanted = self.request.GET.get("versie")
        if wanted:
            shown = next((v for v in versions if str(v.number) == wanted), None)
            if shown is None:
                raise Http404
        return super().get_context_data(
            line=report.action_line,
            versions=versions,
            shown=shown,
            can_edit=rules.may_edit_report(user, report),
            has_draft=not versions[0].is_frozen,
            **kwargs,
        )


class ReportEditView(ReportMixin, ServiceFormMixin, FormView):
    """Edit a draft, or write a new version of a submitted report (the old one stays as it was)."""

    permission_required = "actionlines.change_progressreport"
    template_name = "actionlines/report_form.html"

    def get_form(self, form_class=None):
        report = self.get_scoped_object()
        if not rules.may_edit_report(self.request.user, report):
            raise PermissionDenied(_("Alleen de trekkers van deze actielijn rapporteren erover."))
        latest = report.versions.order_by("-number").first()
        initial = services._content_of(latest) if self.request.method == "GET" else None
        return ReportForm(
            **self.get_form_kwargs(), kind=report.kind, report=report, initial=initial
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("initial", None)
        return kwargs

    def get_context_data(self, **kwargs):
        report = self.get_scoped_object()
        latest = report.versions.order_by("-number").first()
        return super().get_context_data(
            line=report.action_line,
            kind=report.kind,
            kind_label=report.get_kind_display(),
            latest=latest,
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        submit = self.request.POST.get("action") == "submit"
        version = services.save_report(
            self.get_scoped_object(),
            content=_content(data),
            by=self.request.user,
            based_on=data.get("based_on"),
            submit=submit,
            link_base=link_base(self.request),
        )
        messages.success(
            self.request,
            _("Versie %(n)s is ingediend; de volgers krijgen bericht.") % {"n": version.number}
            if submit
            else _("Het concept (versie %(n)s) is opgeslagen.") % {"n": version.number},
        )
        return version


class ReportSubmitView(ReportMixin, View):
    """POST: submit the draft. Submitting twice changes nothing the second time."""

    permission_required = "actionlines.change_progressreport"

    def post(self, request, uuid):
        report = self.get_scoped_object()
        if not rules.may_edit_report(request.user, report):
            raise PermissionDenied
        try:
            version = services.submit_report(report, by=request.user, link_base=link_base(request))
        except services.ServiceError as error:
            messages.error(request, str(error))
            return redirect("actionlines:report-edit", uuid=report.uuid)
        messages.success(request, _("Versie %(n)s is ingediend.") % {"n": version.number})
        return redirect("actionlines:report-detail", uuid=report.uuid)


class NotificationListView(LoginRequiredMixin, ListView):
    """The logged-in user's own notifications (the same text as the e-mails)."""

    template_name = "actionlines/notification_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "notifications"

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user).select_related(
            "action_line"
        )


# --- Completeness -------------------------------------------------------------------------------


class RegionFromQueryMixin:
    """The region chosen with ``?regio=<uuid>``, else the first the user may act in."""

    def get_region(self):
        regions = self.regions()
        wanted = self.request.GET.get("regio")
        if wanted:
            try:
                return get_object_or_404(regions, uuid=wanted)
            except ValueError as error:
                raise Http404 from error
        region = regions.first()
        if region is None:
            raise PermissionDenied
        return region


class CompletenessView(Guarded, RegionFromQueryMixin, TemplateView):
    """The aanjager's worklist: counts per rule and the items that break each rule."""

    permission_required = "actionlines.view_completeness"
    template_name = "actionlines/completeness.html"

    def get_context_data(self, **kwargs):
        region = self.get_region()
        worklist = services.completeness(region)
        only = self.request.GET.get("regel")
        if only and only not in services.RULES_BY_CODE:
            raise Http404
        sections = []
        previews = {} if only else worklist.line_previews(WORKLIST_PREVIEW)
        for rule in services.RULE_DEFINITIONS:
            if only and rule.code != only:
                continue
            page = None
            if only:
                page = Paginator(worklist.items(rule.code), PAGE_SIZE).get_page(
                    self.request.GET.get("pagina")
                )
                objects = list(page.object_list)
            elif rule.kind == "line":
                objects = previews.get(rule.code, [])
            else:
                objects = (
                    list(worklist.items(rule.code)[:WORKLIST_PREVIEW])
                    if worklist.counts[rule.code]
                    else []
                )
            missing = (
                services.municipalities_without_role(objects, region)
                if rule.code == "missing_role"
                else {}
            )
            rows = [(obj, missing.get(obj.pk, [])) for obj in objects]
            sections.append(
                {"rule": rule, "count": worklist.counts[rule.code], "rows": rows, "page": page}
            )
        return super().get_context_data(
            region=region,
            regions=self.regions(),
            worklist=worklist,
            count_rows=[(r, worklist.counts[r.code]) for r in services.RULE_DEFINITIONS],
            sections=sections,
            only=only,
            preview=WORKLIST_PREVIEW,
            **kwargs,
        )


# --- Platform meetings --------------------------------------------------------------------------


class MeetingListView(Guarded, ListView):
    permission_required = "actionlines.view_meeting"
    template_name = "actionlines/meeting_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "meetings"

    def get_queryset(self):
        return (
            self.scoped(Meeting.objects.all())
            .select_related("municipality", "region")
            .annotate(
                organisation_count=Count("attending_organisations", distinct=True),
                decision_count=Count("decisions", distinct=True),
            )
            .order_by("-date")
        )

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        return super().get_context_data(
            today=timezone.localdate(),
            can_add=self.request.user.has_perm("actionlines.add_meeting"),
            **kwargs,
        )


class MeetingCreateView(Guarded, RegionFromQueryMixin, ServiceFormMixin, FormView):
    permission_required = "actionlines.add_meeting"
    template_name = "actionlines/meeting_form.html"

    def get_suggestion(self):
        if not hasattr(self, "_suggestion"):
            self._suggestion = services.suggest_meeting(self.get_region())
        return self._suggestion

    def get_form(self, form_class=None):
        suggestion = self.get_suggestion()
        initial = {
            "date": suggestion.date,
            "municipality": suggestion.municipality,
            "region": self.get_region(),
        }
        return MeetingForm(**self.get_form_kwargs(), regions=self.regions(), initial=initial)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("initial", None)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(suggestion=self.get_suggestion(), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        messages.success(
            self.request,
            _("De bijeenkomst is gepland. De agenda bouwt zich op uit de actielijnen."),
        )
        return services.plan_meeting(
            form.chosen_region(),
            on=data["date"],
            municipality=data["municipality"],
            venue=data["venue"],
            start_time=data["start_time"],
            by=self.request.user,
        )

    def get_success_url(self, result=None):
        return reverse("actionlines:meeting-detail", args=[result.uuid])


class MeetingMixin(ScopedUrlObjectMixin):
    scoped_model = Meeting
    scoped_select_related = ("municipality", "region")
    scoped_context_name = "meeting"
    detail_route = "actionlines:meeting-detail"


class MeetingDetailView(MeetingMixin, TemplateView):
    permission_required = "actionlines.view_meeting"
    template_name = "actionlines/meeting_detail.html"

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        meeting = self.get_scoped_object()
        user = self.request.user
        agenda = services.build_agenda(meeting)
        return super().get_context_data(
            agenda=agenda,
            line_items=[e for e in agenda if e.kind == "line"],
            initiative_items=[e for e in agenda if e.kind == "initiative"],
            previous=services.previous_meeting(meeting),
            organisations=meeting.attending_organisations.order_by("name"),
            attendees=meeting.attendees.order_by("full_name"),
            decisions=meeting.decisions.select_related("action_line"),
            follow_ups=meeting.follow_ups.select_related("action_line", "owner"),
            can_manage=user.has_perm("actionlines.change_meeting", meeting),
            is_past=meeting.date <= timezone.localdate(),
            **kwargs,
        )


class MeetingUpdateView(MeetingMixin, ServiceFormMixin, FormView):
    permission_required = "actionlines.change_meeting"
    template_name = "actionlines/meeting_form.html"

    def get_form(self, form_class=None):
        meeting = self.get_scoped_object()
        initial = {
            "date": meeting.date,
            "start_time": meeting.start_time,
            "municipality": meeting.municipality,
            "venue": meeting.venue,
        }
        regions = Region.objects.filter(pk=meeting.region_id)
        return MeetingForm(**self.get_form_kwargs(), regions=regions, initial=initial)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("initial", None)
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        messages.success(self.request, _("De bijeenkomst is bijgewerkt."))
        return services.update_meeting(
            self.get_scoped_object(),
            on=data["date"],
            municipality=data["municipality"],
            venue=data["venue"],
            start_time=data["start_time"],
        )


class MeetingAgendaView(MeetingMixin, View):
    """POST: fix the agenda as it is now (again)."""

    permission_required = "actionlines.change_meeting"

    def post(self, request, uuid):
        services.fix_agenda(self.get_scoped_object())
        messages.success(request, _("De agenda is vastgelegd zoals hij nu is."))
        return redirect("actionlines:meeting-detail", uuid=uuid)


class MeetingRecordView(MeetingMixin, ServiceFormMixin, FormView):
    """Minutes and attendance, at or after the meeting."""

    permission_required = "actionlines.change_meeting"
    template_name = "actionlines/meeting_record.html"

    def get_form(self, form_class=None):
        meeting = self.get_scoped_object()
        initial = {
            "minutes": meeting.minutes,
            "organisations": list(meeting.attending_organisations.all()),
            "attendees": list(meeting.attendees.all()),
            "revision": meeting.revision,
        }
        return MeetingRecordForm(**self.get_form_kwargs(), meeting=meeting, initial=initial)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("initial", None)
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        messages.success(self.request, _("Verslag en aanwezigheid zijn opgeslagen."))
        return services.record_meeting(
            self.get_scoped_object(),
            minutes=data["minutes"],
            organisations=data["organisations"],
            attendees=data["attendees"],
            revision=data["revision"],
        )


class MeetingDecisionView(MeetingMixin, ServiceFormMixin, FormView):
    permission_required = "actionlines.add_meetingdecision"
    template_name = "actionlines/meeting_item_form.html"

    def get_form(self, form_class=None):
        return MeetingDecisionForm(**self.get_form_kwargs(), meeting=self.get_scoped_object())

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Besluit vastleggen"), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        messages.success(self.request, _("Het besluit is vastgelegd."))
        return services.add_decision(
            self.get_scoped_object(), text=data["text"], action_line=data["action_line"]
        )


class MeetingFollowUpView(MeetingMixin, ServiceFormMixin, FormView):
    permission_required = "actionlines.add_followup"
    template_name = "actionlines/meeting_item_form.html"

    def get_form(self, form_class=None):
        return FollowUpForm(**self.get_form_kwargs(), meeting=self.get_scoped_object())

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Vervolgactie vastleggen"), **kwargs)

    def post(self, request, *args, **kwargs):
        if "done" in request.POST:
            follow_up = get_object_or_404(
                FollowUp, meeting=self.get_scoped_object(), pk=request.POST["done"]
            )
            services.complete_follow_up(follow_up)
            messages.success(request, _("De vervolgactie is afgerond."))
            return redirect("actionlines:meeting-detail", uuid=self.get_scoped_object().uuid)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        messages.success(self.request, _("De vervolgactie is vastgelegd."))
        return services.add_follow_up(
            self.get_scoped_object(),
            description=data["description"],
            owner=data["owner"],
            due_date=data["due_date"],
            action_line=data["action_line"],
        )


# --- Initiatives --------------------------------------------------------------------------------


class InitiativeListView(Guarded, ListView):
    permission_required = "actionlines.view_initiative"
    template_name = "actionlines/initiative_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "initiatives"

    def get_queryset(self):
        initiatives = self.scoped(Initiative.objects.all())
        status = self.request.GET.get("status")
        if status in Initiative.Status.values:
            initiatives = initiatives.filter(status=status)
        return initiatives.select_related(
            "proposer", "organisation", "action_line", "region"
        ).order_by("-created_at")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=Initiative.Status.choices,
            status=self.request.GET.get("status", ""),
            can_add=self.request.user.has_perm("actionlines.add_initiative"),
            **kwargs,
        )


class InitiativeCreateView(Guarded, ServiceFormMixin, FormView):
    permission_required = "actionlines.add_initiative"
    template_name = "actionlines/initiative_form.html"

    def get_form(self, form_class=None):
        regions = self.regions()
        if not regions.exists():
            raise PermissionDenied
        return InitiativeForm(**self.get_form_kwargs(), regions=regions, user=self.request.user)

    def perform(self, form):
        data = form.cleaned_data
        region = form.chosen_region()
        messages.success(self.request, _("Dank u wel! De aanjager bekijkt uw initiatief."))
        return services.propose_initiative(
            region,
            title=data["title"],
            description=data["description"],
            who=data["who"],
            organisation=data["organisation"],
            fits=form.fits_for(region),
            by=self.request.user,
            submission_key=data.get("submission_key"),
        )

    def get_success_url(self, result=None):
        return reverse("actionlines:initiative-detail", args=[result.uuid])


class InitiativeMixin(ScopedUrlObjectMixin):
    scoped_model = Initiative
    scoped_select_related = ("region", "proposer", "organisation", "action_line")
    scoped_context_name = "initiative"
    detail_route = "actionlines:initiative-detail"


class InitiativeDetailView(InitiativeMixin, TemplateView):
    permission_required = "actionlines.view_initiative"
    template_name = "actionlines/initiative_detail.html"

    def get_context_data(self, **kwargs):
        initiative = self.get_scoped_object()
        user = self.request.user
        can_assess = user.has_perm("actionlines.assess_initiative", initiative)
        return super().get_context_data(
            fits=initiative.value_fits.select_related("value"),
            checks=initiative.criterion_checks.select_related("checked_by").order_by("criterion"),
            overlaps=services.overlaps(initiative) if can_assess else [],
            can_assess=can_assess and initiative.status == Initiative.Status.PROPOSED,
            can_decide=user.has_perm("actionlines.decide_initiative", initiative)
            and bool(available(INITIATIVE_TRANSITIONS, initiative)),
            can_convert=user.has_perm("actionlines.add_actionline", initiative)
            and initiative.status == Initiative.Status.ACCEPTED
            and not initiative.action_line_id,
            can_edit=rules.may_edit_initiative(user, initiative),
            can_request_grant=rules.may_request_grant(user, initiative)
            and services.open_scheme(initiative.region) is not None,
            text_threshold=services.TEXT_OVERLAP_THRESHOLD,
            value_threshold=services.VALUE_AND_TEXT_THRESHOLD,
            **kwargs,
        )


class InitiativeEditView(InitiativeMixin, ServiceFormMixin, FormView):
    permission_required = "actionlines.view_initiative"
    template_name = "actionlines/initiative_form.html"

    def get_form(self, form_class=None):
        initiative = self.get_scoped_object()
        if not rules.may_edit_initiative(self.request.user, initiative):
            raise PermissionDenied
        initial = {
            "title": initiative.title,
            "description": initiative.description,
            "who": initiative.who,
            "organisation": initiative.organisation,
        }
        return InitiativeForm(
            **self.get_form_kwargs(),
            regions=Region.objects.filter(pk=initiative.region_id),
            user=self.request.user,
            initiative=initiative,
            initial=initial,
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("initial", None)
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        initiative = self.get_scoped_object()
        messages.success(self.request, _("Het voorstel is bijgewerkt."))
        return services.update_initiative(
            initiative,
            title=data["title"],
            description=data["description"],
            who=data["who"],
            organisation=data["organisation"],
            fits=form.fits_for(initiative.region),
            by=self.request.user,
        )


class InitiativeCheckView(InitiativeMixin, ServiceFormMixin, FormView):
    permission_required = "actionlines.assess_initiative"
    template_name = "actionlines/initiative_check.html"

    def get_form(self, form_class=None):
        return CriteriaForm(**self.get_form_kwargs(), initiative=self.get_scoped_object())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            overlaps=services.overlaps(self.get_scoped_object()), **kwargs
        )

    def perform(self, form):
        messages.success(self.request, _("De toets aan de drie criteria is vastgelegd."))
        return services.record_checks(self.get_scoped_object(), form.checks(), by=self.request.user)


class InitiativeDecideView(InitiativeMixin, ServiceFormMixin, FormView):
    permission_required = "actionlines.decide_initiative"
    template_name = "actionlines/initiative_decide.html"

    def get_form(self, form_class=None):
        return InitiativeDecisionForm(**self.get_form_kwargs(), initiative=self.get_scoped_object())

    def get_context_data(self, **kwargs):
        initiative = self.get_scoped_object()
        return super().get_context_data(
            checks=initiative.criterion_checks.order_by("criterion"), **kwargs
        )

    def perform(self, form):
        data = form.cleaned_data
        initiative = services.decide_initiative(
            self.get_scoped_object(), data["decision"], reason=data["reason"], by=self.request.user
        )
        messages.success(
            self.request,
            _("Het initiatief is %(status)s.")
            % {"status": initiative.get_status_display().lower()},
        )
        return initiative


class InitiativeGrantView(InitiativeMixin, View):
    """POST: the proposer turns the accepted initiative into a draft subsidy application."""

    permission_required = "actionlines.view_initiative"

    def post(self, request, uuid):
        initiative = self.get_scoped_object()
        if services.grants_module() is None:
            raise Http404
        if not rules.may_request_grant(request.user, initiative):
            raise PermissionDenied
        try:
            application = services.draft_application_from_initiative(initiative, by=request.user)
        except services.ServiceError as error:
            messages.error(request, str(error))
            return redirect("actionlines:initiative-detail", uuid=uuid)
        messages.success(
            request,
            _("Er staat een concept-subsidieaanvraag klaar met de gegevens van het initiatief."),
        )
        try:
            return redirect("grants:application-detail", uuid=application.uuid)
        except NoReverseMatch:
            return redirect("actionlines:initiative-detail", uuid=uuid)


class InitiativeConvertView(InitiativeMixin, ServiceFormMixin, FormView):
    """Turn an accepted initiative into an action line (title, aim, values, partner, lead)."""

    permission_required = "actionlines.add_actionline"
    template_name = "actionlines/initiative_convert.html"

    def get_form(self, form_class=None):
        initiative = self.get_scoped_object()
        if initiative.action_line_id:
            raise Http404
        return ConvertForm(**self.get_form_kwargs())

    def perform(self, form):
        line = services.create_line_from_initiative(
            self.get_scoped_object(),
            by=self.request.user,
            start_date=form.cleaned_data["start_date"],
        )
        messages.success(self.request, _("De actielijn is aangemaakt uit het initiatief."))
        return line

    def get_success_url(self, result=None):
        return reverse("actionlines:line-detail", args=[result.uuid])
