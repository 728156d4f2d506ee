"""Forms of the action lines module. Validation that is a domain rule lives in ``services``."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.network.models import Organisation, OrganisationMember, SharedValue
from samen.regions.models import Municipality

from .models import (
    ActionLine,
    CriterionCheck,
    MunicipalityRole,
    ProgressReport,
    ReportVersion,
)
from .services import REPORT_INTERVAL_MONTHS, add_months, meeting_people
from .workflow import INITIATIVE_TRANSITIONS, LINE_TRANSITIONS, available

WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"


class StyledForm(forms.Form):
    """Adds the NL Design System classes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = next(
                (c for cls, c in WIDGET_CLASSES.items() if type(field.widget) is cls), TEXTBOX
            )
            field.widget.attrs.setdefault("class", css)


def _values(region):
    return SharedValue.objects.filter(region=region).order_by("number")


class RegionChoiceMixin:
    """Adds a region choice when the user may act in more than one region."""

    def add_region_field(self, regions):
        self.regions = list(regions)
        if len(self.regions) > 1:
            self.fields["region"] = forms.ModelChoiceField(
                label=_("Regio"), queryset=regions, empty_label=None
            )

    def chosen_region(self):
        if "region" in self.fields:
            return self.cleaned_data["region"]
        return self.regions[0]


class ActionLineForm(StyledForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    aim = forms.CharField(
        label=_("Doel"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Wat wil de actielijn bereiken, in de geest van de stip op de horizon voor 2022?"
        ),
    )
    start_date = forms.DateField(label=_("Startdatum"), widget=DateInput())
    values = forms.ModelMultipleChoiceField(
        label=_("Gedeelde waarden die de lijn dient"),
        queryset=SharedValue.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["values"].queryset = _values(region)


class NewActionLineForm(RegionChoiceMixin, ActionLineForm):
    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, region=regions.first(), **kwargs)
        self.add_region_field(regions)
        self.fields["values"].queryset = SharedValue.objects.filter(region__in=regions).order_by(
            "region", "number"
        )
        self.initial.setdefault("start_date", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        region = self.chosen_region() if "region" not in self.errors else None
        if region and any(v.region_id != region.pk for v in cleaned.get("values", [])):
            self.add_error("values", _("Kies waarden van de gekozen regio."))
        return cleaned


class StatusChangeForm(StyledForm):
    transition = forms.ChoiceField(label=_("Nieuwe status"), widget=forms.RadioSelect)
    on = forms.DateField(label=_("Per datum"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De volgers van de lijn krijgen de reden te lezen."),
    )

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [
            (t.name, f"{t.label} ({line.Status(t.target).label.lower()})")
            for t in available(LINE_TRANSITIONS, line)
        ]
        self.initial.setdefault("on", timezone.localdate())

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("Kies vandaag of een eerdere datum."))
        return on


class LeadForm(StyledForm):
    member = forms.ModelChoiceField(
        label=_("Trekker"),
        queryset=OrganisationMember.objects.none(),
        help_text=_("Iemand van een partnerorganisatie, namens die organisatie."),
    )
    since = forms.DateField(label=_("Trekker sinds"), widget=DateInput())

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            OrganisationMember.objects.filter(organisation__region=line.region_id)
            .exclude(user__in=line.lead_links.values("user"))
            .select_related("user", "organisation")
            .order_by("user__full_name", "organisation__name")
        )
        self.fields["member"].label_from_instance = lambda m: f"{m.user} – {m.organisation}"
        self.initial.setdefault("since", timezone.localdate())


class CommitmentForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Partnerorganisatie"), queryset=Organisation.objects.none()
    )
    since = forms.DateField(label=_("Gecommitteerd sinds"), widget=DateInput())

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(region=line.region_id)
            .exclude(commitments__action_line=line)
            .order_by("name")
        )
        self.initial.setdefault("since", timezone.localdate())


class MunicipalityRolesForm(StyledForm):
    """One role (or "not decided") and an explanation per municipality of the line's region."""

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = list(
            Municipality.objects.filter(region=line.region_id).order_by("name")
        )
        current = {r.municipality_id: r for r in line.municipality_roles.all()}
        choices = [("", _("Nog niet bepaald")), *MunicipalityRole.Ladder.choices]
        for municipality in self.municipalities:
            role = current.get(municipality.pk)
            self.fields[f"role_{municipality.pk}"] = forms.ChoiceField(
                label=_("Rol van %(name)s") % {"name": municipality.name},
                choices=choices,
                required=False,
                initial=role.role if role else "",
                widget=forms.Select(attrs={"class": WIDGET_CLASSES[forms.Select]}),
            )
            self.fields[f"explanation_{municipality.pk}"] = forms.CharField(
                label=_("Toelichting %(name)s") % {"name": municipality.name},
                required=False,
                initial=role.explanation if role else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": WIDGET_CLASSES[forms.Textarea]}),
            )

    def roles(self) -> dict:
        return {
            m: (self.cleaned_data[f"role_{m.pk}"], self.cleaned_data[f"explanation_{m.pk}"])
            for m in self.municipalities
        }


