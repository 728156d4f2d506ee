from datetime import date

import pytest
from django.core.exceptions import ValidationError

from samen.regions.models import PolicySetting
from samen.regions.policies import PolicyDefinition, PolicyRegistry, effective_policies, get_policy


def test_default_applies_until_a_municipality_decides_otherwise(seed_region):
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    assert get_policy(weert, "participation.benefit_reuse_months") == 12
    PolicySetting.objects.create(
        municipality=weert,
        key="participation.benefit_reuse_months",
        value=6,
        valid_from=date(2021, 1, 1),
    )
    assert get_policy(weert, "participation.benefit_reuse_months", on=date(2020, 12, 31)) == 12
    assert get_policy(weert, "participation.benefit_reuse_months", on=date(2021, 1, 1)) == 6
    nederweert = seed_region.municipalities.get(cbs_code="GM0946")
    assert get_policy(nederweert, "participation.benefit_reuse_months", on=date(2021, 6, 1)) == 12


def test_effective_policies_lists_every_declared_choice_with_its_origin(seed_region):
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    setting = PolicySetting.objects.create(
        municipality=weert,
        key="grants.decision_period_weeks",
        value="6",
        valid_from=date(2020, 1, 1),
    )
    rows = {
        definition.key: (value, origin) for definition, value, origin in effective_policies(weert)
    }
    assert rows["grants.decision_period_weeks"] == (6, setting)
    assert rows["participation.benefit_reuse_months"] == (12, None)


@pytest.mark.parametrize(
    "key, value, field",
    [
        ("grants.decision_period_weeks", "acht", "value"),
        ("grants.decision_period_weeks", 0, "value"),
        ("no.such.policy", 1, "key"),
    ],
)
def test_invalid_values_are_refused_with_a_message(seed_region, key, value, field):
    setting = PolicySetting(
        municipality=seed_region.municipalities.first(),
        key=key,
        value=value,
        valid_from=date(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        setting.full_clean()
    assert field in error.value.message_dict


def test_a_policy_cannot_be_declared_twice():
    registry = PolicyRegistry()
    definition = PolicyDefinition(key="x", label="x", kind=int, default=1, help_text="")
    registry.register(definition)
    with pytest.raises(ValueError):
        registry.register(definition)
