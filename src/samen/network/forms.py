from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.regions.models import Municipality, Region

from .models import Contact, Endorsement, Organisation, SharedValue, StakeholderGroup
from .services import DirectoryFilters, record_consent


class DirectoryFilterForm(forms.Form):
    """The directory's search form (GET). Invalid choices are ignored, never an error page."""

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200, widget=forms.SearchInput)
    group = forms.ModelChoiceField(
        label=_("Stakeholdergroep"),
        queryset=StakeholderGroup.objects.all(),
        required=False,
        empty_label=_("Alle groepen"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Werkzaam in"),
        queryset=Municipality.objects.none(),
        to_field_name="cbs_code",
        required=False,
        empty_label=_("Alle gemeenten"),
    )
    expertise = forms.CharField(
        label=_("Expertise"),
        required=False,
        max_length=200,
        widget=forms.SearchInput,
        help_text=_("Zoekt alleen in 'waar we goed in zijn'."),
    )
    value = forms.TypedChoiceField(
        label=_("Onderschrijft waarde"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, regions=(), values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            region__in=regions
        ).order_by("name")
        numbers = sorted({(value.number, value.title) for value in values})
        self.fields["value"].choices = [("", _("Alle waarden"))] + [
            (number, f"{number}. {title}") for number, title in numbers
        ]
        for name in ("q", "expertise"):
            self.fields[name].widget.attrs.update(
                {"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "off"}
            )
        for name in ("group", "municipality", "value"):
            self.fields[name].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"

    def search_arguments(self) -> tuple[str, DirectoryFilters]:
        """(words, filters) for ``search_organisations``; bad fields count as not given."""
        data = self.cleaned_data if self.is_valid() else self._valid_part()
        group = data.get("group")
        municipality = data.get("municipality")
        filters = DirectoryFilters(
            stakeholder_group=group.pk if group else None,
            municipality=municipality.cbs_code if municipality else None,
            expertise=data.get("expertise") or "",
            value=data.get("value"),
        )
        return data.get("q") or "", filters

    def _valid_part(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


def https_by_default(field, **kwargs):
    """Web addresses typed without a scheme get https:// (Django 6's default, chosen now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganisationForm(forms.ModelForm):
    """A partner profile. ``version`` travels with the form so concurrent edits are detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Organisation
        formfield_callback = https_by_default
        fields = [
            "name",
            "stakeholder_group",
            "municipalities",
            "description",
            "expertise",
            "offers",
            "seeks",
            "website",
            "email",
            "phone",
        ]
        widgets = {
            "municipalities": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "expertise": forms.Textarea(attrs={"rows": 3}),
            "offers": forms.Textarea(attrs={"rows": 3}),
            "seeks": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, region: Region | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            self.instance.region = region
            self.fields["municipalities"].queryset = region.municipalities.order_by("name")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        _style(self)

    def changed_fields_against(self, saved: Organisation) -> list[str]:
        """Names of the fields where this (valid) input differs from the profile as ``saved``."""
        changed = []
        for name in self._meta.fields:
            submitted = self.cleaned_data.get(name)
            if name == "municipalities":
                differs = {m.pk for m in submitted or []} != {
                    m.pk for m in saved.municipalities.all()
                }
            elif name == "stakeholder_group":
                differs = getattr(submitted, "pk", None) != saved.stakeholder_group_id
            else:
                differs = (submitted or "") != (getattr(saved, name) or "")
            if differs:
                changed.append(name)
        return changed

    def clean(self):
        data = super().clean()
        name = data.get("name")
        # (region, name) is unique; the region is not a form field, so ModelForm skips the check.
        if name and self.instance.region_id:
            same_name = Organisation.objects.filter(region_id=self.instance.region_id, name=name)
            if same_name.exclude(pk=self.instance.pk).exists():
                self.add_error("name", _("Er is al een organisatie met deze naam in deze regio."))
        return data


class OrganisationCreateForm(OrganisationForm):
    """A new organisation: the facilitator also picks the region (when they keep several)."""

    region_choice = forms.ModelChoiceField(label=_("Regio"), queryset=Region.objects.none())

    def __init__(self, *args, regions, **kwargs):
        regions = list(regions)
        only = regions[0] if len(regions) == 1 else None
        super().__init__(*args, region=only, **kwargs)
        field = self.fields["region_choice"]
        field.queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
        field.initial = only
        field.widget = (
            forms.HiddenInput() if only else forms.Select(attrs={"class": "utrecht-select"})
        )
        self.order_fields(["region_choice"])
        if only is None:
            self.fields["municipalities"].queryset = Municipality.objects.filter(
                region__in=regions
            ).order_by("region__name", "name")

    def clean(self):
        region = self.cleaned_data.get("region_choice")
        if region:
            self.instance.region = region  # before the name check in OrganisationForm.clean
        data = super().clean()
        if region:
            foreign = [m for m in data.get("municipalities") or [] if m.region_id != region.pk]
            if foreign:
                self.add_error(
                    "municipalities", _("Kies alleen gemeenten uit de regio van de organisatie.")
                )
        return data


class ContactForm(forms.ModelForm):
    """A contact person; ``consent`` records (or withdraws) their consent to be shown."""

    consent = forms.BooleanField(
        label=_("Deze persoon heeft toestemming gegeven om in de partnergids te worden getoond"),
        required=False,
        help_text=_(
            "Zonder toestemming ziet niemand buiten uw organisatie deze contactpersoon. "
            "Vink uit om de toestemming in te trekken."
        ),
    )

    class Meta:
        model = Contact
        fields = ["name", "function", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].initial = self.instance.has_consent
        _style(self)

    def save(self, commit=True):
        record_consent(self.instance, given=self.cleaned_data["consent"])
        return super().save(commit)


class EndorsementForm(forms.ModelForm):
    """An organisation signs one of its region's shared values it has not yet endorsed."""

    class Meta:
        model = Endorsement
        fields = ["value", "signed_by", "endorsed_on"]
        widgets = {"endorsed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        values = SharedValue.objects.filter(region_id=organisation.region_id)
        field = self.fields["value"]
        field.queryset = values
        # Offer only values not yet signed; a double submit of a signed one is still valid input
        # (the service then returns the existing endorsement instead of failing).
        open_values = values.exclude(endorsements__organisation=organisation)
        field.choices = [("", "---------")] + [(v.pk, str(v)) for v in open_values]
        self.fields["endorsed_on"].initial = timezone.localdate()
        _style(self)

    def clean_endorsed_on(self):
        endorsed_on = self.cleaned_data["endorsed_on"]
        if endorsed_on > timezone.localdate():
            raise forms.ValidationError(_("Een onderschrijving kan niet in de toekomst."))
        return endorsed_on


def _style(form):
    """NL Design System classes on the widgets (the shared field template renders the rest)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "utrecht-checkbox utrecht-checkbox--html-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")
        elif isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", "utrecht-textarea utrecht-textarea--html-textarea")
        else:
            widget.attrs.setdefault("class", "utrecht-textbox utrecht-textbox--html-input")
