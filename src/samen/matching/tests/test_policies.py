"""The weights are one municipality's policy choice (seed 002), declared once."""

from dataclasses import fields
from datetime import date

from samen.matching import policies, scoring
from samen.regions.models import PolicySetting
from samen.regions.policies import registry


def test_every_weight_is_a_declared_policy_with_the_engines_default():
    for field in fields(scoring.Weights):
        definition = registry.get(policies.policy_key(field.name))
        assert float(definition.default) == getattr(scoring.DEFAULT_WEIGHTS, field.name)
    assert policies.policy_key("talent") == "matching.weight_talent"
    assert policies.policy_key("spread") == "matching.spread"


def test_weights_for_a_municipality_follow_its_settings_from_their_date(weert, nederweert):
    PolicySetting.objects.create(
        municipality=weert, key="matching.weight_region", value="0.5", valid_from=date(2024, 1, 1)
    )
    PolicySetting.objects.create(
        municipality=weert, key="matching.learnable_credit", value="-1", valid_from=date(2024, 1, 1)
    )
    assert policies.weights_for(weert, date(2023, 12, 31)) == scoring.DEFAULT_WEIGHTS
    own = policies.weights_for(weert, date(2024, 6, 1))
    assert own.region == 0.5 and own.learnable_credit == 0.0  # negative read as 0
    assert policies.weights_for(nederweert, date(2024, 6, 1)) == scoring.DEFAULT_WEIGHTS


def test_kind_codes_of_model_and_engine_are_the_same():
    from samen.matching.models import WorkOpportunity

    assert tuple(WorkOpportunity.Kind.values) == scoring.KINDS
