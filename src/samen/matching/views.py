"""Pages of the matching module: work opportunities, rankings both ways, matches, rounds, quality.

Permissions come from ``rules`` (the role table and its predicates); residents' data is scoped
with ``scope_queryset`` so another municipality's resident is a 404, and every page that shows
residents writes the access log (``services.log_reads``).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
    View,
)

from samen.accounts.permissions import scope_queryset
from samen.participation.models import Dossier
from samen.participation.switching import SwitchRefused
from samen.regions.models import Municipality, Region
from samen.regions.views import ScopedMixin

from . import quality, rules, services, workflow
from .forms import (
    EvaluationForm,
    OpportunityForm,
    ProposeForm,
    RankingFilterForm,
    RoundForm,
    TransitionForm,
    organisations_for_user,
)
from .models import AssignmentProposal, AssignmentRun, Match, WorkOpportunity

VIEW_OPPORTUNITY = "matching.view_workopportunity"


def _region_ids(user, perm):
    return list(scope_queryset(user, Region.objects.all(), perm).values_list("pk", flat=True))


def _dossiers(user, perm="matching.rank_for_resident"):
    return scope_queryset(
        user, Dossier.objects.select_related("resident", "municipality__region"), perm
    )


# --- Work opportunities ---------------------------------------------------------------------------


class OpportunityListView(ScopedMixin, ListView):
    model = WorkOpportunity
    permission_required = VIEW_OPPORTUNITY
    paginate_by = 25
    template_name = "matching/opportunity_list.html"

    def get_queryset(self):
        qs = (
            super()
            .get_queryset()
            .select_related("organisation", "municipality")
            .annotate(placed=Count("matches", filter=Q(matches__state=Match.State.PLACED)))
            .order_by("-created_at")
        )
        params = self.request.GET
        if params.get("kind") in WorkOpportunity.Kind.values:
            qs = qs.filter(kind=params["kind"])
        if params.get("q"):
            qs = qs.filter(Q(title__icontains=params["q"]) | Q(tasks__icontains=params["q"]))
        if params.get("mine"):
            qs = qs.filter(organisation__members__user=self.request.user)
        if params.get("closed") != "1":
            qs = qs.open()
        return qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            kinds=WorkOpportunity.Kind.choices,
            query_string=query.urlencode(),
            can_add=self.request.user.has_perm("matching.add_workopportunity"),
            can_run_rounds=self.request.user.has_perm("matching.add_assignmentrun"),
            **kwargs,
        )


class OpportunityFormMixin:
    model = WorkOpportunity
    form_class = OpportunityForm
    template_name = "matching/opportunity_form.html"

    def get_form_kwargs(self):
        user = self.request.user
        regions = _region_ids(user, "matching.add_workopportunity")
        municipalities = scope_queryset(
            user, Municipality.objects.order_by("name"), "matching.add_workopportunity"
        )
        if self.object is not None:
            municipalities = municipalities | Municipality.objects.filter(
                pk=self.object.municipality_id
            )
        staff = user.is_superuser or any(
            m.role in (rules.R.CASE_WORKER, rules.R.ADMIN) for m in user.active_memberships
        )
        return {
            **super().get_form_kwargs(),
            "organisations": organisations_for_user(user, regions),
            "municipalities": municipalities.distinct(),
            "organisation_required": not staff,
        }


class OpportunityCreateView(
    LoginRequiredMixin, PermissionRequiredMixin, OpportunityFormMixin, CreateView
):
    permission_required = "matching.add_workopportunity"

    def form_valid(self, form):
        token = form.cleaned_data.get("submission_token")
        existing = WorkOpportunity.objects.filter(submission_token=token).first() if token else None
        if existing:  # the same form submitted twice
            return redirect("matching:opportunity-detail", uuid=existing.uuid)
        organisation = form.cleaned_data.get("organisation")
        if organisation and not rules.can_post_for(self.request.user, organisation):
            raise PermissionDenied
        form.instance.created_by = self.request.user
        form.instance.submission_token = token
        try:
            with transaction.atomic():
                self.object = form.save()
        except IntegrityError:
            existing = WorkOpportunity.objects.filter(submission_token=token).first()
            if existing is None:
                raise
            self.object = existing
        messages.success(self.request, _("De werkplek is geplaatst."))
        return redirect("matching:opportunity-detail", uuid=self.object.uuid)


class OpportunityObjectMixin(ScopedMixin):
    model = WorkOpportunity
    slug_field = slug_url_kwarg = "uuid"

    def get_queryset(self):
        return super().get_queryset().select_related("organisation", "municipality__region")


class OpportunityDetailView(OpportunityObjectMixin, DetailView):
    permission_required = VIEW_OPPORTUNITY
    template_name = "matching/opportunity_detail.html"

    def get_context_data(self, **kwargs):
        opportunity, user = self.object, self.request.user
        counts = dict(opportunity.matches.values_list("state").annotate(n=Count("pk")).order_by())
        states = [(label, counts.get(value, 0)) for value, label in Match.State.choices]
        return super().get_context_data(
            asked=opportunity.talents_asked.order_by("name"),
            taught=opportunity.talents_taught.order_by("name"),
            core_demands=_limitation_labels(opportunity.core_demands),
            other_demands=_limitation_labels(opportunity.other_demands),
            states=states,
            can_edit=rules.can_edit_opportunity(user, opportunity),
            can_see_candidates=rules.can_see_candidates(user, opportunity),
            **kwargs,
        )


def _limitation_labels(codes):
    from samen.participation.instruments import LIMITATIONS

    return [LIMITATIONS[code] for code in codes if code in LIMITATIONS]


class OpportunityUpdateView(OpportunityObjectMixin, OpportunityFormMixin, UpdateView):
    permission_required = VIEW_OPPORTUNITY

    def get_object(self, queryset=None):
        opportunity = super().get_object(queryset)
        if not rules.can_edit_opportunity(self.request.user, opportunity):
            raise PermissionDenied
        return opportunity

    def form_valid(self, form):
        organisation = form.cleaned_data.get("organisation")
        changed = organisation and organisation != self.object.organisation
        if changed and not rules.can_post_for(self.request.user, organisation):
            raise PermissionDenied
        with transaction.atomic():
            locked = WorkOpportunity.objects.select_for_update().get(pk=self.object.pk)
            if locked.version != form.cleaned_data.get("version"):
                form.add_error(
                    None,
                    _(
                        "Iemand anders heeft deze werkplek intussen gewijzigd. Open de pagina "
                        "opnieuw om de nieuwe versie te zien; uw wijzigingen zijn niet bewaard."
                    ),
                )
                return self.form_invalid(form)
            form.instance.version = locked.version + 1
            self.object = form.save()
        messages.success(self.request, _("De werkplek is bijgewerkt."))
        return redirect("matching:opportunity-detail", uuid=self.object.uuid)


class CandidatesView(OpportunityObjectMixin, DetailView):
    """The best-fitting residents for one opportunity: names for case workers of the residents'
    municipality, pseudonyms of consenting residents for the partner."""

    permission_required = "matching.rank_for_opportunity"
    template_name = "matching/candidates.html"

    def get_context_data(self, **kwargs):
        opportunity, user, request = self.object, self.request.user, self.request
        include_blocked = request.GET.get("include_blocked") == "1"
        if rules.sees_candidates_by_name(user, opportunity):
            candidates = services.rank_candidates(
                opportunity,
                services.candidate_dossiers_for_case_worker(user, opportunity),
                include_blocked=include_blocked,
            )
            services.log_reads(request, [c.dossier for c in candidates])
            by_name = True
        elif rules.sees_candidates_as_partner(user, opportunity):
            candidates = services.rank_candidates_for_partner(opportunity)
            services.log_reads(
                request, [c.dossier for c in candidates], purpose=services.PURPOSE_PARTNER
            )
            by_name = False
        else:
            raise PermissionDenied
        return super().get_context_data(
            candidates=candidates,
            by_name=by_name,
            include_blocked=include_blocked,
            can_propose=user.has_perm("matching.confirm_match"),
            **kwargs,
        )


# --- Ranking for a resident -----------------------------------------------------------------------


class ResidentRankingView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The best opportunities for one resident, explained; the case worker proposes from here."""

    permission_required = "matching.rank_for_resident"
    template_name = "matching/resident_ranking.html"

    def get_context_data(self, **kwargs):
        dossier = get_object_or_404(_dossiers(self.request.user), uuid=kwargs["uuid"])
        form = RankingFilterForm(self.request.GET or None, region=dossier.municipality.region)
        filters = services.OpportunityFilters()
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = services.OpportunityFilters(
                kinds=tuple(data["kind"]),
                municipality=data["municipality"],
                max_hours=data["max_hours"],
                include_blocked=data["include_blocked"],
            )
        ranking = services.rank_opportunities(dossier, filters)
        services.log_reads(self.request, [dossier])
        return super().get_context_data(
            dossier=dossier,
            resident=dossier.resident,
            form=form,
            ranking=ranking,
            propose_form=ProposeForm(),
            **kwargs,
        )


