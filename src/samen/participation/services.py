"""Domain logic of the participation module (no HTTP): registering residents, searching, the
dossier's parts, the income rule, measurements, consent and the access log of every read.

Views, API and admin call these functions, so the rules hold whichever way data comes in.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from samen.accounts.permissions import scope_queryset
from samen.audit.models import AccessLog
from samen.audit.services import log_access

from . import instruments
from .bsn import looks_like_bsn, normalise_bsn
from .models import (
    BenefitEpisode,
    Consent,
    ContactMoment,
    Dossier,
    HealthAssessment,
    LadderAssessment,
    Pillar,
    Plan,
    Resident,
    SelfRelianceAssessment,
    TalentProfile,
    normalise_name,
)
from .switching import suggested_rung

# --- The access log (Logboek Dataverwerkingen) -------------------------------------------------

#: Processing purposes as they are written in the access log (data, so always in Dutch).
PURPOSE_EXECUTION = "uitvoering Participatiewet"
PURPOSE_SEARCH = "uitvoering Participatiewet: inwoner zoeken"
PURPOSE_ADMIN = "functioneel beheer"
PURPOSE_PARTNER = "samenwerking met partner, met toestemming van de inwoner"
BSN_REVEAL_PURPOSES = [
    ("benefit_application", _("aanvraag of herbeoordeling van een uitkering")),
    ("suwinet", _("gegevensuitwisseling met UWV of SVB (Suwinet)")),
    ("identity", _("controle van de identiteit")),
    ("correction", _("correctie van persoonsgegevens")),
]
BSN_REVEAL_LOG = {
    "benefit_application": "BSN ingezien: aanvraag of herbeoordeling uitkering",
    "suwinet": "BSN ingezien: gegevensuitwisseling UWV/SVB (Suwinet)",
    "identity": "BSN ingezien: controle identiteit",
    "correction": "BSN ingezien: correctie persoonsgegevens",
}


def log_dossier_read(
    request, dossier: Dossier, *, purpose: str = PURPOSE_EXECUTION, obj=None, activity=None
) -> AccessLog:
    """Write who read ``dossier`` (or ``obj``, a part of it) for which purpose to the access log."""
    return log_access(
        request,
        obj if obj is not None else dossier,
        subject_reference=dossier.resident.reference,
        purpose=purpose,
        municipality=dossier.municipality,
        activity=activity or AccessLog.Activity.VIEW,
    )


def log_resident_reads(
    request, residents, *, purpose: str = PURPOSE_EXECUTION, activity=AccessLog.Activity.VIEW
) -> None:
    """One access-log row per resident shown in a list or search result, in one INSERT."""
    residents = list(residents)
    if not residents:
        return
    user = request.user
    content_type = ContentType.objects.get_for_model(Resident)
    now = timezone.now()
    AccessLog.objects.bulk_create(
        AccessLog(
            timestamp=now,
            actor=user if user.is_authenticated else None,
            actor_display=str(user) if user.is_authenticated else "anoniem",
            activity=activity,
            purpose=purpose,
            content_type=content_type,
            object_id=str(resident.pk),
            subject_reference=resident.reference,
            municipality_id=resident.municipality_id,
            request_path=request.get_full_path()[:500],
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
        for resident in residents
    )


def log_partner_reads(request, consents) -> None:
    """One access-log row per shared profile a partner sees (purpose: with consent), one INSERT."""
    consents = list(consents)
    if not consents:
        return
    content_type = ContentType.objects.get_for_model(Consent)
    now, user = timezone.now(), request.user
    AccessLog.objects.bulk_create(
        AccessLog(
            timestamp=now,
            actor=user,
            actor_display=str(user),
            activity=AccessLog.Activity.VIEW,
            purpose=PURPOSE_PARTNER,
            content_type=content_type,
            object_id=str(consent.pk),
            subject_reference=consent.dossier.resident.reference,
            municipality_id=consent.dossier.municipality_id,
            request_path=request.get_full_path()[:500],
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
        for consent in consents
    )


# --- Dates ---------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Optimistic locking --------------------------------------------------------------------------


class ConcurrentEdit(Exception):
    """Someone else saved this row after the form was opened."""


def save_versioned(instance, expected_version: int, changes: dict, *, m2m: dict | None = None):
    """Apply ``changes`` to ``instance`` unless its version moved on since the form was opened."""
    model = type(instance)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=instance.pk)
        if locked.version != expected_version:
            raise ConcurrentEdit
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.version += 1
        # Validate what changed (and the constraints over it); the rest was valid before.
        unchanged = [f.name for f in model._meta.fields if f.name not in changes]
        locked.full_clean(exclude=unchanged)
        locked.save()
        for name, values in (m2m or {}).items():
            getattr(locked, name).set(values)
    return locked


# --- Residents and dossiers ----------------------------------------------------------------------


class DuplicateResident(Exception):
    """The BSN is already registered in this municipality; ``dossier`` is the existing one."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        super().__init__("duplicate resident")


