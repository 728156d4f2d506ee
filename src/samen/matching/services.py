"""Domain logic of the matching module (no HTTP): from the database to the engine's arrays and back.

- ``load_residents`` / ``load_opportunities`` read both sides in a fixed number of queries (never
  one per resident or per pair) and ``build`` turns them into ``scoring`` arrays.
- ``rank_opportunities`` (for one resident) and ``rank_candidates`` (for one opportunity) score,
  rank and explain, each municipality with its own weights (policy settings).
- ``propose_match`` records a case worker's choice; the steps after it are in ``workflow``.
- ``start_round`` / ``execute_round``: the assignment round with its progress.
- ``log_reads``: every ranking that shows residents is written to the access log.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.audit.models import AccessLog
from samen.audit.services import log_access
from samen.participation import instruments
from samen.participation.models import (
    Arrangement,
    Dossier,
    LadderAssessment,
    Talent,
    TalentProfile,
    TargetGroupRegistration,
)
from samen.participation.switching import ARRANGEMENT_RUNG, WSW_CLOSED_ON
from samen.regions.models import Municipality

from . import assignment, explain, scoring, workflow
from .models import AssignmentProposal, AssignmentRun, Match, WorkOpportunity
from .policies import weights_for

LIMITATION_CODES = list(instruments.LIMITATIONS)
LIMITATION_INDEX = {code: index for index, code in enumerate(LIMITATION_CODES)}

PURPOSE_MATCHING = "uitvoering Participatiewet: matching van talent en werk"
PURPOSE_PARTNER = "samenwerking met partner, met toestemming van de inwoner"


# --- Loading both sides ---------------------------------------------------------------------------


def _limitation_set(codes) -> set[int]:
    return {LIMITATION_INDEX[code] for code in codes or () if code in LIMITATION_INDEX}


@dataclass
class ResidentData:
    """Residents as read from the dossiers, still as Python lists (``build`` makes arrays)."""

    dossiers: list[Dossier]
    talents: list[set[int]] = field(default_factory=list)
    limitations: list[set[int]] = field(default_factory=list)
    hours: list[float] = field(default_factory=list)
    current_rung: list[int] = field(default_factory=list)
    potential_rung: list[int] = field(default_factory=list)
    in_register: list[bool] = field(default_factory=list)
    uwv_advice: list[bool] = field(default_factory=list)
    wsw_rights: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.dossiers)


def load_residents(dossiers, on: date | None = None) -> ResidentData:
    """Read the matching view of ``dossiers`` (a queryset) in three queries: the dossiers with
    their profile, latest ladder measurement and doelgroepregister status; the profiles' talents;
    the arrangements (UWV advice, old Wsw rights, the rung of what runs now)."""
    on = on or timezone.localdate()
    ladder = LadderAssessment.objects.filter(dossier=OuterRef("pk")).order_by(
        "-assessed_on", "-created_at"
    )
    register = TargetGroupRegistration.objects.filter(dossier=OuterRef("pk")).order_by(
        "-per_date", "-recorded_at"
    )
    rows = list(
        dossiers.select_related("resident", "talent_profile", "municipality").annotate(
            ladder_current=Subquery(ladder.values("confirmed_rung")[:1]),
            ladder_potential=Subquery(ladder.values("potential_rung")[:1]),
            register_status=Subquery(register.values("status")[:1]),
        )
    )
    ids = [d.pk for d in rows]
    profile_talents: dict[int, set[int]] = defaultdict(set)
    through = TalentProfile.talents.through
    for dossier_id, talent_id in through.objects.filter(
        talentprofile__dossier_id__in=ids
    ).values_list("talentprofile__dossier_id", "talent_id"):
        profile_talents[dossier_id].add(talent_id)
    running_rung: dict[int, int] = {}
    advice: set[int] = set()
    wsw: set[int] = set()
    for dossier_id, kind, started, ended, advice_on in Arrangement.objects.filter(
        dossier_id__in=ids
    ).values_list("dossier_id", "kind", "started_on", "ended_on", "uwv_advice_on"):
        if advice_on is not None:
            advice.add(dossier_id)
        if kind == Arrangement.Kind.WSW and started < WSW_CLOSED_ON:
            wsw.add(dossier_id)
        if started <= on and (ended is None or ended >= on):
            running_rung[dossier_id] = max(running_rung.get(dossier_id, 0), ARRANGEMENT_RUNG[kind])
    data = ResidentData(rows)
    for dossier in rows:
        profile = getattr(dossier, "talent_profile", None)
        data.talents.append(profile_talents.get(dossier.pk, set()))
        data.limitations.append(_limitation_set(profile.limitations if profile else ()))
        hours = profile.hours_per_week if profile else None
        data.hours.append(np.nan if hours is None else float(hours))
        # The confirmed ladder rung when measured; otherwise what the running arrangements suggest.
        current = dossier.ladder_current or running_rung.get(dossier.pk, 0)
        data.current_rung.append(current)
        data.potential_rung.append(max(dossier.ladder_potential or 0, current))
        data.in_register.append(
            dossier.register_status == TargetGroupRegistration.Status.REGISTERED
        )
        data.uwv_advice.append(dossier.pk in advice)
        data.wsw_rights.append(dossier.pk in wsw)
    return data


@dataclass
class OpportunityData:
    opportunities: list[WorkOpportunity]
    asked: list[set[int]] = field(default_factory=list)
    taught: list[set[int]] = field(default_factory=list)
    free_places: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.opportunities)


def load_opportunities(opportunities) -> OpportunityData:
    """Read ``opportunities`` (a queryset) with their talents and free places in three queries."""
    rows = list(
        opportunities.select_related("organisation", "municipality").annotate(
            open_matches=Count("matches", filter=Q(matches__state__in=Match.OPEN_STATES))
        )
    )
    ids = [o.pk for o in rows]
    asked: dict[int, set[int]] = defaultdict(set)
    taught: dict[int, set[int]] = defaultdict(set)
    for relation, target in (
        (WorkOpportunity.talents_asked.through, asked),
        (WorkOpportunity.talents_taught.through, taught),
    ):
        for opportunity_id, talent_id in relation.objects.filter(
            workopportunity_id__in=ids
        ).values_list("workopportunity_id", "talent_id"):
            target[opportunity_id].add(talent_id)
    data = OpportunityData(rows)
    for opportunity in rows:
        data.asked.append(asked.get(opportunity.pk, set()))
        data.taught.append(taught.get(opportunity.pk, set()))
        data.free_places.append(max(opportunity.places - opportunity.open_matches, 0))
    return data


@dataclass
class Problem:
    """Both sides as arrays, with the reach between their municipalities and the weights."""

    residents: scoring.Residents
    opportunities: scoring.Opportunities
    reach: np.ndarray
    municipalities: list[Municipality]
    weights: dict[int, scoring.Weights]  # by municipality index (of the residents)


def build(residents: ResidentData, opportunities: OpportunityData, on=None) -> Problem:
    """Arrays for the engine; talent ids are the columns, so both sides share them."""
    # The municipalities come with both sides (select_related): no query of their own.
    by_pk = {d.municipality.pk: d.municipality for d in residents.dossiers}
    by_pk.update({o.municipality.pk: o.municipality for o in opportunities.opportunities})
    municipalities = [by_pk[pk] for pk in sorted(by_pk)]
    index = {m.pk: i for i, m in enumerate(municipalities)}
    width = 1 + max(
        [
            t
            for talents in (*residents.talents, *opportunities.asked, *opportunities.taught)
            for t in talents
        ],
        default=0,
    )
    limitations = len(LIMITATION_CODES)
    resident_municipality = np.array(
        [index[d.municipality_id] for d in residents.dossiers], dtype=np.int32
    )
    resident_arrays = scoring.Residents(
        talents=scoring.incidence(residents.talents, width),
        limitations=scoring.incidence(residents.limitations, limitations),
        hours=np.array(residents.hours, dtype=np.float32),
        municipality=resident_municipality,
        current_rung=np.array(residents.current_rung, dtype=np.int8),
        potential_rung=np.array(residents.potential_rung, dtype=np.int8),
        in_register=np.array(residents.in_register, dtype=bool),
        uwv_advice=np.array(residents.uwv_advice, dtype=bool),
        wsw_rights=np.array(residents.wsw_rights, dtype=bool),
        ids=np.array([d.pk for d in residents.dossiers], dtype=np.int64),
    )
    opps = opportunities.opportunities
    opportunity_arrays = scoring.Opportunities(
        asked=scoring.incidence(opportunities.asked, width),
        taught=scoring.incidence(opportunities.taught, width),
        core_demands=scoring.incidence(
            [_limitation_set(o.core_demands) for o in opps], limitations
        ),
        other_demands=scoring.incidence(
            [_limitation_set(o.other_demands) for o in opps], limitations
        ),
        hours_min=np.array([o.hours_min for o in opps], dtype=np.float32),
        hours_max=np.array([o.hours_max for o in opps], dtype=np.float32),
        municipality=np.array([index[o.municipality_id] for o in opps], dtype=np.int32),
        kind=np.array([scoring.KIND_INDEX[o.kind] for o in opps], dtype=np.int8),
        job_coach=np.array([o.offers_job_coach for o in opps], dtype=bool),
        places=np.array(opportunities.free_places, dtype=np.int64),
        ids=np.array([o.pk for o in opps], dtype=np.int64),
    )
    weights = {
        i: weights_for(municipalities[i], on) for i in np.unique(resident_municipality).tolist()
    }
    region_of = np.array([m.region_id for m in municipalities])
    reach = np.zeros((len(municipalities), len(municipalities)), dtype=np.float32)
    for i in range(len(municipalities)):  # one row per municipality, each with its own weights
        other = weights.get(i, scoring.DEFAULT_WEIGHTS).other_municipality_reach
        reach[i] = np.where(region_of == region_of[i], other, 0)
        reach[i, i] = 1
    return Problem(resident_arrays, opportunity_arrays, reach, municipalities, weights)


def score_problem(problem: Problem, *, with_factors: bool = False) -> scoring.ScoreBlock:
    """Score all pairs, each resident with the weights of their own municipality."""
    residents = problem.residents
    n, m = len(residents), len(problem.opportunities)
    result = scoring.ScoreBlock(
        np.full((n, m), scoring.BLOCKED, dtype=np.float32), np.zeros((n, m), dtype=np.int16)
    )
    if with_factors:
        result.factors, result.penalty = {}, np.zeros((n, m), dtype=np.float32)
    for municipality_index, weights in problem.weights.items():
        rows = np.flatnonzero(residents.municipality == municipality_index)
        block = scoring.score(
            residents.take(rows),
            problem.opportunities,
            problem.reach,
            weights,
            with_factors=with_factors,
        )
        result.score[rows] = block.score
        result.blocked[rows] = block.blocked
        if with_factors:
            result.penalty[rows] = block.penalty
            for name, values in block.factors.items():
                result.factors.setdefault(name, np.zeros((n, m), dtype=np.float32))[rows] = values
    return result


# --- Explanations ---------------------------------------------------------------------------------


def _talent_names(ids: Iterable[int]) -> dict[int, str]:
    ids = set(ids)
    if not ids:
        return {}
    return dict(Talent.objects.filter(pk__in=ids).values_list("pk", "name"))


def pair_facts(
    residents: ResidentData,
    opportunities: OpportunityData,
    problem: Problem,
    pairs: list[tuple[int, int]],
) -> list[explain.PairFacts]:
    """The facts behind the score of each (resident index, opportunity index) pair.

    The factors come from the same engine, scored on only the residents and opportunities of
    ``pairs``; the talent sets give the names.
    """
    if not pairs:
        return []
    rows = sorted({i for i, _j in pairs})
    cols = sorted({j for _i, j in pairs})
    row_at, col_at = {r: k for k, r in enumerate(rows)}, {c: k for k, c in enumerate(cols)}
    sub = Problem(
        problem.residents.take(rows),
        problem.opportunities.take(cols),
        problem.reach,
        problem.municipalities,
        problem.weights,
    )
    block = score_problem(sub, with_factors=True)
    names = _talent_names(
        t
        for i, j in pairs
        for t in residents.talents[i] | opportunities.asked[j] | opportunities.taught[j]
    )

    def named(ids):
        return sorted(names.get(t, "?") for t in ids)

    limitation_labels = [str(instruments.LIMITATIONS[code]) for code in LIMITATION_CODES]
    facts = []
    for i, j in pairs:
        r, c = row_at[i], col_at[j]
        dossier, opportunity = residents.dossiers[i], opportunities.opportunities[j]
        have_ids, asked, taught = (
            residents.talents[i],
            opportunities.asked[j],
            opportunities.taught[j],
        )
        limitations = residents.limitations[i]
        hours = residents.hours[i]
        facts.append(
            explain.PairFacts(
                score=float(block.score[r, c]),
                blocked=int(block.blocked[r, c]),
                have=named(asked & have_ids),
                learnable=named((asked - have_ids) & taught),
                missing=named(asked - have_ids - taught),
                new_to_learn=named(taught - have_ids),
                asked_count=len(asked),
                hours=None if np.isnan(hours) else hours,
                hours_min=opportunity.hours_min,
                hours_max=opportunity.hours_max,
                hours_factor=float(block.factors["hours"][r, c]),
                same_municipality=dossier.municipality_id == opportunity.municipality_id,
                opportunity_municipality=opportunity.municipality.name,
                region_factor=float(block.factors["region"][r, c]),
                kind_label=str(opportunity.get_kind_display()),
                kind_rung=int(scoring.KIND_RUNG[scoring.KIND_INDEX[opportunity.kind]]),
                current_rung=residents.current_rung[i],
                potential_rung=residents.potential_rung[i],
                kind_factor=float(block.factors["kind"][r, c]),
                core_conflicts=[
                    limitation_labels[k]
                    for k in sorted(limitations & _limitation_set(opportunity.core_demands))
                ],
                other_conflicts=[
                    limitation_labels[k]
                    for k in sorted(limitations & _limitation_set(opportunity.other_demands))
                ],
                job_coach=opportunity.offers_job_coach,
                training=opportunity.offers_training,
            )
        )
    return facts


def percent(value: float) -> int:
    """A score in [0, 1] as a whole percentage (blocked: 0)."""
    return int(round(max(float(value), 0.0) * 100))


# --- Ranking for a resident -----------------------------------------------------------------------


@dataclass(frozen=True)
class OpenMatch:
    """The running match of this resident with a ranked opportunity (read with the ranking)."""

    uuid: object
    state: str

    def get_state_display(self) -> str:
        return str(Match.State(self.state).label)


@dataclass
class RankedOpportunity:
    opportunity: WorkOpportunity
    score: int
    lines: list[dict]
    blocked: bool
    open_match: OpenMatch | None = None

    @property
    def summary(self) -> str:
        return explain.summary(self.lines)


@dataclass(frozen=True)
class OpportunityFilters:
    kinds: tuple[str, ...] = ()
    municipality: Municipality | None = None
    max_hours: int | None = None
    include_blocked: bool = False


def candidate_opportunities(dossier: Dossier, filters: OpportunityFilters = OpportunityFilters()):
    """Open opportunities in the resident's region, narrowed by the filters."""
    qs = WorkOpportunity.objects.open().filter(
        municipality__region_id=dossier.municipality.region_id
    )
    if filters.kinds:
        qs = qs.filter(kind__in=filters.kinds)
    if filters.municipality is not None:
        qs = qs.filter(municipality=filters.municipality)
    if filters.max_hours is not None:
        qs = qs.filter(hours_min__lte=filters.max_hours)
    return qs.order_by("pk")


