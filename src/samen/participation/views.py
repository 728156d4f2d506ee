"""Pages for case workers (Inwoners), administrators (bewaartermijnen) and partners (gedeelde profielen).

Every page that shows a resident's data resolves the dossier within the user's scope (someone
else's dossier is a 404) and writes the read to the access log (``DossierMixin``). Searching goes by
POST so that a BSN never ends up in a URL, a browser history or a server log; the full BSN is only
shown after a logged POST with a purpose.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, ListView, TemplateView, View

from samen.accounts.permissions import scope_queryset
from samen.audit.models import AccessLog

from . import forms, instruments, retention, services, switching
from .charts import ladder_chart, spider_chart
from .models import Arrangement, Dossier, Pillar, Resident, Talent
from .rules import is_consent_recipient

no_store = method_decorator(never_cache, name="dispatch")


# --- Residents: list, search and registration ----------------------------------------------------


@no_store
@method_decorator(sensitive_post_parameters("query"), name="dispatch")
class ResidentListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """'Inwoners': the residents in the case worker's municipality; a POST searches."""

    permission_required = "participation.view_resident"
    template_name = "participation/resident_list.html"
    paginate_by = 25

    def scoped(self):
        return scope_queryset(
            self.request.user,
            Resident.objects.select_related("dossier", "municipality"),
            self.permission_required,
        )

    def get(self, request, *args, **kwargs):
        paginator = Paginator(
            self.scoped().order_by("surname", "given_names", "pk"), self.paginate_by
        )
        page = paginator.get_page(request.GET.get("page"))
        services.log_resident_reads(request, page.object_list)
        return self.render_to_response(
            self.get_context_data(form=forms.SearchForm(), page=page, residents=page.object_list)
        )

    def post(self, request, *args, **kwargs):
        form = forms.SearchForm(request.POST)
        residents = []
        if form.is_valid():
            residents = list(services.search_residents(request.user, form.cleaned_data["query"]))
            services.log_resident_reads(
                request,
                residents,
                purpose=services.PURPOSE_SEARCH,
                activity=AccessLog.Activity.SEARCH,
            )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                residents=residents,
                searched=form.is_valid(),
                limit_reached=len(residents) >= services.SEARCH_LIMIT,
            )
        )

    def get_context_data(self, **kwargs):
        can_add = self.request.user.has_perm("participation.add_resident")
        return super().get_context_data(can_add=can_add, **kwargs)


@no_store
@method_decorator(sensitive_post_parameters("bsn"), name="dispatch")
class ResidentCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "participation.add_resident"
    template_name = "participation/resident_form.html"
    form_class = forms.RegisterResidentForm

    def municipalities(self):
        from samen.regions.models import Municipality

        return scope_queryset(
            self.request.user, Municipality.objects.all(), self.permission_required
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipalities": self.municipalities()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            resident = services.register_resident(
                data["municipality"], data["bsn"], data, actor=self.request.user
            )
        except services.DuplicateResident as duplicate:
            url = reverse("participation:dossier-detail", args=[duplicate.dossier.uuid])
            form.add_error("bsn", _("Dit BSN is in deze gemeente al ingeschreven."))
            return self.render_to_response(self.get_context_data(form=form, existing_url=url))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Inwoner ingeschreven; het dossier is geopend."))
        return redirect("participation:dossier-detail", uuid=resident.dossier.uuid)


# --- The dossier and its parts --------------------------------------------------------------------


class _ResolveDossier:
    """Runs after the login and permission checks: find the dossier in scope and log the read."""

    log_read = True
    purpose = services.PURPOSE_EXECUTION

    def dispatch(self, request, *args, **kwargs):
        self.dossier = self.get_dossier()
        if self.log_read:
            services.log_dossier_read(request, self.dossier, purpose=self.purpose)
        return super().dispatch(request, *args, **kwargs)

    def dossier_queryset(self):
        return Dossier.objects.select_related("resident", "municipality__region")

    def get_dossier(self) -> Dossier:
        scope_perm = getattr(self, "scope_permission", None) or self.permission_required
        dossiers = scope_queryset(self.request.user, self.dossier_queryset(), scope_perm)
        return get_object_or_404(dossiers, uuid=self.kwargs["uuid"])