RESIDENT_FIELDS = [
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


def existing_dossier(municipality, bsn: str) -> Dossier | None:
    return (
        Dossier.objects.filter(resident__municipality=municipality, resident__bsn=bsn)
        .select_related("resident")
        .first()
    )


def register_resident(municipality, bsn: str, data: dict, *, actor) -> Resident:
    """Register a resident with an open dossier, its three pillars, an empty plan and talent profile.

    Raises ``DuplicateResident`` when the BSN is already known in this municipality (also when two
    case workers register the same person at the same moment: the database's unique constraint
    decides) and ``ValidationError`` when the BSN fails the 11-proof.
    """
    bsn = normalise_bsn(bsn)
    duplicate = existing_dossier(municipality, bsn)
    if duplicate:
        raise DuplicateResident(duplicate)
    resident = Resident(
        municipality=municipality, bsn=bsn, **{k: data[k] for k in RESIDENT_FIELDS if k in data}
    )
    resident.full_clean(exclude=["bsn"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            resident.save()
            dossier = Dossier.objects.create(
                resident=resident, municipality=municipality, created_by=actor
            )
            Pillar.objects.bulk_create(
                Pillar(dossier=dossier, kind=kind, case_worker=actor) for kind in Pillar.Kind
            )
            Plan.objects.create(dossier=dossier)
            TalentProfile.objects.create(dossier=dossier)
    except IntegrityError:
        duplicate = existing_dossier(municipality, bsn)
        if duplicate:
            raise DuplicateResident(duplicate) from None
        raise
    return resident


def update_resident(resident: Resident, expected_version: int, data: dict) -> Resident:
    """Change contact details, address or name (never the BSN or municipality)."""
    return save_versioned(
        resident, expected_version, {k: data[k] for k in RESIDENT_FIELDS if k in data}
    )


def close_dossier(dossier: Dossier, *, closed_on: date, reason: str) -> Dossier:
    if closed_on < dossier.opened_on:
        raise ValidationError(_("De afsluitdatum ligt voor de datum waarop het dossier begon."))
    return save_versioned(
        dossier,
        dossier.version,
        {"status": Dossier.Status.CLOSED, "closed_on": closed_on, "closing_reason": reason},
    )


def reopen_dossier(dossier: Dossier) -> Dossier:
    return save_versioned(
        dossier,
        dossier.version,
        {"status": Dossier.Status.OPEN, "closed_on": None, "closing_reason": ""},
    )


SEARCH_LIMIT = 50


def search_residents(user, query: str, perm: str = "participation.view_resident"):
    """Residents in the user's scope matching a BSN (exact), a reference or parts of the name.

    The query arrives in a POST body (see the views): a BSN never appears in a URL or server log.
    """
    residents = scope_queryset(
        user, Resident.objects.select_related("dossier", "municipality"), perm
    )
    query = (query or "").strip()
    if not query:
        return residents.none()
    if looks_like_bsn(query):
        try:
            return residents.filter(bsn=normalise_bsn(query))
        except ValidationError:
            return residents.none()
    if query.upper().startswith("R-"):
        return residents.filter(reference=query.upper())
    condition = Q()
    for token in normalise_name(query).split():
        condition &= Q(search_name__contains=token)
    return residents.filter(condition).order_by("surname", "given_names")[:SEARCH_LIMIT]


# --- Dossier parts -------------------------------------------------------------------------------


def create_once(model, token, **fields):
    """Create a row unless one with the same form token exists (a double submit)."""
    if token is not None:
        existing = model.objects.filter(submission_token=token).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            return model.objects.create(submission_token=token, **fields)
    except IntegrityError:
        existing = model.objects.filter(submission_token=token).first() if token else None
        if existing:
            return existing
        raise


def add_contact_moment(dossier, *, occurred_on, channel, summary, actor, token=None):
    if occurred_on > timezone.localdate():
        raise ValidationError(_("Een contactmoment kan niet in de toekomst liggen."))
    return create_once(
        ContactMoment,
        token,
        dossier=dossier,
        occurred_on=occurred_on,
        channel=channel,
        summary=summary,
        recorded_by=actor,
    )


# --- Income: benefit episodes and the 12-months rule -------------------------------------------

#: Participatiewet in balans: who returns to benefit within this many months after leaving for
#: work does not have to hand in everything again; the earlier data can be reused.
REUSE_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class ReuseHint:
    left_for_work_on: date
    window_ends_on: date
    returned_on: date | None  # None: not returned (yet), still within the window

    @property
    def has_returned(self) -> bool:
        return self.returned_on is not None


def reuse_hint(episodes, on: date | None = None) -> ReuseHint | None:
    """Whether earlier data may be reused: the last benefit that ended for work, and whether the
    resident came back (or can still come back) within 12 months of that end."""
    on = on or timezone.localdate()
    benefits = sorted(
        (e for e in episodes if e.kind != BenefitEpisode.Kind.NONE), key=lambda e: e.started_on
    )
    left = [e for e in benefits if e.ended_on and e.end_reason == BenefitEpisode.EndReason.WORK]
    if not left:
        return None
    last_left = left[-1]
    window_ends_on = add_months(last_left.ended_on, REUSE_WINDOW_MONTHS)
    returns = [e for e in benefits if e.started_on > last_left.ended_on]
    if returns:
        returned_on = returns[0].started_on
        if returned_on <= window_ends_on:
            return ReuseHint(last_left.ended_on, window_ends_on, returned_on)
        return None
    if on <= window_ends_on:
        return ReuseHint(last_left.ended_on, window_ends_on, None)
    return None


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    far = date.max
    return a_start <= (b_end or far) and b_start <= (a_end or far)


def add_benefit_episode(dossier, *, kind, started_on, ended_on=None, end_reason="", token=None):
    """Record a benefit period; periods of one dossier never overlap."""
    if (ended_on is None) != (not end_reason):
        raise ValidationError(
            _("Vul bij een einddatum ook de reden van het einde in (en andersom).")
        )
    if ended_on and ended_on < started_on:
        raise ValidationError(_("De einddatum ligt voor de ingangsdatum."))
    with transaction.atomic():
        Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
        others = (
            dossier.benefit_episodes.exclude(submission_token=token)
            if token
            else dossier.benefit_episodes.all()
        )
        for other in others:
            if _overlaps(started_on, ended_on, other.started_on, other.ended_on):
                raise ValidationError(
                    _("Deze periode overlapt met %(episode)s; beëindig die eerst.")
                    % {"episode": f"{other.get_kind_display()} vanaf {other.started_on:%d-%m-%Y}"}
                )
        return create_once(
            BenefitEpisode,
            token,
            dossier=dossier,
            kind=kind,
            started_on=started_on,
            ended_on=ended_on,
            end_reason=end_reason,
        )


def end_benefit_episode(episode: BenefitEpisode, *, ended_on: date, end_reason: str):
    if ended_on < episode.started_on:
        raise ValidationError(_("De einddatum ligt voor de ingangsdatum."))
    if episode.ended_on is not None:
        raise ValidationError(_("Deze periode is al beëindigd."))
    with transaction.atomic():
        locked = BenefitEpisode.objects.select_for_update().get(pk=episode.pk)
        if locked.ended_on is not None:
            raise ValidationError(_("Deze periode is al beëindigd."))
        later = locked.dossier.benefit_episodes.filter(started_on__gt=locked.started_on)
        if any(e.started_on <= ended_on for e in later):
            raise ValidationError(_("De einddatum valt na het begin van een volgende periode."))
        locked.ended_on, locked.end_reason = ended_on, end_reason
        locked.save(update_fields=["ended_on", "end_reason"])
        return locked


# --- Measurements --------------------------------------------------------------------------------


def record_ladder_assessment(
    dossier,
    *,
    answers: dict,
    assessed_on: date,
    assessor,
    horizon_months: int = instruments.DEFAULT_HORIZON_MONTHS,
    confirmed_rung: int | None = None,
    deviation_note: str = "",
    token=None,
) -> LadderAssessment:
    """Store the answers, Samen's derivation and the rung the case worker confirmed.

    The confirmed rung defaults to the derived one; a different rung needs an explanation. The rung
    the running arrangements stand for is stored as the suggestion it was at the time.
    """
    try:
        outcome = instruments.derive_ladder(answers, horizon_months)
    except instruments.LadderAnswersError as error:
        raise ValidationError(str(error)) from None
    confirmed = confirmed_rung or outcome.current_rung
    if confirmed != outcome.current_rung and not deviation_note.strip():
        raise ValidationError(
            _("Licht toe waarom de bevestigde trede afwijkt van de afgeleide trede %(rung)s.")
            % {"rung": outcome.current_rung}
        )
    cleaned = instruments.clean_ladder_answers(answers)
    return create_once(
        LadderAssessment,
        token,
        dossier=dossier,
        assessed_on=assessed_on,
        assessor=assessor,
        answers=cleaned,
        current_rung=outcome.current_rung,
        # The potential counts from the rung the case worker confirmed.
        potential_rung=instruments.potential_rung(cleaned, confirmed, horizon_months),
        horizon_months=horizon_months,
        suggested_rung=suggested_rung(dossier.arrangements.all(), assessed_on),
        confirmed_rung=confirmed,
        deviation_note=deviation_note,
    )


def record_health_assessment(
    dossier, *, scores: dict, assessed_on, assessor, filled_in, token=None
):
    for code, label in instruments.HEALTH_DIMENSIONS:
        value = scores.get(code)
        if value is None or not instruments.HEALTH_MIN <= int(value) <= instruments.HEALTH_MAX:
            raise ValidationError(
                _("Geef %(dimension)s een score van 0 tot en met 10.") % {"dimension": label}
            )
    return create_once(
        HealthAssessment,
        token,
        dossier=dossier,
        assessed_on=assessed_on,
        assessor=assessor,
        filled_in=filled_in,
        **{code: int(scores[code]) for code, _label in instruments.HEALTH_DIMENSIONS},
    )


def record_self_reliance_assessment(dossier, *, scores: dict, assessed_on, assessor, token=None):
    try:
        cleaned = instruments.clean_self_reliance_scores(scores)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    return create_once(
        SelfRelianceAssessment,
        token,
        dossier=dossier,
        assessed_on=assessed_on,
        assessor=assessor,
        scores=cleaned,
    )


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str  # "ladder", "health", "self_reliance", "arrangement"
    title: str
    summary: str


def measurement_timeline(ladders, healths, self_reliances, arrangements=()) -> list[TimelineEntry]:
    """All measurements of a resident (and the arrangement changes between them), newest first."""
    entries = [
        TimelineEntry(
            a.assessed_on,
            "ladder",
            str(_("Participatieladder")),
            _(
                "trede %(rung)s (%(label)s), groeipotentie trede %(potential)s binnen %(months)s maanden"
            )
            % {
                "rung": a.confirmed_rung,
                "label": a.rung_label,
                "potential": a.potential_rung,
                "months": a.horizon_months,
            },
        )
        for a in ladders
    ]
    entries += [
        TimelineEntry(
            a.assessed_on,
            "health",
            str(_("Positieve Gezondheid")),
            ", ".join(f"{label} {score}" for _code, label, score in a.scores()),
        )
        for a in healths
    ]
    entries += [
        TimelineEntry(
            a.assessed_on,
            "self_reliance",
            str(_("Zelfredzaamheid-Matrix")),
            ", ".join(f"{label} {score}" for _code, label, score in a.rows() if score is not None),
        )
        for a in self_reliances
    ]
    for arrangement in arrangements:
        verb = _("gewisseld naar") if arrangement.switched_from_id else _("gestart met")
        entries.append(
            TimelineEntry(
                arrangement.started_on,
                "arrangement",
                pgettext("participatie", "Regeling"),
                f"{verb} {arrangement.get_kind_display()}",
            )
        )
    return sorted(entries, key=lambda entry: (entry.day, entry.kind), reverse=True)


# --- Talent profile ------------------------------------------------------------------------------


def update_talent_profile(profile: TalentProfile, expected_version: int, data: dict, *, actor):
    unknown = set(data.get("limitations", [])) - set(instruments.LIMITATIONS)
    if unknown:
        raise ValidationError(_("Onbekende categorie van functionele beperkingen."))
    changes = {
        key: data[key]
        for key in ("ambitions", "motivation", "hours_per_week", "limitations")
        if key in data
    }
    changes["updated_by"] = actor
    m2m = {"talents": data["talents"]} if "talents" in data else None
    return save_versioned(profile, expected_version, changes, m2m=m2m)


# --- Consent and what partners see ---------------------------------------------------------------


def give_consent(dossier, *, organisation, shared, form, given_on, actor, token=None) -> Consent:
    """Record the resident's consent to share ``shared`` with ``organisation``."""
    shared = [code for code, _label in instruments.SHARE_CATEGORIES if code in set(shared)]
    if not shared:
        raise ValidationError(_("Kies ten minste één onderdeel dat gedeeld mag worden."))
    if organisation.region_id != dossier.municipality.region_id:
        raise ValidationError(_("Deze organisatie hoort niet bij de regio van de inwoner."))
    running = dossier.consents.active().filter(organisation=organisation)
    if token is not None:
        running = running.exclude(submission_token=token)  # the same form submitted again
    if running.exists():
        raise ValidationError(
            _("Er is al een lopende toestemming voor deze organisatie; trek die eerst in.")
        )
    return create_once(
        Consent,
        token,
        dossier=dossier,
        organisation=organisation,
        shared=shared,
        form=form,
        given_on=given_on,
        recorded_by=actor,
    )


def withdraw_consent(consent: Consent, *, actor, on: date | None = None) -> Consent:
    """End a consent: from this moment the partner no longer finds the resident."""
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_on is None:
            locked.withdrawn_on = on or timezone.localdate()
            locked.withdrawn_by = actor
            locked.save(update_fields=["withdrawn_on", "withdrawn_by"])
        return locked


def shared_profiles_for(user):
    """The active consents given to an organisation ``user`` belongs to (what a partner may see)."""
    if not (user and user.is_authenticated):
        return Consent.objects.none()
    consents = Consent.objects.active().filter(organisation__members__user=user)
    return scope_queryset(user, consents, "participation.view_sharedprofile").distinct()


@dataclass(frozen=True)
class SharedProfile:
    """What one partner sees of a resident: the pseudonym and the consented categories only."""

    pseudonym: str
    organisation: str
    given_on: date
    shared: list[str]
    talents: list[str] | None = None
    ambitions: str | None = None
    motivation: str | None = None
    hours_per_week: int | None = None
    limitations: list[str] | None = None
    ladder_rung: int | None = None
    ladder_label: str | None = None
    arrangement: str | None = None
    arrangement_hours: object = None


def shared_profile(consent: Consent, *, on: date | None = None) -> SharedProfile:
    """Build the partner's view of a resident from exactly what the consent covers."""
    on = on or timezone.localdate()
    dossier = consent.dossier
    values = {}
    profile = getattr(dossier, "talent_profile", None)
    if profile is not None:
        if consent.shares("talents"):
            values["talents"] = [t.name for t in profile.talents.all()]
        if consent.shares("ambitions"):
            values["ambitions"], values["motivation"] = profile.ambitions, profile.motivation
        if consent.shares("hours"):
            values["hours_per_week"] = profile.hours_per_week
        if consent.shares("limitations"):
            values["limitations"] = [str(label) for label in profile.limitation_labels()]
    if consent.shares("ladder"):
        # Newest first by the model's ordering; uses a prefetch when the caller made one.
        latest = next(iter(dossier.ladder_assessments.all()), None)
        if latest:
            values["ladder_rung"], values["ladder_label"] = (
                latest.confirmed_rung,
                str(latest.rung_label),
            )
    if consent.shares("arrangement"):
        running = [a for a in dossier.arrangements.all() if a.is_active_on(on)]
        if running:
            values["arrangement"] = ", ".join(str(a.get_kind_display()) for a in running)
            values["arrangement_hours"] = sum((a.hours_per_week or 0) for a in running)
    return SharedProfile(
        pseudonym=consent.pseudonym,
        organisation=consent.organisation.name,
        given_on=consent.given_on,
        shared=list(consent.shared),
        **values,
    )