def rank_opportunities(
    dossier: Dossier,
    filters: OpportunityFilters = OpportunityFilters(),
    *,
    limit: int = 20,
) -> list[RankedOpportunity]:
    """The best open opportunities for one resident, each with its score and explanation."""
    residents = load_residents(Dossier.objects.filter(pk=dossier.pk))
    running = Match.objects.filter(
        dossier=dossier, opportunity=OuterRef("pk"), state__in=Match.OPEN_STATES
    )
    opportunities = load_opportunities(
        candidate_opportunities(dossier, filters).annotate(
            open_match_uuid=Subquery(running.values("uuid")[:1]),
            open_match_state=Subquery(running.values("state")[:1]),
        )
    )
    if not len(opportunities):
        return []
    problem = build(residents, opportunities)
    scores = score_problem(problem).score[0]
    order = np.lexsort((np.arange(len(scores)), -scores))
    if not filters.include_blocked:
        order = order[scores[order] >= 0]
    order = order[:limit]
    facts = pair_facts(residents, opportunities, problem, [(0, int(j)) for j in order])
    result = []
    for j, fact in zip(order.tolist(), facts, strict=True):
        opportunity = opportunities.opportunities[j]
        running_match = None
        if opportunity.open_match_uuid:
            running_match = OpenMatch(opportunity.open_match_uuid, opportunity.open_match_state)
        result.append(
            RankedOpportunity(
                opportunity=opportunity,
                score=percent(scores[j]),
                lines=explain.explain(fact),
                blocked=bool(fact.blocked),
                open_match=running_match,
            )
        )
    return result