def period_choices(today=None):
    """Half years from 2019 up to the current one, newest first, as "2021-2"."""
    today = today or timezone.localdate()
    current = (today.year, 1 if today.month <= 6 else 2)
    choices = []
    for year in range(today.year, 2018, -1):
        for half in (2, 1):
            if (year, half) <= current:
                label = (
                    _("%(year)s, eerste halfjaar") if half == 1 else _("%(year)s, tweede halfjaar")
                )
                choices.append((f"{year}-{half}", label % {"year": year}))
    return choices


def previous_half_year(today=None) -> str:
    """The half year that just ended: what a half-yearly report usually covers."""
    day = add_months(today or timezone.localdate(), -REPORT_INTERVAL_MONTHS)
    return f"{day.year}-{1 if day.month <= 6 else 2}"


class ReportForm(StyledForm):
    """Content of a report or update. The pressed button (``action``) says: draft or submit."""

    period = forms.ChoiceField(label=_("Periode"))
    traffic_light = forms.ChoiceField(
        label=_("Stoplicht"),
        choices=ReportVersion.TrafficLight.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Hoe staat de lijn ervoor?"),
    )
    summary = forms.CharField(
        label=_("Samenvatting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "De kern in één of twee zinnen; deze staat op de agenda van de platformbijeenkomst."
        ),
    )
    done = forms.CharField(
        label=_("Wat is er gedaan?"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    results = forms.CharField(
        label=_("Resultaten ten opzichte van het doel"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    needed = forms.CharField(
        label=_("Wat is er nodig?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Van partners, gemeenten of de aanjager."),
    )
    next_steps = forms.CharField(
        label=_("Volgende stappen"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    change_note = forms.CharField(
        label=_("Wat is er gewijzigd ten opzichte van de vorige versie?"),
        max_length=500,
        required=False,
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kind, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if report is not None or kind != ProgressReport.Kind.HALF_YEARLY:
            del self.fields["period"]
        else:
            self.fields["period"].choices = period_choices()
            self.initial.setdefault("period", previous_half_year())
        if kind == ProgressReport.Kind.UPDATE:
            for name in ("traffic_light", "results", "needed", "next_steps"):
                del self.fields[name]
            self.fields["summary"].label = _("Update")
            self.fields["summary"].help_text = _("Wat is er nieuw? Kort en bondig.")
            self.fields["done"].label = _("Toelichting")
        if report is None:
            del self.fields["change_note"], self.fields["based_on"]
            self.initial.setdefault("submission_key", uuid.uuid4())
        else:
            del self.fields["submission_key"]
            latest = report.versions.order_by("-number").first()
            if not latest.is_frozen:
                del self.fields["change_note"]
            self.initial.setdefault("based_on", f"{latest.number}:{latest.revision}")

    def clean_based_on(self):
        raw = self.cleaned_data.get("based_on") or ""
        try:
            number, revision = (int(part) for part in raw.split(":"))
        except ValueError:
            return None
        return number, revision

    def clean_period(self):
        year, half = self.cleaned_data["period"].split("-")
        return int(year), int(half)


class MeetingForm(RegionChoiceMixin, StyledForm):
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    start_time = forms.TimeField(label=_("Aanvang"), required=False, widget=TimeInput())
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        help_text=_("De bijeenkomst rouleert over de gemeenten van de regio."),
    )
    venue = forms.CharField(
        label=_("Locatie"),
        max_length=300,
        required=False,
        help_text=_("Naam en adres van de plek, bijvoorbeeld een buurthuis of een partner."),
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_region_field(regions)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            region__in=regions
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality")
        if (
            municipality
            and "region" not in self.errors
            and municipality.region_id != self.chosen_region().pk
        ):
            self.add_error("municipality", _("Kies een gemeente van de gekozen regio."))
        return cleaned


class MeetingRecordForm(StyledForm):
    minutes = forms.CharField(
        label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Aanwezige organisaties"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Houd Ctrl (of Cmd) ingedrukt om er meer te kiezen."),
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Aanwezige personen"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Houd Ctrl (of Cmd) ingedrukt om er meer te kiezen."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            region=meeting.region_id
        ).order_by("name")
        self.fields["attendees"].queryset = meeting_people(meeting.region)
        self.initial.setdefault("revision", meeting.revision)


def _region_lines(region_id):
    return ActionLine.objects.filter(region=region_id).order_by("title")


class MeetingDecisionForm(StyledForm):
    action_line = forms.ModelChoiceField(
        label=_("Over actielijn"),
        queryset=ActionLine.objects.none(),
        required=False,
        empty_label=_("Algemeen"),
    )
    text = forms.CharField(label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_line"].queryset = _region_lines(meeting.region_id)


class FollowUpForm(StyledForm):
    action_line = forms.ModelChoiceField(
        label=_("Bij actielijn"),
        queryset=ActionLine.objects.none(),
        required=False,
        empty_label=_("Algemeen"),
    )
    description = forms.CharField(label=_("Actie"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=ActionLine.objects.none())
    due_date = forms.DateField(label=_("Uiterlijk"), widget=DateInput())

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_line"].queryset = _region_lines(meeting.region_id)
        self.fields["owner"].queryset = meeting_people(meeting.region)


class InitiativeForm(RegionChoiceMixin, StyledForm):
    """What, who, and per shared value: does it serve it, and how does it fit."""

    title = forms.CharField(label=_("Naam van het initiatief"), max_length=200)
    description = forms.CharField(
        label=_("Wat houdt het in?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat wilt u doen, voor wie, en wat levert het op?"),
    )
    who = forms.CharField(
        label=_("Wie doen er mee?"),
        max_length=500,
        required=False,
        help_text=_("Personen en organisaties die het initiatief dragen."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Namens organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Op persoonlijke titel"),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, regions, user, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_region_field(regions)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            region__in=regions, members__user=user
        ).order_by("name")
        self.values = list(
            SharedValue.objects.filter(region__in=regions).order_by("region", "number")
        )
        fits = {f.value_id: f for f in initiative.value_fits.all()} if initiative else {}
        for value in self.values:
            fit = fits.get(value.pk)
            self.fields[f"serves_{value.pk}"] = forms.BooleanField(
                label=_("Het initiatief draagt bij aan deze waarde"),
                required=False,
                initial=fit.serves if fit else False,
                widget=forms.CheckboxInput(attrs={"class": WIDGET_CLASSES[forms.CheckboxInput]}),
            )
            self.fields[f"fit_{value.pk}"] = forms.CharField(
                label=_("Hoe past het bij deze waarde?"),
                initial=fit.explanation if fit else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": WIDGET_CLASSES[forms.Textarea]}),
            )
        if initiative is None:
            self.initial.setdefault("submission_key", uuid.uuid4())
        else:
            del self.fields["submission_key"]

    def main_fields(self):
        names = ("region", "title", "description", "who", "organisation")
        return [self[name] for name in names if name in self.fields]

    def value_rows(self):
        """(value, serves field, fit field) per shared value, for the template's fieldsets."""
        return [(v, self[f"serves_{v.pk}"], self[f"fit_{v.pk}"]) for v in self.values]

    def fits_for(self, region):
        from .services import FitAnswer

        return [
            FitAnswer(v, self.cleaned_data[f"serves_{v.pk}"], self.cleaned_data[f"fit_{v.pk}"])
            for v in self.values
            if v.region_id == region.pk
        ]


class CriteriaForm(StyledForm):
    """The three experiment criteria of seed 003 §5.2, each met or not, with a reason."""

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        current = {c.criterion: c for c in initiative.criterion_checks.all()}
        for criterion in CriterionCheck.Criterion:
            check = current.get(criterion.value)
            self.fields[f"met_{criterion.value}"] = forms.TypedChoiceField(
                label=criterion.label,
                choices=[("yes", _("Voldoet")), ("no", _("Voldoet niet"))],
                coerce=lambda v: v == "yes",
                widget=forms.RadioSelect(attrs={"class": WIDGET_CLASSES[forms.RadioSelect]}),
                initial=("yes" if check.met else "no") if check else None,
            )
            self.fields[f"reason_{criterion.value}"] = forms.CharField(
                label=_("Motivering"),
                initial=check.reason if check else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": WIDGET_CLASSES[forms.Textarea]}),
            )

    def criterion_rows(self):
        return [
            (c, self[f"met_{c.value}"], self[f"reason_{c.value}"]) for c in CriterionCheck.Criterion
        ]

    def checks(self) -> dict:
        return {
            c.value: (self.cleaned_data[f"met_{c.value}"], self.cleaned_data[f"reason_{c.value}"])
            for c in CriterionCheck.Criterion
        }


class InitiativeDecisionForm(StyledForm):
    decision = forms.ChoiceField(label=_("Besluit"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (t.name, t.label) for t in available(INITIATIVE_TRANSITIONS, initiative)
        ]


class ConvertForm(StyledForm):
    start_date = forms.DateField(label=_("Startdatum van de actielijn"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("start_date", timezone.localdate())


class LineFilterForm(StyledForm):
    mine = forms.BooleanField(label=_("Alleen lijnen waar ik trekker van ben"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *ActionLine.Status.choices]
    )
    value = forms.ModelChoiceField(
        label=_("Waarde"),
        required=False,
        queryset=SharedValue.objects.none(),
        to_field_name="uuid",
        empty_label=_("Alle"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente (heeft een rol)"),
        required=False,
        queryset=Municipality.objects.none(),
        to_field_name="uuid",
        empty_label=_("Alle"),
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].queryset = SharedValue.objects.filter(region__in=regions).order_by(
            "region", "number"
        )
        self.fields["municipality"].queryset = Municipality.objects.filter(
            region__in=regions
        ).order_by("name")
