"""Placements from matching, on hand-built data."""

from datetime import date

import pytest

from samen.reporting.kpis import matching as kpis
from samen.reporting.periods import parse_period

pytestmark = pytest.mark.skipif(not kpis.is_available(), reason="matching not migrated yet")

H1 = parse_period("2021-H1")


def test_placements_count_residents_placed_in_the_period(seed_region):
    from samen.matching.models import Match
    from samen.matching.tests.factories import MatchFactory
    from samen.participation.tests.factories import DossierFactory

    weert = seed_region.municipalities.get(cbs_code="GM0988")
    nederweert = seed_region.municipalities.get(cbs_code="GM0946")
    twice = DossierFactory(municipality=weert)
    for placed_on in (date(2021, 2, 1), date(2021, 5, 1)):  # one resident, two placements
        MatchFactory(dossier=twice, state=Match.State.PLACED, placed_on=placed_on)
    MatchFactory(  # placed in the period and ended since: still a placement of the period
        dossier=DossierFactory(municipality=weert),
        state=Match.State.ENDED,
        placed_on=date(2021, 3, 1),
        ended_on=date(2021, 9, 1),
        end_reason=Match.EndReason.CONTRACT_ENDED,
    )
    MatchFactory(dossier=DossierFactory(municipality=weert), state=Match.State.INTRODUCED)
    MatchFactory(
        dossier=DossierFactory(municipality=weert),
        state=Match.State.PLACED,
        placed_on=date(2021, 7, 1),
    )
    MatchFactory(
        dossier=DossierFactory(municipality=nederweert),
        state=Match.State.PLACED,
        placed_on=date(2021, 6, 30),
    )
    assert kpis.placements([weert.pk, nederweert.pk], H1.start, H1.end) == {
        weert.pk: 2,
        nederweert.pk: 1,
    }