class ProposeMatchView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: the case worker takes a ranked opportunity up as a match (state 'voorgesteld')."""

    permission_required = "matching.confirm_match"

    def post(self, request, uuid):
        dossier = get_object_or_404(_dossiers(request.user, self.permission_required), uuid=uuid)
        form = ProposeForm(request.POST)
        back = request.POST.get("next") or reverse("matching:resident-ranking", args=[uuid])
        if not form.is_valid():
            messages.error(request, _("Kies een werkplek."))
            return HttpResponseRedirect(_safe(request, back))
        opportunities = scope_queryset(
            request.user, WorkOpportunity.objects.all(), VIEW_OPPORTUNITY
        )
        opportunity = get_object_or_404(opportunities, uuid=form.cleaned_data["opportunity"])
        source = (
            Match.Source.CANDIDATES
            if request.POST.get("source") == Match.Source.CANDIDATES
            else Match.Source.RANKING
        )
        try:
            match = services.propose_match(
                dossier,
                opportunity,
                actor=request.user,
                source=source,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(_safe(request, back))
        messages.success(request, _("De match is vastgelegd als voorstel."))
        return redirect("matching:match-detail", uuid=match.uuid)


def _safe(request, url):
    from django.utils.http import url_has_allowed_host_and_scheme

    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("matching:match-list")


# --- Matches --------------------------------------------------------------------------------------


class MatchListView(ScopedMixin, ListView):
    model = Match
    permission_required = "matching.view_match"
    paginate_by = 25
    template_name = "matching/match_list.html"

    def get_queryset(self):
        qs = (
            super()
            .get_queryset()
            .select_related(
                "dossier__resident",
                "dossier__municipality",
                "opportunity__organisation",
                "opportunity__municipality",
            )
            .order_by("-updated_at")
        )
        state = self.request.GET.get("state")
        if state in Match.State.values:
            qs = qs.filter(state=state)
        elif state != "all":
            qs = qs.filter(state__in=Match.OPEN_STATES)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            states=Match.State.choices, state=self.request.GET.get("state", ""), **kwargs
        )
        services.log_reads(self.request, [m.dossier for m in context["object_list"]])
        return context


class MatchDetailView(ScopedMixin, DetailView):
    model = Match
    permission_required = "matching.view_match"
    slug_field = slug_url_kwarg = "uuid"
    template_name = "matching/match_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "dossier__resident",
                "dossier__municipality",
                "opportunity__organisation",
                "opportunity__municipality",
                "arrangement",
            )
        )

    def get_context_data(self, **kwargs):
        match, user = self.object, self.request.user
        services.log_reads(self.request, [match.dossier])
        can_confirm = rules.can_confirm(user, match)
        steps = (
            [
                (
                    transition,
                    TransitionForm(
                        initial={"transition": transition.name, "version": match.version},
                        auto_id=f"id_{transition.name}_%s",  # one form per step: unique ids
                    ),
                )
                for transition in workflow.available(match)
            ]
            if can_confirm
            else []
        )
        return super().get_context_data(
            events=match.events.select_related("by"),
            steps=steps,
            can_confirm=can_confirm,
            **kwargs,
        )


class MatchTransitionView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: a case worker confirms one step of a match (AVG art. 22)."""

    permission_required = "matching.confirm_match"

    def post(self, request, uuid):
        matches = scope_queryset(request.user, Match.objects.all(), self.permission_required)
        match = get_object_or_404(matches, uuid=uuid)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Het formulier is niet volledig ingevuld."))
            return redirect("matching:match-detail", uuid=uuid)
        name = form.cleaned_data["transition"]
        data = form.step_data()
        on_placed = None
        if name == "place" and data.get("start_arrangement"):
            on_placed = services.placement_switch(
                actor=request.user, acknowledge_warnings=bool(data.get("acknowledge_warnings"))
            )
        try:
            workflow.apply(
                match,
                name,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                data=data,
                on_placed=on_placed,
            )
        except SwitchRefused as refusal:
            for message in refusal.messages:
                messages.error(request, message)
            if refusal.needs_acknowledgement:
                messages.error(
                    request,
                    _("Vink aan dat u de aandachtspunten van de regeling hebt gezien."),
                )
            return redirect("matching:match-detail", uuid=uuid)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("matching:match-detail", uuid=uuid)
        messages.success(request, _("De stap is vastgelegd."))
        return redirect("matching:match-detail", uuid=uuid)


