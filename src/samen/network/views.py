"""The partner directory, profiles, shared values and the facilitator's worklist (Dutch UI)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView, View
from django.views.generic.edit import DeleteView, FormView

from samen.accounts.permissions import scope_queryset
from samen.regions.views import ScopedMixin

from . import export
from .forms import (
    ContactForm,
    DirectoryFilterForm,
    EndorsementForm,
    OrganisationCreateForm,
    OrganisationForm,
)
from .models import Contact, Endorsement, Organisation, SharedValue
from .rules import can_confirm_profile, can_edit_profile, keeps_network
from .services import (
    ConfirmationRequestError,
    DirectoryFilters,
    StaleProfileError,
    confirm_profile,
    endorse,
    regions_for,
    request_confirmation,
    save_profile,
    search_organisations,
    stale_profiles,
    values_with_endorsements,
    visible_contacts,
)

VIEW = "network.view_organisation"


# --- Directory ----------------------------------------------------------------------------------


class DirectorySearchMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Reads the search form from the query string and runs ``search_organisations``."""

    def get_filter_form(self) -> DirectoryFilterForm:
        if not hasattr(self, "_filter_form"):
            regions = regions_for(self.request.user, VIEW)
            values = SharedValue.objects.filter(region__in=regions).only("number", "title")
            self._filter_form = DirectoryFilterForm(
                self.request.GET or None, regions=regions, values=values
            )
        return self._filter_form

    def search(self):
        form = self.get_filter_form()
        query, filters = form.search_arguments() if form.is_bound else ("", DirectoryFilters())
        return search_organisations(self.request.user, query, filters)


class DirectoryView(DirectorySearchMixin, ListView):
    """Find partners by words, group, municipality, expertise and value; HTMX swaps the results."""

    permission_required = VIEW
    paginate_by = 25
    template_name = "network/directory.html"

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "directory-results":
            return ["network/_directory_results.html"]
        return [self.template_name]

    def get_queryset(self):
        return self.search()

    def get_context_data(self, **kwargs):
        user = self.request.user
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=self.get_filter_form(),
            query_string=query.urlencode(),
            can_add=user.has_perm("network.add_organisation"),
            can_review=user.has_perm("network.review_profiles"),
            can_export=user.has_perm("network.export_directory"),
            **kwargs,
        )


class ExportView(DirectorySearchMixin, View):
    """The directory (with the same filters as on screen) as HSDS JSON or CSV, streamed."""

    permission_required = "network.export_directory"
    kind = "json"

    def get(self, request):
        organisations = self.search()
        if self.kind == "json":
            response = StreamingHttpResponse(
                export.iter_json(organisations), content_type="application/json; charset=utf-8"
            )
            filename = "partners.json"
        else:
            table = request.GET.get("table", "organizations")
            if table not in export.TABLES:
                table = "organizations"
            response = StreamingHttpResponse(
                export.iter_csv(organisations, table), content_type="text/csv; charset=utf-8"
            )
            filename = f"partners-{table}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


# --- Profiles -----------------------------------------------------------------------------------


def _profile_queryset():
    return Organisation.objects.select_related("stakeholder_group", "region").prefetch_related(
        "municipalities",
        Prefetch("endorsements", queryset=Endorsement.objects.select_related("value")),
    )


class OrganisationDetailView(ScopedMixin, DetailView):
    model = Organisation
    permission_required = VIEW
    slug_field = slug_url_kwarg = "uuid"
    template_name = "network/organisation_detail.html"

    def get_queryset(self):
        return scope_queryset(self.request.user, _profile_queryset(), VIEW)

    def get_context_data(self, **kwargs):
        organisation, user = self.object, self.request.user
        can_edit = can_edit_profile(user, organisation)
        can_review = keeps_network(user, organisation)
        last_request = (
            organisation.confirmation_requests.select_related("requested_by").first()
            if can_review
            else None
        )
        endorsed = {e.value_id for e in organisation.endorsements.all()}
        open_values = (
            SharedValue.objects.filter(region_id=organisation.region_id).exclude(pk__in=endorsed)
            if can_edit
            else SharedValue.objects.none()
        )
        return super().get_context_data(
            organisation=organisation,
            can_edit=can_edit,
            can_confirm=can_confirm_profile(user, organisation),
            can_review=can_review,
            contacts=visible_contacts(organisation, can_edit=can_edit),
            is_stale=organisation.is_stale(),
            last_request=last_request,
            can_endorse=can_edit and open_values.exists(),
            **kwargs,
        )