# --- Ranking for an opportunity -------------------------------------------------------------------


@dataclass
class RankedCandidate:
    dossier: Dossier
    score: int
    lines: list[dict]
    blocked: bool
    pseudonym: str = ""
    open_match: Match | None = None

    @property
    def summary(self) -> str:
        return explain.summary(self.lines)


def _open_dossiers_in_region(opportunity: WorkOpportunity):
    return Dossier.objects.filter(
        status=Dossier.Status.OPEN, municipality__region_id=opportunity.municipality.region_id
    )


def candidate_dossiers_for_case_worker(user, opportunity: WorkOpportunity):
    """Open dossiers of the region the case worker works for (their own municipalities only)."""
    from samen.accounts.permissions import scope_queryset

    return scope_queryset(user, _open_dossiers_in_region(opportunity), "matching.rank_for_resident")


def consents_for_partner(opportunity: WorkOpportunity):
    """Active consents given to the opportunity's organisation (what its partner may see)."""
    from samen.participation.models import Consent

    if opportunity.organisation_id is None:
        return Consent.objects.none()
    return Consent.objects.active().filter(
        organisation_id=opportunity.organisation_id,
        dossier__status=Dossier.Status.OPEN,
        dossier__municipality__region_id=opportunity.municipality.region_id,
    )


