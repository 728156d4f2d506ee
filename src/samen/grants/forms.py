"""Forms of the grants module. Money is typed the Dutch way (1.234,50) and read as Decimal.

The step forms (``STEP_FORMS``) name their fields after the service's keyword arguments, so the
views and the API hand ``cleaned_data`` straight to ``services.perform_action``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.forms import formset_factory, inlineformset_factory
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from samen.regions.services import AllocationError, parse_amount

from .models import Application, Criterion, GrantScheme, Objection, Question

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
DATE = {**TEXT, "type": "date"}


class EuroField(forms.Field):
    """An amount in euros, typed as 5000, 5.000 or 5.000,50; cleaned to a Decimal."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={**TEXT, "inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number_format(value, decimal_pos=2, force_grouping=True)
        return value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if len(str(value)) > 30:
            raise forms.ValidationError(_("Dit is geen bedrag."))
        try:
            return parse_amount(value, dutch_notation=True)
        except AllocationError as error:
            raise forms.ValidationError(str(error)) from error


def _styled(form):
    """Give every widget its NL Design System class (checkbox lists keep their own)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(
            widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput
        ):
            continue
        if isinstance(widget, forms.Textarea):
            widget.attrs = {**AREA, **widget.attrs}
        elif isinstance(widget, forms.Select):
            widget.attrs = {**SELECT, **widget.attrs}
        elif isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
            widget.attrs = {**TEXT, **widget.attrs}
        elif not widget.attrs.get("class"):
            widget.attrs = {**TEXT, **widget.attrs}


# --- Application ---------------------------------------------------------------------------------


class NewApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None, label=_("Namens organisatie"), empty_label=None
    )
    title = forms.CharField(label=_("Titel van het experiment"), max_length=200)
    client_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        _styled(self)


class ApplicationForm(forms.ModelForm):
    """The application as a draft: nothing is required here; completeness is checked on submit."""

    requested_amount = EuroField(label=_("Gevraagd bedrag (euro)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    editor = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    OPTIONAL_ON_SUBMIT = {"action_line", "contact_phone"}

    class Meta:
        model = Application
        fields = [
            "title",
            "description",
            "expected_results",
            "values",
            "action_line",
            "project_start",
            "project_end",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "values": forms.CheckboxSelectMultiple(
                attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
            ),
            "project_start": forms.DateInput(),
            "project_end": forms.DateInput(),
            "description": forms.Textarea(),
            "expected_results": forms.Textarea(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance
        region = application.scheme.region
        self.fields["values"].queryset = region.shared_values.order_by("number")
        self.fields["action_line"].queryset = region.action_lines.order_by("title")
        self.fields["action_line"].empty_label = _("(geen actielijn)")
        # A draft may be saved half-filled; what submission needs is checked by the services.
        for name, field in self.fields.items():
            field.required = False
            field.optional_on_submit = name in self.OPTIONAL_ON_SUBMIT
        self.fields["version"].required = True
        self.fields["title"].required = True
        if not self.is_bound:
            self.initial["requested_amount"] = application.requested_amount
            self.initial["version"] = application.version
            self.initial["editor"] = uuid.uuid4().hex
        for question in application.scheme.questions.all():
            answer = next(
                (a.text for a in application.answers.all() if a.question_id == question.pk), ""
            )
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.text,
                help_text=question.help_text,
                required=False,
                initial=answer,
                widget=forms.Textarea(attrs={**AREA, "rows": 3}),
            )
            self.fields[f"question_{question.pk}"].optional_on_submit = not question.required
        _styled(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("project_start"), data.get("project_end")
        if start and end and end < start:
            self.add_error("project_end", _("Het experiment eindigt voordat het begint."))
        return data

    def answers(self) -> dict:
        return {
            int(name.removeprefix("question_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("question_")
        }

    def question_fields(self):
        return [self[name] for name in self.fields if name.startswith("question_")]

    def main_fields(self):
        return [
            self[name]
            for name in self.fields
            if not name.startswith("question_") and name not in ("version", "editor")
        ]


class BudgetLineForm(forms.Form):
    description = forms.CharField(label=_("Kostenpost"), max_length=200, required=False)
    amount = EuroField(label=_("Kosten (euro)"), required=False)
    co_financing = EuroField(label=_("Cofinanciering (euro)"), required=False)
    co_financier = forms.CharField(label=_("Cofinancier"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("co_financing", "co_financier"):
            self.fields[name].optional_on_submit = True
        _styled(self)

    def clean(self):
        data = super().clean()
        if not data.get("description") and not data.get("amount"):
            return data
        if not data.get("description"):
            self.add_error("description", _("Noem de kostenpost."))
        if data.get("amount") is None:
            self.add_error("amount", _("Vul de kosten in."))
        co_financing = data.get("co_financing") or Decimal(0)
        if data.get("amount") is not None and co_financing > data["amount"]:
            self.add_error("co_financing", _("De cofinanciering is hoger dan de kosten."))
        return data

    def line(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("description"):
            return None
        return {
            "description": data["description"],
            "amount": data["amount"],
            "co_financing": data.get("co_financing") or Decimal(0),
            "co_financier": data.get("co_financier") or "",
        }


BudgetLineFormSet = formset_factory(BudgetLineForm, extra=2, max_num=40, validate_max=True)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Omschrijving"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, Word, Excel, OpenDocument, PNG of JPG; hoogstens 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


# --- Steps of the lifecycle ----------------------------------------------------------------------


class StepForm(forms.Form):
    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        _styled(self)


class ConfirmForm(StepForm):
    pass


class NoteForm(StepForm):
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea)


class RemedyForm(StepForm):
    message = forms.CharField(
        label=_("Wat ontbreekt er?"),
        widget=forms.Textarea,
        help_text=_("De aanvrager krijgt de hersteltermijn van de regeling om dit aan te vullen."),
    )


class SupplyForm(StepForm):
    answer = forms.CharField(
        label=_("Toelichting bij de aanvulling"), required=False, widget=forms.Textarea
    )


class SetAsideForm(StepForm):
    reasons = forms.CharField(
        label=_("Motivering"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Leeg: de standaardmotivering met de data van het verzoek om aanvulling."),
    )


class PostponeForm(StepForm):
    weeks = forms.IntegerField(label=_("Aantal weken"), min_value=1, max_value=26, initial=4)
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea)


class AdviceForm(StepForm):
    remarks = forms.CharField(
        label=_("Toelichting bij het advies"), required=False, widget=forms.Textarea
    )
    recommended_amount = EuroField(label=_("Geadviseerd bedrag (euro)"), required=False)


class DecisionForm(StepForm):
    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("award", _("Verlenen (geheel of gedeeltelijk)")), ("refusal", _("Weigeren"))],
        widget=forms.RadioSelect,
    )
    amount = EuroField(label=_("Te verlenen bedrag (euro)"), required=False)
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea)
    conditions = forms.CharField(label=_("Verplichtingen"), required=False, widget=forms.Textarea)

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        if application is not None and not self.is_bound:
            self.initial.setdefault("amount", application.requested_amount)
            self.initial.setdefault("conditions", application.scheme.conditions)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "award" and not data.get("amount"):
            self.add_error("amount", _("Vul het te verlenen bedrag in."))
        return data


class PaymentForm(StepForm):
    paid_on = forms.DateField(label=_("Betaald op"), widget=forms.DateInput)

    field_name = "paid_on"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault(self.field_name, timezone.localdate())

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return paid_on


class ReportForm(StepForm):
    results = forms.CharField(label=_("Bereikte resultaten"), widget=forms.Textarea)
    actual_costs = EuroField(label=_("Werkelijke kosten (euro)"))
    co_financing_received = EuroField(label=_("Ontvangen cofinanciering (euro)"), required=False)

    def clean_co_financing_received(self):
        return self.cleaned_data.get("co_financing_received") or Decimal(0)


class SettlementForm(StepForm):
    amount = EuroField(label=_("Vast te stellen bedrag (euro)"))
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea)


class ObjectionForm(StepForm):
    received_on = forms.DateField(label=_("Bezwaarschrift ontvangen op"), widget=forms.DateInput)
    grounds = forms.CharField(label=_("Gronden van het bezwaar"), widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("received_on", timezone.localdate())

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return received_on


class ExtendObjectionForm(StepForm):
    reason = forms.CharField(label=_("Reden van de verdaging"), widget=forms.Textarea)


class ObjectionDecisionForm(StepForm):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[(o.value, o.label) for o in Objection.Outcome if o != Objection.Outcome.PENDING],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea)


STEP_FORMS: dict[str, type[StepForm]] = {
    "submit": ConfirmForm,
    "withdraw": NoteForm,
    "request_remedy": RemedyForm,
    "supply_information": SupplyForm,
    "set_aside": SetAsideForm,
    "accept": NoteForm,
    "postpone": PostponeForm,
    "establish_advice": AdviceForm,
    "decide": DecisionForm,
    "send_decision": ConfirmForm,
    "pay_advance": PaymentForm,
    "submit_report": ReportForm,
    "settle": SettlementForm,
    "register_settlement_payment": PaymentForm,
    "close": NoteForm,
    "object": ObjectionForm,
    "extend_objection": ExtendObjectionForm,
    "decide_objection": ObjectionDecisionForm,
}


# --- Scorecard -----------------------------------------------------------------------------------


class ReviewForm(forms.Form):
    """One row per criterion: a score on the scheme's scale or 'not applicable', and a justification."""

    view = forms.CharField(
        label=_("Uw zienswijze op de aanvraag als geheel"), required=False, widget=forms.Textarea
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    NOT_APPLICABLE = "na"

    def __init__(self, *args, criteria, scale_max, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        existing = {s.criterion_id: s for s in review.scores.all()} if review else {}
        if review and not self.is_bound:
            self.initial.update(view=review.view, version=review.version)
        for criterion in self.criteria:
            choices = [("", _("— kies —"))] + [(str(i), str(i)) for i in range(scale_max + 1)]
            if not criterion.knock_out:
                choices.append((self.NOT_APPLICABLE, _("niet van toepassing")))
            score = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=_("Score"),
                choices=choices,
                required=False,
                initial=(self.NOT_APPLICABLE if score.not_applicable else str(score.value))
                if score
                else "",
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=_("Onderbouwing"),
                required=False,
                initial=score.justification if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        _styled(self)

    def rows(self):
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"justification_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def scores(self):
        from .services import ScoreInput

        result = {}
        for criterion in self.criteria:
            raw = self.cleaned_data.get(f"score_{criterion.pk}") or ""
            justification = self.cleaned_data.get(f"justification_{criterion.pk}") or ""
            if not raw and not justification:
                continue
            not_applicable = raw == self.NOT_APPLICABLE
            value = None if not_applicable or raw == "" else int(raw)
            result[criterion.pk] = ScoreInput(value, not_applicable, justification)
        return result


class RecusalForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


# --- Schemes and budget --------------------------------------------------------------------------


class SchemeForm(forms.ModelForm):
    minimum_amount = EuroField(label=_("Minimumbedrag (euro)"))
    maximum_amount = EuroField(label=_("Maximumbedrag (euro)"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = GrantScheme
        fields = [
            "name",
            "description",
            "legal_basis",
            "issuing_municipality",
            "issuing_department",
            "opens_on",
            "closes_on",
            "decision_period_weeks",
            "remedy_period_weeks",
            "payment_term_weeks",
            "report_period_weeks",
            "charging",
            "allocation_key",
            "charge_municipality",
            "minimum_amount",
            "maximum_amount",
            "advance_percentage",
            "scale_max",
            "positive_threshold",
            "minimum_reviews",
            "conditions",
        ]
        widgets = {"opens_on": forms.DateInput(), "closes_on": forms.DateInput()}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        municipalities = region.municipalities.order_by("name")
        self.fields["issuing_municipality"].queryset = municipalities
        self.fields["charge_municipality"].queryset = municipalities
        self.fields["allocation_key"].queryset = region.allocation_keys.order_by("name")
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        _styled(self)

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("version") != self.instance.version:
            raise forms.ValidationError(
                _("Deze regeling is intussen door iemand anders gewijzigd. Laad de pagina opnieuw.")
            )
        if data.get("charging") == GrantScheme.Charging.KEY:
            data["charge_municipality"] = None
        elif data.get("charging") == GrantScheme.Charging.MUNICIPALITY:
            data["allocation_key"] = None
        return data

    def _post_clean(self):
        self.instance.region = self.region
        super()._post_clean()


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["number", "title", "explanation", "weight", "knock_out", "pass_mark"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["number", "text", "help_text", "required"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


CriterionFormSet = inlineformset_factory(
    GrantScheme, Criterion, form=CriterionForm, extra=1, can_delete=True
)
QuestionFormSet = inlineformset_factory(
    GrantScheme, Question, form=QuestionForm, extra=1, can_delete=True
)


class CeilingForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    ceiling = EuroField(label=_("Plafond (euro)"))
    ceiling_decision = forms.CharField(
        label=_("Besluit"),
        max_length=300,
        help_text=_("Het raadsbesluit waarmee het plafond is vastgesteld."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class CarryOverForm(forms.Form):
    from_year = forms.TypedChoiceField(label=_("Van jaar"), coerce=int)
    amount = EuroField(label=_("Bedrag (euro)"))
    council_decision = forms.CharField(label=_("Raadsbesluit"), max_length=300)
    council_decision_date = forms.DateField(label=_("Datum raadsbesluit"), widget=forms.DateInput)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_year"].choices = [(year, str(year)) for year in years]
        _styled(self)

    def clean_council_decision_date(self):
        decided_on = self.cleaned_data["council_decision_date"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return decided_on