# --- Assignment rounds ----------------------------------------------------------------------------


class RoundListView(ScopedMixin, ListView):
    model = AssignmentRun
    permission_required = "matching.view_assignmentrun"
    paginate_by = 25
    template_name = "matching/round_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "municipality", "started_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_start=self.request.user.has_perm("matching.add_assignmentrun"), **kwargs
        )


class RoundStartView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "matching.add_assignmentrun"
    form_class = RoundForm
    template_name = "matching/round_form.html"

    def get_form_kwargs(self):
        user = self.request.user
        municipalities = scope_queryset(
            user,
            Municipality.objects.select_related("region").order_by("name"),
            self.permission_required,
        )
        regions = [
            region
            for region in scope_queryset(
                user, Region.objects.order_by("name"), self.permission_required
            )
            if services._covers_whole_region(user, region)
        ]
        return {**super().get_form_kwargs(), "municipalities": municipalities, "regions": regions}

    def form_valid(self, form):
        region, municipality = form.cleaned_data["area"]
        try:
            run = services.start_round(
                region=region,
                municipality=municipality,
                actor=self.request.user,
                token=form.cleaned_data.get("submission_token"),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if run.status == AssignmentRun.Status.QUEUED:
            try:
                services.dispatch_round(run)
            except Exception:  # noqa: BLE001 - the run records the error; the page shows it
                messages.error(self.request, _("De koppelronde is mislukt; zie de foutmelding."))
        return redirect("matching:round-detail", uuid=run.uuid)


class RoundObjectMixin(ScopedMixin):
    model = AssignmentRun
    permission_required = "matching.view_assignmentrun"
    slug_field = slug_url_kwarg = "uuid"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "municipality", "started_by")


