"""Each score explained in words (Dutch): what fits, what can be learned, what stands in the way.

``explain`` turns the facts of one pair (``PairFacts``, filled from the same arrays the engine
scored) into a list of lines ``{"topic", "tone", "text"}``. Lines are plain data, so a proposal
keeps the explanation it was made with (``Match.explanation``). ``for_partner`` keeps only the
topics the resident consented to share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import scoring

GOOD, NEUTRAL, ATTENTION, BLOCKED = "good", "neutral", "attention", "blocked"

#: Which consent category (participation.instruments.SHARE_CATEGORIES) a topic needs.
TOPIC_CONSENT = {
    "talent": "talents",
    "learning": "talents",
    "hours": "hours",
    "kind": "ladder",
    "limitation": "limitations",
}


@dataclass
class PairFacts:
    """What the engine saw for one resident and one opportunity (names, not ids)."""

    score: float
    blocked: int
    have: list[str] = field(default_factory=list)
    learnable: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    new_to_learn: list[str] = field(default_factory=list)
    asked_count: int = 0
    hours: float | None = None
    hours_min: int = 0
    hours_max: int = 0
    hours_factor: float = 0.5
    same_municipality: bool = False
    opportunity_municipality: str = ""
    region_factor: float = 0.0
    kind_label: str = ""
    kind_rung: int = 0
    current_rung: int = 0
    potential_rung: int = 0
    kind_factor: float = 0.5
    core_conflicts: list[str] = field(default_factory=list)
    other_conflicts: list[str] = field(default_factory=list)
    job_coach: bool = False
    training: bool = False


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s en %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _line(topic: str, tone: str, text: str) -> dict:
    return {"topic": topic, "tone": tone, "text": text}


def talent_lines(f: PairFacts) -> list[dict]:
    if f.asked_count == 0:
        return [_line("talent", NEUTRAL, _("De werkplek vraagt geen bepaalde talenten."))]
    lines = []
    if f.have:
        lines.append(
            _line(
                "talent",
                GOOD,
                _("Talenten die passen (%(count)s van %(asked)s gevraagd): %(names)s.")
                % {"count": len(f.have), "asked": f.asked_count, "names": _names(f.have)},
            )
        )
    else:
        lines.append(
            _line("talent", ATTENTION, _("De inwoner heeft (nog) geen van de gevraagde talenten."))
        )
    if f.learnable:
        lines.append(
            _line(
                "learning",
                GOOD,
                _("Gevraagd en hier aan te leren: %(names)s.") % {"names": _names(f.learnable)},
            )
        )
    if f.missing:
        lines.append(
            _line(
                "talent",
                ATTENTION,
                _("Gevraagd maar nog niet aanwezig: %(names)s.") % {"names": _names(f.missing)},
            )
        )
    return lines


def learning_lines(f: PairFacts) -> list[dict]:
    extra = [name for name in f.new_to_learn if name not in f.learnable]
    if not extra:
        return []
    return [
        _line(
            "learning",
            GOOD,
            _("Hier kan de inwoner ook leren: %(names)s.") % {"names": _names(extra)},
        )
    ]


def hours_line(f: PairFacts) -> dict:
    offered = (
        _("%(min)s uur per week") % {"min": f.hours_min}
        if f.hours_min == f.hours_max
        else _("%(min)s tot %(max)s uur per week") % {"min": f.hours_min, "max": f.hours_max}
    )
    if f.hours is None:
        return _line(
            "hours",
            NEUTRAL,
            _("De werkplek vraagt %(offered)s; hoeveel uur de inwoner kan is niet bekend.")
            % {"offered": offered},
        )
    hours = int(f.hours)
    values = {"hours": hours, "offered": offered}
    if f.blocked & scoring.BLOCK_HOURS:
        return _line(
            "hours",
            BLOCKED,
            _(
                "De inwoner kan %(hours)s uur per week; de werkplek vraagt %(offered)s. Dat is te veel."
            )
            % values,
        )
    if f.hours_min <= hours <= f.hours_max:
        return _line(
            "hours",
            GOOD,
            _("De inwoner kan %(hours)s uur per week; de werkplek vraagt %(offered)s. Dat past.")
            % values,
        )
    if hours < f.hours_min:
        return _line(
            "hours",
            ATTENTION,
            _(
                "De inwoner kan %(hours)s uur per week; de werkplek vraagt %(offered)s. "
                "Dat is iets meer dan de inwoner nu kan."
            )
            % values,
        )
    return _line(
        "hours",
        NEUTRAL,
        _(
            "De inwoner kan %(hours)s uur per week; de werkplek biedt %(offered)s, "
            "dus minder uren dan mogelijk."
        )
        % values,
    )


def region_line(f: PairFacts) -> dict:
    place = f.opportunity_municipality
    if f.blocked & scoring.BLOCK_REGION:
        return _line(
            "region",
            BLOCKED,
            _("De werkplek in %(place)s ligt buiten de bereikbare regio.") % {"place": place},
        )
    if f.same_municipality:
        return _line(
            "region", GOOD, _("De werkplek is in de eigen gemeente (%(place)s).") % {"place": place}
        )
    return _line(
        "region",
        NEUTRAL,
        _("De werkplek is in %(place)s, een andere gemeente in de regio.") % {"place": place},
    )


def kind_lines(f: PairFacts) -> list[dict]:
    lines = []
    if f.blocked & scoring.BLOCK_REGISTER:
        lines.append(
            _line(
                "eligibility",
                BLOCKED,
                _(
                    "Een garantiebaan kan alleen met een indicatie in het doelgroepregister; "
                    "volgens de laatst vastgelegde gegevens van UWV is die er niet."
                ),
            )
        )
    if f.blocked & scoring.BLOCK_UWV_ADVICE:
        lines.append(
            _line(
                "eligibility",
                BLOCKED,
                _(
                    "Beschut werk vraagt een advies van UWV dat de inwoner tot de doelgroep "
                    "beschut werk behoort (artikel 10b Participatiewet); dat advies is er niet."
                ),
            )
        )
    if f.blocked & scoring.BLOCK_WSW_RIGHTS:
        lines.append(
            _line(
                "eligibility",
                BLOCKED,
                _(
                    "Sinds 1 januari 2015 kan niemand nieuw instromen in de Wsw; de inwoner heeft "
                    "geen oude Wsw-rechten."
                ),
            )
        )
    values = {
        "kind": f.kind_label,
        "rung": f.kind_rung,
        "current": f.current_rung,
        "potential": f.potential_rung,
    }
    if not f.current_rung:
        lines.append(
            _line(
                "kind",
                NEUTRAL,
                _("Soort werk: %(kind)s. De trede op de participatieladder is niet bekend.")
                % values,
            )
        )
    elif f.kind_factor >= 1:
        lines.append(
            _line(
                "kind",
                GOOD,
                _(
                    "Soort werk: %(kind)s (trede %(rung)s) past bij de volgende stap van de "
                    "inwoner (nu trede %(current)s, haalbaar trede %(potential)s)."
                )
                % values,
            )
        )
    elif f.kind_rung == f.current_rung:
        lines.append(
            _line(
                "kind",
                NEUTRAL,
                _("Soort werk: %(kind)s (trede %(rung)s) past bij waar de inwoner nu staat.")
                % values,
            )
        )
    elif f.kind_rung < f.current_rung:
        lines.append(
            _line(
                "kind",
                ATTENTION,
                _(
                    "Soort werk: %(kind)s (trede %(rung)s) is een stap terug voor de inwoner "
                    "(nu trede %(current)s)."
                )
                % values,
            )
        )
    else:
        lines.append(
            _line(
                "kind",
                ATTENTION,
                _(
                    "Soort werk: %(kind)s (trede %(rung)s) is nu een grote stap "
                    "(haalbaar is trede %(potential)s)."
                )
                % values,
            )
        )
    return lines


def limitation_lines(f: PairFacts) -> list[dict]:
    lines = []
    if f.core_conflicts:
        lines.append(
            _line(
                "limitation",
                BLOCKED,
                _(
                    "Wat in de weg staat: het werk vraagt altijd %(names)s; daarin is de "
                    "inwoner beperkt."
                )
                % {"names": _names([name.lower() for name in f.core_conflicts])},
            )
        )
    if f.other_conflicts:
        text = _("Aandachtspunt: het werk vraagt soms %(names)s; daarin is de inwoner beperkt.") % {
            "names": _names([name.lower() for name in f.other_conflicts])
        }
        if f.job_coach:
            text += " " + _("Er is een jobcoach die hierbij kan helpen.")
        lines.append(_line("limitation", ATTENTION, text))
    if not lines:
        lines.append(
            _line(
                "limitation",
                GOOD,
                _("Er is geen functionele beperking bekend die botst met wat het werk vraagt."),
            )
        )
    return lines


def support_line(f: PairFacts) -> dict | None:
    offered = []
    if f.job_coach:
        offered.append(_("een jobcoach"))
    if f.training:
        offered.append(_("opleiding op de werkplek"))
    if not offered:
        return None
    return _line("support", GOOD, _("Ondersteuning: %(what)s.") % {"what": _names(offered)})


def explain(f: PairFacts) -> list[dict]:
    """All lines for one pair, blocking reasons first."""
    lines = [
        *kind_lines(f),
        *talent_lines(f),
        *learning_lines(f),
        hours_line(f),
        region_line(f),
        *limitation_lines(f),
    ]
    support = support_line(f)
    if support:
        lines.append(support)
    order = {BLOCKED: 0, GOOD: 1, NEUTRAL: 2, ATTENTION: 3}
    return sorted(lines, key=lambda line: order[line["tone"]])


def for_partner(lines: list[dict], shared: list[str]) -> list[dict]:
    """Only the lines whose topic the resident's consent covers (never region or eligibility)."""
    allowed = set(shared)
    result = []
    for line in lines:
        category = TOPIC_CONSENT.get(line["topic"])
        if line["topic"] == "support" or (category and category in allowed):
            result.append(line)
    return result


def summary(lines: list[dict]) -> str:
    """One sentence for lists: the first blocking reason, else the first good point."""
    for tone in (BLOCKED, GOOD, NEUTRAL, ATTENTION):
        for line in lines:
            if line["tone"] == tone:
                return line["text"]
    return ""