@no_store
class DossierMixin(LoginRequiredMixin, PermissionRequiredMixin, _ResolveDossier):
    permission_required = "participation.view_dossier"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dossier=self.dossier, resident=self.dossier.resident, **kwargs
        )

    def dossier_url(self, anchor=""):
        url = reverse("participation:dossier-detail", args=[self.dossier.uuid])
        return f"{url}#{anchor}" if anchor else url


class DossierDetailView(DossierMixin, TemplateView):
    template_name = "participation/dossier_detail.html"

    def dossier_queryset(self):
        return (
            super()
            .dossier_queryset()
            .select_related("plan", "plan__updated_by", "talent_profile")
            .annotate(talent_count=Count("talent_profile__talents"))
        )

    def get_context_data(self, **kwargs):
        dossier, today = self.dossier, timezone.localdate()
        pillars = sorted(
            dossier.pillars.select_related("case_worker"), key=lambda p: Pillar.ORDER[p.kind]
        )
        episodes = list(dossier.benefit_episodes.all())
        arrangements = list(dossier.arrangements.select_related("provider"))
        registrations = list(dossier.target_group_registrations.all())
        user = self.request.user
        return super().get_context_data(
            pillars=pillars,
            plan=dossier.plan,
            profile=dossier.talent_profile,
            contact_moments=list(dossier.contact_moments.select_related("recorded_by")[:10]),
            episodes=episodes,
            reuse=services.reuse_hint(episodes, today),
            running=[a for a in arrangements if a.is_active_on(today)],
            history=[a for a in arrangements if not a.is_active_on(today)],
            suggested_rung=switching.suggested_rung(arrangements, today),
            target_group=registrations[0] if registrations else None,
            target_group_history=registrations[1:],
            latest_ladder=dossier.ladder_assessments.select_related("assessor").first(),
            consents=list(dossier.consents.select_related("organisation")),
            reveal_form=forms.RevealBsnForm(),
            can_edit=user.has_perm("participation.change_dossier", dossier) and dossier.is_open,
            can_reveal=user.has_perm("participation.reveal_bsn", dossier),
            can_switch=user.has_perm("participation.switch_arrangement", dossier)
            and dossier.is_open,
            # The matching module's ranking of work for this resident (ResidentRankingView).
            can_rank=user.has_perm("matching.rank_for_resident", dossier),
            rungs=instruments.RUNGS,
            today=today,
            **kwargs,
        )


