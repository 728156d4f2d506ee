from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.accounts.permissions import scope_queryset
from samen.regions.models import Municipality

#: An export of a whole municipality's clients is a few MB; this leaves room without inviting abuse.
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
MAX_MAPPING_BYTES = 1024 * 1024
EXPORT_TYPES = {".zip": b"PK\x03\x04", ".xlsx": b"PK\x03\x04", ".csv": None}


def _check_size(upload, limit):
    if upload.size > limit:
        raise forms.ValidationError(
            _("Het bestand is %(size)s MB; het mag hoogstens %(max)s MB zijn.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": limit // 1024 // 1024 or 1}
        )
    if upload.size == 0:
        raise forms.ValidationError(_("Het bestand is leeg."))


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return head


class UploadForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.none(), empty_label=None
    )
    export = forms.FileField(
        label=_("Export"),
        help_text=_(
            "Een ZIP met CSV-bestanden, één Excel-bestand (.xlsx) met werkbladen, of één CSV-bestand "
            "dat heet naar zijn blad (personen.csv). Hoogstens 100 MB."
        ),
    )
    mapping = forms.FileField(
        label=_("Mappingbestand (optioneel)"),
        required=False,
        help_text=_("Een CSV-bestand dat bladen, kolommen en codes hernoemt (zie de handleiding)."),
    )
    source_system = forms.CharField(
        label=_("Herkomst van de gegevens"),
        max_length=80,
        initial="Laborijn",
        help_text=_("De organisatie of het systeem waar de export vandaan komt."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = scope_queryset(
            user, Municipality.objects.order_by("name"), "migration.add_importrun"
        )

    def clean_export(self):
        upload = self.cleaned_data["export"]
        _check_size(upload, MAX_UPLOAD_BYTES)
        suffix = Path(upload.name).suffix.lower()
        if suffix not in EXPORT_TYPES:
            raise forms.ValidationError(
                _("Lever een .zip, .xlsx of .csv aan (dit is '%(suffix)s').")
                % {"suffix": suffix or _("zonder extensie")}
            )
        magic = EXPORT_TYPES[suffix]
        head = _head(upload)
        if magic and not head.startswith(magic):
            raise forms.ValidationError(
                _("Dit is geen echt %(suffix)s-bestand (de inhoud past niet bij de naam).")
                % {"suffix": suffix}
            )
        if suffix == ".csv" and head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            raise forms.ValidationError(
                _("Dit is geen CSV-bestand maar een Excel- of ZIP-bestand.")
            )
        return upload

    def clean_mapping(self):
        upload = self.cleaned_data.get("mapping")
        if not upload:
            return None
        _check_size(upload, MAX_MAPPING_BYTES)
        if Path(upload.name).suffix.lower() not in (".csv", ".txt"):
            raise forms.ValidationError(_("Het mappingbestand is een CSV-bestand."))
        return upload


class ConfirmForm(forms.Form):
    """The confirmation button; the checkbox makes the administrator read what they confirm."""

    understood = forms.BooleanField(
        label=_("Ik heb het rapport gelezen; importeer de goedgekeurde rijen in de dossiers."),
    )
