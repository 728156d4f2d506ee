"""Web views of the grants module. Who may see what comes from ``rules`` (others' applications are
a 404); which steps are possible comes from ``workflow``; the work is done by ``services``."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from samen.accounts.permissions import scope_queryset

from . import ledger, rules, services, workflow
from .forms import (
    STEP_FORMS,
    ApplicationForm,
    AttachmentForm,
    BudgetLineFormSet,
    CarryOverForm,
    CeilingForm,
    CriterionFormSet,
    NewApplicationForm,
    QuestionFormSet,
    RecusalForm,
    ReviewForm,
    SchemeForm,
)
from .models import (
    Application,
    Attachment,
    BudgetShare,
    BudgetYear,
    Decision,
    GrantScheme,
    LedgerEntry,
    Objection,
    Payment,
    RemedyRequest,
    Review,
    TransitionLog,
)
from .states import AWAITING_DECISION, EDITABLE, State

AWAITING = [state.value for state in AWAITING_DECISION]

USER_ERRORS = (services.GrantError, workflow.TransitionNotAllowed, ledger.LedgerError)


def error_messages(error) -> list[str]:
    return getattr(error, "messages", None) or [str(error)]


class ScopedMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Lists and pages show only what the role layer allows; others' objects are a 404."""

    def get_queryset(self):
        return scope_queryset(self.request.user, super().get_queryset(), self.permission_required)


class ApplicationMixin(LoginRequiredMixin):
    """Loads the application named in the URL if the user may see it (else 404)."""

    def get_application(self, queryset=None):
        queryset = rules.visible_applications(self.request.user, queryset)
        return get_object_or_404(
            queryset.select_related("scheme__region", "organisation"), uuid=self.kwargs["uuid"]
        )


# --- Schemes -------------------------------------------------------------------------------------


class SchemeListView(ScopedMixin, ListView):
    model = GrantScheme
    permission_required = "grants.view_grantscheme"
    template_name = "grants/scheme_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region", "issuing_municipality")
            .annotate(
                application_count=Count(
                    "applications", filter=~Q(applications__status=State.CONCEPT)
                )
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class SchemeDetailView(ScopedMixin, DetailView):
    model = GrantScheme
    permission_required = "grants.view_grantscheme"
    slug_field = slug_url_kwarg = "uuid"
    template_name = "grants/scheme_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "region", "issuing_municipality", "allocation_key", "charge_municipality"
            )
            .prefetch_related("criteria", "questions", "budget_years")
        )

    def get_context_data(self, **kwargs):
        user, scheme = self.request.user, self.object
        today = timezone.localdate()
        return super().get_context_data(
            can_apply=user.has_perm("grants.apply", scheme)
            and scheme.opens_on <= today <= scheme.closes_on,
            can_edit=user.has_perm("grants.change_grantscheme", scheme),
            can_view_ledger=user.has_perm("grants.view_ledger", scheme),
            **kwargs,
        )


class SchemeEditMixin(LoginRequiredMixin, PermissionRequiredMixin):
    template_name = "grants/scheme_form.html"

    def forms(self, scheme, region, data=None):
        return (
            SchemeForm(data, instance=scheme, region=region),
            CriterionFormSet(data, instance=scheme, prefix="criteria"),
            QuestionFormSet(data, instance=scheme, prefix="questions"),
        )

    def render(self, form, criteria, questions, region):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "form": form,
                "criteria": criteria,
                "questions": questions,
                "region": region,
                "scheme": form.instance,
            },
        )

    def save(self, form, criteria, questions):
        with transaction.atomic():
            is_new = form.instance.pk is None
            scheme = form.save(commit=False)
            if not is_new:
                scheme.version += 1
            scheme.save()
            criteria.instance = questions.instance = scheme
            criteria.save()
            questions.save()
        messages.success(self.request, _("De regeling is opgeslagen."))
        return redirect("grants:scheme-detail", uuid=scheme.uuid)

    def post(self, request, *args, **kwargs):
        scheme, region = self.target()
        form, criteria, questions = self.forms(scheme, region, request.POST)
        if form.is_valid() and criteria.is_valid() and questions.is_valid():
            return self.save(form, criteria, questions)
        return self.render(form, criteria, questions, region)

    def get(self, request, *args, **kwargs):
        scheme, region = self.target()
        return self.render(*self.forms(scheme, region), region)


