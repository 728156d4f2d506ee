"""Forms of the reporting module (Dutch labels; domain rules live in the models and services)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.regions.models import AllocationKey, Municipality
from samen.regions.services import AllocationError, parse_amount

from .kpis import grants as grants_kpis
from .kpis.sources import model
from .models import CouncilLetter, Milestone, MilestoneDocument, Programme
from .periods import PeriodError, date_range, parse_period

WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def style(form: forms.BaseForm) -> None:
    """Give every widget its NL Design System class."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        css = next((c for cls, c in WIDGET_CLASSES.items() if type(field.widget) is cls), TEXTBOX)
        field.widget.attrs.setdefault("class", css)


class RegionUniqueMixin:
    """The region is set by the view, not a form field; still validate the unique constraints
    that include it, so a duplicate gets a clear message instead of a database error."""

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("region")
        return exclusions


class SubmissionTokenMixin(forms.Form):
    """A token per opened form; the view finds the row of a repeated submit instead of a twin."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not getattr(self.instance, "pk", None):
            self.fields["submission_token"].initial = uuid.uuid4()


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from; ``services.save_versioned`` refuses a stale one."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        style(self)


class ProgrammeForm(RegionUniqueMixin, VersionedForm):
    amount = forms.CharField(
        label=_("Bedrag in euro's"),
        max_length=30,
        help_text=_("Het totaalbedrag, of het bedrag per jaar. Bijvoorbeeld 170.000 of 100.000."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    grant_scheme_uuid = forms.ChoiceField(
        label=_("Realisatie uit subsidieregeling"),
        required=False,
        help_text=_(
            "Het budgetgrootboek van deze regeling geeft de realisatie naast de verdeling."
        ),
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "description",
            "budgeting",
            "amount",
            "starts_on",
            "ends_on",
            "allocation_key",
            "decision_reference",
            "grant_scheme_uuid",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["allocation_key"].queryset = AllocationKey.objects.filter(region=region)
        self.fields["allocation_key"].empty_label = None
        choices = [("", _("geen (geen realisatie tonen)"))]
        if grants_kpis.ledger_available():
            schemes = model("grants.GrantScheme").objects.filter(region=region).order_by("name")
            choices += [(str(s.uuid), s.name) for s in schemes]
        self.fields["grant_scheme_uuid"].choices = choices
        if self.instance.pk:
            self.initial["amount"] = f"{self.instance.amount:f}".replace(".", ",")
            self.initial["grant_scheme_uuid"] = str(self.instance.grant_scheme_uuid or "")

    def clean_amount(self):
        try:
            return parse_amount(self.cleaned_data["amount"], dutch_notation=True)
        except AllocationError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_grant_scheme_uuid(self):
        return self.cleaned_data.get("grant_scheme_uuid") or None


class MilestoneForm(SubmissionTokenMixin, VersionedForm):
    class Meta:
        model = Milestone
        fields = [
            "title",
            "description",
            "kind",
            "municipality",
            "window_starts_on",
            "due_on",
            "when_label",
            "by_college",
            "by_committee",
            "committee_name",
            "by_council",
            "college_on",
            "committee_on",
            "council_on",
            "cancelled_on",
            "cancel_reason",
            "source",
        ]
        widgets = {
            "window_starts_on": DateInput(),
            "due_on": DateInput(),
            "college_on": DateInput(),
            "committee_on": DateInput(),
            "council_on": DateInput(),
            "cancelled_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region)
        self.fields["municipality"].empty_label = _("alle gemeenten van de regio")


class MilestoneDocumentForm(SubmissionTokenMixin, forms.ModelForm):
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = MilestoneDocument
        fields = ["title", "url", "reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class CouncilLetterCreateForm(RegionUniqueMixin, forms.ModelForm):
    class Meta:
        model = CouncilLetter
        fields = ["municipality", "period"]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region)
        self.fields["municipality"].empty_label = None
        style(self)

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"]).code
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error


class CouncilLetterForm(VersionedForm):
    class Meta:
        model = CouncilLetter
        fields = ["subject", "letter_date", "introduction", "decisions_text", "closing"]
        widgets = {
            "letter_date": DateInput(),
            "introduction": forms.Textarea(attrs={"rows": 8}),
            "decisions_text": forms.Textarea(attrs={"rows": 5}),
            "closing": forms.Textarea(attrs={"rows": 3}),
        }


class PeriodForm(forms.Form):
    """A reporting period: a code (2021-H1) or a date range."""

    period = forms.CharField(
        label=_("Periode"),
        required=False,
        max_length=10,
        help_text=_("Bijvoorbeeld 2021-H1, 2021-Q2, 2021-05 of 2021. Of kies begin en eind."),
    )
    start = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())

    def __init__(self, *args, default, **kwargs):
        super().__init__(*args, **kwargs)
        self.default = default
        style(self)

    def clean(self):
        data = super().clean()
        start, end, code = data.get("start"), data.get("end"), data.get("period")
        try:
            if start or end:
                if not (start and end):
                    raise PeriodError(_("Kies zowel een begin- als een einddatum."))
                data["chosen"] = date_range(start, end)
            elif code:
                data["chosen"] = parse_period(code)
            else:
                data["chosen"] = self.default
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error
        return data


class QuickScanForm(forms.Form):
    """Before/after: the day a change started and how many months to compare on each side."""

    change_on = forms.DateField(
        label=_("Datum van de verandering"),
        widget=DateInput(),
        help_text=_("Bijvoorbeeld de start van de nieuwe uitvoering (1 januari 2021)."),
    )
    months = forms.IntegerField(
        label=_("Aantal maanden ervoor en erna"),
        min_value=1,
        max_value=24,
        initial=4,
        help_text=_("De quick scan vergelijkt zoveel maanden vóór met zoveel maanden na de datum."),
    )
    description = forms.CharField(label=_("Wat veranderde er"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