class EditableOrganisationMixin(ScopedMixin):
    """Loads the organisation in scope (404 otherwise) and refuses who may not edit it (403)."""

    permission_required = "network.change_organisation"
    organisation_kwarg = "uuid"

    def get_organisation(self) -> Organisation:
        if not hasattr(self, "_organisation"):
            organisations = scope_queryset(
                self.request.user, Organisation.objects.select_related("region"), VIEW
            )
            organisation = get_object_or_404(
                organisations, uuid=self.kwargs[self.organisation_kwarg]
            )
            if not can_edit_profile(self.request.user, organisation):
                raise PermissionDenied
            self._organisation = organisation
        return self._organisation


class OrganisationUpdateView(EditableOrganisationMixin, UpdateView):
    """Owners (and the facilitator) edit a profile; a concurrent edit is shown, never overwritten."""

    form_class = OrganisationForm
    template_name = "network/organisation_form.html"

    def get_object(self, queryset=None):
        return self.get_organisation()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "region": self.object.region}

    def form_valid(self, form):
        organisation = form.save(commit=False)
        try:
            save_profile(
                organisation,
                expected_version=form.cleaned_data["version"],
                save_related=form.save_m2m,
            )
        except StaleProfileError as conflict:
            return self._conflict(form, conflict)
        messages.success(self.request, _("Het profiel is opgeslagen."))
        return redirect(organisation_url(organisation))

    def _conflict(self, form, conflict: StaleProfileError):
        """Show the user's input again next to what is saved now, on top of the newest version."""
        current = conflict.current
        differences = [
            (form.fields[name].label, _display(current, name))
            for name in form.changed_fields_against(current)
        ]
        data = self.request.POST.copy()
        data["version"] = str(current.version)
        # A new form on a copy: validating it writes the input onto its instance.
        fresh = OrganisationForm(
            data, instance=Organisation.objects.get(pk=current.pk), region=current.region
        )
        fresh.is_valid()
        fresh.add_error(None, str(conflict))
        self.object = current
        return self.render_to_response(
            self.get_context_data(form=fresh, differences=differences, conflict=True)
        )


def _display(organisation: Organisation, name: str) -> str:
    if name == "municipalities":
        return ", ".join(m.name for m in organisation.municipalities.all())
    if name == "stakeholder_group":
        return str(organisation.stakeholder_group)
    return getattr(organisation, name)


def organisation_url(organisation: Organisation) -> str:
    return reverse("network:organisation-detail", kwargs={"uuid": organisation.uuid})


class OrganisationCreateView(LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    """The facilitator registers a new partner organisation."""

    permission_required = "network.add_organisation"
    form_class = OrganisationCreateForm
    template_name = "network/organisation_form.html"

    def get_form_kwargs(self):
        regions = regions_for(self.request.user, self.permission_required)
        return {**super().get_form_kwargs(), "regions": regions}

    def form_valid(self, form):
        try:
            organisation = form.save()
        except IntegrityError:  # the same name registered a moment ago by someone else
            form.add_error("name", _("Er is al een organisatie met deze naam in deze regio."))
            return self.form_invalid(form)
        messages.success(self.request, _("De organisatie is toegevoegd."))
        return redirect(organisation_url(organisation))


class ConfirmProfileView(EditableOrganisationMixin, View):
    """An owner confirms the profile is current (POST)."""

    def post(self, request, uuid):
        organisation = self.get_organisation()
        if not can_confirm_profile(request.user, organisation):
            raise PermissionDenied
        confirm_profile(organisation)
        messages.success(request, _("Bedankt: het profiel staat als actueel bevestigd."))
        return redirect(organisation_url(organisation))


# --- Contacts and endorsements ------------------------------------------------------------------


class ContactCreateView(EditableOrganisationMixin, CreateView):
    form_class = ContactForm
    template_name = "network/contact_form.html"
    permission_required = "network.add_contact"

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.get_organisation(), **kwargs)

    def form_valid(self, form):
        form.instance.organisation = self.get_organisation()
        form.save()
        messages.success(self.request, _("De contactpersoon is opgeslagen."))
        return redirect(organisation_url(form.instance.organisation))


class ContactMixin(EditableOrganisationMixin):
    """A contact in scope whose organisation the user may edit."""

    model = Contact
    slug_field = slug_url_kwarg = "uuid"

    def get_object(self, queryset=None):
        contacts = scope_queryset(
            self.request.user,
            Contact.objects.select_related("organisation__region"),
            "network.view_contact",
        )
        contact = get_object_or_404(contacts, uuid=self.kwargs["uuid"])
        if not can_edit_profile(self.request.user, contact.organisation):
            raise PermissionDenied
        return contact

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.object.organisation, **kwargs)

    def get_success_url(self):
        return organisation_url(self.object.organisation)


