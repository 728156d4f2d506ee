"""docs/configuration.md is generated from the settings; these tests keep the two in step."""

import os
import re
import sys
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from samen.conf import utils as conf_utils
from samen.conf.utils import REGISTRY

DOC = Path(settings.BASE_DIR) / "docs" / "configuration.md"
REGENERATE = "python src/manage.py settings_doc --output docs/configuration.md"


def generated() -> str:
    out = StringIO()
    call_command("settings_doc", stdout=out)
    return out.getvalue()


def test_configuration_doc_is_up_to_date():
    assert DOC.exists(), f"{DOC} is missing. Run `{REGENERATE}`."
    assert DOC.read_text(encoding="utf-8") == generated(), (
        f"docs/configuration.md is out of date with the settings. Run `{REGENERATE}`."
    )


def test_every_registered_setting_is_documented():
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", DOC.read_text(encoding="utf-8"), re.M))
    missing = sorted(set(REGISTRY) - documented)
    assert not missing, f"Not in docs/configuration.md: {missing}. Run `{REGENERATE}`."


def test_production_only_settings_are_documented():
    text = generated()
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DB_CONN_MAX_AGE"):
        assert f"| `{name}` |" in text


def test_output_does_not_contain_this_machines_paths():
    assert str(settings.BASE_DIR) not in generated()


def test_generating_leaves_settings_modules_and_registry_alone():
    before_registry = conf_utils.REGISTRY
    before_base = sys.modules.get("samen.conf.base")
    before_env = dict(os.environ)
    generated()
    assert conf_utils.REGISTRY is before_registry
    assert sys.modules.get("samen.conf.base") is before_base
    assert dict(os.environ) == before_env


def test_output_option_writes_the_file(tmp_path):
    target = tmp_path / "configuration.md"
    call_command("settings_doc", output=str(target), stderr=StringIO())
    assert target.read_text(encoding="utf-8") == generated()