class SchemeCreateView(SchemeEditMixin, View):
    permission_required = "grants.add_grantscheme"

    def target(self):
        from samen.regions.models import Region

        regions = scope_queryset(self.request.user, Region.objects.all(), self.permission_required)
        wanted = self.request.GET.get("region") or self.request.POST.get("region")
        region = regions.filter(uuid=wanted).first() if wanted else regions.order_by("name").first()
        if region is None:
            raise Http404
        return GrantScheme(region=region), region


class SchemeUpdateView(SchemeEditMixin, View):
    permission_required = "grants.change_grantscheme"

    def target(self):
        schemes = scope_queryset(
            self.request.user,
            GrantScheme.objects.select_related("region"),
            self.permission_required,
        )
        scheme = get_object_or_404(schemes, uuid=self.kwargs["uuid"])
        return scheme, scheme.region


# --- Ledger --------------------------------------------------------------------------------------


class LedgerMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "grants.view_ledger"

    def get_scheme(self):
        schemes = scope_queryset(
            self.request.user,
            GrantScheme.objects.select_related("region"),
            self.permission_required,
        )
        return get_object_or_404(schemes, uuid=self.kwargs["uuid"])


class LedgerView(LedgerMixin, TemplateView):
    """Per year and municipality: ceiling, carried over, committed, released, paid, free."""

    template_name = "grants/ledger.html"

    def get_context_data(self, **kwargs):
        scheme = self.get_scheme()
        years = list(
            BudgetYear.objects.filter(scheme=scheme)
            .order_by("year")
            .prefetch_related(
                Prefetch("shares", queryset=BudgetShare.objects.select_related("municipality"))
            )
        )
        entries = (
            LedgerEntry.objects.filter(budget_year__scheme=scheme)
            .select_related("municipality", "application", "budget_year", "booked_by")
            .order_by("-booked_at", "-id")[:50]
        )
        user = self.request.user
        return super().get_context_data(
            scheme=scheme,
            years=years,
            entries=entries,
            carry_overs=scheme.carry_overs.select_related("recorded_by"),
            can_manage=user.has_perm("grants.manage_budget", scheme),
            ceiling_form=CeilingForm(initial={"year": timezone.localdate().year}),
            carry_over_form=CarryOverForm(years=[y.year for y in years]),
            **kwargs,
        )


class BudgetFormView(LedgerMixin, View):
    permission_required = "grants.manage_budget"

    def get(self, request, *args, **kwargs):
        return redirect("grants:ledger", uuid=kwargs["uuid"])


class CeilingView(BudgetFormView):
    def post(self, request, *args, **kwargs):
        scheme = self.get_scheme()
        form = CeilingForm(request.POST)
        if form.is_valid():
            try:
                ledger.set_ceiling(
                    scheme,
                    form.cleaned_data["year"],
                    form.cleaned_data["ceiling"],
                    form.cleaned_data["ceiling_decision"],
                    user=request.user,
                )
                messages.success(request, _("Het plafond is vastgesteld."))
            except ledger.LedgerError as error:
                messages.error(request, str(error))
        else:
            for error in form.errors.values():
                messages.error(request, " ".join(error))
        return redirect("grants:ledger", uuid=scheme.uuid)


class CarryOverView(BudgetFormView):
    def post(self, request, *args, **kwargs):
        scheme = self.get_scheme()
        years = list(scheme.budget_years.values_list("year", flat=True))
        form = CarryOverForm(request.POST, years=years)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ledger.carry_over(
                    scheme,
                    data["from_year"],
                    data["amount"],
                    council_decision=data["council_decision"],
                    decided_on=data["council_decision_date"],
                    user=request.user,
                )
                messages.success(request, _("Het budget is overgeheveld."))
            except ledger.LedgerError as error:
                messages.error(request, str(error))
        else:
            for field, error in form.errors.items():
                messages.error(
                    request,
                    f"{form.fields[field].label if field in form.fields else ''}: {' '.join(error)}",
                )
        return redirect("grants:ledger", uuid=scheme.uuid)