class ContactUpdateView(ContactMixin, UpdateView):
    form_class = ContactForm
    template_name = "network/contact_form.html"
    permission_required = "network.change_contact"

    def form_valid(self, form):
        messages.success(self.request, _("De contactpersoon is opgeslagen."))
        return super().form_valid(form)


class ContactDeleteView(ContactMixin, DeleteView):
    template_name = "network/confirm_delete.html"
    permission_required = "network.delete_contact"

    def form_valid(self, form):
        messages.success(self.request, _("De contactpersoon is verwijderd."))
        return super().form_valid(form)


class EndorsementCreateView(EditableOrganisationMixin, FormView):
    """An owner records the organisation's signature under a shared value."""

    form_class = EndorsementForm
    template_name = "network/endorsement_form.html"
    permission_required = "network.add_endorsement"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.get_organisation()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.get_organisation(), **kwargs)

    def form_valid(self, form):
        organisation = self.get_organisation()
        data = form.cleaned_data
        endorsement, created = endorse(
            organisation,
            data["value"],
            signed_by=data["signed_by"],
            endorsed_on=data["endorsed_on"],
        )
        if created:
            messages.success(self.request, _("De onderschrijving is vastgelegd."))
        else:
            messages.info(
                self.request,
                _("Deze waarde was al onderschreven op %(date)s.")
                % {"date": endorsement.endorsed_on.strftime("%d-%m-%Y")},
            )
        return redirect(organisation_url(organisation))


class EndorsementDeleteView(EditableOrganisationMixin, DeleteView):
    """An owner withdraws the organisation's signature under a value."""

    template_name = "network/confirm_delete.html"
    permission_required = "network.delete_endorsement"

    def get_object(self, queryset=None):
        organisation = self.get_organisation()
        return get_object_or_404(
            Endorsement.objects.select_related("value", "organisation"),
            organisation=organisation,
            uuid=self.kwargs["endorsement"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.get_organisation(), **kwargs)

    def get_success_url(self):
        return organisation_url(self.get_organisation())

    def form_valid(self, form):
        messages.success(self.request, _("De onderschrijving is ingetrokken."))
        return super().form_valid(form)


# --- Shared values ------------------------------------------------------------------------------


class SharedValueListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """The six shared values with the organisations that endorse them."""

    permission_required = "network.view_sharedvalue"
    template_name = "network/values.html"
    context_object_name = "values"
    shown_per_value = 100

    def get_queryset(self):
        return values_with_endorsements(self.request.user, limit=self.shown_per_value)

    def get_context_data(self, **kwargs):
        return super().get_context_data(shown_per_value=self.shown_per_value, **kwargs)


# --- The facilitator's worklist -----------------------------------------------------------------


class StaleProfilesView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Profiles not confirmed for a year; the facilitator asks their owners to confirm."""

    permission_required = "network.review_profiles"
    template_name = "network/stale_profiles.html"
    context_object_name = "organisations"
    paginate_by = 50

    def get_queryset(self):
        return stale_profiles(self.request.user)


class RequestConfirmationView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Send the owners an e-mail asking to confirm the profile (once a day per organisation)."""

    permission_required = "network.review_profiles"

    def post(self, request, uuid):
        organisations = scope_queryset(
            request.user, Organisation.objects.all(), self.permission_required
        )
        organisation = get_object_or_404(organisations, uuid=uuid)
        profile_url = request.build_absolute_uri(organisation_url(organisation))
        try:
            confirmation, created = request_confirmation(
                organisation, requested_by=request.user, profile_url=profile_url
            )
        except ConfirmationRequestError as error:
            messages.error(request, str(error))
        else:
            self._report(confirmation, created)
        return redirect(self._next_url())

    def _report(self, confirmation, created):
        if created:
            message = _("%(name)s is gevraagd het profiel te bevestigen (e-mail aan %(to)s).")
            recipients = ", ".join(confirmation.sent_to.splitlines())
            messages.success(
                self.request, message % {"name": confirmation.organisation, "to": recipients}
            )
        else:
            message = _(
                "Vandaag is %(name)s al om bevestiging gevraagd (door %(by)s); er is geen tweede "
                "e-mail verstuurd."
            )
            messages.info(
                self.request,
                message % {"name": confirmation.organisation, "by": confirmation.requested_by},
            )

    def _next_url(self):
        target = self.request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(target, {self.request.get_host()}, require_https=False):
            return target
        return reverse("network:stale-profiles")