def rank_candidates(
    opportunity: WorkOpportunity,
    dossiers,
    *,
    limit: int = 25,
    include_blocked: bool = False,
    consents: dict[int, object] | None = None,
) -> list[RankedCandidate]:
    """The best-fitting residents (of ``dossiers``) for one opportunity.

    With ``consents`` (dossier id → Consent) the list is a partner's: pseudonyms, no blocked
    residents, and only the explanation lines the resident agreed to share.
    """
    residents = load_residents(dossiers)
    if not len(residents):
        return []
    opportunities = load_opportunities(WorkOpportunity.objects.filter(pk=opportunity.pk))
    problem = build(residents, opportunities)
    scores = score_problem(problem).score[:, 0]
    order = np.lexsort((np.arange(len(scores)), -scores))
    if not include_blocked or consents is not None:
        order = order[scores[order] >= 0]
    order = order[:limit]
    facts = pair_facts(residents, opportunities, problem, [(int(i), 0) for i in order])
    open_matches = {}
    if consents is None:
        open_matches = {
            m.dossier_id: m
            for m in Match.objects.filter(opportunity=opportunity, state__in=Match.OPEN_STATES)
        }
    result = []
    for i, fact in zip(order.tolist(), facts, strict=True):
        dossier = residents.dossiers[i]
        lines = explain.explain(fact)
        pseudonym = ""
        if consents is not None:
            consent = consents[dossier.pk]
            lines, pseudonym = explain.for_partner(lines, consent.shared), consent.pseudonym
        result.append(
            RankedCandidate(
                dossier=dossier,
                score=percent(scores[i]),
                lines=lines,
                blocked=bool(fact.blocked),
                pseudonym=pseudonym,
                open_match=open_matches.get(dossier.pk),
            )
        )
    return result


