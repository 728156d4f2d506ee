"""Forms of the participation module (Dutch labels; domain rules stay in services/switching)."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Membership, User
from samen.accounts.roles import Role
from samen.network.models import Organisation

from . import instruments
from .bsn import normalise_bsn
from .models import (
    Arrangement,
    BenefitEpisode,
    Consent,
    ContactMoment,
    Dossier,
    HealthAssessment,
    Pillar,
    Plan,
    Resident,
    TalentProfile,
    TargetGroupRegistration,
)
from .services import BSN_REVEAL_PURPOSES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_widgets(*names):
    return {name: DateInput() for name in names}


class SubmitOnceMixin(forms.Form):
    """A hidden token per opened form: submitting it twice finds the first result."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())


class VersionMixin(forms.Form):
    """Carries the row's version so a concurrent edit is noticed instead of overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and getattr(self, "instance", None) is not None:
            self.initial["version"] = self.instance.version


class SearchForm(forms.Form):
    query = forms.CharField(
        label=_("Zoek op naam, BSN of referentie"),
        max_length=200,
        help_text=_(
            "Het zoeken gaat via een formulier, zodat een BSN nooit in een webadres staat."
        ),
    )


class ResidentForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = Resident
        fields = [
            "given_names",
            "surname_prefix",
            "surname",
            "date_of_birth",
            "street",
            "house_number",
            "postal_code",
            "city",
            "phone",
            "email",
        ]
        widgets = _date_widgets("date_of_birth")

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Een geboortedatum ligt niet in de toekomst."))
        return value


class RegisterResidentForm(ResidentForm):
    """A new resident: the BSN (11-proof) and, for a case worker of several municipalities, where."""

    bsn = forms.CharField(
        label=_("BSN"),
        max_length=12,
        help_text=_("Negen cijfers; een BSN van acht cijfers vullen we aan met een nul."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    municipality = forms.ModelChoiceField(queryset=None, label=_("Gemeente"), empty_label=None)

    field_order = ["municipality", "bsn"]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("version")
        self.fields["municipality"].queryset = municipalities
        if municipalities.count() == 1:
            self.fields["municipality"].widget = forms.HiddenInput()
            self.initial["municipality"] = municipalities.first().pk

    def clean_bsn(self):
        return normalise_bsn(self.cleaned_data["bsn"])


class RevealBsnForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Waarvoor hebt u het BSN nodig?"), choices=BSN_REVEAL_PURPOSES
    )


def case_workers_of(municipality):
    memberships = Membership.objects.active().filter(role=Role.CASE_WORKER)
    return User.objects.filter(
        is_active=True,
        memberships__in=memberships.filter(municipality=municipality)
        | memberships.filter(region=municipality.region_id),
    ).distinct()


class PillarForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = Pillar
        fields = ["status", "goals", "case_worker"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_worker"].queryset = case_workers_of(self.instance.dossier.municipality)


class PlanForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["agreed_goals", "actions", "agreed_on", "review_on"]
        widgets = {
            **_date_widgets("agreed_on", "review_on"),
            "agreed_goals": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        agreed, review = cleaned.get("agreed_on"), cleaned.get("review_on")
        if agreed and review and review < agreed:
            self.add_error("review_on", _("De evaluatiedatum ligt voor de datum van de afspraak."))
        return cleaned


class ContactMomentForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = ContactMoment
        fields = ["occurred_on", "channel", "summary"]
        widgets = {**_date_widgets("occurred_on"), "summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("occurred_on", timezone.localdate())


class BenefitEpisodeForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = BenefitEpisode
        fields = ["kind", "started_on", "ended_on", "end_reason"]
        widgets = _date_widgets("started_on", "ended_on")


class EndBenefitForm(forms.Form):
    ended_on = forms.DateField(label=_("Einddatum"), widget=DateInput())
    end_reason = forms.ChoiceField(label=_("Reden einde"), choices=BenefitEpisode.EndReason.choices)


def organisations_for(dossier):
    return Organisation.objects.filter(region_id=dossier.municipality.region_id).order_by("name")


class ArrangementForm(SubmitOnceMixin, forms.ModelForm):
    acknowledge_warnings = forms.BooleanField(
        label=_("Ik heb de aandachtspunten gezien en ga toch door"), required=False
    )

    class Meta:
        model = Arrangement
        fields = [
            "kind",
            "provider",
            "provider_name",
            "hours_per_week",
            "support",
            "started_on",
            "uwv_advice_on",
            "uwv_advice_reference",
        ]
        widgets = _date_widgets("started_on", "uwv_advice_on")

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = organisations_for(dossier)
        self.fields["provider_name"].help_text = _(
            "Vul een naam in als de aanbieder of werkgever niet in het netwerk staat."
        )
        self.fields["support"].help_text = _("Alleen bij regulier werk met ondersteuning.")
        if not self.is_bound:
            self.fields.pop("acknowledge_warnings")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("provider") and not cleaned.get("provider_name", "").strip():
            self.add_error(
                "provider_name", _("Kies een aanbieder uit het netwerk of vul een naam in.")
            )
        return cleaned


class SwitchForm(ArrangementForm):
    reason = forms.CharField(
        label=_("Reden van de wissel"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: 'kan meer aan, wil een stap zetten naar werk'."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].label = _("Wisseldatum (start van de nieuwe regeling)")
        self.fields["started_on"].help_text = _(
            "De huidige regeling eindigt de dag ervoor: er zit geen gat tussen."
        )


class EndArrangementForm(forms.Form):
    ended_on = forms.DateField(label=_("Einddatum"), widget=DateInput())
    reason = forms.CharField(label=_("Reden einde"), max_length=300)


class TargetGroupForm(forms.ModelForm):
    class Meta:
        model = TargetGroupRegistration
        fields = ["status", "per_date", "source"]
        widgets = _date_widgets("per_date")


class LadderForm(SubmitOnceMixin):
    """The short question flow of the Participatieladder, answered together with the resident."""

    assessed_on = forms.DateField(label=_("Datum van het gesprek"), widget=DateInput())
    horizon_months = forms.IntegerField(
        label=_("Horizon in maanden"), min_value=1, max_value=60, initial=12
    )
    confirmed_rung = forms.TypedChoiceField(
        label=_("Bevestigde trede"),
        choices=[("", _("zoals afgeleid"))] + instruments.RUNG_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    deviation_note = forms.CharField(
        label=_("Toelichting als de trede afwijkt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("assessed_on", timezone.localdate())
        for question in instruments.LADDER_QUESTIONS:
            self.fields[question.code] = forms.ChoiceField(
                label=question.text,
                choices=question.choices,
                widget=forms.RadioSelect,
                required=question.only_if is None,
                initial=(initial_answers or {}).get(question.code),
            )

    def answers(self) -> dict:
        return {q.code: self.cleaned_data.get(q.code) for q in instruments.LADDER_QUESTIONS}

    def current_questions(self):
        return [self[q.code] for q in instruments.LADDER_QUESTIONS if q.part == "current"]

    def potential_questions(self):
        return [self[q.code] for q in instruments.LADDER_QUESTIONS if q.part == "potential"]


class HealthForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = HealthAssessment
        fields = ["assessed_on", "filled_in"] + [code for code, _l in instruments.HEALTH_DIMENSIONS]
        widgets = {
            **_date_widgets("assessed_on"),
            **{
                code: forms.NumberInput(attrs={"min": 0, "max": 10})
                for code, _l in instruments.HEALTH_DIMENSIONS
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("assessed_on", timezone.localdate())
        for code, _label in instruments.HEALTH_DIMENSIONS:
            self.fields[code].help_text = _("0 tot en met 10")


class SelfRelianceForm(SubmitOnceMixin):
    assessed_on = forms.DateField(label=_("Datum"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("assessed_on", timezone.localdate())
        for code, label in instruments.SELF_RELIANCE_DOMAINS:
            self.fields[code] = forms.TypedChoiceField(
                label=label,
                choices=[("", _("niet gescoord"))] + instruments.SELF_RELIANCE_SCALE,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def scores(self) -> dict:
        return {code: self.cleaned_data.get(code) for code, _l in instruments.SELF_RELIANCE_DOMAINS}


class TalentProfileForm(VersionMixin, forms.ModelForm):
    limitations = forms.MultipleChoiceField(
        label=_("Functionele beperkingen"),
        choices=instruments.LIMITATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Alleen wat lastig is om te doen, nooit een diagnose."),
    )

    class Meta:
        model = TalentProfile
        fields = ["talents", "ambitions", "motivation", "hours_per_week", "limitations"]
        widgets = {
            "talents": forms.CheckboxSelectMultiple,
            "ambitions": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Talent

        self.fields["talents"].queryset = Talent.objects.filter(is_active=True)
        self.fields["talents"].required = False

    def talent_groups(self):
        """[(category label, [checkbox widgets])] for the template's fieldsets."""
        from .models import Talent

        labels = dict(Talent.Category.choices)
        selected = {str(pk) for pk in (self["talents"].value() or [])}
        groups: dict[str, list] = {}
        for talent in self.fields["talents"].queryset:
            groups.setdefault(talent.category, []).append((talent, str(talent.pk) in selected))
        return [
            (labels[category], items, any(checked for _talent, checked in items))
            for category, items in groups.items()
        ]

    def limitation_groups(self):
        selected = set(self["limitations"].value() or [])
        return [
            (group, [(code, label, code in selected) for code, label in items])
            for group, items in instruments.LIMITATION_GROUPS
        ]


class ConsentForm(SubmitOnceMixin, forms.ModelForm):
    shared = forms.MultipleChoiceField(
        label=_("Wat mag de partner zien?"),
        choices=instruments.SHARE_CATEGORIES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Naam, BSN, adres, inkomen en gezondheid worden nooit gedeeld. De partner ziet de "
            "inwoner onder een pseudoniem."
        ),
    )

    class Meta:
        model = Consent
        fields = ["organisation", "shared", "form", "given_on"]
        widgets = _date_widgets("given_on")

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(dossier)
        self.initial.setdefault("given_on", timezone.localdate())


class CloseDossierForm(forms.Form):
    closed_on = forms.DateField(label=_("Afgesloten op"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reden"), choices=Dossier.ClosingReason.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("closed_on", timezone.localdate())