class RoundDetailView(RoundObjectMixin, DetailView):
    template_name = "matching/round_detail.html"

    def get_context_data(self, **kwargs):
        run, user = self.object, self.request.user
        proposals = scope_queryset(
            user,
            AssignmentProposal.objects.filter(run=run).select_related(
                "dossier__resident",
                "opportunity__organisation",
                "opportunity__municipality",
                "match",
            ),
            "matching.view_assignmentproposal",
        ).order_by("-score", "pk")
        page = Paginator(proposals, 50).get_page(self.request.GET.get("page"))
        services.log_reads(self.request, [p.dossier for p in page.object_list])
        return super().get_context_data(
            page_obj=page,
            proposals=page.object_list,
            can_adopt=user.has_perm("matching.confirm_match"),
            **kwargs,
        )


class RoundProgressView(RoundObjectMixin, DetailView):
    """The progress block, polled by HTMX while a round runs."""

    template_name = "matching/_round_progress.html"


class ProposalAdoptView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "matching.confirm_match"

    def post(self, request, uuid):
        proposals = scope_queryset(
            request.user,
            AssignmentProposal.objects.select_related("run", "dossier", "opportunity"),
            "matching.view_assignmentproposal",
        )
        proposal = get_object_or_404(proposals, uuid=uuid)
        try:
            match = services.adopt_proposal(proposal, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("matching:round-detail", uuid=proposal.run.uuid)
        messages.success(request, _("Het voorstel is overgenomen als match."))
        return redirect("matching:match-detail", uuid=match.uuid)


# --- Quality ----------------------------------------------------------------------------------------


class EvaluationView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Quality of the matching next to four baselines; administrators start a new measurement."""

    permission_required = "matching.view_evaluationrun"
    form_class = EvaluationForm
    template_name = "matching/evaluation.html"

    def runs(self):
        return quality.visible_runs(self.request.user).select_related("region", "created_by")

    def get_context_data(self, **kwargs):
        runs = list(self.runs()[:10])
        latest = runs[0] if runs else None
        headers, rows = quality.table(latest) if latest else ([], [])
        return super().get_context_data(
            runs=runs,
            latest=latest,
            headers=headers,
            rows=rows,
            can_evaluate=self.request.user.has_perm("matching.evaluate"),
            **kwargs,
        )

    def get_form_kwargs(self):
        regions = scope_queryset(
            self.request.user, Region.objects.order_by("name"), "matching.evaluate"
        )
        return {**super().get_form_kwargs(), "regions": regions}

    def form_valid(self, form):
        if not self.request.user.has_perm("matching.evaluate"):
            raise PermissionDenied
        data = form.cleaned_data
        if data["source"] == "history":
            quality.run_history(data["region"], k=data["k"], user=self.request.user)
        else:
            quality.run_benchmark(
                residents=data["residents"],
                opportunities=data["opportunities"],
                k=data["k"],
                user=self.request.user,
            )
        messages.success(self.request, _("De meting is klaar."))
        return redirect("matching:evaluation")
