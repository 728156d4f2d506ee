"""What each sheet's rows become in the participation module, batch by batch.

A handler gets the valid rows of one batch, loads what the database already holds for them (one
query per kind of object, not one per row), and decides per row: create, update, unchanged or
rejected (with the reason in Dutch). It applies the same rules as the participation module when a
case worker enters the data by hand:

- new objects are checked with the model's ``full_clean`` (as ``register_resident`` does), the
  arrangement rules of Simpel Switchen (``switching.check``: beschut werk needs a UWV advice, no new
  Wsw entrants since 2015; warnings such as "garantiebaan without doelgroepregister" are kept with
  the row) and the no-overlap rule of benefit periods; they are then created in bulk, with the
  dossier parts ``register_resident`` creates (three pillars, a plan, a talent profile) and one
  change-trail entry per object (``audit.log_created``);
- changes to existing objects go through the participation services (``update_resident``,
  ``save_versioned``, ``end_benefit_episode``, ``switching.end_arrangement``), so they are
  versioned, locked and in the change trail exactly as a hand edit.

Handlers never commit: the caller wraps each batch in a transaction.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.accounts.models import Membership
from samen.accounts.roles import Role
from samen.participation import services, switching
from samen.participation.instruments import DEFAULT_HORIZON_MONTHS, clean_self_reliance_scores
from samen.participation.models import (
    Arrangement,
    BenefitEpisode,
    Dossier,
    HealthAssessment,
    LadderAssessment,
    Pillar,
    Plan,
    Resident,
    SelfRelianceAssessment,
    TalentProfile,
    TargetGroupRegistration,
    normalise_name,
)

from . import formats
from .audit import log_created
from .bulk import build, insert, insert_values, loaded
from .models import Outcome
from .validation import Row


@dataclass
class Verdict:
    """What became of one row in the database phase."""

    outcome: str
    reasons: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def rejected(*reasons) -> Verdict:
    return Verdict(Outcome.REJECTED, list(reasons))


@dataclass
class Context:
    """What the handlers of one run share."""

    run: object
    municipality: object
    actor: object
    source_system: str
    #: bsn -> line in ``personen`` of persons rejected in this run (their other rows cannot attach).
    rejected_persons: dict = field(default_factory=dict)
    #: bsn -> dossier id in the municipality, read once before the child sheets (``know_dossiers``).
    dossier_ids: dict = field(default_factory=dict)
    _case_workers: dict = field(default_factory=dict)
    _providers: dict = field(default_factory=dict)

    @property
    def cid(self) -> str:
        return str(self.run.uuid)

    def know_dossiers(self) -> None:
        """Read the dossier ids of the municipality by BSN at once, for the sheets after
        ``personen``: one query, instead of one per batch (forked workers inherit the answer)."""
        self.dossier_ids = dict(
            Dossier.objects.filter(municipality=self.municipality).values_list(
                "resident__bsn", "pk"
            )
        )

    def case_worker(self, email: str):
        """The user with a case-worker role for this municipality (or its region), else None."""
        if email not in self._case_workers:
            membership = (
                Membership.objects.active()
                .filter(user__email__iexact=email, user__is_active=True, role=Role.CASE_WORKER)
                .filter(
                    Q(municipality=self.municipality) | Q(region_id=self.municipality.region_id)
                )
                .select_related("user")
                .first()
            )
            self._case_workers[email] = membership.user if membership else None
        return self._case_workers[email]

    def provider(self, name: str):
        """The network organisation of this region with exactly this name, if there is one."""
        if not name:
            return None
        key = name.casefold()
        if key not in self._providers:
            from samen.network.models import Organisation

            matches = list(
                Organisation.objects.filter(
                    region_id=self.municipality.region_id, name__iexact=name
                )[:2]
            )
            self._providers[key] = matches[0] if len(matches) == 1 else None
        return self._providers[key]


def _messages(error: ValidationError, model=None) -> list[str]:
    """A ValidationError as Dutch sentences, fields named as people know them."""
    if not hasattr(error, "message_dict"):
        return [str(message) for message in error.messages]

    def label(name):
        if model is None or name == "__all__":
            return ""
        try:
            return f"{model._meta.get_field(name).verbose_name}: "
        except Exception:  # noqa: BLE001 - an unknown name is shown as it is
            return f"{name}: "

    return [
        f"{label(name)}{message}"
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def check_new(obj, from_row) -> None:
    """``full_clean`` of a new object over the fields whose values come from the row.

    The other fields hold what Samen itself filled in (the municipality and dossier we hold, the
    defaults: id, uuid, reference, version, status, timestamps), valid by construction; a model
    form leaves such fields out of its validation in the same way. ``Model.clean()``, the rules
    between fields, always runs. Raises ``ValidationError``.
    """
    obj.full_clean(
        exclude=_not_from_row(type(obj), frozenset(from_row)),
        validate_unique=False,
        validate_constraints=False,
    )


@functools.cache
def _not_from_row(model, from_row: frozenset) -> frozenset:
    unknown = from_row - {field.name for field in model._meta.fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    return frozenset(field.name for field in model._meta.fields if field.name not in from_row)


def _dossiers_by_bsn(ctx: Context, bsns) -> dict[str, Dossier]:
    """The dossiers of these BSNs in the municipality, as light instances (only id and
    municipality loaded): enough to attach new rows, without loading every resident. BSNs that
    ``ctx.dossier_ids`` does not know (a dossier opened since it was read) are looked up."""
    wanted = set(bsns)
    found = {bsn: ctx.dossier_ids[bsn] for bsn in wanted & ctx.dossier_ids.keys()}
    if missing := wanted - found.keys():
        found.update(
            Dossier.objects.filter(
                municipality=ctx.municipality, resident__bsn__any_of=missing
            ).values_list("resident__bsn", "pk")
        )
    municipality_id = ctx.municipality.pk
    return {
        bsn: loaded(Dossier, id=pk, municipality_id=municipality_id) for bsn, pk in found.items()
    }


def _missing_person(ctx: Context, bsn: str) -> Verdict:
    if bsn in ctx.rejected_persons:
        return rejected(
            _(
                "de persoon met dit BSN is afgewezen in blad personen (rij %(line)s); "
                "corrigeer die rij en lever deze rij opnieuw aan"
            )
            % {"line": ctx.rejected_persons[bsn]}
        )
    return rejected(_("dit BSN staat niet in blad personen en is in deze gemeente niet bekend"))


def _d(day) -> str:
    return f"{day:%d-%m-%Y}" if day else ""


class Handler:
    sheet: str

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def process(self, rows: list[Row]) -> list[Verdict]:
        """One verdict per row, in order; writes the accepted rows."""
        verdicts: list[Verdict | None] = [
            rejected(*row.reasons) if row.reasons else None for row in rows
        ]
        valid = [(index, row) for index, row in enumerate(rows) if verdicts[index] is None]
        if valid:
            for index, verdict in self.decide(valid).items():
                verdicts[index] = verdict
        self.after(rows, verdicts)
        return verdicts

    def after(self, rows, verdicts) -> None:
        """Remember what later sheets need to know about this batch."""

    def decide(self, valid: list[tuple[int, Row]]) -> dict[int, Verdict]:
        raise NotImplementedError

    def _attempt(self, fn) -> list[str]:
        """Run one change through a service in a savepoint; a refusal is returned as reasons."""
        try:
            with transaction.atomic():
                fn()
        except ValidationError as error:
            return _messages(error)
        except ValueError as error:
            return [str(error)]
        return []


# --- personen -----------------------------------------------------------------------------------


def house_number_text(number: int, addition: str) -> str:
    """'12', '12A', '12-1' or '12 bis', as people write Dutch house numbers."""
    if not addition:
        return str(number)
    if addition.isdigit():
        return f"{number}-{addition}"
    if len(addition) == 1:
        return f"{number}{addition}"
    return f"{number} {addition}"


def resident_data(values: dict) -> dict:
    return {
        "given_names": values["voornamen"],
        "surname_prefix": values.get("voorvoegsel") or "",
        "surname": values["achternaam"],
        "date_of_birth": values["geboortedatum"],
        "street": values["straat"],
        "house_number": house_number_text(values["huisnummer"], values["huisnummertoevoeging"]),
        "postal_code": values["postcode"],
        "city": values["woonplaats"],
        "phone": values.get("telefoon") or "",
        "email": values.get("email") or "",
    }


def prepare_resident(resident: Resident) -> None:
    """What ``Resident.save()`` derives before writing (bulk_create does not call save)."""
    resident.search_name = normalise_name(
        f"{resident.given_names} {resident.surname_prefix} {resident.surname}"
    )
    resident.postal_code = resident.postal_code.upper().replace(" ", "")
    if len(resident.postal_code) == 6:
        resident.postal_code = f"{resident.postal_code[:4]} {resident.postal_code[4:]}"


class PersonsHandler(Handler):
    sheet = formats.PERSONS

    def decide(self, valid):
        ctx = self.ctx
        existing = {
            resident.bsn: resident
            for resident in Resident.objects.filter(
                municipality=ctx.municipality, bsn__any_of={row.bsn for _i, row in valid}
            ).prefetch_related("dossier__pillars")
        }
        verdicts, new = {}, []
        for index, row in valid:
            warnings, case_worker = self._case_worker(row)
            data = resident_data(row.values)
            resident = existing.get(row.bsn)
            if resident is None:
                verdict = self._new(row, data, new, case_worker)
            else:
                verdict = self._existing(resident, data, case_worker)
            verdict.warnings += warnings
            verdicts[index] = verdict
        self._create(new)
        return verdicts

    def after(self, rows, verdicts):
        for row, verdict in zip(rows, verdicts, strict=True):
            if row.bsn and verdict.outcome == Outcome.REJECTED:
                self.ctx.rejected_persons.setdefault(row.bsn, row.line)

    def _case_worker(self, row):
        email = row.values.get("klantmanager_email")
        if not email:
            return [], None
        user = self.ctx.case_worker(email)
        if user is None:
            return [
                _(
                    "klantmanager %(email)s is in Samen geen klantmanager van deze gemeente; "
                    "de pijlers hebben nog geen klantmanager"
                )
                % {"email": email}
            ], None
        return [], user

    def _new(self, row, data, new, case_worker) -> Verdict:
        resident = build(Resident, municipality=self.ctx.municipality, bsn=row.bsn, **data)
        try:
            # The check of services.register_resident, on what the row says (the BSN was checked
            # when the row was read).
            check_new(resident, data)
        except ValidationError as error:
            return rejected(*_messages(error, Resident))
        prepare_resident(resident)
        new.append((resident, case_worker))
        return Verdict(Outcome.CREATED)

    def _existing(self, resident, data, case_worker) -> Verdict:
        # reference and uuid given, so the probe does not draw random values it never uses
        probe = build(Resident, reference=resident.reference, uuid=resident.uuid, **data)
        prepare_resident(probe)
        changes = {
            name: getattr(probe, name)
            for name in services.RESIDENT_FIELDS
            if getattr(probe, name) != getattr(resident, name)
        }
        pillars = list(resident.dossier.pillars.all()) if hasattr(resident, "dossier") else []
        reassign = [p for p in pillars if case_worker and p.case_worker_id != case_worker.pk]
        if not changes and not reassign:
            return Verdict(Outcome.UNCHANGED)
        reasons = []
        if changes:
            reasons += self._attempt(
                lambda: services.update_resident(resident, resident.version, changes)
            )
        for pillar in reassign if not reasons else []:
            reasons += self._attempt(
                lambda pillar=pillar: services.save_versioned(
                    pillar, pillar.version, {"case_worker": case_worker}
                )
            )
        return rejected(*reasons) if reasons else Verdict(Outcome.UPDATED)

    def _create(self, new):
        if not new:
            return
        ctx = self.ctx
        residents = insert(Resident, [resident for resident, _cw in new])
        today = timezone.localdate()
        dossiers = insert(
            Dossier,
            [
                build(
                    Dossier,
                    resident=resident,
                    municipality=ctx.municipality,
                    created_by=ctx.actor,
                    opened_on=today,  # the field's default, read once per batch
                )
                for resident in residents
            ],
        )
        # Rows, not objects: nothing after this needs the pillars, and there are three per resident.
        insert_values(
            Pillar,
            [
                {
                    "dossier_id": dossier.pk,
                    "kind": kind,
                    "case_worker_id": getattr(worker, "pk", None),
                }
                for dossier, (_resident, worker) in zip(dossiers, new, strict=True)
                for kind in Pillar.Kind
            ],
        )
        plans = insert(Plan, [build(Plan, dossier=dossier) for dossier in dossiers])
        profiles = insert(
            TalentProfile, [build(TalentProfile, dossier=dossier) for dossier in dossiers]
        )
        # No entries for the pillars: register_resident creates them in bulk, unlogged, too.
        log_created([*residents, *dossiers, *plans, *profiles], actor=ctx.actor, cid=ctx.cid)


# --- Child sheets ---------------------------------------------------------------------------------


class ChildHandler(Handler):
    """Rows that belong to a dossier found by BSN; subclasses compare and create their objects."""

    model = None
    related = ""

    @property
    def models(self) -> tuple:
        """What a row of this sheet can become (more than one for the measurements)."""
        return (self.model,)

    def decide(self, valid):
        dossiers = _dossiers_by_bsn(self.ctx, [row.bsn for _i, row in valid])
        known = defaultdict(list)
        for model in self.models:
            for obj in model.objects.filter(dossier__any_of=[d.pk for d in dossiers.values()]):
                known[obj.dossier_id].append(obj)
        self.prepare(dossiers)
        verdicts, new = {}, []
        for index, row in valid:
            dossier = dossiers.get(row.bsn)
            if dossier is None:
                verdicts[index] = _missing_person(self.ctx, row.bsn)
                continue
            verdicts[index] = self.row(dossier, row, known[dossier.pk], new)
        for model in self.models:
            created = insert(model, [obj for obj in new if type(obj) is model])
            log_created(created, actor=self.ctx.actor, cid=self.ctx.cid)
        return verdicts

    def prepare(self, dossiers):
        """Load anything else the batch needs (one query)."""

    def row(self, dossier, row, known: list, new: list) -> Verdict:
        raise NotImplementedError


def _overlap(start, end, other_start, other_end) -> bool:
    far = date.max
    return start <= (other_end or far) and other_start <= (end or far)


class BenefitsHandler(ChildHandler):
    sheet = formats.BENEFITS
    model = BenefitEpisode

    def row(self, dossier, row, known, new):
        values = row.values
        kind, start, end = values["soort"], values["startdatum"], values["einddatum"]
        reason = values["reden_einde"] or ""
        match = next((e for e in known if e.kind == kind and e.started_on == start), None)
        others = [e for e in known if e is not match]
        clash = next((e for e in others if _overlap(start, end, e.started_on, e.ended_on)), None)
        if clash is not None:
            return rejected(
                _("periode overlapt met %(kind)s vanaf %(start)s die al in het dossier staat")
                % {"kind": clash.get_kind_display(), "start": _d(clash.started_on)}
            )
        if match is None:
            episode = build(
                BenefitEpisode,
                dossier=dossier,
                kind=kind,
                started_on=start,
                ended_on=end,
                end_reason=reason,
            )
            try:
                check_new(episode, ["kind", "started_on", "ended_on", "end_reason"])
            except ValidationError as error:
                return rejected(*_messages(error, BenefitEpisode))
            new.append(episode)
            known.append(episode)  # later rows of this batch must not overlap it either
            return Verdict(Outcome.CREATED)
        if (match.ended_on, match.end_reason) == (end, reason):
            return Verdict(Outcome.UNCHANGED)
        if match.ended_on is None and end is not None:
            reasons = self._attempt(
                lambda: services.end_benefit_episode(match, ended_on=end, end_reason=reason)
            )
        else:
            reasons = self._attempt(lambda: self._correct(match, end, reason))
        if not reasons:
            match.ended_on, match.end_reason = end, reason
        return rejected(*reasons) if reasons else Verdict(Outcome.UPDATED)

    @staticmethod
    def _correct(episode, end, reason):
        """A different end date or reason than recorded (no service changes an ended period)."""
        locked = BenefitEpisode.objects.select_for_update().get(pk=episode.pk)
        locked.ended_on, locked.end_reason = end, reason
        locked.full_clean(exclude=["dossier", "assessor"], validate_unique=False)
        locked.save(update_fields=["ended_on", "end_reason"])


#: The one arrangement rule that reads the database for every row; the import reads it once per
#: batch (``latest_registrations``) and gives the rule the answer (see ``check_arrangement``).
REGISTER_RULE = "job_guarantee_needs_register"


def latest_registrations(dossier_ids) -> dict[int, str]:
    """The latest doelgroepregister status per dossier, as ``switching`` reads it."""
    latest = {}
    for dossier_id, status in (
        TargetGroupRegistration.objects.filter(dossier__any_of=dossier_ids)
        .order_by("dossier", "-per_date", "-recorded_at")
        .values_list("dossier", "status")
    ):
        latest.setdefault(dossier_id, status)
    return latest


def check_arrangement(draft, register_status: str | None) -> switching.Outcome:
    """``switching.check`` for a new arrangement, with the doelgroepregister status read in bulk."""
    outcome = switching.Outcome()
    for rule in switching.ENTRY_RULES:
        if not rule.applies(draft):
            continue
        if rule.code == REGISTER_RULE:
            met = register_status == TargetGroupRegistration.Status.REGISTERED
        else:
            met = rule.met(draft)
        if not met:
            (outcome.blocks if rule.level == switching.BLOCK else outcome.warnings).append(rule)
    return outcome


class ArrangementsHandler(ChildHandler):
    sheet = formats.ARRANGEMENTS
    model = Arrangement

    def prepare(self, dossiers):
        self.registers = latest_registrations([d.pk for d in dossiers.values()])

    def row(self, dossier, row, known, new):
        values = row.values
        kind, support = values["soort"]
        start = values["startdatum"]
        fields = {
            "provider_name": values["aanbieder"],
            "hours_per_week": values["uren_per_week"],
            "ended_on": values["einddatum"],
            "end_reason": values["reden_einde"] if values["einddatum"] else "",
            "uwv_advice_on": values["uwv_advies_datum"],
            "uwv_advice_reference": values["uwv_advies_kenmerk"],
        }
        match = next(
            (a for a in known if a.kind == kind and a.support == support and a.started_on == start),
            None,
        )
        if match is None:
            return self._new(dossier, kind, support, start, fields, new, known)
        changes = {name: value for name, value in fields.items() if getattr(match, name) != value}
        if not changes:
            return Verdict(Outcome.UNCHANGED)
        reasons = []
        if "ended_on" in changes and match.ended_on is None:
            end, reason = changes.pop("ended_on"), changes.pop("end_reason", match.end_reason)
            reasons += self._attempt(
                lambda: switching.end_arrangement(match, ended_on=end, reason=reason)
            )
            match.refresh_from_db(fields=["ended_on", "end_reason", "version"])
        if changes and not reasons:
            reasons += self._attempt(lambda: services.save_versioned(match, match.version, changes))
        return rejected(*reasons) if reasons else Verdict(Outcome.UPDATED)

    def _new(self, dossier, kind, support, start, fields, new, known) -> Verdict:
        provider = self.ctx.provider(fields["provider_name"])
        draft = switching.Draft(
            dossier=dossier,
            kind=kind,
            started_on=start,
            provider=provider,
            provider_name=fields["provider_name"],
            hours_per_week=fields["hours_per_week"],
            support=support,
            uwv_advice_on=fields["uwv_advice_on"],
            uwv_advice_reference=fields["uwv_advice_reference"],
        )
        outcome = check_arrangement(draft, self.registers.get(dossier.pk))
        if outcome.blocks:
            return rejected(*(str(rule.message) for rule in outcome.blocks))
        arrangement = build(
            Arrangement,
            dossier=dossier,
            kind=kind,
            support=support,
            started_on=start,
            provider=provider,
            created_by=self.ctx.actor,
            **fields,
        )
        try:
            check_new(arrangement, ["kind", "support", "started_on", *fields])
        except ValidationError as error:
            return rejected(*_messages(error, Arrangement))
        new.append(arrangement)
        known.append(arrangement)
        return Verdict(Outcome.CREATED, warnings=[str(rule.message) for rule in outcome.warnings])


class MeasurementsHandler(ChildHandler):
    """Participatieladder, Positieve Gezondheid and Zelfredzaamheid-Matrix: one measurement per
    resident, instrument and date; a different rung or score corrects it."""

    sheet = formats.MEASUREMENTS
    model = LadderAssessment
    BY_INSTRUMENT = {
        formats.LADDER: LadderAssessment,
        formats.POSITIVE_HEALTH: HealthAssessment,
        formats.SELF_RELIANCE: SelfRelianceAssessment,
    }

    @property
    def models(self):
        return tuple(self.BY_INSTRUMENT.values())

    def prepare(self, dossiers):
        self.arrangements = defaultdict(list)
        # Only what switching.suggested_rung reads (kind and period).
        for arrangement in Arrangement.objects.filter(
            dossier__any_of=[d.pk for d in dossiers.values()]
        ).only("dossier_id", "kind", "started_on", "ended_on"):
            self.arrangements[arrangement.dossier_id].append(arrangement)

    def row(self, dossier, row, known, new):
        instrument, day = row.values["instrument"], row.values["datum"]
        model = self.BY_INSTRUMENT[instrument]
        match = next((m for m in known if type(m) is model and m.assessed_on == day), None)
        if instrument == formats.LADDER:
            return self._ladder(dossier, day, row.values["trede_of_score"], match, known, new)
        scores = dict(row.values["scores"])
        if match is None:
            try:
                measurement = self._new_scored(model, dossier, day, scores)
                # Who took a measurement is not in an export (the form requires it).
                scored = scores if model is HealthAssessment else ["scores"]
                check_new(measurement, ["assessed_on", *scored])
            except ValidationError as error:
                return rejected(*_messages(error, model))
            except ValueError as error:  # clean_self_reliance_scores explains in Dutch
                return rejected(str(error))
            new.append(measurement)
            known.append(measurement)
            return Verdict(Outcome.CREATED)
        if self._scores_of(match) == scores:
            return Verdict(Outcome.UNCHANGED)
        reasons = self._attempt(lambda: self._correct_scores(match, scores))
        return rejected(*reasons) if reasons else Verdict(Outcome.UPDATED)

    def _ladder(self, dossier, day, rung, match, known, new) -> Verdict:
        if match is None:
            assessment = build(
                LadderAssessment,
                dossier=dossier,
                assessed_on=day,
                assessor=None,
                answers={},
                current_rung=rung,
                # Unknown from an export; the potential may not lie below the current rung.
                potential_rung=rung,
                horizon_months=DEFAULT_HORIZON_MONTHS,
                suggested_rung=switching.suggested_rung(self.arrangements[dossier.pk], day),
                confirmed_rung=rung,
                deviation_note=self._note(
                    _("alleen de trede is bekend, niet de antwoorden of de groeipotentie")
                ),
            )
            new.append(assessment)
            known.append(assessment)
            return Verdict(Outcome.CREATED)
        if match.confirmed_rung == rung:
            return Verdict(Outcome.UNCHANGED)
        reasons = self._attempt(lambda: self._correct(match, rung))
        return rejected(*reasons) if reasons else Verdict(Outcome.UPDATED)

    def _note(self, what: str) -> str:
        return _(
            "Overgenomen bij de gegevensmigratie uit %(source)s (import-run %(run)s): %(what)s."
        ) % {"source": self.ctx.source_system, "run": self.ctx.run.reference, "what": what}

    @staticmethod
    def _new_scored(model, dossier, day, scores):
        if model is HealthAssessment:
            # Who filled it in is not in an export; most are filled in together.
            return build(
                HealthAssessment, dossier=dossier, assessed_on=day, assessor=None, **scores
            )
        return build(
            SelfRelianceAssessment,
            dossier=dossier,
            assessed_on=day,
            assessor=None,
            scores=clean_self_reliance_scores(scores),
        )

    @staticmethod
    def _scores_of(measurement) -> dict:
        if isinstance(measurement, HealthAssessment):
            return {field: getattr(measurement, field) for field in formats.HEALTH_COLUMNS.values()}
        return dict(measurement.scores)

    @staticmethod
    def _correct(assessment, rung):
        locked = LadderAssessment.objects.select_for_update().get(pk=assessment.pk)
        locked.current_rung = locked.confirmed_rung = rung
        locked.potential_rung = max(locked.potential_rung, rung)
        locked.save(update_fields=["current_rung", "confirmed_rung", "potential_rung"])

    @staticmethod
    def _correct_scores(measurement, scores):
        locked = type(measurement).objects.select_for_update().get(pk=measurement.pk)
        if isinstance(locked, HealthAssessment):
            for field, score in scores.items():
                setattr(locked, field, score)
            fields = list(scores)
        else:
            locked.scores, fields = clean_self_reliance_scores(scores), ["scores"]
        locked.full_clean(exclude=["dossier", "assessor"], validate_unique=False)
        locked.save(update_fields=fields)


class TargetGroupHandler(ChildHandler):
    sheet = formats.TARGET_GROUP
    model = TargetGroupRegistration

    def row(self, dossier, row, known, new):
        day, status = row.values["datum"], row.values["status"]
        match = next((r for r in known if r.per_date == day), None)
        if match is None:
            registration = build(
                TargetGroupRegistration,
                dossier=dossier,
                status=status,
                per_date=day,
                source=(_("%(source)s (gegevensmigratie)") % {"source": self.ctx.source_system})[
                    :100
                ],
                recorded_by=self.ctx.actor,
            )
            new.append(registration)
            known.append(registration)
            return Verdict(Outcome.CREATED)
        if match.status == status:
            return Verdict(Outcome.UNCHANGED)
        reasons = self._attempt(lambda: self._correct(match, status))
        return rejected(*reasons) if reasons else Verdict(Outcome.UPDATED)

    @staticmethod
    def _correct(registration, status):
        locked = TargetGroupRegistration.objects.select_for_update().get(pk=registration.pk)
        locked.status = status
        locked.save(update_fields=["status"])


HANDLERS = {
    formats.PERSONS: PersonsHandler,
    formats.TARGET_GROUP: TargetGroupHandler,
    formats.BENEFITS: BenefitsHandler,
    formats.ARRANGEMENTS: ArrangementsHandler,
    formats.MEASUREMENTS: MeasurementsHandler,
}