@method_decorator(sensitive_post_parameters(), name="dispatch")
class RevealBsnView(DossierMixin, FormView):
    """POST with a purpose: shows the full BSN once and writes that (and why) to the access log."""

    permission_required = "participation.reveal_bsn"
    form_class = forms.RevealBsnForm
    http_method_names = ["post"]
    log_read = False

    def get_template_names(self):
        if self.request.htmx:
            return ["participation/_bsn_revealed.html"]
        return ["participation/bsn_revealed.html"]

    def form_valid(self, form):
        purpose = services.BSN_REVEAL_LOG[form.cleaned_data["purpose"]]
        services.log_dossier_read(
            self.request, self.dossier, obj=self.dossier.resident, purpose=purpose
        )
        return self.render_to_response(self.get_context_data(bsn=self.dossier.resident.bsn))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DossierFormView(DossierMixin, FormView):
    """A form on a dossier: ``perform(form)`` does the work through the services; a
    ``ValidationError`` from the domain rules shows in the form, nothing is lost."""

    template_name = "participation/dossier_form.html"
    title = ""
    submit_label = gettext_lazy("Opslaan")
    success_message = gettext_lazy("Opgeslagen.")
    anchor = ""
    requires_open = True

    def get(self, request, *args, **kwargs):
        if self.requires_open and not self.dossier.is_open:
            messages.error(request, _("Dit dossier is afgesloten; heropen het eerst."))
            return redirect(self.dossier_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.requires_open and not self.dossier.is_open:
            messages.error(request, _("Dit dossier is afgesloten; heropen het eerst."))
            return redirect(self.dossier_url())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title,
            submit_label=self.submit_label,
            back_url=self.dossier_url(self.anchor),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            response = self.perform(form)
        except services.ConcurrentEdit:
            form.add_error(
                None,
                _(
                    "Iemand anders heeft dit intussen gewijzigd. Open de pagina opnieuw en voer uw "
                    "wijziging nog eens in; uw tekst staat hieronder nog."
                ),
            )
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return response or redirect(self.dossier_url(self.anchor))

    def perform(self, form):
        raise NotImplementedError


@method_decorator(sensitive_post_parameters(), name="dispatch")
class ResidentUpdateView(DossierFormView):
    permission_required = "participation.change_resident"
    form_class = forms.ResidentForm
    title = gettext_lazy("Persoonsgegevens wijzigen")
    anchor = "persoonsgegevens"
    requires_open = False

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.dossier.resident}

    def perform(self, form):
        services.update_resident(
            self.dossier.resident, form.cleaned_data["version"], form.cleaned_data
        )


class PillarUpdateView(DossierFormView):
    permission_required = "participation.change_pillar"
    form_class = forms.PillarForm
    anchor = "pijlers"

    @cached_property
    def pillar(self):
        if self.kwargs["kind"] not in Pillar.Kind.values:
            raise Http404
        return get_object_or_404(self.dossier.pillars, kind=self.kwargs["kind"])

    @property
    def title(self):
        return _("Pijler %(pillar)s") % {"pillar": self.pillar.get_kind_display()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.pillar}

    def perform(self, form):
        data = form.cleaned_data
        services.save_versioned(
            self.pillar,
            data["version"],
            {"status": data["status"], "goals": data["goals"], "case_worker": data["case_worker"]},
        )


class PlanUpdateView(DossierFormView):
    permission_required = "participation.change_plan"
    form_class = forms.PlanForm
    title = gettext_lazy("Plan van aanpak")
    anchor = "plan"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.dossier.plan}

    def perform(self, form):
        data = form.cleaned_data
        changes = {k: data[k] for k in ("agreed_goals", "actions", "agreed_on", "review_on")}
        services.save_versioned(
            self.dossier.plan, data["version"], {**changes, "updated_by": self.request.user}
        )


class ContactMomentCreateView(DossierFormView):
    permission_required = "participation.add_contactmoment"
    form_class = forms.ContactMomentForm
    title = gettext_lazy("Contactmoment vastleggen")
    anchor = "contact"

    def perform(self, form):
        data = form.cleaned_data
        services.add_contact_moment(
            self.dossier,
            occurred_on=data["occurred_on"],
            channel=data["channel"],
            summary=data["summary"],
            actor=self.request.user,
            token=data["submission_token"],
        )