# --- Applications --------------------------------------------------------------------------------


class ApplicationListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Applications: the whole region for staff, only the own organisations' for partners."""

    permission_required = "grants.view_application"
    template_name = "grants/application_list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = rules.visible_applications(self.request.user).select_related(
            "scheme", "organisation"
        )
        status = self.request.GET.get("status")
        if status in State.values:
            queryset = queryset.filter(status=status)
        scheme = self.request.GET.get("scheme")
        if scheme:
            try:
                queryset = queryset.filter(scheme__uuid=uuid.UUID(scheme))
            except ValueError:
                queryset = queryset.none()
        return queryset.order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        user = self.request.user
        schemes = scope_queryset(user, GrantScheme.objects.all(), "grants.view_grantscheme").only(
            "uuid", "name"
        )
        return super().get_context_data(
            states=State.choices,
            schemes=schemes,
            current_status=self.request.GET.get("status", ""),
            current_scheme=self.request.GET.get("scheme", ""),
            today=timezone.localdate(),
            awaiting=AWAITING,
            can_apply=user.has_perm("grants.apply"),
            **kwargs,
        )


class ApplicationCreateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Start an application; a hidden one-time token makes a double POST create one draft."""

    permission_required = "grants.apply"

    def scheme(self):
        schemes = scope_queryset(
            self.request.user, GrantScheme.objects.all(), "grants.view_grantscheme"
        )
        return get_object_or_404(schemes, uuid=self.kwargs["uuid"])

    def render(self, form, scheme):
        return TemplateResponse(
            self.request, "grants/application_new.html", {"form": form, "scheme": scheme}
        )

    def get(self, request, *args, **kwargs):
        scheme = self.scheme()
        organisations = services.organisations_for(request.user, scheme)
        form = NewApplicationForm(
            organisations=organisations, initial={"client_token": uuid.uuid4()}
        )
        return self.render(form, scheme)

    def post(self, request, *args, **kwargs):
        scheme = self.scheme()
        form = NewApplicationForm(
            request.POST, organisations=services.organisations_for(request.user, scheme)
        )
        if not form.is_valid():
            return self.render(form, scheme)
        try:
            application, _created = services.create_draft(
                scheme,
                form.cleaned_data["organisation"],
                request.user,
                client_token=form.cleaned_data["client_token"],
                title=form.cleaned_data["title"],
            )
        except services.GrantError as error:
            form.add_error(None, str(error))
            return self.render(form, scheme)
        return redirect("grants:application-edit", uuid=application.uuid)


class ApplicationDetailView(ApplicationMixin, TemplateView):
    template_name = "grants/application_detail.html"

    def get_context_data(self, **kwargs):
        application = self.get_application(
            Application.objects.prefetch_related(
                "values",
                "budget_lines",
                "answers__question",
                "attachments",
                Prefetch(
                    "remedy_requests", queryset=RemedyRequest.objects.order_by("requested_on", "id")
                ),
                Prefetch("decisions", queryset=Decision.objects.select_related("decided_by")),
                Prefetch("payments", queryset=Payment.objects.order_by("paid_on")),
                Prefetch(
                    "objections",
                    queryset=Objection.objects.select_related("decision", "decided_by"),
                ),
                Prefetch("transitions", queryset=TransitionLog.objects.select_related("actor")),
                "settlements",
            ).select_related("action_line", "advice", "report")
        )
        user = self.request.user
        staff = user.has_perm("grants.view_all_applications", application)
        context = {
            "application": application,
            "staff": staff,
            "steps": workflow.allowed(application, user),
            "can_edit": application.status in EDITABLE and rules.is_applicant(user, application),
            "can_review": user.has_perm("grants.score_application", application)
            and application.status == State.IN_REVIEW,
            "decisions": [d for d in application.decisions.all() if staff or d.sent_on],
            "today": timezone.localdate(),
            "awaiting": AWAITING,
            "figures": ledger.application_figures(application)
            if application.decisions.all()
            else None,
        }
        if staff:
            context["reviews"] = application.reviews.select_related("reviewer").prefetch_related(
                "scores__criterion"
            )
            context["advice"] = getattr(application, "advice", None)
            if application.status == State.IN_REVIEW:
                context["scorecard"] = services.scorecard(application)
        context["report"] = getattr(application, "report", None)
        return super().get_context_data(**context, **kwargs)


class ApplicationEditView(ApplicationMixin, View):
    """The applicant fills in the draft (or completes it after a remedy request)."""

    template_name = "grants/application_form.html"

    def load(self):
        application = self.get_application(
            Application.objects.prefetch_related(
                "answers", "budget_lines", "attachments", "scheme__questions"
            )
        )
        if not rules.is_applicant(self.request.user, application) or not self.request.user.has_perm(
            "grants.apply", application
        ):
            raise PermissionDenied
        if application.status not in EDITABLE:
            messages.info(
                self.request, _("Deze aanvraag is ingediend en kan niet meer worden gewijzigd.")
            )
            return application, None
        return application, True

    def forms(self, application, data=None):
        lines = [
            {
                "description": line.description,
                "amount": line.amount,
                "co_financing": line.co_financing,
                "co_financier": line.co_financier,
            }
            for line in application.budget_lines.all()
        ]
        # Bound: no initial data, or lines equal to what an autosave just stored would count as
        # "unchanged" and be dropped.
        return (
            ApplicationForm(data, instance=application),
            BudgetLineFormSet(data, prefix="lines")
            if data is not None
            else BudgetLineFormSet(initial=lines, prefix="lines"),
        )

    def render(self, application, form, lines, status=200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "application": application,
                "form": form,
                "lines": lines,
                "attachment_form": AttachmentForm(),
                "problems": services.submission_problems(application),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        application, editable = self.load()
        if not editable:
            return redirect("grants:application-detail", uuid=application.uuid)
        return self.render(application, *self.forms(application))

    def post(self, request, *args, **kwargs):
        application, editable = self.load()
        if not editable:
            return redirect("grants:application-detail", uuid=application.uuid)
        form, lines = self.forms(application, request.POST)
        if not (form.is_valid() and lines.is_valid()):
            return self.render(application, form, lines)
        try:
            save_draft(application, request.user, form, lines)
        except services.GrantError as error:
            form.add_error(None, str(error))
            return self.render(
                application,
                form,
                lines,
                status=409 if isinstance(error, services.StaleVersion) else 200,
            )
        messages.success(request, _("Uw aanvraag is opgeslagen."))
        if "submit" in request.POST:
            return redirect("grants:transition", uuid=application.uuid, step="submit")
        return redirect("grants:application-edit", uuid=application.uuid)


def save_draft(application, user, form, lines):
    data = form.cleaned_data
    fields = {name: data.get(name) for name in services.DRAFT_FIELDS}
    fields["requested_amount"] = data.get("requested_amount")
    services.update_draft(
        application,
        user,
        services.DraftData(
            fields=fields,
            editor=data.get("editor") or "",
            values=list(data.get("values") or []),
            answers=form.answers(),
            budget_lines=[
                line for line in (f.line() for f in lines.forms if f.cleaned_data) if line
            ],
        ),
        version=data["version"],
    )


class ApplicationAutosaveView(ApplicationEditView):
    """HTMX autosave of the draft: answers with a status line and the new version number."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        application, editable = self.load()
        context = {"application": application, "saved": False, "errors": []}
        status = 200
        if not editable:
            context["errors"] = [_("Deze aanvraag kan niet meer worden gewijzigd.")]
            status = 409
        else:
            form, lines = self.forms(application, request.POST)
            if form.is_valid() and lines.is_valid():
                try:
                    save_draft(application, request.user, form, lines)
                    context.update(saved=True, saved_at=timezone.localtime())
                except services.GrantError as error:
                    context["errors"] = [str(error)]
                    status = 409 if isinstance(error, services.StaleVersion) else 200
            else:
                context["errors"] = [
                    f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errs)}"
                    for name, errs in form.errors.items()
                ] + [_("Controleer de begrotingsregels.")] * (not lines.is_valid())
        context["version"] = application.version
        return TemplateResponse(request, "grants/_autosave_status.html", context, status=status)