def rank_candidates_for_partner(opportunity: WorkOpportunity, *, limit: int = 25):
    """A partner's candidate list: consenting residents only, under their pseudonyms."""
    consents = {c.dossier_id: c for c in consents_for_partner(opportunity)}
    if not consents:
        return []
    dossiers = Dossier.objects.filter(pk__in=list(consents))
    return rank_candidates(opportunity, dossiers, limit=limit, consents=consents)


# --- The access log ------------------------------------------------------------------------------


def log_reads(request, dossiers: Iterable[Dossier], *, purpose: str = PURPOSE_MATCHING) -> None:
    """One access-log row per resident whose data a page showed: ``audit.services.log_access``
    for one dossier, one INSERT of the same rows for a list."""
    dossiers = list(dossiers)
    if not dossiers:
        return
    if len(dossiers) == 1:
        dossier = dossiers[0]
        log_access(
            request,
            dossier,
            subject_reference=dossier.resident.reference,
            purpose=purpose,
            municipality=dossier.municipality,
        )
        return
    user = request.user
    content_type = ContentType.objects.get_for_model(Dossier)
    now = timezone.now()
    AccessLog.objects.bulk_create(
        AccessLog(
            timestamp=now,
            actor=user if user.is_authenticated else None,
            actor_display=str(user) if user.is_authenticated else "anoniem",
            activity=AccessLog.Activity.VIEW,
            purpose=purpose,
            content_type=content_type,
            object_id=str(dossier.pk),
            subject_reference=dossier.resident.reference,
            municipality_id=dossier.municipality_id,
            request_path=request.get_full_path()[:500],
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
        for dossier in dossiers
    )


# --- Proposing a match ----------------------------------------------------------------------------


def explain_pair(dossier: Dossier, opportunity: WorkOpportunity) -> tuple[int, list[dict], bool]:
    """(score in %, explanation lines, blocked) for one resident and one opportunity."""
    residents = load_residents(Dossier.objects.filter(pk=dossier.pk))
    opportunities = load_opportunities(WorkOpportunity.objects.filter(pk=opportunity.pk))
    problem = build(residents, opportunities)
    [fact] = pair_facts(residents, opportunities, problem, [(0, 0)])
    return percent(fact.score), explain.explain(fact), bool(fact.blocked)


def propose_match(
    dossier: Dossier,
    opportunity: WorkOpportunity,
    *,
    actor,
    source: str,
    proposal: AssignmentProposal | None = None,
    note: str = "",
) -> Match:
    """A case worker takes up a pair as a match (state ``proposed``), with the score and
    explanation of this moment. A second click finds the open match instead of a duplicate."""
    if not actor.has_perm("matching.confirm_match", dossier):
        raise PermissionDenied
    existing = Match.objects.filter(
        dossier=dossier, opportunity=opportunity, state__in=Match.OPEN_STATES
    ).first()
    if existing:
        return existing
    if not dossier.is_open:
        raise ValidationError(_("Het dossier van de inwoner is afgesloten."))
    if not opportunity.is_open():
        raise ValidationError(_("Deze werkplek is niet meer open."))
    score, lines, blocked = explain_pair(dossier, opportunity)
    if blocked:
        raise ValidationError([line["text"] for line in lines if line["tone"] == explain.BLOCKED])
    try:
        with transaction.atomic():
            match = Match.objects.create(
                dossier=dossier,
                opportunity=opportunity,
                source=source,
                score=score,
                explanation=lines,
                proposal=proposal,
                created_by=actor,
            )
            workflow.record_creation(match, actor=actor, note=note)
    except IntegrityError:
        existing = Match.objects.filter(
            dossier=dossier, opportunity=opportunity, state__in=Match.OPEN_STATES
        ).first()
        if existing:
            return existing
        raise
    return match


# --- Placement: the arrangement in the dossier ---------------------------------------------------

#: Which arrangement a placement starts, by kind of work (paid work with a job coach: supported).
ARRANGEMENT_FOR_KIND = {
    WorkOpportunity.Kind.PAID: Arrangement.Kind.REGULAR,
    WorkOpportunity.Kind.SHELTERED_WORK: Arrangement.Kind.SHELTERED_WORK,
    WorkOpportunity.Kind.JOB_GUARANTEE: Arrangement.Kind.JOB_GUARANTEE,
    WorkOpportunity.Kind.LEARN_WORK: Arrangement.Kind.REGULAR_SUPPORTED,
    WorkOpportunity.Kind.VOLUNTEERING: Arrangement.Kind.VOLUNTEERING,
    WorkOpportunity.Kind.WORK_DAYCARE: Arrangement.Kind.WORK_DAYCARE,
    WorkOpportunity.Kind.WSW: Arrangement.Kind.WSW,
}


def arrangement_kind_for(opportunity: WorkOpportunity) -> str:
    if opportunity.kind == WorkOpportunity.Kind.PAID and opportunity.offers_job_coach:
        return Arrangement.Kind.REGULAR_SUPPORTED
    return ARRANGEMENT_FOR_KIND[opportunity.kind]


def running_arrangement(dossier: Dossier, on: date) -> Arrangement | None:
    """The arrangement a placement would replace: the most recent one running on ``on``."""
    running = [a for a in dossier.arrangements.order_by("-started_on") if a.is_active_on(on)]
    return running[0] if running else None


def placement_switch(*, actor, acknowledge_warnings: bool) -> Callable[[Match, dict], object]:
    """The ``on_placed`` hook of ``workflow.apply``: start or switch the arrangement.

    The new arrangement carries the provider, the hours (the resident's, within the place's
    range), a job coach when offered, and the UWV advice of the arrangement it replaces. The
    rules of ``participation.switching`` apply (e.g. beschut werk needs UWV advice); a refusal
    raises ``SwitchRefused`` and the whole step is rolled back.
    """
    from samen.participation import switching

    def hook(match: Match, data: dict):
        opportunity, dossier = match.opportunity, match.dossier
        on = data["placed_on"]
        current = running_arrangement(dossier, on)
        profile = getattr(dossier, "talent_profile", None)
        hours = profile.hours_per_week if profile and profile.hours_per_week else None
        if hours is not None:
            hours = min(max(hours, opportunity.hours_min), opportunity.hours_max)
        draft = switching.Draft(
            dossier=dossier,
            kind=arrangement_kind_for(opportunity),
            started_on=on,
            provider=opportunity.organisation,
            provider_name=opportunity.organisation.name if opportunity.organisation else "",
            hours_per_week=Decimal(hours) if hours is not None else None,
            support=Arrangement.Support.JOB_COACH if opportunity.offers_job_coach else "",
            uwv_advice_on=current.uwv_advice_on if current else None,
            uwv_advice_reference=current.uwv_advice_reference if current else "",
        )
        reason = _("Geplaatst via matching: %(title)s") % {"title": opportunity.title}
        if current is not None and current.started_on < on:
            return switching.switch_arrangement(
                current,
                draft,
                reason=reason,
                actor=actor,
                acknowledge_warnings=acknowledge_warnings,
            )
        return switching.start_arrangement(
            draft, actor=actor, acknowledge_warnings=acknowledge_warnings
        )

    return hook


# --- The assignment round -------------------------------------------------------------------------


def round_dossiers(run: AssignmentRun):
    """Residents in a round: open dossiers with a talent profile and no open match."""
    qs = Dossier.objects.filter(
        status=Dossier.Status.OPEN, talent_profile__isnull=False, municipality__region=run.region
    ).exclude(matches__state__in=Match.OPEN_STATES)
    if run.municipality_id:
        qs = qs.filter(municipality=run.municipality)
    return qs.order_by("pk")


def round_opportunities(run: AssignmentRun):
    return WorkOpportunity.objects.open().filter(municipality__region=run.region).order_by("pk")


def start_round(*, region, municipality, actor, token=None) -> AssignmentRun:
    """Create a queued round (a double submit with the same token finds the first)."""
    if token is not None:
        existing = AssignmentRun.objects.filter(submission_token=token).first()
        if existing:
            return existing
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError(_("Deze gemeente hoort niet bij de gekozen regio."))
    target = municipality or region
    if not actor.has_perm("matching.add_assignmentrun", target):
        raise PermissionDenied
    if municipality is None and not _covers_whole_region(actor, region):
        raise ValidationError(
            _("Een ronde voor de hele regio kan alleen wie voor alle gemeenten van de regio werkt.")
        )
    try:
        with transaction.atomic():
            return AssignmentRun.objects.create(
                region=region, municipality=municipality, started_by=actor, submission_token=token
            )
    except IntegrityError:
        existing = AssignmentRun.objects.filter(submission_token=token).first()
        if existing:
            return existing
        raise


def _covers_whole_region(user, region) -> bool:
    if user.is_superuser:
        return True
    return all(user.has_perm("matching.add_assignmentrun", m) for m in region.municipalities.all())


def _progress(run: AssignmentRun, percent_done: int, stage: str, **fields) -> None:
    # An UPDATE outside the work's transaction, so another request can show it while it runs.
    AssignmentRun.objects.filter(pk=run.pk).update(progress=percent_done, stage=stage, **fields)


def execute_round(run: AssignmentRun) -> AssignmentRun:
    """Score, assign and store the proposals of ``run``, reporting progress as it goes."""
    started = time.perf_counter()
    _progress(run, 5, _("Inwoners en werkplekken lezen"), status=AssignmentRun.Status.RUNNING)
    try:
        residents = load_residents(round_dossiers(run))
        opportunities = load_opportunities(round_opportunities(run))
        places = sum(opportunities.free_places)
        _progress(
            run,
            25,
            _("Scores berekenen"),
            resident_count=len(residents),
            opportunity_count=len(opportunities),
            place_count=places,
        )
        proposals = []
        if len(residents) and len(opportunities):
            problem = build(residents, opportunities)
            scores = score_problem(problem).score
            _progress(run, 55, _("Plekken verdelen"))
            weights = (
                weights_for(run.municipality) if run.municipality_id else scoring.DEFAULT_WEIGHTS
            )
            result = assignment.assign(
                scores,
                problem.opportunities.places,
                minimum_score=weights.minimum_score,
                spread=weights.spread,
            )
            _progress(run, 75, _("Uitleg bij de voorstellen schrijven"))
            pairs = [(int(i), int(result.opportunity[i])) for i in result.assigned]
            for (i, j), fact in zip(
                pairs, pair_facts(residents, opportunities, problem, pairs), strict=True
            ):
                proposals.append(
                    AssignmentProposal(
                        run=run,
                        dossier=residents.dossiers[i],
                        opportunity=opportunities.opportunities[j],
                        score=percent(fact.score),
                        explanation=explain.explain(fact),
                    )
                )
        with transaction.atomic():
            AssignmentProposal.objects.bulk_create(proposals)
            AssignmentRun.objects.filter(pk=run.pk).update(
                status=AssignmentRun.Status.DONE,
                progress=100,
                stage=_("Klaar in %(seconds).1f seconden")
                % {"seconds": time.perf_counter() - started},
                proposal_count=len(proposals),
                total_score=sum(p.score for p in proposals) / Decimal(100),
                finished_at=timezone.now(),
            )
    except Exception as error:  # the run must never stay "running" forever
        AssignmentRun.objects.filter(pk=run.pk).update(
            status=AssignmentRun.Status.FAILED,
            error=str(error)[:2000],
            finished_at=timezone.now(),
        )
        raise
    run.refresh_from_db()
    return run


def dispatch_round(run: AssignmentRun) -> None:
    """Run the round through the task interface. Samen's embedded default runs it inline; the
    progress fields let a page follow a round that runs elsewhere (e.g. ``run_matching_round``)."""
    execute_round(run)


def adopt_proposal(proposal: AssignmentProposal, *, actor) -> Match:
    """A case worker takes a round's proposal up as a match (once: a second click finds it)."""
    adopted = Match.objects.filter(proposal=proposal).first()
    if adopted is not None:
        return adopted
    return propose_match(
        proposal.dossier,
        proposal.opportunity,
        actor=actor,
        source=Match.Source.ROUND,
        proposal=proposal,
    )
