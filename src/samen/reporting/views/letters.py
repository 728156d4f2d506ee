"""Council letters: list, create, edit, preview, finalise (freeze and archive), download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from samen.accounts.permissions import scope_queryset

from .. import letters
from ..forms import CouncilLetterCreateForm, CouncilLetterForm
from ..models import CouncilLetter
from ..periods import parse_period, previous_half_year
from ..rules import letters_visible_to, may_edit_letter, may_finalise_letter, may_view_letter
from ..services import ConcurrentEdit, save_versioned
from .base import RegionScopedMixin


def letters_of(user, region=None):
    queryset = CouncilLetter.objects.select_related("region", "municipality", "finalised_by")
    if region is not None:
        queryset = queryset.filter(region=region)
    scoped = scope_queryset(user, queryset, "reporting.view_councilletter")
    return letters_visible_to(user, scoped)


class LetterObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The letter in the URL, within the user's scope and visible to them (drafts: writers)."""

    permission_required = "reporting.view_councilletter"

    def get_letter(self) -> CouncilLetter:
        letter = get_object_or_404(letters_of(self.request.user), uuid=self.kwargs["uuid"])
        if not may_view_letter(self.request.user, letter):  # pragma: no cover - filtered above
            raise PermissionDenied
        return letter


class LetterListView(RegionScopedMixin, TemplateView):
    permission_required = "reporting.view_councilletter"
    template_name = "reporting/letter_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            letters=list(
                letters_of(user, self.region).order_by("-period_start", "municipality__name")
            ),
            can_create=user.has_perm("reporting.add_councilletter", self.region),
            **kwargs,
        )


class LetterCreateView(RegionScopedMixin, FormView):
    """Start a draft for a period; a second submit (or a second controller) opens the same one."""

    permission_required = "reporting.add_councilletter"
    form_class = CouncilLetterCreateForm
    template_name = "reporting/letter_create.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["region"] = self.region
        kwargs["initial"] = {
            "period": previous_half_year(timezone.localdate()).code,
            "municipality": self.region.municipalities.order_by("name").last(),
        }
        return kwargs

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        existing = self._existing(form)
        if existing is not None:
            messages.info(request, _("Voor deze periode en gemeente bestaat al een brief."))
            return redirect("reporting:letter-detail", uuid=existing.uuid)
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def _existing(self, form):
        data = form.data
        code = (data.get("period") or "").strip().upper()
        municipality = data.get("municipality")
        if not (code and municipality and str(municipality).isdigit()):
            return None
        return CouncilLetter.objects.filter(
            region=self.region, municipality_id=municipality, period=code
        ).first()

    def form_valid(self, form):
        letter = form.instance
        period = parse_period(form.cleaned_data["period"])
        letter.period_start, letter.period_end = period.start, period.end
        letter.subject = letters.default_subject(self.region, period)
        letter.introduction = letters.default_introduction(self.region, period)
        letter.created_by = letter.updated_by = self.request.user
        try:
            with transaction.atomic():
                letter.save()
        except IntegrityError:
            letter = CouncilLetter.objects.get(
                region=self.region, municipality=letter.municipality, period=letter.period
            )
        messages.success(
            self.request,
            _("Het concept is aangemaakt. Schrijf de inleiding en kijk de cijfers na."),
        )
        return redirect("reporting:letter-detail", uuid=letter.uuid)


class LetterDetailView(LetterObjectMixin, TemplateView):
    template_name = "reporting/letter_detail.html"

    def get_context_data(self, **kwargs):
        letter = self.get_letter()
        user = self.request.user
        context = {
            "letter": letter,
            "can_edit": may_edit_letter(user, letter),
            "can_finalise": may_finalise_letter(user, letter),
        }
        return super().get_context_data(**context, **kwargs)


class LetterPreviewView(LetterObjectMixin, TemplateView):
    """A draft as it would read today (figures computed now); a final letter is its snapshot."""

    template_name = "reporting/letter_preview.html"

    def get_context_data(self, **kwargs):
        letter = self.get_letter()
        content = letter.snapshot if letter.is_final else letters.compose(letter)
        return super().get_context_data(
            letter=letter,
            rendered=letters.render_context(content, draft=not letter.is_final),
            **kwargs,
        )


class LetterUpdateView(LetterObjectMixin, FormView):
    form_class = CouncilLetterForm
    template_name = "reporting/letter_form.html"
    permission_required = "reporting.change_councilletter"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.letter = self.get_letter()
            if not may_edit_letter(request.user, self.letter):
                messages.error(request, _("Een definitieve brief verandert niet meer."))
                return redirect("reporting:letter-detail", uuid=self.letter.uuid)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.letter}

    def get_context_data(self, **kwargs):
        return super().get_context_data(letter=self.letter, **kwargs)

    def form_valid(self, form):
        try:
            save_versioned(
                form.instance,
                form.cleaned_data.get("expected_version"),
                updated_by=self.request.user,
            )
        except ConcurrentEdit as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("De brief is opgeslagen."))
        return redirect("reporting:letter-detail", uuid=self.letter.uuid)


class LetterFinaliseView(LetterObjectMixin, View):
    """POST: freeze the letter (content, PDF and hash are archived). Only once."""

    permission_required = "reporting.finalise_councilletter"
    http_method_names = ["post"]

    def post(self, request, uuid):
        letter = self.get_letter()
        if letter.is_final:
            messages.info(request, _("Deze brief was al definitief."))
            return redirect("reporting:letter-detail", uuid=letter.uuid)
        if not may_finalise_letter(request.user, letter):
            raise PermissionDenied
        expected = request.POST.get("expected_version")
        try:
            letters.finalise(letter, request.user, int(expected) if expected else None)
        except (letters.LetterError, ValueError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De brief is definitief en gearchiveerd."))
        return redirect("reporting:letter-detail", uuid=letter.uuid)


class LetterPdfView(LetterObjectMixin, View):
    """The PDF: the archived file of a final letter (hash checked), or a draft marked CONCEPT."""

    def get(self, request, uuid):
        letter = self.get_letter()
        try:
            data = letters.archived_pdf(letter) if letter.is_final else letters.draft_pdf(letter)
        except letters.LetterError as error:
            return HttpResponse(str(error), status=409, content_type="text/plain; charset=utf-8")
        name = slugify(f"raadsinformatiebrief-{letter.period}-{letter.municipality.name}")
        if not letter.is_final:
            name += "-concept"
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        if letter.is_final:
            response["X-Content-SHA256"] = letter.pdf_sha256
        return response