class AttachmentUploadView(ApplicationMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        application = self.get_application()
        form = AttachmentForm(request.POST, request.FILES)
        kind = {
            State.CONCEPT: Attachment.Kind.APPLICATION,
            State.INCOMPLETE: Attachment.Kind.REMEDY,
            State.SENT: Attachment.Kind.REPORT,
            State.ADVANCE_PAID: Attachment.Kind.REPORT,
        }.get(State(application.status), Attachment.Kind.OBJECTION)
        if form.is_valid():
            try:
                services.add_attachment(
                    application,
                    request.user,
                    form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    kind=kind,
                )
                messages.success(request, _("Het bestand is toegevoegd."))
            except services.GrantError as error:
                messages.error(request, str(error))
        else:
            messages.error(request, _("Kies een bestand."))
        target = (
            "grants:application-edit"
            if application.status in EDITABLE
            else "grants:application-detail"
        )
        return redirect(target, uuid=application.uuid)


def private_file(field, filename: str, content_type: str):
    """Serve a privately stored file as a download; never inline-sniffed, never cached publicly."""
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class AttachmentDownloadView(LoginRequiredMixin, View):
    def get(self, request, uuid):
        attachment = get_object_or_404(Attachment.objects.select_related("application"), uuid=uuid)
        if not rules.can_view_application(request.user, attachment.application):
            raise Http404
        return private_file(attachment.file, attachment.original_name, attachment.content_type)


class DecisionDocumentView(LoginRequiredMixin, View):
    """The beschikking (PDF): staff of the region, and the applicant once it is sent."""

    def get(self, request, uuid):
        decision = get_object_or_404(Decision.objects.select_related("application"), uuid=uuid)
        application = decision.application
        staff = request.user.has_perm("grants.view_all_applications", application)
        applicant = (
            rules.can_view_application(request.user, application) and decision.sent_on is not None
        )
        if not (staff or applicant) or not decision.document:
            raise Http404
        return private_file(
            decision.document,
            f"besluit-{application.reference}-{decision.kind}.pdf",
            "application/pdf",
        )


class TransitionView(ApplicationMixin, View):
    """One step of the lifecycle: shows its form (or why it cannot be taken now) and performs it."""

    template_name = "grants/transition.html"

    def setup_step(self):
        step = self.kwargs["step"]
        if step not in workflow.TRANSITIONS:
            raise Http404
        application = self.get_application()
        return application, workflow.TRANSITIONS[step]

    def render(self, application, transition, form, problems, status=200):
        context = {
            "application": application,
            "transition": transition,
            "form": form,
            "problems": problems,
        }
        if transition.name == "submit":
            context["submission_problems"] = services.submission_problems(application)
        if transition.name == "decide":
            context["advice"] = getattr(application, "advice", None)
            context["free"] = _free_budget(application)
        if transition.name == "pay_advance":
            context["advance"] = services.advance_amount(application)
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        application, transition = self.setup_step()
        problems = workflow.blockers(application, request.user, transition.name)
        form = STEP_FORMS[transition.name](application=application)
        return self.render(application, transition, form, problems)

    def post(self, request, *args, **kwargs):
        application, transition = self.setup_step()
        form = STEP_FORMS[transition.name](request.POST, application=application)
        if not form.is_valid():
            return self.render(application, transition, form, [])
        try:
            if transition.name == "submit":
                application, created = services.submit(application, request.user)
                if created:
                    messages.success(
                        request,
                        _(
                            "Uw aanvraag is ingediend. U ontvangt een ontvangstbevestiging per e-mail."
                        ),
                    )
                else:
                    messages.info(request, _("Deze aanvraag was al ingediend."))
            else:
                services.perform_action(
                    transition.name, application, request.user, **form.cleaned_data
                )
                messages.success(request, _("Gedaan: %(step)s.") % {"step": transition.label})
        except USER_ERRORS as error:
            for message in error_messages(error):
                form.add_error(None, message)
            return self.render(application, transition, form, [], status=200)
        return redirect("grants:application-detail", uuid=application.uuid)


def _free_budget(application):
    year = BudgetYear.objects.filter(
        scheme=application.scheme, year=application.budget_year
    ).first()
    return year.free if year else None


class ReviewView(ApplicationMixin, View):
    """A steering member's scorecard for one application (or their recusal)."""

    template_name = "grants/review.html"

    def load(self):
        application = self.get_application(Application.objects.prefetch_related("scheme__criteria"))
        if not self.request.user.has_perm("grants.score_application", application):
            raise PermissionDenied
        review = (
            Review.objects.filter(application=application, reviewer=self.request.user)
            .prefetch_related("scores")
            .first()
        )
        return application, review

    def render(self, application, review, form, status=200):
        problem = workflow.may_score(application, self.request.user)
        if application.status != State.IN_REVIEW:
            problem = _("Deze aanvraag wordt nu niet beoordeeld.")
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "application": application,
                "review": review,
                "form": form,
                "problem": problem,
                "recusal_form": RecusalForm(),
                "scale_max": application.scheme.scale_max,
            },
            status=status,
        )

    def form(self, application, review, data=None):
        return ReviewForm(
            data,
            criteria=application.scheme.criteria.all(),
            scale_max=application.scheme.scale_max,
            review=review,
        )

    def get(self, request, *args, **kwargs):
        application, review = self.load()
        return self.render(application, review, self.form(application, review))

    def post(self, request, *args, **kwargs):
        application, review = self.load()
        if "recuse" in request.POST:
            recusal = RecusalForm(request.POST)
            if recusal.is_valid():
                services.recuse(application, request.user, reason=recusal.cleaned_data["reason"])
                messages.success(request, _("U hebt zich verschoond voor deze aanvraag."))
                return redirect("grants:application-detail", uuid=application.uuid)
        form = self.form(application, review, request.POST)
        if form.is_valid():
            try:
                services.save_review(
                    application,
                    request.user,
                    view=form.cleaned_data["view"],
                    scores=form.scores(),
                    submit="submit" in request.POST,
                    version=form.cleaned_data.get("version"),
                )
            except services.GrantError as error:
                form.add_error(None, str(error))
                return self.render(application, review, form)
            messages.success(
                request,
                _("Uw beoordeling is ingediend.")
                if "submit" in request.POST
                else _("Uw beoordeling is opgeslagen."),
            )
            return redirect("grants:application-detail", uuid=application.uuid)
        return self.render(application, review, form)


# --- Worklist and register -----------------------------------------------------------------------


class WorklistView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "grants.view_worklist"
    template_name = "grants/worklist.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            sections=services.worklist(self.request.user, today), today=today, **kwargs
        )


class PublicRegisterView(ListView):
    """The public register of awarded subsidies: no login, no personal data."""

    template_name = "grants/register.html"
    paginate_by = 100

    def get_queryset(self):
        return services.public_register()

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return register_csv(self.get_queryset())
        return super().get(request, *args, **kwargs)


def register_csv(decisions):
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="subsidieregister.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Jaar"),
            _("Organisatie"),
            _("Titel"),
            pgettext("subsidie", "Regeling"),
            _("Bedrag (EUR)"),
        ]
    )
    for decision in decisions:
        application = decision.application
        writer.writerow(
            [
                application.budget_year,
                spreadsheet_safe(application.organisation.name),
                spreadsheet_safe(application.title),
                spreadsheet_safe(application.scheme.name),
                str(decision.amount).replace(".", ","),
            ]
        )
    return response


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (partners type these titles)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def application_url(application) -> str:
    return reverse("grants:application-detail", kwargs={"uuid": application.uuid})
