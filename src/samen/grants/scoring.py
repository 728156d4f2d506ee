"""The scorecard (toetsingskader): aggregating the steering members' scores into an advice.

Pure functions on plain values, so the rules are easy to test:

- each member scores each criterion on the scheme's scale (0 .. scale_max) or marks it "not
  applicable"; not applicable is left out — it never counts as 0;
- a criterion's score is the mean of its applicable scores; criteria without any applicable score
  drop out of the weighted total (their weight is not counted either);
- the total is the weighted mean of the criteria's scores as a percentage of the scale;
- a knock-out criterion whose mean is below its pass mark fails, and then the advice is negative
  whatever the total (a knock-out criterion cannot be marked not applicable);
- otherwise the advice is positive when the total reaches the scheme's threshold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
PERCENT = Decimal("0.01")


@dataclass(frozen=True)
class CriterionSpec:
    key: object
    title: str
    weight: Decimal
    knock_out: bool = False
    pass_mark: int = 0


@dataclass(frozen=True)
class ScoreValue:
    criterion: object
    value: int | None  # None: not applicable


@dataclass(frozen=True)
class CriterionResult:
    criterion: CriterionSpec
    mean: Decimal | None
    applicable: int
    not_applicable: int
    knocked_out: bool


@dataclass(frozen=True)
class Scorecard:
    rows: list[CriterionResult]
    total_percentage: Decimal | None
    knock_out_failed: bool
    positive: bool | None  # None: nothing applicable was scored, no advice possible

    @property
    def failed_knock_outs(self) -> list[CriterionSpec]:
        return [row.criterion for row in self.rows if row.knocked_out]


def _mean(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(PERCENT, ROUND_HALF_UP)


def aggregate(
    criteria: Iterable[CriterionSpec],
    scores: Iterable[ScoreValue],
    *,
    scale_max: int,
    threshold: Decimal,
) -> Scorecard:
    """Combine all members' scores into one scorecard (see the module docstring for the rules)."""
    if scale_max < 1:
        raise ValueError("The scale needs a maximum of at least 1.")
    criteria = list(criteria)
    by_criterion: dict[object, list[int | None]] = {c.key: [] for c in criteria}
    for score in scores:
        if score.criterion not in by_criterion:
            raise ValueError(f"Score for an unknown criterion {score.criterion!r}.")
        if score.value is not None and not 0 <= score.value <= scale_max:
            raise ValueError(f"Score {score.value} is outside the scale 0-{scale_max}.")
        by_criterion[score.criterion].append(score.value)

    rows, weighted, weights = [], Decimal(0), Decimal(0)
    for criterion in criteria:
        values = [v for v in by_criterion[criterion.key] if v is not None]
        mean = _mean(values) if values else None
        knocked_out = bool(criterion.knock_out and mean is not None and mean < criterion.pass_mark)
        rows.append(
            CriterionResult(
                criterion=criterion,
                mean=mean,
                applicable=len(values),
                not_applicable=len(by_criterion[criterion.key]) - len(values),
                knocked_out=knocked_out,
            )
        )
        if values:
            weighted += criterion.weight * Decimal(sum(values)) / Decimal(len(values))
            weights += criterion.weight

    if weights == 0:
        return Scorecard(rows, None, False, None)
    total = (weighted / weights / Decimal(scale_max) * HUNDRED).quantize(PERCENT, ROUND_HALF_UP)
    knock_out_failed = any(row.knocked_out for row in rows)
    positive = not knock_out_failed and total >= threshold
    return Scorecard(rows, total, knock_out_failed, positive)
