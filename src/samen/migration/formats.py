"""The exchange format of a client-data export, declared as data (documented in docs/migration.md).

An export has up to five sheets. Each sheet declares its columns (name, required or not, and the
kind of value), the columns that identify a row (its *key*: two rows with the same key describe the
same thing) and, for coded columns, the codes Samen knows and what they mean in the participation
module. A mapping file (``mapping.py``) can rename sheets, columns and codes on top of this, so an
export with other headers or codes is read without editing it.

Everything a municipality's functional administrator sees (sheet, column and code names) is Dutch;
the values on the right are the participation module's own choices.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

#: Sheets in the order they are imported: the resident first, then the facts the arrangements'
#: rules depend on (the doelgroepregister status before a garantiebaan), then the rest.
PERSONS = "personen"
TARGET_GROUP = "doelgroepregister"
BENEFITS = "uitkeringen"
ARRANGEMENTS = "voorzieningen"
MEASUREMENTS = "metingen"
SHEET_ORDER = [PERSONS, TARGET_GROUP, BENEFITS, ARRANGEMENTS, MEASUREMENTS]


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # bsn, text, date, decimal, integer, code, email, postcode, phone
    required: bool = False
    max_length: int | None = None


@dataclass(frozen=True)
class SheetFormat:
    name: str
    columns: list[Column]
    key: tuple[str, ...]
    required_sheet: bool = False
    #: Column -> {export code: Samen value}; the export code is normalised (see ``normalise_code``).
    codes: dict[str, dict[str, object]] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


# --- Codes --------------------------------------------------------------------------------------
# The values on the right are Samen's: BenefitEpisode.Kind / EndReason, Arrangement.Kind / Support,
# TargetGroupRegistration.Status. Synonyms that Dutch benefit systems commonly use are included;
# anything else goes in the mapping file.

BENEFIT_KINDS = {
    "bijstand": "bijstand",
    "participatiewet": "bijstand",
    "pw": "bijstand",
    "wwb": "bijstand",
    "ioaw": "ioaw",
    "ioaz": "ioaz",
    "geen": "none",
    "geen_uitkering": "none",
}
BENEFIT_END_REASONS = {
    "werk": "work",
    "uitstroom_naar_werk": "work",
    "werk_aanvaard": "work",
    "verhuisd": "moved",
    "verhuizing": "moved",
    "anders": "other",
    "overig": "other",
    "overige": "other",
}
#: Export code -> (Arrangement.Kind, Arrangement.Support)
ARRANGEMENT_KINDS = {
    "dagbesteding": ("daycare", ""),
    "arbeidsmatige_dagbesteding": ("work_daycare", ""),
    "beschut_werk": ("sheltered_work", ""),
    "garantiebaan": ("job_guarantee", ""),
    "wsw": ("wsw", ""),
    "loonkostensubsidie": ("regular_supported", "wage_subsidy"),
    "lks": ("regular_supported", "wage_subsidy"),
    "jobcoach": ("regular_supported", "job_coach"),
    "regulier_met_ondersteuning": ("regular_supported", ""),
    "regulier": ("regular", ""),
    "regulier_werk": ("regular", ""),
    "vrijwilligerswerk": ("volunteering", ""),
    "maatschappelijke_participatie": ("social_participation", ""),
    "scholing": ("education", ""),
    "opleiding": ("education", ""),
}
ARRANGEMENT_SUPPORT = {
    "loonkostensubsidie": "wage_subsidy",
    "lks": "wage_subsidy",
    "jobcoach": "job_coach",
    "beide": "both",
    "loonkostensubsidie_en_jobcoach": "both",
    "geen": "",
}
#: The participation ladder is one number (``trede_of_score``); Positieve Gezondheid and the
#: Zelfredzaamheid-Matrix have a score per dimension or domain, each in a column of its own.
LADDER, POSITIVE_HEALTH, SELF_RELIANCE = "participation_ladder", "positive_health", "self_reliance"
INSTRUMENTS = {
    "participatieladder": LADDER,
    "pl": LADDER,
    "ladder": LADDER,
    "positieve_gezondheid": POSITIVE_HEALTH,
    "pg": POSITIVE_HEALTH,
    "zrm": SELF_RELIANCE,
    "zelfredzaamheidsmatrix": SELF_RELIANCE,
    "zelfredzaamheid_matrix": SELF_RELIANCE,
}
INSTRUMENT_NAMES = {
    LADDER: "Participatieladder",
    POSITIVE_HEALTH: "Positieve Gezondheid",
    SELF_RELIANCE: "Zelfredzaamheid-Matrix",
}
#: Column -> HealthAssessment field (every dimension 0-10, all six required).
HEALTH_COLUMNS = {
    "lichaamsfuncties": "body_functions",
    "mentaal_welbevinden": "mental_wellbeing",
    "zingeving": "meaningfulness",
    "kwaliteit_van_leven": "quality_of_life",
    "meedoen": "participation",
    "dagelijks_functioneren": "daily_functioning",
}
#: Column -> Zelfredzaamheid-Matrix domain (each 1-5; a domain may be left empty).
SELF_RELIANCE_COLUMNS = {
    "financien": "finances",
    "werk_en_opleiding": "work_education",
    "tijdsbesteding": "time_use",
    "huisvesting": "housing",
    "huiselijke_relaties": "domestic_relations",
    "geestelijke_gezondheid": "mental_health",
    "lichamelijke_gezondheid": "physical_health",
    "middelengebruik": "substance_use",
    "basale_adl": "basic_adl",
    "instrumentele_adl": "instrumental_adl",
    "sociaal_netwerk": "social_network",
    "maatschappelijke_participatie": "community_participation",
    "justitie": "justice",
}
TARGET_GROUP_STATUSES = {
    "opgenomen": "registered",
    "geregistreerd": "registered",
    "ja": "registered",
    "niet_opgenomen": "not_registered",
    "nee": "not_registered",
    "afgevoerd": "removed",
    "uitgeschreven": "removed",
}


# --- Sheets -------------------------------------------------------------------------------------

SHEETS: dict[str, SheetFormat] = {
    PERSONS: SheetFormat(
        PERSONS,
        [
            Column("bsn", "bsn", required=True),
            Column("voornamen", "text", required=True, max_length=200),
            Column("voorvoegsel", "text", max_length=20),
            Column("achternaam", "text", required=True, max_length=200),
            Column("geboortedatum", "date", required=True),
            Column("straat", "text", required=True, max_length=200),
            Column("huisnummer", "integer", required=True),
            Column("huisnummertoevoeging", "text", max_length=10),
            Column("postcode", "postcode", required=True),
            Column("woonplaats", "text", required=True, max_length=100),
            Column("telefoon", "phone", max_length=30),
            Column("email", "email", max_length=254),
            Column("klantmanager_email", "email", max_length=254),
        ],
        key=("bsn",),
        required_sheet=True,
    ),
    TARGET_GROUP: SheetFormat(
        TARGET_GROUP,
        [
            Column("bsn", "bsn", required=True),
            Column("status", "code", required=True),
            Column("datum", "date", required=True),
        ],
        key=("bsn", "datum"),
        codes={"status": TARGET_GROUP_STATUSES},
    ),
    BENEFITS: SheetFormat(
        BENEFITS,
        [
            Column("bsn", "bsn", required=True),
            Column("soort", "code", required=True),
            Column("startdatum", "date", required=True),
            Column("einddatum", "date"),
            Column("reden_einde", "code"),
        ],
        key=("bsn", "soort", "startdatum"),
        codes={"soort": BENEFIT_KINDS, "reden_einde": BENEFIT_END_REASONS},
    ),
    ARRANGEMENTS: SheetFormat(
        ARRANGEMENTS,
        [
            Column("bsn", "bsn", required=True),
            Column("soort", "code", required=True),
            Column("aanbieder", "text", max_length=200),
            Column("uren_per_week", "decimal"),
            Column("startdatum", "date", required=True),
            Column("einddatum", "date"),
            # Optional columns beyond the list: what the arrangement rules need.
            Column("reden_einde", "text", max_length=300),
            Column("ondersteuning", "code"),
            Column("uwv_advies_datum", "date"),
            Column("uwv_advies_kenmerk", "text", max_length=100),
        ],
        key=("bsn", "soort", "startdatum"),
        codes={"soort": ARRANGEMENT_KINDS, "ondersteuning": ARRANGEMENT_SUPPORT},
    ),
    MEASUREMENTS: SheetFormat(
        MEASUREMENTS,
        [
            Column("bsn", "bsn", required=True),
            Column("instrument", "code", required=True),
            Column("datum", "date", required=True),
            # Required for the participation ladder only: checked per row.
            Column("trede_of_score", "integer"),
            *[Column(name, "integer") for name in HEALTH_COLUMNS],
            *[Column(name, "integer") for name in SELF_RELIANCE_COLUMNS],
        ],
        key=("bsn", "instrument", "datum"),
        codes={"instrument": INSTRUMENTS},
    ),
}

#: Header spellings seen in real exports, read as the column on the right (before the mapping file).
HEADER_SYNONYMS = {
    "burgerservicenummer": "bsn",
    "sofinummer": "bsn",
    "voornaam": "voornamen",
    "tussenvoegsel": "voorvoegsel",
    "tussenvoegsels": "voorvoegsel",
    "voorvoegsels": "voorvoegsel",
    "geslachtsnaam": "achternaam",
    "geb_datum": "geboortedatum",
    "geboorte_datum": "geboortedatum",
    "huisnr": "huisnummer",
    "toevoeging": "huisnummertoevoeging",
    "huisnummer_toevoeging": "huisnummertoevoeging",
    "plaats": "woonplaats",
    "telefoonnummer": "telefoon",
    "e_mail": "email",
    "e_mailadres": "email",
    "emailadres": "email",
    "klantmanager": "klantmanager_email",
    "begindatum": "startdatum",
    "ingangsdatum": "startdatum",
    "datum_start": "startdatum",
    "datum_einde": "einddatum",
    "reden_beeindiging": "reden_einde",
    "uren": "uren_per_week",
    "trede": "trede_of_score",
    "score": "trede_of_score",
}


@functools.lru_cache(maxsize=4096)  # an export repeats a few dozen codes and headers
def normalise_name(text: str) -> str:
    """Sheet, column and code names as compared: lower case, words joined by '_', no accents.

    'Reden einde' -> 'reden_einde', ' Beschut Werk ' -> 'beschut_werk', 'Beëindiging' -> 'beeindiging'.
    """
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", str(text).replace("\ufeff", ""))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    words, current = [], []
    for ch in plain:
        if ch.isalnum():
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return "_".join(words)


normalise_code = normalise_name
