"""Forms of the matching module (Dutch labels; the rules stay in services, workflow and rules)."""

import uuid

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.network.models import Organisation
from samen.participation import instruments
from samen.participation.models import Talent
from samen.regions.models import Municipality, Region

from .models import Match, WorkOpportunity


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class GroupedTalentIterator(ModelChoiceIterator):
    """Talents grouped per category of the vocabulary (optgroups), read when the form renders."""

    def __iter__(self):
        labels = dict(Talent.Category.choices)
        groups: dict[str, list] = {}
        for talent in self.queryset.order_by("category", "name"):
            groups.setdefault(talent.category, []).append(self.choice(talent))
        for category, items in groups.items():
            yield labels.get(category, category), items


class GroupedTalentField(forms.ModelMultipleChoiceField):
    """Talents as a multiple select with one group per category of the vocabulary."""

    iterator = GroupedTalentIterator
    widget = forms.SelectMultiple(attrs={"size": 12})

    def __init__(self, **kwargs):
        super().__init__(queryset=Talent.objects.filter(is_active=True), required=False, **kwargs)


class OpportunityForm(forms.ModelForm):
    """Post or change available work. ``organisations`` and ``municipalities`` are what the user
    may choose from (see ``rules.can_post_for``)."""

    talents_asked = GroupedTalentField(
        label=_("Gevraagde talenten"),
        help_text=_(
            "Wat iemand al moet kunnen. Houd het kort: wat hier te leren is, hoort hieronder."
        ),
    )
    talents_taught = GroupedTalentField(
        label=_("Talenten die hier te leren zijn"),
        help_text=_("Wat iemand op deze werkplek kan leren, met begeleiding of opleiding."),
    )
    core_demands = forms.MultipleChoiceField(
        label=_("Wat het werk altijd vraagt"),
        choices=instruments.LIMITATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Belasting die bij elke werkdag hoort. Wie hierin beperkt is, komt niet in aanmerking."
        ),
    )
    other_demands = forms.MultipleChoiceField(
        label=_("Wat het werk soms vraagt"),
        choices=instruments.LIMITATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Belasting die af en toe voorkomt; telt mee als aandachtspunt."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = WorkOpportunity
        fields = [
            "title",
            "organisation",
            "municipality",
            "kind",
            "tasks",
            "talents_asked",
            "talents_taught",
            "hours_min",
            "hours_max",
            "core_demands",
            "other_demands",
            "offers_job_coach",
            "offers_training",
            "places",
            "open_until",
            "status",
        ]
        widgets = {"tasks": forms.Textarea(attrs={"rows": 4}), "open_until": DateInput()}

    def __init__(self, *args, organisations, municipalities, organisation_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        # Partners post for their own organisation; case workers may post municipal work too.
        self.fields["organisation"].required = organisation_required
        self.fields["municipality"].queryset = municipalities
        if self.instance.pk is None:
            del self.fields["status"]
            self.initial.setdefault("submission_token", uuid.uuid4())
        else:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        low, high = data.get("hours_min"), data.get("hours_max")
        if low and high and low > high:
            self.add_error("hours_max", _("Het maximum aantal uren ligt onder het minimum."))
        core, other = set(data.get("core_demands") or ()), set(data.get("other_demands") or ())
        if core & other:
            self.add_error(
                "other_demands",
                _("Kies per soort belasting 'altijd' of 'soms', niet allebei."),
            )
        organisation, municipality = data.get("organisation"), data.get("municipality")
        if organisation and municipality and organisation.region_id != municipality.region_id:
            self.add_error(
                "municipality", _("De werkplek ligt niet in de regio van de organisatie.")
            )
        open_until = data.get("open_until")
        if open_until and self.instance.pk is None and open_until < timezone.localdate():
            self.add_error("open_until", _("Deze datum ligt in het verleden."))
        return data


class RankingFilterForm(forms.Form):
    """Filters on the ranking of a resident: kind, municipality of the work, hours."""

    kind = forms.MultipleChoiceField(
        label=_("Soort werk"),
        choices=WorkOpportunity.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente van de werkplek"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("hele regio"),
    )
    max_hours = forms.IntegerField(
        label=_("Hoogstens zoveel uur per week (minimum van de werkplek)"),
        min_value=1,
        max_value=60,
        required=False,
    )
    include_blocked = forms.BooleanField(
        label=_("Toon ook werkplekken die (nog) niet kunnen, met de reden"), required=False
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = region.municipalities.order_by("name")


class ProposeForm(forms.Form):
    opportunity = forms.UUIDField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Toelichting (niet verplicht)"), required=False, widget=forms.TextInput
    )


class TransitionForm(forms.Form):
    """One step of a match; the workflow says which fields the step needs."""

    transition = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    placed_on = forms.DateField(label=_("Datum van plaatsing"), required=False, widget=DateInput())
    ended_on = forms.DateField(label=_("Einddatum"), required=False, widget=DateInput())
    end_reason = forms.ChoiceField(
        label=_("Reden van het einde"),
        choices=[("", "---------"), *Match.EndReason.choices],
        required=False,
    )
    declined_by = forms.ChoiceField(
        label=_("Afgewezen door"),
        choices=[("", "---------"), *Match.DeclinedBy.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    start_arrangement = forms.BooleanField(
        label=_("Regeling in het dossier starten of wisselen"),
        required=False,
        initial=True,
        help_text=_(
            "Start de bijpassende regeling (of wissel de lopende) per de datum van plaatsing, "
            "met de aanbieder, de uren en de ondersteuning van deze werkplek."
        ),
    )
    acknowledge_warnings = forms.BooleanField(
        label=_("Ik heb de aandachtspunten van de regeling gezien"), required=False
    )

    def step_data(self) -> dict:
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in ("transition", "version") and value not in (None, "")
        }


class RoundForm(forms.Form):
    """Start an assignment round for one municipality or a whole region."""

    area = forms.ChoiceField(label=_("Voor wie"))
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, municipalities, regions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (f"m:{m.uuid}", _("Gemeente %(name)s") % {"name": m.name}) for m in municipalities
        ]
        choices += [(f"r:{r.uuid}", _("Hele regio %(name)s") % {"name": r.name}) for r in regions]
        self.fields["area"].choices = choices
        self._municipalities = {str(m.uuid): m for m in municipalities}
        self._regions = {str(r.uuid): r for r in regions}
        if not self.is_bound:
            self.initial["submission_token"] = uuid.uuid4()

    def clean_area(self):
        kind, _sep, key = self.cleaned_data["area"].partition(":")
        if kind == "m" and key in self._municipalities:
            municipality = self._municipalities[key]
            return municipality.region, municipality
        if kind == "r" and key in self._regions:
            return self._regions[key], None
        raise forms.ValidationError(_("Kies een gemeente of regio."))


class EvaluationForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Meten op"),
        choices=[
            ("benchmark", _("gegenereerde benchmarkpopulatie")),
            ("history", _("plaatsingsgeschiedenis van de regio")),
        ],
    )
    residents = forms.IntegerField(
        label=_("Aantal inwoners (benchmark)"), min_value=100, max_value=5000, initial=2000
    )
    opportunities = forms.IntegerField(
        label=_("Aantal werkplekken (benchmark)"), min_value=50, max_value=2000, initial=800
    )
    region = forms.ModelChoiceField(
        label=_("Regio (plaatsingsgeschiedenis)"), queryset=Region.objects.none(), required=False
    )
    k = forms.IntegerField(
        label=_("Lengte van de ranglijst (k)"), min_value=1, max_value=50, initial=10
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean(self):
        data = super().clean()
        if data.get("source") == "history" and not data.get("region"):
            self.add_error("region", _("Kies de regio waarvan de geschiedenis gemeten wordt."))
        return data


def organisations_for_user(user, region_ids):
    """Organisations ``user`` may post work for (see ``rules.can_post_for``)."""
    from .rules import R

    qs = Organisation.objects.filter(region_id__in=region_ids).order_by("name")
    if user.is_superuser or any(
        m.role in (R.CASE_WORKER, R.ADMIN) for m in user.active_memberships
    ):
        return qs
    return qs.filter(members__user=user).distinct()
