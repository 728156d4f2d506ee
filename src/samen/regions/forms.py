from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AllocationKey
from .services import AllocationError, parse_amount


class AllocationForm(forms.Form):
    amount = forms.CharField(
        label=_("Bedrag in euro's"),
        max_length=30,
        help_text=_(
            "Bijvoorbeeld 100.000 of 34.000,50. Een bedrag in hele euro's wordt in hele euro's verdeeld."
        ),
        widget=forms.TextInput(
            attrs={
                "class": "utrecht-textbox utrecht-textbox--html-input",
                "inputmode": "decimal",
                "autocomplete": "off",
            }
        ),
    )
    key = forms.ChoiceField(
        label=_("Verdeelsleutel"),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    reference_date = forms.DateField(
        label=_("Peildatum inwoneraantal"),
        required=False,
        help_text=_("Leeg: het nieuwste inwoneraantal. Alleen bij verdeling naar inwoneraantal."),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"}
        ),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        stored = [(str(k.uuid), str(k)) for k in region.allocation_keys.all()]
        self.fields["key"].choices = [
            (AllocationKey.Kind.POPULATION.value, _("Naar inwoneraantal (alle gemeenten)")),
            (AllocationKey.Kind.EQUAL.value, _("Gelijke delen (alle gemeenten)")),
            *stored,
        ]

    def clean_amount(self):
        try:
            return parse_amount(self.cleaned_data["amount"], dutch_notation=True)
        except AllocationError as error:
            raise forms.ValidationError(str(error)) from error