class BenefitEpisodeCreateView(DossierFormView):
    permission_required = "participation.add_benefitepisode"
    form_class = forms.BenefitEpisodeForm
    template_name = "participation/benefit_form.html"
    title = gettext_lazy("Uitkeringsperiode vastleggen")
    anchor = "inkomen"

    def get_context_data(self, **kwargs):
        episodes = list(self.dossier.benefit_episodes.all())
        return super().get_context_data(reuse=services.reuse_hint(episodes), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        services.add_benefit_episode(
            self.dossier,
            kind=data["kind"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            token=data["submission_token"],
        )


class BenefitEpisodeEndView(DossierFormView):
    permission_required = "participation.change_benefitepisode"
    form_class = forms.EndBenefitForm
    title = gettext_lazy("Uitkeringsperiode beëindigen")
    anchor = "inkomen"

    @cached_property
    def episode(self):
        return get_object_or_404(self.dossier.benefit_episodes, uuid=self.kwargs["part"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.episode, **kwargs)

    def perform(self, form):
        services.end_benefit_episode(
            self.episode,
            ended_on=form.cleaned_data["ended_on"],
            end_reason=form.cleaned_data["end_reason"],
        )


class ArrangementFormMixin:
    template_name = "participation/arrangement_form.html"
    anchor = "regelingen"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "dossier": self.dossier}

    def draft(self, form) -> switching.Draft:
        data = form.cleaned_data
        return switching.Draft(
            dossier=self.dossier,
            kind=data["kind"],
            started_on=data["started_on"],
            provider=data["provider"],
            provider_name=data["provider_name"],
            hours_per_week=data["hours_per_week"],
            support=data["support"],
            uwv_advice_on=data["uwv_advice_on"],
            uwv_advice_reference=data["uwv_advice_reference"],
        )

    def refused(self, form, refusal: switching.SwitchRefused):
        for message in refusal.messages:
            form.add_error(None, message)
        if refusal.needs_acknowledgement:
            form.fields["acknowledge_warnings"] = forms.ArrangementForm.base_fields[
                "acknowledge_warnings"
            ]
        return self.render_to_response(
            self.get_context_data(form=form, needs_acknowledgement=refusal.needs_acknowledgement)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rules=switching.ENTRY_RULES + switching.SWITCH_RULES, **kwargs
        )


class ArrangementCreateView(ArrangementFormMixin, DossierFormView):
    permission_required = "participation.add_arrangement"
    form_class = forms.ArrangementForm
    title = gettext_lazy("Regeling starten")

    def form_valid(self, form):
        try:
            switching.start_arrangement(
                self.draft(form),
                actor=self.request.user,
                acknowledge_warnings=form.cleaned_data.get("acknowledge_warnings", False),
                token=form.cleaned_data["submission_token"],
            )
        except switching.SwitchRefused as refusal:
            return self.refused(form, refusal)
        messages.success(self.request, _("Regeling gestart."))
        return redirect(self.dossier_url(self.anchor))


class ArrangementSwitchView(ArrangementFormMixin, DossierFormView):
    """Simpel Switchen: end the current arrangement and start the next one in one step."""

    permission_required = "participation.switch_arrangement"
    form_class = forms.SwitchForm
    template_name = "participation/arrangement_switch.html"
    submit_label = gettext_lazy("Wisselen")

    @cached_property
    def current(self):
        return get_object_or_404(
            self.dossier.arrangements.select_related("provider"), uuid=self.kwargs["part"]
        )

    @property
    def title(self):
        return _("Wisselen vanuit %(kind)s") % {"kind": self.current.get_kind_display()}

    def get_initial(self):
        return {
            "started_on": timezone.localdate(),
            "hours_per_week": self.current.hours_per_week,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(current=self.current, **kwargs)

    def form_valid(self, form):
        try:
            new = switching.switch_arrangement(
                self.current,
                self.draft(form),
                reason=form.cleaned_data["reason"],
                actor=self.request.user,
                acknowledge_warnings=form.cleaned_data.get("acknowledge_warnings", False),
                token=form.cleaned_data["submission_token"],
            )
        except switching.SwitchRefused as refusal:
            return self.refused(form, refusal)
        messages.success(
            self.request,
            _("Gewisseld: %(old)s eindigt op %(end)s, %(new)s start op %(start)s.")
            % {
                "old": self.current.get_kind_display(),
                "end": f"{new.switched_from.ended_on:%d-%m-%Y}",
                "new": new.get_kind_display(),
                "start": f"{new.started_on:%d-%m-%Y}",
            },
        )
        return redirect(self.dossier_url(self.anchor))


class ArrangementEndView(DossierFormView):
    permission_required = "participation.change_arrangement"
    form_class = forms.EndArrangementForm
    title = gettext_lazy("Regeling beëindigen")
    anchor = "regelingen"

    @cached_property
    def arrangement(self):
        return get_object_or_404(self.dossier.arrangements, uuid=self.kwargs["part"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.arrangement, **kwargs)

    def perform(self, form):
        try:
            switching.end_arrangement(
                self.arrangement,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValueError as error:
            raise ValidationError(str(error)) from None


class TargetGroupCreateView(DossierFormView):
    permission_required = "participation.add_targetgroupregistration"
    form_class = forms.TargetGroupForm
    title = gettext_lazy("Doelgroepregister: gegeven van UWV vastleggen")
    anchor = "regelingen"

    def perform(self, form):
        registration = form.save(commit=False)
        registration.dossier, registration.recorded_by = self.dossier, self.request.user
        registration.save()


class ConsentCreateView(DossierFormView):
    permission_required = "participation.add_consent"
    form_class = forms.ConsentForm
    template_name = "participation/consent_form.html"
    title = gettext_lazy("Toestemming om te delen vastleggen")
    anchor = "toestemmingen"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "dossier": self.dossier}

    def perform(self, form):
        data = form.cleaned_data
        services.give_consent(
            self.dossier,
            organisation=data["organisation"],
            shared=data["shared"],
            form=data["form"],
            given_on=data["given_on"],
            actor=self.request.user,
            token=data["submission_token"],
        )


class ConsentWithdrawView(DossierMixin, View):
    permission_required = "participation.change_consent"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        consent = get_object_or_404(self.dossier.consents, uuid=self.kwargs["part"])
        services.withdraw_consent(consent, actor=request.user)
        messages.success(
            request,
            _("Toestemming ingetrokken: %(organisation)s ziet deze inwoner niet meer.")
            % {"organisation": consent.organisation.name},
        )
        return redirect(self.dossier_url("toestemmingen"))


class DossierCloseView(DossierFormView):
    permission_required = "participation.change_dossier"
    form_class = forms.CloseDossierForm
    title = gettext_lazy("Dossier afsluiten")
    submit_label = gettext_lazy("Afsluiten")

    def perform(self, form):
        services.close_dossier(
            self.dossier,
            closed_on=form.cleaned_data["closed_on"],
            reason=form.cleaned_data["reason"],
        )


class DossierReopenView(DossierMixin, View):
    permission_required = "participation.change_dossier"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not self.dossier.is_open:
            services.reopen_dossier(self.dossier)
            messages.success(request, _("Dossier heropend."))
        return redirect(self.dossier_url())


# --- Measurements ----------------------------------------------------------------------------------


class MeasurementsView(DossierMixin, TemplateView):
    """All measurements of a resident: the ladder chart, the spider chart and the timeline."""

    template_name = "participation/measurements.html"

    def get_context_data(self, **kwargs):
        dossier, today = self.dossier, timezone.localdate()
        ladders = list(dossier.ladder_assessments.select_related("assessor"))
        healths = list(dossier.health_assessments.select_related("assessor"))
        self_reliances = list(dossier.self_reliance_assessments.select_related("assessor"))
        arrangements = list(dossier.arrangements.all())
        latest_health = healths[0] if healths else None
        previous_health = healths[1] if len(healths) > 1 else None
        health_rows = []
        if latest_health:
            for code, label in instruments.HEALTH_DIMENSIONS:
                before = getattr(previous_health, code) if previous_health else None
                now = getattr(latest_health, code)
                health_rows.append((label, now, before, None if before is None else now - before))
        return super().get_context_data(
            ladders=ladders,
            ladder_chart=ladder_chart(ladders, arrangements, today=today),
            latest_health=latest_health,
            previous_health=previous_health,
            spider=spider_chart(latest_health, previous_health) if latest_health else None,
            health_rows=health_rows,
            self_reliances=self_reliances,
            domains=instruments.SELF_RELIANCE_DOMAINS,
            timeline=services.measurement_timeline(ladders, healths, self_reliances, arrangements),
            arrangement_steps=[
                (a, switching.ARRANGEMENT_RUNG[a.kind])
                for a in sorted(arrangements, key=lambda a: a.started_on)
            ],
            can_measure=self.request.user.has_perm("participation.add_ladderassessment", dossier)
            and dossier.is_open,
            **kwargs,
        )


class LadderAssessmentCreateView(DossierFormView):
    """Step 1: answer the questions with the resident; step 2: see what Samen derives and confirm."""

    permission_required = "participation.add_ladderassessment"
    form_class = forms.LadderForm
    template_name = "participation/ladder_form.html"
    title = gettext_lazy("Participatieladder: meting")
    success_message = gettext_lazy("Meting op de participatieladder vastgelegd.")

    def dossier_url(self, anchor=""):
        if anchor == "metingen":
            return reverse("participation:measurements", args=[self.dossier.uuid])
        return super().dossier_url(anchor)

    anchor = "metingen"

    @cached_property
    def arrangements(self):
        return list(self.dossier.arrangements.all())

    def get_form_kwargs(self):
        suggestion = switching.suggested_rung(self.arrangements, timezone.localdate())
        return {**super().get_form_kwargs(), "initial_answers": _answers_for_rung(suggestion)}

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            suggested_rung=switching.suggested_rung(self.arrangements, today),
            running=[a for a in self.arrangements if a.is_active_on(today)],
            rungs=instruments.RUNGS,
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        if "confirm" not in self.request.POST:
            try:
                outcome = instruments.derive_ladder(form.answers(), data["horizon_months"])
            except instruments.LadderAnswersError as error:
                form.add_error(None, str(error))
                return self.form_invalid(form)
            return self.render_to_response(self.get_context_data(form=form, outcome=outcome))
        return super().form_valid(form)

    def perform(self, form):
        data = form.cleaned_data
        services.record_ladder_assessment(
            self.dossier,
            answers=form.answers(),
            assessed_on=data["assessed_on"],
            assessor=self.request.user,
            horizon_months=data["horizon_months"],
            confirmed_rung=data["confirmed_rung"],
            deviation_note=data["deviation_note"],
            token=data["submission_token"],
        )


def _answers_for_rung(rung: int | None) -> dict:
    """Pre-filled answers matching the rung the running arrangement stands for (to be checked)."""
    if rung is None:
        return {}
    return {
        "paid_work": "yes" if rung >= 5 else "no",
        "paid_work_support": "yes" if rung == 5 else ("no" if rung == 6 else None),
        "unpaid_work": "yes" if rung == 4 else None,
        "organised_activities": "yes" if rung == 3 else None,
    }


class HealthAssessmentCreateView(DossierFormView):
    permission_required = "participation.add_healthassessment"
    form_class = forms.HealthForm
    title = gettext_lazy("Positieve Gezondheid: meting")
    anchor = "metingen"
    success_message = gettext_lazy("Meting Positieve Gezondheid vastgelegd.")
    dossier_url = LadderAssessmentCreateView.dossier_url

    def perform(self, form):
        data = form.cleaned_data
        services.record_health_assessment(
            self.dossier,
            scores={code: data[code] for code, _l in instruments.HEALTH_DIMENSIONS},
            assessed_on=data["assessed_on"],
            assessor=self.request.user,
            filled_in=data["filled_in"],
            token=data["submission_token"],
        )


class SelfRelianceAssessmentCreateView(DossierFormView):
    permission_required = "participation.add_selfrelianceassessment"
    form_class = forms.SelfRelianceForm
    title = gettext_lazy("Zelfredzaamheid-Matrix: meting")
    anchor = "metingen"
    success_message = gettext_lazy("Meting Zelfredzaamheid-Matrix vastgelegd.")
    dossier_url = LadderAssessmentCreateView.dossier_url

    def perform(self, form):
        data = form.cleaned_data
        services.record_self_reliance_assessment(
            self.dossier,
            scores=form.scores(),
            assessed_on=data["assessed_on"],
            assessor=self.request.user,
            token=data["submission_token"],
        )


class TalentProfileUpdateView(DossierFormView):
    permission_required = "participation.change_talentprofile"
    form_class = forms.TalentProfileForm
    template_name = "participation/talent_profile_form.html"
    title = gettext_lazy("Talentprofiel")
    anchor = "talenten"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.dossier.talent_profile}

    def perform(self, form):
        data = form.cleaned_data
        services.update_talent_profile(
            self.dossier.talent_profile,
            data["version"],
            {
                "talents": data["talents"],
                "ambitions": data["ambitions"],
                "motivation": data["motivation"],
                "hours_per_week": data["hours_per_week"],
                "limitations": data["limitations"],
            },
            actor=self.request.user,
        )


# --- Retention (administrators) --------------------------------------------------------------------


@no_store
class RetentionListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Dossiers closed more than ten years ago: references and dates only, no names."""

    permission_required = "participation.view_retention"
    template_name = "participation/retention_list.html"
    context_object_name = "dossiers"
    paginate_by = 50

    def get_queryset(self):
        return scope_queryset(
            self.request.user,
            retention.due_for_destruction().order_by("closed_on"),
            "participation.view_dossier",
        )

    def get_context_data(self, **kwargs):
        from .models import DestructionRecord

        records = scope_queryset(
            self.request.user,
            DestructionRecord.objects.select_related("municipality"),
            "participation.view_destructionrecord",
        )[:20]
        return super().get_context_data(
            cutoff=retention.cutoff(), records=records, years=retention.RETENTION_YEARS, **kwargs
        )


# --- Partners: shared profiles ----------------------------------------------------------------------


@no_store
class SharedProfileListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """What partners see: residents who consented, under a pseudonym, nothing else."""

    permission_required = "participation.view_sharedprofile"
    template_name = "participation/shared_list.html"
    context_object_name = "consents"
    paginate_by = 50

    def get_queryset(self):
        return (
            services.shared_profiles_for(self.request.user)
            .select_related("organisation", "dossier__resident")
            .order_by("-given_on", "pseudonym")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A pseudonym is still personal data: the list is a read, logged per profile.
        services.log_partner_reads(self.request, context["consents"])
        return context


@no_store
class SharedProfileDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "participation.view_sharedprofile"
    template_name = "participation/shared_detail.html"

    def get_context_data(self, **kwargs):
        consents = (
            services.shared_profiles_for(self.request.user)
            .select_related(
                "organisation",
                "dossier__resident",
                "dossier__municipality",
                "dossier__talent_profile",
            )
            .prefetch_related(
                "dossier__talent_profile__talents",
                Prefetch("dossier__arrangements", queryset=Arrangement.objects.all()),
            )
        )
        consent = get_object_or_404(consents, pseudonym=self.kwargs["pseudonym"])
        if not is_consent_recipient(self.request.user, consent):
            raise Http404
        services.log_dossier_read(
            self.request, consent.dossier, obj=consent, purpose=services.PURPOSE_PARTNER
        )
        return super().get_context_data(profile=services.shared_profile(consent), **kwargs)


# --- The talent vocabulary -----------------------------------------------------------------------


class TalentListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "participation.view_talent"
    template_name = "participation/talent_list.html"

    def get_context_data(self, **kwargs):
        labels = dict(Talent.Category.choices)
        groups: dict[str, list] = {}
        for talent in Talent.objects.filter(is_active=True):
            groups.setdefault(talent.category, []).append(talent)
        return super().get_context_data(
            groups=[(labels[c], items) for c, items in groups.items()], **kwargs
        )
